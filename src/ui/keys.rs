//! Keyboard shortcuts for the timeline: space plays or pauses, → steps one event, ← steps back one,
//! Shift+→ steps to the next interesting event; in a lesson, ← and → go to the previous and next
//! step instead. Keys typed into a form field are left alone; the scrubber is not one.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::{Action, State};

#[hook]
pub fn use_keyboard(state: &UseReducerHandle<State>) {
    let dispatch = state.dispatcher();
    // In a lesson ← / → move between its steps; the listener is made again when that changes.
    let in_lesson = state.lesson.is_some();
    use_effect_with(in_lesson, move |&in_lesson| {
        // Not passive (gloo's default): the shortcut's `prevent_default` keeps space from
        // scrolling the page, and a passive listener may not call it (Chromium logs an error).
        let options = EventListenerOptions::enable_prevent_default();
        let listener = EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |event| {
            let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            let key = event.key();
            if event.ctrl_key() || event.meta_key() || event.alt_key() || typing(event, &key) {
                return;
            }
            // Focus lost (a menu button clicked with the mouse was replaced, Kill by Restart):
            // Escape still closes the open fault menu. Inside the drawing, the cluster handles it.
            if key == "Escape" {
                if on_body(event) {
                    dispatch.dispatch(Action::CloseMenu);
                }
                return;
            }
            let action = match key.as_str() {
                " " => Action::TogglePlay,
                "ArrowRight" if in_lesson => Action::LessonNext,
                "ArrowLeft" if in_lesson => Action::LessonPrev,
                "ArrowRight" if event.shift_key() => Action::StepInteresting,
                "ArrowRight" => Action::Step,
                "ArrowLeft" => Action::StepBack,
                _ => return,
            };
            event.prevent_default();
            dispatch.dispatch(action);
        });
        // A button clicked with the mouse keeps the focus, and Space would press it again ("Edit
        // scenario" reopening the editor) instead of playing: a pointer click lets it go. A click
        // from the keyboard (Enter or Space, `detail` 0) keeps it where the learner put it, and
        // menus and dialogs place the focus themselves.
        let clicks = EventListener::new(&gloo::utils::document(), "click", |event| {
            let Some(event) = event.dyn_ref::<web_sys::MouseEvent>() else {
                return;
            };
            let Some(button) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("button").ok().flatten())
            else {
                return;
            };
            let focused = gloo::utils::document().active_element().is_some_and(|a| a == button);
            let placed = button.closest("[role=menu], [role=dialog], .fault-menu").ok().flatten().is_some();
            if event.detail() > 0 && focused && !placed {
                if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
                    let _ = button.blur();
                }
            }
        });
        move || {
            drop(listener);
            drop(clicks);
        }
    });
}

/// Whether the key was pressed with nothing focused.
fn on_body(event: &web_sys::KeyboardEvent) -> bool {
    let body = gloo::utils::document().body().map(web_sys::Element::from);
    event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) == body
}

/// Whether the key goes into a text field, a menu, or a button (space presses a button).
fn typing(event: &web_sys::KeyboardEvent, key: &str) -> bool {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    // The scrubber keeps the timeline's keys: "drag back, press Space" is how a class replays a
    // moment, and its own arrow keys would move it 1 ms, nothing on a run of hours.
    if target.id() == "scrubber" {
        return false;
    }
    let tag = target.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || (tag == "button" && key == " ")
        || target.closest("[role=menu], [contenteditable=true]").ok().flatten().is_some()
}
