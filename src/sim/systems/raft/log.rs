//! What a replica keeps on disk: its current term, whom it voted for in that term, and its log.
//! Raft needs all three to survive a crash: a replica that forgot its vote could vote twice in a
//! term, and one that forgot entries it acknowledged could undo a commit. With `fsync` each write
//! reaches the disk before the replica answers (RabbitMQ quorum queues sync their write-ahead log
//! before confirming); without it, writes wait in the page cache until the next flush, and a crash
//! loses what was not flushed.
//!
//! Indexes are Raft's: the first entry is index 1, and index 0 (term 0) is the empty log's end.

use crate::sim::ids::{GroupId, NodeId, QueueKey};
use crate::sim::wire::Message;
use serde::{Deserialize, Serialize};

/// One entry of the replicated log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The term of the leader that appended it.
    pub term: u64,
    pub body: Body,
}

/// What an entry holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// A new leader's first entry: committing it commits everything before it (Raft §8).
    Noop,
    /// A producer's message, for consume queue `queue` of its topic.
    Message { msg: Message, queue: u8 },
    /// A consumer group's committed offsets (`auto`: the leader moved them as it handed the
    /// messages out).
    Offsets { group: GroupId, offsets: Vec<(QueueKey, u64)>, auto: bool },
}

impl Entry {
    pub fn message(&self) -> Option<&Message> {
        match &self.body {
            Body::Message { msg, .. } => Some(msg),
            _ => None,
        }
    }
}

/// A replica's persistent state.
#[derive(Clone, Debug)]
pub struct Disk {
    term: u64,
    voted_for: Option<NodeId>,
    /// Raft index i is `entries[i - 1]`.
    entries: Vec<Entry>,
    fsync: bool,
    /// Entries below this count are on disk (all of them with fsync).
    flushed: u64,
    /// The term and vote on disk.
    durable: (u64, Option<NodeId>),
}

impl Disk {
    pub fn new(fsync: bool) -> Disk {
        Disk { term: 0, voted_for: None, entries: Vec::new(), fsync, flushed: 0, durable: (0, None) }
    }

    pub fn term(&self) -> u64 {
        self.term
    }

    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }

    /// A newer term: no vote cast in it yet.
    pub fn set_term(&mut self, term: u64) {
        self.term = term;
        self.voted_for = None;
        self.wrote_meta();
    }

    pub fn vote(&mut self, candidate: NodeId) {
        self.voted_for = Some(candidate);
        self.wrote_meta();
    }

    fn wrote_meta(&mut self) {
        if self.fsync {
            self.durable = (self.term, self.voted_for);
        }
    }

    pub fn last_index(&self) -> u64 {
        self.entries.len() as u64
    }

    pub fn last_term(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// The term of entry `index` (0 for index 0), None past the end.
    pub fn term_at(&self, index: u64) -> Option<u64> {
        if index == 0 {
            return Some(0);
        }
        self.entry(index).map(|e| e.term)
    }

    pub fn entry(&self, index: u64) -> Option<&Entry> {
        let i = usize::try_from(index.checked_sub(1)?).ok()?;
        self.entries.get(i)
    }

    /// Entries from `index` on, at most `max` of them (copies, for an AppendEntries).
    pub fn entries_from(&self, index: u64, max: usize) -> Vec<Entry> {
        let start = usize::try_from(index.saturating_sub(1)).unwrap_or(usize::MAX).min(self.entries.len());
        self.entries[start..].iter().take(max).cloned().collect()
    }

    /// Append at the end; returns the entry's index.
    pub fn append(&mut self, entry: Entry) -> u64 {
        self.entries.push(entry);
        if self.fsync {
            self.flushed = self.last_index();
        }
        self.last_index()
    }

    /// Drop entries from `index` on (they conflict with the leader's); returns them.
    pub fn truncate_from(&mut self, index: u64) -> Vec<Entry> {
        let keep = usize::try_from(index.saturating_sub(1)).unwrap_or(usize::MAX).min(self.entries.len());
        let removed = self.entries.split_off(keep);
        self.flushed = self.flushed.min(self.last_index());
        removed
    }

    /// How far the log is on disk.
    pub fn flushed(&self) -> u64 {
        self.flushed
    }

    /// The page cache reaches the disk.
    pub fn flush(&mut self) {
        self.flushed = self.last_index();
        self.durable = (self.term, self.voted_for);
    }

    /// The machine died: what was only in the page cache is gone. Returns the entries lost, with
    /// the index of the first.
    pub fn crash(&mut self) -> (u64, Vec<Entry>) {
        (self.term, self.voted_for) = self.durable;
        let first = self.flushed + 1;
        (first, self.truncate_from(first))
    }

    /// The disk is gone: every entry it held.
    pub fn lose(&mut self) -> Vec<Entry> {
        let entries = std::mem::take(&mut self.entries);
        *self = Disk::new(self.fsync);
        entries
    }

    /// Whether a candidate whose log ends at (`last_index`, `last_term`) is at least as up to date
    /// as this log (Raft §5.4.1): a later last term wins, and with equal terms the longer log.
    pub fn candidate_up_to_date(&self, last_index: u64, last_term: u64) -> bool {
        (last_term, last_index) >= (self.last_term(), self.last_index())
    }

    /// The first index of the run of entries of `term` that ends at `index` (a follower's hint, so
    /// that the leader skips a whole conflicting term at once instead of one entry per round).
    pub fn first_of_term_before(&self, index: u64) -> u64 {
        let Some(term) = self.term_at(index) else { return self.last_index() + 1 };
        let mut i = index;
        while i > 1 && self.term_at(i - 1) == Some(term) {
            i -= 1;
        }
        i.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noop(term: u64) -> Entry {
        Entry { term, body: Body::Noop }
    }

    #[test]
    fn a_crash_without_fsync_loses_the_unflushed_tail_and_the_vote() {
        let mut d = Disk::new(false);
        d.set_term(1);
        d.vote(NodeId(0));
        d.append(noop(1));
        d.flush();
        d.append(noop(1));
        d.set_term(2);
        let (first, lost) = d.crash();
        assert_eq!((first, lost.len()), (2, 1));
        assert_eq!((d.term(), d.voted_for(), d.last_index()), (1, Some(NodeId(0)), 1));

        let mut d = Disk::new(true);
        d.set_term(3);
        d.append(noop(3));
        assert!(d.crash().1.is_empty(), "with fsync every write is on disk");
        assert_eq!((d.term(), d.last_index()), (3, 1));
    }

    #[test]
    fn the_up_to_date_check_compares_last_terms_then_lengths() {
        let mut d = Disk::new(true);
        d.append(noop(1));
        d.append(noop(2));
        assert!(d.candidate_up_to_date(2, 2));
        assert!(d.candidate_up_to_date(1, 3), "a later term wins over a longer log");
        assert!(!d.candidate_up_to_date(5, 1));
        assert!(!d.candidate_up_to_date(1, 2));
    }

    #[test]
    fn the_conflict_hint_skips_a_whole_term() {
        let mut d = Disk::new(true);
        for t in [1, 2, 2, 2] {
            d.append(noop(t));
        }
        assert_eq!(d.first_of_term_before(4), 2);
        assert_eq!(d.first_of_term_before(1), 1);
        assert_eq!(d.first_of_term_before(9), 5);
        assert_eq!(d.truncate_from(3).len(), 2);
        assert_eq!(d.last_index(), 2);
    }
}
