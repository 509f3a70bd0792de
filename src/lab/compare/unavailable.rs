//! Unavailable time, as a producer sees it: how long the application could not get its messages
//! accepted. A producer is *failing* from the moment one of its send attempts fails (the broker
//! answered something other than SEND_OK, the producer gave up on an attempt and retried, or the
//! whole send failed) until its next SEND_OK. Unavailable time is the total sim time, within the
//! scenario's duration, during which at least one producer was failing. A retry that lands on a
//! healthy broker group a millisecond later costs a millisecond; a cluster that takes no writes for
//! five seconds costs five seconds.

use crate::sim::small_map::SmallMap;

use crate::sim::ids::NodeId;
use crate::sim::time::SimTime;
use crate::sim::trace::{TraceEvent, TraceKind};
use crate::sim::wire::SendStatus;

/// Follows the trace and adds up unavailable time.
#[derive(Clone, Debug, Default)]
pub struct Unavailability {
    /// Producers failing now, and since when.
    failing: SmallMap<NodeId, SimTime>,
    /// Since when at least one producer has been failing.
    open_since: Option<SimTime>,
    /// Closed stretches of unavailability, added up (µs).
    closed_us: u64,
}

impl Unavailability {
    /// Take one trace event into account.
    pub fn observe(&mut self, e: &TraceEvent) {
        match &e.kind {
            TraceKind::SendFailed { producer, .. } => self.fail(*producer, e.at),
            TraceKind::SendAttempt { producer, attempt, .. } if *attempt > 0 => self.fail(*producer, e.at),
            TraceKind::SendResult { producer, status, .. } => {
                if *status == SendStatus::SendOk {
                    self.recover(*producer, e.at);
                } else {
                    self.fail(*producer, e.at);
                }
            }
            _ => {}
        }
    }

    fn fail(&mut self, producer: NodeId, at: SimTime) {
        self.failing.entry(producer).or_insert(at);
        self.open_since.get_or_insert(at);
    }

    fn recover(&mut self, producer: NodeId, at: SimTime) {
        if self.failing.remove(&producer).is_some() && self.failing.is_empty() {
            if let Some(since) = self.open_since.take() {
                self.closed_us += at.as_us().saturating_sub(since.as_us());
            }
        }
    }

    /// Unavailable time up to `now`, counting only what falls before `until` (the end of the
    /// scenario's duration: after it producers make nothing, so a failure of their last send is
    /// not allowed to stretch over the whole drain phase).
    pub fn total_us(&self, now: SimTime, until: SimTime) -> u64 {
        let open = self.open_since.map_or(0, |since| {
            let end = now.min(until);
            end.as_us().saturating_sub(since.as_us())
        });
        self.closed_us + open
    }
}
