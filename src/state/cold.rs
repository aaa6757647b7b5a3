//! The code a start-up never calls (`<stem>.cold.wasm`, fetched as the app starts:
//! docs/ARCHITECTURE.md, "Cold code"): when it is in.

use js_sys::{Promise, Reflect};
use wasm_bindgen::JsCast;

/// The glue's promise `__ticklistCold`, resolved once the cold module is in; `None` in tests
/// and builds that were not split, which have all their code.
pub fn cold_code() -> Option<Promise> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    Reflect::get(&js_sys::global(), &"__ticklistCold".into())
        .ok()?
        .dyn_into()
        .ok()
}

/// Waits for [`cold_code`]: code that is not in yet would otherwise be fetched and compiled
/// synchronously by its first call. It only resolves; a module that never comes is said by
/// that first call.
pub async fn cold_code_in() {
    if let Some(cold) = cold_code() {
        let _ = wasm_bindgen_futures::JsFuture::from(cold).await;
    }
}
