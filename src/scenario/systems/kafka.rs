//! Settings of Kafka (3.x, with a ZooKeeper-style controller). Each setting's default is the real
//! system's, stated beside it, under the name Kafka's documentation gives it.

use super::unused::{refuse_in_group, refuse_in_producer, Unused};
use crate::scenario::error::{ErrorKind, Unit};
use crate::scenario::fields::{system_field, Fallback, Field, Kind};
use crate::scenario::model::Scenario;
use crate::scenario::validate::Checker;
use serde::{Deserialize, Serialize};

/// Most brokers a scenario may have (kafka1 … kafka7): enough for every lesson, small enough to draw.
pub const MAX_BROKERS: u8 = 7;
/// Most partitions per topic.
pub const MAX_PARTITIONS: u8 = 8;

/// When the leader answers a produce request (the producer's `acks`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acks {
    /// `acks=0`: no answer at all; the producer counts the record sent once it is on the wire.
    #[serde(rename = "0")]
    Zero,
    /// `acks=1`: the leader answers once it has appended the record to its own log.
    #[serde(rename = "1")]
    One,
    /// `acks=all` (-1): the leader answers once every in-sync replica has the record. Default
    /// since Kafka 3.0.
    #[default]
    #[serde(rename = "all")]
    All,
}

/// Where a consumer group with no committed offset starts reading (`auto.offset.reset`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetReset {
    /// From the first record of the partition. mqlab's default (Kafka's is `latest`): see
    /// docs/architecture.md, "Kafka: deliberate differences".
    #[default]
    Earliest,
    /// From the end of the partition: records written before the group first joined are skipped.
    Latest,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KafkaSettings {
    /// Brokers kafka1 … kafkaN, 1–7. Default 3.
    pub brokers: u8,
    /// Partitions of each topic, 1–8. Default 3.
    pub partitions: u8,
    /// Replicas of each partition (`replication.factor`), 1 to `brokers`. Default 3.
    pub replication_factor: u8,
    /// The producers' `acks`. Kafka 3.0+: all.
    pub acks: Acks,
    /// With acks=all, the leader refuses a write while fewer replicas than this are in sync
    /// (`min.insync.replicas`). Kafka: 1.
    pub min_insync_replicas: u8,
    /// Let an out-of-sync replica become leader when no in-sync one is alive
    /// (`unclean.leader.election.enable`). Kafka: false.
    pub unclean_leader_election: bool,
    /// Idempotent producers (`enable.idempotence`). Left out: on with acks=all and off otherwise,
    /// as Kafka 3.2+ does; explicitly on with acks 0 or 1 is refused, as Kafka refuses it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_idempotence: Option<bool>,
    /// A follower that has not caught up for this long leaves the ISR (`replica.lag.time.max.ms`).
    /// Kafka: 30 000.
    pub replica_lag_time_max_ms: u64,
    /// A follower's fetch with nothing new waits this long at the leader
    /// (`replica.fetch.wait.max.ms`). Kafka: 500.
    pub replica_fetch_wait_max_ms: u64,
    /// The controller declares a broker dead after this long without a heartbeat
    /// (`zookeeper.session.timeout.ms`). Kafka 2.5+: 18 000.
    pub broker_session_timeout_ms: u64,
    /// The group coordinator drops a consumer silent for this long (`session.timeout.ms`).
    /// Kafka 3.0+: 45 000.
    pub consumer_session_timeout_ms: u64,
    /// Consumers heartbeat to the group coordinator this often (`heartbeat.interval.ms`). Kafka: 3 000.
    pub heartbeat_interval_ms: u64,
    /// The producer gives up on one request after this long and retries (`request.timeout.ms`).
    /// Kafka: 30 000.
    pub request_timeout_ms: u64,
    /// The producer fails a record not acknowledged this long after it was sent, retries included
    /// (`delivery.timeout.ms`). Kafka: 120 000.
    pub delivery_timeout_ms: u64,
    /// The producer waits this long before retrying a failed request (`retry.backoff.ms`). Kafka: 100.
    pub retry_backoff_ms: u64,
    /// Clients refresh their metadata (who leads which partition) this often even without an
    /// error (`metadata.max.age.ms`). Kafka: 300 000.
    pub metadata_max_age_ms: u64,
    /// A consumer's fetch with nothing to read waits this long at the leader (`fetch.max.wait.ms`).
    /// Kafka: 500.
    pub fetch_max_wait_ms: u64,
    /// Records one `poll()` hands the application at most (`max.poll.records`). Kafka: 500.
    pub max_poll_records: u32,
    /// A consumer that does not poll again within this long leaves its group, and a rebalance
    /// waits this long for members to join again (`max.poll.interval.ms`). Kafka: 300 000.
    pub max_poll_interval_ms: u64,
    /// Where a group without a committed offset starts. mqlab: earliest (Kafka: latest).
    pub auto_offset_reset: OffsetReset,
    /// The coordinator waits this long for more members before the first rebalance of an empty
    /// group (`group.initial.rebalance.delay.ms`). Kafka: 3 000.
    pub group_initial_rebalance_delay_ms: u64,
}

impl Default for KafkaSettings {
    fn default() -> Self {
        KafkaSettings {
            brokers: 3,
            partitions: 3,
            replication_factor: 3,
            acks: Acks::All,
            min_insync_replicas: 1,
            unclean_leader_election: false,
            enable_idempotence: None,
            replica_lag_time_max_ms: 30_000,
            replica_fetch_wait_max_ms: 500,
            broker_session_timeout_ms: 18_000,
            consumer_session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            request_timeout_ms: 30_000,
            delivery_timeout_ms: 120_000,
            retry_backoff_ms: 100,
            metadata_max_age_ms: 300_000,
            fetch_max_wait_ms: 500,
            max_poll_records: 500,
            max_poll_interval_ms: 300_000,
            auto_offset_reset: OffsetReset::Earliest,
            group_initial_rebalance_delay_ms: 3_000,
        }
    }
}

impl KafkaSettings {
    /// Whether producers are idempotent: as set, or by default exactly when acks=all.
    pub fn idempotent(&self) -> bool {
        self.enable_idempotence.unwrap_or(self.acks == Acks::All)
    }

    /// Brokers, kept within what the topology can name even before validation has run.
    pub fn broker_count(&self) -> u8 {
        self.brokers.clamp(1, MAX_BROKERS)
    }
}

const K: &str = "kafka";
const MS: Kind = Kind::Int(Unit::Ms);
const COUNT: Kind = Kind::Int(Unit::None);
/// Values of `system.acks`.
pub const ACKS: &[&str] = &["0", "1", "all"];
/// Values of `system.auto_offset_reset`.
pub const OFFSET_RESETS: &[&str] = &["earliest", "latest"];

/// Every setting of this system's section, for the editor (`scenario::fields`).
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    system_field(K, "system.brokers", COUNT, Fallback::Model, "Brokers kafka1, kafka2, …; each holds replicas of the partitions.", "broker 数量（kafka1、kafka2…），每个 broker 保存若干分区的副本。"),
    system_field(K, "system.partitions", COUNT, Fallback::Model, "Partitions of each topic; a group splits them among its members, one owner each.", "每个 topic 的分区数；消费者组把分区分给组内成员，每个分区只属于一个成员。"),
    system_field(K, "system.replication_factor", COUNT, Fallback::Model, "Copies of each partition on different brokers: one leader, the rest followers that fetch from it.", "每个分区在不同 broker 上的副本数：一个 leader，其余是从 leader 拉取数据的 follower。"),
    system_field(K, "system.acks", Kind::Choice(ACKS), Fallback::Model, "0: no answer at all; 1: the leader answers once it has the record; all: once every in-sync replica has it.", "0：不等任何应答；1：leader 写入后就应答；all：所有同步副本（ISR）都写入后才应答。"),
    system_field(K, "system.min_insync_replicas", COUNT, Fallback::Model, "With acks=all, the leader refuses writes (NotEnoughReplicas) while fewer replicas are in sync.", "acks=all 时，同步副本少于这个数，leader 就拒绝写入（NotEnoughReplicas）。"),
    system_field(K, "system.unclean_leader_election", Kind::Bool, Fallback::Model, "When no in-sync replica is alive, let an out-of-sync one lead: the partition comes back, the records it lacks are lost.", "没有存活的同步副本时，允许不同步的副本当 leader：分区恢复可用，但它缺少的消息就丢了。"),
    system_field(K, "system.enable_idempotence", Kind::Bool, Fallback::Note { en: "on with acks=all, else off", zh: "acks=all 时开启，否则关闭" }, "The producer numbers its records; the leader drops a retried duplicate instead of writing it twice.", "生产者给消息编序号；leader 丢弃重试造成的重复，而不是写两遍。"),
    system_field(K, "system.replica_lag_time_max_ms", MS, Fallback::Model, "A follower that has not caught up with the leader for this long is removed from the ISR.", "follower 超过这么久没有追上 leader，就被移出 ISR（同步副本集合）。"),
    system_field(K, "system.replica_fetch_wait_max_ms", MS, Fallback::Model, "A follower's fetch with nothing new waits this long at the leader, answered as soon as a record arrives.", "follower 的拉取请求在没有新数据时最多在 leader 处等这么久，一有新消息立即返回。"),
    system_field(K, "system.broker_session_timeout_ms", MS, Fallback::Model, "The controller declares a silent broker dead after this long and elects new leaders for its partitions.", "broker 沉默这么久后，控制器判定它已死，并为它领导的分区选出新 leader。"),
    system_field(K, "system.consumer_session_timeout_ms", MS, Fallback::Model, "The group coordinator drops a consumer silent for this long and rebalances the group.", "消费者沉默这么久后，组协调器把它移出组并触发 rebalance。"),
    system_field(K, "system.heartbeat_interval_ms", MS, Fallback::Model, "Consumers heartbeat to the group coordinator this often; the answer tells them of a rebalance.", "消费者向组协调器发送心跳的间隔；心跳的应答会通知它们 rebalance。"),
    system_field(K, "system.request_timeout_ms", MS, Fallback::Model, "The producer gives up waiting for one request after this long and retries it.", "生产者等待单个请求应答的时限，超时后重试。"),
    system_field(K, "system.delivery_timeout_ms", MS, Fallback::Model, "A record not acknowledged this long after send(), retries included, fails for good.", "调用 send() 后这么久仍未被确认（含重试）的消息最终发送失败。"),
    system_field(K, "system.retry_backoff_ms", MS, Fallback::Model, "The producer waits this long before retrying a failed request.", "生产者重试失败请求前等待的时间。"),
    system_field(K, "system.metadata_max_age_ms", MS, Fallback::Model, "Clients refresh who leads each partition this often, and at once after an error.", "客户端刷新分区 leader 信息的间隔；出错时会立即刷新。"),
    system_field(K, "system.fetch_max_wait_ms", MS, Fallback::Model, "A consumer's fetch with nothing readable waits this long at the leader.", "消费者的拉取请求在没有可读数据时，最多在 leader 处等这么久。"),
    system_field(K, "system.max_poll_records", COUNT, Fallback::Model, "Records one poll() hands the application; auto commit commits them at the next poll.", "一次 poll() 交给应用的最多消息数；自动提交在下一次 poll 时提交它们的 offset。"),
    system_field(K, "system.max_poll_interval_ms", MS, Fallback::Model, "A consumer that takes longer than this between two polls leaves its group: its partitions go to the others.", "两次 poll 之间超过这么久的消费者会离开消费者组：它的分区交给其他成员。"),
    system_field(K, "system.auto_offset_reset", Kind::Choice(OFFSET_RESETS), Fallback::Model, "Where a group with no committed offset starts: the first record, or the end (skipping older records).", "没有已提交 offset 的消费者组从哪里开始读：第一条消息，或末尾（跳过之前的消息）。"),
    system_field(K, "system.group_initial_rebalance_delay_ms", MS, Fallback::Model, "The first rebalance of a new group waits this long for more members to join.", "新消费者组的第一次 rebalance 会等这么久，让更多成员加入。"),
];

/// Check the section's values (`scenario::validate`), and refuse the scenario's settings that
/// mean nothing in Kafka.
pub(crate) fn check(k: &KafkaSettings, s: &Scenario, c: &mut Checker) {
    let n = u64::from;
    c.range("system.brokers", n(k.brokers), 1, n(MAX_BROKERS), Unit::None);
    c.range("system.partitions", n(k.partitions), 1, n(MAX_PARTITIONS), Unit::None);
    let brokers = n(k.broker_count());
    c.range("system.replication_factor", n(k.replication_factor), 1, brokers, Unit::None);
    let rf = n(k.replication_factor).clamp(1, brokers);
    c.range("system.min_insync_replicas", n(k.min_insync_replicas), 1, rf, Unit::None);
    if k.enable_idempotence == Some(true) && k.acks != Acks::All {
        // Kafka: "Must set acks to all in order to use the idempotent producer."
        c.push("system.enable_idempotence", ErrorKind::IdempotenceNeedsAcksAll);
    }
    c.interval("system.replica_lag_time_max_ms", k.replica_lag_time_max_ms);
    c.interval("system.replica_fetch_wait_max_ms", k.replica_fetch_wait_max_ms);
    c.interval("system.broker_session_timeout_ms", k.broker_session_timeout_ms);
    c.interval("system.consumer_session_timeout_ms", k.consumer_session_timeout_ms);
    // Kafka: heartbeat.interval.ms must be lower than session.timeout.ms.
    let session = k.consumer_session_timeout_ms.max(2);
    c.range("system.heartbeat_interval_ms", k.heartbeat_interval_ms, 1, session - 1, Unit::Ms);
    c.interval("system.request_timeout_ms", k.request_timeout_ms);
    // Kafka: delivery.timeout.ms must be at least linger.ms (0) + request.timeout.ms.
    let request = k.request_timeout_ms.clamp(1, crate::scenario::limits::MAX_INTERVAL_MS);
    c.range(
        "system.delivery_timeout_ms",
        k.delivery_timeout_ms,
        request,
        crate::scenario::limits::MAX_INTERVAL_MS,
        Unit::Ms,
    );
    c.interval("system.retry_backoff_ms", k.retry_backoff_ms);
    c.interval("system.metadata_max_age_ms", k.metadata_max_age_ms);
    c.interval("system.fetch_max_wait_ms", k.fetch_max_wait_ms);
    c.range("system.max_poll_records", u64::from(k.max_poll_records), 1, 10_000, Unit::None);
    c.interval("system.max_poll_interval_ms", k.max_poll_interval_ms);
    c.range(
        "system.group_initial_rebalance_delay_ms",
        k.group_initial_rebalance_delay_ms,
        0,
        crate::scenario::limits::MAX_INTERVAL_MS,
        Unit::Ms,
    );
    for (i, p) in s.producers.iter().enumerate() {
        refuse_in_producer(K, &format!("producers[{i}]"), p, c);
    }
    for (i, g) in s.consumer_groups.iter().enumerate() {
        refuse_in_group(K, &format!("consumer_groups[{i}]"), g, c);
    }
    check_names(k, s, c);
}

/// RocketMQ's client settings Kafka has no use for (Kafka's own are under `system`: `acks`,
/// `request_timeout_ms`, `delivery_timeout_ms`, …). Fire and forget (`send: oneway`) is acks=0 in
/// Kafka, a setting of the whole cluster here. A consumer's `ack` maps onto `enable.auto.commit`,
/// `commit_interval_ms` onto `auto.commit.interval.ms`, `pull_threshold` bounds the records a
/// consumer holds; retries, the DLQ and periodic rebalancing do not exist in Kafka.
pub const UNUSED: Unused = Unused {
    producer: &["send", "send_timeout_ms", "retries", "route_refresh_ms", "reliable"],
    group: &[
        "failure_ppm",
        "poison_every",
        "max_reconsume_times",
        "rebalance_interval_ms",
        "heartbeat_ms",
        "route_refresh_ms",
        "pull_batch",
    ],
};

fn check_names(k: &KafkaSettings, s: &Scenario, c: &mut Checker) {
    let taken = |name: &str| name == CONTROLLER_NAME || (1..=k.broker_count()).any(|i| broker_name(i - 1) == name);
    for (i, p) in s.producers.iter().enumerate() {
        if taken(&p.name) {
            let name = crate::scenario::error::clip(&p.name);
            c.push(format!("producers[{i}].name"), ErrorKind::NameTaken { name });
        }
    }
}

/// The node that plays ZooKeeper, the controller and the group coordinator.
pub const CONTROLLER_NAME: &str = "controller";

/// The name of broker `i` (from 0): kafka1, kafka2, …
pub fn broker_name(i: u8) -> String {
    format!("kafka{}", u16::from(i) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every setting is described for the editor, and nothing else is.
    #[test]
    fn fields_describe_every_setting() {
        let all = KafkaSettings { enable_idempotence: Some(true), ..KafkaSettings::default() };
        let value = serde_json::to_value(&all).unwrap_or_default();
        let keys: Vec<String> =
            value.as_object().map(|m| m.keys().map(|k| format!("system.{k}")).collect()).unwrap_or_default();
        let mut described: Vec<String> = FIELDS.iter().map(|f| f.path.to_string()).collect();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        described.sort();
        assert_eq!(keys_sorted, described);
        assert!(FIELDS.iter().all(|f| f.system == K && !f.en.is_empty() && !f.zh.is_empty() && f.en != f.zh));
    }
}
