//! The cluster as SVG: producers left, NameServers above, broker groups (master over slaves, each
//! with its commit-log strip) in the middle, consumer groups right, the dedup stores below; messages
//! as dots on the links. Clicking a node or a link opens its faults.

use yew::prelude::*;

use super::state::AppContext;

/// The cluster view. (Skeleton: drawn by the cluster-view work.)
#[function_component(ClusterView)]
pub fn cluster_view() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lab = app.lab.borrow();
    html! {
        <section class="cluster" aria-label="cluster">
            <p>{ format!("{} nodes", lab.run().world.topology().len()) }</p>
        </section>
    }
}
