//! The other messaging systems of the article, beside RocketMQ (whose nodes live in `nodes/`):
//! Kafka, RabbitMQ, a Raft-replicated queue and queues built on Redis. Each system is a module
//! with its own nodes, wire messages, timers and trace events. This module is the seam the world,
//! the topology and the checker call through, so that a system is added by writing its module,
//! not by editing the engine.
//!
//! What every system shares with RocketMQ, and so with the checker, the page and the tests: the
//! workload (`Produced`), sends and their results (`SendAttempt`, `SendResult`, `SendFailed`),
//! stored copies (`CopyStored`, `CopyLost`), deliveries and side effects (`Delivered`,
//! `EffectApplied`, `DedupSkipped`), and offsets (`OffsetCommitted`). What only one system has
//! (a leader election, the ISR shrinking, a requeue) is that system's `Event`, recorded as
//! `TraceKind::System`.

pub mod kafka;
pub mod rabbitmq;
pub mod raft;
pub mod redis_queue;
pub mod view;

pub use view::{Badge, ServerView, StripRole, StripView, Waiting};

use super::effects::Ctx;
use super::ids::{MsgId, MsgKey, NodeId};
use super::nodes::Node;
use super::topology::Topology;
use super::wire::{MsgKind, Payload};
use super::world::{DrainBlocker, World};
use crate::scenario::model::{Scenario, System};
use serde::{Deserialize, Serialize};

/// What a node of a system does. The world calls these; a node acts only through `ctx`.
pub trait SystemNode {
    type Timer;
    /// The node starts (first start, or a restart after a crash: it recovers from its disk).
    fn on_start(&mut self, ctx: &mut Ctx);
    /// The machine dies: forget what was only in memory. Its sends and timers die with it, so
    /// only trace events matter here.
    fn on_crash(&mut self, ctx: &mut Ctx);
    /// The disk is gone as well (the node has crashed first): trace every copy it held as lost.
    fn on_lose_disk(&mut self, ctx: &mut Ctx);
    /// A message arrived: the system's own (`Payload::System`), a dedup store's reply, or a
    /// connection event (`PeerDown`, `Undeliverable`).
    fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload);
    fn on_timer(&mut self, ctx: &mut Ctx, timer: Self::Timer);
    /// A consumer's time per message (the `slow_consumer` fault). False: not a consumer.
    fn set_processing_ms(&mut self, _ms: u64) -> bool {
        false
    }
    /// What the page draws of it (servers; clients draw without one).
    fn view(&self) -> Option<ServerView> {
        None
    }
    /// The requests a client waits on now (a consumer's pull, fetch or blocking pop).
    fn waiting(&self) -> Vec<Waiting> {
        Vec::new()
    }
    /// Whether this server holds request `no` of `client` unanswered (a long poll, a fetch wait,
    /// a BRPOP): the client's wait on it is not lost.
    fn holds(&self, _client: NodeId, _no: u32) -> bool {
        false
    }
    /// The message at `offset` of its strip number `strip` (`view().strips`), for the inspector.
    fn msg_at(&self, _strip: usize, _offset: u64) -> Option<MsgId> {
        None
    }
}

/// What a system's wire messages tell the network and the page.
pub trait SystemMsg {
    /// The kind the page colours the dot by and targeted faults select.
    fn kind(&self) -> MsgKind;
    /// The sender waits for an answer, so it should hear that the peer is unreachable.
    fn expects_reply(&self) -> bool;
    /// The message this is about (the first of a batch) and how many it carries.
    fn carried(&self) -> (Option<MsgId>, u16);
    /// The number of the consumer wait (`Waiting::no`) this message opens or answers: a pull, a
    /// fetch, a blocking pop, a connection attempt. None for every other message.
    fn wait_no(&self) -> Option<u32> {
        None
    }
}

/// The names of a system's server nodes. Coordinators (Kafka's controller) are drawn in the top
/// row where RocketMQ's NameServers stand; servers in the middle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerNames {
    pub coordinators: Vec<String>,
    pub servers: Vec<String>,
}

/// A node of one of the systems.
#[derive(Clone, Debug)]
pub enum SysNode {
    Kafka(kafka::Node),
    Rabbitmq(rabbitmq::Node),
    Raft(raft::Node),
    RedisQueue(redis_queue::Node),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SysTimer {
    Kafka(kafka::Timer),
    Rabbitmq(rabbitmq::Timer),
    Raft(raft::Timer),
    RedisQueue(redis_queue::Timer),
}

/// A wire message of one of the systems.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SysMsg {
    Kafka(kafka::Msg),
    Rabbitmq(rabbitmq::Msg),
    Raft(raft::Msg),
    RedisQueue(redis_queue::Msg),
}

/// A trace event only one system has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SysEvent {
    Kafka(kafka::Event),
    Rabbitmq(rabbitmq::Event),
    Raft(raft::Event),
    RedisQueue(redis_queue::Event),
}

impl SysEvent {
    /// The event in words, for the inspector and the lifecycle list.
    pub fn describe(&self, topo: &Topology, lang: crate::i18n::Lang) -> String {
        match self {
            SysEvent::Kafka(e) => e.describe(topo, lang),
            SysEvent::Rabbitmq(e) => e.describe(topo, lang),
            SysEvent::Raft(e) => e.describe(topo, lang),
            SysEvent::RedisQueue(e) => e.describe(topo, lang),
        }
    }

    /// A change of the cluster a learner should find on the timeline: a leader elected, a partition
    /// offline, the ISR shrinking, a server recovering its queues after a restart.
    pub fn notable(&self) -> bool {
        use kafka::Event as K;
        use raft::Event as R;
        match self {
            SysEvent::Kafka(e) => matches!(
                e,
                K::LeaderElected { .. } | K::PartitionOffline { .. } | K::IsrShrunk { .. } | K::SessionExpired { .. }
            ),
            SysEvent::Raft(e) => {
                matches!(e, R::LeaderElected { .. } | R::ElectionFailed { .. } | R::SteppedDown { .. })
            }
            SysEvent::Rabbitmq(e) => matches!(e, rabbitmq::Event::Recovered { .. }),
            SysEvent::RedisQueue(e) => matches!(e, redis_queue::Event::Loaded { .. }),
        }
    }

    /// The business message the event is about, if any (the inspector's lifecycle filter).
    pub fn message(&self) -> Option<MsgKey> {
        match self {
            SysEvent::Kafka(e) => e.message(),
            SysEvent::Rabbitmq(e) => e.message(),
            SysEvent::Raft(e) => e.message(),
            SysEvent::RedisQueue(e) => e.message(),
        }
    }
}

impl SystemMsg for SysMsg {
    fn kind(&self) -> MsgKind {
        match self {
            SysMsg::Kafka(m) => m.kind(),
            SysMsg::Rabbitmq(m) => m.kind(),
            SysMsg::Raft(m) => m.kind(),
            SysMsg::RedisQueue(m) => m.kind(),
        }
    }
    fn expects_reply(&self) -> bool {
        match self {
            SysMsg::Kafka(m) => m.expects_reply(),
            SysMsg::Rabbitmq(m) => m.expects_reply(),
            SysMsg::Raft(m) => m.expects_reply(),
            SysMsg::RedisQueue(m) => m.expects_reply(),
        }
    }
    fn carried(&self) -> (Option<MsgId>, u16) {
        match self {
            SysMsg::Kafka(m) => m.carried(),
            SysMsg::Rabbitmq(m) => m.carried(),
            SysMsg::Raft(m) => m.carried(),
            SysMsg::RedisQueue(m) => m.carried(),
        }
    }
    fn wait_no(&self) -> Option<u32> {
        match self {
            SysMsg::Kafka(m) => m.wait_no(),
            SysMsg::Rabbitmq(m) => m.wait_no(),
            SysMsg::Raft(m) => m.wait_no(),
            SysMsg::RedisQueue(m) => m.wait_no(),
        }
    }
}

impl SysNode {
    pub fn on_start(&mut self, ctx: &mut Ctx) {
        match self {
            SysNode::Kafka(n) => n.on_start(ctx),
            SysNode::Rabbitmq(n) => n.on_start(ctx),
            SysNode::Raft(n) => n.on_start(ctx),
            SysNode::RedisQueue(n) => n.on_start(ctx),
        }
    }
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        match self {
            SysNode::Kafka(n) => n.on_crash(ctx),
            SysNode::Rabbitmq(n) => n.on_crash(ctx),
            SysNode::Raft(n) => n.on_crash(ctx),
            SysNode::RedisQueue(n) => n.on_crash(ctx),
        }
    }
    pub fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        match self {
            SysNode::Kafka(n) => n.on_lose_disk(ctx),
            SysNode::Rabbitmq(n) => n.on_lose_disk(ctx),
            SysNode::Raft(n) => n.on_lose_disk(ctx),
            SysNode::RedisQueue(n) => n.on_lose_disk(ctx),
        }
    }
    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self {
            SysNode::Kafka(n) => n.on_message(ctx, from, payload),
            SysNode::Rabbitmq(n) => n.on_message(ctx, from, payload),
            SysNode::Raft(n) => n.on_message(ctx, from, payload),
            SysNode::RedisQueue(n) => n.on_message(ctx, from, payload),
        }
    }
    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: SysTimer) {
        match (self, timer) {
            (SysNode::Kafka(n), SysTimer::Kafka(t)) => n.on_timer(ctx, t),
            (SysNode::Rabbitmq(n), SysTimer::Rabbitmq(t)) => n.on_timer(ctx, t),
            (SysNode::Raft(n), SysTimer::Raft(t)) => n.on_timer(ctx, t),
            (SysNode::RedisQueue(n), SysTimer::RedisQueue(t)) => n.on_timer(ctx, t),
            _ => {}
        }
    }
    pub fn view(&self) -> Option<ServerView> {
        match self {
            SysNode::Kafka(n) => n.view(),
            SysNode::Rabbitmq(n) => n.view(),
            SysNode::Raft(n) => n.view(),
            SysNode::RedisQueue(n) => n.view(),
        }
    }
    pub fn waiting(&self) -> Vec<Waiting> {
        match self {
            SysNode::Kafka(n) => n.waiting(),
            SysNode::Rabbitmq(n) => n.waiting(),
            SysNode::Raft(n) => n.waiting(),
            SysNode::RedisQueue(n) => n.waiting(),
        }
    }
    pub fn holds(&self, client: NodeId, no: u32) -> bool {
        match self {
            SysNode::Kafka(n) => n.holds(client, no),
            SysNode::Rabbitmq(n) => n.holds(client, no),
            SysNode::Raft(n) => n.holds(client, no),
            SysNode::RedisQueue(n) => n.holds(client, no),
        }
    }
    pub fn msg_at(&self, strip: usize, offset: u64) -> Option<MsgId> {
        match self {
            SysNode::Kafka(n) => n.msg_at(strip, offset),
            SysNode::Rabbitmq(n) => n.msg_at(strip, offset),
            SysNode::Raft(n) => n.msg_at(strip, offset),
            SysNode::RedisQueue(n) => n.msg_at(strip, offset),
        }
    }
    pub fn set_processing_ms(&mut self, ms: u64) -> bool {
        match self {
            SysNode::Kafka(n) => n.set_processing_ms(ms),
            SysNode::Rabbitmq(n) => n.set_processing_ms(ms),
            SysNode::Raft(n) => n.set_processing_ms(ms),
            SysNode::RedisQueue(n) => n.set_processing_ms(ms),
        }
    }
}

/// The server and coordinator names of a scenario's system (none for RocketMQ, whose NameServers
/// and broker groups the topology names itself).
pub fn server_names(s: &Scenario) -> ServerNames {
    match &s.system {
        System::Rocketmq => ServerNames::default(),
        System::Kafka(k) => kafka::server_names(s, k),
        System::Rabbitmq(r) => rabbitmq::server_names(s, r),
        System::Raft(r) => raft::server_names(s, r),
        System::RedisQueue(r) => redis_queue::server_names(s, r),
    }
}

/// The node `id` of a scenario whose system is not RocketMQ (every role but the dedup DB and
/// Redis, which all systems share).
pub fn build_node(s: &Scenario, t: &Topology, id: NodeId) -> Node {
    let node = match &s.system {
        System::Rocketmq => unreachable!("RocketMQ nodes are built by world::build"),
        System::Kafka(k) => SysNode::Kafka(kafka::build_node(s, k, t, id)),
        System::Rabbitmq(r) => SysNode::Rabbitmq(rabbitmq::build_node(s, r, t, id)),
        System::Raft(r) => SysNode::Raft(raft::build_node(s, r, t, id)),
        System::RedisQueue(r) => SysNode::RedisQueue(redis_queue::build_node(s, r, t, id)),
    };
    Node::System(Box::new(node))
}

/// Whether the system's links hold frames across a partition, as TCP does
/// (`Network::hold_across_partitions`). Only RabbitMQ's: AMQP gives deliveries and acks no
/// timeout of their own and leaves them to TCP and heartbeats, so a frame lost for good on a live
/// connection would keep its message unacked, and the queue behind, for as long as it lives. The other systems' clients time out each
/// request and send it again, which dropping the frame shows as it happens.
pub fn links_hold(system: &System) -> bool {
    matches!(system, System::Rabbitmq(_))
}

/// The nodes that hold a connection to `id` and hear `PeerDown` when its machine dies.
pub fn connected_peers(s: &Scenario, t: &Topology, id: NodeId) -> Vec<NodeId> {
    match &s.system {
        System::Rocketmq => Vec::new(),
        System::Kafka(_) => kafka::connected_peers(t, id),
        System::Rabbitmq(_) => rabbitmq::connected_peers(t, id),
        System::Raft(_) => raft::connected_peers(t, id),
        System::RedisQueue(_) => redis_queue::connected_peers(t, id),
    }
}

/// What keeps a run of a non-RocketMQ system from being drained, at most `limit` items.
pub fn drain_blockers(w: &World, limit: usize) -> Vec<DrainBlocker> {
    match &w.scenario().system {
        System::Rocketmq => Vec::new(),
        System::Kafka(_) => kafka::drain_blockers(w, limit),
        System::Rabbitmq(_) => rabbitmq::drain_blockers(w, limit),
        System::Raft(_) => raft::drain_blockers(w, limit),
        System::RedisQueue(_) => redis_queue::drain_blockers(w, limit),
    }
}
