//! Explicit limits: every one is checked where data comes in, and the error names it.

use std::fmt;

/// Jira's limit on one property value. Jira's docs say characters; we budget in UTF-8 bytes,
/// which is never less than the character count, so a stored part always fits.
pub const PROPERTY_MAX_BYTES: usize = 32_768;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    pub item_text_chars: usize,
    pub details_chars: usize,
    pub list_name_chars: usize,
    pub items_per_list: usize,
    pub lists_per_issue: usize,
    /// How many properties one issue's checklist may span.
    pub parts: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            item_text_chars: 1_000,
            details_chars: 10_000,
            list_name_chars: 100,
            items_per_list: 2_000,
            lists_per_issue: 20,
            parts: 16,
        }
    }
}

impl Limits {
    /// Total stored bytes an issue's checklist may use.
    pub fn total_bytes(&self) -> usize {
        self.parts * PROPERTY_MAX_BYTES
    }
}

/// Which limit an input ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    ItemText,
    Details,
    ListName,
    ItemsPerList,
    ListsPerIssue,
    TotalBytes,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::ItemText => "characters per item",
            Limit::Details => "characters of details per item",
            Limit::ListName => "characters per checklist name",
            Limit::ItemsPerList => "items per checklist",
            Limit::ListsPerIssue => "checklists per issue",
            Limit::TotalBytes => "stored bytes per issue",
        })
    }
}
