//! When a producer's application makes its messages: at the workload's steady rate, at the burst
//! rate inside a burst window, never before `start_ms`, and no more than `messages` of them or past
//! the scenario's duration. Shared by the producers of every system, so the same workload makes
//! the same messages at the same instants whatever the cluster behind it.

use crate::scenario::model::Workload;
use crate::sim::effects::Ctx;
use crate::sim::ids::{MsgId, MsgKey};
use crate::sim::time::{SimTime, SEC};
use crate::sim::trace::TraceKind;
use crate::sim::wire::Message;

/// A producer's workload and when it stops.
#[derive(Clone, Debug)]
pub struct Pacer {
    workload: Workload,
    /// The application makes no new messages from this time on (the scenario's duration).
    stop_at: SimTime,
}

impl Pacer {
    pub fn new(workload: Workload, stop_at: SimTime) -> Pacer {
        Pacer { workload, stop_at }
    }

    /// The workload is over: `produced` messages made, or the scenario's duration reached.
    pub fn done(&self, produced: u32, now: SimTime) -> bool {
        produced >= self.workload.messages || now >= self.stop_at
    }

    /// The application makes its next message for `topic`, unless the workload is over: numbered
    /// by `produced` (which counts it) and traced as made, whatever the system sends it to.
    pub fn make(&self, ctx: &mut Ctx, producer: u8, topic: u8, produced: &mut u32) -> Option<Message> {
        if self.done(*produced, ctx.now) {
            return None;
        }
        let key = MsgKey { producer, seq: *produced };
        *produced += 1;
        ctx.trace(TraceKind::Produced { producer: ctx.me, key });
        Some(Message { id: MsgId { key, gen: 0 }, topic, born_at: ctx.now, reconsume_times: 0 })
    }

    /// When the first message is due for a producer starting at `now` (also after a restart).
    pub fn first(&self, now: SimTime) -> SimTime {
        let start = SimTime::from_ms(self.workload.start_ms);
        self.next(start.max(now), true)
    }

    /// When the message after one made at `now` is due.
    pub fn after(&self, now: SimTime) -> SimTime {
        self.next(now, false)
    }

    /// When the next message is due: at the steady rate, or at the burst rate inside a burst window.
    fn next(&self, now: SimTime, first: bool) -> SimTime {
        let w = &self.workload;
        let start = SimTime::from_ms(w.start_ms);
        let rel = now.since(start);
        let in_burst =
            |t: u64| w.burst.as_ref().is_some_and(|b| b.every_ms > 0 && (t / 1_000) % b.every_ms < b.length_ms);
        let interval = |rate: u32| (rate > 0).then(|| SEC / u64::from(rate));
        let step = if in_burst(rel) {
            w.burst.as_ref().and_then(|b| interval(b.rate_per_s)).or_else(|| interval(w.rate_per_s))
        } else {
            interval(w.rate_per_s)
        };
        if first && now <= start {
            return start;
        }
        match step {
            Some(us) => now.plus_us(us.max(1)),
            None => {
                // No steady rate: wait for the next burst window.
                let every_us = w.burst.as_ref().map_or(u64::MAX, |b| b.every_ms.saturating_mul(1_000));
                let next = (rel / every_us + 1).saturating_mul(every_us);
                start.plus_us(next)
            }
        }
    }
}
