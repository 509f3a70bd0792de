//! The results table: one row per configuration, the best value of each column highlighted, and a
//! button that opens the configuration in the lab.

use yew::prelude::*;

use super::text;
use crate::lab::compare::Row;
use crate::sim::trace::hash_hex;
use crate::ui::lang::Lang;
use crate::ui::text::Text;

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub lang: Lang,
    pub names: Vec<String>,
    /// One per name; None while that configuration has not finished.
    pub rows: Vec<Option<Row>>,
    pub on_open: Callback<usize>,
}

/// A column: its header, its help, its cell id stem, how to read a row, whether lower is better,
/// and how to show the value.
struct Column {
    title: Text,
    help: Text,
    id: &'static str,
    value: fn(&Row) -> u64,
    lower_is_better: bool,
    show: fn(u64, Lang) -> String,
    /// A speed or availability figure: best only among the rows that lost least (a run that is
    /// fast because it lost messages is not the one to copy).
    among_least_lost: bool,
}

fn count(v: u64, _: Lang) -> String {
    v.to_string()
}

fn per_second(v: u64, lang: Lang) -> String {
    format!("{}.{} {}", v / 1_000, (v % 1_000) / 100, text::PER_S.get(lang))
}

const COLUMNS: [Column; 7] = [
    Column {
        title: text::LOST,
        help: text::LOST_HELP,
        id: "lost",
        value: |r| r.lost,
        lower_is_better: true,
        show: count,
        among_least_lost: false,
    },
    Column {
        title: text::DUP_EFFECTS,
        help: text::DUP_EFFECTS_HELP,
        id: "dup-effects",
        value: |r| r.duplicate_effects,
        lower_is_better: true,
        show: count,
        among_least_lost: false,
    },
    Column {
        title: text::DUP_DELIVERIES,
        help: text::DUP_DELIVERIES_HELP,
        id: "dup-deliveries",
        value: |r| r.duplicate_deliveries,
        lower_is_better: true,
        show: count,
        among_least_lost: false,
    },
    Column {
        title: text::P99,
        help: text::P99_HELP,
        id: "p99",
        value: |r| r.latency_p99_us,
        lower_is_better: true,
        show: crate::i18n::explain::duration,
        among_least_lost: true,
    },
    Column {
        title: text::THROUGHPUT,
        help: text::THROUGHPUT_HELP,
        id: "throughput",
        value: |r| r.throughput_milli,
        lower_is_better: false,
        show: per_second,
        among_least_lost: true,
    },
    Column {
        title: text::UNAVAILABLE,
        help: text::UNAVAILABLE_HELP,
        id: "unavailable",
        value: |r| r.unavailable_us,
        lower_is_better: true,
        show: crate::i18n::explain::duration,
        among_least_lost: true,
    },
    Column {
        title: text::DLQ,
        help: text::DLQ_HELP,
        id: "dlq",
        value: |r| r.in_dlq,
        lower_is_better: true,
        show: count,
        among_least_lost: false,
    },
];

/// The best value of a column over the finished rows, if the rows differ as shown (a column where
/// every row reads the same teaches nothing, so nothing in it is highlighted; nor is a difference
/// too small to see, or within 1 %).
fn best(col: &Column, rows: &[Option<Row>], lang: Lang) -> Option<u64> {
    let values: Vec<u64> = rows.iter().flatten().filter(|r| counts_for(col, r, rows)).map(col.value).collect();
    let (&min, &max) = (values.iter().min()?, values.iter().max()?);
    if (col.show)(min, lang) == (col.show)(max, lang) || values.len() < 2 || max - min <= max / 100 {
        return None;
    }
    Some(if col.lower_is_better { min } else { max })
}

/// Whether row `r` competes for the best of `col`.
fn counts_for(col: &Column, r: &Row, rows: &[Option<Row>]) -> bool {
    !col.among_least_lost || rows.iter().flatten().all(|o| r.lost <= o.lost)
}

/// Whether `v` is as good as the column's best: equal, or within 1 % of it (133.0 messages a
/// second is as good as 133.3).
fn as_good(col: &Column, v: u64, best: u64) -> bool {
    let (worse_by, of) = if col.lower_is_better { (v.saturating_sub(best), v) } else { (best.saturating_sub(v), best) };
    worse_by <= of / 100
}

#[function_component(CompareTable)]
pub fn compare_table(props: &TableProps) -> Html {
    let lang = props.lang;
    let bests: Vec<Option<u64>> = COLUMNS.iter().map(|c| best(c, &props.rows, lang)).collect();
    let head = COLUMNS.iter().map(|c| {
        html! { <th scope="col" title={c.help.get(lang)}><abbr title={c.help.get(lang)}>{ c.title.get(lang) }</abbr></th> }
    });
    let body = props.names.iter().zip(&props.rows).enumerate().map(|(i, (name, row))| {
        let cells = COLUMNS.iter().zip(&bests).map(|(c, best)| match row {
            Some(r) => {
                let v = (c.value)(r);
                let shown = (c.show)(v, lang);
                let is_best = best.is_some_and(|b| as_good(c, v, b)) && counts_for(c, r, &props.rows);
                // Said in full where the mark is not the column's lowest value, so a screen reader
                // does not hear "best" beside a smaller number (the rule is also under the table).
                let mark = if c.among_least_lost { text::BEST_AMONG_LEAST_LOST } else { text::BEST };
                html! {
                    <td id={format!("compare-{}-{i}", c.id)} data-value={v.to_string()} class={classes!(is_best.then_some("cmp-best"))}>
                        { shown }
                        if is_best { <span class="visually-hidden">{ format!("{}{}{}", lang.pick(" (", "（"), mark.get(lang), lang.pick(")", "）")) }</span> }
                    </td>
                }
            }
            None => html! { <td id={format!("compare-{}-{i}", c.id)} class="cmp-pending">{ "…" }</td> },
        });
        let hash = match row {
            Some(r) => {
                let full = hash_hex(r.trace_hash);
                html! { <td id={format!("compare-hash-{i}")}><code title={full.clone()}>{ full.chars().take(8).collect::<String>() }</code></td> }
            }
            None => html! { <td class="cmp-pending"><span class="visually-hidden">{ text::PENDING.get(lang) }</span></td> },
        };
        let open = {
            let on_open = props.on_open.clone();
            move |_| on_open.emit(i)
        };
        let label = format!("{}{}{}", text::OPEN.get(lang), lang.colon(), name);
        html! {
            <tr id={format!("compare-row-{i}")}>
                <th scope="row">
                    { name.clone() }
                    if row.as_ref().is_some_and(|r| !r.drained) {
                        <span class="cmp-note">{ format!(" ({})", text::NOT_DRAINED.get(lang)) }</span>
                    }
                </th>
                { for cells }
                { hash }
                <td>
                    <button type="button" class="button cmp-open" aria-label={label} disabled={row.is_none()} onclick={open}>
                        { text::OPEN.get(lang) }
                    </button>
                </td>
            </tr>
        }
    });
    html! {
        <>
        // Eight systems side by side are wider than the pane at 1280 px: the table scrolls, the page does not.
        <div class="cmp-scroll">
        <table class="cmp-table" id="compare-table">
            <caption class="visually-hidden">{ text::TABLE.get(lang) }</caption>
            <thead>
                <tr>
                    <th scope="col">{ text::CONFIG.get(lang) }</th>
                    { for head }
                    <th scope="col" title={text::HASH_HELP.get(lang)}>{ text::HASH.get(lang) }</th>
                    <th scope="col"><span class="visually-hidden">{ text::OPEN.get(lang) }</span></th>
                </tr>
            </thead>
            <tbody>{ for body }</tbody>
        </table>
        </div>
        if props.rows.iter().flatten().count() >= 2 {
            <p class="cmp-note" id="compare-best-rule">{ text::BEST_RULE.get(lang) }</p>
        }
        </>
    }
}
