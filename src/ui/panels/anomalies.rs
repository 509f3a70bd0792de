//! The anomalies found so far (duplicates, losses, dead letters), newest first, each with the
//! fault that caused it. Clicking one opens its message in the inspector and moves the cursor to
//! when it happened (for a loss, to the last thing that caused it). Anomaly markers the timeline
//! already knows beyond the cursor are listed too.

use std::collections::BTreeSet;

use yew::prelude::*;

use super::live;
use super::text::{self as t};
use crate::i18n::explain;
use crate::lab::live::jump_time;
use crate::lab::markers::MarkerKind;
use crate::lab::paging::{page_range, PER_PAGE};
use crate::sim::audit::report::AnomalyKind;
use crate::sim::ids::MsgKey;
use crate::ui::state::{Action, AppContext};

/// A new page, or the anomaly just inspected, starts at the top of the list's own scroll.
fn list_to_top() {
    if let Some(list) = gloo::utils::document().get_element_by_id("anomaly-list") {
        list.set_scroll_top(0);
    }
}

fn kind_class(k: AnomalyKind) -> &'static str {
    match k {
        AnomalyKind::Lost => "anomaly-lost",
        AnomalyKind::DuplicateEffect => "anomaly-duplicate",
        AnomalyKind::DuplicateCaught => "anomaly-caught",
        AnomalyKind::DeadLettered => "anomaly-dlq",
        AnomalyKind::DeliveredAfterRollback | AnomalyKind::Unconfirmed => "anomaly-lost",
        AnomalyKind::OutOfOrder | AnomalyKind::OutOfOrderReplay => "anomaly-duplicate",
    }
}

#[function_component(Anomalies)]
pub fn anomalies() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let page = use_state(|| 0usize);
    let lang = app.lang;
    let live = live(&app);
    let lab = app.lab.borrow();
    let topo = lab.run().world.topology();
    let all = &live.anomalies;
    let (shown_page, range) = page_range(all.len(), *page);
    let first_shown = all.len() - range.end + 1;
    let last_shown = all.len() - range.start;
    let items = all[range].iter().rev().map(|a| {
        let at = jump_time(a);
        let key = a.key;
        let dispatch = app.dispatcher();
        // The cursor moves back to the anomaly, where it is among the newest: page 0 shows it.
        let page = page.clone();
        let headline = explain::headline(a, topo, lang);
        let causes: Vec<String> = a.causes.iter().map(|c| explain::cause(c, topo, lang)).collect();
        let when = explain::time(at, lang);
        let label = format!("{} {}{}{}", t::INSPECT_AT.get(lang), when, lang.colon(), headline);
        html! {
            <li class={classes!("anomaly", kind_class(a.kind))}>
                <button type="button" class="anomaly-button" aria-label={label}
                    onclick={move |_| {
                        page.set(0);
                        list_to_top();
                        dispatch.dispatch(Action::Inspect { key, at: Some(at) })
                    }}>
                    <span class="anomaly-time">{ when }</span>
                    <span class="anomaly-headline">{ headline }</span>
                </button>
                <ul class="causes">{ for causes.into_iter().map(|c| html! { <li>{ c }</li> }) }</ul>
            </li>
        }
    });
    // Whole-run anomaly markers (if the session knows the run): those beyond the cursor, and those
    // before it that are not certain yet (a message the group skipped is lost only once the run
    // ends, though its marker stands where the harm was done).
    let now = lab.now();
    let listed: BTreeSet<MsgKey> = all.iter().map(|a| a.key).collect();
    let ahead: Vec<_> = lab
        .markers()
        .into_iter()
        .filter(|m| m.kind == MarkerKind::Anomaly && (m.at > now || m.key.is_some_and(|k| !listed.contains(&k))))
        .collect();
    let later = ahead.iter().take(PER_PAGE).filter_map(|m| {
        let key = m.key?;
        let at = m.at;
        let dispatch = app.dispatcher();
        let when = explain::time(at, lang);
        Some(html! {
            <li class="anomaly anomaly-later">
                <button type="button" class="anomaly-button" aria-label={format!("{} {}{}{}", t::INSPECT_AT.get(lang), when, lang.colon(), m.label(lang))}
                    onclick={move |_| dispatch.dispatch(Action::Inspect { key, at: Some(at) })}>
                    <span class="anomaly-time">{ when }</span>
                    <span class="anomaly-headline">{ m.label(lang) }</span>
                </button>
            </li>
        })
    });
    let count = all.len();
    html! {
        <section class="panel anomalies" aria-labelledby="anomalies-title">
            <details open=true>
                <summary>
                    <h2 id="anomalies-title" class="panel-title">
                        { t::ANOMALIES.get(lang) }
                        <span id="anomaly-count" class={classes!("badge", (count > 0).then_some("alarm"))}>{ count }</span>
                    </h2>
                </summary>
                if count == 0 {
                    <p class="muted small">{ t::NO_ANOMALIES.get(lang) }</p>
                } else {
                    if count > PER_PAGE {
                        <div class="anomaly-pager">
                            <button type="button" class="button" id="anomalies-newer" disabled={shown_page == 0}
                                onclick={let page = page.clone(); move |_| { page.set(shown_page.saturating_sub(1)); list_to_top() }}>
                                { t::NEWER.get(lang) }
                            </button>
                            <span class="muted small" id="anomaly-range">
                                { t::range_of(first_shown, last_shown, count, lang) }
                            </span>
                            <button type="button" class="button" id="anomalies-older" disabled={last_shown == count}
                                onclick={let page = page.clone(); move |_| { page.set(shown_page + 1); list_to_top() }}>
                                { t::OLDER.get(lang) }
                            </button>
                        </div>
                    }
                    <ol class="anomaly-list" id="anomaly-list">{ for items }</ol>
                }
                if !ahead.is_empty() {
                    <h3 class="panel-subtitle">{ t::LATER_IN_RUN.get(lang) }</h3>
                    if ahead.len() > PER_PAGE { <p class="muted small">{ t::soonest_of(PER_PAGE, ahead.len(), lang) }</p> }
                    <ol class="anomaly-list">{ for later }</ol>
                }
            </details>
        </section>
    }
}
