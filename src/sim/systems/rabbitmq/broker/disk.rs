//! What the node keeps on disk: the persistent messages of its durable queues (the message store
//! and queue index). Writes and deletions (of acknowledged messages) wait for the next fsync,
//! every `fsync_interval_ms`; a crash loses what waited. So a message acknowledged after it
//! reached the disk, but before its deletion did, comes back after a restart — as in RabbitMQ.

use crate::sim::wire::Message;
use std::collections::BTreeMap;

/// A message on disk.
#[derive(Clone, Copy, Debug)]
pub struct Stored {
    pub msg: Message,
    /// Delivered at least once: recovered, it is redelivered=true.
    pub delivered: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Disk {
    /// Per queue (topic index), the fsynced messages by offset.
    queues: Vec<BTreeMap<u64, Stored>>,
    /// (queue, offset) written since the last fsync.
    writes: Vec<(u8, u64)>,
    /// (queue, offset) deleted (acknowledged) since the last fsync.
    deletes: Vec<(u8, u64)>,
}

impl Disk {
    pub fn new(queues: usize) -> Disk {
        Disk { queues: vec![BTreeMap::new(); queues], writes: Vec::new(), deletes: Vec::new() }
    }

    pub fn write(&mut self, queue: u8, offset: u64) {
        self.writes.push((queue, offset));
    }

    pub fn delete(&mut self, queue: u8, offset: u64) {
        self.deletes.push((queue, offset));
    }

    /// The fsync: every waiting write (of the messages `still_held` says are still wanted) and
    /// delete reaches the disk. The written ones are returned, in order.
    pub fn sync(&mut self, mut still_held: impl FnMut(u8, u64) -> Option<Stored>) -> (Vec<(u8, u64)>, u32) {
        let mut written = Vec::new();
        for (q, offset) in std::mem::take(&mut self.writes) {
            if let (Some(stored), Some(map)) = (still_held(q, offset), self.queues.get_mut(usize::from(q))) {
                map.insert(offset, stored);
                written.push((q, offset));
            }
        }
        let deletes = std::mem::take(&mut self.deletes);
        for &(q, offset) in &deletes {
            if let Some(map) = self.queues.get_mut(usize::from(q)) {
                map.remove(&offset);
            }
        }
        (written, deletes.len() as u32)
    }

    /// The offsets of queue `q` written since the last fsync (a few milliseconds' worth).
    pub fn unsynced(&self, q: u8) -> impl Iterator<Item = u64> + '_ {
        self.writes.iter().filter(move |(wq, _)| *wq == q).map(|&(_, o)| o)
    }

    /// A delivery of an on-disk message is noted in the queue index.
    pub fn mark_delivered(&mut self, queue: u8, offset: u64) {
        if let Some(s) = self.queues.get_mut(usize::from(queue)).and_then(|m| m.get_mut(&offset)) {
            s.delivered = true;
        }
    }

    /// The machine crashed: what waited for the fsync never reached the disk.
    pub fn crash(&mut self) {
        self.writes.clear();
        self.deletes.clear();
    }

    /// The messages of queue `q` on disk, by offset.
    pub fn queue(&self, q: usize) -> impl Iterator<Item = (u64, &Stored)> {
        self.queues.get(q).into_iter().flat_map(|m| m.iter().map(|(&o, s)| (o, s)))
    }

    pub fn get(&self, q: usize, offset: u64) -> Option<&Stored> {
        self.queues.get(q)?.get(&offset)
    }

    /// The disk is gone: everything on it, in queue and offset order.
    pub fn lose(&mut self) -> Vec<Message> {
        self.crash();
        self.queues.iter_mut().flat_map(|m| std::mem::take(m).into_values().map(|s| s.msg)).collect()
    }
}
