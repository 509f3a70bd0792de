//! Trace events of two RocketMQ features that ride beside the plain send and consume paths:
//! transactional (half) messages and ordered consumption. A transactional message is stored as a
//! half message that consumers cannot see, the producer runs its local (database) transaction, and
//! END_TRANSACTION commits or rolls it back; when that answer never arrives, the broker's check
//! service asks the producer. An orderly consumer locks its queues on the broker, consumes each
//! queue strictly in order, and retries a failed message in place instead of sending it back.

use super::ids::{GroupId, MessageQueue, MsgId, MsgKey, NodeId};
use serde::{Deserialize, Serialize};

/// How a producer ties its message to its local database transaction (`producers[].transaction.mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TxMode {
    /// No local transaction: the message is sent on its own (as without the section).
    None,
    /// RocketMQ's TransactionMQProducer: a half message, the local transaction, then END_TRANSACTION
    /// commit or rollback; the broker checks back when the end is missing.
    #[default]
    HalfMessage,
    /// A plain send inside the local transaction, before its commit: the message can go out and the
    /// transaction still roll back ("message sent, DB rolled back").
    SendThenCommit,
    /// A plain send after the local transaction committed: the send can fail or the producer die
    /// before it ("DB committed, message lost").
    CommitThenSend,
}

/// The producer's word on a half message (LocalTransactionState).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TxDecision {
    CommitMessage,
    RollbackMessage,
    /// UNKNOW: the local transaction is still running; the broker asks again later.
    Unknow,
}

/// Why a local transaction did not commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RollbackReason {
    /// The business logic rolled it back (`rollback_ppm`).
    Failed,
    /// The producer's machine died before the commit: the database aborted the transaction.
    ProducerCrashed,
    /// The half message was not stored with SEND_OK, so the local transaction never ran.
    HalfNotStored,
    /// The plain send inside the transaction failed, so the application rolled back.
    SendFailed,
}

/// What happened to a transactional message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tx", rename_all = "snake_case")]
pub enum TxEvent {
    /// The producer's local transaction started (after the half message's SEND_OK, or at once for
    /// a plain send with a local transaction).
    LocalBegun {
        producer: NodeId,
        key: MsgKey,
        mode: TxMode,
    },
    /// The local transaction committed: the business change is real, the message must follow.
    LocalCommitted {
        producer: NodeId,
        key: MsgKey,
    },
    LocalRolledBack {
        producer: NodeId,
        key: MsgKey,
        reason: RollbackReason,
    },
    /// END_TRANSACTION sent (oneway) to the broker holding the half message; `from_check` when it
    /// answers a check-back.
    EndSent {
        producer: NodeId,
        msg: MsgId,
        broker: NodeId,
        decision: TxDecision,
        from_check: bool,
    },
    /// The broker wrote the message to its real topic queue: consumers can see it now.
    Committed {
        broker: NodeId,
        msg: MsgId,
        from_check: bool,
    },
    /// The broker marked the half message deleted (an op message); it is never delivered.
    RolledBack {
        broker: NodeId,
        msg: MsgId,
        from_check: bool,
    },
    /// The transaction check service asked the producer about a half message without an end
    /// (CHECK_TRANSACTION_STATE); `nth` counts from 1.
    CheckAsked {
        broker: NodeId,
        producer: NodeId,
        msg: MsgId,
        nth: u8,
    },
    /// The producer answered a check-back from its local transaction's state.
    CheckAnswered {
        producer: NodeId,
        msg: MsgId,
        decision: TxDecision,
    },
    /// transactionCheckMax checks went unanswered: the half message is discarded (only a log line).
    Discarded {
        broker: NodeId,
        msg: MsgId,
        checks: u8,
    },
}

impl TxEvent {
    /// The business message the event is about.
    pub fn message(&self) -> MsgKey {
        use TxEvent::*;
        match self {
            LocalBegun { key, .. } | LocalCommitted { key, .. } | LocalRolledBack { key, .. } => *key,
            EndSent { msg, .. }
            | Committed { msg, .. }
            | RolledBack { msg, .. }
            | CheckAsked { msg, .. }
            | CheckAnswered { msg, .. }
            | Discarded { msg, .. } => msg.key,
        }
    }
}

/// What an orderly consumer did with its queue locks and failed messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "order", rename_all = "snake_case")]
pub enum OrderEvent {
    /// The broker granted the consumer the lock of a queue (LOCK_BATCH_MQ): it may consume it.
    QueueLocked { consumer: NodeId, group: GroupId, mq: MessageQueue },
    /// Another member still holds the queue's lock: the consumer leaves the queue alone for now.
    LockRefused { consumer: NodeId, group: GroupId, mq: MessageQueue },
    /// The consumer gave the queue's lock back (UNLOCK_BATCH_MQ) after a rebalance took it away.
    QueueUnlocked { consumer: NodeId, group: GroupId, mq: MessageQueue },
    /// Processing failed: the queue is suspended and the same message retried here after
    /// `suspend_ms` (SUSPEND_CURRENT_QUEUE_A_MOMENT), ahead of everything behind it.
    Suspended { consumer: NodeId, group: GroupId, msg: MsgId, mq: MessageQueue, reconsume: u8 },
}

impl OrderEvent {
    /// The business message the event is about, if any.
    pub fn message(&self) -> Option<MsgKey> {
        match self {
            OrderEvent::Suspended { msg, .. } => Some(msg.key),
            _ => None,
        }
    }
}
