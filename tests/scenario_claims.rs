//! Each shipped scenario claims something about the cluster (see its notes); these tests hold the
//! engine to it, on the report a learner would read: the counts, and the causes of each anomaly.

mod common;

use common::report;
use mqlab::report::RunReport;
use mqlab::sim::audit::explain::Cause;
use mqlab::sim::audit::lifecycle::CopyLoss;
use mqlab::sim::audit::report::AnomalyKind;
use mqlab::sim::run::RunOutcome;

fn anomalies(o: &RunOutcome, kind: AnomalyKind) -> Vec<&mqlab::sim::audit::report::Anomaly> {
    o.summary.anomalies.iter().filter(|a| a.kind == kind).collect()
}

fn node(o: &RunOutcome, name: &str) -> mqlab::sim::ids::NodeId {
    o.world.topology().find(name).unwrap_or_else(|| panic!("no node {name}"))
}

fn assert_drained(r: &RunReport) {
    assert!(r.drained, "{}: not drained: {:?}", r.title, r.undrained);
}

#[test]
fn async_replication_master_crash_loses_the_unreplicated_tail() {
    let (o, r) = report("async-replication-master-crash");
    assert_drained(&r);
    let c = &r.counts;
    assert!(c.lost > 0, "{c:?}");
    assert_eq!(c.lost, c.stored - c.replicated, "exactly the messages no slave copied are lost: {c:?}");
    assert_eq!(c.acked, c.produced);
    let master = node(&o, "broker-a/master");
    for a in anomalies(&o, AnomalyKind::Lost) {
        assert!(matches!(a.causes[0], Cause::Acked { broker, .. } if broker == master), "{:?}", a.causes);
        assert!(
            a.causes
                .iter()
                .any(|c| matches!(c, Cause::CopyDestroyed { node, how: CopyLoss::Unflushed, .. } if *node == master)
                    || matches!(c, Cause::Stranded { node, .. } if *node == master)),
            "{:?}",
            a.causes
        );
        assert!(a.causes.contains(&Cause::NoSlaveCopy) || a.causes.iter().any(|c| matches!(c, Cause::Stranded { .. })));
    }
    assert!(r.anomalies[0].text.contains("broker-a/master's machine crashed at 10.000 s"), "{}", r.anomalies[0].text);
}

#[test]
fn all_masters_down_the_restarted_master_reuses_a_position_the_group_had_read() {
    // The price lesson: sends fail while no master runs; when broker-a's master returns without its
    // unflushed tail, a new message takes a queue position the consumers already read from the
    // slave, and they skip it.
    let (o, r) = report("all-masters-down");
    assert_drained(&r);
    let c = &r.counts;
    assert!(c.send_failed > 0, "{c:?}");
    assert!(c.lost > 0 && c.lost < 10, "{c:?}");
    let master = node(&o, "broker-a/master");
    for a in anomalies(&o, AnomalyKind::Lost) {
        assert!(matches!(a.causes[0], Cause::Acked { broker, .. } if broker == master), "{:?}", a.causes);
        assert!(
            a.causes.iter().any(|c| matches!(c, Cause::PositionReused { node, .. } if *node == master)),
            "{:?}",
            a.causes
        );
        assert!(!a.causes.contains(&Cause::NeverDelivered));
    }
    let lost = r.anomalies.iter().find(|a| a.kind == AnomalyKind::Lost).expect("a loss");
    assert!(lost.text.contains("a position the group had already read"), "{}", lost.text);
}

#[test]
fn sync_double_write_master_crash_loses_nothing() {
    let (_, r) = report("sync-double-write-master-crash");
    assert_drained(&r);
    let c = &r.counts;
    assert_eq!(c.lost, 0, "{:?}", r.anomalies.first());
    assert_eq!(c.processed, c.acked);
    assert_eq!(c.replicated, c.stored, "every stored message reached the slave");
}

/// The median time from a message's first send to its SEND_OK, before the crash at 10 s.
fn median_send_ok_us(name: &str) -> u64 {
    use mqlab::sim::trace::TraceKind;
    use mqlab::sim::wire::SendStatus;
    let o = mqlab::sim::run::run(&common::scenario(name), &[], true).expect("run");
    let mut sent = std::collections::BTreeMap::new();
    let mut waits = Vec::new();
    for e in o.trace.iter().filter(|e| e.at.as_us() < 9_000_000) {
        match &e.kind {
            TraceKind::SendAttempt { msg, .. } => {
                sent.entry(msg.key).or_insert(e.at);
            }
            TraceKind::SendResult { msg, status: SendStatus::SendOk, .. } => {
                if let Some(t) = sent.remove(&msg.key) {
                    waits.push(e.at.since(t));
                }
            }
            _ => {}
        }
    }
    waits.sort_unstable();
    waits[waits.len() / 2]
}

/// The HA lesson: the price of sync double write is latency, a round trip to the slave per send.
#[test]
fn sync_double_write_doubles_the_wait_for_send_ok() {
    let (async_us, sync_us) =
        (median_send_ok_us("async-replication-master-crash"), median_send_ok_us("sync-double-write-master-crash"));
    assert!((1_000..1_500).contains(&async_us), "async: {async_us} µs");
    assert!((2_000..3_000).contains(&sync_us), "sync: {sync_us} µs");
}

#[test]
fn auto_ack_consumer_crash_loses_its_buffered_messages() {
    let (o, r) = report("auto-ack-consumer-crash");
    assert_drained(&r);
    assert!(r.counts.lost > 10, "{:?}", r.counts);
    assert_eq!(r.counts.duplicate_effects, 0);
    let c1 = node(&o, "billing/c1");
    for a in anomalies(&o, AnomalyKind::Lost) {
        assert!(
            a.causes.iter().any(|c| matches!(c, Cause::DeliveredWithAutoAck { consumer, .. } if *consumer == c1)),
            "{:?}",
            a.causes
        );
        assert!(
            a.causes.iter().any(|c| matches!(c, Cause::ConsumerCrashed { consumer, .. } if *consumer == c1)),
            "{:?}",
            a.causes
        );
    }
}

#[test]
fn manual_ack_consumer_crash_redelivers_instead_of_losing() {
    let (o, r) = report("manual-ack-consumer-crash");
    assert_drained(&r);
    assert_eq!(r.counts.lost, 0);
    assert!(r.counts.redelivered > 0 && r.counts.duplicate_effects > 0, "{:?}", r.counts);
    let c1 = node(&o, "billing/c1");
    for a in anomalies(&o, AnomalyKind::DuplicateEffect) {
        assert!(
            a.causes.iter().any(|c| matches!(c, Cause::ConsumerCrashed { consumer, .. } if *consumer == c1)),
            "{:?}",
            a.causes
        );
    }
}

#[test]
fn manual_ack_dropped_ack_redelivers_and_doubles_the_side_effect() {
    let (o, r) = report("manual-ack-dropped-ack");
    assert_drained(&r);
    let c = &r.counts;
    assert_eq!(c.lost, 0);
    assert!(c.redelivered > 0 && c.duplicate_effects > 0, "{c:?}");
    assert_eq!(c.dedup_caught, 0);
    let dups = anomalies(&o, AnomalyKind::DuplicateEffect);
    assert_eq!(dups.len() as u64, c.duplicate_effects);
    let with_dropped_ack =
        dups.iter().filter(|a| a.causes.iter().any(|c| matches!(c, Cause::AckDropped { .. }))).count();
    assert!(with_dropped_ack * 2 > dups.len(), "most duplicates name the lost ack: {with_dropped_ack}/{}", dups.len());
    assert!(r.anomalies[0].text.contains("consumer ack (offset commit) from billing/c1"), "{}", r.anomalies[0].text);
}

#[test]
fn db_unique_key_catches_the_redelivery() {
    let (o, r) = report("manual-ack-dropped-ack-db-dedup");
    let (_, plain) = report("manual-ack-dropped-ack");
    assert_drained(&r);
    let c = &r.counts;
    assert_eq!((c.lost, c.duplicate_effects), (0, 0), "{c:?}");
    assert_eq!(c.duplicate_deliveries, plain.counts.duplicate_deliveries, "the same redeliveries happen");
    assert_eq!(c.dedup_caught, c.duplicate_deliveries, "and every one is caught");
    let db = o.world.topology().db.expect("a db node");
    for a in anomalies(&o, AnomalyKind::DuplicateCaught) {
        assert!(matches!(a.causes.last(), Some(Cause::CaughtBy { store, .. }) if *store == db), "{:?}", a.causes);
    }
}

#[test]
fn reliable_producer_resends_after_a_lost_send_ok_and_dedup_catches_it() {
    let (o, r) = report("reliable-producer-dropped-send-ok");
    assert_drained(&r);
    let c = &r.counts;
    assert_eq!((c.lost, c.duplicate_effects), (0, 0), "{c:?}");
    assert_eq!(c.duplicate_deliveries, 3, "three SEND_OKs lost, three resends: {c:?}");
    assert_eq!(c.dedup_caught, 3);
    for a in anomalies(&o, AnomalyKind::DuplicateCaught) {
        assert!(a.causes.iter().any(|c| matches!(c, Cause::ProducerResent { .. })), "{:?}", a.causes);
        assert!(a.causes.iter().any(|c| matches!(c, Cause::SendResultDropped { .. })), "{:?}", a.causes);
    }
}

#[test]
fn peak_shaving_absorbs_the_burst_in_the_backlog() {
    let (o, r) = report("peak-shaving-burst");
    assert_drained(&r);
    assert_eq!(r.counts.lost, 0);
    assert_eq!(r.counts.processed, r.counts.produced);
    let series = o.auditor.series();
    let produced_peak = series.iter().map(|s| s.produced).max().unwrap_or(0);
    let processed_peak = series.iter().map(|s| s.processed[0]).max().unwrap_or(0);
    let backlog_peak = series.iter().map(|s| s.backlog[0]).max().unwrap_or(0);
    // Two consumers at 20 ms a message: 100 a second, while the burst brings 400 a second.
    assert!(produced_peak >= 390, "burst rate {produced_peak}/s");
    assert!(processed_peak <= 105, "the consumers never exceed their pace: {processed_peak}/s");
    assert!(backlog_peak > 2_000, "the queue holds the burst: peak backlog {backlog_peak}");
    assert_eq!(series.last().map(|s| s.backlog[0]), Some(0), "and drains it");
    assert_eq!(r.backlog_peaks[0].messages, backlog_peak, "the report shows the peak");
}

#[test]
fn redis_setnx_claim_then_crash_skips_a_message() {
    let (o, r) = report("redis-setnx-crash-skips");
    assert_drained(&r);
    assert!(r.counts.lost >= 1, "{:?}", r.counts);
    assert_eq!(r.counts.duplicate_effects, 0);
    let c1 = node(&o, "billing/c1");
    for a in anomalies(&o, AnomalyKind::Lost) {
        let has = |f: &dyn Fn(&Cause) -> bool| a.causes.iter().any(f);
        assert!(has(&|c| matches!(c, Cause::ClaimedInRedis { consumer, .. } if *consumer == c1)), "{:?}", a.causes);
        assert!(has(&|c| matches!(c, Cause::ConsumerCrashed { consumer, .. } if *consumer == c1)), "{:?}", a.causes);
        assert!(has(&|c| matches!(c, Cause::SkippedAsDuplicate { .. })), "{:?}", a.causes);
    }
}

#[test]
fn redis_ttl_shorter_than_redelivery_lets_duplicates_through() {
    let (o, r) = report("redis-ttl-too-short");
    assert_drained(&r);
    assert!(r.counts.duplicate_effects > 0, "{:?}", r.counts);
    let dups = anomalies(&o, AnomalyKind::DuplicateEffect);
    assert!(
        dups.iter().all(|a| a.causes.iter().any(|c| matches!(c, Cause::RedisKeyExpired { .. }))),
        "{:?}",
        dups[0].causes
    );
}

#[test]
fn poison_messages_end_in_the_dlq_after_sixteen_retries() {
    let (o, r) = report("retries-to-dlq");
    assert_drained(&r);
    assert_eq!(r.counts.in_dlq, 4, "every 50th of 200 orders is poison");
    assert_eq!(r.counts.lost, 0);
    assert_eq!(r.counts.processed + r.counts.in_dlq, r.counts.produced);
    for a in anomalies(&o, AnomalyKind::DeadLettered) {
        assert!(matches!(a.causes[0], Cause::DeadLettered { deliveries: 17, .. }), "{:?}", a.causes);
    }
}

#[test]
fn the_standard_cluster_without_faults_is_clean() {
    let (_, r) = report("standard");
    assert_drained(&r);
    assert_eq!(r.anomaly_count, 0, "{:?}", r.anomalies.first());
    assert_eq!(r.counts.processed, r.counts.produced);
}

#[test]
fn every_shipped_scenario_drains() {
    for name in common::shipped() {
        let (_, r) = report(&name);
        assert_drained(&r);
    }
}

/// The inspector's view of one message: its lifecycle, filtered from the trace.
#[test]
fn a_lost_message_lifecycle_shows_it_acked_and_never_delivered() {
    use mqlab::sim::trace::{lifecycle, TraceKind};
    let s = common::scenario("async-replication-master-crash");
    let o = mqlab::sim::run::run(&s, &[], true).unwrap_or_else(|e| panic!("{e}"));
    let lost = anomalies(&o, AnomalyKind::Lost);
    let key = lost.first().map(|a| a.key).unwrap_or_else(|| panic!("a lost message"));
    let events = lifecycle(&o.trace, key);
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| match e.kind {
            TraceKind::Produced { .. } => "produced",
            TraceKind::SendAttempt { .. } => "attempt",
            TraceKind::Stored { .. } => "stored",
            TraceKind::SendResult { .. } => "result",
            TraceKind::Delivered { .. } => "delivered",
            _ => "other",
        })
        .filter(|k| *k != "other")
        .collect();
    assert_eq!(kinds, vec!["produced", "attempt", "stored", "result"], "{events:?}");
}
