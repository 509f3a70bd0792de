//! What only RabbitMQ does, as the trace records it: connections opened and closed, fsync
//! batches, messages recovered from disk, consumer acks and nacks at the broker, requeues with
//! redelivered=true, dead letters dropped for want of a dead-letter exchange, and the publisher's
//! republishes. Each event reads as a sentence in both languages for the inspector.

use crate::i18n::Lang;
use crate::sim::ids::{MsgId, MsgKey, NodeId};
use crate::sim::topology::Topology;
use serde::{Deserialize, Serialize};

/// Why the broker closed a client's connection (or channel).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    /// The client's machine died: its OS reset the TCP connection.
    ClosedAbruptly,
    /// Nothing heard from the client for the heartbeat timeout.
    MissedHeartbeats,
    /// A delivery stayed unacknowledged longer than consumer_timeout.
    AckTimeout,
    /// The client opened a new connection, replacing this one.
    Replaced,
    /// The network lost one of the connection's frames for good, and TCP with it.
    NetworkReset,
}

/// Why a client lost its connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossReason {
    /// The broker's machine died (TCP reset), or refused a frame on the connection.
    Reset,
    /// The broker closed it.
    ClosedByBroker,
    /// Nothing heard from the broker for the heartbeat timeout.
    MissedHeartbeats,
    /// The network lost one of the connection's frames for good, and TCP with it.
    NetworkReset,
}

/// Why a message went back into its queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequeueReason {
    /// The consumer's channel closed with the message unacknowledged.
    ChannelClosed,
    /// The consumer nacked it with requeue=true.
    Nacked,
}

/// Why a publisher published a message again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepublishReason {
    /// No confirm within confirm_timeout_ms.
    ConfirmTimeout,
    /// The connection closed before the confirm came: the message's fate is unknown.
    ConnectionLost,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// The broker accepted a client's connection.
    ConnectionOpened { node: NodeId, client: NodeId },
    /// The broker closed a client's connection; `requeued` unacked messages went back.
    ConnectionClosed { node: NodeId, client: NodeId, reason: CloseReason, requeued: u32 },
    /// A client lost its connection and will reconnect.
    Disconnected { client: NodeId, reason: LossReason },
    /// One fsync: `written` persistent messages reached the disk and were confirmed, `removed`
    /// acknowledged ones were deleted from it.
    Fsynced { node: NodeId, written: u32, removed: u32 },
    /// At boot, `messages` were recovered from disk into the durable queues.
    Recovered { node: NodeId, messages: u32 },
    /// basic.ack arrived: the message is removed from the queue.
    Acked { node: NodeId, msg: MsgId, consumer: NodeId },
    /// basic.nack arrived.
    Nacked { node: NodeId, msg: MsgId, consumer: NodeId, requeue: bool },
    /// Back in the queue at its old place, marked redelivered=true.
    Requeued { node: NodeId, msg: MsgId, reason: RequeueReason },
    /// Nacked with requeue=false and no dead-letter exchange: thrown away.
    Discarded { node: NodeId, msg: MsgId },
    /// A consumer received a delivery marked redelivered=true.
    GotRedelivered { consumer: NodeId, msg: MsgId },
    /// A consumer finished a message after its channel closed: the ack cannot be sent (the
    /// broker has requeued the message already).
    AckLost { consumer: NodeId, msg: MsgId },
    /// A publisher published a message again, as `msg`.
    Republished { producer: NodeId, msg: MsgId, reason: RepublishReason },
}

impl Event {
    /// The business message the event is about, if any.
    pub fn message(&self) -> Option<MsgKey> {
        match self {
            Event::Acked { msg, .. }
            | Event::Nacked { msg, .. }
            | Event::Requeued { msg, .. }
            | Event::Discarded { msg, .. }
            | Event::GotRedelivered { msg, .. }
            | Event::AckLost { msg, .. }
            | Event::Republished { msg, .. } => Some(msg.key),
            _ => None,
        }
    }

    /// The event in words, for the inspector and the lifecycle list.
    pub fn describe(&self, topo: &Topology, lang: Lang) -> String {
        let n = |id: &NodeId| topo.name(*id).to_string();
        let m = |id: &MsgId| topo.msg_id_name(*id);
        match self {
            Event::ConnectionOpened { node, client } => lang.pick(
                format!("{} accepted a connection from {}", n(node), n(client)),
                format!("{} 接受了 {} 的连接", n(node), n(client)),
            ),
            Event::ConnectionClosed { node, client, reason, requeued } => {
                let (en, zh) = close_reason(*reason);
                lang.pick(
                    format!(
                        "{} closed {}'s connection ({en}); {requeued} unacked message(s) requeued",
                        n(node),
                        n(client)
                    ),
                    format!("{} 关闭了 {} 的连接（{zh}）；{requeued} 条未确认消息重新入队", n(node), n(client)),
                )
            }
            Event::Disconnected { client, reason } => {
                let (en, zh) = loss_reason(*reason);
                lang.pick(
                    format!("{} lost its connection ({en}) and will reconnect", n(client)),
                    format!("{} 的连接断开（{zh}），稍后重连", n(client)),
                )
            }
            Event::Fsynced { node, written, removed } => lang.pick(
                format!(
                    "{} fsynced: {written} message(s) now on disk and confirmed, {removed} acked one(s) deleted",
                    n(node)
                ),
                format!("{} 刷盘：{written} 条消息写入磁盘并已确认，删除 {removed} 条已 ack 的消息", n(node)),
            ),
            Event::Recovered { node, messages } => lang.pick(
                format!("{} booted and recovered {messages} message(s) from disk", n(node)),
                format!("{} 启动，从磁盘恢复了 {messages} 条消息", n(node)),
            ),
            Event::Acked { node, msg, consumer } => lang.pick(
                format!("{} received basic.ack for {} from {} and removed it", n(node), m(msg), n(consumer)),
                format!("{} 收到 {} 对 {} 的 basic.ack，将其删除", n(node), n(consumer), m(msg)),
            ),
            Event::Nacked { node, msg, consumer, requeue } => lang.pick(
                format!("{} received basic.nack (requeue={requeue}) for {} from {}", n(node), m(msg), n(consumer)),
                format!("{} 收到 {} 对 {} 的 basic.nack（requeue={requeue}）", n(node), n(consumer), m(msg)),
            ),
            Event::Requeued { node, msg, reason } => {
                let (en, zh) = match reason {
                    RequeueReason::ChannelClosed => {
                        ("its consumer's channel closed before the ack", "消费者的 channel 在 ack 前关闭")
                    }
                    RequeueReason::Nacked => ("nacked with requeue=true", "被 nack 且 requeue=true"),
                };
                lang.pick(
                    format!("{} requeued {} with redelivered=true: {en}", n(node), m(msg)),
                    format!("{} 将 {} 重新入队并标记 redelivered=true：{zh}", n(node), m(msg)),
                )
            }
            Event::Discarded { node, msg } => lang.pick(
                format!("{} dropped {}: rejected without requeue and no dead-letter exchange", n(node), m(msg)),
                format!("{} 丢弃了 {}：被拒绝且不重新入队，又没有死信交换机", n(node), m(msg)),
            ),
            Event::GotRedelivered { consumer, msg } => lang.pick(
                format!("{} received {} marked redelivered=true", n(consumer), m(msg)),
                format!("{} 收到 {}，标记为 redelivered=true", n(consumer), m(msg)),
            ),
            Event::AckLost { consumer, msg } => lang.pick(
                format!("{} processed {} but its channel had closed: the ack cannot be sent", n(consumer), m(msg)),
                format!("{} 处理完 {}，但 channel 已关闭：无法发送 ack", n(consumer), m(msg)),
            ),
            Event::Republished { producer, msg, reason } => {
                let (en, zh) = match reason {
                    RepublishReason::ConfirmTimeout => ("no confirm in time", "未及时收到确认"),
                    RepublishReason::ConnectionLost => {
                        ("the connection closed before the confirm", "确认到达前连接已断开")
                    }
                };
                lang.pick(
                    format!("{} published it again as {} ({en})", n(producer), m(msg)),
                    format!("{} 以 {} 重新发布（{zh}）", n(producer), m(msg)),
                )
            }
        }
    }
}

fn close_reason(r: CloseReason) -> (&'static str, &'static str) {
    match r {
        CloseReason::ClosedAbruptly => ("the client's machine died", "客户端机器宕机"),
        CloseReason::MissedHeartbeats => ("missed heartbeats", "心跳超时"),
        CloseReason::AckTimeout => {
            ("a delivery was not acked within consumer_timeout", "有投递超过 consumer_timeout 未 ack")
        }
        CloseReason::Replaced => ("the client opened a new one", "客户端建立了新连接"),
        CloseReason::NetworkReset => {
            ("the network lost a frame and the connection broke", "网络丢失了一帧，连接随之断开")
        }
    }
}

fn loss_reason(r: LossReason) -> (&'static str, &'static str) {
    match r {
        LossReason::Reset => ("reset by the broker", "被 broker 重置"),
        LossReason::ClosedByBroker => ("closed by the broker", "被 broker 关闭"),
        LossReason::MissedHeartbeats => ("missed heartbeats", "心跳超时"),
        LossReason::NetworkReset => {
            ("the network lost a frame and the connection broke", "网络丢失了一帧，连接随之断开")
        }
    }
}
