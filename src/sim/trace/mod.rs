//! The trace: one record of everything that happened in a run, in order. The checker, the UI and
//! the tests read only this (plus the world's visible state), so what they report is what a user
//! could have observed. Every event is serde-serializable; the run's `trace_hash` (see
//! `trace_hash.rs`) fingerprints the whole trace, the same on every machine and in the browser.

mod hash;
mod lifecycle;
mod reasons;

pub use hash::{hash_hex, trace_hash, TraceHasher};
pub use lifecycle::lifecycle;
pub use reasons::{DropReason, ExpiryReason, SendFailure, TruncateReason};

use super::command::{ActionSource, Command};
use super::ids::{GroupId, MessageQueue, MsgId, MsgKey, NodeId, QueueKey};
use super::systems::SysEvent;
use super::time::SimTime;
use super::wire::{MsgKind, SendStatus};
use serde::{Deserialize, Serialize};

/// One thing that happened, at `at`, numbered `seq` from 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceEvent {
    pub seq: u64,
    pub at: SimTime,
    #[serde(flatten)]
    pub kind: TraceKind,
}

/// Everything the trace records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TraceKind {
    // --- the action log -----------------------------------------------------------------------
    /// A command took effect (from the fault schedule or the learner).
    Action {
        source: ActionSource,
        /// Boxed: commands are rare and large, trace events many and small.
        command: Box<Command>,
    },
    /// A command could not take effect (e.g. restarting a node whose disk is lost).
    ActionRefused {
        source: ActionSource,
        command: Box<Command>,
        reason: super::world::CommandError,
    },

    // --- nodes ---------------------------------------------------------------------------------
    NodeStarted {
        node: NodeId,
    },
    NodeCrashed {
        node: NodeId,
    },
    NodeRestarted {
        node: NodeId,
    },
    NodePaused {
        node: NodeId,
    },
    NodeResumed {
        node: NodeId,
    },
    DiskLost {
        node: NodeId,
    },

    // --- network -------------------------------------------------------------------------------
    /// A message left `from`; it will reach `to` at `arrive_at` unless `to` is down by then.
    NetSend {
        from: NodeId,
        to: NodeId,
        kind: MsgKind,
        arrive_at: SimTime,
        #[serde(skip_serializing_if = "Option::is_none")]
        msg: Option<MsgId>,
        #[serde(skip_serializing_if = "is_zero")]
        count: u16,
        /// A `delay_next` fault held it back.
        #[serde(skip_serializing_if = "is_false")]
        delayed: bool,
    },
    /// A partition stopped a message on a link that holds (TCP): it waits for the heal, then a
    /// `NetSend` takes it on.
    NetHeld {
        from: NodeId,
        to: NodeId,
        kind: MsgKind,
        #[serde(skip_serializing_if = "Option::is_none")]
        msg: Option<MsgId>,
        #[serde(skip_serializing_if = "is_zero")]
        count: u16,
    },
    NetDrop {
        from: NodeId,
        to: NodeId,
        kind: MsgKind,
        reason: DropReason,
        #[serde(skip_serializing_if = "Option::is_none")]
        msg: Option<MsgId>,
        #[serde(skip_serializing_if = "is_zero")]
        count: u16,
    },

    // --- discovery -----------------------------------------------------------------------------
    NsBrokerRegistered {
        ns: NodeId,
        broker: NodeId,
    },
    NsBrokerExpired {
        ns: NodeId,
        broker: NodeId,
        reason: ExpiryReason,
    },
    /// A client's view of the route changed (bit i: broker group i has a master / a slave).
    RouteUpdated {
        node: NodeId,
        masters: u8,
        slaves: u8,
    },

    // --- producer ------------------------------------------------------------------------------
    /// The application handed a new business message to the producer.
    Produced {
        producer: NodeId,
        key: MsgKey,
    },
    /// A reliable producer wrote it to its local message table (status SENDING).
    OutboxStored {
        producer: NodeId,
        key: MsgKey,
    },
    OutboxConfirmed {
        producer: NodeId,
        key: MsgKey,
    },
    /// The compensation job resent an unconfirmed message (as a new send, new message id).
    OutboxResent {
        producer: NodeId,
        msg: MsgId,
        resends: u8,
    },
    /// Too many resends: the message is marked failed for a human to look at.
    OutboxGaveUp {
        producer: NodeId,
        key: MsgKey,
    },
    SendAttempt {
        producer: NodeId,
        msg: MsgId,
        broker: NodeId,
        queue: MessageQueue,
        attempt: u8,
        oneway: bool,
    },
    /// The producer received the broker's result.
    SendResult {
        producer: NodeId,
        msg: MsgId,
        broker: NodeId,
        status: SendStatus,
    },
    SendFailed {
        producer: NodeId,
        msg: MsgId,
        reason: SendFailure,
    },

    // --- broker --------------------------------------------------------------------------------
    Stored {
        node: NodeId,
        msg: MsgId,
        queue: QueueKey,
        queue_offset: u64,
        log_offset: u64,
        reconsume: u8,
    },
    Flushed {
        node: NodeId,
        upto: u64,
    },
    /// Commit-log entries [from, to) are gone: a crash lost them unflushed, or a slave dropped
    /// entries its restarted master no longer has.
    LogTruncated {
        node: NodeId,
        from: u64,
        to: u64,
        reason: TruncateReason,
    },
    /// A crash reverted consumer offsets to the last persisted snapshot.
    OffsetsReverted {
        node: NodeId,
    },
    /// The master learned that `slave` has copied everything below `upto`.
    ReplicaAcked {
        master: NodeId,
        slave: NodeId,
        upto: u64,
    },
    OffsetCommitted {
        broker: NodeId,
        group: GroupId,
        queue: QueueKey,
        offset: u64,
        auto: bool,
    },
    /// A message exceeded max_reconsume_times and went to %DLQ%group.
    DeadLettered {
        broker: NodeId,
        msg: MsgId,
        group: GroupId,
    },
    /// A group's membership as a broker sees it changed.
    MembersChanged {
        broker: NodeId,
        group: GroupId,
        members: u8,
    },

    // --- consumer ------------------------------------------------------------------------------
    Rebalanced {
        consumer: NodeId,
        group: GroupId,
        queues: Vec<MessageQueue>,
    },
    Delivered {
        consumer: NodeId,
        group: GroupId,
        msg: MsgId,
        mq: MessageQueue,
        queue_offset: u64,
        from: NodeId,
        reconsume: u8,
    },
    /// The consumer finished processing and the side effect took place (locally or in the DB).
    EffectApplied {
        consumer: NodeId,
        group: GroupId,
        msg: MsgId,
        by: NodeId,
    },
    /// The dedup store said "already done": the message is acknowledged without a side effect.
    DedupSkipped {
        consumer: NodeId,
        group: GroupId,
        msg: MsgId,
        store: NodeId,
    },
    /// Processing failed: RECONSUME_LATER.
    ConsumeFailed {
        consumer: NodeId,
        group: GroupId,
        msg: MsgId,
        reconsume: u8,
    },
    /// A consumer's message was dropped from its queue by a rebalance before being acknowledged.
    DeliveryAbandoned {
        consumer: NodeId,
        group: GroupId,
        msg: MsgId,
    },
    RedisKeySet {
        group: GroupId,
        msg: MsgId,
        expires_at: SimTime,
    },
    RedisKeyExpired {
        group: GroupId,
        msg: MsgId,
    },

    // --- other systems than RocketMQ (`sim::systems`) -------------------------------------------
    /// A server holds a copy of the message: the leader's or primary's (`replica` false), or a
    /// follower's. RocketMQ brokers record `Stored` with commit-log offsets instead.
    CopyStored {
        node: NodeId,
        msg: MsgId,
        replica: bool,
    },
    /// A server's copy of the message is gone.
    CopyLost {
        node: NodeId,
        msg: MsgId,
        reason: TruncateReason,
    },
    /// The server forgot the message as it handed it out (RabbitMQ auto ack, a Redis BRPOP): the
    /// group's next delivery of it is the only one there will be.
    AutoAcked {
        broker: NodeId,
        group: GroupId,
        msg: MsgId,
    },
    /// Something only one system has: a leader elected, the ISR shrinking, a message requeued.
    System {
        event: SysEvent,
    },

    // --- RocketMQ transactional messages and ordered consumption (`rocket_events`) ------------
    Transaction {
        event: super::rocket_events::TxEvent,
    },
    Ordering {
        event: super::rocket_events::OrderEvent,
    },
}

fn is_zero(n: &u16) -> bool {
    *n == 0
}
fn is_false(b: &bool) -> bool {
    !*b
}
