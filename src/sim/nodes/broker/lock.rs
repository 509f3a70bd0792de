//! Queue locks for orderly consumers (RocketMQ's RebalanceLockManager): a consumer of a group
//! locks the queues it was allocated (LOCK_BATCH_MQ) on the master of their broker group and
//! renews the locks every 20 s. A queue locked by another member whose lock is younger than
//! 60 s (rocketmq.broker.rebalance.lockMaxLiveTime) is refused. The table lives in memory: a
//! broker restart forgets every lock.

use super::Broker;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, NodeId, QueueKey};
use crate::sim::time::{SimTime, MS};
use crate::sim::wire::Payload;

/// A lock expires this long after its last renewal.
const LOCK_MAX_LIVE_MS: u64 = 60_000;

/// Who holds a queue's lock and since when it was last renewed.
#[derive(Clone, Copy, Debug)]
pub struct LockEntry {
    pub holder: NodeId,
    pub renewed: SimTime,
}

impl Broker {
    pub(super) fn on_lock(&mut self, ctx: &mut Ctx, consumer: NodeId, req: u32, group: GroupId, queues: Vec<QueueKey>) {
        if !self.is_master() {
            // Locks are taken on the master only; a consumer without one cannot lock.
            ctx.send(consumer, Payload::LockReply { req, locked: Vec::new() });
            return;
        }
        let now = ctx.now;
        let mut locked = Vec::new();
        for q in queues {
            let entry = self.locks.entry((group, q)).or_insert(LockEntry { holder: consumer, renewed: now });
            let expired = now.since(entry.renewed) > LOCK_MAX_LIVE_MS * MS;
            if entry.holder == consumer || expired {
                *entry = LockEntry { holder: consumer, renewed: now };
                locked.push(q);
            }
        }
        ctx.send(consumer, Payload::LockReply { req, locked });
    }

    pub(super) fn on_unlock(&mut self, consumer: NodeId, group: GroupId, queues: Vec<QueueKey>) {
        for q in queues {
            if self.locks.get(&(group, q)).is_some_and(|e| e.holder == consumer) {
                self.locks.remove(&(group, q));
            }
        }
    }
}
