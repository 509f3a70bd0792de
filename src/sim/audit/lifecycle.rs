//! What the checker remembers of each business message: where it was acknowledged, every copy a
//! broker stored (and whether a crash destroyed it), and per consumer group every delivery, side
//! effect, dedup skip, failure and dead-lettering. The inspector shows this; anomalies are judged on it.

use crate::sim::ids::{MessageQueue, MsgId, MsgKey, NodeId, QueueKey};
use crate::sim::rocket_events::{RollbackReason, TxDecision, TxMode};
use crate::sim::time::SimTime;
use crate::sim::trace::{DropReason, SendFailure};
use crate::sim::wire::SendStatus;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyLoss {
    /// Not yet on disk when the machine crashed: in the page cache, not flushed (or, on Redis, in
    /// no RDB snapshot yet, or in the AOF but not fsynced; `i18n::explain` words it by persistence).
    Unflushed,
    DiskLost,
    /// A slave dropped it to match its restarted master, which had lost it.
    TruncatedToMaster,
    /// A replica dropped it: the newly elected leader did not have it.
    TruncatedToLeader,
    /// Kept in memory only (a transient message or a non-durable queue) when the broker restarted.
    NotPersistent,
}

impl CopyLoss {
    /// How a copy was lost, from the reason the trace gives.
    pub fn from_reason(r: crate::sim::trace::TruncateReason) -> CopyLoss {
        use crate::sim::trace::TruncateReason as R;
        match r {
            R::Unflushed => CopyLoss::Unflushed,
            R::MasterRestarted => CopyLoss::TruncatedToMaster,
            R::NewLeader => CopyLoss::TruncatedToLeader,
            R::NotPersistent => CopyLoss::NotPersistent,
            R::DiskLost => CopyLoss::DiskLost,
        }
    }
}

/// One stored copy of the message on one broker.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct StoredCopy {
    pub node: NodeId,
    pub msg: MsgId,
    pub log_offset: u64,
    /// Its queue and position in that queue (a RocketMQ copy; other systems' copies have none).
    pub queue: Option<(QueueKey, u64)>,
    /// The consumer groups (bit `g` for group `g`) that had already read this queue position of
    /// the master when the copy was written there: a master that lost its unflushed tail in a
    /// crash gives the same positions to new messages, which a group already past them skips.
    pub read_past: u8,
    pub at: SimTime,
    pub on_slave: bool,
    pub lost: Option<(SimTime, CopyLoss)>,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Delivery {
    pub at: SimTime,
    pub consumer: NodeId,
    pub msg: MsgId,
    pub mq: MessageQueue,
    pub queue_offset: u64,
    pub from: NodeId,
    pub reconsume: u8,
    /// The broker had already moved the group's offset past it when handing it out (auto ack).
    pub auto_acked: bool,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Applied {
    pub at: SimTime,
    pub consumer: NodeId,
    pub msg: MsgId,
    /// Where the side effect happened: the consumer itself or the DB.
    pub by: NodeId,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Skipped {
    pub at: SimTime,
    pub consumer: NodeId,
    pub msg: MsgId,
    pub store: NodeId,
}

/// The message as one consumer group saw it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GroupLife {
    /// The group subscribes to the message's topic: only then is it expected to process it.
    pub subscribed: bool,
    pub deliveries: Vec<Delivery>,
    pub effects: Vec<Applied>,
    pub skips: Vec<Skipped>,
    pub failures: Vec<SimTime>,
    pub dead_lettered: Option<SimTime>,
    pub redis_claims: Vec<(SimTime, MsgId)>,
    pub redis_expired: Vec<SimTime>,
    pub abandoned: Vec<(SimTime, NodeId)>,
}

impl GroupLife {
    /// Processed: the side effect happened at least once.
    pub fn processed(&self) -> bool {
        !self.effects.is_empty()
    }

    /// Nothing more will be done with it by this group: processed or in the DLQ (or not its topic).
    pub fn settled(&self) -> bool {
        !self.subscribed || self.processed() || self.dead_lettered.is_some()
    }
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Ack {
    pub at: SimTime,
    pub msg: MsgId,
    pub broker: NodeId,
}

/// Everything known about one business message.
#[derive(Clone, Debug, Serialize)]
pub struct MessageLife {
    pub key: MsgKey,
    pub producer: NodeId,
    pub born_at: SimTime,
    /// A reliable producer wrote it to its message table: it promised to deliver it.
    pub accepted: Option<SimTime>,
    /// First SEND_OK.
    pub acked: Option<Ack>,
    pub not_ok: Vec<(SimTime, MsgId, NodeId, SendStatus)>,
    pub send_failures: Vec<(SimTime, MsgId, SendFailure)>,
    pub resends: Vec<(SimTime, MsgId)>,
    pub gave_up: Option<SimTime>,
    /// The last send of it that the network lost on the way from its producer, and why: without
    /// a confirm to wait for, nothing tells the producer.
    pub send_dropped: Option<(SimTime, NodeId, DropReason)>,
    pub copies: Vec<StoredCopy>,
    pub groups: Vec<GroupLife>,
    /// Its local transaction and half message, for a producer with `transaction`.
    pub tx: Option<Box<TxLife>>,
    /// What servers and clients did with it that only one system or feature has (a requeue, a
    /// move to a processing list, a transaction's commit): the inspector lists them in time order.
    pub notes: Vec<(SimTime, Note)>,
}

/// An event about the message from another system (`sim::systems`), a transaction or an orderly
/// consumer, kept as the trace recorded it.
#[derive(Clone, Debug, Serialize)]
pub enum Note {
    System(crate::sim::systems::SysEvent),
    Tx(crate::sim::rocket_events::TxEvent),
    Order(crate::sim::rocket_events::OrderEvent),
}

/// A transactional message's story: its local transaction, its half message and how it ended.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TxLife {
    pub mode: Option<TxMode>,
    /// Sent as a half message.
    pub half: bool,
    /// The first half copy on a master.
    pub half_stored: Option<(SimTime, NodeId)>,
    /// The half's SEND_OK.
    pub half_acked: Option<SimTime>,
    pub local_begun: Option<SimTime>,
    pub committed: Option<SimTime>,
    pub rolled_back: Option<(SimTime, RollbackReason)>,
    /// END_TRANSACTION sent: when, to which broker, what, and whether it answered a check-back.
    pub ends: Vec<(SimTime, NodeId, TxDecision, bool)>,
    /// Check-backs asked.
    pub checks: Vec<SimTime>,
    pub broker_committed: Option<(SimTime, bool)>,
    pub broker_rolled_back: Option<SimTime>,
    pub discarded: Option<(SimTime, NodeId, u8)>,
}

impl MessageLife {
    /// A new message; `subscribed[g]` tells whether group g consumes its topic.
    pub fn new(key: MsgKey, producer: NodeId, born_at: SimTime, subscribed: &[bool]) -> Self {
        MessageLife {
            key,
            producer,
            born_at,
            accepted: None,
            acked: None,
            not_ok: Vec::new(),
            send_failures: Vec::new(),
            resends: Vec::new(),
            gave_up: None,
            send_dropped: None,
            copies: Vec::new(),
            groups: subscribed.iter().map(|&s| GroupLife { subscribed: s, ..GroupLife::default() }).collect(),
            tx: None,
            notes: Vec::new(),
        }
    }

    /// The producer side promised this message: SEND_OK, or kept by a reliable producer. A
    /// message tied to a local transaction is promised when, and only when, that committed.
    pub fn promised(&self) -> bool {
        match &self.tx {
            Some(tx) => tx.committed.is_some(),
            None => self.acked.is_some() || self.accepted.is_some(),
        }
    }

    /// Its local transaction rolled back (or never ran): no group may act on it.
    pub fn rolled_back(&self) -> bool {
        self.tx.as_ref().is_some_and(|t| t.rolled_back.is_some())
    }

    /// Copies no crash destroyed.
    pub fn surviving_copies(&self) -> impl Iterator<Item = &StoredCopy> {
        self.copies.iter().filter(|c| c.lost.is_none())
    }

    /// A surviving copy written at a queue position group `g` had already read.
    pub fn reused_position(&self, g: usize) -> Option<&StoredCopy> {
        self.surviving_copies().find(|c| g < 8 && c.read_past & (1 << g) != 0)
    }
}
