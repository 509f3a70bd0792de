//! Pulling: one pull in flight per owned queue, long-polled by the broker. Found messages go to the
//! local buffer (each a `Delivered` event); when the buffer holds `pull_threshold` messages pulling
//! pauses until processing catches up. Failures retry after 3 s (pullTimeDelayMillsWhenException).

use super::{Buffered, Consumer, ConsumerTimer};
use crate::sim::effects::Ctx;
use crate::sim::ids::{MessageQueue, NodeId};
use crate::sim::nodes::Timer;
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Payload, PullStatus, Pulled};

pub(super) const PULL_RETRY_MS: u64 = 3_000;
/// A pull unanswered this long is given up (RocketMQ: 30 s while the broker may hold it 15 s).
const PULL_TIMEOUT_MS: u64 = 30_000;

impl Consumer {
    /// Start the next pull of `mq` if it is owned, positioned, idle and not paused.
    pub(super) fn pull(&mut self, ctx: &mut Ctx, mq: MessageQueue) {
        let buffer_full = self.buffer.len() >= self.spec.pull_threshold as usize;
        let node = self.read_node(mq.broker_group);
        let req = self.next_req;
        let (group, max, auto_ack) = (self.group, self.spec.pull_batch, self.auto_ack());
        let Some(q) = self.owned.get_mut(&mq) else {
            return;
        };
        let Some(offset) = q.next_pull else { return };
        if q.pull_req.is_some() {
            return;
        }
        if buffer_full {
            self.paused.insert(mq);
            return;
        }
        let Some(node) = node else {
            ctx.after_ms(PULL_RETRY_MS, Timer::Consumer(ConsumerTimer::PullRetry { mq }));
            return;
        };
        self.next_req = self.next_req.wrapping_add(1);
        q.pull_req = Some((req, node));
        q.pull_deadline = ctx.now.plus_ms(PULL_TIMEOUT_MS);
        let deadline = q.pull_deadline;
        ctx.send(node, Payload::PullRequest { req, group, queue: mq.queue, offset, max, auto_ack });
        self.pull_deadline.arm(ctx, deadline, Timer::Consumer(ConsumerTimer::PullTimeouts));
    }

    /// Retry a queue: query its offset if we never learned it, else pull.
    pub(super) fn resume_queue(&mut self, ctx: &mut Ctx, mq: MessageQueue) {
        let Some(q) = self.owned.get(&mq) else { return };
        if q.next_pull.is_none() {
            if q.query_req.is_none() {
                self.query_offset(ctx, mq);
            }
        } else {
            self.pull(ctx, mq);
        }
    }

    pub(super) fn on_pull_response(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        req: u32,
        status: PullStatus,
        next_offset: u64,
        msgs: Vec<Pulled>,
    ) {
        let Some((&mq, q)) = self.owned.iter_mut().find(|(_, q)| q.pull_req.is_some_and(|(r, _)| r == req)) else {
            return;
        };
        q.pull_req = None;
        q.next_pull = Some(next_offset);
        if status == PullStatus::Found {
            for p in msgs {
                q.outstanding.insert(p.queue_offset);
                self.buffer.push_back(Buffered { mq, queue_offset: p.queue_offset, msg: p.msg, from });
                ctx.trace(TraceKind::Delivered {
                    consumer: ctx.me,
                    group: self.group,
                    msg: p.msg.id,
                    mq,
                    queue_offset: p.queue_offset,
                    from,
                    reconsume: p.msg.reconsume_times,
                });
            }
        }
        self.pull(ctx, mq);
        self.process_next(ctx);
    }

    pub(super) fn pull_failed(&mut self, ctx: &mut Ctx, req: u32) {
        let Some((&mq, q)) = self.owned.iter_mut().find(|(_, q)| q.pull_req.is_some_and(|(r, _)| r == req)) else {
            return;
        };
        q.pull_req = None;
        ctx.after_ms(PULL_RETRY_MS, Timer::Consumer(ConsumerTimer::PullRetry { mq }));
    }

    /// Give up the pulls that are overdue; keep the timer for the next deadline.
    pub(super) fn on_pull_timeouts(&mut self, ctx: &mut Ctx) {
        if !self.pull_deadline.fired(ctx.now) {
            return;
        }
        let now = ctx.now;
        let overdue: Vec<u32> =
            self.owned.values().filter(|q| q.pull_deadline <= now).filter_map(|q| q.pull_req.map(|(r, _)| r)).collect();
        for req in overdue {
            self.pull_failed(ctx, req);
        }
        let deadlines = self.owned.values().filter(|q| q.pull_req.is_some()).map(|q| q.pull_deadline);
        self.pull_deadline.arm_earliest(ctx, deadlines, Timer::Consumer(ConsumerTimer::PullTimeouts));
    }

    /// The buffer drained below the threshold: pulling resumes on paused queues.
    pub(super) fn unpause(&mut self, ctx: &mut Ctx) {
        if self.paused.is_empty() || self.buffer.len() >= self.spec.pull_threshold as usize {
            return;
        }
        for mq in std::mem::take(&mut self.paused) {
            self.pull(ctx, mq);
        }
    }
}
