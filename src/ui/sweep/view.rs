//! What the sweep pane shows of a sweep: its status and progress bar, the numbers a teacher
//! reads, the two histograms, the first failing seeds with "Show me", and a table of every run.

use yew::prelude::*;

use super::histogram::HistogramChart;
use super::job::{Job, Status};
use super::text;
use crate::lab::sweep::{SeedResult, Spread, Summary};
use crate::sim::trace::hash_hex;
use crate::ui::lang::Lang;
use crate::ui::text::Text;

/// Rows the table of runs lists at most: a DOM of 10 000 rows would slow every redraw, and the
/// runner lists them all (`--per-seed`).
const TABLE_ROWS: usize = 200;

/// The status line and the progress bar.
pub fn progress(job: &Job, lang: Lang) -> Html {
    let plan = job.tally.plan();
    let (done, runs) = (job.tally.done(), plan.runs);
    let seconds = format!("{:.1} {}", job.elapsed_ms() / 1_000.0, text::SECONDS.get(lang));
    let status = match &job.status {
        Status::Running if done == 0 => text::STARTING.get(lang).to_string(),
        Status::Running => format!(
            "{}{}{}{}{done} / {runs} {}",
            text::RUNNING.get(lang),
            lang.pick(" (", "（"),
            format_args!("{} {}", job.workers, text::WORKERS.get(lang)),
            lang.pick("): ", "）："),
            text::RUNS_WORD.get(lang)
        ),
        Status::Finished => {
            format!(
                "{}{}{runs} {}{}{} {seconds}",
                text::FINISHED.get(lang),
                lang.colon(),
                text::RUNS_WORD.get(lang),
                lang.pick(" ", "，"),
                text::IN.get(lang)
            )
        }
        Status::Cancelled => {
            format!("{}{}{done} / {runs} {}", text::CANCELLED.get(lang), lang.colon(), text::RUNS_WORD.get(lang))
        }
        Status::Failed(e) => format!("{}{}{}", text::FAILED.get(lang), lang.colon(), lang.pick(&e.en, &e.zh)),
    };
    let failed = matches!(job.status, Status::Failed(_));
    let percent = done * 100 / runs.max(1);
    html! {
        <>
            <p class={classes!("sweep-status", failed.then_some("cmp-error"))} id="sweep-status"
                role={if failed { "alert" } else { "status" }} data-elapsed-ms={format!("{:.0}", job.elapsed_ms())}>
                { status }
            </p>
            <div class="sweep-progress" id="sweep-progress" role="progressbar" aria-label={text::PROGRESS.get(lang)}
                aria-valuemin="0" aria-valuemax={runs.to_string()} aria-valuenow={done.to_string()}
                aria-valuetext={format!("{done} / {runs}")}>
                <div class="sweep-progress-bar" style={format!("width: {percent}%")}></div>
            </div>
        </>
    }
}

fn spread(s: &Spread) -> String {
    format!("{} / {}", s.median, s.max)
}

fn micros(s: &Spread, lang: Lang) -> String {
    let d = |us: u64| crate::i18n::explain::duration(us, lang);
    format!("{} / {}", d(s.median), d(s.max))
}

/// The numbers: failing runs, runs with loss and with duplicates, median and max.
pub fn numbers(sum: &Summary, lang: Lang) -> Html {
    let row = |id: &'static str, label: Text, value: String| {
        html! {
            <div class="sweep-number">
                <dt>{ label.get(lang) }</dt>
                <dd id={id}>{ value }</dd>
            </div>
        }
    };
    let share = |n: u64| format!("{n} / {}", sum.runs);
    html! {
        <dl class="sweep-numbers">
            { row("sweep-failing-count", text::FAILING, share(sum.failing)) }
            { row("sweep-with-loss", text::WITH_LOSS, share(sum.with_loss)) }
            { row("sweep-with-dup", text::WITH_DUP, share(sum.with_duplicate_effects)) }
            { row("sweep-lost-spread", text::LOST_SPREAD, spread(&sum.lost)) }
            { row("sweep-dup-spread", text::DUP_SPREAD, spread(&sum.duplicate_effects)) }
            { row("sweep-p99-spread", text::P99_SPREAD, micros(&sum.latency_p99_us, lang)) }
            if sum.not_drained > 0 {
                { row("sweep-not-drained", text::NOT_DRAINED, share(sum.not_drained)) }
            }
        </dl>
    }
}

/// The two histograms side by side.
pub fn histograms(sum: &Summary, lang: Lang) -> Html {
    html! {
        <div class="sweep-histograms">
            <HistogramChart {lang} id="sweep-histogram-lost" title={text::LOST_HISTOGRAM} histogram={sum.lost_histogram.clone()} />
            <HistogramChart {lang} id="sweep-histogram-dup" title={text::DUP_HISTOGRAM}
                histogram={sum.duplicate_effects_histogram.clone()} />
        </div>
    }
}

/// The first failing seeds, each with a button that opens its run in the lab.
pub fn failing(job: &Job, sum: &Summary, lang: Lang, on_show: &Callback<u64>) -> Html {
    if sum.failing_seeds.is_empty() {
        return html! { <p class="sweep-note" id="sweep-none-failing">{ text::NONE_FAILING.get(lang) }</p> };
    }
    let items = sum.failing_seeds.iter().filter_map(|&seed| job.tally.get(seed)).map(|r| {
        let seed = r.seed;
        let onclick = {
            let on_show = on_show.clone();
            move |_| on_show.emit(seed)
        };
        let what = format!(
            "{} {seed}{}{} {}{}{} {}",
            text::SEED.get(lang),
            lang.colon(),
            text::LOST.get(lang),
            r.counts.lost,
            lang.comma(),
            text::DUP_EFFECTS.get(lang),
            r.counts.duplicate_effects
        );
        html! {
            <li data-seed={seed.to_string()}>
                <span>{ what.clone() }</span>
                <button type="button" class="button sweep-show" id={format!("sweep-show-{seed}")}
                    title={text::SHOW_ME_HINT.get(lang)} aria-label={format!("{}{}{what}", text::SHOW_ME_HINT.get(lang), lang.colon())}
                    {onclick}>{ text::SHOW_ME.get(lang) }</button>
            </li>
        }
    });
    html! {
        <section class="sweep-failing" aria-labelledby="sweep-failing-heading">
            <h3 id="sweep-failing-heading">{ text::FAILING_SEEDS.get(lang) }</h3>
            <ol id="sweep-failing">{ for items }</ol>
        </section>
    }
}

fn run_row(r: &SeedResult, lang: Lang) -> Html {
    let c = &r.counts;
    let hash = hash_hex(r.trace_hash);
    let drained = if r.drained { text::YES } else { text::NO };
    html! {
        <tr data-seed={r.seed.to_string()} data-lost={c.lost.to_string()} data-dup-effects={c.duplicate_effects.to_string()}
            data-dup-deliveries={c.duplicate_deliveries.to_string()} data-hash={hash.clone()}
            class={classes!(r.failing().then_some("sweep-row-failing"))}>
            <th scope="row">{ r.seed }</th>
            <td>{ c.lost }</td>
            <td>{ c.duplicate_effects }</td>
            <td>{ c.duplicate_deliveries }</td>
            <td>{ c.in_dlq }</td>
            <td>{ c.processed }</td>
            <td>{ drained.get(lang) }</td>
            <td><code>{ hash }</code></td>
        </tr>
    }
}

/// Every run, in seed order, behind a disclosure: the rows are built only while it is open.
pub fn runs_table(job: &Job, lang: Lang, open: bool, on_toggle: Callback<Event>) -> Html {
    let rows = if open {
        job.tally.results().take(TABLE_ROWS).map(|r| run_row(r, lang)).collect::<Html>()
    } else {
        Html::default()
    };
    let head = [
        text::SEED,
        text::COL_LOST,
        text::COL_DUP_EFFECTS,
        text::COL_DUP_DELIVERIES,
        text::COL_DLQ,
        text::COL_PROCESSED,
        text::COL_DRAINED,
        text::COL_HASH,
    ]
    .into_iter()
    .map(|t| html! { <th scope="col">{ t.get(lang) }</th> });
    html! {
        <details class="sweep-runs" id="sweep-runs" {open} ontoggle={on_toggle}>
            <summary>{ format!("{} ({})", text::EVERY_RUN.get(lang), job.tally.done()) }</summary>
            if job.tally.plan().runs as usize > TABLE_ROWS {
                <p class="sweep-note">{ text::FIRST_ROWS.get(lang) }</p>
            }
            <table class="cmp-table" id="sweep-runs-table">
                <thead><tr>{ for head }</tr></thead>
                <tbody>{ rows }</tbody>
            </table>
        </details>
    }
}
