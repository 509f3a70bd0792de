//! How the page starts and what it keeps: a share link in the URL fragment wins; else the run saved
//! in LocalStorage; else the standard scenario. A link that cannot be read shows why and falls back
//! to the saved run without touching it. A lesson step's address (`#lesson=ha/2`) opens that step. The current run is saved whenever its scenario or action
//! log changes, and `<html>` follows the chosen language and theme.

use gloo::storage::{LocalStorage, Storage};
use yew::prelude::*;

use super::lang;
use super::state::{ErrorText, Notice, State, Theme};
use super::text;
use crate::lab::limits::check_fits_in_browser;
use crate::lab::Session;
use crate::lessons;
use crate::scenario::link::{self, SharedRun};
use crate::scenario::model::Scenario;
use crate::scenario::parse::parse_scenario;

/// LocalStorage key of the saved run (a `SharedRun` as JSON).
pub const SAVED_KEY: &str = "mqlab.saved";
/// LocalStorage key of the chosen theme.
pub const THEME_KEY: &str = "mqlab.theme";

/// The scenario a first visit opens.
pub fn standard_scenario() -> Scenario {
    // Shipped with the app; tests/scenario_claims.rs parses every shipped scenario.
    parse_scenario(include_str!("../../scenarios/standard.json")).expect("scenarios/standard.json is valid")
}

/// The state a page load starts in.
pub fn initial_state() -> State {
    let lang = lang::initial();
    let theme = load_theme();
    let mut notices = Vec::new();
    let fragment = current_fragment();
    let mut session = None;
    let mut lesson = None;
    let mut bad_link = None;
    if let Some(text) = fragment.as_deref().filter(|f| !f.is_empty()) {
        match open_fragment(text) {
            Ok(Opened::Lesson(at)) => lesson = Some(at),
            Ok(Opened::Run(s)) => session = Some(*s),
            Err(problem) => {
                // A reload should not say it again: the page shows another run now.
                super::share::clear_fragment();
                bad_link = Some(problem);
            }
        }
    }
    let session = match session {
        Some(s) => s,
        None => {
            let (s, saved_kept) = saved_or_standard(&mut notices);
            if let Some(problem) = bad_link {
                notices.insert(0, Notice::BadLink { problem, saved_kept });
            }
            s
        }
    };
    // Said on load, not only when the editor opens (review 15).
    if super::editor::unreadable_on_load() {
        notices.push(Notice::DraftUnreadable);
    }
    let mut state = State::new(lang, theme, session);
    state.notices = notices;
    if let Some(at) = lesson {
        state.open_lesson(at);
    }
    state
}

/// The run a page load shows without a link: the saved one, else the standard scenario (saying why
/// a saved run could not be used). The flag says whether it is the saved one.
fn saved_or_standard(notices: &mut Vec<Notice>) -> (Session, bool) {
    match load_saved() {
        Ok(Some(s)) => (s, true),
        Ok(None) => (Session::new(standard_scenario()), false),
        Err(Unusable::Unreadable) => {
            notices.push(Notice::SavedUnreadable);
            (Session::new(standard_scenario()), false)
        }
        Err(Unusable::TooBig(problem)) => {
            notices.push(Notice::TooBig(problem));
            (Session::new(standard_scenario()), false)
        }
    }
}

/// A link pasted into the address bar of a tab where the lab is already open changes only the
/// fragment, so the page does not reload: open it as a page load would. (The page's own changes
/// to the fragment go through `history.replaceState`, which fires no `hashchange`.)
#[hook]
pub fn use_link_follow(state: &UseReducerHandle<State>) {
    let dispatch = state.dispatcher();
    use_effect_with((), move |_| {
        let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            if let Some(text) = current_fragment().filter(|f| !f.is_empty()) {
                dispatch.dispatch(super::state::Action::OpenLink(text));
            }
        });
        move || drop(listener)
    });
}

/// The URL fragment without its `#`, if any.
pub fn current_fragment() -> Option<String> {
    let hash = gloo::utils::window().location().hash().ok()?;
    let hash = hash.strip_prefix('#').unwrap_or(&hash);
    // Browsers keep the fragment percent-encoded; a link we made never needs decoding, but a
    // pasted one might have been.
    let decoded = js_sys_decode(hash);
    Some(decoded)
}

fn js_sys_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    web_sys::js_sys::decode_uri_component(s).ok().and_then(|v| v.as_string()).unwrap_or_else(|| s.to_string())
}

/// What a URL fragment opens: a lesson step, or a shared run.
pub enum Opened {
    Lesson(lessons::address::StepAddress),
    Run(Box<Session>),
}

/// Read a fragment, at page load or when it changes in an open tab: a lesson step's address
/// (`lesson=ha/2`) or a share link.
pub fn open_fragment(text: &str) -> Result<Opened, ErrorText> {
    match lessons::address::parse(text) {
        Some(Ok(at)) => Ok(Opened::Lesson(at)),
        Some(Err(problem)) => Err(ErrorText::of(&problem)),
        None => open_link(text).map(|s| Opened::Run(Box::new(s))),
    }
}

/// Open a share link's text (the fragment): decode, validate and replay it.
fn open_link(text: &str) -> Result<Session, ErrorText> {
    let shared = link::decode(text).map_err(|e| ErrorText::of(&e))?;
    check_fits_in_browser(&shared.scenario).map_err(|e| ErrorText::of(&e))?;
    Session::from_shared(shared).map_err(|e| ErrorText::of(&e))
}

/// Why the saved run was not opened.
enum Unusable {
    Unreadable,
    TooBig(ErrorText),
}

/// The saved run: none saved, or saved and readable, or unreadable (`Err`).
fn load_saved() -> Result<Option<Session>, Unusable> {
    // Raw text, not gloo's JSON-typed get: "nothing saved" and "saved but unreadable" differ.
    let Some(json) = LocalStorage::raw().get_item(SAVED_KEY).ok().flatten() else {
        return Ok(None);
    };
    let shared = parse_saved(&json).ok_or(Unusable::Unreadable)?;
    check_fits_in_browser(&shared.scenario).map_err(|e| Unusable::TooBig(ErrorText::of(&e)))?;
    Session::from_shared(shared).map(Some).map_err(|_| Unusable::Unreadable)
}

/// A saved run, validated like a link (storage can be edited by hand or by an older version).
pub fn parse_saved(json: &str) -> Option<SharedRun> {
    // The link's reader, not serde_json::from_str: one deserializer for every run and scenario
    // keeps the WASM small (each deserializer type copies all the Deserialize code).
    let run = link::read_run(json).ok()?;
    link::validate_run(&run).ok()?;
    Some(run)
}

/// Save the session's scenario and action log (not the cursor: a reload opens at the start).
pub fn save(session: &Session) {
    let mut shared = session.share();
    shared.at_us = None;
    match crate::scenario::json::to_text(&shared, false) {
        Ok(json) => {
            if LocalStorage::raw().set_item(SAVED_KEY, &json).is_err() {
                gloo::console::warn!("mqlab: could not save the scenario (storage full or disabled)");
            }
        }
        Err(err) => gloo::console::warn!(format!("mqlab: could not save the scenario: {err}")),
    }
}

fn load_theme() -> Theme {
    match LocalStorage::get::<String>(THEME_KEY).ok().as_deref() {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => Theme::System,
    }
}

/// Remember the theme for the next visit.
pub fn remember_theme(theme: Theme) {
    let value = match theme {
        Theme::System => "system",
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let _ = LocalStorage::set(THEME_KEY, value);
}

/// Keep the document in step with the state: `<html lang>`, the theme, the tab title, and the
/// saved run whenever the scenario or the action log changes.
#[hook]
pub fn use_document_sync(state: &UseReducerHandle<State>) {
    let lang = state.lang;
    let theme = state.theme;
    let title = state.lab.borrow().scenario().title.clone();
    use_effect_with((lang, theme, title), |(lang, theme, title)| {
        lang::apply_to_document(*lang);
        apply_theme(*theme);
        let name = text::TITLE.get(*lang);
        let tab = if title.is_empty() { name.to_string() } else { format!("{title} — {name}") };
        gloo::utils::document().set_title(&tab);
    });
    // Saved on changes only: opening the page (with a link, or over an unreadable saved run that a
    // newer version may still read) must not overwrite what is stored.
    // A lesson's runs are not the learner's work: they are not saved over it. Leaving a lesson
    // for the sandbox saves the run from then on.
    let actions = state.lab.borrow().actions().len();
    let lab = state.lab.clone();
    let in_lesson = state.lesson.is_some();
    let mounted = use_mut_ref(|| false);
    use_effect_with((state.lab.as_ptr() as usize, actions, in_lesson), move |&(ptr, _, in_lesson)| {
        let from_link = OPENED_FROM_LINK.with(|l| l.get() == ptr && l.replace(0) == ptr);
        if std::mem::replace(&mut *mounted.borrow_mut(), true) && !in_lesson && !from_link {
            save(&lab.borrow());
        }
    });
}

thread_local! {
    /// The run a link opened in a tab already open (its `Rc` address): like a link at page load,
    /// it is not saved over the learner's work until they change it.
    static OPENED_FROM_LINK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Do not save this run (opened from a link) until it changes.
pub fn opened_from_link(lab: &std::rc::Rc<std::cell::RefCell<Session>>) {
    OPENED_FROM_LINK.with(|l| l.set(lab.as_ptr() as usize));
}

fn apply_theme(theme: Theme) {
    if let Some(html) = gloo::utils::document().document_element() {
        let _ = match theme {
            Theme::System => html.remove_attribute("data-theme"),
            Theme::Light => html.set_attribute("data-theme", "light"),
            Theme::Dark => html.set_attribute("data-theme", "dark"),
        };
    }
}
