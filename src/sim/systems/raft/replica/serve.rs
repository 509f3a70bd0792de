//! What the leader does for clients. A send is appended to the log and answered once committed
//! (SEND_OK), or with FLUSH_SLAVE_TIMEOUT after `commit_timeout_ms`. A pull gets the consumer's
//! share of the group's consume queues (AllocateMessageQueueAveragely over the members the leader
//! believes alive) and the committed messages from where the consumer has got to; with nothing to
//! read it is held (long polling). Offset commits become log entries, so every replica learns them.
//! A replica that does not lead answers "not the leader", naming the leader it follows.

use super::{Replica, Role};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MsgId, NodeId, QueueKey};
use crate::sim::nodes::consumer::allocate_averagely;
use crate::sim::nodes::deadline::Deadline;
use crate::sim::small_map::SmallMap;
use crate::sim::systems::raft::consumer::LONG_POLL_MS;
use crate::sim::systems::raft::log::{Body, Entry};
use crate::sim::systems::raft::{wire, wrap, Msg, PullOutcome, Pulled, SendOutcome, Timer};
use crate::sim::time::SimTime;
use crate::sim::trace::TraceKind;
use crate::sim::wire::Message;
use std::collections::BTreeMap;

/// A consumer silent for this long loses its share of the queues (RocketMQ's channel expiry,
/// 120 s). A crash is noticed at once, by the closed connection.
const CONSUMER_EXPIRY_MS: u64 = 120_000;

/// A send waiting for its entry to commit.
#[derive(Clone, Copy, Debug)]
struct Pending {
    client: NodeId,
    req: u32,
    msg: MsgId,
    deadline: SimTime,
}

/// A pull held until messages arrive or its long-polling time ends.
#[derive(Clone, Debug)]
struct Held {
    consumer: NodeId,
    req: u32,
    group: GroupId,
    max: u8,
    auto_ack: bool,
    positions: Vec<(QueueKey, u64)>,
    deadline: SimTime,
}

/// The leader's dealings with clients (forgotten when it stops leading).
#[derive(Clone, Debug)]
pub(super) struct Serving {
    /// By log index.
    pending: BTreeMap<u64, Pending>,
    commit_deadline: Deadline,
    held: Vec<Held>,
    held_deadline: Deadline,
    /// When each consumer last pulled from this leader.
    last_seen: SmallMap<NodeId, SimTime>,
    /// Offsets this leader put in the log, committed or not (so a pull never starts behind them).
    logged: SmallMap<(GroupId, QueueKey), u64>,
    /// The leadership's start: consumers not heard from yet count as heard then.
    since: SimTime,
}

impl Serving {
    pub fn holds(&self, consumer: NodeId, req: u32) -> bool {
        self.held.iter().any(|h| h.consumer == consumer && h.req == req)
    }

    pub fn new(now: SimTime) -> Serving {
        Serving {
            pending: BTreeMap::new(),
            commit_deadline: Deadline::default(),
            held: Vec::new(),
            held_deadline: Deadline::default(),
            last_seen: SmallMap::new(),
            logged: SmallMap::new(),
            since: now,
        }
    }
}

impl Replica {
    fn serving(&mut self) -> Option<&mut Serving> {
        self.lead.as_mut().map(|l| &mut l.serving)
    }

    pub(super) fn on_send(&mut self, ctx: &mut Ctx, from: NodeId, req: u32, msg: Message, queue: u8, oneway: bool) {
        if self.role != Role::Leader {
            if !oneway {
                let outcome = SendOutcome::NotLeader { leader: self.leader };
                ctx.send(from, wire(Msg::SendReply { req, msg: msg.id, outcome }));
            }
            return;
        }
        let index = self.disk.append(Entry { term: self.term(), body: Body::Message { msg, queue } });
        ctx.trace(TraceKind::CopyStored { node: ctx.me, msg: msg.id, replica: false });
        if !oneway {
            let deadline = ctx.now.plus_ms(self.settings.commit_timeout_ms);
            if let Some(s) = self.serving() {
                s.pending.insert(index, Pending { client: from, req, msg: msg.id, deadline });
                s.commit_deadline.arm(ctx, deadline, wrap(Timer::CommitTimeouts));
            }
        }
        self.broadcast(ctx, false);
        self.advance_commit(ctx);
    }

    /// SEND_OK for every send whose entry is now committed.
    pub(super) fn answer_committed(&mut self, ctx: &mut Ctx) {
        let commit = self.commit;
        let Some(s) = self.serving() else { return };
        let later = s.pending.split_off(&(commit + 1));
        for p in std::mem::replace(&mut s.pending, later).into_values() {
            let reply = Msg::SendReply { req: p.req, msg: p.msg, outcome: SendOutcome::Committed };
            ctx.send(p.client, wire(reply));
        }
    }

    /// Sends not committed in time are answered FLUSH_SLAVE_TIMEOUT; their entries stay.
    pub(super) fn on_commit_timeouts(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let Some(s) = self.serving() else { return };
        if !s.commit_deadline.fired(now) {
            return;
        }
        let due: Vec<u64> = s.pending.iter().filter(|(_, p)| p.deadline <= now).map(|(&i, _)| i).collect();
        for i in due {
            if let Some(p) = s.pending.remove(&i) {
                let reply = Msg::SendReply { req: p.req, msg: p.msg, outcome: SendOutcome::CommitTimeout };
                ctx.send(p.client, wire(reply));
            }
        }
        let next = s.pending.values().map(|p| p.deadline);
        s.commit_deadline.arm_earliest(ctx, next, wrap(Timer::CommitTimeouts));
    }

    /// No longer leading: whoever waits is told to go to `leader`. The entries stay in the log;
    /// the next leader may commit them, so a send answered here may still be delivered.
    pub(super) fn end_leadership(&mut self, ctx: &mut Ctx, leader: Option<NodeId>) {
        let Some(l) = self.lead.take() else { return };
        for p in l.serving.pending.into_values() {
            let reply = Msg::SendReply { req: p.req, msg: p.msg, outcome: SendOutcome::NotLeader { leader } };
            ctx.send(p.client, wire(reply));
        }
        for h in l.serving.held {
            ctx.send(h.consumer, wire(Msg::PullReply { req: h.req, outcome: PullOutcome::NotLeader { leader } }));
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn on_pull(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        req: u32,
        group: GroupId,
        max: u8,
        auto_ack: bool,
        positions: Vec<(QueueKey, u64)>,
    ) {
        if self.role != Role::Leader {
            let outcome = PullOutcome::NotLeader { leader: self.leader };
            return ctx.send(from, wire(Msg::PullReply { req, outcome }));
        }
        if usize::from(group.0) >= self.groups.len() {
            return;
        }
        self.down.remove(&from);
        let now = ctx.now;
        let deadline = now.plus_ms(LONG_POLL_MS);
        let held = Held { consumer: from, req, group, max, auto_ack, positions, deadline };
        if let Some(s) = self.serving() {
            s.last_seen.insert(from, now);
        }
        if !self.try_answer(ctx, &held, false) {
            if let Some(s) = self.serving() {
                s.held.push(held);
                s.held_deadline.arm(ctx, deadline, wrap(Timer::HeldPulls));
            }
        }
    }

    /// New messages were committed: answer the held pulls that now find some.
    pub(super) fn wake_held_pulls(&mut self, ctx: &mut Ctx) {
        let Some(held) = self.serving().map(|s| std::mem::take(&mut s.held)) else { return };
        let waiting: Vec<Held> = held.into_iter().filter(|h| !self.try_answer(ctx, h, false)).collect();
        if let Some(s) = self.serving() {
            s.held = waiting;
        }
    }

    /// Held pulls whose time is up are answered with nothing.
    pub(super) fn on_held_pulls(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let Some(s) = self.serving() else { return };
        if !s.held_deadline.fired(now) {
            return;
        }
        let (due, waiting): (Vec<Held>, Vec<Held>) =
            std::mem::take(&mut s.held).into_iter().partition(|h| h.deadline <= now);
        s.held = waiting;
        for h in &due {
            self.try_answer(ctx, h, true);
        }
        if let Some(s) = self.serving() {
            let next = s.held.iter().map(|h| h.deadline);
            s.held_deadline.arm_earliest(ctx, next, wrap(Timer::HeldPulls));
        }
    }

    /// A consumer's connection closed: its held pull goes, and it no longer counts as a member.
    pub(super) fn forget_consumer(&mut self, consumer: NodeId) {
        if let Some(s) = self.serving() {
            s.held.retain(|h| h.consumer != consumer);
            s.last_seen.remove(&consumer);
        }
    }

    /// Where the group stands on `q`: the latest offset this leader logged, or the applied one.
    fn group_offset(&self, group: GroupId, q: QueueKey) -> u64 {
        let logged = self.lead.as_ref().and_then(|l| l.serving.logged.get(&(group, q)).copied());
        logged.unwrap_or_else(|| self.state.offset(group, q))
    }

    fn member_alive(&self, m: NodeId, now: SimTime) -> bool {
        let Some(s) = self.lead.as_ref().map(|l| &l.serving) else { return false };
        let seen = s.last_seen.get(&m).copied().unwrap_or(s.since);
        !self.down.contains(&m) && now.since(seen) < CONSUMER_EXPIRY_MS * 1_000
    }

    /// The queues of its group that `consumer` owns now.
    fn assignment(&self, group: GroupId, consumer: NodeId, now: SimTime) -> Vec<QueueKey> {
        let info = &self.groups[usize::from(group.0)];
        let alive: Vec<NodeId> =
            info.members.iter().copied().filter(|&m| m == consumer || self.member_alive(m, now)).collect();
        allocate_averagely(&info.queues, &alive, &consumer)
    }

    /// Answer a pull if it finds messages (or `always`). Messages are taken from the consumer's
    /// queues in turn, up to the pull's batch size.
    fn try_answer(&mut self, ctx: &mut Ctx, h: &Held, always: bool) -> bool {
        let assigned = self.assignment(h.group, h.consumer, ctx.now);
        let starts: Vec<(QueueKey, u64)> = assigned.iter().map(|&q| (q, self.group_offset(h.group, q))).collect();
        let mut cursors: Vec<(QueueKey, u64)> = starts
            .iter()
            .map(|&(q, start)| (q, h.positions.iter().find(|(p, _)| *p == q).map_or(start, |&(_, o)| o)))
            .collect();
        let mut msgs = Vec::new();
        let mut progress = true;
        while progress && msgs.len() < usize::from(h.max) {
            progress = false;
            for (q, at) in cursors.iter_mut() {
                if msgs.len() >= usize::from(h.max) {
                    break;
                }
                let Some(index) = self.state.log_index(*q, *at) else { continue };
                if let Some(&msg) = self.disk.entry(index).and_then(Entry::message) {
                    msgs.push(Pulled { queue: *q, queue_offset: *at, msg });
                }
                *at += 1;
                progress = true;
            }
        }
        if msgs.is_empty() && !always {
            return false;
        }
        if h.auto_ack && !msgs.is_empty() {
            self.auto_ack(ctx, h.group, &msgs, cursors);
        }
        let outcome = PullOutcome::Found { assigned: starts, msgs };
        ctx.send(h.consumer, wire(Msg::PullReply { req: h.req, outcome }));
        true
    }

    /// Auto ack: the leader counts the messages consumed as it hands them out, and logs the moved
    /// offsets at once.
    fn auto_ack(&mut self, ctx: &mut Ctx, group: GroupId, msgs: &[Pulled], cursors: Vec<(QueueKey, u64)>) {
        for p in msgs {
            ctx.trace(TraceKind::AutoAcked { broker: ctx.me, group, msg: p.msg.id });
        }
        let moved: Vec<(QueueKey, u64)> = cursors
            .into_iter()
            .filter(|&(q, o)| msgs.iter().any(|p| p.queue == q) && o != self.group_offset(group, q))
            .collect();
        self.log_offsets(ctx, group, moved, true);
    }

    /// A consumer's acknowledgement: log the offsets that moved.
    pub(super) fn on_commit_offsets(&mut self, ctx: &mut Ctx, group: GroupId, offsets: Vec<(QueueKey, u64)>) {
        if self.role != Role::Leader || usize::from(group.0) >= self.groups.len() {
            return;
        }
        let queues = &self.groups[usize::from(group.0)].queues;
        let moved: Vec<(QueueKey, u64)> =
            offsets.into_iter().filter(|&(q, o)| queues.contains(&q) && o != self.group_offset(group, q)).collect();
        self.log_offsets(ctx, group, moved, false);
    }

    fn log_offsets(&mut self, ctx: &mut Ctx, group: GroupId, offsets: Vec<(QueueKey, u64)>, auto: bool) {
        if offsets.is_empty() {
            return;
        }
        if let Some(s) = self.serving() {
            for &(q, o) in &offsets {
                s.logged.insert((group, q), o);
            }
        }
        self.disk.append(Entry { term: self.term(), body: Body::Offsets { group, offsets, auto } });
        self.broadcast(ctx, false);
        self.advance_commit(ctx);
    }
}
