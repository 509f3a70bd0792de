//! A consumer: a worker loop on its group's list, one item at a time. List mode: BRPOP, process.
//! Reliable mode: BRPOPLPUSH into its own processing list, process, LREM (the ack). A blocking pop
//! on an empty list waits `brpop_timeout_ms`, then the worker asks again. The side effect happens
//! here, or in the DB with the group's unique key; a Redis SETNX claim may come first.
//!
//! Workers also run the queue's housekeeping, as job libraries built on Redis do (BullMQ's stalled
//! check, Celery's restore of unacked messages, Sidekiq's scheduled poller): every
//! `recovery_interval_ms` the recovery script (reliable mode), and every `delay_poll_ms` the mover
//! of due items (delayed queue). A worker that restarts first pushes back what its previous life
//! left in its processing list.

use super::{payload, wrap, Msg, Popped, Timer};
use crate::scenario::model::ConsumerGroupSpec;
use crate::scenario::systems::redis_queue::{QueueMode, RedisQueueSettings};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MessageQueue, NodeId, QueueKey};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::nodes::processing::{Outcome, Processing, Stores};
use crate::sim::rng::SimRng;
use crate::sim::systems::{SysMsg, Waiting};
use crate::sim::time::SimTime;
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;

/// After a connection error the worker waits this long before its next command (a reconnect).
const RECONNECT_MS: u64 = 1_000;

/// Where the worker is in its loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Not started, or waiting to reconnect.
    Idle,
    /// A blocking pop is out; the client gives up at `deadline` (none when it blocks forever).
    Popping { req: u32, deadline: Option<SimTime> },
    /// An item is in hand (`processing`).
    Processing,
}

/// Who the consumer talks to.
#[derive(Clone, Copy, Debug)]
pub struct Peers {
    pub server: NodeId,
    pub db: Option<NodeId>,
    pub redis: Option<NodeId>,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    group: GroupId,
    spec: ConsumerGroupSpec,
    topic: u8,
    settings: RedisQueueSettings,
    peers: Peers,
    call_timeout_ms: u64,
    rng: SimRng,
    stage: Stage,
    processing: Processing<Popped>,
    /// Fires when the pop in flight is overdue (one timer, re-armed, not one per pop).
    pop_deadline: Deadline,
    next_req: u32,
    starts: u32,
}

impl Consumer {
    pub fn new(
        group: GroupId,
        spec: ConsumerGroupSpec,
        topic: u8,
        settings: RedisQueueSettings,
        peers: Peers,
        call_timeout_ms: u64,
        rng: SimRng,
    ) -> Consumer {
        let stores = Stores { db: peers.db, redis: peers.redis, call_timeout_ms };
        Consumer {
            group,
            processing: Processing::new(group, &spec, stores, |t| wrap(Timer::Process(t))),
            spec,
            topic,
            settings,
            peers,
            call_timeout_ms,
            rng,
            stage: Stage::Idle,
            pop_deadline: Deadline::default(),
            next_req: 0,
            starts: 0,
        }
    }

    /// Holds an item it has not finished.
    pub fn is_busy(&self) -> bool {
        self.processing.is_busy()
    }

    /// The blocking pop out, waiting on the server until the client's read timeout (or forever).
    pub fn waiting(&self) -> Vec<Waiting> {
        match self.stage {
            Stage::Popping { req, deadline } => vec![Waiting { on: self.peers.server, gives_up_at: deadline, no: req }],
            _ => Vec::new(),
        }
    }

    pub fn set_processing_ms(&mut self, ms: u64) {
        self.processing.set_processing_ms(ms);
    }

    fn reliable(&self) -> bool {
        self.settings.mode == QueueMode::Reliable
    }

    fn req(&mut self) -> u32 {
        self.next_req = self.next_req.wrapping_add(1);
        self.next_req
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        if self.reliable() {
            if self.starts > 0 {
                ctx.send(self.peers.server, payload(Msg::Recover { own: true }));
            }
            ctx.after_ms(self.settings.recovery_interval_ms, wrap(Timer::Recover));
        }
        if self.settings.delayed {
            // Pollers start at a random point of their period, as Sidekiq's do, so that several
            // workers do not all poll at the same instant.
            let period_us = self.settings.delay_poll_ms.saturating_mul(1_000);
            ctx.after_us(self.rng.below(period_us), wrap(Timer::MoveDue));
        }
        self.starts += 1;
        self.fetch(ctx);
    }

    /// The worker's memory goes: the item in hand, the command in flight.
    pub fn on_crash(&mut self) {
        self.stage = Stage::Idle;
        self.processing.forget();
        self.pop_deadline.reset();
        self.processing.set_processing_ms(self.spec.processing_ms);
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: Timer) {
        match timer {
            Timer::PopDeadline if self.pop_deadline.fired(ctx.now) => match self.stage {
                // The reply is overdue: the client drops the connection and starts over.
                Stage::Popping { deadline: Some(at), .. } if at <= ctx.now => self.fetch(ctx),
                Stage::Popping { deadline: Some(at), .. } => self.pop_deadline.arm(ctx, at, wrap(Timer::PopDeadline)),
                _ => {}
            },
            Timer::Reconnect if self.stage == Stage::Idle => self.fetch(ctx),
            Timer::Process(t) => match self.processing.on_timer(ctx, t, None) {
                Some(Outcome::Done(item)) => self.done(ctx, item),
                Some(Outcome::CallFailed(item)) => self.abandon(ctx, item),
                Some(Outcome::Failed(_)) | None => {}
            },
            Timer::Recover => {
                ctx.send(self.peers.server, payload(Msg::Recover { own: false }));
                ctx.after_ms(self.settings.recovery_interval_ms, wrap(Timer::Recover));
            }
            Timer::MoveDue => {
                ctx.send(self.peers.server, payload(Msg::MoveDue { topic: self.topic }));
                ctx.after_ms(self.settings.delay_poll_ms, wrap(Timer::MoveDue));
            }
            _ => {}
        }
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, p: Payload) {
        match p {
            Payload::System(SysMsg::RedisQueue(Msg::Popped { req, item })) => self.on_popped(ctx, from, req, item),
            Payload::RedisReply { req, set } => {
                if let Some(item) = self.processing.on_claim_reply(ctx, req, set) {
                    self.done(ctx, item);
                }
            }
            Payload::DbReply { req, .. } => {
                if let Some(item) = self.processing.on_db_reply(req) {
                    self.done(ctx, item);
                }
            }
            Payload::Undeliverable { original } => match *original {
                Payload::System(SysMsg::RedisQueue(Msg::Brpop { req, .. } | Msg::Brpoplpush { req, .. })) => {
                    if matches!(self.stage, Stage::Popping { req: r, .. } if r == req) {
                        self.reconnect_later(ctx);
                    }
                }
                Payload::RedisSetNx { req, .. } | Payload::DbInsert { req, .. } => self.give_up(ctx, req),
                _ => {}
            },
            Payload::PeerDown => self.on_peer_down(ctx, from),
            _ => {}
        }
    }

    fn on_peer_down(&mut self, ctx: &mut Ctx, peer: NodeId) {
        if matches!(self.stage, Stage::Popping { .. }) && peer == self.peers.server {
            return self.reconnect_later(ctx);
        }
        if let Some((req, _)) = self.processing.call_in_flight().filter(|&(_, store)| store == peer) {
            self.give_up(ctx, req);
        }
    }

    fn reconnect_later(&mut self, ctx: &mut Ctx) {
        self.stage = Stage::Idle;
        ctx.after_ms(RECONNECT_MS, wrap(Timer::Reconnect));
    }

    /// The next blocking pop.
    fn fetch(&mut self, ctx: &mut Ctx) {
        let req = self.req();
        let (topic, timeout_ms) = (self.topic, self.settings.brpop_timeout_ms);
        let command = match self.reliable() {
            true => Msg::Brpoplpush { req, topic, timeout_ms },
            false => Msg::Brpop { req, topic, timeout_ms },
        };
        ctx.send(self.peers.server, payload(command));
        // The client's read timeout is the blocking timeout plus its own call timeout.
        let deadline = (timeout_ms > 0).then(|| ctx.now.plus_ms(timeout_ms.saturating_add(self.call_timeout_ms)));
        if let Some(at) = deadline {
            self.pop_deadline.arm(ctx, at, wrap(Timer::PopDeadline));
        }
        self.stage = Stage::Popping { req, deadline };
    }

    fn on_popped(&mut self, ctx: &mut Ctx, from: NodeId, req: u32, item: Option<Popped>) {
        // A late answer to a pop the client gave up on goes nowhere: its connection is closed.
        if !matches!(self.stage, Stage::Popping { req: r, .. } if r == req) {
            return;
        }
        let Some(item) = item else {
            return self.fetch(ctx);
        };
        let mq = MessageQueue { broker_group: 0, queue: QueueKey::named(self.topic, 0) };
        ctx.trace(TraceKind::Delivered {
            consumer: ctx.me,
            group: self.group,
            msg: item.msg.id,
            mq,
            queue_offset: item.position,
            from,
            reconsume: item.msg.reconsume_times,
        });
        let req = self.req();
        self.processing.start(ctx, req, item, item.msg.id, mq);
        self.stage = Stage::Processing;
    }

    /// Finished with the item: acknowledge it (reliable mode) and fetch the next. The LREM goes
    /// on the same connection just before the next pop, so the worker does not wait for it.
    fn done(&mut self, ctx: &mut Ctx, item: Popped) {
        if self.reliable() {
            ctx.send(self.peers.server, payload(Msg::Lrem { msg: item.msg.id }));
        }
        self.fetch(ctx);
    }

    /// A dedup store did not answer.
    fn give_up(&mut self, ctx: &mut Ctx, req: u32) {
        if let Some(item) = self.processing.call_failed(req) {
            self.abandon(ctx, item);
        }
    }

    /// The worker logs an error and moves on without acking. In reliable mode the item waits in
    /// the processing list for the recovery job; in list mode it is gone.
    fn abandon(&mut self, ctx: &mut Ctx, item: Popped) {
        let e = super::event::Event::Abandoned { consumer: ctx.me, msg: item.msg.id };
        ctx.trace(TraceKind::System { event: crate::sim::systems::SysEvent::RedisQueue(e) });
        self.fetch(ctx);
    }
}
