//! Which preset the run in the lab is, unchanged, worked out once per run: finding it compares the
//! scenario with every preset, and the preset picker and the inspector both ask while the run
//! plays, every frame.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::lab::Session;
use crate::scenario::presets;

/// A run, held weakly: its allocation stays (so its address cannot be taken by a later run) but
/// not the run.
type Run = Weak<RefCell<Session>>;

thread_local! {
    /// The last run asked about, and its answer.
    static LAST: RefCell<Option<(Run, Option<&'static str>)>> = const { RefCell::new(None) };
}

/// The preset `lab` runs unchanged, if any (`presets::id_of`), from memory after the first ask.
pub fn of(lab: &Rc<RefCell<Session>>) -> Option<&'static str> {
    LAST.with(|last| {
        let known =
            last.borrow().as_ref().filter(|(run, _)| std::ptr::eq(run.as_ptr(), Rc::as_ptr(lab))).map(|(_, id)| *id);
        if let Some(id) = known {
            return id;
        }
        let id = presets::id_of(lab.borrow().scenario());
        *last.borrow_mut() = Some((Rc::downgrade(lab), id));
        id
    })
}
