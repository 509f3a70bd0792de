//! The shell's state and the actions that change it. Components only send actions; the effects on
//! the outside world (storage, `<html lang>`) happen in the component that owns the reducer.

use std::rc::Rc;

use yew::Reducible;

use super::lang::Lang;

/// What the page shows right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub lang: Lang,
}

/// Something the learner did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Picked a language in the switcher.
    SetLang(Lang),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SetLang(lang) if lang != self.lang => Rc::new(State { lang }),
            Action::SetLang(_) => self,
        }
    }
}
