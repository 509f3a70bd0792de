//! Processing, one message at a time, as RocketMQ's consumer does it (`nodes::processing`); a
//! finished message's offset can be committed. There is no retry topic here: processing always
//! succeeds, and a call to a store that goes unanswered is tried again from the start.

use super::{Consumer, Item};
use crate::sim::effects::Ctx;
use crate::sim::ids::MessageQueue;
use crate::sim::nodes::processing::{Outcome, ProcessTimer};

impl Consumer {
    /// Start on the next buffered message if idle.
    pub(super) fn process_next(&mut self, ctx: &mut Ctx) {
        if self.processing.is_busy() {
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
        let mq = MessageQueue { broker_group: 0, queue: item.queue };
        self.processing.start(ctx, req, item, item.msg.id, mq);
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
        match self.processing.on_timer(ctx, t, None) {
            Some(Outcome::Done(item)) => self.finish(ctx, item),
            // The store did not answer: process the message again from the start.
            Some(Outcome::CallFailed(item)) => self.start(ctx, item),
            Some(Outcome::Failed(_)) | None => {}
        }
    }

    /// The message is done with: its offset may be committed, and the buffer has room again.
    fn finish(&mut self, ctx: &mut Ctx, item: Item) {
        if let Some(o) = self.owned.get_mut(&item.queue) {
            o.outstanding.remove(&item.queue_offset);
        }
        self.process_next(ctx);
        self.pull(ctx);
    }
}
