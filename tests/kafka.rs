//! The Kafka scenarios' claims, held to the checker's report: acks=1 loses what the dead leader
//! alone had, acks=all does not; min.insync.replicas refuses writes rather than lose them; unclean
//! election trades acknowledged records for availability; the idempotent producer keeps a retry
//! single; auto commit redelivers a crashed consumer's tail instead of losing it.

mod common;
mod kafka_common;

use common::scenario;
use kafka_common::*;
use mqlab::scenario::model::System;
use mqlab::sim::audit::explain::Cause;
use mqlab::sim::audit::lifecycle::CopyLoss;
use mqlab::sim::audit::report::AnomalyKind;
use mqlab::sim::command::Command;
use mqlab::sim::systems::kafka::{Event, ProduceError};
use mqlab::sim::time::SimTime;
use mqlab::sim::trace::{SendFailure, TraceKind};

#[test]
fn acks1_leader_dies_before_its_followers_copy_and_acked_records_are_lost() {
    let o = run(&scenario("kafka-acks1-leader-dies"));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!(c.acked, c.produced, "acks=1 acknowledged everything: {c:?}");
    assert!(c.lost > 0, "{c:?}");
    assert_eq!(c.processed + c.lost, c.produced, "{c:?}");
    let (kafka1, kafka2, kafka3) = (node(&o, "kafka1"), node(&o, "kafka2"), node(&o, "kafka3"));
    // The controller elected kafka2, the first live in-sync replica of orders-0, 18 s after
    // kafka1's last heartbeat; kafka3 dropped the tail kafka2 never had.
    let elected = events(&o).find_map(|(at, e)| match e {
        Event::LeaderElected { tp, leader, epoch: 1, unclean: false, .. } if tp.queue == 0 => Some((at, *leader)),
        _ => None,
    });
    let (at, leader) = elected.expect("a new leader for orders-0");
    assert_eq!(leader, kafka2);
    assert!(at > SimTime::from_ms(23_000) && at < SimTime::from_ms(28_001), "{at}");
    let truncated: u64 = events(&o)
        .filter_map(|(_, e)| match e {
            Event::Truncated { node, removed, leader, .. } if *node == kafka3 && *leader == kafka2 => Some(*removed),
            _ => None,
        })
        .sum();
    assert_eq!(truncated, c.lost, "kafka3 dropped exactly the records that are lost");
    for a in anomalies(&o, AnomalyKind::Lost) {
        assert!(matches!(a.causes[0], Cause::Acked { broker, .. } if broker == kafka1), "{:?}", a.causes);
        assert!(
            a.causes.iter().any(|c| matches!(c, Cause::Stranded { node, .. } if *node == kafka1)),
            "{:?}",
            a.causes
        );
    }
}

#[test]
fn acks1_old_leader_comes_back_and_truncates_to_the_new_one() {
    let mut s = scenario("kafka-acks1-leader-dies");
    s.faults.push(fault(29_000, Command::HealAll));
    s.faults.push(fault(29_000, Command::Restart { node: "kafka1".into() }));
    let o = run(&s);
    let lost = o.summary.counts.lost;
    assert!(lost > 0);
    let kafka1 = node(&o, "kafka1");
    // Every lost record's copies are gone now: kafka3's and then kafka1's, both to the new leader.
    for a in anomalies(&o, AnomalyKind::Lost) {
        let destroyed_on_kafka1 = a.causes.iter().any(
            |c| matches!(c, Cause::CopyDestroyed { node, how: CopyLoss::TruncatedToLeader, .. } if *node == kafka1),
        );
        assert!(destroyed_on_kafka1, "{:?}", a.causes);
    }
    let removed_on_kafka1: u64 = events(&o)
        .filter_map(|(_, e)| match e {
            Event::Truncated { node, removed, .. } if *node == kafka1 => Some(*removed),
            _ => None,
        })
        .sum();
    assert!(removed_on_kafka1 >= lost, "{removed_on_kafka1} < {lost}");
}

#[test]
fn acks_all_survives_the_same_failures_without_loss() {
    let o = run(&scenario("kafka-acks-all"));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!((c.lost, c.duplicate_effects, c.send_failed), (0, 0, 0), "{c:?}");
    assert_eq!(c.processed, c.produced);
    // The records caught by the crash were sent again, and the leader did not write them twice.
    let retried = o.trace.iter().any(|e| matches!(e.kind, TraceKind::SendAttempt { attempt: 1.., .. }));
    assert!(retried);
    // Nothing is acknowledged while kafka1 is dead and still in the ISRs.
    let acks = |from: u64, to: u64| {
        o.trace
            .iter()
            .filter(|e| e.at >= SimTime::from_ms(from) && e.at < SimTime::from_ms(to))
            .filter(|e| matches!(e.kind, TraceKind::SendResult { .. }))
            .count()
    };
    assert_eq!(acks(10_100, 23_000), 0, "writes wait for the controller to declare kafka1 dead");
    assert!(acks(24_000, 30_000) > 0);
}

#[test]
fn the_first_server_leads_the_first_partition() {
    let o = run(&scenario("kafka-acks-all"));
    let first = events(&o).find_map(|(_, e)| match e {
        Event::LeaderElected { tp, leader, epoch: 0, .. } if tp.queue == 0 && tp.id == 0 => Some(*leader),
        _ => None,
    });
    assert_eq!(first, Some(node(&o, "kafka1")));
    assert_eq!(o.world.topology().servers.first().copied(), Some(node(&o, "kafka1")));
}

#[test]
fn min_insync_replicas_refuses_writes_rather_than_lose_them() {
    // Two replicas, both must be in sync: losing one makes acks=all writes fail, not vanish.
    let mut s = scenario("kafka-acks-all");
    s.faults = vec![fault(10_000, Command::Crash { node: "kafka2".into() })];
    let k = kafka(&mut s);
    k.replication_factor = 2;
    k.min_insync_replicas = 2;
    let o = run(&s);
    let c = &o.summary.counts;
    assert_eq!(c.lost, 0, "every acknowledged record is processed: {c:?}");
    assert!(c.send_failed > 0 && c.acked < c.produced, "{c:?}");
    let refused =
        events(&o).filter(|(_, e)| matches!(e, Event::ProduceFailed { error: ProduceError::NotEnoughReplicas, .. }));
    assert!(refused.count() > 0);
    let timeouts =
        o.trace.iter().filter(|e| matches!(e.kind, TraceKind::SendFailed { reason: SendFailure::Timeout, .. }));
    assert_eq!(timeouts.count() as u64, c.send_failed, "they fail after delivery.timeout.ms");

    // With three replicas, losing one leaves two in sync: writes only wait for the session expiry.
    let mut s = scenario("kafka-acks-all");
    s.faults = vec![fault(10_000, Command::Crash { node: "kafka2".into() })];
    let o = run(&s);
    let c = &o.summary.counts;
    assert_eq!((c.lost, c.send_failed, c.processed), (0, 0, c.produced), "{c:?}");
}

#[test]
fn unclean_election_off_leaves_partitions_offline_and_loses_nothing() {
    let mut s = scenario("kafka-unclean-election");
    kafka(&mut s).unclean_leader_election = false;
    // Keep producing while the partitions are offline, and bring kafka1 back only after the
    // waiting records' delivery timeout.
    s.producers[0].workload.messages = 8_000;
    s.duration_ms = 180_000;
    for f in &mut s.faults {
        if f.command == (Command::Restart { node: "kafka1".into() }) {
            f.at_ms = 165_000;
        }
    }
    let o = run(&s);
    let c = &o.summary.counts;
    let offline = events(&o).filter(|(_, e)| matches!(e, Event::PartitionOffline { .. })).count();
    assert_eq!(offline, 3, "every partition had kafka1 as its last in-sync replica");
    assert!(!events(&o).any(|(_, e)| matches!(e, Event::LeaderElected { unclean: true, .. })));
    assert_eq!(c.lost, 0, "{c:?}");
    assert!(c.send_failed > 0, "sends to offline partitions fail: {c:?}");
    assert!(o.trace.iter().any(|e| matches!(e.kind, TraceKind::SendFailed { .. }) && e.at < SimTime::from_ms(165_000)));
    // kafka1 is elected again when it comes back, with everything it had.
    let back =
        events(&o).filter(|(at, e)| *at >= SimTime::from_ms(165_000) && matches!(e, Event::LeaderElected { .. }));
    assert_eq!(back.count(), 3);
}

#[test]
fn unclean_election_on_loses_acknowledged_records() {
    let o = run(&scenario("kafka-unclean-election"));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert!(c.lost > 100, "{c:?}");
    let unclean = events(&o).filter(|(_, e)| matches!(e, Event::LeaderElected { unclean: true, .. })).count();
    assert_eq!(unclean, 3);
    let kafka1 = node(&o, "kafka1");
    for a in anomalies(&o, AnomalyKind::Lost) {
        assert!(matches!(a.causes[0], Cause::Acked { broker, .. } if broker == kafka1), "{:?}", a.causes);
        let truncated = a.causes.iter().any(
            |c| matches!(c, Cause::CopyDestroyed { node, how: CopyLoss::TruncatedToLeader, .. } if *node == kafka1),
        );
        assert!(truncated, "{:?}", a.causes);
    }
}

#[test]
fn idempotent_producer_keeps_a_retry_single() {
    let o = run(&scenario("kafka-idempotent-producer"));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!((c.lost, c.duplicate_effects, c.duplicate_deliveries), (0, 0, 0), "{c:?}");
    assert_eq!(c.processed, c.produced);
    let dropped: Vec<_> = events(&o)
        .filter_map(|(_, e)| match e {
            Event::DuplicateDropped { msg, .. } => Some(*msg),
            _ => None,
        })
        .collect();
    assert!(!dropped.is_empty());
    // The retry came after request.timeout.ms (30 s) without an answer.
    let retry_at =
        o.trace.iter().find(|e| matches!(e.kind, TraceKind::SendAttempt { attempt: 1, msg, .. } if msg == dropped[0]));
    assert!(retry_at.is_some_and(|e| e.at >= SimTime::from_ms(35_000)));
}

#[test]
fn without_idempotence_the_retry_is_written_twice() {
    let mut s = scenario("kafka-idempotent-producer");
    kafka(&mut s).enable_idempotence = Some(false);
    let o = run(&s);
    let c = &o.summary.counts;
    assert_eq!(c.lost, 0);
    assert!(c.duplicate_effects >= 1, "{c:?}");
    let kafka1 = node(&o, "kafka1");
    for a in anomalies(&o, AnomalyKind::DuplicateEffect) {
        let leader_copies = o
            .trace
            .iter()
            .filter(|e| matches!(e.kind, TraceKind::CopyStored { node, msg, replica: false } if node == kafka1 && msg.key == a.key))
            .count();
        assert_eq!(leader_copies, 2, "the leader stored {:?} twice", a.key);
    }
    assert!(!events(&o).any(|(_, e)| matches!(e, Event::DuplicateDropped { .. })));
}

#[test]
fn consumer_crash_with_auto_commit_redelivers_the_tail_since_the_last_commit() {
    let o = run(&scenario("kafka-consumer-crash-auto-commit"));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!(c.lost, 0, "{c:?}");
    assert!(c.duplicate_effects > 0 && c.redelivered >= c.duplicate_effects, "{c:?}");
    let c1 = node(&o, "billing/c1");
    assert!(events(&o).any(|(at, e)| matches!(e, Event::MemberExpired { consumer, .. } if *consumer == c1)
        && at > SimTime::from_ms(50_000)));
    // Exactly what c1 processed at or after its group's last committed offset is processed twice.
    let crash = SimTime::from_ms(12_000);
    let committed = |tp| {
        o.trace
            .iter()
            .rev()
            .filter(|e| e.at <= crash)
            .find_map(|e| match e.kind {
                TraceKind::OffsetCommitted { queue, offset, .. } if queue == tp => Some(offset),
                _ => None,
            })
            .unwrap_or(0)
    };
    let mut offsets = std::collections::BTreeMap::new();
    for e in &o.trace {
        if let TraceKind::Delivered { msg, mq, queue_offset, consumer, .. } = e.kind {
            if consumer == c1 {
                offsets.insert(msg, (mq.queue, queue_offset));
            }
        }
    }
    let expected = o.trace.iter().filter(|e| e.at <= crash).filter(|e| match e.kind {
        TraceKind::EffectApplied { consumer, msg, .. } if consumer == c1 => {
            offsets.get(&msg).is_some_and(|&(tp, offset)| offset >= committed(tp))
        }
        _ => false,
    });
    assert_eq!(expected.count() as u64, c.duplicate_effects);
    for a in anomalies(&o, AnomalyKind::DuplicateEffect) {
        assert!(
            a.causes.iter().any(|c| matches!(c, Cause::ConsumerCrashed { consumer, .. } if *consumer == c1)),
            "{:?}",
            a.causes
        );
        assert!(a.causes.iter().any(|c| matches!(c, Cause::Rebalanced { .. })), "{:?}", a.causes);
    }
}

#[test]
fn the_same_crash_with_manual_commit_redelivers_less() {
    let auto = run(&scenario("kafka-consumer-crash-auto-commit")).summary.counts;
    let mut s = scenario("kafka-consumer-crash-auto-commit");
    s.consumer_groups[0].ack = mqlab::scenario::model::AckMode::Manual;
    let manual = run(&s).summary.counts;
    assert_eq!(manual.lost, 0);
    assert!(manual.duplicate_effects < auto.duplicate_effects, "{manual:?} vs {auto:?}");
}

#[test]
fn every_kafka_scenario_is_a_kafka_cluster() {
    for name in common::shipped().into_iter().filter(|n| n.starts_with("kafka-")) {
        let s = scenario(&name);
        assert!(matches!(s.system, System::Kafka(_)), "{name}");
        assert!(mqlab::scenario::presets::find(&name).is_some(), "{name} is a preset");
    }
}
