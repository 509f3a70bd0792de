//! One classic queue: its ready messages in order, the deliveries its consumers have not yet
//! acknowledged, and the consumers themselves, served round-robin. A requeued message goes back
//! to its old place (RabbitMQ puts it back at its original position when it can), which keeps
//! the queue in offset order.

use crate::sim::ids::{MsgId, NodeId};
use crate::sim::time::SimTime;
use crate::sim::wire::Message;
use std::collections::BTreeMap;

/// A message in the queue.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub msg: Message,
    /// deliveryMode=2.
    pub persistent: bool,
    /// Delivered before (to a channel that closed, or nacked back): the next delivery says so.
    pub redelivered: bool,
    /// Written to disk by an fsync.
    pub on_disk: bool,
    /// The publisher waiting for its confirm (node, connection, publish tag), until the fsync.
    pub confirm: Option<(NodeId, u32, u64)>,
}

/// A delivery waiting for its ack.
#[derive(Clone, Copy, Debug)]
pub struct Held {
    pub entry: Entry,
    pub consumer: NodeId,
    pub at: SimTime,
}

#[derive(Clone, Debug, Default)]
pub struct Queue {
    /// The offset the next message gets (mqlab's numbering, for the view; RabbitMQ has none).
    pub next_offset: u64,
    pub ready: BTreeMap<u64, Entry>,
    pub unacked: BTreeMap<u64, Held>,
    /// Consumers in the order they subscribed.
    consumers: Vec<NodeId>,
    /// Whose turn it is.
    cursor: usize,
    /// `<queue>.dlq`: the messages dead-lettered from this queue, in order.
    pub dead: Vec<MsgId>,
}

impl Queue {
    /// Append a published message; its offset.
    pub fn push(&mut self, entry: Entry) -> u64 {
        let offset = self.next_offset;
        self.next_offset += 1;
        self.ready.insert(offset, entry);
        offset
    }

    pub fn subscribe(&mut self, consumer: NodeId) {
        if !self.consumers.contains(&consumer) {
            self.consumers.push(consumer);
        }
    }

    pub fn unsubscribe(&mut self, consumer: NodeId) {
        if let Some(i) = self.consumers.iter().position(|&c| c == consumer) {
            self.consumers.remove(i);
            if self.cursor > i {
                self.cursor -= 1;
            }
        }
    }

    /// The next consumer in round-robin order that `has_room` for another delivery; it is then
    /// the last served.
    pub fn next_consumer(&mut self, has_room: impl Fn(NodeId) -> bool) -> Option<NodeId> {
        let n = self.consumers.len();
        for i in 0..n {
            let at = (self.cursor + i) % n;
            let c = self.consumers[at];
            if has_room(c) {
                self.cursor = (at + 1) % n;
                return Some(c);
            }
        }
        None
    }

    /// The first offset still held (ready or unacked), or the end when empty.
    pub fn start(&self) -> u64 {
        let ready = self.ready.keys().next().copied();
        let unacked = self.unacked.keys().next().copied();
        match (ready, unacked) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(self.next_offset),
        }
    }

    /// Messages in the queue: ready and unacknowledged.
    pub fn len(&self) -> u64 {
        (self.ready.len() + self.unacked.len()) as u64
    }

    /// The message at `offset`, if the queue holds it.
    pub fn get(&self, offset: u64) -> Option<&Entry> {
        self.ready.get(&offset).or_else(|| self.unacked.get(&offset).map(|h| &h.entry))
    }

    pub fn get_mut(&mut self, offset: u64) -> Option<&mut Entry> {
        match self.ready.get_mut(&offset) {
            Some(e) => Some(e),
            None => self.unacked.get_mut(&offset).map(|h| &mut h.entry),
        }
    }

    /// Every message held, ready or unacknowledged, in offset order (what a crash destroys).
    pub fn drain_all(&mut self) -> Vec<Entry> {
        let mut all: Vec<(u64, Entry)> = std::mem::take(&mut self.ready).into_iter().collect();
        all.extend(std::mem::take(&mut self.unacked).into_iter().map(|(o, h)| (o, h.entry)));
        all.sort_by_key(|(o, _)| *o);
        self.consumers.clear();
        self.cursor = 0;
        all.into_iter().map(|(_, e)| e).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumers_take_turns_skipping_the_full_ones() {
        let mut q = Queue::default();
        let (a, b, c) = (NodeId(1), NodeId(2), NodeId(3));
        for n in [a, b, c] {
            q.subscribe(n);
        }
        assert_eq!(q.next_consumer(|_| true), Some(a));
        assert_eq!(q.next_consumer(|n| n != b), Some(c));
        assert_eq!(q.next_consumer(|_| true), Some(a));
        q.unsubscribe(a);
        assert_eq!(q.next_consumer(|_| true), Some(b));
        assert_eq!(q.next_consumer(|_| false), None);
    }
}
