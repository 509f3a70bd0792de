//! Why things went wrong, as the trace records it: why the network dropped a message, why a log
//! lost its tail, why a send failed, why a NameServer stopped listing a broker. Each is a plain
//! enum so the checker and the explanations can match on it.

use serde::{Deserialize, Serialize};

/// Why the network did not deliver a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// A partition (isolate or cut) is in the way.
    Partition,
    /// A targeted `drop_next` fault took it.
    Injected,
    /// Random loss on the link.
    Loss,
    /// The destination was down (or restarted) when it arrived.
    DestinationDown,
    /// A link that holds (TCP) was keeping it through a partition when its sender crashed.
    SenderDown,
}

/// Why a broker's commit log lost its tail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TruncateReason {
    /// The machine crashed before these entries were flushed.
    Unflushed,
    /// A slave held entries its restarted master had lost, and dropped them to match it.
    MasterRestarted,
    /// A replica dropped entries the newly elected leader does not have (Kafka's truncation to
    /// the leader's epoch, a Raft follower's conflicting entries).
    NewLeader,
    /// The broker restarted and the message was not persistent (a transient message or a
    /// non-durable queue: RabbitMQ keeps them in memory only).
    NotPersistent,
    /// The server's disk was lost (`lose_disk`): the copy it held there is gone for good.
    DiskLost,
}

/// Why a sync send finally failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendFailure {
    /// No answer within the send timeout (retries included).
    Timeout,
    /// No broker group with a master in the producer's route.
    NoRoute,
    /// The broker was unreachable (connection refused or reset) on every attempt.
    BrokerUnreachable,
    /// The producer crashed while the send was under way.
    ProducerCrashed,
}

/// Why a NameServer stopped listing a broker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpiryReason {
    /// No registration for broker_expiry_ms.
    Timeout,
    /// The broker's connection closed (its machine died).
    ConnectionClosed,
}
