//! The fault schedule: one row per command (when, what, on which node, with its parameters), and
//! add/remove. Changing a row's action keeps the parameters the new action shares with the old one
//! and fills in the rest, so a row is always a whole command.

use serde_json::{json, Map, Value};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::draft::Edit;
use super::field::{cell, cell_at, input_id, Ctx};
use super::sections::{add_button, entries, group_id, item_head, list_errors};
use super::text::{self, Text};
use crate::i18n::explain::command_text;
use crate::scenario::fields::{self, Fallback, Field, Group};
use crate::sim::command::Command;

/// The parameters each action takes, in the order the row shows them (`Command`'s fields).
fn params(action: &str) -> &'static [&'static str] {
    match action {
        "slow_consumer" => &["node", "processing_ms"],
        "slow_disk" => &["node", "flush_latency_ms"],
        "isolate" => &["node", "direction"],
        "cut" => &["from", "to", "one_way"],
        "heal_link" => &["from", "to"],
        "heal_all" => &[],
        "drop_next" => &["from", "to", "kind", "count"],
        "delay_next" => &["from", "to", "kind", "count", "delay_ms"],
        _ => &["node"],
    }
}

/// The value a required parameter starts with when a row switches to an action that needs it.
fn start_value(param: &str, nodes: &[String]) -> Option<Value> {
    match param {
        "node" | "from" => nodes.first().map(|n| json!(n)),
        "to" => nodes.get(1).or(nodes.first()).map(|n| json!(n)),
        "processing_ms" => Some(json!(200)),
        "flush_latency_ms" => Some(json!(50)),
        "delay_ms" => Some(json!(5000)),
        _ => None,
    }
}

/// The fault `old` turned into `action`: `at_ms` and shared parameters kept, required ones filled.
fn switch(old: &Value, action: &str, nodes: &[String]) -> Value {
    let mut fault = Map::new();
    fault.insert("at_ms".into(), old.get("at_ms").cloned().unwrap_or(json!(0)));
    fault.insert("action".into(), json!(action));
    for &p in params(action) {
        let optional = matches!(p, "direction" | "one_way" | "kind" | "count")
            || (matches!(p, "from" | "to") && action.ends_with("_next"));
        // A node stays the same node when the action changes ("crash X" → "isolate X", "cut X ↔ …").
        let same_node = match p {
            "node" => old.get("from"),
            "from" => old.get("node"),
            _ => None,
        };
        let kept = old.get(p).or(same_node).cloned().or_else(|| if optional { None } else { start_value(p, nodes) });
        if let Some(v) = kept {
            fault.insert(p.into(), v);
        }
    }
    Value::Object(fault)
}

/// An action's name for the learner: the fault menu's words where it has a button for the action,
/// the editor's own otherwise. `None` for a key that is no action (a file's typo), shown as it is.
fn action_label(action: &str) -> Option<Text> {
    use crate::ui::cluster::text as menu;
    Some(match action {
        "crash" => menu::CRASH,
        "restart" => menu::RESTART,
        "lose_disk" => menu::LOSE_DISK,
        "pause" => menu::PAUSE,
        "resume" => menu::RESUME,
        "slow_consumer" => text::ACTION_SLOW_CONSUMER,
        "slow_disk" => text::ACTION_SLOW_DISK,
        "isolate" => menu::ISOLATE,
        "cut" => text::ACTION_CUT,
        "heal_node" => text::ACTION_HEAL_NODE,
        "heal_link" => menu::HEAL_LINK,
        "heal_all" => menu::HEAL_ALL,
        "drop_next" => text::ACTION_DROP_NEXT,
        "delay_next" => text::ACTION_DELAY_NEXT,
        _ => return None,
    })
}

fn action_select(ctx: &Ctx, i: usize, fault: &Value) -> Html {
    let path = format!("faults[{i}].action");
    let id = input_id(&path);
    let current = fault.get("action").and_then(Value::as_str).unwrap_or_default().to_string();
    let Some(field) = fields::find(&path) else { return Html::default() };
    let choices = match field.kind {
        fields::Kind::Choice(c) => c,
        _ => &[],
    };
    let onchange = {
        let edit = ctx.edit.clone();
        let old = fault.clone();
        let nodes = ctx.nodes.to_vec();
        Callback::from(move |e: Event| {
            let action = e.target_unchecked_into::<HtmlSelectElement>().value();
            edit.emit(Edit::Set(format!("faults[{i}]"), Some(switch(&old, &action, &nodes))));
        })
    };
    let tip = field.explain(ctx.lang);
    // A slow disk is a RocketMQ broker's; another system refuses it (kept if a file has it, so
    // that its error can be seen and fixed).
    let offered = choices.iter().filter(|c| **c != "slow_disk" || ctx.system == "rocketmq" || **c == current);
    // The key stays the option's value (it is what the scenario file holds); the learner reads words.
    let option = |c: &&'static str| {
        let shown = action_label(c).map_or(*c, |t| t.get(ctx.lang));
        html! { <option value={*c} selected={*c == current}>{ shown }</option> }
    };
    html! {
        <div class="ed-cell" title={tip}>
            <label class="ed-key" for={id.clone()}>{ field.key() }</label>
            <select id={id} class="ed-input" {onchange}>
                { for offered.map(option) }
            </select>
        </div>
    }
}

/// The command of a row in words, when it reads ("crash broker-a/master").
fn summary(ctx: &Ctx, fault: &Value) -> Option<String> {
    let mut command = fault.clone();
    command.as_object_mut()?.remove("at_ms");
    // The scenario reader's deserializer: another one would copy the Deserialize code in the WASM.
    let command: Command = crate::scenario::parse::from_value(command).ok()?;
    let system = crate::scenario::systems::SystemKind::from_tag(ctx.system).unwrap_or_default();
    Some(command_text(&command, system, ctx.lang))
}

/// A parameter's cell. `from` and `to` may be left open ("any node") only for the drop and delay
/// rules; a cut or a heal names both ends.
fn param_cell(ctx: &Ctx, action: &str, path: &str) -> Html {
    let ends = path.ends_with(".from") || path.ends_with(".to");
    match fields::find(path) {
        Some(f) if ends && !action.ends_with("_next") => cell(ctx, &Field { fallback: Fallback::Required, ..*f }, path),
        _ => cell_at(ctx, path),
    }
}

pub fn faults(ctx: &Ctx) -> Html {
    let list = entries(ctx, "faults");
    let rows = list.iter().enumerate().map(|(i, fault)| {
        let action = fault.get("action").and_then(Value::as_str).unwrap_or_default();
        let cells = params(action).iter().map(|p| param_cell(ctx, action, &format!("faults[{i}].{p}")));
        let said = summary(ctx, fault).unwrap_or_default();
        html! {
            <fieldset class="ed-item ed-row">
                { item_head(ctx, text::FAULT, i, &said, format!("faults[{i}]")) }
                <div class="ed-cells">
                    { cell_at(ctx, &format!("faults[{i}].at_ms")) }
                    { action_select(ctx, i, fault) }
                    { for cells }
                </div>
            </fieldset>
        }
    });
    let next_at =
        list.iter().filter_map(|f| f.get("at_ms").and_then(Value::as_u64)).max().map_or(10_000, |t| t + 5_000);
    let first = ctx.nodes.iter().find(|n| n.contains("/master")).or(ctx.nodes.first()).cloned().unwrap_or_default();
    html! {
        <fieldset class="ed-group" id={group_id(Group::Faults)}>
            <legend>{ Group::Faults.name(ctx.lang) }</legend>
            <p class="ed-hint">{ text::FAULTS_HINT.get(ctx.lang) }</p>
            { list_errors(ctx, "faults") }
            if list.is_empty() { <p class="ed-empty">{ text::NO_FAULTS.get(ctx.lang) }</p> }
            { for rows }
            { add_button(ctx, text::ADD_FAULT, "faults", json!({ "at_ms": next_at, "action": "crash", "node": first })) }
        </fieldset>
    }
}
