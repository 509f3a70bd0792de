//! A Kafka producer. The application makes records at the workload's pace; each goes to a
//! partition (round-robin over the partitions with a leader) and waits in that partition's queue
//! until it is sent to the leader, in batches, at most 5 requests in flight per partition. acks=0
//! counts a record done once it is on the wire; acks=1 and all wait for the leader's answer and
//! retry on errors, after retry.backoff.ms, until delivery.timeout.ms has passed since send().
//! An idempotent producer numbers each partition's records so that the leader can drop a retry it
//! already has; after an out-of-order answer it bumps its epoch and numbers afresh (KIP-360).

use super::client::Metadata;
use super::cluster::{message_queue, Cluster};
use super::wire::{Msg, ProduceError, Record, NO_SEQ};
use super::{event, ours, send, timer, Event, Timer, Tp};
use crate::scenario::model::Workload;
use crate::scenario::systems::kafka::Acks;
use crate::sim::effects::Ctx;
use crate::sim::ids::{MsgId, NodeId};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::nodes::workload::Pacer;
use crate::sim::small_map::SmallMap;
use crate::sim::time::SimTime;
use crate::sim::trace::{SendFailure, TraceKind};
use crate::sim::wire::{Message, Payload, SendStatus};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// max.in.flight.requests.per.connection (5), counted per partition here.
const MAX_IN_FLIGHT: u8 = 5;
/// Records per produce request at most (batch.size, 16 KiB, over ~1 KiB records).
const BATCH_MAX_RECORDS: usize = 16;

#[derive(Clone, Copy, Debug)]
struct Pending {
    msg: Message,
    seq: u32,
    created: SimTime,
    /// In a request in flight.
    sent: bool,
    attempts: u8,
}

/// One partition's records not yet acknowledged, in send() order.
#[derive(Clone, Debug, Default)]
struct Part {
    pending: VecDeque<Pending>,
    next_seq: u32,
    epoch: u16,
    retry_at: SimTime,
    in_flight: u8,
}

#[derive(Clone, Debug)]
struct InFlight {
    tp: Tp,
    to: NodeId,
    msgs: Vec<MsgId>,
    epoch: u16,
    until: SimTime,
}

#[derive(Clone, Debug)]
pub struct Producer {
    cluster: Rc<Cluster>,
    index: u8,
    topic: u8,
    pacer: Pacer,
    // --- kept across a crash (the application's own state) -----------------------------------
    produced: u32,
    /// Lives so far: a restarted idempotent producer starts a new epoch.
    lives: u16,
    // --- in memory -----------------------------------------------------------------------------
    metadata: Metadata,
    parts: SmallMap<Tp, Part>,
    in_flight: BTreeMap<u32, InFlight>,
    next_req: u32,
    /// The round-robin partitioner's counter.
    rr: u32,
    deadline: Deadline,
}

impl Producer {
    pub fn new(cluster: Rc<Cluster>, index: u8, topic: u8, workload: Workload, stop_at: SimTime) -> Producer {
        let k = &cluster.settings;
        let metadata = Metadata::new(cluster.brokers.clone(), topic, k.retry_backoff_ms, k.request_timeout_ms);
        Producer {
            pacer: Pacer::new(workload, stop_at),
            cluster,
            index,
            topic,
            produced: 0,
            lives: 0,
            metadata,
            parts: SmallMap::new(),
            in_flight: BTreeMap::new(),
            next_req: 0,
            rr: 0,
            deadline: Deadline::default(),
        }
    }

    /// Nothing left to make, send or confirm.
    pub fn is_idle(&self, now: SimTime) -> bool {
        self.pacer.done(self.produced, now) && self.parts.values().all(|p| p.pending.is_empty())
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        self.lives += 1;
        self.metadata.pump(ctx, &mut self.next_req);
        if !self.pacer.done(self.produced, ctx.now) {
            ctx.at(self.pacer.first(ctx.now), timer(Timer::Produce));
        }
        ctx.after_ms(self.cluster.settings.metadata_max_age_ms, timer(Timer::MetadataRefresh));
        self.arm(ctx);
    }

    /// The application dies with its records: sends under way fail.
    pub fn on_crash(&mut self, ctx: &mut Ctx) {
        for p in std::mem::take(&mut self.parts).into_values().flat_map(|p| p.pending) {
            ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: p.msg.id, reason: SendFailure::ProducerCrashed });
        }
        self.in_flight.clear();
        self.metadata.forget();
        self.deadline.reset();
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match ours(payload) {
            Ok(Msg::MetadataResponse { req, topic, leaders }) => {
                self.metadata.on_response(from, req, topic, &leaders);
            }
            Ok(Msg::ProduceResponse { req, error, .. }) => self.on_response(ctx, from, req, error),
            Ok(_) => {}
            Err(Payload::PeerDown) => {
                self.metadata.on_unreachable(from, ctx.now);
                let reqs: Vec<u32> = self.in_flight.iter().filter(|(_, f)| f.to == from).map(|(&r, _)| r).collect();
                for req in reqs {
                    self.request_failed(ctx, req);
                }
            }
            Err(Payload::Undeliverable { original }) => {
                self.metadata.on_unreachable(from, ctx.now);
                if let Ok(Msg::Produce { req, .. }) = ours(*original) {
                    self.request_failed(ctx, req);
                }
            }
            Err(_) => {}
        }
        self.pump(ctx);
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        match t {
            Timer::Produce => self.produce(ctx),
            Timer::MetadataRefresh => {
                self.metadata.want_refresh();
                ctx.after_ms(self.cluster.settings.metadata_max_age_ms, timer(Timer::MetadataRefresh));
            }
            Timer::Deadlines if self.deadline.fired(ctx.now) => {
                self.expire(ctx);
            }
            _ => {}
        }
        self.pump(ctx);
    }

    /// The application calls send(): the record gets its partition and joins its queue.
    fn produce(&mut self, ctx: &mut Ctx) {
        let Some(msg) = self.pacer.make(ctx, self.index, self.topic, &mut self.produced) else { return };
        let available: Vec<Tp> = self.metadata.available().collect();
        let all: Vec<Tp> = self.cluster.partitions_of(self.topic).collect();
        let choices = if available.is_empty() { &all } else { &available };
        let tp = choices[(self.rr as usize) % choices.len().max(1)];
        self.rr = self.rr.wrapping_add(1);
        let idempotent = self.cluster.settings.idempotent();
        let lives = self.lives;
        let part = self.parts.entry(tp).or_insert_with(|| Part { epoch: lives, ..Part::default() });
        let seq = if idempotent {
            part.next_seq += 1;
            part.next_seq - 1
        } else {
            NO_SEQ
        };
        part.pending.push_back(Pending { msg, seq, created: ctx.now, sent: false, attempts: 0 });
        if !self.pacer.done(self.produced, ctx.now) {
            ctx.at(self.pacer.after(ctx.now), timer(Timer::Produce));
        }
    }

    /// Send what can be sent: each partition's unsent records to its leader, in order.
    fn pump(&mut self, ctx: &mut Ctx) {
        let tps: Vec<Tp> =
            self.parts.iter().filter(|(_, p)| p.pending.iter().any(|r| !r.sent)).map(|(&tp, _)| tp).collect();
        for tp in tps {
            while self.send_batch(ctx, tp) {}
        }
        // After the batches: a partition without a known leader asks for metadata (as Kafka's
        // sender does on every loop while it holds records for one).
        self.metadata.pump(ctx, &mut self.next_req);
        self.arm(ctx);
    }

    /// Send the next batch of `tp`; false when nothing (more) can go now.
    fn send_batch(&mut self, ctx: &mut Ctx, tp: Tp) -> bool {
        let now = ctx.now;
        let leader = self.metadata.leader(tp);
        let Some(part) = self.parts.get_mut(&tp) else { return false };
        if part.in_flight >= MAX_IN_FLIGHT || now < part.retry_at {
            return false;
        }
        let Some(start) = part.pending.iter().position(|r| !r.sent) else { return false };
        let Some(to) = leader else {
            self.metadata.want_refresh();
            return false;
        };
        if !self.metadata.ready(to, now) {
            return false;
        }
        let acks = self.cluster.settings.acks;
        let mut records = Vec::new();
        for r in part.pending.iter_mut().skip(start).take_while(|r| !r.sent).take(BATCH_MAX_RECORDS) {
            r.sent = true;
            ctx.trace(TraceKind::SendAttempt {
                producer: ctx.me,
                msg: r.msg.id,
                broker: to,
                queue: message_queue(tp),
                attempt: r.attempts,
                oneway: acks == Acks::Zero,
            });
            r.attempts = r.attempts.saturating_add(1);
            records.push(Record { msg: r.msg, producer_epoch: part.epoch, seq: r.seq });
        }
        self.next_req = self.next_req.wrapping_add(1);
        let req = self.next_req;
        let msgs: Vec<MsgId> = records.iter().map(|r| r.msg.id).collect();
        if acks == Acks::Zero {
            // Fire and forget: the record is done once written to the socket.
            part.pending.retain(|r| !r.sent);
        } else {
            part.in_flight += 1;
            let until = now.plus_ms(self.cluster.settings.request_timeout_ms);
            self.in_flight.insert(req, InFlight { tp, to, msgs, epoch: part.epoch, until });
        }
        send(ctx, to, Msg::Produce { req, tp, acks, records });
        true
    }

    fn on_response(&mut self, ctx: &mut Ctx, from: NodeId, req: u32, error: Option<ProduceError>) {
        let Some(f) = self.in_flight.remove(&req) else { return };
        self.metadata.connected(from);
        let backoff = self.cluster.settings.retry_backoff_ms;
        let Some(part) = self.parts.get_mut(&f.tp) else { return };
        part.in_flight = part.in_flight.saturating_sub(1);
        let Some(error) = error else {
            for id in &f.msgs {
                if let Some(i) = part.pending.iter().position(|r| r.msg.id == *id) {
                    part.pending.remove(i);
                    let status = SendStatus::SendOk;
                    ctx.trace(TraceKind::SendResult { producer: ctx.me, msg: *id, broker: from, status });
                }
            }
            return;
        };
        let (first, count) = (f.msgs.first().copied().unwrap_or_default(), f.msgs.len() as u16);
        event(ctx, Event::ProduceFailed { producer: ctx.me, tp: f.tp, leader: from, error, first, count });
        unsend(part, &f.msgs);
        part.retry_at = ctx.now.plus_ms(backoff);
        match error {
            ProduceError::NotLeader => self.metadata.want_refresh(),
            ProduceError::OutOfOrderSequence if f.epoch == part.epoch => {
                // The leader lacks an earlier record (lost, or expired here): start a new epoch
                // and number what is left from 0.
                part.epoch = part.epoch.wrapping_add(1);
                for (seq, r) in part.pending.iter_mut().enumerate() {
                    r.seq = seq as u32;
                }
                part.next_seq = part.pending.len() as u32;
            }
            _ => {}
        }
    }

    /// The request got no answer (connection refused or reset, or it timed out): retry it.
    fn request_failed(&mut self, ctx: &mut Ctx, req: u32) {
        let Some(f) = self.in_flight.remove(&req) else { return };
        self.metadata.want_refresh();
        if let Some(part) = self.parts.get_mut(&f.tp) {
            part.in_flight = part.in_flight.saturating_sub(1);
            unsend(part, &f.msgs);
            part.retry_at = ctx.now.plus_ms(self.cluster.settings.retry_backoff_ms);
        }
    }

    /// Requests past request.timeout.ms are retried; records past delivery.timeout.ms fail.
    fn expire(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        self.metadata.check_timeout(now);
        let late: Vec<u32> = self.in_flight.iter().filter(|(_, f)| f.until <= now).map(|(&r, _)| r).collect();
        for req in late {
            self.request_failed(ctx, req);
        }
        let delivery_us = self.cluster.settings.delivery_timeout_ms.saturating_mul(1_000);
        for part in self.parts.values_mut() {
            while part.pending.front().is_some_and(|r| now.since(r.created) >= delivery_us) {
                if let Some(r) = part.pending.pop_front() {
                    ctx.trace(TraceKind::SendFailed { producer: ctx.me, msg: r.msg.id, reason: SendFailure::Timeout });
                }
            }
        }
    }

    /// Arm the one timer for the earliest thing to do.
    fn arm(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let delivery = self.cluster.settings.delivery_timeout_ms;
        let mut times: Vec<SimTime> = self.in_flight.values().map(|f| f.until).collect();
        times.extend(self.metadata.next_deadline(now));
        for (&tp, p) in &self.parts {
            if let Some(r) = p.pending.front() {
                times.push(r.created.plus_ms(delivery));
            }
            if p.pending.iter().any(|r| !r.sent) && p.in_flight < MAX_IN_FLIGHT {
                let reconnect = self.metadata.leader(tp).map_or(SimTime::ZERO, |l| self.metadata.ready_at(l));
                times.push(p.retry_at.max(reconnect));
            }
        }
        // Only what lies ahead: something due now was just done (or cannot be done yet).
        self.deadline.arm_earliest(ctx, times.into_iter().filter(|&t| t > now), timer(Timer::Deadlines));
    }
}

/// These records are not in flight any more: they go again, in order, with the next batch.
fn unsend(part: &mut Part, msgs: &[MsgId]) {
    for r in part.pending.iter_mut().filter(|r| msgs.contains(&r.msg.id)) {
        r.sent = false;
    }
}
