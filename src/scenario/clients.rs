//! The clients of a scenario: producers (how they send, their workload, the reliable producer's
//! message table) and consumer groups (ack mode, retries, dedup). Re-exported by `model`; each
//! setting's default is the real system's, stated beside it.

use serde::{Deserialize, Serialize};

pub use crate::sim::rocket_events::TxMode;

/// How a producer sends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendMode {
    /// Wait for the broker's result, retrying on failure.
    #[default]
    Sync,
    /// Fire and forget: no result, no retry.
    Oneway,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProducerSpec {
    /// Node name; default p1, p2, … by position.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Topic to send to. Default: the first topic.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub topic: String,
    #[serde(default)]
    pub send: SendMode,
    /// Budget of one sync send, retries included (sendMsgTimeout). RocketMQ: 3 000.
    #[serde(default = "d_send_timeout_ms")]
    pub send_timeout_ms: u64,
    /// Extra attempts on another broker after a failed sync send (retryTimesWhenSendFailed). RocketMQ: 2.
    #[serde(default = "d_retries")]
    pub retries: u8,
    /// Routes are fetched from the NameServer this often (pollNameServerInterval). RocketMQ: 30 000.
    #[serde(default = "d_route_refresh_ms")]
    pub route_refresh_ms: u64,
    /// Keep every message in a local message table and resend unconfirmed ones. Default off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliable: Option<ReliableProducer>,
    /// Tie each message to a local database transaction (a transactional producer, or a plain send
    /// before or after the commit). Default off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction: Option<TransactionSpec>,
    /// Ordered messages: message `seq` carries the business key `seq % order_keys` (an order id)
    /// and goes to queue `key % queues` of the route's writable queues (MessageQueueSelector, as
    /// SelectMessageQueueByHash), with no retry on another queue. 0: no key, round robin. Default 0.
    #[serde(default)]
    pub order_keys: u32,
    #[serde(default)]
    pub workload: Workload,
}

/// A producer whose message depends on a local database transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TransactionSpec {
    /// half_message (TransactionMQProducer, the default), send_then_commit, commit_then_send, or
    /// none (no local transaction, as without this section).
    pub mode: TxMode,
    /// How long the local transaction runs before it commits. Default 50 (the application's own).
    pub local_txn_ms: u64,
    /// Chance the local transaction rolls back, parts per million. Default 0.
    pub rollback_ppm: u32,
}

impl Default for TransactionSpec {
    fn default() -> Self {
        TransactionSpec { mode: TxMode::HalfMessage, local_txn_ms: 50, rollback_ppm: 0 }
    }
}

impl ProducerSpec {
    /// The local-transaction mode in force: None without the section.
    pub fn tx_mode(&self) -> TxMode {
        self.transaction.as_ref().map_or(TxMode::None, |t| t.mode)
    }
}

/// The "reliable producer" of the seed: message table with a status, plus a compensation job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReliableProducer {
    /// The compensation job runs this often. Default 10 000.
    pub check_interval_ms: u64,
    /// A message unconfirmed for this long is resent. Default 10 000.
    pub resend_after_ms: u64,
    /// After this many resends the message is marked failed (for a human). Default 5.
    pub max_resends: u8,
}

impl Default for ReliableProducer {
    fn default() -> Self {
        ReliableProducer { check_interval_ms: 10_000, resend_after_ms: 10_000, max_resends: 5 }
    }
}

/// How many messages a producer makes and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Workload {
    /// Total messages (≤ 1 000 000 over all producers). Default 100.
    pub messages: u32,
    /// Steady rate outside bursts, messages per second. Default 10.
    pub rate_per_s: u32,
    /// First message at this time. Default 1 000 (after routes are known).
    pub start_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burst: Option<Burst>,
}

impl Default for Workload {
    fn default() -> Self {
        Workload { messages: 100, rate_per_s: 10, start_ms: 1_000, burst: None }
    }
}

/// Peak traffic: for `length_ms` out of every `every_ms`, send at `rate_per_s` instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Burst {
    pub every_ms: u64,
    pub length_ms: u64,
    pub rate_per_s: u32,
}

/// When a consumed message counts as done at the broker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckMode {
    /// The offset advances once the message is processed (a crash or lost ack redelivers).
    #[default]
    Manual,
    /// The offset advances when the broker hands the message out (a crash mid-processing loses it).
    Auto,
}

/// How a consumer group avoids applying a message's side effect twice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Dedup {
    #[default]
    None,
    /// Insert the dedup key into a unique column in the same DB transaction as the side effect.
    DbUniqueKey {
        #[serde(default)]
        key: DedupKeyKind,
    },
    /// SETNX the dedup key in Redis (with a TTL) before processing.
    RedisSetnx {
        #[serde(default)]
        key: DedupKeyKind,
        /// Default 60 000.
        #[serde(default = "d_redis_ttl_ms")]
        ttl_ms: u64,
    },
}

/// What the dedup key is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DedupKeyKind {
    /// The business key (order id): the same for every resend. Default.
    #[default]
    BusinessKey,
    /// The message id: a producer's compensation resend has a new one, so it is not caught.
    MsgId,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerGroupSpec {
    pub name: String,
    /// Topic subscribed to. Default: the first topic.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub topic: String,
    /// Members (clustering mode), 1–16; nodes `<name>/c1`, `<name>/c2`, …. Default 1.
    #[serde(default = "d_one")]
    pub members: u8,
    #[serde(default)]
    pub ack: AckMode,
    /// Committed offsets are pushed to the broker this often (persistConsumerOffsetInterval). RocketMQ: 5 000.
    #[serde(default = "d_commit_interval_ms")]
    pub commit_interval_ms: u64,
    /// Periodic rebalance. RocketMQ: 20 000.
    #[serde(default = "d_rebalance_interval_ms")]
    pub rebalance_interval_ms: u64,
    /// Heartbeat to every broker (membership). RocketMQ: 30 000.
    #[serde(default = "d_heartbeat_ms")]
    pub heartbeat_ms: u64,
    /// RocketMQ: 30 000.
    #[serde(default = "d_route_refresh_ms")]
    pub route_refresh_ms: u64,
    /// Time to process one message. Default 10.
    #[serde(default = "d_processing_ms")]
    pub processing_ms: u64,
    /// Messages per pull (pullBatchSize). RocketMQ: 32.
    #[serde(default = "d_pull_batch")]
    pub pull_batch: u8,
    /// Stop pulling while this many messages wait locally (pullThresholdForQueue). RocketMQ: 1 000.
    #[serde(default = "d_pull_threshold")]
    pub pull_threshold: u32,
    /// Chance a processing attempt fails (RECONSUME_LATER), parts per million. Default 0.
    #[serde(default)]
    pub failure_ppm: u32,
    /// Every n-th message of each producer always fails (a poison message). 0 = none. Default 0.
    #[serde(default)]
    pub poison_every: u32,
    /// Retries before the dead-letter queue (maxReconsumeTimes). RocketMQ: 16.
    #[serde(default = "d_max_reconsume_times")]
    pub max_reconsume_times: u8,
    #[serde(default)]
    pub dedup: Dedup,
    /// Members start at this time (never before 100 ms: servers come up first). Default 0.
    #[serde(default)]
    pub start_ms: u64,
    /// MessageListenerOrderly: lock each queue on the broker, consume it strictly in order, and
    /// retry a failed message in place instead of sending it back. Default false (concurrently).
    #[serde(default)]
    pub orderly: bool,
    /// Orderly: a failed message suspends its queue this long before it is tried again
    /// (suspendCurrentQueueTimeMillis). RocketMQ: 1 000.
    #[serde(default = "d_suspend_ms")]
    pub suspend_ms: u64,
}

fn d_send_timeout_ms() -> u64 {
    3_000
}
fn d_retries() -> u8 {
    2
}
fn d_route_refresh_ms() -> u64 {
    30_000
}
fn d_redis_ttl_ms() -> u64 {
    60_000
}
fn d_one() -> u8 {
    1
}
fn d_commit_interval_ms() -> u64 {
    5_000
}
fn d_rebalance_interval_ms() -> u64 {
    20_000
}
fn d_heartbeat_ms() -> u64 {
    30_000
}
fn d_processing_ms() -> u64 {
    10
}
fn d_pull_batch() -> u8 {
    32
}
fn d_pull_threshold() -> u32 {
    1_000
}
fn d_max_reconsume_times() -> u8 {
    16
}
fn d_suspend_ms() -> u64 {
    1_000
}

impl ConsumerGroupSpec {
    /// A group with every setting at its default.
    pub fn named(name: &str) -> Self {
        ConsumerGroupSpec {
            name: name.to_string(),
            topic: String::new(),
            members: 1,
            ack: AckMode::Manual,
            commit_interval_ms: d_commit_interval_ms(),
            rebalance_interval_ms: d_rebalance_interval_ms(),
            heartbeat_ms: d_heartbeat_ms(),
            route_refresh_ms: d_route_refresh_ms(),
            processing_ms: d_processing_ms(),
            pull_batch: d_pull_batch(),
            pull_threshold: d_pull_threshold(),
            failure_ppm: 0,
            poison_every: 0,
            max_reconsume_times: d_max_reconsume_times(),
            dedup: Dedup::None,
            start_ms: 0,
            orderly: false,
            suspend_ms: d_suspend_ms(),
        }
    }
}

impl Default for ProducerSpec {
    fn default() -> Self {
        ProducerSpec {
            name: String::new(),
            topic: String::new(),
            send: SendMode::Sync,
            send_timeout_ms: d_send_timeout_ms(),
            retries: d_retries(),
            route_refresh_ms: d_route_refresh_ms(),
            reliable: None,
            transaction: None,
            order_keys: 0,
            workload: Workload::default(),
        }
    }
}
