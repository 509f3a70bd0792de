//! Lesson mode: the step's text beside the cluster, its prediction, the way on (previous / next,
//! also ← / →), a link to the step, and the sandbox (leave the lesson, keep the run). The step's
//! address is kept in the URL fragment, so the address bar always links to the step shown.

mod highlight;
mod list;
mod steps;
mod text;

use yew::prelude::*;

use self::text as t;
use crate::i18n::Lang;
use crate::lessons::{self, address, Counter, Highlight, Prediction, Step};
use crate::ui::share::{clear_fragment, set_fragment};
use crate::ui::state::{Action, AppContext, LessonAt};
pub use list::LessonList;
pub use text::LESSONS;

/// Paragraphs of a step's text (blank lines are never needed: one text, one paragraph per "\n").
fn paragraphs(text: &str) -> Html {
    html! { for text.split('\n').filter(|p| !p.trim().is_empty()).map(|p| html! { <p>{ p }</p> }) }
}

#[function_component(LessonCard)]
pub fn lesson_card() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let at = app.lesson;
    // The address bar names the step shown (replaced, not pushed: Back leaves the page as before),
    // and forgets it when the lesson is left; a share link opened outside a lesson stays.
    let was_in_lesson = use_mut_ref(|| false);
    use_effect_with(at.map(|l| l.at), move |at| match at {
        Some(at) => {
            set_fragment(&address::format(*at));
            *was_in_lesson.borrow_mut() = true;
        }
        None => {
            if std::mem::replace(&mut *was_in_lesson.borrow_mut(), false) {
                clear_fragment();
            }
        }
    });
    let Some(la) = at else { return html! {} };
    let Some(lesson) = lessons::all().get(la.at.lesson) else { return html! {} };
    let Some(step) = lesson.steps.get(la.at.step) else { return html! {} };
    let n = la.at.step;
    let count = lesson.steps.len();
    let send = |action: fn() -> Action| {
        let dispatch = app.dispatcher();
        move |_| dispatch.dispatch(action())
    };
    let compare =
        step.compare.as_ref().and_then(|c| crate::lab::compare::predefined().iter().position(|p| p.id == c.id));
    let on_compare = {
        let dispatch = app.dispatcher();
        move |_| {
            if let Some(i) = compare {
                dispatch.dispatch(Action::OpenComparison(i));
            }
        }
    };
    let show_claims = step.prediction.is_none() || la.right.is_some();
    html! {
        <section class="panel lesson-card" id="lesson" aria-labelledby="lesson-step-title">
            <style>{ highlight::css(&step.highlights) }</style>
            <p class="lesson-crumb">
                <span id="lesson-title">{ lesson.title.get(lang) }</span>
                <span id="lesson-progress">{ format!(" · {} {} {} {count}", t::STEP.get(lang), n + 1, t::OF.get(lang)) }</span>
            </p>
            <nav class="lesson-nav" aria-label={t::LESSON.get(lang)}>
                <button type="button" class="button" id="lesson-prev" aria-label={t::PREV_NAME.get(lang)}
                    disabled={n == 0} onclick={send(|| Action::LessonPrev)}>{ t::PREV.get(lang) }</button>
                <span class="small" aria-hidden="true">{ format!("{} / {count}", n + 1) }</span>
                <button type="button" class="button button-primary" id="lesson-next" aria-label={t::NEXT_NAME.get(lang)}
                    disabled={n + 1 == count} onclick={send(|| Action::LessonNext)}>{ t::NEXT.get(lang) }</button>
            </nav>
            <h2 id="lesson-step-title" class="lesson-step-title">{ step.title.get(lang) }</h2>
            <div class="lesson-body" id="lesson-body">{ paragraphs(step.body.get(lang)) }</div>
            { watched(&app, step, lang) }
            if step.highlights.contains(&Highlight::Anomalies) && show_claims { { newest_anomaly(&app, lang) } }
            if let Some(p) = &step.prediction { { prediction(&app, p, &la, lang) } }
            if compare.is_some() {
                <button type="button" class="button button-primary" id="lesson-compare" onclick={on_compare}>{ t::RUN_COMPARISON.get(lang) }</button>
            }
            if show_claims && !step.claims.is_empty() { { claims(&app, &la, step, lang) } }
            if n + 1 == count { <p class="small lesson-last">{ t::LAST_STEP.get(lang) }</p> }
            <p class="small lesson-keys">{ t::KEYS_HINT.get(lang) }</p>
            <div class="lesson-tools">
                <StepLink />
                <button type="button" class="button" id="lesson-sandbox" title={t::SANDBOX_TIP.get(lang)}
                    onclick={send(|| Action::LeaveLesson)}>{ t::SANDBOX.get(lang) }</button>
                <button type="button" class="button" id="lesson-list"
                    onclick={send(|| Action::SetPane(crate::ui::state::Pane::Lessons))}>{ t::ALL_LESSONS.get(lang) }</button>
            </div>
        </section>
    }
}

/// The counters the step talks about, with their values now: the scoreboard may be below the fold
/// on a small screen, but the card is in view.
fn watched(app: &AppContext, step: &Step, lang: Lang) -> Html {
    let counters: Vec<Counter> =
        step.highlights.iter().filter_map(|h| if let Highlight::Counter(c) = h { Some(*c) } else { None }).collect();
    if counters.is_empty() {
        return html! {};
    }
    let counts = crate::ui::panels::shown_counts(app, &crate::ui::panels::live(app));
    let items = counters.into_iter().map(|c| {
        html! {
            <li><span class="lesson-watch-name">{ c.name().get(lang) }</span>{ " " }
                <strong id={format!("lesson-watch-{}", c.dom_suffix())}>{ c.of(&counts) }</strong></li>
        }
    });
    html! { <ul class="lesson-watch" aria-label={t::WATCH.get(lang)}>{ for items }</ul> }
}

/// For a step about the anomaly list: how many there are and the newest, with a way to the list
/// (at 1280x720 it is below the fold of the side panel, and the step's text refers to it).
fn newest_anomaly(app: &AppContext, lang: Lang) -> Html {
    let live = crate::ui::panels::live(app);
    let newest = {
        let lab = app.lab.borrow();
        let topo = lab.run().world.topology();
        live.anomalies.last().map(|a| crate::i18n::explain::headline(a, topo, lang))
    };
    let to_list = |_| {
        if let Some(e) = gloo::utils::document().get_element_by_id("anomalies-title") {
            e.scroll_into_view();
        }
    };
    html! {
        <div class="lesson-watch lesson-anomalies" id="lesson-anomalies">
            <span class="lesson-watch-name">{ t::ANOMALIES.get(lang) }</span>{ " " }
            <strong id="lesson-anomaly-count">{ live.anomalies.len() }</strong>
            if let Some(h) = newest { <span class="small">{ " · " }{ t::NEWEST.get(lang) }{ h }</span> }
            { " " }
            <button type="button" class="button" id="lesson-show-anomalies" onclick={to_list}>
                { t::SHOW_ANOMALIES.get(lang) }
            </button>
        </div>
    }
}

/// The question, the choices, and once picked, whether it was right and why.
fn prediction(app: &AppContext, p: &Prediction, la: &LessonAt, lang: Lang) -> Html {
    let choices = p.choices.iter().enumerate().map(|(i, c)| {
        let dispatch = app.dispatcher();
        let picked = la.answer == Some(i);
        let class = classes!(
            "button",
            "prediction-choice",
            picked.then_some("picked"),
            (la.right == Some(i)).then_some("right"),
            (picked && la.right.is_some() && la.right != Some(i)).then_some("wrong")
        );
        html! {
            <button type="button" class={class} id={format!("prediction-choice-{i}")} aria-pressed={picked.to_string()}
                disabled={la.answer.is_some()} onclick={move |_| dispatch.dispatch(Action::Answer(i))}>
                { c.text.get(lang) }
            </button>
        }
    });
    let answer = match (la.answer, la.right, la.reveal_at) {
        (Some(_), None, Some(reveal)) => {
            let dispatch = app.dispatcher();
            html! {
                <div class="prediction-answer" id="prediction-answer" role="status">
                    <p>{ t::PLAYING_ON.get(lang) }</p>
                    <button type="button" class="button" id="prediction-show" onclick={move |_| dispatch.dispatch(Action::Seek(reveal))}>
                        { t::SHOW_ANSWER.get(lang) }
                    </button>
                </div>
            }
        }
        (Some(picked), right, _) => {
            let verdict = if right == Some(picked) { t::RIGHT } else { t::WRONG };
            let right_text = right.and_then(|r| p.choices.get(r)).map(|c| c.text.get(lang)).unwrap_or_default();
            html! {
                <div class={classes!("prediction-answer", if right == Some(picked) { "right" } else { "wrong" })} id="prediction-answer" role="status">
                    <p><strong>{ verdict.get(lang) }</strong>{ lang.pick(" ", "") }{ t::THE_ANSWER.get(lang) }{ lang.pick(" ", "") }<em>{ right_text }</em></p>
                    { paragraphs(p.explain.get(lang)) }
                </div>
            }
        }
        _ => html! {},
    };
    html! {
        <fieldset class="prediction" id="prediction">
            <legend>{ t::PREDICT.get(lang) }</legend>
            <p class="prediction-question">{ p.question.get(lang) }</p>
            <div class="prediction-choices">{ for choices }</div>
            { answer }
        </fieldset>
    }
}

/// What the tests check on this step's run, in the learner's words, each marked by whether it
/// holds where the cursor stands: they hold at the step's own moment, and the learner may scrub.
fn claims(app: &AppContext, la: &LessonAt, step: &Step, lang: Lang) -> Html {
    let counts = crate::ui::panels::shown_counts(app, &crate::ui::panels::live(app));
    let rows: Vec<(bool, String)> = {
        let lab = app.lab.borrow();
        step.claims.iter().map(|c| (c.holds_with(&lab, &counts), c.describe(lang))).collect()
    };
    let moved = rows.iter().any(|(holds, _)| !holds);
    // The step's moment: the reveal of its prediction, or where its scene stands.
    let back = {
        let dispatch = app.dispatcher();
        let (at, reveal) = (la.at, la.reveal_at);
        move |_| dispatch.dispatch(reveal.map_or(Action::OpenLesson(at), Action::Seek))
    };
    let row = |(holds, text): (bool, String)| {
        html! {
            <li class={if holds { "claim-holds" } else { "claim-not-now" }}>
                { if holds { "✓ " } else { "○ " } }{ text }
            </li>
        }
    };
    html! {
        <div class="lesson-claims">
            <p class="small">{ t::CHECKED.get(lang) }</p>
            <ul id="lesson-claims">{ for rows.into_iter().map(row) }</ul>
            if moved {
                <p class="small muted" id="lesson-claims-moved">
                    { t::CLAIMS_MOVED.get(lang) }{ " " }
                    <button type="button" class="link-button" id="lesson-claims-back" onclick={back}>
                        { t::BACK_TO_MOMENT.get(lang) }
                    </button>
                </p>
            }
        </div>
    }
}

/// Copies the link to the step shown (and says whether the clipboard took it).
#[function_component(StepLink)]
fn step_link() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let copied = use_state(|| None::<bool>);
    let onclick = {
        let (app, copied) = (app.clone(), copied.clone());
        move |_| {
            let Some(la) = app.lesson else { return };
            let url = set_fragment(&address::format(la.at));
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let clipboard = gloo::utils::window().navigator().clipboard();
                let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&url)).await;
                copied.set(Some(done.is_ok()));
            });
        }
    };
    let label = match *copied {
        Some(true) => t::STEP_LINK_COPIED,
        _ => t::STEP_LINK,
    };
    html! {
        <button type="button" class="button" id="lesson-link" title={t::STEP_LINK_SHOWN.get(lang)} onclick={onclick}>{ label.get(lang) }</button>
    }
}
