//! The RabbitMQ node: one classic queue per scenario topic, reached through the default exchange.
//! It takes publishes (and confirms them: transient ones at once, persistent ones in a durable
//! queue after the fsync that wrote them), pushes messages to consumers round-robin within their
//! prefetch, forgets a message when it is acked (or at once, with auto ack), requeues a closed
//! channel's unacked messages with redelivered=true, and nacked ones as the consumer asks.
//! A crash keeps only the disk (`disk`); `channels` handles connections, `view` the drawing.

mod channels;
mod disk;
mod queue;
mod view;

use super::event::{Event, RequeueReason};
use super::wire::Msg;
use super::{send, timer, Timer};
use crate::scenario::systems::RabbitSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, NodeId};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::small_map::SmallMap;
use crate::sim::systems::{SysEvent, SysMsg};
use crate::sim::topology::Topology;
use crate::sim::trace::{TraceKind, TruncateReason};
use crate::sim::wire::{Message, Payload};
use channels::Channel;
use disk::{Disk, Stored};
use queue::{Entry, Held, Queue};

#[derive(Clone, Debug)]
pub struct Broker {
    settings: RabbitSettings,
    /// Queue names (the scenario's topics), for the view.
    names: Vec<String>,
    /// The consumer group of each consumer node (for AutoAcked and DeadLettered).
    groups: SmallMap<NodeId, GroupId>,
    /// The group consuming each queue (validation allows at most one).
    queue_groups: Vec<Option<GroupId>>,
    queues: Vec<Queue>,
    disk: Disk,
    /// Open connections, one per client node.
    channels: SmallMap<NodeId, Channel>,
    /// Connection numbers are never reused, across restarts too (a frame of a connection that
    /// died with the node must not look current).
    next_conn: u32,
    fsync_armed: bool,
    /// Fires when the oldest unacked delivery reaches consumer_timeout.
    ack_deadline: Deadline,
}

fn trace_event(ctx: &mut Ctx, event: Event) {
    ctx.trace(TraceKind::System { event: SysEvent::Rabbitmq(event) });
}

impl Broker {
    pub fn new(settings: RabbitSettings, topo: &Topology) -> Broker {
        let n = topo.topics.len();
        let groups = topo
            .consumer_groups
            .iter()
            .enumerate()
            .flat_map(|(g, members)| members.iter().map(move |&m| (m, GroupId(g as u8))))
            .collect();
        let queue_groups = (0..n)
            .map(|q| topo.group_topics.iter().position(|&t| usize::from(t) == q).map(|g| GroupId(g as u8)))
            .collect();
        Broker {
            settings,
            names: topo.topics.clone(),
            groups,
            queue_groups,
            queues: vec![Queue::default(); n],
            disk: Disk::new(n),
            channels: SmallMap::new(),
            next_conn: 0,
            fsync_armed: false,
            ack_deadline: Deadline::default(),
        }
    }

    /// Messages in the queue of topic `q` (ready and unacked), for the drain check.
    pub fn queue_len(&self, q: u8) -> u64 {
        self.queues.get(usize::from(q)).map_or(0, Queue::len)
    }

    /// Boot: the durable queues come back with the messages on disk.
    pub fn on_start(&mut self, ctx: &mut Ctx) {
        let mut recovered = 0;
        for (q, queue) in self.queues.iter_mut().enumerate() {
            for (offset, s) in self.disk.queue(q) {
                let entry =
                    Entry { msg: s.msg, persistent: true, redelivered: s.delivered, on_disk: true, confirm: None };
                queue.ready.insert(offset, entry);
                recovered += 1;
            }
        }
        if recovered > 0 {
            trace_event(ctx, Event::Recovered { node: ctx.me, messages: recovered });
        }
        if self.settings.heartbeat_ms > 0 {
            ctx.after_ms(self.settings.heartbeat_ms / 2, timer(Timer::BrokerHeartbeat));
        }
    }

    /// Memory is gone: every message not on disk is lost, and every connection.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        let durable = self.settings.durable;
        for queue in &mut self.queues {
            for e in queue.drain_all().into_iter().filter(|e| !e.on_disk) {
                let reason =
                    if e.persistent && durable { TruncateReason::Unflushed } else { TruncateReason::NotPersistent };
                ctx.trace(TraceKind::CopyLost { node: ctx.me, msg: e.msg.id, reason });
            }
        }
        self.disk.crash();
        self.channels.clear();
        self.fsync_armed = false;
        self.ack_deadline.reset();
    }

    pub fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        for msg in self.disk.lose() {
            ctx.trace(TraceKind::CopyLost { node: ctx.me, msg: msg.id, reason: TruncateReason::DiskLost });
        }
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        if let Some(ch) = self.channels.get_mut(&from) {
            ch.last_heard = ctx.now;
        }
        let msg = match payload {
            Payload::System(SysMsg::Rabbitmq(m)) => m,
            Payload::PeerDown => return self.close(ctx, from, super::event::CloseReason::ClosedAbruptly, false),
            Payload::Reset => return self.close(ctx, from, super::event::CloseReason::NetworkReset, false),
            _ => return,
        };
        match msg {
            Msg::Open { attempt, subscribe } => self.open(ctx, from, attempt, subscribe),
            Msg::Publish { conn, tag, msg, persistent, confirm } => {
                if self.current(from, conn) {
                    self.publish(ctx, from, (conn, tag), msg, persistent, confirm);
                } else {
                    // A frame on a connection the node does not know: the client must reconnect.
                    send(ctx, from, Msg::Close { conn });
                }
            }
            Msg::Ack { conn, tag, .. } => self.settle_delivery(ctx, from, conn, tag, None),
            Msg::Nack { conn, tag, requeue, .. } => self.settle_delivery(ctx, from, conn, tag, Some(requeue)),
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        match t {
            Timer::Fsync => self.fsync(ctx),
            Timer::BrokerHeartbeat => self.heartbeat(ctx),
            Timer::AckTimeouts => self.ack_timeouts(ctx),
            _ => {}
        }
    }

    fn publish(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        (conn, tag): (u32, u64),
        msg: Message,
        persistent: bool,
        confirm: bool,
    ) {
        let q = msg.topic;
        if usize::from(q) >= self.queues.len() {
            return;
        }
        ctx.trace(TraceKind::CopyStored { node: ctx.me, msg: msg.id, replica: false });
        let to_disk = persistent && self.settings.durable;
        let mut entry = Entry { msg, persistent, redelivered: false, on_disk: false, confirm: None };
        if confirm && to_disk {
            entry.confirm = Some((from, conn, tag));
        } else if confirm {
            // A transient message (or any in a non-durable queue) is confirmed once enqueued.
            send(ctx, from, Msg::Confirm { conn, tags: vec![(tag, msg.id)] });
        }
        let offset = self.queues[usize::from(q)].push(entry);
        if to_disk {
            self.disk.write(q, offset);
            self.arm_fsync(ctx);
        }
        self.dispatch(ctx, q);
    }

    fn arm_fsync(&mut self, ctx: &mut Ctx) {
        if !self.fsync_armed {
            self.fsync_armed = true;
            ctx.after_ms(self.settings.fsync_interval_ms, timer(Timer::Fsync));
        }
    }

    /// Write what waits to disk, then confirm the persistent messages it holds now.
    fn fsync(&mut self, ctx: &mut Ctx) {
        self.fsync_armed = false;
        let queues = &self.queues;
        let (written, removed) = self.disk.sync(|q, offset| {
            let e = queues.get(usize::from(q))?.get(offset)?;
            let delivered = e.redelivered || queues[usize::from(q)].unacked.contains_key(&offset);
            Some(Stored { msg: e.msg, delivered })
        });
        // One basic.ack (multiple) per publisher connection.
        let mut confirms: SmallMap<(NodeId, u32), Vec<(u64, crate::sim::ids::MsgId)>> = SmallMap::new();
        for &(q, offset) in &written {
            if let Some(e) = self.queues[usize::from(q)].get_mut(offset) {
                e.on_disk = true;
                if let Some((p, conn, tag)) = e.confirm.take() {
                    confirms.entry((p, conn)).or_default().push((tag, e.msg.id));
                }
            }
        }
        for ((p, conn), tags) in confirms {
            if self.current(p, conn) {
                send(ctx, p, Msg::Confirm { conn, tags });
            }
        }
        let written = written.len() as u32;
        if written + removed > 0 {
            trace_event(ctx, Event::Fsynced { node: ctx.me, written, removed });
        }
    }

    /// Push ready messages to the queue's consumers, round-robin, while one has room.
    fn dispatch(&mut self, ctx: &mut Ctx, q: u8) {
        let qi = usize::from(q);
        while let Some((&offset, _)) = self.queues[qi].ready.first_key_value() {
            let channels = &self.channels;
            let Some(consumer) = self.queues[qi].next_consumer(|n| channels.get(&n).is_some_and(Channel::has_room))
            else {
                break;
            };
            if let Some(entry) = self.queues[qi].ready.remove(&offset) {
                self.deliver(ctx, q, offset, entry, consumer);
            }
        }
    }

    fn deliver(&mut self, ctx: &mut Ctx, q: u8, offset: u64, entry: Entry, consumer: NodeId) {
        let group = self.groups.get(&consumer).copied().unwrap_or_default();
        let Some((conn, tag, auto_ack)) = self.channels.get_mut(&consumer).and_then(|ch| ch.take_tag(offset)) else {
            self.queues[usize::from(q)].ready.insert(offset, entry);
            return;
        };
        if entry.on_disk {
            self.disk.mark_delivered(q, offset);
        }
        let deliver = Msg::Deliver { conn, tag, msg: entry.msg, redelivered: entry.redelivered, offset };
        if auto_ack {
            // no_ack: the message is gone from the queue the moment it is sent.
            ctx.trace(TraceKind::AutoAcked { broker: ctx.me, group, msg: entry.msg.id });
            send(ctx, consumer, deliver);
            self.forget(ctx, q, offset, entry);
        } else {
            self.queues[usize::from(q)].unacked.insert(offset, Held { entry, consumer, at: ctx.now });
            send(ctx, consumer, deliver);
            let at = ctx.now.plus_ms(self.settings.consumer_timeout_ms);
            self.ack_deadline.arm(ctx, at, timer(Timer::AckTimeouts));
        }
    }

    /// The message left its queue for good (acked, auto-acked, dead-lettered or dropped): its
    /// deletion reaches the disk at the next fsync. A persistent message consumed before it was
    /// written needs no write, and is confirmed now.
    fn forget(&mut self, ctx: &mut Ctx, q: u8, offset: u64, entry: Entry) {
        if entry.on_disk {
            self.disk.delete(q, offset);
            self.arm_fsync(ctx);
        }
        if let Some((p, conn, tag)) = entry.confirm {
            if self.current(p, conn) {
                send(ctx, p, Msg::Confirm { conn, tags: vec![(tag, entry.msg.id)] });
            }
        }
    }

    /// basic.ack (`requeue` None) or basic.nack from a consumer.
    fn settle_delivery(&mut self, ctx: &mut Ctx, from: NodeId, conn: u32, tag: u64, nack: Option<bool>) {
        // An ack on a closed channel is lost with it: the message was requeued when it closed.
        let Some(offset) = self.channels.get_mut(&from).filter(|ch| ch.conn == conn).and_then(|ch| ch.untag(tag))
        else {
            return;
        };
        let Some(q) = self.channels.get(&from).and_then(Channel::queue) else { return };
        let Some(held) = self.queues[usize::from(q)].unacked.remove(&offset) else { return };
        let mut entry = held.entry;
        let (me, msg) = (ctx.me, entry.msg.id);
        match nack {
            None => {
                trace_event(ctx, Event::Acked { node: me, msg, consumer: from });
                self.forget(ctx, q, offset, entry);
            }
            Some(requeue) => {
                trace_event(ctx, Event::Nacked { node: me, msg, consumer: from, requeue });
                if requeue {
                    entry.redelivered = true;
                    entry.msg.reconsume_times = entry.msg.reconsume_times.saturating_add(1);
                    trace_event(ctx, Event::Requeued { node: me, msg, reason: RequeueReason::Nacked });
                    self.queues[usize::from(q)].ready.insert(offset, entry);
                } else {
                    if self.settings.dead_letter {
                        let group = self.groups.get(&from).copied().unwrap_or_default();
                        ctx.trace(TraceKind::DeadLettered { broker: me, msg, group });
                        self.queues[usize::from(q)].dead.push(msg);
                    } else {
                        trace_event(ctx, Event::Discarded { node: me, msg });
                    }
                    self.forget(ctx, q, offset, entry);
                }
            }
        }
        self.dispatch(ctx, q);
    }

    /// Whether `conn` is `client`'s open connection.
    fn current(&self, client: NodeId, conn: u32) -> bool {
        self.channels.get(&client).is_some_and(|ch| ch.conn == conn)
    }
}
