//! A position in a run and the checkpoints taken on the way: the learner's cursor and the frontier
//! are both `Cursor`s, stepped the same way, so a checkpoint either one takes is good for both.

use super::flights::Flights;
use super::frontier::Found;
use super::interesting::is_interesting;
use crate::sim::command::RecordedAction;
use crate::sim::run::{Run, RunError};
use crate::sim::time::SimTime;

/// A checkpoint is taken every this many events on the way forward (at first: see
/// `MAX_CHECKPOINTS`). Re-simulating 20 000 events takes about 10 ms natively and 2–3 times that
/// in the browser, so a seek stays well under 100 ms (docs/performance.md, "Web lab").
pub const CHECKPOINT_EVERY_EVENTS: u64 = 20_000;
/// Past this many checkpoints, every other one is dropped and the spacing doubles: memory stays
/// bounded on long runs, and a seek costs at most twice as much per doubling.
pub const MAX_CHECKPOINTS: usize = 256;
/// Flights kept in a checkpoint: what the slowest speed's linger (5 s) could still draw.
const CHECKPOINT_LINGER_US: u64 = 5_000_000;

/// The run at one moment, with what the view needs besides it. Cloning it is a checkpoint.
#[derive(Clone)]
pub(super) struct Cursor {
    pub(super) run: Run,
    pub(super) flights: Flights,
    /// Index in the action log of the first action not applied yet.
    pub(super) next_action: usize,
}

/// Checkpoints, ordered by events processed, taken every `every` events.
pub(super) struct Checkpoints {
    pub(super) list: Vec<Cursor>,
    pub(super) every: u64,
    /// `MAX_CHECKPOINTS` (smaller in a test).
    pub(super) max: usize,
}

impl Checkpoints {
    /// Keep a copy of `cur` if it stands on a checkpoint boundary not taken yet.
    pub(super) fn offer(&mut self, cur: &mut Cursor) {
        let processed = cur.run.world.events_processed();
        if !processed.is_multiple_of(self.every) || self.list.last().is_some_and(|c| c.events() >= processed) {
            return;
        }
        cur.flights.prune(cur.run.world.now(), CHECKPOINT_LINGER_US);
        self.list.push(cur.clone());
        if self.list.len() > self.max {
            self.every *= 2;
            let every = self.every;
            self.list.retain(|c| c.events().is_multiple_of(every));
        }
    }
}

impl Cursor {
    pub(super) fn events(&self) -> u64 {
        self.run.world.events_processed()
    }
}

/// Handle the next event on a cursor (the learner's or the frontier's): feed its trace to the
/// view and the anomaly finder, take a checkpoint on a boundary. True if it was interesting.
pub(super) fn step_cursor(
    cur: &mut Cursor,
    checkpoints: &mut Checkpoints,
    found: &mut Found,
) -> Result<bool, RunError> {
    cur.run.step_event()?;
    let mut interesting = false;
    let fresh = found.claim(cur.events());
    let flights = &mut cur.flights;
    cur.run.pump_observed(|e, auditor| {
        flights.observe(e);
        interesting |= is_interesting(&e.kind);
        if fresh {
            found.observe(e, auditor);
        }
    });
    checkpoints.offer(cur);
    Ok(interesting)
}

/// Apply the recorded actions that take effect now on a cursor, up to time `limit`.
pub(super) fn apply_due(cur: &mut Cursor, actions: &[RecordedAction], limit: SimTime) -> Result<(), RunError> {
    while let Some(a) = actions.get(cur.next_action) {
        // Its moment has passed without it (a link edited by hand): the actions after it would
        // never be applied either, while the log showed them as done.
        if cur.events() > a.after_events || cur.run.world.now() > SimTime(a.at_us) {
            return Err(RunError::ActionOutOfRun { index: cur.next_action });
        }
        if a.after_events != cur.events() || SimTime(a.at_us) > limit {
            break;
        }
        cur.run.replay(cur.next_action, a)?;
        cur.next_action += 1;
    }
    Ok(())
}
