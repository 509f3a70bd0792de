//! Processing, one message at a time, as RocketMQ's consumer does it: claim the message in Redis
//! (SETNX) if the group dedups there, run the business logic for `processing_ms`, then apply the
//! side effect — locally, or in the DB together with the unique dedup key. A finished message's
//! offset can be committed. There is no retry topic here: processing always succeeds, and a call
//! to a store that goes unanswered is tried again from the start.

use super::{Consumer, Item, Processing, Stage};
use crate::scenario::model::Dedup;
use crate::sim::effects::Ctx;
use crate::sim::nodes::dedup_store;
use crate::sim::systems::raft::{wrap, Timer};
use crate::sim::trace::TraceKind;

impl Consumer {
    /// Start on the next buffered message if idle.
    pub(super) fn process_next(&mut self, ctx: &mut Ctx) {
        if self.busy.is_some() {
            return;
        }
        while let Some(item) = self.buffer.pop_front() {
            if self.owned.contains_key(&item.queue) {
                self.start(ctx, item);
                return;
            }
        }
    }

    fn start(&mut self, ctx: &mut Ctx, item: Item) {
        let req = self.req();
        match (self.spec.dedup, self.stores.redis) {
            (Dedup::RedisSetnx { key, ttl_ms }, Some(redis)) => {
                self.busy = Some(Processing { item, stage: Stage::Claiming, req });
                ctx.send(redis, dedup_store::claim(req, self.group, key, item.msg.id, ttl_ms));
                ctx.after_ms(self.stores.call_timeout_ms, wrap(Timer::CallTimeout { req }));
            }
            _ => self.work(ctx, item, req),
        }
    }

    fn work(&mut self, ctx: &mut Ctx, item: Item, req: u32) {
        self.busy = Some(Processing { item, stage: Stage::Working, req });
        ctx.after_ms(self.processing_ms, wrap(Timer::ProcessDone { req }));
    }

    fn current(&self, req: u32, stage: Stage) -> Option<Item> {
        self.busy.filter(|p| p.req == req && p.stage == stage).map(|p| p.item)
    }

    pub(super) fn on_claim_reply(&mut self, ctx: &mut Ctx, req: u32, set: bool) {
        let Some(item) = self.current(req, Stage::Claiming) else { return };
        if set {
            self.work(ctx, item, req);
        } else {
            let store = self.stores.redis.unwrap_or(ctx.me);
            ctx.trace(TraceKind::DedupSkipped { consumer: ctx.me, group: self.group, msg: item.msg.id, store });
            self.finish(ctx, item);
        }
    }

    pub(super) fn on_process_done(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(item) = self.current(req, Stage::Working) else { return };
        match (self.spec.dedup, self.stores.db) {
            (Dedup::DbUniqueKey { key }, Some(db)) => {
                self.busy = Some(Processing { item, stage: Stage::Committing, req });
                let mq = crate::sim::ids::MessageQueue { broker_group: 0, queue: item.queue };
                ctx.send(db, dedup_store::insert(req, self.group, key, item.msg.id, mq));
                ctx.after_ms(self.stores.call_timeout_ms, wrap(Timer::CallTimeout { req }));
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

    /// The DB traced the effect (or the rejected duplicate) when it committed.
    pub(super) fn on_db_reply(&mut self, ctx: &mut Ctx, req: u32) {
        if let Some(item) = self.current(req, Stage::Committing) {
            self.finish(ctx, item);
        }
    }

    /// The store did not answer: process the message again from the start.
    pub(super) fn on_call_timeout(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(p) = self.busy.filter(|p| p.req == req && p.stage != Stage::Working) else { return };
        self.busy = None;
        self.start(ctx, p.item);
    }

    /// The message is done with: its offset may be committed, and the buffer has room again.
    fn finish(&mut self, ctx: &mut Ctx, item: Item) {
        self.busy = None;
        if let Some(o) = self.owned.get_mut(&item.queue) {
            o.outstanding.remove(&item.queue_offset);
        }
        self.process_next(ctx);
        self.pull(ctx);
    }
}
