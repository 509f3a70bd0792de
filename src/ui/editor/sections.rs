//! The form's sections: one fieldset per group of settings, and the lists (producers, consumer
//! groups with their dedup, per-link network settings) with an entry per item and add/remove.

use serde_json::{json, Value};
use yew::prelude::*;

use super::draft::Edit;
use super::field::{cell_at, row, row_at, Ctx};
use super::text::{self, Text};
use crate::i18n::Localize;
use crate::scenario::fields::{self, concrete, Group};

/// The settings of `group` that are not inside a list, as rows.
pub fn group_rows(ctx: &Ctx, group: Group) -> Html {
    html! { for plain_fields(ctx, group).map(|f| row(ctx, f, f.path)) }
}

/// The settings of `group` outside any list that the form shows for the working copy's system.
fn plain_fields<'c>(ctx: &'c Ctx, group: Group) -> impl Iterator<Item = &'static fields::Field> + 'c {
    fields::in_group(group).filter(|f| !f.path.contains("[]") && f.path != "version" && ctx.shows(f.path))
}

/// A fieldset for a whole group of plain settings; none when the system uses none of them
/// (RocketMQ's NameServers and brokers in another system).
pub fn plain_group(ctx: &Ctx, group: Group) -> Html {
    if plain_fields(ctx, group).next().is_none() {
        return Html::default();
    }
    html! {
        <fieldset class="ed-group" id={group_id(group)}>
            <legend>{ group.name(ctx.lang) }</legend>
            { group_rows(ctx, group) }
        </fieldset>
    }
}

pub fn group_id(group: Group) -> String {
    // ASCII: the group names are, and str::to_lowercase would bring Unicode case tables into the WASM.
    format!("ed-group-{group:?}").to_ascii_lowercase()
}

/// Errors about a list as a whole (too many entries, a total over its cap).
pub fn list_errors(ctx: &Ctx, path: &str) -> Html {
    let errors: Vec<String> = ctx.draft.errors_at(path).map(|e| e.localize(ctx.lang)).collect();
    html! { for errors.into_iter().map(|e| html! { <p class="ed-error">{ e }</p> }) }
}

/// The entries of the list at `path`.
pub fn entries<'v>(ctx: &'v Ctx, path: &str) -> &'v [Value] {
    fields::get(&ctx.draft.doc, path).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// The rows of the settings of entry `i` under the generic `prefix` ("producers[]."), leaving out
/// those under any of `skip` (optional parts drawn separately).
fn item_rows(ctx: &Ctx, group: Group, prefix: &str, i: usize, skip: &[&str]) -> Html {
    let rows = fields::in_group(group)
        .filter(|f| f.path.starts_with(prefix) && !skip.iter().any(|s| f.path.starts_with(s)))
        .map(|f| (f, concrete(f.path, i)))
        .filter(|(_, path)| ctx.shows(path));
    html! { for rows.map(|(f, path)| row(ctx, f, &path)) }
}

/// The heading of a list entry with its remove button.
pub fn item_head(ctx: &Ctx, what: Text, i: usize, name: &str, path: String) -> Html {
    let label = format!(
        "{} {}{}",
        what.get(ctx.lang),
        i + 1,
        if name.is_empty() { String::new() } else { format!(": {name}") }
    );
    let edit = ctx.edit.clone();
    let remove = move |_| edit.emit(Edit::Set(path.clone(), None));
    html! {
        <legend class="ed-item-head">
            <span>{ label.clone() }</span>
            <button type="button" class="button ed-remove" aria-label={format!("{} {label}", text::REMOVE.get(ctx.lang))}
                onclick={remove}>{ text::REMOVE.get(ctx.lang) }</button>
        </legend>
    }
}

/// A button that appends `value` to the list at `path`.
pub fn add_button(ctx: &Ctx, label: Text, path: &str, value: Value) -> Html {
    let edit = ctx.edit.clone();
    let path = path.to_string();
    let onclick = move |_| edit.emit(Edit::Push(path.clone(), value.clone()));
    html! { <button type="button" class="button ed-add" {onclick}>{ label.get(ctx.lang) }</button> }
}

/// A checkbox that adds or removes an optional part (a reliable producer's table, bursts).
fn toggle(ctx: &Ctx, label: Text, path: String, on: Value) -> Html {
    let present = fields::get(&ctx.draft.doc, &path).is_some();
    let edit = ctx.edit.clone();
    let id = super::field::input_id(&path);
    let onchange = move |_| edit.emit(Edit::Set(path.clone(), (!present).then(|| on.clone())));
    html! {
        <div class="ed-toggle">
            <input type="checkbox" id={id.clone()} checked={present} {onchange} />
            <label for={id}>{ label.get(ctx.lang) }</label>
        </div>
    }
}

pub fn producers(ctx: &Ctx) -> Html {
    let items = entries(ctx, "producers").iter().enumerate().map(|(i, p)| {
        let name = p.get("name").and_then(Value::as_str).map_or_else(|| format!("p{}", i + 1), str::to_string);
        let reliable = fields::defaults().pointer("/producers/0/reliable").cloned().unwrap_or(json!({}));
        let burst = json!({ "every_ms": 60000, "length_ms": 10000, "rate_per_s": 100 });
        let at = |rest: &str| format!("producers[{i}].{rest}");
        let present = |rest: &str| fields::get(&ctx.draft.doc, &at(rest)).is_some();
        html! {
            <fieldset class="ed-item">
                { item_head(ctx, text::PRODUCER, i, &name, format!("producers[{i}]")) }
                { item_rows(ctx, Group::Producer, "producers[].", i, &["producers[].reliable", "producers[].workload.burst"]) }
                if ctx.shows(&at("reliable")) || present("reliable") { { toggle(ctx, text::RELIABLE, at("reliable"), reliable) } }
                if present("reliable") { { item_rows(ctx, Group::Producer, "producers[].reliable.", i, &[]) } }
                { toggle(ctx, text::BURST, at("workload.burst"), burst) }
                if present("workload.burst") { { item_rows(ctx, Group::Producer, "producers[].workload.burst.", i, &[]) } }
            </fieldset>
        }
    });
    let empty = entries(ctx, "producers").is_empty();
    html! {
        <fieldset class="ed-group" id={group_id(Group::Producer)}>
            <legend>{ Group::Producer.name(ctx.lang) }</legend>
            { list_errors(ctx, "producers") }
            { group_rows(ctx, Group::Producer) }
            if empty { <p class="ed-empty">{ text::NO_PRODUCERS.get(ctx.lang) }</p> }
            { for items }
            { add_button(ctx, text::ADD_PRODUCER, "producers", json!({})) }
        </fieldset>
    }
}

pub fn consumer_groups(ctx: &Ctx) -> Html {
    let list = entries(ctx, "consumer_groups");
    let items = list.iter().enumerate().map(|(i, g)| {
        let name = g.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let kind = fields::get(&ctx.draft.doc, &format!("consumer_groups[{i}].dedup.kind")).and_then(Value::as_str);
        html! {
            <fieldset class="ed-item">
                { item_head(ctx, text::GROUP, i, &name, format!("consumer_groups[{i}]")) }
                { item_rows(ctx, Group::Consumer, "consumer_groups[].", i, &[]) }
                <div class="ed-sub">
                    <h4 class="ed-sub-head">{ Group::Dedup.name(ctx.lang) }</h4>
                    { row_at(ctx, &format!("consumer_groups[{i}].dedup.kind")) }
                    if matches!(kind, Some("db_unique_key" | "redis_setnx")) {
                        { row_at(ctx, &format!("consumer_groups[{i}].dedup.key")) }
                    }
                    if kind == Some("redis_setnx") { { row_at(ctx, &format!("consumer_groups[{i}].dedup.ttl_ms")) } }
                </div>
            </fieldset>
        }
    });
    // A new group needs a name no other group has.
    let taken = |n: &str| list.iter().any(|g| g.get("name").and_then(Value::as_str) == Some(n));
    let fresh = (1..).map(|n| format!("group{n}")).find(|n| !taken(n)).unwrap_or_default();
    html! {
        <fieldset class="ed-group" id={group_id(Group::Consumer)}>
            <legend>{ Group::Consumer.name(ctx.lang) }</legend>
            { list_errors(ctx, "consumer_groups") }
            { group_rows(ctx, Group::Consumer) }
            if list.is_empty() { <p class="ed-empty">{ text::NO_GROUPS.get(ctx.lang) }</p> }
            { for items }
            { add_button(ctx, text::ADD_GROUP, "consumer_groups", json!({ "name": fresh })) }
        </fieldset>
    }
}

/// The network: the settings of every link, then per-link overrides.
pub fn network(ctx: &Ctx) -> Html {
    let links = entries(ctx, "network.links").iter().enumerate().map(|(i, _)| {
        let cells = ["from", "to", "latency_us", "jitter_us", "loss_ppm"]
            .iter()
            .map(|k| cell_at(ctx, &format!("network.links[{i}].{k}")));
        html! {
            <fieldset class="ed-item ed-row">
                { item_head(ctx, text::LINK, i, "", format!("network.links[{i}]")) }
                <div class="ed-cells">{ for cells }</div>
            </fieldset>
        }
    });
    let first = ctx.nodes.first().cloned().unwrap_or_default();
    let second = ctx.nodes.get(1).cloned().unwrap_or_default();
    let empty = entries(ctx, "network.links").is_empty();
    html! {
        <fieldset class="ed-group" id={group_id(Group::Network)}>
            <legend>{ Group::Network.name(ctx.lang) }</legend>
            { group_rows(ctx, Group::Network) }
            <p class="ed-hint">{ text::LINKS_HINT.get(ctx.lang) }</p>
            { list_errors(ctx, "network.links") }
            if empty { <p class="ed-empty">{ text::NO_LINKS.get(ctx.lang) }</p> }
            { for links }
            { add_button(ctx, text::ADD_LINK, "network.links", json!({ "from": first, "to": second })) }
        </fieldset>
    }
}

/// The system the cluster runs, and that system's own settings (RocketMQ's are the sections after).
pub fn system(ctx: &Ctx) -> Html {
    let kind = fields::get(&ctx.draft.doc, "system.kind").and_then(Value::as_str).unwrap_or("rocketmq").to_string();
    let id = super::field::input_id("system.kind");
    let help = format!("{id}-help");
    let errors: Vec<String> = ctx.draft.errors_at("system.kind").map(|e| e.kind.localize(ctx.lang)).collect();
    let onchange = {
        let edit = ctx.edit.clone();
        Callback::from(move |e: Event| {
            let k = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            edit.emit(Edit::SwitchSystem(k));
        })
    };
    let options = fields::SYSTEM_KINDS.iter().map(|k| {
        html! { <option value={*k} selected={*k == kind}>{ text::system_name(k).get(ctx.lang) }</option> }
    });
    let rows = fields::system_fields(&kind).iter().map(|f| row(ctx, f, f.path));
    html! {
        <fieldset class="ed-group" id={group_id(Group::System)}>
            <legend>{ Group::System.name(ctx.lang) }</legend>
            <div class={classes!("ed-field", (!errors.is_empty()).then_some("ed-invalid"))}>
                <label class="ed-key" for={id.clone()}>{ text::SYSTEM_KIND.get(ctx.lang) }</label>
                <select id={id.clone()} class="ed-input" aria-describedby={help.clone()} {onchange}>{ for options }</select>
                <span class="ed-default">{ format!("{}{}RocketMQ", text::DEFAULT.get(ctx.lang), ctx.lang.colon()) }</span>
                <p class="ed-explain" id={help}>{ text::SYSTEM_EXPLAIN.get(ctx.lang) }</p>
                if !errors.is_empty() {
                    <p class="ed-error">{ errors.join(" · ") }</p>
                }
            </div>
            { for rows }
        </fieldset>
    }
}
