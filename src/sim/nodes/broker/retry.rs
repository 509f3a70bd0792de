//! Consumer retries on the master: a message sent back with RECONSUME_LATER waits in the schedule
//! queue of its delay level (10 s, 30 s, 1 min … 2 h), then moves to the group's retry topic
//! (%RETRY%group) to be consumed again; once it has been retried max_reconsume_times it goes to
//! the dead-letter topic (%DLQ%group) instead, where nothing consumes it.

use super::{Broker, BrokerTimer};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, NodeId, QueueKey};
use crate::sim::nodes::Timer;
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Message, Payload};

/// RocketMQ: the n-th retry uses delay level 3 + n - 1 (1-based), i.e. 10 s first.
const FIRST_RETRY_LEVEL: usize = 3;

impl Broker {
    pub(super) fn on_send_back(
        &mut self,
        ctx: &mut Ctx,
        consumer: NodeId,
        req: u32,
        group: GroupId,
        msg: Message,
        max_reconsume: u8,
    ) {
        if !self.is_master() {
            return;
        }
        if msg.reconsume_times >= max_reconsume {
            let queue = QueueKey::dlq(group);
            let (log_offset, _) = self.log.append(msg, queue, None);
            if let Some(e) = self.log.entry(log_offset).copied() {
                Self::trace_stored(ctx, &e, log_offset);
            }
            ctx.trace(TraceKind::DeadLettered { broker: ctx.me, msg: msg.id, group });
            self.wake_ha_writer(ctx);
            self.after_append(ctx, queue);
        } else {
            let levels = &self.cfg.delay_levels_ms;
            let level = (FIRST_RETRY_LEVEL + usize::from(msg.reconsume_times)).min(levels.len()).max(1);
            let delay_ms = levels.get(level - 1).copied().unwrap_or(0);
            let due = ctx.now.plus_ms(delay_ms);
            let queue = QueueKey::schedule(level as u8);
            let (log_offset, _) = self.log.append(msg, queue, Some((group, due)));
            if let Some(e) = self.log.entry(log_offset).copied() {
                Self::trace_stored(ctx, &e, log_offset);
            }
            self.wake_ha_writer(ctx);
            self.after_append(ctx, queue);
            self.arm_schedule(ctx, level as u8);
        }
        ctx.send(consumer, Payload::SendBackReply { req });
    }

    /// Set the timer for a level's next due entry, unless one is set for then already.
    fn arm_schedule(&mut self, ctx: &mut Ctx, level: u8) {
        let q = QueueKey::schedule(level);
        let done = self.schedule_done.get(&level).copied().unwrap_or(0);
        let Some(entry) = self.log.queue_entry(q, done) else {
            return;
        };
        let Some((_, due)) = entry.retry_of else {
            return;
        };
        if self.schedule_armed.get(&level).is_some_and(|&at| at <= due) {
            return;
        }
        self.schedule_armed.insert(level, due);
        ctx.at(due, Timer::Broker(BrokerTimer::ScheduleDue { level }));
    }

    /// After a restart: resume every level that still has entries waiting.
    pub(super) fn arm_schedules(&mut self, ctx: &mut Ctx) {
        let levels = self.cfg.delay_levels_ms.len() as u8;
        for level in 1..=levels {
            self.arm_schedule(ctx, level);
        }
    }

    /// Move every due entry of `level` to its group's retry topic.
    pub(super) fn on_schedule_due(&mut self, ctx: &mut Ctx, level: u8) {
        if self.schedule_armed.get(&level).is_some_and(|&at| at > ctx.now) {
            return; // a stale timer; a later one is armed
        }
        self.schedule_armed.remove(&level);
        let q = QueueKey::schedule(level);
        loop {
            let done = self.schedule_done.get(&level).copied().unwrap_or(0);
            let Some(entry) = self.log.queue_entry(q, done).copied() else {
                break;
            };
            let Some((group, due)) = entry.retry_of else {
                break;
            };
            if due > ctx.now {
                break;
            }
            let mut msg = entry.msg;
            msg.reconsume_times = msg.reconsume_times.saturating_add(1);
            let retry_q = QueueKey::retry(group);
            let (log_offset, _) = self.log.append(msg, retry_q, None);
            if let Some(e) = self.log.entry(log_offset).copied() {
                Self::trace_stored(ctx, &e, log_offset);
            }
            self.schedule_done.insert(level, done + 1);
            self.wake_ha_writer(ctx);
            self.after_append(ctx, retry_q);
        }
        self.arm_schedule(ctx, level);
    }
}

impl Broker {
    /// Whether any message of `group` waits in a schedule queue for its retry.
    pub fn has_pending_retries(&self, group: GroupId) -> bool {
        (1..=self.cfg.delay_levels_ms.len() as u8).any(|level| {
            let q = QueueKey::schedule(level);
            let done = self.schedule_done.get(&level).copied().unwrap_or(0);
            (done..self.log.queue_len(q))
                .any(|o| self.log.queue_entry(q, o).is_some_and(|e| e.retry_of.is_some_and(|(g, _)| g == group)))
        })
    }
}
