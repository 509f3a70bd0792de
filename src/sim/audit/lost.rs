//! The live `lost` count, kept up to date as the trace arrives instead of judged over every message
//! on each call (the page shows it every frame). Whether a message is definitely lost
//! (`explain::definitely_lost`) depends on its own record and on two things outside it: whether the
//! consumer that last took an unsettled, auto-acked delivery has crashed since, and whether the
//! servers holding the last copies of a message a new leader's replica dropped are down. So the checker
//! re-judges a message whenever its record changes (it is marked dirty in `Auditor::life` and in
//! `mark_lost`) and, for the outside dependencies, watches such messages per node: a crash, restart,
//! pause or resume of that node marks them dirty. `Auditor::lost_by_scan` keeps the old full pass as the oracle.

use super::explain::definitely_lost;
use super::lifecycle::CopyLoss;
use super::Auditor;
use crate::sim::ids::{MsgKey, NodeId};
use crate::sim::small_map::SmallMap;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub struct LostTracker {
    /// Messages that are definitely lost now.
    lost: BTreeSet<MsgKey>,
    /// Messages judged since the last event was taken in.
    dirty: Vec<MsgKey>,
    /// Per consumer node: messages a crash of it would make lost.
    watch: SmallMap<NodeId, BTreeSet<MsgKey>>,
    /// The reverse of `watch`, to drop stale entries when a message is judged again.
    watched_by: BTreeMap<MsgKey, Vec<NodeId>>,
}

impl LostTracker {
    pub fn count(&self) -> u64 {
        self.lost.len() as u64
    }

    pub fn touch(&mut self, key: MsgKey) {
        self.dirty.push(key);
    }

    /// A node crashed, restarted, paused or resumed: what it watched must be judged again.
    pub fn status_changed(&mut self, node: NodeId) {
        if let Some(keys) = self.watch.remove(&node) {
            self.dirty.extend(keys);
        }
    }
}

impl Auditor {
    /// Judge again every message touched by the last event.
    pub(super) fn settle_lost(&mut self) {
        if self.lost.dirty.is_empty() {
            return;
        }
        let mut dirty = std::mem::take(&mut self.lost.dirty);
        dirty.sort_unstable();
        dirty.dedup();
        for &key in &dirty {
            let Some(m) = self.message(key) else { continue };
            let is_lost = definitely_lost(self, m);
            // The consumers whose crash would change the verdict: the last delivery of an
            // unsettled group was auto-acked and no crash of its consumer followed yet.
            let mut watchers: Vec<NodeId> = m
                .groups
                .iter()
                .filter(|g| !g.settled())
                .filter_map(|g| g.deliveries.last())
                .filter(|d| d.auto_acked && !self.node_history(d.consumer).crashes.iter().any(|&t| t >= d.at))
                .map(|d| d.consumer)
                .collect();
            // And the servers holding the last copies of a message a new leader's replica dropped:
            // whether they are up decides it (`explain::definitely_lost`).
            if m.copies.iter().any(|c| matches!(c.lost, Some((_, CopyLoss::TruncatedToLeader)))) {
                watchers.extend(m.surviving_copies().map(|c| c.node));
            }
            watchers.sort_unstable();
            watchers.dedup();
            let t = &mut self.lost;
            if is_lost {
                t.lost.insert(key);
            } else {
                t.lost.remove(&key);
            }
            for old in t.watched_by.remove(&key).unwrap_or_default() {
                if let Some(set) = t.watch.get_mut(&old) {
                    set.remove(&key);
                }
            }
            if !watchers.is_empty() {
                for &w in &watchers {
                    t.watch.entry(w).or_default().insert(key);
                }
                t.watched_by.insert(key, watchers);
            }
        }
        dirty.clear();
        self.lost.dirty = dirty;
    }
}
