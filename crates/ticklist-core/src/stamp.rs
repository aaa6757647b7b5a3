//! Lamport stamps: the ordering that decides which of two concurrent writes to a field wins.
//!
//! A stamp is `(counter, replica)`. Every replica (one browser tab) has its own random id, so two
//! writes never share a stamp; comparing the counter first and the replica second gives every
//! replica the same winner without a server or synchronised clocks.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// A replica id: a short string, unique per writer (tab/session).
pub type ReplicaId = String;

/// When and by whom a field was last written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Stamp {
    pub counter: u64,
    pub replica: ReplicaId,
}

impl Stamp {
    pub fn new(counter: u64, replica: impl Into<ReplicaId>) -> Self {
        Self {
            counter,
            replica: replica.into(),
        }
    }

    /// Compact text form `counter.replica`, as stored.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.counter, self.replica)
    }

    /// Parses `counter.replica`; `None` for anything else.
    pub fn decode(s: &str) -> Option<Self> {
        let (c, r) = s.split_once('.')?;
        let counter = c.parse().ok()?;
        Some(Self::new(counter, r))
    }
}

impl Ord for Stamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.counter
            .cmp(&other.counter)
            .then_with(|| self.replica.cmp(&other.replica))
    }
}

impl PartialOrd for Stamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.counter, self.replica)
    }
}

/// Hands out increasing stamps for one replica and keeps up with stamps seen from others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    replica: ReplicaId,
    counter: u64,
}

impl Clock {
    /// A clock for `replica`. Characters other than `A-Za-z0-9_-` are dropped, since the
    /// stored form separates stamps with `.` and `,`; an empty result becomes `_`.
    pub fn new(replica: impl Into<ReplicaId>) -> Self {
        let mut replica: String = replica
            .into()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if replica.is_empty() {
            replica.push('_');
        }
        Self {
            replica,
            counter: 0,
        }
    }

    pub fn replica(&self) -> &str {
        &self.replica
    }

    /// The next stamp, later than every stamp this clock has produced or observed.
    pub fn tick(&mut self) -> Stamp {
        self.counter = self.counter.saturating_add(1);
        Stamp::new(self.counter, self.replica.clone())
    }

    /// Moves the clock past a counter seen elsewhere, so later local writes win over it.
    pub fn observe(&mut self, counter: u64) {
        self.counter = self.counter.max(counter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_decides_before_replica() {
        assert!(Stamp::new(2, "a") > Stamp::new(1, "z"));
        assert!(Stamp::new(1, "b") > Stamp::new(1, "a"));
    }

    #[test]
    fn clock_moves_past_observed_counters() {
        let mut c = Clock::new("a");
        c.observe(41);
        assert_eq!(c.tick(), Stamp::new(42, "a"));
    }

    #[test]
    fn encode_decode_round_trip() {
        let s = Stamp::new(17, "x9k");
        assert_eq!(Stamp::decode(&s.encode()), Some(s));
        assert_eq!(Stamp::decode("nope"), None);
        assert_eq!(Stamp::decode("x.a"), None);
    }
}
