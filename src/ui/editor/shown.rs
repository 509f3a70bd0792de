//! The title and notes fields hold the scenario's own text, which for mqlab's presets (and the runs
//! it makes from them) is English: it is data, shared in links and files, and the page translates
//! it where it shows it (`notes::shown_name`, `notes::translated`). Editing it into Chinese would
//! make the copy another scenario than the preset. So on the Chinese page the form says why the
//! field is in English and shows the text as the page shows it.

use serde_json::Value;
use yew::prelude::*;

use super::field::{input_id, Ctx};
use super::text;
use crate::i18n::Lang;
use crate::lab::compare::notes;
use crate::scenario::fields;

/// Under the title or notes field, on the Chinese page, when the page shows that text translated:
/// the translation, and why the field itself is in English. Nothing for any other field.
pub fn in_page_language(ctx: &Ctx, path: &str) -> Html {
    if ctx.lang == Lang::En {
        return Html::default();
    }
    let Some(value) = fields::get(&ctx.draft.doc, path).and_then(Value::as_str) else { return Html::default() };
    let shown = match path {
        "title" => Some(notes::shown_title(value, ctx.lang)).filter(|t| t != value),
        "notes" => notes::translated(value, ctx.lang),
        _ => None,
    };
    let Some(shown) = shown else { return Html::default() };
    html! {
        <p class="ed-explain ed-shown" id={format!("{}-shown", input_id(path))}>
            { text::SHOWN_AS.get(ctx.lang) }
            { shown }
        </p>
    }
}
