//! One message's story for the inspector: everything the checker remembers of it (`MessageLife`),
//! flattened into a time-ordered list of steps, and where the message stands now. Data only; the
//! page words each step in the learner's language.

use crate::sim::audit::explain::definitely_lost;
use crate::sim::audit::lifecycle::{CopyLoss, MessageLife};
use crate::sim::audit::Auditor;
use crate::sim::ids::{GroupId, MessageQueue, MsgId, NodeId};
use crate::sim::time::SimTime;
use crate::sim::trace::{DropReason, SendFailure};
use crate::sim::wire::SendStatus;

/// Something that happened to the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Born {
        producer: NodeId,
    },
    /// A reliable producer wrote it to its message table.
    Accepted {
        producer: NodeId,
    },
    SendFailed {
        msg: MsgId,
        reason: SendFailure,
    },
    /// The network lost the producer's send on its way (a crashed destination, a partition, a
    /// drop): with nothing waiting for an answer, this is all there is to say of it.
    SendDropped {
        to: NodeId,
        reason: DropReason,
    },
    /// Stored, but the broker answered something other than SEND_OK.
    NotOk {
        msg: MsgId,
        broker: NodeId,
        status: SendStatus,
    },
    Acked {
        msg: MsgId,
        broker: NodeId,
    },
    /// The reliable producer's compensation job sent it again under a new id.
    Resent {
        msg: MsgId,
    },
    GaveUp,
    Stored {
        node: NodeId,
        msg: MsgId,
        log_offset: u64,
        on_slave: bool,
    },
    CopyLost {
        node: NodeId,
        how: CopyLoss,
    },
    Delivered {
        group: GroupId,
        consumer: NodeId,
        msg: MsgId,
        mq: MessageQueue,
        from: NodeId,
        reconsume: u8,
        auto_acked: bool,
    },
    RedisClaimed {
        group: GroupId,
        msg: MsgId,
    },
    RedisExpired {
        group: GroupId,
    },
    /// The side effect; `nth` counts from 1 (2 and up are duplicates).
    Processed {
        group: GroupId,
        consumer: NodeId,
        msg: MsgId,
        by: NodeId,
        nth: usize,
    },
    /// The dedup store said "already done".
    Skipped {
        group: GroupId,
        consumer: NodeId,
        store: NodeId,
    },
    Failed {
        group: GroupId,
    },
    Abandoned {
        group: GroupId,
        consumer: NodeId,
    },
    DeadLettered {
        group: GroupId,
    },
    /// An event only one system or feature has (`MessageLife::notes`, by index).
    Note {
        index: usize,
    },
}

/// A step and when it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LifeStep {
    pub at: SimTime,
    pub step: Step,
}

/// The message's steps in time order (steps at the same moment keep the order of the list above).
pub fn lifecycle(m: &MessageLife) -> Vec<LifeStep> {
    let mut v = Vec::new();
    let mut push = |at: SimTime, step: Step| v.push(LifeStep { at, step });
    push(m.born_at, Step::Born { producer: m.producer });
    if let Some(at) = m.accepted {
        push(at, Step::Accepted { producer: m.producer });
    }
    for &(at, msg, reason) in &m.send_failures {
        push(at, Step::SendFailed { msg, reason });
    }
    if let Some((at, to, reason)) = m.send_dropped {
        push(at, Step::SendDropped { to, reason });
    }
    for &(at, msg, broker, status) in &m.not_ok {
        push(at, Step::NotOk { msg, broker, status });
    }
    if let Some(a) = m.acked {
        push(a.at, Step::Acked { msg: a.msg, broker: a.broker });
    }
    for &(at, msg) in &m.resends {
        push(at, Step::Resent { msg });
    }
    if let Some(at) = m.gave_up {
        push(at, Step::GaveUp);
    }
    for c in &m.copies {
        push(c.at, Step::Stored { node: c.node, msg: c.msg, log_offset: c.log_offset, on_slave: c.on_slave });
        if let Some((at, how)) = c.lost {
            push(at, Step::CopyLost { node: c.node, how });
        }
    }
    for (g, gl) in m.groups.iter().enumerate() {
        let group = GroupId(g as u8);
        for d in &gl.deliveries {
            let (consumer, msg, mq, from) = (d.consumer, d.msg, d.mq, d.from);
            let (reconsume, auto_acked) = (d.reconsume, d.auto_acked);
            push(d.at, Step::Delivered { group, consumer, msg, mq, from, reconsume, auto_acked });
        }
        for &(at, msg) in &gl.redis_claims {
            push(at, Step::RedisClaimed { group, msg });
        }
        for &at in &gl.redis_expired {
            push(at, Step::RedisExpired { group });
        }
        for (i, e) in gl.effects.iter().enumerate() {
            push(e.at, Step::Processed { group, consumer: e.consumer, msg: e.msg, by: e.by, nth: i + 1 });
        }
        for s in &gl.skips {
            push(s.at, Step::Skipped { group, consumer: s.consumer, store: s.store });
        }
        for &at in &gl.failures {
            push(at, Step::Failed { group });
        }
        for &(at, consumer) in &gl.abandoned {
            push(at, Step::Abandoned { group, consumer });
        }
        if let Some(at) = gl.dead_lettered {
            push(at, Step::DeadLettered { group });
        }
    }
    for (index, (at, _)) in m.notes.iter().enumerate() {
        push(*at, Step::Note { index });
    }
    // Stable: same-time steps keep their causal order (stored before delivered, delivered before processed).
    v.sort_by_key(|s| s.at);
    v
}

/// How far the message got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Produced,
    /// Every send so far failed.
    SendFailed,
    Acked,
    /// A copy survives on a broker (acked or not).
    Stored,
    Delivered,
    /// Every subscribed group processed it.
    Processed,
}

/// Where the message stands, with its anomalies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageStatus {
    pub stage: Stage,
    /// Brokers holding a surviving copy.
    pub stored_on: Vec<NodeId>,
    /// Some group's side effect happened more than once.
    pub duplicated: bool,
    /// Promised and no longer processable (or, at the end of the run, simply never processed).
    pub lost: bool,
    pub in_dlq: bool,
}

/// Where message `m` stands; `at_end` once the run is over (then every promised, unprocessed
/// message counts as lost, as in the final report).
pub fn status(a: &Auditor, m: &MessageLife, at_end: bool) -> MessageStatus {
    let subscribed = || m.groups.iter().filter(|g| g.subscribed);
    let mut stored_on: Vec<NodeId> = m.surviving_copies().map(|c| c.node).collect();
    stored_on.sort();
    stored_on.dedup();
    let stage = if subscribed().next().is_some() && subscribed().all(|g| g.processed()) {
        Stage::Processed
    } else if m.groups.iter().any(|g| !g.deliveries.is_empty()) {
        Stage::Delivered
    } else if !stored_on.is_empty() {
        Stage::Stored
    } else if m.acked.is_some() {
        Stage::Acked
    } else if !m.send_failures.is_empty() {
        Stage::SendFailed
    } else {
        Stage::Produced
    };
    let unsettled = subscribed().any(|g| !g.processed() && g.dead_lettered.is_none());
    MessageStatus {
        stage,
        stored_on,
        duplicated: m.groups.iter().any(|g| g.effects.len() > 1),
        lost: definitely_lost(a, m) || (at_end && m.promised() && unsettled),
        in_dlq: m.groups.iter().any(|g| g.dead_lettered.is_some() && !g.processed()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Scenario;
    use crate::sim::audit::report::AnomalyKind;

    fn scenario(name: &str) -> Scenario {
        let path = format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn a_redelivered_message_shows_two_deliveries_and_two_effects() {
        let out = crate::sim::run::run(&scenario("manual-ack-dropped-ack.json"), &[], false).expect("runs");
        let dup = out.summary.anomalies.iter().find(|a| a.kind == AnomalyKind::DuplicateEffect).expect("a duplicate");
        let life = out.auditor.message(dup.key).expect("its life");
        let steps = lifecycle(life);
        let deliveries = steps.iter().filter(|s| matches!(s.step, Step::Delivered { .. })).count();
        assert_eq!(deliveries, 2);
        assert!(steps.iter().any(|s| matches!(s.step, Step::Processed { nth: 2, .. })));
        assert!(steps.windows(2).all(|w| w[0].at <= w[1].at), "time-ordered");
        assert!(matches!(steps[0].step, Step::Born { .. }));
        let st = status(&out.auditor, life, true);
        assert_eq!(st.stage, Stage::Processed);
        assert!(st.duplicated && !st.lost && !st.in_dlq);
        assert!(!st.stored_on.is_empty());
    }

    #[test]
    fn a_dead_lettered_message_is_in_the_dlq() {
        let out = crate::sim::run::run(&scenario("retries-to-dlq.json"), &[], false).expect("runs");
        let dead = out.summary.anomalies.iter().find(|a| a.kind == AnomalyKind::DeadLettered).expect("a dead letter");
        let life = out.auditor.message(dead.key).expect("its life");
        assert!(status(&out.auditor, life, true).in_dlq);
        assert!(lifecycle(life).iter().any(|s| matches!(s.step, Step::DeadLettered { .. })));
    }

    /// A send lost on its way to a crashed server is the whole story of such a message: the
    /// anomaly list names it, so the lifecycle must show it too (RabbitMQ without confirms).
    #[test]
    fn a_send_lost_on_the_way_is_in_the_lifecycle() {
        use crate::i18n::{explain::send_lost, Lang};
        use crate::sim::audit::explain::Cause;
        let out = crate::sim::run::run(&scenario("rabbitmq-broker-crash.json"), &[], false).expect("runs");
        let topo = out.auditor.topology();
        let lost = out
            .summary
            .anomalies
            .iter()
            .find(|a| a.causes.iter().any(|c| matches!(c, Cause::SendDropped { .. })))
            .expect("a message whose send was lost");
        let Some(&Cause::SendDropped { at, to, reason }) =
            lost.causes.iter().find(|c| matches!(c, Cause::SendDropped { .. }))
        else {
            unreachable!()
        };
        let life = out.auditor.message(lost.key).expect("its life");
        let steps = lifecycle(life);
        assert!(steps.contains(&LifeStep { at, step: Step::SendDropped { to, reason } }), "{steps:?}");
        assert_eq!(
            send_lost(to, reason, topo, Lang::En),
            "its send to rabbit was lost because the destination was down"
        );
        assert_eq!(send_lost(to, reason, topo, Lang::Zh), "发往 rabbit 的这次发送因目标节点宕机而丢失");
    }

    /// Events only one system or feature has are part of a message's story, in both languages.
    #[test]
    fn a_systems_own_events_are_in_the_lifecycle() {
        use crate::sim::audit::lifecycle::Note;
        for (file, system) in
            [("rabbitmq-manual-ack-consumer-crash.json", true), ("transaction-commit-lost-check-back.json", false)]
        {
            let out = crate::sim::run::run(&scenario(file), &[], false).expect("runs");
            let life = out
                .auditor
                .messages()
                .find(|m| m.notes.iter().any(|(_, n)| matches!(n, Note::System(_)) == system))
                .unwrap_or_else(|| panic!("{file}: a message with a note"));
            let notes = lifecycle(life).iter().filter(|s| matches!(s.step, Step::Note { .. })).count();
            assert_eq!(notes, life.notes.len(), "{file}");
            for (_, note) in &life.notes {
                let words = |lang| match note {
                    Note::System(e) => e.describe(out.auditor.topology(), lang),
                    Note::Tx(e) => crate::i18n::rocket::describe_tx(e, out.auditor.topology(), lang),
                    Note::Order(e) => crate::i18n::rocket::describe_order(e, out.auditor.topology(), lang),
                };
                let (en, zh) = (words(crate::i18n::Lang::En), words(crate::i18n::Lang::Zh));
                assert!(!en.is_empty() && en != zh, "{file}: {en} / {zh}");
            }
        }
    }
}
