//! A run the learner is looking at: the scenario, the action log, and the run positioned at the
//! cursor. Moving back re-simulates from the nearest checkpoint (a clone of the run taken on the
//! way forward); acting anywhere but at the newest moment forks the run, dropping the actions that
//! were recorded later.

pub use super::cursor::{CHECKPOINT_EVERY_EVENTS, MAX_CHECKPOINTS};

use super::cursor::{apply_due, step_cursor, Checkpoints, Cursor};
use super::flights::Flights;
use super::frontier::Found;
use crate::scenario::link::SharedRun;
use crate::scenario::model::Scenario;
use crate::sim::command::{Command, RecordedAction};
use crate::sim::run::{Run, RunError};
use crate::sim::time::SimTime;
use crate::sim::world::CommandError;

/// How a bounded advance ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The target was reached.
    Reached,
    /// The event budget ran out first; call again to go on.
    OutOfBudget,
    /// The run is at its end (duration plus the drain limit); nothing more will happen.
    AtEnd,
}

/// What recording a command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acted {
    /// The command's refusal, if the cluster would not take it (it is recorded all the same).
    pub refused: Option<CommandError>,
    /// Actions recorded later than the cursor that this one discarded (a fork of the run).
    pub dropped_later_actions: usize,
}

pub struct Session {
    scenario: Scenario,
    /// The learner's commands, in the order they take effect; may reach past the cursor.
    actions: Vec<RecordedAction>,
    cur: Cursor,
    checkpoints: Checkpoints,
    /// The frontier's cursor, ahead of the learner's (None: start from the learner's). Kept once
    /// it has reached the end, for `furthest`.
    frontier: Option<Cursor>,
    /// The frontier reached the end of the run.
    frontier_done: bool,
    /// Where the headless runner ends this run: the first drain check that found the cluster
    /// drained (`sim::run`), as the frontier found it; None until then, or if it never drains.
    drained_at: Option<SimTime>,
    /// Anomalies found by either cursor.
    found: Found,
    /// Where a run of single steps (→ and ←) started: its event count and time. A seek by time
    /// leaves the clock past the last event handled, and stepping back to that count must show
    /// that time again, not the last event's. Any other move forgets it.
    step_origin: Option<(u64, SimTime)>,
}

impl Session {
    /// A session at time 0 of a scenario that passed validation.
    pub fn new(scenario: Scenario) -> Session {
        Session::with_actions(scenario, Vec::new())
    }

    fn with_actions(scenario: Scenario, actions: Vec<RecordedAction>) -> Session {
        let run = Run::new(&scenario, false);
        let cur = Cursor { run, flights: Flights::default(), next_action: 0 };
        let checkpoints = Checkpoints { list: vec![cur.clone()], every: CHECKPOINT_EVERY_EVENTS, max: MAX_CHECKPOINTS };
        let mut s = Session {
            scenario,
            actions,
            checkpoints,
            cur,
            frontier: None,
            frontier_done: false,
            drained_at: None,
            found: Found::default(),
            step_origin: None,
        };
        // Actions taken before the first event (at time 0) apply at once.
        let _ = s.apply_due(SimTime::ZERO);
        s
    }

    /// A session from a share link (already validated): the same run, at the moment it was shared.
    /// A recorded action the run can never reach (a link edited by hand) refuses the link here,
    /// rather than stopping the run when the learner's cursor gets to it.
    pub fn from_shared(shared: SharedRun) -> Result<Session, RunError> {
        let at = shared.at_us.map_or(SimTime::ZERO, SimTime);
        let mut s = Session::with_actions(shared.scenario, shared.actions);
        s.check_actions_reachable()?;
        // An older link without the count: every event up to its time.
        s.seek_moment(at, shared.at_events.unwrap_or(u64::MAX))?;
        Ok(s)
    }

    /// Run to the last recorded action's time: an action whose moment passes without it is an
    /// error on the way, one that asks for more events than happen by its time is left unapplied
    /// at the end. The checkpoints taken on the way make the seek to the link's
    /// moment that follows cheap (it is usually later anyway: a link is shared at the cursor).
    fn check_actions_reachable(&mut self) -> Result<(), RunError> {
        let Some(last) = self.actions.last() else { return Ok(()) };
        // Every event up to that time: the counts of earlier actions can be larger than the
        // last one's (the log is in time order), and each is checked as the run passes it.
        self.seek_moment(SimTime(last.at_us), u64::MAX)?;
        match self.cur.next_action {
            n if n < self.actions.len() => Err(RunError::ActionOutOfRun { index: n }),
            _ => Ok(()),
        }
    }

    /// What a share link of this moment carries.
    pub fn share(&self) -> SharedRun {
        SharedRun {
            scenario: self.scenario.clone(),
            actions: self.actions.clone(),
            at_us: Some(self.now().as_us()),
            at_events: Some(self.events_processed()),
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The whole action log, including actions later than the cursor.
    pub fn actions(&self) -> &[RecordedAction] {
        &self.actions
    }

    /// The run at the cursor: its world (for drawing) and its checker (for the scoreboard).
    pub fn run(&self) -> &Run {
        &self.cur.run
    }

    pub fn flights(&self) -> &Flights {
        &self.cur.flights
    }

    /// The scrubber's markers: faults and actions over the whole run, and the anomalies found so
    /// far (by the cursor or the frontier, see `precompute`), in time order.
    pub fn markers(&self) -> Vec<super::markers::Marker> {
        super::markers::with_anomalies(super::markers::planned(&self.scenario, &self.actions), self.found.markers())
    }

    /// How many checkpoints are kept, and how many events apart they are now.
    pub fn checkpoints(&self) -> (usize, u64) {
        (self.checkpoints.list.len(), self.checkpoints.every)
    }

    /// The run as far as it has been simulated: the frontier's while it is ahead of the cursor,
    /// else the cursor's. The inspector reads a message's lifecycle there, so that moving the
    /// cursor back along it does not cut it short.
    pub fn furthest(&self) -> &Run {
        match &self.frontier {
            Some(f) if f.events() >= self.cur.events() => &f.run,
            _ => &self.cur.run,
        }
    }

    /// How far the run has been simulated: the frontier, or the cursor if it is ahead.
    pub fn frontier_time(&self) -> SimTime {
        self.frontier.as_ref().map_or(self.now(), |f| f.run.world.now().max(self.now()))
    }

    /// Whether the whole run has been simulated (so the markers cover all of it).
    pub fn precomputed(&self) -> bool {
        self.frontier_done
    }

    /// Simulate ahead of the learner, at most `budget_events` events: takes checkpoints and finds
    /// anomalies for the markers. The page calls it each frame while idle. True when the frontier
    /// has reached the end of the run (then it costs nothing). A run error stops the frontier
    /// quietly: the learner's cursor reports it when it gets there.
    pub fn precompute(&mut self, budget_events: u64) -> bool {
        if self.frontier_done {
            return true;
        }
        let mut f = match self.frontier.take() {
            Some(f) if f.events() >= self.cur.events() => f,
            _ => self.cur.clone(),
        };
        let end = self.end();
        let mut left = budget_events;
        loop {
            let next = f.run.world.next_event_time();
            if let Some(at) = drain_check(&f, &self.scenario, &self.actions, next, end) {
                // Drained: the runner stops here, and so does the run the page shows (its end,
                // counts and trace hash are the runner's).
                self.found.end(&f.run.auditor, f.events(), at, true);
                self.drained_at = Some(at);
                self.frontier = Some(f);
                self.frontier_done = true;
                return true;
            }
            if next.is_none_or(|t| t > end) {
                let drained = f.run.world.is_drained();
                self.found.end(&f.run.auditor, f.events(), f.run.world.now(), drained);
                self.frontier = Some(f);
                self.frontier_done = true;
                // A run that never drains ends a little after the last thing that happened to a
                // message, which is known only now. Played fast, the cursor may have gone past it
                // (the frontier then starts from the cursor): it goes back there, so that the run
                // ends in the same place however it was played. A run error is the cursor's to
                // report when it gets there.
                let known = self.known_end();
                if self.now() > known {
                    let _ = self.seek(known);
                }
                return true;
            }
            if left == 0 {
                self.frontier = Some(f);
                return false;
            }
            left -= 1;
            let stepped = step_cursor(&mut f, &mut self.checkpoints, &mut self.found)
                .and_then(|_| apply_due(&mut f, &self.actions, end));
            if stepped.is_err() {
                self.frontier_done = true;
                return true;
            }
        }
    }

    /// Where the scrubber should end: where the runner ends the run, once the frontier has found
    /// it drained there. For a run that never drains, a little after the last thing that happened
    /// to a message (periodic timers go on to the drain limit, but nothing a learner wants to see
    /// does). Until the frontier knows, the scenario's duration and a tenth, or the frontier if it
    /// is further.
    pub fn scrub_end(&self) -> SimTime {
        self.known_end().max(self.now())
    }

    /// `scrub_end` as far as the frontier knows it, wherever the cursor is.
    fn known_end(&self) -> SimTime {
        let duration = SimTime::from_ms(self.scenario.duration_ms);
        let margin_ms = (self.scenario.duration_ms / 20).max(5_000);
        let end = if let Some(at) = self.drained_at {
            at
        } else if self.frontier_done {
            self.found.last_message_at.max(duration).plus_ms(margin_ms)
        } else {
            duration.plus_ms(self.scenario.duration_ms / 10).max(self.frontier_time())
        };
        // A whole millisecond, so that the scrubber (in ms) can stand exactly at the end.
        let end = SimTime::from_ms(end.as_us().div_ceil(1_000));
        end.min(self.end())
    }

    /// Forget sends and drops that can no longer be drawn (see `Flights::prune`).
    pub fn prune_flights(&mut self, now: SimTime, linger_us: u64) {
        self.cur.flights.prune(now, linger_us);
    }

    pub fn now(&self) -> SimTime {
        self.cur.run.world.now()
    }

    pub fn events_processed(&self) -> u64 {
        self.cur.run.world.events_processed()
    }

    /// The last moment of the run: its duration plus the drain limit.
    pub fn end(&self) -> SimTime {
        self.cur.run.end_of_run()
    }

    /// When the next thing happens, if anything does before the end.
    pub fn next_event_time(&self) -> Option<SimTime> {
        let due = self.actions.get(self.cur.next_action).map(|a| SimTime(a.at_us));
        let next = self.cur.run.world.next_event_time().filter(|&t| t <= self.end());
        match (due, next) {
            (Some(a), Some(n)) => Some(a.min(n)),
            (a, n) => a.or(n),
        }
    }

    /// Handle one event (and any recorded action due right after it). False at the end of the run:
    /// where it drains, once that is known, or the drain limit.
    pub fn step_event(&mut self) -> Result<bool, RunError> {
        let end = self.end();
        let last = self.drained_by_cursor().unwrap_or(end);
        if self.cur.run.world.next_event_time().is_none_or(|t| t > last) {
            return Ok(false);
        }
        self.remember_step_origin();
        self.step_one()?;
        self.apply_due(end)?;
        self.back_to_step_origin();
        self.settle();
        Ok(true)
    }

    /// Where this run of single steps started, if it has just begun.
    fn remember_step_origin(&mut self) {
        if self.step_origin.is_none() {
            self.step_origin = Some((self.events_processed(), self.now()));
        }
    }

    /// Back at the event count the steps started from: the time they started from too.
    fn back_to_step_origin(&mut self) {
        if let Some((events, at)) = self.step_origin {
            if events == self.events_processed() {
                self.cur.run.world.advance_clock(at);
            }
        }
    }

    /// Step until an interesting event (see `interesting`) or a new duplicate, loss or dead
    /// letter, at most `budget` events. Returns how the search ended.
    /// The search ends where the scrubber does: past it only periodic timers tick on to the drain
    /// limit, and the learner would be taken minutes into nothing.
    pub fn step_interesting(&mut self, budget: u64) -> Result<Progress, RunError> {
        self.step_origin = None;
        let end = self.end();
        let limit = self.scrub_end();
        let before = self.cur.run.auditor.running_counts();
        for _ in 0..budget {
            let limit = self.drained_by_cursor().map_or(limit, |d| limit.min(d));
            if self.cur.run.world.next_event_time().is_none_or(|t| t > limit) {
                // Nothing happens before the end: go there, as a seek would (the run may end a
                // little after its last event, at the drain check that found it quiet).
                self.cur.run.world.advance_clock(limit);
                self.settle();
                return Ok(Progress::AtEnd);
            }
            let found = self.step_one()?;
            self.apply_due(end)?;
            let after = self.cur.run.auditor.running_counts();
            if found || after.anomalies() != before.anomalies() {
                self.settle();
                return Ok(Progress::Reached);
            }
        }
        self.settle();
        Ok(Progress::OutOfBudget)
    }

    /// Go forward to time `t` handling at most `budget` events (to keep a frame short).
    /// Never past where the run drains, even when the cursor gets there before the frontier.
    pub fn advance_to(&mut self, t: SimTime, budget: u64) -> Result<Progress, RunError> {
        self.step_origin = None;
        let end = self.end();
        let mut t = t.min(end);
        let mut left = budget;
        self.apply_due(t)?;
        loop {
            if let Some(drained) = self.drained_by_cursor() {
                t = t.min(drained);
            }
            if self.cur.run.world.next_event_time().is_none_or(|n| n > t) {
                break;
            }
            if left == 0 {
                self.settle();
                return Ok(Progress::OutOfBudget);
            }
            left -= 1;
            self.step_one()?;
            self.apply_due(t)?;
        }
        self.cur.run.world.advance_clock(t);
        self.apply_due(t)?;
        self.settle();
        let at_end = t >= end || self.drained_at.is_some_and(|d| t >= d);
        Ok(if at_end { Progress::AtEnd } else { Progress::Reached })
    }

    /// Put the cursor at time `t`, earlier or later, by re-simulating from the nearest checkpoint.
    /// Recorded actions stay in the log: going forward again replays them.
    pub fn seek(&mut self, t: SimTime) -> Result<(), RunError> {
        // The latest checkpoint at or before `t`; going forward, it helps if it is ahead of the cursor.
        let list = &self.checkpoints.list;
        let i = list.partition_point(|c| c.run.world.now() <= t).saturating_sub(1);
        if t < self.now() || list[i].events() > self.cur.events() {
            self.cur = list[i].clone();
        }
        self.advance_to(t, u64::MAX).map(|_| ())
    }

    /// Put the cursor at time `t` after exactly `events` events, as a share link says: of the
    /// events at `t`, only those the sharer had stepped through. Never past `t`, whatever `events`
    /// claims (a link can be edited by hand).
    pub fn seek_moment(&mut self, t: SimTime, events: u64) -> Result<(), RunError> {
        self.step_origin = None;
        let t = t.min(self.end());
        let list = &self.checkpoints.list;
        let i = list.partition_point(|c| c.events() <= events && c.run.world.now() <= t).saturating_sub(1);
        self.cur = list[i].clone();
        self.apply_due(t)?;
        let mut t = t;
        loop {
            if let Some(drained) = self.drained_by_cursor() {
                t = t.min(drained);
            }
            if self.events_processed() >= events || self.cur.run.world.next_event_time().is_none_or(|n| n > t) {
                break;
            }
            self.step_one()?;
            self.apply_due(t)?;
        }
        self.cur.run.world.advance_clock(t);
        self.apply_due(t)?;
        self.settle();
        Ok(())
    }

    /// Go back one event: re-simulate up to the event before the cursor's last one. The time
    /// shown is that event's, or, back where the steps started, the time they started from.
    pub fn step_back(&mut self) -> Result<(), RunError> {
        self.remember_step_origin();
        let target = self.events_processed().saturating_sub(1);
        let i = self.checkpoints.list.partition_point(|c| c.events() <= target).saturating_sub(1);
        self.cur = self.checkpoints.list[i].clone();
        let end = self.end();
        while self.events_processed() < target {
            self.step_one()?;
            self.apply_due(end)?;
        }
        self.back_to_step_origin();
        self.settle();
        Ok(())
    }

    /// The learner sends a command now. If the log had actions later than the cursor, they are
    /// dropped: the run forks here.
    pub fn act(&mut self, command: Command) -> Acted {
        self.step_origin = None;
        let dropped_later_actions = self.actions.len() - self.cur.next_action;
        self.actions.truncate(self.cur.next_action);
        let processed = self.events_processed();
        self.checkpoints.list.retain(|c| c.events() <= processed);
        // The future changes: the frontier starts again from here, and what it found later goes.
        self.frontier = None;
        self.frontier_done = false;
        self.drained_at = None;
        self.found.fork(processed, self.now());
        let refused = self.cur.run.world.command(command).err();
        if let Some(recorded) = self.cur.run.world.user_actions().last() {
            self.actions.push(recorded.clone());
        }
        self.cur.next_action = self.actions.len();
        self.settle();
        Acted { refused, dropped_later_actions }
    }

    /// Handle the next event; true if it was interesting.
    fn step_one(&mut self) -> Result<bool, RunError> {
        step_cursor(&mut self.cur, &mut self.checkpoints, &mut self.found)
    }

    /// Apply the recorded actions that take effect now, up to time `limit`.
    fn apply_due(&mut self, limit: SimTime) -> Result<(), RunError> {
        apply_due(&mut self.cur, &self.actions, limit)
    }

    /// Feed what the last steps recorded to the checker and the view.
    /// The frontier's drain check, made by the learner's cursor: played fast, the cursor gets ahead
    /// of the frontier, and the run must end where the runner ends it, not wherever the frontier
    /// catches up with the cursor. The first cursor to find the drain records it for both. None
    /// while the run goes on, or once the frontier has found that it never drains.
    fn drained_by_cursor(&mut self) -> Option<SimTime> {
        if self.drained_at.is_some() || self.frontier_done {
            return self.drained_at;
        }
        let next = self.cur.run.world.next_event_time();
        let at = drain_check(&self.cur, &self.scenario, &self.actions, next, self.end())?;
        self.found.end(&self.cur.run.auditor, self.cur.events(), at, true);
        self.drained_at = Some(at);
        self.frontier = None;
        self.frontier_done = true;
        Some(at)
    }

    fn settle(&mut self) {
        let flights = &mut self.cur.flights;
        self.cur.run.pump_with(|e| flights.observe(e));
    }
}

/// The runner's drain check (`sim::run::Run::finish`) on a cursor (the frontier's or the
/// learner's): once every recorded action is replayed, at the duration (or the last action, if
/// later) and every `DRAIN_STEP_US` after it, with every event up to that moment handled and none
/// after it, is the cluster drained? The first such moment that finds it drained, if it lies
/// between the event just handled and the next one (`next`, the cursor's next event time).
fn drain_check(
    f: &Cursor,
    scenario: &Scenario,
    actions: &[RecordedAction],
    next: Option<SimTime>,
    end: SimTime,
) -> Option<SimTime> {
    // The runner replays every action before it starts checking.
    if f.next_action < actions.len() {
        return None;
    }
    let last_action = actions.last().map_or(SimTime::ZERO, |a| SimTime(a.at_us));
    let first = SimTime::from_ms(scenario.duration_ms).max(last_action);
    let now = f.run.world.now().max(first);
    let step = crate::sim::run::DRAIN_STEP_US;
    let k = (now.as_us() - first.as_us()).div_ceil(step);
    let check = SimTime(first.as_us() + k * step).min(end);
    let before_next = next.is_none_or(|t| t > check);
    (before_next && f.run.world.is_drained()).then_some(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_checkpoints_bounded_and_seeks_exact() {
        let text = include_str!("../../scenarios/standard.json");
        let sc = crate::scenario::parse_scenario(text).expect("standard scenario");
        let mut s = Session::new(sc.clone());
        s.checkpoints.max = 4;
        while !s.precompute(50_000) {}
        let (count, every) = s.checkpoints();
        assert!(count <= 4, "{count} checkpoints");
        assert!(every >= 4 * CHECKPOINT_EVERY_EVENTS, "spacing doubled: {every}");
        assert!(s.checkpoints.list.iter().all(|c| c.events().is_multiple_of(every)));
        let t = SimTime::from_ms(41_234);
        s.seek(t).expect("seek");
        let mut plain = Session::new(sc);
        plain.advance_to(t, u64::MAX).expect("advance");
        assert_eq!(s.run().trace_hash(), plain.run().trace_hash());
        assert_eq!(s.run().auditor.counts(), plain.run().auditor.counts());
    }
}
