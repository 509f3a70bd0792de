//! The frontier: a second cursor that simulates ahead of the learner in bounded slices while the
//! page is idle (`Session::precompute`), so that the scrubber can mark anomalies over the whole run
//! and seeking forward finds checkpoints already taken. Anomalies are noticed as the trace reaches
//! the checker, by whichever cursor first goes past an event: a duplicate side effect, a duplicate
//! the dedup store caught, a dead letter, each with its message and time; the messages still lost
//! when the run ends come from the checker's end-of-run summary. A fork (`Session::act`) drops
//! what was found after the cursor and sends the frontier back there.

use super::markers::{Marker, MarkerKind};
use crate::i18n::explain;
use crate::sim::audit::report::{Anomaly, AnomalyKind};
use crate::sim::audit::Auditor;
use crate::sim::ids::GroupId;
use crate::sim::time::SimTime;
use crate::sim::topology::Topology;
use crate::sim::trace::{TraceEvent, TraceKind};

/// The scrubber shows at most this many anomaly markers; the scoreboard keeps the exact counts.
pub const MAX_ANOMALY_MARKERS: usize = 1_000;

/// Anomalies found so far, each with the number of events handled when it showed.
#[derive(Clone, Debug, Default)]
pub struct Found {
    markers: Vec<(u64, Marker)>,
    /// Events up to this count have been looked at.
    scanned_to: u64,
    /// The end-of-run losses were added.
    pub(super) ended: bool,
    /// The last time anything happened to a business message (after it, only heartbeats, pulls
    /// and timers go on): where the scrubber can end.
    pub(super) last_message_at: SimTime,
}

impl Found {
    pub fn markers(&self) -> impl Iterator<Item = &Marker> {
        self.markers.iter().map(|(_, m)| m)
    }

    /// Whether the events of step number `events` still need looking at; marks them looked at.
    pub(super) fn claim(&mut self, events: u64) -> bool {
        let fresh = events > self.scanned_to;
        self.scanned_to = self.scanned_to.max(events);
        fresh
    }

    /// One trace event of step `events`, with the checker just after it took the event in.
    pub(super) fn observe(&mut self, e: &TraceEvent, a: &Auditor) {
        if e.kind.message().is_some() {
            self.last_message_at = self.last_message_at.max(e.at);
        }
        if let TraceKind::System { event } = &e.kind {
            if event.notable() && self.markers.len() < MAX_ANOMALY_MARKERS {
                let topo = a.topology();
                let m = Marker::new(e.at, MarkerKind::Cluster, None, |lang| event.describe(topo, lang));
                self.markers.push((self.scanned_to, m));
            }
            return;
        }
        let (kind, msg, group) = match &e.kind {
            TraceKind::EffectApplied { msg, group, .. } => (AnomalyKind::DuplicateEffect, msg, group),
            TraceKind::DedupSkipped { msg, group, .. } => (AnomalyKind::DuplicateCaught, msg, group),
            TraceKind::DeadLettered { msg, group, .. } => (AnomalyKind::DeadLettered, msg, group),
            _ => return,
        };
        let Some(m) = a.message(msg.key) else { return };
        let Some(gl) = m.groups.get(usize::from(group.0)) else { return };
        if kind == AnomalyKind::DuplicateEffect {
            // A side effect can also break a business key's order, or follow a rolled-back local
            // transaction: the checker has just judged it (`txorder`).
            let violation =
                a.order_violations().last().filter(|v| v.at == e.at && v.key == msg.key && v.group == *group);
            if let Some(v) = violation {
                let kind = if v.replay { AnomalyKind::OutOfOrderReplay } else { AnomalyKind::OutOfOrder };
                self.push(a.topology(), self.scanned_to, kind, msg.key, *group, e.at);
            }
            if gl.effects.len() == 1 && m.rolled_back() {
                self.push(a.topology(), self.scanned_to, AnomalyKind::DeliveredAfterRollback, msg.key, *group, e.at);
            }
        }
        // The same tests as the end-of-run report (`report::summarize`).
        let anomalous = match kind {
            AnomalyKind::DuplicateEffect => gl.effects.len() > 1,
            AnomalyKind::DuplicateCaught => gl.effects.first().is_some_and(|f| e.at >= f.at),
            _ => gl.dead_lettered == Some(e.at) && !gl.processed(),
        };
        if anomalous {
            self.push(a.topology(), self.scanned_to, kind, msg.key, *group, e.at);
        }
    }

    /// The run ended at `end` after `events` events: add every message lost, or gone unconfirmed, by then.
    pub(super) fn end(&mut self, a: &Auditor, events: u64, end: SimTime, drained: bool) {
        if self.ended {
            return;
        }
        self.ended = true;
        // A loss is certain only at the end, but the scrubber marks it where its cause struck (the
        // crash, the dropped ack), which is where a learner wants to look.
        let known_at_end = |x: &&Anomaly| matches!(x.kind, AnomalyKind::Lost | AnomalyKind::Unconfirmed);
        for x in a.finish(end, drained).anomalies.iter().filter(known_at_end) {
            self.push(a.topology(), events, x.kind, x.key, x.group, super::live::jump_time(x));
        }
    }

    /// A fork after `events` events: forget what was found later.
    pub(super) fn fork(&mut self, events: u64, now: SimTime) {
        self.markers.retain(|(n, _)| *n <= events);
        self.last_message_at = self.last_message_at.min(now);
        self.scanned_to = events;
        self.ended = false;
    }

    fn push(
        &mut self,
        topo: &Topology,
        events: u64,
        kind: AnomalyKind,
        key: crate::sim::ids::MsgKey,
        group: GroupId,
        at: SimTime,
    ) {
        if self.markers.len() >= MAX_ANOMALY_MARKERS {
            return;
        }
        let a = Anomaly { kind, key, group, at, causes: Vec::new() };
        let m = Marker::new(at, MarkerKind::Anomaly, Some(key), |lang| explain::headline(&a, topo, lang));
        self.markers.push((events, m));
    }
}
