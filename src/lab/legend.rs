//! The message kinds a cluster sends, so that the legend lists only those: a single RabbitMQ node
//! replicates nothing, RocketMQ holds no elections, and only a group that deduplicates calls a
//! store. The lists are held to every shipped scenario's trace by `tests/legend_kinds.rs`. Also
//! whether the cluster replicates at all, for the legend's and the scoreboard's replication items.

use crate::scenario::clients::Dedup;
use crate::scenario::model::Scenario;
use crate::scenario::systems::redis_queue::QueueMode;
use crate::scenario::systems::System;
use crate::sim::wire::MsgKind;

/// The kinds scenario `s` can put on the wire, in the legend's order.
pub fn kinds_sent(s: &Scenario) -> Vec<MsgKind> {
    let never = never_sent_by(&s.system);
    let dedup = s.consumer_groups.iter().any(|g| g.dedup != Dedup::None);
    MsgKind::ALL
        .iter()
        .copied()
        .filter(|k| !never.contains(k) && !off_in(s, *k) && (*k != MsgKind::Dedup || dedup))
        .collect()
}

/// What the system sends only with some of its settings: a Redis list acknowledges by the pop
/// itself, so only the reliable queue sends an LREM and runs the recovery job, and only a delayed
/// queue polls its sorted set.
fn off_in(s: &Scenario, k: MsgKind) -> bool {
    match (&s.system, k) {
        (System::RedisQueue(r), MsgKind::ConsumerAck | MsgKind::Rebalance) => r.mode != QueueMode::Reliable,
        (System::RedisQueue(r), MsgKind::Heartbeat) => !r.delayed,
        _ => false,
    }
}

/// Whether the cluster copies messages from one server to another, so that the page has something
/// to show as replicated (RocketMQ's slaves) or committed (Kafka's high watermark, Raft's commit
/// index). A single RabbitMQ node, the Redis server and a RocketMQ master without slaves do not:
/// their "replicated" count and legend entries would only ever say nothing.
pub fn replicates(s: &Scenario) -> bool {
    match &s.system {
        System::Rocketmq => s.brokers.slaves > 0,
        System::Kafka(_) | System::Raft(_) => true,
        System::Rabbitmq(_) | System::RedisQueue(_) => false,
    }
}

/// What the system's nodes never send, whatever the scenario.
fn never_sent_by(system: &System) -> &'static [MsgKind] {
    use MsgKind::*;
    match system {
        System::Rocketmq => &[Election],
        System::Kafka(_) => &[SendBack],
        // Deliveries are pushed (basic.deliver), so a PullResult has no Pull before it; a nack or
        // reject goes back as a SendBack.
        System::Rabbitmq(_) => &[Pull, Replicate, ReplicateAck, Route, Rebalance, Election],
        System::Raft(_) => &[Route, Rebalance, SendBack],
        System::RedisQueue(_) => &[Replicate, ReplicateAck, Route, SendBack, Election],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets::load;

    #[test]
    fn a_redis_list_offers_no_ack_and_no_recovery_job() {
        let list = kinds_sent(&load("redis-queue-brpop-consumer-crash").expect("the preset"));
        assert!(!list.contains(&MsgKind::ConsumerAck) && !list.contains(&MsgKind::Rebalance), "{list:?}");
        assert!(!list.contains(&MsgKind::Heartbeat), "no delayed set to poll: {list:?}");
        let reliable = kinds_sent(&load("redis-queue-reliable-consumer-crash").expect("the preset"));
        assert!(reliable.contains(&MsgKind::ConsumerAck) && reliable.contains(&MsgKind::Rebalance), "{reliable:?}");
        let rabbit = kinds_sent(&load("rabbitmq-manual-ack-consumer-crash").expect("the preset"));
        assert!(!rabbit.contains(&MsgKind::Pull), "deliveries are pushed: {rabbit:?}");
    }
}
