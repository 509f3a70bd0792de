//! One setting in the form: its name, an input that fits its kind, the default and the one-line
//! explanation, and the engine's error for it when there is one. Every value goes into the
//! working copy as the learner typed it, so a wrong one is reported by the engine's own reader.

use serde_json::{json, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::draft::{Draft, Edit};
use super::text;
use crate::i18n::{Lang, Localize};
use crate::scenario::fields::{self, Fallback, Field, Kind};

/// What every field needs to draw itself.
pub struct Ctx<'a> {
    pub draft: &'a Draft,
    pub lang: Lang,
    pub edit: Callback<Edit>,
    /// The cluster's node names, for node pickers.
    pub nodes: &'a [String],
    /// The working copy's system (`system.kind`).
    pub system: &'a str,
}

impl Ctx<'_> {
    /// The one-line explanation of `f` for the working copy's system (a client setting may mean
    /// something else there than in RocketMQ).
    pub fn explain(&self, f: &Field) -> &'static str {
        crate::scenario::systems::help::explain(self.system, f.path, self.lang).unwrap_or_else(|| f.explain(self.lang))
    }

    /// Whether the form shows the setting at `path` (concrete): when the system uses it, or when
    /// the engine has an error for it or for the part it lies in (an imported file may set one the
    /// system refuses, which the learner must be able to see and clear).
    pub fn shows(&self, path: &str) -> bool {
        crate::scenario::systems::uses(self.system, &fields::generic(path))
            || self.draft.errors.iter().any(|e| fields::within(path, &e.path))
    }
}

/// The element id of the input of the field at `path` (also the target of the error summary).
pub fn input_id(path: &str) -> String {
    let mut id = String::from("ed-");
    id.extend(path.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }));
    id
}

/// The engine's errors for the field at `path`, without the path the row already shows. A list
/// of values (topics, delay levels) is one field, so an error about one entry of it is told here,
/// by the entry's place counted from 1.
fn errors_for(ctx: &Ctx, path: &str) -> Vec<String> {
    let lang = ctx.lang;
    let entry = |e: &str| e.strip_prefix(path)?.strip_prefix('[')?.strip_suffix(']')?.parse::<usize>().ok();
    let said = |e: &crate::scenario::ScenarioError| {
        let message = e.kind.localize(lang);
        if e.path == path {
            return Some(message);
        }
        let n = entry(&e.path)? + 1;
        Some(format!("{}{}{message}", text::entry(n, lang), lang.colon()))
    };
    ctx.draft.errors.iter().filter_map(said).collect()
}

/// A choice that can say "none" (a producer's transaction mode) reads "none", and has "none" for
/// its default, while its section is left out: the section's own default would read as if it
/// were in force.
fn none_while_absent(ctx: &Ctx, f: &Field, path: &str) -> bool {
    matches!(f.kind, Kind::Choice(c) if c.contains(&"none"))
        && path.rsplit_once('.').is_some_and(|(parent, _)| fields::get(&ctx.draft.doc, parent).is_none())
}

/// The "default:" text of the field at `path`.
fn default_text(ctx: &Ctx, f: &Field, path: &str) -> String {
    if none_while_absent(ctx, f, path) {
        "none".to_string()
    } else {
        f.default_text(ctx.lang)
    }
}

/// A full row: name, input, default, explanation and errors.
pub fn row(ctx: &Ctx, f: &Field, path: &str) -> Html {
    let id = input_id(path);
    let help = format!("{id}-help");
    let errors = errors_for(ctx, path);
    let invalid = !errors.is_empty();
    let described = if invalid { format!("{help} {id}-err") } else { help.clone() };
    html! {
        <div class={classes!("ed-field", invalid.then_some("ed-invalid"))}>
            <label class="ed-key" for={id.clone()}>{ f.key() }</label>
            { input(ctx, f, path, &id, &described, invalid) }
            <span class="ed-default">{ format!("{}{}{}", text::DEFAULT.get(ctx.lang), ctx.lang.colon(), default_text(ctx, f, path)) }</span>
            <p class="ed-explain" id={help}>{ ctx.explain(f) }</p>
            { super::shown::in_page_language(ctx, path) }
            if invalid {
                <p class="ed-error" id={format!("{id}-err")}>{ errors.join(" · ") }</p>
            }
        </div>
    }
}

/// A short cell for a row of a list (a fault, a link): the name and the input, with the
/// explanation and default as the input's description and tooltip.
pub fn cell(ctx: &Ctx, f: &Field, path: &str) -> Html {
    let id = input_id(path);
    let errors = errors_for(ctx, path);
    let invalid = !errors.is_empty();
    let default = format!("{}{}{}", text::DEFAULT.get(ctx.lang), ctx.lang.colon(), default_text(ctx, f, path));
    let tip = ctx.lang.pick(format!("{} ({default})", ctx.explain(f)), format!("{}（{default}）", ctx.explain(f)));
    let help = format!("{id}-help");
    let described = if invalid { format!("{help} {id}-err") } else { help.clone() };
    html! {
        <div class={classes!("ed-cell", invalid.then_some("ed-invalid"))} title={tip.clone()}>
            <label class="ed-key" for={id.clone()}>{ f.key() }</label>
            { input(ctx, f, path, &id, &described, invalid) }
            <span class="visually-hidden" id={help}>{ tip }</span>
            if invalid {
                <p class="ed-error" id={format!("{id}-err")}>{ errors.join(" · ") }</p>
            }
        </div>
    }
}

/// The row of the field at a concrete `path`, found in the table by its generic path.
pub fn row_at(ctx: &Ctx, path: &str) -> Html {
    match fields::find(path) {
        Some(f) => row(ctx, f, path),
        None => Html::default(),
    }
}

/// The cell of the field at a concrete `path`.
pub fn cell_at(ctx: &Ctx, path: &str) -> Html {
    match fields::find(path) {
        Some(f) => cell(ctx, f, path),
        None => Html::default(),
    }
}

fn input(ctx: &Ctx, f: &Field, path: &str, id: &str, described: &str, invalid: bool) -> Html {
    let value = fields::get(&ctx.draft.doc, path);
    let shown = value.or_else(|| f.default_value());
    let placeholder = f.default_text(ctx.lang);
    let set = {
        let edit = ctx.edit.clone();
        let path = path.to_string();
        move |v: Option<Value>| edit.emit(Edit::Set(path.clone(), v))
    };
    let invalid = invalid.to_string();
    match f.kind {
        Kind::Int(_) => {
            let onchange =
                Callback::from(move |e: Event| set(number(&e.target_unchecked_into::<HtmlInputElement>().value())));
            html! {
                <input type="number" min="0" step="1" inputmode="numeric" id={id.to_string()} class="ed-input"
                    value={text_of(value)} placeholder={placeholder} aria-describedby={described.to_string()}
                    aria-invalid={invalid} {onchange} />
            }
        }
        Kind::Bool if matches!(f.fallback, Fallback::Note { .. }) => {
            // Its default follows other settings (idempotence: on with acks=all), which a checkbox
            // cannot show as "not set": default, on or off.
            let current = value.and_then(Value::as_bool);
            let onchange = Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                set(match v.as_str() {
                    "on" => Some(json!(true)),
                    "off" => Some(json!(false)),
                    _ => None,
                })
            });
            let lang = ctx.lang;
            html! {
                <select id={id.to_string()} class="ed-input" aria-describedby={described.to_string()}
                    aria-invalid={invalid} {onchange}>
                    <option value="" selected={current.is_none()}>{ format!("{} ({placeholder})", text::DEFAULT.get(lang)) }</option>
                    <option value="on" selected={current == Some(true)}>{ lang.pick("on", "开") }</option>
                    <option value="off" selected={current == Some(false)}>{ lang.pick("off", "关") }</option>
                </select>
            }
        }
        Kind::Bool => {
            let checked = shown.and_then(Value::as_bool).unwrap_or(false);
            let onchange = Callback::from(move |e: Event| {
                set(Some(json!(e.target_unchecked_into::<HtmlInputElement>().checked())))
            });
            html! {
                <input type="checkbox" id={id.to_string()} {checked} aria-describedby={described.to_string()}
                    aria-invalid={invalid} {onchange} />
            }
        }
        Kind::Choice(choices) => {
            let current = if value.is_none() && none_while_absent(ctx, f, path) {
                "none".to_string()
            } else {
                shown.and_then(Value::as_str).unwrap_or_default().to_string()
            };
            let optional = !matches!(f.fallback, Fallback::Model | Fallback::Required);
            let options: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
            select(ctx.lang, id, described, &invalid, &current, options, optional, set)
        }
        Kind::Node => {
            let current = value.and_then(Value::as_str).unwrap_or_default().to_string();
            let mut options = ctx.nodes.to_vec();
            if !current.is_empty() && !options.contains(&current) {
                options.push(current.clone()); // Shown as it is, so its error makes sense.
            }
            let optional = !matches!(f.fallback, Fallback::Required);
            select(ctx.lang, id, described, &invalid, &current, options, optional || current.is_empty(), set)
        }
        Kind::LongText => {
            let onchange = Callback::from(move |e: Event| {
                set(text_value(&e.target_unchecked_into::<HtmlTextAreaElement>().value()))
            });
            html! {
                <textarea id={id.to_string()} class="ed-input ed-wide" rows="3" value={text_of(value)}
                    aria-describedby={described.to_string()} aria-invalid={invalid} {onchange} />
            }
        }
        Kind::Text | Kind::Names | Kind::Ints(_) => {
            let kind = f.kind;
            let onchange = Callback::from(move |e: Event| {
                let raw = e.target_unchecked_into::<HtmlInputElement>().value();
                set(match kind {
                    Kind::Names => list(&raw, |s| json!(s)),
                    Kind::Ints(_) => list(&raw, |s| number(s).unwrap_or(Value::Null)),
                    _ => text_value(&raw),
                })
            });
            let wide = (matches!(f.kind, Kind::Names | Kind::Ints(_)) || f.path == "title").then_some("ed-wide");
            html! {
                <input type="text" id={id.to_string()} class={classes!("ed-input", wide)} value={text_of(value)}
                    placeholder={placeholder} aria-describedby={described.to_string()} aria-invalid={invalid}
                    {onchange} />
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn select(
    lang: Lang,
    id: &str,
    described: &str,
    invalid: &str,
    current: &str,
    options: Vec<String>,
    optional: bool,
    set: impl Fn(Option<Value>) + 'static,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        set(if v.is_empty() { None } else { Some(json!(v)) })
    });
    html! {
        <select id={id.to_string()} class="ed-input" aria-describedby={described.to_string()}
            aria-invalid={invalid.to_string()} {onchange}>
            if optional {
                <option value="" selected={current.is_empty()}>{ text::ANY.get(lang) }</option>
            }
            { for options.into_iter().map(|o| html! { <option selected={o == current} value={o.clone()}>{ o }</option> }) }
        </select>
    }
}

/// A value as the text of an input: lists comma-separated, strings bare.
fn text_of(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items.iter().map(|i| text_of(Some(i))).collect::<Vec<_>>().join(", "),
        Some(other) => other.to_string(),
    }
}

/// A typed number: empty clears the field (its default applies); text that is no whole number is
/// kept as a string, so the engine reports the wrong type at this field.
fn number(raw: &str) -> Option<Value> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    // A negative number stays a number, so the engine's reader says "got -1", not "got the text".
    let value = match (raw.parse::<u64>(), raw.parse::<i64>()) {
        (Ok(n), _) => json!(n),
        (_, Ok(n)) => json!(n),
        _ => json!(raw),
    };
    Some(value)
}

fn text_value(raw: &str) -> Option<Value> {
    if raw.is_empty() {
        None
    } else {
        Some(json!(raw))
    }
}

/// A comma- or space-separated list; empty clears the field.
fn list(raw: &str, item: impl Fn(&str) -> Value) -> Option<Value> {
    let items: Vec<Value> = raw.split([',', ' ', '，']).map(str::trim).filter(|s| !s.is_empty()).map(item).collect();
    if items.is_empty() {
        None
    } else {
        Some(Value::Array(items))
    }
}
