//! The cluster's nodes, each a state machine driven by messages and timers. `Node` dispatches to
//! the kind; every handler gets a `Ctx` and acts only through its effects.

pub mod broker;
pub mod consumer;
pub mod deadline;
pub mod dedup_store;
pub mod nameserver;
pub mod processing;
pub mod producer;
pub mod route_client;
pub mod workload;

use super::effects::Ctx;
use super::ids::NodeId;
use super::wire::Payload;
use crate::sim::systems::{SysNode, SysTimer};
use broker::{Broker, BrokerTimer};
use consumer::{Consumer, ConsumerTimer};
use dedup_store::{DedupStore, StoreTimer};
use nameserver::{NameServer, NsTimer};
use producer::{Producer, ProducerTimer};

/// A timer a node set, tagged with the kind of node that handles it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    Ns(NsTimer),
    Broker(BrokerTimer),
    Producer(ProducerTimer),
    Consumer(ConsumerTimer),
    Store(StoreTimer),
    /// A timer of a node of another system than RocketMQ (`sim::systems`).
    System(SysTimer),
}

#[derive(Clone, Debug)]
pub enum Node {
    NameServer(NameServer),
    Broker(Box<Broker>),
    Producer(Box<Producer>),
    Consumer(Box<Consumer>),
    Store(DedupStore),
    /// A node of another system than RocketMQ (`sim::systems`).
    System(Box<SysNode>),
}

impl Node {
    pub fn on_start(&mut self, ctx: &mut Ctx) {
        match self {
            Node::NameServer(n) => n.on_start(ctx),
            Node::Broker(b) => b.on_start(ctx),
            Node::Producer(p) => p.on_start(ctx),
            Node::Consumer(c) => c.on_start(ctx),
            Node::Store(s) => s.on_start(ctx),
            Node::System(n) => n.on_start(ctx),
        }
    }

    /// The machine dies: each kind forgets what it kept in memory.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        match self {
            Node::NameServer(n) => n.on_crash(),
            Node::Broker(b) => b.on_crash(ctx),
            Node::Producer(p) => p.on_crash(ctx),
            Node::Consumer(c) => c.on_crash(),
            Node::Store(s) => s.on_crash(),
            Node::System(n) => n.on_crash(ctx),
        }
    }

    /// The disk is gone as well.
    pub fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        match self {
            Node::Broker(b) => b.on_lose_disk(),
            Node::System(n) => n.on_lose_disk(ctx),
            _ => {}
        }
    }

    /// A consumer's time per message (the `slow_consumer` fault). False: not a consumer.
    pub fn set_processing_ms(&mut self, ms: u64) -> bool {
        match self {
            Node::Consumer(c) => {
                c.set_processing_ms(ms);
                true
            }
            Node::System(n) => n.set_processing_ms(ms),
            _ => false,
        }
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self {
            Node::NameServer(n) => n.on_message(ctx, from, payload),
            Node::Broker(b) => b.on_message(ctx, from, payload),
            Node::Producer(p) => p.on_message(ctx, from, payload),
            Node::Consumer(c) => c.on_message(ctx, from, payload),
            Node::Store(s) => s.on_message(ctx, from, payload),
            Node::System(n) => n.on_message(ctx, from, payload),
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match (self, timer) {
            (Node::NameServer(n), Timer::Ns(t)) => n.on_timer(ctx, t),
            (Node::Broker(b), Timer::Broker(t)) => b.on_timer(ctx, t),
            (Node::Producer(p), Timer::Producer(t)) => p.on_timer(ctx, t),
            (Node::Consumer(c), Timer::Consumer(t)) => c.on_timer(ctx, t),
            (Node::Store(s), Timer::Store(t)) => s.on_timer(ctx, t),
            (Node::System(n), Timer::System(t)) => n.on_timer(ctx, t),
            _ => {}
        }
    }
}
