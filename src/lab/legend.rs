//! The message kinds a cluster sends, so that the legend lists only those: a single RabbitMQ node
//! replicates nothing, RocketMQ holds no elections, and only a group that deduplicates calls a
//! store. The lists are held to every shipped scenario's trace by `tests/legend_kinds.rs`.

use crate::scenario::clients::Dedup;
use crate::scenario::model::Scenario;
use crate::scenario::systems::System;
use crate::sim::wire::MsgKind;

/// The kinds scenario `s` can put on the wire, in the legend's order.
pub fn kinds_sent(s: &Scenario) -> Vec<MsgKind> {
    let sent = sent_by(&s.system);
    let dedup = s.consumer_groups.iter().any(|g| g.dedup != Dedup::None);
    MsgKind::ALL.iter().copied().filter(|k| sent.contains(k) || (*k == MsgKind::Dedup && dedup)).collect()
}

/// What the system's nodes send, whatever the scenario.
fn sent_by(system: &System) -> &'static [MsgKind] {
    use MsgKind::*;
    match system {
        System::Rocketmq => &[
            Send,
            SendResult,
            Pull,
            PullResult,
            ConsumerAck,
            Replicate,
            ReplicateAck,
            Heartbeat,
            Route,
            Rebalance,
            SendBack,
            Conn,
        ],
        System::Kafka(_) => &[
            Send,
            SendResult,
            Pull,
            PullResult,
            ConsumerAck,
            Replicate,
            ReplicateAck,
            Heartbeat,
            Route,
            Rebalance,
            Election,
            Conn,
        ],
        // Deliveries are pushed (basic.deliver); a nack or reject goes back as `SendBack`.
        System::Rabbitmq(_) => &[Send, SendResult, PullResult, ConsumerAck, Heartbeat, SendBack, Conn],
        System::Raft(_) => {
            &[Send, SendResult, Pull, PullResult, ConsumerAck, Replicate, ReplicateAck, Heartbeat, Election, Conn]
        }
        System::RedisQueue(_) => &[Send, SendResult, Pull, PullResult, ConsumerAck, Heartbeat, Rebalance, Conn],
    }
}
