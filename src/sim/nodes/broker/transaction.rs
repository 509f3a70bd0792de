//! Transactional messages on the master (RocketMQ 4.x TransactionalMessageServiceImpl). A half
//! message is an ordinary commit-log entry of RMQ_SYS_TRANS_HALF_TOPIC that remembers its real
//! topic and queue: replicated and flushed like any other, invisible to consumers. END_TRANSACTION
//! COMMIT writes the message to its real queue (now it can be consumed) and an op message that
//! marks the half done; ROLLBACK writes only the op message; UNKNOW changes nothing. The check
//! service wakes every `transaction_check_interval_ms` and asks the producer about every half
//! older than `transaction_timeout_ms` without an op message (CHECK_TRANSACTION_STATE); after
//! `transaction_check_max` checks the half is discarded, which in RocketMQ is only a log line.

use super::{Broker, BrokerTimer};
use crate::sim::effects::Ctx;
use crate::sim::ids::{MsgId, QueueKey, TopicRef};
use crate::sim::nodes::Timer;
use crate::sim::rocket_events::{TxDecision, TxEvent};
use crate::sim::time::MS;
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Message, Payload};

/// A half message still waiting for its end.
#[derive(Clone, Copy, Debug)]
pub struct Half {
    pub msg: Message,
    /// The named queue it goes to once committed.
    pub real: QueueKey,
    pub log_offset: u64,
    /// Check-backs asked so far (kept in memory: a restart starts over).
    pub checks: u8,
}

impl Broker {
    /// Master: the half messages whose end has not arrived, rebuilt from the commit log (an op
    /// message marks a half done).
    pub(super) fn recover_halves(&mut self) {
        self.halves.clear();
        for (i, e) in self.log.entries_from(0, usize::MAX).into_iter().enumerate() {
            match e.queue.kind {
                TopicRef::TransHalf => {
                    let half = Half { msg: e.msg, real: e.queue.real_queue(), log_offset: i as u64, checks: 0 };
                    self.halves.insert(e.msg.id, half);
                }
                TopicRef::TransOp => {
                    self.halves.remove(&e.msg.id);
                }
                _ => {}
            }
        }
    }

    /// A half message was just appended by a send.
    pub(super) fn half_stored(&mut self, msg: Message, queue: QueueKey, log_offset: u64) {
        if queue.kind == TopicRef::TransHalf {
            self.halves.insert(msg.id, Half { msg, real: queue.real_queue(), log_offset, checks: 0 });
        }
    }

    /// Append one entry and tell the slaves, the disk and waiting pulls.
    fn append_traced(&mut self, ctx: &mut Ctx, msg: Message, queue: QueueKey) {
        let (log_offset, _) = self.log.append(msg, queue, None);
        if let Some(e) = self.log.entry(log_offset).copied() {
            Self::trace_stored(ctx, &e, log_offset);
        }
        self.wake_ha_writer(ctx);
        self.after_append(ctx, queue);
    }

    /// END_TRANSACTION from the producer (oneway: nobody hears what happened to it).
    pub(super) fn on_end_transaction(&mut self, ctx: &mut Ctx, msg: MsgId, decision: TxDecision, from_check: bool) {
        if !self.is_master() || decision == TxDecision::Unknow {
            return;
        }
        // Already ended, discarded, or lost with the page cache: nothing to do.
        let Some(half) = self.halves.remove(&msg) else { return };
        let broker = ctx.me;
        if decision == TxDecision::CommitMessage {
            self.append_traced(ctx, half.msg, half.real);
            self.append_traced(ctx, half.msg, QueueKey::trans_op());
            ctx.trace(TraceKind::Transaction { event: TxEvent::Committed { broker, msg, from_check } });
        } else {
            self.append_traced(ctx, half.msg, QueueKey::trans_op());
            ctx.trace(TraceKind::Transaction { event: TxEvent::RolledBack { broker, msg, from_check } });
        }
    }

    /// The check service's round: ask about every half old enough, discard those asked too often.
    pub(super) fn on_tx_check(&mut self, ctx: &mut Ctx) {
        ctx.after_ms(self.cfg.transaction_check_interval_ms, Timer::Broker(BrokerTimer::TxCheck));
        if !self.is_master() {
            return;
        }
        let timeout_us = self.cfg.transaction_timeout_ms.saturating_mul(MS);
        let mut due: Vec<Half> =
            self.halves.values().filter(|h| ctx.now.since(h.msg.born_at) >= timeout_us).copied().collect();
        // The service reads the half queue in order.
        due.sort_by_key(|h| h.log_offset);
        let broker = ctx.me;
        for h in due {
            let msg = h.msg.id;
            if h.checks >= self.cfg.transaction_check_max {
                self.halves.remove(&msg);
                let checks = h.checks;
                ctx.trace(TraceKind::Transaction { event: TxEvent::Discarded { broker, msg, checks } });
                continue;
            }
            let Some(&producer) = self.producers.get(usize::from(msg.key.producer)) else { continue };
            let nth = h.checks + 1;
            if let Some(half) = self.halves.get_mut(&msg) {
                half.checks = nth;
            }
            ctx.trace(TraceKind::Transaction { event: TxEvent::CheckAsked { broker, producer, msg, nth } });
            ctx.send(producer, Payload::CheckTransaction { msg });
        }
    }

    /// Half messages waiting for an end (what keeps a run from draining).
    pub fn pending_halves(&self) -> usize {
        self.halves.len()
    }
}
