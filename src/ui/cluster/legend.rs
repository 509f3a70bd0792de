//! What the colours mean: every message kind the cluster sends, in its system's words, every node
//! state, and the strips' windows and markers (replication's only where the cluster replicates).
//! It lies over the band the layout keeps free at the bottom of the drawing, and depends on the
//! language and the scenario only, so it is not rebuilt every frame.

use yew::prelude::*;

use super::links::dot_class;
use super::nodes::Look;
use super::text as t;
use crate::i18n::Lang;
use crate::scenario::systems::SystemKind;
use crate::sim::wire::MsgKind;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub lang: Lang,
    /// The system: its message kinds are named in its words. RocketMQ's strips are commit logs
    /// copied to slaves; another system's are logs or queues whose safe part is "committed".
    pub system: SystemKind,
    /// The cluster copies messages between servers (`lab::legend::replicates`): otherwise the
    /// strips have no replicated or committed part to explain.
    pub replicates: bool,
    /// The strips can show entries not yet on disk (`lab::legend::flushes`).
    pub flushes: bool,
    /// The message kinds the cluster sends (`lab::legend::kinds_sent`).
    pub kinds: Vec<MsgKind>,
}

#[function_component(Legend)]
pub fn legend(p: &LegendProps) -> Html {
    let lang = p.lang;
    // Only the kinds the cluster sends, named as its system names them (only RocketMQ says SEND_OK).
    let rocketmq = p.system == SystemKind::Rocketmq;
    // Kafka's names are shortened to fit the band; the full ones are their tooltips.
    let labels = crate::lab::legend::kind_labels(&p.kinds, p.system, lang);
    let kinds = p.kinds.iter().zip(labels).map(|(&k, (label, full))| {
            html! {
                <li title={full}>
                    <svg class="legend-swatch" viewBox="0 0 10 10" aria-hidden="true"><circle class={dot_class(k)} cx="5" cy="5" r="4" /></svg>
                    { label }
                </li>
            }
        });
    let states = Look::ALL.iter().map(|&l| {
        html! {
            <li><span class={classes!("legend-state", format!("node-{}", l.slug()))} aria-hidden="true">{ l.icon() }</span>{ l.text().get(lang) }</li>
        }
    });
    let swatch = |class: &'static str, label: &'static str| {
        html! { <li><span class={classes!("legend-bar", class)} aria-hidden="true"></span>{ label }</li> }
    };
    html! {
        <div class="cluster-legend" role="group" aria-label={t::LEGEND.get(lang)}>
            <ul class="legend-list" aria-label={t::MESSAGES_IN_FLIGHT.get(lang)}>
                { for kinds }
                <li><span class="legend-drop" aria-hidden="true">{ "✕" }</span>{ t::DROPPED.get(lang) }</li>
            </ul>
            <ul class="legend-list" aria-label={t::CLUSTER.get(lang)}>
                { for states }
                if rocketmq {
                    <li><span class="legend-stale" aria-hidden="true">{ "⚠" }</span>{ t::STALE_ROUTE.get(lang) }</li>
                }
            </ul>
            <ul class="legend-list" aria-label={if rocketmq { t::COMMIT_LOG.get(lang) } else { t::LOGS_AND_QUEUES.get(lang) }}>
                { swatch("strip-stored", t::WRITTEN.get(lang)) }
                if p.flushes {
                    { swatch("strip-unflushed", t::UNFLUSHED.get(lang)) }
                }
                if p.replicates {
                    { swatch("strip-unreplicated", if rocketmq { t::UNREPLICATED.get(lang) } else { t::UNCOMMITTED.get(lang) }) }
                }
                if p.flushes {
                    { swatch("mark-flushed", t::FLUSHED.get(lang)) }
                }
                if p.replicates {
                    { swatch("mark-replicated", if rocketmq { t::REPLICATED.get(lang) } else { t::COMMITTED.get(lang) }) }
                }
                { swatch("mark-consumed", t::CONSUMED.get(lang)) }
            </ul>
        </div>
    }
}
