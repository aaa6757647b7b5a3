//! The Atlassian Connect adapter: `AP` (all.js in Jira, @smartbear/fake-ap in the simulator).

use super::js::{early_answer, get_str, global_exists, listen};
use super::{jira_message, Context, FlagKind, Host, HostError, HostFuture, Method};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = AP, js_name = request, catch)]
    fn ap_request(url: &str, options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["AP", "context"], js_name = getContext, catch)]
    fn ap_get_context(callback: &js_sys::Function) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["AP", "user"], js_name = getLocale, catch)]
    fn ap_get_locale(callback: &js_sys::Function) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["AP", "user"], js_name = getCurrentUser, catch)]
    fn ap_get_current_user(callback: &js_sys::Function) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = AP, js_name = resize, catch)]
    fn ap_resize() -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["AP", "flag"], js_name = create, catch)]
    fn ap_flag_create(options: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["AP", "theming"], js_name = initializeTheming, catch)]
    fn ap_initialize_theming() -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["AP", "events"], js_name = on, catch)]
    fn ap_events_on(name: &str, callback: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// Connect's issue-view event for changes made by other users.
pub const ISSUE_CHANGED_EVENT: &str = "ISSUE_CHANGED";

/// Whether the page has an `AP` global (Connect).
pub fn available() -> bool {
    global_exists("AP")
}

pub struct ApHost;

/// Calls an AP function that takes a callback and resolves with its first argument.
async fn with_callback(
    call: impl FnOnce(&js_sys::Function) -> Result<JsValue, JsValue>,
) -> Result<JsValue, HostError> {
    let mut call = Some(call);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            if let Err(e) = call(&resolve) {
                let _ = reject.call1(&JsValue::NULL, &e);
            }
        }
    });
    JsFuture::from(promise)
        .await
        .map_err(|e| HostError::NoHost(format!("{e:?}")))
}

/// AP.request rejects with `{err, xhr: {status, responseText, getResponseHeader?}}`.
fn request_error(e: JsValue) -> HostError {
    let xhr = Reflect::get(&e, &"xhr".into()).unwrap_or(JsValue::UNDEFINED);
    let status = Reflect::get(&xhr, &"status".into())
        .ok()
        .and_then(|s| s.as_f64())
        .map(|s| s as u16);
    let text = get_str(&xhr, &["responseText"]).unwrap_or_default();
    match status {
        Some(0) | None => HostError::Network(if text.is_empty() {
            format!("{e:?}")
        } else {
            text
        }),
        Some(status) => {
            let retry_after = Reflect::get(&xhr, &"getResponseHeader".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call1(&xhr, &"Retry-After".into()).ok())
                .and_then(|v| v.as_string())
                .and_then(|v| v.trim().parse().ok());
            HostError::Http {
                status,
                message: jira_message(&text),
                retry_after,
            }
        }
    }
}

impl Host for ApHost {
    fn context(&self) -> HostFuture<'_, Context> {
        Box::pin(async move {
            // Three bridge calls, answered by the host page in parallel.
            let mut answers = super::all::all(vec![
                Box::pin(with_callback(ap_get_context)),
                Box::pin(with_callback(ap_get_locale)),
                Box::pin(with_callback(ap_get_current_user)),
            ])
            .await
            .into_iter();
            let mut next = || answers.next().expect("three answers");
            let ctx = next()?;
            let locale = next().ok().and_then(|l| l.as_string());
            let account_id = next()
                .ok()
                .and_then(|u| get_str(&u, &["atlassianAccountId"]));
            // The descriptor gives each page its own URL; Connect keeps the query string.
            let query = web_sys::window()
                .and_then(|w| w.location().search().ok())
                .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok());
            let param = |k: &str| query.as_ref().and_then(|p| p.get(k));
            let page = param("view");
            // Connect adds the site (`xdm_e`) and its context path (`cp`) to every app URL.
            let site_url = param("xdm_e").map(|s| s + &param("cp").unwrap_or_default());
            Ok(Context {
                page: super::Page::from_query_value(page.as_deref()),
                issue_id: get_str(&ctx, &["jira", "issue", "id"]),
                issue_key: get_str(&ctx, &["jira", "issue", "key"]),
                issue_type_id: get_str(&ctx, &["jira", "issue", "issuetype", "id"]),
                project_id: get_str(&ctx, &["jira", "project", "id"]),
                project_key: get_str(&ctx, &["jira", "project", "key"]),
                locale,
                account_id,
                site_url,
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
            let options = Object::new();
            let set = |k: &str, v: JsValue| Reflect::set(&options, &k.into(), &v);
            set("type", method.as_str().into())
                .map_err(|e| HostError::Protocol(format!("{e:?}")))?;
            if let Some(b) = body {
                let _ = set("data", b.into());
                let _ = set("contentType", "application/json".into());
            }
            let promise = match early_answer(method, path, body) {
                Some(p) => p,
                None => {
                    ap_request(path, &options).map_err(|e| HostError::NoHost(format!("{e:?}")))?
                }
            };
            let resp = JsFuture::from(promise).await.map_err(request_error)?;
            Ok(get_str(&resp, &["body"]).unwrap_or_default())
        })
    }

    fn resize(&self) {
        let _ = ap_resize();
    }

    fn flag(&self, kind: FlagKind, title: &str, body: &str) {
        let options = Object::new();
        let _ = Reflect::set(&options, &"title".into(), &title.into());
        let _ = Reflect::set(&options, &"body".into(), &body.into());
        let _ = Reflect::set(&options, &"type".into(), &kind.as_str().into());
        let close = if kind == FlagKind::Error {
            "manual"
        } else {
            "auto"
        };
        let _ = Reflect::set(&options, &"close".into(), &close.into());
        let _ = ap_flag_create(&options);
    }

    fn enable_theme(&self) {
        // Older all.js (and fake-ap) have no AP.theming; the CSS fallbacks then apply.
        let _ = ap_initialize_theming();
    }

    fn on_issue_changed(&self, on_change: Box<dyn Fn()>) {
        listen(
            |f| {
                let _ = ap_events_on(ISSUE_CHANGED_EVENT, f);
            },
            on_change,
        );
    }
}
