//! Nodes as the learner sees them: a box coloured by state with an icon and a word for it, the
//! node's name, and for a producer whose route still names a dead master a "stale route" badge.
//! Everything a colour says is also in the `aria-label` and the `<title>`.

use crate::lab::routes::stale_route;
use yew::prelude::*;

use super::text as t;
use crate::i18n::Lang;
use crate::lab::layout::Rect;
use crate::lab::text_fit::wrap_phrases;
use crate::sim::command::Direction;
use crate::sim::ids::{GroupId, NodeId};
use crate::sim::systems::Waiting;
use crate::sim::topology::{Role, Topology};
use crate::sim::world::{NodeStatus, World};
use crate::ui::text::Text;

/// `text` cut with "…" to fit `width` units at font size `fs`, estimating a Latin character at
/// 0.62 em and any other (Chinese) at 1 em: SVG text does not cut itself, and measuring it would
/// take the DOM on every frame.
fn fit(text: &str, width: i32, fs: i32) -> String {
    let w = |c: char| if c.is_ascii() { fs * 62 } else { fs * 100 };
    let budget = width.max(0) * 100;
    if text.chars().map(w).sum::<i32>() <= budget {
        return text.to_string();
    }
    let mut used = w('…');
    let mut out = String::new();
    for c in text.chars() {
        used += w(c);
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A node's state as drawn: the engine's status, with "partitioned" for a running node the
/// network has isolated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Up,
    Crashed,
    Paused,
    Partitioned,
    DiskLost,
    NotStarted,
}

impl Look {
    pub fn of(world: &World, id: NodeId) -> Look {
        match world.status(id) {
            NodeStatus::DiskLost => Look::DiskLost,
            NodeStatus::Crashed => Look::Crashed,
            NodeStatus::NotStarted => Look::NotStarted,
            NodeStatus::Paused => Look::Paused,
            NodeStatus::Up if world.network().isolation(id).is_some() => Look::Partitioned,
            NodeStatus::Up => Look::Up,
        }
    }

    /// The value of `data-status` and the CSS class suffix.
    pub fn slug(self) -> &'static str {
        match self {
            Look::Up => "up",
            Look::Crashed => "crashed",
            Look::Paused => "paused",
            Look::Partitioned => "partitioned",
            Look::DiskLost => "disk-lost",
            Look::NotStarted => "not-started",
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Look::Up => "●",
            Look::Crashed => "✕",
            Look::Paused => "⏸",
            Look::Partitioned => "⛓",
            Look::DiskLost => "⊘",
            Look::NotStarted => "○",
        }
    }

    pub fn text(self) -> Text {
        match self {
            Look::Up => t::UP,
            Look::Crashed => t::CRASHED,
            Look::Paused => t::PAUSED,
            Look::Partitioned => t::PARTITIONED,
            Look::DiskLost => t::DISK_LOST,
            Look::NotStarted => t::NOT_STARTED,
        }
    }

    /// Not running: its state words (leader, term) would be stale.
    pub fn is_down(self) -> bool {
        matches!(self, Look::Crashed | Look::DiskLost | Look::NotStarted)
    }

    pub const ALL: [Look; 6] =
        [Look::Up, Look::Crashed, Look::Paused, Look::Partitioned, Look::DiskLost, Look::NotStarted];
}

/// The role word shown under a node's name.
pub fn role_text(role: Option<Role>) -> Text {
    match role {
        Some(Role::NameServer) => t::NAMESERVER,
        Some(Role::Master { .. }) => t::MASTER,
        Some(Role::Slave { .. }) => t::SLAVE,
        Some(Role::Producer { .. }) => t::PRODUCER,
        Some(Role::Consumer { .. }) => t::CONSUMER,
        Some(Role::Db) => t::DB,
        Some(Role::Redis) => t::REDIS,
        Some(Role::Server { .. }) => t::SERVER,
        Some(Role::Coordinator { .. }) => t::COORDINATOR,
        None => t::LINK,
    }
}

fn role_slug(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::NameServer) => "role-ns",
        Some(Role::Master { .. }) => "role-master",
        Some(Role::Slave { .. }) => "role-slave",
        Some(Role::Producer { .. }) => "role-producer",
        Some(Role::Consumer { .. }) => "role-consumer",
        Some(Role::Db | Role::Redis) => "role-store",
        Some(Role::Server { .. }) => "role-master",
        Some(Role::Coordinator { .. }) => "role-ns",
        None => "",
    }
}

/// The DOM id of a node's group: `node-broker-a-master` (ids may not hold a slash in CSS selectors).
pub fn dom_id(name: &str) -> String {
    let mut id = String::with_capacity(name.len() + 5);
    id.push_str("node-");
    id.extend(name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }));
    id
}

/// The label drawn inside a box: the part after the group's name ("master", "c2"), since the
/// group's frame already says which group it is.
fn short_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Under a consumer group's frame, a line for each member stuck on a server it cannot reach (an
/// isolated leader, a cut link, a paused server) or on a request the network lost: whom it waits
/// on and when it gives up. Its box
/// says "up" meanwhile and it processes nothing; without these words the stall has no reason.
/// `waits` are the frame's stuck waits (`World::stuck_waits`, computed once per render).
pub fn stuck_members(waits: &[(NodeId, Waiting)], topo: &Topology, group: GroupId, frame: &Rect, lang: Lang) -> Html {
    const FS: i32 = 11;
    let members =
        waits.iter().filter(|(id, _)| matches!(topo.role(*id), Some(Role::Consumer { group: g, .. }) if g == group));
    let lines: Vec<String> = members
        .flat_map(|(id, w)| {
            let words = format!("{} {}", short_name(topo.name(*id)), crate::i18n::explain::waiting(w, topo, lang));
            wrap_phrases(&words, frame.w - 4, FS)
        })
        .collect();
    html! {
        <g class="stuck-waits">
            { for lines.into_iter().enumerate().map(|(i, line)| html! {
                <text x={(frame.x + 4).to_string()} y={(frame.y + frame.h + 12 + i as i32 * (FS + 3)).to_string()}
                    font-size={FS.to_string()}>{ line }</text>
            }) }
        </g>
    }
}

/// One node; `wait` is its stuck wait, if it is a consumer stuck (from the frame's `stuck_waits`).
pub fn node(
    world: &World,
    topo: &Topology,
    id: NodeId,
    r: Rect,
    selected: bool,
    wait: Option<&Waiting>,
    lang: Lang,
) -> Html {
    let name = topo.name(id);
    let role = topo.role(id);
    let look = Look::of(world, id);
    let stale = stale_route(world, id);
    let isolation = match world.network().isolation(id) {
        Some(Direction::Inbound) => " (inbound)",
        Some(Direction::Outbound) => " (outbound)",
        _ => "",
    };
    // Another system's server says more than up or down: "leader · term 3", "ISR 2/3".
    let view = world.system_node(id).and_then(|n| n.view());
    let words = view.as_ref().map(|v| super::server::badges_text(v, lang)).filter(|w| !w.is_empty());
    let alert = view.as_ref().is_some_and(super::server::alerting);
    // A consumer stuck on a server it cannot reach still shows "up": say whom it waits on.
    let waits = wait.map(|w| crate::i18n::explain::waiting(w, topo, lang));
    let state = look.text().get(lang);
    // Its words (stale while it is down) on lines of their own under the state, wrapped to the box.
    // As large as a RocketMQ broker's state word: smaller read near 7.5 px at 1280×720.
    let badge_fs = 11;
    // A coordinator's box in the top row has no room for them: they are in its label and tooltip.
    let badge_lines = match (&view, look.is_down(), role) {
        (Some(v), false, Some(Role::Server { .. })) => super::server::badge_lines(v, lang, r.w - 12, badge_fs, 3),
        _ => Vec::new(),
    };
    let mut label = match &words {
        Some(w) => format!("{name}, {}, {state} · {w}{isolation}", role_text(role).get(lang)),
        None => format!("{name}, {}, {state}{isolation}", role_text(role).get(lang)),
    };
    if stale {
        label.push_str(", ");
        label.push_str(t::STALE_ROUTE_LONG.get(lang));
    }
    if let Some(w) = &waits {
        label.push_str(", ");
        label.push_str(w);
    }
    // Running, but stuck: "waiting" in the box (its dot still says up), the rest under its group.
    let state = if waits.is_some() { t::WAITING.get(lang) } else { state };
    let class = classes!(
        "node",
        format!("node-{}", look.slug()),
        role_slug(role),
        selected.then_some("selected"),
        alert.then_some("node-alert"),
        waits.is_some().then_some("node-waiting")
    );
    // Font sizes follow the box so a crowded topology still fits its text.
    let fs = (r.h * 3 / 10).clamp(7, 12);
    let is_broker = matches!(role, Some(Role::Master { .. } | Role::Slave { .. } | Role::Server { .. }));
    let (name_y, state_y) =
        if is_broker { (r.y + fs + 4, r.y + 2 * fs + 6) } else { (r.y + r.h / 2 - 1, r.y + r.h / 2 + fs) };
    let show_state = if is_broker { r.h >= 44 } else { r.h >= 30 };
    // The state word one size under the name: two under, it rendered near 7 px at 1280×720.
    let state_fs = fs - 1;
    let name_y = if show_state || is_broker { name_y } else { r.y + r.h / 2 + fs / 3 };
    let shown_name = if matches!(role, Some(Role::Consumer { .. } | Role::Master { .. } | Role::Slave { .. })) {
        short_name(name)
    } else {
        name
    };
    // A long name (up to 32 characters) is cut to the box; the full one is in the title.
    let shown_name = fit(shown_name, r.w - 10 - fs, fs);
    html! {
        <g id={dom_id(name)} class={class} data-node={name.to_owned()} data-status={look.slug()}
            tabindex="0" role="button" aria-haspopup="true" aria-label={label.clone()}>
            <title>{ label }</title>
            <rect class="node-box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="6" />
            <text class="node-icon" x={(r.x + 5).to_string()} y={name_y.to_string()} font-size={fs.to_string()}>{ look.icon() }</text>
            <text class="node-name" x={(r.x + 7 + fs).to_string()} y={name_y.to_string()} font-size={fs.to_string()}>{ shown_name }</text>
            if show_state {
                <text class="node-state" x={(r.x + 7 + fs).to_string()} y={state_y.to_string()} font-size={state_fs.to_string()}>
                    { fit(state, r.w - 10 - fs, state_fs) }
                </text>
            }
            { for badge_lines.into_iter().enumerate().map(|(i, line)| html! {
                <text class="node-badges" x={(r.x + 6).to_string()} y={(state_y + badge_fs + 1 + i as i32 * (badge_fs + 2)).to_string()}
                    font-size={badge_fs.to_string()}>{ line }</text>
            }) }
            if stale {
                <g class="badge-stale">
                    <rect x={(r.x + r.w - 62).to_string()} y={(r.y - 7).to_string()} width="64" height="14" rx="7" />
                    <text x={(r.x + r.w - 30).to_string()} y={(r.y + 3).to_string()} text-anchor="middle">
                        { "⚠ " }{ t::STALE_ROUTE.get(lang) }
                    </text>
                </g>
            }
        </g>
    }
}
