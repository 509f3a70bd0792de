//! Faults by hand. Selecting a node or a link opens its menu next to it: kill, restart, lose the
//! disk, pause, isolate for a node; drop or delay the next message of a chosen kind, cut and heal
//! for a link. The "Faults" button in the corner of the stage lists every node (and the link to
//! any other), so all of it is reachable without a mouse. Every button sends a `Command`, which
//! the session records in the action log at the current sim time.

use std::rc::Rc;

use yew::prelude::*;

use super::nodes::{role_text, Look};
use super::text as t;
use super::Scene;
use crate::i18n::explain;
use crate::lab::layout::{Rect, HEIGHT, WIDTH};
use crate::sim::command::{Command, Direction};
use crate::sim::ids::NodeId;
use crate::sim::wire::MsgKind;
use crate::ui::state::{Action, AppContext, Selection};
use crate::ui::text::Text;

/// Id of the open menu (the view focuses its first control when it opens from the keyboard).
pub const MENU_ID: &str = "fault-menu";

#[derive(Properties, PartialEq)]
pub struct MenuProps {
    pub scene: Rc<Scene>,
}

/// Where the menu sits: beside its anchor, on the side with more room, as percentages of the
/// canvas (the canvas keeps the viewBox's aspect ratio, so they match the drawing).
fn position(r: Rect) -> String {
    let h = if r.x + r.w / 2 < WIDTH / 2 {
        format!("left:{:.1}%", f64::from(r.x + r.w + 8) * 100.0 / f64::from(WIDTH))
    } else {
        format!("right:{:.1}%", f64::from(WIDTH - r.x + 8) * 100.0 / f64::from(WIDTH))
    };
    let v = if r.y < HEIGHT / 2 {
        format!("top:{:.1}%", f64::from(r.y.max(0)) * 100.0 / f64::from(HEIGHT))
    } else {
        format!("bottom:{:.1}%", f64::from(HEIGHT - r.y - r.h).max(0.0) * 100.0 / f64::from(HEIGHT))
    };
    format!("{h};{v}")
}

/// The menu of the selected node or link, if one is selected.
#[function_component(FaultMenu)]
pub fn fault_menu(p: &MenuProps) -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let kind = use_state(|| None::<MsgKind>);
    let reverse = use_state(|| false);
    // The delay as typed: the menu is redrawn every frame while the run plays, and a redraw sets an
    // input back to the value it was drawn with, so that value must follow every keystroke.
    let delay_text = use_state(|| "2000".to_string());
    let delay_ms =
        delay_text.trim().parse::<u64>().map_or(2_000, |ms| ms.min(crate::scenario::limits::MAX_INTERVAL_MS));
    // After every render: a menu just opened from the drawing, or one whose buttons an action
    // replaced (Kill gives way to Restart), takes the focus so the keyboard is not left on <body>.
    use_effect(|| {
        if super::take_menu_focus() {
            super::focus_first(&format!("#{MENU_ID} button:not(.fault-close), #{MENU_ID} select"));
        }
    });
    let lang = app.lang;
    let topo = &p.scene.topology;
    let layout = &p.scene.layout;
    let button = |id: &'static str, label: Text, command: Command| {
        let dispatch = app.dispatcher();
        html! {
            <button type="button" class="button fault-button" id={id}
                onclick={move |e: MouseEvent| {
                    // From the keyboard (a click without a pointer), the menu keeps the focus for
                    // the next key. From the mouse, the focus leaves it: otherwise the clicked
                    // button, now Restart, would take the Space meant for play.
                    if e.detail() == 0 {
                        super::request_menu_focus();
                    } else {
                        super::release_focus();
                    }
                    dispatch.dispatch(Action::Act(command.clone()));
                }}>{ label.get(lang) }</button>
        }
    };
    let close = {
        let dispatch = app.dispatcher();
        html! {
            <button type="button" class="fault-close" aria-label={t::CLOSE.get(lang)} title={t::CLOSE.get(lang)}
                onclick={move |_| dispatch.dispatch(Action::Select(None))}>{ "×" }</button>
        }
    };
    match app.selection {
        Some(Selection::Node(id)) => {
            let lab = app.lab.borrow();
            let world = &lab.run().world;
            let look = Look::of(world, id);
            let name = topo.name(id).to_owned();
            let node = || name.clone();
            let mut buttons = Vec::new();
            match look {
                Look::Up | Look::Partitioned => {
                    buttons.push(button("fault-crash", t::CRASH, Command::Crash { node: node() }));
                    buttons.push(button("fault-pause", t::PAUSE, Command::Pause { node: node() }));
                    buttons.push(button("fault-lose-disk", t::LOSE_DISK, Command::LoseDisk { node: node() }));
                }
                Look::Paused => {
                    buttons.push(button("fault-resume", t::RESUME, Command::Resume { node: node() }));
                    buttons.push(button("fault-crash", t::CRASH, Command::Crash { node: node() }));
                    buttons.push(button("fault-lose-disk", t::LOSE_DISK, Command::LoseDisk { node: node() }));
                }
                Look::Crashed => {
                    buttons.push(button("fault-restart", t::RESTART, Command::Restart { node: node() }));
                    buttons.push(button("fault-lose-disk", t::LOSE_DISK, Command::LoseDisk { node: node() }));
                }
                Look::DiskLost | Look::NotStarted => {}
            }
            let isolated = world.network().isolation(id).is_some();
            let touches_cut = world.network().cuts().any(|&(a, b)| a == id || b == id);
            if isolated || touches_cut {
                buttons.push(button("fault-heal-node", t::HEAL_NODE, Command::HealNode { node: node() }));
            }
            if !isolated && look != Look::DiskLost {
                buttons.push(button(
                    "fault-isolate",
                    t::ISOLATE,
                    Command::Isolate { node: node(), direction: Direction::Both },
                ));
            }
            let label = format!("{} {name}", t::FAULTS_FOR.get(lang));
            html! {
                <div id={MENU_ID} class="fault-menu" role="group" aria-label={label} style={position(layout.node(id))}>
                    <div class="fault-head">
                        <strong>{ name.clone() }</strong>
                        <span class="muted">{ role_text(topo.role(id)).get(lang) }{ " · " }{ look.icon() }{ " " }{ look.text().get(lang) }</span>
                        { close }
                    </div>
                    <div class="fault-buttons">{ for buttons }</div>
                    if look == Look::NotStarted {
                        <p class="small muted fault-hint" id="fault-not-started">{ t::NOT_STARTED_HINT.get(lang) }</p>
                    }
                </div>
            }
        }
        Some(Selection::Link(a, b)) => {
            let (from, to) = if *reverse { (b, a) } else { (a, b) };
            let (fname, tname) = (topo.name(from).to_owned(), topo.name(to).to_owned());
            let (ax, ay) = layout.node(a).centre();
            let (bx, by) = layout.node(b).centre();
            let anchor = Rect::new((ax + bx) / 2, (ay + by) / 2, 1, 1);
            let on_kind = {
                let kind = kind.clone();
                move |e: Event| {
                    let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                    kind.set(v.parse::<usize>().ok().and_then(|i| MsgKind::ALL.get(i).copied()));
                }
            };
            let on_dir = {
                let reverse = reverse.clone();
                move |e: Event| reverse.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value() == "1")
            };
            let on_delay = {
                let delay_text = delay_text.clone();
                move |e: InputEvent| delay_text.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
            };
            // Only the kinds this link carries in the chosen direction: a rule for another kind
            // would wait for a message that never comes.
            let sent = match (topo.role(from), topo.role(to)) {
                (Some(f), Some(t)) => crate::lab::link_kinds::kinds_on_link(app.lab.borrow().scenario(), f, t),
                _ => Vec::new(),
            };
            // A kind chosen for the other direction, and not carried in this one, is not kept.
            let chosen = (*kind).filter(|k| sent.contains(k));
            let kinds = MsgKind::ALL.iter().enumerate().filter(|(_, k)| sent.contains(k)).map(|(i, &k)| {
                html! { <option value={i.to_string()} selected={chosen == Some(k)}>{ explain::kind(k, topo.system_kind(), lang) }</option> }
            });
            let (n1, n2) = (topo.name(a), topo.name(b));
            let label = format!("{} {} {n1} — {n2}", t::FAULTS_FOR.get(lang), t::LINK.get(lang));
            // Offer what can be done: cut while a direction is open, heal once one is cut.
            let (cut_ab, cut_ba) = {
                let lab = app.lab.borrow();
                let cuts: Vec<(NodeId, NodeId)> = lab.run().world.network().cuts().copied().collect();
                (cuts.contains(&(a, b)), cuts.contains(&(b, a)))
            };
            // One way, in the direction chosen above (a follower that still asks but never hears back).
            let chosen_cut = if *reverse { cut_ba } else { cut_ab };
            let cut_one_way = Command::Cut { from: fname.clone(), to: tname.clone(), one_way: true };
            let drop = Command::DropNext { from: Some(fname.clone()), to: Some(tname.clone()), kind: chosen, count: 1 };
            let delay = Command::DelayNext { from: Some(fname), to: Some(tname), kind: chosen, count: 1, delay_ms };
            html! {
                <div id={MENU_ID} class="fault-menu" role="group" aria-label={label} style={position(anchor)}>
                    <div class="fault-head">
                        <strong>{ format!("{n1} — {n2}") }</strong>
                        { close }
                    </div>
                    <label class="fault-field">
                        <span>{ t::DIRECTION.get(lang) }</span>
                        <select id="fault-direction" onchange={on_dir}>
                            <option value="0" selected={!*reverse}>{ format!("{n1} → {n2}") }</option>
                            <option value="1" selected={*reverse}>{ format!("{n2} → {n1}") }</option>
                        </select>
                    </label>
                    <label class="fault-field">
                        <span>{ t::KIND.get(lang) }</span>
                        <select id="fault-kind" onchange={on_kind}>
                            <option value="" selected={chosen.is_none()}>{ t::ANY_KIND.get(lang) }</option>
                            { for kinds }
                        </select>
                    </label>
                    <div class="fault-buttons">
                        { button("fault-drop-next", t::DROP_NEXT, drop) }
                    </div>
                    // The delay is set before the button that uses it, on one line with it.
                    <div class="fault-buttons fault-delay-row">
                        <label class="fault-field fault-delay">
                            <span>{ t::DELAY_MS.get(lang) }</span>
                            <input id="fault-delay-ms" type="number" min="0" step="100" value={(*delay_text).clone()} oninput={on_delay} />
                        </label>
                        { button("fault-delay-next", t::DELAY_NEXT, delay) }
                    </div>
                    <div class="fault-buttons">
                        if !(cut_ab && cut_ba) {
                            { button("fault-cut", t::CUT_LINK, Command::Cut { from: n1.to_owned(), to: n2.to_owned(), one_way: false }) }
                        }
                        if !chosen_cut {
                            { button("fault-cut-one-way", t::CUT_ONE_WAY, cut_one_way) }
                        }
                        if cut_ab || cut_ba {
                            { button("fault-heal-link", t::HEAL_LINK, Command::HealLink { from: n1.to_owned(), to: n2.to_owned() }) }
                        }
                    </div>
                </div>
            }
        }
        _ => html! {},
    }
}

/// The keyboard way in: a button that opens a list of nodes and links to pick, and "heal all".
#[function_component(FaultsPanel)]
pub fn faults_panel(p: &MenuProps) -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let open = use_state(|| false);
    let lang = app.lang;
    let topo = &p.scene.topology;
    let (node, peer) = match app.selection {
        Some(Selection::Node(n)) => (Some(n), None),
        Some(Selection::Link(a, b)) => (Some(a), Some(b)),
        _ => (None, None),
    };
    let toggle = {
        let open = open.clone();
        move |_| open.set(!*open)
    };
    let on_node = {
        let dispatch = app.dispatcher();
        move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let sel = v.parse::<u16>().ok().map(|i| Selection::Node(NodeId(i)));
            dispatch.dispatch(Action::Select(sel));
        }
    };
    let on_peer = {
        let dispatch = app.dispatcher();
        move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some(n) = node {
                let sel = match v.parse::<u16>() {
                    Ok(i) if i != n.0 => Selection::Link(n, NodeId(i)),
                    _ => Selection::Node(n),
                };
                dispatch.dispatch(Action::Select(Some(sel)));
            }
        }
    };
    let options = |current: Option<NodeId>, skip: Option<NodeId>| {
        (0..topo.len() as u16)
            .map(NodeId)
            .filter(move |&id| Some(id) != skip)
            .map(move |id| html! { <option value={id.0.to_string()} selected={current == Some(id)}>{ topo.name(id) }</option> })
            .collect::<Html>()
    };
    let heal_all = {
        let dispatch = app.dispatcher();
        move |_| dispatch.dispatch(Action::Act(Command::HealAll))
    };
    html! {
        <div class="faults-panel">
            <button type="button" id="faults-button" class="button" aria-expanded={open.to_string()} aria-controls="faults-list" onclick={toggle}>
                { "⚡ " }{ t::FAULTS.get(lang) }{ if *open { " ▴" } else { " ▾" } }
            </button>
            if *open {
                <div id="faults-list" class="faults-list" role="group" aria-label={t::FAULTS.get(lang)}>
                    <label class="fault-field">
                        <span>{ t::CHOOSE_NODE.get(lang) }</span>
                        <select id="fault-node" onchange={on_node}>
                            <option value="" selected={node.is_none()}>{ "—" }</option>
                            { options(node, None) }
                        </select>
                    </label>
                    if node.is_some() {
                        <label class="fault-field">
                            <span>{ t::CHOOSE_PEER.get(lang) }</span>
                            <select id="fault-peer" onchange={on_peer}>
                                <option value="" selected={peer.is_none()}>{ t::NO_PEER.get(lang) }</option>
                                { options(peer, node) }
                            </select>
                        </label>
                    }
                    <button type="button" id="fault-heal-all" class="button" onclick={heal_all}>{ t::HEAL_ALL.get(lang) }</button>
                </div>
            }
        </div>
    }
}
