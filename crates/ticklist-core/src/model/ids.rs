//! Identifiers: item and list ids as types of their own (a list id does not fit where an item
//! id is expected), account ids, and how new ids are made. Stored as plain strings.

use crate::stamp::Stamp;
use serde::{Deserialize, Serialize};

/// A Jira account id (for assignees and mentions).
pub type AccountId = String;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> Self {
                id.clone()
            }
        }

        impl PartialEq<&$name> for $name {
            fn eq(&self, other: &&$name) -> bool {
                self == *other
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

string_id!(
    /// An item's id: unique within its document, kept across edits and moves.
    ItemId
);
string_id!(
    /// A checklist's id (in a settings document: a template's).
    ListId
);

impl ListId {
    /// The checklist every document has unless a user deletes it: a fixed id, so that two
    /// replicas that create it at once create the same checklist.
    pub fn default_list() -> Self {
        Self(super::DEFAULT_LIST.to_owned())
    }
}

pub(super) fn item_id(stamp: &Stamp) -> ItemId {
    ItemId(format!("{}-{}", stamp.replica, radix36(stamp.counter)))
}

pub(super) fn list_id(stamp: &Stamp) -> ListId {
    ListId(format!("l{}-{}", stamp.replica, radix36(stamp.counter)))
}

/// `n` in base 36 (digits and lower-case letters): ids and the stored form's short numbers.
pub(crate) fn radix36(mut n: u64) -> String {
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
