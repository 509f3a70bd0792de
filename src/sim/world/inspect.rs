//! Reading a world from outside: its clock, scenario, topology and network, each node's status and
//! state, and the trace it has recorded. The UI, the checker and the runner read the run through
//! these; none of them changes what the run does next (taking the trace only empties a buffer).

use super::{EventBody, NodeSlot, NodeStatus, World};
use crate::scenario::model::Scenario;
use crate::sim::command::RecordedAction;
use crate::sim::ids::NodeId;
use crate::sim::network::Network;
use crate::sim::nodes::broker::Broker;
use crate::sim::nodes::consumer::Consumer;
use crate::sim::nodes::dedup_store::DedupStore;
use crate::sim::nodes::nameserver::NameServer;
use crate::sim::nodes::producer::Producer;
use crate::sim::nodes::Node;
use crate::sim::systems::Waiting;
use crate::sim::time::SimTime;
use crate::sim::topology::Topology;
use crate::sim::trace::TraceEvent;
use crate::sim::wire::Payload;

/// A consumer wait something on the wire still opens or answers: (client, server, the wait's
/// number), or no number for a connection reset, which answers every wait of the client on it.
type WireWait = (NodeId, NodeId, Option<u32>);

/// Whether `wire` (sorted) still carries wait `w` of `client`, or the reset of its connection.
fn on_the_wire(wire: &[WireWait], client: NodeId, w: &Waiting) -> bool {
    let found = |no| wire.binary_search(&(client, w.on, no)).is_ok();
    found(Some(w.no)) || found(None)
}

impl World {
    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn topology(&self) -> &Topology {
        &self.topo
    }

    pub fn network(&self) -> &Network {
        &self.net
    }

    /// How many frames a partition holds on each pair of nodes (smaller id first), for links
    /// that hold them (RabbitMQ's, as TCP does); in pair order.
    pub fn held_frames(&self) -> Vec<((NodeId, NodeId), u32)> {
        let mut out: Vec<((NodeId, NodeId), u32)> = Vec::new();
        for f in &self.held {
            let pair = if f.from.0 <= f.to.0 { (f.from, f.to) } else { (f.to, f.from) };
            match out.binary_search_by_key(&pair, |e| e.0) {
                Ok(i) => out[i].1 += 1,
                Err(i) => out.insert(i, (pair, 1)),
            }
        }
        out
    }

    pub fn slot(&self, id: NodeId) -> &NodeSlot {
        &self.nodes[usize::from(id.0)]
    }

    pub fn status(&self, id: NodeId) -> NodeStatus {
        self.slot(id).status
    }

    pub fn broker(&self, id: NodeId) -> Option<&Broker> {
        match &self.slot(id).node {
            Node::Broker(b) => Some(b),
            _ => None,
        }
    }

    pub fn producer(&self, id: NodeId) -> Option<&Producer> {
        match &self.slot(id).node {
            Node::Producer(p) => Some(p),
            _ => None,
        }
    }

    pub fn consumer(&self, id: NodeId) -> Option<&Consumer> {
        match &self.slot(id).node {
            Node::Consumer(c) => Some(c),
            _ => None,
        }
    }

    pub fn nameserver(&self, id: NodeId) -> Option<&NameServer> {
        match &self.slot(id).node {
            Node::NameServer(n) => Some(n),
            _ => None,
        }
    }

    pub fn dedup_store(&self, id: NodeId) -> Option<&DedupStore> {
        match &self.slot(id).node {
            Node::Store(s) => Some(s),
            _ => None,
        }
    }

    /// Events handled so far.
    pub fn events_processed(&self) -> u64 {
        self.events
    }

    /// Trace events recorded so far (taken or not).
    pub fn trace_len(&self) -> u64 {
        self.trace_seq
    }

    /// Trace events not yet taken.
    pub fn pending_trace(&self) -> &[TraceEvent] {
        &self.trace
    }

    /// Remove and yield the trace events recorded since the last call, keeping the buffer (a long
    /// run streams them to the checker).
    pub fn drain_trace(&mut self) -> std::vec::Drain<'_, TraceEvent> {
        self.trace.drain(..)
    }

    pub fn user_actions(&self) -> &[RecordedAction] {
        &self.user_actions
    }

    /// Time of the next event, if any.
    pub fn next_event_time(&self) -> Option<SimTime> {
        self.queue.peek_time()
    }

    /// The request consumer `id` waits on that nothing will answer, so that it is stuck until it
    /// gives up (any system's consumer: a pull, a fetch, a blocking pop, a connection attempt).
    /// Either the server is one the network does not let it reach now (a cut, an isolation) or that
    /// is paused, or the world knows the request is lost: neither it nor its answer (nor a
    /// refusal, nor the reset of a crashed server's connection) is on the wire, and the server does
    /// not hold it (long polling, a fetch wait, a BRPOP). That is true from the moment a cut drops
    /// it, so a wait lost to a cut that has healed since is named at once. A healthy idle long
    /// poll is held by its server, never named.
    pub fn stuck_waiting(&self, id: NodeId) -> Option<Waiting> {
        self.stuck_wait_of(id, &mut None)
    }

    /// Every consumer's stuck wait (`stuck_waiting`), looking at the wire at most once: what the
    /// page computes once per frame and gives to everything it draws.
    pub fn stuck_waits(&self) -> Vec<(NodeId, Waiting)> {
        let mut wire = None;
        let consumers = self.topo.consumer_groups.iter().flatten().copied();
        consumers.filter_map(|id| self.stuck_wait_of(id, &mut wire).map(|w| (id, w))).collect()
    }

    /// `stuck_waiting`, with the wait numbers on the wire read once and kept in `wire` by the
    /// first wait that needs them (most waits are held by their server or stuck behind a cut).
    fn stuck_wait_of(&self, id: NodeId, wire: &mut Option<Vec<WireWait>>) -> Option<Waiting> {
        if self.status(id) != NodeStatus::Up {
            return None;
        }
        let waits = match (self.system_node(id), self.consumer(id)) {
            (Some(n), _) => n.waiting(),
            (None, Some(c)) => c.waiting(),
            (None, None) => return None,
        };
        waits.into_iter().find(|w| {
            let unreachable =
                self.net.blocked(id, w.on) || self.net.blocked(w.on, id) || self.status(w.on) == NodeStatus::Paused;
            unreachable
                || !(self.holds(w.on, id, w.no) || on_the_wire(wire.get_or_insert_with(|| self.wire_waits()), id, w))
        })
    }

    /// Whether server `on` holds request `no` of `client` unanswered.
    fn holds(&self, on: NodeId, client: NodeId, no: u32) -> bool {
        match (self.broker(on), self.system_node(on)) {
            (Some(b), _) => b.holds(client, no),
            (None, Some(n)) => n.holds(client, no),
            (None, None) => false,
        }
    }

    /// The consumer waits that something on the wire still opens or answers, sorted: each message
    /// that will arrive (not one addressed to an earlier life of its destination, which is dropped
    /// on arrival) and carries a wait's number, both ways (a request goes client to server, its
    /// answer back), a refusal on its way back, and a crashed server's connection reset, which
    /// ends every wait on it.
    fn wire_waits(&self) -> Vec<WireWait> {
        let mut out = Vec::new();
        for body in self.queue.bodies() {
            match body {
                EventBody::Deliver { from, to, incarnation, payload } => {
                    let dest = self.slot(*to);
                    if dest.status.is_down() || dest.incarnation != *incarnation {
                        continue;
                    }
                    if matches!(payload, Payload::PeerDown) {
                        out.push((*to, *from, None));
                    } else if let Some(no) = payload.wait_no() {
                        out.extend([(*from, *to, Some(no)), (*to, *from, Some(no))]);
                    }
                }
                EventBody::Refuse { dead, sender, payload } => {
                    if let Some(no) = payload.wait_no() {
                        out.push((*sender, *dead, Some(no)));
                    }
                }
                _ => {}
            }
        }
        out.sort_unstable();
        out
    }

    /// A node of another system than RocketMQ (`sim::systems`).
    pub fn system_node(&self, id: NodeId) -> Option<&crate::sim::systems::SysNode> {
        match &self.slot(id).node {
            Node::System(n) => Some(n),
            _ => None,
        }
    }
}
