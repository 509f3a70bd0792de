//! Who is in the cluster: every node's name and role, derived from a scenario. Names are what the
//! learner sees and what commands use: ns1, broker-a/master, broker-a/slave1, p1, billing/c1, db, redis.

use super::ids::{broker_group_name, GroupId, MsgId, MsgKey, NodeId, QueueKey, TopicRef};
use crate::scenario::model::{Dedup, Scenario, System};
use crate::scenario::systems::SystemKind;
use serde::{Deserialize, Serialize};

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Role {
    NameServer,
    Master {
        group: u8,
    },
    Slave {
        group: u8,
        index: u8,
    },
    Producer {
        index: u8,
    },
    Consumer {
        group: GroupId,
        member: u8,
    },
    Db,
    Redis,
    /// A server of another system than RocketMQ: a Kafka broker, the RabbitMQ node, a Raft
    /// replica, the Redis server holding the queue (`sim::systems`).
    Server {
        index: u8,
    },
    /// A coordinator of another system: Kafka's controller (ZooKeeper's role).
    Coordinator {
        index: u8,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInfo {
    pub name: String,
    pub role: Role,
}

/// The master and slaves of one broker group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerGroupNodes {
    pub name: String,
    pub master: NodeId,
    pub slaves: Vec<NodeId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topology {
    pub nodes: Vec<NodeInfo>,
    pub nameservers: Vec<NodeId>,
    pub broker_groups: Vec<BrokerGroupNodes>,
    pub producers: Vec<NodeId>,
    /// Members of each consumer group, by group index.
    pub consumer_groups: Vec<Vec<NodeId>>,
    pub group_names: Vec<String>,
    /// The topic each consumer group subscribes to (index into `topics`).
    pub group_topics: Vec<u8>,
    /// The topic each producer sends to, by producer index.
    pub producer_topics: Vec<u8>,
    /// Each producer's number of business keys (`order_keys`; 0: its messages have no key).
    pub producer_order_keys: Vec<u32>,
    pub topics: Vec<String>,
    pub db: Option<NodeId>,
    pub redis: Option<NodeId>,
    /// Another system's servers and coordinators (empty for RocketMQ; see `Role::Server`).
    pub servers: Vec<NodeId>,
    pub coordinators: Vec<NodeId>,
    /// The system the cluster runs, with its settings: the words for its messages, its acks and
    /// what a crash loses depend on it.
    pub system: System,
}

/// Index of a topic by name (an empty or unknown name means the first topic).
fn topic_of(s: &Scenario, name: &str) -> u8 {
    s.topics.iter().position(|t| t == name).unwrap_or(0) as u8
}

/// The name a producer gets when its spec leaves it empty.
pub fn default_producer_name(index: usize) -> String {
    format!("p{}", index + 1)
}

impl Topology {
    /// The cluster a scenario describes. Counts are taken as given (validation bounds them first).
    pub fn from_scenario(s: &Scenario) -> Topology {
        let mut nodes = Vec::new();
        let mut add = |name: String, role: Role| {
            nodes.push(NodeInfo { name, role });
            NodeId((nodes.len() - 1) as u16)
        };
        // Only RocketMQ has NameServers and broker groups; another system names its own servers.
        let rocketmq = s.system.is_rocketmq();
        let system = crate::sim::systems::server_names(s);
        let coordinators = system
            .coordinators
            .into_iter()
            .enumerate()
            .map(|(i, name)| add(name, Role::Coordinator { index: i as u8 }))
            .collect();
        let servers = system
            .servers
            .into_iter()
            .enumerate()
            .map(|(i, name)| add(name, Role::Server { index: i as u8 }))
            .collect();
        let nameservers = (0..if rocketmq { s.nameservers.count } else { 0 })
            .map(|i| add(format!("ns{}", i + 1), Role::NameServer))
            .collect();
        let broker_groups = (0..if rocketmq { s.brokers.groups } else { 0 })
            .map(|g| {
                let name = broker_group_name(g);
                let master = add(format!("{name}/master"), Role::Master { group: g });
                let slaves = (0..s.brokers.slaves)
                    .map(|i| add(format!("{name}/slave{}", i + 1), Role::Slave { group: g, index: i }))
                    .collect();
                BrokerGroupNodes { name, master, slaves }
            })
            .collect();
        let producers = s
            .producers
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let name = if p.name.is_empty() { default_producer_name(i) } else { p.name.clone() };
                add(name, Role::Producer { index: i as u8 })
            })
            .collect();
        let consumer_groups = s
            .consumer_groups
            .iter()
            .enumerate()
            .map(|(g, spec)| {
                (0..spec.members)
                    .map(|m| {
                        add(format!("{}/c{}", spec.name, m + 1), Role::Consumer { group: GroupId(g as u8), member: m })
                    })
                    .collect()
            })
            .collect();
        let uses = |f: fn(&Dedup) -> bool| s.consumer_groups.iter().any(|g| f(&g.dedup));
        let db = uses(|d| matches!(d, Dedup::DbUniqueKey { .. })).then(|| add("db".into(), Role::Db));
        let redis = uses(|d| matches!(d, Dedup::RedisSetnx { .. })).then(|| add("redis".into(), Role::Redis));
        Topology {
            nodes,
            nameservers,
            broker_groups,
            producers,
            consumer_groups,
            group_names: s.consumer_groups.iter().map(|g| g.name.clone()).collect(),
            group_topics: s.consumer_groups.iter().map(|g| topic_of(s, &g.topic)).collect(),
            producer_topics: s.producers.iter().map(|p| topic_of(s, &p.topic)).collect(),
            producer_order_keys: s.producers.iter().map(|p| p.order_keys).collect(),
            topics: s.topics.clone(),
            db,
            redis,
            servers,
            coordinators,
            system: s.system.clone(),
        }
    }

    /// A business message as the learner reads it: its producer's name and its number ("shop-17").
    pub fn message_name(&self, key: MsgKey) -> String {
        match self.producers.get(usize::from(key.producer)) {
            Some(&p) => format!("{}-{}", self.name(p), key.seq),
            None => format!("{}-{}", default_producer_name(usize::from(key.producer)), key.seq),
        }
    }

    /// A message id: the business message, plus "~n" for the n-th resend by the producer.
    pub fn msg_id_name(&self, id: MsgId) -> String {
        if id.gen == 0 {
            self.message_name(id.key)
        } else {
            format!("{}~{}", self.message_name(id.key), id.gen)
        }
    }

    /// A queue as RocketMQ's tools name it: `orders#2`, `%RETRY%billing`, `%DLQ%billing`.
    pub fn queue_name(&self, q: QueueKey) -> String {
        let group = |g: u8| self.group_names.get(usize::from(g)).map_or("?", String::as_str);
        match q.kind {
            TopicRef::Named => {
                format!("{}#{}", self.topics.get(usize::from(q.id)).map_or("?", String::as_str), q.queue)
            }
            TopicRef::Retry => format!("%RETRY%{}", group(q.id)),
            TopicRef::Dlq => format!("%DLQ%{}", group(q.id)),
            TopicRef::Schedule => format!("SCHEDULE_TOPIC#{}", q.id),
            TopicRef::TransHalf => "RMQ_SYS_TRANS_HALF_TOPIC".to_string(),
            TopicRef::TransOp => "RMQ_SYS_TRANS_OP_HALF_TOPIC".to_string(),
        }
    }

    /// Which system the cluster runs, without its settings.
    pub fn system_kind(&self) -> SystemKind {
        self.system.which()
    }

    pub fn find(&self, name: &str) -> Option<NodeId> {
        self.nodes.iter().position(|n| n.name == name).map(|i| NodeId(i as u16))
    }

    pub fn name(&self, id: NodeId) -> &str {
        self.nodes.get(usize::from(id.0)).map_or("?", |n| n.name.as_str())
    }

    pub fn role(&self, id: NodeId) -> Option<Role> {
        self.nodes.get(usize::from(id.0)).map(|n| n.role)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Index of a topic by name; an empty name means the first topic.
    pub fn topic_index(&self, name: &str) -> Option<u8> {
        if name.is_empty() {
            return (!self.topics.is_empty()).then_some(0);
        }
        self.topics.iter().position(|t| t == name).map(|i| i as u8)
    }
}
