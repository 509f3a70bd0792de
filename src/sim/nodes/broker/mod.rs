//! A broker: master or slave of a broker group. The master stores what producers send, answers
//! with a RocketMQ send status once its flush and replication settings are satisfied, and pushes
//! its commit log to the slaves; both serve pulls, offsets and group membership to consumers.
//! Sub-modules: `store` (commit log, offsets), `send` (the write path), `ha` (replication),
//! `consume` (pulls, long polling, offsets, membership), `retry` (send-back, schedule, DLQ).

mod consume;
mod ha;
mod lock;
mod retry;
mod send;
pub mod store;
mod transaction;

use super::deadline::Deadline;
use super::Timer;
use crate::scenario::model::BrokerSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, NodeId, QueueKey};
use crate::sim::small_map::SmallMap;
use crate::sim::time::SimTime;
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;
use std::collections::{BTreeMap, VecDeque};
use store::{CommitLog, OffsetTable};

pub use ha::SlaveLink;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BrokerTimer {
    /// Register with every NameServer.
    Register,
    /// ASYNC_FLUSH: write the page cache to disk.
    FlushTick,
    /// SYNC_FLUSH: a group commit finished; everything below `upto` is on disk.
    FlushDone { upto: u64 },
    /// The oldest waiting send may have run out of time.
    SendDeadline,
    /// Write consumer offsets and schedule progress to disk.
    PersistOffsets,
    /// Expire silent consumers and slaves.
    Housekeeping,
    /// Master, ASYNC replication: the HA writer wakes up and sends what slaves lack.
    HaTransfer,
    /// Slave: report the replication offset to the master.
    HaHeartbeat,
    /// Slave: copy the master's consumer offsets.
    OffsetSync,
    /// The earliest held (long-polling) pull runs out of time.
    HoldExpiry,
    /// A delay level's next scheduled retry may be due.
    ScheduleDue { level: u8 },
    /// The transaction check service's round.
    TxCheck,
}

/// A sync send waiting for the disk and/or a slave before it is answered.
#[derive(Clone, Debug)]
struct PendingSend {
    producer: NodeId,
    req: u32,
    msg: crate::sim::ids::MsgId,
    /// The send is satisfied once the flushed / replicated offset reaches this.
    end: u64,
    queue_offset: u64,
    flush_deadline: Option<SimTime>,
    slave_deadline: Option<SimTime>,
}

/// A pull with nothing to read, held until a message arrives or `long_poll_ms` passes.
#[derive(Clone, Debug)]
struct HeldPull {
    consumer: NodeId,
    req: u32,
    group: GroupId,
    queue: QueueKey,
    offset: u64,
    max: u8,
    auto_ack: bool,
    /// When a held pull is answered "no new message".
    deadline: SimTime,
}

#[derive(Clone, Debug)]
pub struct Broker {
    pub group: u8,
    /// 0 for the master, 1.. for slaves.
    pub broker_id: u8,
    cfg: BrokerSettings,
    nameservers: Vec<NodeId>,
    register_interval_ms: u64,
    /// For a slave: its master.
    master: Option<NodeId>,
    /// For a master: its slaves and how far each has copied.
    slaves: Vec<SlaveLink>,
    log: CommitLog,
    offsets: OffsetTable,
    /// Master: the log's length when it last started, before anything new was written. A slave
    /// that reports more holds entries this master lost in a crash.
    recovered_len: u64,
    /// Master: the confirm offset (consumers read below it; see `visible_end`).
    confirm: u64,
    /// Slave: the master's confirm offset, as last heard.
    master_confirm: u64,
    flush_in_progress: bool,
    /// A `slow_disk` fault overrides the flush latency.
    flush_latency_us: u64,
    pending: VecDeque<PendingSend>,
    /// Fires at the earliest deadline of a waiting send.
    send_deadline: Deadline,
    held: Vec<HeldPull>,
    hold_deadline: Deadline,
    /// Consumer groups: member → last heartbeat.
    members: SmallMap<GroupId, SmallMap<NodeId, SimTime>>,
    /// Entries of each schedule (delay level) queue already moved to a retry topic.
    schedule_done: SmallMap<u8, u64>,
    schedule_done_persisted: SmallMap<u8, u64>,
    schedule_armed: SmallMap<u8, SimTime>,
    /// Producers by index, for check-backs; empty when no producer sends half messages (then the
    /// check service does not run).
    producers: Vec<NodeId>,
    /// Master: half messages without an end yet.
    halves: BTreeMap<crate::sim::ids::MsgId, transaction::Half>,
    /// Master: orderly consumers' queue locks.
    locks: SmallMap<(GroupId, QueueKey), lock::LockEntry>,
}

impl Broker {
    /// A broker of group `group`; `broker_id` 0 is the master (with `slaves`), others are slaves of `master`.
    pub fn new(
        group: u8,
        broker_id: u8,
        cfg: BrokerSettings,
        nameservers: Vec<NodeId>,
        register_interval_ms: u64,
        master: Option<NodeId>,
        slaves: &[NodeId],
    ) -> Self {
        let flush_latency_us = cfg.disk_flush_latency_us;
        Broker {
            group,
            broker_id,
            cfg,
            nameservers,
            register_interval_ms,
            master,
            slaves: slaves.iter().map(|&s| SlaveLink::new(s)).collect(),
            log: CommitLog::default(),
            offsets: OffsetTable::default(),
            recovered_len: 0,
            confirm: 0,
            master_confirm: 0,
            flush_in_progress: false,
            flush_latency_us,
            pending: VecDeque::new(),
            send_deadline: Deadline::default(),
            held: Vec::new(),
            hold_deadline: Deadline::default(),
            members: SmallMap::new(),
            schedule_done: SmallMap::new(),
            schedule_done_persisted: SmallMap::new(),
            schedule_armed: SmallMap::new(),
            producers: Vec::new(),
            halves: BTreeMap::new(),
            locks: SmallMap::new(),
        }
    }

    /// Run the transaction check service, asking these producers (by index) about half messages.
    pub fn with_transaction_checks(mut self, producers: Vec<NodeId>) -> Self {
        self.producers = producers;
        self
    }

    /// Whether it holds pull `req` of `consumer` (long polling): the consumer's wait is not lost.
    pub fn holds(&self, consumer: NodeId, req: u32) -> bool {
        self.held.iter().any(|h| h.consumer == consumer && h.req == req)
    }

    pub fn is_master(&self) -> bool {
        self.broker_id == 0
    }

    pub fn log(&self) -> &CommitLog {
        &self.log
    }

    pub fn offsets(&self) -> &OffsetTable {
        &self.offsets
    }

    pub fn slave_links(&self) -> &[SlaveLink] {
        &self.slaves
    }

    /// Consumer group members this broker knows of.
    pub fn members(&self, group: GroupId) -> Vec<NodeId> {
        self.members.get(&group).map(|m| m.keys().copied().collect()).unwrap_or_default()
    }

    /// Start (or restart after a crash): recover from disk, register, start the periodic work.
    pub fn on_start(&mut self, ctx: &mut Ctx) {
        self.recovered_len = self.log.written();
        // What survived the restart is on disk: all of it may be read.
        self.confirm = self.log.written();
        self.register(ctx);
        ctx.after_ms(self.register_interval_ms, Timer::Broker(BrokerTimer::Register));
        ctx.after_ms(self.cfg.flush_interval_ms, Timer::Broker(BrokerTimer::FlushTick));
        ctx.after_ms(self.cfg.persist_offsets_interval_ms, Timer::Broker(BrokerTimer::PersistOffsets));
        ctx.after_ms(HOUSEKEEPING_MS, Timer::Broker(BrokerTimer::Housekeeping));
        if self.is_master() {
            self.arm_schedules(ctx);
            if !self.producers.is_empty() {
                self.recover_halves();
                ctx.after_ms(self.cfg.transaction_check_interval_ms, Timer::Broker(BrokerTimer::TxCheck));
            }
            if !self.slaves.is_empty() {
                ctx.after_ms(self.cfg.ha_transfer_interval_ms, Timer::Broker(BrokerTimer::HaTransfer));
            }
        } else {
            self.report_to_master(ctx, true);
            ctx.after_ms(self.cfg.ha_heartbeat_ms, Timer::Broker(BrokerTimer::HaHeartbeat));
            ctx.after_ms(self.cfg.slave_offset_sync_ms, Timer::Broker(BrokerTimer::OffsetSync));
        }
    }

    /// The machine died: the page cache (unflushed log), in-memory offsets and every connection-bound
    /// state are gone.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        if let Some((from, to)) = self.log.lose_unflushed() {
            let reason = crate::sim::trace::TruncateReason::Unflushed;
            ctx.trace(TraceKind::LogTruncated { node: ctx.me, from, to, reason });
        }
        if self.offsets.revert() {
            ctx.trace(TraceKind::OffsetsReverted { node: ctx.me });
        }
        self.schedule_done.clone_from(&self.schedule_done_persisted);
        self.reset_volatile();
    }

    /// The disk is gone: nothing survives.
    pub fn on_lose_disk(&mut self) {
        self.log.wipe();
        self.offsets.wipe();
        self.schedule_done.clear();
        self.schedule_done_persisted.clear();
        self.reset_volatile();
    }

    fn reset_volatile(&mut self) {
        self.flush_in_progress = false;
        self.pending.clear();
        self.send_deadline.reset();
        self.held.clear();
        self.hold_deadline.reset();
        self.members.clear();
        self.schedule_armed.clear();
        self.halves.clear();
        self.locks.clear();
        self.flush_latency_us = self.cfg.disk_flush_latency_us;
        for s in &mut self.slaves {
            s.disconnect();
            // After a restart, the first report from each slave is reconciled against our log.
            s.synced = false;
        }
    }

    pub fn set_flush_latency_us(&mut self, us: u64) {
        self.flush_latency_us = us;
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match payload {
            Payload::SendRequest { req, msg, queue, oneway } => self.on_send(ctx, from, req, msg, queue, oneway),
            Payload::Replicate { from: offset, entries, confirm } => {
                self.on_replicate(ctx, from, offset, entries, confirm)
            }
            Payload::ReplicaReport { offset, gap } => self.on_replica_report(ctx, from, offset, gap),
            Payload::ReplicaTruncate { to } => self.on_replica_truncate(ctx, from, to),
            Payload::OffsetSyncRequest => {
                ctx.send(from, Payload::OffsetSyncReply { offsets: self.offsets.all() });
            }
            Payload::OffsetSyncReply { offsets } => self.on_offset_sync(offsets),
            Payload::PullRequest { req, group, queue, offset, max, auto_ack } => {
                let deadline = ctx.now.plus_ms(self.cfg.long_poll_ms);
                let pull = HeldPull { consumer: from, req, group, queue, offset, max, auto_ack, deadline };
                self.on_pull(ctx, pull);
            }
            Payload::OffsetCommit { group, offsets } => self.on_offset_commit(ctx, group, offsets),
            Payload::QueryOffset { req, group, queue } => {
                ctx.send(from, Payload::QueryOffsetReply { req, offset: self.offsets.get(group, queue) });
            }
            Payload::ClientHeartbeat { group } => self.on_client_heartbeat(ctx, from, group),
            Payload::ConsumerListRequest { req, group } => {
                ctx.send(from, Payload::ConsumerListReply { req, members: self.members(group) });
            }
            Payload::SendBack { req, group, msg, max_reconsume } => {
                self.on_send_back(ctx, from, req, group, msg, max_reconsume)
            }
            Payload::EndTransaction { msg, decision, from_check } => {
                self.on_end_transaction(ctx, msg, decision, from_check)
            }
            Payload::LockQueues { req, group, queues } => self.on_lock(ctx, from, req, group, queues),
            Payload::UnlockQueues { group, queues } => self.on_unlock(from, group, queues),
            Payload::PeerDown => self.on_peer_down(ctx, from),
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: BrokerTimer) {
        match timer {
            BrokerTimer::Register => {
                self.register(ctx);
                ctx.after_ms(self.register_interval_ms, Timer::Broker(BrokerTimer::Register));
            }
            BrokerTimer::FlushTick => {
                if self.cfg.flush == crate::scenario::model::Flush::Async {
                    self.flush_now(ctx, self.log.written());
                }
                ctx.after_ms(self.cfg.flush_interval_ms, Timer::Broker(BrokerTimer::FlushTick));
            }
            BrokerTimer::FlushDone { upto } => self.on_flush_done(ctx, upto),
            BrokerTimer::SendDeadline => {
                if self.send_deadline.fired(ctx.now) {
                    self.resolve_pending(ctx);
                }
            }
            BrokerTimer::PersistOffsets => {
                self.offsets.persist();
                self.schedule_done_persisted.clone_from(&self.schedule_done);
                ctx.after_ms(self.cfg.persist_offsets_interval_ms, Timer::Broker(BrokerTimer::PersistOffsets));
            }
            BrokerTimer::Housekeeping => {
                self.expire_clients(ctx);
                self.expire_slaves(ctx);
                ctx.after_ms(HOUSEKEEPING_MS, Timer::Broker(BrokerTimer::Housekeeping));
            }
            BrokerTimer::HaTransfer => {
                self.push_to_slaves(ctx);
                ctx.after_ms(self.cfg.ha_transfer_interval_ms, Timer::Broker(BrokerTimer::HaTransfer));
            }
            BrokerTimer::HaHeartbeat => {
                self.report_to_master(ctx, false);
                ctx.after_ms(self.cfg.ha_heartbeat_ms, Timer::Broker(BrokerTimer::HaHeartbeat));
            }
            BrokerTimer::OffsetSync => {
                if let Some(m) = self.master {
                    ctx.send(m, Payload::OffsetSyncRequest);
                }
                ctx.after_ms(self.cfg.slave_offset_sync_ms, Timer::Broker(BrokerTimer::OffsetSync));
            }
            BrokerTimer::HoldExpiry => self.on_hold_expiry(ctx),
            BrokerTimer::ScheduleDue { level } => self.on_schedule_due(ctx, level),
            BrokerTimer::TxCheck => self.on_tx_check(ctx),
        }
    }

    fn register(&self, ctx: &mut Ctx) {
        for &ns in &self.nameservers {
            ctx.send(ns, Payload::RegisterBroker { group: self.group, broker_id: self.broker_id });
        }
    }

    fn on_peer_down(&mut self, ctx: &mut Ctx, peer: NodeId) {
        if let Some(link) = self.slaves.iter_mut().find(|s| s.node == peer) {
            link.disconnect();
            self.refresh_confirm(ctx);
            return;
        }
        self.remove_client(ctx, peer);
    }

    /// Make everything below `upto` durable now (async flush tick, or a finished group commit).
    fn flush_now(&mut self, ctx: &mut Ctx, upto: u64) {
        if let Some(upto) = self.log.flush_to(upto) {
            ctx.trace(TraceKind::Flushed { node: ctx.me, upto });
        }
    }

    /// SYNC_FLUSH: start a group commit of everything written, unless one is running.
    fn request_flush(&mut self, ctx: &mut Ctx) {
        if self.flush_in_progress || self.log.flushed() >= self.log.written() {
            return;
        }
        self.flush_in_progress = true;
        let upto = self.log.written();
        ctx.after_us(self.flush_latency_us, Timer::Broker(BrokerTimer::FlushDone { upto }));
    }

    fn on_flush_done(&mut self, ctx: &mut Ctx, upto: u64) {
        self.flush_in_progress = false;
        self.flush_now(ctx, upto);
        self.resolve_pending(ctx);
        self.request_flush(ctx);
        self.refresh_confirm(ctx);
    }

    /// After any append: make it durable per the flush mode and wake pulls waiting on its queue.
    fn after_append(&mut self, ctx: &mut Ctx, queue: QueueKey) {
        if self.cfg.flush == crate::scenario::model::Flush::Sync {
            self.request_flush(ctx);
        }
        self.refresh_confirm(ctx);
        self.wake_held_pulls(ctx, queue);
    }

    fn trace_stored(ctx: &mut Ctx, entry: &crate::sim::wire::LogEntry, log_offset: u64) {
        ctx.trace(TraceKind::Stored {
            node: ctx.me,
            msg: entry.msg.id,
            queue: entry.queue,
            queue_offset: entry.queue_offset,
            log_offset,
            reconsume: entry.msg.reconsume_times,
        });
    }
}

/// RocketMQ scans client channels every 10 s.
const HOUSEKEEPING_MS: u64 = 10_000;
