//! Dismissible notices under the top bar: a fork of the run, a refused command, a link that could
//! not be opened, a replay that failed.

use yew::prelude::*;

use super::state::{Action, AppContext, Notice};
use super::text;
use crate::i18n::{Lang, Localize};

#[function_component(Notices)]
pub fn notices() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    if app.notices.is_empty() {
        return html! {};
    }
    let items = app.notices.iter().enumerate().map(|(i, n)| {
        let dispatch = app.dispatcher();
        let (class, body) = describe(n, lang);
        let bring_back = match n {
            Notice::Replaced { run, .. } => {
                let (dispatch, run) = (app.dispatcher(), run.clone());
                html! {
                    <button type="button" class="button notice-action" id="bring-back"
                        onclick={move |_| dispatch.dispatch(Action::BringBack(run.clone()))}>
                        { text::BRING_BACK.get(lang) }
                    </button>
                }
            }
            Notice::EditsDropped(edits) => {
                let (dispatch, edits) = (app.dispatcher(), edits.clone());
                html! {
                    <button type="button" class="button notice-action" id="restore-edits"
                        onclick={move |_| dispatch.dispatch(Action::RestoreEdits(edits.clone()))}>
                        { text::RESTORE_EDITS.get(lang) }
                    </button>
                }
            }
            _ => html! {},
        };
        html! {
            <div class={classes!("notice", class)} role="alert">
                <p class="notice-text">{ body }</p>
                { bring_back }
                <button type="button" class="notice-dismiss" aria-label={text::DISMISS.get(lang)}
                    onclick={move |_| dispatch.dispatch(Action::Dismiss(i))}>{ "×" }</button>
            </div>
        }
    });
    html! { <div class="notices">{ for items }</div> }
}

fn describe(n: &Notice, lang: Lang) -> (&'static str, Html) {
    match n {
        Notice::Forked { dropped } => (
            "notice-info",
            html! { { lang.pick(
                if *dropped == 1 {
                    "You acted in the past: the run forked here, and the later action was dropped.".to_string()
                } else {
                    format!("You acted in the past: the run forked here, and {dropped} later actions were dropped.")
                },
                format!("你在过去的时刻进行了操作：运行从此处分叉，之后的 {dropped} 个操作已被丢弃。"),
            ) } },
        ),
        Notice::Refused(e) => {
            ("notice-warn", html! { <>{ text::REFUSED.get(lang) }{ lang.colon() }{ e_text(e, lang) }</> })
        }
        Notice::BadLink { problem: p, saved_kept } => (
            "notice-error",
            html! { <>
                <strong>{ if *saved_kept { text::BAD_LINK.get(lang) } else { text::BAD_LINK_FIRST_VISIT.get(lang) } }</strong>
                <br />
                <span class="notice-detail">{ sentence(lang.pick(&p.en, &p.zh), lang) }</span>
            </> },
        ),
        Notice::Run(e) => {
            ("notice-error", html! { <>{ text::RUN_FAILED.get(lang) }{ lang.colon() }{ e.localize(lang) }</> })
        }
        Notice::NothingInteresting { at_end: true } => ("notice-info", html! { { text::NOTHING_LEFT.get(lang) } }),
        Notice::NothingInteresting { at_end: false } => {
            let n = super::state::INTERESTING_BUDGET;
            let body = lang.pick(
                format!("Nothing of interest in the next {n} events; press again to look further."),
                format!("接下来的 {n} 个事件中没有值得关注的事件；再按一次继续查找。"),
            );
            ("notice-info", html! { { body } })
        }
        Notice::RunOver => ("notice-info", html! { { text::RUN_OVER.get(lang) } }),
        Notice::ActAtEnd => ("notice-info", html! { { text::ACT_AT_END.get(lang) } }),
        Notice::ExportTooBig { events } => {
            let limit = crate::lab::limits::BROWSER_MAX_EXPORT_EVENTS;
            let body = lang.pick(
                format!(
                    "The trace up to here has {events} events, more than the page exports ({limit}): export an \
                     earlier moment, or write the whole trace with `mqlab run FILE --trace`."
                ),
                format!("到此刻的轨迹共有 {events} 个事件，超过了网页能导出的上限（{limit}）：请导出更早的时刻，或用 `mqlab run FILE --trace` 写出完整轨迹。"),
            );
            ("notice-warn", html! { { body } })
        }
        Notice::SaveFailed { file } => {
            let body = lang.pick(format!("The browser would not save {file}."), format!("浏览器未能保存 {file}。"));
            ("notice-error", html! { { body } })
        }
        Notice::Replaced { actions, run } => {
            let title = crate::lab::compare::notes::shown_name(&run.0.scenario, lang);
            let body = match (*actions, lang) {
                (0, Lang::En) => format!("“{title}” was replaced."),
                (0, Lang::Zh) => format!("“{title}”已被替换。"),
                (1, Lang::En) => format!("“{title}” was replaced, with the action you took in it."),
                (n, Lang::En) => format!("“{title}” was replaced, with the {n} actions you took in it."),
                (n, Lang::Zh) => format!("“{title}”已被替换，你在其中执行的 {n} 个操作也随之丢弃。"),
            };
            ("notice-info", html! { { body } })
        }
        Notice::EditsDropped(edits) => {
            let title = crate::lab::compare::notes::shown_name(edits.of(), lang);
            let body = lang.pick(
                format!("Your unapplied edits to “{title}” were dropped when another scenario was loaded."),
                format!("载入了另一个场景，你对“{title}”尚未应用的修改已被丢弃。"),
            );
            ("notice-info", html! { { body } })
        }
        Notice::SavedUnreadable => ("notice-warn", html! { { text::SAVED_UNREADABLE.get(lang) } }),
        Notice::DraftUnreadable => (
            "notice-warn",
            html! { <span id="draft-unreadable">{ crate::ui::editor::DRAFT_UNREADABLE.get(lang) }</span> },
        ),
        Notice::TooBig(p) => (
            "notice-error",
            html! { <>
                <strong>{ text::TOO_BIG.get(lang) }</strong>
                <br />
                <span class="notice-detail">{ sentence(lang.pick(&p.en, &p.zh), lang) }</span>
            </> },
        ),
    }
}

/// An error's text as a sentence of its own under the notice's first one: the engine writes its
/// messages as clauses ("the link is damaged: …") to be put after a colon.
fn sentence(clause: &str, lang: Lang) -> String {
    let mut chars = clause.chars();
    let Some(first) = chars.next() else { return String::new() };
    // ASCII only: the clauses start with an English word or a Chinese character, and Unicode's
    // case tables would weigh on the WASM.
    // A clause that starts with a field's path ("producers[0].workload.messages: …") keeps it as
    // the scenario spells it.
    let path = clause.split([' ', ':']).next().is_some_and(|w| w.contains(['.', '[', '_']));
    let first = if path { first } else { first.to_ascii_uppercase() };
    let mut s: String = std::iter::once(first).chain(chars).collect();
    let stop = lang.pick(".", "。");
    if !s.ends_with(['.', '。', '!', '?']) {
        s.push_str(stop);
    }
    s
}

fn e_text(e: &crate::sim::world::CommandError, lang: Lang) -> String {
    crate::i18n::explain::refusal(e, lang)
}
