//! MessageListenerOrderly (RocketMQ 4.x ConsumeMessageOrderlyService with RebalanceImpl's locks).
//! A queue allocated by a rebalance is taken only once its lock is granted by the master of its
//! broker group (LOCK_BATCH_MQ); a queue still locked by another member is left alone until a
//! later rebalance (every 20 s). Locks are renewed every 20 s; a consumer whose lock is older than
//! 30 s stops consuming that queue. Each queue is consumed strictly in offset order: a failure
//! suspends the queue for `suspend_ms` and the same message is tried again first, instead of going
//! back to the broker; after `max_reconsume_times` local retries it goes to the DLQ. A queue a
//! rebalance takes away is released only once the message in progress finishes, its offset
//! committed first; when messages of it were still waiting, the unlock waits 20 s more.

use super::{Buffered, Consumer, ConsumerTimer, OwnedQueue};
use crate::sim::effects::Ctx;
use crate::sim::ids::{MessageQueue, NodeId, QueueKey};
use crate::sim::nodes::Timer;
use crate::sim::rocket_events::OrderEvent;
use crate::sim::small_map::SmallMap;
use crate::sim::time::MS;
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;

/// The consumer renews its locks this often (rocketmq.client.rebalance.lockInterval).
pub(super) const LOCK_INTERVAL_MS: u64 = 20_000;
/// The consumer trusts a lock this long after it was granted (rocketmq.client.rebalance.lockMaxLiveTime).
const CLIENT_LOCK_LIVE_MS: u64 = 30_000;
/// A queue given up with messages still waiting is unlocked this much later (UNLOCK_DELAY_TIME_MILLS).
const UNLOCK_DELAY_MS: u64 = 20_000;

impl Consumer {
    pub(super) fn orderly(&self) -> bool {
        self.spec.orderly
    }

    /// The master of a broker group: locks live there only.
    fn lock_node(&self, broker_group: u8) -> Option<NodeId> {
        self.routes.route()?.group(broker_group)?.master()
    }

    /// Orderly rebalance: give up what is no longer ours, ask for the locks of what is new.
    pub(super) fn apply_orderly_allocation(&mut self, ctx: &mut Ctx, mine: Vec<MessageQueue>) {
        if mine != self.allocation {
            self.allocation.clone_from(&mine);
            ctx.trace(TraceKind::Rebalanced { consumer: ctx.me, group: self.group, queues: mine.clone() });
        }
        let current: Vec<MessageQueue> = self.owned.iter().filter(|(_, q)| !q.dropping).map(|(&mq, _)| mq).collect();
        for mq in current.iter().filter(|mq| !mine.contains(mq)) {
            self.drop_orderly(ctx, *mq);
        }
        let wanted: Vec<MessageQueue> = mine.into_iter().filter(|mq| !self.owned.contains_key(mq)).collect();
        self.lock(ctx, &wanted);
    }

    /// Send one LOCK_BATCH_MQ per master for these queues.
    fn lock(&mut self, ctx: &mut Ctx, queues: &[MessageQueue]) {
        let mut per_master: SmallMap<NodeId, Vec<QueueKey>> = SmallMap::new();
        for mq in queues {
            if let Some(m) = self.lock_node(mq.broker_group) {
                per_master.entry(m).or_default().push(mq.queue);
            }
        }
        for (master, qs) in per_master {
            let req = self.req();
            self.lock_reqs.insert(req, master);
            ctx.send(master, Payload::LockQueues { req, group: self.group, queues: qs });
        }
    }

    pub(super) fn on_lock_reply(&mut self, ctx: &mut Ctx, from: NodeId, req: u32, locked: Vec<QueueKey>) {
        if self.lock_reqs.remove(&req).is_none() {
            return;
        }
        let Some(route) = self.routes.route() else { return };
        let Some(g) = route.groups.iter().find(|g| g.master() == Some(from)).map(|g| g.group) else { return };
        let now = ctx.now;
        let me = ctx.me;
        let group = self.group;
        // Renewals: every owned queue of this broker group that is not in the reply lost its lock.
        for (mq, q) in self.owned.iter_mut().filter(|(mq, _)| mq.broker_group == g) {
            if locked.contains(&mq.queue) {
                q.locked_at = Some(now);
            } else if q.locked_at.take().is_some() {
                ctx.trace(TraceKind::Ordering { event: OrderEvent::LockRefused { consumer: me, group, mq: *mq } });
            }
        }
        let allocated: Vec<MessageQueue> =
            self.allocation.iter().filter(|mq| mq.broker_group == g && !self.owned.contains_key(mq)).copied().collect();
        for mq in allocated {
            if !locked.contains(&mq.queue) {
                ctx.trace(TraceKind::Ordering { event: OrderEvent::LockRefused { consumer: me, group, mq } });
                continue;
            }
            ctx.trace(TraceKind::Ordering { event: OrderEvent::QueueLocked { consumer: me, group, mq } });
            self.owned.insert(mq, OwnedQueue { locked_at: Some(now), ..OwnedQueue::default() });
            self.query_offset(ctx, mq);
        }
        self.process_next(ctx);
    }

    /// Every 20 s: renew the locks of the queues we own.
    pub(super) fn renew_locks(&mut self, ctx: &mut Ctx) {
        let owned: Vec<MessageQueue> = self.owned.iter().filter(|(_, q)| !q.dropping).map(|(&mq, _)| mq).collect();
        self.lock(ctx, &owned);
        ctx.after_ms(LOCK_INTERVAL_MS, Timer::Consumer(ConsumerTimer::LockRenew));
    }

    /// May this consumer process a message of `mq` now (orderly: locked, lock fresh, not suspended)?
    pub(super) fn may_consume(&self, ctx: &Ctx, mq: &MessageQueue) -> bool {
        let Some(q) = self.owned.get(mq) else { return false };
        if !self.orderly() {
            return true;
        }
        let fresh = q.locked_at.is_some_and(|t| ctx.now.since(t) <= CLIENT_LOCK_LIVE_MS * MS);
        fresh && !q.dropping && q.suspended_until.is_none_or(|t| t <= ctx.now)
    }

    /// A rebalance took the queue away: drop what waits, and release it once the message in
    /// progress is done (RocketMQ waits for the queue's consume lock first).
    fn drop_orderly(&mut self, ctx: &mut Ctx, mq: MessageQueue) {
        let had_waiting = self.buffer.iter().any(|b| b.mq == mq);
        let (dropped, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.buffer).into_iter().partition(|b| b.mq == mq);
        self.buffer = kept.into();
        for b in dropped {
            ctx.trace(TraceKind::DeliveryAbandoned { consumer: ctx.me, group: self.group, msg: b.msg.id });
        }
        self.paused.remove(&mq);
        if let Some(q) = self.owned.get_mut(&mq) {
            q.dropping = true;
            q.unlock_delayed = had_waiting;
        }
        if self.in_hand().is_none_or(|item| item.mq != mq) {
            self.release(ctx, mq);
        }
    }

    /// Commit the queue's offset, forget it, and unlock it (now, or 20 s later).
    pub(super) fn release(&mut self, ctx: &mut Ctx, mq: MessageQueue) {
        let Some(q) = self.owned.remove(&mq) else { return };
        if let (Some(offset), Some(node)) = (q.ack_offset(false), self.commit_node(mq.broker_group)) {
            ctx.send(node, Payload::OffsetCommit { group: self.group, offsets: vec![(mq.queue, offset)] });
        }
        if q.unlock_delayed {
            ctx.after_ms(UNLOCK_DELAY_MS, Timer::Consumer(ConsumerTimer::Unlock { mq }));
        } else {
            self.unlock(ctx, mq);
        }
    }

    pub(super) fn unlock(&mut self, ctx: &mut Ctx, mq: MessageQueue) {
        // Allocated to us again meanwhile: keep the lock.
        if self.owned.contains_key(&mq) {
            return;
        }
        if let Some(master) = self.lock_node(mq.broker_group) {
            ctx.send(master, Payload::UnlockQueues { group: self.group, queues: vec![mq.queue] });
            let event = OrderEvent::QueueUnlocked { consumer: ctx.me, group: self.group, mq };
            ctx.trace(TraceKind::Ordering { event });
        }
    }

    /// Orderly failure: suspend the queue and try the same message again first, here.
    pub(super) fn suspend(&mut self, ctx: &mut Ctx, mut item: Buffered) {
        let reconsume = item.msg.reconsume_times;
        let (me, group) = (ctx.me, self.group);
        ctx.trace(TraceKind::ConsumeFailed { consumer: me, group, msg: item.msg.id, reconsume });
        let event = OrderEvent::Suspended { consumer: me, group, msg: item.msg.id, mq: item.mq, reconsume };
        ctx.trace(TraceKind::Ordering { event });
        item.msg.reconsume_times = reconsume.saturating_add(1);
        let until = ctx.now.plus_ms(self.spec.suspend_ms);
        if let Some(q) = self.owned.get_mut(&item.mq) {
            q.suspended_until = Some(until);
        }
        self.buffer.push_front(item);
        ctx.at(until, Timer::Consumer(ConsumerTimer::SuspendOver));
        self.process_next(ctx);
    }
}
