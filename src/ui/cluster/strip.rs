//! A broker's commit log as a strip: what it has written, flushed to disk, copied to its slaves,
//! and what each consumer group has consumed, as markers along one bar. The window between
//! "flushed" and "written" (lost if the machine dies) and between "replicated" and "written" (lost
//! if the disk dies) is shaded, so "acked but not yet safe" can be seen. The strip shows the recent
//! part of the log that holds every marker, at least `MIN_SPAN` entries.

use yew::prelude::*;

use super::text as t;
use crate::i18n::Lang;
use crate::lab::layout::Rect;
use crate::sim::ids::{GroupId, NodeId};
use crate::sim::nodes::broker::Broker;
use crate::sim::topology::Topology;
use crate::sim::world::World;

/// The strip never shows fewer entries than this, so a quiet log does not look full.
const MIN_SPAN: u64 = 32;
/// Clickable cells along a strip (each selects the latest message in it).
pub const CELLS: u64 = 16;

/// The offsets a strip shows, in commit-log entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub written: u64,
    pub flushed: u64,
    /// Master: the slowest and fastest slave's acked offset.
    pub replicated: Option<(u64, u64)>,
    /// Per consumer group: the commit-log offset of the first entry it has not consumed, over the
    /// queues it has an offset for.
    pub consumed: Vec<(GroupId, u64)>,
}

impl Marks {
    pub fn of(b: &Broker) -> Marks {
        let log = b.log();
        let written = log.written();
        let replicated = if b.is_master() && !b.slave_links().is_empty() {
            let acked = b.slave_links().iter().map(|s| s.acked.min(written));
            let lo = acked.clone().min().unwrap_or(0);
            Some((lo, acked.max().unwrap_or(0)))
        } else {
            None
        };
        // The offset table is ordered by group, so each group's queues come together: a handful
        // of entries per group, cheap enough for every frame.
        let mut consumed: Vec<(GroupId, u64)> = Vec::new();
        for (&(g, q), &off) in b.offsets().iter() {
            let at = log.log_offset_of(q, off).unwrap_or(written);
            match consumed.last_mut() {
                Some((last, min)) if *last == g => *min = (*min).min(at),
                _ => consumed.push((g, at)),
            }
        }
        Marks { written, flushed: log.flushed().min(written), replicated, consumed }
    }

    /// The range of offsets drawn: every marker, and at least `MIN_SPAN` entries.
    pub fn span(&self) -> (u64, u64) {
        let hi = self.written.max(1);
        let mut lo = self.flushed;
        if let Some((r, _)) = self.replicated {
            lo = lo.min(r);
        }
        for &(_, c) in &self.consumed {
            lo = lo.min(c);
        }
        (lo.min(hi.saturating_sub(MIN_SPAN)), hi.max(MIN_SPAN))
    }
}

/// x of an offset inside the strip.
pub(super) fn x_of(s: &Rect, (lo, hi): (u64, u64), off: u64) -> i32 {
    let span = hi.saturating_sub(lo).max(1);
    let done = off.clamp(lo, hi) - lo;
    s.x + i32::try_from(done * u64::try_from(s.w).unwrap_or(0) / span).unwrap_or(s.w)
}

/// A shaded window from `from` to `to`, at least 2 units wide when not empty (one unflushed entry
/// in 30 000 must still show).
pub(super) fn window(s: &Rect, span: (u64, u64), from: u64, to: u64, y: i32, h: i32, class: &'static str) -> Html {
    if from >= to {
        return html! {};
    }
    let x0 = x_of(s, span, from);
    let x1 = x_of(s, span, to).max(x0 + 2);
    html! { <rect class={class} x={x0.to_string()} y={y.to_string()} width={(x1 - x0).to_string()} height={h.to_string()} /> }
}

pub(super) fn tick(s: &Rect, span: (u64, u64), off: u64, class: &'static str) -> Html {
    let x = x_of(s, span, off).to_string();
    html! { <line class={class} x1={x.clone()} x2={x} y1={(s.y - 2).to_string()} y2={(s.y + s.h + 2).to_string()} /> }
}

/// The tooltip and accessible text: every number.
fn describe(m: &Marks, topo: &Topology, lang: Lang) -> String {
    let mut out = format!(
        "{}: {} {} · {} {}",
        t::COMMIT_LOG.get(lang),
        t::WRITTEN.get(lang),
        m.written,
        t::FLUSHED.get(lang),
        m.flushed
    );
    if let Some((lo, hi)) = m.replicated {
        if lo == hi {
            out.push_str(&format!(" · {} {lo}", t::REPLICATED.get(lang)));
        } else {
            out.push_str(&format!(" · {} {lo}–{hi}", t::REPLICATED.get(lang)));
        }
    }
    for &(g, off) in &m.consumed {
        let name = topo.group_names.get(usize::from(g.0)).map_or("?", String::as_str);
        out.push_str(&format!(" · {} ({name}) {off}", t::CONSUMED.get(lang)));
    }
    out
}

/// Each broker's marks and the span its strip shows, by `NodeId` index. The brokers of a group
/// share one span, so a slave's shorter bar shows how far behind its master it is.
pub fn group_marks(world: &World) -> Vec<Option<(Marks, (u64, u64))>> {
    let topo = world.topology();
    let mut out: Vec<Option<(Marks, (u64, u64))>> = vec![None; topo.len()];
    for g in &topo.broker_groups {
        let members = std::iter::once(g.master).chain(g.slaves.iter().copied());
        let mut marks: Vec<(NodeId, Marks)> =
            members.filter_map(|id| Some((id, Marks::of(world.broker(id)?)))).collect();
        // A dead master's idea of what its slaves hold froze when it died, while they went on
        // copying what was already sent: "not yet on a slave" is read off the slaves themselves.
        if world.status(g.master).is_down() {
            let on_slaves: Vec<u64> = marks.iter().skip(1).map(|(_, m)| m.written).collect();
            if let (Some((_, master)), Some(&lo), Some(&hi)) =
                (marks.first_mut(), on_slaves.iter().min(), on_slaves.iter().max())
            {
                if master.replicated.is_some() {
                    master.replicated = Some((lo.min(master.written), hi.min(master.written)));
                }
            }
        }
        let lo = marks.iter().map(|(_, m)| m.span().0).min().unwrap_or(0);
        let hi = marks.iter().map(|(_, m)| m.span().1).max().unwrap_or(MIN_SPAN);
        for (id, m) in marks {
            if let Some(slot) = out.get_mut(usize::from(id.0)) {
                *slot = Some((m, (lo, hi)));
            }
        }
    }
    out
}

/// The strip of broker `id` inside `s`, showing the offsets in `span`.
pub fn strip(m: &Marks, span: (u64, u64), id: NodeId, s: Rect, topo: &Topology, lang: Lang) -> Html {
    let mid = s.y + s.h / 2;
    let half = s.h / 2;
    let stored_end = x_of(&s, span, m.written);
    // Only cells that hold a message can be clicked: the empty end of the strip has nothing to show.
    let cells = (0..CELLS).filter_map(|i| {
        let (lo, hi) = span;
        let from = lo + (hi - lo) * i / CELLS;
        let to = lo + (hi - lo) * (i + 1) / CELLS;
        if from >= m.written {
            return None;
        }
        let x0 = x_of(&s, span, from);
        let x1 = x_of(&s, span, to);
        Some(html! {
            <rect class="strip-cell" x={x0.to_string()} y={s.y.to_string()} width={(x1 - x0).max(1).to_string()}
                height={s.h.to_string()} data-broker={id.0.to_string()} data-off={to.to_string()} />
        })
    });
    let label = describe(m, topo, lang);
    html! {
        <g class="strip" aria-label={label.clone()}>
            <title>{ label }</title>
            <rect class="strip-bg" x={s.x.to_string()} y={s.y.to_string()} width={s.w.to_string()} height={s.h.to_string()} />
            <rect class="strip-stored" x={s.x.to_string()} y={s.y.to_string()} width={(stored_end - s.x).max(0).to_string()} height={s.h.to_string()} />
            { window(&s, span, m.flushed, m.written, s.y, half, "strip-unflushed") }
            if let Some((r, _)) = m.replicated {
                { window(&s, span, r, m.written, mid, s.h - half, "strip-unreplicated") }
            }
            { for m.consumed.iter().map(|&(_, c)| tick(&s, span, c, "mark mark-consumed")) }
            if let Some((lo, hi)) = m.replicated {
                { tick(&s, span, lo, "mark mark-replicated") }
                if hi != lo { { tick(&s, span, hi, "mark mark-replicated") } }
            }
            { tick(&s, span, m.flushed, "mark mark-flushed") }
            { tick(&s, span, m.written, "mark mark-written") }
            if s.h >= 12 {
                <text class="strip-offsets" x={(s.x + s.w).to_string()} y={(s.y - 3).to_string()} text-anchor="end">
                    { format!("{}–{}", span.0, span.1) }
                </text>
            }
            { for cells }
        </g>
    }
}
