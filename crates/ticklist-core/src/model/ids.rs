//! Identifiers: item, list and account ids, and how new ones are made.

use crate::stamp::Stamp;

pub type ItemId = String;
pub type ListId = String;
/// A Jira account id (for assignees and mentions).
pub type AccountId = String;

pub(super) fn item_id(stamp: &Stamp) -> ItemId {
    format!("{}-{}", stamp.replica, radix36(stamp.counter))
}

fn radix36(mut n: u64) -> String {
    const D: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(D[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii digits")
}
