//! A replica of the Raft group: follower, candidate or leader. Its disk keeps the term, the vote
//! and the log (`log::Disk`); everything else is memory and a crash forgets it. Sub-modules:
//! `election` (timeouts, votes, stepping down), `replication` (AppendEntries, commit, apply),
//! `serve` (producers' sends, consumers' pulls and offsets), `state` (the applied state machine).

mod election;
mod replication;
mod serve;
mod state;

use super::log::{Body, Disk};
use super::{wrap, Msg, Timer};
use crate::scenario::systems::RaftSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MsgId, NodeId, QueueKey};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::rng::SimRng;
use crate::sim::small_set::SmallSet;
use crate::sim::systems::view::{Badge, ServerView, StripRole, StripView};
use crate::sim::systems::SysMsg;
use crate::sim::time::SimTime;
use crate::sim::topology::Topology;
use crate::sim::trace::{TraceKind, TruncateReason};
use crate::sim::wire::Payload;
use serde::{Deserialize, Serialize};

/// The preferred leader's first election timeout: its peers start at the same instant, so a
/// vote request sent then would find them not yet listening.
const PREFERRED_FIRST_CAMPAIGN_MS: u64 = 10;

/// What a replica is in the current term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Follower,
    Candidate,
    Leader,
}

/// A consumer group as the replicas know it from the scenario.
#[derive(Clone, Debug)]
struct GroupInfo {
    queues: Vec<QueueKey>,
    members: Vec<NodeId>,
}

/// When a follower or candidate next gives up on hearing a leader.
#[derive(Clone, Debug, Default)]
struct ElectionClock {
    /// The election starts at this time unless a leader is heard first.
    deadline: SimTime,
    /// This period's timeout, drawn when the replica became follower or candidate.
    timeout_us: u64,
    timer: Deadline,
}

#[derive(Clone, Debug)]
pub struct Replica {
    /// Position in `replicas` (node1 is 0).
    index: u8,
    replicas: Vec<NodeId>,
    settings: RaftSettings,
    groups: Vec<GroupInfo>,
    rng: SimRng,
    disk: Disk,
    // --- memory ---
    role: Role,
    leader: Option<NodeId>,
    commit: u64,
    state: state::Applied,
    election: ElectionClock,
    votes: SmallSet<NodeId>,
    lead: Option<replication::Leadership>,
    /// Consumers whose connection closed (they are left out of the queue shares until they pull).
    down: SmallSet<NodeId>,
}

impl Replica {
    pub fn new(index: u8, replicas: Vec<NodeId>, settings: RaftSettings, t: &Topology, rng: SimRng) -> Replica {
        let groups = t
            .consumer_groups
            .iter()
            .enumerate()
            .map(|(g, members)| {
                let topic = t.group_topics.get(g).copied().unwrap_or(0);
                GroupInfo { queues: super::queues_of(topic, &settings), members: members.clone() }
            })
            .collect();
        Replica {
            index,
            replicas,
            disk: Disk::new(settings.fsync),
            settings,
            groups,
            rng,
            role: Role::Follower,
            leader: None,
            commit: 0,
            state: state::Applied::default(),
            election: ElectionClock::default(),
            votes: SmallSet::new(),
            lead: None,
            down: SmallSet::new(),
        }
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn term(&self) -> u64 {
        self.disk.term()
    }

    /// The leader this replica follows (itself when it leads).
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }

    pub fn commit_index(&self) -> u64 {
        self.commit
    }

    pub fn last_index(&self) -> u64 {
        self.disk.last_index()
    }

    /// Messages of `queue` the group has not committed, as this replica has applied the log.
    pub fn behind(&self, group: GroupId, queue: QueueKey) -> u64 {
        self.state.behind(group, queue)
    }

    fn majority(&self) -> usize {
        self.replicas.len() / 2 + 1
    }

    /// A start: the first, or a restart that recovers the term, the vote and the log from disk.
    pub fn on_start(&mut self, ctx: &mut Ctx) {
        if !self.settings.fsync {
            ctx.after_ms(self.settings.flush_interval_ms, wrap(Timer::Flush));
        }
        self.become_follower(ctx, None);
        // The preferred leader of a fresh cluster (DLedger preferredLeaderId) campaigns as soon
        // as its peers are up, long before anyone else's timeout: node1 leads first, so "crash
        // the first server" means "crash the leader".
        if self.index == 0 && self.disk.term() == 0 && self.disk.last_index() == 0 {
            self.election.deadline = ctx.now.plus_ms(PREFERRED_FIRST_CAMPAIGN_MS);
            self.election.timer.arm(ctx, self.election.deadline, wrap(Timer::Election));
        }
    }

    /// Memory is gone; so is the page cache, if writes were not synced.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        let (first, lost) = self.disk.crash();
        self.trace_lost(ctx, first, &lost, TruncateReason::Unflushed);
        self.role = Role::Follower;
        self.leader = None;
        self.commit = 0;
        self.state = state::Applied::default();
        self.election = ElectionClock::default();
        self.votes.clear();
        self.lead = None;
        self.down.clear();
    }

    pub fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        let lost = self.disk.lose();
        self.trace_lost(ctx, 1, &lost, TruncateReason::DiskLost);
    }

    /// Entries from index `first` on are gone: the log shrinks, and each message copy is lost.
    fn trace_lost(&self, ctx: &mut Ctx, first: u64, lost: &[super::Entry], reason: TruncateReason) {
        if lost.is_empty() {
            return;
        }
        let (from, to) = (first - 1, first - 1 + lost.len() as u64);
        ctx.trace(TraceKind::LogTruncated { node: ctx.me, from, to, reason });
        for e in lost {
            if let Body::Message { msg, .. } = e.body {
                ctx.trace(TraceKind::CopyLost { node: ctx.me, msg: msg.id, reason });
            }
        }
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        let msg = match payload {
            Payload::System(SysMsg::Raft(m)) => m,
            Payload::PeerDown => return self.peer_down(ctx, from),
            _ => return,
        };
        match msg {
            Msg::RequestVote { term, last_index, last_term } => {
                self.on_request_vote(ctx, from, term, last_index, last_term)
            }
            Msg::Vote { term, granted } => self.on_vote(ctx, from, term, granted),
            Msg::AppendEntries { term, prev_index, prev_term, entries, commit } => {
                self.on_append(ctx, from, term, prev_index, prev_term, entries, commit)
            }
            Msg::AppendReply { term, success, index } => self.on_append_reply(ctx, from, term, success, index),
            Msg::Send { req, msg, queue, oneway } => self.on_send(ctx, from, req, msg, queue, oneway),
            Msg::Pull { req, group, max, auto_ack, positions } => {
                self.on_pull(ctx, from, req, group, max, auto_ack, positions)
            }
            Msg::CommitOffsets { group, offsets } => self.on_commit_offsets(ctx, group, offsets),
            Msg::SendReply { .. } | Msg::PullReply { .. } => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match timer {
            Timer::Election => self.on_election_timer(ctx),
            Timer::Heartbeat { term } => self.on_heartbeat(ctx, term),
            Timer::CommitTimeouts => self.on_commit_timeouts(ctx),
            Timer::HeldPulls => self.on_held_pulls(ctx),
            Timer::Flush => {
                self.disk.flush();
                ctx.after_ms(self.settings.flush_interval_ms, wrap(Timer::Flush));
            }
            _ => {}
        }
    }

    /// A connection closed: a consumer left (its share of the queues goes to the others), or the
    /// leader's machine died (no leader known until an election; Raft itself waits for its timeout).
    fn peer_down(&mut self, ctx: &mut Ctx, from: NodeId) {
        if self.groups.iter().any(|g| g.members.contains(&from)) {
            self.down.insert(from);
            self.forget_consumer(from);
        }
        if self.leader == Some(from) && self.role == Role::Follower {
            self.leader = None;
            let event = super::Event::LeaderLost { node: ctx.me, leader: from };
            ctx.trace(TraceKind::System { event: crate::sim::systems::SysEvent::Raft(event) });
        }
    }

    /// What the page draws: its role, its term, whether it sees a leader, and its log with the
    /// commit index and each group's consumed position.
    pub fn view(&self) -> ServerView {
        let mut badges = vec![match self.role {
            // zh keeps the English role words, as Chinese writing on Raft and Kafka mostly does.
            Role::Leader => Badge::new("leader", "leader"),
            Role::Follower => Badge::new("follower", "follower"),
            Role::Candidate => Badge::new("candidate", "candidate（选举中）"),
        }];
        badges.push(Badge::new(format!("term {}", self.term()), format!("任期 {}", self.term())));
        if self.leader.is_none() {
            badges.push(Badge::alert("no leader", "无 leader"));
        } else if self.lead.as_ref().is_some_and(|l| !l.hears_majority) {
            badges.push(Badge::alert("no majority", "联系不上多数派"));
        }
        let end = self.state.applied + 1;
        let consumed = (0..self.groups.len())
            .map(|g| {
                let group = GroupId(g as u8);
                (group, self.state.first_unconsumed(group, &self.groups[g].queues, end) - 1)
            })
            .collect();
        let strip = StripView {
            label: "log".to_string(),
            role: match self.role {
                Role::Leader => StripRole::Leader,
                Role::Follower => StripRole::Follower,
                Role::Candidate => StripRole::Candidate,
            },
            start: 0,
            end: self.disk.last_index(),
            flushed: (!self.settings.fsync).then_some(self.disk.flushed()),
            committed: Some(self.commit),
            consumed,
        };
        ServerView { badges, strips: vec![strip] }
    }

    /// Whether, leading, it holds pull `req` of `consumer` (long polling).
    pub fn holds(&self, consumer: NodeId, req: u32) -> bool {
        self.lead.as_ref().is_some_and(|l| l.serving.holds(consumer, req))
    }

    /// The message at strip offset `offset` (Raft index `offset + 1`).
    pub fn msg_at(&self, offset: u64) -> Option<MsgId> {
        self.disk.entry(offset + 1)?.message().map(|m| m.id)
    }
}
