//! The producer's local database transaction, in three orders (`TxMode`):
//! - half_message (RocketMQ's TransactionMQProducer): send a half message; once it is stored with
//!   SEND_OK run the local transaction; then END_TRANSACTION commit or rollback, oneway, to the
//!   master holding the half. When the broker's check service asks (CHECK_TRANSACTION_STATE), answer
//!   from the database: committed → COMMIT, rolled back or unknown to it → ROLLBACK, still running →
//!   UNKNOW. A half that was not stored with SEND_OK means the local transaction never runs.
//! - send_then_commit: a plain send inside the transaction, then the commit. The message is out
//!   before the transaction decides ("message sent, DB rolled back").
//! - commit_then_send: commit first, then a plain send. A failed send, or a crash in between,
//!   leaves a committed change without its message ("DB committed, message lost").
//!
//! The committed and rolled-back outcomes are rows in the application's database: they survive a
//! crash. A transaction still running when the machine dies is rolled back by the database.

use super::{LocalState, LocalTxn, Producer, ProducerTimer};
use crate::sim::effects::Ctx;
use crate::sim::ids::{MsgId, MsgKey, NodeId};
use crate::sim::nodes::Timer;
use crate::sim::rocket_events::{RollbackReason, TxDecision, TxEvent, TxMode};
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Message, Payload, SendStatus};

impl Producer {
    fn mode(&self) -> TxMode {
        self.spec.tx_mode()
    }

    fn local_txn_ms(&self) -> u64 {
        self.spec.transaction.as_ref().map_or(0, |t| t.local_txn_ms)
    }

    /// Sends of this producer are half messages.
    pub(super) fn sends_half(&self) -> bool {
        self.mode() == TxMode::HalfMessage
    }

    /// A new message: start its local transaction where the mode says so. True when the message
    /// is to be sent now (every mode but commit_then_send, which sends after the commit).
    pub(super) fn begin_transaction(&mut self, ctx: &mut Ctx, msg: Message) -> bool {
        let mode = self.mode();
        match mode {
            TxMode::None | TxMode::HalfMessage => true,
            TxMode::SendThenCommit => {
                self.start_local(ctx, msg, None);
                true
            }
            TxMode::CommitThenSend => {
                self.start_local(ctx, msg, None);
                let key = msg.id.key;
                ctx.after_ms(self.local_txn_ms(), Timer::Producer(ProducerTimer::LocalTxnDone { key }));
                false
            }
        }
    }

    fn start_local(&mut self, ctx: &mut Ctx, msg: Message, broker: Option<NodeId>) {
        let key = msg.id.key;
        let old = self.local.insert(key, LocalTxn { state: LocalState::Running, msg, broker });
        if old.is_none_or(|t| t.state != LocalState::Running) {
            self.running_txns += 1;
        }
        let mode = self.mode();
        ctx.trace(TraceKind::Transaction { event: TxEvent::LocalBegun { producer: ctx.me, key, mode } });
    }

    /// A send finished with a status from the broker.
    pub(super) fn send_done(&mut self, ctx: &mut Ctx, msg: Message, broker: NodeId, status: SendStatus) {
        match self.mode() {
            TxMode::HalfMessage if status == SendStatus::SendOk => {
                // The half is stored: now the local transaction runs.
                self.start_local(ctx, msg, Some(broker));
                let key = msg.id.key;
                ctx.after_ms(self.local_txn_ms(), Timer::Producer(ProducerTimer::LocalTxnDone { key }));
            }
            TxMode::HalfMessage => {
                // Stored, but not SEND_OK: RocketMQ rolls the half back without running the local
                // transaction (sendMessageInTransaction).
                self.settle(ctx, msg, LocalState::RolledBack, Some(RollbackReason::HalfNotStored));
                self.end(ctx, msg.id, broker, TxDecision::RollbackMessage, false);
            }
            TxMode::SendThenCommit => {
                // The application checks the status; anything but SEND_OK throws and rolls back.
                if status == SendStatus::SendOk {
                    let key = msg.id.key;
                    ctx.after_ms(self.local_txn_ms(), Timer::Producer(ProducerTimer::LocalTxnDone { key }));
                } else {
                    self.settle(ctx, msg, LocalState::RolledBack, Some(RollbackReason::SendFailed));
                }
            }
            TxMode::None | TxMode::CommitThenSend => {}
        }
    }

    /// The send finally failed (timeout, no route, unreachable): the call threw.
    pub(super) fn send_gave_up(&mut self, ctx: &mut Ctx, msg: Message) {
        match self.mode() {
            TxMode::HalfMessage => {
                // No half stored that we know of: the local transaction never ran.
                self.settle(ctx, msg, LocalState::RolledBack, Some(RollbackReason::HalfNotStored));
            }
            TxMode::SendThenCommit => {
                self.settle(ctx, msg, LocalState::RolledBack, Some(RollbackReason::SendFailed));
            }
            TxMode::None | TxMode::CommitThenSend => {}
        }
    }

    /// The local transaction's work is done: it commits, unless the business logic rolls it back.
    pub(super) fn local_txn_done(&mut self, ctx: &mut Ctx, key: MsgKey) {
        let Some(t) = self.local.get(&key).copied() else { return };
        if t.state != LocalState::Running {
            return;
        }
        let ppm = self.spec.transaction.as_ref().map_or(0, |t| t.rollback_ppm);
        let committed = !self.tx_rng.chance_ppm(ppm);
        if committed {
            self.settle(ctx, t.msg, LocalState::Committed, None);
        } else {
            self.settle(ctx, t.msg, LocalState::RolledBack, Some(RollbackReason::Failed));
        }
        match self.mode() {
            TxMode::HalfMessage => {
                let decision = if committed { TxDecision::CommitMessage } else { TxDecision::RollbackMessage };
                if let Some(broker) = t.broker {
                    self.end(ctx, t.msg.id, broker, decision, false);
                }
            }
            TxMode::CommitThenSend if committed => {
                let deadline = ctx.now.plus_ms(self.spec.send_timeout_ms);
                self.send(ctx, t.msg, 0, deadline, None);
            }
            _ => {}
        }
    }

    /// Record the outcome of a local transaction (once).
    fn settle(&mut self, ctx: &mut Ctx, msg: Message, state: LocalState, reason: Option<RollbackReason>) {
        let key = msg.id.key;
        match self.local.get_mut(&key) {
            Some(row) if row.state == LocalState::Running => {
                row.state = state;
                self.running_txns = self.running_txns.saturating_sub(1);
            }
            Some(_) => return,
            // Decided before it ever ran (the half was never stored).
            None => {
                self.local.insert(key, LocalTxn { state, msg, broker: None });
            }
        }
        let producer = ctx.me;
        let event = match reason {
            None => TxEvent::LocalCommitted { producer, key },
            Some(reason) => TxEvent::LocalRolledBack { producer, key, reason },
        };
        ctx.trace(TraceKind::Transaction { event });
    }

    /// END_TRANSACTION, oneway: nobody tells the producer whether it arrived.
    fn end(&mut self, ctx: &mut Ctx, msg: MsgId, broker: NodeId, decision: TxDecision, from_check: bool) {
        let event = TxEvent::EndSent { producer: ctx.me, msg, broker, decision, from_check };
        ctx.trace(TraceKind::Transaction { event });
        ctx.send(broker, Payload::EndTransaction { msg, decision, from_check });
    }

    /// The broker's check-back: answer from the database (checkLocalTransaction).
    pub(super) fn on_check(&mut self, ctx: &mut Ctx, broker: NodeId, msg: MsgId) {
        let decision = match self.local.get(&msg.key).map(|t| t.state) {
            Some(LocalState::Committed) => TxDecision::CommitMessage,
            Some(LocalState::Running) => TxDecision::Unknow,
            // Rolled back, or no trace of it in the database: the change never happened.
            Some(LocalState::RolledBack) | None => TxDecision::RollbackMessage,
        };
        ctx.trace(TraceKind::Transaction { event: TxEvent::CheckAnswered { producer: ctx.me, msg, decision } });
        self.end(ctx, msg, broker, decision, true);
    }

    /// The machine dies: the database rolls back every transaction still running.
    pub(super) fn abort_running(&mut self, ctx: &mut Ctx) {
        let running: Vec<Message> =
            self.local.values().filter(|t| t.state == LocalState::Running).map(|t| t.msg).collect();
        for msg in running {
            self.settle(ctx, msg, LocalState::RolledBack, Some(RollbackReason::ProducerCrashed));
        }
    }
}
