//! Small helpers for reading the objects the host bridges hand back.

use super::Method;
use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The answer the page already asked for while the wasm loaded (the head start: js/app/boot.js
/// on Connect, js/app/forge-bridge-entry.js on Forge), if this request is that one. Each is
/// handed out once, and only for a plain GET.
pub fn early_answer(method: Method, path: &str, body: Option<&str>) -> Option<Promise> {
    if method != Method::Get || body.is_some() {
        return None;
    }
    let early = Reflect::get(&js_sys::global(), &"__ticklistEarly".into()).ok()?;
    let take: js_sys::Function = Reflect::get(&early, &"take".into()).ok()?.dyn_into().ok()?;
    take.call1(&early, &path.into()).ok()?.dyn_into().ok()
}

/// Whether the page has a global object called `name` (`AP`, `__ticklistForge`).
pub fn global_exists(name: &str) -> bool {
    Reflect::get(&js_sys::global(), &name.into())
        .map(|v| v.is_object())
        .unwrap_or(false)
}

/// The string at `path` in `v`. Ids arrive as strings or numbers; whole numbers only (no float
/// formatting in the bundle).
pub fn get_str(v: &JsValue, path: &[&str]) -> Option<String> {
    let mut cur = v.clone();
    for p in path {
        cur = Reflect::get(&cur, &(*p).into()).ok()?;
        if cur.is_undefined() || cur.is_null() {
            return None;
        }
    }
    cur.as_string().or_else(|| {
        cur.as_f64()
            .filter(|n| n.fract() == 0.0 && n.abs() < 9e15)
            .map(|n| (n as i64).to_string())
    })
}

/// Hands `register` a JS function that calls `on_change`, and keeps it alive for the page's
/// lifetime (a host event subscription, see `Host::on_issue_changed`).
pub fn listen(register: impl FnOnce(&js_sys::Function), on_change: Box<dyn Fn()>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let callback = Closure::<dyn Fn(JsValue)>::new(move |_| on_change());
    register(callback.as_ref().unchecked_ref());
    callback.forget();
}
