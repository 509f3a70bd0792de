//! Engine throughput on the standard scenario (scenarios/standard.json): simulated events handled
//! per second of wall time, natively. Two figures: the engine alone (nodes, network, event queue,
//! trace recorded and dropped), and a whole run (engine + checker + streaming trace hash), which is
//! what `mqlab run` does. Run with `cargo bench --bench engine`; figures go to docs/performance.md.

use mqlab::scenario::parse_scenario;
use mqlab::sim::run;
use mqlab::sim::time::SimTime;
use mqlab::sim::world::World;
use std::time::Instant;

const ROUNDS: usize = 7;

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/standard.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let s = parse_scenario(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let end = SimTime::from_ms(s.duration_ms);

    let engine = measure(|| {
        let mut w = World::new(&s);
        while w.next_event_time().is_some_and(|t| t <= end) {
            w.step();
            if w.events_processed().is_multiple_of(4096) {
                w.drain_trace().for_each(drop);
            }
        }
        w.events_processed()
    });
    let full = measure(|| run::run(&s, &[], false).map(|o| o.events).unwrap_or(0));

    println!("scenario: {} ({} ms of sim time)", s.title, s.duration_ms);
    report("engine alone (trace recorded, not kept)", engine);
    report("whole run (engine + checker + trace hash)", full);
}

/// (events, seconds) of each round.
fn measure(mut f: impl FnMut() -> u64) -> Vec<(u64, f64)> {
    (0..ROUNDS)
        .map(|_| {
            let t0 = Instant::now();
            let events = f();
            (events, t0.elapsed().as_secs_f64())
        })
        .collect()
}

fn report(label: &str, rounds: Vec<(u64, f64)>) {
    let mut rates: Vec<f64> = rounds.iter().map(|&(e, s)| e as f64 / s).collect();
    rates.sort_by(f64::total_cmp);
    let median = rates[rates.len() / 2];
    let best = rates[rates.len() - 1];
    let events = rounds.first().map_or(0, |r| r.0);
    println!(
        "{label}: {events} events; median {:.2} M events/s, best {:.2} M events/s over {ROUNDS} rounds",
        median / 1e6,
        best / 1e6
    );
}
