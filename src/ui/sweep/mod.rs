//! The sweep pane: run the current scenario under many seeds in Web Workers and see how often it
//! loses or doubles messages, with a progress bar, histograms, the first failing seeds (each opens
//! in the lab) and every run's counts and trace hash. Nothing is simulated on the page's thread:
//! `job` hands the seeds to the sweep workers and this component only draws what comes back.

mod histogram;
mod job;
mod text;
mod view;

use yew::prelude::*;

use crate::lab::sweep::{parse_request, with_seed, RequestError, DEFAULT_RUNS};
use crate::ui::state::{Action, AppContext, ErrorText};
use job::Status;

/// The field a refusal is about: only that one is marked invalid (review 11: a wrong first seed
/// marked the number of runs too).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Runs,
    Seed,
}

impl Field {
    fn of(e: &RequestError) -> Field {
        match e {
            RequestError::RunsNotANumber(_) | RequestError::RunsOutOfRange(_) => Field::Runs,
            RequestError::SeedNotANumber(_) | RequestError::SeedTooLarge(_) => Field::Seed,
        }
    }
}

#[function_component(Sweep)]
pub fn sweep() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let redraw = use_force_update();
    {
        // Results arrive while the pane shows: redraw for each batch. Gone with the pane.
        let redraw = redraw.clone();
        use_effect_with((), move |_| {
            job::set_redraw(Some(Callback::from(move |_| redraw.force_update())));
            || job::set_redraw(None)
        });
    }
    let scenario_seed = app.lab.borrow().scenario().seed;
    let runs_text = use_state(|| DEFAULT_RUNS.to_string());
    let seed_text = use_state(|| scenario_seed.to_string());
    let problem = use_state(|| None::<(ErrorText, Field)>);
    let table_open = use_state(|| false);

    let on_runs = {
        let runs_text = runs_text.clone();
        Callback::from(move |e: InputEvent| {
            runs_text.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
        })
    };
    let on_seed = {
        let seed_text = seed_text.clone();
        Callback::from(move |e: InputEvent| {
            seed_text.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
        })
    };
    let on_run = {
        let (app, runs_text, seed_text, problem) = (app.clone(), runs_text.clone(), seed_text.clone(), problem.clone());
        Callback::from(move |e: SubmitEvent| {
            // A form, so Enter in either field runs it; the page must not navigate.
            e.prevent_default();
            match parse_request(&runs_text, &seed_text) {
                Ok(plan) => {
                    problem.set(None);
                    job::start(app.lab.borrow().scenario().clone(), plan);
                }
                Err(err) => problem.set(Some((ErrorText::of(&err), Field::of(&err)))),
            }
        })
    };
    let on_cancel = Callback::from(|e: MouseEvent| {
        // Cancelling redraws at once, and the redraw puts the submit button where this one was:
        // without this the click's default action would then submit the form and start again.
        e.prevent_default();
        job::cancel();
    });
    let on_show = {
        let app = app.clone();
        Callback::from(move |seed: u64| {
            let scenario = job::current().map(|j| with_seed(&j.borrow().scenario, seed));
            if let Some(s) = scenario {
                app.dispatch(Action::LoadScenario(Box::new(s)));
            }
        })
    };
    let on_toggle = {
        let table_open = table_open.clone();
        Callback::from(move |e: Event| {
            table_open.set(e.target_unchecked_into::<web_sys::Element>().has_attribute("open"));
        })
    };

    let current = job::current();
    let job_ref = current.as_ref().map(|j| j.borrow());
    let running = job_ref.as_ref().is_some_and(|j| j.status == Status::Running);
    let state = match job_ref.as_ref().map(|j| &j.status) {
        None => "idle",
        Some(Status::Running) => "running",
        Some(Status::Finished) => "finished",
        Some(Status::Cancelled) => "cancelled",
        Some(Status::Failed(_)) => "failed",
    };
    let results = job_ref.as_ref().map(|j| {
        let sum = j.tally.summary();
        html! {
            <>
                <p class="sweep-of">{ format!("{}{}{}", text::OF_SCENARIO.get(lang), lang.colon(), crate::lab::compare::notes::shown_name(&j.scenario, lang)) }</p>
                { view::progress(j, lang) }
                if sum.runs == 0 {
                    <p class="sweep-note">{ text::NO_RESULTS.get(lang) }</p>
                } else {
                    { view::numbers(&sum, lang) }
                    { view::histograms(&sum, lang) }
                    { view::failing(j, &sum, lang, &on_show) }
                    { view::runs_table(j, lang, *table_open, on_toggle.clone()) }
                }
            </>
        }
    });
    let invalid = |field: Field| (*problem).as_ref().is_some_and(|(_, f)| *f == field).to_string();
    html! {
        <section class="sweep" id="sweep" aria-labelledby="sweep-heading" data-state={state}>
            <h2 id="sweep-heading" class="sweep-heading">{ text::HEADING.get(lang) }</h2>
            <p class="sweep-intro">{ text::INTRO.get(lang) }</p>
            <form class="sweep-form" onsubmit={on_run} novalidate=true>
                <label class="sweep-field">
                    <span>{ text::RUNS.get(lang) }</span>
                    <input type="text" inputmode="numeric" id="sweep-runs-input" value={(*runs_text).clone()}
                        oninput={on_runs} aria-invalid={invalid(Field::Runs)} aria-describedby="sweep-runs-hint" />
                    <small id="sweep-runs-hint">{ text::RUNS_HINT.get(lang) }</small>
                </label>
                <label class="sweep-field">
                    <span>{ text::FIRST_SEED.get(lang) }</span>
                    <input type="text" inputmode="numeric" id="sweep-seed-input" value={(*seed_text).clone()}
                        oninput={on_seed} aria-invalid={invalid(Field::Seed)} aria-describedby="sweep-seed-hint" />
                    <small id="sweep-seed-hint">{ text::FIRST_SEED_HINT.get(lang) }</small>
                </label>
                if running {
                    <button type="button" class="button" id="sweep-cancel" onclick={on_cancel}>{ text::CANCEL.get(lang) }</button>
                } else {
                    <button type="submit" class="button button-primary" id="sweep-run">{ text::RUN.get(lang) }</button>
                }
            </form>
            if let Some((p, _)) = (*problem).as_ref() {
                <p class="cmp-error" id="sweep-problem" role="alert">
                    { format!("{}{}{}", text::REFUSED.get(lang), lang.colon(), lang.pick(&p.en, &p.zh)) }
                </p>
            }
            { results.unwrap_or_default() }
        </section>
    }
}
