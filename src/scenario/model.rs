//! The scenario document: everything a run needs (topology, every setting, workload, fault
//! schedule, seed, duration). It is a versioned serde document, read from JSON files and carried
//! by share links. Each setting's default is the real system's default, stated beside it.

pub use super::clients::*;
pub use super::systems::System;
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
    /// The messaging system the cluster runs: RocketMQ (default; `nameservers` and `brokers`
    /// below describe it), Kafka, RabbitMQ, a Raft-replicated queue or a Redis queue, each with
    /// its own settings (see `scenario::systems`).
    #[serde(default, skip_serializing_if = "System::is_rocketmq")]
    pub system: System,
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
    /// A half message without END_TRANSACTION is checked back once it is this old
    /// (transactionTimeOut). RocketMQ: 6 000.
    pub transaction_timeout_ms: u64,
    /// The master's transaction check service runs this often (transactionCheckInterval).
    /// RocketMQ 4.x: 60 000 (5.x: 30 000).
    pub transaction_check_interval_ms: u64,
    /// After this many check-backs a half message is discarded (transactionCheckMax). RocketMQ: 15.
    pub transaction_check_max: u8,
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
            transaction_timeout_ms: 6_000,
            transaction_check_interval_ms: 60_000,
            transaction_check_max: 15,
        }
    }
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
