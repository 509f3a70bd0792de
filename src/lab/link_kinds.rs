//! The message kinds a link carries in one direction, from the roles of its two ends: a producer
//! sends requests to a server and hears answers back, a consumer fetches and acknowledges, servers
//! copy to each other, a consumer calls its dedup store. The hand-fault menu offers only these:
//! a rule for a kind that never crosses the link waits for ever and does nothing. Held to every
//! shipped scenario's trace by `tests/legend_kinds.rs`.

use crate::lab::legend::kinds_sent;
use crate::scenario::model::Scenario;
use crate::scenario::systems::SystemKind;
use crate::sim::topology::Role;
use crate::sim::wire::MsgKind;

/// The kinds scenario `s` can send from a node of role `from` to one of role `to`, in the
/// legend's order.
pub fn kinds_on_link(s: &Scenario, from: Role, to: Role) -> Vec<MsgKind> {
    let system = s.system.which();
    // A connection reset or refusal answers whatever the other end sent, so it goes both ways on
    // a link that carries anything; a RocketMQ slave also turns away a producer that tries it
    // while its master is away.
    let refused =
        matches!((from, to), (Role::Slave { .. }, Role::Producer { .. }) | (Role::Producer { .. }, Role::Slave { .. }));
    let here = carried(system, from, to);
    let talks = refused || !here.is_empty() || !carried(system, to, from).is_empty();
    kinds_sent(s).into_iter().filter(|k| here.contains(k) || (*k == MsgKind::Conn && talks)).collect()
}

/// What a node of role `from` sends to one of role `to` in `system`, apart from connection resets.
fn carried(system: SystemKind, from: Role, to: Role) -> &'static [MsgKind] {
    use MsgKind::*;
    use Role::*;
    match (system, from, to) {
        // A consumer that deduplicates asks its store, whatever the system.
        (_, Consumer { .. }, Db | Redis) | (_, Db | Redis, Consumer { .. }) => &[Dedup],
        // RocketMQ: clients and brokers ask the NameServers for routes, brokers register there.
        (SystemKind::Rocketmq, Producer { .. } | Consumer { .. }, NameServer)
        | (SystemKind::Rocketmq, NameServer, Producer { .. } | Consumer { .. }) => &[Route],
        (SystemKind::Rocketmq, Master { .. } | Slave { .. }, NameServer) => &[Heartbeat],
        // A transactional producer answers the broker's check with its own result.
        (SystemKind::Rocketmq, Producer { .. }, Master { .. }) => &[Send, SendResult],
        (SystemKind::Rocketmq, Master { .. }, Producer { .. }) => &[SendResult],
        (SystemKind::Rocketmq, Consumer { .. }, Master { .. }) => &[Pull, ConsumerAck, Heartbeat, Rebalance, SendBack],
        (SystemKind::Rocketmq, Master { .. }, Consumer { .. }) => &[PullResult, Rebalance, SendBack],
        // A slave serves reads when its master is away; a send back goes to the master only.
        (SystemKind::Rocketmq, Consumer { .. }, Slave { .. }) => &[Pull, ConsumerAck, Heartbeat, Rebalance],
        (SystemKind::Rocketmq, Slave { .. }, Consumer { .. }) => &[PullResult, Rebalance],
        (SystemKind::Rocketmq, Master { .. }, Slave { .. }) => &[Replicate],
        (SystemKind::Rocketmq, Slave { .. }, Master { .. }) => &[Replicate, ReplicateAck],
        // Kafka: clients learn the leaders from any broker, the group lives on its coordinator,
        // and the controller runs the elections.
        (SystemKind::Kafka, Producer { .. }, Server { .. }) => &[Send, Route],
        (SystemKind::Kafka, Server { .. }, Producer { .. }) => &[SendResult, Route],
        (SystemKind::Kafka, Consumer { .. }, Server { .. }) => &[Pull, Route],
        (SystemKind::Kafka, Server { .. }, Consumer { .. }) => &[PullResult, Route],
        (SystemKind::Kafka, Consumer { .. }, Coordinator { .. })
        | (SystemKind::Kafka, Coordinator { .. }, Consumer { .. }) => &[ConsumerAck, Heartbeat, Rebalance],
        (SystemKind::Kafka, Coordinator { .. }, Server { .. }) => &[Election],
        (SystemKind::Kafka, Server { .. }, Coordinator { .. }) => &[Election, Heartbeat],
        (SystemKind::Kafka, Server { .. }, Server { .. }) => &[Replicate, ReplicateAck],
        // RabbitMQ: one connection per client, with heartbeats both ways; deliveries are pushed.
        (SystemKind::Rabbitmq, Producer { .. }, Server { .. }) => &[Send, Heartbeat],
        (SystemKind::Rabbitmq, Server { .. }, Producer { .. }) => &[SendResult, Heartbeat],
        (SystemKind::Rabbitmq, Consumer { .. }, Server { .. }) => &[ConsumerAck, Heartbeat, SendBack],
        (SystemKind::Rabbitmq, Server { .. }, Consumer { .. }) => &[PullResult, Heartbeat],
        // Raft: clients talk to the replicas, the replicas elect and replicate among themselves.
        (SystemKind::Raft, Producer { .. }, Server { .. }) => &[Send],
        (SystemKind::Raft, Consumer { .. }, Server { .. }) => &[Pull, ConsumerAck],
        (SystemKind::Raft, Server { .. }, Server { .. }) => &[Election, Heartbeat, Replicate, ReplicateAck],
        // Redis: every command is the client's, answered by the server (the recovery job and the
        // delayed set's poll are a consumer's calls).
        (SystemKind::RedisQueue, Producer { .. }, Server { .. }) => &[Send],
        (SystemKind::RedisQueue, Consumer { .. }, Server { .. }) => &[Pull, ConsumerAck, Heartbeat, Rebalance],
        (SystemKind::Raft | SystemKind::RedisQueue, Server { .. }, Producer { .. }) => &[SendResult],
        (SystemKind::Raft | SystemKind::RedisQueue, Server { .. }, Consumer { .. }) => &[PullResult],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets::load;
    use crate::sim::ids::GroupId;

    const PRODUCER: Role = Role::Producer { index: 0 };
    const SERVER: Role = Role::Server { index: 0 };

    fn consumer() -> Role {
        Role::Consumer { group: GroupId(0), member: 0 }
    }

    #[test]
    fn a_consumer_link_offers_no_publish_and_no_replication() {
        // Review 13: c1 → rabbit offered "publish" and "publisher confirm".
        let rabbit =
            kinds_on_link(&load("rabbitmq-manual-ack-consumer-crash").expect("the preset"), consumer(), SERVER);
        assert!(!rabbit.contains(&MsgKind::Send) && !rabbit.contains(&MsgKind::SendResult), "{rabbit:?}");
        assert!(rabbit.contains(&MsgKind::ConsumerAck) && rabbit.contains(&MsgKind::Conn), "{rabbit:?}");
        // c1 → kafka1 offered the produce request, replication and the follower's fetch.
        let kafka = kinds_on_link(&load("kafka-acks1-leader-dies").expect("the preset"), consumer(), SERVER);
        assert!(kafka.contains(&MsgKind::Pull), "{kafka:?}");
        for k in [MsgKind::Send, MsgKind::Replicate, MsgKind::ReplicateAck] {
            assert!(!kafka.contains(&k), "{k:?} in {kafka:?}");
        }
        // c1 → node1 offered AppendEntries and elections.
        let raft = kinds_on_link(&load("raft-leader-killed").expect("the preset"), consumer(), SERVER);
        assert!(!raft.contains(&MsgKind::Replicate) && !raft.contains(&MsgKind::Election), "{raft:?}");
        // The answers go the other way only.
        let back = kinds_on_link(&load("raft-leader-killed").expect("the preset"), SERVER, PRODUCER);
        assert!(back.contains(&MsgKind::SendResult) && !back.contains(&MsgKind::Send), "{back:?}");
    }

    #[test]
    fn two_clients_exchange_nothing() {
        let s = load("standard").expect("the preset");
        assert!(kinds_on_link(&s, PRODUCER, consumer()).is_empty());
    }
}
