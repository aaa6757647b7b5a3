//! Lamport stamps: the ordering that decides which of two concurrent writes to a field wins.
//!
//! A stamp is `(counter, replica)`. Every replica (one browser tab) has its own random id, so two
//! writes never share a stamp; comparing the counter first and the replica second gives every
//! replica the same winner without a server or synchronised clocks.
//!
//! A stamp also says when (wall-clock minutes) and by whom (Atlassian account id) the write was
//! made, so an item can show who last changed each of its fields. Both are annotations of the
//! write `(counter, replica)` names, not part of its identity: they take no part in comparing
//! stamps (a wrong clock on one machine cannot make its writes win), and a document stored
//! without them (when they would not fit) is the same document.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Mutex;

/// A replica id: a short string, unique per writer (tab/session).
pub type ReplicaId = String;

/// An Atlassian account id, as a number this process gave it ([`author`] / [`author_name`]):
/// stamps are cloned and dropped by the thousand, and a plain number keeps that as cheap (and
/// the wasm as small) as before they named anyone. 0 is nobody.
pub type Author = u32;

/// Account ids seen so far; an id's number is its index + 1. A handful per checklist.
static AUTHORS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The number for an account id (0 for an empty one).
pub fn author(account: &str) -> Author {
    if account.is_empty() {
        return 0;
    }
    let mut all = AUTHORS.lock().unwrap_or_else(|e| e.into_inner());
    let n = match all.iter().position(|a| a == account) {
        Some(i) => i,
        None => {
            all.push(account.to_owned());
            all.len() - 1
        }
    };
    u32::try_from(n + 1).unwrap_or(0)
}

/// The account id behind a number from [`author`].
pub fn author_name(by: Author) -> Option<String> {
    let i = usize::try_from(by).ok()?.checked_sub(1)?;
    let all = AUTHORS.lock().unwrap_or_else(|e| e.into_inner());
    all.get(i).cloned()
}

/// When and by whom a field was last written.
#[derive(Clone, Debug, Default)]
pub struct Stamp {
    pub counter: u64,
    pub replica: ReplicaId,
    /// Minutes since the Unix epoch (0: not recorded, as in documents from before it was).
    pub at: u32,
    /// Who wrote ([`author`]; 0: not recorded).
    pub by: Author,
}

impl Stamp {
    pub fn new(counter: u64, replica: impl Into<ReplicaId>) -> Self {
        Self {
            counter,
            replica: replica.into(),
            at: 0,
            by: 0,
        }
    }

    /// Compact text form `counter.replica`, as stored without time and author.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.counter, self.replica)
    }

    /// Parses `counter.replica`; `None` for anything else.
    pub fn decode(s: &str) -> Option<Self> {
        let (c, r) = s.split_once('.')?;
        let counter = c.parse().ok()?;
        Some(Self::new(counter, r))
    }

    /// Milliseconds since the epoch of the write, when recorded.
    pub fn at_ms(&self) -> Option<u64> {
        (self.at > 0).then(|| u64::from(self.at) * 60_000)
    }

    /// Takes the other copy's time and author where this one lacks them (the same write, read
    /// from a copy stored without them).
    pub fn annotate_from(&mut self, other: &Stamp) {
        if self.at == 0 {
            self.at = other.at;
        }
        if self.by == 0 {
            self.by = other.by;
        }
    }

    /// Whether time or author is recorded.
    pub fn annotated(&self) -> bool {
        self.at > 0 || self.by > 0
    }
}

impl PartialEq for Stamp {
    fn eq(&self, other: &Self) -> bool {
        self.counter == other.counter && self.replica == other.replica
    }
}

impl Eq for Stamp {}

impl std::hash::Hash for Stamp {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.counter.hash(h);
        self.replica.hash(h);
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
    at: u32,
    by: Author,
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
            at: 0,
            by: 0,
        }
    }

    /// Whose writes this clock stamps from now on.
    pub fn set_author(&mut self, account: &str) {
        self.by = author(account);
    }

    /// The wall-clock time (ms since the epoch) the next writes are stamped with.
    pub fn set_time_ms(&mut self, ms: u64) {
        self.at = u32::try_from(ms / 60_000).unwrap_or(u32::MAX);
    }

    pub fn replica(&self) -> &str {
        &self.replica
    }

    /// The next stamp, later than every stamp this clock has produced or observed.
    pub fn tick(&mut self) -> Stamp {
        self.counter = self.counter.saturating_add(1);
        Stamp {
            counter: self.counter,
            replica: self.replica.clone(),
            at: self.at,
            by: self.by,
        }
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
