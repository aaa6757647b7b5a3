//! The code a start-up never calls (`<stem>.cold.wasm`, fetched as the app starts:
//! docs/ARCHITECTURE.md, "Cold code"): when it is in.

use js_sys::{Promise, Reflect};
use wasm_bindgen::JsCast;

/// The glue's promise `__ticklistCold`, resolved once the cold module is in; `None` in tests
/// and builds that were not split, which have all their code. Waiting for it is how code that
/// may not be in yet avoids fetching it synchronously at its first call; the wait itself must
/// be in code every start-up runs (`JsFuture`, as `when_cold_code_is_in` awaits it).
pub fn cold_code() -> Option<Promise> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    Reflect::get(&js_sys::global(), &"__ticklistCold".into())
        .ok()?
        .dyn_into()
        .ok()
}
