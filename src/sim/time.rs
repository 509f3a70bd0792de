//! Simulated time: integer microseconds since the start of a run, so that every machine and the
//! browser agree on every instant (no floats, no wall clock).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A point in simulated time, in microseconds since the run started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SimTime(pub u64);

/// One millisecond in microseconds.
pub const MS: u64 = 1_000;
/// One second in microseconds.
pub const SEC: u64 = 1_000_000;

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub fn from_ms(ms: u64) -> Self {
        SimTime(ms.saturating_mul(MS))
    }

    pub fn as_us(self) -> u64 {
        self.0
    }

    pub fn as_ms(self) -> u64 {
        self.0 / MS
    }

    /// This instant plus `us` microseconds (saturating: time never wraps).
    pub fn plus_us(self, us: u64) -> Self {
        SimTime(self.0.saturating_add(us))
    }

    pub fn plus_ms(self, ms: u64) -> Self {
        self.plus_us(ms.saturating_mul(MS))
    }

    /// Microseconds from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for SimTime {
    /// As the checker's explanations print it in English: `12.004 s` (see `i18n::explain::time`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::explain::time(*self, crate::i18n::Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_seconds_with_milliseconds() {
        assert_eq!(SimTime(12_004_999).to_string(), "12.004 s");
        assert_eq!(SimTime::from_ms(310).to_string(), "0.310 s");
    }

    #[test]
    fn arithmetic_saturates_instead_of_wrapping() {
        assert_eq!(SimTime(u64::MAX).plus_ms(5), SimTime(u64::MAX));
        assert_eq!(SimTime(5).since(SimTime(9)), 0);
    }
}
