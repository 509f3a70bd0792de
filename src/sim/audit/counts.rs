//! The scoreboard: live counts, end-to-end latency percentiles, and per-second samples of backlog
//! and throughput (what the plots draw; peak shaving shows as a backlog hill under a flat outflow).

use crate::sim::time::SimTime;
use serde::{Deserialize, Serialize};

/// Counts over business messages; "per group" counts add up over consumer groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Messages the applications made.
    pub produced: u64,
    /// Messages the producer was promised: a SEND_OK (or a confirm or ack), or for a transactional
    /// message sent as a half message, its local commit.
    pub acked: u64,
    /// Sync sends that finally failed (timeout, no route, unreachable broker).
    pub send_failed: u64,
    /// Messages stored on at least one master.
    pub stored: u64,
    /// Messages copied to at least one slave.
    pub replicated: u64,
    /// (message, group) pairs delivered at least once.
    pub delivered: u64,
    /// Deliveries in all.
    pub deliveries: u64,
    /// (message, group) pairs whose side effect happened.
    pub processed: u64,
    /// Deliveries beyond the first of a (message, group).
    pub redelivered: u64,
    /// Deliveries of a (message, group) that was already processed.
    pub duplicate_deliveries: u64,
    /// Side effects beyond the first of a (message, group).
    pub duplicate_effects: u64,
    /// Duplicates the dedup store recognised and skipped.
    pub dedup_caught: u64,
    /// Promised (SEND_OK or kept by a reliable producer) and never processed by some group. While
    /// the run goes on this counts only messages that can no longer be processed.
    pub lost: u64,
    /// Sent without a promise (oneway, or no confirm came) and never processed, with no failure
    /// reported to the producer either: nobody was told. A send that failed is counted in
    /// `send_failed` only (the producer was told). Known at the end of the run.
    pub unconfirmed_unprocessed: u64,
    /// (message, group) pairs in the dead-letter queue.
    pub in_dlq: u64,

    // Transactional messages (producers with `transaction`).
    /// Local transactions that committed: each promises its message.
    #[serde(default)]
    pub tx_local_committed: u64,
    /// Local transactions that rolled back (or never ran because the half was not stored).
    #[serde(default)]
    pub tx_local_rolled_back: u64,
    /// Half messages stored on a master (invisible to consumers until committed).
    #[serde(default)]
    pub tx_half_stored: u64,
    /// Half messages the broker committed (wrote to their topic queue).
    #[serde(default)]
    pub tx_committed: u64,
    /// Half messages the broker rolled back.
    #[serde(default)]
    pub tx_rolled_back: u64,
    /// Check-backs the brokers asked (CHECK_TRANSACTION_STATE).
    #[serde(default)]
    pub tx_checks: u64,
    /// Half messages discarded after transactionCheckMax unanswered checks.
    #[serde(default)]
    pub tx_discarded: u64,
    /// (message, group) pairs processed although the message's local transaction rolled back:
    /// the consumer acted on a change that never happened.
    #[serde(default)]
    pub delivered_after_rollback: u64,

    // Ordered messages (producers with `order_keys`).
    /// First side effects of a message after a later message of the same business key had
    /// already been processed by the group.
    #[serde(default)]
    pub out_of_order: u64,
    /// Repeated side effects (duplicates) of a message after a later message of the same key had
    /// been processed: the key's state goes back.
    #[serde(default)]
    pub out_of_order_replays: u64,
}

impl Counts {
    /// The counts that mean something went wrong, for noticing that one rose.
    pub fn anomalies(&self) -> (u64, u64, u64, u64, u64) {
        (self.duplicate_effects, self.dedup_caught, self.redelivered, self.lost, self.in_dlq)
    }
}

/// End-to-end latency (born → first side effect), microseconds, nearest-rank percentiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Latency {
    pub samples: u64,
    pub p50_us: u64,
    pub p99_us: u64,
    pub max_us: u64,
}

impl Latency {
    pub fn from_samples(samples: &[u64]) -> Latency {
        if samples.is_empty() {
            return Latency::default();
        }
        let mut v = samples.to_vec();
        v.sort_unstable();
        let rank = |p: u64| {
            let n = v.len() as u64;
            let idx = (p * n).div_ceil(100).max(1) - 1;
            v[idx.min(n - 1) as usize]
        };
        Latency { samples: v.len() as u64, p50_us: rank(50), p99_us: rank(99), max_us: v[v.len() - 1] }
    }
}

/// One second of the run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    /// Start of the second, ms.
    pub t_ms: u64,
    /// Messages made in this second.
    pub produced: u32,
    /// Messages first processed in this second, per group.
    pub processed: Vec<u32>,
    /// Stored and not yet settled (processed or dead-lettered), per group, at the end of the second.
    pub backlog: Vec<u32>,
}

/// Per-second samples, built as events arrive.
#[derive(Clone, Debug, Default)]
pub struct Series {
    pub samples: Vec<Sample>,
    current: Sample,
    groups: usize,
}

/// Keep at most this many samples (a 48 h run has 172 800 seconds); beyond it, samples widen.
const MAX_SAMPLES: usize = 200_000;

impl Series {
    pub fn new(groups: usize) -> Self {
        let current = Sample { t_ms: 0, produced: 0, processed: vec![0; groups], backlog: vec![0; groups] };
        Series { samples: Vec::new(), current, groups }
    }

    /// Close every second that ended before `t`, stamping them with the backlog as it stood.
    pub fn advance(&mut self, t: SimTime, backlog: impl Fn(usize) -> u64) {
        while t.as_us() >= (self.current.t_ms + 1_000) * 1_000 && self.samples.len() < MAX_SAMPLES {
            for g in 0..self.groups {
                self.current.backlog[g] = backlog(g).min(u64::from(u32::MAX)) as u32;
            }
            let next_t = self.current.t_ms + 1_000;
            let done = std::mem::replace(
                &mut self.current,
                Sample { t_ms: next_t, produced: 0, processed: vec![0; self.groups], backlog: vec![0; self.groups] },
            );
            self.samples.push(done);
        }
    }

    /// When the second in progress ends, in microseconds.
    pub fn next_boundary_us(&self) -> u64 {
        (self.current.t_ms + 1_000) * 1_000
    }

    pub fn produced(&mut self) {
        self.current.produced = self.current.produced.saturating_add(1);
    }

    pub fn processed(&mut self, group: usize) {
        if let Some(p) = self.current.processed.get_mut(group) {
            *p = p.saturating_add(1);
        }
    }

    /// The samples so far plus the second in progress.
    pub fn snapshot(&self) -> Vec<Sample> {
        let mut v = self.samples.clone();
        v.push(self.current.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        let l = Latency::from_samples(&v);
        assert_eq!((l.p50_us, l.p99_us, l.max_us), (50, 99, 100));
        assert_eq!(Latency::from_samples(&[7]).p99_us, 7);
        assert_eq!(Latency::from_samples(&[]), Latency::default());
    }

    #[test]
    fn series_closes_each_second_with_the_backlog() {
        let mut s = Series::new(1);
        s.produced();
        s.advance(SimTime::from_ms(2_500), |_| 4);
        assert_eq!(s.samples.len(), 2);
        assert_eq!(s.samples[0].produced, 1);
        assert_eq!(s.samples[1].backlog, vec![4]);
    }
}
