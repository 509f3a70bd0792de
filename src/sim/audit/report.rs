//! The checker's end-of-run summary: final counts (now every promised message that no group
//! processed is lost, whatever the reason), latency, and the anomalies with their causes.

use super::counts::{Counts, Latency};
use super::explain::{self, Cause};
use super::Auditor;
use crate::sim::ids::{GroupId, MsgKey};
use crate::sim::time::SimTime;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    /// Promised and never processed by the group.
    Lost,
    /// The side effect happened more than once.
    DuplicateEffect,
    /// Delivered again after processing; the dedup store caught it.
    DuplicateCaught,
    /// Every retry failed: it sits in the dead-letter queue.
    DeadLettered,
    /// Processed although its local transaction rolled back.
    DeliveredAfterRollback,
    /// First processed after a later message of the same business key.
    OutOfOrder,
    /// Processed again after a later message of the same business key.
    OutOfOrderReplay,
    /// Never processed by the group, and never promised: no SEND_OK, confirm or ack reached the
    /// producer, and no failure either (the scoreboard's "gone, never confirmed"; failed sends,
    /// which the producer was told of, are counted as Send failed only).
    Unconfirmed,
}

#[derive(Clone, Debug, Serialize)]
pub struct Anomaly {
    pub kind: AnomalyKind,
    pub key: MsgKey,
    pub group: GroupId,
    /// When it became visible (the duplicate, the dead-lettering, or the end of the run for a loss).
    pub at: SimTime,
    pub causes: Vec<Cause>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AuditSummary {
    pub ended_at: SimTime,
    pub drained: bool,
    pub counts: Counts,
    pub latency: Latency,
    /// Anomalies in time order (at most `MAX_ANOMALIES`; `anomaly_count` has them all).
    pub anomalies: Vec<Anomaly>,
    pub anomaly_count: u64,
}

/// Reports list this many anomalies at most; the counts stay exact.
pub const MAX_ANOMALIES: usize = 1_000;

pub fn summarize(a: &Auditor, end: SimTime, drained: bool, max_listed: usize) -> AuditSummary {
    let mut counts = a.counts.clone();
    counts.lost = 0;
    counts.unconfirmed_unprocessed = 0;
    let mut anomalies = Vec::new();
    for m in a.messages() {
        let mut lost_here = false;
        let mut unconfirmed_here = false;
        for (g, gl) in m.groups.iter().enumerate().filter(|(_, gl)| gl.subscribed) {
            let group = GroupId(g as u8);
            if let Some(at) = gl.dead_lettered {
                if !gl.processed() {
                    let deliveries = gl.deliveries.len() as u32;
                    let causes = vec![Cause::DeadLettered { at, deliveries }];
                    anomalies.push(Anomaly { kind: AnomalyKind::DeadLettered, key: m.key, group, at, causes });
                }
            } else if !gl.processed() {
                if m.promised() {
                    lost_here = true;
                    let causes = explain::explain_lost(a, m, g);
                    anomalies.push(Anomaly { kind: AnomalyKind::Lost, key: m.key, group, at: end, causes });
                } else if m.tx.is_none() && m.send_failures.is_empty() && m.gave_up.is_none() {
                    // A transactional message that never committed is rightly unprocessed. A failed
                    // send told the producer (handling it is the application's part) and has its
                    // own count, Send failed: only a message that went with nothing said is
                    // counted and listed here, so it can be inspected.
                    unconfirmed_here = true;
                    let mut causes = vec![Cause::NeverConfirmed { producer: m.producer }];
                    causes.extend(explain::explain_lost(a, m, g));
                    anomalies.push(Anomaly { kind: AnomalyKind::Unconfirmed, key: m.key, group, at: end, causes });
                }
            }
            if let (true, Some(first)) = (m.rolled_back(), gl.effects.first()) {
                let causes = explain::explain_after_rollback(m, g);
                let kind = AnomalyKind::DeliveredAfterRollback;
                anomalies.push(Anomaly { kind, key: m.key, group, at: first.at, causes });
            }
            for e in gl.effects.iter().skip(1) {
                let causes = explain::explain_duplicate(a, m, g, (e.at, e.consumer));
                anomalies.push(Anomaly { kind: AnomalyKind::DuplicateEffect, key: m.key, group, at: e.at, causes });
            }
            if let Some(first) = gl.effects.first() {
                for s in gl.skips.iter().filter(|s| s.at >= first.at) {
                    let mut causes = explain::explain_duplicate(a, m, g, (s.at, s.consumer));
                    causes.push(Cause::CaughtBy { at: s.at, store: s.store });
                    anomalies.push(Anomaly { kind: AnomalyKind::DuplicateCaught, key: m.key, group, at: s.at, causes });
                }
            }
        }
        counts.lost += u64::from(lost_here);
        counts.unconfirmed_unprocessed += u64::from(unconfirmed_here);
    }
    for v in a.order_violations() {
        let kind = if v.replay { AnomalyKind::OutOfOrderReplay } else { AnomalyKind::OutOfOrder };
        let causes = explain::explain_out_of_order(a, v);
        anomalies.push(Anomaly { kind, key: v.key, group: v.group, at: v.at, causes });
    }
    anomalies.sort_by_key(|x| (x.at, x.key, x.group, x.kind));
    let anomaly_count = anomalies.len() as u64;
    anomalies.truncate(max_listed);
    AuditSummary { ended_at: end, drained, counts, latency: a.latency(), anomalies, anomaly_count }
}
