//! The `slow_consumer` fault slows the consumer process it hits, in every system alike: a crash
//! ends it, and the restarted consumer processes at the scenario's `processing_ms` again (as a
//! restart cures a process stuck in GC or on an exhausted pool). Kafka and the Raft queue used to
//! keep the slowness across a crash while RocketMQ, RabbitMQ and Redis dropped it.

use mqlab::scenario::parse_scenario;
use mqlab::sim::run;
use mqlab::sim::time::SEC;
use mqlab::sim::trace::TraceKind;
use serde_json::json;

/// Side effects `billing/c1` applied from `from_s` to `to_s` seconds when it is made to take 5 s a
/// message at 4 s (Kafka's group forms at about 3 s), then `crash` (crashed at 5 s and restarted at
/// 6 s) or not.
fn effects_of_c1(name: &str, crash: bool, from_s: u64, to_s: u64) -> usize {
    let mut faults =
        vec![json!({ "at_ms": 4000, "action": "slow_consumer", "node": "billing/c1", "processing_ms": 5000 })];
    if crash {
        faults.push(json!({ "at_ms": 5000, "action": "crash", "node": "billing/c1" }));
        faults.push(json!({ "at_ms": 6000, "action": "restart", "node": "billing/c1" }));
    }
    let path = format!("{}/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect(&path)).expect(&path);
    doc["faults"] = json!(faults);
    if doc["system"]["kind"] == "kafka" {
        // Kafka's coordinator holds the group until the dead member's session (45 s) expires.
        doc["system"]["consumer_session_timeout_ms"] = json!(6000);
    }
    let s = parse_scenario(&doc.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let o = run::run(&s, &[], true).unwrap_or_else(|e| panic!("{name}: {e}"));
    let c1 = o.world.topology().find("billing/c1").unwrap_or_else(|| panic!("{name}: no billing/c1"));
    o.trace
        .iter()
        .filter(|e| e.at.as_us() >= from_s * SEC && e.at.as_us() < to_s * SEC)
        .filter(|e| matches!(e.kind, TraceKind::EffectApplied { consumer, .. } if consumer == c1))
        .count()
}

#[test]
fn a_crash_ends_the_slowness_in_every_system() {
    for name in [
        "standard",
        "kafka-acks-all",
        "rabbitmq-broker-crash",
        "raft-leader-killed",
        "redis-queue-reliable-consumer-crash",
    ] {
        // Still slow without a crash: at most one message in the five seconds.
        let slow = effects_of_c1(name, false, 20, 25);
        assert!(slow <= 1, "{name}: c1 applied {slow} effects while taking 5 s each");
        // Restarted: back to its own pace.
        let restarted = effects_of_c1(name, true, 20, 25);
        assert!(restarted >= 10, "{name}: the restarted c1 applied only {restarted} effects in 5 s");
    }
}
