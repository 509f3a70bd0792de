//! The browser's monotonic clock, for pacing the page's own work (how much to simulate in one
//! frame, how often to refresh the costly panels). Never for the simulation's decisions: the run is
//! the same however its steps are spread over frames.

/// Milliseconds since the page started.
pub fn now_ms() -> u64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now()).max(0.0) as u64
}
