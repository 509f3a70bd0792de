//! Messages on the wire, as the cluster view draws them: every send the trace reports, from the
//! moment it leaves until it arrives (or a little longer, so that a learner can see traffic that
//! crosses a 0.5 ms link), and every drop, kept briefly so the view can mark where it vanished.

use crate::sim::ids::{MsgId, NodeId};
use crate::sim::time::SimTime;
use crate::sim::trace::{DropReason, TraceEvent, TraceKind};
use crate::sim::wire::MsgKind;
use std::collections::VecDeque;

/// At most this many sends and drops are remembered; older ones are forgotten first. The view
/// cannot show more dots than this usefully, and the memory stays bounded on long runs.
pub const MAX_REMEMBERED: usize = 4_096;

/// One message on a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flight {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: MsgKind,
    pub sent: SimTime,
    pub arrive: SimTime,
    pub msg: Option<MsgId>,
    /// A `delay_next` fault held it back.
    pub delayed: bool,
}

impl Flight {
    /// How far along its link the message is at `now`, in thousandths, when it is drawn for at
    /// least `linger_us` (integer arithmetic: the view's positions are the same everywhere).
    pub fn progress_permille(&self, now: SimTime, linger_us: u64) -> u64 {
        let span = self.arrive.as_us().saturating_sub(self.sent.as_us()).max(linger_us).max(1);
        let done = now.as_us().saturating_sub(self.sent.as_us()).min(span);
        done * 1000 / span
    }
}

/// A message the network dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DropMark {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: MsgKind,
    pub at: SimTime,
    pub reason: DropReason,
    pub msg: Option<MsgId>,
}

/// Recent sends and drops, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Flights {
    sends: VecDeque<Flight>,
    drops: VecDeque<DropMark>,
}

impl Flights {
    /// Take note of one trace event (only network events matter here).
    pub fn observe(&mut self, e: &TraceEvent) {
        match &e.kind {
            TraceKind::NetSend { from, to, kind, arrive_at, msg, delayed, .. } => {
                push_bounded(
                    &mut self.sends,
                    Flight {
                        from: *from,
                        to: *to,
                        kind: *kind,
                        sent: e.at,
                        arrive: *arrive_at,
                        msg: *msg,
                        delayed: *delayed,
                    },
                );
            }
            TraceKind::NetDrop { from, to, kind, reason, msg, .. } => {
                push_bounded(
                    &mut self.drops,
                    DropMark { from: *from, to: *to, kind: *kind, at: e.at, reason: *reason, msg: *msg },
                );
            }
            _ => {}
        }
    }

    /// Sends on the wire at `now`, each drawn for at least `linger_us`.
    pub fn visible(&self, now: SimTime, linger_us: u64) -> impl Iterator<Item = &Flight> {
        self.sends.iter().filter(move |f| {
            let until = f.arrive.as_us().max(f.sent.as_us().saturating_add(linger_us));
            f.sent <= now && now.as_us() < until
        })
    }

    /// Drops that happened in the last `linger_us` before `now`.
    pub fn recent_drops(&self, now: SimTime, linger_us: u64) -> impl Iterator<Item = &DropMark> {
        self.drops.iter().filter(move |d| d.at <= now && now.as_us() < d.at.as_us().saturating_add(linger_us.max(1)))
    }

    /// Forget what can no longer be visible at `now` with `linger_us`.
    pub fn prune(&mut self, now: SimTime, linger_us: u64) {
        while self
            .sends
            .front()
            .is_some_and(|f| f.arrive.as_us().max(f.sent.as_us().saturating_add(linger_us)) <= now.as_us())
        {
            self.sends.pop_front();
        }
        while self.drops.front().is_some_and(|d| d.at.as_us().saturating_add(linger_us) <= now.as_us()) {
            self.drops.pop_front();
        }
    }
}

fn push_bounded<T>(q: &mut VecDeque<T>, item: T) {
    if q.len() == MAX_REMEMBERED {
        q.pop_front();
    }
    q.push_back(item);
}
