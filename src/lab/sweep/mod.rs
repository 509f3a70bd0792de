//! Seed sweeps: run one scenario under many seeds and see how often it goes wrong. A scenario's
//! seed drives every random draw (latency jitter, loss, NameServer choice, failures), so one seed
//! is one possible history; a sweep asks "in how many histories are messages lost or doubled?".
//!
//! This module is what the headless runner (`mqlab run --runs K`) and the browser's sweep worker
//! share: `run_seed` runs one seed to its end exactly as `sim::run::run` does and keeps a small
//! `SeedResult`; `Summary::of` folds results into the numbers a teacher reads (runs with loss or
//! duplicates, the first failing seeds, min / median / max, histograms). `plan` splits a sweep
//! between workers and collects their results in seed order. Plain Rust, tested natively.

pub mod plan;

use crate::i18n::{Lang, Localize};
use crate::scenario::model::Scenario;
use crate::sim::audit::counts::Counts;
use crate::sim::run::{self, RunError};
use serde::{Deserialize, Serialize};

pub use plan::{parse_request, RequestError, Share, SweepPlan, SweepReply, SweepRequest, Sweeper, Tally};

/// The most runs one sweep in the browser may have (the runner allows more: `cli::MAX_RUNS`).
pub const MAX_RUNS: u64 = 10_000;
/// Runs a new sweep in the page asks for.
pub const DEFAULT_RUNS: u64 = 100;
/// Seeds listed per outcome at most: enough to pick one, short enough to read.
pub const LISTED_SEEDS: usize = 20;
/// A histogram has at most this many bins; wider ranges get wider bins.
pub const MAX_BINS: u64 = 20;

/// What one seed's run came to: the checker's counts and what identifies the run. Small, so a
/// 10 000-seed sweep keeps every result (about 170 bytes each).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedResult {
    pub seed: u64,
    pub counts: Counts,
    /// End-to-end latency (produced → first side effect), 99th percentile, µs.
    pub latency_p99_us: u64,
    /// Whether the cluster went quiet before the drain limit.
    pub drained: bool,
    /// Equal hashes mean identical runs, event for event (`sim::trace::hash_hex` shows it).
    pub trace_hash: u64,
    pub events: u64,
}

impl SeedResult {
    /// A failing seed lost a promised message or doubled a side effect: the two outcomes a
    /// reliable pipeline must never show.
    pub fn failing(&self) -> bool {
        self.counts.lost > 0 || self.counts.duplicate_effects > 0
    }
}

/// A seed whose run could not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedError {
    pub seed: u64,
    pub error: RunError,
}

impl Localize for SeedError {
    fn localize(&self, lang: Lang) -> String {
        let seed = self.seed;
        lang.pick(format!("seed {seed}: "), format!("种子 {seed}：")) + &self.error.localize(lang)
    }
}

/// Run the scenario with `seed` in place of its own, from the start to drained, with no learner
/// actions: exactly `sim::run::run`, keeping only what a sweep needs.
pub fn run_seed(scenario: &Scenario, seed: u64) -> Result<SeedResult, SeedError> {
    let mut s = scenario.clone();
    s.seed = seed;
    let outcome = run::run(&s, &[], false).map_err(|error| SeedError { seed, error })?;
    let summary = outcome.summary;
    Ok(SeedResult {
        seed,
        counts: summary.counts,
        latency_p99_us: summary.latency.p99_us,
        drained: summary.drained,
        trace_hash: outcome.trace_hash,
        events: outcome.events,
    })
}

/// The scenario with another seed, to open one run of a sweep in the lab. Its title says which
/// seed (replacing an earlier " [seed N]"), so the learner sees what they are looking at; the
/// title is not part of the run, whose trace is the same as the sweep's.
pub fn with_seed(base: &Scenario, seed: u64) -> Scenario {
    let mut s = base.clone();
    s.seed = seed;
    let stem = match base.title.rsplit_once(" [seed ") {
        Some((stem, rest)) if rest.strip_suffix(']').is_some_and(|n| n.parse::<u64>().is_ok()) => stem,
        _ => base.title.as_str(),
    };
    let title = format!("{stem} [seed {seed}]");
    if title.chars().count() <= crate::scenario::limits::MAX_TITLE_CHARS {
        s.title = title;
    }
    s
}

/// min / median / max of one count over many runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Spread {
    pub min: u64,
    pub median: u64,
    pub max: u64,
}

impl Spread {
    /// The spread of some values; the median of an even number is the lower middle one, so it is
    /// always a value some run had.
    pub fn of(values: &[u64]) -> Spread {
        if values.is_empty() {
            return Spread::default();
        }
        let mut v = values.to_vec();
        v.sort_unstable();
        Spread { min: v[0], median: v[(v.len() - 1) / 2], max: v[v.len() - 1] }
    }
}

/// How many runs had each value of a count, in bins of equal integer width starting at 0: bin `k`
/// counts the runs whose value is in `k * bin_width ..= (k + 1) * bin_width - 1`. Starting at 0
/// shows how far from "nothing went wrong" the runs are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Histogram {
    pub bin_width: u64,
    pub bins: Vec<u64>,
}

impl Histogram {
    /// Bins of width 1, 2, 5, 10, 20, 50 …: the narrowest that fits the largest value in
    /// `MAX_BINS` bins, so that bin edges are round numbers a reader can take in.
    pub fn of(values: &[u64]) -> Histogram {
        let Some(&max) = values.iter().max() else {
            return Histogram { bin_width: 1, bins: Vec::new() };
        };
        let need = (max / MAX_BINS) + 1;
        let mut width = 1u64;
        'search: for decade in 0..20u32 {
            for step in [1u64, 2, 5] {
                let w = step.saturating_mul(10u64.saturating_pow(decade));
                if w >= need {
                    width = w;
                    break 'search;
                }
            }
        }
        let mut bins = vec![0u64; (max / width + 1) as usize];
        for v in values {
            bins[(v / width) as usize] += 1;
        }
        Histogram { bin_width: width, bins }
    }

    /// The values bin `k` holds, both ends included.
    pub fn range(&self, k: usize) -> (u64, u64) {
        let lo = (k as u64).saturating_mul(self.bin_width);
        (lo, lo.saturating_add(self.bin_width - 1))
    }
}

/// What a sweep came to, over the results so far, in seed order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub runs: u64,
    /// Runs that lost a message or doubled a side effect.
    pub failing: u64,
    pub with_loss: u64,
    pub with_duplicate_effects: u64,
    pub not_drained: u64,
    /// The first seeds (up to `LISTED_SEEDS`) of each kind, in the sweep's order.
    pub failing_seeds: Vec<u64>,
    pub seeds_with_loss: Vec<u64>,
    pub seeds_with_duplicate_effects: Vec<u64>,
    pub lost: Spread,
    pub duplicate_effects: Spread,
    pub duplicate_deliveries: Spread,
    pub latency_p99_us: Spread,
    pub lost_histogram: Histogram,
    pub duplicate_effects_histogram: Histogram,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram::of(&[])
    }
}

impl Summary {
    /// Fold results, given in the sweep's order (the listed seeds are the first ones met).
    pub fn of<'a>(results: impl IntoIterator<Item = &'a SeedResult>) -> Summary {
        let results: Vec<&SeedResult> = results.into_iter().collect();
        let first = |f: &dyn Fn(&SeedResult) -> bool| -> (u64, Vec<u64>) {
            let seeds = results.iter().filter(|r| f(r)).map(|r| r.seed);
            let n = seeds.clone().count() as u64;
            (n, seeds.take(LISTED_SEEDS).collect())
        };
        let (failing, failing_seeds) = first(&SeedResult::failing);
        let (with_loss, seeds_with_loss) = first(&|r| r.counts.lost > 0);
        let (with_duplicate_effects, seeds_with_duplicate_effects) = first(&|r| r.counts.duplicate_effects > 0);
        let column = |f: fn(&SeedResult) -> u64| results.iter().map(|r| f(r)).collect::<Vec<u64>>();
        let lost = column(|r| r.counts.lost);
        let duplicate_effects = column(|r| r.counts.duplicate_effects);
        Summary {
            runs: results.len() as u64,
            failing,
            with_loss,
            with_duplicate_effects,
            not_drained: results.iter().filter(|r| !r.drained).count() as u64,
            failing_seeds,
            seeds_with_loss,
            seeds_with_duplicate_effects,
            lost: Spread::of(&lost),
            duplicate_effects: Spread::of(&duplicate_effects),
            duplicate_deliveries: Spread::of(&column(|r| r.counts.duplicate_deliveries)),
            latency_p99_us: Spread::of(&column(|r| r.latency_p99_us)),
            lost_histogram: Histogram::of(&lost),
            duplicate_effects_histogram: Histogram::of(&duplicate_effects),
        }
    }
}

/// Made-up results for the tests of this module and `plan`.
#[cfg(test)]
mod tests_support {
    use super::*;

    pub fn result_with(seed: u64, lost: u64, dup: u64) -> SeedResult {
        let counts = Counts { lost, duplicate_effects: dup, ..Counts::default() };
        SeedResult { seed, counts, latency_p99_us: seed, drained: seed != 3, trace_hash: seed, events: 1 }
    }

    pub fn result(seed: u64) -> SeedResult {
        result_with(seed, 0, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::result_with as result;
    use super::*;

    #[test]
    fn with_seed_names_the_seed_once() {
        let mut base = crate::scenario::parse_scenario(include_str!("../../../scenarios/example-full.json"))
            .expect("example scenario");
        let one = with_seed(&base, 54);
        assert_eq!(
            (one.seed, one.title.as_str()),
            (54, "Orders and payments: a master crash and a lost ack [seed 54]")
        );
        assert_eq!(with_seed(&one, 7).title, "Orders and payments: a master crash and a lost ack [seed 7]");
        assert!(crate::scenario::validate(&with_seed(&one, 7)).is_ok());
        base.title = "x".repeat(crate::scenario::limits::MAX_TITLE_CHARS);
        assert_eq!(with_seed(&base, 1).title, base.title, "too long to add to: kept");
    }

    #[test]
    fn spread_takes_the_lower_median() {
        assert_eq!(Spread::of(&[5, 1, 3, 9]), Spread { min: 1, median: 3, max: 9 });
        assert_eq!(Spread::of(&[]), Spread::default());
    }

    #[test]
    fn histogram_bins_are_round_integers_from_zero() {
        let h = Histogram::of(&[0, 0, 3, 9]);
        assert_eq!((h.bin_width, h.bins.len()), (1, 10));
        assert_eq!((h.bins[0], h.bins[3], h.bins[9]), (2, 1, 1));
        let h = Histogram::of(&[368, 0, 19, 20]);
        assert_eq!(h.bin_width, 20, "369 values in at most 20 bins: width 19 rounds up to 20");
        assert_eq!(h.bins.len(), 19);
        assert_eq!((h.bins[0], h.bins[1], h.bins[18]), (2, 1, 1));
        assert_eq!(h.range(1), (20, 39));
        assert_eq!(Histogram::of(&[19]).bin_width, 1, "20 values fit 20 bins of 1");
        assert_eq!(Histogram::of(&[20]).bin_width, 2);
        assert!(Histogram::of(&[]).bins.is_empty());
        for h in [Histogram::of(&[7, 1_000_000]), Histogram::of(&[99]), Histogram::of(&[u64::MAX])] {
            assert!(h.bins.len() as u64 <= MAX_BINS, "{h:?}");
        }
    }

    #[test]
    fn summary_counts_failing_runs_and_lists_the_first_seeds() {
        let results: Vec<SeedResult> = (0..30).map(|s| result(s, s % 3, u64::from(s % 5 == 0))).collect();
        let sum = Summary::of(&results);
        assert_eq!(sum.runs, 30);
        assert_eq!(sum.with_loss, 20);
        assert_eq!(sum.with_duplicate_effects, 6);
        assert_eq!(sum.failing, 30 - 8, "seeds 3, 6, 9, 12, 18, 21, 24, 27 neither lose nor double");
        assert_eq!(sum.failing_seeds.len(), LISTED_SEEDS);
        assert_eq!(&sum.failing_seeds[..4], &[0, 1, 2, 4]);
        assert_eq!(&sum.seeds_with_duplicate_effects[..], &[0, 5, 10, 15, 20, 25]);
        assert_eq!(sum.lost, Spread { min: 0, median: 1, max: 2 });
        assert_eq!(sum.lost_histogram.bins, vec![10, 10, 10]);
        assert_eq!(sum.duplicate_effects_histogram.bins, vec![24, 6]);
        assert_eq!(sum.not_drained, 1);
        assert_eq!(Summary::of(&[]), Summary::default());
    }
}
