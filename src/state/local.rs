//! The iframe's local storage (the settings cache, edits a failing save could not store).

/// `None` when the browser refuses it (privacy settings, partitioned iframes): callers then keep
/// nothing, and everything still works from Jira.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
