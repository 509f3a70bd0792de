//! A producer: the application makes business messages at the workload's rate; the client sends
//! each to a master, round-robin over the queues of its (possibly stale) route. A sync send waits
//! for the result and, on failure, retries on another broker within one timeout budget; a oneway
//! send fires and forgets. A reliable producer first writes each message to a local message table
//! and a compensation job resends those never confirmed — which can deliver a message twice.
//! A producer with a local transaction (`transaction`) ties each message to it: see `transaction`.
//! A producer with `order_keys` picks the queue by the message's business key (see `pick_queue`).

mod transaction;

use super::deadline::Deadline;
use super::route_client::{RouteClient, RouteEvent};
use super::workload::Pacer;
use super::Timer;
use crate::scenario::model::{ProducerSpec, SendMode};
use crate::sim::effects::Ctx;
use crate::sim::ids::{MessageQueue, MsgKey, NodeId, QueueKey};
use crate::sim::rng::SimRng;
use crate::sim::time::SimTime;
use crate::sim::trace::{SendFailure, TraceKind};
use crate::sim::wire::{Message, Payload, SendStatus};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProducerTimer {
    /// The application makes its next message.
    Produce,
    /// The earliest sync send's budget is spent.
    SendDeadlines,
    Route(super::route_client::RouteTimer),
    /// The reliable producer's compensation job.
    OutboxCheck,
    /// A local transaction finished its work and commits (or rolls back).
    LocalTxnDone {
        key: MsgKey,
    },
}

/// A sync send in progress.
#[derive(Clone, Debug)]
struct InFlight {
    msg: Message,
    attempt: u8,
    deadline: SimTime,
    broker: NodeId,
    broker_group: u8,
}

/// A local database transaction of a message, as the application's database knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalState {
    /// Still running: lost (rolled back by the database) if the machine dies now.
    Running,
    Committed,
    RolledBack,
}

#[derive(Clone, Copy, Debug)]
struct LocalTxn {
    state: LocalState,
    msg: Message,
    /// The master that stored the half message (END_TRANSACTION goes there).
    broker: Option<NodeId>,
}

/// A row of the local message table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxStatus {
    Sending,
    Confirmed,
    Failed,
}

#[derive(Clone, Copy, Debug)]
struct OutboxRow {
    msg: Message,
    status: OutboxStatus,
    last_sent: SimTime,
    resends: u8,
}

#[derive(Clone, Debug)]
pub struct Producer {
    index: u8,
    spec: ProducerSpec,
    topic: u8,
    queues_per_topic: u8,
    retry_another_broker: bool,
    routes: RouteClient,
    /// Business messages made so far: the application's own sequence, kept across crashes.
    produced: u32,
    next_req: u32,
    in_flight: BTreeMap<u32, InFlight>,
    /// RocketMQ's sendWhichQueue: a counter over the route's queues.
    send_which_queue: u32,
    /// The local message table (durable: it lives in the application's database).
    outbox: BTreeMap<MsgKey, OutboxRow>,
    /// When the application makes its messages.
    pacer: Pacer,
    /// Fires at the earliest in-flight send's deadline.
    deadline: Deadline,
    /// Local transactions by message (`transaction`): committed and rolled-back ones are in the
    /// application's database and survive a crash; running ones do not.
    local: BTreeMap<MsgKey, LocalTxn>,
    /// How many of `local` are still running (kept, so that the drain check stays cheap).
    running_txns: u32,
    /// Draws whether a local transaction rolls back.
    tx_rng: SimRng,
}

impl Producer {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        index: u8,
        spec: ProducerSpec,
        topic: u8,
        queues_per_topic: u8,
        retry_another_broker: bool,
        nameservers: Vec<NodeId>,
        rng: SimRng,
        stop_at: SimTime,
    ) -> Self {
        let routes = RouteClient::new(nameservers, topic, spec.route_refresh_ms, rng);
        Producer {
            pacer: Pacer::new(spec.workload.clone(), stop_at),
            index,
            spec,
            topic,
            queues_per_topic,
            retry_another_broker,
            routes,
            produced: 0,
            next_req: 0,
            in_flight: BTreeMap::new(),
            send_which_queue: 0,
            outbox: BTreeMap::new(),
            deadline: Deadline::default(),
            local: BTreeMap::new(),
            running_txns: 0,
            tx_rng: SimRng::new(0, 0),
        }
    }

    /// The random stream for local transactions (a stream of its own, so that adding a
    /// transaction changes no other draw).
    pub fn with_tx_rng(mut self, rng: SimRng) -> Self {
        self.tx_rng = rng;
        self
    }

    /// The workload is over: every message made, or the scenario's duration reached.
    fn workload_done(&self, now: SimTime) -> bool {
        self.pacer.done(self.produced, now)
    }

    pub fn produced(&self) -> u32 {
        self.produced
    }

    pub fn route(&self) -> Option<&crate::sim::wire::Route> {
        self.routes.route()
    }

    /// True when the workload is done and nothing is left to send or confirm.
    pub fn is_idle(&self, now: SimTime) -> bool {
        self.workload_done(now)
            && self.in_flight.is_empty()
            && self.outbox.values().all(|r| r.status != OutboxStatus::Sending)
            && self.running_txns == 0
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        self.routes.start(ctx, wrap_route);
        if !self.workload_done(ctx.now) {
            ctx.at(self.pacer.first(ctx.now), Timer::Producer(ProducerTimer::Produce));
        }
        if let Some(r) = &self.spec.reliable {
            ctx.after_ms(r.check_interval_ms, Timer::Producer(ProducerTimer::OutboxCheck));
        }
    }

    /// The application thread dies with the machine: sends under way are abandoned. The message
    /// table and the business sequence are in the application's database and survive.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        for f in std::mem::take(&mut self.in_flight).into_values() {
            let reason = SendFailure::ProducerCrashed;
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: f.msg.id, reason });
        }
        self.abort_running(ctx);
        self.routes.forget();
        self.deadline.reset();
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        if self.routes.on_message(ctx, from, &payload, wrap_route) != RouteEvent::NotMine {
            return;
        }
        match payload {
            Payload::SendResponse { req, status, .. } => self.on_result(ctx, req, status),
            Payload::Undeliverable { original } => {
                if let Payload::SendRequest { req, .. } = *original {
                    self.attempt_failed(ctx, req);
                }
            }
            Payload::CheckTransaction { msg } => self.on_check(ctx, from, msg),
            Payload::PeerDown => {
                let reqs: Vec<u32> = self.in_flight.iter().filter(|(_, f)| f.broker == from).map(|(&r, _)| r).collect();
                for req in reqs {
                    self.attempt_failed(ctx, req);
                }
            }
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: ProducerTimer) {
        match timer {
            ProducerTimer::Produce => self.produce(ctx),
            ProducerTimer::SendDeadlines => {
                if self.deadline.fired(ctx.now) {
                    self.expire_sends(ctx);
                }
            }
            ProducerTimer::Route(t) => self.routes.on_timer(ctx, t, wrap_route),
            ProducerTimer::OutboxCheck => self.compensate(ctx),
            ProducerTimer::LocalTxnDone { key } => self.local_txn_done(ctx, key),
        }
    }

    fn produce(&mut self, ctx: &mut Ctx) {
        let Some(msg) = self.pacer.make(ctx, self.index, self.topic, &mut self.produced) else { return };
        let key = msg.id.key;
        if self.spec.reliable.is_some() {
            let row = OutboxRow { msg, status: OutboxStatus::Sending, last_sent: ctx.now, resends: 0 };
            self.outbox.insert(key, row);
            ctx.trace(TraceKind::OutboxStored { producer: ctx.me, key });
        }
        if self.begin_transaction(ctx, msg) {
            let deadline = ctx.now.plus_ms(self.spec.send_timeout_ms);
            self.send(ctx, msg, 0, deadline, None);
        }
        if !self.workload_done(ctx.now) {
            ctx.at(self.pacer.after(ctx.now), Timer::Producer(ProducerTimer::Produce));
        }
    }

    /// One attempt of a send: pick a queue (avoiding `avoid`, the broker that just failed) and go.
    fn send(&mut self, ctx: &mut Ctx, msg: Message, attempt: u8, deadline: SimTime, avoid: Option<u8>) {
        let Some((broker_group, broker, queue)) = self.pick_queue(avoid, msg.id.key) else {
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: msg.id, reason: SendFailure::NoRoute });
            self.send_gave_up(ctx, msg);
            return;
        };
        let req = self.next_req;
        self.next_req = self.next_req.wrapping_add(1);
        let oneway = self.spec.send == SendMode::Oneway;
        let mut mq = MessageQueue { broker_group, queue: QueueKey::named(self.topic, queue) };
        if self.sends_half() {
            // The half message waits in RMQ_SYS_TRANS_HALF_TOPIC, remembering its real queue.
            mq.queue = QueueKey::trans_half(mq.queue);
        }
        ctx.trace(TraceKind::SendAttempt { producer: ctx.me, msg: msg.id, broker, queue: mq, attempt, oneway });
        ctx.send(broker, Payload::SendRequest { req, msg, queue: mq.queue, oneway });
        if !oneway {
            self.in_flight.insert(req, InFlight { msg, attempt, deadline, broker, broker_group });
            self.deadline.arm(ctx, deadline, Timer::Producer(ProducerTimer::SendDeadlines));
        }
    }

    /// Round-robin over the writable queues of the route (groups with a master). With
    /// `order_keys`, the queue is the key's hash (the key itself) modulo the number of writable
    /// queues, as SelectMessageQueueByHash: the same key, the same queue, while the route holds.
    fn pick_queue(&mut self, avoid: Option<u8>, key: MsgKey) -> Option<(u8, NodeId, u8)> {
        let route = self.routes.route()?;
        let per_group = u32::from(self.queues_per_topic);
        let masters = route.groups.iter().filter(|g| g.master().is_some()).count() as u32;
        let n = masters * per_group;
        if n == 0 {
            return None;
        }
        // The i-th writable queue: queue i % per_group of the (i / per_group)-th group with a master.
        let nth = |i: u32| {
            let g = route.groups.iter().filter(|g| g.master().is_some()).nth((i / per_group) as usize)?;
            Some((g.group, g.master()?, (i % per_group) as u8))
        };
        if self.spec.order_keys > 0 {
            let business_key = key.seq % self.spec.order_keys;
            return nth(business_key % n);
        }
        for _ in 0..n {
            self.send_which_queue = self.send_which_queue.wrapping_add(1);
            let pick = nth(self.send_which_queue % n)?;
            if avoid != Some(pick.0) {
                return Some(pick);
            }
        }
        // Only the broker to avoid is left: use it anyway, as RocketMQ does.
        nth(self.send_which_queue % n)
    }

    fn on_result(&mut self, ctx: &mut Ctx, req: u32, status: SendStatus) {
        let Some(f) = self.in_flight.remove(&req) else {
            return;
        };
        ctx.trace(TraceKind::SendResult { producer: ctx.me, msg: f.msg.id, broker: f.broker, status });
        if status != SendStatus::SendOk && self.retry_another_broker && self.can_retry(ctx, &f) {
            self.send(ctx, f.msg, f.attempt + 1, f.deadline, Some(f.broker_group));
            return;
        }
        self.send_done(ctx, f.msg, f.broker, status);
        if status == SendStatus::SendOk {
            if let Some(row) = self.outbox.get_mut(&f.msg.id.key) {
                if row.status == OutboxStatus::Sending {
                    row.status = OutboxStatus::Confirmed;
                    ctx.trace(TraceKind::OutboxConfirmed { producer: ctx.me, key: f.msg.id.key });
                }
            }
        }
    }

    /// Sends whose budget is spent fail with a timeout (the sync call's future times out).
    fn expire_sends(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let due: Vec<u32> = self.in_flight.iter().filter(|(_, f)| f.deadline <= now).map(|(&r, _)| r).collect();
        for req in due {
            if let Some(f) = self.in_flight.remove(&req) {
                ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: f.msg.id, reason: SendFailure::Timeout });
                self.send_gave_up(ctx, f.msg);
            }
        }
        let deadlines = self.in_flight.values().map(|f| f.deadline);
        self.deadline.arm_earliest(ctx, deadlines, Timer::Producer(ProducerTimer::SendDeadlines));
    }

    /// A selector send (`order_keys`) is never retried on another queue: sendSelectImpl makes one
    /// attempt, so a key's messages never leave its queue behind a failure.
    fn can_retry(&self, ctx: &Ctx, f: &InFlight) -> bool {
        self.spec.order_keys == 0 && f.attempt < self.spec.retries && ctx.now < f.deadline
    }

    /// An attempt failed fast (connection refused or reset): retry elsewhere while budget remains.
    fn attempt_failed(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(f) = self.in_flight.remove(&req) else {
            return;
        };
        if self.can_retry(ctx, &f) {
            self.send(ctx, f.msg, f.attempt + 1, f.deadline, Some(f.broker_group));
        } else {
            let reason = SendFailure::BrokerUnreachable;
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: f.msg.id, reason });
            self.send_gave_up(ctx, f.msg);
        }
    }

    /// The compensation job: resend rows still SENDING after resend_after_ms, as a new send.
    fn compensate(&mut self, ctx: &mut Ctx) {
        let Some(cfg) = self.spec.reliable.clone() else {
            return;
        };
        let due_us = cfg.resend_after_ms.saturating_mul(1_000);
        let due: Vec<MsgKey> = self
            .outbox
            .iter()
            .filter(|(_, r)| r.status == OutboxStatus::Sending && ctx.now.since(r.last_sent) >= due_us)
            .map(|(&k, _)| k)
            .collect();
        for key in due {
            let Some(row) = self.outbox.get_mut(&key) else {
                continue;
            };
            if row.resends >= cfg.max_resends {
                row.status = OutboxStatus::Failed;
                ctx.trace(TraceKind::OutboxGaveUp { producer: ctx.me, key });
                continue;
            }
            row.resends += 1;
            row.last_sent = ctx.now;
            row.msg.id.gen = row.msg.id.gen.wrapping_add(1);
            let (msg, resends) = (row.msg, row.resends);
            ctx.trace(TraceKind::OutboxResent { producer: ctx.me, msg: msg.id, resends });
            let deadline = ctx.now.plus_ms(self.spec.send_timeout_ms);
            self.send(ctx, msg, 0, deadline, None);
        }
        ctx.after_ms(cfg.check_interval_ms, Timer::Producer(ProducerTimer::OutboxCheck));
    }
}

fn wrap_route(t: super::route_client::RouteTimer) -> Timer {
    Timer::Producer(ProducerTimer::Route(t))
}
