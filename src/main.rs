//! Composition root: the only place that knows which host loaded the page.

use std::rc::Rc;
use ticklist::host::{ap, forge, Host};

fn main() {
    // Forge first: js/app/boot.js starts the Forge bridge only when Jira's `__bridge` is on the page.
    let host: Rc<dyn Host> = if forge::available() {
        Rc::new(forge::ForgeHost)
    } else {
        if !ap::available() {
            leptos::logging::warn!("Ticklist: no Jira host bridge on this page");
        }
        Rc::new(ap::ApHost)
    };
    ticklist::pages::issue::start(host);
}
