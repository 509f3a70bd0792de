//! The engine compiled to WASM, run in node by wasm-bindgen-test-runner: every shipped scenario
//! must give, in WASM, exactly the trace hash it gives natively (tests/golden/trace_hashes.json,
//! which tests/determinism.rs checks natively). This is what makes a share link replay the same
//! run in the browser as in the terminal.
#![cfg(target_arch = "wasm32")]

use mqlab::scenario::parse_scenario;
use mqlab::sim::run;
use mqlab::sim::trace::hash_hex;
use wasm_bindgen_test::wasm_bindgen_test;

const GOLDEN: &str = include_str!("golden/trace_hashes.json");

/// Every shipped scenario (tests/determinism.rs checks that this list is complete).
const SCENARIOS: &[(&str, &str)] = &[
    ("all-masters-down", include_str!("../scenarios/all-masters-down.json")),
    ("async-replication-master-crash", include_str!("../scenarios/async-replication-master-crash.json")),
    ("auto-ack-consumer-crash", include_str!("../scenarios/auto-ack-consumer-crash.json")),
    ("backlog-more-consumers-than-queues", include_str!("../scenarios/backlog-more-consumers-than-queues.json")),
    ("backlog-scaled-out", include_str!("../scenarios/backlog-scaled-out.json")),
    ("backlog-slow-consumers", include_str!("../scenarios/backlog-slow-consumers.json")),
    ("consumers-down-producer-goes-on", include_str!("../scenarios/consumers-down-producer-goes-on.json")),
    ("example-full", include_str!("../scenarios/example-full.json")),
    ("kafka-acks-all", include_str!("../scenarios/kafka-acks-all.json")),
    ("kafka-acks1-leader-dies", include_str!("../scenarios/kafka-acks1-leader-dies.json")),
    ("kafka-consumer-crash-auto-commit", include_str!("../scenarios/kafka-consumer-crash-auto-commit.json")),
    ("kafka-idempotent-producer", include_str!("../scenarios/kafka-idempotent-producer.json")),
    ("kafka-unclean-election", include_str!("../scenarios/kafka-unclean-election.json")),
    ("manual-ack-consumer-crash", include_str!("../scenarios/manual-ack-consumer-crash.json")),
    ("manual-ack-dropped-ack", include_str!("../scenarios/manual-ack-dropped-ack.json")),
    ("manual-ack-dropped-ack-db-dedup", include_str!("../scenarios/manual-ack-dropped-ack-db-dedup.json")),
    ("ordering-concurrent-retry", include_str!("../scenarios/ordering-concurrent-retry.json")),
    ("ordering-orderly", include_str!("../scenarios/ordering-orderly.json")),
    ("ordering-rebalance", include_str!("../scenarios/ordering-rebalance.json")),
    ("ordering-rebalance-orderly", include_str!("../scenarios/ordering-rebalance-orderly.json")),
    ("peak-shaving-burst", include_str!("../scenarios/peak-shaving-burst.json")),
    ("plain-send-after-db-commit", include_str!("../scenarios/plain-send-after-db-commit.json")),
    ("plain-send-before-db-commit", include_str!("../scenarios/plain-send-before-db-commit.json")),
    ("rabbitmq-auto-ack-consumer-crash", include_str!("../scenarios/rabbitmq-auto-ack-consumer-crash.json")),
    ("rabbitmq-broker-crash", include_str!("../scenarios/rabbitmq-broker-crash.json")),
    ("rabbitmq-durable-confirmed-restart", include_str!("../scenarios/rabbitmq-durable-confirmed-restart.json")),
    ("rabbitmq-manual-ack-consumer-crash", include_str!("../scenarios/rabbitmq-manual-ack-consumer-crash.json")),
    ("rabbitmq-poison-dead-letter", include_str!("../scenarios/rabbitmq-poison-dead-letter.json")),
    ("rabbitmq-transient-restart", include_str!("../scenarios/rabbitmq-transient-restart.json")),
    ("raft-leader-killed", include_str!("../scenarios/raft-leader-killed.json")),
    ("raft-majority-lost", include_str!("../scenarios/raft-majority-lost.json")),
    ("redis-queue-brpop-consumer-crash", include_str!("../scenarios/redis-queue-brpop-consumer-crash.json")),
    ("redis-queue-delayed", include_str!("../scenarios/redis-queue-delayed.json")),
    ("redis-queue-reliable-consumer-crash", include_str!("../scenarios/redis-queue-reliable-consumer-crash.json")),
    ("redis-queue-server-crash", include_str!("../scenarios/redis-queue-server-crash.json")),
    ("redis-setnx-crash-skips", include_str!("../scenarios/redis-setnx-crash-skips.json")),
    ("redis-ttl-too-short", include_str!("../scenarios/redis-ttl-too-short.json")),
    ("reliable-producer-dropped-send-ok", include_str!("../scenarios/reliable-producer-dropped-send-ok.json")),
    ("retries-to-dlq", include_str!("../scenarios/retries-to-dlq.json")),
    ("standard", include_str!("../scenarios/standard.json")),
    ("sync-double-write-master-crash", include_str!("../scenarios/sync-double-write-master-crash.json")),
    ("transaction-commit-lost-check-back", include_str!("../scenarios/transaction-commit-lost-check-back.json")),
    ("transaction-producer-crash", include_str!("../scenarios/transaction-producer-crash.json")),
    ("transaction-rollback", include_str!("../scenarios/transaction-rollback.json")),
];

#[wasm_bindgen_test]
fn every_shipped_scenario_hashes_the_same_in_wasm_as_natively() {
    let golden: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(GOLDEN).unwrap_or_else(|e| panic!("golden hashes: {e}"));
    let mut mismatches = Vec::new();
    for (name, text) in SCENARIOS {
        let s = parse_scenario(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let outcome = run::run(&s, &[], false).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = hash_hex(outcome.trace_hash);
        let want = golden.get(*name).and_then(|v| v.as_str()).unwrap_or("(none)");
        if got != want {
            mismatches.push(format!("{name}: native {want}, wasm {got}"));
        }
    }
    assert!(mismatches.is_empty(), "WASM runs differ from native ones:\n{}", mismatches.join("\n"));
}
