//! Helpers of the Redis-queue tests (tests/redis_queue*.rs): run a scenario keeping its trace,
//! read the Redis events, make variants of a shipped scenario.
#![allow(dead_code)]

use crate::common::scenario;
use mqlab::scenario::model::Scenario;
use mqlab::scenario::parse_scenario;
use mqlab::sim::ids::NodeId;
use mqlab::sim::run::{self, RunOutcome};
use mqlab::sim::systems::redis_queue::Event;
use mqlab::sim::systems::SysEvent;
use mqlab::sim::time::SimTime;
use mqlab::sim::trace::{TraceEvent, TraceKind};
use serde_json::Value;

/// Run a scenario keeping its trace; a failure names the seed.
pub fn traced(s: &Scenario) -> RunOutcome {
    run::run(s, &[], true).unwrap_or_else(|e| panic!("seed {}: {e}", s.seed))
}

pub fn node(o: &RunOutcome, name: &str) -> NodeId {
    o.world.topology().find(name).unwrap_or_else(|| panic!("no node {name}"))
}

/// The Redis-queue events of a trace.
pub fn events(trace: &[TraceEvent]) -> impl Iterator<Item = (SimTime, &Event)> {
    trace.iter().filter_map(|e| match &e.kind {
        TraceKind::System { event: SysEvent::RedisQueue(ev) } => Some((e.at, ev)),
        _ => None,
    })
}

/// A shipped scenario with some of its JSON replaced (`("/system/persistence", json!("none"))`).
pub fn variant(name: &str, changes: &[(&str, Value)]) -> Scenario {
    let mut v = serde_json::to_value(scenario(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    for (pointer, value) in changes {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or_else(|| panic!("{pointer}"));
        match v.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.insert(key.to_string(), value.clone());
            }
            Some(Value::Array(items)) => {
                let i: usize = key.parse().unwrap_or_else(|e| panic!("{pointer}: {e}"));
                items[i] = value.clone();
            }
            _ => panic!("{pointer}: no such container"),
        }
    }
    parse_scenario(&v.to_string()).unwrap_or_else(|e| panic!("{name} with {changes:?}: {e}"))
}

pub fn assert_drained(o: &RunOutcome, seed: u64) {
    assert!(o.summary.drained, "seed {seed}: not drained: {:?}", o.world.drain_blockers(5));
}

/// A tiny deterministic generator for the fault times of the seed sweeps.
pub fn draw(state: &mut u64, below: u64) -> u64 {
    *state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    (*state >> 33) % below
}
