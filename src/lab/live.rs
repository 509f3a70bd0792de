//! The side panel's costly numbers: messages lost so far, latency percentiles, the anomalies found
//! so far and the plots' lines. Each costs a pass over every message (or a sort of every latency
//! sample), so the page recomputes them a few times a second of wall time while playing, and at
//! once when paused (`Throttle`); the cheap counts come straight from `running_counts()`.

use super::plot::{plot_data, PlotData};
use super::session::Session;
use crate::sim::audit::counts::{Counts, Latency};
use crate::sim::audit::explain::{definitely_lost, Cause};
use crate::sim::audit::report::{Anomaly, AnomalyKind};
use crate::sim::audit::Auditor;
use crate::sim::time::SimTime;

/// While playing, the costly numbers are recomputed at most this often (wall time).
pub const REFRESH_MS: u64 = 250;

/// What the panels show besides the running counts.
#[derive(Clone, Debug, Default)]
pub struct Live {
    /// Messages lost so far (see `Counts::lost`).
    pub lost: u64,
    /// At the end of the run, messages sent without a promise and gone unprocessed (see
    /// `Counts::unconfirmed_unprocessed`); 0 while it goes on.
    pub unconfirmed_unprocessed: u64,
    pub latency: Latency,
    /// Anomalies found so far, in time order: duplicates and dead letters as they happen, losses
    /// once the message can no longer be processed (every unprocessed promise at the end).
    pub anomalies: Vec<Anomaly>,
    pub plots: PlotData,
}

/// The counts with `lost`: the one place the panels ask for them, so a cheaper checker call can
/// replace this one.
pub fn counts_with_lost(a: &Auditor) -> Counts {
    a.counts()
}

impl Session {
    /// True once the cursor is at the last moment of the run, or where the scrubber ends once the
    /// whole run is known (nothing happens to a message after it: only heartbeats and timers go on).
    /// From there on a message never processed is lost, as the final report counts it, even if
    /// its copy sits on a server that never comes back.
    pub fn at_end(&self) -> bool {
        self.now() >= self.end() || (self.precomputed() && self.now() >= self.scrub_end())
    }

    /// At the end of a run that never drained, what was still going on (at most `limit` items,
    /// as the runner's report lists them); empty before the end and for a run that drained.
    pub fn undrained(&self, limit: usize) -> Vec<crate::sim::world::DrainBlocker> {
        let world = &self.run().world;
        if !self.at_end() || world.is_drained() {
            return Vec::new();
        }
        world.drain_blockers(limit)
    }

    /// The counts as the scoreboard shows them at the cursor: while the run goes on, `lost` counts
    /// only what can no longer be processed; at the end of the run, every promised message that was
    /// never processed (as the final report says), and the unpromised ones gone unprocessed too.
    pub fn shown_counts(&self) -> Counts {
        let a = &self.run().auditor;
        let mut c = counts_with_lost(a);
        if self.at_end() {
            let end = a.finish(self.now(), false).counts;
            c.lost = end.lost;
            c.unconfirmed_unprocessed = end.unconfirmed_unprocessed;
        }
        c
    }

    /// The costly numbers at the cursor.
    pub fn live(&self) -> Live {
        let a = &self.run().auditor;
        let now = self.now();
        let at_end = self.at_end();
        // Every anomaly: the list is filtered below and paged by the page, so capping it here (at
        // the report's 1 000) would drop losses the scoreboard counts.
        let summary = a.finish_listing(now, false, usize::MAX);
        let lost = if at_end { summary.counts.lost } else { counts_with_lost(a).lost };
        // While the run goes on, an unprocessed message is only a loss once nothing can save it.
        let anomalies = summary
            .anomalies
            .into_iter()
            .filter(|x| match x.kind {
                _ if at_end => true,
                AnomalyKind::Lost => a.message(x.key).is_some_and(|m| definitely_lost(a, m)),
                // Counted only at the end, like the scoreboard's "gone, never confirmed".
                AnomalyKind::Unconfirmed => false,
                _ => true,
            })
            .collect();
        let groups = a.topology().consumer_groups.len();
        let plots = plot_data(&a.series(), groups, now.as_ms());
        let unconfirmed_unprocessed = if at_end { summary.counts.unconfirmed_unprocessed } else { 0 };
        Live { lost, unconfirmed_unprocessed, latency: summary.latency, anomalies, plots }
    }
}

/// When clicking an anomaly should move the cursor: a duplicate or a dead letter when it happened;
/// a loss, confirmed or not (which becomes certain only later), when the last thing that caused it
/// happened.
pub fn jump_time(a: &Anomaly) -> SimTime {
    if !matches!(a.kind, AnomalyKind::Lost | AnomalyKind::Unconfirmed) {
        return a.at;
    }
    a.causes.iter().filter_map(harm_at).filter(|&t| t <= a.at).max().unwrap_or(a.at)
}

/// When a cause did its harm; `None` for the promise itself (an ack, a commit, an accepted
/// message) and for causes without a time.
fn harm_at(c: &Cause) -> Option<SimTime> {
    use Cause::*;
    match c {
        Acked { .. } | Accepted { .. } | LocalCommitted { .. } | AfterNewer { .. } => None,
        _ => c.at(),
    }
}

/// Decides when to recompute the costly numbers: whenever the run moved and the page is paused,
/// and at most every `REFRESH_MS` of wall time while it plays. `key` names the run's moment (for
/// instance the session's identity, events processed and sim time).
#[derive(Clone, Debug, Default)]
pub struct Throttle<K> {
    last: Option<K>,
    last_wall_ms: u64,
}

impl<K: PartialEq> Throttle<K> {
    /// Whether to recompute now; if so, remembers `key` and `wall_ms` as the last computation.
    pub fn due(&mut self, key: K, wall_ms: u64, playing: bool) -> bool {
        if self.last.as_ref() == Some(&key) {
            return false;
        }
        if self.last.is_some() && playing && wall_ms.saturating_sub(self.last_wall_ms) < REFRESH_MS {
            return false;
        }
        self.last = Some(key);
        self.last_wall_ms = wall_ms;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Scenario;

    /// A session of a shipped scenario, at its start.
    fn shipped(name: &str) -> Session {
        let path = format!("{}/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let scenario: Scenario = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        Session::new(scenario)
    }

    #[test]
    fn throttle_waits_while_playing_but_not_when_paused() {
        let mut t = Throttle::default();
        assert!(t.due(1, 0, true));
        assert!(!t.due(1, 1_000, false), "nothing moved");
        assert!(!t.due(2, 100, true), "too soon");
        assert!(t.due(2, 300, true));
        assert!(t.due(3, 310, false), "paused: at once");
    }

    #[test]
    fn live_anomalies_of_a_finished_run_jump_to_their_cause() {
        let mut s = shipped("manual-ack-dropped-ack");
        s.seek(SimTime::from_ms(5_000)).expect("runs");
        let early = s.live();
        assert!(early.anomalies.is_empty(), "nothing has gone wrong at 5 s");
        assert!(early.latency.samples > 0);
        assert!(!early.plots.produced.is_empty());
        let end = s.end();
        s.seek(end).expect("runs");
        assert!(s.at_end());
        let live = s.live();
        let dup = live.anomalies.iter().find(|a| a.kind == AnomalyKind::DuplicateEffect).expect("a duplicate");
        assert_eq!(jump_time(dup), dup.at);
        assert_eq!(live.lost, 0);
        assert!(live.plots.backlog_max > 0);
    }

    #[test]
    fn messages_gone_unconfirmed_are_listed_at_the_end_and_jump_to_the_crash() {
        let mut s = shipped("rabbitmq-broker-crash");
        s.seek(SimTime::from_ms(12_000)).expect("runs");
        let during = s.live();
        assert!(!during.anomalies.iter().any(|a| a.kind == AnomalyKind::Unconfirmed), "counted only at the end");
        s.seek(s.end()).expect("runs");
        let live = s.live();
        let gone: Vec<_> = live.anomalies.iter().filter(|a| a.kind == AnomalyKind::Unconfirmed).collect();
        assert!(!gone.is_empty());
        assert_eq!(gone.len() as u64, live.unconfirmed_unprocessed);
        // The broker crashed at 10 s: that is where clicking one of them moves the cursor.
        assert!(
            gone.iter().all(|a| jump_time(a) <= SimTime::from_ms(10_000)),
            "{:?}",
            gone.iter().map(|a| jump_time(a)).collect::<Vec<_>>()
        );
    }
}
