//! Compare mode: one workload, one fault schedule and one seed, run under several configurations,
//! side by side. A `Comparison` is a base scenario and its variants; each variant changes
//! configuration only (replication, flush, ack mode, dedup, the reliable producer), so any
//! difference between the rows is the configuration's doing. The runs advance in bounded slices
//! (`CompareRun::step`) so that the page never blocks, and each finished run gives a `Row` equal
//! to what a headless `sim::run::run` of the same variant scenario reports.

pub mod notes;
pub mod quoted;
pub mod switched;
pub mod systems;
pub mod unavailable;
pub mod variants;

use crate::scenario::model::Scenario;
use crate::sim::run::{Run, RunError};
use crate::sim::time::{SimTime, SEC};
pub use unavailable::Unavailability;
pub use variants::{predefined, Predefined, Variant, VARIANTS};

/// A base scenario and the configurations to run it under.
#[derive(Clone, Debug)]
pub struct Comparison {
    pub base: Scenario,
    pub variants: Vec<&'static Variant>,
}

impl Comparison {
    /// The scenario a variant runs: the base with the variant's settings, its title saying which.
    pub fn scenario(&self, i: usize) -> Option<Scenario> {
        self.variants.get(i).map(|v| v.apply_to(&self.base))
    }

    /// Start running every variant (nothing is simulated yet).
    pub fn start(&self) -> CompareRun {
        let runs = (0..self.variants.len()).filter_map(|i| self.scenario(i)).map(|s| VariantRun::new(&s)).collect();
        CompareRun { runs }
    }
}

/// One row of the table: what a variant's run came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Promised messages some group never processed.
    pub lost: u64,
    /// Side effects beyond the first (the business saw the message twice).
    pub duplicate_effects: u64,
    /// Deliveries of a message its group had already processed.
    pub duplicate_deliveries: u64,
    /// End-to-end latency (produced → first side effect), 99th percentile, µs.
    pub latency_p99_us: u64,
    /// Messages processed per second of the scenario's duration, in thousandths.
    pub throughput_milli: u64,
    /// See `unavailable`: sim time during which some producer's sends were failing, µs.
    pub unavailable_us: u64,
    pub in_dlq: u64,
    pub processed: u64,
    pub drained: bool,
    pub trace_hash: u64,
}

impl Row {
    /// Messages processed per second, as a number to show.
    pub fn throughput_per_s(&self) -> f64 {
        self.throughput_milli as f64 / 1_000.0
    }
}

/// Messages processed per second of a duration, in thousandths (0 for a zero duration).
pub fn throughput_milli(processed: u64, duration_ms: u64) -> u64 {
    if duration_ms == 0 {
        return 0;
    }
    processed.saturating_mul(1_000_000) / duration_ms
}

/// Where a variant's run is: in the scenario's duration, draining, or done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Duration,
    /// Draining, one second at a time (as `Run::finish` does), towards this instant.
    Drain(SimTime),
    Done,
}

/// One variant's run, advanced a slice at a time. It does exactly what `Run::finish` does (run to
/// the duration, then drain a second at a time until quiet or the drain limit), so its row equals
/// the headless run's.
#[derive(Clone)]
pub struct VariantRun {
    run: Run,
    phase: Phase,
    unavailable: Unavailability,
    end: SimTime,
    limit: SimTime,
    row: Option<Row>,
}

impl VariantRun {
    pub fn new(scenario: &Scenario) -> VariantRun {
        let end = SimTime::from_ms(scenario.duration_ms);
        let limit = end.plus_ms(scenario.max_drain_ms);
        VariantRun {
            run: Run::new(scenario, false),
            phase: Phase::Duration,
            unavailable: Unavailability::default(),
            end,
            limit,
            row: None,
        }
    }

    /// Handle up to `budget` events; true once the run is over and its row is ready.
    pub fn step(&mut self, budget: u64) -> Result<bool, RunError> {
        let mut left = budget;
        while left > 0 {
            let target = match self.phase {
                Phase::Done => break,
                Phase::Duration => self.end,
                Phase::Drain(t) => t,
            };
            if self.run.world.next_event_time().is_some_and(|at| at <= target) {
                self.run.step_event()?;
                left -= 1;
                continue;
            }
            // Everything up to the target is handled: move the clock there, then decide what next.
            self.run.world.advance_clock(target);
            self.pump();
            let now = self.run.world.now();
            if self.run.world.is_drained() || now >= self.limit {
                self.finish();
            } else {
                self.phase = Phase::Drain(now.plus_us(SEC).min(self.limit));
            }
        }
        self.pump();
        Ok(self.phase == Phase::Done)
    }

    fn pump(&mut self) {
        let unavailable = &mut self.unavailable;
        self.run.pump_with(|e| unavailable.observe(e));
    }

    fn finish(&mut self) {
        let now = self.run.world.now();
        let summary = self.run.auditor.finish(now, self.run.world.is_drained());
        let duration_ms = self.run.world.scenario().duration_ms;
        let c = &summary.counts;
        self.row = Some(Row {
            lost: c.lost,
            duplicate_effects: c.duplicate_effects,
            duplicate_deliveries: c.duplicate_deliveries,
            latency_p99_us: summary.latency.p99_us,
            throughput_milli: throughput_milli(c.processed, duration_ms),
            unavailable_us: self.unavailable.total_us(now, self.end),
            in_dlq: c.in_dlq,
            processed: c.processed,
            drained: summary.drained,
            trace_hash: self.run.trace_hash(),
        });
        self.phase = Phase::Done;
    }

    /// How far along, in thousandths (the drain phase counts as the last step).
    pub fn progress_permille(&self) -> u32 {
        match self.phase {
            Phase::Done => 1_000,
            _ => {
                let end = self.end.as_us().max(1);
                (self.run.world.now().as_us().min(end) * 999 / end) as u32
            }
        }
    }

    pub fn row(&self) -> Option<&Row> {
        self.row.as_ref()
    }
}

/// Every variant's run. Variants run one after the other, so rows fill in from the top.
#[derive(Clone)]
pub struct CompareRun {
    pub runs: Vec<VariantRun>,
}

impl CompareRun {
    /// Handle up to `budget` events in the first unfinished run; true once every run is done.
    pub fn step(&mut self, budget: u64) -> Result<bool, RunError> {
        match self.runs.iter_mut().find(|r| r.row.is_none()) {
            Some(r) => {
                r.step(budget)?;
                Ok(self.runs.iter().all(|r| r.row.is_some()))
            }
            None => Ok(true),
        }
    }

    /// How far along all the runs are together, in thousandths.
    pub fn progress_permille(&self) -> u32 {
        if self.runs.is_empty() {
            return 1_000;
        }
        let sum: u64 = self.runs.iter().map(|r| u64::from(r.progress_permille())).sum();
        (sum / self.runs.len() as u64) as u32
    }

    /// The finished rows so far, by variant (None: not run yet).
    pub fn rows(&self) -> Vec<Option<&Row>> {
        self.runs.iter().map(|r| r.row()).collect()
    }
}
