//! A producer: the application makes business messages at the workload's pace and LPUSHes each
//! onto its topic's list (or ZADDs it into the delayed set, scored by its due time). The integer
//! Redis answers is the acknowledgement. On a connection error it tries again, `retries` times
//! within `send_timeout_ms`; there is only one server to try.

use super::{payload, wrap, Msg, Timer};
use crate::scenario::model::{ProducerSpec, SendMode};
use crate::sim::effects::Ctx;
use crate::sim::ids::{MessageQueue, NodeId, QueueKey};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::nodes::workload::Pacer;
use crate::sim::systems::SysMsg;
use crate::sim::time::SimTime;
use crate::sim::trace::{SendFailure, TraceKind};
use crate::sim::wire::{Message, Payload, SendStatus};
use std::collections::BTreeMap;

/// A command waiting for its reply.
#[derive(Clone, Copy, Debug)]
struct Waiting {
    msg: Message,
    attempt: u8,
    /// The whole call, retries included, gives up at this time.
    give_up_at: SimTime,
}

#[derive(Clone, Debug)]
pub struct Producer {
    index: u8,
    spec: ProducerSpec,
    topic: u8,
    server: NodeId,
    /// Delayed queue: each message is due this long after it is made.
    delay_ms: Option<u64>,
    pacer: Pacer,
    /// Business messages made so far (the application's sequence, kept across crashes).
    produced: u32,
    next_req: u32,
    waiting: BTreeMap<u32, Waiting>,
    deadline: Deadline,
}

impl Producer {
    pub fn new(
        index: u8,
        spec: ProducerSpec,
        topic: u8,
        server: NodeId,
        delay_ms: Option<u64>,
        stop_at: SimTime,
    ) -> Producer {
        Producer {
            pacer: Pacer::new(spec.workload.clone(), stop_at),
            index,
            spec,
            topic,
            server,
            delay_ms,
            produced: 0,
            next_req: 0,
            waiting: BTreeMap::new(),
            deadline: Deadline::default(),
        }
    }

    /// Nothing more to make, send or hear back about.
    pub fn is_idle(&self, now: SimTime) -> bool {
        self.pacer.done(self.produced, now) && self.waiting.is_empty()
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        if !self.pacer.done(self.produced, ctx.now) {
            ctx.at(self.pacer.first(ctx.now), wrap(Timer::Produce));
        }
    }

    /// Commands under way die with the application.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        for w in std::mem::take(&mut self.waiting).into_values() {
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: w.msg.id, reason: SendFailure::ProducerCrashed });
        }
        self.deadline.reset();
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match timer {
            Timer::Produce => self.produce(ctx),
            Timer::SendDeadlines if self.deadline.fired(ctx.now) => self.time_out(ctx),
            _ => {}
        }
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, p: Payload) {
        match p {
            Payload::System(SysMsg::RedisQueue(Msg::Pushed { req, .. })) => {
                if let Some(w) = self.waiting.remove(&req) {
                    let status = SendStatus::SendOk;
                    ctx.trace(TraceKind::SendResult { producer: ctx.me, msg: w.msg.id, broker: from, status });
                }
            }
            Payload::Undeliverable { original } => {
                if let Payload::System(SysMsg::RedisQueue(Msg::Lpush { req, .. } | Msg::Zadd { req, .. })) = *original {
                    self.failed(ctx, req);
                }
            }
            Payload::PeerDown if from == self.server => {
                let reqs: Vec<u32> = self.waiting.keys().copied().collect();
                for req in reqs {
                    self.failed(ctx, req);
                }
            }
            _ => {}
        }
    }

    fn produce(&mut self, ctx: &mut Ctx) {
        let Some(msg) = self.pacer.make(ctx, self.index, self.topic, &mut self.produced) else { return };
        self.attempt(ctx, msg, 0, ctx.now.plus_ms(self.spec.send_timeout_ms));
        if !self.pacer.done(self.produced, ctx.now) {
            ctx.at(self.pacer.after(ctx.now), wrap(Timer::Produce));
        }
    }

    fn attempt(&mut self, ctx: &mut Ctx, msg: Message, attempt: u8, give_up_at: SimTime) {
        let oneway = self.spec.send == SendMode::Oneway;
        let req = self.next_req;
        self.next_req = self.next_req.wrapping_add(1);
        let queue = MessageQueue { broker_group: 0, queue: QueueKey::named(self.topic, 0) };
        let server = self.server;
        ctx.trace(TraceKind::SendAttempt { producer: ctx.me, msg: msg.id, broker: server, queue, attempt, oneway });
        let command = match self.delay_ms {
            // The application scores the item with its due time once, when it makes it.
            Some(ms) => Msg::Zadd { req, msg, due: msg.born_at.plus_ms(ms), oneway },
            None => Msg::Lpush { req, msg, oneway },
        };
        ctx.send(server, payload(command));
        if !oneway {
            self.waiting.insert(req, Waiting { msg, attempt, give_up_at });
            self.deadline.arm(ctx, give_up_at, wrap(Timer::SendDeadlines));
        }
    }

    /// The connection failed (refused or reset): try again while attempts and time remain.
    fn failed(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(w) = self.waiting.remove(&req) else { return };
        if w.attempt < self.spec.retries && ctx.now < w.give_up_at {
            self.attempt(ctx, w.msg, w.attempt + 1, w.give_up_at);
        } else {
            let reason = SendFailure::BrokerUnreachable;
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: w.msg.id, reason });
        }
    }

    /// Calls past their time give up: the command may or may not have run.
    fn time_out(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let late: Vec<u32> = self.waiting.iter().filter(|(_, w)| w.give_up_at <= now).map(|(&r, _)| r).collect();
        for req in late {
            if let Some(w) = self.waiting.remove(&req) {
                ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: w.msg.id, reason: SendFailure::Timeout });
            }
        }
        let next = self.waiting.values().map(|w| w.give_up_at);
        self.deadline.arm_earliest(ctx, next, wrap(Timer::SendDeadlines));
    }
}
