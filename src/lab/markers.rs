//! What the scrubber marks: faults (from the scenario's schedule and the learner's action log) and
//! anomalies (duplicates, losses, dead letters), each at its sim time, with a label in both
//! languages. Clicking an anomaly's marker opens its message in the inspector.

use crate::i18n::{explain, Lang};
use crate::sim::ids::MsgKey;
use crate::sim::time::SimTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkerKind {
    /// From the scenario's fault schedule.
    Fault,
    /// Sent by the learner.
    Action,
    Anomaly,
    /// A change of the cluster itself (another system's leader elected, a partition offline).
    Cluster,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    pub at: SimTime,
    pub kind: MarkerKind,
    /// The message an anomaly is about.
    pub key: Option<MsgKey>,
    en: String,
    zh: String,
}

impl Marker {
    pub fn new(at: SimTime, kind: MarkerKind, key: Option<MsgKey>, label: impl Fn(Lang) -> String) -> Marker {
        Marker { at, kind, key, en: label(Lang::En), zh: label(Lang::Zh) }
    }

    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }
}

/// The markers a scenario's schedule and an action log give, before anything has run.
pub fn planned(
    scenario: &crate::scenario::model::Scenario,
    actions: &[crate::sim::command::RecordedAction],
) -> Vec<Marker> {
    let system = scenario.system.which();
    let faults = scenario.faults.iter().map(|f| {
        Marker::new(SimTime::from_ms(f.at_ms), MarkerKind::Fault, None, |lang| {
            explain::command_text(&f.command, system, lang)
        })
    });
    let acts = actions.iter().map(|a| {
        Marker::new(SimTime(a.at_us), MarkerKind::Action, None, |lang| explain::command_text(&a.command, system, lang))
    });
    let mut all: Vec<Marker> = faults.chain(acts).collect();
    all.sort_by_key(|m| (m.at, m.kind));
    all
}

/// `planned` with anomaly markers merged in, in time order (faults before anomalies at a tie).
pub fn with_anomalies<'a>(mut planned: Vec<Marker>, anomalies: impl Iterator<Item = &'a Marker>) -> Vec<Marker> {
    planned.extend(anomalies.cloned());
    planned.sort_by_key(|m| (m.at, m.kind));
    planned
}
