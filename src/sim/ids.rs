//! Names of things in a run: nodes, messages, topics and queues. All are small `Copy` values with
//! a total order, so maps keyed by them iterate the same way everywhere.

use serde::{Deserialize, Serialize};

/// A node of the cluster (NameServer, broker, producer, consumer, DB, Redis): its index in the world.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u16);

/// A business message as the application sees it: producer `producer`'s `seq`-th message. This is
/// the business key ("order 17") that survives resends and retries; the checker counts by it.
/// `Topology::message_name` names it for people ("p1-17", or after the producer's own name).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MsgKey {
    pub producer: u8,
    pub seq: u32,
}

/// The id one `send()` call gives a message (RocketMQ's client-side unique id). Retries inside the
/// call keep it, and so do consumer retries (RECONSUME_LATER); a reliable producer's compensation
/// job calls `send()` again and so makes a new id (`gen` + 1) for the same business key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MsgId {
    pub key: MsgKey,
    pub gen: u8,
}

/// A consumer group, by its index in the scenario.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupId(pub u8);

/// Which topic a queue belongs to. Besides the scenario's topics, every consumer group has a retry
/// topic (%RETRY%group) and a dead-letter topic (%DLQ%group), and the broker keeps one schedule
/// queue per delay level for messages waiting to be retried.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TopicRef {
    /// A topic of the scenario, by index.
    #[default]
    #[serde(rename = "topic")]
    Named,
    Retry,
    Dlq,
    Schedule,
    /// RMQ_SYS_TRANS_HALF_TOPIC: half (prepared) transactional messages, invisible to consumers.
    /// `id` and `queue` keep the real topic and queue the message goes to once committed (RocketMQ
    /// keeps them as the REAL_TOPIC and REAL_QID properties).
    TransHalf,
    /// RMQ_SYS_TRANS_OP_HALF_TOPIC: one op message per half message that was committed or rolled
    /// back, so the check service knows it is done.
    TransOp,
}

/// A queue: (topic, index) on one broker group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QueueKey {
    pub kind: TopicRef,
    /// Topic index for `Named`, group index for `Retry`/`Dlq`, delay level for `Schedule`.
    pub id: u8,
    pub queue: u8,
}

impl QueueKey {
    pub fn named(topic: u8, queue: u8) -> Self {
        QueueKey { kind: TopicRef::Named, id: topic, queue }
    }
    pub fn retry(group: GroupId) -> Self {
        QueueKey { kind: TopicRef::Retry, id: group.0, queue: 0 }
    }
    pub fn dlq(group: GroupId) -> Self {
        QueueKey { kind: TopicRef::Dlq, id: group.0, queue: 0 }
    }
    pub fn schedule(level: u8) -> Self {
        QueueKey { kind: TopicRef::Schedule, id: level, queue: 0 }
    }
    /// The half-message queue of a message bound for `real` (a named queue).
    pub fn trans_half(real: QueueKey) -> Self {
        QueueKey { kind: TopicRef::TransHalf, id: real.id, queue: real.queue }
    }
    /// The op queue: one entry per finished half message.
    pub fn trans_op() -> Self {
        QueueKey { kind: TopicRef::TransOp, id: 0, queue: 0 }
    }
    /// For a half message: the named queue it goes to once committed.
    pub fn real_queue(self) -> QueueKey {
        QueueKey::named(self.id, self.queue)
    }
}

/// A queue on a particular broker group: what a consumer is assigned and pulls from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MessageQueue {
    pub broker_group: u8,
    pub queue: QueueKey,
}

/// The name of broker group `i`: broker-a, broker-b, …
pub fn broker_group_name(i: u8) -> String {
    format!("broker-{}", (b'a' + i) as char)
}
