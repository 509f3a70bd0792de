//! How the checker takes in the trace, one event at a time: lifecycles, counts, the fault log.

use super::lifecycle::{Ack, Applied, CopyLoss, Delivery, MessageLife, Note, Skipped, StoredCopy};
use super::{Auditor, FaultEvent, RebalanceRecord};
use crate::sim::ids::{GroupId, MessageQueue, MsgId, MsgKey, NodeId, QueueKey, TopicRef};
use crate::sim::time::SimTime;
use crate::sim::topology::Role;
use crate::sim::trace::{DropReason, TraceEvent, TraceKind};
use crate::sim::wire::SendStatus;

impl Auditor {
    /// Take one trace event into account.
    pub fn observe(&mut self, e: &TraceEvent) {
        self.take_in(e);
        self.settle_lost();
    }

    fn take_in(&mut self, e: &TraceEvent) {
        self.now = e.at;
        if e.at.as_us() >= self.series.next_boundary_us() {
            let (stored, settled, topics) = (&self.stored_keys, &self.settled, &self.topo.group_topics);
            let backlog = |g: usize| stored[usize::from(topics[g])].saturating_sub(settled[g]);
            self.series.advance(e.at, backlog);
        }
        match &e.kind {
            TraceKind::Action { source, command } => {
                let event = FaultEvent::Command { source: *source, command: (**command).clone() };
                self.fault(e, event);
            }
            TraceKind::NodeStarted { node } | TraceKind::NodeRestarted { node } | TraceKind::NodeResumed { node } => {
                self.nodes[usize::from(node.0)].down_since = None;
                self.lost.status_changed(*node);
            }
            TraceKind::NodePaused { node } => {
                self.nodes[usize::from(node.0)].down_since.get_or_insert(e.at);
                self.lost.status_changed(*node);
            }
            TraceKind::NodeCrashed { node } => {
                let h = &mut self.nodes[usize::from(node.0)];
                h.down_since = Some(e.at);
                h.crashes.push(e.at);
                self.lost.status_changed(*node);
                self.fault(e, FaultEvent::Crashed { node: *node });
            }
            TraceKind::DiskLost { node } => {
                self.nodes[usize::from(node.0)].disk_lost = true;
                let keys: Vec<MsgKey> = std::mem::take(&mut self.logs[usize::from(node.0)]).iter().copied().collect();
                self.mark_lost(*node, &keys, 0, e.at, CopyLoss::DiskLost);
                self.fault(e, FaultEvent::DiskLost { node: *node });
            }
            TraceKind::LogTruncated { node, from, to, reason } => {
                let log = &mut self.logs[usize::from(node.0)];
                let start = (*from as usize).min(log.len());
                let keys = log.split_off(start);
                let how = CopyLoss::from_reason(*reason);
                self.mark_lost(*node, &keys, *from, e.at, how);
                self.fault(e, FaultEvent::Truncated { node: *node, from: *from, to: *to, reason: *reason });
            }
            TraceKind::OffsetsReverted { node } => self.fault(e, FaultEvent::OffsetsReverted { node: *node }),
            TraceKind::NetDrop { from, to, kind, reason, msg, .. } => {
                if let Some(l) = msg.and_then(|m| self.life(m.key)).filter(|l| l.producer == *from) {
                    l.send_dropped = Some((e.at, *to, *reason));
                }
                if *reason != DropReason::DestinationDown {
                    let event = FaultEvent::Dropped { from: *from, to: *to, kind: *kind, reason: *reason, msg: *msg };
                    self.fault(e, event);
                }
            }
            TraceKind::Produced { producer, key } => {
                let topic = self.topic_of_key(*key);
                let subscribed: Vec<bool> = self.topo.group_topics.iter().map(|&t| t == topic).collect();
                let life = MessageLife::new(*key, *producer, e.at, &subscribed);
                if let Some(list) = self.messages.get_mut(usize::from(key.producer)) {
                    // Sequence numbers are dense: the n-th message goes at index n.
                    if list.len() == key.seq as usize {
                        list.push(life);
                    }
                }
                self.counts.produced += 1;
                self.series.produced();
            }
            TraceKind::OutboxStored { key, .. } => {
                if let Some(l) = self.life(*key) {
                    l.accepted = Some(e.at);
                }
            }
            TraceKind::OutboxResent { msg, .. } => {
                if let Some(l) = self.life(msg.key) {
                    l.resends.push((e.at, *msg));
                }
            }
            TraceKind::OutboxGaveUp { key, .. } => {
                if let Some(l) = self.life(*key) {
                    l.gave_up = Some(e.at);
                }
            }
            TraceKind::SendAttempt { msg, queue, .. } if queue.queue.kind == TopicRef::TransHalf => {
                self.on_half_attempt(msg.key);
            }
            TraceKind::SendResult { msg, status, .. }
                if self.half_result(e.at, msg.key, *status == SendStatus::SendOk) => {}
            TraceKind::Transaction { event } => {
                self.note(e.at, Some(event.message()), || Note::Tx(event.clone()));
                self.on_tx(e.at, event);
            }
            TraceKind::Ordering { event } => self.note(e.at, event.message(), || Note::Order(event.clone())),
            TraceKind::System { event } => self.note(e.at, event.message(), || Note::System(event.clone())),
            TraceKind::SendResult { msg, broker, status, .. } => {
                let mut first_ack = false;
                if let Some(l) = self.life(msg.key) {
                    if *status == SendStatus::SendOk {
                        if l.acked.is_none() {
                            l.acked = Some(Ack { at: e.at, msg: *msg, broker: *broker });
                            first_ack = true;
                        }
                    } else {
                        l.not_ok.push((e.at, *msg, *broker, *status));
                    }
                }
                if first_ack {
                    self.counts.acked += 1;
                }
            }
            TraceKind::SendFailed { msg, reason, .. } => {
                if let Some(l) = self.life(msg.key) {
                    l.send_failures.push((e.at, *msg, *reason));
                }
                self.counts.send_failed += 1;
            }
            TraceKind::Stored { node, msg, queue, queue_offset, log_offset, .. } => {
                self.on_stored(e, *node, *msg, (*queue, *queue_offset), *log_offset)
            }
            TraceKind::OffsetCommitted { broker, group, queue, offset, auto: true } => {
                self.auto_commits.insert((*broker, *group, *queue), *offset);
            }
            TraceKind::CopyStored { node, msg, replica } => self.on_copy(e, *node, *msg, *replica),
            TraceKind::CopyLost { node, msg, reason } => {
                let how = CopyLoss::from_reason(*reason);
                let mut leader_truncated = false;
                if let Some(life) = self.life(msg.key) {
                    let copy = life.copies.iter_mut().find(|c| c.node == *node && c.msg == *msg && c.lost.is_none());
                    if let Some(c) = copy {
                        c.lost = Some((e.at, how));
                        leader_truncated = !c.on_slave && how == CopyLoss::TruncatedToLeader;
                    }
                }
                if leader_truncated {
                    self.unstore_if_never_committed(msg.key);
                }
            }
            TraceKind::AutoAcked { group, msg, .. } => {
                self.handed_off.insert((*group, msg.key));
            }
            TraceKind::Delivered { consumer, group, msg, mq, queue_offset, from, reconsume } => {
                if self.is_rocketmq_broker(*from) {
                    let upto = self.read_upto.entry((*group, *mq)).or_insert(0);
                    *upto = (*upto).max(queue_offset + 1);
                }
                let auto_acked = self.auto_commits.get(&(*from, *group, mq.queue)).is_some_and(|&o| o > *queue_offset)
                    | self.handed_off.remove(&(*group, msg.key));
                let d = Delivery {
                    at: e.at,
                    consumer: *consumer,
                    msg: *msg,
                    mq: *mq,
                    queue_offset: *queue_offset,
                    from: *from,
                    reconsume: *reconsume,
                    auto_acked,
                };
                self.on_delivered(*group, d);
            }
            TraceKind::EffectApplied { consumer, group, msg, by } => {
                let a = Applied { at: e.at, consumer: *consumer, msg: *msg, by: *by };
                self.on_effect(*group, a);
            }
            TraceKind::DedupSkipped { consumer, group, msg, store } => {
                let s = Skipped { at: e.at, consumer: *consumer, msg: *msg, store: *store };
                let g = usize::from(group.0);
                let mut caught = false;
                if let Some(gl) = self.life(msg.key).and_then(|l| l.groups.get_mut(g)) {
                    caught = gl.processed();
                    gl.skips.push(s);
                }
                if caught {
                    self.counts.dedup_caught += 1;
                }
            }
            TraceKind::ConsumeFailed { group, msg, .. } => {
                if let Some(gl) = self.life(msg.key).and_then(|l| l.groups.get_mut(usize::from(group.0))) {
                    gl.failures.push(e.at);
                }
            }
            TraceKind::DeadLettered { msg, group, .. } => {
                let g = usize::from(group.0);
                let mut first = false;
                if let Some(gl) = self.life(msg.key).and_then(|l| l.groups.get_mut(g)) {
                    first = gl.dead_lettered.is_none() && !gl.processed();
                    gl.dead_lettered.get_or_insert(e.at);
                }
                if first {
                    self.counts.in_dlq += 1;
                    self.settled[g] += 1;
                }
            }
            TraceKind::DeliveryAbandoned { consumer, group, msg } => {
                if let Some(gl) = self.life(msg.key).and_then(|l| l.groups.get_mut(usize::from(group.0))) {
                    gl.abandoned.push((e.at, *consumer));
                }
            }
            TraceKind::RedisKeySet { group, msg, .. } => {
                if let Some(gl) = self.life(msg.key).and_then(|l| l.groups.get_mut(usize::from(group.0))) {
                    gl.redis_claims.push((e.at, *msg));
                }
            }
            TraceKind::RedisKeyExpired { group, msg } => {
                if let Some(gl) = self.life(msg.key).and_then(|l| l.groups.get_mut(usize::from(group.0))) {
                    gl.redis_expired.push(e.at);
                }
                self.fault(e, FaultEvent::RedisKeyExpired { group: *group, msg: *msg });
            }
            TraceKind::Rebalanced { consumer, group, .. } => {
                self.rebalances.push(RebalanceRecord { at: e.at, consumer: *consumer, group: *group });
            }
            _ => {}
        }
    }

    /// Keep an event about message `key` for its lifecycle.
    fn note(&mut self, at: SimTime, key: Option<MsgKey>, note: impl FnOnce() -> Note) {
        if let Some(life) = key.and_then(|k| self.life(k)) {
            life.notes.push((at, note()));
        }
    }

    fn on_stored(&mut self, e: &TraceEvent, node: NodeId, msg: MsgId, position: (QueueKey, u64), log_offset: u64) {
        let (queue, queue_offset) = position;
        let log = &mut self.logs[usize::from(node.0)];
        // Offsets are dense; a slave that diverged after a master crash may rewrite a position.
        let at = log_offset as usize;
        if at < log.len() {
            log.truncate(at);
        }
        log.push(msg.key);
        if queue.kind == TopicRef::Dlq {
            return;
        }
        let on_slave = self.is_slave(node);
        if matches!(queue.kind, TopicRef::TransHalf | TopicRef::TransOp) {
            return self.on_half_copy(e.at, node, msg.key, queue.kind, on_slave);
        }
        let read_past = if on_slave { 0 } else { self.groups_read_past(node, queue, queue_offset) };
        let copy =
            StoredCopy { node, msg, log_offset, queue: Some(position), read_past, at: e.at, on_slave, lost: None };
        let Some(life) = self.life(msg.key) else { return };
        let first_master = !on_slave && !life.copies.iter().any(|c| !c.on_slave);
        let first_slave = on_slave && !life.copies.iter().any(|c| c.on_slave);
        life.copies.push(copy);
        if first_master && queue.kind == TopicRef::Named {
            self.counts.stored += 1;
            let topic = usize::from(msg_topic(queue));
            if let Some(n) = self.stored_keys.get_mut(topic) {
                *n += 1;
            }
        }
        if first_slave && queue.kind == TopicRef::Named {
            self.counts.replicated += 1;
        }
    }

    /// The groups (a bit each) that had already read position `offset` of `queue` on master `node`'s
    /// broker group: the master gives a position again only after losing what was there.
    fn groups_read_past(&self, node: NodeId, queue: QueueKey, offset: u64) -> u8 {
        let Some(Role::Master { group: broker_group }) = self.topo.role(node) else { return 0 };
        let mq = MessageQueue { broker_group, queue };
        let groups = self.topo.consumer_groups.len().min(8);
        (0..groups)
            .filter(|&g| self.read_upto.get(&(GroupId(g as u8), mq)).is_some_and(|&upto| upto > offset))
            .fold(0, |bits, g| bits | 1 << g)
    }

    /// Another system's server holds a copy (`TraceKind::CopyStored`): the first copy on a leader
    /// counts as stored, the first on a follower as replicated.
    fn on_copy(&mut self, e: &TraceEvent, node: NodeId, msg: MsgId, replica: bool) {
        // No commit-log offset: these copies are lost one by one (`CopyLost`), never by range.
        let copy = StoredCopy {
            node,
            msg,
            log_offset: u64::MAX,
            queue: None,
            read_past: 0,
            at: e.at,
            on_slave: replica,
            lost: None,
        };
        let topic = usize::from(self.topic_of_key(msg.key));
        let raft = self.is_raft();
        let Some(life) = self.life(msg.key) else { return };
        // A leader's copy counts the message as stored again once none stands (a Raft entry
        // truncated before it committed, then appended anew by a later leader).
        let first = match replica {
            true => !life.copies.iter().any(|c| c.on_slave),
            false => !life.copies.iter().any(|c| super::stored::stands(c, raft)),
        };
        life.copies.push(copy);
        if first && !replica {
            self.counts.stored += 1;
            if let Some(n) = self.stored_keys.get_mut(topic) {
                *n += 1;
            }
        }
        if first && replica {
            self.counts.replicated += 1;
        }
    }

    fn mark_lost(&mut self, node: NodeId, keys: &[MsgKey], first_offset: u64, at: SimTime, how: CopyLoss) {
        for (i, key) in keys.iter().enumerate() {
            let offset = first_offset + i as u64;
            self.lost.touch(*key);
            if let Some(life) =
                self.messages.get_mut(usize::from(key.producer)).and_then(|l| l.get_mut(key.seq as usize))
            {
                for c in life.copies.iter_mut().filter(|c| c.node == node && c.log_offset == offset && c.lost.is_none())
                {
                    c.lost = Some((at, how));
                }
            }
        }
    }

    fn on_delivered(&mut self, group: GroupId, d: Delivery) {
        let g = usize::from(group.0);
        let Some(gl) = self.life(d.msg.key).and_then(|l| l.groups.get_mut(g)) else { return };
        let first = gl.deliveries.is_empty();
        let duplicate = gl.processed();
        gl.deliveries.push(d);
        self.counts.deliveries += 1;
        if first {
            self.counts.delivered += 1;
        } else {
            self.counts.redelivered += 1;
        }
        if duplicate {
            self.counts.duplicate_deliveries += 1;
        }
    }

    fn on_effect(&mut self, group: GroupId, a: Applied) {
        let g = usize::from(group.0);
        let Some(life) = self.life(a.msg.key) else { return };
        let born = life.born_at;
        let Some(gl) = life.groups.get_mut(g) else { return };
        let first = !gl.processed();
        let was_dlq = gl.dead_lettered.is_some();
        gl.effects.push(a);
        self.check_effect(a.at, group, a.msg.key, first);
        if first {
            self.counts.processed += 1;
            self.latencies_us.push(a.at.since(born));
            self.series.processed(g);
            if !was_dlq {
                self.settled[g] += 1;
            }
        } else {
            self.counts.duplicate_effects += 1;
        }
    }
}

/// The scenario topic of a named queue.
fn msg_topic(q: QueueKey) -> u8 {
    q.id
}
