//! The lesson list: every lesson with its question and length; a click starts it.

use yew::prelude::*;

use super::text as t;
use crate::lessons::{self, address::StepAddress};
use crate::ui::state::{Action, AppContext};

#[function_component(LessonList)]
pub fn lesson_list() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let items = lessons::all().iter().enumerate().map(|(i, lesson)| {
        let dispatch = app.dispatcher();
        let start = move |_| dispatch.dispatch(Action::OpenLesson(StepAddress { lesson: i, step: 0 }));
        let title = lesson.title.get(lang);
        html! {
            <li class="lesson-item">
                <h3>{ format!("{}. {title}", i + 1) }</h3>
                <p>{ lesson.summary.get(lang) }</p>
                <p class="small">{ format!("{} {}", lesson.steps.len(), t::STEPS.get(lang)) }</p>
                <button type="button" class="button button-primary" id={format!("start-{}", lesson.id)}
                    aria-label={format!("{} — {title}", t::START.get(lang))} onclick={start}>{ t::START.get(lang) }</button>
            </li>
        }
    });
    html! {
        <section class="lesson-list" aria-labelledby="lesson-list-title">
            <h2 id="lesson-list-title">{ t::LESSONS.get(lang) }</h2>
            <p>{ t::LESSONS_INTRO.get(lang) }</p>
            <ol class="lesson-items">{ for items }</ol>
        </section>
    }
}
