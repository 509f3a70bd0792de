//! A consumer: one member of a consumer group, subscribed (basic.consume) to its group's queue,
//! competing with the other members for its messages. The node pushes deliveries; the consumer
//! processes them one at a time for `processing_ms`, applies the side effect (with the group's
//! dedup: Redis SETNX first, or the DB unique key with the effect), then acks (manual ack). A
//! failure nacks (requeue per `requeue_on_nack`). With auto ack there is nothing to send: the
//! node forgot the message when it sent it, so a failure or a crash loses it.
//!
//! When the connection is lost, a manual-ack consumer drops the deliveries it has not started
//! (the node requeues them) and finishes the one in hand, whose ack can no longer be sent; an
//! auto-ack consumer keeps its buffer, which only it still has.

use super::event::Event;
use super::link::{Link, LinkEvent};
use super::wire::{Msg, Subscribe};
use super::{send, timer, Timer};
use crate::scenario::model::{AckMode, ConsumerGroupSpec};
use crate::scenario::systems::RabbitSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MessageQueue, NodeId, QueueKey};
use crate::sim::nodes::processing::{Outcome, Processing, Stores};
use crate::sim::rng::SimRng;
use crate::sim::systems::{SysEvent, SysMsg};
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Message, Payload};
use std::collections::VecDeque;

/// A delivery waiting to be (or being) processed.
#[derive(Clone, Copy, Debug)]
struct Delivery {
    conn: u32,
    tag: u64,
    msg: Message,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    group: GroupId,
    topic: u8,
    spec: ConsumerGroupSpec,
    requeue_on_nack: bool,
    rng: SimRng,
    link: Link,
    next_req: u32,
    buffer: VecDeque<Delivery>,
    processing: Processing<Delivery>,
}

impl Consumer {
    pub fn new(
        group: GroupId,
        spec: ConsumerGroupSpec,
        topic: u8,
        r: &RabbitSettings,
        server: NodeId,
        stores: Stores,
        rng: SimRng,
    ) -> Self {
        let auto_ack = spec.ack == AckMode::Auto;
        let sub = Subscribe { queue: topic, prefetch: r.prefetch, auto_ack };
        Consumer {
            group,
            topic,
            processing: Processing::new(group, &spec, stores, |t| timer(Timer::Process(t))),
            spec,
            requeue_on_nack: r.requeue_on_nack,
            rng,
            link: Link::new(server, Some(sub), r.heartbeat_ms, r.recovery_interval_ms),
            next_req: 0,
            buffer: VecDeque::new(),
        }
    }

    /// Its connection attempt, while one is under way (deliveries come only once it is open).
    pub fn waiting(&self) -> Vec<crate::sim::systems::Waiting> {
        self.link.waiting().into_iter().collect()
    }

    /// Messages delivered and not finished.
    pub fn backlog(&self) -> usize {
        self.buffer.len() + usize::from(self.processing.is_busy())
    }

    pub fn set_processing_ms(&mut self, ms: u64) {
        self.processing.set_processing_ms(ms);
    }

    fn auto_ack(&self) -> bool {
        self.spec.ack == AckMode::Auto
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        self.link.start(ctx);
    }

    /// Everything is in memory: deliveries, the message in hand, the connection.
    pub fn on_crash(&mut self) {
        self.link.forget();
        self.buffer.clear();
        self.processing.forget();
        self.processing.set_processing_ms(self.spec.processing_ms);
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self.link.on_message(ctx, from, &payload) {
            LinkEvent::Lost => return self.connection_lost(),
            LinkEvent::NotMine => {}
            _ => return,
        }
        match payload {
            Payload::System(SysMsg::Rabbitmq(Msg::Deliver { conn, tag, msg, redelivered, offset })) => {
                self.on_deliver(ctx, Delivery { conn, tag, msg }, redelivered, offset)
            }
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
            Payload::Undeliverable { original } => {
                if let Payload::RedisSetNx { req, .. } | Payload::DbInsert { req, .. } = *original {
                    self.on_call_failed(ctx, req);
                }
            }
            Payload::PeerDown => {
                // The store the message in hand waits for died: processing fails.
                if let Some((req, _)) = self.processing.call_in_flight().filter(|&(_, store)| store == from) {
                    self.on_call_failed(ctx, req);
                }
            }
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        if let Some(event) = self.link.on_timer(ctx, t) {
            if event == LinkEvent::Lost {
                self.connection_lost();
            }
            return;
        }
        if let Timer::Process(t) = t {
            match self.processing.on_timer(ctx, t, Some(&mut self.rng)) {
                Some(Outcome::Done(item)) => self.done(ctx, item),
                // A Redis or DB call failed or went unanswered: processing failed.
                Some(Outcome::Failed(item) | Outcome::CallFailed(item)) => self.failed(ctx, item),
                None => {}
            }
        }
    }

    fn connection_lost(&mut self) {
        if !self.auto_ack() {
            self.buffer.clear();
        }
    }

    fn on_deliver(&mut self, ctx: &mut Ctx, item: Delivery, redelivered: bool, offset: u64) {
        if self.link.conn() != Some(item.conn) {
            return;
        }
        let (me, group, msg) = (ctx.me, self.group, item.msg.id);
        let mq = MessageQueue { broker_group: 0, queue: QueueKey::named(self.topic, 0) };
        let from = self.link.server();
        let reconsume = item.msg.reconsume_times;
        ctx.trace(TraceKind::Delivered { consumer: me, group, msg, mq, queue_offset: offset, from, reconsume });
        if redelivered {
            ctx.trace(TraceKind::System { event: SysEvent::Rabbitmq(Event::GotRedelivered { consumer: me, msg }) });
        }
        self.buffer.push_back(item);
        self.process_next(ctx);
    }

    fn req(&mut self) -> u32 {
        self.next_req = self.next_req.wrapping_add(1);
        self.next_req
    }

    /// Start on the next delivery if idle.
    fn process_next(&mut self, ctx: &mut Ctx) {
        if self.processing.is_busy() {
            return;
        }
        let Some(item) = self.buffer.pop_front() else { return };
        let req = self.req();
        let mq = MessageQueue { broker_group: 0, queue: QueueKey::named(self.topic, 0) };
        self.processing.start(ctx, req, item, item.msg.id, mq);
    }

    /// A Redis or DB call failed: processing failed.
    fn on_call_failed(&mut self, ctx: &mut Ctx, req: u32) {
        if let Some(item) = self.processing.call_failed(req) {
            self.failed(ctx, item);
        }
    }

    /// Processing failed: basic.nack (manual ack). With auto ack the message is already gone.
    fn failed(&mut self, ctx: &mut Ctx, item: Delivery) {
        let (consumer, group, msg) = (ctx.me, self.group, item.msg.id);
        ctx.trace(TraceKind::ConsumeFailed { consumer, group, msg, reconsume: item.msg.reconsume_times });
        if !self.auto_ack() && self.link.conn() == Some(item.conn) {
            let requeue = self.requeue_on_nack;
            send(ctx, self.link.server(), Msg::Nack { conn: item.conn, tag: item.tag, msg, requeue });
        }
        self.process_next(ctx);
    }

    /// Processed (or recognised as done): basic.ack, if the channel it came on is still open.
    fn done(&mut self, ctx: &mut Ctx, item: Delivery) {
        if !self.auto_ack() {
            let msg = item.msg.id;
            if self.link.conn() == Some(item.conn) {
                send(ctx, self.link.server(), Msg::Ack { conn: item.conn, tag: item.tag, msg });
            } else {
                let event = Event::AckLost { consumer: ctx.me, msg };
                ctx.trace(TraceKind::System { event: SysEvent::Rabbitmq(event) });
            }
        }
        self.process_next(ctx);
    }
}
