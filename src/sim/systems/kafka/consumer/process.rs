//! The application's processing, one record at a time (`nodes::processing`). When the last
//! record of a poll is done, a manual-commit group commits, and the loop polls again. Kafka has
//! no redelivery of its own: a call to a store that fails is simply tried again.

use super::{Consumer, Item};
use crate::sim::effects::Ctx;
use crate::sim::nodes::processing::{Outcome, ProcessTimer};
use crate::sim::systems::kafka::cluster::message_queue;

impl Consumer {
    /// Start on the next record of the batch, or, the batch done, commit (manual) and poll.
    pub(super) fn process_next(&mut self, ctx: &mut Ctx) {
        if self.processing.is_busy() {
            return;
        }
        let Some(item) = self.batch.pop_front() else {
            return self.batch_done(ctx);
        };
        let req = self.req();
        self.processing.start(ctx, req, item, item.msg.id, message_queue(item.tp));
    }

    pub(super) fn on_process_timer(&mut self, ctx: &mut Ctx, t: ProcessTimer) {
        match self.processing.on_timer(ctx, t, None) {
            Some(Outcome::Done(_)) => self.process_next(ctx),
            Some(Outcome::CallFailed(item)) => self.retry(ctx, item),
            Some(Outcome::Failed(_)) | None => {}
        }
    }

    /// Redis answered SETNX, or the DB committed (`claimed` true; it traced the effect or the
    /// duplicate itself). The answer is matched to the record in hand by its request only: an
    /// answer to a claim is read as Redis's, to a commit as the DB's.
    pub(super) fn on_store_reply(&mut self, ctx: &mut Ctx, req: u32, claimed: bool) {
        if !self.processing.holds(req) {
            return;
        }
        let done = self.processing.on_claim_reply(ctx, req, claimed).or_else(|| self.processing.on_db_reply(req));
        if done.is_some() {
            self.process_next(ctx);
        }
        self.pump(ctx);
    }

    /// The store died under the call.
    pub(super) fn on_call_failed(&mut self, ctx: &mut Ctx, req: u32) {
        if let Some(item) = self.processing.call_failed(req) {
            self.retry(ctx, item);
        }
    }

    /// The store did not answer in time (or died): try the record again.
    fn retry(&mut self, ctx: &mut Ctx, item: Item) {
        self.batch.push_front(item);
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
