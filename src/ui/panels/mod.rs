//! The panels beside the cluster: the scoreboard, the plots of backlog and throughput, the list of
//! anomalies, and the message inspector.

use yew::prelude::*;

use super::state::AppContext;

/// The live counts. (Skeleton: built by the panels work.)
#[function_component(Scoreboard)]
pub fn scoreboard() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lab = app.lab.borrow();
    let c = lab.run().auditor.running_counts();
    html! { <section class="scoreboard"><p>{ format!("produced {}", c.produced) }</p></section> }
}

/// Backlog and throughput over sim time. (Skeleton.)
#[function_component(Plots)]
pub fn plots() -> Html {
    html! { <section class="plots"></section> }
}

/// Anomalies so far; clicking one inspects its message. (Skeleton.)
#[function_component(Anomalies)]
pub fn anomalies() -> Html {
    html! { <section class="anomalies"></section> }
}

/// The selected message's id, key, status and lifecycle. (Skeleton.)
#[function_component(Inspector)]
pub fn inspector() -> Html {
    html! { <section class="inspector"></section> }
}
