//! Golden trace hashes for the dedup paths of every system's consumer. The shipped scenarios use
//! Redis SETNX and the DB unique key only on RocketMQ, so these variants of one scenario per system
//! pin the shared processing pipeline (src/sim/nodes/processing.rs) everywhere: each dedup store,
//! with the store crashing and restarting, and with stores too slow for their call timeout.
//! Re-bless as for tests/determinism.rs: `MQLAB_BLESS=1 cargo test --test dedup_golden`.

mod common;

use common::{check_golden, scenario};
use mqlab::scenario::parse_scenario;
use mqlab::sim::run;
use mqlab::sim::trace::{hash_hex, TraceKind};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One scenario per system whose consumers process with dedup.
const BASES: [&str; 5] = [
    "manual-ack-dropped-ack",
    "kafka-consumer-crash-auto-commit",
    "rabbitmq-manual-ack-consumer-crash",
    "raft-leader-killed",
    "redis-queue-reliable-consumer-crash",
];

#[derive(Clone, Copy)]
enum Store {
    Redis,
    Db,
}

#[derive(Clone, Copy)]
enum Trouble {
    /// The store crashes a third of the way in and returns half way.
    StoreRestarts,
    /// Calls take longer than the consumer waits for them.
    SlowStore,
}

fn variant(base: &Value, store: Store, trouble: Trouble) -> Value {
    let mut s = base.clone();
    let dedup = match store {
        Store::Redis => json!({"kind": "redis_setnx", "key": "business_key", "ttl_ms": 60_000}),
        Store::Db => json!({"kind": "db_unique_key", "key": "msg_id"}),
    };
    if let Some(groups) = s["consumer_groups"].as_array_mut() {
        for g in groups {
            g["dedup"] = dedup.clone();
        }
    }
    match trouble {
        Trouble::StoreRestarts => {
            let duration = s["duration_ms"].as_u64().unwrap_or(30_000);
            let node = match store {
                Store::Redis => "redis",
                Store::Db => "db",
            };
            if let Some(faults) = s["faults"].as_array_mut() {
                faults.push(json!({"at_ms": duration / 3, "action": "crash", "node": node}));
                faults.push(json!({"at_ms": duration / 2, "action": "restart", "node": node}));
            }
        }
        Trouble::SlowStore => {
            s["stores"] = json!({"call_timeout_ms": 40, "db_txn_us": 30_000, "redis_op_us": 20_000});
        }
    }
    s
}

/// The event shows a consumer using the store: a Redis claim, or a side effect the DB applied.
fn used_store(kind: &TraceKind, store: Store) -> bool {
    match (store, kind) {
        (Store::Redis, TraceKind::RedisKeySet { .. }) => true,
        (Store::Db, TraceKind::EffectApplied { consumer, by, .. }) => by != consumer,
        _ => false,
    }
}

#[test]
fn golden_dedup_variant_hashes() {
    let mut now = BTreeMap::new();
    for name in BASES {
        let base = serde_json::to_value(scenario(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (store, store_name) in [(Store::Redis, "redis"), (Store::Db, "db")] {
            for (trouble, trouble_name) in
                [(Trouble::StoreRestarts, "store-restarts"), (Trouble::SlowStore, "slow-store")]
            {
                let label = format!("{name}/{store_name}/{trouble_name}");
                let s = parse_scenario(&variant(&base, store, trouble).to_string())
                    .unwrap_or_else(|e| panic!("{label}: {e}"));
                let o = run::run(&s, &[], true).unwrap_or_else(|e| panic!("{label}: {e}"));
                assert!(
                    o.trace.iter().any(|e| used_store(&e.kind, store)),
                    "{label}: the consumers never called the store"
                );
                now.insert(label, hash_hex(o.trace_hash));
            }
        }
    }
    check_golden("dedup_variant_hashes.json", "dedup_golden", &now);
}
