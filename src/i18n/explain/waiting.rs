//! A client stuck on a server it cannot reach or on a request the network lost, in words: whom it waits on and when it gives up.
//! The cluster view and the node inspector say it, so a consumer that shows "up" and processes
//! nothing is explained where the learner looks.

use super::{node, time, Lang};
use crate::sim::systems::Waiting;
use crate::sim::topology::Topology;

/// "waiting on node1 · gives up at 41.012 s".
pub fn waiting(w: &Waiting, topo: &Topology, lang: Lang) -> String {
    let on = node(topo, w.on);
    match w.gives_up_at {
        Some(at) => {
            let at = time(at, lang);
            lang.pick(format!("waiting on {on} · gives up at {at}"), format!("等待 {on} 回复 · {at}放弃"))
        }
        None => lang.pick(format!("waiting on {on} · no timeout"), format!("等待 {on} 回复 · 不会超时")),
    }
}
