//! When is a run over? After its duration the cluster keeps running until it is quiet: producers
//! done and confirmed, every queue that can still be read consumed and acknowledged by every group,
//! no retry waiting, nothing left inside a consumer. What still blocks that is reported, so a run
//! that never drains says why.

use super::{NodeStatus, World};
use crate::sim::ids::{GroupId, NodeId, QueueKey};
use serde::Serialize;

/// Something that keeps the run from being drained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DrainBlocker {
    /// A producer still has messages to make, send or confirm.
    ProducerBusy { producer: NodeId },
    /// A consumer holds messages it has not finished.
    ConsumerBusy { consumer: NodeId, messages: u64 },
    /// A group has not consumed and acknowledged everything in a queue of a broker that is up.
    QueueBehind { group: GroupId, broker: NodeId, queue: QueueKey, behind: u64 },
    /// Messages of a group wait in a broker's schedule queues for their retry.
    RetriesPending { group: GroupId, broker: NodeId },
    /// Half messages on a master still wait for END_TRANSACTION or a check-back.
    TransactionsPending { broker: NodeId, halves: u64 },
}

impl World {
    /// True when nothing is left to do (see the module doc).
    pub fn is_drained(&self) -> bool {
        self.drain_blockers(1).is_empty()
    }

    /// What keeps the run from being drained, at most `limit` items. A group whose members are all
    /// down, and a broker group with no broker up, block nothing: nothing more can happen there.
    pub fn drain_blockers(&self, limit: usize) -> Vec<DrainBlocker> {
        if !self.scenario().system.is_rocketmq() {
            return crate::sim::systems::drain_blockers(self, limit);
        }
        let mut out = Vec::new();
        let t = self.topology();
        for &p in &t.producers {
            if out.len() >= limit {
                return out;
            }
            if !self.status(p).is_down() && !self.producer(p).is_some_and(|pr| pr.is_idle(self.now())) {
                out.push(DrainBlocker::ProducerBusy { producer: p });
            }
        }
        for bg in &t.broker_groups {
            if self.status(bg.master) != NodeStatus::Up || out.len() >= limit {
                continue;
            }
            let halves = self.broker(bg.master).map_or(0, |b| b.pending_halves() as u64);
            if halves > 0 {
                out.push(DrainBlocker::TransactionsPending { broker: bg.master, halves });
            }
        }
        for (g, members) in t.consumer_groups.iter().enumerate() {
            let group = GroupId(g as u8);
            if members.iter().all(|&m| self.status(m).is_down()) {
                continue;
            }
            for &m in members {
                let messages = self.consumer(m).map_or(0, |c| c.backlog() as u64);
                if messages > 0 && out.len() < limit {
                    out.push(DrainBlocker::ConsumerBusy { consumer: m, messages });
                }
            }
            let topic = t.group_topics.get(g).copied().unwrap_or(0);
            for bg in &t.broker_groups {
                let up = std::iter::once(bg.master).chain(bg.slaves.iter().copied());
                let Some(node) = up.clone().find(|&n| self.status(n) == NodeStatus::Up) else { continue };
                let Some(b) = self.broker(node) else { continue };
                let queues = (0..self.scenario().brokers.queues_per_topic)
                    .map(|q| QueueKey::named(topic, q))
                    .chain(std::iter::once(QueueKey::retry(group)));
                for queue in queues {
                    let behind = b.log().queue_len(queue).saturating_sub(b.offsets().get(group, queue).unwrap_or(0));
                    if behind > 0 && out.len() < limit {
                        out.push(DrainBlocker::QueueBehind { group, broker: node, queue, behind });
                    }
                }
                if node == bg.master && b.has_pending_retries(group) && out.len() < limit {
                    out.push(DrainBlocker::RetriesPending { group, broker: node });
                }
            }
        }
        out
    }
}
