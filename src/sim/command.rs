//! Commands: the faults a learner (or a scenario's fault schedule) applies to a running cluster.
//! Nodes are named as in the cluster view ("broker-a/master", "p1", "billing/c2"), so a command
//! reads the same in a scenario file, in a share link and in the action log.

use super::wire::MsgKind;
use serde::{Deserialize, Serialize};

/// Which directions a partition cuts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Both,
    /// Nothing reaches the node; it can still send.
    Inbound,
    /// Nothing the node sends arrives; it still receives.
    Outbound,
}

/// A fault or repair. In JSON: `{"action": "crash", "node": "broker-a/master"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// The machine dies: volatile state (unflushed page cache, in-memory offsets, buffers) is lost.
    Crash {
        node: String,
    },
    /// Start a crashed node again; it recovers from what it had on disk.
    Restart {
        node: String,
    },
    /// The node's disk is gone for good: it crashes and can never come back.
    LoseDisk {
        node: String,
    },
    /// Freeze the node (a long GC pause): it neither handles messages nor timers until resumed.
    Pause {
        node: String,
    },
    Resume {
        node: String,
    },
    /// Change a consumer's processing time per message.
    SlowConsumer {
        node: String,
        processing_ms: u64,
    },
    /// Change a broker's time per flush (a failing disk).
    SlowDisk {
        node: String,
        flush_latency_ms: u64,
    },
    /// Partition a node from all others.
    Isolate {
        node: String,
        #[serde(default)]
        direction: Direction,
    },
    /// Cut the link between two nodes (both ways unless `one_way`).
    Cut {
        from: String,
        to: String,
        #[serde(default)]
        one_way: bool,
    },
    /// Undo `isolate` of a node and every cut touching it.
    HealNode {
        node: String,
    },
    /// Undo the cut between two nodes (both directions).
    HealLink {
        from: String,
        to: String,
    },
    /// Remove every partition, cut and pending drop/delay rule.
    HealAll,
    /// Drop the next `count` messages of `kind` (any kind if absent) from `from` to `to` (any if absent).
    DropNext {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<MsgKind>,
        #[serde(default = "one")]
        count: u32,
    },
    /// Delay the next `count` matching messages by `delay_ms`.
    DelayNext {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<MsgKind>,
        #[serde(default = "one")]
        count: u32,
        delay_ms: u64,
    },
}

fn one() -> u32 {
    1
}

impl Command {
    /// Every node name the command refers to, for validation.
    pub fn node_names(&self) -> Vec<&str> {
        use Command::*;
        match self {
            Crash { node }
            | Restart { node }
            | LoseDisk { node }
            | Pause { node }
            | Resume { node }
            | SlowConsumer { node, .. }
            | SlowDisk { node, .. }
            | Isolate { node, .. }
            | HealNode { node } => vec![node],
            Cut { from, to, .. } | HealLink { from, to } => vec![from, to],
            HealAll => vec![],
            DropNext { from, to, .. } | DelayNext { from, to, .. } => {
                from.iter().chain(to.iter()).map(String::as_str).collect()
            }
        }
    }
}

impl Command {
    /// The same command with every node name it refers to mapped through `f`; `None` when some
    /// name has no counterpart (`f` answered `None`).
    pub fn renamed(&self, mut f: impl FnMut(&str) -> Option<String>) -> Option<Command> {
        use Command::*;
        let mut c = self.clone();
        let opt = |n: &mut Option<String>, f: &mut dyn FnMut(&str) -> Option<String>| -> Option<()> {
            if let Some(name) = n {
                *name = f(name)?;
            }
            Some(())
        };
        match &mut c {
            Crash { node }
            | Restart { node }
            | LoseDisk { node }
            | Pause { node }
            | Resume { node }
            | SlowConsumer { node, .. }
            | SlowDisk { node, .. }
            | Isolate { node, .. }
            | HealNode { node } => *node = f(node)?,
            Cut { from, to, .. } | HealLink { from, to } => {
                *from = f(from)?;
                *to = f(to)?;
            }
            HealAll => {}
            DropNext { from, to, .. } | DelayNext { from, to, .. } => {
                opt(from, &mut f)?;
                opt(to, &mut f)?;
            }
        }
        Some(c)
    }
}

/// Who issued a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionSource {
    /// The scenario's fault schedule.
    Schedule,
    /// The learner, while the run was paused (recorded, and carried by share links).
    User,
}

/// A command the learner sent, stamped with when it took effect: the sim time and the number of
/// events handled before it (several events can share one instant, so time alone is ambiguous).
/// `{"at_us": 12004000, "after_events": 5321, "action": "crash", "node": "broker-a/master"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedAction {
    pub at_us: u64,
    pub after_events: u64,
    #[serde(flatten)]
    pub command: Command,
}
