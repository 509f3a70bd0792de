//! Determinism is the product: the same scenario and seed give the same run, bit for bit, and a
//! share link (scenario + the learner's recorded actions) replays it exactly. Golden trace hashes
//! pin every shipped scenario; changing them must be a deliberate act:
//! `MQLAB_BLESS=1 cargo test --test determinism`, then commit tests/golden/trace_hashes.json with a
//! message that says why the runs changed.

mod common;

use common::{check_golden, outcome, scenario, shipped};
use mqlab::scenario::link::{decode, encode, SharedRun};
use mqlab::sim::command::Command;
use mqlab::sim::run::{self, Run, RunError};
use mqlab::sim::trace::{hash_hex, trace_hash};
use std::collections::BTreeMap;

#[test]
fn the_same_scenario_and_seed_give_the_same_trace() {
    for name in shipped() {
        let s = scenario(&name);
        let a = run::run(&s, &[], true).unwrap_or_else(|e| panic!("{name}: {e}"));
        let b = outcome(&s);
        assert_eq!(a.trace_hash, b.trace_hash, "{name} seed {}", s.seed);
        assert_eq!(trace_hash(&a.trace), a.trace_hash, "{name}: the streamed hash is the hash of the trace");
        assert_eq!(a.trace.len() as u64, a.trace_events);
    }
}

#[test]
fn a_different_seed_gives_a_different_run() {
    let mut s = scenario("standard");
    let a = outcome(&s).trace_hash;
    s.seed += 1;
    assert_ne!(a, outcome(&s).trace_hash);
}

#[test]
fn golden_trace_hashes() {
    let now: BTreeMap<String, String> =
        shipped().into_iter().map(|n| (n.clone(), hash_hex(outcome(&scenario(&n)).trace_hash))).collect();
    check_golden("trace_hashes.json", "determinism", &now);
}

/// A learner pauses at some point, breaks something, and goes on; the recorded actions replay the
/// run exactly, including a command that was refused.
#[test]
fn recorded_actions_replay_exactly() {
    let s = scenario("standard");
    let mut live = Run::new(&s, false);
    let steps = [
        (20_000u64, Command::Crash { node: "broker-b/master".into() }),
        (20_000, Command::Restart { node: "broker-b/master".into() }),
        (5_000, Command::Restart { node: "billing/c1".into() }), // refused: not crashed
        (30_000, Command::DropNext { from: Some("billing/c2".into()), to: None, kind: None, count: 5 }),
    ];
    for (events, command) in steps {
        for _ in 0..events {
            live.world.step();
        }
        let _ = live.world.command(command);
    }
    let actions = live.world.user_actions().to_vec();
    assert_eq!(actions.len(), 4);
    let live = live.finish().unwrap_or_else(|e| panic!("{e}"));
    let replayed = run::run(&s, &actions, false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(live.trace_hash, replayed.trace_hash);
    assert_ne!(replayed.trace_hash, outcome(&s).trace_hash, "the actions changed the run");
}

#[test]
fn a_share_link_replays_the_same_run() {
    let s = scenario("async-replication-master-crash");
    let mut live = Run::new(&s, false);
    for _ in 0..12_345 {
        live.world.step();
    }
    let _ = live.world.command(Command::Crash { node: "broker-b/slave1".into() });
    let shared =
        SharedRun { scenario: s.clone(), actions: live.world.user_actions().to_vec(), at_us: None, at_events: None };
    let live = live.finish().unwrap_or_else(|e| panic!("{e}"));
    let back = decode(&encode(&shared)).unwrap_or_else(|e| panic!("{e}"));
    let replayed = run::run(&back.scenario, &back.actions, false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(live.trace_hash, replayed.trace_hash);
}

#[test]
fn an_action_the_run_never_reaches_is_refused() {
    let s = scenario("standard");
    let mut live = Run::new(&s, false);
    for _ in 0..100 {
        live.world.step();
    }
    let _ = live.world.command(Command::HealAll);
    let mut actions = live.world.user_actions().to_vec();
    actions[0].after_events = u64::MAX;
    assert!(matches!(run::run(&s, &actions, false), Err(RunError::ActionOutOfRun { index: 0 })));
    let mut actions = live.world.user_actions().to_vec();
    actions[0].at_us = u64::MAX;
    assert!(matches!(run::run(&s, &actions, false), Err(RunError::ActionOutOfRun { index: 0 })));
}

/// The WASM determinism test (tests/wasm_engine.rs) must cover every shipped scenario.
#[test]
fn the_wasm_test_covers_every_shipped_scenario() {
    let wasm_test = include_str!("wasm_engine.rs");
    for name in shipped() {
        let entry = format!("(\"{name}\", include_str!(\"../scenarios/{name}.json\"))");
        assert!(wasm_test.contains(&entry), "tests/wasm_engine.rs does not run {name}");
    }
}
