//! What the Raft queue's nodes send each other: votes, AppendEntries and their answers between
//! replicas; sends, pulls and offset commits between clients and the leader.

use super::log::Entry;
use crate::sim::ids::{GroupId, MsgId, NodeId, QueueKey};
use crate::sim::systems::SystemMsg;
use crate::sim::wire::{Message, MsgKind};
use serde::{Deserialize, Serialize};

/// How a send ended at the replica that received it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendOutcome {
    /// A majority stores it: SEND_OK.
    Committed,
    /// Not committed within `commit_timeout_ms`: FLUSH_SLAVE_TIMEOUT, as RocketMQ on DLedger
    /// answers (DLedger's WAIT_QUORUM_ACK_TIMEOUT).
    CommitTimeout,
    /// This replica does not lead; `leader` is the one it follows, if it knows one.
    NotLeader { leader: Option<NodeId> },
}

/// A message in a pull result, with the consume queue and offset it sits at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pulled {
    pub queue: QueueKey,
    pub queue_offset: u64,
    pub msg: Message,
}

/// What the leader answers to a pull.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PullOutcome {
    /// The queues this consumer owns now, each with where it starts if it is new to it (the
    /// group's committed offset), and the messages found (possibly none, after long polling).
    Found {
        assigned: Vec<(QueueKey, u64)>,
        msgs: Vec<Pulled>,
    },
    NotLeader {
        leader: Option<NodeId>,
    },
}

/// What the Raft queue's nodes send each other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Msg {
    /// A candidate asks for a vote in `term`; its log ends at (`last_index`, `last_term`).
    RequestVote {
        term: u64,
        last_index: u64,
        last_term: u64,
    },
    Vote {
        term: u64,
        granted: bool,
    },
    /// The leader's entries after (`prev_index`, `prev_term`), and how far it has committed.
    /// Without entries it is a heartbeat.
    AppendEntries {
        term: u64,
        prev_index: u64,
        prev_term: u64,
        entries: Vec<Entry>,
        commit: u64,
    },
    /// A follower's answer: on success it holds the leader's log up to `index`; on failure its log
    /// does not match and the leader should go back to `index`.
    AppendReply {
        term: u64,
        success: bool,
        index: u64,
    },
    /// A producer's message, for consume queue `queue` of its topic.
    Send {
        req: u32,
        msg: Message,
        queue: u8,
        oneway: bool,
    },
    SendReply {
        req: u32,
        msg: MsgId,
        outcome: SendOutcome,
    },
    /// A consumer asks for up to `max` messages of its queues, from where it has got to.
    Pull {
        req: u32,
        group: GroupId,
        max: u8,
        auto_ack: bool,
        positions: Vec<(QueueKey, u64)>,
    },
    PullReply {
        req: u32,
        outcome: PullOutcome,
    },
    /// A consumer's acknowledgement: the offsets it has finished, to go through the log.
    CommitOffsets {
        group: GroupId,
        offsets: Vec<(QueueKey, u64)>,
    },
}

impl SystemMsg for Msg {
    fn kind(&self) -> MsgKind {
        match self {
            Msg::RequestVote { .. } | Msg::Vote { .. } => MsgKind::Election,
            Msg::AppendEntries { entries, .. } if entries.is_empty() => MsgKind::Heartbeat,
            Msg::AppendEntries { .. } => MsgKind::Replicate,
            Msg::AppendReply { .. } => MsgKind::ReplicateAck,
            Msg::Send { .. } => MsgKind::Send,
            Msg::SendReply { .. } => MsgKind::SendResult,
            Msg::Pull { .. } => MsgKind::Pull,
            Msg::PullReply { .. } => MsgKind::PullResult,
            Msg::CommitOffsets { .. } => MsgKind::ConsumerAck,
        }
    }

    /// Clients want to hear at once that a replica is down; replicas retry on their own timers.
    fn expects_reply(&self) -> bool {
        matches!(self, Msg::Send { oneway: false, .. } | Msg::Pull { .. })
    }

    fn carried(&self) -> (Option<MsgId>, u16) {
        match self {
            Msg::Send { msg, .. } => (Some(msg.id), 1),
            Msg::SendReply { msg, .. } => (Some(*msg), 1),
            Msg::AppendEntries { entries, .. } => {
                let first = entries.iter().find_map(|e| e.message().map(|m| m.id));
                (first, entries.len().min(usize::from(u16::MAX)) as u16)
            }
            Msg::PullReply { outcome: PullOutcome::Found { msgs, .. }, .. } => {
                (msgs.first().map(|p| p.msg.id), msgs.len().min(usize::from(u16::MAX)) as u16)
            }
            _ => (None, 0),
        }
    }

    fn wait_no(&self) -> Option<u32> {
        match self {
            Msg::Pull { req, .. } | Msg::PullReply { req, .. } => Some(*req),
            _ => None,
        }
    }
}
