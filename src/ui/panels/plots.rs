//! Two small SVG charts over sim time: the backlog of each consumer group, and messages in
//! (produced) against out (processed by each group) per second. Peak shaving shows as a backlog
//! hill while the out line stays flat under a spike of the in line. A vertical line marks the
//! cursor. Lines come from the throttled cache; only the cursor moves every frame.

use yew::prelude::*;

use super::live;
use super::text::{self as t};
use crate::i18n::Lang;
use crate::lab::plot::{axis, Axis, Frame, Point};
use crate::sim::time::SimTime;
use crate::ui::state::AppContext;

const FRAME: Frame = Frame { width: 360.0, height: 104.0, left: 34.0, right: 8.0, top: 6.0, bottom: 16.0 };
/// Line colours cycle through this many CSS classes (`series-0` …).
const COLOURS: usize = 4;

/// One line: its CSS class, legend label and points.
struct Line<'a> {
    class: String,
    label: String,
    points: &'a [Point],
}

/// A chart with axes, ticks, its lines, the cursor and a legend.
fn chart(id: &str, title: &str, lines: &[Line], y: &Axis, x: &Axis, now_ms: u64, lang: Lang) -> Html {
    let x_max_ms = x.max * 1_000;
    let bottom = FRAME.height - FRAME.bottom;
    let y_ticks = y.ticks.iter().map(|&v| {
        let py = FRAME.y(v, y.max);
        html! {
            <g class="tick">
                <line x1={FRAME.left.to_string()} x2={(FRAME.width - FRAME.right).to_string()}
                    y1={format!("{py:.1}")} y2={format!("{py:.1}")} class="grid" />
                <text x={(FRAME.left - 3.0).to_string()} y={format!("{:.1}", py + 3.0)} text-anchor="end">{ v }</text>
            </g>
        }
    });
    let x_ticks = x.ticks.iter().map(|&s| {
        let px = FRAME.x(s * 1_000, x_max_ms);
        // The last tick carries the unit and ends at the plot's edge.
        let (label, anchor) = if s == x.max { (format!("{s} {}", t::SECONDS.get(lang)), "end") } else { (s.to_string(), "middle") };
        html! {
            <g class="tick">
                <line x1={format!("{px:.1}")} x2={format!("{px:.1}")} y1={bottom.to_string()} y2={(bottom + 3.0).to_string()} class="axis" />
                <text x={format!("{px:.1}")} y={(FRAME.height - 3.0).to_string()} text-anchor={anchor}>{ label }</text>
            </g>
        }
    });
    let polylines = lines.iter().filter(|l| !l.points.is_empty()).map(|l| {
        html! { <polyline class={classes!("line", l.class.clone())} points={FRAME.polyline(l.points, x_max_ms, y.max)} /> }
    });
    let cx = FRAME.x(now_ms, x_max_ms);
    let legend = lines.iter().map(|l| {
        html! { <li><span class={classes!("swatch", l.class.clone())} aria-hidden="true"></span>{ &l.label }</li> }
    });
    let title_id = format!("{id}-title");
    html! {
        <figure class="chart" id={id.to_string()} aria-labelledby={title_id.clone()}>
            <figcaption id={title_id}>{ title }</figcaption>
            <svg viewBox={format!("0 0 {} {}", FRAME.width, FRAME.height)} role="img"
                aria-label={title.to_string()}>
                { for y_ticks }
                <line class="axis" x1={FRAME.left.to_string()} x2={(FRAME.width - FRAME.right).to_string()}
                    y1={bottom.to_string()} y2={bottom.to_string()} />
                { for x_ticks }
                { for polylines }
                <line class="cursor" x1={format!("{cx:.1}")} x2={format!("{cx:.1}")}
                    y1={FRAME.top.to_string()} y2={bottom.to_string()}>
                    <title>{ t::NOW.get(lang) }</title>
                </line>
            </svg>
            <ul class="legend">{ for legend }</ul>
        </figure>
    }
}

/// Backlog and throughput over sim time.
#[function_component(Plots)]
pub fn plots() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let live = live(&app);
    let lab = app.lab.borrow();
    let now_ms = lab.now().as_ms();
    let duration = SimTime::from_ms(lab.scenario().duration_ms).as_ms();
    // Seconds: the whole scenario from the start, or up to now once the run drains past it.
    let x = axis(duration.max(now_ms).div_ceil(1_000), 5);
    let topo = lab.run().world.topology();
    let group = |g: usize| topo.group_names.get(g).cloned().unwrap_or_default();
    let d = &live.plots;
    let backlog: Vec<Line> = d
        .backlog
        .iter()
        .enumerate()
        .map(|(g, p)| Line { class: format!("series-{}", g % COLOURS), label: group(g), points: p })
        .collect();
    let mut rates = vec![Line { class: "series-in".into(), label: t::IN.get(lang).into(), points: &d.produced }];
    rates.extend(d.processed.iter().enumerate().map(|(g, p)| Line {
        class: format!("series-{}", g % COLOURS),
        label: t::out_label(&group(g), lang),
        points: p,
    }));
    let empty = d.produced.is_empty();
    html! {
        <section class="panel plots" aria-labelledby="plots-title">
            <h2 id="plots-title" class="panel-title">{ t::PLOTS.get(lang) }</h2>
            if empty { <p class="muted small">{ t::NO_DATA.get(lang) }</p> }
            { chart("plot-backlog", t::BACKLOG.get(lang), &backlog, &axis(d.backlog_max, 3), &x, now_ms, lang) }
            { chart("plot-throughput", t::THROUGHPUT.get(lang), &rates, &axis(d.rate_max, 3), &x, now_ms, lang) }
        </section>
    }
}
