//! Share: put the run (scenario, action log, the moment shown) into the URL fragment with the link
//! codec, and copy the address. Opening it replays the same run to the same moment.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::state::AppContext;
use super::text;
use crate::scenario::link;

#[function_component(ShareButton)]
pub fn share_button() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let shown = use_state(|| None::<String>);
    // Whether the clipboard took the link (browsers refuse without a user gesture or permission).
    let copied = use_state(|| false);
    let onclick = {
        let app = app.clone();
        let shown = shown.clone();
        let copied = copied.clone();
        move |_| {
            let fragment = link::encode(&app.lab.borrow().share());
            let url = set_fragment(&fragment);
            shown.set(Some(url.clone()));
            copied.set(false);
            let copied = copied.clone();
            spawn_local(async move {
                let clipboard = gloo::utils::window().navigator().clipboard();
                let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&url)).await;
                copied.set(done.is_ok());
            });
        }
    };
    let close = {
        let shown = shown.clone();
        move |_| shown.set(None)
    };
    // The popover takes focus with the link selected, ready to copy by hand; Escape closes it and
    // gives focus back to Share. A press anywhere outside it (and outside Share, which opens it
    // again) closes it too, leaving the focus where that press puts it.
    {
        let shown = shown.clone();
        use_effect_with(shown.is_some(), move |&open| {
            let mut outside = None;
            if open {
                let input = gloo::utils::document().query_selector(".share-url").ok().flatten();
                if let Some(input) = input.and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    let _ = input.focus();
                    input.select();
                }
                outside = Some(gloo::events::EventListener::new(&gloo::utils::document(), "pointerdown", move |e| {
                    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                    let share = gloo::utils::document().query_selector(".share").ok().flatten();
                    let inside = share.is_some_and(|share| share.contains(target.as_ref()));
                    if !inside {
                        shown.set(None);
                    }
                }));
            }
            // Dropping the listener removes it: closed, the page's presses are its own again.
            move || drop(outside)
        });
    }
    let onkeydown = {
        let shown = shown.clone();
        move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                shown.set(None);
                if let Some(button) = gloo::utils::document().get_element_by_id("share") {
                    if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
                        let _ = button.focus();
                    }
                }
            }
        }
    };
    html! {
        <div class="share">
            <button type="button" class="button button-primary" id="share" onclick={onclick}>{ text::SHARE.get(lang) }</button>
            if let Some(url) = (*shown).clone() {
                // Focusable itself (not a tab stop): a click on its text keeps the focus inside,
                // where Escape is heard, instead of dropping it on the page.
                <div class="share-popover" role="dialog" tabindex="-1" aria-label={text::SHARE.get(lang)} {onkeydown}>
                    <p id="share-status">{ if *copied { text::SHARE_COPIED.get(lang) } else { text::SHARE_SHOWN.get(lang) } }</p>
                    <label>
                        <span class="visually-hidden">{ text::SHARE_SHOWN.get(lang) }</span>
                        <input class="share-url" readonly=true value={url} aria-label={text::SHARE_SHOWN.get(lang)} />
                    </label>
                    <button type="button" class="button" onclick={close}>{ text::DISMISS.get(lang) }</button>
                </div>
            }
        </div>
    }
}

/// Remove the fragment if it holds a run (a share link, or a broken one): the learner acted on the
/// run since, and a reload must bring back the run as saved, not the older one of the link. A
/// lesson's address stays.
pub(in crate::ui) fn clear_run_link() {
    let in_lesson = crate::ui::boot::current_fragment()
        .is_some_and(|f| crate::lessons::address::parse(&f).is_some_and(|at| at.is_ok()));
    if !in_lesson {
        clear_fragment();
    }
}

/// Remove the fragment (leaving a lesson: a reload should not reopen it).
pub(in crate::ui) fn clear_fragment() {
    let window = gloo::utils::window();
    let href = window.location().href().unwrap_or_default();
    if let (Some((base, _)), Ok(history)) = (href.split_once('#'), window.history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(base));
    }
}

/// Replace the fragment without a reload or a history entry; returns the whole address.
pub(in crate::ui) fn set_fragment(fragment: &str) -> String {
    let window = gloo::utils::window();
    let location = window.location();
    let base = location.href().unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default().to_string();
    let url = format!("{base}#{fragment}");
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    url
}
