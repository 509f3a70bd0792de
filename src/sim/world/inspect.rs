//! Reading a world from outside: its clock, scenario, topology and network, each node's status and
//! state, and the trace it has recorded. The UI, the checker and the runner read the run through
//! these; none of them changes what the run does next (taking the trace only empties a buffer).

use super::{NodeSlot, NodeStatus, World};
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

/// Beyond a server's longest hold, the time an answer may still take on the way back (the network's
/// latency and a little queueing) before the page calls it overdue.
const ANSWER_SLACK_MS: u64 = 1_000;

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

    /// The request client `id` waits on from a server the network does not let it reach now (a
    /// cut, an isolation) or that is paused: nothing will answer it, so the client is stuck until
    /// it gives up. Any system's consumer: a RocketMQ pull waits the same 30 s. A crashed server is
    /// not such a wait: the client hears at once that it is down. A held pull whose answer is
    /// overdue (a server holds one at most its long-polling time) was lost on the way: after a cut
    /// has healed, the client still waits it out.
    pub fn stuck_waiting(&self, id: NodeId) -> Option<Waiting> {
        if self.status(id) != NodeStatus::Up {
            return None;
        }
        let unreachable =
            |on: NodeId| self.net.blocked(id, on) || self.net.blocked(on, id) || self.status(on) == NodeStatus::Paused;
        let overdue = |w: &Waiting| match (w.sent_at, self.longest_hold_ms(w.on)) {
            (Some(sent), Some(hold)) => self.now() > sent.plus_ms(hold + ANSWER_SLACK_MS),
            _ => false,
        };
        let waits = match (self.system_node(id), self.consumer(id)) {
            (Some(n), _) => n.waiting(),
            (None, Some(c)) => c.waiting(),
            (None, None) => return None,
        };
        waits.into_iter().find(|w| unreachable(w.on) || overdue(w))
    }

    /// How long server `on` holds a pull with nothing to read before it answers (long polling):
    /// a RocketMQ broker's `long_poll_ms`, a Raft queue replica's 15 s.
    fn longest_hold_ms(&self, on: NodeId) -> Option<u64> {
        if let Some(b) = self.broker(on) {
            return Some(b.long_poll_ms());
        }
        match self.system_node(on) {
            Some(crate::sim::systems::SysNode::Raft(_)) => Some(crate::sim::systems::raft::LONG_POLL_MS),
            _ => None,
        }
    }

    /// A node of another system than RocketMQ (`sim::systems`).
    pub fn system_node(&self, id: NodeId) -> Option<&crate::sim::systems::SysNode> {
        match &self.slot(id).node {
            Node::System(n) => Some(n),
            _ => None,
        }
    }
}
