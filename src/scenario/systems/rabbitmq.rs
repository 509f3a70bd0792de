//! Settings of RabbitMQ (3.x, one node, classic queues). Each scenario topic is a queue, reached
//! through the default exchange; each consumer group consumes one queue, its members competing
//! for its messages. Each setting's default is the real system's, stated beside it; the two that
//! belong to the client library (prefetch, the publisher's confirm timeout) say whose default they
//! take.

use super::unused::{refuse_in_group, refuse_in_producer, Unused};
use crate::scenario::error::{clip, ErrorKind, Unit};
use crate::scenario::fields::{system_field, Fallback, Field, Kind};
use crate::scenario::limits::MAX_INTERVAL_MS;
use crate::scenario::model::{ProducerSpec, Scenario};
use crate::scenario::validate::Checker;
use serde::{Deserialize, Serialize};

/// The name of the RabbitMQ node (the only server).
pub const SERVER_NAME: &str = "rabbit";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RabbitSettings {
    /// Queues are declared durable: they and their persistent messages survive a restart.
    /// Default true (queue.declare durable=true, what every reliability guide asks for; AMQP's
    /// own default is false).
    pub durable: bool,
    /// Messages are published persistent (deliveryMode=2). Default true.
    pub persistent: bool,
    /// Publishers put their channel in confirm mode (confirm.select) and wait for basic.ack.
    /// RabbitMQ: off (an AMQP extension a client must ask for).
    pub confirms: bool,
    /// The message store writes persistent messages to disk and fsyncs every this many ms;
    /// confirms of persistent messages go out after the fsync. RabbitMQ: 25 (rabbit_msg_store's
    /// sync interval).
    pub fsync_interval_ms: u64,
    /// basic.qos prefetch_count: unacknowledged deliveries a consumer may hold; 0 = unlimited.
    /// RabbitMQ's default is 0; mqlab takes Spring AMQP's 250 (RabbitMQ's guide suggests 100–300).
    /// Ignored with auto ack, as in RabbitMQ.
    pub prefetch: u16,
    /// A consumer whose processing fails sends basic.nack with requeue=true (back to its place in
    /// the queue, redelivered) or false (dead-lettered or dropped). AMQP: true.
    pub requeue_on_nack: bool,
    /// The queues have a dead-letter exchange: a message nacked with requeue=false goes to
    /// `<queue>.dlq` instead of being dropped. RabbitMQ: none configured (false).
    pub dead_letter: bool,
    /// A confirming publisher republishes a message not confirmed within this long (as a new
    /// message id), at most `producers[].retries` times. mqlab: 5 000, the timeout of RabbitMQ's
    /// confirms tutorial (waitForConfirmsOrDie(5 s)).
    pub confirm_timeout_ms: u64,
    /// AMQP heartbeat timeout: a peer silent this long (two missed heartbeats, sent every half of
    /// it) is considered dead and its connection closed. 0 = no heartbeats. RabbitMQ: 60 000.
    pub heartbeat_ms: u64,
    /// A delivery not acknowledged within this long closes the consumer's channel (its unacked
    /// messages are requeued). RabbitMQ consumer_timeout: 1 800 000 (30 min).
    pub consumer_timeout_ms: u64,
    /// A client whose connection was lost reconnects this often (automatic recovery). RabbitMQ
    /// Java client networkRecoveryInterval: 5 000.
    pub recovery_interval_ms: u64,
}

impl Default for RabbitSettings {
    fn default() -> Self {
        RabbitSettings {
            durable: true,
            persistent: true,
            confirms: false,
            fsync_interval_ms: 25,
            prefetch: 250,
            requeue_on_nack: true,
            dead_letter: false,
            confirm_timeout_ms: 5_000,
            heartbeat_ms: 60_000,
            consumer_timeout_ms: 1_800_000,
            recovery_interval_ms: 5_000,
        }
    }
}

const KIND: &str = "rabbitmq";
const MS: Kind = Kind::Int(Unit::Ms);

/// Every setting of this system's section, for the editor (`scenario::fields`).
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    system_field(KIND, "system.durable", Kind::Bool, Fallback::Model, "Queues are durable: after a restart the queue and its persistent messages are still there; a non-durable queue comes back empty.", "队列是持久化的（durable）：重启后队列和其中的持久化消息仍在；非持久化队列重启后是空的。"),
    system_field(KIND, "system.persistent", Kind::Bool, Fallback::Model, "Messages are published persistent (deliveryMode=2) and written to disk; transient ones live in memory and die with the node.", "消息以持久化方式发布（deliveryMode=2）并写入磁盘；非持久化消息只在内存中，节点宕机即丢失。"),
    system_field(KIND, "system.confirms", Kind::Bool, Fallback::Model, "Publisher confirms: the broker answers basic.ack once a message is safe (persistent ones after the fsync). Off, the publisher never knows what was lost.", "发布确认（publisher confirms）：消息安全后 broker 回 basic.ack（持久化消息要等刷盘）。关闭时生产者永远不知道丢了什么。"),
    system_field(KIND, "system.fsync_interval_ms", MS, Fallback::Model, "The message store fsyncs this often; a crash loses persistent messages written since, which were not confirmed yet.", "消息存储的刷盘（fsync）间隔；宕机会丢失此后写入、尚未确认的持久化消息。"),
    system_field(KIND, "system.prefetch", Kind::Int(Unit::Msgs), Fallback::Model, "basic.qos: unacknowledged messages a consumer may hold at once (0 = no limit). Auto ack ignores it.", "basic.qos：消费者同时可持有的未确认消息数（0 表示不限）。自动 ack 时不起作用。"),
    system_field(KIND, "system.requeue_on_nack", Kind::Bool, Fallback::Model, "A failed message is nacked with requeue=true (back in the queue, redelivered; a poison message loops forever) or false (dead-lettered or dropped).", "处理失败时 nack 的 requeue 参数：true 放回队列重新投递（毒消息会无限循环），false 进入死信或被丢弃。"),
    system_field(KIND, "system.dead_letter", Kind::Bool, Fallback::Model, "The queues have a dead-letter exchange: messages nacked with requeue=false go to <queue>.dlq instead of being dropped.", "队列配置了死信交换机：requeue=false 的 nack 消息进入 <队列>.dlq，而不是被丢弃。"),
    system_field(KIND, "system.confirm_timeout_ms", MS, Fallback::Model, "A confirming publisher republishes a message not confirmed this long after it was sent (at most retries times); a republish can duplicate.", "开启确认的生产者在这么久内没收到确认就重新发布（最多 retries 次）；重发可能造成重复。"),
    system_field(KIND, "system.heartbeat_ms", MS, Fallback::Model, "AMQP heartbeat timeout: a peer silent this long is considered dead and its connection closed (0 = off).", "AMQP 心跳超时：对端沉默这么久就被认为已死，连接被关闭（0 表示关闭心跳）。"),
    system_field(KIND, "system.consumer_timeout_ms", MS, Fallback::Model, "A delivery not acked within this long closes the consumer's channel and its unacked messages are requeued.", "一条投递超过这么久未被 ack，消费者的 channel 被关闭，其未确认消息重新入队。"),
    system_field(KIND, "system.recovery_interval_ms", MS, Fallback::Model, "A client that lost its connection tries to reconnect this often (automatic recovery).", "连接断开后客户端每隔这么久尝试重连一次（自动恢复）。"),
];

/// Check the section's values (`scenario::validate`), and refuse the parts of the scenario that
/// mean nothing in RabbitMQ.
pub(crate) fn check(r: &RabbitSettings, s: &Scenario, c: &mut Checker) {
    c.interval("system.fsync_interval_ms", r.fsync_interval_ms);
    c.interval("system.confirm_timeout_ms", r.confirm_timeout_ms);
    if r.heartbeat_ms != 0 {
        // Heartbeats go every half timeout: one of 1 ms would fire at one instant forever.
        c.range("system.heartbeat_ms", r.heartbeat_ms, 2, MAX_INTERVAL_MS, Unit::Ms);
    }
    c.interval("system.consumer_timeout_ms", r.consumer_timeout_ms);
    c.interval("system.recovery_interval_ms", r.recovery_interval_ms);
    for (i, p) in s.producers.iter().enumerate() {
        check_producer(&format!("producers[{i}]"), p, c);
    }
    // A queue's consumers compete for its messages: a second group on the same queue would take
    // messages away from the first, not get its own copy (that takes a fanout exchange).
    let mut topics = std::collections::BTreeSet::new();
    for (i, g) in s.consumer_groups.iter().enumerate() {
        let path = format!("consumer_groups[{i}]");
        let topic = if g.topic.is_empty() { s.topics.first().cloned().unwrap_or_default() } else { g.topic.clone() };
        if !topics.insert(topic) {
            c.push(format!("{path}.topic"), ErrorKind::NotInSystem { system: KIND });
        }
        refuse_in_group(KIND, &path, g, c);
    }
}

/// What a RabbitMQ publisher does not have: a NameServer route, RocketMQ's send budget, the
/// message table (the publisher's confirm timeout and retries cover resending). A consumer is
/// pushed its messages on one channel: no routes, rebalances, pulls or offsets. Classic queues
/// count no deliveries, so there is no `max_reconsume_times` either (quorum queues'
/// delivery-limit is not modelled).
pub const UNUSED: Unused = Unused {
    producer: &["send_timeout_ms", "route_refresh_ms", "reliable"],
    group: &[
        "commit_interval_ms",
        "rebalance_interval_ms",
        "heartbeat_ms",
        "route_refresh_ms",
        "pull_batch",
        "pull_threshold",
        "max_reconsume_times",
    ],
};

/// A producer may not take the node's name.
fn check_producer(path: &str, p: &ProducerSpec, c: &mut Checker) {
    if p.name == SERVER_NAME {
        c.push(format!("{path}.name"), ErrorKind::NameTaken { name: clip(&p.name) });
    }
    refuse_in_producer(KIND, path, p, c);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field the table describes is a key of the section, and every key is described.
    #[test]
    fn the_table_describes_every_setting() {
        let value = crate::scenario::json::to_value(&RabbitSettings::default()).unwrap_or_default();
        let keys: Vec<String> = value.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        let described: Vec<&str> = FIELDS.iter().filter_map(|f| f.path.strip_prefix("system.")).collect();
        assert_eq!(keys.len(), described.len());
        for k in &keys {
            assert!(described.contains(&k.as_str()), "{k} is not described");
        }
    }
}
