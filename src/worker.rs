//! The sweep worker: runs a share of a seed sweep inside a Web Worker, so the page never blocks
//! however many seeds it asks for. `src/bin/sweep_worker.rs` registers it in the worker; the page
//! spawns it through `gloo::worker` (Trunk builds the worker binary and its loader, see
//! index.html). The sweeping itself is `lab::sweep::Sweeper`, the same code the runner's
//! `--runs` uses; this module only feeds it time slices and posts what it finds.

use gloo::timers::callback::Timeout;
use gloo::worker::{HandlerId, Worker, WorkerScope};
use web_sys::js_sys::Date;

use crate::lab::sweep::{SweepReply, SweepRequest, Sweeper};
use crate::scenario::parse_scenario;

/// Wall time one slice of seeds may take before the worker posts its results and yields. Short
/// enough that progress moves about ten times a second and that the page dropping its bridge
/// (cancel) is heard soon; long enough that the 4 ms browsers clamp a nested `setTimeout(0)` to
/// costs a few percent.
const SLICE_MS: f64 = 100.0;

/// Where the worker is: idle, or running a share for the page (the handler to answer).
pub struct SweepWorker {
    job: Option<(Sweeper, HandlerId)>,
    /// The timeout that runs the next slice. A macrotask, not a future: a future would run as a
    /// microtask, ahead of the page's messages, and the worker would never hear "stop".
    next_slice: Option<Timeout>,
}

/// The worker's message to itself: run the next slice.
pub struct NextSlice;

impl SweepWorker {
    fn schedule(&mut self, scope: &WorkerScope<Self>) {
        let scope = scope.clone();
        self.next_slice = Some(Timeout::new(0, move || scope.send_message(NextSlice)));
    }
}

impl Worker for SweepWorker {
    type Message = NextSlice;
    type Input = SweepRequest;
    type Output = SweepReply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SweepWorker { job: None, next_slice: None }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, _msg: NextSlice) {
        self.next_slice = None;
        let Some((sweeper, id)) = self.job.as_mut() else {
            return;
        };
        let id = *id;
        let started = Date::now();
        match sweeper.run_some(|| Date::now() - started < SLICE_MS) {
            Ok(results) => {
                let done = sweeper.is_done();
                scope.respond(id, SweepReply::Results(results));
                if done {
                    self.job = None;
                } else {
                    self.schedule(scope);
                }
            }
            Err(e) => {
                scope.respond(id, SweepReply::failed(&e));
                self.job = None;
            }
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: SweepRequest, id: HandlerId) {
        match msg {
            SweepRequest::Start { scenario_json, share } => match parse_scenario(&scenario_json) {
                Ok(scenario) => {
                    self.job = Some((Sweeper::new(scenario, share), id));
                    self.schedule(scope);
                }
                Err(e) => scope.respond(id, SweepReply::failed(&e)),
            },
        }
    }
}
