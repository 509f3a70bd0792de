//! Commands: the faults and repairs a learner or the fault schedule applies between events —
//! crash, restart, lose a disk, pause, slow down, partition, heal, drop or delay messages. Each is
//! recorded in the trace (or its refusal, with the reason).

use super::{NodeStatus, World};
use crate::sim::command::{ActionSource, Command, RecordedAction};
use crate::sim::effects::{Ctx, Effect};
use crate::sim::ids::NodeId;
use crate::sim::network::{Rule, RuleEffect};
use crate::sim::nodes::Node;
use crate::sim::topology::Role;
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;
use serde::{Deserialize, Serialize};

/// Why a command did not take effect. Recorded in the trace; `crate::i18n` words it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum CommandError {
    UnknownNode {
        node: String,
    },
    AlreadyDown {
        node: String,
    },
    AlreadyPaused {
        node: String,
    },
    /// Its disk is gone: it cannot restart.
    DiskLost {
        node: String,
    },
    NotCrashed {
        node: String,
    },
    NotPaused {
        node: String,
    },
    NotAConsumer {
        node: String,
    },
    NotABroker {
        node: String,
    },
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::explain::refusal(self, crate::i18n::Lang::En))
    }
}

impl World {
    /// Apply a command the learner sent now; it is recorded for share links whatever the outcome.
    pub fn command(&mut self, command: Command) -> Result<(), CommandError> {
        let after_events = self.events;
        self.user_actions.push(RecordedAction { at_us: self.now.as_us(), after_events, command: command.clone() });
        self.apply(command, ActionSource::User)
    }

    fn resolve(&self, name: &str) -> Result<NodeId, CommandError> {
        self.topo.find(name).ok_or_else(|| CommandError::UnknownNode { node: name.to_string() })
    }

    fn resolve_opt(&self, name: &Option<String>) -> Result<Option<NodeId>, CommandError> {
        name.as_deref().map(|n| self.resolve(n)).transpose()
    }

    /// Apply a command now; the trace records it (or why it was refused).
    pub fn apply(&mut self, command: Command, source: ActionSource) -> Result<(), CommandError> {
        let result = self.try_apply(&command, source);
        match &result {
            Ok(()) => {}
            Err(e) => {
                let reason = e.clone();
                self.record(TraceKind::ActionRefused { source, command: Box::new(command), reason });
            }
        }
        result
    }

    fn try_apply(&mut self, command: &Command, source: ActionSource) -> Result<(), CommandError> {
        use Command::*;
        // Validate first so a refused command leaves no trace but its refusal.
        let nodes: Vec<NodeId> = command.node_names().into_iter().map(|n| self.resolve(n)).collect::<Result<_, _>>()?;
        let status = |w: &World, i: usize| w.status(nodes[i]);
        let node = || self.topo.name(nodes[0]).to_string();
        match command {
            Crash { .. } | Pause { .. } if status(self, 0).is_down() => {
                return Err(CommandError::AlreadyDown { node: node() });
            }
            Pause { .. } if status(self, 0) == NodeStatus::Paused => {
                return Err(CommandError::AlreadyPaused { node: node() });
            }
            Restart { .. } | LoseDisk { .. } if status(self, 0) == NodeStatus::DiskLost => {
                return Err(CommandError::DiskLost { node: node() });
            }
            Restart { .. } if status(self, 0) != NodeStatus::Crashed => {
                return Err(CommandError::NotCrashed { node: node() });
            }
            Resume { .. } if status(self, 0) != NodeStatus::Paused => {
                return Err(CommandError::NotPaused { node: node() });
            }
            SlowConsumer { .. } if !self.is_consumer(nodes[0]) => {
                return Err(CommandError::NotAConsumer { node: node() });
            }
            SlowDisk { .. } if self.broker(nodes[0]).is_none() => {
                return Err(CommandError::NotABroker { node: node() });
            }
            _ => {}
        }
        let from = self.resolve_opt(command_from(command))?;
        let to = self.resolve_opt(command_to(command))?;
        self.record(TraceKind::Action { source, command: Box::new(command.clone()) });
        match command {
            Crash { .. } => self.crash(nodes[0]),
            Restart { .. } => {
                let id = nodes[0];
                self.nodes[usize::from(id.0)].status = NodeStatus::Up;
                self.record(TraceKind::NodeRestarted { node: id });
                self.with_node(id, |n, ctx| n.on_start(ctx));
            }
            LoseDisk { .. } => {
                let id = nodes[0];
                if !self.status(id).is_down() || self.status(id) == NodeStatus::NotStarted {
                    self.crash(id);
                }
                self.nodes[usize::from(id.0)].status = NodeStatus::DiskLost;
                self.record(TraceKind::DiskLost { node: id });
                self.with_dead_node(id, |n, ctx| n.on_lose_disk(ctx));
            }
            Pause { .. } => {
                self.nodes[usize::from(nodes[0].0)].status = NodeStatus::Paused;
                self.record(TraceKind::NodePaused { node: nodes[0] });
            }
            Resume { .. } => self.resume(nodes[0]),
            SlowConsumer { processing_ms, .. } => {
                self.nodes[usize::from(nodes[0].0)].node.set_processing_ms(*processing_ms);
            }
            SlowDisk { flush_latency_ms, .. } => {
                if let Node::Broker(b) = &mut self.nodes[usize::from(nodes[0].0)].node {
                    b.set_flush_latency_us(flush_latency_ms.saturating_mul(1_000));
                }
            }
            Isolate { direction, .. } => self.net.isolate(nodes[0], *direction),
            Cut { one_way, .. } => self.net.cut(nodes[0], nodes[1], *one_way),
            HealNode { .. } => {
                self.net.heal_node(nodes[0]);
                self.release_held();
            }
            HealLink { .. } => {
                self.net.heal_link(nodes[0], nodes[1]);
                self.release_held();
            }
            HealAll => {
                self.net.heal_all();
                self.release_held();
            }
            DropNext { kind, count, .. } | DelayNext { kind, count, .. } => {
                let effect = match command {
                    DelayNext { delay_ms, .. } => RuleEffect::DelayUs(delay_ms.saturating_mul(1_000)),
                    _ => RuleEffect::Drop,
                };
                let rule = Rule { from, to, kind: *kind, remaining: *count, effect };
                self.net.add_rule(rule);
            }
        }
        Ok(())
    }

    fn crash(&mut self, id: NodeId) {
        let slot = &mut self.nodes[usize::from(id.0)];
        slot.status = NodeStatus::Crashed;
        slot.incarnation += 1;
        slot.inbox.clear();
        self.record(TraceKind::NodeCrashed { node: id });
        self.forget_held_from(id);
        self.with_dead_node(id, |n, ctx| n.on_crash(ctx));
        // The dead machine's OS resets its connections: peers hear it after one network hop.
        for peer in self.connected_peers(id) {
            if !self.status(peer).is_down() {
                self.transmit(id, peer, Payload::PeerDown);
            }
        }
    }

    /// Run a handler of a node that has just died. Only its trace events matter: its sends and
    /// timers die with it.
    fn with_dead_node(&mut self, id: NodeId, f: impl FnOnce(&mut Node, &mut Ctx)) {
        let mut effects = std::mem::take(&mut self.effects);
        {
            let mut ctx = Ctx::new(self.now, id, &mut effects);
            f(&mut self.nodes[usize::from(id.0)].node, &mut ctx);
        }
        for e in effects.drain(..) {
            if let Effect::Trace(kind) = e {
                self.record(kind);
            }
        }
        self.effects = effects;
    }

    /// Whether `id` is a consumer (of any system): the `slow_consumer` fault applies to it.
    fn is_consumer(&self, id: NodeId) -> bool {
        matches!(self.topo.role(id), Some(Role::Consumer { .. }))
    }

    fn resume(&mut self, id: NodeId) {
        let slot = &mut self.nodes[usize::from(id.0)];
        slot.status = NodeStatus::Up;
        let inbox = std::mem::take(&mut slot.inbox);
        self.record(TraceKind::NodeResumed { node: id });
        let now = self.now;
        for body in inbox {
            self.push(now, body);
        }
    }

    /// The nodes that hold a connection to `id` and would notice it closing.
    fn connected_peers(&self, id: NodeId) -> Vec<NodeId> {
        let t = &self.topo;
        if !self.scenario.system.is_rocketmq() {
            return crate::sim::systems::connected_peers(&self.scenario, t, id);
        }
        let all_brokers =
            || t.broker_groups.iter().flat_map(|g| std::iter::once(g.master).chain(g.slaves.iter().copied()));
        let consumers = || t.consumer_groups.iter().flatten().copied();
        match t.role(id) {
            Some(Role::Master { group } | Role::Slave { group, .. }) => {
                let g = &t.broker_groups[usize::from(group)];
                let mates = std::iter::once(g.master).chain(g.slaves.iter().copied()).filter(|&n| n != id);
                t.nameservers
                    .iter()
                    .copied()
                    .chain(t.producers.iter().copied())
                    .chain(consumers())
                    .chain(mates)
                    .collect()
            }
            Some(Role::Consumer { .. }) => all_brokers().chain(t.db).chain(t.redis).collect(),
            Some(Role::Db | Role::Redis) => consumers().collect(),
            _ => Vec::new(),
        }
    }
}

/// The optional endpoints of a targeted network fault.
fn command_from(c: &Command) -> &Option<String> {
    match c {
        Command::DropNext { from, .. } | Command::DelayNext { from, .. } => from,
        _ => &None,
    }
}

fn command_to(c: &Command) -> &Option<String> {
    match c {
        Command::DropNext { to, .. } | Command::DelayNext { to, .. } => to,
        _ => &None,
    }
}
