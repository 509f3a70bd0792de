//! A Raft-replicated message queue, as RocketMQ on DLedger, Tencent CMQ and RabbitMQ quorum queues
//! build one: a few replicas (node1 … node5) hold one replicated log. They elect a leader with
//! terms and votes; the leader appends each message to its log, copies it to the followers with
//! AppendEntries, and answers SEND_OK only once a majority stores it (the entry is committed).
//! Consumers read committed entries from the leader, and their offset commits go through the log
//! as well, so a new leader knows them. Lose a majority and nothing commits: the queue stops.
//!
//! Sub-modules: `log` (the replicated log and what a replica keeps on disk), `msg` (what the nodes
//! send each other), `replica` (election, replication, serving clients), `producer`, `consumer`,
//! `finder` (how a client finds the leader), `event` (what the trace records of elections).

mod consumer;
mod event;
mod finder;
mod log;
mod msg;
mod producer;
mod replica;

pub use event::{Event, StepDownReason};
pub use log::{Body, Entry};
pub use msg::{Msg, PullOutcome, Pulled, SendOutcome};
pub use replica::{Replica, Role};

use super::{ServerNames, ServerView, SystemNode};
use crate::scenario::model::Scenario;
use crate::scenario::systems::raft::replica_name;
use crate::scenario::systems::RaftSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MsgId, NodeId, QueueKey};
use crate::sim::nodes::processing::{ProcessTimer, Stores};
use crate::sim::rng::SimRng;
use crate::sim::time::SimTime;
use crate::sim::topology::{Role as TopoRole, Topology};
use crate::sim::wire::Payload;
use crate::sim::world::{DrainBlocker, NodeStatus, World};

/// A node of the Raft queue.
#[derive(Clone, Debug)]
pub enum Node {
    Replica(Box<replica::Replica>),
    Producer(Box<producer::Producer>),
    Consumer(Box<consumer::Consumer>),
}

/// Every timer of the Raft queue's nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// A follower's or candidate's election timeout may have run out.
    Election,
    /// The leader of `term` sends its AppendEntries round (a heartbeat when there is nothing new).
    Heartbeat { term: u64 },
    /// The earliest uncommitted send's commit timeout may have run out.
    CommitTimeouts,
    /// The earliest held pull's long-polling time may have run out.
    HeldPulls,
    /// The page cache is written to disk (fsync off).
    Flush,
    /// The producer's application makes its next message.
    Produce,
    /// The earliest send's budget may be spent.
    SendDeadlines,
    /// A consumer pulls again (after a failure, or to find the leader).
    Pull,
    /// A pull went unanswered.
    PullTimeout { req: u32 },
    /// A consumer sends its offsets (its acknowledgements) to the leader.
    CommitOffsets,
    /// A consumer's processing of the message in hand (`nodes::processing`).
    Process(ProcessTimer),
}

impl SystemNode for Node {
    type Timer = Timer;

    fn on_start(&mut self, ctx: &mut Ctx) {
        match self {
            Node::Replica(n) => n.on_start(ctx),
            Node::Producer(n) => n.on_start(ctx),
            Node::Consumer(n) => n.on_start(ctx),
        }
    }

    fn on_crash(&mut self, ctx: &mut Ctx) {
        match self {
            Node::Replica(n) => n.on_crash(ctx),
            Node::Producer(n) => n.on_crash(ctx),
            Node::Consumer(n) => n.on_crash(),
        }
    }

    fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        if let Node::Replica(n) = self {
            n.on_lose_disk(ctx);
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self {
            Node::Replica(n) => n.on_message(ctx, from, payload),
            Node::Producer(n) => n.on_message(ctx, from, payload),
            Node::Consumer(n) => n.on_message(ctx, from, payload),
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match self {
            Node::Replica(n) => n.on_timer(ctx, timer),
            Node::Producer(n) => n.on_timer(ctx, timer),
            Node::Consumer(n) => n.on_timer(ctx, timer),
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
            Node::Replica(n) => Some(n.view()),
            _ => None,
        }
    }

    fn holds(&self, client: NodeId, no: u32) -> bool {
        match self {
            Node::Replica(r) => r.holds(client, no),
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
            Node::Replica(n) if strip == 0 => n.msg_at(offset),
            _ => None,
        }
    }
}

impl Node {
    /// The replica, if this node is one (tests and the drain check read its state).
    pub fn replica(&self) -> Option<&replica::Replica> {
        match self {
            Node::Replica(r) => Some(r),
            _ => None,
        }
    }
}

/// A timer of this system, as the world carries it.
fn wrap(t: Timer) -> crate::sim::nodes::Timer {
    crate::sim::nodes::Timer::System(super::SysTimer::Raft(t))
}

/// A message of this system, as the network carries it.
fn wire(m: Msg) -> Payload {
    Payload::System(super::SysMsg::Raft(m))
}

/// The replicas: node1 … node5. node1 is the preferred leader.
pub fn server_names(_s: &Scenario, settings: &RaftSettings) -> ServerNames {
    let replicas = settings.replicas.clamp(1, crate::scenario::systems::raft::MAX_REPLICAS);
    ServerNames { coordinators: Vec::new(), servers: (0..replicas).map(replica_name).collect() }
}

/// The consume queues of `topic`.
fn queues_of(topic: u8, settings: &RaftSettings) -> Vec<QueueKey> {
    (0..settings.queues_per_topic).map(|q| QueueKey::named(topic, q)).collect()
}

pub fn build_node(s: &Scenario, settings: &RaftSettings, t: &Topology, id: NodeId) -> Node {
    let rng = SimRng::new(s.seed, u64::from(id.0));
    match t.role(id) {
        Some(TopoRole::Server { index }) => {
            Node::Replica(Box::new(replica::Replica::new(index, t.servers.clone(), settings.clone(), t, rng)))
        }
        Some(TopoRole::Producer { index }) => {
            let spec = s.producers[usize::from(index)].clone();
            let topic = t.producer_topics.get(usize::from(index)).copied().unwrap_or(0);
            let stop_at = SimTime::from_ms(s.duration_ms);
            let p = producer::Producer::new(index, spec, topic, settings.queues_per_topic, t.servers.clone(), stop_at);
            Node::Producer(Box::new(p))
        }
        Some(TopoRole::Consumer { group, .. }) => {
            let spec = s.consumer_groups[usize::from(group.0)].clone();
            let stores = Stores { db: t.db, redis: t.redis, call_timeout_ms: s.stores.call_timeout_ms };
            Node::Consumer(Box::new(consumer::Consumer::new(group, spec, t.servers.clone(), stores)))
        }
        other => unreachable!("a Raft queue has replicas and clients only, not {other:?}"),
    }
}

/// A replica's peers and clients keep connections to it; a client is connected to every replica
/// (it may ask any of them who leads) and a consumer to the dedup stores.
pub fn connected_peers(t: &Topology, id: NodeId) -> Vec<NodeId> {
    let consumers = || t.consumer_groups.iter().flatten().copied();
    match t.role(id) {
        Some(TopoRole::Server { .. }) => {
            let others = t.servers.iter().copied().filter(|&n| n != id);
            others.chain(t.producers.iter().copied()).chain(consumers()).collect()
        }
        Some(TopoRole::Producer { .. }) => t.servers.clone(),
        Some(TopoRole::Consumer { .. }) => t.servers.iter().copied().chain(t.db).chain(t.redis).collect(),
        Some(TopoRole::Db | TopoRole::Redis) => consumers().collect(),
        _ => Vec::new(),
    }
}

/// The replica whose state says what is still to be consumed: the leader, or, while an election
/// is pending among a live majority, the live replica that has committed most. None when no
/// majority is up: nothing more can be read until a replica comes back.
fn reference_replica(w: &World) -> Option<(NodeId, &replica::Replica)> {
    let t = w.topology();
    let up: Vec<(NodeId, &replica::Replica)> = t
        .servers
        .iter()
        .filter(|&&n| w.status(n) == NodeStatus::Up)
        .filter_map(|&n| w.system_node(n).and_then(as_raft).and_then(Node::replica).map(|r| (n, r)))
        .collect();
    if let Some(&leader) = up.iter().find(|(_, r)| r.role() == Role::Leader) {
        return Some(leader);
    }
    if up.len() * 2 <= t.servers.len() {
        return None;
    }
    up.into_iter().max_by_key(|(n, r)| (r.commit_index(), std::cmp::Reverse(*n)))
}

fn as_raft(n: &super::SysNode) -> Option<&Node> {
    match n {
        super::SysNode::Raft(r) => Some(r),
        _ => None,
    }
}

/// Producers done and confirmed, consumers idle, and every group's offsets (as the leader has
/// applied them) at the end of every queue of its topic.
pub fn drain_blockers(w: &World, limit: usize) -> Vec<DrainBlocker> {
    let mut out = Vec::new();
    let t = w.topology();
    let Some(settings) = raft_settings(w.scenario()) else { return out };
    for &p in &t.producers {
        let busy = match w.system_node(p).and_then(as_raft) {
            Some(Node::Producer(pr)) => !pr.is_idle(w.now()),
            _ => false,
        };
        if busy && !w.status(p).is_down() && out.len() < limit {
            out.push(DrainBlocker::ProducerBusy { producer: p });
        }
    }
    let reference = reference_replica(w);
    for (g, members) in t.consumer_groups.iter().enumerate() {
        let group = GroupId(g as u8);
        if members.iter().all(|&m| w.status(m).is_down()) {
            continue;
        }
        for &m in members {
            let messages = match w.system_node(m).and_then(as_raft) {
                Some(Node::Consumer(c)) => c.backlog(),
                _ => 0,
            };
            if messages > 0 && out.len() < limit {
                out.push(DrainBlocker::ConsumerBusy { consumer: m, messages });
            }
        }
        let Some((node, r)) = reference else { continue };
        let topic = t.group_topics.get(g).copied().unwrap_or(0);
        for queue in queues_of(topic, settings) {
            let behind = r.behind(group, queue);
            if behind > 0 && out.len() < limit {
                out.push(DrainBlocker::QueueBehind { group, broker: node, queue, behind });
            }
        }
    }
    out
}

/// The scenario's Raft settings (the seam calls this module only for a Raft scenario).
fn raft_settings(s: &Scenario) -> Option<&RaftSettings> {
    match &s.system {
        crate::scenario::model::System::Raft(r) => Some(r),
        _ => None,
    }
}
