//! Fractional order keys: a move or insert writes one key between its neighbours' keys, so
//! concurrent moves of different items never conflict and the merged order is well defined.
//!
//! Keys are strings over `0-9A-Za-z` read as base-62 fractions `0.d1d2…`; they never end in `0`,
//! so there is always room between two keys.

const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: u32 = 62;
/// Appends and prepends step by one unit at this many digits (see [`between`]).
const STEP_WIDTH: usize = 3;

fn value(c: u8) -> Option<u32> {
    DIGITS.iter().position(|&d| d == c).map(|p| p as u32)
}

/// Whether `key` is a well-formed order key.
pub fn is_valid(key: &str) -> bool {
    !key.is_empty() && !key.ends_with('0') && key.bytes().all(|c| value(c).is_some())
}

/// A key strictly between `lo` and `hi` (`None` = the start / the end of the list).
///
/// Invalid or out-of-order bounds are treated as absent, so the result is always a valid key and
/// never a panic; callers that pass garbage get a key at the edge instead of an error.
pub fn between(lo: Option<&str>, hi: Option<&str>) -> String {
    let lo = lo.filter(|k| is_valid(k));
    let hi = hi.filter(|k| is_valid(k));
    let (lo, hi) = match (lo, hi) {
        (Some(l), Some(h)) if l >= h => (Some(l), None),
        other => other,
    };
    let lo: Option<Vec<u32>> = lo.map(|k| k.bytes().filter_map(value).collect());
    let hi: Option<Vec<u32>> = hi.map(|k| k.bytes().filter_map(value).collect());
    let digits = match (&lo, &hi) {
        // Appending and prepending step at a fixed width instead of halving the gap, so a list
        // built one item at a time keeps 3-character keys for its first 100,000 items.
        (Some(l), None) => step(l, 1).unwrap_or_else(|| midpoint(l, None)),
        (None, Some(h)) => step(h, -1).unwrap_or_else(|| midpoint(&[], Some(h))),
        (lo, hi) => midpoint(lo.as_deref().unwrap_or(&[]), hi.as_deref()),
    };
    digits
        .into_iter()
        .map(|d| DIGITS[d as usize] as char)
        .collect()
}

/// `n` increasing keys strictly between `lo` and `hi`, for bulk inserts. Appends step at a fixed
/// width; between two bounds the range is bisected, so keys grow by about log62(n) characters.
pub fn sequence(lo: Option<&str>, hi: Option<&str>, n: usize) -> Vec<String> {
    let mut keys = Vec::with_capacity(n);
    if hi.is_none() {
        let mut prev = lo.map(str::to_owned);
        for _ in 0..n {
            let k = between(prev.as_deref(), None);
            prev = Some(k.clone());
            keys.push(k);
        }
    } else {
        bisect(lo, hi, n, &mut keys);
    }
    keys
}

fn bisect(lo: Option<&str>, hi: Option<&str>, n: usize, out: &mut Vec<String>) {
    if n == 0 {
        return;
    }
    let mid = between(lo, hi);
    let left = (n - 1) / 2;
    bisect(lo, Some(&mid), left, out);
    out.push(mid.clone());
    bisect(Some(&mid), hi, n - 1 - left, out);
}

// `key ± one unit` at the last of at least STEP_WIDTH digits; None on overflow/underflow.
fn step(key: &[u32], delta: i64) -> Option<Vec<u32>> {
    let mut d = key.to_vec();
    if d.len() < STEP_WIDTH {
        d.resize(STEP_WIDTH, 0);
    }
    loop {
        let mut i = d.len();
        let mut carry = delta;
        while carry != 0 {
            i = i.checked_sub(1)?;
            let v = d[i] as i64 + carry;
            d[i] = v.rem_euclid(BASE as i64) as u32;
            carry = v.div_euclid(BASE as i64);
        }
        if d.iter().all(|&x| x == 0) {
            return None;
        }
        if d.last() != Some(&0) {
            return Some(d);
        }
    }
}

// `lo < hi`, neither ends in 0; lo may be empty (= 0), hi None (= 1).
fn midpoint(lo: &[u32], hi: Option<&[u32]>) -> Vec<u32> {
    if let Some(hi) = hi {
        // Shared prefix (lo padded with zeros) carries over unchanged.
        let n = hi
            .iter()
            .enumerate()
            .take_while(|(i, &h)| lo.get(*i).copied().unwrap_or(0) == h)
            .count();
        if n > 0 {
            let mut out = hi[..n].to_vec();
            let rest_lo = if lo.len() > n { &lo[n..] } else { &[] };
            out.extend(midpoint(rest_lo, Some(&hi[n..])));
            return out;
        }
    }
    let a = lo.first().copied().unwrap_or(0);
    let b = hi.and_then(|h| h.first().copied()).unwrap_or(BASE);
    if b - a > 1 {
        return vec![(a + b).div_ceil(2)];
    }
    // Consecutive digits: either a prefix of hi fits, or go one level deeper after lo's digit.
    match hi {
        Some(h) if h.len() > 1 => vec![h[0]],
        _ => {
            let rest = if lo.len() > 1 { &lo[1..] } else { &[] };
            let mut out = vec![a];
            out.extend(midpoint(rest, None));
            out
        }
    }
}

/// The order key for position `index` among `others` (sorted keys, the moved element excluded).
pub(crate) fn key_at(others: &[String], index: usize) -> String {
    let index = index.min(others.len());
    let lo = index.checked_sub(1).map(|i| others[i].as_str());
    let hi = others.get(index).map(String::as_str);
    between(lo, hi)
}

/// Order keys for a sequence whose elements may already have keys: existing keys that are
/// already increasing are kept (so an unchanged order writes nothing), the rest get keys between
/// their kept neighbours.
pub(crate) fn reorder_keys(existing: &[Option<String>]) -> Vec<String> {
    let mut keep = vec![false; existing.len()];
    let mut last: Option<&str> = None;
    for (i, k) in existing.iter().enumerate() {
        if let Some(k) = k {
            if last.is_none_or(|l| k.as_str() > l) && is_valid(k) {
                keep[i] = true;
                last = Some(k);
            }
        }
    }
    let mut out: Vec<String> = Vec::with_capacity(existing.len());
    let mut i = 0;
    while i < existing.len() {
        if keep[i] {
            out.push(existing[i].clone().expect("kept keys exist"));
            i += 1;
            continue;
        }
        // A run of items without a usable key goes between its kept neighbours in one go.
        let end = (i..existing.len())
            .find(|&j| keep[j])
            .unwrap_or(existing.len());
        let lo = out.last().cloned();
        let hi = existing.get(end).and_then(|k| k.as_deref());
        out.extend(sequence(lo.as_deref(), hi, end - i));
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn first_key_is_in_the_middle() {
        assert_eq!(between(None, None), "V");
    }

    #[test]
    fn keys_fall_between_their_bounds() {
        let a = between(None, None);
        let b = between(Some(&a), None);
        let c = between(Some(&a), Some(&b));
        assert!(a < c && c < b, "{a} {c} {b}");
        let d = between(None, Some(&a));
        assert!(d < a);
    }

    #[test]
    fn garbage_bounds_still_give_a_valid_key() {
        for (lo, hi) in [
            (Some("!!"), None),
            (Some("z"), Some("a")),
            (Some("a0"), None),
        ] {
            assert!(is_valid(&between(lo, hi)));
        }
    }

    #[test]
    fn appending_one_at_a_time_keeps_keys_short() {
        let keys = sequence(None, None, 5_000);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.iter().all(|k| k.len() <= 3), "{:?}", keys.last());
    }

    #[test]
    fn bounded_sequence_stays_short_and_inside() {
        let keys = sequence(Some("V"), Some("W"), 2_000);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys[0].as_str() > "V" && keys[1_999].as_str() < "W");
        let longest = keys.iter().map(String::len).max().unwrap_or(0);
        assert!(longest <= 8, "{longest}");
    }

    fn key() -> impl Strategy<Value = String> {
        "[0-9A-Za-z]{0,6}[1-9A-Za-z]"
    }

    proptest! {
        #[test]
        fn between_is_strictly_between(a in key(), b in key()) {
            prop_assume!(a != b);
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            let m = between(Some(&lo), Some(&hi));
            prop_assert!(is_valid(&m));
            prop_assert!(lo < m && m < hi, "{} {} {}", lo, m, hi);
        }

        #[test]
        fn appends_and_prepends_stay_outside(a in key()) {
            let up = between(Some(&a), None);
            let down = between(None, Some(&a));
            prop_assert!(is_valid(&up) && is_valid(&down));
            prop_assert!(down < a && a < up, "{} {} {}", down, a, up);
        }
    }
}
