//! A broker's storage: the commit log (every message in arrival order, with a written and a
//! flushed offset), the consume queues that index it per queue, and the consumer-offset table
//! with its last on-disk snapshot. Offsets count entries, not bytes, so the view can draw them.

use crate::sim::chunked::ChunkedVec;
use crate::sim::ids::{GroupId, QueueKey};
use crate::sim::small_map::SmallMap;
use crate::sim::wire::{LogEntry, Message, Pulled};

/// The commit log and the consume queues built over it. Both grow with the run, so they are
/// chunked: a checkpoint's clone shares them (see `ChunkedVec`).
#[derive(Clone, Debug, Default)]
pub struct CommitLog {
    entries: ChunkedVec<LogEntry>,
    flushed: u64,
    /// Consume queue: queue offset → commit-log offset.
    queues: SmallMap<QueueKey, ChunkedVec<u64>>,
}

impl CommitLog {
    /// Offset one past the last written entry.
    pub fn written(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Entries below this offset are on disk and survive a crash.
    pub fn flushed(&self) -> u64 {
        self.flushed
    }

    pub fn queue_len(&self, q: QueueKey) -> u64 {
        self.queues.get(&q).map_or(0, |v| v.len() as u64)
    }

    pub fn entry(&self, log_offset: u64) -> Option<&LogEntry> {
        self.entries.get(usize::try_from(log_offset).ok()?)
    }

    /// How many entries of queue `q` lie below commit-log offset `end` (what consumers may read).
    pub fn queue_len_below(&self, q: QueueKey, end: u64) -> u64 {
        self.queues.get(&q).map_or(0, |v| v.partition_point(|&log| log < end) as u64)
    }

    /// The entry at a queue offset.
    pub fn queue_entry(&self, q: QueueKey, queue_offset: u64) -> Option<&LogEntry> {
        let v = self.queues.get(&q)?;
        let log = *v.get(usize::try_from(queue_offset).ok()?)?;
        self.entry(log)
    }

    /// The commit-log offset of a queue offset (for drawing consumed markers on the strip).
    pub fn log_offset_of(&self, q: QueueKey, queue_offset: u64) -> Option<u64> {
        self.queues.get(&q)?.get(usize::try_from(queue_offset).ok()?).copied()
    }

    /// Append a message to queue `q`; returns (commit-log offset, queue offset).
    pub fn append(
        &mut self,
        msg: Message,
        queue: QueueKey,
        retry_of: Option<(GroupId, crate::sim::time::SimTime)>,
    ) -> (u64, u64) {
        let queue_offset = self.queue_len(queue);
        let entry = LogEntry { msg, queue, queue_offset, retry_of };
        self.push(entry)
    }

    /// Append an entry copied from the master, keeping its queue and offsets.
    pub fn push(&mut self, entry: LogEntry) -> (u64, u64) {
        let log_offset = self.written();
        let cq = self.queues.entry(entry.queue).or_default();
        let queue_offset = cq.len() as u64;
        cq.push(log_offset);
        self.entries.push(LogEntry { queue_offset, ..entry });
        (log_offset, queue_offset)
    }

    /// Up to `max` entries starting at `from`.
    pub fn entries_from(&self, from: u64, max: usize) -> Vec<LogEntry> {
        let start = usize::try_from(from).unwrap_or(usize::MAX);
        self.entries.range(start, start.saturating_add(max)).cloned().collect()
    }

    /// Up to `max` messages of queue `q` from `offset`.
    pub fn read(&self, q: QueueKey, offset: u64, max: usize) -> Vec<Pulled> {
        let Some(cq) = self.queues.get(&q) else {
            return Vec::new();
        };
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        cq.range(start, start.saturating_add(max))
            .zip(offset..)
            .filter_map(|(&log, queue_offset)| self.entry(log).map(|e| Pulled { msg: e.msg, queue_offset }))
            .collect()
    }

    /// Mark everything written as flushed; returns the new flushed offset if it moved.
    pub fn flush_to(&mut self, upto: u64) -> Option<u64> {
        let upto = upto.min(self.written());
        (upto > self.flushed).then(|| {
            self.flushed = upto;
            upto
        })
    }

    /// A machine crash: the page cache is gone, so is every unflushed entry. Returns the lost range.
    pub fn lose_unflushed(&mut self) -> Option<(u64, u64)> {
        self.truncate_to(self.flushed)
    }

    /// Drop every entry from `from` on; returns the dropped range if any.
    pub fn truncate_to(&mut self, from: u64) -> Option<(u64, u64)> {
        let to = self.written();
        if from >= to {
            return None;
        }
        self.entries.truncate(from as usize);
        self.flushed = self.flushed.min(from);
        for cq in self.queues.values_mut() {
            while cq.last().is_some_and(|&log| log >= from) {
                cq.pop();
            }
        }
        Some((from, to))
    }

    /// The disk is gone: nothing survives.
    pub fn wipe(&mut self) {
        *self = CommitLog::default();
    }
}

/// Consumer offsets per (group, queue): the live table and the snapshot last written to disk.
#[derive(Clone, Debug, Default)]
pub struct OffsetTable {
    live: SmallMap<(GroupId, QueueKey), u64>,
    persisted: SmallMap<(GroupId, QueueKey), u64>,
}

impl OffsetTable {
    pub fn get(&self, group: GroupId, q: QueueKey) -> Option<u64> {
        self.live.get(&(group, q)).copied()
    }

    /// RocketMQ overwrites: a commit with a lower offset moves the group back.
    pub fn commit(&mut self, group: GroupId, q: QueueKey, offset: u64) {
        self.live.insert((group, q), offset);
    }

    pub fn all(&self) -> Vec<(GroupId, QueueKey, u64)> {
        self.live.iter().map(|(&(g, q), &o)| (g, q, o)).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&(GroupId, QueueKey), &u64)> {
        self.live.iter()
    }

    pub fn persist(&mut self) {
        self.persisted.clone_from(&self.live);
    }

    /// After a crash only the snapshot remains; returns true if anything was lost.
    pub fn revert(&mut self) -> bool {
        let changed = self.live != self.persisted;
        self.live.clone_from(&self.persisted);
        changed
    }

    pub fn wipe(&mut self) {
        self.live.clear();
        self.persisted.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::{MsgId, MsgKey};
    use crate::sim::time::SimTime;

    fn msg(seq: u32) -> Message {
        let key = MsgKey { producer: 0, seq };
        Message { id: MsgId { key, gen: 0 }, topic: 0, born_at: SimTime::ZERO, reconsume_times: 0 }
    }

    #[test]
    fn crash_loses_exactly_the_unflushed_tail_and_its_queue_entries() {
        let mut log = CommitLog::default();
        let (qa, qb) = (QueueKey::named(0, 0), QueueKey::named(0, 1));
        log.append(msg(0), qa, None);
        log.append(msg(1), qb, None);
        log.flush_to(2);
        log.append(msg(2), qa, None);
        log.append(msg(3), qb, None);
        assert_eq!(log.lose_unflushed(), Some((2, 4)));
        assert_eq!(log.written(), 2);
        assert_eq!(log.queue_len(qa), 1);
        assert_eq!(log.queue_len(qb), 1);
        let (_, qo) = log.append(msg(4), qa, None);
        assert_eq!(qo, 1, "offsets are reused after truncation, as on a real broker");
    }

    #[test]
    fn reads_respect_queue_and_bounds() {
        let mut log = CommitLog::default();
        let q = QueueKey::named(0, 0);
        for i in 0..5 {
            log.append(msg(i), q, None);
        }
        let got: Vec<u32> = log.read(q, 3, 32).iter().map(|p| p.msg.id.key.seq).collect();
        assert_eq!(got, vec![3, 4]);
        assert!(log.read(q, 9, 32).is_empty());
        assert!(log.read(QueueKey::named(0, 3), 0, 32).is_empty());
    }

    #[test]
    fn offsets_revert_to_the_snapshot() {
        let mut t = OffsetTable::default();
        let q = QueueKey::named(0, 0);
        t.commit(GroupId(0), q, 5);
        t.persist();
        t.commit(GroupId(0), q, 9);
        assert!(t.revert());
        assert_eq!(t.get(GroupId(0), q), Some(5));
    }
}
