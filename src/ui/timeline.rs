//! The timeline: play/pause, step, step back, step to the next interesting event, speed, "skip
//! idle", and a scrubber over the whole run with its fault and anomaly markers. Dragging the
//! scrubber re-simulates from checkpoints; the action log below it shows what was done by hand.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

use super::icons::{icon, Icon};
use super::state::{Action, AppContext, Notice, SPEEDS_PERMILLE};
use super::text;
use crate::i18n::{explain, Lang};
use crate::lab::markers::{Marker, MarkerKind};
use crate::sim::time::SimTime;
use crate::sim::trace::hash_hex;

#[function_component(Timeline)]
pub fn timeline() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let lab = app.lab.borrow();
    let now = lab.now();
    // The whole run is simulated: the scrubber spans all of it (tests wait for this).
    let known = lab.precomputed();
    let end = lab.scrub_end();
    let duration = SimTime::from_ms(lab.scenario().duration_ms);
    let end_ms = end.as_ms().max(1);
    let button = |label: text::Text, glyph: Icon, action: fn() -> Action, id: &'static str| {
        let dispatch = app.dispatcher();
        html! {
            <button type="button" class="button icon-button" id={id} aria-label={label.get(lang)} title={label.get(lang)}
                onclick={move |_| dispatch.dispatch(action())}>{ icon(glyph) }</button>
        }
    };
    let play = if app.playing {
        button(text::PAUSE, Icon::Pause, || Action::TogglePlay, "play")
    } else {
        button(text::PLAY, Icon::Play, || Action::TogglePlay, "play")
    };
    let on_speed = {
        let dispatch = app.dispatcher();
        move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Ok(i) = v.parse::<usize>() {
                dispatch.dispatch(Action::SetSpeed(i));
            }
        }
    };
    let on_skip = {
        let dispatch = app.dispatcher();
        move |e: Event| {
            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            dispatch.dispatch(Action::SetSkipIdle(on));
        }
    };
    let (on_scrub, on_release) = use_scrub(&app);
    let speeds = SPEEDS_PERMILLE.iter().enumerate().map(|(i, &p)| {
        html! { <option value={i.to_string()} selected={i == app.speed}>{ speed_label(p) }</option> }
    });
    let pct = |t: SimTime| format!("{:.3}%", t.as_ms() as f64 * 100.0 / end_ms as f64);
    let markers = lab.markers().into_iter().map(|m| marker(&m, lang, &pct, &app));
    let drain_start = pct(duration);
    html! {
        <section class="timeline" aria-label={text::TIMELINE.get(lang)}>
            <div class="transport">
                { button(text::STEP_BACK, Icon::StepBack, || Action::StepBack, "step-back") }
                { play }
                { button(text::STEP, Icon::Step, || Action::Step, "step") }
                { button(text::STEP_INTERESTING, Icon::StepInteresting, || Action::StepInteresting, "step-interesting") }
                <label class="speed">
                    <span>{ text::SPEED.get(lang) }</span>
                    <select id="speed" onchange={on_speed} aria-label={text::SPEED.get(lang)}>{ for speeds }</select>
                    if app.behind() {
                        <span class="speed-behind" id="speed-behind" role="status" title={text::BEHIND_LONG.get(lang)}>
                            { "⚠ " }{ text::BEHIND.get(lang) }
                        </span>
                    }
                </label>
                <label class="skip-idle">
                    <input type="checkbox" id="skip-idle" checked={app.skip_idle} onchange={on_skip} />
                    <span>{ text::SKIP_IDLE.get(lang) }</span>
                </label>
                <ExportTrace />
                <output class="clock" id="clock" aria-live="off">
                    <span id="now">{ explain::time_beside(now, end, lang) }</span>{ " / " }{ explain::time(end, lang) }
                    <span class="events">{ " · " }<span id="events">{ lab.events_processed() }</span>{ " " }{ events_word(lab.events_processed(), lang) }</span>
                    <span class="trace-hash" title={text::TRACE_HASH.get(lang)}>
                        { " · " }<span class="visually-hidden">{ text::TRACE_HASH.get(lang) }</span>
                        <span id="trace-hash">{ hash_hex(lab.run().trace_hash()) }</span>
                    </span>
                </output>
            </div>
            <div class="scrubber">
                <div class="scrubber-track" aria-hidden="true">
                    <div class="scrubber-drain" style={format!("left:{drain_start}")} title={text::DRAIN.get(lang)}></div>
                    { for markers }
                </div>
                <input type="range" id="scrubber" class="scrubber-input" min="0" max={end_ms.to_string()} step="1"
                    value={now.as_ms().to_string()} aria-label={text::SCRUBBER.get(lang)}
                    aria-valuetext={explain::time(now, lang)} oninput={on_scrub} onchange={on_release}
                    data-known={known.to_string()} />
            </div>
            <ActionLog />
        </section>
    }
}

/// A seek the scrubber still owes: the latest position dragged to, and the animation frame that
/// will seek there.
#[derive(Default)]
struct PendingSeek {
    latest: Option<SimTime>,
    frame: Option<AnimationFrame>,
}

/// The scrubber's input and release handlers. A drag sends an input event for every pointer move,
/// and on a long run one seek can cost more than the time between two moves; seeking on each would
/// queue them up. So a move only notes where the thumb is, and at most one seek runs per animation
/// frame, to the latest position. Releasing the thumb (`change`, also sent by each arrow key)
/// seeks at once to its exact final position, dropping a seek still waiting for its frame.
#[hook]
fn use_scrub(app: &AppContext) -> (Callback<InputEvent>, Callback<Event>) {
    let pending: Rc<RefCell<PendingSeek>> = use_mut_ref(PendingSeek::default);
    let on_input = {
        let pending = pending.clone();
        let dispatch = app.dispatcher();
        Callback::from(move |e: InputEvent| {
            let Some(t) = scrub_value(&e) else { return };
            let mut p = pending.borrow_mut();
            p.latest = Some(t);
            if p.frame.is_none() {
                let owner = pending.clone();
                let dispatch = dispatch.clone();
                p.frame = Some(request_animation_frame(move |_| {
                    let latest = {
                        let mut p = owner.borrow_mut();
                        p.frame = None;
                        p.latest.take()
                    };
                    if let Some(t) = latest {
                        dispatch.dispatch(Action::Seek(t));
                    }
                }));
            }
        })
    };
    let on_release = {
        let dispatch = app.dispatcher();
        Callback::from(move |e: Event| {
            let Some(t) = scrub_value(&e) else { return };
            // Dropping the waiting frame cancels it.
            *pending.borrow_mut() = PendingSeek::default();
            dispatch.dispatch(Action::Seek(t));
        })
    };
    (on_input, on_release)
}

/// The time the scrubber's thumb stands at.
fn scrub_value(e: &Event) -> Option<SimTime> {
    let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
    v.parse::<u64>().ok().map(SimTime::from_ms)
}

fn speed_label(permille: u64) -> String {
    if permille < 1_000 {
        format!("{}.{}×", permille / 1_000, permille % 1_000 / 100)
    } else {
        format!("{}×", permille / 1_000)
    }
}

fn marker(m: &Marker, lang: Lang, pct: &dyn Fn(SimTime) -> String, app: &AppContext) -> Html {
    let class = match m.kind {
        MarkerKind::Fault => "marker marker-fault",
        MarkerKind::Action => "marker marker-action",
        MarkerKind::Anomaly => "marker marker-anomaly",
        MarkerKind::Cluster => "marker marker-cluster",
    };
    let dispatch = app.dispatcher();
    let at = m.at;
    let key = m.key;
    let onclick = move |_| match key {
        Some(key) => dispatch.dispatch(Action::Inspect { key, at: Some(at) }),
        None => dispatch.dispatch(Action::Seek(at)),
    };
    let label = format!("{} {}", explain::time(m.at, lang), m.label(lang));
    html! {
        <button type="button" class={class} style={format!("left:{}", pct(m.at))} title={label.clone()}
            aria-label={label} tabindex="-1" onclick={onclick}></button>
    }
}

/// The learner's own commands, with the time each took effect; later ones are marked, since
/// acting now would drop them.
#[function_component(ActionLog)]
fn action_log() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let lab = app.lab.borrow();
    let now = lab.now();
    let processed = lab.events_processed();
    let system = lab.scenario().system.which();
    let items = lab.actions().iter().map(|a| {
        let later = a.after_events > processed || SimTime(a.at_us) > now;
        let dispatch = app.dispatcher();
        let at = SimTime(a.at_us);
        html! {
            <li class={classes!("action", later.then_some("action-later"))}>
                <button type="button" class="link-button" onclick={move |_| dispatch.dispatch(Action::Seek(at))}>
                    { explain::time(at, lang) }
                </button>
                { " " }{ explain::command_text(&a.command, system, lang) }
                if later { <span class="muted">{ " " }{ text::LATER.get(lang) }</span> }
            </li>
        }
    });
    html! {
        <details class="action-log" open={!lab.actions().is_empty()}>
            <summary>{ text::ACTION_LOG.get(lang) }{ format!(" ({})", lab.actions().len()) }</summary>
            if lab.actions().is_empty() {
                <p class="muted">{ text::NO_ACTIONS.get(lang) }</p>
            } else {
                <ol id="action-log">{ for items }</ol>
            }
        </details>
    }
}

/// Download the trace from time 0 to the cursor as JSON (replayed with every event kept).
#[function_component(ExportTrace)]
fn export_trace() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let onclick = {
        let app = app.clone();
        move |_| {
            let lab = app.lab.borrow();
            let events = lab.events_processed();
            if events > crate::lab::limits::BROWSER_MAX_EXPORT_EVENTS {
                app.dispatch(Action::Notify(Notice::ExportTooBig { events }));
                return;
            }
            match crate::lab::export::trace_json(&lab) {
                Ok(json) => {
                    let file = format!("{}-trace.json", super::download::file_stem(&lab.scenario().title));
                    if !super::download::download(&file, "application/json", &json) {
                        app.dispatch(Action::Notify(Notice::SaveFailed { file }));
                    }
                }
                Err(e) => app.dispatch(Action::Notify(Notice::Run(e))),
            }
        }
    };
    html! {
        <button type="button" class="button" id="export-trace" title={text::EXPORT_TRACE_HINT.get(lang)} onclick={onclick}>
            { text::EXPORT_TRACE.get(lang) }
        </button>
    }
}

/// "1 event", "2 events"; Chinese has one form.
fn events_word(n: u64, lang: crate::i18n::Lang) -> &'static str {
    if n == 1 {
        lang.pick("event", "个事件")
    } else {
        text::EVENTS.get(lang)
    }
}
