//! The master's write path: append what a producer sends, then answer with the status RocketMQ
//! would return once the flush mode (ASYNC/SYNC_FLUSH) and the replication mode (ASYNC/SYNC_MASTER)
//! are satisfied or have timed out. Every status means "stored on the master"; only SEND_OK means
//! the configured durability was reached.

use super::{Broker, BrokerTimer, PendingSend};
use crate::scenario::model::{Flush, Replication};
use crate::sim::effects::Ctx;
use crate::sim::ids::{NodeId, QueueKey};
use crate::sim::nodes::Timer;
use crate::sim::wire::{Message, Payload, SendStatus};

impl Broker {
    pub(super) fn on_send(
        &mut self,
        ctx: &mut Ctx,
        producer: NodeId,
        req: u32,
        msg: Message,
        queue: QueueKey,
        oneway: bool,
    ) {
        if !self.is_master() {
            // A slave takes no writes; the producer will time out and retry elsewhere.
            return;
        }
        let (log_offset, queue_offset) = self.log.append(msg, queue, None);
        if let Some(entry) = self.log.entry(log_offset).copied() {
            Self::trace_stored(ctx, &entry, log_offset);
        }
        self.half_stored(msg, queue, log_offset);
        self.wake_ha_writer(ctx);
        self.after_append(ctx, queue);
        if oneway {
            return;
        }
        let end = log_offset + 1;
        let need_flush = self.cfg.flush == Flush::Sync;
        let need_slave = self.cfg.replication == Replication::Sync;
        if need_slave && !self.slave_ok(end) {
            // RocketMQ answers at once when no slave is connected or the slave is too far behind.
            let status = SendStatus::SlaveNotAvailable;
            ctx.send(producer, Payload::SendResponse { req, msg: msg.id, status, queue_offset });
            return;
        }
        if !need_flush && !need_slave {
            ctx.send(producer, Payload::SendResponse { req, msg: msg.id, status: SendStatus::SendOk, queue_offset });
            return;
        }
        let flush_deadline = need_flush.then(|| ctx.now.plus_ms(self.cfg.sync_flush_timeout_ms));
        let slave_deadline = need_slave.then(|| ctx.now.plus_ms(self.cfg.slave_ack_timeout_ms));
        self.pending.push_back(PendingSend {
            producer,
            req,
            msg: msg.id,
            end,
            queue_offset,
            flush_deadline,
            slave_deadline,
        });
        self.resolve_pending(ctx);
    }

    /// Answer every waiting send whose conditions are met or whose time is up; re-arm the deadline.
    pub(super) fn resolve_pending(&mut self, ctx: &mut Ctx) {
        let flushed = self.log.flushed();
        let replicated = self.replicated_max();
        let now = ctx.now;
        let mut next_deadline = None;
        self.pending.retain(|p| {
            let flush_ok = p.flush_deadline.is_none() || flushed >= p.end;
            let slave_ok = p.slave_deadline.is_none() || replicated >= p.end;
            let flush_over = flush_ok || p.flush_deadline.is_some_and(|d| now >= d);
            let slave_over = slave_ok || p.slave_deadline.is_some_and(|d| now >= d);
            if flush_over && slave_over {
                // RocketMQ sets the flush status first and the replica status last, so the latter wins.
                let status = if !slave_ok {
                    SendStatus::FlushSlaveTimeout
                } else if !flush_ok {
                    SendStatus::FlushDiskTimeout
                } else {
                    SendStatus::SendOk
                };
                ctx.send(
                    p.producer,
                    Payload::SendResponse { req: p.req, msg: p.msg, status, queue_offset: p.queue_offset },
                );
                return false;
            }
            let waits = [(!flush_ok).then_some(p.flush_deadline), (!slave_ok).then_some(p.slave_deadline)];
            for d in waits.into_iter().flatten().flatten() {
                next_deadline = Some(next_deadline.map_or(d, |n: crate::sim::time::SimTime| n.min(d)));
            }
            true
        });
        self.send_deadline.arm_earliest(ctx, next_deadline.into_iter(), Timer::Broker(BrokerTimer::SendDeadline));
    }
}
