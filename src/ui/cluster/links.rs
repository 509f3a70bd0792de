//! Links and what travels on them. Links are thin lines (a cut or isolated one dashed red) with a
//! wide transparent stroke to click; they only change when a fault does, so they are a component
//! that Yew skips while the props stay equal. Messages are dots drawn every frame: at most
//! `MAX_DOTS`, each a circle with a static class and two coordinates, and a data attribute naming
//! its business message for the click handler (one handler for the whole view, not one per dot).

use std::rc::Rc;

use yew::prelude::*;

use super::text as t;
use super::Scene;
use crate::i18n::{explain, Lang};
use crate::lab::layout::{LinkRole, Rect};
use crate::lab::Flights;
use crate::sim::ids::NodeId;
use crate::sim::time::SimTime;
use crate::sim::wire::MsgKind;

/// Dots drawn at most; beyond this the view draws a sample and says so.
pub const MAX_DOTS: usize = 600;
/// Drop marks drawn at most.
const MAX_DROPS: usize = 80;

/// The CSS classes of a dot of each kind (static: no formatting per dot per frame).
pub fn dot_class(k: MsgKind) -> &'static str {
    match k {
        MsgKind::Send => "dot dot-send",
        MsgKind::SendResult => "dot dot-send_result",
        MsgKind::Pull => "dot dot-pull",
        MsgKind::PullResult => "dot dot-pull_result",
        MsgKind::ConsumerAck => "dot dot-consumer_ack",
        MsgKind::Replicate => "dot dot-replicate",
        MsgKind::ReplicateAck => "dot dot-replicate_ack",
        MsgKind::Heartbeat => "dot dot-heartbeat",
        MsgKind::Route => "dot dot-route",
        MsgKind::Rebalance => "dot dot-rebalance",
        MsgKind::SendBack => "dot dot-send_back",
        MsgKind::Dedup => "dot dot-dedup",
        MsgKind::Conn => "dot dot-conn",
        MsgKind::Election => "dot dot-election",
    }
}

fn role_class(r: LinkRole) -> &'static str {
    match r {
        LinkRole::Produce => "link link-produce",
        LinkRole::Replicate => "link link-replicate",
        LinkRole::Consume => "link link-consume",
        LinkRole::Discover => "link link-discover",
        LinkRole::Dedup => "link link-dedup",
    }
}

#[derive(Properties, PartialEq)]
pub struct LinksProps {
    pub scene: Rc<Scene>,
    /// Cut node pairs, smaller id first.
    pub cut: Vec<(NodeId, NodeId)>,
    /// Nodes the network isolates.
    pub isolated: Vec<NodeId>,
    /// Frames a partition holds on a pair of nodes (smaller id first), on links that hold them.
    pub held: Vec<((NodeId, NodeId), u32)>,
    pub selected: Option<(NodeId, NodeId)>,
    pub lang: Lang,
}

fn ordered(a: NodeId, b: NodeId) -> (NodeId, NodeId) {
    if a.0 <= b.0 {
        (a, b)
    } else {
        (b, a)
    }
}

/// Every drawn link, plus a line for any cut that joins two nodes without one.
#[function_component(Links)]
pub fn links(p: &LinksProps) -> Html {
    let topo = &p.scene.topology;
    let layout = &p.scene.layout;
    let first = layout.links.first().map_or((NodeId(0), NodeId(0)), |l| ordered(l.a, l.b));
    let line = |a: NodeId, b: NodeId, class: &'static str| {
        let pair = ordered(a, b);
        let cut = p.cut.contains(&pair) || p.isolated.contains(&a) || p.isolated.contains(&b);
        let selected = p.selected.is_some_and(|(x, y)| ordered(x, y) == pair);
        let (ax, ay) = layout.node(a).centre();
        let (bx, by) = layout.node(b).centre();
        let mut label = format!("{} {} — {}", t::LINK.get(p.lang), topo.name(a), topo.name(b));
        if cut {
            label.push_str(", ");
            label.push_str(t::CUT.get(p.lang));
        }
        let held = p.held.iter().find(|h| h.0 == pair).map(|h| h.1);
        let held_text = held.map(|n| t::held_frames(n, p.lang));
        if let Some(h) = &held_text {
            label.push_str(p.lang.pick(", ", "，"));
            label.push_str(h);
        }
        // One tab stop for all the links, which come before the nodes: the selected one, else the
        // first; ↑ and ↓ move between them (a tab stop each put some twenty before the first node).
        let stop = match p.selected {
            Some(_) => selected,
            None => pair == first,
        };
        let tabindex = if stop { "0" } else { "-1" };
        let (x1, y1, x2, y2) = (ax.to_string(), ay.to_string(), bx.to_string(), by.to_string());
        html! {
            <g class={classes!(class, cut.then_some("link-cut"), selected.then_some("selected"))}
                data-a={a.0.to_string()} data-b={b.0.to_string()} tabindex={tabindex} role="button"
                aria-haspopup="true" aria-label={label.clone()}>
                <title>{ label }</title>
                <line class="link-hit" x1={x1.clone()} y1={y1.clone()} x2={x2.clone()} y2={y2.clone()} />
                <line class="link-line" {x1} {y1} {x2} {y2} />
                if let Some(h) = held_text {
                    <text class="link-held" x={((ax + bx) / 2).to_string()} y={((ay + by) / 2 - 4).to_string()}
                        text-anchor="middle">{ h }</text>
                }
            </g>
        }
    };
    let drawn = layout.links.iter().map(|l| line(l.a, l.b, role_class(l.role)));
    let extra = p
        .cut
        .iter()
        .filter(|&&(a, b)| !layout.links.iter().any(|l| ordered(l.a, l.b) == (a, b)))
        .map(|&(a, b)| line(a, b, "link link-other"));
    html! { <g class="links" role="group" aria-label={t::LINKS_KEYS.get(p.lang)}>{ for drawn }{ for extra }</g> }
}

/// Where the line from `r`'s centre towards (`dx`, `dy`) leaves `r`, as a fraction of the way.
fn exit_fraction(r: Rect, dx: f64, dy: f64) -> f64 {
    let tx = if dx == 0.0 { f64::INFINITY } else { f64::from(r.w) / 2.0 / dx.abs() };
    let ty = if dy == 0.0 { f64::INFINITY } else { f64::from(r.h) / 2.0 / dy.abs() };
    tx.min(ty).min(0.5)
}

/// A point `permille` of the way from the edge of `a` to the edge of `b` (dots never sit on a
/// node, where they would hide it and catch its clicks), shifted a little to the right of the
/// direction of travel so that a request and its reply do not hide each other.
fn along(a: Rect, b: Rect, permille: u64, from_low: bool) -> (i32, i32) {
    let (ax, ay) = a.centre();
    let (bx, by) = b.centre();
    let (dx, dy) = (f64::from(bx - ax), f64::from(by - ay));
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let side = if from_low { 3.0 } else { -3.0 };
    let start = exit_fraction(a, dx, dy);
    let end = 1.0 - exit_fraction(b, dx, dy);
    let p = start + (end - start).max(0.0) * permille as f64 / 1000.0;
    let x = f64::from(ax) + dx * p - dy / len * side;
    let y = f64::from(ay) + dy * p + dx / len * side;
    (x.round() as i32, y.round() as i32)
}

/// Messages on the wire and recent drops, at `now`. The dots go under the nodes (a link may pass
/// behind a node, and a node must stay clickable); the drop marks go over them.
pub fn dots(flights: &Flights, scene: &Scene, now: SimTime, linger_us: u64, lang: Lang) -> (Html, Html) {
    let layout = &scene.layout;
    let count = flights.visible(now, linger_us).count();
    // Past the cap, every k-th message: a fair sample of every link and kind, not just the oldest.
    let stride = count.div_ceil(MAX_DOTS).max(1);
    let mut circles = Vec::with_capacity(count.min(MAX_DOTS));
    for f in flights.visible(now, linger_us).step_by(stride) {
        let (x, y) =
            along(layout.node(f.from), layout.node(f.to), f.progress_permille(now, linger_us), f.from.0 < f.to.0);
        let msg = f.msg.map(|m| format!("{}.{}", m.key.producer, m.key.seq));
        circles.push(html! {
            <circle class={dot_class(f.kind)} cx={x.to_string()} cy={y.to_string()} r={if f.delayed { "5" } else { "3.5" }} data-msg={msg} />
        });
    }
    let circles_len = circles.len();
    let drops = flights.recent_drops(now, linger_us).take(MAX_DROPS).map(|d| {
        let (x, y) = along(layout.node(d.from), layout.node(d.to), 500, d.from.0 < d.to.0);
        let age = now.as_us().saturating_sub(d.at.as_us());
        // Fades from opaque to a tenth over the linger time.
        let opacity = 100 - (age * 90 / linger_us.max(1)).min(90);
        let label = format!("{}{}{}", t::DROPPED.get(lang), lang.colon(), explain::kind(d.kind, scene.topology.system_kind(), lang));
        let msg = d.msg.map(|m| format!("{}.{}", m.key.producer, m.key.seq));
        html! {
            <g class="drop" opacity={format!("{}.{:02}", opacity / 100, opacity % 100)} data-msg={msg} aria-label={label.clone()}>
                <title>{ label }</title>
                <circle cx={x.to_string()} cy={y.to_string()} r="6.5" />
                <text x={x.to_string()} y={(y + 3).to_string()} text-anchor="middle">{ "✕" }</text>
            </g>
        }
    });
    let dots = html! {
        <g class="dots" aria-label={format!("{}{}{count}", t::MESSAGES_IN_FLIGHT.get(lang), lang.colon())}>
            { for circles }
            if stride > 1 {
                <text class="dots-more" x="995" y="520" text-anchor="end">
                    { format!("{} / {count} {}", circles_len, t::DRAWN.get(lang)) }
                </text>
            }
        </g>
    };
    (dots, html! { <g class="drops">{ for drops }</g> })
}
