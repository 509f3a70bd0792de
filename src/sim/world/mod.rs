//! The world: every node, the network, the event queue and the trace. `step` takes the earliest
//! event (ordered by time, then by the order it was queued), hands it to its node, and applies the
//! node's effects. Commands (faults) change node status or the network between steps. Nothing here
//! reads a clock or iterates a hash map, so a scenario and its actions always give the same trace.

mod build;
mod commands;
mod drain;
mod inspect;

pub use commands::CommandError;
pub use drain::DrainBlocker;

use super::command::{ActionSource, RecordedAction};
use super::effects::{Ctx, Effect};
use super::event_queue::EventQueue;
use super::ids::NodeId;
use super::network::{Network, Verdict};
use super::nodes::{Node, Timer};
use super::rng::{SimRng, NETWORK_STREAM};
use super::time::SimTime;
use super::topology::{Role, Topology};
use super::trace::{DropReason, TraceEvent, TraceKind};
use super::wire::Payload;
use crate::scenario::model::Scenario;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Producers and consumers connect this long after the servers start: a deployment brings its
/// NameServers and brokers up first, so that clients' first routes are complete. (A client that
/// sees only part of the cluster allocates queues inconsistently with its group until its next
/// route refresh, 30 s later — real, but not what a fresh cluster should show.)
pub const CLIENTS_START_MS: u64 = 100;

/// Whether a node is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    /// Not started yet (a consumer group with a later start_ms).
    NotStarted,
    Up,
    Crashed,
    Paused,
    /// Crashed with its disk gone: it cannot restart.
    DiskLost,
}

impl NodeStatus {
    /// Down: connections to it are refused.
    pub fn is_down(self) -> bool {
        matches!(self, NodeStatus::NotStarted | NodeStatus::Crashed | NodeStatus::DiskLost)
    }
}

#[derive(Clone, Debug)]
enum EventBody {
    Start {
        node: NodeId,
    },
    Deliver {
        from: NodeId,
        to: NodeId,
        incarnation: u32,
        payload: Payload,
    },
    /// A request reached a dead node: its OS answers with a refusal.
    Refuse {
        dead: NodeId,
        sender: NodeId,
        payload: Payload,
    },
    Timer {
        node: NodeId,
        incarnation: u32,
        timer: Timer,
    },
    Scheduled {
        index: usize,
    },
}

/// A frame a partition stopped on a link that holds (`Network::hold_across_partitions`): the
/// sender's TCP keeps it, in order, until the link heals.
#[derive(Clone, Debug)]
struct HeldFrame {
    from: NodeId,
    to: NodeId,
    /// The receiver's life when it was sent: if it has crashed since, its connection is gone.
    incarnation: u32,
    payload: Payload,
}

#[derive(Clone, Debug)]
pub struct NodeSlot {
    pub status: NodeStatus,
    /// Bumped at every crash: messages and timers of an earlier life are dropped.
    pub incarnation: u32,
    pub node: Node,
    /// What arrived while paused, handled in order on resume.
    inbox: Vec<EventBody>,
}

#[derive(Clone, Debug)]
pub struct World {
    scenario: Rc<Scenario>,
    topo: Rc<Topology>,
    now: SimTime,
    queue: EventQueue<EventBody>,
    nodes: Vec<NodeSlot>,
    net: Network,
    /// Frames waiting for a partition to heal, oldest first.
    held: Vec<HeldFrame>,
    /// Trace events not yet drained by `drain_trace`.
    trace: Vec<TraceEvent>,
    trace_seq: u64,
    /// Commands the learner sent, as a share link carries them.
    user_actions: Vec<RecordedAction>,
    events: u64,
    effects: Vec<Effect>,
}

impl World {
    /// A world at time 0 for a scenario that passed validation.
    pub fn new(scenario: &Scenario) -> World {
        let topo = Topology::from_scenario(scenario);
        let n = topo.len();
        let seed = scenario.seed;
        let mut net = Network::new(n, scenario.network.default_link(), SimRng::new(seed, NETWORK_STREAM));
        for o in &scenario.network.links {
            if let (Some(a), Some(b)) = (topo.find(&o.from), topo.find(&o.to)) {
                let mut spec = net.link(a, b);
                spec.latency_us = o.latency_us.unwrap_or(spec.latency_us);
                spec.jitter_us = o.jitter_us.unwrap_or(spec.jitter_us);
                spec.loss_ppm = o.loss_ppm.unwrap_or(spec.loss_ppm);
                net.set_link(a, b, spec);
            }
        }
        if crate::sim::systems::links_hold(&scenario.system) {
            net.hold_across_partitions();
        }
        let nodes = (0..n)
            .map(|i| NodeSlot {
                status: NodeStatus::NotStarted,
                incarnation: 0,
                node: build::build_node(scenario, &topo, NodeId(i as u16)),
                inbox: Vec::new(),
            })
            .collect();
        let mut w = World {
            scenario: Rc::new(scenario.clone()),
            topo: Rc::new(topo),
            now: SimTime::ZERO,
            queue: EventQueue::default(),
            nodes,
            net,
            held: Vec::new(),
            trace: Vec::new(),
            trace_seq: 0,
            user_actions: Vec::new(),
            events: 0,
            effects: Vec::new(),
        };
        for i in 0..n {
            let id = NodeId(i as u16);
            let start = match w.topo.role(id) {
                Some(Role::Consumer { group, .. }) => {
                    let start_ms = scenario.consumer_groups[usize::from(group.0)].start_ms;
                    SimTime::from_ms(start_ms.max(CLIENTS_START_MS))
                }
                Some(Role::Producer { .. }) => SimTime::from_ms(CLIENTS_START_MS),
                _ => SimTime::ZERO,
            };
            w.push(start, EventBody::Start { node: id });
        }
        for (index, f) in scenario.faults.iter().enumerate() {
            w.push(SimTime::from_ms(f.at_ms), EventBody::Scheduled { index });
        }
        w
    }

    fn push(&mut self, at: SimTime, body: EventBody) {
        self.queue.push(at, body);
    }

    fn record(&mut self, kind: TraceKind) {
        self.trace.push(TraceEvent { seq: self.trace_seq, at: self.now, kind });
        self.trace_seq += 1;
    }

    /// Handle the next event. Returns false when there is none.
    pub fn step(&mut self) -> bool {
        let Some((at, body)) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(at);
        self.events += 1;
        self.dispatch(body);
        true
    }

    /// Move the clock forward to `t` without handling events (only up to the next event).
    pub fn advance_clock(&mut self, t: SimTime) {
        let limit = self.next_event_time().unwrap_or(t);
        self.now = self.now.max(t.min(limit));
    }

    fn dispatch(&mut self, body: EventBody) {
        match body {
            EventBody::Start { node } => self.start_node(node),
            EventBody::Scheduled { index } => {
                if let Some(f) = self.scenario.faults.get(index) {
                    let command = f.command.clone();
                    let _ = self.apply(command, ActionSource::Schedule);
                }
            }
            EventBody::Refuse { dead, sender, payload } => {
                self.transmit(dead, sender, Payload::Undeliverable { original: Box::new(payload) });
            }
            EventBody::Deliver { from, to, incarnation, payload } => {
                let slot = &mut self.nodes[usize::from(to.0)];
                if slot.status.is_down() || slot.incarnation != incarnation {
                    let (msg, count) = payload.carried();
                    let kind = payload.kind();
                    self.record(TraceKind::NetDrop { from, to, kind, reason: DropReason::DestinationDown, msg, count });
                } else if slot.status == NodeStatus::Paused {
                    slot.inbox.push(EventBody::Deliver { from, to, incarnation, payload });
                } else {
                    self.with_node(to, |node, ctx| node.on_message(ctx, from, payload));
                }
            }
            EventBody::Timer { node, incarnation, timer } => {
                let slot = &mut self.nodes[usize::from(node.0)];
                if slot.incarnation != incarnation || slot.status.is_down() {
                    return;
                }
                if slot.status == NodeStatus::Paused {
                    slot.inbox.push(EventBody::Timer { node, incarnation, timer });
                } else {
                    self.with_node(node, |n, ctx| n.on_timer(ctx, timer));
                }
            }
        }
    }

    /// Run a handler of node `id` and apply its effects.
    fn with_node(&mut self, id: NodeId, f: impl FnOnce(&mut Node, &mut Ctx)) {
        let mut effects = std::mem::take(&mut self.effects);
        {
            let mut ctx = Ctx::new(self.now, id, &mut effects);
            f(&mut self.nodes[usize::from(id.0)].node, &mut ctx);
        }
        let incarnation = self.nodes[usize::from(id.0)].incarnation;
        for e in effects.drain(..) {
            match e {
                Effect::Trace(kind) => self.record(kind),
                Effect::Timer { at, timer } => self.push(at, EventBody::Timer { node: id, incarnation, timer }),
                Effect::Send { to, payload } => self.transmit(id, to, payload),
            }
        }
        self.effects = effects;
    }

    /// Put a message on the network, or bounce it if its destination is down.
    fn transmit(&mut self, from: NodeId, to: NodeId, payload: Payload) {
        let kind = payload.kind();
        let (msg, count) = payload.carried();
        let dest = &self.nodes[usize::from(to.0)];
        if dest.status.is_down() {
            let reachable = !self.net.blocked(from, to) && !self.net.blocked(to, from);
            self.record(TraceKind::NetDrop { from, to, kind, reason: DropReason::DestinationDown, msg, count });
            if reachable && payload.expects_reply() {
                let at = self.now.plus_us(self.net.base_latency_us(from, to));
                self.push(at, EventBody::Refuse { dead: to, sender: from, payload });
            }
            return;
        }
        let incarnation = dest.incarnation;
        self.route(HeldFrame { from, to, incarnation, payload });
    }

    /// Route a frame to the life of its receiver it was sent to: deliver it, drop it, or hold it.
    fn route(&mut self, frame: HeldFrame) {
        let HeldFrame { from, to, incarnation, payload } = frame;
        let kind = payload.kind();
        let (msg, count) = payload.carried();
        match self.net.route(self.now, from, to, kind) {
            Verdict::Deliver { at, delayed } => {
                self.record(TraceKind::NetSend { from, to, kind, arrive_at: at, msg, count, delayed });
                self.push(at, EventBody::Deliver { from, to, incarnation, payload });
            }
            Verdict::Drop(reason) => {
                self.record(TraceKind::NetDrop { from, to, kind, reason, msg, count });
                // On a link that holds, the only drop left is a targeted one. TCP cannot lose one
                // frame of a connection and go on: the connection breaks under both ends.
                if self.net.holds() && matches!(payload, Payload::System(_)) {
                    self.reset_connection(from, to);
                }
            }
            Verdict::Hold => {
                self.record(TraceKind::NetHeld { from, to, kind, msg, count });
                self.held.push(HeldFrame { from, to, incarnation, payload });
            }
        }
    }

    /// A partition healed: send, in order, the held frames whose link is open again. A frame to a
    /// node that crashed since is dropped when it arrives (its connection died with it).
    fn release_held(&mut self) {
        if self.held.is_empty() {
            return;
        }
        let (open, still): (Vec<HeldFrame>, Vec<HeldFrame>) =
            std::mem::take(&mut self.held).into_iter().partition(|f| !self.net.blocked(f.from, f.to));
        self.held = still;
        for frame in open {
            self.route(frame);
        }
    }

    /// The connection between `a` and `b` breaks: each end that is up hears the reset after one
    /// hop, ahead of the rules and partitions (it is the connection's own end, not a frame).
    fn reset_connection(&mut self, a: NodeId, b: NodeId) {
        for (from, to) in [(a, b), (b, a)] {
            let dest = &self.nodes[usize::from(to.0)];
            if dest.status.is_down() {
                continue;
            }
            let incarnation = dest.incarnation;
            let at = self.now.plus_us(self.net.base_latency_us(from, to));
            let (kind, msg, count, delayed) = (Payload::Reset.kind(), None, 0, false);
            self.record(TraceKind::NetSend { from, to, kind, arrive_at: at, msg, count, delayed });
            self.push(at, EventBody::Deliver { from, to, incarnation, payload: Payload::Reset });
        }
    }

    /// A node crashed: the frames its TCP was holding die with it.
    fn forget_held_from(&mut self, node: NodeId) {
        let (gone, kept): (Vec<HeldFrame>, Vec<HeldFrame>) =
            std::mem::take(&mut self.held).into_iter().partition(|f| f.from == node);
        self.held = kept;
        for HeldFrame { from, to, payload, .. } in gone {
            let (msg, count) = payload.carried();
            let kind = payload.kind();
            self.record(TraceKind::NetDrop { from, to, kind, reason: DropReason::SenderDown, msg, count });
        }
    }

    fn start_node(&mut self, id: NodeId) {
        let slot = &mut self.nodes[usize::from(id.0)];
        if slot.status != NodeStatus::NotStarted {
            return;
        }
        slot.status = NodeStatus::Up;
        self.record(TraceKind::NodeStarted { node: id });
        self.with_node(id, |n, ctx| n.on_start(ctx));
    }
}
