//! Log replication (Raft §5.3). The leader sends each follower the entries after the last one it
//! believes they share, with that entry's index and term. A follower whose log does not hold that
//! entry refuses, and the leader goes back; one whose log conflicts drops its entries from the
//! conflict on (uncommitted ones, from a leader that lost its place) and takes the leader's. An
//! entry of the current term stored on a majority is committed, and with it every earlier entry;
//! committed entries are applied to the state machine in order.

use super::serve::Serving;
use super::{Replica, Role};
use crate::sim::effects::Ctx;
use crate::sim::ids::NodeId;
use crate::sim::systems::raft::event::Event;
use crate::sim::systems::raft::log::{Body, Entry};
use crate::sim::systems::raft::{wire, wrap, Msg, Timer};
use crate::sim::time::SimTime;
use crate::sim::trace::{TraceKind, TruncateReason};

/// Entries one AppendEntries carries at most (DLedger pushes by a byte quota instead).
const MAX_BATCH: usize = 64;

/// What only a leader keeps, per replica by position (its own slot unused).
#[derive(Clone, Debug)]
pub(super) struct Leadership {
    /// The next index to send each follower.
    next: Vec<u64>,
    /// The highest index each follower is known to hold.
    matched: Vec<u64>,
    /// When each follower last answered.
    heard: Vec<SimTime>,
    /// An AppendEntries with entries is on its way (wait for the answer before sending more).
    in_flight: Vec<bool>,
    /// A majority answered within the last heartbeat and a half: the view warns when not.
    pub hears_majority: bool,
    pub serving: Serving,
}

impl Leadership {
    fn new(replicas: usize, next: u64, now: SimTime) -> Leadership {
        Leadership {
            next: vec![next; replicas],
            matched: vec![0; replicas],
            // A new leader gives every follower an election timeout before it counts them gone.
            heard: vec![now; replicas],
            in_flight: vec![false; replicas],
            hears_majority: true,
            serving: Serving::new(now),
        }
    }

    /// Replicas (itself included) heard from within `window_us` of `now`.
    pub fn heard_within(&self, now: SimTime, window_us: u64, me: u8) -> usize {
        let others = self.heard.iter().enumerate().filter(|&(i, &t)| i != usize::from(me) && now.since(t) < window_us);
        1 + others.count()
    }
}

impl Replica {
    fn position(&self, node: NodeId) -> Option<usize> {
        self.replicas.iter().position(|&r| r == node)
    }

    /// A majority voted for it: lead this term. Its first entry is a no-op of the term, whose
    /// commit commits everything before it (a leader may not count replicas for older entries).
    pub(super) fn become_leader(&mut self, ctx: &mut Ctx) {
        self.role = Role::Leader;
        self.leader = Some(ctx.me);
        let votes = self.votes.len() as u8;
        super::election::trace(ctx, Event::LeaderElected { leader: ctx.me, term: self.term(), votes });
        self.lead = Some(Leadership::new(self.replicas.len(), self.disk.last_index() + 1, ctx.now));
        self.disk.append(Entry { term: self.term(), body: Body::Noop });
        self.broadcast(ctx, true);
        ctx.after_ms(self.settings.heartbeat_ms, wrap(Timer::Heartbeat { term: self.term() }));
        self.advance_commit(ctx);
    }

    /// Every heartbeat interval: check the quorum, then send every follower what it lacks (or an
    /// empty AppendEntries), even if an earlier one is unanswered — it may have been lost.
    pub(super) fn on_heartbeat(&mut self, ctx: &mut Ctx, term: u64) {
        if self.role != Role::Leader || term != self.term() || !self.check_quorum(ctx) {
            return;
        }
        self.note_majority(ctx.now);
        self.broadcast(ctx, true);
        ctx.after_ms(self.settings.heartbeat_ms, wrap(Timer::Heartbeat { term }));
    }

    /// Whether a majority answered lately (within a heartbeat and a half): followers answer every
    /// heartbeat at once, so a longer silence means they are gone or cut off.
    fn note_majority(&mut self, now: crate::sim::time::SimTime) {
        let window_us = self.settings.heartbeat_ms.saturating_mul(1_500);
        let majority = self.majority();
        if let Some(l) = self.lead.as_mut() {
            l.hears_majority = l.heard_within(now, window_us, self.index) >= majority;
        }
    }

    /// Send to every follower; `force` even to those with an AppendEntries unanswered.
    pub(super) fn broadcast(&mut self, ctx: &mut Ctx, force: bool) {
        for p in 0..self.replicas.len() {
            if p != usize::from(self.index) {
                self.replicate_to(ctx, p, force);
            }
        }
    }

    fn replicate_to(&mut self, ctx: &mut Ctx, p: usize, force: bool) {
        let Some(l) = self.lead.as_mut() else { return };
        let next = l.next[p];
        if !force && (l.in_flight[p] || next > self.disk.last_index()) {
            return;
        }
        let prev_index = next - 1;
        let prev_term = self.disk.term_at(prev_index).unwrap_or(0);
        let entries = self.disk.entries_from(next, MAX_BATCH);
        l.in_flight[p] = !entries.is_empty();
        let msg = Msg::AppendEntries { term: self.disk.term(), prev_index, prev_term, entries, commit: self.commit };
        ctx.send(self.replicas[p], wire(msg));
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn on_append(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        term: u64,
        prev_index: u64,
        prev_term: u64,
        entries: Vec<Entry>,
        commit: u64,
    ) {
        if term < self.term() {
            // A deposed leader: the later term in the answer makes it step down.
            return ctx.send(from, wire(Msg::AppendReply { term: self.term(), success: false, index: 0 }));
        }
        if term > self.term() {
            self.newer_term(ctx, term);
        }
        if self.role != Role::Follower || self.leader != Some(from) {
            self.become_follower(ctx, Some(from));
        } else {
            self.heard_leader(ctx);
        }
        let term = self.term();
        if prev_index > self.disk.last_index() {
            let index = self.disk.last_index() + 1;
            return ctx.send(from, wire(Msg::AppendReply { term, success: false, index }));
        }
        if self.disk.term_at(prev_index) != Some(prev_term) {
            let index = self.disk.first_of_term_before(prev_index);
            return ctx.send(from, wire(Msg::AppendReply { term, success: false, index }));
        }
        let matched = prev_index + entries.len() as u64;
        for (k, entry) in entries.into_iter().enumerate() {
            let index = prev_index + 1 + k as u64;
            match self.disk.term_at(index) {
                Some(t) if t == entry.term => continue,
                Some(_) => {
                    let removed = self.disk.truncate_from(index);
                    self.trace_lost(ctx, index, &removed, TruncateReason::NewLeader);
                }
                None => {}
            }
            if let Body::Message { msg, .. } = entry.body {
                ctx.trace(TraceKind::CopyStored { node: ctx.me, msg: msg.id, replica: true });
            }
            self.disk.append(entry);
        }
        // What the leader has committed, as far as this log is known to match it.
        if commit.min(matched) > self.commit {
            self.commit = commit.min(matched);
            self.apply_committed(ctx);
        }
        ctx.send(from, wire(Msg::AppendReply { term, success: true, index: matched }));
    }

    pub(super) fn on_append_reply(&mut self, ctx: &mut Ctx, from: NodeId, term: u64, success: bool, index: u64) {
        if term > self.term() {
            return self.newer_term(ctx, term);
        }
        let Some(p) = self.position(from) else { return };
        let Some(l) = self.lead.as_mut().filter(|_| term == self.disk.term()) else { return };
        l.heard[p] = ctx.now;
        l.in_flight[p] = false;
        self.note_majority(ctx.now);
        let Some(l) = self.lead.as_mut() else { return };
        if success {
            l.matched[p] = l.matched[p].max(index);
            l.next[p] = l.next[p].max(index + 1);
            self.advance_commit(ctx);
        } else {
            l.next[p] = index.max(l.matched[p] + 1);
        }
        self.replicate_to(ctx, p, false);
    }

    /// The highest index a majority holds becomes the commit index, if it is of this term.
    pub(super) fn advance_commit(&mut self, ctx: &mut Ctx) {
        let Some(l) = &self.lead else { return };
        // On the stack: this runs for every answer a follower sends.
        let mut held = [0u64; crate::scenario::systems::raft::MAX_REPLICAS as usize];
        let n = l.matched.len().min(held.len());
        held[..n].copy_from_slice(&l.matched[..n]);
        held[usize::from(self.index)] = self.disk.last_index();
        held[..n].sort_unstable_by(|a, b| b.cmp(a));
        let n = held[self.majority() - 1];
        if n > self.commit && self.disk.term_at(n) == Some(self.term()) {
            self.commit = n;
            self.apply_committed(ctx);
            self.answer_committed(ctx);
        }
    }

    /// Apply committed entries in order: consume queues grow, offsets move.
    fn apply_committed(&mut self, ctx: &mut Ctx) {
        let leading = self.role == Role::Leader;
        let mut new_messages = false;
        while self.state.applied < self.commit {
            let index = self.state.applied + 1;
            let Some(entry) = self.disk.entry(index) else { break };
            if leading {
                if let Body::Offsets { group, offsets, auto } = &entry.body {
                    for &(queue, offset) in offsets {
                        let (group, auto) = (*group, *auto);
                        ctx.trace(TraceKind::OffsetCommitted { broker: ctx.me, group, queue, offset, auto });
                    }
                }
            }
            new_messages |= matches!(entry.body, Body::Message { .. });
            self.state.apply(index, entry);
        }
        if leading && new_messages {
            self.wake_held_pulls(ctx);
        }
    }
}
