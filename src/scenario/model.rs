//! The scenario document: everything a run needs (topology, every setting, workload, fault
//! schedule, seed, duration). It is a versioned serde document, read from JSON files and carried
//! by share links. Each setting's default is the real system's default, stated beside it.

use crate::sim::command::Command;
use serde::{Deserialize, Serialize};

/// The scenario format version this build reads and writes.
pub const SCENARIO_VERSION: u32 = 1;

/// A whole scenario. See docs/scenario-format.md for a full example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be 1.
    pub version: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Seeds every random draw of the run (latency jitter, loss, NameServer choice, failures).
    #[serde(default)]
    pub seed: u64,
    /// How long the workload and the fault schedule run, in sim milliseconds. After it the run
    /// keeps going until the cluster has drained (or `max_drain_ms` more has passed).
    pub duration_ms: u64,
    /// Upper bound on the drain phase after `duration_ms`. Default 600 000 (10 min).
    #[serde(default = "d_max_drain_ms")]
    pub max_drain_ms: u64,
    #[serde(default)]
    pub nameservers: NameServerSettings,
    #[serde(default)]
    pub brokers: BrokerSettings,
    /// Topic names; every broker group hosts every topic. Default: one topic, "orders".
    #[serde(default = "d_topics")]
    pub topics: Vec<String>,
    #[serde(default)]
    pub producers: Vec<ProducerSpec>,
    #[serde(default)]
    pub consumer_groups: Vec<ConsumerGroupSpec>,
    #[serde(default)]
    pub network: NetworkSettings,
    #[serde(default)]
    pub stores: StoreSettings,
    /// Faults applied at given sim times, in order.
    #[serde(default)]
    pub faults: Vec<ScheduledFault>,
}

/// A command from the fault schedule: `{"at_ms": 12000, "action": "crash", "node": "broker-a/master"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledFault {
    pub at_ms: u64,
    #[serde(flatten)]
    pub command: Command,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NameServerSettings {
    /// NameServer nodes, 1–5 (ns1, ns2, …). Default 2.
    pub count: u8,
    /// Brokers register with every NameServer this often. RocketMQ: 30 000.
    pub register_interval_ms: u64,
    /// A NameServer drops a broker not heard from for this long. RocketMQ: 120 000.
    pub broker_expiry_ms: u64,
    /// How often a NameServer scans for expired brokers. RocketMQ: 10 000.
    pub scan_interval_ms: u64,
}

impl Default for NameServerSettings {
    fn default() -> Self {
        NameServerSettings {
            count: 2,
            register_interval_ms: 30_000,
            broker_expiry_ms: 120_000,
            scan_interval_ms: 10_000,
        }
    }
}

/// Master → slave replication (RocketMQ brokerRole).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Replication {
    /// ASYNC_MASTER: SEND_OK before any slave has the message.
    #[default]
    Async,
    /// SYNC_MASTER ("sync double-write"): SEND_OK only after a slave has it.
    Sync,
}

/// When the commit log reaches the disk (RocketMQ flushDiskType).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flush {
    /// ASYNC_FLUSH: flushed every `flush_interval_ms`; a machine crash loses the unflushed tail.
    #[default]
    Async,
    /// SYNC_FLUSH: SEND_OK only after the message is on disk (group commit).
    Sync,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BrokerSettings {
    /// Broker groups, 1–8 (broker-a … broker-h). Default 2.
    pub groups: u8,
    /// Slaves per group, 0–2. 0 is the multi-master mode. Default 1.
    pub slaves: u8,
    pub replication: Replication,
    pub flush: Flush,
    /// Queues of each topic on each broker group, 1–16. Default 4 (RocketMQ: defaultTopicQueueNums 4).
    pub queues_per_topic: u8,
    /// ASYNC_FLUSH period. Default 500.
    pub flush_interval_ms: u64,
    /// Time one flush (fsync) takes. Default 1 000 µs.
    pub disk_flush_latency_us: u64,
    /// SYNC_FLUSH waits this long for the flush, then answers FLUSH_DISK_TIMEOUT. RocketMQ: 5 000.
    pub sync_flush_timeout_ms: u64,
    /// SYNC_MASTER waits this long for a slave, then answers FLUSH_SLAVE_TIMEOUT. Default 3 000.
    pub slave_ack_timeout_ms: u64,
    /// ASYNC_MASTER: once a slave has caught up, the master's HA writer sleeps this long before
    /// sending more (SYNC_MASTER wakes it at once). This is the window of acked, unreplicated
    /// messages. RocketMQ: 100.
    pub ha_transfer_interval_ms: u64,
    /// A slave reports its offset to the master this often. RocketMQ haSendHeartbeatInterval: 5 000.
    pub ha_heartbeat_ms: u64,
    /// The master considers a slave gone after this long without a report. RocketMQ: 20 000.
    pub ha_housekeeping_ms: u64,
    /// A slave further behind than this many messages makes SYNC_MASTER answer SLAVE_NOT_AVAILABLE
    /// (RocketMQ haMaxGapNotInSync, 256 MB ≈ 262 144 messages of 1 KB).
    pub ha_max_gap_msgs: u64,
    /// The broker writes consumer offsets to disk this often; a crash loses newer ones. RocketMQ: 5 000.
    pub persist_offsets_interval_ms: u64,
    /// A slave copies the master's consumer offsets this often. RocketMQ: 10 000.
    pub slave_offset_sync_ms: u64,
    /// How long a pull with nothing to read is held (long polling). RocketMQ: 15 000.
    pub long_poll_ms: u64,
    /// A consumer not heard from for this long is dropped from its group. RocketMQ: 120 000.
    pub client_expiry_ms: u64,
    /// Resend a SEND result other than SEND_OK to another broker (retryAnotherBrokerWhenNotStoreOK).
    /// Default false; true can duplicate, since the first broker did store the message.
    pub retry_another_broker_when_not_store_ok: bool,
    /// Delay of each retry level (messageDelayLevel): the n-th retry of a message waits level 3 + n - 1,
    /// so 10 s, 30 s, 1 min, … 2 h. RocketMQ: 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h.
    pub delay_levels_ms: Vec<u64>,
}

impl Default for BrokerSettings {
    fn default() -> Self {
        BrokerSettings {
            groups: 2,
            slaves: 1,
            replication: Replication::Async,
            flush: Flush::Async,
            queues_per_topic: 4,
            flush_interval_ms: 500,
            disk_flush_latency_us: 1_000,
            sync_flush_timeout_ms: 5_000,
            slave_ack_timeout_ms: 3_000,
            ha_transfer_interval_ms: 100,
            ha_heartbeat_ms: 5_000,
            ha_housekeeping_ms: 20_000,
            ha_max_gap_msgs: 262_144,
            persist_offsets_interval_ms: 5_000,
            slave_offset_sync_ms: 10_000,
            long_poll_ms: 15_000,
            client_expiry_ms: 120_000,
            retry_another_broker_when_not_store_ok: false,
            delay_levels_ms: d_delay_levels_ms(),
        }
    }
}

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
    #[serde(default)]
    pub workload: Workload,
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
}

/// Latency and loss of one direction of a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSpec {
    pub latency_us: u64,
    pub jitter_us: u64,
    pub loss_ppm: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NetworkSettings {
    /// One-way latency of every link. Default 500 µs.
    pub latency_us: u64,
    /// Extra latency drawn uniformly in 0..=jitter. Default 200 µs.
    pub jitter_us: u64,
    /// Chance a message is lost, parts per million. Default 0.
    pub loss_ppm: u32,
    /// Per-link overrides (one direction each); unset fields keep the values above.
    pub links: Vec<LinkOverride>,
}

impl Default for NetworkSettings {
    fn default() -> Self {
        NetworkSettings { latency_us: 500, jitter_us: 200, loss_ppm: 0, links: Vec::new() }
    }
}

impl NetworkSettings {
    pub fn default_link(&self) -> LinkSpec {
        LinkSpec { latency_us: self.latency_us, jitter_us: self.jitter_us, loss_ppm: self.loss_ppm }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkOverride {
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_us: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jitter_us: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_ppm: Option<u32>,
}

/// The DB and Redis that consumers use for dedup (present only when a group uses them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreSettings {
    /// Time a DB transaction takes. Default 2 000 µs.
    pub db_txn_us: u64,
    /// Time a Redis command takes. Default 100 µs.
    pub redis_op_us: u64,
    /// A consumer gives up on a DB or Redis call after this long. Default 1 000.
    pub call_timeout_ms: u64,
}

impl Default for StoreSettings {
    fn default() -> Self {
        StoreSettings { db_txn_us: 2_000, redis_op_us: 100, call_timeout_ms: 1_000 }
    }
}

fn d_max_drain_ms() -> u64 {
    600_000
}
fn d_topics() -> Vec<String> {
    vec!["orders".to_string()]
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

/// RocketMQ's default messageDelayLevel: "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h".
pub fn d_delay_levels_ms() -> Vec<u64> {
    const S: u64 = 1_000;
    const M: u64 = 60 * S;
    vec![
        S,
        5 * S,
        10 * S,
        30 * S,
        M,
        2 * M,
        3 * M,
        4 * M,
        5 * M,
        6 * M,
        7 * M,
        8 * M,
        9 * M,
        10 * M,
        20 * M,
        30 * M,
        60 * M,
        120 * M,
    ]
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
            workload: Workload::default(),
        }
    }
}
