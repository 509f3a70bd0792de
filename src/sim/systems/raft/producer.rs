//! A producer of the Raft queue: its application makes messages at the workload's pace (the same
//! `Pacer` as RocketMQ's producers), and it sends each to the leader, round-robin over the consume
//! queues of its topic. A sync send waits for the leader's answer, which comes once a majority
//! stores the message. It follows "not the leader" answers to the leader; a replica that is down
//! or knows no leader costs one of its retries (RocketMQ's retryTimesWhenSendFailed), all within
//! one `send_timeout_ms` budget; a send that gets no answer in that budget fails, and the replica
//! that kept silent is no longer taken for the leader. FLUSH_SLAVE_TIMEOUT (no majority in time) is an answer, not a
//! failure: as in RocketMQ, the client does not resend it.

use super::finder::LeaderFinder;
use super::{wire, wrap, Msg, SendOutcome, Timer};
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

/// A sync send waiting for its answer.
#[derive(Clone, Copy, Debug)]
struct InFlight {
    msg: Message,
    queue: u8,
    attempt: u8,
    /// "Not the leader" answers followed in a row: bounded, so two confused replicas cannot bounce
    /// a send between them for its whole budget.
    redirects: u8,
    deadline: SimTime,
    to: NodeId,
}

#[derive(Clone, Debug)]
pub struct Producer {
    index: u8,
    spec: ProducerSpec,
    topic: u8,
    queues: u8,
    finder: LeaderFinder,
    replicas: u8,
    /// Business messages made so far (the application's sequence survives a crash).
    produced: u32,
    next_req: u32,
    /// RocketMQ's sendWhichQueue: a counter over the topic's queues.
    which_queue: u32,
    in_flight: BTreeMap<u32, InFlight>,
    pacer: Pacer,
    deadline: Deadline,
}

impl Producer {
    pub fn new(
        index: u8,
        spec: ProducerSpec,
        topic: u8,
        queues: u8,
        replicas: Vec<NodeId>,
        stop_at: SimTime,
    ) -> Producer {
        Producer {
            index,
            topic,
            queues: queues.max(1),
            replicas: replicas.len() as u8,
            finder: LeaderFinder::new(replicas),
            produced: 0,
            next_req: 0,
            which_queue: 0,
            in_flight: BTreeMap::new(),
            pacer: Pacer::new(spec.workload.clone(), stop_at),
            deadline: Deadline::default(),
            spec,
        }
    }

    /// The workload is done and nothing waits for an answer.
    pub fn is_idle(&self, now: SimTime) -> bool {
        self.pacer.done(self.produced, now) && self.in_flight.is_empty()
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        if !self.pacer.done(self.produced, ctx.now) {
            ctx.at(self.pacer.first(ctx.now), wrap(Timer::Produce));
        }
    }

    /// Sends under way die with the application.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        for f in std::mem::take(&mut self.in_flight).into_values() {
            let reason = SendFailure::ProducerCrashed;
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: f.msg.id, reason });
        }
        self.finder.reset();
        self.deadline.reset();
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match timer {
            Timer::Produce => self.produce(ctx),
            Timer::SendDeadlines if self.deadline.fired(ctx.now) => self.expire(ctx),
            _ => {}
        }
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match payload {
            Payload::System(SysMsg::Raft(Msg::SendReply { req, outcome, .. })) => {
                self.on_reply(ctx, from, req, outcome)
            }
            Payload::Undeliverable { original } => {
                if let Payload::System(SysMsg::Raft(Msg::Send { req, .. })) = *original {
                    self.unreachable(ctx, from, &[req]);
                }
            }
            Payload::PeerDown => {
                let reqs: Vec<u32> = self.in_flight.iter().filter(|(_, f)| f.to == from).map(|(&r, _)| r).collect();
                self.unreachable(ctx, from, &reqs);
            }
            _ => {}
        }
    }

    fn produce(&mut self, ctx: &mut Ctx) {
        let Some(msg) = self.pacer.make(ctx, self.index, self.topic, &mut self.produced) else { return };
        self.which_queue = self.which_queue.wrapping_add(1);
        let queue = (self.which_queue % u32::from(self.queues)) as u8;
        let deadline = ctx.now.plus_ms(self.spec.send_timeout_ms);
        let f = InFlight { msg, queue, attempt: 0, redirects: 0, deadline, to: NodeId(0) };
        self.send(ctx, f);
        if !self.pacer.done(self.produced, ctx.now) {
            ctx.at(self.pacer.after(ctx.now), wrap(Timer::Produce));
        }
    }

    /// One attempt, to the replica believed to lead.
    fn send(&mut self, ctx: &mut Ctx, mut f: InFlight) {
        let Some(to) = self.finder.target() else {
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: f.msg.id, reason: SendFailure::NoRoute });
            return;
        };
        f.to = to;
        let req = self.next_req;
        self.next_req = self.next_req.wrapping_add(1);
        let oneway = self.spec.send == SendMode::Oneway;
        let mq = MessageQueue { broker_group: 0, queue: QueueKey::named(self.topic, f.queue) };
        let attempt = f.attempt;
        ctx.trace(TraceKind::SendAttempt { producer: ctx.me, msg: f.msg.id, broker: to, queue: mq, attempt, oneway });
        ctx.send(to, wire(Msg::Send { req, msg: f.msg, queue: f.queue, oneway }));
        if !oneway {
            self.in_flight.insert(req, f);
            self.deadline.arm(ctx, f.deadline, wrap(Timer::SendDeadlines));
        }
    }

    fn on_reply(&mut self, ctx: &mut Ctx, from: NodeId, req: u32, outcome: SendOutcome) {
        let Some(mut f) = self.in_flight.remove(&req) else { return };
        let status = match outcome {
            SendOutcome::Committed => SendStatus::SendOk,
            SendOutcome::CommitTimeout => SendStatus::FlushSlaveTimeout,
            SendOutcome::NotLeader { leader } => {
                self.finder.not_leader(from, leader);
                // Following the hint is the same attempt; a replica that knows no leader costs one.
                let follow = leader.is_some_and(|l| l != from) && f.redirects < self.replicas;
                if follow {
                    f.redirects += 1;
                    return self.send(ctx, f);
                }
                return self.retry(ctx, f, SendFailure::NoRoute);
            }
        };
        self.finder.found(from);
        ctx.trace(TraceKind::SendResult { producer: ctx.me, msg: f.msg.id, broker: from, status });
    }

    fn unreachable(&mut self, ctx: &mut Ctx, node: NodeId, reqs: &[u32]) {
        self.finder.unreachable(node);
        for req in reqs {
            if let Some(f) = self.in_flight.remove(req) {
                self.retry(ctx, f, SendFailure::BrokerUnreachable);
            }
        }
    }

    /// The attempt failed: try the next replica while retries and budget remain.
    fn retry(&mut self, ctx: &mut Ctx, f: InFlight, reason: SendFailure) {
        if f.attempt >= self.spec.retries || ctx.now >= f.deadline {
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: f.msg.id, reason });
            return;
        }
        let next = InFlight { attempt: f.attempt + 1, redirects: 0, ..f };
        self.send(ctx, next);
    }

    /// Sends whose budget is spent fail with a timeout. A replica silent that long is suspect: a
    /// leader answers within `commit_timeout_ms` even without a majority, so it is most likely cut
    /// off. Like DLedger's and etcd's clients, the producer stops taking it for the leader and asks
    /// the next replica, which names the leader it follows (the same one again, at the cost of a
    /// hop, if it was only slow). Only a crash closes the connection: without this, every later
    /// send would go to an isolated leader and time out.
    fn expire(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let due: Vec<u32> = self.in_flight.iter().filter(|(_, f)| f.deadline <= now).map(|(&r, _)| r).collect();
        for req in due {
            if let Some(f) = self.in_flight.remove(&req) {
                self.finder.unreachable(f.to);
                ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: f.msg.id, reason: SendFailure::Timeout });
            }
        }
        self.deadline.arm_earliest(ctx, self.in_flight.values().map(|f| f.deadline), wrap(Timer::SendDeadlines));
    }
}
