//! Helpers of the Kafka tests: run a scenario keeping its trace, read Kafka's own events, change
//! the system's settings.
#![allow(dead_code)]

use mqlab::scenario::model::{Scenario, ScheduledFault, System};
use mqlab::scenario::systems::KafkaSettings;
use mqlab::sim::audit::report::{Anomaly, AnomalyKind};
use mqlab::sim::command::Command;
use mqlab::sim::ids::NodeId;
use mqlab::sim::run::{self, RunOutcome};
use mqlab::sim::systems::kafka::Event;
use mqlab::sim::systems::SysEvent;
use mqlab::sim::time::SimTime;
use mqlab::sim::trace::TraceKind;

/// Run to the end, keeping the trace (a failure names the seed).
pub fn run(s: &Scenario) -> RunOutcome {
    mqlab::scenario::validate(s).unwrap_or_else(|e| panic!("seed {}: invalid scenario: {e}", s.seed));
    run::run(s, &[], true).unwrap_or_else(|e| panic!("seed {}: {e}", s.seed))
}

pub fn node(o: &RunOutcome, name: &str) -> NodeId {
    o.world.topology().find(name).unwrap_or_else(|| panic!("no node {name}"))
}

/// Kafka's own events, with their times.
pub fn events(o: &RunOutcome) -> impl Iterator<Item = (SimTime, &Event)> {
    o.trace.iter().filter_map(|e| match &e.kind {
        TraceKind::System { event: SysEvent::Kafka(k) } => Some((e.at, k)),
        _ => None,
    })
}

pub fn anomalies(o: &RunOutcome, kind: AnomalyKind) -> Vec<&Anomaly> {
    o.summary.anomalies.iter().filter(|a| a.kind == kind).collect()
}

pub fn fault(at_ms: u64, command: Command) -> ScheduledFault {
    ScheduledFault { at_ms, command }
}

/// The scenario's Kafka settings, to change them.
pub fn kafka(s: &mut Scenario) -> &mut KafkaSettings {
    match &mut s.system {
        System::Kafka(k) => k,
        other => panic!("not a Kafka scenario: {other:?}"),
    }
}
