//! A sweep running in Web Workers: the page's side. `start` spawns a few sweep workers
//! (`crate::worker`), hands each an interleaved share of the seeds, and collects their results in
//! a `Tally`; `cancel` drops the workers' bridges, which closes them. The job outlives the pane:
//! it sits in `CURRENT`, so a learner who opens a failing seed in the lab and comes back finds the
//! sweep finished (or still going) rather than lost. The pane asks to be redrawn while it shows.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::worker::{Spawnable, WorkerBridge};
use yew::Callback;

use crate::lab::sweep::{SweepPlan, SweepReply, SweepRequest, Tally};
use crate::scenario::model::Scenario;
use crate::ui::state::ErrorText;
use crate::worker::SweepWorker;

/// The worker's entry script (static/sweep_worker_loader.js, copied next to index.html): it
/// imports `sweep_worker.js` and instantiates `sweep_worker_bg.wasm`. Relative, so the lab works
/// from any directory it is served from.
const LOADER: &str = "sweep_worker_loader.js";

/// At most this many workers. One per core is the speed-up; past four, each extra worker's memory
/// (its own copy of the engine and of a run) buys little on the machines learners have.
const MAX_WORKERS: u64 = 4;

/// Where a sweep is.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Running,
    Finished,
    Cancelled,
    Failed(ErrorText),
}

/// A sweep: what runs, what came back, and the workers running it.
pub struct Job {
    /// The scenario swept, kept to open one of its seeds in the lab.
    pub scenario: Scenario,
    pub tally: Tally,
    pub status: Status,
    pub workers: usize,
    started_ms: f64,
    /// Wall time from start to the end (or to now, while running), ms.
    ended_ms: Option<f64>,
    bridges: Vec<WorkerBridge<SweepWorker>>,
}

impl Job {
    /// Wall time the sweep has taken so far, or took, in ms.
    pub fn elapsed_ms(&self) -> f64 {
        self.ended_ms.unwrap_or_else(now_ms) - self.started_ms
    }

    /// Stop: keep the results, let the workers go. Dropping a bridge tells its worker to close
    /// (gloo's `Destroy`), which it does after its current slice. The drop is deferred, as this
    /// may run inside a bridge's own callback.
    fn end(&mut self, status: Status) {
        if self.status != Status::Running {
            return;
        }
        self.status = status;
        self.ended_ms = Some(now_ms());
        let bridges = std::mem::take(&mut self.bridges);
        wasm_bindgen_futures::spawn_local(async move { drop(bridges) });
    }
}

thread_local! {
    /// The page's sweep (one at a time) and the pane's redraw, while a pane shows it.
    static CURRENT: RefCell<Option<Rc<RefCell<Job>>>> = const { RefCell::new(None) };
    static REDRAW: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

/// The current sweep, if one was started.
pub fn current() -> Option<Rc<RefCell<Job>>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Who to tell when results come in (the mounted pane), or nobody.
pub fn set_redraw(redraw: Option<Callback<()>>) {
    REDRAW.with(|r| *r.borrow_mut() = redraw);
}

fn redraw() {
    if let Some(r) = REDRAW.with(|r| r.borrow().clone()) {
        r.emit(());
    }
}

fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// How many workers: one per core the browser reports, at most `MAX_WORKERS`, at most one per run.
fn worker_count(runs: u64) -> u64 {
    let cores = gloo::utils::window().navigator().hardware_concurrency();
    // NaN or 0 from a browser that hides it: one worker still keeps the page free.
    let cores = if cores >= 1.0 { cores as u64 } else { 1 };
    cores.clamp(1, MAX_WORKERS).min(runs.max(1))
}

/// Start a sweep of `scenario` over `plan`, replacing (and so cancelling) any earlier one.
pub fn start(scenario: Scenario, plan: SweepPlan) {
    cancel();
    let shares = plan.shares(worker_count(plan.runs));
    let job = Rc::new(RefCell::new(Job {
        scenario,
        tally: Tally::new(plan),
        status: Status::Running,
        workers: shares.len(),
        started_ms: now_ms(),
        ended_ms: None,
        bridges: Vec::new(),
    }));
    // The worker reads the scenario as text, exactly as a file or a link gives it.
    let json = crate::scenario::json::to_text(&job.borrow().scenario, false);
    match json {
        Ok(scenario_json) => {
            let bridges = shares
                .into_iter()
                .map(|share| {
                    let weak = Rc::downgrade(&job);
                    let bridge =
                        SweepWorker::spawner().callback(move |reply| on_reply(&weak, reply)).spawn_with_loader(LOADER);
                    bridge.send(SweepRequest::Start { scenario_json: scenario_json.clone(), share });
                    bridge
                })
                .collect();
            job.borrow_mut().bridges = bridges;
        }
        Err(e) => {
            let text = ErrorText { en: e.to_string(), zh: e.to_string() };
            job.borrow_mut().end(Status::Failed(text));
        }
    }
    CURRENT.with(|c| *c.borrow_mut() = Some(job));
    redraw();
}

/// Cancel the running sweep, keeping what it found so far.
pub fn cancel() {
    if let Some(job) = current() {
        job.borrow_mut().end(Status::Cancelled);
    }
    redraw();
}

/// A worker's reply. Replies that arrive after the sweep ended (a worker's last slice, after a
/// cancel) are ignored.
fn on_reply(job: &Weak<RefCell<Job>>, reply: SweepReply) {
    let Some(job) = job.upgrade() else {
        return;
    };
    {
        let mut j = job.borrow_mut();
        if j.status != Status::Running {
            return;
        }
        match reply {
            SweepReply::Results(results) => {
                for r in results {
                    j.tally.record(r);
                }
                if j.tally.is_complete() {
                    j.end(Status::Finished);
                }
            }
            SweepReply::Failed { en, zh } => j.end(Status::Failed(ErrorText { en, zh })),
        }
    }
    // After the borrow ends: the pane's redraw may render at once, and rendering reads the job.
    redraw();
}
