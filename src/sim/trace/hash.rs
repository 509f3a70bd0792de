//! Hashing a trace, whole or as its events stream by, into the run's fingerprint. The canonical
//! encoding and the mixer it feeds are in `sim::trace_hash`; this applies them to trace events.

use super::TraceEvent;

/// The hash of a whole trace (see `trace_hash`: the same for every machine and the browser).
pub fn trace_hash(events: &[TraceEvent]) -> u64 {
    let mut h = TraceHasher::default();
    events.iter().for_each(|e| h.update(e));
    h.finish()
}

/// The trace hash, computed as events stream by (a long run does not keep its trace).
#[derive(Clone, Debug, Default)]
pub struct TraceHasher {
    h: crate::sim::trace_hash::StableHasher,
}

impl TraceHasher {
    pub fn update(&mut self, e: &TraceEvent) {
        // Field by field rather than `value(e)`: serde writes the flattened event as a map whose
        // every key is a string, and hashing those names cost a fifth of a whole run.
        self.h.word(e.seq);
        self.h.word(e.at.0);
        self.h.value(&e.kind);
    }

    pub fn finish(&self) -> u64 {
        self.h.finish()
    }
}

/// The hash as the report prints it: 16 hex digits.
pub fn hash_hex(h: u64) -> String {
    format!("{h:016x}")
}
