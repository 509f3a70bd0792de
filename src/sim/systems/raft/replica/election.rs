//! Leader election (Raft §5.2, §5.4.1). A follower that hears no leader for its election timeout
//! (drawn at random from the replica's own stream, so two followers rarely campaign together)
//! becomes a candidate: it moves to the next term, votes for itself, and asks the others. A replica
//! grants one vote per term, and only to a candidate whose log is at least as up to date as its
//! own, so a leader always holds every committed entry. A majority of votes makes a leader.

use super::{Replica, Role};
use crate::sim::effects::Ctx;
use crate::sim::ids::NodeId;
use crate::sim::systems::raft::event::{Event, StepDownReason};
use crate::sim::systems::raft::{wire, wrap, Msg, Timer};
use crate::sim::systems::SysEvent;
use crate::sim::trace::TraceKind;

pub(super) fn trace(ctx: &mut Ctx, event: Event) {
    ctx.trace(TraceKind::System { event: SysEvent::Raft(event) });
}

impl Replica {
    /// A fresh election timeout from this replica's random stream.
    fn draw_timeout_us(&mut self) -> u64 {
        let (min, max) = (self.settings.election_timeout_min_ms, self.settings.election_timeout_max_ms);
        let spread_us = max.saturating_sub(min).saturating_mul(1_000);
        min.saturating_mul(1_000).saturating_add(self.rng.below(spread_us.saturating_add(1)))
    }

    /// Start a new timeout period: the election comes at the deadline unless a leader is heard.
    fn restart_clock(&mut self, ctx: &mut Ctx) {
        self.election.timeout_us = self.draw_timeout_us();
        self.heard_leader(ctx);
    }

    /// The leader (or a candidate we voted for) was heard: push the election back.
    pub(super) fn heard_leader(&mut self, ctx: &mut Ctx) {
        self.election.deadline = ctx.now.plus_us(self.election.timeout_us);
        self.election.timer.arm(ctx, self.election.deadline, wrap(Timer::Election));
    }

    /// Follow `leader` (None: none known yet) in the current term. A leader stepping down gives up
    /// what it was waiting on.
    pub(super) fn become_follower(&mut self, ctx: &mut Ctx, leader: Option<NodeId>) {
        if self.role == Role::Leader {
            self.end_leadership(ctx, leader);
        }
        self.role = Role::Follower;
        self.leader = leader;
        self.votes.clear();
        self.restart_clock(ctx);
    }

    /// A message carried a later term: this replica is behind and follows (it may not know whom).
    pub(super) fn newer_term(&mut self, ctx: &mut Ctx, term: u64) {
        if self.role == Role::Leader {
            let event = Event::SteppedDown { node: ctx.me, term: self.term(), reason: StepDownReason::HigherTerm };
            trace(ctx, event);
        }
        self.disk.set_term(term);
        self.become_follower(ctx, None);
    }

    pub(super) fn on_election_timer(&mut self, ctx: &mut Ctx) {
        if !self.election.timer.fired(ctx.now) || self.role == Role::Leader {
            return;
        }
        if ctx.now < self.election.deadline {
            self.election.timer.arm(ctx, self.election.deadline, wrap(Timer::Election));
            return;
        }
        if self.role == Role::Candidate {
            let (votes, replicas) = (self.votes.len() as u8, self.replicas.len() as u8);
            trace(ctx, Event::ElectionFailed { node: ctx.me, term: self.term(), votes, replicas });
        }
        self.start_election(ctx);
    }

    /// Become a candidate in the next term, vote for itself and ask every other replica.
    pub(super) fn start_election(&mut self, ctx: &mut Ctx) {
        let term = self.term() + 1;
        self.disk.set_term(term);
        self.disk.vote(ctx.me);
        self.role = Role::Candidate;
        self.leader = None;
        self.votes = std::iter::once(ctx.me).collect();
        self.restart_clock(ctx);
        trace(ctx, Event::ElectionStarted { node: ctx.me, term });
        let (last_index, last_term) = (self.disk.last_index(), self.disk.last_term());
        let me = ctx.me;
        for &peer in self.replicas.iter().filter(|&&r| r != me) {
            ctx.send(peer, wire(Msg::RequestVote { term, last_index, last_term }));
        }
        self.count_votes(ctx);
    }

    pub(super) fn on_request_vote(&mut self, ctx: &mut Ctx, from: NodeId, term: u64, last_index: u64, last_term: u64) {
        if term > self.term() {
            self.newer_term(ctx, term);
        }
        let free = self.disk.voted_for().is_none_or(|v| v == from);
        let granted = term == self.term() && free && self.disk.candidate_up_to_date(last_index, last_term);
        if granted {
            self.disk.vote(from);
            self.heard_leader(ctx);
        }
        ctx.send(from, wire(Msg::Vote { term: self.term(), granted }));
    }

    pub(super) fn on_vote(&mut self, ctx: &mut Ctx, from: NodeId, term: u64, granted: bool) {
        if term > self.term() {
            return self.newer_term(ctx, term);
        }
        if self.role == Role::Candidate && term == self.term() && granted {
            self.votes.insert(from);
            self.count_votes(ctx);
        }
    }

    fn count_votes(&mut self, ctx: &mut Ctx) {
        if self.role == Role::Candidate && self.votes.len() >= self.majority() {
            self.become_leader(ctx);
        }
    }

    /// Check quorum at every heartbeat (DLedger's leader does the same): a leader that heard from
    /// no majority for an election timeout cannot commit, so it steps down and the queue is
    /// visibly without a leader rather than silently stuck.
    pub(super) fn check_quorum(&mut self, ctx: &mut Ctx) -> bool {
        let window_us = self.settings.election_timeout_min_ms.saturating_mul(1_000);
        let heard = self.lead.as_ref().map_or(0, |l| l.heard_within(ctx.now, window_us, self.index));
        if heard >= self.majority() {
            return true;
        }
        let event = Event::SteppedDown { node: ctx.me, term: self.term(), reason: StepDownReason::LostMajority };
        trace(ctx, event);
        self.become_follower(ctx, None);
        false
    }
}
