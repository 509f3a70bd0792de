//! The configurations a comparison can run, and the predefined comparisons of the lessons. A
//! variant changes settings only, never the workload, the fault schedule or the seed: every
//! difference between two rows is then the setting's doing.

use super::Comparison;
use crate::i18n::Lang;
use crate::scenario::error::ScenarioError;
use crate::scenario::model::ScheduledFault;
use crate::scenario::model::{AckMode, Dedup, DedupKeyKind, Flush, ReliableProducer, Replication, Scenario};
use crate::scenario::presets;
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
}

impl Variant {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_en, self.name_zh)
    }

    /// The base with this configuration; the title says which, so the lab shows it when opened.
    pub fn apply_to(&self, base: &Scenario) -> Scenario {
        let mut s = base.clone();
        (self.apply)(&mut s);
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
        Variant { id: $id, name_en: $en, name_zh: $zh, apply: $apply }
    };
}

/// Every configuration there is, grouped by the setting it changes (two or three per setting).
pub static VARIANTS: &[Variant] = &[
    variant!("replication-async", "ASYNC_MASTER", "ASYNC_MASTER 异步复制", |s| s.brokers.replication =
        Replication::Async),
    variant!("replication-sync", "SYNC_MASTER", "SYNC_MASTER 同步双写", |s| s.brokers.replication =
        Replication::Sync),
    variant!("flush-async", "ASYNC_FLUSH", "ASYNC_FLUSH 异步刷盘", |s| s.brokers.flush = Flush::Async),
    variant!("flush-sync", "SYNC_FLUSH", "SYNC_FLUSH 同步刷盘", |s| s.brokers.flush = Flush::Sync),
    variant!("ack-auto", "Auto ack", "自动 ack", |s| each_group(s, |g| g.ack = AckMode::Auto)),
    variant!("ack-manual", "Manual ack", "手动 ack", |s| each_group(s, |g| g.ack = AckMode::Manual)),
    variant!("dedup-none", "No dedup", "不去重", |s| each_group(s, |g| g.dedup = Dedup::None)),
    variant!("dedup-db", "Dedup: DB unique key", "去重：数据库唯一键", |s| each_group(s, |g| g.dedup =
        Dedup::DbUniqueKey { key: DedupKeyKind::BusinessKey })),
    variant!("dedup-redis", "Dedup: Redis SETNX", "去重：Redis SETNX", |s| each_group(s, |g| g.dedup =
        Dedup::RedisSetnx { key: DedupKeyKind::BusinessKey, ttl_ms: 60_000 })),
    variant!("producer-plain", "Plain producer", "普通生产者", |s| each_producer(s, |p| p.reliable = None)),
    variant!("producer-reliable", "Reliable producer", "可靠生产者", |s| each_producer(s, |p| p.reliable =
        Some(ReliableProducer::default()))),
];

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
    s.title = "A master restarts: only what was flushed survives".to_string();
    s.notes = "Multi-master, no slaves. broker-a's machine dies at 10 s and restarts at 15 s from its disk: \
               messages acknowledged but not yet flushed are gone."
        .to_string();
    s.brokers.slaves = 0;
    let node = "broker-a/master".to_string();
    s.faults = vec![
        ScheduledFault { at_ms: 10_000, command: Command::Crash { node: node.clone() } },
        ScheduledFault { at_ms: 15_000, command: Command::Restart { node } },
    ];
    Ok(s)
}

static PREDEFINED: &[Predefined] = &[
    Predefined {
        id: "replication",
        name_en: "Replication: ASYNC_MASTER vs SYNC_MASTER under a master crash",
        name_zh: "复制：master 宕机时 ASYNC_MASTER 与 SYNC_MASTER 对比",
        lesson_en: "Async replication loses the acknowledged tail the slave never got; sync double write loses nothing and pays in latency.",
        lesson_zh: "异步复制会丢失 slave 尚未收到的已确认尾部消息；同步双写不丢消息，代价是延迟。",
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
        lesson_en: "Async flush loses the acknowledged messages still in the page cache; sync flush keeps them and pays in latency.",
        lesson_zh: "异步刷盘会丢失还在页缓存中的已确认消息；同步刷盘保住它们，代价是延迟。",
        base: master_restart,
        variants: &["flush-async", "flush-sync"],
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
