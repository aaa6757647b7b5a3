//! Item statuses are data, not an enum: admins add their own, and an item whose status id is
//! unknown keeps that id (it shows as unknown, it is never reset).

use serde::{Deserialize, Serialize};

/// A status id such as `done` or an admin-defined `qa-review`.
pub type StatusId = String;

/// Which of Jira's three status categories a status belongs to (drives colour and lozenge).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Todo,
    InProgress,
    Done,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::Todo, Category::InProgress, Category::Done];

    /// The one spelling of a category: in stored settings, in the page's `<option>` values and
    /// `data-category` attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Todo => "todo",
            Category::InProgress => "in-progress",
            Category::Done => "done",
        }
    }
}

impl std::str::FromStr for Category {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(())
    }
}

/// One item status as configured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub id: StatusId,
    pub name: String,
    pub category: Category,
    /// Whether an item in this status counts towards progress and satisfies "mandatory done".
    pub complete: bool,
    /// A CSS colour token name or hex value; `None` uses the category's colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Retired statuses are not offered for new choices but still describe items that use them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

pub const TODO: &str = "todo";
pub const IN_PROGRESS: &str = "inprogress";
pub const DONE: &str = "done";
pub const SKIPPED: &str = "skipped";
pub const BLOCKED: &str = "blocked";

/// The statuses an item may have, in display order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSet {
    pub statuses: Vec<Status>,
}

fn status(id: &str, name: &str, category: Category, complete: bool) -> Status {
    Status {
        id: id.into(),
        name: name.into(),
        category,
        complete,
        color: None,
        retired: false,
    }
}

impl Default for StatusSet {
    /// To do, In progress, Done, Skipped, Blocked.
    fn default() -> Self {
        Self {
            statuses: vec![
                status(TODO, "To do", Category::Todo, false),
                status(IN_PROGRESS, "In progress", Category::InProgress, false),
                status(DONE, "Done", Category::Done, true),
                status(SKIPPED, "Skipped", Category::Done, true),
                status(BLOCKED, "Blocked", Category::InProgress, false),
            ],
        }
    }
}

impl StatusSet {
    pub fn get(&self, id: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.id == id)
    }

    /// Whether an item with this status counts as complete. Unknown statuses do not: an item
    /// must never be reported done because its status was deleted by an admin.
    pub fn is_complete(&self, id: &str) -> bool {
        self.get(id).is_some_and(|s| s.complete)
    }

    /// The category used for display; unknown ids fall back to "to do".
    pub fn category(&self, id: &str) -> Category {
        self.get(id).map_or(Category::Todo, |s| s.category)
    }

    /// The status a one-click toggle moves to from `id`.
    pub fn toggled(&self, id: &str) -> StatusId {
        if self.is_complete(id) {
            self.first_in(Category::Todo, false)
                .unwrap_or_else(|| TODO.into())
        } else {
            self.first_in(Category::Done, true)
                .unwrap_or_else(|| DONE.into())
        }
    }

    fn first_in(&self, category: Category, complete: bool) -> Option<StatusId> {
        // Prefer the built-in ids so toggling stays predictable after admins add statuses.
        let builtin = if complete { DONE } else { TODO };
        if self
            .get(builtin)
            .is_some_and(|s| !s.retired && s.complete == complete)
        {
            return Some(builtin.into());
        }
        self.statuses
            .iter()
            .find(|s| !s.retired && s.category == category && s.complete == complete)
            .map(|s| s.id.clone())
    }
}

/// A status colour as admins may set it: `#rgb` or `#rrggbb`, lower-cased. Anything else is
/// `None` (the category's colour is used), so a stored value never reaches CSS unchecked.
pub fn valid_colour(v: &str) -> Option<String> {
    let v = v.trim();
    let hex = v.strip_prefix('#')?;
    ((hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| v.to_ascii_lowercase())
}

/// Whether a string is usable as a status id: 1–32 of `a-z 0-9 - _`.
pub fn valid_status_id(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    #[test]
    fn categories_have_one_spelling_matching_the_stored_one() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(c));
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
        assert!("inprogress".parse::<Category>().is_err());
    }

    use super::*;

    #[test]
    fn defaults_have_the_five_statuses() {
        let set = StatusSet::default();
        let ids: Vec<_> = set.statuses.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, [TODO, IN_PROGRESS, DONE, SKIPPED, BLOCKED]);
        assert!(set.is_complete(SKIPPED));
        assert!(!set.is_complete(BLOCKED));
    }

    #[test]
    fn unknown_status_is_not_complete_and_shows_as_todo() {
        let set = StatusSet::default();
        assert!(!set.is_complete("gone"));
        assert_eq!(set.category("gone"), Category::Todo);
    }

    #[test]
    fn toggle_goes_between_todo_and_done() {
        let set = StatusSet::default();
        assert_eq!(set.toggled(TODO), DONE);
        assert_eq!(set.toggled(IN_PROGRESS), DONE);
        assert_eq!(set.toggled(SKIPPED), TODO);
        assert_eq!(set.toggled("unknown"), DONE);
    }

    #[test]
    fn colours_are_hex_or_nothing() {
        assert_eq!(valid_colour(" #22A06B "), Some("#22a06b".into()));
        assert_eq!(valid_colour("#abc"), Some("#abc".into()));
        assert_eq!(valid_colour("red; background:url(x)"), None);
        assert_eq!(valid_colour("#12345"), None);
    }

    #[test]
    fn status_ids_are_checked() {
        assert!(valid_status_id("qa-review"));
        assert!(!valid_status_id(""));
        assert!(!valid_status_id("QA"));
        assert!(!valid_status_id(&"a".repeat(33)));
    }
}
