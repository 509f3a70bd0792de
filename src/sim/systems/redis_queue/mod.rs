//! Queues built on Redis, as the article's "Redis queue (BRPOP)": one Redis server (`redis-mq`)
//! holds a list per topic. Producers LPUSH; consumers BRPOP, which removes the item as it hands it
//! out (at most once), or — the reliable queue — BRPOPLPUSH it into their own processing list and
//! LREM it once processed, while a recovery job pushes back what a dead or slow consumer held (at
//! least once). A delayed queue is a sorted set scored by due time, polled by a mover. Redis
//! persists with RDB snapshots, an append-only file, or not at all, and a crash loses what the
//! disk did not have.
//!
//! Sub-modules: `dataset` (the keys and the write commands), `store` (persistence), `server`,
//! `producer`, `consumer`, `event` (trace events in words), `view` (what the page draws).

mod consumer;
mod dataset;
mod event;
mod producer;
mod server;
mod store;
mod view;

pub use event::{Event, RequeueReason};

use super::{ServerNames, SysMsg, SysTimer, SystemMsg, SystemNode};
use crate::scenario::model::{Dedup, Scenario};
use crate::scenario::systems::redis_queue::{RedisQueueSettings, SERVER_NAME};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MsgId, NodeId, QueueKey};
use crate::sim::nodes::processing::ProcessTimer;
use crate::sim::rng::SimRng;
use crate::sim::small_map::SmallMap;
use crate::sim::time::SimTime;
use crate::sim::topology::{Role, Topology};
use crate::sim::wire::{Message, MsgKind, Payload};
use crate::sim::world::{DrainBlocker, World};
use serde::{Deserialize, Serialize};

/// A node of a Redis-queue cluster.
#[derive(Clone, Debug)]
pub enum Node {
    Server(Box<server::Server>),
    Producer(Box<producer::Producer>),
    Consumer(Box<consumer::Consumer>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Server: the append-only file's once-a-second fsync.
    Fsync,
    /// Server: serverCron, which checks the RDB save points.
    Cron,
    /// Server: the earliest blocking pop's timeout.
    BlockTimeouts,
    /// Producer: the application makes its next message.
    Produce,
    /// Producer: the earliest command's time is up.
    SendDeadlines,
    /// Consumer: the blocking pop in flight is overdue.
    PopDeadline,
    /// Consumer: try again after a connection error.
    Reconnect,
    /// Consumer: processing of the item in hand (`nodes::processing`).
    Process(ProcessTimer),
    /// Consumer: run the recovery script.
    Recover,
    /// Consumer: run the mover of due items.
    MoveDue,
}

/// An item a blocking pop returned, with its position in the list (for the trace's offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Popped {
    pub msg: Message,
    pub position: u64,
}

/// The Redis commands and replies on the wire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Msg {
    /// LPUSH onto the message's topic list (`oneway`: the client does not read the reply).
    Lpush { req: u32, msg: Message, oneway: bool },
    /// ZADD into the topic's delayed set with the due time as score.
    Zadd { req: u32, msg: Message, due: SimTime, oneway: bool },
    /// The integer reply of LPUSH or ZADD: the producer's acknowledgement.
    Pushed { req: u32, msg: MsgId },
    /// BRPOP on the topic's list.
    Brpop { req: u32, topic: u8, timeout_ms: u64 },
    /// BRPOPLPUSH from the topic's list into the sender's processing list.
    Brpoplpush { req: u32, topic: u8, timeout_ms: u64 },
    /// A blocking pop's answer: an item, or nil when it timed out.
    Popped { req: u32, item: Option<Popped> },
    /// LREM of the item from the sender's processing list: the ack.
    Lrem { msg: MsgId },
    /// The recovery script (`own`: only the sender's leftovers, after it restarted).
    Recover { own: bool },
    /// The mover script for the topic's delayed set.
    MoveDue { topic: u8 },
}

impl SystemMsg for Msg {
    fn kind(&self) -> MsgKind {
        match self {
            Msg::Lpush { .. } | Msg::Zadd { .. } => MsgKind::Send,
            Msg::Pushed { .. } => MsgKind::SendResult,
            Msg::Brpop { .. } | Msg::Brpoplpush { .. } => MsgKind::Pull,
            Msg::Popped { .. } => MsgKind::PullResult,
            Msg::Lrem { .. } => MsgKind::ConsumerAck,
            // Moving work away from a consumer that is gone, as a rebalance would.
            Msg::Recover { .. } => MsgKind::Rebalance,
            // A periodic poll of the server.
            Msg::MoveDue { .. } => MsgKind::Heartbeat,
        }
    }

    fn expects_reply(&self) -> bool {
        match self {
            Msg::Lpush { oneway, .. } | Msg::Zadd { oneway, .. } => !oneway,
            Msg::Brpop { .. } | Msg::Brpoplpush { .. } => true,
            _ => false,
        }
    }

    fn carried(&self) -> (Option<MsgId>, u16) {
        match self {
            Msg::Lpush { msg, .. } | Msg::Zadd { msg, .. } => (Some(msg.id), 1),
            Msg::Pushed { msg, .. } | Msg::Lrem { msg } => (Some(*msg), 1),
            Msg::Popped { item: Some(p), .. } => (Some(p.msg.id), 1),
            _ => (None, 0),
        }
    }

    fn wait_no(&self) -> Option<u32> {
        match self {
            Msg::Brpop { req, .. } | Msg::Brpoplpush { req, .. } | Msg::Popped { req, .. } => Some(*req),
            _ => None,
        }
    }
}

/// A command as a network payload.
fn payload(m: Msg) -> Payload {
    Payload::System(SysMsg::RedisQueue(m))
}

/// A timer as the world keeps it.
fn wrap(t: Timer) -> crate::sim::nodes::Timer {
    crate::sim::nodes::Timer::System(SysTimer::RedisQueue(t))
}

impl SystemNode for Node {
    type Timer = Timer;

    fn on_start(&mut self, ctx: &mut Ctx) {
        match self {
            Node::Server(s) => s.on_start(ctx),
            Node::Producer(p) => p.on_start(ctx),
            Node::Consumer(c) => c.on_start(ctx),
        }
    }

    fn on_crash(&mut self, ctx: &mut Ctx) {
        match self {
            Node::Server(s) => s.on_crash(ctx),
            Node::Producer(p) => p.on_crash(ctx),
            Node::Consumer(c) => c.on_crash(),
        }
    }

    fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        if let Node::Server(s) = self {
            s.on_lose_disk(ctx);
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self {
            Node::Server(s) => s.on_message(ctx, from, payload),
            Node::Producer(p) => p.on_message(ctx, from, payload),
            Node::Consumer(c) => c.on_message(ctx, from, payload),
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match self {
            Node::Server(s) => s.on_timer(ctx, timer),
            Node::Producer(p) => p.on_timer(ctx, timer),
            Node::Consumer(c) => c.on_timer(ctx, timer),
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

    fn view(&self) -> Option<super::ServerView> {
        match self {
            Node::Server(s) => Some(s.view()),
            _ => None,
        }
    }

    fn holds(&self, client: NodeId, no: u32) -> bool {
        match self {
            Node::Server(s) => s.holds(client, no),
            _ => false,
        }
    }

    fn waiting(&self) -> Vec<crate::sim::systems::Waiting> {
        match self {
            Node::Consumer(c) => c.waiting(),
            _ => Vec::new(),
        }
    }

    fn msg_at(&self, strip: usize, offset: u64) -> Option<MsgId> {
        match self {
            Node::Server(s) => s.msg_at(strip, offset),
            _ => None,
        }
    }
}

/// One server, `redis-mq`: it holds every queue, so crashing "the first server" crashes them all.
pub fn server_names(_s: &Scenario, _settings: &RedisQueueSettings) -> ServerNames {
    ServerNames { coordinators: Vec::new(), servers: vec![SERVER_NAME.to_string()] }
}

pub fn build_node(s: &Scenario, settings: &RedisQueueSettings, t: &Topology, id: NodeId) -> Node {
    let server = t.servers.first().copied().unwrap_or_default();
    match t.role(id) {
        Some(Role::Producer { index }) => {
            let spec = s.producers[usize::from(index)].clone();
            let topic = t.producer_topics.get(usize::from(index)).copied().unwrap_or(0);
            let delay = settings.delayed.then_some(settings.delay_ms);
            let stop_at = SimTime::from_ms(s.duration_ms);
            Node::Producer(Box::new(producer::Producer::new(index, spec, topic, server, delay, stop_at)))
        }
        Some(Role::Consumer { group, .. }) => {
            let spec = s.consumer_groups[usize::from(group.0)].clone();
            let topic = t.group_topics.get(usize::from(group.0)).copied().unwrap_or(0);
            // The dedup stores exist only when some group uses them; ask only the one ours uses.
            let db = matches!(spec.dedup, Dedup::DbUniqueKey { .. }).then_some(t.db).flatten();
            let redis = matches!(spec.dedup, Dedup::RedisSetnx { .. }).then_some(t.redis).flatten();
            let peers = consumer::Peers { server, db, redis };
            let rng = SimRng::new(s.seed, u64::from(id.0));
            let timeout = s.stores.call_timeout_ms;
            Node::Consumer(Box::new(consumer::Consumer::new(group, spec, topic, settings.clone(), peers, timeout, rng)))
        }
        _ => {
            let consumers: SmallMap<NodeId, server::ClientInfo> = t
                .consumer_groups
                .iter()
                .enumerate()
                .flat_map(|(g, members)| members.iter().map(move |&m| (g, m)))
                .map(|(g, m)| {
                    let topic = t.group_topics.get(g).copied().unwrap_or(0);
                    let info = server::ClientInfo { name: t.name(m).to_string(), group: GroupId(g as u8), topic };
                    (m, info)
                })
                .collect();
            Node::Server(Box::new(server::Server::new(settings.clone(), t.topics.clone(), consumers)))
        }
    }
}

/// Every client holds a connection to the server; consumers also to the dedup stores.
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
        super::SysNode::RedisQueue(n) => Some(n),
        _ => None,
    }
}

/// Not drained while a producer is busy, a consumer holds an item, or a group whose members are
/// not all down still has items in Redis (listed, held, or delayed) while Redis is up.
pub fn drain_blockers(w: &World, limit: usize) -> Vec<DrainBlocker> {
    let t = w.topology();
    let now = w.now();
    let up = |id: NodeId| !w.status(id).is_down();
    let mut out = Vec::new();
    for &p in &t.producers {
        if up(p) && !matches!(node(w, p), Some(Node::Producer(pr)) if pr.is_idle(now)) {
            out.push(DrainBlocker::ProducerBusy { producer: p });
        }
    }
    let server = t.servers.first().copied().filter(|&s| up(s)).and_then(|s| match node(w, s) {
        Some(Node::Server(srv)) => Some((s, srv)),
        _ => None,
    });
    for (g, members) in t.consumer_groups.iter().enumerate() {
        if members.iter().all(|&m| w.status(m).is_down()) {
            continue;
        }
        for &m in members {
            if matches!(node(w, m), Some(Node::Consumer(c)) if c.is_busy()) {
                out.push(DrainBlocker::ConsumerBusy { consumer: m, messages: 1 });
            }
        }
        let topic = t.group_topics.get(g).copied().unwrap_or(0);
        if let Some((id, srv)) = server {
            let behind = srv.backlog(topic);
            if behind > 0 {
                let queue = QueueKey::named(topic, 0);
                out.push(DrainBlocker::QueueBehind { group: GroupId(g as u8), broker: id, queue, behind });
            }
        }
    }
    out.truncate(limit);
    out
}
