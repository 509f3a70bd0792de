//! What the Redis server holds for the queues: a list per topic, a processing list per consumer
//! (reliable mode) and a sorted set of delayed items per topic. Every change is a write command
//! (`Op`), applied the same way to the dataset in memory and, when Redis persists it, replayed
//! onto the copy on disk: the append-only file is exactly this log.

use crate::sim::ids::{MsgId, NodeId};
use crate::sim::small_map::SmallMap;
use crate::sim::time::SimTime;
use crate::sim::wire::Message;
use std::collections::{BTreeMap, VecDeque};

/// An item in a list: the message as the producer serialized it, and the number of the write
/// that put it there (to tell what is already on disk).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub msg: Message,
    pub written: u64,
}

/// An item in a consumer's processing list, with when it was moved there (the recovery job
/// compares it with the visibility timeout).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    pub entry: Entry,
    pub since: SimTime,
}

/// A write command, as the append-only file records it (a blocking pop is logged as the pop it
/// turned into, and a script as the commands it ran).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// LPUSH onto the topic's list (the producer's send, or the mover's push of a due item).
    Push { msg: Message },
    /// RPOP: a BRPOP that was answered.
    Pop { topic: u8 },
    /// RPOPLPUSH from the topic's list into `consumer`'s processing list (BRPOPLPUSH answered).
    Claim { topic: u8, consumer: NodeId, since: SimTime },
    /// LREM of one item from `consumer`'s processing list: the consumer's ack.
    Ack { consumer: NodeId, msg: MsgId },
    /// The recovery script: LREM from the processing list, RPUSH back to the list's pop end.
    Requeue { consumer: NodeId, msg: MsgId },
    /// ZADD to the topic's delayed set, scored by the due time.
    Schedule { msg: Message, due: SimTime },
    /// The mover script: ZREM from the delayed set, LPUSH onto the list.
    Due { topic: u8, msg: MsgId },
}

/// What a write did, for the server to answer and trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report (a push), or the write found nothing to do.
    Done,
    Nothing,
    /// An item left a list (pop, claim): the message.
    Took(Message),
    /// ZADD added a new member (false: it updated the score of one already there).
    Added(bool),
}

/// The queues' keys and their contents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dataset {
    /// Per topic, oldest first: the front is the list's tail, where RPOP takes from.
    lists: SmallMap<u8, VecDeque<Entry>>,
    /// Per consumer, oldest first.
    processing: SmallMap<NodeId, VecDeque<Held>>,
    /// Per topic: members by (due, id), as ZRANGEBYSCORE returns them, and each member's score.
    delayed: SmallMap<u8, BTreeMap<(SimTime, MsgId), Entry>>,
    scores: BTreeMap<MsgId, SimTime>,
}

impl Dataset {
    /// Apply write number `seq`.
    pub fn apply(&mut self, op: Op, seq: u64) -> Outcome {
        let entry = |msg| Entry { msg, written: seq };
        match op {
            Op::Push { msg } => {
                self.lists.entry(msg.topic).or_default().push_back(entry(msg));
                Outcome::Done
            }
            Op::Pop { topic } => match self.lists.get_mut(&topic).and_then(VecDeque::pop_front) {
                Some(e) => Outcome::Took(e.msg),
                None => Outcome::Nothing,
            },
            Op::Claim { topic, consumer, since } => {
                let Some(e) = self.lists.get_mut(&topic).and_then(VecDeque::pop_front) else {
                    return Outcome::Nothing;
                };
                self.processing.entry(consumer).or_default().push_back(Held { entry: entry(e.msg), since });
                Outcome::Took(e.msg)
            }
            Op::Ack { consumer, msg } => match self.unhold(consumer, msg) {
                Some(_) => Outcome::Done,
                None => Outcome::Nothing,
            },
            Op::Requeue { consumer, msg } => {
                let Some(h) = self.unhold(consumer, msg) else {
                    return Outcome::Nothing;
                };
                // RPUSH: back at the end BRPOP takes from, so it is the next one handed out.
                self.lists.entry(h.entry.msg.topic).or_default().push_front(entry(h.entry.msg));
                Outcome::Done
            }
            Op::Schedule { msg, due } => {
                let set = self.delayed.entry(msg.topic).or_default();
                let added = match self.scores.insert(msg.id, due) {
                    // A member is unique in a sorted set: adding it again only moves its score.
                    Some(old) => set.remove(&(old, msg.id)).is_none(),
                    None => true,
                };
                set.insert((due, msg.id), entry(msg));
                Outcome::Added(added)
            }
            Op::Due { topic, msg } => {
                let Some(due) = self.scores.remove(&msg) else {
                    return Outcome::Nothing;
                };
                let Some(e) = self.delayed.get_mut(&topic).and_then(|s| s.remove(&(due, msg))) else {
                    return Outcome::Nothing;
                };
                self.lists.entry(topic).or_default().push_back(entry(e.msg));
                Outcome::Done
            }
        }
    }

    /// LREM count 1 from the head: the newest matching item of `consumer`'s processing list.
    fn unhold(&mut self, consumer: NodeId, msg: MsgId) -> Option<Held> {
        let list = self.processing.get_mut(&consumer)?;
        let at = list.iter().rposition(|h| h.entry.msg.id == msg)?;
        list.remove(at)
    }

    /// The topic's list, oldest (next to be popped) first.
    pub fn list(&self, topic: u8) -> impl Iterator<Item = &Entry> {
        self.lists.get(&topic).into_iter().flatten()
    }

    pub fn list_len(&self, topic: u8) -> usize {
        self.lists.get(&topic).map_or(0, VecDeque::len)
    }

    /// A consumer's processing list, oldest first.
    pub fn held(&self, consumer: NodeId) -> impl Iterator<Item = &Held> {
        self.processing.get(&consumer).into_iter().flatten()
    }

    /// Every processing list, by consumer.
    pub fn processing(&self) -> impl Iterator<Item = (NodeId, &VecDeque<Held>)> {
        self.processing.iter().map(|(&c, l)| (c, l))
    }

    /// The topic's delayed set in ZRANGEBYSCORE order, with each due time.
    pub fn delayed(&self, topic: u8) -> impl Iterator<Item = (SimTime, &Entry)> {
        self.delayed.get(&topic).into_iter().flatten().map(|(&(due, _), e)| (due, e))
    }

    /// Every message id held anywhere, once per copy.
    pub fn ids(&self) -> impl Iterator<Item = MsgId> + '_ {
        let lists = self.lists.values().flatten().map(|e| e.msg.id);
        let held = self.processing.values().flatten().map(|h| h.entry.msg.id);
        let delayed = self.delayed.values().flat_map(|s| s.values()).map(|e| e.msg.id);
        lists.chain(held).chain(delayed)
    }

    /// How many copies of each message it holds.
    pub fn counts(&self) -> BTreeMap<MsgId, u32> {
        let mut counts = BTreeMap::new();
        for id in self.ids() {
            *counts.entry(id).or_insert(0) += 1;
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::MsgKey;

    fn msg(seq: u32) -> Message {
        let id = MsgId { key: MsgKey { producer: 0, seq }, gen: 0 };
        Message { id, topic: 0, born_at: SimTime::ZERO, reconsume_times: 0 }
    }

    #[test]
    fn a_list_is_fifo_and_a_requeued_item_is_next() {
        let mut d = Dataset::default();
        d.apply(Op::Push { msg: msg(1) }, 1);
        d.apply(Op::Push { msg: msg(2) }, 2);
        let c = NodeId(7);
        assert_eq!(d.apply(Op::Claim { topic: 0, consumer: c, since: SimTime::ZERO }, 3), Outcome::Took(msg(1)));
        assert_eq!(d.apply(Op::Requeue { consumer: c, msg: msg(1).id }, 4), Outcome::Done);
        assert_eq!(d.apply(Op::Pop { topic: 0 }, 5), Outcome::Took(msg(1)));
        assert_eq!(d.apply(Op::Ack { consumer: c, msg: msg(1).id }, 6), Outcome::Nothing, "already pushed back");
    }

    #[test]
    fn a_sorted_set_keeps_one_copy_of_a_member() {
        let mut d = Dataset::default();
        let due = SimTime::from_ms(5);
        assert_eq!(d.apply(Op::Schedule { msg: msg(1), due }, 1), Outcome::Added(true));
        assert_eq!(d.apply(Op::Schedule { msg: msg(1), due: SimTime::from_ms(6) }, 2), Outcome::Added(false));
        assert_eq!(d.counts().get(&msg(1).id), Some(&1));
        assert_eq!(d.apply(Op::Due { topic: 0, msg: msg(1).id }, 3), Outcome::Done);
        assert_eq!(d.list_len(0), 1);
    }
}
