//! The browser's monotonic clock, for pacing the page's own work (how much to simulate in one
//! frame, how often to refresh the costly panels). Never for the simulation's decisions: the run is
//! the same however its steps are spread over frames.

/// Milliseconds since the page started, with the fraction the browser gives (a frame's budget is
/// a few milliseconds: whole ones would be too coarse).
pub fn now_ms_fine() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now()).max(0.0)
}

/// Whole milliseconds since the page started.
pub fn now_ms() -> u64 {
    now_ms_fine() as u64
}
