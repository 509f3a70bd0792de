//! RabbitMQ 3.x, one node (`rabbit`), classic queues: each scenario topic is a queue, published
//! to through the default exchange and consumed by one consumer group whose members compete for
//! its messages. What the learner can break: transient messages and non-durable queues (a restart
//! loses them), the fsync window (persistent messages written but not yet synced), publishing
//! without confirms (nobody learns of a loss), auto ack (a consumer crash loses what it held), a
//! lost basic.ack (TCP cannot lose one frame: the connection breaks and the node redelivers), and
//! nacks (requeue, dead-letter, or drop).
//!
//! `broker` is the node, `publisher` and `consumer` the clients (both keep their connection in
//! `link`), `wire` the AMQP frames, `event` what only RabbitMQ records.

mod broker;
mod consumer;
pub mod event;
mod link;
mod publisher;
pub mod wire;

pub use event::Event;
pub use wire::Msg;

use super::{ServerNames, SysMsg, SysNode, SysTimer, SystemNode};
use crate::scenario::model::Scenario;
use crate::scenario::systems::rabbitmq::SERVER_NAME;
use crate::scenario::systems::RabbitSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MsgId, NodeId, QueueKey};
use crate::sim::nodes::processing::{ProcessTimer, Stores};
use crate::sim::rng::SimRng;
use crate::sim::time::SimTime;
use crate::sim::topology::{Role, Topology};
use crate::sim::wire::Payload;
use crate::sim::world::{DrainBlocker, NodeStatus, World};
use broker::Broker;
use consumer::Consumer;
use publisher::Publisher;

/// A node of a RabbitMQ cluster.
#[derive(Clone, Debug)]
pub enum Node {
    Broker(Box<Broker>),
    Publisher(Box<Publisher>),
    Consumer(Box<Consumer>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// The node's message store syncs what waits to disk.
    Fsync,
    /// The node's heartbeat round over its connections.
    BrokerHeartbeat,
    /// The oldest unacked delivery reached consumer_timeout.
    AckTimeouts,
    /// The application makes its next message.
    Produce,
    /// The earliest unconfirmed publish is overdue.
    ConfirmDeadlines,
    /// Try to reconnect.
    Reconnect,
    /// Connection attempt number `attempt` has had no answer for the connect timeout.
    ConnectTimeout { attempt: u32 },
    /// A client's heartbeat round.
    ClientHeartbeat,
    /// A consumer's processing of the message in hand (`nodes::processing`).
    Process(ProcessTimer),
}

/// A timer of this system, as the world takes it.
fn timer(t: Timer) -> crate::sim::nodes::Timer {
    crate::sim::nodes::Timer::System(SysTimer::Rabbitmq(t))
}

/// Send an AMQP frame.
fn send(ctx: &mut Ctx, to: NodeId, m: Msg) {
    ctx.send(to, Payload::System(SysMsg::Rabbitmq(m)));
}

impl SystemNode for Node {
    type Timer = Timer;

    fn on_start(&mut self, ctx: &mut Ctx) {
        match self {
            Node::Broker(b) => b.on_start(ctx),
            Node::Publisher(p) => p.on_start(ctx),
            Node::Consumer(c) => c.on_start(ctx),
        }
    }

    fn on_crash(&mut self, ctx: &mut Ctx) {
        match self {
            Node::Broker(b) => b.on_crash(ctx),
            Node::Publisher(p) => p.on_crash(ctx),
            Node::Consumer(c) => c.on_crash(),
        }
    }

    fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        if let Node::Broker(b) = self {
            b.on_lose_disk(ctx);
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self {
            Node::Broker(b) => b.on_message(ctx, from, payload),
            Node::Publisher(p) => p.on_message(ctx, from, payload),
            Node::Consumer(c) => c.on_message(ctx, from, payload),
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        match self {
            Node::Broker(b) => b.on_timer(ctx, t),
            Node::Publisher(p) => p.on_timer(ctx, t),
            Node::Consumer(c) => c.on_timer(ctx, t),
        }
    }

    fn set_processing_ms(&mut self, ms: u64) -> bool {
        match self {
            Node::Consumer(c) => {
                c.set_processing_ms(ms);
                true
            }
            _ => false,
        }
    }

    fn waiting(&self) -> Vec<crate::sim::systems::Waiting> {
        match self {
            Node::Consumer(c) => c.waiting(),
            _ => Vec::new(),
        }
    }

    fn view(&self) -> Option<super::ServerView> {
        match self {
            Node::Broker(b) => Some(b.view()),
            _ => None,
        }
    }

    fn msg_at(&self, strip: usize, offset: u64) -> Option<MsgId> {
        match self {
            Node::Broker(b) => b.msg_at(strip, offset),
            _ => None,
        }
    }
}

/// One node, named `rabbit`: the home of every queue, so "crash the first server" crashes them all.
pub fn server_names(_s: &Scenario, _settings: &RabbitSettings) -> ServerNames {
    ServerNames { coordinators: Vec::new(), servers: vec![SERVER_NAME.to_string()] }
}

pub fn build_node(s: &Scenario, r: &RabbitSettings, t: &Topology, id: NodeId) -> Node {
    let server = t.servers.first().copied().unwrap_or_default();
    match t.role(id) {
        Some(Role::Producer { index }) => {
            let spec = s.producers.get(usize::from(index)).cloned().unwrap_or_default();
            let topic = t.producer_topics.get(usize::from(index)).copied().unwrap_or(0);
            let stop_at = SimTime::from_ms(s.duration_ms);
            Node::Publisher(Box::new(Publisher::new(index, &spec, topic, r, server, stop_at)))
        }
        Some(Role::Consumer { group, .. }) => {
            let g = usize::from(group.0);
            let spec = s
                .consumer_groups
                .get(g)
                .cloned()
                .unwrap_or_else(|| crate::scenario::model::ConsumerGroupSpec::named("?"));
            let topic = t.group_topics.get(g).copied().unwrap_or(0);
            let stores = Stores { db: t.db, redis: t.redis, call_timeout_ms: s.stores.call_timeout_ms };
            let rng = SimRng::new(s.seed, u64::from(id.0));
            Node::Consumer(Box::new(Consumer::new(group, spec, topic, r, server, stores, rng)))
        }
        // The only other role this system builds is its one server.
        _ => Node::Broker(Box::new(Broker::new(r.clone(), t))),
    }
}

/// Who hears a node's connections reset when its machine dies: the node's clients, and the
/// node (and a consumer's dedup stores) for a client.
pub fn connected_peers(t: &Topology, id: NodeId) -> Vec<NodeId> {
    let consumers = || t.consumer_groups.iter().flatten().copied();
    match t.role(id) {
        Some(Role::Server { .. }) => t.producers.iter().copied().chain(consumers()).collect(),
        Some(Role::Producer { .. }) => t.servers.clone(),
        Some(Role::Consumer { .. }) => t.servers.iter().copied().chain(t.db).chain(t.redis).collect(),
        Some(Role::Db | Role::Redis) => consumers().collect(),
        _ => Vec::new(),
    }
}

fn node(w: &World, id: NodeId) -> Option<&Node> {
    match w.system_node(id)? {
        SysNode::Rabbitmq(n) => Some(n),
        _ => None,
    }
}

/// Not drained while a publisher has messages to make, publish or get confirmed, a consumer
/// holds unfinished deliveries, or a queue with live consumers still holds messages (ready or
/// unacked) on a node that is up.
pub fn drain_blockers(w: &World, limit: usize) -> Vec<DrainBlocker> {
    let t = w.topology();
    let mut out = Vec::new();
    for &p in &t.producers {
        let busy = matches!(node(w, p), Some(Node::Publisher(pb)) if !pb.is_idle(w.now()));
        if busy && !w.status(p).is_down() {
            out.push(DrainBlocker::ProducerBusy { producer: p });
        }
    }
    let server = t.servers.first().copied();
    for (g, members) in t.consumer_groups.iter().enumerate() {
        if members.iter().all(|&m| w.status(m).is_down()) {
            continue;
        }
        for &m in members {
            if let Some(Node::Consumer(c)) = node(w, m) {
                let messages = c.backlog() as u64;
                if messages > 0 {
                    out.push(DrainBlocker::ConsumerBusy { consumer: m, messages });
                }
            }
        }
        let topic = t.group_topics.get(g).copied().unwrap_or(0);
        let Some(server) = server.filter(|&s| w.status(s) == NodeStatus::Up) else { continue };
        if let Some(Node::Broker(b)) = node(w, server) {
            let behind = b.queue_len(topic);
            if behind > 0 {
                let (group, queue) = (GroupId(g as u8), QueueKey::named(topic, 0));
                out.push(DrainBlocker::QueueBehind { group, broker: server, queue, behind });
            }
        }
    }
    out.truncate(limit);
    out
}
