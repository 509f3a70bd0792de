//! The panels beside the cluster: the scoreboard, the plots of backlog and throughput, the list of
//! anomalies, and the inspector of the selected message or node. The page renders every frame
//! while playing, so what costs a pass over every message is computed through one shared,
//! throttled cache (`live`), a few times a second at most.

mod anomalies;
mod inspector;
mod plots;
mod scoreboard;
mod text;

use std::cell::RefCell;
use std::rc::Rc;

pub use anomalies::Anomalies;
pub use inspector::Inspector;
pub use plots::Plots;
pub use scoreboard::Scoreboard;

use super::state::AppContext;
use crate::lab::live::{Live, Throttle};
use crate::sim::audit::counts::Counts;

/// Which run and which moment of it the cached numbers belong to: the session's address (a new
/// scenario is a new session), events processed and sim time.
type Moment = (usize, u64, u64);

#[derive(Default)]
struct Cache {
    throttle: Throttle<Moment>,
    live: Rc<Live>,
}

thread_local! {
    // Shared by the panels so that the scoreboard, the plots and the anomaly list of one frame
    // cost one computation, not three.
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// The counts as the scoreboard shows them: the cheap running counts every frame, with `lost` from
/// the throttled cache (at the end of a run a loss becomes certain only there), and the messages
/// gone without a promise, known at the end too. The backlog leaves both out, so it must read the
/// same numbers as their cells.
pub(crate) fn shown_counts(app: &AppContext, live: &Live) -> Counts {
    let mut c = app.lab.borrow().run().auditor.running_counts();
    c.lost = live.lost;
    c.unconfirmed_unprocessed = live.unconfirmed_unprocessed;
    c
}

/// The costly numbers for the state's moment, recomputed only when `Throttle` says so.
pub(crate) fn live(app: &AppContext) -> Rc<Live> {
    let lab = app.lab.borrow();
    let moment = (Rc::as_ptr(&app.lab) as usize, lab.events_processed(), lab.now().as_us());
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.throttle.due(moment, crate::ui::wall::now_ms(), app.playing) {
            c.live = Rc::new(lab.live());
        }
        c.live.clone()
    })
}
