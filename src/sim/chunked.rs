//! A growable vector whose clone is cheap: elements live in fixed-size chunks behind `Rc`, so a
//! clone shares every chunk and copies only the few it later writes to (`Rc::make_mut`). The lab
//! clones the whole run as a checkpoint every few thousand events; the commit logs and the
//! checker's per-message records grow with the run, and plain vectors made each checkpoint cost
//! O(run) time and memory. Only the chunks a run touches after a checkpoint are ever copied.

use std::rc::Rc;

/// Elements per chunk by default: a clone copies `len / CHUNK` pointers; a write after a clone
/// copies one chunk. Vectors of big elements choose smaller chunks (the second parameter).
pub const CHUNK: usize = 1024;

#[derive(Debug)]
pub struct ChunkedVec<T, const CHUNK: usize = 1024> {
    chunks: Vec<Rc<Vec<T>>>,
    len: usize,
}

impl<T, const CHUNK: usize> Clone for ChunkedVec<T, CHUNK> {
    fn clone(&self) -> Self {
        ChunkedVec { chunks: self.chunks.clone(), len: self.len }
    }
}

impl<T, const CHUNK: usize> Default for ChunkedVec<T, CHUNK> {
    fn default() -> Self {
        ChunkedVec { chunks: Vec::new(), len: 0 }
    }
}

impl<T: Clone, const CHUNK: usize> ChunkedVec<T, CHUNK> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push(&mut self, value: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Rc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.chunks.last_mut() {
            Rc::make_mut(last).push(value);
        }
        self.len += 1;
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        self.chunks[i / CHUNK].get(i % CHUNK)
    }

    /// Mutable access; copies the element's chunk first if a clone still shares it.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        if i >= self.len {
            return None;
        }
        Rc::make_mut(&mut self.chunks[i / CHUNK]).get_mut(i % CHUNK)
    }

    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn pop(&mut self) -> Option<T> {
        let i = self.len.checked_sub(1)?;
        let chunk = self.chunks.last_mut()?;
        let v = Rc::make_mut(chunk).pop();
        self.len = i;
        if i.is_multiple_of(CHUNK) {
            self.chunks.pop();
        }
        v
    }

    /// Keep the first `len` elements.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        self.chunks.truncate(len.div_ceil(CHUNK));
        if !len.is_multiple_of(CHUNK) {
            if let Some(last) = self.chunks.last_mut() {
                Rc::make_mut(last).truncate(len % CHUNK);
            }
        }
        self.len = len;
    }

    /// The elements from `at` on, removed from this vector.
    pub fn split_off(&mut self, at: usize) -> Vec<T> {
        let tail: Vec<T> = self.range(at, self.len).cloned().collect();
        self.truncate(at);
        tail
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// The elements in `[start, end)`, clamped to the length.
    pub fn range(&self, start: usize, end: usize) -> impl Iterator<Item = &T> + '_ {
        let end = end.min(self.len);
        let start = start.min(end);
        let first = start / CHUNK;
        self.chunks[first..end.div_ceil(CHUNK).max(first)]
            .iter()
            .flat_map(|c| c.iter())
            .skip(start % CHUNK)
            .take(end - start)
    }

    /// The index of the first element for which `pred` is false, for a vector partitioned by it
    /// (as `slice::partition_point`).
    pub fn partition_point(&self, mut pred: impl FnMut(&T) -> bool) -> usize {
        let chunk = self.chunks.partition_point(|c| c.last().is_some_and(&mut pred));
        match self.chunks.get(chunk) {
            Some(c) => chunk * CHUNK + c.partition_point(pred),
            None => self.len,
        }
    }
}

impl<T: Clone, const CHUNK: usize> FromIterator<T> for ChunkedVec<T, CHUNK> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut v = ChunkedVec::new();
        for x in iter {
            v.push(x);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::SimRng;

    #[test]
    fn a_clone_shares_chunks_until_written() {
        let mut a: ChunkedVec<u32> = (0..3 * CHUNK as u32).collect();
        let b = a.clone();
        assert!(Rc::ptr_eq(&a.chunks[0], &b.chunks[0]));
        *a.get_mut(5).unwrap() = 99;
        assert!(!Rc::ptr_eq(&a.chunks[0], &b.chunks[0]), "the written chunk is copied");
        assert!(Rc::ptr_eq(&a.chunks[1], &b.chunks[1]), "the others stay shared");
        assert_eq!((a.get(5), b.get(5)), (Some(&99), Some(&5)));
    }

    /// Random operations against a plain `Vec` as the model, across chunk boundaries and clones.
    #[test]
    fn behaves_like_a_vec() {
        for seed in 0..40 {
            let mut rng = SimRng::new(seed, 0);
            let mut v: ChunkedVec<u64> = ChunkedVec::new();
            let mut model: Vec<u64> = Vec::new();
            let mut old: Vec<(ChunkedVec<u64>, Vec<u64>)> = Vec::new();
            for step in 0..3_000u64 {
                let len = model.len() as u64;
                match rng.below(10) {
                    0..=4 => {
                        let n = rng.below(300);
                        for i in 0..n {
                            v.push(step * 1000 + i);
                            model.push(step * 1000 + i);
                        }
                    }
                    5 => {
                        let at = rng.below(len + 2) as usize;
                        v.truncate(at);
                        model.truncate(at);
                    }
                    6 => assert_eq!(v.pop(), model.pop()),
                    7 if len > 0 => {
                        let i = rng.below(len) as usize;
                        *v.get_mut(i).unwrap() += 7;
                        model[i] += 7;
                    }
                    8 => {
                        let at = rng.below(len + 2) as usize;
                        let tail = v.split_off(at);
                        let model_tail = model.split_off(at.min(model.len()));
                        assert_eq!(tail, model_tail);
                    }
                    _ => old.push((v.clone(), model.clone())),
                }
                assert_eq!(v.len(), model.len());
                let i = rng.below(len + 2) as usize;
                assert_eq!(v.get(i), model.get(i));
                assert_eq!(v.last(), model.last());
                let (a, b) = (rng.below(len + 2) as usize, rng.below(len + 2) as usize);
                let want: Vec<u64> = model.get(a.min(b).min(model.len())..b.min(model.len())).unwrap_or(&[]).to_vec();
                assert_eq!(v.range(a.min(b), b).copied().collect::<Vec<_>>(), want);
            }
            assert!(v.iter().eq(model.iter()));
            let mut sorted = model.clone();
            sorted.sort_unstable();
            let sv: ChunkedVec<u64> = sorted.iter().copied().collect();
            for probe in [0, 1, 500_000, 1_500_999, u64::MAX] {
                assert_eq!(sv.partition_point(|&x| x < probe), sorted.partition_point(|&x| x < probe));
            }
            for (c, m) in old {
                assert!(c.iter().eq(m.iter()), "earlier clones are untouched by later writes");
            }
        }
    }
}
