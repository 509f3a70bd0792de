//! What RabbitMQ's clients and node say to each other: AMQP 0-9-1 methods, reduced to what the
//! lab shows. The opening handshake (connection.start/tune/open, channel.open, confirm.select,
//! basic.qos, basic.consume) is one round trip here; every frame a client sends names the
//! connection it belongs to, so a frame of a closed connection is recognised and ignored.

use crate::sim::ids::MsgId;
use crate::sim::systems::SystemMsg;
use crate::sim::wire::{Message, MsgKind};
use serde::{Deserialize, Serialize};

/// basic.qos + basic.consume: what a consumer asks for when it opens its channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscribe {
    /// The queue, by scenario topic index.
    pub queue: u8,
    /// prefetch_count; 0 = unlimited.
    pub prefetch: u16,
    /// no_ack: the broker forgets each message as it sends it.
    pub auto_ack: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Msg {
    /// A client opens its connection and channel (and, for a consumer, subscribes). `attempt`
    /// numbers the client's connection attempts, so that a late answer to an abandoned one is
    /// not taken for the current one's.
    Open { attempt: u32, subscribe: Option<Subscribe> },
    /// The broker accepted connection attempt `attempt`, numbering the connection `conn`.
    OpenOk { attempt: u32, conn: u32 },
    /// The broker closed connection `conn` (missed heartbeats, an ack timeout, or a frame on a
    /// connection it no longer knows).
    Close { conn: u32 },
    /// An AMQP heartbeat frame.
    Heartbeat,
    /// basic.publish through the default exchange to the queue `msg.topic`. `tag` is the
    /// channel's publish sequence number, which a confirm names.
    Publish { conn: u32, tag: u64, msg: Message, persistent: bool, confirm: bool },
    /// basic.ack to a confirming publisher, for one or more of its publishes (multiple=true).
    Confirm { conn: u32, tags: Vec<(u64, MsgId)> },
    /// basic.deliver: a message pushed to a consumer. `offset` is the message's place in the
    /// queue (mqlab's numbering, for the view).
    Deliver { conn: u32, tag: u64, msg: Message, redelivered: bool, offset: u64 },
    /// basic.ack from a consumer. `msg` only labels the frame for the page.
    Ack { conn: u32, tag: u64, msg: MsgId },
    /// basic.nack from a consumer whose processing failed.
    Nack { conn: u32, tag: u64, msg: MsgId, requeue: bool },
}

impl SystemMsg for Msg {
    fn kind(&self) -> MsgKind {
        match self {
            Msg::Open { .. } | Msg::OpenOk { .. } | Msg::Close { .. } => MsgKind::Conn,
            Msg::Heartbeat => MsgKind::Heartbeat,
            Msg::Publish { .. } => MsgKind::Send,
            Msg::Confirm { .. } => MsgKind::SendResult,
            Msg::Deliver { .. } => MsgKind::PullResult,
            Msg::Ack { .. } => MsgKind::ConsumerAck,
            // Nack with requeue gives the message back for a later retry.
            Msg::Nack { .. } => MsgKind::SendBack,
        }
    }

    fn expects_reply(&self) -> bool {
        // The client waits for open-ok; a confirming publisher for the confirm. Heartbeats, acks
        // and deliveries are one-way in AMQP.
        matches!(self, Msg::Open { .. } | Msg::Publish { confirm: true, .. })
    }

    fn carried(&self) -> (Option<MsgId>, u16) {
        match self {
            Msg::Publish { msg, .. } | Msg::Deliver { msg, .. } => (Some(msg.id), 1),
            Msg::Confirm { tags, .. } => (tags.first().map(|t| t.1), tags.len().min(usize::from(u16::MAX)) as u16),
            Msg::Ack { msg, .. } | Msg::Nack { msg, .. } => (Some(*msg), 1),
            _ => (None, 0),
        }
    }

    /// A connection attempt and its answer: until open-ok a consumer gets nothing.
    fn wait_no(&self) -> Option<u32> {
        match self {
            Msg::Open { attempt, .. } | Msg::OpenOk { attempt, .. } => Some(*attempt),
            _ => None,
        }
    }
}
