//! The node's side of its clients' connections: opening one (and subscribing a consumer),
//! closing one (a TCP reset, missed heartbeats, an ack timeout) with its unacked messages
//! requeued, heartbeats both ways, and the consumer timeout. One channel per connection.

use super::super::event::{CloseReason, Event, RequeueReason};
use super::super::wire::{Msg, Subscribe};
use super::super::{send, timer, Timer};
use super::{trace_event, Broker};
use crate::sim::effects::Ctx;
use crate::sim::ids::NodeId;
use crate::sim::small_set::SmallSet;
use crate::sim::time::{SimTime, MS};
use std::collections::BTreeMap;

/// A consumer's channel: what it subscribed to and the deliveries it has not acked.
#[derive(Clone, Debug)]
pub struct Consuming {
    pub sub: Subscribe,
    next_tag: u64,
    /// Delivery tag → offset in the queue.
    unacked: BTreeMap<u64, u64>,
}

/// An open connection (and its one channel).
#[derive(Clone, Debug)]
pub struct Channel {
    pub conn: u32,
    pub last_heard: SimTime,
    pub consuming: Option<Consuming>,
}

impl Channel {
    /// A consumer that may take another delivery: auto ack ignores prefetch, 0 is unlimited.
    pub fn has_room(&self) -> bool {
        self.consuming
            .as_ref()
            .is_some_and(|c| c.sub.auto_ack || c.sub.prefetch == 0 || c.unacked.len() < usize::from(c.sub.prefetch))
    }

    /// The next delivery tag for a message at `offset` (remembered until acked, unless auto
    /// ack): (connection, tag, auto ack).
    pub fn take_tag(&mut self, offset: u64) -> Option<(u32, u64, bool)> {
        let c = self.consuming.as_mut()?;
        c.next_tag += 1;
        if !c.sub.auto_ack {
            c.unacked.insert(c.next_tag, offset);
        }
        Some((self.conn, c.next_tag, c.sub.auto_ack))
    }

    /// An ack or nack for `tag`: the offset it named.
    pub fn untag(&mut self, tag: u64) -> Option<u64> {
        self.consuming.as_mut()?.unacked.remove(&tag)
    }

    /// The queue a consumer's channel consumes.
    pub fn queue(&self) -> Option<u8> {
        self.consuming.as_ref().map(|c| c.sub.queue)
    }
}

impl Broker {
    /// A client connects; a consumer subscribes to its queue at once.
    pub(super) fn open(&mut self, ctx: &mut Ctx, client: NodeId, attempt: u32, subscribe: Option<Subscribe>) {
        if self.channels.contains_key(&client) {
            self.close(ctx, client, CloseReason::Replaced, false);
        }
        let conn = self.next_conn;
        self.next_conn = self.next_conn.wrapping_add(1);
        let subscribe = subscribe.filter(|s| usize::from(s.queue) < self.queues.len());
        let consuming = subscribe.map(|sub| Consuming { sub, next_tag: 0, unacked: BTreeMap::new() });
        self.channels.insert(client, Channel { conn, last_heard: ctx.now, consuming });
        trace_event(ctx, Event::ConnectionOpened { node: ctx.me, client });
        send(ctx, client, Msg::OpenOk { attempt, conn });
        if let Some(sub) = subscribe {
            self.queues[usize::from(sub.queue)].subscribe(client);
            self.dispatch(ctx, sub.queue);
        }
    }

    /// Close `client`'s connection: its unacked messages go back to their places in the queue,
    /// marked redelivered, and to the other consumers. `notify`: tell the client (it is alive).
    pub(super) fn close(&mut self, ctx: &mut Ctx, client: NodeId, reason: CloseReason, notify: bool) {
        let Some(ch) = self.channels.remove(&client) else { return };
        let me = ctx.me;
        let consuming = ch.consuming;
        let requeued = consuming.as_ref().map_or(0, |c| c.unacked.len() as u32);
        trace_event(ctx, Event::ConnectionClosed { node: me, client, reason, requeued });
        if notify {
            send(ctx, client, Msg::Close { conn: ch.conn });
        }
        let Some(c) = consuming else { return };
        let q = usize::from(c.sub.queue);
        self.queues[q].unsubscribe(client);
        for offset in c.unacked.into_values() {
            if let Some(held) = self.queues[q].unacked.remove(&offset) {
                let mut entry = held.entry;
                entry.redelivered = true;
                let msg = entry.msg.id;
                trace_event(ctx, Event::Requeued { node: me, msg, reason: RequeueReason::ChannelClosed });
                self.queues[q].ready.insert(offset, entry);
            }
        }
        self.dispatch(ctx, c.sub.queue);
    }

    /// Every half heartbeat timeout: close the connections silent for the whole timeout, and
    /// send a heartbeat on the others.
    pub(super) fn heartbeat(&mut self, ctx: &mut Ctx) {
        let timeout_ms = self.settings.heartbeat_ms;
        ctx.after_ms(timeout_ms / 2, timer(Timer::BrokerHeartbeat));
        let now = ctx.now;
        let silent: Vec<NodeId> = self
            .channels
            .iter()
            .filter(|(_, ch)| now.since(ch.last_heard) >= timeout_ms.saturating_mul(MS))
            .map(|(&c, _)| c)
            .collect();
        for c in silent {
            self.close(ctx, c, CloseReason::MissedHeartbeats, true);
        }
        let clients: Vec<NodeId> = self.channels.keys().copied().collect();
        for c in clients {
            send(ctx, c, Msg::Heartbeat);
        }
    }

    /// The oldest unacked delivery reached consumer_timeout: close the channels holding late
    /// deliveries (RabbitMQ closes the channel with PRECONDITION_FAILED).
    pub(super) fn ack_timeouts(&mut self, ctx: &mut Ctx) {
        if !self.ack_deadline.fired(ctx.now) {
            return;
        }
        let timeout_ms = self.settings.consumer_timeout_ms;
        let now = ctx.now;
        let held = || self.queues.iter().flat_map(|q| q.unacked.values());
        let late: SmallSet<NodeId> =
            held().filter(|h| now.since(h.at) >= timeout_ms.saturating_mul(MS)).map(|h| h.consumer).collect();
        for c in late {
            self.close(ctx, c, CloseReason::AckTimeout, true);
        }
        let next = self.queues.iter().flat_map(|q| q.unacked.values()).map(|h| h.at.plus_ms(timeout_ms)).min();
        if let Some(at) = next {
            self.ack_deadline.arm(ctx, at, timer(Timer::AckTimeouts));
        }
    }
}
