//! Components: props in, callbacks out. They read state's types and signals and never call the
//! host; what a user does comes back as a state [`Edit`](crate::state::edit::Edit).

pub mod add_item;
pub mod after_paint;
pub mod checklist;
pub mod dropdown;
pub mod first_frame;
pub mod focus;
pub mod import_box;
pub mod item_details;
pub mod item_history;
pub mod item_row;
pub mod lazy;
pub mod linked_issue;
pub mod locale;
pub mod rich_text;
pub mod save_status;
pub mod template_menu;
pub mod text_editor;
pub mod text_mode;
pub mod undo_bar;
