//! RocketMQ transactional messages and ordered consumption: the claims of the shipped scenarios,
//! on the report a learner reads, and a few variations with their seeds.

mod common;

use common::scenario;
use mqlab::i18n::Lang;
use mqlab::report::RunReport;
use mqlab::scenario::model::Scenario;
use mqlab::sim::audit::explain::Cause;
use mqlab::sim::audit::report::AnomalyKind;
use mqlab::sim::rocket_events::{TxDecision, TxEvent};
use mqlab::sim::run::RunOutcome;
use mqlab::sim::trace::TraceKind;

/// Run a scenario keeping its trace.
fn outcome(s: &Scenario) -> RunOutcome {
    mqlab::sim::run::run(s, &[], true).unwrap_or_else(|e| panic!("seed {}: {e}", s.seed))
}

fn report(name: &str) -> (RunOutcome, RunReport) {
    let o = outcome(&scenario(name));
    let r = RunReport::new(&o, Lang::En);
    (o, r)
}

fn tx_events(o: &RunOutcome) -> Vec<TxEvent> {
    o.trace
        .iter()
        .filter_map(|e| if let TraceKind::Transaction { event } = &e.kind { Some(event.clone()) } else { None })
        .collect()
}

/// The scoreboard's Acked counts promises: a half message's SEND_OK promises nothing, its local
/// commit does. So a healthy transactional run shows Processed equal to Acked, as the lessons
/// teach for every other run.
#[test]
fn a_transactional_message_counts_as_acked_when_its_local_transaction_commits() {
    for name in ["transaction-commit-lost-check-back", "transaction-rollback", "transaction-producer-crash"] {
        let (o, r) = report(name);
        let c = &r.counts;
        let half_sends_ok = o
            .trace
            .iter()
            .filter(|e| matches!(&e.kind, TraceKind::SendResult { msg, .. } if o.auditor.message(msg.key).is_some_and(|m| m.tx.as_ref().is_some_and(|t| t.half))))
            .count();
        assert!(half_sends_ok > 0, "{name}: has half messages");
        assert_eq!(c.acked, c.processed, "{name}: {c:?}");
        assert!(c.acked >= c.tx_local_committed, "{name}: {c:?}");
        assert!(c.acked < c.produced || c.tx_local_rolled_back == 0, "{name}: rolled back ones are not acked: {c:?}");
    }
}

#[test]
fn a_lost_end_transaction_commit_is_repaired_by_the_check_back() {
    let (o, r) = report("transaction-commit-lost-check-back");
    let c = &r.counts;
    assert!(r.drained, "{:?}", r.undrained);
    assert_eq!((c.lost, c.duplicate_effects), (0, 0), "{:?}", r.anomalies.first());
    assert_eq!(c.processed, c.produced, "{c:?}");
    assert_eq!(c.tx_committed, c.tx_local_committed);
    let ev = tx_events(&o);
    let checked = ev.iter().find_map(|e| match e {
        TxEvent::Committed { msg, from_check: true, .. } => Some(*msg),
        _ => None,
    });
    let msg = checked.expect("one message committed by a check-back");
    assert!(ev
        .iter()
        .any(|e| matches!(e, TxEvent::CheckAnswered { msg: m, decision: TxDecision::CommitMessage, .. } if *m == msg)));
    // Checked at the check service's round (every 60 s), not before the 6 s transaction timeout.
    let asked = o
        .trace
        .iter()
        .find(|e| matches!(&e.kind, TraceKind::Transaction { event: TxEvent::CheckAsked { msg: m, .. } } if *m == msg));
    let at = asked.map(|e| e.at.as_ms()).unwrap_or(0);
    assert!((60_000..61_000).contains(&at), "asked at {at} ms");
    let life = o.auditor.message(msg.key).expect("known");
    assert_eq!(life.groups[0].effects.len(), 1, "delivered once");
}

#[test]
fn a_rolled_back_local_transaction_is_never_delivered() {
    let (o, r) = report("transaction-rollback");
    let c = &r.counts;
    assert!(c.tx_local_rolled_back > 0, "{c:?}");
    assert_eq!(c.delivered_after_rollback, 0);
    assert_eq!(c.lost, 0);
    assert_eq!(c.tx_rolled_back, c.tx_local_rolled_back);
    assert_eq!(c.processed, c.produced - c.tx_local_rolled_back);
    for m in o.auditor.messages().filter(|m| m.rolled_back()) {
        assert!(m.groups.iter().all(|g| g.deliveries.is_empty()), "{:?}", m.key);
    }
    assert_eq!(c.unconfirmed_unprocessed, 0, "a rolled-back message is rightly unprocessed");
}

#[test]
fn after_a_producer_crash_the_check_back_answers_from_its_database() {
    let (o, r) = report("transaction-producer-crash");
    let c = &r.counts;
    assert!(r.drained, "{:?}", r.undrained);
    assert_eq!((c.lost, c.delivered_after_rollback), (0, 0), "{:?}", r.anomalies.first());
    let ev = tx_events(&o);
    assert!(ev.iter().any(|e| matches!(
        e,
        TxEvent::LocalRolledBack { reason: mqlab::sim::rocket_events::RollbackReason::ProducerCrashed, .. }
    )));
    // A transaction committed before the crash whose END was lost is committed by a check after the restart.
    let repaired = ev.iter().filter(|e| matches!(e, TxEvent::Committed { from_check: true, .. })).count();
    let rolled = ev.iter().filter(|e| matches!(e, TxEvent::RolledBack { from_check: true, .. })).count();
    assert!(repaired > 0 && rolled > 0, "committed {repaired}, rolled back {rolled} by check-backs");
    assert_eq!(c.tx_committed, c.tx_local_committed);
}

#[test]
fn a_send_before_the_commit_delivers_rolled_back_messages() {
    let (o, r) = report("plain-send-before-db-commit");
    let c = &r.counts;
    assert!(c.delivered_after_rollback > 0, "{c:?}");
    let f = o.summary.anomalies.iter().find(|f| f.kind == AnomalyKind::DeliveredAfterRollback).expect("a finding");
    assert!(f.causes.iter().any(|c| matches!(c, Cause::SentBeforeCommit { .. })));
    assert!(f.causes.iter().any(|c| matches!(c, Cause::LocalRolledBack { .. })));
    let text = r.anomalies.iter().find(|a| a.kind == AnomalyKind::DeliveredAfterRollback).map(|a| a.text.as_str());
    assert!(text.is_some_and(|t| t.contains("although its local transaction rolled back")), "{text:?}");
}

#[test]
fn a_send_after_the_commit_can_lose_a_committed_change() {
    let (_, r) = report("plain-send-after-db-commit");
    let c = &r.counts;
    assert!(c.lost > 0 && c.lost == c.send_failed, "{c:?}");
    assert_eq!(c.delivered_after_rollback, 0);
    assert!(r.anomalies[0].text.contains("local transaction committed"), "{}", r.anomalies[0].text);
}

#[test]
fn a_concurrent_consumer_retry_breaks_the_keys_order() {
    let (o, r) = report("ordering-concurrent-retry");
    assert!(r.counts.out_of_order > 0, "{:?}", r.counts);
    for f in o.summary.anomalies.iter().filter(|f| f.kind == AnomalyKind::OutOfOrder) {
        assert!(matches!(f.causes[0], Cause::AfterNewer { .. }), "{:?}", f.causes);
        assert!(f.causes.iter().any(|c| matches!(c, Cause::RetriedLater { .. })), "{:?}", f.causes);
    }
}

#[test]
fn an_orderly_consumer_keeps_the_order_despite_failures() {
    let (o, r) = report("ordering-orderly");
    let c = &r.counts;
    assert_eq!((c.out_of_order, c.out_of_order_replays, c.lost), (0, 0, 0), "{c:?}");
    assert_eq!(c.processed, c.produced);
    let suspended = o.trace.iter().filter(|e| matches!(e.kind, TraceKind::Ordering { .. })).count();
    assert!(suspended > 0);
    assert!(o.trace.iter().any(|e| matches!(&e.kind, TraceKind::ConsumeFailed { .. })), "failures happened");
    assert_eq!(c.redelivered, 0, "retried in place: the broker never redelivers");
}

#[test]
fn a_rebalance_replays_older_messages_of_a_key_with_a_concurrent_consumer() {
    let (o, r) = report("ordering-rebalance");
    let c = &r.counts;
    assert!(c.out_of_order_replays > 0, "{c:?}");
    // One thread per consumer consumes each queue in offset order: first effects stay in order.
    assert_eq!(c.out_of_order, 0);
    let f = o.summary.anomalies.iter().find(|f| f.kind == AnomalyKind::OutOfOrderReplay).expect("a replay");
    assert!(
        f.causes.iter().any(|c| matches!(c, Cause::Rebalanced { .. } | Cause::ConsumerCrashed { .. })),
        "{:?}",
        f.causes
    );
}

#[test]
fn queue_locks_hold_a_dead_members_queues_then_the_replay_comes_anyway() {
    let (o, r) = report("ordering-rebalance-orderly");
    let c = &r.counts;
    assert_eq!(c.out_of_order, 0, "{c:?}");
    assert!(c.out_of_order_replays > 0, "locks do not prevent the replay after a crash");
    // The survivor is refused until the dead member's locks expire (60 s).
    let refused = o.trace.iter().any(|e| {
        matches!(&e.kind, TraceKind::Ordering { event: mqlab::sim::rocket_events::OrderEvent::LockRefused { .. } })
    });
    assert!(refused);
    let replays = o.summary.anomalies.iter().filter(|f| f.kind == AnomalyKind::OutOfOrderReplay);
    let first_replay = replays.map(|f| f.at.as_ms()).min().unwrap_or(0);
    assert!(first_replay >= 70_000, "the stalled queues resumed at {first_replay} ms");
}

#[test]
fn a_graceful_rebalance_under_locks_replays_nothing() {
    // A third member joins at 10 s (it was down from the start): the old owners finish, commit and
    // unlock before the newcomer may lock, so it starts exactly where they stopped.
    for seed in 1..4 {
        let mut s = scenario("ordering-orderly");
        s.seed = seed;
        s.consumer_groups[0].members = 3;
        s.consumer_groups[0].failure_ppm = 0;
        let join = |action: &str, at_ms: u64| {
            serde_json::from_value(serde_json::json!({ "at_ms": at_ms, "action": action, "node": "billing/c3" }))
                .expect("a fault")
        };
        s.faults = vec![join("crash", 0), join("restart", 10_000)];
        let o = outcome(&s);
        let c = o.summary.counts.clone();
        assert_eq!((c.out_of_order, c.out_of_order_replays, c.duplicate_effects), (0, 0, 0), "seed {seed}: {c:?}");
        assert_eq!(c.processed, c.produced, "seed {seed}");
        let mut concurrent = s.clone();
        concurrent.consumer_groups[0].orderly = false;
        let oc = outcome(&concurrent);
        eprintln!("seed {seed}: concurrent join replays {}", oc.summary.counts.out_of_order_replays);
    }
}

#[test]
fn the_live_counts_match_the_final_ones() {
    for name in ["transaction-rollback", "plain-send-before-db-commit", "ordering-concurrent-retry"] {
        let o = outcome(&scenario(name));
        let live = o.auditor.counts();
        let end = &o.summary.counts;
        assert_eq!(live.delivered_after_rollback, end.delivered_after_rollback, "{name}");
        assert_eq!(live.out_of_order, end.out_of_order, "{name}");
        assert_eq!(live.tx_committed, end.tx_committed, "{name}");
    }
}
