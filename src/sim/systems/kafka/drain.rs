//! When is a Kafka run over? Producers have nothing left to send or confirm, no consumer holds a
//! record it has not finished, and every group has committed everything readable (below the high
//! watermark) in each partition whose leader is up. A partition with no live leader, a group with
//! every member down, and a coordinator that is down block nothing: nothing more can happen there.

use super::{Node, Tp};
use crate::sim::ids::{GroupId, NodeId};
use crate::sim::systems::SysNode;
use crate::sim::world::{DrainBlocker, World};

fn kafka(w: &World, id: NodeId) -> Option<&Node> {
    match w.system_node(id) {
        Some(SysNode::Kafka(n)) => Some(n),
        _ => None,
    }
}

pub fn drain_blockers(w: &World, limit: usize) -> Vec<DrainBlocker> {
    let mut out = Vec::new();
    let t = w.topology();
    let now = w.now();
    for &p in &t.producers {
        let busy = matches!(kafka(w, p), Some(Node::Producer(pr)) if !pr.is_idle(now));
        if busy && !w.status(p).is_down() && out.len() < limit {
            out.push(DrainBlocker::ProducerBusy { producer: p });
        }
    }
    let controller = t.coordinators.first().copied();
    let committed = |group: GroupId, tp: Tp| match controller.and_then(|c| kafka(w, c)) {
        Some(Node::Controller(c)) => c.committed(group, tp),
        _ => None,
    };
    let coordinator_up = controller.is_some_and(|c| !w.status(c).is_down());
    let partitions = match &w.scenario().system {
        crate::scenario::model::System::Kafka(k) => k.partitions.max(1),
        _ => 1,
    };
    for (g, members) in t.consumer_groups.iter().enumerate() {
        let group = GroupId(g as u8);
        if members.iter().all(|&m| w.status(m).is_down()) {
            continue;
        }
        for &m in members {
            let held = match kafka(w, m) {
                Some(Node::Consumer(c)) if !w.status(m).is_down() => c.held(),
                _ => 0,
            };
            if held > 0 && out.len() < limit {
                out.push(DrainBlocker::ConsumerBusy { consumer: m, messages: held });
            }
        }
        if !coordinator_up {
            continue;
        }
        let topic = t.group_topics.get(g).copied().unwrap_or(0);
        for p in 0..partitions {
            let tp = crate::sim::ids::QueueKey::named(topic, p);
            let Some((broker, hw)) = leader_hw(w, tp) else { continue };
            let behind = hw.saturating_sub(committed(group, tp).unwrap_or(0));
            if behind > 0 && out.len() < limit {
                out.push(DrainBlocker::QueueBehind { group, broker, queue: tp, behind });
            }
        }
    }
    out
}

/// The live broker leading `tp` in the newest epoch, and its high watermark.
fn leader_hw(w: &World, tp: Tp) -> Option<(NodeId, u64)> {
    w.topology()
        .servers
        .iter()
        .filter(|&&b| !w.status(b).is_down())
        .filter_map(|&b| match kafka(w, b) {
            Some(Node::Broker(br)) => br.led(tp).map(|(epoch, hw)| (epoch, b, hw)),
            _ => None,
        })
        .max_by_key(|&(epoch, b, _)| (epoch, std::cmp::Reverse(b)))
        .map(|(_, b, hw)| (b, hw))
}
