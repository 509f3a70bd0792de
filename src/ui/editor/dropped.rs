//! Unapplied edits that loading another scenario (a preset, a Compare row, a file) threw away: the
//! page says so, and "Bring them back" puts them into the editor again, over the new run.

use std::cell::Cell;
use std::rc::Rc;

use super::draft::{to_json, Draft};
use crate::scenario::model::Scenario;
use crate::scenario::parse::from_value;

/// The working copy that was dropped, and the scenario it was an edit of (named in the notice).
/// Compared by identity, like `ReplacedRun`: the notices are compared every frame.
#[derive(Clone, Debug)]
pub struct DroppedEdits(Rc<(Scenario, Draft)>);

impl PartialEq for DroppedEdits {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl DroppedEdits {
    /// The scenario the edits were made to.
    pub fn of(&self) -> &Scenario {
        &self.0 .0
    }
}

thread_local! {
    /// A copy was brought back while the editor may be open: it takes it up on its next render.
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// The editor's unapplied edits to `running` (the session at `base`), if loading `next` would
/// drop them: a working copy that reads as neither (applying the copy loads `next` itself).
pub fn unapplied(base: usize, running: &Scenario, next: &Scenario) -> Option<DroppedEdits> {
    let draft = Draft::resumed(base, running)?;
    let is = |s: &Scenario| draft.doc == to_json(s) || from_value::<Scenario>(draft.doc.clone()).is_ok_and(|d| d == *s);
    let dropped = (!is(running) && !is(next)).then(|| DroppedEdits(Rc::new((running.clone(), draft))))?;
    // The notice holds them now; kept in storage too, they would come back with this run.
    super::stored::forget();
    Some(dropped)
}

/// Put the dropped edits back as the working copy of the session at `base`.
pub fn restore(edits: &DroppedEdits, base: usize) {
    Draft { base, from_storage: None, ..edits.0 .1.clone() }.keep();
    PENDING.with(|p| p.set(true));
}

/// The copy brought back for the session at `base`, once, for an editor that is already open.
pub(super) fn take_restored(base: usize) -> Option<Draft> {
    PENDING.with(|p| p.replace(false)).then(|| Draft::kept(base)).flatten()
}
