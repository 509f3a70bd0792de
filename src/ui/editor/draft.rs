//! The editor's working copy: the scenario as JSON, so that any value the learner types (even a
//! wrong one) can be held, shown and reported by the engine's own reader with its field's path.
//! Nothing here touches the running lab until the scenario is applied.

use std::rc::Rc;

use serde_json::{json, Value};
use yew::Reducible;

use crate::scenario::fields;
use crate::scenario::model::Scenario;
use crate::scenario::parse::read_scenario;
use crate::scenario::{validate_all, ScenarioError};

/// Why the errors on show were found, which decides the summary's wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    Apply,
    Export,
}

/// The working copy and what the learner was told about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub doc: Value,
    /// The lab session the copy was taken from (its address), to notice a scenario loaded
    /// elsewhere (a preset in the top bar, a share link).
    pub base: usize,
    /// Errors of the last failed apply or export; kept up to date while the learner fixes them.
    pub errors: Vec<ScenarioError>,
    pub attempt: Option<Attempt>,
    /// A file that could not be imported, with why.
    pub import_error: Option<ImportProblem>,
    /// Counts refusals (apply, export, import), so the page can bring each one into view.
    pub refusals: u32,
    /// The preset the copy started from, kept through the learner's own applies of it, for
    /// "Reset to this preset".
    pub preset: Option<&'static str>,
    /// What a reload found of the copy kept in LocalStorage (`stored`), for the editor to say.
    pub from_storage: Option<FromStorage>,
}

/// What a reload found of the working copy kept in LocalStorage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FromStorage {
    /// The unapplied edits of the run shown, taken up again.
    Restored,
    /// A copy that did not read, ignored and removed.
    Unreadable,
}

/// A change to the working copy.
pub enum Edit {
    /// Set (or, with `None`, clear) the value at a concrete path.
    Set(String, Option<Value>),
    /// Run another system (`system.kind`), from its defaults, leaving out the settings it has no
    /// use for.
    SwitchSystem(String),
    /// Append an entry to the list at a path.
    Push(String, Value),
    /// Start over from a scenario (the run's, or a preset's), which is the preset `preset` if
    /// that is known.
    Reset {
        doc: Value,
        base: usize,
        preset: Option<&'static str>,
    },
    /// Take up a working copy brought back after another scenario replaced it (`dropped`).
    Restore(Draft),
    /// Show why applying or exporting was refused.
    Refused(Attempt, Vec<ScenarioError>),
    ImportFailed(ImportProblem),
    /// A file read as a valid scenario: what was said about an earlier file no longer applies
    /// (the page may still refuse this one, as too big for a tab, in its own notice).
    ImportRead,
}

/// Why a file was not imported.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportProblem {
    /// The browser could not read the file.
    Unreadable,
    /// The file is no valid scenario.
    Invalid(ScenarioError),
}

impl Draft {
    pub fn new(scenario: &Scenario, base: usize) -> Draft {
        Draft {
            doc: to_json(scenario),
            base,
            errors: Vec::new(),
            attempt: None,
            import_error: None,
            refusals: 0,
            preset: preset_of(scenario),
            from_storage: None,
        }
    }

    /// The working copy to open the editor on for the session at `base`, running `running`: the one
    /// the editor left in this tab, else the one a reload left in LocalStorage (`stored`), if any.
    pub fn resumed(base: usize, running: &Scenario) -> Option<Draft> {
        Draft::kept(base).or_else(|| {
            let d = match super::stored::take_up(running)? {
                Ok(s) => Draft {
                    doc: s.doc,
                    preset: s.preset,
                    from_storage: Some(FromStorage::Restored),
                    ..Draft::new(running, base)
                },
                Err(super::stored::Unreadable) => {
                    Draft { from_storage: Some(FromStorage::Unreadable), ..Draft::new(running, base) }
                }
            };
            d.clone().keep();
            Some(d)
        })
    }

    /// Errors whose path is exactly `path`.
    pub fn errors_at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a ScenarioError> + 'a {
        self.errors.iter().filter(move |e| e.path == path)
    }
}

thread_local! {
    /// The last scenario applied from a copy of a preset, with that preset. The lab runs it after
    /// the editor has closed; opened again, the editor still offers "Reset to this preset".
    static APPLIED: std::cell::RefCell<Option<(Scenario, &'static str)>> = const { std::cell::RefCell::new(None) };
    /// The working copy as last edited, kept for `Draft::kept`.
    static WORKING: std::cell::RefCell<Option<Rc<Draft>>> = const { std::cell::RefCell::new(None) };
}

/// Remember that `s` is applied from a copy of `preset`.
pub fn applying(s: &Scenario, preset: Option<&'static str>) {
    APPLIED.with(|a| *a.borrow_mut() = preset.map(|p| (s.clone(), p)));
}

/// The preset `s` is, or was applied from.
pub fn preset_of(s: &Scenario) -> Option<&'static str> {
    let applied = || APPLIED.with(|a| a.borrow().as_ref().filter(|(x, _)| x == s).map(|(_, p)| *p));
    crate::scenario::presets::id_of(s).or_else(applied)
}

/// A scenario as the JSON the form edits.
pub fn to_json(s: &Scenario) -> Value {
    // A Scenario is plain data and always serialises; Null would only show an empty form.
    crate::scenario::json::to_value(s).unwrap_or(Value::Null)
}

/// The scenario in the working copy, or every problem with it: the reading's (a wrong type, a
/// missing field) and every value rule's, all at once.
pub fn build(doc: &Value) -> Result<Scenario, Vec<ScenarioError>> {
    // The reader stops at its first problem. To show them all, each is set aside (the value taken
    // out, or a missing one filled in) and the copy read again; the value rules then speak only
    // of the fields that did read.
    let mut doc = doc.clone();
    let mut errors: Vec<ScenarioError> = Vec::new();
    for _ in 0..MAX_READ_PROBLEMS {
        match read_scenario(&doc) {
            Ok(scenario) => {
                let read_ok = |e: &ScenarioError| !errors.iter().any(|r| fields::within(&e.path, &r.path));
                // A stand-in for the run's length would make every time look past its end.
                let end_unread = errors.iter().any(|r| r.path == "duration_ms" || r.path == "max_drain_ms");
                let about_end = |e: &ScenarioError| matches!(e.kind, crate::scenario::ErrorKind::AfterEnd { .. });
                let rules: Vec<ScenarioError> = validate_all(&scenario)
                    .into_iter()
                    .filter(read_ok)
                    .filter(|e| !(end_unread && about_end(e)))
                    .collect();
                errors.extend(rules);
                return if errors.is_empty() { Ok(scenario) } else { Err(errors) };
            }
            // The same field again: what was filled in did not read either.
            Err(e) if errors.iter().any(|r| r.path == e.path) => break,
            Err(e) => {
                let set_aside = set_aside(&mut doc, &e);
                errors.push(e);
                if !set_aside {
                    break;
                }
            }
        }
    }
    Err(errors)
}

/// Reading problems reported at most, before the rest waits for the next attempt.
const MAX_READ_PROBLEMS: usize = 20;

/// Take the value at the reader's complaint out of `doc`, or fill in a missing one, so that the
/// rest can be read; false when that is not possible (the document as a whole is wrong).
fn set_aside(doc: &mut Value, e: &ScenarioError) -> bool {
    use crate::scenario::fields::Kind;
    use crate::scenario::ErrorKind::*;
    if e.path.is_empty() || e.path == "version" {
        return false;
    }
    match &e.kind {
        UnknownField { .. }
        | UnknownVariant { .. }
        | WrongType { .. }
        | NotWhole { .. }
        | OutOfRange { .. }
        | FarOutOfRange { .. } => {
            fields::set(doc, &e.path, None);
            true
        }
        MissingField => {
            let Some(f) = fields::find(&e.path) else { return false };
            let stand_in = match f.kind {
                Kind::Int(_) => json!(1),
                Kind::Bool => json!(false),
                Kind::Choice(options) => json!(options.first().copied().unwrap_or_default()),
                Kind::Names => json!(["unread"]),
                Kind::Ints(_) => json!([1]),
                Kind::Text | Kind::LongText | Kind::Node => json!(format!("unread-{}", e.path.len())),
            };
            fields::set(doc, &e.path, Some(stand_in));
            true
        }
        _ => false,
    }
}

impl Reducible for Draft {
    type Action = Edit;

    fn reduce(self: Rc<Self>, edit: Edit) -> Rc<Self> {
        let d = self.edited(edit);
        WORKING.with(|w| *w.borrow_mut() = Some(d.clone()));
        d
    }
}

impl Draft {
    /// The working copy the editor left, if it was taken from the session at `base` (the run
    /// still shown): closing the pane does not throw the learner's unapplied edits away.
    pub fn kept(base: usize) -> Option<Draft> {
        WORKING.with(|w| w.borrow().as_ref().filter(|d| d.base == base).map(|d| (**d).clone()))
    }

    /// Make this the working copy `kept` finds (a dropped one brought back, `dropped::restore`).
    pub(super) fn keep(self) {
        WORKING.with(|w| *w.borrow_mut() = Some(Rc::new(self)));
    }

    fn edited(self: Rc<Self>, edit: Edit) -> Rc<Self> {
        let mut d = (*self).clone();
        match edit {
            Edit::Set(path, value) => {
                fields::set(&mut d.doc, &path, value);
                tidy_dedup(&mut d.doc, &path);
            }
            Edit::SwitchSystem(kind) => switch_system(&mut d.doc, &kind),
            Edit::Push(path, value) => match fields::get(&d.doc, &path).and_then(Value::as_array) {
                Some(list) => {
                    let mut list = list.clone();
                    list.push(value);
                    fields::set(&mut d.doc, &path, Some(Value::Array(list)));
                }
                None => fields::set(&mut d.doc, &path, Some(json!([value]))),
            },
            Edit::Reset { doc, base, preset } => {
                d = Draft {
                    doc,
                    base,
                    errors: Vec::new(),
                    attempt: None,
                    import_error: None,
                    refusals: d.refusals,
                    preset,
                    from_storage: None,
                };
            }
            Edit::Restore(restored) => d = Draft { refusals: d.refusals, ..restored },
            Edit::Refused(attempt, errors) => {
                d.attempt = Some(attempt);
                d.errors = errors;
                d.refusals += 1;
                return Rc::new(d);
            }
            Edit::ImportFailed(e) => {
                d.import_error = Some(e);
                d.refusals += 1;
                return Rc::new(d);
            }
            Edit::ImportRead => {
                d.import_error = None;
                return Rc::new(d);
            }
        }
        // Once errors are on show, they follow the edits, so a fixed field loses its mark at once.
        if d.attempt.is_some() {
            d.errors = build(&d.doc).err().unwrap_or_default();
            if d.errors.is_empty() {
                d.attempt = None;
            }
        }
        Rc::new(d)
    }
}

/// The old system's section would be unknown fields of the new one, and the new system refuses
/// RocketMQ's client settings it lacks (`systems::uses`): both go, so a switch never leads to a
/// refusal over settings the form no longer shows. A preset's title and notes describe its own
/// system (a comparison's run's, its run's): they give way to ones that say what the copy is
/// (`switched`); the learner's own stay.
fn switch_system(doc: &mut Value, kind: &str) {
    use crate::lab::compare::switched;
    let before = read_scenario(doc).ok();
    let section = (kind != "rocketmq").then(|| json!({ "kind": kind }));
    fields::set(doc, "system", section);
    let title = fields::get(doc, "title").and_then(Value::as_str).unwrap_or_default().to_string();
    if let Some(notes) =
        fields::get(doc, "notes").and_then(Value::as_str).and_then(|n| switched::notes(n, &title, kind))
    {
        fields::set(doc, "notes", Some(json!(notes)));
    }
    if let Some(retitled) = switched::retitled(&title, kind) {
        fields::set(doc, "title", Some(json!(retitled)));
    }
    for generic in crate::scenario::systems::unused_paths(kind) {
        let Some((list, _)) = generic.split_once("[]") else {
            fields::set(doc, &generic, None);
            continue;
        };
        // Only entries that exist: setting a path through a missing list would create it.
        let entries = fields::get(doc, list).and_then(Value::as_array).map_or(0, Vec::len);
        for i in 0..entries {
            fields::set(doc, &fields::concrete(&generic, i), None);
        }
    }
    // Faults on a server follow it to the server in the same place, as Compare moves them: a
    // schedule that named broker-a/master would otherwise be refused on Apply.
    if let (Some(before), Ok(after)) = (before, read_scenario(doc)) {
        let (faults, links) = crate::lab::compare::systems::moved_schedule(&before, &after.system);
        if !before.faults.is_empty() {
            fields::set(doc, "faults", crate::scenario::json::to_value(&faults).ok());
        }
        if !before.network.links.is_empty() {
            fields::set(doc, "network.links", crate::scenario::json::to_value(&links).ok());
        }
    }
}

/// A dedup kind keeps only its own fields (the variants deny unknown ones): "none" drops the
/// whole setting, the DB key drops Redis's TTL.
fn tidy_dedup(doc: &mut Value, path: &str) {
    let Some(dedup) = path.strip_suffix(".kind").filter(|p| p.ends_with(".dedup")) else {
        return;
    };
    match fields::get(doc, path).and_then(Value::as_str) {
        Some("redis_setnx") => {}
        Some("db_unique_key") => fields::set(doc, &format!("{dedup}.ttl_ms"), None),
        _ => fields::set(doc, dedup, None),
    }
}
