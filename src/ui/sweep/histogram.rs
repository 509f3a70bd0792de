//! A histogram of one count over a sweep's runs, as SVG: one bar per integer bin (`Histogram`),
//! its height the number of runs. Bin 0 (nothing went wrong) is drawn in the calm colour, the
//! others in the warning colour, so a glance tells "mostly fine" from "always broken". Each bar
//! says its range and count in a tooltip, and the whole figure says the same in words for screen
//! readers.

use yew::prelude::*;

use super::text;
use crate::lab::sweep::Histogram;
use crate::ui::lang::Lang;
use crate::ui::text::Text;

const WIDTH: u64 = 320;
const HEIGHT: u64 = 120;
/// Room under the bars for the axis labels.
const AXIS: u64 = 16;
/// The widest a bar's slot gets.
const MAX_SLOT: u64 = 40;

#[derive(Properties, PartialEq)]
pub struct HistogramProps {
    pub lang: Lang,
    /// The element id (the e2e tests read its bars' data).
    pub id: AttrValue,
    pub title: Text,
    pub histogram: Histogram,
}

/// "3" for a bin of width 1, "20–39" for a wider one.
fn range_label(h: &Histogram, k: usize) -> String {
    let (lo, hi) = h.range(k);
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}–{hi}")
    }
}

#[function_component(HistogramChart)]
pub fn histogram_chart(props: &HistogramProps) -> Html {
    let lang = props.lang;
    let h = &props.histogram;
    let title = props.title.get(lang);
    let runs = text::RUNS_WORD.get(lang);
    let tallest = h.bins.iter().copied().max().unwrap_or(0).max(1);
    let n = h.bins.len().max(1) as u64;
    // Integer geometry (no floats in the view's layout): bars share the width, with a 1-unit gap,
    // but a few bins do not stretch into slabs.
    let slot = (WIDTH / n).clamp(2, MAX_SLOT);
    let plot = HEIGHT - AXIS;
    let bars = h.bins.iter().enumerate().map(|(k, &count)| {
        let height = if count == 0 { 0 } else { (count * plot / tallest).max(2) };
        let x = k as u64 * slot;
        let label = format!("{}{}{count} {runs}", range_label(h, k), lang.colon());
        let class = if k == 0 { "sweep-bar sweep-bar-ok" } else { "sweep-bar sweep-bar-bad" };
        html! {
            <rect class={class} x={x.to_string()} y={(plot - height).to_string()} width={(slot - 1).to_string()}
                height={height.to_string()} data-bin={range_label(h, k)} data-count={count.to_string()}>
                <title>{ label }</title>
            </rect>
        }
    });
    // In words: every non-empty bin, for screen readers (the bars themselves are hidden from them).
    let words: Vec<String> = h
        .bins
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(k, c)| format!("{} → {c}", range_label(h, k)))
        .collect();
    let (axis, bins) = (text::HISTOGRAM_AXIS.get(lang), words.join(lang.pick(", ", "，")));
    let described = lang.pick(format!("{title} ({axis}): {bins}"), format!("{title}（{axis}）：{bins}"));
    let last = h.bins.len().saturating_sub(1);
    let right_edge = n * slot;
    html! {
        <figure class="sweep-histogram" id={props.id.clone()}>
            <figcaption>
                { title }
                if !h.bins.is_empty() {
                    <span class="sweep-note">{ format!(" · {} {tallest} {runs}", text::TALLEST.get(lang)) }</span>
                }
            </figcaption>
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={described}>
                <g aria-hidden="true">
                    { for bars }
                    <line class="sweep-axis" x1="0" y1={plot.to_string()} x2={right_edge.to_string()} y2={plot.to_string()} />
                    if !h.bins.is_empty() {
                        <text class="sweep-tick" x="0" y={HEIGHT.to_string()}>{ range_label(h, 0) }</text>
                        if last > 0 {
                            <text class="sweep-tick" x={right_edge.to_string()} y={HEIGHT.to_string()} text-anchor="end">
                                { range_label(h, last) }
                            </text>
                        }
                    }
                </g>
            </svg>
        </figure>
    }
}
