//! The Forge Custom UI adapter: Atlassian's @forge/bridge (bundled into the start script by
//! scripts/split-wasm.mjs, cut by scripts/forge-bridge-cuts.mjs, and exposed as
//! `globalThis.__ticklistForge` by js/app/forge-bridge-entry.js).

use super::js::{early_answer, get_str, global_exists, listen};
use super::{jira_message, Context, FlagKind, Host, HostError, HostFuture, Method};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = __ticklistForge, js_name = requestJira, catch)]
    fn forge_request_jira(path: &str, init: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = __ticklistForge, js_name = getContext, catch)]
    fn forge_get_context() -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = __ticklistForge, js_name = showFlag, catch)]
    fn forge_show_flag(options: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = __ticklistForge, js_name = enableTheme, catch)]
    fn forge_enable_theme() -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = __ticklistForge, js_name = on, catch)]
    fn forge_on(event: &str, callback: &js_sys::Function) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = __ticklistForge, js_name = publish, catch)]
    fn forge_publish(channel: &str, payload: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = __ticklistForge, js_name = subscribe, catch)]
    fn forge_subscribe(channel: &str, callback: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// The Realtime channel panels of one issue announce saves on (Forge scopes the default
/// channel to this module on this issue).
pub const CHANGES_CHANNEL: &str = "ticklist-changes";

/// Forge's issue-view event for changes made by other users.
pub const ISSUE_CHANGED_EVENT: &str = "JIRA_ISSUE_CHANGED";

/// Whether the Forge bridge was started (js/app/boot.js does so when Jira provides `__bridge`).
pub fn available() -> bool {
    global_exists("__ticklistForge")
}

pub struct ForgeHost;

impl Host for ForgeHost {
    fn shows_status_property(&self) -> bool {
        false
    }

    fn context(&self) -> HostFuture<'_, Context> {
        Box::pin(async move {
            let promise = forge_get_context().map_err(|e| HostError::NoHost(format!("{e:?}")))?;
            let ctx = JsFuture::from(promise)
                .await
                .map_err(|e| HostError::NoHost(format!("{e:?}")))?;
            let ext = |p: &[&str]| {
                let mut path = vec!["extension"];
                path.extend_from_slice(p);
                get_str(&ctx, &path)
            };
            Ok(Context {
                page: super::Page::from_forge_module(ext(&["type"]).as_deref()),
                issue_id: ext(&["issue", "id"]),
                issue_key: ext(&["issue", "key"]),
                issue_type_id: ext(&["issue", "typeId"]),
                project_id: ext(&["project", "id"]),
                project_key: ext(&["project", "key"]),
                locale: get_str(&ctx, &["locale"]),
                account_id: get_str(&ctx, &["accountId"]),
                site_url: get_str(&ctx, &["siteUrl"]),
            })
        })
    }

    fn request<'a>(
        &'a self,
        method: Method,
        path: &'a str,
        body: Option<&'a str>,
    ) -> HostFuture<'a, String> {
        Box::pin(async move {
            let init = Object::new();
            let _ = Reflect::set(&init, &"method".into(), &method.as_str().into());
            let headers = Object::new();
            let _ = Reflect::set(&headers, &"Accept".into(), &"application/json".into());
            if let Some(b) = body {
                let _ = Reflect::set(&headers, &"Content-Type".into(), &"application/json".into());
                let _ = Reflect::set(&init, &"body".into(), &b.into());
            }
            let _ = Reflect::set(&init, &"headers".into(), &headers);
            let promise = match early_answer(method, path, body) {
                Some(p) => p,
                None => forge_request_jira(path, &init)
                    .map_err(|e| HostError::NoHost(format!("{e:?}")))?,
            };
            // requestJira rejects only when the bridge itself fails (no network answer). The
            // bundle hands over the answer with its body read: {status, text, retryAfter}.
            let answer = JsFuture::from(promise)
                .await
                .map_err(|e| HostError::Network(format!("{e:?}")))?;
            let status = Reflect::get(&answer, &"status".into())
                .ok()
                .and_then(|s| s.as_f64())
                .ok_or_else(|| HostError::Protocol("requestJira gave no status".into()))?
                as u16;
            let text = get_str(&answer, &["text"]).unwrap_or_default();
            if (200..300).contains(&status) {
                return Ok(text);
            }
            let retry_after = get_str(&answer, &["retryAfter"]).and_then(|v| v.trim().parse().ok());
            Err(HostError::Http {
                status,
                message: jira_message(&text),
                retry_after,
            })
        })
    }

    fn resize(&self) {
        // Forge sizes Custom UI iframes to their content itself.
    }

    fn flag(&self, kind: FlagKind, title: &str, body: &str) {
        let options = Object::new();
        // showFlag requires an id; flags are not closed programmatically, any unique one will do.
        // Whole milliseconds: formatting an f64 would pull float formatting into the bundle.
        let id = format!("ticklist-{}", js_sys::Date::now() as u64);
        let _ = Reflect::set(&options, &"id".into(), &id.into());
        let _ = Reflect::set(&options, &"title".into(), &title.into());
        let _ = Reflect::set(&options, &"description".into(), &body.into());
        let _ = Reflect::set(&options, &"type".into(), &kind.as_str().into());
        let _ = Reflect::set(
            &options,
            &"isAutoDismiss".into(),
            &(kind != FlagKind::Error).into(),
        );
        let _ = forge_show_flag(&options);
    }

    fn enable_theme(&self) {
        // A promise; a failure only means Jira's theme tokens are absent and CSS fallbacks apply.
        let _ = forge_enable_theme();
    }

    fn on_issue_changed(&self, on_change: Box<dyn Fn()>) {
        listen(
            |f| {
                let _ = forge_on(ISSUE_CHANGED_EVENT, f);
            },
            on_change,
        );
    }

    fn announce_change(&self, from: &str) {
        // A promise; a lost hint only means the others see the change at their next read.
        let _ = forge_publish(CHANGES_CHANNEL, from);
    }

    fn on_announced_change(&self, on_change: Box<dyn Fn(Option<String>)>) -> bool {
        use wasm_bindgen::closure::Closure;
        let callback =
            Closure::<dyn Fn(JsValue)>::new(move |payload: JsValue| on_change(payload.as_string()));
        let ok = forge_subscribe(CHANGES_CHANNEL, callback.as_ref().unchecked_ref()).is_ok();
        callback.forget();
        ok
    }
}
