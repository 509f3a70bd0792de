//! Unapplied edits survive a reload: while the working copy differs from the run it edits, it is
//! kept in LocalStorage under a key of its own, with a fingerprint of that run, and the editor takes
//! it up again when the page shows the same run. Applying or discarding the edits removes it. The
//! stored copy can be edited by hand (or be left by another version): one that does not read is
//! ignored and said so, and the saved run (`boot::SAVED_KEY`) is never touched.

use gloo::storage::{LocalStorage, Storage};
use serde_json::{json, Value};

use crate::scenario::limits::MAX_FAULTS;
use crate::scenario::model::Scenario;
use crate::scenario::parse::read_json;
use crate::scenario::presets;
use crate::sim::trace_hash::StableHasher;

/// LocalStorage key of the working copy (`{"version":1,"of":…,"doc":{…},"preset":…}`).
pub const KEY: &str = "mqlab.draft";
/// The layout written; another one is not read.
const VERSION: u64 = 1;
/// The longest list a stored copy may hold: more than any list the form makes (the faults' limit
/// is the largest), so that a hand-made copy cannot make the form draw a million rows.
const MAX_LIST: usize = MAX_FAULTS;

/// The stored copy is not one the editor could have written.
#[derive(Debug, PartialEq, Eq)]
pub struct Unreadable;

/// A working copy read back: the document and the preset it started from.
#[derive(Debug, PartialEq)]
pub struct Stored {
    pub doc: Value,
    pub preset: Option<&'static str>,
}

/// Which run a copy is an edit of: a stable hash of its scenario (the same on every load).
fn fingerprint(s: &Scenario) -> String {
    let mut h = StableHasher::default();
    h.value(s);
    crate::sim::trace::hash_hex(h.finish())
}

/// Keep `doc` as the unapplied edits of `running`, or forget them once it reads as `running`
/// again (discarded, or edited back).
pub fn keep(doc: &Value, preset: Option<&'static str>, running: &Scenario) {
    if *doc == super::draft::to_json(running) {
        forget();
        return;
    }
    let stored = json!({ "version": VERSION, "of": fingerprint(running), "doc": doc, "preset": preset });
    let written = crate::scenario::json::to_text(&stored, false)
        .ok()
        .is_some_and(|text| LocalStorage::raw().set_item(KEY, &text).is_ok());
    if !written {
        gloo::console::warn!("mqlab: could not keep the editor's unapplied edits (storage full or disabled)");
    }
}

/// Forget the stored copy (applied, discarded, or dropped by loading another scenario).
pub fn forget() {
    LocalStorage::delete(KEY);
}

/// The stored copy, if it is an edit of `running`: `None` when nothing is stored or it edits
/// another run (left for that run); `Err` when it does not read, which also removes it, so that
/// the learner is told once.
pub fn take_up(running: &Scenario) -> Option<Result<Stored, Unreadable>> {
    let text = LocalStorage::raw().get_item(KEY).ok().flatten()?;
    match read(&text, &fingerprint(running)) {
        Ok(Some(stored)) => Some(Ok(stored)),
        Ok(None) => None,
        Err(e) => {
            forget();
            Some(Err(e))
        }
    }
}

/// At page load: whether a stored copy is there that does not read, whatever run it edits. It is
/// removed, so that the learner is told once, on load (not only when they open the editor); the
/// saved run is not touched.
pub fn unreadable_on_load() -> bool {
    let Some(text) = LocalStorage::raw().get_item(KEY).ok().flatten() else { return false };
    let unreadable = read(&text, "").is_err();
    if unreadable {
        forget();
    }
    unreadable
}

/// A stored copy's text, if it is an edit of the run with fingerprint `of`.
fn read(text: &str, of: &str) -> Result<Option<Stored>, Unreadable> {
    // The scenario reader's size limit: a copy is never bigger than a scenario file.
    let value = read_json(text).map_err(|_| Unreadable)?;
    if value.get("version").and_then(Value::as_u64) != Some(VERSION) {
        return Err(Unreadable);
    }
    let stored_of = value.get("of").and_then(Value::as_str).ok_or(Unreadable)?;
    let doc = value.get("doc").filter(|d| d.is_object() && lists_fit(d)).ok_or(Unreadable)?;
    let preset = match value.get("preset") {
        None | Some(Value::Null) => None,
        // A preset this version does not have is no reason to drop the edits.
        Some(Value::String(id)) => presets::find(id).map(|p| p.id),
        Some(_) => return Err(Unreadable),
    };
    Ok((stored_of == of).then(|| Stored { doc: doc.clone(), preset }))
}

/// Every list in `v` is one the form can draw.
fn lists_fit(v: &Value) -> bool {
    match v {
        Value::Array(items) => items.len() <= MAX_LIST && items.iter().all(lists_fit),
        Value::Object(map) => map.values().all(lists_fit),
        _ => true,
    }
}
