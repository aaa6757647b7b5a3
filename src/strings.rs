//! Every piece of text the UI shows, in one place, ready for translation.

pub const LOADING: &str = "Loading checklist…";
pub const EMPTY: &str = "No checklist on this issue yet.";
pub const KEPT_UNTOUCHED: &str = "It has been left untouched.";
pub const ADD_ITEM_PLACEHOLDER: &str =
    "Add an item — Enter to add, paste several lines to add several";
pub const ADD_ITEM_LABEL: &str = "New checklist item";
pub const EDIT_ITEM_LABEL: &str = "Edit item text";
pub const TOGGLE_LABEL: &str = "Done";
pub const STATUS_LABEL: &str = "Status";
pub const MANDATORY: &str = "Mandatory";
pub const MAKE_MANDATORY: &str = "Mark as mandatory";
pub const MAKE_OPTIONAL: &str = "Mark as optional";
pub const DELETE: &str = "Delete";
pub const MOVE_UP: &str = "Move up (Alt+↑)";
pub const MOVE_DOWN: &str = "Move down (Alt+↓)";
pub const UNDO: &str = "Undo";
pub const DELETED: &str = "Deleted";
pub const UNKNOWN_STATUS: &str = "Unknown status";
pub const MANDATORY_OPEN: &str = "mandatory open";
pub const SAVED: &str = "Saved";
pub const SAVING: &str = "Saving…";
pub const OFFLINE: &str = "Offline — retrying";
pub const RETRYING: &str = "Couldn't save — retrying";
pub const SAVE_FAILED: &str = "Not saved";
pub const RETRY: &str = "Retry";
pub const READ_ONLY: &str = "Read only: you don't have permission to edit this issue.";
pub const READ_ONLY_LOST: &str =
    "Jira no longer lets you edit this issue; your unsaved changes are still shown here";
pub const UNSAVED_WARNING: &str = "Your checklist changes are not saved yet.";
pub const EXPORT: &str = "Copy the stored value";
