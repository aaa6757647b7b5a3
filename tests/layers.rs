//! The app crate's layers, checked on every test run (see docs/ARCHITECTURE.md):
//!
//! ```text
//! ticklist-core  <-  host  <-  state  <-  components / pages  <-  main.rs, bin/
//! ```
//!
//! - `host` talks to Jira with raw JSON: no core types, nothing above it; the two adapters do
//!   not borrow from each other.
//! - `state` decides and holds no UI: no components, pages or UI strings.
//! - `components` get data and callbacks: they never reach the host or a page.
//! - `pages` may hold the `Host` handle (to pass it to state) and nothing else of the host;
//!   one page does not reach into another.
//!
//! The test reads every `crate::…` path in `src/` (grouped `use` lines expanded) and names the
//! file, the line and the path of each arrow that points the wrong way.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// Which layer a file of `src/` belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layer {
    Host,
    State,
    Components,
    Pages,
    /// `strings.rs`: the UI's words.
    Strings,
    /// `main.rs`, `bin/`, `lib.rs`: may use everything.
    Root,
}

fn layer_of(rel: &str) -> Layer {
    let first = rel.split('/').next().unwrap_or_default();
    match first {
        "host" => Layer::Host,
        "state" => Layer::State,
        "components" => Layer::Components,
        "pages" => Layer::Pages,
        "strings.rs" => Layer::Strings,
        _ => Layer::Root,
    }
}

/// Why `path` (the part after `crate::`) may not be used from the file `rel`, if it may not.
fn refusal(rel: &str, path: &str) -> Option<&'static str> {
    let target = path.split("::").next().unwrap_or_default();
    match layer_of(rel) {
        Layer::Root => None,
        Layer::Strings => Some("strings.rs holds words only"),
        Layer::Host => {
            if target != "host" {
                return Some("host talks to Jira and knows nothing above it");
            }
            let adapter = |f: &str| ["host/ap.rs", "host/forge.rs"].contains(&f);
            let sub = path.split("::").nth(1).unwrap_or_default();
            if adapter(rel)
                && ["ap", "forge"].contains(&sub)
                && !rel.ends_with(&format!("{sub}.rs"))
            {
                return Some("one host adapter does not borrow from the other");
            }
            None
        }
        Layer::State => match target {
            "host" | "state" => None,
            "strings" => Some("state holds no UI text: the page passes its words in"),
            _ => Some("state decides and shows nothing: it may not use components or pages"),
        },
        Layer::Components => match target {
            "components" | "state" | "strings" => None,
            "host" => Some("components never call the host: state does"),
            _ => Some("components do not reach into pages"),
        },
        Layer::Pages => match target {
            "components" | "state" | "strings" => None,
            "host" if path == "host::Host" => None,
            "host" => Some("a page holds the Host handle only to pass it to state"),
            "pages" => {
                // The shell (pages/mod.rs) serves every page; a page does not use another.
                let page = path.split("::").nth(1).unwrap_or_default();
                let own = rel.split('/').nth(1).unwrap_or_default();
                let other =
                    ["issue", "settings"].contains(&page) && page != own.trim_end_matches(".rs");
                other.then_some("one page does not reach into another (share through pages/mod.rs)")
            }
            _ => Some("unknown module"),
        },
    }
}

/// Source without comments and string literals (so prose and text do not count as imports).
fn code_only(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let b: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < b.len() {
        match (b[i], b.get(i + 1)) {
            ('/', Some('/')) => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
            }
            ('/', Some('*')) => {
                while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                    if b[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
                i += 2;
            }
            ('"', _) => {
                i += 1;
                while i < b.len() && b[i] != '"' {
                    if b[i] == '\\' {
                        i += 1;
                    } else if b[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
                i += 1;
                out.push_str("\"\"");
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Expands a path after `crate::` (which may hold `{a, b::{c}}` groups) into full paths.
fn expand(s: &str) -> (Vec<String>, usize) {
    let mut paths = Vec::new();
    let mut prefix = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' || c == ':' {
            prefix.push(c);
            i += 1;
        } else if c == '{' {
            // A group: each item continues the prefix.
            i += 1;
            loop {
                while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                    i += 1;
                }
                if i >= chars.len() || chars[i] == '}' {
                    i += 1;
                    break;
                }
                let (inner, used) = expand(&s[s.char_indices().nth(i).map_or(s.len(), |x| x.0)..]);
                for p in inner {
                    paths.push(if p == "self" {
                        prefix.trim_end_matches("::").to_owned()
                    } else {
                        format!("{prefix}{p}")
                    });
                }
                i += used;
            }
            return (paths, i);
        } else if c.is_whitespace() && prefix.ends_with("::") {
            i += 1;
        } else {
            break;
        }
    }
    let p = prefix.trim_end_matches("::").to_owned();
    if !p.is_empty() {
        paths.push(p);
    }
    (paths, i)
}

/// Every wrong-way arrow in one file: `file:line: path — why`.
fn violations(rel: &str, src: &str) -> Vec<String> {
    let code = code_only(src);
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let line = code[..at].matches('\n').count() + 1;
        let (paths, _) = expand(&code[at + "crate::".len()..]);
        for path in paths {
            if let Some(why) = refusal(rel, &path) {
                out.push(format!("src/{rel}:{line}: crate::{path} — {why}"));
            }
        }
    }
    // Host works on raw JSON; core types belong to state and above.
    if layer_of(rel) == Layer::Host {
        for (at, _) in code.match_indices("ticklist_core") {
            let line = code[..at].matches('\n').count() + 1;
            out.push(format!(
                "src/{rel}:{line}: ticklist_core — host moves raw JSON and knows no core types"
            ));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_import_in_src_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "found only {} files in src/", files.len());
    let mut all = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        all.extend(violations(&rel, &std::fs::read_to_string(f).unwrap()));
    }
    assert!(
        all.is_empty(),
        "imports against the layers (docs/ARCHITECTURE.md):\n{}",
        all.join("\n")
    );
}

/// The checker itself: each kind of wrong arrow is caught, grouped imports included, and
/// comments and strings are not imports.
#[test]
fn the_checker_names_wrong_arrows() {
    let cases = [
        (
            "state/saver.rs",
            "use crate::strings as s;",
            "crate::strings",
        ),
        (
            "state/edit.rs",
            "use crate::components::{Action, TextFormat};",
            "crate::components::Action",
        ),
        (
            "components/item_row.rs",
            "let t = crate::host::users::myself(h);",
            "crate::host::users::myself",
        ),
        (
            "components/mod.rs",
            "use crate::pages::issue;",
            "crate::pages::issue",
        ),
        (
            "host/forge.rs",
            "use crate::host::ap::jira_message;",
            "crate::host::ap::jira_message",
        ),
        (
            "host/props.rs",
            "use ticklist_core::Document;",
            "ticklist_core",
        ),
        (
            "host/props.rs",
            "use crate::state::load;",
            "crate::state::load",
        ),
        (
            "pages/issue.rs",
            "use crate::host::{Host, FlagKind};",
            "crate::host::FlagKind",
        ),
        (
            "pages/settings/mod.rs",
            "use crate::pages::issue::PanelView;",
            "crate::pages::issue::PanelView",
        ),
    ];
    for (file, line, named) in cases {
        let found = violations(file, line);
        assert!(
            found.iter().any(|v| v.contains(&format!("{named} —"))),
            "{file}: `{line}` should be refused naming {named}, got {found:?}"
        );
    }
    for (file, line) in [
        ("pages/issue.rs", "use crate::host::Host;"),
        (
            "pages/settings/mod.rs",
            "use super::PageShell; use crate::pages::PageShell;",
        ),
        (
            "state/panel.rs",
            "use crate::host::{self, permissions::{self, On}};",
        ),
        (
            "components/item_row.rs",
            "use crate::state::{edit::Edit, time::today};",
        ),
        (
            "state/saver.rs",
            "// see crate::strings\nlet s = \"crate::pages\";",
        ),
        ("main.rs", "use crate::pages::issue::IssuePanel;"),
    ] {
        assert_eq!(
            violations(file, line),
            Vec::<String>::new(),
            "{file}: {line}"
        );
    }
}
