//! Replication between a master and its slaves (RocketMQ HA). The master streams commit-log entries
//! to each connected slave; the slave appends them and reports how far it has copied, after every
//! batch and every `ha_heartbeat_ms`. A report that shows a gap (a lost batch) or no progress over a
//! heartbeat makes the master resend from the slave's offset, as a reconnecting HA client would.

use super::Broker;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, NodeId, QueueKey};
use crate::sim::time::SimTime;
use crate::sim::trace::TraceKind;
use crate::sim::wire::{LogEntry, Payload};
use serde::Serialize;

/// Entries per replication message.
const BATCH: usize = 64;
/// Entries in flight to one slave before waiting for its report.
const WINDOW: u64 = 1024;

/// The master's view of one slave.
#[derive(Clone, Debug, Serialize)]
pub struct SlaveLink {
    pub node: NodeId,
    pub connected: bool,
    pub last_report: SimTime,
    /// The slave has everything below this (its last report).
    pub acked: u64,
    /// Everything below this has been sent.
    pub sent: u64,
    /// The confirm offset the slave was last told.
    pub told_confirm: u64,
    /// Its log has been reconciled with ours since we last started.
    pub synced: bool,
}

impl SlaveLink {
    pub fn new(node: NodeId) -> Self {
        SlaveLink {
            node,
            connected: false,
            last_report: SimTime::ZERO,
            acked: 0,
            sent: 0,
            told_confirm: 0,
            synced: false,
        }
    }

    pub fn disconnect(&mut self) {
        self.connected = false;
        self.sent = self.acked;
        self.told_confirm = 0;
    }
}

impl Broker {
    /// The furthest any slave has copied (RocketMQ push2SlaveMaxOffset).
    pub(super) fn replicated_max(&self) -> u64 {
        self.slaves.iter().filter(|s| s.connected).map(|s| s.acked).max().unwrap_or(0)
    }

    /// SYNC_MASTER can wait for a slave only if one is connected and not hopelessly behind.
    pub(super) fn slave_ok(&self, end: u64) -> bool {
        self.slaves.iter().any(|s| s.connected && end.saturating_sub(s.acked) < self.cfg.ha_max_gap_msgs)
    }

    /// New data on the master. SYNC_MASTER wakes the HA writer at once; with ASYNC replication it
    /// keeps sleeping until its next `ha_transfer_interval_ms` tick.
    pub(super) fn wake_ha_writer(&mut self, ctx: &mut Ctx) {
        if self.cfg.replication == crate::scenario::model::Replication::Sync {
            self.push_to_slaves(ctx);
        }
    }

    /// Send each connected slave what it lacks, within the window; every batch carries the confirm
    /// offset.
    pub(super) fn push_to_slaves(&mut self, ctx: &mut Ctx) {
        let written = self.log.written();
        let confirm = self.confirm;
        for link in self.slaves.iter_mut().filter(|s| s.connected && s.synced) {
            while link.sent < written && link.sent - link.acked.min(link.sent) < WINDOW {
                let entries = self.log.entries_from(link.sent, BATCH);
                if entries.is_empty() {
                    break;
                }
                let from = link.sent;
                link.sent += entries.len() as u64;
                link.told_confirm = confirm;
                ctx.send(link.node, Payload::Replicate { from, entries, confirm });
            }
        }
    }

    /// Tell slaves a new confirm offset at once, data or not: a SEND_OK and the confirm that covers
    /// it leave together, so a slave never holds an acknowledged message it may not serve.
    pub(super) fn tell_confirm(&mut self, ctx: &mut Ctx) {
        let confirm = self.confirm;
        for link in self.slaves.iter_mut().filter(|s| s.connected && s.synced && s.told_confirm != confirm) {
            link.told_confirm = confirm;
            ctx.send(link.node, Payload::Replicate { from: link.sent, entries: Vec::new(), confirm });
        }
    }

    /// Master: a slave reported its offset.
    pub(super) fn on_replica_report(&mut self, ctx: &mut Ctx, slave: NodeId, offset: u64, gap: bool) {
        let Some(link) = self.slaves.iter_mut().find(|s| s.node == slave) else {
            return;
        };
        // No progress over a quiet heartbeat while data is outstanding: the batch was lost.
        let quiet =
            ctx.now.since(link.last_report) >= self.cfg.ha_heartbeat_ms.saturating_mul(crate::sim::time::MS) / 2;
        let stalled = link.connected && quiet && offset == link.acked && offset < link.sent && !gap;
        link.connected = true;
        link.last_report = ctx.now;
        if offset != link.acked {
            link.acked = offset;
            ctx.trace(TraceKind::ReplicaAcked { master: ctx.me, slave, upto: offset });
        }
        if !link.synced {
            link.synced = true;
            if offset > self.recovered_len {
                // Our unflushed tail died in a crash the slave survived, and its offsets are being
                // reused. RocketMQ 4.x would let the copies diverge; like RocketMQ 5's HA, we have
                // the slave truncate to what we recovered, so a slave is always a prefix of its master.
                let to = self.recovered_len;
                link.sent = to;
                link.acked = to;
                ctx.send(slave, Payload::ReplicaTruncate { to });
                return;
            }
        }
        if gap || stalled || offset > link.sent {
            link.sent = offset;
        }
        self.push_to_slaves(ctx);
        self.resolve_pending(ctx);
        self.refresh_confirm(ctx);
    }

    /// Slave: append what the master sent, skipping what we already have.
    pub(super) fn on_replicate(
        &mut self,
        ctx: &mut Ctx,
        from_node: NodeId,
        from: u64,
        entries: Vec<LogEntry>,
        confirm: u64,
    ) {
        if self.is_master() || Some(from_node) != self.master {
            return;
        }
        self.master_confirm = confirm;
        let written = self.log.written();
        if from > written {
            ctx.send(from_node, Payload::ReplicaReport { offset: written, gap: true });
            return;
        }
        if entries.is_empty() {
            // Only the confirm offset moved: pulls waiting here may read more now.
            self.wake_all_held_pulls(ctx);
            return;
        }
        let skip = usize::try_from(written - from).unwrap_or(usize::MAX);
        for entry in entries.into_iter().skip(skip) {
            let (log_offset, _) = self.log.push(entry);
            if let Some(stored) = self.log.entry(log_offset).copied() {
                Self::trace_stored(ctx, &stored, log_offset);
            }
        }
        ctx.send(from_node, Payload::ReplicaReport { offset: self.log.written(), gap: false });
        if self.cfg.flush == crate::scenario::model::Flush::Sync {
            self.request_flush(ctx);
        }
        // New entries, and perhaps a higher confirm offset: any held pull may read now.
        self.wake_all_held_pulls(ctx);
    }

    /// Slave: drop the entries our restarted master no longer has.
    pub(super) fn on_replica_truncate(&mut self, ctx: &mut Ctx, from_node: NodeId, to: u64) {
        if self.is_master() || Some(from_node) != self.master {
            return;
        }
        self.master_confirm = self.master_confirm.min(to);
        if let Some((from, end)) = self.log.truncate_to(to) {
            let reason = crate::sim::trace::TruncateReason::MasterRestarted;
            ctx.trace(TraceKind::LogTruncated { node: ctx.me, from, to: end, reason });
        }
        ctx.send(from_node, Payload::ReplicaReport { offset: self.log.written(), gap: true });
    }

    /// Slave: report our offset; `reconnect` asks the master to (re)send from there.
    pub(super) fn report_to_master(&mut self, ctx: &mut Ctx, reconnect: bool) {
        if let Some(m) = self.master {
            ctx.send(m, Payload::ReplicaReport { offset: self.log.written(), gap: reconnect });
        }
    }

    /// Slave: take the master's consumer offsets (RocketMQ SlaveSynchronize overwrites ours).
    pub(super) fn on_offset_sync(&mut self, offsets: Vec<(GroupId, QueueKey, u64)>) {
        if self.is_master() {
            return;
        }
        for (g, q, o) in offsets {
            self.offsets.commit(g, q, o);
        }
    }

    /// Master: a slave silent for ha_housekeeping_ms is no longer counted.
    pub(super) fn expire_slaves(&mut self, ctx: &mut Ctx) {
        let limit = self.cfg.ha_housekeeping_ms.saturating_mul(crate::sim::time::MS);
        for link in self.slaves.iter_mut().filter(|s| s.connected) {
            if ctx.now.since(link.last_report) > limit {
                link.disconnect();
            }
        }
        self.refresh_confirm(ctx);
    }
}
