//! A set for the few (nodes, queues, links), kept as a sorted `Vec`: it iterates in ascending order
//! exactly as `BTreeSet` does, with far less code per element type. See `small_map` for why, and
//! for which sets stay `BTreeSet` (those that grow with the messages of a run).

use std::borrow::Borrow;
use std::fmt;

/// A sorted-`Vec` set with `BTreeSet`'s iteration order, for sets bounded by the topology.
#[derive(Clone, PartialEq, Eq)]
pub struct SmallSet<K> {
    /// Sorted, no element twice.
    items: Vec<K>,
}

impl<K> Default for SmallSet<K> {
    fn default() -> Self {
        SmallSet { items: Vec::new() }
    }
}

impl<K: fmt::Debug> fmt::Debug for SmallSet<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.items.iter()).finish()
    }
}

impl<K> SmallSet<K> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// The elements in ascending order.
    pub fn iter(&self) -> std::slice::Iter<'_, K> {
        self.items.iter()
    }

    pub fn retain(&mut self, keep: impl FnMut(&K) -> bool) {
        self.items.retain(keep);
    }
}

impl<K: Ord> SmallSet<K> {
    fn find<Q: Ord + ?Sized>(&self, item: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.items.binary_search_by(|k| k.borrow().cmp(item))
    }

    pub fn contains<Q: Ord + ?Sized>(&self, item: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(item).is_ok()
    }

    /// Add `item`; false if it was there already.
    pub fn insert(&mut self, item: K) -> bool {
        match self.find(&item) {
            Ok(_) => false,
            Err(i) => {
                self.items.insert(i, item);
                true
            }
        }
    }

    /// Take `item` out; false if it was not there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, item: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(item).map(|i| self.items.remove(i)).is_ok()
    }
}

impl<K: Ord> FromIterator<K> for SmallSet<K> {
    fn from_iter<I: IntoIterator<Item = K>>(iter: I) -> Self {
        let mut items: Vec<K> = iter.into_iter().collect();
        items.sort();
        items.dedup();
        SmallSet { items }
    }
}

impl<K: Ord> Extend<K> for SmallSet<K> {
    fn extend<I: IntoIterator<Item = K>>(&mut self, iter: I) {
        for item in iter {
            self.insert(item);
        }
    }
}

impl<K> IntoIterator for SmallSet<K> {
    type Item = K;
    type IntoIter = std::vec::IntoIter<K>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, K> IntoIterator for &'a SmallSet<K> {
    type Item = &'a K;
    type IntoIter = std::slice::Iter<'a, K>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn it_holds_what_a_btree_set_holds_in_the_same_order() {
        let mut small = SmallSet::new();
        let mut btree = BTreeSet::new();
        for step in 0u32..400 {
            let item = (step * 31) % 17;
            if step % 3 == 2 {
                assert_eq!(small.remove(&item), btree.remove(&item));
            } else {
                assert_eq!(small.insert(item), btree.insert(item));
            }
            assert!(small.iter().eq(btree.iter()), "step {step}");
            assert_eq!(small.contains(&5), btree.contains(&5));
        }
        let collected: SmallSet<u32> = [5, 1, 5, 3, 1].into_iter().collect();
        assert_eq!(collected.into_iter().collect::<Vec<_>>(), vec![1, 3, 5]);
    }
}
