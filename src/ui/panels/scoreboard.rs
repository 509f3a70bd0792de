//! The scoreboard: the run's counts as labelled cells, each with a one-line explanation on hover.
//! Counts that mean something went wrong turn red once they are above zero. The number sits alone
//! in the element with the cell's id, so tests can read it.

use yew::prelude::*;

use super::live;
use super::text::{self as t};
use crate::i18n::explain::drain_blocker;
use crate::i18n::Lang;
use crate::lessons::Counter;
use crate::sim::rocket_events::TxMode;
use crate::ui::state::AppContext;
use crate::ui::text::Text;

/// One cell: id, label, explanation, value, and whether a value above zero is bad news.
struct Cell {
    id: &'static str,
    label: Text,
    tip: Text,
    value: String,
    alarm: bool,
    unit: Option<Text>,
}

fn cell(c: Cell, lang: Lang) -> Html {
    let class = classes!("score", c.alarm.then_some("alarm"));
    html! {
        <div class={class} title={c.tip.get(lang)}>
            <dt>{ c.label.get(lang) }</dt>
            <dd>
                <span id={c.id} class="score-value">{ c.value }</span>
                if let Some(unit) = c.unit { <span class="score-unit">{ unit.get(lang) }</span> }
            </dd>
        </div>
    }
}

/// Milliseconds from microseconds: one decimal below a second, whole milliseconds above (a cell
/// is narrow).
fn ms(us: u64) -> String {
    if us >= 1_000_000 {
        return (us / 1_000).to_string();
    }
    format!("{}.{}", us / 1_000, (us % 1_000) / 100)
}

/// The element id of a count shown only for transactions or ordering (`count-` + the counter's
/// suffix, as lessons outline it).
fn extra_id(c: Counter) -> &'static str {
    match c {
        Counter::TxCommitted => "count-tx-committed",
        Counter::TxRolledBack => "count-tx-rolled-back",
        Counter::TxChecks => "count-tx-checks",
        Counter::DeliveredAfterRollback => "count-after-rollback",
        Counter::OutOfOrder => "count-out-of-order",
        Counter::Unconfirmed => "count-unconfirmed",
        _ => "count-out-of-order-replays",
    }
}

fn extra_tip(c: Counter) -> Text {
    match c {
        Counter::TxCommitted => t::TX_COMMITTED_TIP,
        Counter::TxRolledBack => t::TX_ROLLED_BACK_TIP,
        Counter::TxChecks => t::TX_CHECKS_TIP,
        Counter::DeliveredAfterRollback => t::AFTER_ROLLBACK_TIP,
        Counter::OutOfOrder => t::OUT_OF_ORDER_TIP,
        Counter::Unconfirmed => t::UNCONFIRMED_TIP,
        _ => t::OUT_OF_ORDER_REPLAYS_TIP,
    }
}

/// At the end of a run that never drained, why: the counts stop there with work left (a queue
/// behind, a consumer holding messages), and the learner should not have to guess what.
fn undrained(app: &AppContext) -> Option<String> {
    let lab = app.lab.borrow();
    let blockers = lab.undrained(UNDRAINED_SHOWN);
    if blockers.is_empty() {
        return None;
    }
    let topo = lab.run().world.topology();
    let items: Vec<String> = blockers.iter().map(|b| drain_blocker(b, topo, app.lang)).collect();
    Some(format!("{}{}", t::UNDRAINED.get(app.lang), items.join(app.lang.pick("; ", "；"))))
}

/// How many of the things left undone the line names (the runner's report lists up to 10; a
/// panel line has room for a few).
const UNDRAINED_SHOWN: usize = 3;

/// The live counts.
#[function_component(Scoreboard)]
pub fn scoreboard() -> Html {
    let app = use_context::<AppContext>().expect("AppContext");
    let lang = app.lang;
    let live = live(&app);
    let c = super::shown_counts(&app, &live);
    let count = |id, label, tip, v: u64, bad: bool| Cell {
        id,
        label,
        tip,
        value: v.to_string(),
        alarm: bad && v > 0,
        unit: None,
    };
    // Transactions and ordering have counts of their own, shown only where the scenario uses them.
    // Replication only where the cluster copies messages: a single server would always show 0.
    let (transactions, ordering, replicates) = {
        let lab = app.lab.borrow();
        let s = lab.scenario();
        let tx = s.producers.iter().any(|p| p.transaction.as_ref().is_some_and(|t| t.mode != TxMode::None));
        let ordering = s.producers.iter().any(|p| p.order_keys > 0) || s.consumer_groups.iter().any(|g| g.orderly);
        (tx, ordering, crate::lab::legend::replicates(s))
    };
    let extra = |on: bool, c: Counter, v: u64, bad: bool| {
        on.then(|| Cell {
            id: extra_id(c),
            label: c.name(),
            tip: extra_tip(c),
            value: v.to_string(),
            alarm: bad && v > 0,
            unit: None,
        })
    };
    let extras = [
        extra(transactions, Counter::TxCommitted, c.tx_local_committed, false),
        extra(transactions, Counter::TxRolledBack, c.tx_local_rolled_back, false),
        extra(transactions, Counter::TxChecks, c.tx_checks, false),
        extra(transactions, Counter::DeliveredAfterRollback, c.delivered_after_rollback, true),
        extra(ordering, Counter::OutOfOrder, c.out_of_order, true),
        extra(ordering, Counter::OutOfOrderReplays, c.out_of_order_replays, true),
        // Known only at the end, and only where a producer sent without confirms.
        extra(c.unconfirmed_unprocessed > 0, Counter::Unconfirmed, c.unconfirmed_unprocessed, true),
    ];
    let cells = [
        count("count-produced", t::PRODUCED, t::PRODUCED_TIP, c.produced, false),
        count("count-acked", t::ACKED, t::ACKED_TIP, c.acked, false),
        count("count-send-failed", t::SEND_FAILED, t::SEND_FAILED_TIP, c.send_failed, true),
        count("count-stored", t::STORED, t::STORED_TIP, c.stored, false),
    ];
    let replicated =
        replicates.then(|| count("count-replicated", t::REPLICATED, t::REPLICATED_TIP, c.replicated, false));
    let rest = [
        count("count-delivered", t::DELIVERED, t::DELIVERED_TIP, c.delivered, false),
        count("count-processed", t::PROCESSED, t::PROCESSED_TIP, c.processed, false),
        count("count-backlog", t::BACKLOG_COUNT, t::BACKLOG_COUNT_TIP, Counter::Backlog.of(&c), false),
        count("count-redelivered", t::REDELIVERED, t::REDELIVERED_TIP, c.redelivered, false),
        count("count-duplicate-deliveries", t::DUP_DELIVERIES, t::DUP_DELIVERIES_TIP, c.duplicate_deliveries, true),
        count("count-duplicate-effects", t::DUP_EFFECTS, t::DUP_EFFECTS_TIP, c.duplicate_effects, true),
        count("count-dedup-caught", t::DEDUP_CAUGHT, t::DEDUP_CAUGHT_TIP, c.dedup_caught, false),
        count("count-lost", t::LOST, t::LOST_TIP, live.lost, true),
        count("count-dlq", t::DLQ, t::DLQ_TIP, c.in_dlq, true),
        Cell {
            id: "latency-p50",
            label: t::P50,
            tip: t::P50_TIP,
            value: ms(live.latency.p50_us),
            alarm: false,
            unit: Some(t::MS),
        },
        Cell {
            id: "latency-p99",
            label: t::P99,
            tip: t::P99_TIP,
            value: ms(live.latency.p99_us),
            alarm: false,
            unit: Some(t::MS),
        },
    ];
    let undrained = undrained(&app);
    html! {
        <section class="panel scoreboard" aria-labelledby="scoreboard-title">
            <h2 id="scoreboard-title" class="panel-title">{ t::SCOREBOARD.get(lang) }</h2>
            <dl class="scores">
                { for cells.into_iter().chain(replicated).chain(rest).chain(extras.into_iter().flatten()).map(|c| cell(c, lang)) }
            </dl>
            if let Some(line) = undrained {
                <p id="undrained" class="undrained" role="status">{ line }</p>
            }
        </section>
    }
}
