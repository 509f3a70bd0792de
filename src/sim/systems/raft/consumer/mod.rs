//! A consumer of the Raft queue: one member of a consumer group. It pulls from the leader, which
//! tells it on every answer which consume queues are its share and where a queue new to it starts
//! (the group's committed offset). It processes one message at a time (`process`), and every
//! `commit_interval_ms` sends the offsets it has finished to the leader, which puts them through
//! the log. A crash loses what was processed since the last commit: it is delivered again.

mod process;

use super::finder::LeaderFinder;
use super::{wire, wrap, Msg, PullOutcome, Pulled, Timer};
use crate::scenario::model::{AckMode, ConsumerGroupSpec};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MessageQueue, NodeId, QueueKey};
use crate::sim::nodes::processing::{Processing, Stores};
use crate::sim::small_map::SmallMap;
use crate::sim::systems::{SysMsg, Waiting};
use crate::sim::time::SimTime;
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Message, Payload};
use std::collections::{BTreeSet, VecDeque};

/// A pull without messages is held this long by the leader (RocketMQ's long polling, 15 s).
pub const LONG_POLL_MS: u64 = 15_000;
/// A pull unanswered for this long is given up (RocketMQ consumerTimeoutMillisWhenSuspend, 30 s).
const PULL_TIMEOUT_MS: u64 = 30_000;
/// After asking every replica without finding a leader, wait this long (RocketMQ's
/// pullTimeDelayMillsWhenException, 3 s).
const PULL_RETRY_MS: u64 = 3_000;

/// A consume queue this member owns.
#[derive(Clone, Debug, Default)]
struct Owned {
    /// Where the next pull starts.
    next: u64,
    /// Delivered and not yet finished offsets (RocketMQ's process queue).
    outstanding: BTreeSet<u64>,
}

/// A delivered message waiting to be processed.
#[derive(Clone, Copy, Debug)]
struct Item {
    queue: QueueKey,
    queue_offset: u64,
    msg: Message,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    group: GroupId,
    spec: ConsumerGroupSpec,
    finder: LeaderFinder,
    next_req: u32,
    owned: SmallMap<QueueKey, Owned>,
    buffer: VecDeque<Item>,
    processing: Processing<Item>,
    /// The pull in flight: its request and where it went.
    pull: Option<(u32, NodeId)>,
    /// When the pull in flight is given up (`PULL_TIMEOUT_MS` after it went), for the page.
    pull_gives_up: SimTime,
    /// A pull is scheduled (a back-off after finding no leader).
    pull_scheduled: bool,
}

impl Consumer {
    pub fn new(group: GroupId, spec: ConsumerGroupSpec, replicas: Vec<NodeId>, stores: Stores) -> Consumer {
        Consumer {
            group,
            processing: Processing::new(group, &spec, stores, |t| wrap(Timer::Process(t))),
            spec,
            finder: LeaderFinder::new(replicas),
            next_req: 0,
            owned: SmallMap::new(),
            buffer: VecDeque::new(),
            pull: None,
            pull_gives_up: SimTime::ZERO,
            pull_scheduled: false,
        }
    }

    /// Messages delivered here and not finished.
    pub fn backlog(&self) -> u64 {
        self.buffer.len() as u64 + u64::from(self.processing.is_busy())
    }

    /// The pull in flight, which waits up to `PULL_TIMEOUT_MS` for the replica it went to.
    pub fn waiting(&self) -> Vec<Waiting> {
        let pull = self.pull.map(|(no, on)| Waiting { on, gives_up_at: Some(self.pull_gives_up), no });
        pull.into_iter().collect()
    }

    pub fn set_processing_ms(&mut self, ms: u64) {
        self.processing.set_processing_ms(ms);
    }

    fn auto_ack(&self) -> bool {
        self.spec.ack == AckMode::Auto
    }

    fn req(&mut self) -> u32 {
        let r = self.next_req;
        self.next_req = self.next_req.wrapping_add(1);
        r
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        ctx.after_ms(self.spec.commit_interval_ms, wrap(Timer::CommitOffsets));
        self.pull(ctx);
    }

    /// Everything here was in memory: queues, buffer, the message being processed.
    pub fn on_crash(&mut self) {
        self.owned.clear();
        self.buffer.clear();
        self.processing.forget();
        // The new process works at the scenario's pace: a `slow_consumer` fault ends with it.
        self.processing.set_processing_ms(self.spec.processing_ms);
        self.pull = None;
        self.pull_scheduled = false;
        self.finder.reset();
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match timer {
            Timer::Pull => {
                self.pull_scheduled = false;
                self.pull(ctx);
            }
            Timer::PullTimeout { req } => {
                if let Some((_, to)) = self.pull.filter(|(r, _)| *r == req) {
                    self.pull = None;
                    self.finder.unreachable(to);
                    self.pull_later_or_now(ctx);
                }
            }
            Timer::CommitOffsets => {
                self.commit_offsets(ctx);
                ctx.after_ms(self.spec.commit_interval_ms, wrap(Timer::CommitOffsets));
            }
            Timer::Process(t) => self.on_process_timer(ctx, t),
            _ => {}
        }
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match payload {
            Payload::System(SysMsg::Raft(Msg::PullReply { req, outcome })) => {
                self.on_pull_reply(ctx, from, req, outcome)
            }
            Payload::Undeliverable { original } => {
                if let Payload::System(SysMsg::Raft(Msg::Pull { req, .. })) = *original {
                    self.pull_failed(ctx, from, |(r, _)| r == req);
                }
            }
            Payload::PeerDown => self.pull_failed(ctx, from, |(_, to)| to == from),
            Payload::RedisReply { req, set } => self.on_claim_reply(ctx, req, set),
            Payload::DbReply { req, .. } => self.on_db_reply(ctx, req),
            _ => {}
        }
    }

    /// Ask the leader for more, unless a pull is under way or enough messages wait here
    /// (pullThresholdForQueue, counted over the whole buffer).
    fn pull(&mut self, ctx: &mut Ctx) {
        if self.pull.is_some() || self.pull_scheduled || self.buffer.len() >= self.spec.pull_threshold as usize {
            return;
        }
        let Some(to) = self.finder.target() else { return };
        let req = self.req();
        let positions = self.owned.iter().map(|(&q, o)| (q, o.next)).collect();
        let pull =
            Msg::Pull { req, group: self.group, max: self.spec.pull_batch, auto_ack: self.auto_ack(), positions };
        ctx.send(to, wire(pull));
        self.pull = Some((req, to));
        self.pull_gives_up = ctx.now.plus_ms(PULL_TIMEOUT_MS);
        ctx.after_ms(PULL_TIMEOUT_MS, wrap(Timer::PullTimeout { req }));
    }

    /// The pull in flight (if `is_it`) cannot be answered: `node` is down.
    fn pull_failed(&mut self, ctx: &mut Ctx, node: NodeId, is_it: impl Fn((u32, NodeId)) -> bool) {
        if self.pull.is_some_and(is_it) {
            self.pull = None;
            self.finder.unreachable(node);
            self.pull_later_or_now(ctx);
        }
    }

    /// Try the next replica at once, or wait after a whole round without a leader.
    fn pull_later_or_now(&mut self, ctx: &mut Ctx) {
        if self.finder.exhausted() {
            self.pull_scheduled = true;
            ctx.after_ms(PULL_RETRY_MS, wrap(Timer::Pull));
        } else {
            self.pull(ctx);
        }
    }

    fn on_pull_reply(&mut self, ctx: &mut Ctx, from: NodeId, req: u32, outcome: PullOutcome) {
        if self.pull.is_none_or(|(r, _)| r != req) {
            return;
        }
        self.pull = None;
        match outcome {
            PullOutcome::NotLeader { leader } => {
                self.finder.not_leader(from, leader);
                self.pull_later_or_now(ctx);
            }
            PullOutcome::Found { assigned, msgs } => {
                self.finder.found(from);
                self.take_assignment(ctx, from, &assigned);
                self.take_messages(ctx, from, msgs);
                self.process_next(ctx);
                self.pull(ctx);
            }
        }
    }

    /// The leader's share of the queues for this member: give up the queues no longer ours
    /// (committing their offsets first, as RocketMQ does) and start new ones where the group is.
    fn take_assignment(&mut self, ctx: &mut Ctx, leader: NodeId, assigned: &[(QueueKey, u64)]) {
        let gone: Vec<QueueKey> =
            self.owned.keys().copied().filter(|q| !assigned.iter().any(|(a, _)| a == q)).collect();
        if !gone.is_empty() {
            let offsets = gone.iter().filter_map(|q| Some((*q, self.ack_offset(self.owned.get(q)?)))).collect();
            ctx.send(leader, wire(Msg::CommitOffsets { group: self.group, offsets }));
            for q in &gone {
                self.owned.remove(q);
            }
            let (group, me) = (self.group, ctx.me);
            self.buffer.retain(|b| {
                let keep = !gone.contains(&b.queue);
                if !keep {
                    ctx.trace(TraceKind::DeliveryAbandoned { consumer: me, group, msg: b.msg.id });
                }
                keep
            });
        }
        for &(q, start) in assigned {
            self.owned.entry(q).or_insert_with(|| Owned { next: start, outstanding: BTreeSet::new() });
        }
    }

    fn take_messages(&mut self, ctx: &mut Ctx, from: NodeId, msgs: Vec<Pulled>) {
        for p in msgs {
            let Some(o) = self.owned.get_mut(&p.queue) else { continue };
            if p.queue_offset < o.next {
                continue;
            }
            o.next = p.queue_offset + 1;
            o.outstanding.insert(p.queue_offset);
            let item = Item { queue: p.queue, queue_offset: p.queue_offset, msg: p.msg };
            self.buffer.push_back(item);
            let mq = MessageQueue { broker_group: 0, queue: p.queue };
            ctx.trace(TraceKind::Delivered {
                consumer: ctx.me,
                group: self.group,
                msg: p.msg.id,
                mq,
                queue_offset: p.queue_offset,
                from,
                reconsume: 0,
            });
        }
    }

    /// The offset to commit for a queue: with manual ack the lowest unfinished one (or everything
    /// pulled); with auto ack everything delivered, as the leader already counted it.
    fn ack_offset(&self, o: &Owned) -> u64 {
        if self.auto_ack() {
            return o.next;
        }
        o.outstanding.first().copied().unwrap_or(o.next)
    }

    /// Send the finished offsets to the replica believed to lead (RocketMQ pushes them every 5 s
    /// whatever changed; the leader logs only what moved).
    fn commit_offsets(&mut self, ctx: &mut Ctx) {
        if self.owned.is_empty() {
            return;
        }
        let Some(to) = self.finder.target() else { return };
        let offsets = self.owned.iter().map(|(&q, o)| (q, self.ack_offset(o))).collect();
        ctx.send(to, wire(Msg::CommitOffsets { group: self.group, offsets }));
    }
}
