// The floor: the bench's plain-React panel, feature for feature, in Leptos 0.8 csr.
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = __floor, js_name = key)]
    fn issue_key() -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = __floor, js_name = get)]
    fn get_text(path: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = __floor, js_name = put)]
    fn put_text(path: &str, body: &str) -> js_sys::Promise;
}

#[derive(Clone, Serialize, Deserialize, PartialEq)]
struct Item {
    id: String,
    text: String,
    status: String,
}
#[derive(Serialize, Deserialize, Default)]
struct Doc {
    #[serde(default)]
    items: Vec<Item>,
}
#[derive(Deserialize)]
struct Prop {
    value: Doc,
}

const STATUSES: [(&str, &str); 4] = [
    ("todo", "To do"),
    ("in-progress", "In progress"),
    ("done", "Done"),
    ("skipped", "Skipped"),
];
fn label(id: &str) -> &'static str {
    STATUSES
        .iter()
        .find(|s| s.0 == id)
        .unwrap_or(&STATUSES[0])
        .1
}

async fn load() -> Result<(String, Vec<Item>), String> {
    let key = JsFuture::from(issue_key())
        .await
        .map_err(|_| "no context".to_string())?
        .as_string()
        .unwrap_or_default();
    let text = JsFuture::from(get_text(&format!(
        "/rest/api/3/issue/{key}/properties/checklist"
    )))
    .await
    .map_err(|_| "load failed".to_string())?;
    let p: Prop =
        serde_json::from_str(&text.as_string().unwrap_or_default()).map_err(|e| e.to_string())?;
    Ok((key, p.value.items))
}

#[component]
fn StatusMenu(id: String, items: RwSignal<Vec<Item>>, persist: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    let id2 = id.clone();
    view! {
        <div class="menu">
            <button type="button" class="btn subtle" aria-haspopup="menu" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>"Status ▾"</button>
            <Show when=move || open.get()>
                <div role="menu" class="menu-list">
                    {STATUSES.iter().map(|(sid, l)| { let id = id.clone(); view! {
                        <button role="menuitem" type="button" on:click=move |_| { open.set(false); items.update(|v| for it in v.iter_mut() { if it.id == id { it.status = sid.to_string(); } }); persist.run(()); }>{*l}</button>
                    }}).collect_view()}
                    <hr/>
                    <button role="menuitem" type="button" on:click={ let id = id2.clone(); move |_| { open.set(false); items.update(|v| v.retain(|it| it.id != id)); persist.run(()); } }>"Delete"</button>
                </div>
            </Show>
        </div>
    }
}

#[component]
fn App() -> impl IntoView {
    let items = RwSignal::new(Vec::<Item>::new());
    let loading = RwSignal::new(true);
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let key = StoredValue::new(String::new());
    let draft = RwSignal::new(String::new());
    spawn_local(async move {
        match load().await {
            Ok((k, v)) => {
                key.set_value(k);
                items.set(v);
            }
            Err(e) => error.set(Some(e)),
        }
        loading.set(false);
    });
    let persist = Callback::new(move |_| {
        saving.set(true);
        let body = serde_json::to_string(&Doc {
            items: items.get_untracked(),
        })
        .unwrap_or_default();
        let path = format!("/rest/api/3/issue/{}/properties/checklist", key.get_value());
        spawn_local(async move {
            if JsFuture::from(put_text(&path, &body)).await.is_err() {
                error.set(Some("Failed to save checklist".into()));
            }
            saving.set(false);
        });
    });
    let done = move || {
        items.with(|v| {
            v.iter()
                .filter(|i| i.status == "done" || i.status == "skipped")
                .count()
        })
    };
    let progress = move || {
        items.with(|v| {
            if v.is_empty() {
                0.0
            } else {
                done() as f64 / v.len() as f64
            }
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked().trim().to_string();
        if text.is_empty() {
            return;
        }
        let id = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
        items.update(|v| {
            v.push(Item {
                id,
                text,
                status: "todo".into(),
            })
        });
        draft.set(String::new());
        persist.run(());
    };
    view! {
        <Show when=move || !loading.get() fallback=|| view! { <div class="panel">"Loading checklist…"</div> }>
            <div class="panel">
                <div class="header"><strong>"Checklist"</strong>
                    <span class="count">{move || format!("{}/{} done{}", done(), items.with(|v| v.len()), if saving.get() { " · saving…" } else { "" })}</span></div>
                <div class="progress" role="progressbar" aria-label="Checklist progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow=move || ((progress() * 100.0).round() as u32).to_string()>
                    <div class=move || if progress() == 1.0 { "bar complete" } else { "bar" } style:width=move || format!("{}%", progress() * 100.0)></div>
                </div>
                <ul class="list">
                    <For each=move || items.get() key=|it| (it.id.clone(), it.status.clone(), it.text.clone()) let:it>
                        {
                            let id = it.id.clone();
                            let checked = it.status == "done";
                            view! {
                                <li class="row">
                                    <input type="checkbox" prop:checked=checked aria-label=format!("Complete {}", it.text)
                                        on:change={ let id = id.clone(); move |_| { items.update(|v| for x in v.iter_mut() { if x.id == id { x.status = if x.status == "done" { "todo".into() } else { "done".into() }; } }); persist.run(()); } } />
                                    <span class=if checked { "text done" } else { "text" }>{it.text.clone()}</span>
                                    <span class=format!("lozenge {}", it.status)>{label(&it.status)}</span>
                                    <StatusMenu id=id items=items persist=persist />
                                </li>
                            }
                        }
                    </For>
                </ul>
                <form class="add" on:submit=submit>
                    <input class="textfield" prop:value=move || draft.get() placeholder="Add an item" aria-label="New checklist item" on:input=move |e| draft.set(event_target_value(&e)) />
                    <button class="btn primary" type="submit" disabled=move || draft.with(|d| d.trim().is_empty())>"Add"</button>
                </form>
                <Show when=move || error.with(|e| e.is_some())><div role="alert" class="error">{move || error.get().unwrap_or_default()}</div></Show>
            </div>
        </Show>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
