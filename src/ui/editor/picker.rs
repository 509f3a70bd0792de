//! The preset picker: the shipped scenarios by name; choosing one starts it at once. It lives at
//! the top of the editor and can be placed anywhere else (the top bar) as it needs no props.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::text;
use crate::scenario::presets;
use crate::ui::state::{Action, AppContext};

#[function_component(PresetPicker)]
pub fn preset_picker() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let current = app.preset();
    let onchange = {
        let dispatch = app.dispatcher();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            // Every preset reads and validates (tests/editor_fields.rs), so an error here would be
            // an id the list does not have: nothing to load.
            if let Ok(s) = presets::load(&id) {
                dispatch.dispatch(Action::LoadScenario(Box::new(s)));
            }
        })
    };
    let options = presets::all().iter().map(|p| {
        html! { <option value={p.id} title={p.about(lang)} selected={current == Some(p.id)}>{ p.name(lang) }</option> }
    });
    let about = current.and_then(presets::find).map(|p| p.about(lang)).unwrap_or(text::PRESET_HINT.get(lang));
    html! {
        <label class="preset-picker" title={about}>
            <span class="preset-picker-label">{ text::PRESET.get(lang) }</span>
            <select aria-label={text::PRESET.get(lang)} {onchange}>
                if current.is_none() {
                    <option value="" selected=true disabled=true>{ text::PRESET_CUSTOM.get(lang) }</option>
                }
                { for options }
            </select>
        </label>
    }
}
