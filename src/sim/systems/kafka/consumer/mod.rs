//! A Kafka consumer in a group. It joins the group at its coordinator (the controller node) and
//! gets partitions; for each it reads the group's committed offset (or starts per
//! auto.offset.reset), fetches from the partition's leader, and hands records to the application
//! through `poll()` (`poll`), which processes them one at a time (`process`). Offsets are
//! committed by the consumer: with `ack: auto` (enable.auto.commit) at a poll once
//! auto.commit.interval.ms has passed, covering what earlier polls returned; with `ack: manual`
//! after the application has processed each poll's records. A heartbeat every
//! heartbeat.interval.ms keeps its membership and tells it when to rejoin.

mod poll;
mod process;

use super::client::Metadata;
use super::cluster::{message_queue, Cluster};
use super::wire::{GroupError, MemberId, Msg};
use super::{ours, send, timer, Timer, Tp};
use crate::scenario::model::{AckMode, ConsumerGroupSpec};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, NodeId};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::nodes::processing::{Processing, Stores};
use crate::sim::small_map::SmallMap;
use crate::sim::systems::Waiting;
use crate::sim::time::SimTime;
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Message, Payload};
use std::collections::VecDeque;
use std::rc::Rc;

/// How long a JoinGroup may go unanswered: the rebalance timeout (max.poll.interval.ms, 300 s)
/// and 5 s more, as Kafka's client allows.
const JOIN_TIMEOUT_MS: u64 = 305_000;

/// A record the application got from poll(), and its partition.
#[derive(Clone, Copy, Debug)]
struct Item {
    tp: Tp,
    msg: Message,
}

/// One assigned partition.
#[derive(Clone, Debug, Default)]
struct Part {
    /// The next offset to fetch; None until the committed offset (or the reset) is known.
    position: Option<u64>,
    /// No offset was committed and auto.offset.reset is latest: ask the leader where it ends.
    to_end: bool,
    /// The fetch (or ListOffsets, for auto.offset.reset=latest) in flight: request, leader, when
    /// to give up.
    fetching: Option<(u32, NodeId, SimTime)>,
    /// Fetched records not yet returned by poll().
    fetched: VecDeque<(u64, Message, NodeId)>,
    /// The offset after the last record poll() returned: what a commit covers.
    consumed: Option<u64>,
    /// The last offset the coordinator accepted from this consumer.
    committed: Option<u64>,
    /// No fetch before then (after an error).
    retry_at: SimTime,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    cluster: Rc<Cluster>,
    group: GroupId,
    spec: ConsumerGroupSpec,
    topic: u8,
    call_timeout_ms: u64,
    // --- kept across a crash --------------------------------------------------------------------
    /// Lives so far: a restarted consumer joins as a new member.
    life: u16,
    // --- in memory -------------------------------------------------------------------------------
    metadata: Metadata,
    member: MemberId,
    /// The generation it belongs to, once a rebalance gave it partitions.
    generation: Option<u32>,
    /// A JoinGroup is under way (since when, and whether it could not reach the coordinator).
    joining: bool,
    join_sent: SimTime,
    join_failed: bool,
    /// The coordinator asked it to join again: it will, at its next poll.
    rejoin: bool,
    parts: SmallMap<Tp, Part>,
    /// An OffsetFetch in flight, and when it was sent.
    offsets_req: Option<(u32, SimTime)>,
    /// Partitions with fetched records, in the order their fetches came back.
    ready: VecDeque<Tp>,
    /// What the last poll() returned and the application has not processed yet.
    batch: VecDeque<Item>,
    processing: Processing<Item>,
    /// An offset commit in flight: its request and what it covers.
    commit: Option<(u32, Vec<(Tp, u64)>)>,
    last_commit: SimTime,
    /// When the application last called poll().
    last_poll: SimTime,
    next_req: u32,
    deadline: Deadline,
}

impl Consumer {
    pub fn new(
        cluster: Rc<Cluster>,
        group: GroupId,
        spec: ConsumerGroupSpec,
        topic: u8,
        call_timeout_ms: u64,
    ) -> Consumer {
        let k = &cluster.settings;
        let metadata = Metadata::new(cluster.brokers.clone(), topic, k.retry_backoff_ms, k.request_timeout_ms);
        let stores = Stores { db: cluster.db, redis: cluster.redis, call_timeout_ms };
        Consumer {
            processing: Processing::new(group, &spec, stores, |t| timer(Timer::Process(t))),
            cluster,
            group,
            spec,
            topic,
            call_timeout_ms,
            life: 0,
            metadata,
            member: MemberId { node: NodeId::default(), life: 0 },
            generation: None,
            joining: false,
            join_sent: SimTime::ZERO,
            join_failed: false,
            rejoin: false,
            parts: SmallMap::new(),
            offsets_req: None,
            ready: VecDeque::new(),
            batch: VecDeque::new(),
            commit: None,
            last_commit: SimTime::ZERO,
            last_poll: SimTime::ZERO,
            next_req: 0,
            deadline: Deadline::default(),
        }
    }

    /// The fetches in flight, each waiting on its partition's leader until its request timeout.
    pub fn waiting(&self) -> Vec<Waiting> {
        let fetches = self.parts.iter().filter_map(|(_, p)| p.fetching);
        fetches.map(|(no, on, until)| Waiting { on, gives_up_at: Some(until), no }).collect()
    }

    pub fn set_processing_ms(&mut self, ms: u64) {
        self.processing.set_processing_ms(ms);
    }

    fn auto_commit(&self) -> bool {
        self.spec.ack == AckMode::Auto
    }

    /// Records the application holds and has not finished (returned by poll, not processed).
    pub fn held(&self) -> u64 {
        self.batch.len() as u64 + u64::from(self.processing.is_busy())
    }

    fn req(&mut self) -> u32 {
        self.next_req = self.next_req.wrapping_add(1);
        self.next_req
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        self.life += 1;
        self.member = MemberId { node: ctx.me, life: self.life };
        self.last_commit = ctx.now;
        self.join(ctx);
        ctx.after_ms(self.cluster.settings.heartbeat_interval_ms, timer(Timer::Heartbeat));
        ctx.after_ms(self.cluster.settings.metadata_max_age_ms, timer(Timer::MetadataRefresh));
        self.pump(ctx);
    }

    /// Everything but its identity dies with the process; nothing is committed on the way out.
    pub fn on_crash(&mut self) {
        let life = self.life;
        // The new process works at the scenario's pace: a `slow_consumer` fault ends with it.
        let fresh =
            Consumer::new(self.cluster.clone(), self.group, self.spec.clone(), self.topic, self.call_timeout_ms);
        *self = Consumer { life, ..fresh };
    }

    /// Ask the coordinator to join the group (eagerly giving up every partition first).
    fn join(&mut self, ctx: &mut Ctx) {
        self.joining = true;
        self.join_sent = ctx.now;
        self.join_failed = false;
        self.rejoin = false;
        self.generation = None;
        self.parts.clear();
        self.ready.clear();
        self.offsets_req = None;
        send(ctx, self.cluster.controller, Msg::JoinGroup { group: self.group, member: self.member });
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        let msg = match ours(payload) {
            Ok(m) => m,
            Err(Payload::DbReply { req, .. }) => return self.on_store_reply(ctx, req, true),
            Err(Payload::RedisReply { req, set }) => return self.on_store_reply(ctx, req, set),
            Err(Payload::PeerDown) => return self.peer_down(ctx, from),
            Err(Payload::Undeliverable { original }) => {
                if let Ok(m) = ours(*original) {
                    self.undeliverable(ctx, from, m);
                }
                return self.pump(ctx);
            }
            Err(_) => return,
        };
        match msg {
            Msg::JoinResponse { group, member, generation, partitions }
                if group == self.group && member == self.member =>
            {
                self.on_joined(ctx, generation, partitions)
            }
            Msg::GroupHeartbeatResponse { error } => self.on_heartbeat_response(ctx, error),
            Msg::OffsetFetchResponse { req, offsets } => self.on_offsets(ctx, req, offsets),
            Msg::OffsetCommitResponse { req, error } => self.on_commit_response(req, error),
            Msg::MetadataResponse { req, topic, leaders } => {
                self.metadata.on_response(from, req, topic, &leaders);
            }
            Msg::ListOffsetsResponse { req, tp, offset } => self.on_list_offsets(ctx, req, tp, offset),
            Msg::FetchResponse { req, tp, result } => self.on_fetched(ctx, from, req, tp, result),
            _ => {}
        }
        self.pump(ctx);
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        match t {
            Timer::Heartbeat => {
                self.heartbeat(ctx);
                ctx.after_ms(self.cluster.settings.heartbeat_interval_ms, timer(Timer::Heartbeat));
            }
            Timer::MetadataRefresh => {
                self.metadata.want_refresh();
                ctx.after_ms(self.cluster.settings.metadata_max_age_ms, timer(Timer::MetadataRefresh));
            }
            Timer::Deadlines if self.deadline.fired(ctx.now) => {
                self.expire(ctx);
            }
            Timer::Process(t) => self.on_process_timer(ctx, t),
            _ => {}
        }
        self.pump(ctx);
    }

    /// The background heartbeat: keeps the membership, or retries a join that failed.
    fn heartbeat(&mut self, ctx: &mut Ctx) {
        let controller = self.cluster.controller;
        if self.joining {
            // A JoinGroup may wait for the whole rebalance (max.poll.interval.ms) and 5 s more.
            if self.join_failed || ctx.now.since(self.join_sent) > JOIN_TIMEOUT_MS * 1_000 {
                self.join(ctx);
            }
            return;
        }
        let timeout_us = self.cluster.settings.request_timeout_ms.saturating_mul(1_000);
        if self.offsets_req.is_some_and(|(_, sent)| ctx.now.since(sent) > timeout_us) {
            self.fetch_offsets(ctx);
        }
        let Some(generation) = self.generation else { return };
        let max_poll_us = self.cluster.settings.max_poll_interval_ms.saturating_mul(1_000);
        if self.held() > 0 && ctx.now.since(self.last_poll) > max_poll_us {
            // The application is stuck in its records: the heartbeat thread leaves the group,
            // and the consumer joins again at its next poll.
            send(ctx, controller, Msg::LeaveGroup { group: self.group, member: self.member });
            self.generation = None;
            self.rejoin = true;
            return;
        }
        send(ctx, controller, Msg::GroupHeartbeat { group: self.group, member: self.member, generation });
    }

    fn on_heartbeat_response(&mut self, ctx: &mut Ctx, error: Option<GroupError>) {
        if error.is_some() && !self.joining {
            self.rejoin = true;
            self.poll_if_idle(ctx);
        }
    }

    /// A rebalance ended: these partitions are ours in this generation.
    fn on_joined(&mut self, ctx: &mut Ctx, generation: u32, partitions: Vec<Tp>) {
        self.joining = false;
        self.generation = Some(generation);
        self.parts = partitions.iter().map(|&tp| (tp, Part::default())).collect();
        self.ready.clear();
        let queues = partitions.iter().map(|&tp| message_queue(tp)).collect();
        ctx.trace(TraceKind::Rebalanced { consumer: ctx.me, group: self.group, queues });
        self.fetch_offsets(ctx);
    }

    /// Ask the coordinator for the committed offsets of our partitions that have no position.
    fn fetch_offsets(&mut self, ctx: &mut Ctx) {
        let partitions: Vec<Tp> = self.parts.iter().filter(|(_, p)| p.position.is_none()).map(|(&tp, _)| tp).collect();
        if partitions.is_empty() {
            self.offsets_req = None;
            return;
        }
        let req = self.req();
        self.offsets_req = Some((req, ctx.now));
        send(ctx, self.cluster.controller, Msg::OffsetFetch { req, group: self.group, partitions });
    }

    fn on_commit_response(&mut self, req: u32, error: Option<GroupError>) {
        let Some((r, offsets)) = self.commit.take() else { return };
        if r != req {
            self.commit = Some((r, offsets));
            return;
        }
        match error {
            None => {
                for (tp, offset) in offsets {
                    if let Some(p) = self.parts.get_mut(&tp) {
                        p.committed = Some(offset);
                    }
                }
            }
            // Its generation is over (CommitFailedException): rejoin.
            Some(_) => self.rejoin = true,
        }
    }

    fn peer_down(&mut self, ctx: &mut Ctx, from: NodeId) {
        if from == self.cluster.controller {
            self.lost_coordinator();
        } else if self.cluster.is_broker(from) {
            self.lost_broker(from, ctx.now);
        } else if let Some((req, _)) = self.processing.call_in_flight().filter(|&(_, store)| store == from) {
            // The dedup store died under the call.
            return self.on_call_failed(ctx, req);
        }
        self.pump(ctx);
    }

    fn undeliverable(&mut self, ctx: &mut Ctx, to: NodeId, msg: Msg) {
        match msg {
            Msg::JoinGroup { .. } | Msg::OffsetFetch { .. } | Msg::OffsetCommit { .. } => self.lost_coordinator(),
            _ if self.cluster.is_broker(to) => self.lost_broker(to, ctx.now),
            _ => {}
        }
    }

    /// The coordinator is unreachable: retry the join at the next heartbeat; a commit is lost.
    fn lost_coordinator(&mut self) {
        if self.joining {
            self.join_failed = true;
        }
        if let Some((req, _)) = self.offsets_req {
            // Ask again at the next heartbeat.
            self.offsets_req = Some((req, SimTime::ZERO));
        }
        self.commit = None;
    }

    fn lost_broker(&mut self, broker: NodeId, now: SimTime) {
        self.metadata.on_unreachable(broker, now);
        let backoff = self.cluster.settings.retry_backoff_ms;
        for p in self.parts.values_mut() {
            if p.fetching.is_some_and(|(_, to, _)| to == broker) {
                p.fetching = None;
                p.retry_at = now.plus_ms(backoff);
            }
        }
    }

    fn arm(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let mut times: Vec<SimTime> = self.parts.values().filter_map(|p| p.fetching.map(|f| f.2)).collect();
        times.extend(self.parts.values().map(|p| p.retry_at));
        times.extend(self.metadata.next_deadline(now));
        self.deadline.arm_earliest(ctx, times.into_iter().filter(|&t| t > now), timer(Timer::Deadlines));
    }

    fn expire(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        self.metadata.check_timeout(now);
        for p in self.parts.values_mut() {
            if p.fetching.is_some_and(|f| f.2 <= now) {
                p.fetching = None;
                self.metadata.want_refresh();
            }
        }
    }
}
