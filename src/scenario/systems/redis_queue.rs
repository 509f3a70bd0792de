//! Settings of queues built on Redis: one Redis server holds a list per topic; producers LPUSH,
//! consumers BRPOP (the plain list: the pop is the ack) or BRPOPLPUSH into a processing list and
//! LREM it when done (the reliable queue), optionally through a sorted set of delayed items. Each
//! setting's default is the real system's (Redis, or the job libraries that build these queues on
//! it), stated beside it.

use super::unused::{refuse_in_group, refuse_in_producer, Unused};
use crate::scenario::error::{ErrorKind, Unit};
use crate::scenario::fields::{system_field, Fallback, Field, Kind};
use crate::scenario::model::{AckMode, ConsumerGroupSpec, ProducerSpec, Scenario};
use crate::scenario::validate::Checker;
use serde::{Deserialize, Serialize};

/// The `kind` tag of this system.
pub const KIND: &str = "redis_queue";

/// The name of the Redis server that holds the queues. Not `redis`: that is the dedup store.
pub const SERVER_NAME: &str = "redis-mq";

/// How consumers take items off the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueMode {
    /// BRPOP: the item leaves Redis as it is handed out. A consumer that dies holding it loses it
    /// (at most once).
    #[default]
    List,
    /// BRPOPLPUSH into a per-consumer processing list, LREM once processed; a recovery job pushes
    /// back items held too long or by a consumer that is gone (at least once).
    Reliable,
}

/// What Redis keeps on disk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Persistence {
    /// Nothing: a restart starts empty.
    None,
    /// RDB snapshots at Redis's default save points (`save 3600 1 300 100 60 10000`): a crash
    /// loses every write since the last snapshot. Redis's default (appendonly no).
    #[default]
    Rdb,
    /// Append-only file, fsynced once a second (`appendfsync everysec`, the usual production
    /// choice): a machine crash loses up to about a second of writes.
    AofEverysec,
    /// Append-only file, fsynced before every reply (`appendfsync always`): nothing acknowledged
    /// is lost.
    AofAlways,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RedisQueueSettings {
    /// `list` (BRPOP) or `reliable` (BRPOPLPUSH + LREM). Default `list`, the plain Redis queue.
    pub mode: QueueMode,
    /// Producers ZADD into a sorted set scored by due time instead of LPUSH; a mover brings due
    /// items to the list. Default false.
    pub delayed: bool,
    /// How far in the future a delayed item is due. The application's choice; default 5 000.
    pub delay_ms: u64,
    /// The mover (run by every consumer) polls the sorted set this often. Default 5 000, Sidekiq's
    /// average_scheduled_poll_interval.
    pub delay_poll_ms: u64,
    /// Reliable mode: an item held in a processing list longer than this is pushed back. Default
    /// 30 000 (BullMQ's lockDuration).
    pub visibility_timeout_ms: u64,
    /// Reliable mode: the recovery job (run by every consumer) scans the processing lists this
    /// often. Default 30 000 (BullMQ's stalledInterval).
    pub recovery_interval_ms: u64,
    /// A blocking pop waits this long for an item before answering nil, and the consumer asks
    /// again; 0 blocks forever. Default 2 000 (Sidekiq's fetch).
    pub brpop_timeout_ms: u64,
    /// What Redis keeps on disk. Default `rdb`, Redis's own default.
    pub persistence: Persistence,
}

impl Default for RedisQueueSettings {
    fn default() -> Self {
        RedisQueueSettings {
            mode: QueueMode::List,
            delayed: false,
            delay_ms: 5_000,
            delay_poll_ms: 5_000,
            visibility_timeout_ms: 30_000,
            recovery_interval_ms: 30_000,
            brpop_timeout_ms: 2_000,
            persistence: Persistence::Rdb,
        }
    }
}

/// Values of `system.mode` and `system.persistence`.
pub const MODES: &[&str] = &["list", "reliable"];
pub const PERSISTENCES: &[&str] = &["none", "rdb", "aof_everysec", "aof_always"];

const MS: Kind = Kind::Int(Unit::Ms);

/// Every setting of this system's section, for the editor (`scenario::fields`).
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    system_field(KIND, "system.mode", Kind::Choice(MODES), Fallback::Model, "list: consumers BRPOP, the item leaves Redis as it is handed out (a crash loses it); reliable: BRPOPLPUSH into a processing list, LREM once processed, and a recovery job pushes back what a dead or slow consumer held.", "list：消费者用 BRPOP，取出即从 Redis 删除（消费者宕机就丢）；reliable：用 BRPOPLPUSH 移入处理中列表，处理完再 LREM，恢复任务把宕机或过慢的消费者手里的消息推回队列。"),
    system_field(KIND, "system.delayed", Kind::Bool, Fallback::Model, "Delayed queue: producers ZADD into a sorted set scored by due time; a mover polls it and moves due items to the list.", "延时队列：生产者用 ZADD 写入以到期时间为分数的有序集合；搬运任务轮询它，把到期的消息移到列表。"),
    system_field(KIND, "system.delay_ms", MS, Fallback::Model, "Delayed queue: how far in the future each item is due.", "延时队列：每条消息在多久之后到期。"),
    system_field(KIND, "system.delay_poll_ms", MS, Fallback::Model, "Delayed queue: every consumer polls the sorted set this often (ZRANGEBYSCORE ≤ now); an item waits up to this long after it is due.", "延时队列：每个消费者轮询有序集合的间隔（ZRANGEBYSCORE ≤ 当前时间）；消息到期后最多再等这么久。"),
    system_field(KIND, "system.visibility_timeout_ms", MS, Fallback::Model, "Reliable mode: an item in a processing list longer than this is pushed back to the list, even if its consumer is only slow (a duplicate).", "reliable 模式：在处理中列表里超过这么久的消息会被推回队列，即使消费者只是慢（会重复处理）。"),
    system_field(KIND, "system.recovery_interval_ms", MS, Fallback::Model, "Reliable mode: every consumer runs the recovery job this often, pushing back timed-out items and those of disconnected consumers.", "reliable 模式：每个消费者运行恢复任务的间隔，把超时的消息和已断开消费者的消息推回队列。"),
    system_field(KIND, "system.brpop_timeout_ms", MS, Fallback::Model, "A blocking pop on an empty list waits this long, then the consumer asks again; 0 waits forever.", "空列表上的阻塞弹出最多等待这么久，之后消费者重新发起；0 表示一直等待。"),
    system_field(KIND, "system.persistence", Kind::Choice(PERSISTENCES), Fallback::Model, "What Redis keeps across a crash: none; rdb snapshots (the default, rarely taken: a crash loses everything since the last one); an append-only file fsynced every second (loses about a second) or before every reply (loses nothing acked).", "Redis 宕机后还剩什么：none 什么都不剩；rdb 快照（默认，很少触发：宕机丢失上次快照后的全部写入）；AOF 每秒 fsync（约丢一秒）或每次回复前 fsync（已确认的不丢）。"),
];

/// Check the section's values and the parts of the scenario that mean something else here.
pub(crate) fn check(settings: &RedisQueueSettings, s: &Scenario, c: &mut Checker) {
    let r = settings;
    c.interval("system.delay_poll_ms", r.delay_poll_ms);
    c.interval("system.visibility_timeout_ms", r.visibility_timeout_ms);
    c.interval("system.recovery_interval_ms", r.recovery_interval_ms);
    c.range("system.delay_ms", r.delay_ms, 0, crate::scenario::limits::MAX_INTERVAL_MS, Unit::Ms);
    c.range("system.brpop_timeout_ms", r.brpop_timeout_ms, 0, crate::scenario::limits::MAX_INTERVAL_MS, Unit::Ms);
    for (i, p) in s.producers.iter().enumerate() {
        check_producer(&format!("producers[{i}]"), p, c);
    }
    let mut consumed_topics = Vec::new();
    for (i, g) in s.consumer_groups.iter().enumerate() {
        let path = format!("consumer_groups[{i}]");
        check_group(&path, g, r.mode, c);
        // A list hands each item to one consumer: two groups cannot both have every message.
        let topic = if g.topic.is_empty() { s.topics.first().cloned().unwrap_or_default() } else { g.topic.clone() };
        if consumed_topics.contains(&topic) {
            c.push(format!("{path}.topic"), not_here());
        }
        consumed_topics.push(topic);
    }
}

fn not_here() -> ErrorKind {
    ErrorKind::NotInSystem { system: KIND }
}

/// The producer is a Redis client that LPUSHes (or ZADDs): it has no routes and no message table.
/// A consumer group reads one list: no offsets, no rebalance, no retry topic or DLQ. A plain list
/// has no retry and no dead-letter queue: a failed item is simply gone (list) or waits for the
/// recovery job (reliable), so failures are not modelled.
pub const UNUSED: Unused = Unused {
    producer: &["route_refresh_ms", "reliable"],
    group: &[
        "commit_interval_ms",
        "rebalance_interval_ms",
        "heartbeat_ms",
        "route_refresh_ms",
        "pull_batch",
        "pull_threshold",
        "failure_ppm",
        "poison_every",
        "max_reconsume_times",
    ],
};

/// A producer may not take the server's name.
fn check_producer(path: &str, p: &ProducerSpec, c: &mut Checker) {
    if p.name == SERVER_NAME {
        c.push(format!("{path}.name"), ErrorKind::NameTaken { name: p.name.clone() });
    }
    refuse_in_producer(KIND, path, p, c);
}

/// The mode decides when an item counts as consumed; `ack: auto` would contradict `reliable`.
fn check_group(path: &str, g: &ConsumerGroupSpec, mode: QueueMode, c: &mut Checker) {
    if g.ack == AckMode::Auto && mode == QueueMode::Reliable {
        c.push(format!("{path}.ack"), ErrorKind::ReliableModeNeedsManualAck);
    }
    refuse_in_group(KIND, path, g, c);
}
