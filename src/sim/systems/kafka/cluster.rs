//! The cluster every Kafka node knows from its configuration: the settings, which node is the
//! controller, the brokers, and where each partition's replicas live. Replicas are assigned
//! round-robin over the brokers, partition after partition, so partition 0 of the first topic has
//! kafka1 as its first replica — its preferred leader, the leader when the cluster starts.

use super::Tp;
use crate::scenario::model::Scenario;
use crate::scenario::systems::KafkaSettings;
use crate::sim::ids::{MessageQueue, NodeId, QueueKey};
use crate::sim::topology::Topology;

#[derive(Clone, Debug)]
pub struct Cluster {
    pub settings: KafkaSettings,
    pub controller: NodeId,
    pub brokers: Vec<NodeId>,
    pub topics: u8,
    /// The topics' names, for labels.
    pub topic_names: Vec<String>,
    pub partitions: u8,
    pub replication_factor: u8,
    /// The topic each consumer group reads.
    pub group_topics: Vec<u8>,
    pub group_names: Vec<String>,
    pub db: Option<NodeId>,
    pub redis: Option<NodeId>,
}

impl Cluster {
    pub fn new(s: &Scenario, k: &KafkaSettings, t: &Topology) -> Cluster {
        let brokers = t.servers.clone();
        let rf = k.replication_factor.clamp(1, (brokers.len() as u8).max(1));
        Cluster {
            settings: k.clone(),
            controller: t.coordinators.first().copied().unwrap_or_default(),
            brokers,
            topics: s.topics.len().clamp(1, usize::from(u8::MAX)) as u8,
            topic_names: s.topics.clone(),
            partitions: k.partitions.max(1),
            replication_factor: rf,
            group_topics: t.group_topics.clone(),
            group_names: t.group_names.clone(),
            db: t.db,
            redis: t.redis,
        }
    }

    /// Every partition of every topic, in order.
    pub fn all_partitions(&self) -> impl Iterator<Item = Tp> + '_ {
        (0..self.topics).flat_map(move |t| self.partitions_of(t))
    }

    /// The partitions of one topic.
    pub fn partitions_of(&self, topic: u8) -> impl Iterator<Item = Tp> {
        (0..self.partitions).map(move |p| QueueKey::named(topic, p))
    }

    /// The brokers holding a replica of `tp`, the preferred leader first.
    pub fn replicas(&self, tp: Tp) -> Vec<NodeId> {
        let n = self.brokers.len().max(1);
        let first = usize::from(tp.id) * usize::from(self.partitions) + usize::from(tp.queue);
        (0..usize::from(self.replication_factor)).filter_map(|j| self.brokers.get((first + j) % n).copied()).collect()
    }

    pub fn is_replica(&self, tp: Tp, broker: NodeId) -> bool {
        self.replicas(tp).contains(&broker)
    }

    /// The partitions with a replica on `broker`.
    pub fn hosted_by(&self, broker: NodeId) -> Vec<Tp> {
        self.all_partitions().filter(|&tp| self.is_replica(tp, broker)).collect()
    }

    pub fn is_broker(&self, id: NodeId) -> bool {
        self.brokers.contains(&id)
    }
}

/// A partition as Kafka's tools name it: `orders-0`.
pub fn partition_name(topics: &[String], tp: Tp) -> String {
    let topic = topics.get(usize::from(tp.id)).map_or("?", String::as_str);
    format!("{topic}-{}", tp.queue)
}

/// A partition as the checker names the queue a message was consumed from.
pub fn message_queue(tp: Tp) -> MessageQueue {
    MessageQueue { broker_group: 0, queue: tp }
}
