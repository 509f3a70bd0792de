//! "Export the trace": the whole trace from time 0 to the cursor, as JSON, with what produced it
//! (scenario, action log, moment) and its hash. The session does not keep its trace (a long run
//! would not fit in a tab), so this replays the run once more with the trace kept; determinism
//! makes it the same trace the page showed.

use super::session::Session;
use crate::scenario::link::SharedRun;
use crate::sim::run::{Run, RunError};
use crate::sim::trace::{hash_hex, TraceEvent};
use serde::Serialize;

/// What an exported trace file holds.
#[derive(Serialize)]
pub struct TraceExport {
    /// The run, as a share link would carry it.
    pub run: SharedRun,
    pub events_processed: u64,
    /// The hash of `trace`, as the page and the runner print it.
    pub trace_hash: String,
    pub trace: Vec<TraceEvent>,
}

/// The trace up to the session's cursor, replayed with every event kept.
pub fn trace_to_cursor(session: &Session) -> Result<TraceExport, RunError> {
    let shared = session.share();
    let now = session.now();
    let events = session.events_processed();
    let mut run = Run::new(&shared.scenario, true);
    for (index, action) in shared.actions.iter().enumerate() {
        if action.after_events > events || action.at_us > now.as_us() {
            break;
        }
        run.replay(index, action)?;
    }
    while run.world.events_processed() < events {
        if !run.step_event()? {
            break;
        }
    }
    run.world.advance_clock(now);
    run.pump();
    let trace_hash = hash_hex(run.trace_hash());
    Ok(TraceExport { run: shared, events_processed: events, trace_hash, trace: run.take_kept_trace() })
}

/// The export as pretty JSON, for a file a person may read.
pub fn trace_json(session: &Session) -> Result<String, RunError> {
    let export = trace_to_cursor(session)?;
    // Serializing plain data with derived impls cannot fail.
    Ok(crate::scenario::json::to_text(&export, true).unwrap_or_default())
}
