//! The state machine every replica builds by applying committed entries in order: the consume
//! queues (which log entry is the n-th message of a queue) and the consumer groups' committed
//! offsets. It lives in memory: after a restart a replica rebuilds it from its log, as far as the
//! leader tells it the log is committed.

use crate::sim::ids::{GroupId, QueueKey};
use crate::sim::small_map::SmallMap;
use crate::sim::systems::raft::log::{Body, Entry};

#[derive(Clone, Debug, Default)]
pub struct Applied {
    /// The last log index applied.
    pub applied: u64,
    /// Per consume queue, the log index of each message in it.
    queues: SmallMap<QueueKey, Vec<u64>>,
    /// Per group and queue, the first offset not yet consumed.
    offsets: SmallMap<(GroupId, QueueKey), u64>,
}

impl Applied {
    /// Apply entry `index` (the next one).
    pub fn apply(&mut self, index: u64, entry: &Entry) {
        self.applied = index;
        match &entry.body {
            Body::Noop => {}
            Body::Message { msg, queue } => {
                self.queues.entry(QueueKey::named(msg.topic, *queue)).or_default().push(index);
            }
            Body::Offsets { group, offsets, .. } => {
                // As RocketMQ's broker does, the latest commit wins, even one that goes back.
                for &(q, o) in offsets {
                    self.offsets.insert((*group, q), o);
                }
            }
        }
    }

    /// Messages in a consume queue.
    pub fn queue_len(&self, q: QueueKey) -> u64 {
        self.queues.get(&q).map_or(0, |v| v.len() as u64)
    }

    /// The log index of message `offset` of queue `q`.
    pub fn log_index(&self, q: QueueKey, offset: u64) -> Option<u64> {
        self.queues.get(&q)?.get(usize::try_from(offset).ok()?).copied()
    }

    pub fn offset(&self, group: GroupId, q: QueueKey) -> u64 {
        self.offsets.get(&(group, q)).copied().unwrap_or(0)
    }

    /// Messages of `q` the group has not committed.
    pub fn behind(&self, group: GroupId, q: QueueKey) -> u64 {
        self.queue_len(q).saturating_sub(self.offset(group, q))
    }

    /// The first log index a group has not consumed, over the queues `qs`; `end` when it has
    /// consumed everything applied.
    pub fn first_unconsumed(&self, group: GroupId, qs: &[QueueKey], end: u64) -> u64 {
        qs.iter().filter_map(|&q| self.log_index(q, self.offset(group, q))).min().unwrap_or(end)
    }
}
