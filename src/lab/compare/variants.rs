//! The configurations a comparison can run, and the predefined comparisons of the lessons. A
//! variant changes settings only, never the workload, the fault schedule or the seed: every
//! difference between two rows is then the setting's doing.

use super::Comparison;
use crate::i18n::Lang;
use crate::scenario::error::ScenarioError;
use crate::scenario::model::ScheduledFault;
use crate::scenario::model::System;
use crate::scenario::model::{AckMode, Dedup, DedupKeyKind, Flush, ReliableProducer, Replication, Scenario};
use crate::scenario::presets;
use crate::scenario::systems::kafka::Acks;
use crate::scenario::systems::redis_queue::{Persistence, QueueMode};
use crate::scenario::systems::{KafkaSettings, RabbitSettings, RaftSettings, RedisQueueSettings};
use crate::sim::command::Command;

/// One configuration: a name and what it sets.
#[derive(Debug)]
pub struct Variant {
    pub id: &'static str,
    pub name_en: &'static str,
    pub name_zh: &'static str,
    /// Sets the configuration on a copy of the base (every broker group, producer or consumer
    /// group alike).
    pub apply: fn(&mut Scenario),
    /// A setting only RocketMQ has (its replication, flush, message table): on another system it
    /// would change nothing.
    pub rocketmq_only: bool,
}

impl Variant {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_en, self.name_zh)
    }

    /// Whether it changes anything on this scenario's system.
    pub fn applies_to(&self, s: &Scenario) -> bool {
        !self.rocketmq_only || s.system.is_rocketmq()
    }

    /// The base with this configuration; the title and notes say which, so the lab shows it when
    /// opened (`notes::shown_name`, `notes::translated` put them in the page's language).
    pub fn apply_to(&self, base: &Scenario) -> Scenario {
        let mut s = base.clone();
        (self.apply)(&mut s);
        s.notes = if s.system.kind() == base.system.kind() {
            super::notes::of_variant(self, &s.notes, base, &s)
        } else {
            super::notes::of_system_variant(self, base, &s)
        };
        let title = format!("{} [{}]", base.title, self.name_en);
        s.title =
            if title.chars().count() <= crate::scenario::limits::MAX_TITLE_CHARS { title } else { base.title.clone() };
        s
    }
}

fn each_group(s: &mut Scenario, f: impl Fn(&mut crate::scenario::model::ConsumerGroupSpec)) {
    s.consumer_groups.iter_mut().for_each(f);
}

fn each_producer(s: &mut Scenario, f: impl Fn(&mut crate::scenario::model::ProducerSpec)) {
    s.producers.iter_mut().for_each(f);
}

macro_rules! variant {
    ($id:literal, $en:literal, $zh:literal, $apply:expr) => {
        Variant { id: $id, name_en: $en, name_zh: $zh, apply: $apply, rocketmq_only: false }
    };
    (rocketmq: $id:literal, $en:literal, $zh:literal, $apply:expr) => {
        Variant { id: $id, name_en: $en, name_zh: $zh, apply: $apply, rocketmq_only: true }
    };
}

/// Every configuration there is, grouped by the setting it changes (two or three per setting).
pub static VARIANTS: &[Variant] = &[
    variant!(rocketmq: "replication-async", "ASYNC_MASTER", "ASYNC_MASTER 异步复制", |s| s.brokers.replication =
        Replication::Async),
    variant!(rocketmq: "replication-sync", "SYNC_MASTER", "SYNC_MASTER 同步双写", |s| s.brokers.replication =
        Replication::Sync),
    variant!(rocketmq: "flush-async", "ASYNC_FLUSH", "ASYNC_FLUSH 异步刷盘", |s| s.brokers.flush = Flush::Async),
    variant!(rocketmq: "flush-sync", "SYNC_FLUSH", "SYNC_FLUSH 同步刷盘", |s| s.brokers.flush = Flush::Sync),
    variant!("ack-auto", "Auto ack", "自动 ack", |s| each_group(s, |g| g.ack = AckMode::Auto)),
    variant!("ack-manual", "Manual ack", "手动 ack", |s| each_group(s, |g| g.ack = AckMode::Manual)),
    variant!("dedup-none", "No dedup", "不去重", |s| each_group(s, |g| g.dedup = Dedup::None)),
    // A group already deduplicating this way keeps its key and TTL, a producer already reliable
    // its timings: the variant sets what it names, and the base's notes may quote the rest.
    variant!("dedup-db", "Dedup: DB unique key", "去重：数据库唯一键", |s| each_group(s, |g| {
        if !matches!(g.dedup, Dedup::DbUniqueKey { .. }) {
            g.dedup = Dedup::DbUniqueKey { key: DedupKeyKind::BusinessKey };
        }
    })),
    variant!("dedup-redis", "Dedup: Redis SETNX", "去重：Redis SETNX", |s| each_group(s, |g| {
        if !matches!(g.dedup, Dedup::RedisSetnx { .. }) {
            g.dedup = Dedup::RedisSetnx { key: DedupKeyKind::BusinessKey, ttl_ms: 60_000 };
        }
    })),
    variant!(rocketmq: "producer-plain", "Plain producer", "普通生产者", |s| each_producer(s, |p| p.reliable = None)),
    variant!(rocketmq: "producer-reliable", "Reliable producer", "可靠生产者", |s| each_producer(s, |p| {
        p.reliable.get_or_insert_with(ReliableProducer::default);
    })),
    // The same story on each system of the article (`systems::on_system`): faults on a server move
    // to the server in the same place, the first being the leader of the first queue.
    variant!("system-rocketmq-async", "RocketMQ, ASYNC_MASTER", "RocketMQ，异步复制", |s| {
        to_system(s, System::Rocketmq);
        s.brokers.replication = Replication::Async;
    }),
    variant!("system-rocketmq-sync", "RocketMQ, SYNC_MASTER", "RocketMQ，同步双写", |s| {
        to_system(s, System::Rocketmq);
        s.brokers.replication = Replication::Sync;
    }),
    variant!("system-kafka-acks1", "Kafka, acks=1", "Kafka，acks=1", |s| {
        let k = KafkaSettings { acks: Acks::One, ..kafka_of(s) };
        to_system(s, System::Kafka(k))
    }),
    variant!(
        "system-kafka-acks-all",
        "Kafka, acks=all, min.insync.replicas=2",
        "Kafka，acks=all，min.insync.replicas=2",
        |s| {
            let k = KafkaSettings { acks: Acks::All, min_insync_replicas: 2, ..kafka_of(s) };
            to_system(s, System::Kafka(k))
        }
    ),
    variant!(
        "system-rabbitmq",
        "RabbitMQ, durable + persistent + confirms",
        "RabbitMQ，持久化队列 + 持久化消息 + 发布确认",
        |s| {
            let r = RabbitSettings { durable: true, persistent: true, confirms: true, ..rabbit_of(s) };
            to_system(s, System::Rabbitmq(r))
        }
    ),
    variant!("system-raft", "Raft queue, 3 replicas (DLedger)", "Raft 队列，3 副本（DLedger）", |s| {
        let r = RaftSettings { replicas: 3, ..raft_of(s) };
        to_system(s, System::Raft(r))
    }),
    variant!(
        "system-redis-list",
        "Redis list (BRPOP), AOF everysec",
        "Redis 列表（BRPOP），AOF 每秒刷盘",
        |s| {
            let r = RedisQueueSettings { mode: QueueMode::List, persistence: Persistence::AofEverysec, ..redis_of(s) };
            to_system(s, System::RedisQueue(r))
        }
    ),
    variant!(
        "system-redis-reliable",
        "Redis reliable queue (BRPOPLPUSH), AOF everysec",
        "Redis 可靠队列（BRPOPLPUSH），AOF 每秒刷盘",
        |s| {
            let r =
                RedisQueueSettings { mode: QueueMode::Reliable, persistence: Persistence::AofEverysec, ..redis_of(s) };
            to_system(s, System::RedisQueue(r));
            each_group(s, |g| g.ack = AckMode::Manual);
        }
    ),
];

// A system variant on a scenario already on that system sets only what its name says and keeps
// the base's other settings of the system (a RabbitMQ preset's prefetch, a Kafka preset's
// timeouts), which the base's notes may quote; on another system it starts from the defaults.
fn kafka_of(s: &Scenario) -> KafkaSettings {
    if let System::Kafka(k) = &s.system {
        k.clone()
    } else {
        KafkaSettings::default()
    }
}

fn rabbit_of(s: &Scenario) -> RabbitSettings {
    if let System::Rabbitmq(r) = &s.system {
        r.clone()
    } else {
        RabbitSettings::default()
    }
}

fn raft_of(s: &Scenario) -> RaftSettings {
    if let System::Raft(r) = &s.system {
        r.clone()
    } else {
        RaftSettings::default()
    }
}

fn redis_of(s: &Scenario) -> RedisQueueSettings {
    if let System::RedisQueue(r) = &s.system {
        r.clone()
    } else {
        RedisQueueSettings::default()
    }
}

/// Move the scenario to another system in place (see `systems::on_system`); a fault with no
/// counterpart there is left out, and the notes say how many.
fn to_system(s: &mut Scenario, system: System) {
    let (moved, dropped) = super::systems::on_system(s, system);
    *s = moved;
    if dropped > 0 {
        s.notes = format!("{} {}", s.notes, super::notes::left_out(dropped, Lang::En));
    }
}

/// The variant with this id.
pub fn variant(id: &str) -> Option<&'static Variant> {
    VARIANTS.iter().find(|v| v.id == id)
}

/// A comparison of the lessons: a base story and the configurations to run it under.
#[derive(Debug)]
pub struct Predefined {
    pub id: &'static str,
    pub name_en: &'static str,
    pub name_zh: &'static str,
    /// What the table should show, in one line.
    pub lesson_en: &'static str,
    pub lesson_zh: &'static str,
    base: fn() -> Result<Scenario, ScenarioError>,
    variants: &'static [&'static str],
}

impl Predefined {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_en, self.name_zh)
    }

    pub fn lesson(&self, lang: Lang) -> &'static str {
        lang.pick(self.lesson_en, self.lesson_zh)
    }

    pub fn comparison(&self) -> Result<Comparison, ScenarioError> {
        Ok(Comparison { base: (self.base)()?, variants: self.variants.iter().filter_map(|id| variant(id)).collect() })
    }
}

/// The flush lesson's story: multi-master (no slave to save the day), a master's machine dies at
/// 10 s and comes back at 15 s with only what it had flushed.
fn master_restart() -> Result<Scenario, ScenarioError> {
    let mut s = presets::load("async-replication-master-crash")?;
    s.title = super::notes::MASTER_RESTART_TITLE.0.to_string();
    s.notes = super::notes::MASTER_RESTART.0.to_string();
    s.brokers.slaves = 0;
    let node = "broker-a/master".to_string();
    s.faults = vec![
        ScheduledFault { at_ms: 10_000, command: Command::Crash { node: node.clone() } },
        ScheduledFault { at_ms: 15_000, command: Command::Restart { node } },
    ];
    Ok(s)
}

/// The first server dies at 10 s and comes back at 15 s (the HA story, with a restart).
fn leader_restarts() -> Result<Scenario, ScenarioError> {
    let mut s = presets::load("async-replication-master-crash")?;
    s.title = super::notes::LEADER_RESTARTS_TITLE.0.to_string();
    s.notes = super::notes::LEADER_RESTARTS.0.to_string();
    s.faults.push(ScheduledFault { at_ms: 15_000, command: Command::Restart { node: "broker-a/master".to_string() } });
    Ok(s)
}

/// Every system of the article, in one order for every cross-system comparison.
const SYSTEMS: &[&str] = &[
    "system-rocketmq-async",
    "system-rocketmq-sync",
    "system-kafka-acks1",
    "system-kafka-acks-all",
    "system-rabbitmq",
    "system-raft",
    "system-redis-list",
    "system-redis-reliable",
];

static PREDEFINED: &[Predefined] = &[
    Predefined {
        id: "replication",
        name_en: "Replication: ASYNC_MASTER vs SYNC_MASTER under a master crash",
        name_zh: "复制：master 宕机时 ASYNC_MASTER 与 SYNC_MASTER 对比",
        lesson_en: "Async replication loses the acknowledged tail the slave never got; sync double write loses nothing; each send waits for the slave.",
        lesson_zh: "异步复制会丢失 slave 尚未收到的已确认尾部消息；同步双写不丢消息，每次发送都要等 slave。",
        base: || presets::load("async-replication-master-crash"),
        variants: &["replication-async", "replication-sync"],
    },
    Predefined {
        id: "ack",
        name_en: "Consumer ack: auto vs manual under a consumer crash",
        name_zh: "消费确认：消费者宕机时自动 ack 与手动 ack 对比",
        lesson_en: "Auto ack loses what the dead consumer was holding; manual ack redelivers it (possibly twice).",
        lesson_zh: "自动 ack 会丢失宕机消费者手里的消息；手动 ack 会重新投递（可能重复）。",
        base: || presets::load("auto-ack-consumer-crash"),
        variants: &["ack-auto", "ack-manual"],
    },
    Predefined {
        id: "dedup",
        name_en: "Dedup: none vs DB vs Redis under a dropped ack",
        name_zh: "去重：ack 丢失时不去重、数据库、Redis 对比",
        lesson_en: "Without dedup the redelivered messages take effect twice; a DB unique key or a Redis key catches them.",
        lesson_zh: "不去重时重新投递的消息会产生两次副作用；数据库唯一键或 Redis 键能挡住它们。",
        base: || presets::load("manual-ack-dropped-ack"),
        variants: &["dedup-none", "dedup-db", "dedup-redis"],
    },
    Predefined {
        id: "flush",
        name_en: "Flush: ASYNC_FLUSH vs SYNC_FLUSH under a master restart",
        name_zh: "刷盘：master 重启时 ASYNC_FLUSH 与 SYNC_FLUSH 对比",
        lesson_en: "Async flush loses the acknowledged messages still in the page cache; sync flush keeps them; each send waits for the disk.",
        lesson_zh: "异步刷盘会丢失还在页缓存中的已确认消息；同步刷盘保住它们，每次发送都要等磁盘。",
        base: master_restart,
        variants: &["flush-async", "flush-sync"],
    },
    Predefined {
        id: "systems-leader-dies",
        name_en: "Every system: the first server dies for good",
        name_zh: "各系统对比：第一个服务器永久宕机",
        lesson_en: "Here the replicated systems lose nothing acknowledged except RocketMQ async, its unreplicated tail. Kafka acks=1 loses nothing only because its followers had fetched every record when the leader died; with a lagging follower it loses what only the leader had (the preset \"Kafka acks=1: the leader dies\"). A single RabbitMQ node or Redis server strands everything it held.",
        lesson_zh: "这里有副本的系统都没有丢失已确认的消息，只有 RocketMQ 异步复制丢了未复制的尾部。Kafka acks=1 没丢，只是因为 leader 宕机时 follower 已经拉取了全部记录；如果 follower 落后，就会丢掉只在 leader 上的记录（见预设“Kafka acks=1：leader 宕机”）。单节点的 RabbitMQ 或 Redis 则把它持有的一切都困在了宕机的机器上。",
        base: || presets::load("async-replication-master-crash"),
        variants: SYSTEMS,
    },
    Predefined {
        id: "systems-leader-restarts",
        name_en: "Every system: the first server restarts after 5 s",
        name_zh: "各系统对比：第一个服务器 5 秒后重启",
        lesson_en: "Confirmed RabbitMQ messages, Raft entries and Kafka's acks=all records survive a restart; Redis loses its last second, RocketMQ its unflushed tail (with SYNC_MASTER too: the slave drops what its restarted master lost, as in RocketMQ 5).",
        lesson_zh: "RabbitMQ 已确认的消息、Raft 的日志、Kafka acks=all 的记录都能熬过重启；Redis 丢了最后一秒，RocketMQ 丢了未刷盘的尾部（SYNC_MASTER 也一样：与 RocketMQ 5 相同，slave 会删掉重启后的 master 已丢失的内容）。",
        base: leader_restarts,
        variants: SYSTEMS,
    },
    Predefined {
        id: "systems-consumer-dies",
        name_en: "Every system: a consumer dies mid-work (manual ack)",
        name_zh: "各系统对比：消费者处理中途宕机（手动 ack）",
        lesson_en: "Acking after the work means redelivery, so duplicates: many where offsets are committed every 5 s, few where each message is acked; a Redis BRPOP still loses the item in hand.",
        lesson_zh: "处理完才确认意味着会重新投递，因此会有重复：每 5 秒提交一次位点的系统重复很多，逐条确认的很少；Redis 的 BRPOP 仍会丢掉手里那一条。",
        base: || presets::load("manual-ack-consumer-crash"),
        variants: SYSTEMS,
    },
];

/// The predefined comparisons, in the order of the lessons.
pub fn predefined() -> &'static [Predefined] {
    PREDEFINED
}

/// A comparison of the learner's own scenario under the chosen configurations (unknown ids are
/// skipped).
pub fn of_scenario(base: &Scenario, variant_ids: &[&str]) -> Comparison {
    Comparison { base: base.clone(), variants: variant_ids.iter().filter_map(|id| variant(id)).collect() }
}
