//! The cluster as SVG: producers left, NameServers above, broker groups (master over slaves, each
//! with its commit-log strip) in the middle, consumer groups right, the dedup stores below; messages
//! as dots on the links. Clicking a node or a link (or Enter on it) opens its faults.
//!
//! One click handler and one key handler serve the whole drawing: they read what was hit from
//! data attributes (`data-msg`, `data-off`, `data-node`, `data-a`), so a frame of 500 dots builds
//! no closures.

mod fault_menu;
mod legend;
mod links;
mod nodes;
pub use nodes::dom_id;
mod server;
mod strip;
// The fault menu's words also name the editor's fault actions.
pub(crate) mod text;

use std::cell::Cell;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::{Action, AppContext, Selection};
use crate::lab::layout::{layout_with, Layout, HEIGHT, WIDTH};
use crate::lab::Session;
use crate::sim::ids::{MsgKey, NodeId};
use crate::sim::topology::Topology;
use fault_menu::{FaultMenu, FaultsPanel};
use legend::Legend;
use links::Links;
use text as t;

/// What only changes with the scenario: the topology and where everything goes.
#[derive(PartialEq)]
pub struct Scene {
    pub topology: Topology,
    pub layout: Layout,
}

/// The cluster view.
#[function_component(ClusterView)]
pub fn cluster_view() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let lab = app.lab.borrow();
    let world = &lab.run().world;
    // Another system's servers get room for as many strips as the fullest of them holds at the start
    // (partitions on a Kafka broker, queues on a RabbitMQ node); the number does not change in a run.
    let server_strips = world
        .topology()
        .servers
        .iter()
        .filter_map(|&s| world.system_node(s).and_then(|n| n.view()))
        .map(|v| v.strips.len())
        .max()
        .unwrap_or(1);
    let scene = use_memo((world.topology().clone(), server_strips), |(topo, strips)| Scene {
        topology: topo.clone(),
        layout: layout_with(topo, *strips),
    });
    let topo = &scene.topology;
    let l = &scene.layout;
    let selected_node = match app.selection {
        Some(Selection::Node(n)) => Some(n),
        _ => None,
    };
    let selected_link = match app.selection {
        Some(Selection::Link(a, b)) => Some((a, b)),
        _ => None,
    };
    let mut cut: Vec<(NodeId, NodeId)> =
        world.network().cuts().map(|&(a, b)| if a.0 <= b.0 { (a, b) } else { (b, a) }).collect();
    cut.dedup();
    let held = world.held_frames();
    let isolated: Vec<NodeId> =
        (0..topo.len() as u16).map(NodeId).filter(|&n| world.network().isolation(n).is_some()).collect();

    let frames =
        l.broker_groups.iter().zip(&topo.broker_groups).map(|(r, g)| frame(r, &g.name, "group-frame broker-frame"));
    let cframes =
        l.consumer_groups.iter().zip(&topo.group_names).map(|(r, n)| frame(r, n, "group-frame consumer-frame"));
    // Once per render: the lines under the groups and the consumers' boxes both say them.
    let waits = world.stuck_waits();
    let wait_of = |id: NodeId| waits.iter().find(|(n, _)| *n == id).map(|(_, w)| w);
    let stuck = l
        .consumer_groups
        .iter()
        .enumerate()
        .map(|(g, r)| nodes::stuck_members(&waits, topo, crate::sim::ids::GroupId(g as u8), r, lang));
    let sframe =
        l.servers.map(|r| frame(&r, t::system_name(&world.scenario().system).get(lang), "group-frame broker-frame"));
    let marks = strip::group_marks(world);
    let nodes = (0..topo.len() as u16).map(NodeId).map(|id| {
        let area = l.strips.get(usize::from(id.0)).copied().flatten();
        let strip = match (area, marks.get(usize::from(id.0)), world.system_node(id).and_then(|n| n.view())) {
            (Some(s), Some(Some((m, span))), _) => strip::strip(m, *span, id, s, topo, lang),
            (Some(s), _, Some(view)) => server::strips(&view, id, s, world.status(id).is_down(), topo, lang),
            _ => html! {},
        };
        let node = nodes::node(world, topo, id, l.node(id), selected_node == Some(id), wait_of(id), lang);
        html! { <>{ node }{ strip }</> }
    });
    let (dots, drops) = links::dots(lab.flights(), &scene, lab.now(), app.linger_us(), lang);

    let onclick = {
        let app = app.clone();
        move |e: MouseEvent| {
            let Some(target) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
                return;
            };
            let action = hit(&target, &app.lab.borrow());
            if matches!(action, Action::Select(Some(_))) {
                request_menu_focus();
            }
            app.dispatch(action);
        }
    };
    let onkeydown = {
        let app = app.clone();
        move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Escape" {
                if let Some(sel) = app.selection {
                    e.prevent_default();
                    app.dispatch(Action::Select(None));
                    focus_origin(sel, &app.lab.borrow());
                }
                return;
            }
            let Some(target) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
                return;
            };
            if key == "ArrowDown" || key == "ArrowUp" {
                if target.matches(".links > [data-a]").unwrap_or(false) {
                    e.prevent_default();
                    focus_next_link(&target, key == "ArrowDown");
                }
                return;
            }
            if key != "Enter" && key != " " {
                return;
            }
            // Only the drawing's own focusable parts; buttons and fields handle their keys.
            if target.closest("[data-node], [data-a]").ok().flatten().is_none()
                || target.closest("#fault-menu, .faults-panel").ok().flatten().is_some()
            {
                return;
            }
            let action = hit(&target, &app.lab.borrow());
            // Space would also play or pause the run (the page's shortcut): this press is ours.
            e.prevent_default();
            e.stop_propagation();
            request_menu_focus();
            app.dispatch(action);
        }
    };
    html! {
        <section class="cluster" aria-label={t::CLUSTER.get(lang)} {onkeydown}>
            <div class="cluster-wrap">
                <div class="cluster-canvas">
                    <FaultsPanel scene={scene.clone()} />
                    <FaultMenu scene={scene.clone()} />
                    <svg class="cluster-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="group"
                        aria-label={t::CLUSTER.get(lang)} {onclick}>
                        { for frames }
                        { for sframe }
                        { for cframes }
                        { for stuck }
                        <Links scene={scene.clone()} {cut} {isolated} {held} selected={selected_link} {lang} />
                        { dots }
                        <g class="nodes">{ for nodes }</g>
                        { drops }
                    </svg>
                    <Legend {lang} system={world.scenario().system.which()}
                        replicates={crate::lab::legend::replicates(world.scenario())}
                        flushes={crate::lab::legend::flushes(world.scenario())}
                        kinds={crate::lab::legend::kinds_sent(world.scenario())} />
                </div>
            </div>
        </section>
    }
}

fn frame(r: &crate::lab::layout::Rect, name: &str, class: &'static str) -> Html {
    html! {
        <g class={class}>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="8" />
            <text x={(r.x + 6).to_string()} y={(r.y + 13).to_string()}>{ name.to_owned() }</text>
        </g>
    }
}

/// What a click or key press on `target` means: inspect a message (a dot, a drop mark, a strip
/// cell), select a node or a link, or clear the selection.
fn hit(target: &web_sys::Element, lab: &Session) -> Action {
    let find = |sel: &str| target.closest(sel).ok().flatten();
    let attr = |el: &web_sys::Element, name: &str| el.get_attribute(name).unwrap_or_default();
    if let Some(el) = find("[data-msg]") {
        if let Some(key) = parse_key(&attr(&el, "data-msg")) {
            return Action::Inspect { key, at: None };
        }
    }
    let world = &lab.run().world;
    if let Some(el) = find("[data-server]") {
        let server = attr(&el, "data-server").parse::<u16>().ok().and_then(|s| world.system_node(NodeId(s)));
        let strip = attr(&el, "data-strip").parse::<usize>().ok();
        let end = attr(&el, "data-off").parse::<u64>().ok();
        if let (Some(n), Some(strip), Some(end)) = (server, strip, end) {
            // The newest message in the cell's stretch that the server still holds.
            let start = n.view().and_then(|v| v.strips.get(strip).map(|s| (s.start, s.end)));
            if let Some((start, written)) = start {
                let hit = (start..end.min(written)).rev().take(64).find_map(|o| n.msg_at(strip, o));
                if let Some(msg) = hit {
                    return Action::Inspect { key: msg.key, at: None };
                }
            }
        }
    }
    if let Some(el) = find("[data-off]") {
        let broker = attr(&el, "data-broker").parse::<u16>().ok().and_then(|b| world.broker(NodeId(b)));
        let end = attr(&el, "data-off").parse::<u64>().ok();
        if let (Some(b), Some(end)) = (broker, end) {
            // The latest entry below the cell's end: the newest message in that stretch of log.
            let last = end.min(b.log().written());
            if let Some(entry) = last.checked_sub(1).and_then(|o| b.log().entry(o)) {
                return Action::Inspect { key: entry.msg.id.key, at: None };
            }
        }
    }
    // A server's strips lie in its box: what is not a message there is the box (its fault menu).
    if let Some(el) = find("[data-strips-of]") {
        if let Some(id) = world.topology().find(&attr(&el, "data-strips-of")) {
            return Action::Select(Some(Selection::Node(id)));
        }
    }
    if let Some(el) = find("[data-node]") {
        if let Some(id) = world.topology().find(&attr(&el, "data-node")) {
            return Action::Select(Some(Selection::Node(id)));
        }
    }
    if let Some(el) = find("[data-a]") {
        let a = attr(&el, "data-a").parse::<u16>();
        let b = attr(&el, "data-b").parse::<u16>();
        if let (Ok(a), Ok(b)) = (a, b) {
            return Action::Select(Some(Selection::Link(NodeId(a), NodeId(b))));
        }
    }
    Action::Select(None)
}

thread_local! {
    /// Set when the learner opened a menu from the drawing (not from the Faults list, where focus
    /// must stay in the list); the menu takes it once it has rendered.
    static MENU_FOCUS: Cell<bool> = const { Cell::new(false) };
}

pub(crate) fn request_menu_focus() {
    MENU_FOCUS.with(|f| f.set(true));
}

/// Take the focus off whatever holds it, so that the page's keys (Space: play) work next.
pub(crate) fn release_focus() {
    let active = gloo::utils::document().active_element();
    if let Some(h) = active.as_ref().and_then(|el| el.dyn_ref::<web_sys::HtmlElement>()) {
        let _ = h.blur();
    }
}

/// Whether the menu should take the focus now (answers yes once per request).
pub(crate) fn take_menu_focus() -> bool {
    MENU_FOCUS.with(Cell::take)
}

/// `data-msg="producer.seq"` back to a key.
fn parse_key(s: &str) -> Option<MsgKey> {
    let (p, seq) = s.split_once('.')?;
    Some(MsgKey { producer: p.parse().ok()?, seq: seq.parse().ok()? })
}

pub(crate) fn focus_first(selector: &str) {
    let el = gloo::utils::document().query_selector(selector).ok().flatten();
    if let Some(el) = el {
        if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = h.focus();
        } else if let Some(s) = el.dyn_ref::<web_sys::SvgElement>() {
            let _ = s.focus();
        }
    }
}

/// Move the focus from `link` to the next (or previous) link of the drawing, round the end.
fn focus_next_link(link: &web_sys::Element, forward: bool) {
    let Ok(all) = gloo::utils::document().query_selector_all(".links > [data-a]") else { return };
    let n = all.length();
    let Some(here) = (0..n).find(|&i| all.get(i).is_some_and(|node| node.is_same_node(Some(link)))) else { return };
    let next = if forward { (here + 1) % n } else { (here + n - 1) % n };
    if let Some(el) = all.get(next).and_then(|node| node.dyn_into::<web_sys::SvgElement>().ok()) {
        let _ = el.focus();
    }
}

/// After Escape, back to the node or link whose menu was open.
fn focus_origin(sel: Selection, lab: &Session) {
    match sel {
        Selection::Node(id) => focus_first(&format!("#{}", nodes::dom_id(lab.run().world.topology().name(id)))),
        Selection::Link(a, b) => {
            focus_first(&format!("[data-a=\"{}\"][data-b=\"{}\"], [data-a=\"{}\"][data-b=\"{}\"]", a.0, b.0, b.0, a.0))
        }
        Selection::Message(_) => {}
    }
}
