//! The message kinds a cluster sends, so that the legend lists only those: a single RabbitMQ node
//! replicates nothing, RocketMQ holds no elections, and only a group that deduplicates calls a
//! store. The lists are held to every shipped scenario's trace by `tests/legend_kinds.rs`. Also
//! whether the cluster replicates at all, for the legend's and the scoreboard's replication items.

use crate::i18n::{explain, Lang};
use crate::scenario::clients::Dedup;
use crate::scenario::model::Scenario;
use crate::scenario::systems::redis_queue::{Persistence, QueueMode};
use crate::scenario::systems::{System, SystemKind};
use crate::sim::wire::MsgKind;

/// The kinds scenario `s` can put on the wire, in the legend's order.
pub fn kinds_sent(s: &Scenario) -> Vec<MsgKind> {
    let never = never_sent_by(&s.system);
    let dedup = s.consumer_groups.iter().any(|g| g.dedup != Dedup::None);
    MsgKind::ALL
        .iter()
        .copied()
        .filter(|k| !never.contains(k) && !off_in(s, *k) && (*k != MsgKind::Dedup || dedup))
        .collect()
}

/// Columns of names, a Chinese character two, that the legend's message row holds in two lines at
/// 1280x720 with their swatches (four columns each): RocketMQ's twelve English names take 211,
/// Kafka's, which carry their API in brackets, over 300 and a third line the band has no room for.
const TWO_LINES_OF_KINDS: usize = 250;

/// The legend's names for `kinds`, each with the full name for its tooltip where the name shown is
/// shorter: the kinds in their system's words, or, where those would not fit in two lines (see
/// `TWO_LINES_OF_KINDS`), without their bracketed detail ("fetch request", not "fetch request
/// (Fetch)"), which the tooltip, the inspector and the fault menu keep.
pub fn kind_labels(kinds: &[MsgKind], system: SystemKind, lang: Lang) -> Vec<(&'static str, Option<&'static str>)> {
    let full: Vec<&'static str> = kinds.iter().map(|&k| explain::kind(k, system, lang)).collect();
    let columns = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    if full.iter().map(|name| columns(name) + 4).sum::<usize>() <= TWO_LINES_OF_KINDS {
        return full.into_iter().map(|name| (name, None)).collect();
    }
    full.into_iter()
        .map(|name| match name.find(['(', '（']) {
            Some(i) => (name[..i].trim_end(), Some(name)),
            None => (name, None),
        })
        .collect()
}

/// What the system sends only with some of its settings: a Redis list acknowledges by the pop
/// itself, so only the reliable queue sends an LREM and runs the recovery job, and only a delayed
/// queue polls its sorted set. A cluster that copies nothing between servers (`replicates`) sends
/// no replication.
fn off_in(s: &Scenario, k: MsgKind) -> bool {
    if matches!(k, MsgKind::Replicate | MsgKind::ReplicateAck) && !replicates(s) {
        return true;
    }
    match (&s.system, k) {
        (System::RedisQueue(r), MsgKind::ConsumerAck | MsgKind::Rebalance) => r.mode != QueueMode::Reliable,
        (System::RedisQueue(r), MsgKind::Heartbeat) => !r.delayed,
        _ => false,
    }
}

/// Whether the cluster copies messages from one server to another, so that the page has something
/// to show as replicated (RocketMQ's slaves) or committed (Kafka's high watermark, Raft's commit
/// index). A single RabbitMQ node, the Redis server, a RocketMQ master without slaves and a Kafka
/// topic with replication factor 1 (a leader, no followers) do not: their "replicated" count and
/// legend entries would only ever say nothing.
pub fn replicates(s: &Scenario) -> bool {
    match &s.system {
        System::Rocketmq => s.brokers.slaves > 0,
        System::Kafka(k) => k.replication_factor > 1,
        System::Raft(r) => r.replicas > 1,
        System::Rabbitmq(_) | System::RedisQueue(_) => false,
    }
}

/// Whether the servers' strips can show entries written but not yet on disk, so that the legend's
/// "not yet flushed" and "flushed" mean something there. A Raft replica that fsyncs every write
/// before it answers (the default) never has such an entry, nor does a Kafka broker as drawn
/// (its safe mark is the high watermark), nor a RabbitMQ queue or Redis server that keeps
/// nothing on disk.
pub fn flushes(s: &Scenario) -> bool {
    match &s.system {
        System::Rocketmq => true,
        System::Kafka(_) => false,
        System::Raft(r) => !r.fsync,
        System::Rabbitmq(r) => r.durable && r.persistent,
        System::RedisQueue(r) => r.persistence != Persistence::None,
    }
}

/// What the system's nodes never send, whatever the scenario.
fn never_sent_by(system: &System) -> &'static [MsgKind] {
    use MsgKind::*;
    match system {
        System::Rocketmq => &[Election],
        System::Kafka(_) => &[SendBack],
        // Deliveries are pushed (basic.deliver), so a PullResult has no Pull before it; a nack or
        // reject goes back as a SendBack.
        System::Rabbitmq(_) => &[Pull, Replicate, ReplicateAck, Route, Rebalance, Election],
        System::Raft(_) => &[Route, Rebalance, SendBack],
        System::RedisQueue(_) => &[Replicate, ReplicateAck, Route, SendBack, Election],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets::load;

    #[test]
    fn the_legend_drops_bracketed_detail_only_where_full_names_take_a_third_line() {
        let labels = |preset: &str, lang| {
            let s = load(preset).expect("the preset");
            kind_labels(&kinds_sent(&s), s.system.which(), lang)
        };
        for lang in [Lang::En, Lang::Zh] {
            // RocketMQ's names fit: SEND_OK stays in the legend.
            let rocket = labels("standard", lang);
            assert!(rocket.iter().all(|(_, full)| full.is_none()), "{rocket:?}");
            assert!(rocket.iter().any(|(name, _)| name.contains("SEND_OK")));
            // Kafka's do not: the API names go to the tooltips, and every entry keeps its name.
            let kafka = labels("kafka-acks1-leader-dies", lang);
            assert!(kafka.iter().any(|(_, full)| full.is_some()));
            for (name, full) in &kafka {
                assert!(!name.contains(['(', '（']) && !name.is_empty(), "{name}");
                assert!(full.is_none_or(|f| f.starts_with(name)), "{name} / {full:?}");
            }
        }
        assert!(labels("kafka-acks1-leader-dies", Lang::En).contains(&("fetch request", None)));
        assert!(labels("kafka-acks1-leader-dies", Lang::Zh).contains(&("拉取请求", Some("拉取请求（Fetch）"))));
    }

    #[test]
    fn a_kafka_topic_without_followers_replicates_nothing() {
        let mut s = load("kafka-acks1-leader-dies").expect("the preset");
        assert!(replicates(&s));
        let System::Kafka(k) = &mut s.system else { panic!("a Kafka preset") };
        k.replication_factor = 1;
        assert!(!replicates(&s), "replication factor 1: no follower, nothing to count as replicated");
        let kinds = kinds_sent(&s);
        assert!(!kinds.contains(&MsgKind::Replicate) && !kinds.contains(&MsgKind::ReplicateAck), "{kinds:?}");
        // What such a topic does send (fetches, commits) is still listed.
        assert!(kinds.contains(&MsgKind::Pull));
    }

    #[test]
    fn a_raft_log_that_fsyncs_every_write_has_nothing_unflushed_to_explain() {
        let mut s = load("raft-leader-killed").expect("the preset");
        assert!(!flushes(&s), "fsync on: every entry is on disk before the replica answers");
        let System::Raft(r) = &mut s.system else { panic!("a Raft preset") };
        r.fsync = false;
        assert!(flushes(&s), "DLedger's periodic flush: a tail can be written and not yet flushed");
        assert!(flushes(&load("standard").expect("the preset")));
        assert!(!flushes(&load("kafka-acks1-leader-dies").expect("the preset")));
    }

    #[test]
    fn a_redis_list_offers_no_ack_and_no_recovery_job() {
        let list = kinds_sent(&load("redis-queue-brpop-consumer-crash").expect("the preset"));
        assert!(!list.contains(&MsgKind::ConsumerAck) && !list.contains(&MsgKind::Rebalance), "{list:?}");
        assert!(!list.contains(&MsgKind::Heartbeat), "no delayed set to poll: {list:?}");
        let reliable = kinds_sent(&load("redis-queue-reliable-consumer-crash").expect("the preset"));
        assert!(reliable.contains(&MsgKind::ConsumerAck) && reliable.contains(&MsgKind::Rebalance), "{reliable:?}");
        let rabbit = kinds_sent(&load("rabbitmq-manual-ack-consumer-crash").expect("the preset"));
        assert!(!rabbit.contains(&MsgKind::Pull), "deliveries are pushed: {rabbit:?}");
    }
}
