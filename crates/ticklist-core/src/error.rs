use crate::limits::Limit;
use thiserror::Error;

/// Why an operation on a checklist was refused. Nothing is changed when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum OpError {
    #[error("the item no longer exists (id {0})")]
    ItemNotFound(crate::model::ItemId),
    #[error("the checklist no longer exists (id {0})")]
    ListNotFound(crate::model::ListId),
    #[error("too many {limit}: the limit is {max}, this would be {value}")]
    Limit {
        limit: Limit,
        max: usize,
        value: usize,
    },
    #[error("\"{0}\" is not a date (use YYYY-MM-DD)")]
    InvalidDate(String),
    #[error("you cannot edit this checklist")]
    ReadOnly,
    #[error("a section header has no status or mandatory flag")]
    NotCheckable,
    #[error("the item is not linked to a Jira issue")]
    NotLinked,
    #[error("an item needs some text")]
    EmptyText,
    #[error("a checklist needs a name")]
    EmptyListName,
    #[error("item text must be one line; put more in the details")]
    MultiLineText,
    #[error("\"{0}\" is not a valid status id (use 1-32 of a-z, 0-9, - and _)")]
    InvalidStatus(String),
    /// Imported or typed settings that cannot be used (the reason is in the text).
    #[error("{0}")]
    Import(String),
}
