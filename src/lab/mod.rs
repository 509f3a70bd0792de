//! The lab session: what the web page drives. A session is a scenario plus the learner's action
//! log, positioned at a moment of the run (the cursor). It steps forward, seeks back by
//! re-simulating (never by undoing), records the learner's faults at the cursor and forks the
//! future when they act in the past. Plain Rust with no web dependency, so it is tested natively.

pub mod compare;
mod cursor;
pub mod export;
pub mod flights;
pub mod frontier;
pub mod interesting;
pub mod layout;
pub mod legend;
pub mod lifecycle_view;
pub mod limits;
pub mod link_kinds;
pub mod live;
pub mod markers;
pub mod paging;
pub mod plot;
pub mod routes;
pub mod session;
pub mod sweep;
pub mod text_fit;

pub use flights::{DropMark, Flight, Flights};
pub use limits::{check_fits_in_browser, TooBigForBrowser, BROWSER_MAX_MESSAGES};
pub use session::{Acted, Progress, Session};
