//! A whole run, headless: build the world, replay the learner's recorded actions at exactly the
//! point they were taken, run to the scenario's duration, then keep going until the cluster has
//! drained (or the drain limit passes). The trace streams through the checker and the hash, so a
//! long run does not hold its trace in memory unless asked to.

use super::audit::report::AuditSummary;
use super::audit::Auditor;
use super::command::RecordedAction;
use super::time::{SimTime, SEC};
use super::trace::{TraceEvent, TraceHasher};
use super::world::World;
use crate::scenario::model::Scenario;

/// A run may not handle more events than this (validated scenarios stay far below it).
pub const MAX_EVENTS: u64 = 2_000_000_000;
/// The drain phase checks for quiescence this often, from the scenario's duration on; the run
/// ends at the first check that finds the cluster drained (the lab's session ends there too).
pub const DRAIN_STEP_US: u64 = SEC;
/// Hand the trace to the checker at least this often, to bound memory.
const PUMP_EVERY: u64 = 65_536;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// A recorded action refers to a point the run never reaches, or to a time that has passed.
    ActionOutOfRun { index: usize },
    /// The run handled MAX_EVENTS events without ending.
    TooManyEvents,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::Localize::localize(self, crate::i18n::Lang::En))
    }
}

impl crate::i18n::Localize for RunError {
    fn localize(&self, lang: crate::i18n::Lang) -> String {
        match self {
            // Counted from 1, as the editor and the action log count.
            RunError::ActionOutOfRun { index } => lang.pick(
                format!("recorded action {} refers to a moment this run never reaches", index + 1),
                format!("记录的第 {} 个操作指向本次运行无法到达的时刻", index + 1),
            ),
            RunError::TooManyEvents => {
                lang.pick(format!("the run exceeded {MAX_EVENTS} events"), format!("运行超过了 {MAX_EVENTS} 个事件"))
            }
        }
    }
}

/// A world together with the checker and the hash that follow its trace. Cloning a run is a
/// checkpoint: the clone goes on exactly as the original would.
#[derive(Clone)]
pub struct Run {
    pub world: World,
    pub auditor: Auditor,
    hasher: TraceHasher,
    keep_trace: bool,
    kept: Vec<TraceEvent>,
}

/// What a finished run gives.
pub struct RunOutcome {
    pub summary: AuditSummary,
    pub trace_hash: u64,
    pub events: u64,
    pub trace_events: u64,
    /// The whole trace, if it was kept.
    pub trace: Vec<TraceEvent>,
    pub world: World,
    pub auditor: Auditor,
}

impl Run {
    pub fn new(scenario: &Scenario, keep_trace: bool) -> Run {
        let world = World::new(scenario);
        let auditor = Auditor::new(world.topology());
        Run { world, auditor, hasher: TraceHasher::default(), keep_trace, kept: Vec::new() }
    }

    /// Feed new trace events to the checker and the hash.
    pub fn pump(&mut self) {
        self.pump_with(|_| {});
    }

    /// Feed new trace events to the checker and the hash, and show each to `also` (the lab's view).
    pub fn pump_with(&mut self, mut also: impl FnMut(&TraceEvent)) {
        self.pump_observed(|e, _| also(e));
    }

    /// As `pump_with`, showing `also` the checker too, as it stands just after taking the event in
    /// (the lab's anomaly markers read it there).
    pub fn pump_observed(&mut self, mut also: impl FnMut(&TraceEvent, &Auditor)) {
        for e in self.world.drain_trace() {
            self.auditor.observe(&e);
            self.hasher.update(&e);
            also(&e, &self.auditor);
            if self.keep_trace {
                self.kept.push(e);
            }
        }
    }

    /// Handle one event without feeding the checker: the caller pumps when it wants to see the
    /// trace (the lab, after every step). False when nothing is left to handle.
    pub fn step_event(&mut self) -> Result<bool, RunError> {
        if self.world.events_processed() >= MAX_EVENTS {
            return Err(RunError::TooManyEvents);
        }
        Ok(self.world.step())
    }

    /// The trace kept so far (only a run made with `keep_trace`), leaving none.
    pub fn take_kept_trace(&mut self) -> Vec<TraceEvent> {
        std::mem::take(&mut self.kept)
    }

    /// The trace hash of everything pumped so far.
    pub fn trace_hash(&self) -> u64 {
        self.hasher.finish()
    }

    fn step_checked(&mut self) -> Result<bool, RunError> {
        if self.world.events_processed() >= MAX_EVENTS {
            return Err(RunError::TooManyEvents);
        }
        let stepped = self.world.step();
        if self.world.events_processed().is_multiple_of(PUMP_EVERY) {
            self.pump();
        }
        Ok(stepped)
    }

    /// Handle every event up to `t` and set the clock there.
    pub fn run_until(&mut self, t: SimTime) -> Result<(), RunError> {
        while self.world.next_event_time().is_some_and(|at| at <= t) {
            self.step_checked()?;
        }
        self.world.advance_clock(t);
        self.pump();
        Ok(())
    }

    /// Replay a recorded action exactly where it was taken: after `after_events` events, all of
    /// which happened no later than `at_us`. Stepping stops at `at_us`, so an action that claims an
    /// absurd event count ends in an error instead of stepping periodic timers forever.
    pub fn replay(&mut self, index: usize, action: &RecordedAction) -> Result<(), RunError> {
        let out = RunError::ActionOutOfRun { index };
        let at = SimTime(action.at_us);
        if at > self.end_of_run() {
            return Err(out);
        }
        while self.world.events_processed() < action.after_events {
            if self.world.next_event_time().is_none_or(|t| t > at) || !self.step_checked()? {
                return Err(out);
            }
        }
        let next = self.world.next_event_time();
        if self.world.events_processed() != action.after_events || at < self.world.now() || next.is_some_and(|n| at > n)
        {
            return Err(out);
        }
        self.world.advance_clock(at);
        // A refused command is part of the record too: replay gives the same trace either way.
        let _ = self.world.command(action.command.clone());
        self.pump();
        Ok(())
    }

    /// The latest a run can go: its duration plus the drain limit.
    pub fn end_of_run(&self) -> SimTime {
        let s = self.world.scenario();
        SimTime::from_ms(s.duration_ms).plus_ms(s.max_drain_ms)
    }

    /// Run to the end of the scenario and drain; consume the run into its outcome.
    pub fn finish(mut self) -> Result<RunOutcome, RunError> {
        let s = self.world.scenario();
        let end = SimTime::from_ms(s.duration_ms);
        let limit = end.plus_ms(s.max_drain_ms);
        self.run_until(end)?;
        while !self.world.is_drained() && self.world.now() < limit {
            let next = self.world.now().plus_us(DRAIN_STEP_US).min(limit);
            self.run_until(next)?;
        }
        let drained = self.world.is_drained();
        self.pump();
        let summary = self.auditor.finish(self.world.now(), drained);
        Ok(RunOutcome {
            summary,
            trace_hash: self.hasher.finish(),
            events: self.world.events_processed(),
            trace_events: self.world.trace_len(),
            trace: self.kept,
            world: self.world,
            auditor: self.auditor,
        })
    }
}

/// Run a scenario with the learner's actions, start to drained.
pub fn run(scenario: &Scenario, actions: &[RecordedAction], keep_trace: bool) -> Result<RunOutcome, RunError> {
    let mut r = Run::new(scenario, keep_trace);
    for (i, a) in actions.iter().enumerate() {
        r.replay(i, a)?;
    }
    r.finish()
}
