//! Components: props in, callbacks out; they never call the host.

pub mod add_item;
pub mod checklist;
pub mod item_row;
pub mod locale;
pub mod rich_text;
pub mod save_status;
pub mod template_menu;
pub mod text_editor;

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
    /// Drag and drop: put the item into `list` at `index` (among the other items).
    MoveTo {
        id: ItemId,
        list: ListId,
        index: usize,
    },
    SetDetails(ItemId, String),
    /// `YYYY-MM-DD`, or empty to clear.
    SetDue(ItemId, String),
    /// `None` unassigns.
    SetAssignee(ItemId, Option<String>),
    /// Look up assignable users for the picker (results come back through props).
    SearchUsers(String),
    AddList(String),
    RenameList(ListId, String),
    DeleteList(ListId),
    MoveList(ListId, i32),
    /// Settings page: copy a template.
    DuplicateList(ListId),
    /// The text editor's result, in the chosen format.
    SaveText(String, TextFormat),
}

/// Which items the panel shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Filter {
    #[default]
    All,
    Open,
    /// Items assigned to this account.
    Mine(String),
}

/// People the rows can show and pick: account id → name, and the latest search results.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct People {
    pub names: std::collections::HashMap<String, String>,
    pub results: Vec<crate::host::users::User>,
}

/// What the text editor holds: our own format (replaces the checklists, keeping item identity),
/// or another app's export (its items are added).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Ticklist,
    SmartChecklist,
    HeroCoders,
}
