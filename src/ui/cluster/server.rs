//! Another system's server as the cluster view draws it: the state words its `ServerView` gives
//! under its name ("leader · term 3", "ISR 2/3"), and a strip per log, queue or partition replica
//! it holds, with the same marks as a RocketMQ commit log: written, flushed, committed (safe on
//! enough replicas: the high watermark, the Raft commit index) and what each group consumed. The
//! window that is written but not yet committed or flushed is shaded, as on a broker.

use yew::prelude::*;

use super::strip::{tick, window, x_of, CELLS};
use super::text as t;
use crate::i18n::Lang;
use crate::lab::layout::{Rect, SERVER_STRIP_H};
use crate::lab::text_fit::{clip_to, text_width, wrap_words};
use crate::sim::ids::NodeId;
use crate::sim::systems::{Badge, ServerView, StripRole, StripView};
use crate::sim::topology::Topology;

/// The strip never shows fewer entries than this, so a quiet log does not look full.
const MIN_SPAN: u64 = 32;

/// The state words of a server, joined for its state line.
pub fn badges_text(view: &ServerView, lang: Lang) -> String {
    view.badges.iter().map(|b| badge(b, lang)).collect::<Vec<_>>().join(" · ")
}

fn badge(b: &Badge, lang: Lang) -> &str {
    match lang {
        Lang::En => &b.en,
        Lang::Zh => &b.zh,
    }
}

/// The state words, wrapped to lines at most `width` wide (see `text_fit::wrap_words`). Warnings
/// come first: in a narrow box "no leader" must not be the word cut off. A badge wider than a line
/// breaks at its commas ("orders-1: ISR 3/3 · epoch 0") rather than lose its end.
pub fn badge_lines(view: &ServerView, lang: Lang, width: i32, fs: i32, max_lines: usize) -> Vec<String> {
    let (alerts, rest): (Vec<&Badge>, Vec<&Badge>) = view.badges.iter().partition(|b| b.alert);
    let parts = alerts.into_iter().chain(rest).map(|b| badge(b, lang)).flat_map(|w| {
        let whole = text_width(w, fs) <= width;
        let split: Vec<&str> = if whole { vec![w] } else { w.split([',', '，']).map(str::trim).collect() };
        split
    });
    wrap_words(parts, width, fs, max_lines)
}

/// Whether any of its words is a warning (offline, no majority, out of sync).
pub fn alerting(view: &ServerView) -> bool {
    view.badges.iter().any(|b| b.alert)
}

/// The offsets a strip shows: every mark, and at least `MIN_SPAN` entries.
fn span(s: &StripView) -> (u64, u64) {
    let hi = s.end.max(MIN_SPAN);
    let mut lo = s.end;
    for m in [s.flushed, s.committed].into_iter().flatten().chain(s.consumed.iter().map(|&(_, c)| c)) {
        lo = lo.min(m);
    }
    (lo.max(s.start).min(hi.saturating_sub(MIN_SPAN)), hi)
}

/// A strip's label, with its server's part in it when that means something and there is room
/// (the fill says it too: solid where the server leads).
fn strip_label(s: &StripView, role: Option<&str>, width: i32) -> String {
    // The label's font (cluster.css .strip-label) is 11 units, monospace.
    const FS: i32 = 11;
    match role.map(|r| format!("{} · {r}", s.label)) {
        Some(full) if text_width(&full, FS) <= width => full,
        _ => clip_to(&s.label, width, FS),
    }
}

/// The tooltip and accessible text of a strip: every number.
fn describe(s: &StripView, topo: &Topology, lang: Lang) -> String {
    let mut out = format!("{}{}{} {}", s.label, lang.colon(), t::WRITTEN.get(lang), s.end);
    if s.start > 0 {
        out.push_str(&format!(" · {} {}", t::FIRST_HELD.get(lang), s.start));
    }
    if let Some(f) = s.flushed {
        out.push_str(&format!(" · {} {f}", t::FLUSHED.get(lang)));
    }
    if let Some(c) = s.committed {
        out.push_str(&format!(" · {} {c}", t::COMMITTED.get(lang)));
    }
    for &(g, off) in &s.consumed {
        let name = topo.group_names.get(usize::from(g.0)).map_or("?", String::as_str);
        out.push_str(&format!(" · {} ({name}) {off}", t::CONSUMED.get(lang)));
    }
    out
}

/// Every strip of server `id` inside `area`, one row each (squeezed when there are more than the
/// layout made room for).
pub fn strips(view: &ServerView, id: NodeId, area: Rect, down: bool, topo: &Topology, lang: Lang) -> Html {
    // "leader" and "follower" mean something only where the log has copies on several servers, and
    // only while the server runs (a dead server's last role would mislead).
    let replicated = topo.servers.len() > 1 && !down;
    let n = i32::try_from(view.strips.len()).unwrap_or(0);
    if n == 0 {
        return html! {};
    }
    let row = (area.h / n).clamp(6, SERVER_STRIP_H);
    let rows = view.strips.iter().enumerate().map(|(i, s)| {
        let y = area.y + i as i32 * row;
        // The label takes the upper part of the row when there is room for it.
        let labelled = row >= 18;
        let bar = if labelled {
            Rect::new(area.x, y + 11, area.w, (row - 14).max(4))
        } else {
            Rect::new(area.x, y, area.w, row - 2)
        };
        strip(s, i, bar, labelled, replicated, id, topo, lang)
    });
    // A click between the cells (a label, the bar's empty end) is a click on the server's box.
    html! { <g class="server-strips" data-strips-of={topo.name(id).to_owned()}>{ for rows }</g> }
}

#[allow(clippy::too_many_arguments)]
fn strip(
    s: &StripView,
    index: usize,
    r: Rect,
    labelled: bool,
    replicated: bool,
    id: NodeId,
    topo: &Topology,
    lang: Lang,
) -> Html {
    let span = span(s);
    let mid = r.y + r.h / 2;
    let half = r.h / 2;
    let start = x_of(&r, span, s.start);
    let end = x_of(&r, span, s.end);
    // Only cells that hold entries can be clicked: nothing to show before the first held or after
    // the last written.
    let cells = (0..CELLS).filter_map(|c| {
        let (lo, hi) = span;
        let from = lo + (hi - lo) * c / CELLS;
        let to = lo + (hi - lo) * (c + 1) / CELLS;
        if from >= s.end || to <= s.start {
            return None;
        }
        let x0 = x_of(&r, span, from);
        let x1 = x_of(&r, span, to);
        Some(html! {
            <rect class="strip-cell" x={x0.to_string()} y={r.y.to_string()} width={(x1 - x0).max(1).to_string()}
                height={r.h.to_string()} data-server={id.0.to_string()} data-strip={index.to_string()} data-off={to.to_string()} />
        })
    });
    let label = describe(s, topo, lang);
    let (role, class) = match s.role {
        StripRole::Leader => (t::LEADS.get(lang), "strip strip-leader"),
        StripRole::Follower => (t::FOLLOWS.get(lang), "strip strip-follower"),
        StripRole::Candidate => (t::CAMPAIGNS.get(lang), "strip strip-follower"),
    };
    html! {
        <g class={class} aria-label={label.clone()}>
            <title>{ label }</title>
            if labelled {
                <text class="strip-label" x={r.x.to_string()} y={(r.y - 2).to_string()}>
                    { strip_label(s, replicated.then_some(role), r.w) }
                </text>
            }
            <rect class="strip-bg" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} />
            <rect class="strip-stored" x={start.to_string()} y={r.y.to_string()} width={(end - start).max(0).to_string()} height={r.h.to_string()} />
            if let Some(f) = s.flushed {
                { window(&r, span, f.max(s.start), s.end, r.y, half, "strip-unflushed") }
            }
            if let Some(c) = s.committed {
                { window(&r, span, c.max(s.start), s.end, mid, r.h - half, "strip-unreplicated") }
            }
            { for s.consumed.iter().map(|&(_, c)| tick(&r, span, c, "mark mark-consumed")) }
            if let Some(c) = s.committed { { tick(&r, span, c, "mark mark-replicated") } }
            if let Some(f) = s.flushed { { tick(&r, span, f, "mark mark-flushed") } }
            { tick(&r, span, s.end, "mark mark-written") }
            { for cells }
        </g>
    }
}
