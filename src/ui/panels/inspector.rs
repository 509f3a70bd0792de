//! The inspector: for a selected message, its name, ids, key, producer, status and whole lifecycle
//! as the checker saw it (each line's time moves the cursor there); for a selected node, its role,
//! status and, for a broker, its commit log and queues, for a consumer the queues it owns.

use yew::prelude::*;

use super::text::{self as t};
use crate::i18n::{explain, Lang};
use crate::lab::lifecycle_view::{lifecycle, status};
use crate::lab::Session;
use crate::scenario::preset_notes;
use crate::sim::ids::{MsgId, MsgKey, NodeId, QueueKey};
use crate::sim::topology::Role;
use crate::ui::state::{Action, AppContext, Selection};
use crate::ui::text::Text;

#[function_component(Inspector)]
pub fn inspector() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    // A newly selected message (often from the anomaly list above) scrolls the inspector into
    // view. A node or a link is selected to open its fault menu: the learner then watches the
    // scoreboard react, so the side column stays where it is.
    use_effect_with(app.selection, |sel| {
        if matches!(sel, Some(Selection::Message(_))) {
            if let Some(e) = gloo::utils::document().get_element_by_id("inspector") {
                e.scroll_into_view();
            }
        }
    });
    let preset = app.preset();
    let lab = app.lab.borrow();
    let body = match app.selection {
        None => {
            // Nothing selected: what this run is about (the scenario's notes, written for the
            // learner), then how to inspect.
            let s = lab.scenario();
            return html! {
                <section class="panel inspector" aria-labelledby="inspector-title">
                    <h2 id="inspector-title" class="panel-title">{ t::INSPECTOR.get(lang) }</h2>
                    { about(s, preset, lang) }
                    <p class="muted small">{ t::NOTHING_SELECTED.get(lang) }</p>
                </section>
            };
        }
        Some(Selection::Message(key)) => message(&lab, key, lang, &app),
        Some(Selection::Node(id)) => node(&lab, id, lang),
        Some(Selection::Link(a, b)) => {
            let topo = lab.run().world.topology();
            html! { <p>{ t::LINK.get(lang) }{ lang.colon() }{ topo.name(a) }{ " ↔ " }{ topo.name(b) }</p> }
        }
    };
    let close = app.dispatcher();
    html! {
        <section class="panel inspector" id="inspector" aria-labelledby="inspector-title">
            <div class="panel-head">
                <h2 id="inspector-title" class="panel-title">{ t::INSPECTOR.get(lang) }</h2>
                <button type="button" class="icon-button close" id="inspector-close" aria-label={t::CLOSE.get(lang)}
                    title={t::CLOSE.get(lang)} onclick={move |_| close.dispatch(Action::Select(None))}>{ "✕" }</button>
            </div>
            { body }
        </section>
    }
}

/// What the run is about: the scenario's notes. In Chinese a shipped scenario's own notes come in
/// their translation, folded after its Chinese name and one-line description (or, once the
/// learner changed the scenario, after its own title: the preset's description may no longer
/// fit); notes the learner wrote or edited are shown as written.
fn about(s: &crate::scenario::model::Scenario, unchanged: Option<&'static str>, lang: Lang) -> Html {
    if s.notes.is_empty() {
        return html! {};
    }
    // The header's name (`notes::shown_name`), from the preset already known: asking `shown_name`
    // would compare the scenario with every preset again, every frame the inspector draws.
    let name = || {
        let preset = unchanged.and_then(crate::scenario::presets::find);
        preset.map_or_else(|| crate::lab::compare::notes::shown_title(&s.title, lang), |p| p.name(lang).to_string())
    };
    match crate::scenario::presets::with_notes(&s.notes).filter(|_| lang == Lang::Zh) {
        Some(p) => html! {
            <div class="small scenario-about" id="scenario-about">
                if unchanged == Some(p.id) {
                    <p><strong>{ p.name(lang) }</strong>{ " — " }{ p.about(lang) }</p>
                } else {
                    <p><strong>{ name() }</strong></p>
                }
                <details>
                    <summary>{ t::NOTES.get(lang) }</summary>
                    <p id="scenario-notes">{ preset_notes::shown_notes(s, lang) }</p>
                </details>
            </div>
        },
        None => {
            // A comparison's run opened in the lab: notes mqlab wrote, so they have a translation.
            let notes = crate::lab::compare::notes::translated(&s.notes, lang).unwrap_or_else(|| s.notes.clone());
            html! {
                <p class="small scenario-about" id="scenario-about"><strong>{ name() }</strong>{ " — " }{ notes }</p>
            }
        }
    }
}

/// A field of the inspector: label and value.
fn field(label: Text, value: Html, lang: Lang) -> Html {
    html! { <><dt>{ label.get(lang) }</dt><dd>{ value }</dd></> }
}

fn message(lab: &Session, key: MsgKey, lang: Lang, app: &AppContext) -> Html {
    let auditor = &lab.run().auditor;
    let topo = auditor.topology();
    let name = topo.message_name(key);
    // Its lifecycle as far as the run is known, so that a step's time can move the cursor back
    // and the learner still sees what comes next; ids and status are the cursor's.
    let here = auditor.message(key);
    let Some(whole) = lab.furthest().auditor.message(key).or(here) else {
        return html! { <><h3 class="inspected" id="inspected-name">{ name }</h3><p class="muted small">{ t::NOT_YET.get(lang) }</p></> };
    };
    let now = lab.now();
    let steps = lifecycle(whole);
    let later = steps.iter().filter(|s| s.at > now).count();
    let current = steps.iter().rposition(|s| s.at <= now);
    let steps = steps.into_iter().enumerate().map(|(i, s)| {
        let dispatch = app.dispatcher();
        let at = s.at;
        let when = explain::time(at, lang);
        html! {
            <li class={classes!((at > now).then_some("step-later"))} aria-current={(current == Some(i)).then_some("step")}>
                <button type="button" class="link-button step-time" aria-label={format!("{} {when}", t::SEEK_TO.get(lang))}
                    onclick={move |_| dispatch.dispatch(Action::Seek(at))}>{ when }</button>
                { " " }{ t::step(&s.step, whole, topo, lang) }
            </li>
        }
    });
    let fields = match here {
        Some(life) => {
            let mut ids: Vec<MsgId> = vec![MsgId { key, gen: 0 }];
            ids.extend(life.resends.iter().map(|r| r.1));
            ids.dedup();
            let ids: Vec<String> = ids.iter().map(|&id| topo.msg_id_name(id)).collect();
            let badges = t::status(&status(auditor, life, lab.at_end()), topo, lang).into_iter().map(|(s, bad)| {
                html! { <span class={classes!("badge", bad.then_some("alarm"))}>{ s }</span> }
            });
            html! {
                <dl class="fields">
                    { field(t::IDS, html! { ids.join(", ") }, lang) }
                    { field(t::KEY, html! { t::key(key, topo.name(life.producer), lang) }, lang) }
                    { field(t::PRODUCER, html! { topo.name(life.producer) }, lang) }
                    { field(t::STATUS, html! { <span id="inspected-status">{ for badges }</span> }, lang) }
                </dl>
            }
        }
        None => html! { <p class="muted small">{ t::NOT_YET.get(lang) }</p> },
    };
    html! {
        <>
            <h3 class="inspected" id="inspected-name">{ t::MESSAGE.get(lang) }{ " " }{ &name }</h3>
            { fields }
            <details open=true class="lifecycle">
                <summary>{ t::LIFECYCLE.get(lang) }</summary>
                if later > 0 {
                    <p class="muted small" id="lifecycle-later">{ t::LATER_STEPS.get(lang) }</p>
                }
                <ol id="lifecycle">{ for steps }</ol>
            </details>
        </>
    }
}

fn node(lab: &Session, id: NodeId, lang: Lang) -> Html {
    let world = &lab.run().world;
    let topo = world.topology();
    let Some(role) = topo.role(id) else { return html! {} };
    let mut rows = vec![
        field(t::ROLE, html! { t::role(role, lang) }, lang),
        field(t::STATUS, html! { t::node_status(world.status(id), lang) }, lang),
    ];
    // A client stuck on a server it cannot reach: "up", and why nothing happens.
    if let Some(w) = world.stuck_waiting(id) {
        let words = crate::i18n::explain::waiting(&w, topo, lang);
        rows.push(field(t::WAITING, html! { <span id="inspected-waiting">{ words }</span> }, lang));
    }
    if let Some(b) = world.broker(id) {
        let log = b.log();
        rows.push(field(t::WRITTEN, html! { log.written() }, lang));
        rows.push(field(t::FLUSHED, html! { log.flushed() }, lang));
        let per_topic = lab.scenario().brokers.queues_per_topic;
        let queues = (0..topo.topics.len() as u8).flat_map(|tp| (0..per_topic).map(move |q| QueueKey::named(tp, q)));
        let lines = queues.map(|q| {
            let consumed: Vec<String> = (0..topo.group_names.len())
                .filter_map(|g| {
                    let off = b.offsets().get(crate::sim::ids::GroupId(g as u8), q)?;
                    Some(format!("{} {off}", topo.group_names[g]))
                })
                .collect();
            let tail = if consumed.is_empty() {
                String::new()
            } else {
                format!(" · {} {}", t::CONSUMED.get(lang), consumed.join(", "))
            };
            html! { <li>{ format!("{}{}{}{tail}", topo.queue_name(q), lang.colon(), log.queue_len(q)) }</li> }
        });
        rows.push(field(t::QUEUES, html! { <ul class="plain">{ for lines }</ul> }, lang));
    }
    if let (Role::Consumer { .. }, Some(c)) = (role, world.consumer(id)) {
        let owned: Vec<String> = c
            .owned()
            .keys()
            .map(|mq| format!("{} {}", crate::sim::ids::broker_group_name(mq.broker_group), topo.queue_name(mq.queue)))
            .collect();
        let text = if owned.is_empty() { t::NONE.get(lang).to_string() } else { owned.join(", ") };
        rows.push(field(t::ASSIGNED, html! { text }, lang));
    }
    if let Some(p) = world.producer(id) {
        rows.push(field(t::PRODUCED, html! { p.produced() }, lang));
    }
    // Another system's server: its state words, and each log or queue it holds with its marks.
    if let Some(view) = world.system_node(id).and_then(|n| n.view()) {
        let words: Vec<&str> = view.badges.iter().map(|b| lang.pick(b.en.as_str(), b.zh.as_str())).collect();
        if !words.is_empty() {
            rows.push(field(t::STATE, html! { words.join(" · ") }, lang));
        }
        let lines = view.strips.iter().map(|s| {
            let mut line = format!("{}{}{} {}–{}", s.label, lang.colon(), t::ENTRIES.get(lang), s.start, s.end);
            if let Some(c) = s.committed {
                line.push_str(&format!(" · {} {c}", t::COMMITTED.get(lang)));
            }
            if let Some(f) = s.flushed {
                line.push_str(&format!(" · {} {f}", t::FLUSHED.get(lang)));
            }
            for &(g, off) in &s.consumed {
                let name = topo.group_names.get(usize::from(g.0)).map_or("?", String::as_str);
                line.push_str(&format!(" · {} {name} {off}", t::CONSUMED.get(lang)));
            }
            html! { <li>{ line }</li> }
        });
        rows.push(field(t::QUEUES, html! { <ul class="plain">{ for lines }</ul> }, lang));
    }
    html! {
        <>
            <h3 class="inspected" id="inspected-name">{ topo.name(id) }</h3>
            <dl class="fields">{ for rows }</dl>
        </>
    }
}
