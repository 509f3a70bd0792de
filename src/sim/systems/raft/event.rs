//! What the trace records of the Raft queue's elections: a replica becoming a candidate, a leader
//! elected, an election without a majority (the queue has no leader), a leader stepping down, and
//! a replica losing its connection to the leader.

use crate::i18n::Lang;
use crate::sim::ids::{MsgKey, NodeId};
use crate::sim::topology::Topology;
use serde::{Deserialize, Serialize};

/// Why a leader stopped leading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepDownReason {
    /// It saw a later term: another replica has been elected (or is campaigning).
    HigherTerm,
    /// It heard from no majority for an election timeout: it cannot commit anything.
    LostMajority,
}

/// A trace event only the Raft queue has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// Its election timeout ran out (or, for the preferred leader of a fresh cluster, it started):
    /// it became a candidate in `term` and asked the others for their votes.
    ElectionStarted {
        node: NodeId,
        term: u64,
    },
    /// A majority voted for it: it leads `term`.
    LeaderElected {
        leader: NodeId,
        term: u64,
        votes: u8,
    },
    /// Its election timed out without a majority: no leader, so nothing can be written or read.
    ElectionFailed {
        node: NodeId,
        term: u64,
        votes: u8,
        replicas: u8,
    },
    SteppedDown {
        node: NodeId,
        term: u64,
        reason: StepDownReason,
    },
    /// Its connection to the leader closed: it knows of no leader until an election.
    LeaderLost {
        node: NodeId,
        leader: NodeId,
    },
}

impl Event {
    /// The business message the event is about: none, elections are about the cluster.
    pub fn message(&self) -> Option<MsgKey> {
        None
    }

    /// The event as the inspector and the lifecycle list show it.
    pub fn describe(&self, topo: &Topology, lang: Lang) -> String {
        let n = |id: NodeId| topo.name(id).to_string();
        match *self {
            Event::ElectionStarted { node, term } => lang.pick(
                format!("{} heard no leader and became a candidate for term {term}", n(node)),
                format!("{} 没有收到 leader 的心跳，成为任期 {term} 的 candidate 并请求投票", n(node)),
            ),
            Event::LeaderElected { leader, term, votes } => lang.pick(
                format!("{} was elected leader of term {term} with {votes} votes", n(leader)),
                format!("{} 获得 {votes} 票，当选任期 {term} 的 leader", n(leader)),
            ),
            Event::ElectionFailed { node, term, votes, replicas } => lang.pick(
                format!(
                    "{} got {votes} of {replicas} votes for term {term}: no majority, so no leader — the queue \
                     accepts and delivers nothing",
                    n(node)
                ),
                format!(
                    "{} 在任期 {term} 只得到 {replicas} 票中的 {votes} 票：没有多数派，也就没有 leader——队列无法写入也无法消费",
                    n(node)
                ),
            ),
            Event::SteppedDown { node, term, reason: StepDownReason::HigherTerm } => lang.pick(
                format!("{} stepped down as leader of term {term}: it saw a later term", n(node)),
                format!("{} 发现了更新的任期，不再担任任期 {term} 的 leader", n(node)),
            ),
            Event::SteppedDown { node, term, reason: StepDownReason::LostMajority } => lang.pick(
                format!(
                    "{} stepped down as leader of term {term}: it heard from no majority, so it could commit nothing",
                    n(node)
                ),
                format!("{} 联系不上多数派，无法提交任何消息，于是不再担任任期 {term} 的 leader", n(node)),
            ),
            Event::LeaderLost { node, leader } => lang.pick(
                format!("{} lost its connection to leader {}: no leader known until an election", n(node), n(leader)),
                format!("{} 与 leader {} 的连接断开：在选出新 leader 之前不知道谁是 leader", n(node), n(leader)),
            ),
        }
    }
}
