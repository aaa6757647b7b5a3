//! Composition root of the settings pages (Jira administration and project settings): a bundle
//! of its own, so the issue view never downloads the admin UI.

use std::rc::Rc;
use ticklist::host::{ap, forge, Host};
use ticklist::pages::settings::SettingsApp;

fn main() {
    let host: Rc<dyn Host> = if forge::available() {
        Rc::new(forge::ForgeHost)
    } else {
        Rc::new(ap::ApHost)
    };
    leptos::mount::mount_to_body(move || leptos::view! { <SettingsApp host=host.clone() /> });
}
