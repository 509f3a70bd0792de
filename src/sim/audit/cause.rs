//! The causes the checker names for an anomaly, as data: each a link in the chain that explains a
//! lost message or a duplicate side effect ("acked by broker-a/master at 12.004 s", "the master
//! crashed before flushing it"). `explain` builds the chains; `crate::i18n::explain` words them.

use super::lifecycle::CopyLoss;
use super::FaultEvent;
use crate::sim::ids::{MessageQueue, MsgId, MsgKey, NodeId, QueueKey};
use crate::sim::rocket_events::RollbackReason;
use crate::sim::time::SimTime;
use crate::sim::trace::{DropReason, SendFailure};
use crate::sim::wire::SendStatus;
use serde::Serialize;

/// One link in the chain that explains an anomaly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Cause {
    /// The broker answered SEND_OK: the producer was told the message is safe.
    Acked {
        at: SimTime,
        broker: NodeId,
        msg: MsgId,
    },
    /// A reliable producer stored it in its message table: it promised delivery.
    Accepted {
        at: SimTime,
        producer: NodeId,
    },
    /// A crash (unflushed page cache) or a lost disk destroyed a stored copy.
    CopyDestroyed {
        at: SimTime,
        node: NodeId,
        how: CopyLoss,
    },
    /// No slave ever had a copy.
    NoSlaveCopy,
    /// Its only surviving copies are on brokers that are down.
    Stranded {
        node: NodeId,
        since: SimTime,
    },
    /// Every send failed; nothing was stored.
    NeverStored {
        failures: u32,
    },
    SendFailed {
        at: SimTime,
        msg: MsgId,
        reason: SendFailure,
    },
    ProducerGaveUp {
        at: SimTime,
    },
    /// The network lost a send of it on the way to `to` (the server was down, or a fault).
    SendDropped {
        at: SimTime,
        to: NodeId,
        reason: DropReason,
    },
    /// Handed out with auto ack: the broker counted it consumed before the consumer processed it.
    DeliveredWithAutoAck {
        at: SimTime,
        consumer: NodeId,
    },
    ConsumerCrashed {
        at: SimTime,
        consumer: NodeId,
    },
    /// The consumer claimed it in Redis (SETNX) before processing.
    ClaimedInRedis {
        at: SimTime,
        consumer: NodeId,
    },
    /// The dedup store said "already done" although the side effect never happened.
    SkippedAsDuplicate {
        at: SimTime,
        consumer: NodeId,
        store: NodeId,
    },
    /// Delivered (count times, last at `at`) and never processed.
    DeliveredNotProcessed {
        at: SimTime,
        consumer: NodeId,
        count: u32,
    },
    NeverDelivered,
    /// No SEND_OK, confirm or ack ever reached the producer: it was never told the message is safe.
    NeverConfirmed {
        producer: NodeId,
    },
    /// The master wrote it at a queue position the group had already read (there was another
    /// message there before the master crashed and lost it): the group's offset was past it.
    PositionReused {
        at: SimTime,
        node: NodeId,
        queue: QueueKey,
        offset: u64,
    },
    /// The side effect happened (the first time).
    FirstEffect {
        at: SimTime,
        consumer: NodeId,
        by: NodeId,
    },
    /// Delivered again.
    Redelivered {
        at: SimTime,
        consumer: NodeId,
        from: NodeId,
        msg: MsgId,
    },
    /// The reliable producer's compensation job sent it again, as a new message id.
    ProducerResent {
        at: SimTime,
        msg: MsgId,
    },
    /// The broker's answer to a send never reached the producer.
    SendResultDropped {
        at: SimTime,
        from: NodeId,
        to: NodeId,
        reason: DropReason,
    },
    /// The broker stored it but answered a non-OK status; the producer sent it to another broker.
    ResentAfterStatus {
        at: SimTime,
        status: SendStatus,
        broker: NodeId,
    },
    /// Processing failed (RECONSUME_LATER) after the side effect had already happened.
    FailedAfterEffect {
        at: SimTime,
    },
    /// An offset commit (the consumer's ack) never reached the broker.
    AckDropped {
        at: SimTime,
        from: NodeId,
        to: NodeId,
        reason: DropReason,
    },
    /// The group rebalanced: the queue moved to another member, which starts from the broker's offset.
    Rebalanced {
        at: SimTime,
        consumer: NodeId,
    },
    /// A broker crash reverted consumer offsets to its last snapshot.
    OffsetsReverted {
        at: SimTime,
        node: NodeId,
    },
    /// Read from a slave, whose consumer offsets lag behind the master's.
    ReadFromSlave {
        node: NodeId,
    },
    /// The Redis dedup key had expired (TTL) before the redelivery.
    RedisKeyExpired {
        at: SimTime,
    },
    /// The node that handed the message out crashed while it still held it (unacknowledged, or its
    /// ack not yet on disk), and handed it out again after its restart.
    BackAfterRestart {
        at: SimTime,
        node: NodeId,
    },
    /// Redis crashed and forgot its dedup keys.
    RedisRestarted {
        at: SimTime,
    },
    /// The dedup store caught the duplicate.
    CaughtBy {
        at: SimTime,
        store: NodeId,
    },
    /// After every retry failed it went to the dead-letter queue.
    DeadLettered {
        at: SimTime,
        deliveries: u32,
    },
    /// A fault on one of the message's nodes while it was under way.
    Fault {
        at: SimTime,
        event: FaultEvent,
    },

    // Transactional messages.
    /// The producer's local transaction committed: the message was promised from then on.
    LocalCommitted {
        at: SimTime,
        producer: NodeId,
    },
    /// The producer's local transaction rolled back: the message had to stay unprocessed.
    LocalRolledBack {
        at: SimTime,
        producer: NodeId,
        reason: RollbackReason,
    },
    /// The message was sent (and stored) before the local transaction decided.
    SentBeforeCommit {
        at: SimTime,
        broker: NodeId,
    },
    /// END_TRANSACTION (oneway) never reached the broker.
    EndDropped {
        at: SimTime,
        from: NodeId,
        to: NodeId,
        reason: DropReason,
    },
    /// The producer died before it could send END_TRANSACTION or the message.
    ProducerCrashed {
        at: SimTime,
        producer: NodeId,
    },
    /// The broker still holds it as a half message, invisible to consumers, after `checks`
    /// check-backs.
    HalfNotCommitted {
        node: NodeId,
        checks: u32,
    },
    /// transactionCheckMax check-backs went unanswered: the broker discarded the half message.
    HalfDiscarded {
        at: SimTime,
        broker: NodeId,
        checks: u8,
    },

    // Ordered messages.
    /// A later message of the same business key had been processed already.
    AfterNewer {
        newer: MsgKey,
        at: SimTime,
    },
    /// Its processing failed (RECONSUME_LATER) and it went to the retry topic, while the later
    /// messages of its key went on.
    RetriedLater {
        at: SimTime,
        consumer: NodeId,
    },
    /// Messages of the key sat in different queues: the producer's queue for the key changed (a
    /// broker left its route), so consumers read them independently.
    KeyInTwoQueues {
        older: MessageQueue,
        newer: MessageQueue,
    },
}

impl Cause {
    /// When it happened, for the causes that happened at a moment.
    pub fn at(&self) -> Option<SimTime> {
        use Cause::*;
        match *self {
            Acked { at, .. }
            | Accepted { at, .. }
            | CopyDestroyed { at, .. }
            | SendFailed { at, .. }
            | ProducerGaveUp { at }
            | SendDropped { at, .. }
            | DeliveredWithAutoAck { at, .. }
            | ConsumerCrashed { at, .. }
            | ClaimedInRedis { at, .. }
            | SkippedAsDuplicate { at, .. }
            | DeliveredNotProcessed { at, .. }
            | PositionReused { at, .. }
            | FirstEffect { at, .. }
            | Redelivered { at, .. }
            | ProducerResent { at, .. }
            | SendResultDropped { at, .. }
            | ResentAfterStatus { at, .. }
            | FailedAfterEffect { at }
            | AckDropped { at, .. }
            | Rebalanced { at, .. }
            | OffsetsReverted { at, .. }
            | RedisKeyExpired { at }
            | BackAfterRestart { at, .. }
            | RedisRestarted { at }
            | CaughtBy { at, .. }
            | DeadLettered { at, .. }
            | Fault { at, .. }
            | LocalCommitted { at, .. }
            | LocalRolledBack { at, .. }
            | SentBeforeCommit { at, .. }
            | EndDropped { at, .. }
            | ProducerCrashed { at, .. }
            | HalfDiscarded { at, .. }
            | AfterNewer { at, .. }
            | RetriedLater { at, .. } => Some(at),
            Stranded { since, .. } => Some(since),
            NoSlaveCopy
            | NeverStored { .. }
            | NeverDelivered
            | NeverConfirmed { .. }
            | ReadFromSlave { .. }
            | HalfNotCommitted { .. }
            | KeyInTwoQueues { .. } => None,
        }
    }
}
