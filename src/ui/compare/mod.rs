//! The compare pane: pick a predefined comparison (or the current scenario and some
//! configurations), run every configuration with the same workload, faults and seed, and read the
//! table. The runs advance one bounded slice per animation frame, so the page stays responsive;
//! the frame request belongs to this component and is cancelled when it goes away.

mod table;
mod text;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

use crate::lab::compare::variants::of_scenario;
use crate::lab::compare::{predefined, CompareRun, Comparison, VARIANTS};
use crate::scenario::model::Scenario;
use crate::ui::state::{Action, AppContext, ErrorText};
use table::CompareTable;

/// Events simulated per animation frame: a few milliseconds of work, like the lab's own frames.
const EVENTS_PER_FRAME: u64 = 20_000;

thread_local! {
    /// The comparison on show when the pane was left, with the picker's choice.
    static KEPT: RefCell<Option<(usize, Job)>> = const { RefCell::new(None) };
}

/// A comparison being run (or finished): what is compared and how far it got.
struct Job {
    comparison: Comparison,
    run: CompareRun,
}

/// The configurations ticked for "the current scenario" before the learner changes anything.
fn default_ticks() -> Vec<&'static str> {
    vec!["replication-async", "replication-sync"]
}

#[function_component(Compare)]
pub fn compare() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let presets = predefined();
    // The comparison of the last visit, if any: "Open in the lab" and back finds its table again.
    let kept = use_mut_ref(|| KEPT.with(|k| k.borrow_mut().take()));
    // Index into the predefined comparisons; one past the end is "the current scenario".
    let choice = use_state(|| kept.borrow().as_ref().map_or(0, |k| k.0));
    let ticked = use_state(default_ticks);
    let job: Rc<RefCell<Option<Job>>> = use_mut_ref(|| kept.borrow_mut().take().map(|k| k.1));
    // One left halfway goes on.
    let running = use_state(|| job.borrow().as_ref().is_some_and(|j| j.run.progress_permille() < 1_000));
    {
        // Leaving the pane keeps the comparison for the next visit.
        let choice_now = use_mut_ref(|| 0usize);
        *choice_now.borrow_mut() = *choice;
        let job = job.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(j) = job.borrow_mut().take() {
                    KEPT.with(|k| *k.borrow_mut() = Some((*choice_now.borrow(), j)));
                }
            }
        });
    }
    let tick = use_state(|| 0u64);
    let problem = use_state(|| None::<ErrorText>);
    let pending: Rc<RefCell<Option<AnimationFrame>>> = use_mut_ref(|| None);

    {
        // While running, each frame runs one slice and bumps `tick`, which asks for the next frame.
        let (job, running, tick, problem, pending) =
            (job.clone(), running.clone(), tick.clone(), problem.clone(), pending.clone());
        use_effect_with((*running, *tick), move |&(is_running, n)| {
            if is_running {
                let frame = request_animation_frame(move |_| {
                    let result = job.borrow_mut().as_mut().map(|j| j.run.step(EVENTS_PER_FRAME));
                    match result {
                        Some(Ok(false)) => {}
                        Some(Ok(true)) | None => running.set(false),
                        Some(Err(e)) => {
                            problem.set(Some(ErrorText::of(&e)));
                            running.set(false);
                        }
                    }
                    tick.set(n + 1);
                });
                *pending.borrow_mut() = Some(frame);
            }
            // Dropping the request cancels it: on unmount, or when the next slice replaces it.
            move || drop(pending.borrow_mut().take())
        });
    }

    {
        // A lesson asked for a comparison: pick it and run it.
        let (choice, job, running, problem) = (choice.clone(), job.clone(), running.clone(), problem.clone());
        use_effect_with(app.compare_request, move |request| {
            if let Some((i, _)) = *request {
                if let Some(p) = presets.get(i) {
                    choice.set(i);
                    match p.comparison() {
                        Ok(c) => {
                            let run = c.start();
                            *job.borrow_mut() = Some(Job { comparison: c, run });
                            problem.set(None);
                            running.set(true);
                        }
                        Err(e) => problem.set(Some(ErrorText::of(&e))),
                    }
                }
            }
        });
    }

    let current = *choice >= presets.len();
    let on_choice = {
        let (choice, job, running) = (choice.clone(), job.clone(), running.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            choice.set(value.parse().unwrap_or(0));
            *job.borrow_mut() = None;
            running.set(false);
        })
    };
    let on_run = {
        let (app, choice, ticked, job, running, problem) =
            (app.clone(), choice.clone(), ticked.clone(), job.clone(), running.clone(), problem.clone());
        Callback::from(move |_| {
            let comparison = match presets.get(*choice) {
                Some(p) => p.comparison().map_err(|e| ErrorText::of(&e)),
                None => {
                    let base = app.lab.borrow().scenario().clone();
                    crate::lab::check_fits_in_browser(&base)
                        .map(|_| {
                            let applicable: Vec<&str> = ticked
                                .iter()
                                .copied()
                                .filter(|id| VARIANTS.iter().any(|v| v.id == *id && v.applies_to(&base)))
                                .collect();
                            of_scenario(&base, &applicable)
                        })
                        .map_err(|e| ErrorText::of(&e))
                }
            };
            match comparison {
                Ok(c) => {
                    let run = c.start();
                    *job.borrow_mut() = Some(Job { comparison: c, run });
                    problem.set(None);
                    running.set(true);
                }
                Err(p) => problem.set(Some(p)),
            }
        })
    };
    let on_stop = {
        let running = running.clone();
        Callback::from(move |_| running.set(false))
    };
    let on_open = {
        let (app, job) = (app.clone(), job.clone());
        Callback::from(move |i: usize| {
            let scenario = job.borrow().as_ref().and_then(|j| j.comparison.scenario(i));
            if let Some(s) = scenario {
                app.dispatch(Action::LoadScenario(Box::new(s)));
            }
        })
    };

    let options = presets.iter().enumerate().map(|(i, p)| {
        html! { <option value={i.to_string()} selected={*choice == i}>{ p.name(lang) }</option> }
    });
    let about = match presets.get(*choice) {
        Some(p) => html! { <p class="cmp-lesson">{ p.lesson(lang) }</p> },
        None => ticks(lang, &ticked, app.lab.borrow().scenario()),
    };
    let applicable = {
        let lab = app.lab.borrow();
        ticked.iter().filter(|id| VARIANTS.iter().any(|v| v.id == **id && v.applies_to(lab.scenario()))).count()
    };
    let enough = !current || applicable >= 2;
    let job_ref = job.borrow();
    let (names, rows, permille) = match job_ref.as_ref() {
        Some(j) => (
            j.comparison.variants.iter().map(|v| v.name(lang).to_string()).collect::<Vec<_>>(),
            j.run.rows().into_iter().map(|r| r.cloned()).collect::<Vec<_>>(),
            j.run.progress_permille(),
        ),
        None => (Vec::new(), Vec::new(), 0),
    };
    html! {
        <section class="compare" aria-labelledby="cmp-heading">
            <h2 id="cmp-heading" class="cmp-heading">{ text::HEADING.get(lang) }</h2>
            <p class="cmp-intro">{ text::INTRO.get(lang) }</p>
            <div class="cmp-bar">
                <label class="cmp-pick">
                    <span>{ text::PICK.get(lang) }</span>
                    <select id="compare-pick" aria-label={text::PICK.get(lang)} onchange={on_choice}>
                        { for options }
                        <option value={presets.len().to_string()} selected={current}>{ text::CURRENT.get(lang) }</option>
                    </select>
                </label>
                if *running {
                    <button type="button" class="button" id="compare-stop" onclick={on_stop}>{ text::STOP.get(lang) }</button>
                } else {
                    <button type="button" class="button button-primary" id="compare-run" disabled={!enough} onclick={on_run}>
                        { text::RUN.get(lang) }
                    </button>
                }
            </div>
            { about }
            if !enough { <p class="cmp-note" role="status">{ text::NEED_TWO.get(lang) }</p> }
            if let Some(p) = (*problem).as_ref() {
                <p class="cmp-error" role="alert">{ format!("{}: {}", text::FAILED.get(lang), lang.pick(&p.en, &p.zh)) }</p>
            }
            if *running || (permille > 0 && permille < 1_000) {
                <progress id="compare-progress" max="1000" value={permille.to_string()} aria-label={text::PROGRESS.get(lang)}></progress>
            }
            if !names.is_empty() {
                <CompareTable {lang} {names} {rows} {on_open} />
            }
        </section>
    }
}

/// The checkboxes of the configurations to run the current scenario under.
fn ticks(lang: crate::ui::lang::Lang, ticked: &UseStateHandle<Vec<&'static str>>, current: &Scenario) -> Html {
    let boxes = VARIANTS.iter().map(|v| {
        // RocketMQ's own settings change nothing on another system: offered, but not to tick.
        let applies = v.applies_to(current);
        let on = applies && ticked.contains(&v.id);
        let toggle = {
            let ticked = ticked.clone();
            let id = v.id;
            move |_| {
                let mut next: Vec<&'static str> = (*ticked).clone();
                if let Some(at) = next.iter().position(|t| *t == id) {
                    next.remove(at);
                } else {
                    // Keep the catalogue's order, so rows come out grouped by setting.
                    next.push(id);
                    next.sort_by_key(|t| VARIANTS.iter().position(|v| v.id == *t));
                }
                ticked.set(next);
            }
        };
        html! {
            <label class="cmp-tick">
                <input type="checkbox" id={format!("compare-variant-{}", v.id)} checked={on} onchange={toggle}
                    disabled={!applies} />
                { v.name(lang) }
                if !applies { <span class="muted small">{ text::ROCKETMQ_ONLY.get(lang) }</span> }
            </label>
        }
    });
    html! {
        <fieldset class="cmp-ticks">
            <legend>{ text::VARIANTS.get(lang) }</legend>
            { for boxes }
        </fieldset>
    }
}
