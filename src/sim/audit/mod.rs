//! The checker (auditor): it reads the trace — never the nodes' private state — and keeps each
//! message's lifecycle, the live scoreboard, the backlog series, and the faults that happened, so
//! that every anomaly (a lost message, a duplicate side effect) can name what caused it.
//! `lifecycle` holds per-message records, `counts` the scoreboard, `explain` the causes,
//! `report` the end-of-run summary.

pub mod cause;
pub mod counts;
pub mod explain;
pub mod latency;
pub mod lifecycle;
mod lost;
mod observe;
pub mod report;
mod stored;
pub mod txorder;

use crate::sim::chunked::ChunkedVec;
use crate::sim::command::{ActionSource, Command};
use crate::sim::ids::{GroupId, MessageQueue, MsgId, MsgKey, NodeId, QueueKey};
use crate::sim::small_map::SmallMap;
use crate::sim::time::SimTime;
use crate::sim::topology::{Role, Topology};
use crate::sim::trace::{DropReason, TraceEvent};
use crate::sim::wire::MsgKind;
use counts::{Counts, Series};
use lifecycle::MessageLife;
use serde::Serialize;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Something that went wrong in the run, as the checker saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FaultEvent {
    /// A command from the schedule or the learner.
    Command {
        source: ActionSource,
        command: Command,
    },
    /// The network lost a message (targeted fault, random loss, or a partition).
    Dropped {
        from: NodeId,
        to: NodeId,
        kind: MsgKind,
        reason: DropReason,
        msg: Option<MsgId>,
    },
    Crashed {
        node: NodeId,
    },
    /// Commit-log entries [from, to) are gone (unflushed at a crash, or dropped by a slave).
    Truncated {
        node: NodeId,
        from: u64,
        to: u64,
        reason: crate::sim::trace::TruncateReason,
    },
    OffsetsReverted {
        node: NodeId,
    },
    DiskLost {
        node: NodeId,
    },
    RedisKeyExpired {
        group: GroupId,
        msg: MsgId,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct Fault {
    pub seq: u64,
    pub at: SimTime,
    pub event: FaultEvent,
}

/// A node's up/down history, as the trace tells it.
#[derive(Clone, Debug, Default)]
pub struct NodeHistory {
    pub down_since: Option<SimTime>,
    pub crashes: Vec<SimTime>,
    pub disk_lost: bool,
}

/// A rebalance as a consumer reported it.
#[derive(Clone, Debug)]
pub struct RebalanceRecord {
    pub at: SimTime,
    pub consumer: NodeId,
    pub group: GroupId,
}

/// Message records per chunk (see `messages`).
const MESSAGE_CHUNK: usize = 128;

#[derive(Clone, Debug)]
pub struct Auditor {
    /// Shared, not owned: the lab clones the auditor at every checkpoint, and the topology (with
    /// the system's settings) never changes during a run.
    topo: Rc<Topology>,
    /// Every business message, by producer index and then sequence number (both dense). Chunked,
    /// like `logs`, so that the lab's checkpoints share them (see `ChunkedVec`). A record is large
    /// (~1 KB with its lists), so chunks are small: a write after a checkpoint copies little.
    messages: Vec<ChunkedVec<MessageLife, MESSAGE_CHUNK>>,
    /// Per node: the message at each commit-log offset.
    logs: Vec<ChunkedVec<MsgKey>>,
    nodes: Vec<NodeHistory>,
    faults: Vec<Fault>,
    rebalances: Vec<RebalanceRecord>,
    /// Latest auto-ack offset per (broker, group, queue).
    auto_commits: SmallMap<(NodeId, GroupId, QueueKey), u64>,
    /// Per (group, RocketMQ queue): one past the highest position delivered to the group.
    read_upto: SmallMap<(GroupId, MessageQueue), u64>,
    /// Messages another system's server forgot as it handed them out (`TraceKind::AutoAcked`):
    /// their next delivery to the group is auto-acked.
    handed_off: BTreeSet<(GroupId, MsgKey)>,
    counts: Counts,
    lost: lost::LostTracker,
    latencies_us: latency::LatencySamples,
    series: Series,
    /// Distinct messages stored on a master per topic, and settled per group (for the backlog).
    stored_keys: Vec<u64>,
    settled: Vec<u64>,
    now: SimTime,
    /// Per (group, producer, business key): the highest sequence number processed so far.
    key_newest: SmallMap<(u8, u8, u32), u32>,
    order_violations: Vec<txorder::OrderViolation>,
}

impl Auditor {
    pub fn new(topo: &Topology) -> Self {
        let groups = topo.consumer_groups.len();
        Auditor {
            topo: Rc::new(topo.clone()),
            messages: vec![ChunkedVec::new(); topo.producers.len()],
            logs: vec![ChunkedVec::new(); topo.len()],
            nodes: vec![NodeHistory::default(); topo.len()],
            faults: Vec::new(),
            rebalances: Vec::new(),
            auto_commits: SmallMap::new(),
            read_upto: SmallMap::new(),
            handed_off: BTreeSet::new(),
            counts: Counts::default(),
            lost: lost::LostTracker::default(),
            latencies_us: latency::LatencySamples::default(),
            series: Series::new(groups),
            stored_keys: vec![0; topo.topics.len().max(1)],
            settled: vec![0; groups],
            now: SimTime::ZERO,
            key_newest: SmallMap::new(),
            order_violations: Vec::new(),
        }
    }

    pub fn topology(&self) -> &Topology {
        &self.topo
    }

    pub fn message(&self, key: MsgKey) -> Option<&MessageLife> {
        self.messages.get(usize::from(key.producer))?.get(key.seq as usize)
    }

    pub fn messages(&self) -> impl Iterator<Item = &MessageLife> {
        self.messages.iter().flat_map(|m| m.iter())
    }

    pub fn faults(&self) -> &[Fault] {
        &self.faults
    }

    pub fn node_history(&self, id: NodeId) -> &NodeHistory {
        &self.nodes[usize::from(id.0)]
    }

    pub fn rebalances(&self) -> &[RebalanceRecord] {
        &self.rebalances
    }

    /// Live counts; `lost` counts only messages that can no longer be processed. Kept up to date
    /// as the trace arrives (see `lost`): cheap enough to call every frame.
    pub fn counts(&self) -> Counts {
        Counts { lost: self.lost.count(), ..self.counts.clone() }
    }

    /// The same as `counts` (it used to leave out `lost`, then a pass over every message).
    pub fn running_counts(&self) -> Counts {
        self.counts()
    }

    /// `lost` judged by a pass over every message, O(messages): the oracle the kept-up count is
    /// tested against.
    pub fn lost_by_scan(&self) -> u64 {
        self.messages().filter(|m| explain::definitely_lost(self, m)).count() as u64
    }

    /// Nearest-rank percentiles of end-to-end latency; cached between samples.
    pub fn latency(&self) -> counts::Latency {
        self.latencies_us.latency()
    }

    pub fn series(&self) -> Vec<counts::Sample> {
        self.series.snapshot()
    }

    /// The topic a message was produced to.
    fn topic_of_key(&self, key: MsgKey) -> u8 {
        self.topo.producer_topics.get(usize::from(key.producer)).copied().unwrap_or(0)
    }

    fn is_rocketmq_broker(&self, id: NodeId) -> bool {
        matches!(self.topo.role(id), Some(Role::Master { .. } | Role::Slave { .. }))
    }

    fn is_slave(&self, id: NodeId) -> bool {
        matches!(self.topo.role(id), Some(Role::Slave { .. }))
    }

    fn fault(&mut self, e: &TraceEvent, event: FaultEvent) {
        self.faults.push(Fault { seq: e.seq, at: e.at, event });
    }

    /// A message's record, to change it: the message is judged again for `lost` after the event.
    fn life(&mut self, key: MsgKey) -> Option<&mut MessageLife> {
        self.lost.touch(key);
        self.messages.get_mut(usize::from(key.producer))?.get_mut(key.seq as usize)
    }

    /// The end-of-run report: final counts (every promised, unprocessed message is lost now) and
    /// every anomaly with its causes.
    pub fn finish(&self, end: SimTime, drained: bool) -> report::AuditSummary {
        report::summarize(self, end, drained, report::MAX_ANOMALIES)
    }

    /// `finish` listing up to `max_listed` anomalies: the page filters the list before it pages
    /// through it, so it must not be cut first.
    pub fn finish_listing(&self, end: SimTime, drained: bool, max_listed: usize) -> report::AuditSummary {
        report::summarize(self, end, drained, max_listed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse::parse_scenario;

    #[test]
    fn a_clone_shares_the_topology_instead_of_copying_it() {
        let s = parse_scenario(include_str!("../../../scenarios/standard.json")).expect("valid scenario");
        let a = Auditor::new(&Topology::from_scenario(&s));
        let checkpoint = a.clone();
        assert!(std::ptr::eq(a.topology(), checkpoint.topology()));
    }
}
