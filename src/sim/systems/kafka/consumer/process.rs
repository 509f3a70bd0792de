//! The application's processing, one record at a time: claim the record in Redis first if the
//! group dedups there, work for `processing_ms`, then apply the side effect — locally, or in the
//! DB together with the unique dedup key. When the last record of a poll is done, a manual-commit
//! group commits, and the loop polls again. Kafka has no redelivery of its own: a call to a store
//! that fails is simply tried again.

use super::{Busy, Consumer, Item, Stage};
use crate::scenario::model::Dedup;
use crate::sim::effects::Ctx;
use crate::sim::nodes::dedup_store;
use crate::sim::systems::kafka::cluster::message_queue;
use crate::sim::systems::kafka::{timer, Timer};
use crate::sim::trace::TraceKind;

impl Consumer {
    /// Start on the next record of the batch, or, the batch done, commit (manual) and poll.
    pub(super) fn process_next(&mut self, ctx: &mut Ctx) {
        if self.busy.is_some() {
            return;
        }
        let Some(item) = self.batch.pop_front() else {
            return self.batch_done(ctx);
        };
        let req = self.req();
        match (self.spec.dedup, self.cluster.redis) {
            (Dedup::RedisSetnx { key, ttl_ms }, Some(redis)) => {
                self.busy = Some(Busy { item, stage: Stage::Claiming, req });
                ctx.send(redis, dedup_store::claim(req, self.group, key, item.msg.id, ttl_ms));
                ctx.after_ms(self.call_timeout_ms, timer(Timer::CallTimeout { req }));
            }
            _ => self.work(ctx, item, req),
        }
    }

    fn work(&mut self, ctx: &mut Ctx, item: Item, req: u32) {
        self.busy = Some(Busy { item, stage: Stage::Working, req });
        ctx.after_ms(self.processing_ms, timer(Timer::ProcessDone { req }));
    }

    fn current(&self, req: u32, stage: Stage) -> Option<Item> {
        self.busy.filter(|b| b.req == req && b.stage == stage).map(|b| b.item)
    }

    pub(super) fn on_process_done(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(item) = self.current(req, Stage::Working) else { return };
        match (self.spec.dedup, self.cluster.db) {
            (Dedup::DbUniqueKey { key }, Some(db)) => {
                self.busy = Some(Busy { item, stage: Stage::Committing, req });
                let payload = dedup_store::insert(req, self.group, key, item.msg.id, message_queue(item.tp));
                ctx.send(db, payload);
                ctx.after_ms(self.call_timeout_ms, timer(Timer::CallTimeout { req }));
            }
            _ => {
                ctx.trace(TraceKind::EffectApplied {
                    consumer: ctx.me,
                    group: self.group,
                    msg: item.msg.id,
                    by: ctx.me,
                });
                self.finish(ctx);
            }
        }
    }

    /// The DB committed (it traced the effect or the duplicate itself), or Redis answered SETNX.
    pub(super) fn on_store_reply(&mut self, ctx: &mut Ctx, req: u32, claimed: bool) {
        let Some(b) = self.busy.filter(|b| b.req == req) else { return };
        match b.stage {
            Stage::Claiming if claimed => self.work(ctx, b.item, req),
            Stage::Claiming => {
                let store = self.cluster.redis.unwrap_or(ctx.me);
                ctx.trace(TraceKind::DedupSkipped { consumer: ctx.me, group: self.group, msg: b.item.msg.id, store });
                self.finish(ctx);
            }
            Stage::Committing => self.finish(ctx),
            Stage::Working => {}
        }
        self.pump(ctx);
    }

    /// The store did not answer in time (or died): try the record again.
    pub(super) fn on_call_failed(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(b) = self.busy.filter(|b| b.req == req && b.stage != Stage::Working) else { return };
        self.busy = None;
        self.batch.push_front(b.item);
        self.process_next(ctx);
    }

    fn finish(&mut self, ctx: &mut Ctx) {
        self.busy = None;
        self.process_next(ctx);
    }

    /// Every record of the last poll is processed: commit them (manual), then poll again.
    fn batch_done(&mut self, ctx: &mut Ctx) {
        if !self.auto_commit() {
            self.commit_offsets(ctx);
        }
        if !self.ready.is_empty() || self.rejoin {
            self.poll(ctx);
        }
    }
}
