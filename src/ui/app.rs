//! The page as a whole: the top bar, notices, the cluster in the centre, the panels on the right and
//! the timeline at the bottom. Owns the reducer, the animation clock and the keyboard shortcuts.

use yew::prelude::*;

use super::boot;
use super::cluster::ClusterView;
use super::compare::Compare;
use super::editor::Editor;
use super::keys::use_keyboard;
use super::lesson::{LessonCard, LessonList};
use super::notices::Notices;
use super::panels::{Anomalies, Inspector, Plots, Scoreboard};
use super::player::use_player;
use super::state::{AppContext, Pane};
use super::sweep::Sweep;
use super::timeline::Timeline;
use super::topbar::TopBar;

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(boot::initial_state);
    use_player(&state);
    use_keyboard(&state);
    boot::use_document_sync(&state);
    boot::use_link_follow(&state);

    let main = match state.pane {
        Pane::Lab => html! { <ClusterView /> },
        Pane::Editor => html! { <Editor /> },
        Pane::Compare => html! { <Compare /> },
        Pane::Lessons => html! { <LessonList /> },
        Pane::Sweep => html! { <Sweep /> },
    };
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <div class="lab">
                <TopBar />
                <Notices />
                <main class="stage" id="stage">{ main }</main>
                <aside class="side">
                    <LessonCard />
                    <Scoreboard />
                    <Plots />
                    <Anomalies />
                    <Inspector />
                </aside>
                <Timeline />
            </div>
        </ContextProvider<AppContext>>
    }
}
