//! One replica of a partition on a broker's disk: the records in offset order, each stamped with
//! the leader epoch it was written in, and the high watermark. The epochs are what lets a follower
//! find where its log parted from its leader's (Kafka's leader-epoch truncation, KIP-101): every
//! epoch has one leader, so two replicas that hold the same epoch at an offset hold the same record.

use crate::sim::ids::MsgId;
use crate::sim::wire::Message;
use serde::{Deserialize, Serialize};

/// A record in a partition's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub msg: Message,
    /// The leader epoch in which the leader appended it.
    pub epoch: u32,
    /// The idempotent producer's epoch and sequence number (`wire::NO_SEQ` without idempotence).
    pub producer_epoch: u16,
    pub seq: u32,
}

/// What an idempotent leader knows of a producer in a partition: the last sequence number it
/// wrote, under which producer epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProducerState {
    pub epoch: u16,
    pub last_seq: u32,
}

#[derive(Clone, Debug, Default)]
pub struct PartitionLog {
    entries: Vec<Entry>,
    /// One past the last offset known to be on every in-sync replica (the high watermark):
    /// consumers read below it.
    pub hw: u64,
}

impl PartitionLog {
    /// The log end offset (LEO): one past the last record.
    pub fn leo(&self) -> u64 {
        self.entries.len() as u64
    }

    pub fn get(&self, offset: u64) -> Option<&Entry> {
        usize::try_from(offset).ok().and_then(|i| self.entries.get(i))
    }

    pub fn msg_at(&self, offset: u64) -> Option<MsgId> {
        self.get(offset).map(|e| e.msg.id)
    }

    /// Entries `[from, from + max)`, within the log.
    pub fn slice(&self, from: u64, max: usize) -> &[Entry] {
        let start = (from as usize).min(self.entries.len());
        let end = start.saturating_add(max).min(self.entries.len());
        &self.entries[start..end]
    }

    pub fn append(&mut self, e: Entry) -> u64 {
        self.entries.push(e);
        self.leo() - 1
    }

    /// The epoch of the last record.
    pub fn last_epoch(&self) -> Option<u32> {
        self.entries.last().map(|e| e.epoch)
    }

    /// Where this log's part of epochs up to `epoch` ends: the first offset written in a later
    /// epoch (or the log end), and the last epoch at or below `epoch` it holds before there.
    pub fn end_for_epoch(&self, epoch: Option<u32>) -> (Option<u32>, u64) {
        let Some(epoch) = epoch else { return (None, 0) };
        // Epochs only grow along a log: binary search for the first entry of a later epoch.
        let end = self.entries.partition_point(|e| e.epoch <= epoch);
        let found = end.checked_sub(1).map(|i| self.entries[i].epoch);
        (found, end as u64)
    }

    /// Remove every record from `to` on; returns them, first to last.
    pub fn truncate(&mut self, to: u64) -> Vec<Entry> {
        let at = (to as usize).min(self.entries.len());
        let removed = self.entries.split_off(at);
        self.hw = self.hw.min(self.leo());
        removed
    }

    /// Everything is gone (a lost disk).
    pub fn clear(&mut self) -> Vec<Entry> {
        self.truncate(0)
    }

    /// The last record of producer `pid` in this log, as its producer state (Kafka rebuilds it
    /// from the log's batches the same way when a replica becomes leader).
    pub fn producer_state(&self, pid: u8) -> Option<ProducerState> {
        self.entries
            .iter()
            .rev()
            .find(|e| e.msg.id.key.producer == pid && e.seq != super::wire::NO_SEQ)
            .map(|e| ProducerState { epoch: e.producer_epoch, last_seq: e.seq })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::MsgKey;
    use crate::sim::time::SimTime;

    fn entry(seq: u32, epoch: u32) -> Entry {
        let id = MsgId { key: MsgKey { producer: 0, seq }, gen: 0 };
        let msg = Message { id, topic: 0, born_at: SimTime::ZERO, reconsume_times: 0 };
        Entry { msg, epoch, producer_epoch: 0, seq }
    }

    #[test]
    fn end_for_epoch_finds_where_later_epochs_start() {
        let mut log = PartitionLog::default();
        for (i, epoch) in [0, 0, 0, 2, 2].into_iter().enumerate() {
            log.append(entry(i as u32, epoch));
        }
        assert_eq!(log.end_for_epoch(Some(0)), (Some(0), 3));
        assert_eq!(log.end_for_epoch(Some(1)), (Some(0), 3));
        assert_eq!(log.end_for_epoch(Some(2)), (Some(2), 5));
        assert_eq!(log.end_for_epoch(Some(7)), (Some(2), 5));
        assert_eq!(log.end_for_epoch(None), (None, 0));
        assert_eq!(log.truncate(3).len(), 2);
        assert_eq!(log.producer_state(0), Some(ProducerState { epoch: 0, last_seq: 2 }));
    }
}
