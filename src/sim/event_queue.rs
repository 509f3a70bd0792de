//! The event queue: events come out in order of time, and events at the same time in the order
//! they were queued — a total order, so every run is the same. Bodies sit in a slab and the heap
//! orders only small (time, sequence, slot) keys: sifting moves 24 bytes, not whole events.

use super::time::SimTime;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Clone, Debug)]
pub struct EventQueue<T> {
    heap: BinaryHeap<Reverse<(SimTime, u64, u32)>>,
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    next_seq: u64,
}

impl<T> Default for EventQueue<T> {
    fn default() -> Self {
        EventQueue { heap: BinaryHeap::new(), slots: Vec::new(), free: Vec::new(), next_seq: 0 }
    }
}

impl<T> EventQueue<T> {
    pub fn push(&mut self, at: SimTime, body: T) {
        let slot = match self.free.pop() {
            Some(s) => {
                self.slots[s as usize] = Some(body);
                s
            }
            None => {
                self.slots.push(Some(body));
                (self.slots.len() - 1) as u32
            }
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Reverse((at, seq, slot)));
    }

    /// The earliest event and its time.
    pub fn pop(&mut self) -> Option<(SimTime, T)> {
        let Reverse((at, _, slot)) = self.heap.pop()?;
        let body = self.slots.get_mut(slot as usize).and_then(Option::take)?;
        self.free.push(slot);
        Some((at, body))
    }

    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }

    /// Every pending event's body, in no particular order (for questions like "is such a message
    /// still on its way", whose answer does not depend on the order).
    pub fn bodies(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().flatten()
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_time_then_by_insertion() {
        let mut q = EventQueue::default();
        q.push(SimTime(5), "b");
        q.push(SimTime(1), "a");
        q.push(SimTime(5), "c");
        q.push(SimTime(3), "x");
        let order: Vec<&str> = std::iter::from_fn(|| q.pop().map(|(_, b)| b)).collect();
        assert_eq!(order, vec!["a", "x", "b", "c"]);
    }

    #[test]
    fn reuses_slots() {
        let mut q = EventQueue::default();
        for round in 0..3u64 {
            for i in 0..100 {
                q.push(SimTime(round * 1000 + i), i);
            }
            while q.pop().is_some() {}
        }
        assert!(q.slots.len() <= 100);
        assert!(q.is_empty());
    }
}
