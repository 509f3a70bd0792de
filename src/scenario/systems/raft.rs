//! Settings of a Raft-replicated queue (RocketMQ on DLedger, Tencent CMQ, RabbitMQ quorum queues):
//! a few replicas elect a leader, producers send to it, and it answers only once a majority has
//! the message. Each setting's default is DLedger's (`DLedgerConfig`), stated beside it.

use super::unused::{refuse_in_group, refuse_in_producer, Unused};
use crate::scenario::error::{ErrorKind, Unit};
use crate::scenario::fields::{system_field, Fallback, Field, Kind};
use crate::scenario::model::Scenario;
use crate::scenario::validate::Checker;
use serde::{Deserialize, Serialize};

/// The most replicas a Raft group may have here (DLedger groups are 3 or 5).
pub const MAX_REPLICAS: u8 = 5;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RaftSettings {
    /// Replicas in the Raft group, 1–5 (node1 … node5). Default 3. node1 is the preferred leader
    /// (DLedger preferredLeaderId): it campaigns first, so it leads the fresh cluster.
    pub replicas: u8,
    /// The leader sends AppendEntries (a heartbeat, when there is nothing new) this often.
    /// DLedger heartBeatTimeIntervalMs: 2 000.
    pub heartbeat_ms: u64,
    /// A follower that hears no leader for a time drawn from [min, max] becomes a candidate; a
    /// candidate without a majority tries again after a new draw. A leader that hears from no
    /// majority for `min` steps down. DLedger waits 3 missed heartbeats (6 000) and then votes
    /// after 300–1 000 ms: default 6 000–7 000.
    pub election_timeout_min_ms: u64,
    pub election_timeout_max_ms: u64,
    /// The leader answers a send that a majority has not stored after this long with
    /// FLUSH_SLAVE_TIMEOUT (the entry stays in its log and may still commit). DLedger
    /// maxWaitAckTimeMs: 2 500.
    pub commit_timeout_ms: u64,
    /// Consume queues of each topic; a consumer group shares them out among its members.
    /// RocketMQ defaultTopicQueueNums: 4.
    pub queues_per_topic: u8,
    /// Every replica writes an entry (and its term and vote) to disk before acknowledging it, as
    /// quorum queues do. False: entries wait in the page cache for the next flush (DLedger
    /// flushes every 10 ms), and a crash loses what was not flushed. Default true.
    pub fsync: bool,
    /// With `fsync` off, the page cache is flushed this often. DLedger flushFileInterval: 10.
    pub flush_interval_ms: u64,
}

impl Default for RaftSettings {
    fn default() -> Self {
        RaftSettings {
            replicas: 3,
            heartbeat_ms: 2_000,
            election_timeout_min_ms: 6_000,
            election_timeout_max_ms: 7_000,
            commit_timeout_ms: 2_500,
            queues_per_topic: 4,
            fsync: true,
            flush_interval_ms: 10,
        }
    }
}

const MS: Kind = Kind::Int(Unit::Ms);
const COUNT: Kind = Kind::Int(Unit::None);

/// Every setting of this system's section, for the editor (`scenario::fields`).
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    system_field("raft", "system.replicas", COUNT, Fallback::Model,
        "Replicas in the Raft group (node1, node2, …). A write needs a majority: 3 survive one loss, 5 survive two; an even count survives no more than the odd count below it.",
        "Raft 组的副本数（node1、node2…）。写入需要多数派：3 个副本容忍 1 个故障，5 个容忍 2 个；偶数个并不比少一个的奇数个更能容错。"),
    system_field("raft", "system.heartbeat_ms", MS, Fallback::Model,
        "The leader sends AppendEntries this often even with nothing new: its heartbeat that keeps followers from starting an election.",
        "leader 即使没有新数据也按此间隔发送 AppendEntries：这是它的心跳，让 follower 不发起选举。"),
    system_field("raft", "system.election_timeout_min_ms", MS, Fallback::Model,
        "A follower that hears no leader for a random time between the min and the max starts an election; a leader that hears from no majority for the min steps down.",
        "follower 在最小值和最大值之间随机的一段时间内收不到 leader 的消息就发起选举；leader 在最小值这么久内联系不上多数派就退位。"),
    system_field("raft", "system.election_timeout_max_ms", MS, Fallback::Model,
        "Upper end of the random election timeout; the spread keeps two followers from campaigning at the same instant.",
        "随机选举超时的上限；取值分散可以避免两个 follower 同时竞选。"),
    system_field("raft", "system.commit_timeout_ms", MS, Fallback::Model,
        "The leader answers FLUSH_SLAVE_TIMEOUT when a majority has not stored a message in this time; the entry stays in its log and may still be committed later.",
        "多数派在这段时间内没有存下消息时，leader 返回 FLUSH_SLAVE_TIMEOUT；该条目仍留在日志中，之后仍可能被提交。"),
    system_field("raft", "system.queues_per_topic", COUNT, Fallback::Model,
        "Consume queues of each topic inside the replicated log; a consumer group shares them out among its members.",
        "复制日志中每个 topic 的消费队列数；消费者组把这些队列分给组内成员。"),
    system_field("raft", "system.fsync", Kind::Bool, Fallback::Model,
        "on: each replica writes an entry, its term and its vote to disk before acknowledging; off: they wait in the page cache, and a crash can lose entries a majority had acknowledged.",
        "开：每个副本先把条目、任期和投票写入磁盘再确认；关：它们先留在页缓存中，宕机可能丢失多数派已确认的条目。"),
    system_field("raft", "system.flush_interval_ms", MS, Fallback::Model,
        "With fsync off, the page cache reaches the disk this often.",
        "关闭 fsync 时，页缓存刷到磁盘的间隔。"),
];

/// Check the section's values (`scenario::validate`), and refuse the scenario settings that mean
/// nothing in this system.
pub(crate) fn check(r: &RaftSettings, s: &Scenario, c: &mut Checker) {
    c.range("system.replicas", u64::from(r.replicas), 1, u64::from(MAX_REPLICAS), Unit::None);
    c.interval("system.election_timeout_min_ms", r.election_timeout_min_ms);
    let max_ms = crate::scenario::limits::MAX_INTERVAL_MS;
    // A leader's heartbeats must come within the election timeout, or followers that hear
    // nothing in time keep starting elections.
    let below_election = r.election_timeout_min_ms.clamp(2, max_ms) - 1;
    c.range("system.heartbeat_ms", r.heartbeat_ms, 1, below_election, Unit::Ms);
    // A range upside down: name the max, which is what the learner usually lowered.
    c.range(
        "system.election_timeout_max_ms",
        r.election_timeout_max_ms,
        r.election_timeout_min_ms.max(1),
        max_ms,
        Unit::Ms,
    );
    c.interval("system.commit_timeout_ms", r.commit_timeout_ms);
    let max_queues = u64::from(crate::scenario::limits::MAX_QUEUES_PER_TOPIC);
    c.range("system.queues_per_topic", u64::from(r.queues_per_topic), 1, max_queues, Unit::None);
    c.interval("system.flush_interval_ms", r.flush_interval_ms);
    check_names(r, s, c);
    for (i, p) in s.producers.iter().enumerate() {
        refuse_in_producer("raft", &format!("producers[{i}]"), p, c);
    }
    for (i, g) in s.consumer_groups.iter().enumerate() {
        refuse_in_group("raft", &format!("consumer_groups[{i}]"), g, c);
    }
}

/// The replicas' names: node1, node2, …
pub fn replica_name(index: u8) -> String {
    format!("node{}", index + 1)
}

/// A producer must not take a replica's name (the topology finds nodes by name).
fn check_names(r: &RaftSettings, s: &Scenario, c: &mut Checker) {
    let taken = |name: &str| (0..r.replicas.min(MAX_REPLICAS)).any(|i| replica_name(i) == name);
    for (i, p) in s.producers.iter().enumerate() {
        if taken(&p.name) {
            let name = crate::scenario::error::clip(&p.name);
            c.push(format!("producers[{i}].name"), ErrorKind::NameTaken { name });
        }
    }
}

/// Producers find the leader by asking any replica, not through a NameServer; there is no
/// message table with compensation here. The leader shares the queues out on every pull (no
/// periodic rebalance, no heartbeat of its own, no routes), and there is no retry topic or
/// dead-letter queue: processing always succeeds.
pub const UNUSED: Unused = Unused {
    producer: &["route_refresh_ms", "reliable"],
    group: &[
        "rebalance_interval_ms",
        "heartbeat_ms",
        "route_refresh_ms",
        "failure_ppm",
        "poison_every",
        "max_reconsume_times",
    ],
};
