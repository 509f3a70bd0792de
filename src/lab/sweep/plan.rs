//! A sweep's seeds, split between workers (the browser's Web Workers, the runner's threads), and
//! its results collected back in seed order, so that what a sweep reports never depends on how
//! many workers ran it or which finished first. Also the messages the page and its sweep worker
//! exchange, and the check of what a learner typed into the sweep pane.

use super::{run_seed, SeedError, SeedResult, Summary, MAX_RUNS};
use crate::i18n::{Lang, Localize};
use crate::scenario::model::Scenario;
use serde::{Deserialize, Serialize};

/// Seeds `first_seed`, `first_seed + 1`, … (wrapping past `u64::MAX`), `runs` of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SweepPlan {
    pub first_seed: u64,
    pub runs: u64,
}

impl SweepPlan {
    /// The seed of run `i`.
    pub fn seed(&self, i: u64) -> u64 {
        self.first_seed.wrapping_add(i)
    }

    /// Which run of the plan a seed is, if it is one.
    pub fn index_of(&self, seed: u64) -> Option<u64> {
        let i = seed.wrapping_sub(self.first_seed);
        (i < self.runs).then_some(i)
    }

    /// The plan split between at most `workers` workers, interleaved (worker k takes runs k, k + n,
    /// k + 2n …): results then come back roughly in seed order, so the first failing seeds show
    /// up early and the histograms fill evenly.
    pub fn shares(&self, workers: u64) -> Vec<Share> {
        let n = workers.clamp(1, self.runs.max(1));
        (0..n.min(self.runs))
            .map(|k| Share { first_seed: self.seed(k), count: (self.runs - k).div_ceil(n), stride: n })
            .collect()
    }
}

/// One worker's part of a sweep: seeds `first_seed + j * stride` for `j` in `0..count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub first_seed: u64,
    pub count: u64,
    pub stride: u64,
}

impl Share {
    pub fn seed(&self, j: u64) -> u64 {
        self.first_seed.wrapping_add(j.wrapping_mul(self.stride))
    }

    pub fn seeds(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.count).map(|j| self.seed(j))
    }
}

/// A worker's side of a sweep: its scenario and its share, run a few seeds at a time so that the
/// worker can post progress and hear "stop" in between.
pub struct Sweeper {
    scenario: Scenario,
    share: Share,
    next: u64,
}

impl Sweeper {
    pub fn new(scenario: Scenario, share: Share) -> Sweeper {
        Sweeper { scenario, share, next: 0 }
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.share.count
    }

    /// Run the next seeds while `more()` says so (the caller's time budget), at least one.
    pub fn run_some(&mut self, mut more: impl FnMut() -> bool) -> Result<Vec<SeedResult>, SeedError> {
        let mut out = Vec::new();
        while !self.is_done() && (out.is_empty() || more()) {
            out.push(run_seed(&self.scenario, self.share.seed(self.next))?);
            self.next += 1;
        }
        Ok(out)
    }
}

/// A sweep's results as they come in, kept in seed order whatever order they arrive in.
#[derive(Clone, Debug)]
pub struct Tally {
    plan: SweepPlan,
    results: Vec<Option<SeedResult>>,
    done: u64,
}

impl Tally {
    pub fn new(plan: SweepPlan) -> Tally {
        // A plan from `parse_request` has at most MAX_RUNS; the runner's up to cli::MAX_RUNS.
        Tally { plan, results: vec![None; plan.runs as usize], done: 0 }
    }

    pub fn plan(&self) -> SweepPlan {
        self.plan
    }

    /// Keep a result; false (and nothing kept) for a seed outside the plan or one already in.
    pub fn record(&mut self, r: SeedResult) -> bool {
        let Some(slot) = self.plan.index_of(r.seed).and_then(|i| self.results.get_mut(i as usize)) else {
            return false;
        };
        if slot.is_some() {
            return false;
        }
        *slot = Some(r);
        self.done += 1;
        true
    }

    /// Results in so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    pub fn is_complete(&self) -> bool {
        self.done == self.plan.runs
    }

    /// The results in so far, in seed order.
    pub fn results(&self) -> impl Iterator<Item = &SeedResult> {
        self.results.iter().flatten()
    }

    /// The result of one seed, if it is in.
    pub fn get(&self, seed: u64) -> Option<&SeedResult> {
        self.plan.index_of(seed).and_then(|i| self.results.get(i as usize)).and_then(Option::as_ref)
    }

    pub fn summary(&self) -> Summary {
        Summary::of(self.results())
    }

    /// Every result, in seed order, once all are in.
    pub fn into_results(self) -> Option<Vec<SeedResult>> {
        self.results.into_iter().collect()
    }
}

/// What the page asks its sweep worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SweepRequest {
    /// Run these seeds of the scenario (its JSON text, as share links and saved runs carry it; the
    /// worker reads and validates it as any scenario file).
    Start { scenario_json: String, share: Share },
}

/// What the sweep worker posts back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SweepReply {
    /// The next results of its share, in its order.
    Results(Vec<SeedResult>),
    /// The worker stopped: the scenario did not read or a run could not complete (why, in both
    /// languages).
    Failed { en: String, zh: String },
}

impl SweepReply {
    pub fn failed(e: &dyn Localize) -> SweepReply {
        SweepReply::Failed { en: e.localize(Lang::En), zh: e.localize(Lang::Zh) }
    }
}

/// Why the sweep pane refused what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    RunsNotANumber(String),
    /// A whole number out of 1..=MAX_RUNS, as typed: never another number in its place.
    RunsOutOfRange(String),
    SeedNotANumber(String),
    /// Digits past the largest seed: a number, only too large.
    SeedTooLarge(String),
}

/// Long input is cut in messages: the learner knows what they typed.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(20).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

impl Localize for RequestError {
    fn localize(&self, lang: Lang) -> String {
        match self {
            RequestError::RunsNotANumber(v) => lang.pick(
                format!("Number of runs: \"{}\" is not a whole number. Enter 1 to {MAX_RUNS}.", clip(v)),
                format!("运行次数：“{}”不是整数。请输入 1 到 {MAX_RUNS} 之间的数。", clip(v)),
            ),
            RequestError::RunsOutOfRange(v) => lang.pick(
                format!(
                    "Number of runs: {} is not between 1 and {MAX_RUNS}. For more, use `mqlab run --runs`.",
                    clip(v)
                ),
                format!("运行次数：{} 不在 1 到 {MAX_RUNS} 之间。更多次请用 `mqlab run --runs`。", clip(v)),
            ),
            RequestError::SeedNotANumber(v) => lang.pick(
                format!("First seed: \"{}\" is not a whole number from 0 to {}.", clip(v), u64::MAX),
                format!("起始种子：“{}”不是 0 到 {} 之间的整数。", clip(v), u64::MAX),
            ),
            RequestError::SeedTooLarge(v) => lang.pick(
                format!("First seed: {} is too large; the largest seed is {}.", clip(v), u64::MAX),
                format!("起始种子：{} 太大了，种子最大为 {}。", clip(v), u64::MAX),
            ),
        }
    }
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.localize(Lang::En))
    }
}

/// Read the sweep pane's two fields: the number of runs (1 to `MAX_RUNS`) and the first seed.
pub fn parse_request(runs: &str, first_seed: &str) -> Result<SweepPlan, RequestError> {
    let (runs, seed) = (runs.trim(), first_seed.trim());
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let n = match runs.parse::<u64>() {
        Ok(n) if (1..=MAX_RUNS).contains(&n) => n,
        // Digits too many for a u64 are still a number, only far too large; either way the
        // learner reads back what they typed, not a number put in its place.
        Ok(_) => return Err(RequestError::RunsOutOfRange(runs.to_string())),
        Err(_) if all_digits(runs) => return Err(RequestError::RunsOutOfRange(runs.to_string())),
        Err(_) => return Err(RequestError::RunsNotANumber(runs.to_string())),
    };
    let first_seed = match seed.parse::<u64>() {
        Ok(s) => s,
        Err(_) if all_digits(seed) => return Err(RequestError::SeedTooLarge(seed.to_string())),
        Err(_) => return Err(RequestError::SeedNotANumber(seed.to_string())),
    };
    Ok(SweepPlan { first_seed, runs: n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_seed_once() {
        for (first, runs, workers) in [(0, 10, 3), (u64::MAX - 2, 7, 2), (5, 2, 4), (1, 1, 1), (9, 100, 1)] {
            let plan = SweepPlan { first_seed: first, runs };
            let shares = plan.shares(workers);
            assert!(shares.len() as u64 <= workers.min(runs));
            let mut seen: Vec<u64> = shares.iter().flat_map(|s| s.seeds().collect::<Vec<_>>()).collect();
            let mut want: Vec<u64> = (0..runs).map(|i| plan.seed(i)).collect();
            seen.sort_unstable();
            want.sort_unstable();
            assert_eq!(seen, want, "{first} {runs} {workers}");
        }
    }

    #[test]
    fn the_tally_keeps_seed_order_and_refuses_strays() {
        let plan = SweepPlan { first_seed: u64::MAX, runs: 3 };
        let mut t = Tally::new(plan);
        let r = |seed| super::super::tests_support::result(seed);
        assert!(t.record(r(1)));
        assert!(!t.record(r(1)), "twice");
        assert!(!t.record(r(2)), "outside the plan");
        assert!(t.record(r(u64::MAX)));
        assert!(!t.is_complete());
        assert!(t.record(r(0)));
        assert!(t.is_complete());
        assert_eq!(t.results().map(|r| r.seed).collect::<Vec<_>>(), vec![u64::MAX, 0, 1]);
        assert_eq!(t.get(0).map(|r| r.seed), Some(0));
    }

    #[test]
    fn the_request_is_checked_with_clear_messages() {
        assert_eq!(parse_request(" 100 ", "7"), Ok(SweepPlan { first_seed: 7, runs: 100 }));
        assert_eq!(parse_request("10000", "0").map(|p| p.runs), Ok(MAX_RUNS));
        assert_eq!(parse_request("0", "1"), Err(RequestError::RunsOutOfRange("0".into())));
        assert_eq!(parse_request("20000", "1"), Err(RequestError::RunsOutOfRange("20000".into())));
        // Review 15: never a capped number in place of the one typed.
        let huge = "99999999999999999999999";
        let e = parse_request(huge, "1").expect_err(huge);
        assert_eq!(e, RequestError::RunsOutOfRange(huge.into()));
        assert_eq!(
            e.localize(Lang::En),
            "Number of runs: 99999999999999999999… is not between 1 and 10000. For more, use `mqlab run --runs`."
        );
        assert!(!e.localize(Lang::Zh).contains(&u64::MAX.to_string()));
        assert_eq!(parse_request("00010001", "1"), Err(RequestError::RunsOutOfRange("00010001".into())));
        assert_eq!(parse_request("ten", "1"), Err(RequestError::RunsNotANumber("ten".into())));
        assert_eq!(parse_request("-5", "1"), Err(RequestError::RunsNotANumber("-5".into())));
        assert_eq!(parse_request("", "1"), Err(RequestError::RunsNotANumber(String::new())));
        assert_eq!(parse_request("5", "x"), Err(RequestError::SeedNotANumber("x".into())));
        // Review 11's "a number called text", here too: 2^64 is a seed too large.
        let e = parse_request("5", "18446744073709551616").expect_err("2^64");
        assert_eq!(e, RequestError::SeedTooLarge("18446744073709551616".into()));
        assert_eq!(e.localize(Lang::Zh), "起始种子：18446744073709551616 太大了，种子最大为 18446744073709551615。");
        let e = RequestError::RunsOutOfRange("20000".into());
        assert!(e.localize(Lang::En).contains("20000") && e.localize(Lang::En).contains("10000"));
        assert!(e.localize(Lang::Zh).contains("运行次数"));
        let long = RequestError::RunsNotANumber("x".repeat(500)).localize(Lang::En);
        assert!(long.len() < 120, "{long}");
    }
}
