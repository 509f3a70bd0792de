//! Seed sweeps: every per-seed result is the headless run of that seed, however the sweep is split
//! between workers, and the summary the page and the runner print says what those results say.

mod common;

use mqlab::lab::sweep::{run_seed, Histogram, SeedResult, Summary, SweepPlan, Sweeper, Tally};
use mqlab::sim::run::run;

/// The headless run of one seed, read the long way round.
fn headless(name: &str, seed: u64) -> SeedResult {
    let mut s = common::scenario(name);
    s.seed = seed;
    let out = run(&s, &[], false).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    SeedResult {
        seed,
        counts: out.summary.counts.clone(),
        latency_p99_us: out.summary.latency.p99_us,
        drained: out.summary.drained,
        trace_hash: out.trace_hash,
        events: out.events,
    }
}

/// Sweep as the browser does: the plan split between workers, each running a slice at a time,
/// the results recorded as they come (worker by worker, so out of seed order).
fn sweep_in_slices(name: &str, plan: SweepPlan, workers: u64) -> Vec<SeedResult> {
    let scenario = common::scenario(name);
    let mut tally = Tally::new(plan);
    let mut sweepers: Vec<Sweeper> =
        plan.shares(workers).into_iter().map(|sh| Sweeper::new(scenario.clone(), sh)).collect();
    while sweepers.iter().any(|s| !s.is_done()) {
        for s in sweepers.iter_mut().rev() {
            let mut budget = 2;
            let results = s.run_some(|| {
                budget -= 1;
                budget > 0
            });
            for r in results.unwrap_or_else(|e| panic!("{e:?}")) {
                assert!(tally.record(r), "each seed comes back once");
            }
        }
    }
    assert!(tally.is_complete());
    tally.into_results().unwrap_or_default()
}

#[test]
fn each_seed_result_is_the_headless_run_of_that_seed() {
    let scenario = common::scenario("example-full");
    let plan = SweepPlan { first_seed: 50, runs: 8 };
    let swept = sweep_in_slices("example-full", plan, 3);
    assert_eq!(swept.len(), 8);
    for (i, r) in swept.iter().enumerate() {
        let seed = 50 + i as u64;
        assert_eq!(r, &headless("example-full", seed), "seed {seed}");
        assert_eq!(run_seed(&scenario, seed).as_ref(), Ok(r), "seed {seed}");
    }
    // Seeds really change the run: not all eight histories are the same.
    let first = swept[0].trace_hash;
    assert!(swept.iter().any(|r| r.trace_hash != first));
}

#[test]
fn the_scenario_seed_gives_its_golden_run() {
    // The sweep's run of a scenario's own seed is the run the lab, the runner and the golden trace
    // hashes (tests/determinism.rs) know.
    let scenario = common::scenario("async-replication-master-crash");
    let r = run_seed(&scenario, scenario.seed).unwrap_or_else(|e| panic!("{e:?}"));
    let out = common::outcome(&scenario);
    assert_eq!((r.trace_hash, r.counts.lost), (out.trace_hash, out.summary.counts.lost));
    assert!(r.failing(), "the master crash loses acknowledged messages");
}

#[test]
fn the_runner_sweeps_the_same_results_in_seed_order() {
    let plan = SweepPlan { first_seed: 40, runs: 20 };
    let scenario = common::scenario("example-full");
    let runner = mqlab::cli::sweep(&scenario, plan).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(runner, sweep_in_slices("example-full", plan, 2));
    assert_eq!(runner.iter().map(|r| r.seed).collect::<Vec<_>>(), (40..60).collect::<Vec<_>>());
}

#[test]
fn the_summary_says_what_the_results_say() {
    let plan = SweepPlan { first_seed: 42, runs: 40 };
    let results = sweep_in_slices("example-full", plan, 4);
    let sum = Summary::of(&results);
    let lost: Vec<u64> = results.iter().map(|r| r.counts.lost).collect();
    let dup: Vec<u64> = results.iter().map(|r| r.counts.duplicate_effects).collect();
    let failing: Vec<u64> =
        results.iter().filter(|r| r.counts.lost > 0 || r.counts.duplicate_effects > 0).map(|r| r.seed).collect();
    assert_eq!(sum.runs, 40);
    assert_eq!(sum.failing, failing.len() as u64);
    assert_eq!(sum.failing_seeds, failing);
    assert!(!failing.is_empty() && failing.len() < 40, "example-full fails under some seeds only: {failing:?}");
    assert_eq!(sum.with_loss, lost.iter().filter(|&&l| l > 0).count() as u64);
    assert_eq!(sum.lost.max, lost.iter().copied().max().unwrap_or(0));
    assert_eq!(sum.lost_histogram, Histogram::of(&lost));
    assert_eq!(sum.duplicate_effects_histogram, Histogram::of(&dup));
    // The histograms count every run once, each in the bin of its value.
    for (h, values) in [(&sum.lost_histogram, &lost), (&sum.duplicate_effects_histogram, &dup)] {
        assert_eq!(h.bins.iter().sum::<u64>(), 40);
        for (k, &n) in h.bins.iter().enumerate() {
            let (lo, hi) = h.range(k);
            assert_eq!(n, values.iter().filter(|&&v| (lo..=hi).contains(&v)).count() as u64);
        }
    }
}
