//! The headless runner's report: the checker's counts, latency percentiles, every anomaly with its
//! causes in words, and the trace hash — one JSON document per run; and the distribution over many
//! seeds for `--runs K`.

use crate::i18n::{explain, Lang};
use crate::sim::audit::counts::{Counts, Latency};
use crate::sim::audit::report::AnomalyKind;
use crate::sim::run::RunOutcome;
use crate::sim::trace::hash_hex;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct AnomalyReport {
    pub kind: AnomalyKind,
    pub message: String,
    pub group: String,
    pub at_us: u64,
    /// The whole explanation in one sentence.
    pub text: String,
    pub causes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BacklogPeak {
    pub group: String,
    pub messages: u32,
    pub at_ms: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    pub title: String,
    pub seed: u64,
    pub duration_ms: u64,
    /// When the run stopped: the duration plus the drain phase.
    pub ended_at_ms: u64,
    /// Whether the cluster went quiet (everything processed that could be) before the drain limit.
    pub drained: bool,
    /// If not: what was still going on when the drain limit came (at most 10 items).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undrained: Vec<String>,
    pub counts: Counts,
    pub latency: Latency,
    /// Each consumer group's largest backlog (stored, not yet processed) and when it peaked.
    pub backlog_peaks: Vec<BacklogPeak>,
    pub anomaly_count: u64,
    pub anomalies: Vec<AnomalyReport>,
    /// FNV-1a of the whole trace as JSON lines: equal hashes mean identical runs.
    pub trace_hash: String,
    pub events: u64,
    pub trace_events: u64,
}

impl RunReport {
    pub fn new(outcome: &RunOutcome, lang: Lang) -> RunReport {
        let s = outcome.world.scenario();
        let topo = outcome.world.topology();
        let summary = &outcome.summary;
        let anomalies = summary
            .anomalies
            .iter()
            .map(|a| AnomalyReport {
                kind: a.kind,
                message: topo.message_name(a.key),
                group: topo.group_names.get(usize::from(a.group.0)).cloned().unwrap_or_default(),
                at_us: a.at.as_us(),
                text: explain::anomaly(a, topo, lang),
                causes: a.causes.iter().map(|c| explain::cause(c, topo, lang)).collect(),
            })
            .collect();
        RunReport {
            title: s.title.clone(),
            seed: s.seed,
            duration_ms: s.duration_ms,
            ended_at_ms: summary.ended_at.as_ms(),
            drained: summary.drained,
            undrained: outcome
                .world
                .drain_blockers(MAX_BLOCKERS)
                .iter()
                .map(|b| explain::drain_blocker(b, topo, lang))
                .collect(),
            counts: summary.counts.clone(),
            latency: summary.latency,
            backlog_peaks: backlog_peaks(outcome),
            anomaly_count: summary.anomaly_count,
            anomalies,
            trace_hash: hash_hex(outcome.trace_hash),
            events: outcome.events,
            trace_events: outcome.trace_events,
        }
    }
}

/// The highest backlog of each group over the run's per-second samples (first second wins a tie).
fn backlog_peaks(outcome: &RunOutcome) -> Vec<BacklogPeak> {
    let series = outcome.auditor.series();
    let topo = outcome.world.topology();
    topo.group_names
        .iter()
        .enumerate()
        .map(|(g, name)| {
            let (messages, at_ms) = series
                .iter()
                .map(|s| (s.backlog.get(g).copied().unwrap_or(0), s.t_ms))
                .fold((0, 0), |best, x| if x.0 > best.0 { x } else { best });
            BacklogPeak { group: name.clone(), messages, at_ms }
        })
        .collect()
}

/// Drain blockers listed at most.
const MAX_BLOCKERS: usize = 10;

pub use crate::lab::sweep::{Histogram, Spread};
use crate::lab::sweep::{SeedResult, Summary};

/// The two histograms of a sweep: how many runs lost (doubled) how many messages.
#[derive(Clone, Debug, Serialize)]
pub struct Histograms {
    pub lost: Histogram,
    pub duplicate_effects: Histogram,
}

/// One seed's run in `--per-seed` output: a report's counts and hash, without the anomalies.
#[derive(Clone, Debug, Serialize)]
pub struct SeedReport {
    pub seed: u64,
    pub drained: bool,
    pub counts: Counts,
    pub latency_p99_us: u64,
    pub trace_hash: String,
    pub events: u64,
}

impl From<&SeedResult> for SeedReport {
    fn from(r: &SeedResult) -> SeedReport {
        SeedReport {
            seed: r.seed,
            drained: r.drained,
            counts: r.counts.clone(),
            latency_p99_us: r.latency_p99_us,
            trace_hash: hash_hex(r.trace_hash),
            events: r.events,
        }
    }
}

/// What `--runs K` prints: how the counts spread over seeds N..N+K. The numbers come from
/// `lab::sweep::Summary`, the same fold the browser's sweep pane shows.
#[derive(Clone, Debug, Serialize)]
pub struct Distribution {
    pub title: String,
    pub runs: u64,
    pub first_seed: u64,
    pub runs_with_loss: u64,
    pub runs_with_duplicate_effects: u64,
    /// Runs that lost a message or doubled a side effect (either, counted once).
    pub runs_failing: u64,
    pub runs_not_drained: u64,
    /// The first seeds (up to 20) whose run lost messages, to rerun one with `--seed`.
    pub seeds_with_loss: Vec<u64>,
    pub seeds_with_duplicate_effects: Vec<u64>,
    pub failing_seeds: Vec<u64>,
    pub counts: std::collections::BTreeMap<String, Spread>,
    pub latency_p99_us: Spread,
    pub histograms: Histograms,
    /// Every seed's result, in seed order (with `--per-seed` only: a 100 000-run sweep would print
    /// megabytes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_seed: Option<Vec<SeedReport>>,
}

impl Distribution {
    /// The distribution of results given in seed order.
    pub fn new(title: &str, first_seed: u64, results: &[SeedResult], per_seed: bool) -> Distribution {
        let sum = Summary::of(results);
        Distribution {
            title: title.to_string(),
            runs: sum.runs,
            first_seed,
            runs_with_loss: sum.with_loss,
            runs_with_duplicate_effects: sum.with_duplicate_effects,
            runs_failing: sum.failing,
            runs_not_drained: sum.not_drained,
            seeds_with_loss: sum.seeds_with_loss,
            seeds_with_duplicate_effects: sum.seeds_with_duplicate_effects,
            failing_seeds: sum.failing_seeds,
            counts: count_spreads(results),
            latency_p99_us: sum.latency_p99_us,
            histograms: Histograms { lost: sum.lost_histogram, duplicate_effects: sum.duplicate_effects_histogram },
            per_seed: per_seed.then(|| results.iter().map(SeedReport::from).collect()),
        }
    }
}

/// The spread of every count the checker keeps, by its JSON name: read through serde, so a count
/// added to `Counts` shows up here without a change.
fn count_spreads(results: &[SeedResult]) -> std::collections::BTreeMap<String, Spread> {
    let mut spreads = std::collections::BTreeMap::new();
    let columns: Vec<serde_json::Map<String, serde_json::Value>> = results
        .iter()
        .filter_map(|r| match serde_json::to_value(&r.counts) {
            Ok(serde_json::Value::Object(m)) => Some(m),
            _ => None,
        })
        .collect();
    if let Some(first) = columns.first() {
        for name in first.keys() {
            let values: Vec<u64> = columns.iter().filter_map(|m| m.get(name).and_then(|v| v.as_u64())).collect();
            spreads.insert(name.clone(), Spread::of(&values));
        }
    }
    spreads
}
