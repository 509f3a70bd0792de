//! The stores consumers dedup against. Each executes one operation at a time, taking a fixed time
//! per operation, like a single database connection or a single-threaded Redis.
//! - The DB runs "insert the dedup key into a unique column, apply the side effect" as one
//!   transaction: a second insert of the same key fails and nothing is applied. It is durable.
//! - Redis runs SETNX with a TTL. Its keys live in memory: a crash forgets them, and so does time.

use super::Timer;
use crate::scenario::model::DedupKeyKind;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MessageQueue, MsgId, NodeId};
use crate::sim::time::SimTime;
use crate::sim::trace::TraceKind;
use crate::sim::wire::{DedupKey, Payload};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreTimer {
    /// The operation at the head of the queue completes.
    OpDone,
}

/// Which store this is.
#[derive(Clone, Debug)]
pub enum StoreKind {
    Db { keys: BTreeSet<(GroupId, DedupKey)> },
    Redis { keys: BTreeMap<(GroupId, DedupKey), SimTime> },
}

#[derive(Clone, Debug)]
pub struct DedupStore {
    pub kind: StoreKind,
    op_us: u64,
    queue: VecDeque<(NodeId, Payload)>,
    busy: bool,
}

impl DedupStore {
    pub fn db(op_us: u64) -> Self {
        DedupStore { kind: StoreKind::Db { keys: BTreeSet::new() }, op_us, queue: VecDeque::new(), busy: false }
    }

    pub fn redis(op_us: u64) -> Self {
        DedupStore { kind: StoreKind::Redis { keys: BTreeMap::new() }, op_us, queue: VecDeque::new(), busy: false }
    }

    pub fn on_start(&mut self, _ctx: &mut Ctx) {}

    /// Queued operations die with the machine; Redis also loses its keys (no persistence).
    pub fn on_crash(&mut self) {
        self.queue.clear();
        self.busy = false;
        if let StoreKind::Redis { keys } = &mut self.kind {
            keys.clear();
        }
    }

    /// Entries in the store (dedup keys), for the view.
    pub fn len(&self) -> usize {
        match &self.kind {
            StoreKind::Db { keys } => keys.len(),
            StoreKind::Redis { keys } => keys.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        if matches!(payload, Payload::DbInsert { .. } | Payload::RedisSetNx { .. } | Payload::RedisDel { .. }) {
            self.queue.push_back((from, payload));
            if !self.busy {
                self.busy = true;
                ctx.after_us(self.op_us, Timer::Store(StoreTimer::OpDone));
            }
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, _timer: StoreTimer) {
        if let Some((from, op)) = self.queue.pop_front() {
            self.execute(ctx, from, op);
        }
        if self.queue.is_empty() {
            self.busy = false;
        } else {
            ctx.after_us(self.op_us, Timer::Store(StoreTimer::OpDone));
        }
    }

    fn execute(&mut self, ctx: &mut Ctx, from: NodeId, op: Payload) {
        let now = ctx.now;
        match (&mut self.kind, op) {
            (StoreKind::Db { keys }, Payload::DbInsert { req, group, key, msg, .. }) => {
                let inserted = keys.insert((group, key));
                let consumer = from;
                if inserted {
                    ctx.trace(TraceKind::EffectApplied { consumer, group, msg, by: ctx.me });
                } else {
                    ctx.trace(TraceKind::DedupSkipped { consumer, group, msg, store: ctx.me });
                }
                ctx.send(from, Payload::DbReply { req, inserted });
            }
            (StoreKind::Redis { keys }, Payload::RedisSetNx { req, group, key, msg, ttl_us }) => {
                let set = match keys.get(&(group, key)) {
                    Some(&expires) if expires > now => false,
                    Some(_) => {
                        ctx.trace(TraceKind::RedisKeyExpired { group, msg: key_msg(key, msg) });
                        true
                    }
                    None => true,
                };
                if set {
                    let expires_at = now.plus_us(ttl_us);
                    keys.insert((group, key), expires_at);
                    ctx.trace(TraceKind::RedisKeySet { group, msg, expires_at });
                }
                ctx.send(from, Payload::RedisReply { req, set });
            }
            (StoreKind::Redis { keys }, Payload::RedisDel { group, key }) => {
                keys.remove(&(group, key));
            }
            _ => {}
        }
    }
}

// --- what a consumer of any system asks the stores ------------------------------------------

/// The key a group dedups a message by: its business key, or its message id.
pub fn dedup_key(kind: DedupKeyKind, msg: MsgId) -> DedupKey {
    match kind {
        DedupKeyKind::BusinessKey => DedupKey::Business(msg.key),
        DedupKeyKind::MsgId => DedupKey::Id(msg),
    }
}

/// Claim a message in Redis before processing it (SETNX with a TTL).
pub fn claim(req: u32, group: GroupId, kind: DedupKeyKind, msg: MsgId, ttl_ms: u64) -> Payload {
    Payload::RedisSetNx { req, group, key: dedup_key(kind, msg), msg, ttl_us: ttl_ms.saturating_mul(1_000) }
}

/// Insert the dedup key and apply the side effect in one DB transaction.
pub fn insert(req: u32, group: GroupId, kind: DedupKeyKind, msg: MsgId, mq: MessageQueue) -> Payload {
    Payload::DbInsert { req, group, key: dedup_key(kind, msg), msg, mq }
}

/// The message a dedup key names, for the trace.
fn key_msg(key: DedupKey, asking: MsgId) -> MsgId {
    match key {
        DedupKey::Id(id) => id,
        DedupKey::Business(_) => asking,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::MsgKey;

    /// Run one operation to completion and return the store's reply.
    fn call(store: &mut DedupStore, op: Payload) -> Option<Payload> {
        let mut effects = Vec::new();
        let mut ctx = Ctx::new(SimTime::ZERO, NodeId(9), &mut effects);
        store.on_message(&mut ctx, NodeId(1), op);
        store.on_timer(&mut ctx, StoreTimer::OpDone);
        effects.into_iter().find_map(|e| match e {
            crate::sim::effects::Effect::Send { payload, .. } => Some(payload),
            _ => None,
        })
    }

    fn key() -> (DedupKey, MsgId) {
        let k = MsgKey { producer: 0, seq: 7 };
        (DedupKey::Business(k), MsgId { key: k, gen: 0 })
    }

    #[test]
    fn redis_forgets_its_keys_in_a_crash_and_the_db_does_not() {
        let (k, msg) = key();
        let setnx = || Payload::RedisSetNx { req: 1, group: GroupId(0), key: k, msg, ttl_us: 60_000_000 };
        let mut redis = DedupStore::redis(100);
        assert_eq!(call(&mut redis, setnx()), Some(Payload::RedisReply { req: 1, set: true }));
        assert_eq!(call(&mut redis, setnx()), Some(Payload::RedisReply { req: 1, set: false }));
        redis.on_crash();
        assert_eq!(call(&mut redis, setnx()), Some(Payload::RedisReply { req: 1, set: true }), "the key is gone");

        let mq = crate::sim::ids::MessageQueue::default();
        let insert = || Payload::DbInsert { req: 2, group: GroupId(0), key: k, msg, mq };
        let mut db = DedupStore::db(100);
        assert_eq!(call(&mut db, insert()), Some(Payload::DbReply { req: 2, inserted: true }));
        db.on_crash();
        assert_eq!(call(&mut db, insert()), Some(Payload::DbReply { req: 2, inserted: false }), "committed rows stay");
    }
}
