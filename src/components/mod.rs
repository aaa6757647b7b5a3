//! Components: props in, callbacks out; they never call the host.

pub mod add_item;
pub mod checklist;
pub mod item_row;
pub mod rich_text;
pub mod save_status;

use ticklist_core::{ItemId, ListId};

/// Everything a user can do to a checklist from the panel; the page turns these into core
/// operations through the saver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Add {
        list: ListId,
        texts: Vec<String>,
    },
    Toggle(ItemId),
    SetStatus(ItemId, String),
    Edit(ItemId, String),
    SetMandatory(ItemId, bool),
    Delete(ItemId),
    /// Move by this many places within its checklist (−1 up, +1 down).
    Move(ItemId, i32),
}
