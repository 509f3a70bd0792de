//! Kafka's mechanisms one at a time, on variants of the shipped scenarios: the ISR shrinking after
//! replica.lag.time.max.ms and growing back, sessions, lost disks, lost messages of each kind,
//! the controller's crash, acks=0, auto.offset.reset, dedup, validation, the view, and seeds.

mod common;
mod kafka_common;

use common::scenario;
use kafka_common::*;
use mqlab::scenario::model::{AckMode, Dedup, DedupKeyKind, SendMode};
use mqlab::scenario::systems::kafka::{Acks, OffsetReset};
use mqlab::scenario::{validate_all, ErrorKind};
use mqlab::sim::audit::explain::Cause;
use mqlab::sim::audit::lifecycle::CopyLoss;
use mqlab::sim::audit::report::AnomalyKind;
use mqlab::sim::command::Command;
use mqlab::sim::systems::kafka::Event;
use mqlab::sim::systems::StripRole;
use mqlab::sim::time::SimTime;
use mqlab::sim::trace::{DropReason, TraceKind, TruncateReason};
use mqlab::sim::wire::MsgKind;

#[test]
fn a_paused_follower_leaves_the_isr_after_the_lag_time_and_rejoins_when_it_catches_up() {
    let mut s = scenario("kafka-acks-all");
    // A session longer than the pause, so that only the leader's lag check can drop it.
    kafka(&mut s).broker_session_timeout_ms = 90_000;
    s.faults = vec![
        fault(5_000, Command::Pause { node: "kafka2".into() }),
        fault(60_000, Command::Resume { node: "kafka2".into() }),
    ];
    s.duration_ms = 60_000;
    let o = run(&s);
    let kafka2 = node(&o, "kafka2");
    let shrunk: Vec<SimTime> = events(&o)
        .filter(|(_, e)| matches!(e, Event::IsrShrunk { removed, .. } if *removed == kafka2))
        .map(|(at, _)| at)
        .collect();
    // kafka2 follows orders-0 (from kafka1) and orders-2 (from kafka3); kafka2 leads orders-1,
    // whose leader nobody replaces while its session lives.
    assert_eq!(shrunk.len(), 2, "{shrunk:?}");
    for at in &shrunk {
        // Checked every 15 s: out of sync 30 s after it last caught up, dropped at the next check.
        assert!(*at >= SimTime::from_ms(35_000) && *at <= SimTime::from_ms(50_001), "{at}");
    }
    let expanded = events(&o).filter(|(at, e)| {
        *at >= SimTime::from_ms(60_000) && matches!(e, Event::IsrExpanded { added, .. } if *added == kafka2)
    });
    assert_eq!(expanded.count(), 2);
    assert_eq!(o.summary.counts.lost, 0);
}

#[test]
fn a_paused_broker_is_declared_dead_when_its_session_expires_first() {
    let mut s = scenario("kafka-acks-all");
    s.faults = vec![
        fault(5_000, Command::Pause { node: "kafka2".into() }),
        fault(40_000, Command::Resume { node: "kafka2".into() }),
    ];
    s.duration_ms = 40_000;
    let o = run(&s);
    let kafka2 = node(&o, "kafka2");
    let expired = events(&o).find(|(_, e)| matches!(e, Event::SessionExpired { broker } if *broker == kafka2));
    let at = expired.map(|(at, _)| at).expect("kafka2's session expires");
    assert!(at < SimTime::from_ms(23_001), "18 s after its last heartbeat: {at}");
    // It led orders-1: kafka3, the next in-sync replica, takes over.
    assert!(events(&o).any(
        |(_, e)| matches!(e, Event::LeaderElected { tp, leader, .. } if tp.queue == 1 && *leader == node(&o, "kafka3"))
    ));
    // Back from the pause, it registers again and catches up.
    assert!(events(&o).any(|(at, e)| at >= SimTime::from_ms(40_000)
        && matches!(e, Event::BrokerRegistered { broker } if *broker == kafka2)));
    let c = &o.summary.counts;
    assert_eq!((c.lost, c.duplicate_effects), (0, 0), "{c:?}");
}

#[test]
fn a_lost_disk_destroys_every_copy_on_it() {
    let mut s = scenario("kafka-acks1-leader-dies");
    s.faults.push(fault(12_000, Command::LoseDisk { node: "kafka1".into() }));
    let o = run(&s);
    let kafka1 = node(&o, "kafka1");
    let destroyed = o.trace.iter().filter(
        |e| matches!(e.kind, TraceKind::CopyLost { node, reason: TruncateReason::DiskLost, .. } if node == kafka1),
    );
    assert!(destroyed.count() > 1_000);
    assert!(o.summary.counts.lost > 0);
    for a in anomalies(&o, AnomalyKind::Lost) {
        let on_disk = a
            .causes
            .iter()
            .any(|c| matches!(c, Cause::CopyDestroyed { node, how: CopyLoss::DiskLost, .. } if *node == kafka1));
        assert!(on_disk, "{:?}", a.causes);
    }
}

#[test]
fn lost_messages_of_every_kind_are_recovered_by_timeouts_and_retries() {
    // Every kind a Kafka cluster sends (as its legend lists them).
    for kind in mqlab::lab::legend::kinds_sent(&scenario("kafka-acks-all")) {
        let mut s = scenario("kafka-acks-all");
        s.faults.push(fault(2_000, Command::DropNext { from: None, to: None, kind: Some(kind), count: 3 }));
        // A lost JoinGroup answer costs the member the rebalance timeout (305 s): once is enough.
        if kind != MsgKind::Rebalance {
            s.faults.push(fault(24_100, Command::DropNext { from: None, to: None, kind: Some(kind), count: 3 }));
        }
        let o = run(&s);
        let injected = |e: &&mqlab::sim::trace::TraceEvent| matches!(e.kind, TraceKind::NetDrop { kind: k, reason: DropReason::Injected, .. } if k == kind);
        assert!(o.trace.iter().filter(injected).count() >= 3, "{kind:?}: nothing was dropped");
        let c = &o.summary.counts;
        assert!(o.summary.drained, "{kind:?}: {:?}", o.world.drain_blockers(5));
        assert_eq!((c.lost, c.duplicate_effects, c.processed), (0, 0, c.produced), "{kind:?}: {c:?}");
    }
}

#[test]
fn a_lost_leader_change_reaches_the_broker_with_its_next_heartbeat() {
    let mut s = scenario("kafka-acks-all");
    // The election at ~24 s: kafka2 does not hear it is orders-0's leader.
    let drop = Command::DropNext {
        from: Some("controller".into()),
        to: Some("kafka2".into()),
        kind: Some(MsgKind::Election),
        count: 1,
    };
    s.faults.push(fault(23_000, drop));
    let o = run(&s);
    let dropped = o
        .trace
        .iter()
        .find(|e| matches!(e.kind, TraceKind::NetDrop { kind: MsgKind::Election, reason: DropReason::Injected, .. }));
    assert!(dropped.is_some_and(|e| e.at > SimTime::from_ms(23_000)));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!((c.lost, c.processed), (0, c.produced), "{c:?}");
}

#[test]
fn the_controller_crashing_stops_elections_not_traffic() {
    let mut s = scenario("kafka-acks-all");
    s.faults = vec![
        fault(8_000, Command::Crash { node: "controller".into() }),
        fault(20_000, Command::Restart { node: "controller".into() }),
    ];
    let o = run(&s);
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!((c.lost, c.duplicate_effects, c.processed), (0, 0, c.produced), "{c:?}");
    let during = o.trace.iter().filter(|e| e.at > SimTime::from_ms(8_100) && e.at < SimTime::from_ms(20_000));
    assert!(during.filter(|e| matches!(e.kind, TraceKind::SendResult { .. })).count() > 1_000, "writes go on");
    // The group's metadata is stored with its offsets: no rebalance after the restart.
    assert!(!events(&o).any(|(at, e)| at > SimTime::from_ms(8_000) && matches!(e, Event::GroupRebalanced { .. })));
}

#[test]
fn acks0_never_hears_back_and_loses_silently() {
    let mut s = scenario("kafka-acks1-leader-dies");
    kafka(&mut s).acks = Acks::Zero;
    let o = run(&s);
    let c = &o.summary.counts;
    assert_eq!(c.acked, 0);
    assert_eq!(c.lost, 0, "nothing was promised: {c:?}");
    assert!(c.unconfirmed_unprocessed > 0, "{c:?}");
    assert!(o.trace.iter().all(|e| !matches!(e.kind, TraceKind::SendAttempt { oneway: false, .. })));
}

#[test]
fn auto_offset_reset_latest_skips_what_came_before_the_group() {
    let mut s = scenario("kafka-acks-all");
    s.faults.clear();
    s.consumer_groups[0].start_ms = 5_000;
    let earliest = run(&s).summary.counts;
    assert_eq!(earliest.lost, 0);
    kafka(&mut s).auto_offset_reset = OffsetReset::Latest;
    let latest = run(&s).summary.counts;
    // Joined at 5 s, its first rebalance 3 s later (group.initial.rebalance.delay.ms): ~7 s of orders.
    assert!(latest.lost > 1_000 && latest.lost < 1_600, "{latest:?}");
}

#[test]
fn db_dedup_catches_the_retry_a_producer_without_idempotence_writes_twice() {
    let mut s = scenario("kafka-idempotent-producer");
    kafka(&mut s).enable_idempotence = Some(false);
    s.consumer_groups[0].dedup = Dedup::DbUniqueKey { key: DedupKeyKind::BusinessKey };
    let c = run(&s).summary.counts;
    assert_eq!((c.lost, c.duplicate_effects), (0, 0), "{c:?}");
    assert!(c.dedup_caught >= 1, "{c:?}");
}

#[test]
fn loss_under_acks1_and_none_under_acks_all_hold_for_every_seed() {
    for seed in 1..=6 {
        let mut one = scenario("kafka-acks1-leader-dies");
        one.seed = seed;
        let o = run(&one);
        assert!(o.summary.counts.lost > 0, "seed {seed}: {:?}", o.summary.counts);
        let mut all = scenario("kafka-acks-all");
        all.seed = seed;
        let o = run(&all);
        let c = &o.summary.counts;
        assert_eq!((c.lost, c.duplicate_effects, c.processed), (0, 0, c.produced), "seed {seed}: {c:?}");
    }
}

#[test]
fn settings_that_mean_nothing_in_kafka_are_refused() {
    let mut s = scenario("kafka-acks-all");
    s.producers[0].send = SendMode::Oneway;
    s.producers[0].retries = 5;
    s.consumer_groups[0].failure_ppm = 10;
    s.consumer_groups[0].rebalance_interval_ms = 1_000;
    kafka(&mut s).acks = Acks::One;
    kafka(&mut s).enable_idempotence = Some(true);
    kafka(&mut s).replication_factor = 4;
    let errors = validate_all(&s);
    let at = |path: &str| errors.iter().find(|e| e.path == path).map(|e| e.kind.clone());
    let not_in = Some(ErrorKind::NotInSystem { system: "kafka" });
    assert_eq!(at("producers[0].send"), not_in);
    assert_eq!(at("producers[0].retries"), not_in);
    assert_eq!(at("consumer_groups[0].failure_ppm"), not_in);
    assert_eq!(at("consumer_groups[0].rebalance_interval_ms"), not_in);
    assert_eq!(at("system.enable_idempotence"), Some(ErrorKind::IdempotenceNeedsAcksAll), "Kafka requires acks=all");
    assert!(matches!(at("system.replication_factor"), Some(ErrorKind::OutOfRange { max: 3, got: 4, .. })));

    let mut s = scenario("kafka-acks-all");
    s.producers[0].name = "kafka2".into();
    s.consumer_groups[0].ack = AckMode::Auto;
    let errors = validate_all(&s);
    assert!(
        errors.iter().any(|e| e.path == "producers[0].name" && matches!(e.kind, ErrorKind::NameTaken { .. })),
        "{errors:?}"
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn the_view_shows_leaders_isr_and_high_watermarks() {
    let s = scenario("kafka-acks1-leader-dies");
    let mut r = mqlab::sim::run::Run::new(&s, false);
    r.run_until(SimTime::from_ms(30_000)).unwrap_or_else(|e| panic!("{e}"));
    let w = &r.world;
    let view = |name: &str| {
        let id = w.topology().find(name).unwrap_or_else(|| panic!("{name}"));
        w.system_node(id).and_then(|n| n.view()).unwrap_or_else(|| panic!("{name} has no view"))
    };
    let k2 = view("kafka2");
    assert_eq!(k2.strips.len(), 3, "kafka2 holds a replica of each partition");
    let orders0 = k2.strips.iter().find(|s| s.label == "orders-0").expect("orders-0");
    assert!(orders0.role == StripRole::Leader && orders0.committed.is_some_and(|hw| hw > 0 && hw <= orders0.end));
    assert!(k2.badges.iter().any(|b| b.en.starts_with("orders-0: ISR 2/3, epoch 1") && b.alert));
    let controller = view("controller");
    assert!(controller.badges.iter().any(|b| b.en == "brokers 2/3" && b.alert));
    assert!(controller.badges.iter().any(|b| b.en == "billing: generation 1, 2 member(s)"), "{:?}", controller.badges);
    let c1 = w.topology().find("billing/c1").and_then(|id| w.system_node(id)).and_then(|n| n.view());
    assert!(c1.is_none(), "clients draw without a view");
}

/// A partition with replication factor 1 has no replicas to be in sync: its leader's box (and the
/// inspector, which lists the same words) shows no "ISR 1/1".
#[test]
fn the_view_shows_no_isr_where_the_replication_factor_is_1() {
    let mut s = scenario("kafka-acks1-leader-dies");
    s.faults.clear();
    kafka(&mut s).replication_factor = 1;
    kafka(&mut s).acks = Acks::One;
    let mut r = mqlab::sim::run::Run::new(&s, false);
    r.run_until(SimTime::from_ms(10_000)).unwrap_or_else(|e| panic!("{e}"));
    let w = &r.world;
    let mut leaders = 0;
    for &id in &w.topology().servers {
        let view = w.system_node(id).and_then(|n| n.view()).expect("a broker's view");
        leaders += view.strips.iter().filter(|s| s.role == StripRole::Leader).count();
        for b in &view.badges {
            assert!(!b.en.contains("ISR") && !b.zh.contains("ISR"), "{}: {b:?}", w.topology().name(id));
        }
    }
    assert_eq!(leaders, 3, "every partition has its leader");
}

#[test]
fn a_consumer_stuck_longer_than_max_poll_interval_leaves_and_its_partitions_are_read_again() {
    let mut s = scenario("kafka-acks-all");
    s.faults = vec![fault(5_000, Command::SlowConsumer { node: "billing/c1".into(), processing_ms: 200 })];
    kafka(&mut s).max_poll_interval_ms = 20_000;
    let o = run(&s);
    let c1 = node(&o, "billing/c1");
    let left = events(&o).find(|(_, e)| matches!(e, Event::MemberLeft { consumer, .. } if *consumer == c1));
    let (left_at, _) = left.expect("billing/c1 leaves its group");
    assert!(left_at > SimTime::from_ms(20_000) && left_at < SimTime::from_ms(40_000), "{left_at}");
    let c = &o.summary.counts;
    assert_eq!(c.lost, 0, "{c:?}");
    // c1 goes on with the records it holds while billing/c2 reads them again from the last commit.
    assert!(c.duplicate_effects > 0, "{c:?}");
    assert!(events(&o).any(|(t, e)| t > left_at && matches!(e, Event::GroupRebalanced { .. })));
}

#[test]
fn redis_dedup_catches_a_crashed_consumers_redeliveries_but_skips_its_claimed_record() {
    let mut s = scenario("kafka-consumer-crash-auto-commit");
    s.consumer_groups[0].dedup = Dedup::RedisSetnx { key: DedupKeyKind::BusinessKey, ttl_ms: 600_000 };
    let o = run(&s);
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!(c.duplicate_effects, 0, "{c:?}");
    assert!(c.dedup_caught > 0, "{c:?}");
    // The record c1 had claimed when it died is skipped on redelivery: the SETNX pitfall.
    assert!(c.lost <= 1, "{c:?}");
}

#[test]
fn with_acks_all_no_crash_pause_or_isolation_of_any_node_loses_an_acknowledged_record() {
    for name in ["controller", "kafka1", "kafka2", "p1", "billing/c1"] {
        let node = || name.to_string();
        let breaks = [
            (Command::Crash { node: node() }, Command::Restart { node: node() }),
            (Command::Pause { node: node() }, Command::Resume { node: node() }),
            (Command::Isolate { node: node(), direction: Default::default() }, Command::HealNode { node: node() }),
        ];
        for (fault_, repair) in breaks {
            let mut s = scenario("kafka-acks-all");
            s.faults = vec![fault(10_000, fault_.clone()), fault(25_000, repair)];
            let o = run(&s);
            let c = &o.summary.counts;
            let what = format!("{fault_:?}");
            assert!(o.summary.drained, "{what}: {:?}", o.world.drain_blockers(5));
            assert_eq!(c.lost, 0, "{what}: {c:?}");
            assert_eq!(c.processed + c.unconfirmed_unprocessed, c.produced, "{what}: {c:?}");
        }
    }
}
