//! The checker's kept-up `lost` count equals the full pass over every message it replaced
//! (`Auditor::lost_by_scan`), at many points of every shipped scenario, with a few random crashes
//! of consumers and brokers added so that auto-acked deliveries, truncated logs and Redis claims
//! meet crashes at moments no shipped schedule picks.

use mqlab::scenario::model::Scenario;
use mqlab::scenario::parse::parse_scenario;
use mqlab::sim::run::Run;

fn shipped() -> Vec<(String, Scenario)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut names: Vec<_> = std::fs::read_dir(dir).expect("scenarios dir").map(|e| e.expect("entry").path()).collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("scenario file");
            (p.display().to_string(), parse_scenario(&text).expect("valid scenario"))
        })
        .collect()
}

/// Step the run, comparing the kept-up count with the oracle every `every` events and at the end.
fn check(name: &str, s: &Scenario, every: u64) -> u64 {
    let mut run = Run::new(s, false);
    let end = run.end_of_run();
    let mut checks = 0;
    let mut seen_lost = 0;
    while run.world.next_event_time().is_some_and(|t| t <= end) {
        run.step_event().expect("step");
        run.pump();
        if run.world.events_processed().is_multiple_of(every) {
            let a = &run.auditor;
            assert_eq!(a.counts().lost, a.lost_by_scan(), "{name} at {} events", run.world.events_processed());
            seen_lost = seen_lost.max(a.lost_by_scan());
            checks += 1;
        }
    }
    run.world.advance_clock(end);
    assert_eq!(run.auditor.counts().lost, run.auditor.lost_by_scan(), "{name} at the end");
    assert!(checks > 10, "{name}: too few checks");
    seen_lost
}

#[test]
fn kept_up_lost_count_matches_a_full_pass_on_every_shipped_scenario() {
    let mut any_lost = false;
    for (name, s) in shipped() {
        // Odd strides so the checks fall at varied places in each scenario's rhythm.
        let every = if s.duration_ms > 60_000 || name.ends_with("standard.json") { 4_999 } else { 397 };
        any_lost |= check(&name, &s, every) > 0;
    }
    assert!(any_lost, "some shipped scenario loses messages while it runs");
}

#[test]
fn kept_up_lost_count_matches_a_full_pass_with_random_crashes() {
    use mqlab::scenario::model::ScheduledFault as Fault;
    use mqlab::sim::command::Command;
    // Servers of every system too: a restarted old leader changes whether a message a new leader's
    // replica dropped can still come back.
    let candidates = [
        "billing/c1",
        "billing/c2",
        "broker-a/master",
        "broker-a/slave",
        "broker-a/slave1",
        "db",
        "redis",
        "kafka1",
        "kafka2",
        "node1",
        "node2",
        "rabbit",
        "redis-mq",
    ];
    for (name, base) in shipped().into_iter().filter(|(_, s)| s.duration_ms <= 40_000) {
        // The candidates this scenario has.
        let targets: Vec<&str> = candidates
            .into_iter()
            .filter(|n| {
                let mut one = base.clone();
                one.faults = vec![Fault { at_ms: 1_000, command: Command::Crash { node: n.to_string() } }];
                mqlab::scenario::validate(&one).is_ok()
            })
            .collect();
        for round in 0..3u64 {
            let mut s = base.clone();
            // A little deterministic LCG: crash and restart nodes at odd times.
            let mut x = round.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ s.duration_ms;
            let mut next = |n: u64| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (x >> 33) % n
            };
            for _ in 0..4 {
                let node = targets[next(targets.len() as u64) as usize].to_string();
                let at_ms = 1_000 + next(s.duration_ms - 5_000);
                s.faults.push(Fault { at_ms, command: Command::Crash { node: node.clone() } });
                s.faults.push(Fault { at_ms: at_ms + 500 + next(3_000), command: Command::Restart { node } });
            }
            s.faults.sort_by_key(|f| f.at_ms);
            if let Err(e) = mqlab::scenario::validate(&s) {
                panic!("{name} round {round}: {e:?}");
            }
            check(&format!("{name} round {round}"), &s, 211);
        }
    }
}
