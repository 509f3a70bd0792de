//! What a broker (master or slave) does for consumers: pulls with long polling, offset commits and
//! queries, and group membership (heartbeats, expiry, "consumer ids changed" notifications that
//! make members rebalance at once).

use super::{Broker, BrokerTimer, HeldPull};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, NodeId, QueueKey};
use crate::sim::nodes::Timer;
use crate::sim::time::MS;
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Payload, PullStatus};

impl Broker {
    /// The confirm offset: consumers may read commit-log entries below it. A master shows only what
    /// its guarantees cover — flushed under SYNC_FLUSH, on a slave under SYNC_MASTER (while one is
    /// connected) — as RocketMQ 5's confirmOffset and Kafka's high watermark do, so nothing a
    /// consumer has read can vanish in a crash those settings protect against. A slave shows what
    /// its master confirmed.
    pub fn visible_end(&self) -> u64 {
        let written = self.log.written();
        match (self.is_master(), self.has_sync_guarantees()) {
            (_, false) => written,
            (true, true) => self.confirm,
            (false, true) => written.min(self.master_confirm),
        }
    }

    /// SYNC_FLUSH or SYNC_MASTER: only then does the confirm offset hold reads back.
    fn has_sync_guarantees(&self) -> bool {
        self.cfg.flush == crate::scenario::model::Flush::Sync
            || self.cfg.replication == crate::scenario::model::Replication::Sync
    }

    /// Master: recompute the confirm offset. It never moves back while the master runs (a slave
    /// reconnecting behind must not hide what consumers already read). When it grows, slaves hear of
    /// it at once and held pulls that can now read are answered.
    pub(super) fn refresh_confirm(&mut self, ctx: &mut Ctx) {
        if !self.is_master() {
            return;
        }
        let written = self.log.written();
        let mut bound = written;
        if self.cfg.flush == crate::scenario::model::Flush::Sync {
            bound = bound.min(self.log.flushed());
        }
        if self.cfg.replication == crate::scenario::model::Replication::Sync && self.slaves.iter().any(|s| s.connected)
        {
            bound = bound.min(self.replicated_max());
        }
        let confirm = bound.max(self.confirm).min(written);
        if confirm != self.confirm {
            self.confirm = confirm;
            if self.has_sync_guarantees() {
                self.tell_confirm(ctx);
                self.wake_all_held_pulls(ctx);
            }
        }
    }

    /// Entries of a queue consumers may read.
    pub fn visible_len(&self, q: QueueKey) -> u64 {
        self.log.queue_len_below(q, self.visible_end())
    }

    pub(super) fn on_pull(&mut self, ctx: &mut Ctx, pull: HeldPull) {
        let len = self.visible_len(pull.queue);
        if pull.offset > len {
            let status = PullStatus::OffsetIllegal;
            ctx.send(
                pull.consumer,
                Payload::PullResponse { req: pull.req, status, next_offset: len, msgs: Vec::new() },
            );
        } else if pull.offset < len {
            self.answer_pull(ctx, &pull);
        } else {
            self.hold_deadline.arm(ctx, pull.deadline, Timer::Broker(BrokerTimer::HoldExpiry));
            self.held.push(pull);
        }
    }

    /// Send what the queue has from the pull's offset. With auto ack the group's offset moves now:
    /// the broker forgets the messages as soon as it hands them out.
    fn answer_pull(&mut self, ctx: &mut Ctx, pull: &HeldPull) {
        let visible = self.visible_len(pull.queue).saturating_sub(pull.offset);
        let max = u64::from(pull.max.max(1)).min(visible) as usize;
        let msgs = self.log.read(pull.queue, pull.offset, max);
        let next_offset = pull.offset + msgs.len() as u64;
        if pull.auto_ack {
            self.offsets.commit(pull.group, pull.queue, next_offset);
            let (group, queue) = (pull.group, pull.queue);
            ctx.trace(TraceKind::OffsetCommitted { broker: ctx.me, group, queue, offset: next_offset, auto: true });
        }
        let status = PullStatus::Found;
        ctx.send(pull.consumer, Payload::PullResponse { req: pull.req, status, next_offset, msgs });
    }

    /// New readable entries in `queue`: answer the pulls held on it.
    pub(super) fn wake_held_pulls(&mut self, ctx: &mut Ctx, queue: QueueKey) {
        let len = self.visible_len(queue);
        let mut i = 0;
        while i < self.held.len() {
            if self.held[i].queue == queue && self.held[i].offset < len {
                let pull = self.held.swap_remove(i);
                self.answer_pull(ctx, &pull);
            } else {
                i += 1;
            }
        }
    }

    /// The confirm offset moved: answer every held pull that can now read something.
    pub(super) fn wake_all_held_pulls(&mut self, ctx: &mut Ctx) {
        let mut i = 0;
        while i < self.held.len() {
            if self.held[i].offset < self.visible_len(self.held[i].queue) {
                let pull = self.held.swap_remove(i);
                self.answer_pull(ctx, &pull);
            } else {
                i += 1;
            }
        }
    }

    /// Answer "no new message" to the held pulls whose time is up.
    pub(super) fn on_hold_expiry(&mut self, ctx: &mut Ctx) {
        if !self.hold_deadline.fired(ctx.now) {
            return;
        }
        let now = ctx.now;
        let (due, waiting): (Vec<HeldPull>, Vec<HeldPull>) =
            std::mem::take(&mut self.held).into_iter().partition(|h| h.deadline <= now);
        self.held = waiting;
        for pull in due {
            let status = PullStatus::NoNewMsg;
            let (req, next_offset) = (pull.req, pull.offset);
            ctx.send(pull.consumer, Payload::PullResponse { req, status, next_offset, msgs: Vec::new() });
        }
        let deadlines = self.held.iter().map(|h| h.deadline);
        self.hold_deadline.arm_earliest(ctx, deadlines, Timer::Broker(BrokerTimer::HoldExpiry));
    }

    pub(super) fn on_offset_commit(&mut self, ctx: &mut Ctx, group: GroupId, offsets: Vec<(QueueKey, u64)>) {
        for (queue, offset) in offsets {
            self.offsets.commit(group, queue, offset);
            ctx.trace(TraceKind::OffsetCommitted { broker: ctx.me, group, queue, offset, auto: false });
        }
    }

    pub(super) fn on_client_heartbeat(&mut self, ctx: &mut Ctx, consumer: NodeId, group: GroupId) {
        let members = self.members.entry(group).or_default();
        if members.insert(consumer, ctx.now).is_none() {
            self.members_changed(ctx, group);
        }
    }

    /// A consumer's connection closed (its machine died): it leaves every group at once.
    pub(super) fn remove_client(&mut self, ctx: &mut Ctx, consumer: NodeId) {
        self.held.retain(|h| h.consumer != consumer);
        let groups: Vec<GroupId> =
            self.members.iter().filter(|(_, m)| m.contains_key(&consumer)).map(|(&g, _)| g).collect();
        for g in groups {
            if let Some(m) = self.members.get_mut(&g) {
                m.remove(&consumer);
            }
            self.members_changed(ctx, g);
        }
    }

    /// Consumers silent for client_expiry_ms leave their groups.
    pub(super) fn expire_clients(&mut self, ctx: &mut Ctx) {
        let limit = self.cfg.client_expiry_ms.saturating_mul(MS);
        let now = ctx.now;
        let mut changed = Vec::new();
        for (&g, members) in &mut self.members {
            let before = members.len();
            members.retain(|_, &mut last| now.since(last) <= limit);
            if members.len() != before {
                changed.push(g);
            }
        }
        for g in changed {
            self.members_changed(ctx, g);
        }
    }

    /// Tell every member of `group` to rebalance now (NOTIFY_CONSUMER_IDS_CHANGED).
    fn members_changed(&mut self, ctx: &mut Ctx, group: GroupId) {
        let members = self.members(group);
        ctx.trace(TraceKind::MembersChanged { broker: ctx.me, group, members: members.len() as u8 });
        for m in members {
            ctx.send(m, Payload::ConsumerIdsChanged { group });
        }
    }
}
