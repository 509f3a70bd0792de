//! End-to-end latency samples kept so that percentiles cost little at any moment and a clone (a
//! lab checkpoint) shares almost everything: full chunks of samples are sorted once and shared
//! behind `Rc`; only the last, partial chunk is unsorted. A percentile is a search over values:
//! the smallest sample value with enough samples at or below it, counted by binary search in each
//! sorted chunk. The result is exactly `Latency::from_samples` over all the samples.

use super::counts::Latency;
use std::cell::Cell;
use std::rc::Rc;

/// Samples per sorted chunk.
const CHUNK: usize = 4096;

#[derive(Clone, Debug, Default)]
pub struct LatencySamples {
    sorted: Vec<Rc<Vec<u64>>>,
    tail: Vec<u64>,
    max: u64,
    /// The last answer, valid until the next sample (the page asks every frame).
    cached: Cell<Option<Latency>>,
}

impl LatencySamples {
    pub fn push(&mut self, us: u64) {
        self.tail.push(us);
        self.max = self.max.max(us);
        if self.tail.len() == CHUNK {
            let mut full = std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK));
            full.sort_unstable();
            self.sorted.push(Rc::new(full));
        }
        self.cached.set(None);
    }

    pub fn len(&self) -> u64 {
        (self.sorted.len() * CHUNK + self.tail.len()) as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Nearest-rank p50, p99 and the maximum, as `Latency::from_samples` computes them.
    pub fn latency(&self) -> Latency {
        if let Some(l) = self.cached.get() {
            return l;
        }
        let n = self.len();
        let l = if n == 0 {
            Latency::default()
        } else {
            let mut tail = self.tail.clone();
            tail.sort_unstable();
            let rank = |p: u64| (p * n).div_ceil(100).max(1).min(n) - 1;
            Latency {
                samples: n,
                p50_us: self.nth(&tail, rank(50)),
                p99_us: self.nth(&tail, rank(99)),
                max_us: self.max,
            }
        };
        self.cached.set(Some(l));
        l
    }

    /// The `k`-th smallest sample (from 0), `k < len`; `tail` is the tail, sorted.
    fn nth(&self, tail: &[u64], k: u64) -> u64 {
        let at_or_below = |v: u64| {
            let full: usize = self.sorted.iter().map(|c| c.partition_point(|&x| x <= v)).sum();
            (full + tail.partition_point(|&x| x <= v)) as u64
        };
        // The answer is the least v with more than k samples at or below it.
        let (mut lo, mut hi) = (0u64, self.max);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if at_or_below(mid) > k {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::SimRng;

    #[test]
    fn matches_sorting_every_sample() {
        for seed in 0..6 {
            let mut rng = SimRng::new(seed, 1);
            let mut all = Vec::new();
            let mut s = LatencySamples::default();
            assert_eq!(s.latency(), Latency::from_samples(&all));
            for i in 0..3 * CHUNK as u64 + 100 {
                // Few distinct values on some seeds, to exercise ties.
                let v = if seed % 2 == 0 { rng.below(50) } else { rng.below(5_000_000) };
                all.push(v);
                s.push(v);
                if i % 997 == 0 || i < 10 {
                    assert_eq!(s.latency(), Latency::from_samples(&all));
                    let copy = s.clone();
                    assert_eq!(copy.latency(), Latency::from_samples(&all));
                }
            }
            assert_eq!(s.latency(), Latency::from_samples(&all));
        }
    }
}
