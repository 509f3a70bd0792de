//! Which messaging system a scenario's cluster runs. RocketMQ is the default and is described by
//! the scenario's `nameservers` and `brokers` sections; the other systems of the article — Kafka,
//! RabbitMQ, a Raft-replicated queue, and queues built on Redis — each bring their own section
//! under `system`, tagged by `kind`: `{"kind": "kafka", "acks": "all", …}`. The network, the stores
//! and the fault schedule mean the same in every system; producers and consumer groups are
//! described with RocketMQ's client settings, less those a system has no use for (`unused`).

pub mod help;
pub mod kafka;
pub mod rabbitmq;
pub mod raft;
pub mod redis_queue;
mod unused;

pub use kafka::KafkaSettings;
pub use rabbitmq::RabbitSettings;
pub use raft::RaftSettings;
pub use redis_queue::RedisQueueSettings;
pub use unused::{unused, unused_paths, uses, Unused};

use serde::{Deserialize, Serialize};

/// The system a scenario's cluster runs, with that system's own settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum System {
    /// RocketMQ 4.x: NameServers and broker groups of a master and its slaves (the scenario's
    /// `nameservers` and `brokers` sections).
    #[default]
    Rocketmq,
    Kafka(KafkaSettings),
    Rabbitmq(RabbitSettings),
    Raft(RaftSettings),
    RedisQueue(RedisQueueSettings),
}

/// Which system, without its settings: what the page's words for its messages and acks depend on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SystemKind {
    #[default]
    Rocketmq,
    Kafka,
    Rabbitmq,
    Raft,
    RedisQueue,
}

impl SystemKind {
    /// The system a `kind` tag names ("kafka"), as the scenario's JSON writes it.
    pub fn from_tag(tag: &str) -> Option<SystemKind> {
        Some(match tag {
            "rocketmq" => SystemKind::Rocketmq,
            "kafka" => SystemKind::Kafka,
            "rabbitmq" => SystemKind::Rabbitmq,
            "raft" => SystemKind::Raft,
            "redis_queue" => SystemKind::RedisQueue,
            _ => return None,
        })
    }
}

impl System {
    pub fn is_rocketmq(&self) -> bool {
        matches!(self, System::Rocketmq)
    }

    /// Which system this is, without its settings.
    pub fn which(&self) -> SystemKind {
        match self {
            System::Rocketmq => SystemKind::Rocketmq,
            System::Kafka(_) => SystemKind::Kafka,
            System::Rabbitmq(_) => SystemKind::Rabbitmq,
            System::Raft(_) => SystemKind::Raft,
            System::RedisQueue(_) => SystemKind::RedisQueue,
        }
    }

    /// The `kind` tag, as the JSON writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            System::Rocketmq => "rocketmq",
            System::Kafka(_) => "kafka",
            System::Rabbitmq(_) => "rabbitmq",
            System::Raft(_) => "raft",
            System::RedisQueue(_) => "redis_queue",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_systems_tag_names_its_kind() {
        let all = [
            System::Rocketmq,
            System::Kafka(Default::default()),
            System::Rabbitmq(Default::default()),
            System::Raft(Default::default()),
            System::RedisQueue(Default::default()),
        ];
        for s in all {
            assert_eq!(SystemKind::from_tag(s.kind()), Some(s.which()), "{}", s.kind());
        }
        assert_eq!(SystemKind::from_tag("nats"), None);
    }
}
