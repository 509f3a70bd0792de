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

impl System {
    pub fn is_rocketmq(&self) -> bool {
        matches!(self, System::Rocketmq)
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
