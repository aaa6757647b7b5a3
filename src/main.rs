//! Composition root: the only place that knows which host loaded the page.

use std::rc::Rc;
use ticklist::app::App;
use ticklist::host::{ap, Host};

fn main() {
    let host: Rc<dyn Host> = Rc::new(ap::ApHost);
    if !ap::available() {
        leptos::logging::warn!("Ticklist: no Jira host bridge on this page");
    }
    leptos::mount::mount_to_body(move || leptos::view! { <App host=host.clone() /> });
}
