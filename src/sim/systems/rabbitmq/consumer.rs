//! A consumer: one member of a consumer group, subscribed (basic.consume) to its group's queue,
//! competing with the other members for its messages. The node pushes deliveries; the consumer
//! processes them one at a time for `processing_ms`, applies the side effect (with the group's
//! dedup: Redis SETNX first, or the DB unique key with the effect), then acks (manual ack). A
//! failure nacks (requeue per `requeue_on_nack`). With auto ack there is nothing to send: the
//! node forgot the message when it sent it, so a failure or a crash loses it.
//!
//! When the connection is lost, a manual-ack consumer drops the deliveries it has not started
//! (the node requeues them) and finishes the one in hand, whose ack can no longer be sent; an
//! auto-ack consumer keeps its buffer, which only it still has.

use super::event::Event;
use super::link::{Link, LinkEvent};
use super::wire::{Msg, Subscribe};
use super::{send, timer, Timer};
use crate::scenario::model::{AckMode, ConsumerGroupSpec, Dedup};
use crate::scenario::systems::RabbitSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MessageQueue, NodeId, QueueKey};
use crate::sim::nodes::dedup_store;
use crate::sim::rng::SimRng;
use crate::sim::systems::{SysEvent, SysMsg};
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Message, Payload};
use std::collections::VecDeque;

/// A delivery waiting to be (or being) processed.
#[derive(Clone, Copy, Debug)]
struct Delivery {
    conn: u32,
    tag: u64,
    msg: Message,
}

/// Where the message in hand is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Waiting for Redis SETNX.
    Claiming,
    /// The business logic runs.
    Working,
    /// Waiting for the DB transaction (dedup key + side effect).
    Committing,
}

#[derive(Clone, Copy, Debug)]
struct InHand {
    item: Delivery,
    stage: Stage,
    req: u32,
}

/// The shared stores a group may dedup against.
#[derive(Clone, Copy, Debug)]
pub struct Stores {
    pub db: Option<NodeId>,
    pub redis: Option<NodeId>,
    pub call_timeout_ms: u64,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    group: GroupId,
    topic: u8,
    spec: ConsumerGroupSpec,
    requeue_on_nack: bool,
    stores: Stores,
    rng: SimRng,
    link: Link,
    processing_ms: u64,
    next_req: u32,
    buffer: VecDeque<Delivery>,
    busy: Option<InHand>,
}

impl Consumer {
    pub fn new(
        group: GroupId,
        spec: ConsumerGroupSpec,
        topic: u8,
        r: &RabbitSettings,
        server: NodeId,
        stores: Stores,
        rng: SimRng,
    ) -> Self {
        let auto_ack = spec.ack == AckMode::Auto;
        let sub = Subscribe { queue: topic, prefetch: r.prefetch, auto_ack };
        Consumer {
            group,
            topic,
            processing_ms: spec.processing_ms,
            spec,
            requeue_on_nack: r.requeue_on_nack,
            stores,
            rng,
            link: Link::new(server, Some(sub), r.heartbeat_ms, r.recovery_interval_ms),
            next_req: 0,
            buffer: VecDeque::new(),
            busy: None,
        }
    }

    /// Messages delivered and not finished.
    pub fn backlog(&self) -> usize {
        self.buffer.len() + usize::from(self.busy.is_some())
    }

    pub fn set_processing_ms(&mut self, ms: u64) {
        self.processing_ms = ms;
    }

    fn auto_ack(&self) -> bool {
        self.spec.ack == AckMode::Auto
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        self.link.start(ctx);
    }

    /// Everything is in memory: deliveries, the message in hand, the connection.
    pub fn on_crash(&mut self) {
        self.link.forget();
        self.buffer.clear();
        self.busy = None;
        self.processing_ms = self.spec.processing_ms;
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self.link.on_message(ctx, from, &payload) {
            LinkEvent::Lost => return self.connection_lost(),
            LinkEvent::NotMine => {}
            _ => return,
        }
        match payload {
            Payload::System(SysMsg::Rabbitmq(Msg::Deliver { conn, tag, msg, redelivered, offset })) => {
                self.on_deliver(ctx, Delivery { conn, tag, msg }, redelivered, offset)
            }
            Payload::RedisReply { req, set } => self.on_claim_reply(ctx, req, set),
            Payload::DbReply { req, .. } => {
                // The DB traced the effect (or the rejected duplicate) when it committed.
                if let Some(item) = self.in_hand(req, Stage::Committing) {
                    self.done(ctx, item);
                }
            }
            Payload::Undeliverable { original } => {
                if let Payload::RedisSetNx { req, .. } | Payload::DbInsert { req, .. } = *original {
                    self.on_call_timeout(ctx, req);
                }
            }
            Payload::PeerDown => {
                // The store the message in hand waits for died: processing fails.
                let waiting = self.busy.filter(|p| match p.stage {
                    Stage::Claiming => self.stores.redis == Some(from),
                    Stage::Committing => self.stores.db == Some(from),
                    Stage::Working => false,
                });
                if let Some(p) = waiting {
                    self.on_call_timeout(ctx, p.req);
                }
            }
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        if let Some(event) = self.link.on_timer(ctx, t) {
            if event == LinkEvent::Lost {
                self.connection_lost();
            }
            return;
        }
        match t {
            Timer::ProcessDone { req } => self.on_process_done(ctx, req),
            Timer::CallTimeout { req } => self.on_call_timeout(ctx, req),
            _ => {}
        }
    }

    fn connection_lost(&mut self) {
        if !self.auto_ack() {
            self.buffer.clear();
        }
    }

    fn on_deliver(&mut self, ctx: &mut Ctx, item: Delivery, redelivered: bool, offset: u64) {
        if self.link.conn() != Some(item.conn) {
            return;
        }
        let (me, group, msg) = (ctx.me, self.group, item.msg.id);
        let mq = MessageQueue { broker_group: 0, queue: QueueKey::named(self.topic, 0) };
        let from = self.link.server();
        let reconsume = item.msg.reconsume_times;
        ctx.trace(TraceKind::Delivered { consumer: me, group, msg, mq, queue_offset: offset, from, reconsume });
        if redelivered {
            ctx.trace(TraceKind::System { event: SysEvent::Rabbitmq(Event::GotRedelivered { consumer: me, msg }) });
        }
        self.buffer.push_back(item);
        self.process_next(ctx);
    }

    fn req(&mut self) -> u32 {
        self.next_req = self.next_req.wrapping_add(1);
        self.next_req
    }

    /// Start on the next delivery if idle: claim it in Redis first if the group dedups there.
    fn process_next(&mut self, ctx: &mut Ctx) {
        if self.busy.is_some() {
            return;
        }
        let Some(item) = self.buffer.pop_front() else { return };
        let req = self.req();
        match (self.spec.dedup, self.stores.redis) {
            (Dedup::RedisSetnx { key, ttl_ms }, Some(redis)) => {
                self.busy = Some(InHand { item, stage: Stage::Claiming, req });
                ctx.send(redis, dedup_store::claim(req, self.group, key, item.msg.id, ttl_ms));
                ctx.after_ms(self.stores.call_timeout_ms, timer(Timer::CallTimeout { req }));
            }
            _ => self.work(ctx, item, req),
        }
    }

    fn work(&mut self, ctx: &mut Ctx, item: Delivery, req: u32) {
        self.busy = Some(InHand { item, stage: Stage::Working, req });
        ctx.after_ms(self.processing_ms, timer(Timer::ProcessDone { req }));
    }

    fn in_hand(&self, req: u32, stage: Stage) -> Option<Delivery> {
        self.busy.filter(|p| p.req == req && p.stage == stage).map(|p| p.item)
    }

    fn on_claim_reply(&mut self, ctx: &mut Ctx, req: u32, set: bool) {
        let Some(item) = self.in_hand(req, Stage::Claiming) else { return };
        if set {
            return self.work(ctx, item, req);
        }
        let store = self.stores.redis.unwrap_or(ctx.me);
        ctx.trace(TraceKind::DedupSkipped { consumer: ctx.me, group: self.group, msg: item.msg.id, store });
        self.done(ctx, item);
    }

    fn on_process_done(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(item) = self.in_hand(req, Stage::Working) else { return };
        let poison = self.spec.poison_every > 0 && (item.msg.id.key.seq + 1).is_multiple_of(self.spec.poison_every);
        if poison || self.rng.chance_ppm(self.spec.failure_ppm) {
            if let (Dedup::RedisSetnx { key, .. }, Some(redis)) = (self.spec.dedup, self.stores.redis) {
                // Release the claim, so that the redelivery is not skipped.
                ctx.send(redis, Payload::RedisDel { group: self.group, key: dedup_store::dedup_key(key, item.msg.id) });
            }
            return self.failed(ctx, item);
        }
        match (self.spec.dedup, self.stores.db) {
            (Dedup::DbUniqueKey { key }, Some(db)) => {
                self.busy = Some(InHand { item, stage: Stage::Committing, req });
                let mq = MessageQueue { broker_group: 0, queue: QueueKey::named(self.topic, 0) };
                let (group, msg) = (self.group, item.msg.id);
                ctx.send(db, dedup_store::insert(req, group, key, msg, mq));
                ctx.after_ms(self.stores.call_timeout_ms, timer(Timer::CallTimeout { req }));
            }
            _ => {
                let (consumer, group, msg) = (ctx.me, self.group, item.msg.id);
                ctx.trace(TraceKind::EffectApplied { consumer, group, msg, by: consumer });
                self.done(ctx, item);
            }
        }
    }

    /// A Redis or DB call failed or went unanswered: processing failed.
    fn on_call_timeout(&mut self, ctx: &mut Ctx, req: u32) {
        if let Some(p) = self.busy.filter(|p| p.req == req && p.stage != Stage::Working) {
            self.failed(ctx, p.item);
        }
    }

    /// Processing failed: basic.nack (manual ack). With auto ack the message is already gone.
    fn failed(&mut self, ctx: &mut Ctx, item: Delivery) {
        let (consumer, group, msg) = (ctx.me, self.group, item.msg.id);
        ctx.trace(TraceKind::ConsumeFailed { consumer, group, msg, reconsume: item.msg.reconsume_times });
        if !self.auto_ack() && self.link.conn() == Some(item.conn) {
            let requeue = self.requeue_on_nack;
            send(ctx, self.link.server(), Msg::Nack { conn: item.conn, tag: item.tag, msg, requeue });
        }
        self.busy = None;
        self.process_next(ctx);
    }

    /// Processed (or recognised as done): basic.ack, if the channel it came on is still open.
    fn done(&mut self, ctx: &mut Ctx, item: Delivery) {
        if !self.auto_ack() {
            let msg = item.msg.id;
            if self.link.conn() == Some(item.conn) {
                send(ctx, self.link.server(), Msg::Ack { conn: item.conn, tag: item.tag, msg });
            } else {
                let event = Event::AckLost { consumer: ctx.me, msg };
                ctx.trace(TraceKind::System { event: SysEvent::Rabbitmq(event) });
            }
        }
        self.busy = None;
        self.process_next(ctx);
    }
}
