//! How the checker follows transactional and ordered messages. A transactional message is
//! promised when its local transaction commits (not at the half message's SEND_OK), and must never
//! be processed when it rolled back (`delivered_after_rollback`). An ordered message carries a
//! business key (`seq % order_keys`); per group and key, a first side effect of a message after
//! a later message of the key is `out_of_order`, and a repeated one `out_of_order_replays`.

use super::lifecycle::TxLife;
use super::Auditor;
use crate::sim::ids::{GroupId, MsgKey, NodeId, TopicRef};
use crate::sim::rocket_events::TxEvent;
use crate::sim::time::SimTime;
use serde::Serialize;

/// A side effect that came after a later message of the same business key.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct OrderViolation {
    pub key: MsgKey,
    pub group: GroupId,
    pub at: SimTime,
    /// The later message of the key that had been processed already.
    pub newer: MsgKey,
    /// A repeated effect (a duplicate), not the first.
    pub replay: bool,
}

impl Auditor {
    fn tx_life(&mut self, key: MsgKey) -> Option<&mut TxLife> {
        let life = self.life(key)?;
        Some(life.tx.get_or_insert_with(Default::default))
    }

    /// A send into RMQ_SYS_TRANS_HALF_TOPIC: the message is a transactional one.
    pub(super) fn on_half_attempt(&mut self, key: MsgKey) {
        if let Some(t) = self.tx_life(key) {
            t.half = true;
        }
    }

    /// A half-message copy (or an op message) stored: not a copy consumers can read.
    pub(super) fn on_half_copy(&mut self, at: SimTime, node: NodeId, key: MsgKey, kind: TopicRef, on_slave: bool) {
        if kind != TopicRef::TransHalf || on_slave {
            return;
        }
        let mut first = false;
        if let Some(t) = self.tx_life(key) {
            first = t.half_stored.is_none();
            t.half_stored.get_or_insert((at, node));
        }
        if first {
            self.counts.tx_half_stored += 1;
        }
    }

    /// The result of a send of a half message; true when it was one (it promises nothing).
    pub(super) fn half_result(&mut self, at: SimTime, key: MsgKey, ok: bool) -> bool {
        let Some(t) = self.message(key).and_then(|m| m.tx.as_ref()) else { return false };
        if !t.half {
            return false;
        }
        if let Some(t) = self.tx_life(key) {
            if ok {
                t.half_acked.get_or_insert(at);
            }
        }
        true
    }

    pub(super) fn on_tx(&mut self, at: SimTime, event: &TxEvent) {
        let key = event.message();
        let c = &mut self.counts;
        match *event {
            TxEvent::LocalBegun { mode, .. } => {
                if let Some(t) = self.tx_life(key) {
                    t.mode = Some(mode);
                    t.local_begun = Some(at);
                }
            }
            TxEvent::LocalCommitted { .. } => {
                c.tx_local_committed += 1;
                let mut half = false;
                if let Some(t) = self.tx_life(key) {
                    t.committed = Some(at);
                    half = t.half;
                }
                // The scoreboard's "Acked" counts promises: a half message's SEND_OK promised
                // nothing, its local commit does. A plain send's SEND_OK was counted already.
                if half {
                    self.counts.acked += 1;
                }
            }
            TxEvent::LocalRolledBack { reason, .. } => {
                c.tx_local_rolled_back += 1;
                if let Some(t) = self.tx_life(key) {
                    t.rolled_back = Some((at, reason));
                }
                // Processed before the rollback (a send before the commit): inconsistent now.
                let processed = self.message(key).map_or(0, |m| m.groups.iter().filter(|g| g.processed()).count());
                self.counts.delivered_after_rollback += processed as u64;
            }
            TxEvent::EndSent { broker, decision, from_check, .. } => {
                if let Some(t) = self.tx_life(key) {
                    t.ends.push((at, broker, decision, from_check));
                }
            }
            TxEvent::Committed { from_check, .. } => {
                c.tx_committed += 1;
                if let Some(t) = self.tx_life(key) {
                    t.broker_committed = Some((at, from_check));
                }
            }
            TxEvent::RolledBack { .. } => {
                c.tx_rolled_back += 1;
                if let Some(t) = self.tx_life(key) {
                    t.broker_rolled_back = Some(at);
                }
            }
            TxEvent::CheckAsked { .. } => {
                c.tx_checks += 1;
                if let Some(t) = self.tx_life(key) {
                    t.checks.push(at);
                }
            }
            TxEvent::CheckAnswered { .. } => {}
            TxEvent::Discarded { broker, checks, .. } => {
                c.tx_discarded += 1;
                if let Some(t) = self.tx_life(key) {
                    t.discarded = Some((at, broker, checks));
                }
            }
        }
    }

    /// A side effect of `key` in group `g` (`first`: its first one): check it against the
    /// business key's order, and against a rolled-back local transaction.
    pub(super) fn check_effect(&mut self, at: SimTime, g: GroupId, key: MsgKey, first: bool) {
        if first && self.message(key).is_some_and(|m| m.rolled_back()) {
            self.counts.delivered_after_rollback += 1;
        }
        let keys = self.topo.producer_order_keys.get(usize::from(key.producer)).copied().unwrap_or(0);
        if keys == 0 {
            return;
        }
        let slot = (g.0, key.producer, key.seq % keys);
        let newest = self.key_newest.entry(slot).or_insert(key.seq);
        if key.seq >= *newest {
            *newest = key.seq;
            return;
        }
        let newer = MsgKey { producer: key.producer, seq: *newest };
        if first {
            self.counts.out_of_order += 1;
        } else {
            self.counts.out_of_order_replays += 1;
        }
        self.order_violations.push(OrderViolation { key, group: g, at, newer, replay: !first });
    }

    pub fn order_violations(&self) -> &[OrderViolation] {
        &self.order_violations
    }
}
