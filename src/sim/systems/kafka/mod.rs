//! Kafka 3.x with a ZooKeeper-style controller. Brokers `kafka1`…`kafkaN` hold the replicas of
//! each partition: the leader takes writes and reads, the followers fetch from it. One node,
//! `controller`, plays ZooKeeper (broker sessions, the metadata store), the controller (leader
//! elections, ISR changes) and the consumer groups' coordinator (membership, committed offsets).
//! Producers send each record to its partition's leader with acks 0, 1 or all, optionally as an
//! idempotent producer; consumers in a group split the partitions, fetch from the leaders below
//! the high watermark and commit their offsets to the coordinator. docs/architecture.md ("Kafka")
//! lists what is modelled and where mqlab simplifies.

mod broker;
mod client;
mod cluster;
mod consumer;
mod controller;
mod drain;
mod event;
mod log;
mod producer;
mod view;
mod wire;

pub use cluster::partition_name;
pub use drain::drain_blockers;
pub use event::Event;
pub use log::Entry;
pub use wire::{FetchResult, GroupError, MemberId, Msg, PartitionState, ProduceError, Record, ReplicaResult};

use super::{ServerNames, ServerView, SysEvent, SysMsg, SysTimer, SystemNode};
use crate::scenario::model::Scenario;
use crate::scenario::systems::kafka::{broker_name, CONTROLLER_NAME};
use crate::scenario::systems::KafkaSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{MsgId, NodeId, QueueKey};
use crate::sim::nodes::processing::ProcessTimer;
use crate::sim::topology::{Role, Topology};
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;
use cluster::Cluster;
use std::rc::Rc;

/// A partition (Kafka's TopicPartition): a named queue of a scenario topic, `QueueKey::named(topic,
/// partition)`, which is also how the checker names where a message was consumed from.
pub type Tp = QueueKey;

/// A timer of a Kafka node. Each node reacts only to its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// A broker's session heartbeat to the controller; a consumer's heartbeat to its coordinator.
    Heartbeat,
    /// A leader looks for followers that fell out of sync (every replica.lag.time.max.ms / 2).
    IsrCheck,
    /// The node's earliest deadline: held fetches, waiting produce requests, request timeouts,
    /// backoffs, sessions (one timer per node, see `nodes::deadline`).
    Deadlines,
    /// The controller creates the topics once the brokers are up.
    CreateTopics,
    /// The producer's application makes its next message.
    Produce,
    /// A client refreshes its metadata (metadata.max.age.ms).
    MetadataRefresh,
    /// A consumer's processing of the record in hand (`nodes::processing`).
    Process(ProcessTimer),
}

/// A Kafka node.
#[derive(Clone, Debug)]
pub enum Node {
    Broker(Box<broker::Broker>),
    Controller(Box<controller::Controller>),
    Producer(Box<producer::Producer>),
    Consumer(Box<consumer::Consumer>),
}

/// The engine's timer for one of ours.
fn timer(t: Timer) -> crate::sim::nodes::Timer {
    crate::sim::nodes::Timer::System(SysTimer::Kafka(t))
}

/// Send one of our messages.
fn send(ctx: &mut Ctx, to: NodeId, msg: Msg) {
    ctx.send(to, Payload::System(SysMsg::Kafka(msg)));
}

/// Record one of our events.
fn event(ctx: &mut Ctx, e: Event) {
    ctx.trace(TraceKind::System { event: SysEvent::Kafka(e) });
}

/// Our message inside a payload, if it is one.
fn ours(payload: Payload) -> Result<Msg, Payload> {
    match payload {
        Payload::System(SysMsg::Kafka(m)) => Ok(m),
        other => Err(other),
    }
}

impl SystemNode for Node {
    type Timer = Timer;

    fn on_start(&mut self, ctx: &mut Ctx) {
        match self {
            Node::Broker(n) => n.on_start(ctx),
            Node::Controller(n) => n.on_start(ctx),
            Node::Producer(n) => n.on_start(ctx),
            Node::Consumer(n) => n.on_start(ctx),
        }
    }

    fn on_crash(&mut self, ctx: &mut Ctx) {
        match self {
            Node::Broker(n) => n.on_crash(),
            Node::Controller(n) => n.on_crash(),
            Node::Producer(n) => n.on_crash(ctx),
            Node::Consumer(n) => n.on_crash(),
        }
    }

    fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        if let Node::Broker(n) = self {
            n.on_lose_disk(ctx);
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self {
            Node::Broker(n) => n.on_message(ctx, from, payload),
            Node::Controller(n) => n.on_message(ctx, from, payload),
            Node::Producer(n) => n.on_message(ctx, from, payload),
            Node::Consumer(n) => n.on_message(ctx, from, payload),
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        match self {
            Node::Broker(n) => n.on_timer(ctx, t),
            Node::Controller(n) => n.on_timer(ctx, t),
            Node::Producer(n) => n.on_timer(ctx, t),
            Node::Consumer(n) => n.on_timer(ctx, t),
        }
    }

    fn set_processing_ms(&mut self, ms: u64) -> bool {
        match self {
            Node::Consumer(n) => {
                n.set_processing_ms(ms);
                true
            }
            _ => false,
        }
    }

    fn view(&self) -> Option<ServerView> {
        match self {
            Node::Broker(n) => Some(n.view()),
            Node::Controller(n) => Some(n.view()),
            _ => None,
        }
    }

    fn holds(&self, client: NodeId, no: u32) -> bool {
        match self {
            Node::Broker(b) => b.holds(client, no),
            _ => false,
        }
    }

    fn waiting(&self) -> Vec<crate::sim::systems::Waiting> {
        match self {
            Node::Consumer(n) => n.waiting(),
            _ => Vec::new(),
        }
    }

    fn msg_at(&self, strip: usize, offset: u64) -> Option<MsgId> {
        match self {
            Node::Broker(n) => n.msg_at(strip, offset),
            _ => None,
        }
    }
}

/// The controller first (it plays ZooKeeper and the controller), then the brokers kafka1…kafkaN.
/// kafka1 is the preferred leader of the first partition, and so its leader when the run starts.
pub fn server_names(_s: &Scenario, k: &KafkaSettings) -> ServerNames {
    ServerNames {
        coordinators: vec![CONTROLLER_NAME.to_string()],
        servers: (0..k.broker_count()).map(broker_name).collect(),
    }
}

pub fn build_node(s: &Scenario, k: &KafkaSettings, t: &Topology, id: NodeId) -> Node {
    let cluster = Rc::new(Cluster::new(s, k, t));
    match t.role(id) {
        Some(Role::Server { .. }) => Node::Broker(Box::new(broker::Broker::new(cluster))),
        Some(Role::Producer { index }) => {
            let spec = &s.producers[usize::from(index)];
            let topic = t.producer_topics.get(usize::from(index)).copied().unwrap_or(0);
            let stop_at = crate::sim::time::SimTime::from_ms(s.duration_ms);
            Node::Producer(Box::new(producer::Producer::new(cluster, index, topic, spec.workload.clone(), stop_at)))
        }
        Some(Role::Consumer { group, .. }) => {
            let spec = s.consumer_groups[usize::from(group.0)].clone();
            let topic = t.group_topics.get(usize::from(group.0)).copied().unwrap_or(0);
            let call_timeout_ms = s.stores.call_timeout_ms;
            Node::Consumer(Box::new(consumer::Consumer::new(cluster, group, spec, topic, call_timeout_ms)))
        }
        _ => Node::Controller(Box::new(controller::Controller::new(cluster))),
    }
}

/// Who hears that `id`'s machine died (its connections reset): a broker is connected to every
/// other node but the stores; the controller to the brokers and consumers; a client to the
/// brokers and the controller; a dedup store to the consumers.
pub fn connected_peers(t: &Topology, id: NodeId) -> Vec<NodeId> {
    let consumers = || t.consumer_groups.iter().flatten().copied();
    let mut peers: Vec<NodeId> = match t.role(id) {
        Some(Role::Server { .. }) => {
            t.coordinators.iter().chain(&t.servers).chain(&t.producers).copied().chain(consumers()).collect()
        }
        Some(Role::Coordinator { .. }) => t.servers.iter().copied().chain(consumers()).collect(),
        Some(Role::Producer { .. }) => t.servers.clone(),
        Some(Role::Consumer { .. }) => {
            t.servers.iter().chain(&t.coordinators).copied().chain(t.db).chain(t.redis).collect()
        }
        Some(Role::Db | Role::Redis) => consumers().collect(),
        _ => Vec::new(),
    };
    peers.retain(|&p| p != id);
    peers
}
