//! Building a world's nodes from a scenario: each node gets its settings, the ids it talks to, and
//! its own random stream.

use crate::scenario::model::Scenario;
use crate::sim::ids::NodeId;
use crate::sim::nodes::broker::Broker;
use crate::sim::nodes::consumer::Consumer;
use crate::sim::nodes::dedup_store::DedupStore;
use crate::sim::nodes::nameserver::NameServer;
use crate::sim::nodes::producer::Producer;
use crate::sim::nodes::Node;
use crate::sim::rng::SimRng;
use crate::sim::time::SimTime;
use crate::sim::topology::{Role, Topology};

/// Build the node with index `id` from the scenario.
pub(super) fn build_node(s: &Scenario, t: &Topology, id: NodeId) -> Node {
    let rng = |stream: u64| SimRng::new(s.seed, stream);
    let stream = u64::from(id.0);
    let role = t.role(id).unwrap_or(Role::NameServer);
    if !s.system.is_rocketmq() && !matches!(role, Role::Db | Role::Redis) {
        return crate::sim::systems::build_node(s, t, id);
    }
    match role {
        Role::NameServer => Node::NameServer(NameServer::new(s.nameservers.clone())),
        Role::Master { group } => {
            let slaves = &t.broker_groups[usize::from(group)].slaves;
            let ns = t.nameservers.clone();
            let reg = s.nameservers.register_interval_ms;
            let broker = Broker::new(group, 0, s.brokers.clone(), ns, reg, None, slaves);
            // The check service runs only where a producer sends half messages.
            let half = s.producers.iter().any(|p| p.tx_mode() == crate::scenario::model::TxMode::HalfMessage);
            let broker = if half { broker.with_transaction_checks(t.producers.clone()) } else { broker };
            Node::Broker(Box::new(broker))
        }
        Role::Slave { group, index } => {
            let master = t.broker_groups[usize::from(group)].master;
            let ns = t.nameservers.clone();
            let reg = s.nameservers.register_interval_ms;
            Node::Broker(Box::new(Broker::new(group, index + 1, s.brokers.clone(), ns, reg, Some(master), &[])))
        }
        Role::Producer { index } => {
            let spec = s.producers[usize::from(index)].clone();
            let topic = t.topic_index(&spec.topic).unwrap_or(0);
            let b = &s.brokers;
            Node::Producer(Box::new(
                Producer::new(
                    index,
                    spec,
                    topic,
                    b.queues_per_topic,
                    b.retry_another_broker_when_not_store_ok,
                    t.nameservers.clone(),
                    rng(stream),
                    SimTime::from_ms(s.duration_ms),
                )
                // A stream of its own (high bits 2), drawn only by a local transaction.
                .with_tx_rng(rng(stream | (2 << 32))),
            ))
        }
        Role::Consumer { group, .. } => {
            let spec = s.consumer_groups[usize::from(group.0)].clone();
            let topic = t.topic_index(&spec.topic).unwrap_or(0);
            Node::Consumer(Box::new(Consumer::new(
                group,
                spec,
                topic,
                s.brokers.queues_per_topic,
                t.nameservers.clone(),
                t.db,
                t.redis,
                s.stores.call_timeout_ms,
                rng(stream),
                rng(stream | (1 << 32)),
            )))
        }
        Role::Db => Node::Store(DedupStore::db(s.stores.db_txn_us)),
        Role::Redis => Node::Store(DedupStore::redis(s.stores.redis_op_us)),
        Role::Server { .. } | Role::Coordinator { .. } => unreachable!("only other systems than RocketMQ have them"),
    }
}
