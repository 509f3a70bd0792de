//! A consumer: one member of a consumer group in clustering mode. It learns routes from a
//! NameServer, heartbeats every broker, takes its share of the queues (rebalance), pulls from the
//! master (or the slave when the master is out of the route), processes messages one at a time,
//! applies the side effect (with the group's dedup), and acknowledges by committing offsets.
//! Sub-modules: `rebalance` (membership and queue allocation), `pull`, `process`.

mod orderly;
mod process;
mod pull;
mod rebalance;

use super::deadline::Deadline;
use super::processing::{ProcessTimer, Processing, Stores};
use super::route_client::{RouteClient, RouteEvent, RouteTimer};
use super::Timer;
use crate::scenario::model::{AckMode, ConsumerGroupSpec};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MessageQueue, NodeId};
use crate::sim::rng::SimRng;
use crate::sim::small_map::SmallMap;
use crate::sim::small_set::SmallSet;
use crate::sim::time::SimTime;
use crate::sim::wire::{Message, Payload};
use std::collections::{BTreeSet, VecDeque};

pub use rebalance::allocate_averagely;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerTimer {
    Route(RouteTimer),
    Heartbeat,
    Rebalance,
    /// A member-list request went unanswered.
    MembersTimeout {
        req: u32,
    },
    Commit,
    /// The earliest pull in flight has gone unanswered too long.
    PullTimeouts,
    /// An offset query went unanswered.
    QueryTimeout {
        req: u32,
    },
    /// Try the queue again after a failed pull or offset query.
    PullRetry {
        mq: MessageQueue,
    },
    /// Processing of the message in hand (`nodes::processing`).
    Process(ProcessTimer),
    /// A send-back went unanswered.
    SendBackTimeout {
        req: u32,
    },
    /// Put messages whose send-back failed back in line.
    ReconsumeLocal,
    /// Orderly: renew the locks of the queues we own.
    LockRenew,
    /// Orderly: a suspended queue may be consumed again.
    SuspendOver,
    /// Orderly: release a queue given up with messages still waiting.
    Unlock {
        mq: MessageQueue,
    },
}

/// A queue this consumer owns.
#[derive(Clone, Debug, Default)]
pub struct OwnedQueue {
    /// Where the next pull starts; None until the broker told us the committed offset.
    pub next_pull: Option<u64>,
    pub query_req: Option<u32>,
    pub pull_req: Option<(u32, NodeId)>,
    /// When the pull in flight gives up.
    pub pull_deadline: SimTime,
    /// Delivered and not yet finished offsets (RocketMQ's process queue).
    pub outstanding: BTreeSet<u64>,
    /// Orderly: when the broker last granted (or renewed) our lock of this queue.
    pub locked_at: Option<SimTime>,
    /// Orderly: a failed message holds the queue until then.
    pub suspended_until: Option<SimTime>,
    /// Orderly: a rebalance took the queue away; it is released once the message in progress is done.
    pub dropping: bool,
    /// Orderly: messages were still waiting when it was taken away, so the unlock waits.
    pub unlock_delayed: bool,
}

impl OwnedQueue {
    /// The offset to commit: with manual ack the lowest unfinished one (or everything pulled);
    /// with auto ack everything delivered, as the broker already counted it.
    pub fn ack_offset(&self, auto_ack: bool) -> Option<u64> {
        if auto_ack {
            return self.next_pull;
        }
        self.outstanding.first().copied().or(self.next_pull)
    }
}

/// A delivered message waiting to be processed.
#[derive(Clone, Copy, Debug)]
pub struct Buffered {
    pub mq: MessageQueue,
    pub queue_offset: u64,
    pub msg: Message,
    pub from: NodeId,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    pub group: GroupId,
    spec: ConsumerGroupSpec,
    topic: u8,
    queues_per_topic: u8,
    call_timeout_ms: u64,
    rng: SimRng,
    routes: RouteClient,
    next_req: u32,
    members_req: Option<u32>,
    owned: SmallMap<MessageQueue, OwnedQueue>,
    buffer: VecDeque<Buffered>,
    processing: Processing<Buffered>,
    /// A failed message the broker is asked to take back for a retry, and the request.
    sending_back: Option<(Buffered, u32)>,
    /// Messages to reconsume locally after a failed send-back, with when.
    later: Vec<(SimTime, Buffered)>,
    /// Queues whose pulling stopped because the buffer is full.
    paused: SmallSet<MessageQueue>,
    /// Fires at the earliest pull deadline.
    pull_deadline: Deadline,
    /// Orderly: the queues the last rebalance gave us (owned once locked).
    allocation: Vec<MessageQueue>,
    /// Orderly: lock requests in flight, with the master asked.
    lock_reqs: SmallMap<u32, NodeId>,
}

impl Consumer {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        group: GroupId,
        spec: ConsumerGroupSpec,
        topic: u8,
        queues_per_topic: u8,
        nameservers: Vec<NodeId>,
        db: Option<NodeId>,
        redis: Option<NodeId>,
        call_timeout_ms: u64,
        rng: SimRng,
        routes_rng: SimRng,
    ) -> Self {
        let routes = RouteClient::new(nameservers, topic, spec.route_refresh_ms, routes_rng);
        let stores = Stores { db, redis, call_timeout_ms };
        Consumer {
            group,
            processing: Processing::new(group, &spec, stores, |t| Timer::Consumer(ConsumerTimer::Process(t))),
            spec,
            topic,
            queues_per_topic,
            call_timeout_ms,
            rng,
            routes,
            next_req: 0,
            members_req: None,
            owned: SmallMap::new(),
            buffer: VecDeque::new(),
            sending_back: None,
            later: Vec::new(),
            paused: SmallSet::new(),
            pull_deadline: Deadline::default(),
            allocation: Vec::new(),
            lock_reqs: SmallMap::new(),
        }
    }

    pub fn owned(&self) -> &SmallMap<MessageQueue, OwnedQueue> {
        &self.owned
    }

    /// The pulls in flight, each waiting on its broker until its 30 s pull timeout.
    pub fn waiting(&self) -> Vec<crate::sim::systems::Waiting> {
        let pulls = self.owned.values().filter_map(|q| q.pull_req.map(|(no, on)| (no, on, q.pull_deadline)));
        pulls.map(|(no, on, at)| crate::sim::systems::Waiting { on, gives_up_at: Some(at), no }).collect()
    }

    pub fn route(&self) -> Option<&crate::sim::wire::Route> {
        self.routes.route()
    }

    /// Messages delivered and waiting here (buffered, being processed, or waiting to be retried).
    pub fn backlog(&self) -> usize {
        self.buffer.len() + self.later.len() + usize::from(self.in_hand().is_some())
    }

    /// The message being processed or handed back, if any.
    fn in_hand(&self) -> Option<&Buffered> {
        self.processing.in_hand().or(self.sending_back.as_ref().map(|(item, _)| item))
    }

    pub fn set_processing_ms(&mut self, ms: u64) {
        self.processing.set_processing_ms(ms);
    }

    fn auto_ack(&self) -> bool {
        self.spec.ack == AckMode::Auto
    }

    fn req(&mut self) -> u32 {
        let r = self.next_req;
        self.next_req = self.next_req.wrapping_add(1);
        r
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        self.routes.start(ctx, wrap_route);
        ctx.after_ms(self.spec.heartbeat_ms, Timer::Consumer(ConsumerTimer::Heartbeat));
        ctx.after_ms(self.spec.rebalance_interval_ms, Timer::Consumer(ConsumerTimer::Rebalance));
        // Offsets are pushed periodically whatever the ack mode (RocketMQ persistConsumerOffsetInterval).
        ctx.after_ms(self.spec.commit_interval_ms, Timer::Consumer(ConsumerTimer::Commit));
        if self.orderly() {
            ctx.after_ms(orderly::LOCK_INTERVAL_MS, Timer::Consumer(ConsumerTimer::LockRenew));
        }
    }

    /// Everything a consumer holds is in memory: its queues, local offsets and buffered messages.
    pub fn on_crash(&mut self) {
        self.routes.forget();
        self.members_req = None;
        self.owned.clear();
        self.buffer.clear();
        self.processing.forget();
        self.sending_back = None;
        self.later.clear();
        self.paused.clear();
        self.pull_deadline.reset();
        self.processing.set_processing_ms(self.spec.processing_ms);
        self.allocation.clear();
        self.lock_reqs.clear();
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match self.routes.on_message(ctx, from, &payload, wrap_route) {
            RouteEvent::Handled => return,
            RouteEvent::Changed => {
                self.heartbeat(ctx);
                self.rebalance(ctx);
                return;
            }
            RouteEvent::NotMine => {}
        }
        match payload {
            Payload::ConsumerIdsChanged { .. } => self.rebalance(ctx),
            Payload::ConsumerListReply { req, members } => self.on_members(ctx, req, members),
            Payload::QueryOffsetReply { req, offset } => self.on_offset_reply(ctx, req, offset),
            Payload::PullResponse { req, status, next_offset, msgs } => {
                self.on_pull_response(ctx, from, req, status, next_offset, msgs)
            }
            Payload::RedisReply { req, set } => self.on_claim_reply(ctx, req, set),
            Payload::DbReply { req, .. } => self.on_db_reply(ctx, req),
            Payload::SendBackReply { req } => self.on_send_back_reply(ctx, req),
            Payload::LockReply { req, locked } => self.on_lock_reply(ctx, from, req, locked),
            Payload::Undeliverable { original } => self.on_undeliverable(ctx, *original),
            Payload::PeerDown => self.on_peer_down(ctx, from),
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: ConsumerTimer) {
        match timer {
            ConsumerTimer::Route(t) => self.routes.on_timer(ctx, t, wrap_route),
            ConsumerTimer::Heartbeat => {
                self.heartbeat(ctx);
                ctx.after_ms(self.spec.heartbeat_ms, Timer::Consumer(ConsumerTimer::Heartbeat));
            }
            ConsumerTimer::Rebalance => {
                self.rebalance(ctx);
                ctx.after_ms(self.spec.rebalance_interval_ms, Timer::Consumer(ConsumerTimer::Rebalance));
            }
            ConsumerTimer::MembersTimeout { req } => {
                if self.members_req == Some(req) {
                    self.members_req = None;
                }
            }
            ConsumerTimer::Commit => {
                self.commit_offsets(ctx);
                ctx.after_ms(self.spec.commit_interval_ms, Timer::Consumer(ConsumerTimer::Commit));
            }
            ConsumerTimer::PullTimeouts => self.on_pull_timeouts(ctx),
            ConsumerTimer::QueryTimeout { req } => self.query_failed(ctx, req),
            ConsumerTimer::PullRetry { mq } => self.resume_queue(ctx, mq),
            ConsumerTimer::Process(t) => self.on_process_timer(ctx, t),
            ConsumerTimer::SendBackTimeout { req } => self.on_call_timeout(ctx, req),
            ConsumerTimer::ReconsumeLocal => self.on_reconsume_local(ctx),
            ConsumerTimer::LockRenew => self.renew_locks(ctx),
            ConsumerTimer::SuspendOver => self.process_next(ctx),
            ConsumerTimer::Unlock { mq } => self.unlock(ctx, mq),
        }
    }

    /// Tell every broker of the route that we are alive and in our group.
    fn heartbeat(&mut self, ctx: &mut Ctx) {
        let Some(route) = self.routes.route() else {
            return;
        };
        let brokers: Vec<NodeId> = route.groups.iter().flat_map(|g| g.brokers.iter().flatten().copied()).collect();
        for b in brokers {
            ctx.send(b, Payload::ClientHeartbeat { group: self.group });
        }
    }

    fn on_undeliverable(&mut self, ctx: &mut Ctx, original: Payload) {
        match original {
            Payload::PullRequest { req, .. } => self.pull_failed(ctx, req),
            Payload::QueryOffset { req, .. } => self.query_failed(ctx, req),
            Payload::ConsumerListRequest { req, .. } if self.members_req == Some(req) => self.members_req = None,
            Payload::LockQueues { req, .. } => {
                self.lock_reqs.remove(&req);
            }
            Payload::RedisSetNx { req, .. } | Payload::DbInsert { req, .. } | Payload::SendBack { req, .. } => {
                self.on_call_timeout(ctx, req)
            }
            _ => {}
        }
    }

    /// A peer's connection reset: fail what we were waiting for from it.
    fn on_peer_down(&mut self, ctx: &mut Ctx, peer: NodeId) {
        let pulls: Vec<u32> =
            self.owned.values().filter_map(|q| q.pull_req.filter(|&(_, b)| b == peer).map(|(r, _)| r)).collect();
        for req in pulls {
            self.pull_failed(ctx, req);
        }
        if let Some((req, _)) = self.processing.call_in_flight().filter(|&(_, store)| store == peer) {
            self.on_call_timeout(ctx, req);
        }
    }
}

fn wrap_route(t: RouteTimer) -> Timer {
    Timer::Consumer(ConsumerTimer::Route(t))
}
