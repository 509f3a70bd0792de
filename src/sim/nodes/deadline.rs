//! One timer standing for many deadlines. A node with many requests in flight (sends waiting for
//! their result, pulls, held pulls) arms a single timer for the earliest deadline instead of one per
//! request, as RocketMQ scans its response table instead of timing each call: almost every request
//! is answered long before its deadline, and a timer per request would crowd the event queue.

use super::Timer;
use crate::sim::effects::Ctx;
use crate::sim::time::SimTime;

#[derive(Clone, Debug, Default)]
pub struct Deadline {
    armed: Option<SimTime>,
}

impl Deadline {
    /// Make sure `timer` fires no later than `at`.
    pub fn arm(&mut self, ctx: &mut Ctx, at: SimTime, timer: Timer) {
        if self.armed.is_none_or(|a| a > at) {
            self.armed = Some(at);
            ctx.at(at, timer);
        }
    }

    /// Arm for the earliest of `deadlines`, if any.
    pub fn arm_earliest(&mut self, ctx: &mut Ctx, deadlines: impl Iterator<Item = SimTime>, timer: Timer) {
        if let Some(at) = deadlines.min() {
            self.arm(ctx, at, timer);
        }
    }

    /// The timer fired now: true if it is the one armed (an earlier-armed, later copy is stale).
    pub fn fired(&mut self, now: SimTime) -> bool {
        if self.armed.is_some_and(|a| a <= now) {
            self.armed = None;
            true
        } else {
            false
        }
    }

    /// A crash forgets the timer with everything else.
    pub fn reset(&mut self) {
        self.armed = None;
    }
}
