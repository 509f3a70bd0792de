//! Why something went wrong. For each anomaly the checker builds a short chain of causes from the
//! message's lifecycle and the faults around it: "acked by broker-a/master at 12.004 s;
//! broker-a/master crashed at 12.310 s before flushing it; no slave had copied it". Specific rules
//! come first (a destroyed copy, an auto-acked delivery whose consumer died, a dropped offset
//! commit before a redelivery); faults on the message's nodes in its time window fill the rest.

use super::lifecycle::{Applied, CopyLoss, Delivery, GroupLife, MessageLife};
use super::{Auditor, FaultEvent};
use crate::sim::ids::{MsgId, NodeId};
use crate::sim::time::SimTime;
use crate::sim::topology::Role;
use crate::sim::trace::DropReason;
use crate::sim::wire::MsgKind;

pub use super::cause::Cause;

/// How many generic faults an explanation lists at most.
const MAX_WINDOW_FAULTS: usize = 4;

fn crashed_between(a: &Auditor, node: NodeId, from: SimTime, to: SimTime) -> Option<SimTime> {
    a.node_history(node).crashes.iter().copied().find(|&t| t >= from && t <= to)
}

/// Can the producer still send this message again (a reliable producer with it unconfirmed)?
fn may_be_resent(m: &MessageLife) -> bool {
    m.accepted.is_some() && m.acked.is_none() && m.gave_up.is_none()
}

/// A message that can no longer be processed by some group although it was promised.
pub fn definitely_lost(a: &Auditor, m: &MessageLife) -> bool {
    if !m.promised() {
        return false;
    }
    // A discarded half message will never be committed: nothing more can bring it.
    let discarded = m.copies.is_empty() && m.tx.as_ref().is_some_and(|t| t.discarded.is_some());
    let copies_gone = discarded || !m.copies.is_empty() && m.surviving_copies().next().is_none() && !may_be_resent(m);
    // Promised (a committed local transaction) but never stored, and the producer gave up on it.
    let never_stored = m.copies.is_empty() && !m.send_failures.is_empty() && !may_be_resent(m);
    let outvoted = truncated_by_new_leader(a, m);
    m.groups.iter().any(|g| !g.settled() && (copies_gone || never_stored || outvoted || unrecoverable_in_group(a, g)))
}

/// A replica dropped the message because the newly elected leader did not have it, and its other
/// copies are on servers that are down: a server that comes back truncates to the new leader too
/// (Kafka's leader epochs, Raft's log matching), so nothing can bring the message back.
fn truncated_by_new_leader(a: &Auditor, m: &MessageLife) -> bool {
    m.copies.iter().any(|c| matches!(c.lost, Some((_, CopyLoss::TruncatedToLeader))))
        && m.surviving_copies().all(|c| a.node_history(c.node).down_since.is_some())
}

/// Lost within a group although copies exist: an auto-acked delivery died with its consumer, or
/// a Redis claim outlived a crash and made the redelivery look like a duplicate.
fn unrecoverable_in_group(a: &Auditor, g: &GroupLife) -> bool {
    if !g.skips.is_empty() {
        return true;
    }
    let Some(last) = g.deliveries.last() else { return false };
    last.auto_acked && crashed_between(a, last.consumer, last.at, a.now).is_some()
}

/// Why a promised message was never processed by group `g`.
pub fn explain_lost(a: &Auditor, m: &MessageLife, g: usize) -> Vec<Cause> {
    let mut causes = Vec::new();
    if let Some(tx) = &m.tx {
        if let Some(at) = tx.committed {
            causes.push(Cause::LocalCommitted { at, producer: m.producer });
        }
        if tx.half && m.copies.is_empty() {
            causes.extend(why_half_not_committed(a, m, tx));
            return causes;
        }
        if m.copies.is_empty() {
            if let Some(t) = tx.committed.and_then(|at| crashed_between(a, m.producer, at, a.now)) {
                causes.push(Cause::ProducerCrashed { at: t, producer: m.producer });
            }
        }
    } else if let Some(ack) = m.acked {
        causes.push(Cause::Acked { at: ack.at, broker: ack.broker, msg: ack.msg });
    } else if let Some(at) = m.accepted {
        causes.push(Cause::Accepted { at, producer: m.producer });
    }
    let gl = &m.groups[g];
    if let Some(skip) = gl.skips.first() {
        if let Some(&(claim_at, _)) = gl.redis_claims.first() {
            let claimer = gl.deliveries.iter().rev().find(|d| d.at <= claim_at).map(|d| d.consumer);
            causes.push(Cause::ClaimedInRedis { at: claim_at, consumer: claimer.unwrap_or(skip.consumer) });
            if let Some(c) = claimer {
                if let Some(t) = crashed_between(a, c, claim_at, skip.at) {
                    causes.push(Cause::ConsumerCrashed { at: t, consumer: c });
                }
            }
        }
        causes.push(Cause::SkippedAsDuplicate { at: skip.at, consumer: skip.consumer, store: skip.store });
        return causes;
    }
    if let Some(last) = gl.deliveries.last() {
        if last.auto_acked {
            causes.push(Cause::DeliveredWithAutoAck { at: last.at, consumer: last.consumer });
            if let Some(t) = crashed_between(a, last.consumer, last.at, a.now) {
                causes.push(Cause::ConsumerCrashed { at: t, consumer: last.consumer });
                return causes;
            }
        } else {
            let count = gl.deliveries.len() as u32;
            causes.push(Cause::DeliveredNotProcessed { at: last.at, consumer: last.consumer, count });
        }
        let nodes = [last.consumer, last.from];
        causes.extend(faults_in_window(a, last.at, a.now, &nodes));
        return causes;
    }
    if m.copies.is_empty() {
        if let Some(at) = m.gave_up {
            causes.push(Cause::ProducerGaveUp { at });
        }
        causes.push(Cause::NeverStored { failures: m.send_failures.len() as u32 });
        if let Some(&(at, msg, reason)) = m.send_failures.last() {
            causes.push(Cause::SendFailed { at, msg, reason });
        } else if let Some((at, to, reason)) = m.send_dropped {
            // No send failed: nothing waited for an answer (no confirms, or a oneway send).
            causes.push(Cause::SendDropped { at, to, reason });
        }
        return causes;
    }
    if m.surviving_copies().next().is_none() || truncated_by_new_leader(a, m) {
        for c in &m.copies {
            if let Some((at, how)) = c.lost {
                let cause = Cause::CopyDestroyed { at, node: c.node, how };
                if !causes.contains(&cause) {
                    causes.push(cause);
                }
            }
        }
        if !m.copies.iter().any(|c| c.on_slave) {
            causes.push(Cause::NoSlaveCopy);
        }
        for c in m.surviving_copies() {
            if let Some(since) = a.node_history(c.node).down_since {
                causes.push(Cause::Stranded { node: c.node, since });
            }
        }
        return causes;
    }
    let down: Vec<(NodeId, SimTime)> =
        m.surviving_copies().filter_map(|c| a.node_history(c.node).down_since.map(|since| (c.node, since))).collect();
    if down.len() == m.surviving_copies().count() {
        if let Some(&(node, since)) = down.first() {
            causes.push(Cause::Stranded { node, since });
            return causes;
        }
    }
    match m.reused_position(g).and_then(|c| c.queue.map(|(queue, offset)| (c.at, c.node, queue, offset))) {
        Some((at, node, queue, offset)) => causes.push(Cause::PositionReused { at, node, queue, offset }),
        None => causes.push(Cause::NeverDelivered),
    }
    let mut nodes: Vec<NodeId> = m.copies.iter().map(|c| c.node).collect();
    nodes.extend(a.topology().consumer_groups.get(g).into_iter().flatten().copied());
    let from = m.acked.map_or(m.born_at, |ack| ack.at);
    causes.extend(faults_in_window(a, from, a.now, &nodes));
    causes
}

/// A committed local transaction whose half message never became visible.
fn why_half_not_committed(a: &Auditor, m: &MessageLife, tx: &super::lifecycle::TxLife) -> Vec<Cause> {
    let mut causes = Vec::new();
    for f in a.faults() {
        if let FaultEvent::Dropped { from, to, kind: MsgKind::SendResult, reason, msg: Some(id) } = f.event {
            if id.key == m.key && from == m.producer {
                causes.push(Cause::EndDropped { at: f.at, from, to, reason });
            }
        }
    }
    if let Some(t) = tx.committed.and_then(|at| crashed_between(a, m.producer, at, a.now)) {
        causes.push(Cause::ProducerCrashed { at: t, producer: m.producer });
    }
    if let Some((at, broker, checks)) = tx.discarded {
        causes.push(Cause::HalfDiscarded { at, broker, checks });
    } else if let Some((_, node)) = tx.half_stored {
        causes.push(Cause::HalfNotCommitted { node, checks: tx.checks.len() as u32 });
    }
    causes
}

/// Why group `g` processed a message although its local transaction rolled back.
pub fn explain_after_rollback(m: &MessageLife, g: usize) -> Vec<Cause> {
    let mut causes = Vec::new();
    if let Some(ack) = m.acked {
        causes.push(Cause::SentBeforeCommit { at: ack.at, broker: ack.broker });
    }
    if let Some((at, reason)) = m.tx.as_ref().and_then(|t| t.rolled_back) {
        causes.push(Cause::LocalRolledBack { at, producer: m.producer, reason });
    }
    if let Some(first) = m.groups.get(g).and_then(|gl| gl.effects.first()) {
        causes.push(Cause::FirstEffect { at: first.at, consumer: first.consumer, by: first.by });
    }
    causes
}

/// Why a message's side effect came after a later message of its key (`v`).
pub fn explain_out_of_order(a: &Auditor, v: &super::txorder::OrderViolation) -> Vec<Cause> {
    let g = usize::from(v.group.0);
    let newer_first = a.message(v.newer).and_then(|n| n.groups.get(g)).and_then(|gl| gl.effects.first().copied());
    let mut causes = Vec::new();
    if let Some(n) = newer_first {
        causes.push(Cause::AfterNewer { newer: v.newer, at: n.at });
    }
    let Some(m) = a.message(v.key) else { return causes };
    let Some(gl) = m.groups.get(g) else { return causes };
    if v.replay {
        let consumer = gl.effects.iter().find(|e| e.at == v.at).map_or(NodeId(0), |e| e.consumer);
        causes.extend(explain_duplicate(a, m, g, (v.at, consumer)).into_iter().skip(1));
        return causes;
    }
    if let Some(&at) = gl.failures.first() {
        let consumer = gl.deliveries.first().map_or(NodeId(0), |d| d.consumer);
        causes.push(Cause::RetriedLater { at, consumer });
    }
    let queue = |l: &GroupLife| l.deliveries.iter().find(|d| d.reconsume == 0).map(|d| d.mq);
    let newer_q = a.message(v.newer).and_then(|n| n.groups.get(g)).and_then(queue);
    if let (Some(older), Some(newer)) = (queue(gl), newer_q) {
        if older != newer {
            causes.push(Cause::KeyInTwoQueues { older, newer });
        }
    }
    if causes.len() == 1 {
        let from = newer_first.map_or(m.born_at, |n| n.at);
        if let Some(r) = a.rebalances().iter().find(|r| r.at <= v.at && r.at >= m.born_at && r.group == v.group) {
            causes.push(Cause::Rebalanced { at: r.at, consumer: r.consumer });
        }
        let nodes: Vec<NodeId> = gl.deliveries.iter().flat_map(|d| [d.consumer, d.from]).collect();
        causes.extend(faults_in_window(a, from.min(v.at), v.at, &nodes));
    }
    causes
}

/// Why group `g` processed the message more than once (or got it again after processing it).
/// `second` is when the duplicate showed (second effect or dedup skip) and by which consumer.
pub fn explain_duplicate(a: &Auditor, m: &MessageLife, g: usize, second: (SimTime, NodeId)) -> Vec<Cause> {
    let gl = &m.groups[g];
    let Some(first) = gl.effects.first().copied() else { return Vec::new() };
    let mut causes = vec![Cause::FirstEffect { at: first.at, consumer: first.consumer, by: first.by }];
    let Some(d2) = gl.deliveries.iter().rev().find(|d| d.at <= second.0 && d.consumer == second.1).copied() else {
        return causes;
    };
    causes.push(Cause::Redelivered { at: d2.at, consumer: d2.consumer, from: d2.from, msg: d2.msg });
    if d2.msg != first.msg {
        causes.extend(why_sent_twice(a, m, first.msg, d2.msg));
        return causes;
    }
    let before = causes.len();
    causes.extend(why_delivered_again(a, m, gl, first, d2, second.0));
    if causes.len() == before {
        let nodes = [first.consumer, d2.consumer, d2.from];
        causes.extend(faults_in_window(a, first.at, d2.at, &nodes));
    }
    // What happened (the first effect, the redelivery), then why, in the order it happened; a
    // cause without a moment (read from a slave) comes last.
    causes[2..].sort_by_key(|c| c.at().map_or(u64::MAX, SimTime::as_us));
    causes
}

/// The producer side made two messages out of one: a compensation resend or a resend after a
/// non-OK status.
fn why_sent_twice(a: &Auditor, m: &MessageLife, first: MsgId, second: MsgId) -> Vec<Cause> {
    let mut causes = Vec::new();
    if let Some(&(at, msg)) = m.resends.iter().find(|(_, id)| *id == second) {
        causes.push(Cause::ProducerResent { at, msg });
    }
    for f in a.faults() {
        if let FaultEvent::Dropped { from, to, kind: MsgKind::SendResult, reason, msg: Some(id) } = f.event {
            if id.key == m.key && id != second {
                causes.push(Cause::SendResultDropped { at: f.at, from, to, reason });
            }
        }
    }
    for &(at, msg, reason) in &m.send_failures {
        if msg == first {
            causes.push(Cause::SendFailed { at, msg, reason });
        }
    }
    causes
}

/// Same message id delivered again after it was processed: find what undid the acknowledgement.
/// `second_at` is when the duplicate showed: the dedup store is consulted after the redelivery.
fn why_delivered_again(
    a: &Auditor,
    m: &MessageLife,
    gl: &GroupLife,
    first: Applied,
    d2: Delivery,
    second_at: SimTime,
) -> Vec<Cause> {
    let mut causes = Vec::new();
    // Stored on two masters: a non-OK send status made the producer try another broker.
    let masters: Vec<NodeId> = m.copies.iter().filter(|c| !c.on_slave && c.msg == d2.msg).map(|c| c.node).collect();
    if masters.windows(2).any(|w| w[0] != w[1]) {
        if let Some(&(at, _, broker, status)) = m.not_ok.first() {
            causes.push(Cause::ResentAfterStatus { at, status, broker });
        }
    }
    if let Some(&at) = gl.failures.iter().find(|&&t| t >= first.at && t <= d2.at) {
        causes.push(Cause::FailedAfterEffect { at });
    }
    let (from, to) = (first.at, d2.at);
    if let Some(t) = crashed_between(a, first.consumer, from, to) {
        causes.push(Cause::ConsumerCrashed { at: t, consumer: first.consumer });
    }
    let group_nodes = broker_group_nodes(a, d2.mq.broker_group);
    for f in a.faults().iter().filter(|f| f.at >= from && f.at <= to) {
        match f.event {
            FaultEvent::Dropped { from: src, to: dst, kind: MsgKind::ConsumerAck, reason, .. }
                if src == first.consumer && (group_nodes.contains(&dst) || dst == d2.from) =>
            {
                causes.push(Cause::AckDropped { at: f.at, from: src, to: dst, reason });
                break;
            }
            _ => {}
        }
    }
    for f in a.faults().iter().filter(|f| f.at >= from && f.at <= to) {
        if let FaultEvent::OffsetsReverted { node } = f.event {
            if group_nodes.contains(&node) {
                causes.push(Cause::OffsetsReverted { at: f.at, node });
            }
        }
    }
    // The node that handed it out crashed in between and handed it out again: it still had the
    // message when it went down (RabbitMQ writes acks to disk lazily; an ack to a dead node is
    // lost). RocketMQ's reverted offsets say the same more precisely.
    let d1 = gl.deliveries.iter().rev().find(|d| d.at <= first.at && d.consumer == first.consumer);
    let reverted = causes.iter().any(|c| matches!(c, Cause::OffsetsReverted { .. }));
    if let Some(d1) = d1.filter(|d1| d1.from == d2.from && !reverted) {
        if let Some(t) = crashed_between(a, d2.from, d1.at, d2.at) {
            causes.push(Cause::BackAfterRestart { at: t, node: d2.from });
        }
    }
    let group = match a.topology().role(d2.consumer) {
        Some(Role::Consumer { group, .. }) => Some(group),
        _ => None,
    };
    if let Some(r) = a.rebalances().iter().find(|r| r.at > from && r.at <= to && Some(r.group) == group) {
        if d2.consumer != first.consumer || causes.is_empty() {
            causes.push(Cause::Rebalanced { at: r.at, consumer: r.consumer });
        }
    }
    if matches!(a.topology().role(d2.from), Some(Role::Slave { .. })) {
        causes.push(Cause::ReadFromSlave { node: d2.from });
    }
    if let Some(&at) = gl.redis_expired.iter().find(|&&t| t >= from && t <= second_at) {
        causes.push(Cause::RedisKeyExpired { at });
    }
    if let Some(redis) = a.topology().redis {
        if let Some(t) = crashed_between(a, redis, from, second_at) {
            causes.push(Cause::RedisRestarted { at: t });
        }
    }
    causes
}

fn broker_group_nodes(a: &Auditor, group: u8) -> Vec<NodeId> {
    a.topology()
        .broker_groups
        .get(usize::from(group))
        .map(|g| std::iter::once(g.master).chain(g.slaves.iter().copied()).collect())
        .unwrap_or_default()
}

/// Faults in [from, to] that touch one of `nodes` (partition drops are summarised by the command).
fn faults_in_window(a: &Auditor, from: SimTime, to: SimTime, nodes: &[NodeId]) -> Vec<Cause> {
    let topo = a.topology();
    let touches = |e: &FaultEvent| match e {
        FaultEvent::Command { command, .. } => {
            let names = command.node_names();
            names.is_empty() || names.iter().any(|n| topo.find(n).is_some_and(|id| nodes.contains(&id)))
        }
        FaultEvent::Dropped { reason: DropReason::Partition, .. } => false,
        FaultEvent::Dropped { from, to, .. } => nodes.contains(from) || nodes.contains(to),
        FaultEvent::Crashed { node }
        | FaultEvent::Truncated { node, .. }
        | FaultEvent::OffsetsReverted { node }
        | FaultEvent::DiskLost { node } => nodes.contains(node),
        FaultEvent::RedisKeyExpired { .. } => false,
    };
    // A crash by command is also a crash event at the same moment: name it once, as the command.
    let commanded = |at: SimTime, node: NodeId| {
        a.faults().iter().any(|f| {
            f.at == at
                && matches!(&f.event, FaultEvent::Command { command, .. }
                    if command.node_names().iter().any(|n| topo.find(n) == Some(node)))
        })
    };
    let said_twice = |f: &&super::Fault| matches!(f.event, FaultEvent::Crashed { node } if commanded(f.at, node));
    a.faults()
        .iter()
        .filter(|f| f.at >= from && f.at <= to && touches(&f.event) && !said_twice(f))
        .take(MAX_WINDOW_FAULTS)
        .map(|f| Cause::Fault { at: f.at, event: f.event.clone() })
        .collect()
}
