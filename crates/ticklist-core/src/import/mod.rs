//! Importers for other checklist apps' formats, written from each vendor's own documentation.
//!
//! Every importer keeps every non-empty line: a line it understands becomes an item, a header,
//! a detail or a checklist's name; a line it does not understand still becomes an item with the
//! line as its text, and is reported in [`Imported::unclear`] so the preview can point at it.
//! Items come without ids (they are new); [`source_ids`] derives stable ones for migrations.

mod herocoders;
mod okapya;
mod put;
mod smart;

use crate::model::{Item, ItemId, ItemKind, List, DEFAULT_LIST_NAME};
use crate::status::{StatusId, StatusSet};

pub use put::{put, Ids};
pub use smart::SMART_CHECKLIST_PROPERTY;

/// The formats Ticklist imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Checklist for Jira by HeroCoders: its editor text and its "Checklist Text" custom field.
    HeroCoders,
    /// Smart Checklist by Railsware: its markdown (editor, custom field, issue property).
    SmartChecklist,
    /// Checklist for Jira by Okapya: its JSON item representation (REST API, CSV cells).
    Okapya,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::HeroCoders, Format::SmartChecklist, Format::Okapya];

    /// A stable spelling, for option values and stored migration settings.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::HeroCoders => "herocoders",
            Format::SmartChecklist => "smart-checklist",
            Format::Okapya => "okapya",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// Why a line was kept as plain item text instead of being read as the format says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unclear {
    /// The line has none of the format's markers (Smart Checklist lines start with a sign).
    NoMarker,
    /// The line is only markers, with no text after them.
    NoText,
    /// A detail line (`>>`, `>`) with no item above it.
    DetailWithoutItem,
    /// A status name that is not one of this site's statuses (kept in the text).
    UnknownStatus(String),
    /// Not a JSON item (Okapya), or an item without a name.
    NotAnItem,
}

/// One line that was kept as text, with its 1-based line number (item number for a JSON array).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnclearLine {
    pub line: usize,
    pub text: String,
    pub why: Unclear,
}

/// The result of reading another app's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub lists: Vec<List>,
    pub unclear: Vec<UnclearLine>,
}

/// What an import would create, for the preview.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub lists: usize,
    pub items: usize,
    pub headers: usize,
    pub mandatory: usize,
    pub done: usize,
}

impl Imported {
    pub fn counts(&self, statuses: &StatusSet) -> Counts {
        let mut c = Counts {
            lists: self.lists.len(),
            ..Counts::default()
        };
        for i in self.lists.iter().flat_map(|l| &l.items) {
            if i.is_header() {
                c.headers += 1;
                continue;
            }
            c.items += 1;
            c.mandatory += usize::from(i.mandatory);
            c.done += usize::from(statuses.is_complete(&i.status));
        }
        c
    }

    pub fn is_empty(&self) -> bool {
        self.lists.iter().all(|l| l.items.is_empty())
    }
}

/// Reads `text` in `format`. Status names (Smart Checklist's `[NAME]`, Okapya's status) are
/// matched against `statuses` by name, ignoring case.
pub fn import(format: Format, text: &str, statuses: &StatusSet) -> Imported {
    match format {
        Format::HeroCoders => herocoders::read(text),
        Format::SmartChecklist => smart::read(text, statuses),
        Format::Okapya => okapya::read(text, statuses),
    }
}

/// Smart Checklist's stored issue property: a JSON string holding its markdown. `None` when the
/// value is not a JSON string (the migration reports the issue instead of guessing).
pub fn smart_checklist_property(raw_json: &str, statuses: &StatusSet) -> Option<Imported> {
    let s: String = serde_json::from_str(raw_json).ok()?;
    Some(smart::read(&s, statuses))
}

/// Ids for migrated items that depend only on what the source says: the checklist's name, the
/// item's kind and text, and how many items before it in that checklist had the same kind and
/// text. Running a migration again therefore names the same items, and inserting them skips
/// those already there (live or deleted) instead of adding copies or undoing later edits.
pub fn source_ids(list: &List) -> Vec<ItemId> {
    let mut seen: Vec<(ItemKind, &str)> = Vec::new();
    list.items
        .iter()
        .map(|i| {
            let key = (i.kind, i.text.as_str());
            let nth = seen.iter().filter(|k| **k == key).count();
            seen.push(key);
            let kind = if i.is_header() { "h" } else { "i" };
            let mut h = Fnv::new();
            for part in [list.name.as_str(), kind, i.text.as_str()] {
                h.write(part.as_bytes());
                h.write(&[0]);
            }
            h.write(&(nth as u64).to_le_bytes());
            ItemId::from(format!("m{:016x}", h.0))
        })
        .collect()
}

/// FNV-1a, 64 bits: small, stable across platforms and releases (unlike `DefaultHasher`).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A new item of `kind` with trimmed text.
fn item(text: &str, status: impl Into<StatusId>, mandatory: bool, kind: ItemKind) -> Item {
    Item {
        id: Default::default(),
        text: text.trim().to_owned(),
        status: status.into(),
        mandatory,
        kind,
        details: String::new(),
        assignee: None,
        due: None,
        issue: None,
        follow: false,
    }
}

/// Formats without checklist names: all items in the default checklist, none when empty.
fn one_list(items: Vec<Item>) -> Vec<List> {
    if items.is_empty() {
        return Vec::new();
    }
    vec![List {
        id: Default::default(),
        name: DEFAULT_LIST_NAME.into(),
        items,
    }]
}

/// Adds a detail line to the last item; false when there is none.
fn push_detail(items: &mut [Item], line: &str) -> bool {
    match items.last_mut() {
        Some(last) => {
            if !last.details.is_empty() {
                last.details.push('\n');
            }
            last.details.push_str(line.trim_end());
            true
        }
        None => false,
    }
}

/// The status called `name` (ignoring case and surrounding spaces), if the site has one.
fn status_named(statuses: &StatusSet, name: &str) -> Option<StatusId> {
    let name = name.trim();
    statuses
        .statuses
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name) || s.id.eq_ignore_ascii_case(name))
        .map(|s| s.id.clone())
}

/// Collects items into checklists as `# Name` lines (or the lack of them) say.
#[derive(Default)]
struct Lists {
    done: Vec<List>,
    name: Option<String>,
    items: Vec<Item>,
}

impl Lists {
    fn start(&mut self, name: &str) {
        self.flush();
        self.name = Some(name.trim().to_owned());
    }

    fn flush(&mut self) {
        if self.name.is_some() || !self.items.is_empty() {
            self.done.push(List {
                id: Default::default(),
                name: self
                    .name
                    .take()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| DEFAULT_LIST_NAME.into()),
                items: std::mem::take(&mut self.items),
            });
        }
    }

    fn finish(mut self) -> Vec<List> {
        self.flush();
        self.done
    }
}
