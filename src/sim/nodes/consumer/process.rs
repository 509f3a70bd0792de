//! Processing, one message at a time: claim it in Redis (SETNX) if the group dedups there, run the
//! business logic for `processing_ms`, then apply the side effect — locally, or in the DB together
//! with the unique dedup key. Success acknowledges the message (its offset can be committed);
//! failure is RECONSUME_LATER: the message goes back to the broker for a later retry.

use super::{Buffered, Consumer, ConsumerTimer, Processing, Stage};
use crate::scenario::model::Dedup;
use crate::sim::effects::Ctx;
use crate::sim::nodes::{dedup_store, Timer};
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;

/// RocketMQ reconsumes locally after 5 s when a send-back fails.
const RECONSUME_LOCAL_MS: u64 = 5_000;

impl Consumer {
    /// Start on the next buffered message if idle.
    pub(super) fn process_next(&mut self, ctx: &mut Ctx) {
        if self.busy.is_some() {
            return;
        }
        let Some(item) = self.next_item(ctx) else { return };
        let req = self.req();
        match self.spec.dedup {
            Dedup::RedisSetnx { key, ttl_ms } => {
                let Some(redis) = self.redis else {
                    return self.start_work(ctx, item, req);
                };
                self.busy = Some(Processing { item, stage: Stage::Claiming, req });
                ctx.send(redis, dedup_store::claim(req, self.group, key, item.msg.id, ttl_ms));
                ctx.after_ms(self.call_timeout_ms, Timer::Consumer(ConsumerTimer::CallTimeout { req }));
            }
            _ => self.start_work(ctx, item, req),
        }
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

    fn start_work(&mut self, ctx: &mut Ctx, item: Buffered, req: u32) {
        self.busy = Some(Processing { item, stage: Stage::Working, req });
        ctx.after_ms(self.processing_ms, Timer::Consumer(ConsumerTimer::ProcessDone { req }));
    }

    fn current(&self, req: u32, stage: Stage) -> Option<Buffered> {
        self.busy.filter(|p| p.req == req && p.stage == stage).map(|p| p.item)
    }

    pub(super) fn on_claim_reply(&mut self, ctx: &mut Ctx, req: u32, set: bool) {
        let Some(item) = self.current(req, Stage::Claiming) else {
            return;
        };
        if set {
            self.start_work(ctx, item, req);
        } else {
            let store = self.redis.unwrap_or(ctx.me);
            ctx.trace(TraceKind::DedupSkipped { consumer: ctx.me, group: self.group, msg: item.msg.id, store });
            self.finish(ctx, item);
        }
    }

    pub(super) fn on_process_done(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(item) = self.current(req, Stage::Working) else {
            return;
        };
        if self.fails(&item) {
            if let (Dedup::RedisSetnx { key, .. }, Some(redis)) = (self.spec.dedup, self.redis) {
                // A careful consumer releases its claim so the retry is not skipped.
                ctx.send(redis, Payload::RedisDel { group: self.group, key: dedup_store::dedup_key(key, item.msg.id) });
            }
            if self.orderly() && item.msg.reconsume_times < self.spec.max_reconsume_times {
                return self.suspend(ctx, item);
            }
            return self.send_back(ctx, item);
        }
        match (self.spec.dedup, self.db) {
            (Dedup::DbUniqueKey { key }, Some(db)) => {
                self.busy = Some(Processing { item, stage: Stage::Committing, req });
                let payload = dedup_store::insert(req, self.group, key, item.msg.id, item.mq);
                ctx.send(db, payload);
                ctx.after_ms(self.call_timeout_ms, Timer::Consumer(ConsumerTimer::CallTimeout { req }));
            }
            _ => {
                ctx.trace(TraceKind::EffectApplied {
                    consumer: ctx.me,
                    group: self.group,
                    msg: item.msg.id,
                    by: ctx.me,
                });
                self.finish(ctx, item);
            }
        }
    }

    /// Whether the business logic fails this time: a poison message always does.
    fn fails(&mut self, item: &Buffered) -> bool {
        let poison = self.spec.poison_every > 0 && (item.msg.id.key.seq + 1).is_multiple_of(self.spec.poison_every);
        poison || self.rng.chance_ppm(self.spec.failure_ppm)
    }

    pub(super) fn on_db_reply(&mut self, ctx: &mut Ctx, req: u32, _inserted: bool) {
        // The DB traced the effect (or the rejected duplicate) when it committed.
        let Some(item) = self.current(req, Stage::Committing) else {
            return;
        };
        self.finish(ctx, item);
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
        self.busy = Some(Processing { item, stage: Stage::SendingBack, req });
        let max_reconsume = self.spec.max_reconsume_times;
        ctx.send(master, Payload::SendBack { req, group: self.group, msg: item.msg, max_reconsume });
        ctx.after_ms(self.call_timeout_ms.max(3_000), Timer::Consumer(ConsumerTimer::CallTimeout { req }));
    }

    pub(super) fn on_send_back_reply(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(item) = self.current(req, Stage::SendingBack) else {
            return;
        };
        // The broker owns the retry now: this delivery is acknowledged.
        self.finish(ctx, item);
    }

    /// A DB, Redis or send-back call failed or timed out.
    pub(super) fn on_call_timeout(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(p) = self.busy.filter(|p| p.req == req) else {
            return;
        };
        match p.stage {
            // The store is unreachable: processing fails, the message is retried later.
            Stage::Claiming | Stage::Committing => self.send_back(ctx, p.item),
            Stage::SendingBack => self.reconsume_later(ctx, p.item),
            Stage::Working => {}
        }
    }

    /// Keep the message (its offset stays unacknowledged) and try it again here after 5 s.
    fn reconsume_later(&mut self, ctx: &mut Ctx, item: Buffered) {
        self.busy = None;
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
        self.busy = None;
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
