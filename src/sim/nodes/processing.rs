//! How a consumer processes one delivered message, the same in every system: claim it in Redis
//! (SETNX) if the group dedups there, run the business logic for `processing_ms`, then apply the
//! side effect — locally, or in the DB together with the unique dedup key. Each consumer keeps
//! what its system does around this: where messages come from, how one is acknowledged, and what
//! a failure means there (a send-back, a nack, a retry, an abandoned item).

use super::{dedup_store, Timer};
use crate::scenario::model::{ConsumerGroupSpec, Dedup};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MessageQueue, MsgId, NodeId};
use crate::sim::rng::SimRng;
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;

/// The timers processing sets; each system carries them in its own timer enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessTimer {
    /// The business logic of the message in hand finished.
    Worked { req: u32 },
    /// A call to the DB or Redis went unanswered.
    CallTimeout { req: u32 },
}

/// The dedup stores of the scenario, if it has them, and how long a call to them may take.
#[derive(Clone, Copy, Debug)]
pub struct Stores {
    pub db: Option<NodeId>,
    pub redis: Option<NodeId>,
    pub call_timeout_ms: u64,
}

/// Where the message in hand is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Waiting for Redis SETNX.
    Claiming,
    /// The business logic runs.
    Working,
    /// Waiting for the DB transaction (insert the dedup key + apply the side effect).
    Committing,
}

#[derive(Clone, Copy, Debug)]
struct InHand<T> {
    item: T,
    msg: MsgId,
    /// The queue the DB records with the dedup key.
    queue: MessageQueue,
    step: Step,
    /// One request number for the claim, the work and the commit: a timer or an answer for an
    /// earlier one finds nothing.
    req: u32,
}

/// What became of the message in hand after a timer.
#[derive(Clone, Copy, Debug)]
pub enum Outcome<T> {
    /// Done with: the side effect took place (the DB traces its own when it commits).
    Done(T),
    /// The business logic failed (a Redis claim is released, so that the retry is not skipped).
    Failed(T),
    /// The DB or Redis did not answer in time.
    CallFailed(T),
}

/// One consumer's processing: at most one message in hand, of the consumer's own item type `T`.
#[derive(Clone, Debug)]
pub struct Processing<T> {
    group: GroupId,
    dedup: Dedup,
    stores: Stores,
    poison_every: u32,
    failure_ppm: u32,
    processing_ms: u64,
    /// The consumer's system's timer for one of ours.
    timer: fn(ProcessTimer) -> Timer,
    in_hand: Option<InHand<T>>,
}

impl<T: Copy> Processing<T> {
    pub fn new(group: GroupId, spec: &ConsumerGroupSpec, stores: Stores, timer: fn(ProcessTimer) -> Timer) -> Self {
        Processing {
            group,
            dedup: spec.dedup,
            stores,
            poison_every: spec.poison_every,
            failure_ppm: spec.failure_ppm,
            processing_ms: spec.processing_ms,
            timer,
            in_hand: None,
        }
    }

    /// Time per message (the `slow_consumer` fault changes it).
    pub fn processing_ms(&self) -> u64 {
        self.processing_ms
    }

    pub fn set_processing_ms(&mut self, ms: u64) {
        self.processing_ms = ms;
    }

    /// A message is in hand.
    pub fn is_busy(&self) -> bool {
        self.in_hand.is_some()
    }

    pub fn in_hand(&self) -> Option<&T> {
        self.in_hand.as_ref().map(|h| &h.item)
    }

    /// A crash: the message in hand is forgotten.
    pub fn forget(&mut self) {
        self.in_hand = None;
    }

    /// The message in hand is of request `req`.
    pub fn holds(&self, req: u32) -> bool {
        self.in_hand.is_some_and(|h| h.req == req)
    }

    /// The call to a store in flight, if any: its request and the store.
    pub fn call_in_flight(&self) -> Option<(u32, NodeId)> {
        let h = self.in_hand.as_ref()?;
        let store = match h.step {
            Step::Claiming => self.stores.redis,
            Step::Committing => self.stores.db,
            Step::Working => None,
        };
        Some((h.req, store?))
    }

    /// Take `item` in hand (nothing may be in hand): claim it first if the group dedups in Redis.
    pub fn start(&mut self, ctx: &mut Ctx, req: u32, item: T, msg: MsgId, queue: MessageQueue) {
        match (self.dedup, self.stores.redis) {
            (Dedup::RedisSetnx { key, ttl_ms }, Some(redis)) => {
                self.in_hand = Some(InHand { item, msg, queue, step: Step::Claiming, req });
                ctx.send(redis, dedup_store::claim(req, self.group, key, msg, ttl_ms));
                ctx.after_ms(self.stores.call_timeout_ms, (self.timer)(ProcessTimer::CallTimeout { req }));
            }
            _ => self.work(ctx, InHand { item, msg, queue, step: Step::Working, req }),
        }
    }

    fn work(&mut self, ctx: &mut Ctx, hand: InHand<T>) {
        let req = hand.req;
        self.in_hand = Some(InHand { step: Step::Working, ..hand });
        ctx.after_ms(self.processing_ms, (self.timer)(ProcessTimer::Worked { req }));
    }

    /// The message in hand, if it is at `step` of request `req`.
    fn at(&self, req: u32, step: Step) -> Option<InHand<T>> {
        self.in_hand.filter(|h| h.req == req && h.step == step)
    }

    /// Redis answered SETNX: claimed, the work starts; already claimed, the message is done with
    /// (returned) without a side effect.
    pub fn on_claim_reply(&mut self, ctx: &mut Ctx, req: u32, set: bool) -> Option<T> {
        let hand = self.at(req, Step::Claiming)?;
        if set {
            self.work(ctx, hand);
            return None;
        }
        let store = self.stores.redis.unwrap_or(ctx.me);
        ctx.trace(TraceKind::DedupSkipped { consumer: ctx.me, group: self.group, msg: hand.msg, store });
        self.in_hand = None;
        Some(hand.item)
    }

    /// The DB committed; it traced the effect (or the rejected duplicate) itself. The message is
    /// done with (returned).
    pub fn on_db_reply(&mut self, req: u32) -> Option<T> {
        let hand = self.at(req, Step::Committing)?;
        self.in_hand = None;
        Some(hand.item)
    }

    /// One of our timers fired. `rng`: the consumer's random source if its business logic may
    /// fail (poison messages, `failure_ppm`); None where it always succeeds.
    pub fn on_timer(&mut self, ctx: &mut Ctx, t: ProcessTimer, rng: Option<&mut SimRng>) -> Option<Outcome<T>> {
        match t {
            ProcessTimer::Worked { req } => self.on_worked(ctx, req, rng),
            ProcessTimer::CallTimeout { req } => self.call_failed(req).map(Outcome::CallFailed),
        }
    }

    /// The call to a store of request `req` failed or timed out: the message in hand is returned.
    /// A timer for an earlier call of the same request counts too (the claim's fires while the
    /// commit waits).
    pub fn call_failed(&mut self, req: u32) -> Option<T> {
        let hand = self.in_hand.filter(|h| h.req == req && h.step != Step::Working)?;
        self.in_hand = None;
        Some(hand.item)
    }

    fn on_worked(&mut self, ctx: &mut Ctx, req: u32, rng: Option<&mut SimRng>) -> Option<Outcome<T>> {
        let hand = self.at(req, Step::Working)?;
        if rng.is_some_and(|rng| self.fails(rng, hand.msg)) {
            if let (Dedup::RedisSetnx { key, .. }, Some(redis)) = (self.dedup, self.stores.redis) {
                let key = dedup_store::dedup_key(key, hand.msg);
                ctx.send(redis, Payload::RedisDel { group: self.group, key });
            }
            self.in_hand = None;
            return Some(Outcome::Failed(hand.item));
        }
        match (self.dedup, self.stores.db) {
            (Dedup::DbUniqueKey { key }, Some(db)) => {
                self.in_hand = Some(InHand { step: Step::Committing, ..hand });
                ctx.send(db, dedup_store::insert(req, self.group, key, hand.msg, hand.queue));
                ctx.after_ms(self.stores.call_timeout_ms, (self.timer)(ProcessTimer::CallTimeout { req }));
                None
            }
            _ => {
                let consumer = ctx.me;
                ctx.trace(TraceKind::EffectApplied { consumer, group: self.group, msg: hand.msg, by: consumer });
                self.in_hand = None;
                Some(Outcome::Done(hand.item))
            }
        }
    }

    /// Whether the business logic fails this time: a poison message always does (and draws no
    /// random number).
    fn fails(&self, rng: &mut SimRng, msg: MsgId) -> bool {
        let poison = self.poison_every > 0 && (msg.key.seq + 1).is_multiple_of(self.poison_every);
        poison || rng.chance_ppm(self.failure_ppm)
    }
}
