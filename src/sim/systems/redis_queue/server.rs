//! The Redis server holding the queues. It runs one command at a time, as Redis does: LPUSH and
//! ZADD from producers, BRPOP or BRPOPLPUSH from consumers (a pop on an empty list blocks, and the
//! longest-waiting client gets the next item), LREM acks, and the recovery and mover scripts the
//! consumers run. It knows which clients are connected (CLIENT LIST): the recovery job uses that to
//! tell a dead consumer's items from a busy one's.

use super::dataset::{Op, Outcome};
use super::event::{Event, RequeueReason};
use super::store::Store;
use super::view::Strip;
use super::{wrap, Msg, Popped, Timer};
use crate::scenario::systems::redis_queue::{Persistence, RedisQueueSettings};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MsgId, NodeId};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::small_map::SmallMap;
use crate::sim::small_set::SmallSet;
use crate::sim::systems::SysEvent;
use crate::sim::time::SimTime;
use crate::sim::trace::{TraceKind, TruncateReason};
use crate::sim::wire::{Message, Payload};

/// `appendfsync everysec`.
const FSYNC_EVERY_MS: u64 = 1_000;
/// serverCron runs at `hz 10`: the save points are checked every 100 ms.
const CRON_EVERY_MS: u64 = 100;

/// A consumer blocked in BRPOP or BRPOPLPUSH on an empty list.
#[derive(Clone, Copy, Debug)]
struct Blocked {
    client: NodeId,
    req: u32,
    topic: u8,
    /// BRPOPLPUSH (reliable mode) rather than BRPOP.
    claim: bool,
    deadline: Option<SimTime>,
}

/// A consumer of the queues: its name, its group (for the checker's auto ack) and its topic.
#[derive(Clone, Debug)]
pub struct ClientInfo {
    pub name: String,
    pub group: GroupId,
    pub topic: u8,
}

#[derive(Clone, Debug)]
pub struct Server {
    pub(super) settings: RedisQueueSettings,
    pub(super) store: Store,
    /// Topic names, by index: the lists' keys.
    pub(super) topics: Vec<String>,
    /// Every consumer of the scenario.
    pub(super) consumers: SmallMap<NodeId, ClientInfo>,
    /// Clients with an open connection (what CLIENT LIST shows).
    connected: SmallSet<NodeId>,
    /// In the order they blocked: Redis serves the longest-waiting client first.
    blocked: Vec<Blocked>,
    block_deadline: Deadline,
    /// Items taken off each strip so far: where the view's strips start. Kept across a crash,
    /// like a counter on a dashboard.
    pub(super) taken: SmallMap<Strip, u64>,
    /// Copies a restart will bring back (popped after the last save), traced when it loads.
    coming_back: Vec<MsgId>,
    starts: u32,
}

impl Server {
    pub fn new(settings: RedisQueueSettings, topics: Vec<String>, consumers: SmallMap<NodeId, ClientInfo>) -> Server {
        Server {
            store: Store::new(settings.persistence),
            settings,
            topics,
            consumers,
            connected: SmallSet::new(),
            blocked: Vec::new(),
            block_deadline: Deadline::default(),
            taken: SmallMap::new(),
            coming_back: Vec::new(),
            starts: 0,
        }
    }

    /// Whether blocking pop `req` of `client` waits here for an item.
    pub fn holds(&self, client: NodeId, req: u32) -> bool {
        self.blocked.iter().any(|b| b.client == client && b.req == req)
    }

    /// Clients waiting in a blocking pop.
    pub fn blocked_clients(&self) -> usize {
        self.blocked.len()
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        self.store.load(ctx.now);
        if self.starts > 0 {
            let items = self.store.mem.ids().count() as u64;
            event(ctx, Event::Loaded { server: ctx.me, items });
            for msg in std::mem::take(&mut self.coming_back) {
                event(ctx, Event::Reappeared { server: ctx.me, msg });
            }
        }
        self.starts += 1;
        match self.settings.persistence {
            Persistence::AofEverysec => ctx.after_ms(FSYNC_EVERY_MS, wrap(Timer::Fsync)),
            Persistence::Rdb => ctx.after_ms(CRON_EVERY_MS, wrap(Timer::Cron)),
            Persistence::None | Persistence::AofAlways => {}
        }
    }

    /// The machine dies: memory, connections and blocked clients go; what the disk had stays.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        let loss = self.store.crash();
        let reason = match self.settings.persistence {
            Persistence::None => TruncateReason::NotPersistent,
            _ => TruncateReason::Unflushed,
        };
        for msg in loss.lost {
            ctx.trace(TraceKind::CopyLost { node: ctx.me, msg, reason });
        }
        self.coming_back = loss.back;
        self.connected.clear();
        self.blocked.clear();
        self.block_deadline.reset();
    }

    pub fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        self.coming_back.clear();
        for msg in self.store.lose_disk() {
            ctx.trace(TraceKind::CopyLost { node: ctx.me, msg, reason: TruncateReason::DiskLost });
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match timer {
            Timer::Fsync => {
                self.store.fsync();
                ctx.after_ms(FSYNC_EVERY_MS, wrap(Timer::Fsync));
            }
            Timer::Cron => {
                if self.store.cron(ctx.now) {
                    let items = self.store.mem.ids().count() as u64;
                    event(ctx, Event::Snapshot { server: ctx.me, items });
                }
                ctx.after_ms(CRON_EVERY_MS, wrap(Timer::Cron));
            }
            Timer::BlockTimeouts => self.expire_blocked(ctx),
            _ => {}
        }
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        let m = match payload {
            Payload::System(crate::sim::systems::SysMsg::RedisQueue(m)) => m,
            Payload::PeerDown => {
                // The client's connection closed: it leaves CLIENT LIST and stops blocking.
                self.connected.remove(&from);
                self.blocked.retain(|b| b.client != from);
                return;
            }
            _ => return,
        };
        self.connected.insert(from);
        match m {
            Msg::Lpush { req, msg, oneway } => {
                self.store.write(Op::Push { msg });
                ctx.trace(TraceKind::CopyStored { node: ctx.me, msg: msg.id, replica: false });
                self.reply_pushed(ctx, from, req, msg.id, oneway);
                self.serve(ctx, msg.topic);
            }
            Msg::Zadd { req, msg, due, oneway } => {
                if self.store.write(Op::Schedule { msg, due }) == Outcome::Added(true) {
                    ctx.trace(TraceKind::CopyStored { node: ctx.me, msg: msg.id, replica: false });
                    event(ctx, Event::Scheduled { server: ctx.me, msg: msg.id, due });
                }
                self.reply_pushed(ctx, from, req, msg.id, oneway);
            }
            Msg::Brpop { req, topic, timeout_ms } => self.pop(ctx, from, req, topic, timeout_ms, false),
            Msg::Brpoplpush { req, topic, timeout_ms } => self.pop(ctx, from, req, topic, timeout_ms, true),
            Msg::Lrem { msg } => {
                let removed = self.store.write(Op::Ack { consumer: from, msg }) != Outcome::Nothing;
                if removed {
                    self.take(Strip::Processing(from));
                }
                event(ctx, Event::Acked { server: ctx.me, consumer: from, msg, removed });
            }
            Msg::Recover { own } => self.recover(ctx, from, own),
            Msg::MoveDue { topic } => self.move_due(ctx, topic),
            Msg::Pushed { .. } | Msg::Popped { .. } => {}
        }
    }

    fn reply_pushed(&self, ctx: &mut Ctx, to: NodeId, req: u32, msg: MsgId, oneway: bool) {
        if !oneway {
            ctx.send(to, super::payload(Msg::Pushed { req, msg }));
        }
    }

    /// BRPOP / BRPOPLPUSH: answer at once if the list has an item, else block.
    fn pop(&mut self, ctx: &mut Ctx, client: NodeId, req: u32, topic: u8, timeout_ms: u64, claim: bool) {
        // A client blocks on one command at a time: a new one replaces what it was waiting for.
        self.blocked.retain(|b| b.client != client);
        if self.store.mem.list_len(topic) > 0 {
            self.hand_out(ctx, Blocked { client, req, topic, claim, deadline: None });
            return;
        }
        let deadline = (timeout_ms > 0).then(|| ctx.now.plus_ms(timeout_ms));
        self.blocked.push(Blocked { client, req, topic, claim, deadline });
        if let Some(at) = deadline {
            self.block_deadline.arm(ctx, at, wrap(Timer::BlockTimeouts));
        }
    }

    /// Give the next item of its list to a waiting client.
    fn hand_out(&mut self, ctx: &mut Ctx, b: Blocked) {
        let op = match b.claim {
            true => Op::Claim { topic: b.topic, consumer: b.client, since: ctx.now },
            false => Op::Pop { topic: b.topic },
        };
        let Outcome::Took(msg) = self.store.write(op) else {
            return;
        };
        let position = self.take(Strip::List(b.topic));
        if b.claim {
            event(ctx, Event::Claimed { server: ctx.me, consumer: b.client, msg: msg.id });
        } else {
            // BRPOP: Redis forgets the item as it answers. Whatever happens to the consumer now,
            // this delivery is the only one there will be.
            let group = self.consumers.get(&b.client).map_or(GroupId(0), |c| c.group);
            ctx.trace(TraceKind::AutoAcked { broker: ctx.me, group, msg: msg.id });
        }
        ctx.send(b.client, super::payload(Msg::Popped { req: b.req, item: Some(Popped { msg, position }) }));
    }

    /// Count an item taken off a strip; its position there.
    fn take(&mut self, strip: Strip) -> u64 {
        let n = self.taken.entry(strip).or_default();
        *n += 1;
        *n - 1
    }

    /// Items arrived on `topic`'s list: serve the clients blocked on it, longest-waiting first.
    fn serve(&mut self, ctx: &mut Ctx, topic: u8) {
        while self.store.mem.list_len(topic) > 0 {
            let Some(i) = self.blocked.iter().position(|b| b.topic == topic) else { return };
            let b = self.blocked.remove(i);
            self.hand_out(ctx, b);
        }
    }

    /// Blocking pops whose timeout passed are answered nil.
    fn expire_blocked(&mut self, ctx: &mut Ctx) {
        if !self.block_deadline.fired(ctx.now) {
            return;
        }
        let now = ctx.now;
        let (done, waiting): (Vec<Blocked>, Vec<Blocked>) =
            self.blocked.iter().partition(|b| b.deadline.is_some_and(|d| d <= now));
        self.blocked = waiting;
        for b in done {
            ctx.send(b.client, super::payload(Msg::Popped { req: b.req, item: None }));
        }
        let deadlines = self.blocked.iter().filter_map(|b| b.deadline);
        self.block_deadline.arm_earliest(ctx, deadlines, wrap(Timer::BlockTimeouts));
    }

    /// The recovery script: push back to their lists the items held longer than the visibility
    /// timeout, and every item of a consumer that is not connected. `own`: the asking consumer
    /// has just restarted, and everything in its own processing list is a leftover.
    fn recover(&mut self, ctx: &mut Ctx, asking: NodeId, own: bool) {
        let timeout_us = self.settings.visibility_timeout_ms.saturating_mul(1_000);
        let mut back: Vec<(NodeId, Message, RequeueReason)> = Vec::new();
        for (consumer, list) in self.store.mem.processing() {
            let why = match () {
                _ if own => (consumer == asking).then_some(RequeueReason::ConsumerRestarted),
                _ if !self.connected.contains(&consumer) => Some(RequeueReason::ConsumerGone),
                _ => None,
            };
            for h in list {
                let timed_out = !own && ctx.now.since(h.since) >= timeout_us;
                if let Some(why) = why.or(timed_out.then_some(RequeueReason::Timeout)) {
                    back.push((consumer, h.entry.msg, why));
                }
            }
        }
        let mut topics = SmallSet::new();
        for (consumer, msg, why) in back {
            if self.store.write(Op::Requeue { consumer, msg: msg.id }) == Outcome::Nothing {
                continue;
            }
            self.take(Strip::Processing(consumer));
            // Back at the end BRPOP takes from: the list's start moves one back.
            let start = self.taken.entry(Strip::List(msg.topic)).or_default();
            *start = start.saturating_sub(1);
            event(ctx, Event::Requeued { server: ctx.me, consumer, msg: msg.id, why });
            topics.insert(msg.topic);
        }
        for topic in topics {
            self.serve(ctx, topic);
        }
    }

    /// The mover script: ZRANGEBYSCORE delayed -inf now, then ZREM and LPUSH each, atomically.
    fn move_due(&mut self, ctx: &mut Ctx, topic: u8) {
        let now = ctx.now;
        let due: Vec<(SimTime, MsgId)> =
            self.store.mem.delayed(topic).take_while(|(d, _)| *d <= now).map(|(d, e)| (d, e.msg.id)).collect();
        for (at, msg) in due {
            if self.store.write(Op::Due { topic, msg }) != Outcome::Nothing {
                self.take(Strip::Delayed(topic));
                event(ctx, Event::MovedDue { server: ctx.me, msg, due: at });
            }
        }
        self.serve(ctx, topic);
    }

    /// Items of `topic` still to be consumed: in the list, held in processing lists, or delayed.
    pub fn backlog(&self, topic: u8) -> u64 {
        let mem = &self.store.mem;
        let held = mem.processing().flat_map(|(_, l)| l.iter()).filter(|h| h.entry.msg.topic == topic).count();
        (mem.list_len(topic) + held + mem.delayed(topic).count()) as u64
    }
}

fn event(ctx: &mut Ctx, e: Event) {
    ctx.trace(TraceKind::System { event: SysEvent::RedisQueue(e) });
}
