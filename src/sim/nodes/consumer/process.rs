//! Processing, one message at a time (`nodes::processing`). Success acknowledges the message (its
//! offset can be committed); failure is RECONSUME_LATER: the message goes back to the broker for
//! a later retry (an orderly consumer suspends its queue and retries here first).

use super::{Buffered, Consumer, ConsumerTimer};
use crate::sim::effects::Ctx;
use crate::sim::nodes::processing::{Outcome, ProcessTimer};
use crate::sim::nodes::Timer;
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;

/// RocketMQ reconsumes locally after 5 s when a send-back fails.
const RECONSUME_LOCAL_MS: u64 = 5_000;

impl Consumer {
    /// Start on the next buffered message if idle.
    pub(super) fn process_next(&mut self, ctx: &mut Ctx) {
        if self.in_hand().is_some() {
            return;
        }
        let Some(item) = self.next_item(ctx) else { return };
        let req = self.req();
        self.processing.start(ctx, req, item, item.msg.id, item.mq);
        self.unpause(ctx);
    }

    /// The next message to process: the oldest buffered one of an owned queue; for an orderly
    /// consumer, of a queue it holds the lock of and that is not suspended.
    fn next_item(&mut self, ctx: &Ctx) -> Option<Buffered> {
        if self.orderly() {
            let i = self.buffer.iter().position(|b| self.may_consume(ctx, &b.mq))?;
            return self.buffer.remove(i);
        }
        while let Some(item) = self.buffer.pop_front() {
            if self.owned.contains_key(&item.mq) {
                return Some(item);
            }
        }
        None
    }

    pub(super) fn on_claim_reply(&mut self, ctx: &mut Ctx, req: u32, set: bool) {
        if let Some(item) = self.processing.on_claim_reply(ctx, req, set) {
            self.finish(ctx, item);
        }
    }

    pub(super) fn on_db_reply(&mut self, ctx: &mut Ctx, req: u32) {
        if let Some(item) = self.processing.on_db_reply(req) {
            self.finish(ctx, item);
        }
    }

    pub(super) fn on_process_timer(&mut self, ctx: &mut Ctx, t: ProcessTimer) {
        match self.processing.on_timer(ctx, t, Some(&mut self.rng)) {
            Some(Outcome::Done(item)) => self.finish(ctx, item),
            Some(Outcome::Failed(item)) => {
                if self.orderly() && item.msg.reconsume_times < self.spec.max_reconsume_times {
                    return self.suspend(ctx, item);
                }
                self.send_back(ctx, item);
            }
            Some(Outcome::CallFailed(item)) => self.send_back(ctx, item),
            None => {}
        }
    }

    /// RECONSUME_LATER: hand the message back to its broker's master for a delayed retry.
    fn send_back(&mut self, ctx: &mut Ctx, item: Buffered) {
        let reconsume = item.msg.reconsume_times;
        ctx.trace(TraceKind::ConsumeFailed { consumer: ctx.me, group: self.group, msg: item.msg.id, reconsume });
        let master = self.routes.route().and_then(|r| r.group(item.mq.broker_group)).and_then(|g| g.master());
        let Some(master) = master else {
            return self.reconsume_later(ctx, item);
        };
        let req = self.req();
        self.sending_back = Some((item, req));
        let max_reconsume = self.spec.max_reconsume_times;
        ctx.send(master, Payload::SendBack { req, group: self.group, msg: item.msg, max_reconsume });
        ctx.after_ms(self.call_timeout_ms.max(3_000), Timer::Consumer(ConsumerTimer::SendBackTimeout { req }));
    }

    pub(super) fn on_send_back_reply(&mut self, ctx: &mut Ctx, req: u32) {
        if let Some((item, _)) = self.sending_back.take_if(|(_, r)| *r == req) {
            // The broker owns the retry now: this delivery is acknowledged.
            self.finish(ctx, item);
        }
    }

    /// A DB, Redis or send-back call failed or timed out.
    pub(super) fn on_call_timeout(&mut self, ctx: &mut Ctx, req: u32) {
        if let Some(item) = self.processing.call_failed(req) {
            // The store is unreachable: processing fails, the message is retried later.
            return self.send_back(ctx, item);
        }
        if let Some((item, _)) = self.sending_back.take_if(|(_, r)| *r == req) {
            self.reconsume_later(ctx, item);
        }
    }

    /// Keep the message (its offset stays unacknowledged) and try it again here after 5 s.
    fn reconsume_later(&mut self, ctx: &mut Ctx, item: Buffered) {
        self.later.push((ctx.now.plus_ms(RECONSUME_LOCAL_MS), item));
        ctx.after_ms(RECONSUME_LOCAL_MS, Timer::Consumer(ConsumerTimer::ReconsumeLocal));
        self.process_next(ctx);
    }

    pub(super) fn on_reconsume_local(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let (due, wait): (Vec<_>, Vec<_>) = std::mem::take(&mut self.later).into_iter().partition(|(t, _)| *t <= now);
        self.later = wait;
        for (_, item) in due.into_iter().rev() {
            self.buffer.push_front(item);
        }
        self.process_next(ctx);
    }

    /// The message is done with: its offset may now be committed.
    fn finish(&mut self, ctx: &mut Ctx, item: Buffered) {
        let mut release = false;
        if let Some(q) = self.owned.get_mut(&item.mq) {
            q.outstanding.remove(&item.queue_offset);
            release = q.dropping;
        }
        if release {
            self.release(ctx, item.mq);
        }
        self.process_next(ctx);
    }
}
