//! A publisher: the application makes business messages at the workload's rate and publishes
//! each to its queue through the default exchange. With confirms (`confirms`, and a `sync`
//! producer) it waits for the broker's basic.ack; a message unconfirmed after
//! `confirm_timeout_ms`, or whose connection closed before its confirm, is published again (as a
//! new message id, since RabbitMQ gives a republish no identity), at most `retries` times —
//! which can store it twice. Without confirms it never learns what the broker lost. Messages
//! made while the connection is down wait for the reconnect; each refused reconnect counts as a
//! failed attempt.

use super::event::{Event, RepublishReason};
use super::link::{Link, LinkEvent};
use super::wire::Msg;
use super::{send, timer, Timer};
use crate::scenario::model::{ProducerSpec, SendMode};
use crate::scenario::systems::RabbitSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{MessageQueue, MsgId, NodeId, QueueKey};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::nodes::workload::Pacer;
use crate::sim::systems::{SysEvent, SysMsg};
use crate::sim::time::SimTime;
use crate::sim::trace::{SendFailure, TraceKind};
use crate::sim::wire::{Message, Payload, SendStatus};
use std::collections::{BTreeMap, VecDeque};

/// A message on its way: `failed` attempts so far, and why it is being published again.
#[derive(Clone, Copy, Debug)]
struct Pending {
    msg: Message,
    failed: u8,
    again: Option<RepublishReason>,
    deadline: SimTime,
}

#[derive(Clone, Debug)]
pub struct Publisher {
    index: u8,
    topic: u8,
    retries: u8,
    persistent: bool,
    /// Confirm mode: confirms on and a producer that waits (`send: sync`).
    confirming: bool,
    confirm_timeout_ms: u64,
    link: Link,
    pacer: Pacer,
    /// Business messages made so far: the application's own sequence, kept across crashes.
    produced: u32,
    /// The channel's publish sequence number (confirms name it); restarts with each connection.
    next_tag: u64,
    unconfirmed: BTreeMap<u64, Pending>,
    /// Made or to be republished while the connection is down.
    waiting: VecDeque<Pending>,
    deadline: Deadline,
}

impl Publisher {
    pub fn new(
        index: u8,
        spec: &ProducerSpec,
        topic: u8,
        r: &RabbitSettings,
        server: NodeId,
        stop_at: SimTime,
    ) -> Self {
        Publisher {
            index,
            topic,
            retries: spec.retries,
            persistent: r.persistent,
            confirming: r.confirms && spec.send == SendMode::Sync,
            confirm_timeout_ms: r.confirm_timeout_ms,
            link: Link::new(server, None, r.heartbeat_ms, r.recovery_interval_ms),
            pacer: Pacer::new(spec.workload.clone(), stop_at),
            produced: 0,
            next_tag: 0,
            unconfirmed: BTreeMap::new(),
            waiting: VecDeque::new(),
            deadline: Deadline::default(),
        }
    }

    /// The workload is done and nothing is left to publish or confirm.
    pub fn is_idle(&self, now: SimTime) -> bool {
        self.pacer.done(self.produced, now) && self.unconfirmed.is_empty() && self.waiting.is_empty()
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        self.link.start(ctx);
        if !self.pacer.done(self.produced, ctx.now) {
            ctx.at(self.pacer.first(ctx.now), timer(Timer::Produce));
        }
    }

    /// The application dies with the machine: what it had not got confirmed is given up.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        let unconfirmed = std::mem::take(&mut self.unconfirmed).into_values();
        for p in unconfirmed.chain(std::mem::take(&mut self.waiting)) {
            let reason = SendFailure::ProducerCrashed;
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: p.msg.id, reason });
        }
        self.link.forget();
        self.deadline.reset();
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self.link.on_message(ctx, from, &payload) {
            LinkEvent::NotMine => {
                if let Payload::System(SysMsg::Rabbitmq(Msg::Confirm { conn, tags })) = payload {
                    self.on_confirm(ctx, conn, &tags);
                }
            }
            event => self.on_link(ctx, event),
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        if let Some(event) = self.link.on_timer(ctx, t) {
            return self.on_link(ctx, event);
        }
        match t {
            Timer::Produce => self.produce(ctx),
            Timer::ConfirmDeadlines if self.deadline.fired(ctx.now) => self.expire(ctx),
            _ => {}
        }
    }

    /// The connection opened, was lost, or could not be opened.
    fn on_link(&mut self, ctx: &mut Ctx, event: LinkEvent) {
        match event {
            LinkEvent::Opened => {
                self.next_tag = 0;
                for p in std::mem::take(&mut self.waiting) {
                    self.publish(ctx, p);
                }
            }
            LinkEvent::Lost => {
                // Unconfirmed messages may or may not have reached the queue: publish them again.
                for p in std::mem::take(&mut self.unconfirmed).into_values() {
                    self.retry(ctx, p, RepublishReason::ConnectionLost, SendFailure::BrokerUnreachable);
                }
            }
            LinkEvent::Refused => self.refused(ctx),
            LinkEvent::Handled | LinkEvent::NotMine => {}
        }
    }

    fn produce(&mut self, ctx: &mut Ctx) {
        let Some(msg) = self.pacer.make(ctx, self.index, self.topic, &mut self.produced) else { return };
        self.publish(ctx, Pending { msg, failed: 0, again: None, deadline: ctx.now });
        if !self.pacer.done(self.produced, ctx.now) {
            ctx.at(self.pacer.after(ctx.now), timer(Timer::Produce));
        }
    }

    /// basic.publish on the open connection, or wait for one.
    fn publish(&mut self, ctx: &mut Ctx, mut p: Pending) {
        let Some(conn) = self.link.conn() else {
            self.waiting.push_back(p);
            return;
        };
        let me = ctx.me;
        if let Some(reason) = p.again.take() {
            let event = Event::Republished { producer: me, msg: p.msg.id, reason };
            ctx.trace(TraceKind::System { event: SysEvent::Rabbitmq(event) });
        }
        self.next_tag += 1;
        let tag = self.next_tag;
        let server = self.link.server();
        let queue = MessageQueue { broker_group: 0, queue: QueueKey::named(self.topic, 0) };
        let oneway = !self.confirming;
        ctx.trace(TraceKind::SendAttempt {
            producer: me,
            msg: p.msg.id,
            broker: server,
            queue,
            attempt: p.failed,
            oneway,
        });
        let (persistent, confirm) = (self.persistent, self.confirming);
        send(ctx, server, Msg::Publish { conn, tag, msg: p.msg, persistent, confirm });
        if confirm {
            p.deadline = ctx.now.plus_ms(self.confirm_timeout_ms);
            self.unconfirmed.insert(tag, p);
            self.deadline.arm(ctx, p.deadline, timer(Timer::ConfirmDeadlines));
        }
    }

    fn on_confirm(&mut self, ctx: &mut Ctx, conn: u32, tags: &[(u64, MsgId)]) {
        if self.link.conn() != Some(conn) {
            return;
        }
        let broker = self.link.server();
        for (tag, _) in tags {
            if let Some(p) = self.unconfirmed.remove(tag) {
                let status = SendStatus::SendOk;
                ctx.trace(TraceKind::SendResult { producer: ctx.me, msg: p.msg.id, broker, status });
            }
        }
    }

    /// Confirms overdue: publish those messages again.
    fn expire(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let due: Vec<u64> = self.unconfirmed.iter().filter(|(_, p)| p.deadline <= now).map(|(&t, _)| t).collect();
        for tag in due {
            if let Some(p) = self.unconfirmed.remove(&tag) {
                self.retry(ctx, p, RepublishReason::ConfirmTimeout, SendFailure::Timeout);
            }
        }
        let deadlines = self.unconfirmed.values().map(|p| p.deadline);
        self.deadline.arm_earliest(ctx, deadlines, timer(Timer::ConfirmDeadlines));
    }

    /// An attempt failed: publish again as a new message id, or give up after `retries`.
    fn retry(&mut self, ctx: &mut Ctx, p: Pending, reason: RepublishReason, failure: SendFailure) {
        if p.failed >= self.retries {
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: p.msg.id, reason: failure });
            return;
        }
        let mut msg = p.msg;
        msg.id.gen = msg.id.gen.wrapping_add(1);
        self.publish(ctx, Pending { msg, failed: p.failed + 1, again: Some(reason), deadline: ctx.now });
    }

    /// The node refused the reconnect: one more failed attempt for every waiting message.
    fn refused(&mut self, ctx: &mut Ctx) {
        let (retries, me) = (self.retries, ctx.me);
        self.waiting.retain_mut(|p| {
            if p.failed >= retries {
                let reason = SendFailure::BrokerUnreachable;
                ctx.trace(TraceKind::SendFailed { producer: me, msg: p.msg.id, reason });
                return false;
            }
            p.failed += 1;
            true
        });
    }
}
