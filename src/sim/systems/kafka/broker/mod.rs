//! A Kafka broker: it holds a replica of some partitions on disk, keeps a session with the
//! controller, and does what the controller tells it — lead a partition (take writes, serve
//! fetches, track the ISR and the high watermark: `leader`) or follow its leader (fetch, truncate
//! where its log diverges: `follower`). Its logs survive a crash (Kafka relies on replication,
//! not on fsync); a lost disk loses them.

mod follower;
mod leader;

use super::cluster::Cluster;
use super::log::PartitionLog;
use super::wire::{FetchResult, Msg, PartitionState, ProduceError, ReplicaResult};
use super::{ours, send, timer, Timer, Tp};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, MsgId, NodeId};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::small_map::SmallMap;
use crate::sim::time::SimTime;
use crate::sim::trace::{TraceKind, TruncateReason};
use crate::sim::wire::Payload;
use std::rc::Rc;

/// A follower waits this long after an error before fetching again (replica.fetch.backoff.ms).
const REPLICA_FETCH_BACKOFF_MS: u64 = 1_000;
/// A follower gives up on a fetch not answered for this long (replica.socket.timeout.ms).
const REPLICA_SOCKET_TIMEOUT_MS: u64 = 30_000;

/// What this broker is for one partition it holds.
#[derive(Clone, Debug)]
enum Replica {
    Leader(leader::LeaderState),
    Follower(follower::FollowerState),
}

/// A fetch held at the leader until there is something to answer, or its wait runs out.
#[derive(Clone, Debug)]
struct Parked {
    from: NodeId,
    tp: Tp,
    offset: u64,
    until: SimTime,
    kind: ParkedKind,
}

#[derive(Clone, Copy, Debug)]
enum ParkedKind {
    /// A follower's fetch (answered once the log grows past `offset`).
    Replica { leader_epoch: u32, fetch: u32 },
    /// A consumer's fetch (answered once the high watermark passes `offset`).
    Consumer { req: u32 },
}

/// An acks=all produce request waiting for the in-sync replicas (Kafka's produce purgatory).
#[derive(Clone, Debug)]
struct Waiting {
    from: NodeId,
    req: u32,
    tp: Tp,
    first: MsgId,
    count: u16,
    /// Answered once the high watermark reaches this offset.
    required: u64,
    until: SimTime,
}

#[derive(Clone, Debug)]
pub struct Broker {
    cluster: Rc<Cluster>,
    // --- on disk -------------------------------------------------------------------------------
    logs: SmallMap<Tp, PartitionLog>,
    /// Lives so far: the controller tells a restart from a late heartbeat by it (broker epoch).
    incarnation: u32,
    // --- in memory -----------------------------------------------------------------------------
    /// Every partition's leader and ISR as the controller last said (the metadata cache).
    metadata: SmallMap<Tp, PartitionState>,
    /// The version of the controller's decisions it has followed without a gap.
    metadata_version: u64,
    replicas: SmallMap<Tp, Replica>,
    parked: Vec<Parked>,
    waiting: Vec<Waiting>,
    deadline: Deadline,
    /// Where each group last fetched each partition this broker leads (for the view).
    consumer_positions: SmallMap<(Tp, GroupId), u64>,
}

impl Broker {
    pub fn new(cluster: Rc<Cluster>) -> Broker {
        Broker {
            cluster,
            logs: SmallMap::new(),
            incarnation: 0,
            metadata: SmallMap::new(),
            metadata_version: 0,
            replicas: SmallMap::new(),
            parked: Vec::new(),
            waiting: Vec::new(),
            deadline: Deadline::default(),
            consumer_positions: SmallMap::new(),
        }
    }

    pub(super) fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        for tp in self.cluster.hosted_by(ctx.me) {
            self.logs.entry(tp).or_default();
        }
        self.incarnation += 1;
        self.heartbeat(ctx);
        let lag = self.cluster.settings.replica_lag_time_max_ms;
        ctx.after_ms((lag / 2).max(1), timer(Timer::IsrCheck));
    }

    /// The process dies: roles, held requests and the metadata cache go; the logs stay on disk.
    pub fn on_crash(&mut self) {
        self.metadata.clear();
        self.metadata_version = 0;
        self.replicas.clear();
        self.parked.clear();
        self.waiting.clear();
        self.deadline.reset();
        self.consumer_positions.clear();
    }

    /// The disk is gone: every record it held is lost.
    pub fn on_lose_disk(&mut self, ctx: &mut Ctx) {
        for log in self.logs.values_mut() {
            for e in log.clear() {
                ctx.trace(TraceKind::CopyLost { node: ctx.me, msg: e.msg.id, reason: TruncateReason::DiskLost });
            }
        }
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        let msg = match ours(payload) {
            Ok(m) => m,
            Err(Payload::PeerDown) => return self.peer_down(ctx, from),
            Err(Payload::Undeliverable { original }) => {
                if let Ok(m) = ours(*original) {
                    self.undeliverable(ctx, from, m);
                }
                return;
            }
            Err(_) => return,
        };
        match msg {
            Msg::LeaderAndIsr { version, full, parts } if from == self.cluster.controller => {
                // A gap in the versions means a decision was missed: the heartbeat will say so.
                if full || version == self.metadata_version + 1 {
                    self.metadata_version = version;
                }
                for ps in parts {
                    self.apply_state(ctx, ps);
                }
                self.arm(ctx);
            }
            Msg::MetadataRequest { req, topic } => {
                let leaders = self
                    .cluster
                    .partitions_of(topic)
                    .map(|tp| (tp.queue, self.metadata.get(&tp).and_then(|ps| ps.leader)))
                    .collect();
                send(ctx, from, Msg::MetadataResponse { req, topic, leaders });
            }
            Msg::Produce { req, tp, acks, records } => self.on_produce(ctx, from, req, tp, acks, records),
            Msg::ReplicaFetch { tp, leader_epoch, fetch, offset, last_epoch } => {
                self.on_replica_fetch(ctx, from, tp, leader_epoch, fetch, offset, last_epoch)
            }
            Msg::ReplicaData { tp, leader_epoch, fetch, result } => {
                self.on_replica_data(ctx, from, tp, leader_epoch, fetch, *result)
            }
            Msg::Fetch { req, tp, offset, group } => self.on_fetch(ctx, from, req, tp, offset, group),
            Msg::ListOffsets { req, tp } => {
                let offset = self.leader_of(tp).map(|_| self.log(tp).hw);
                send(ctx, from, Msg::ListOffsetsResponse { req, tp, offset });
            }
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        match t {
            Timer::Heartbeat => self.heartbeat(ctx),
            Timer::IsrCheck => {
                self.check_isr(ctx);
                let lag = self.cluster.settings.replica_lag_time_max_ms;
                ctx.after_ms((lag / 2).max(1), timer(Timer::IsrCheck));
            }
            Timer::Deadlines if self.deadline.fired(ctx.now) => {
                self.on_deadlines(ctx);
            }
            _ => {}
        }
    }

    /// The session heartbeat to the controller (ZooKeeper pings a third of the session timeout apart).
    fn heartbeat(&mut self, ctx: &mut Ctx) {
        let msg = Msg::BrokerHeartbeat { incarnation: self.incarnation, metadata_version: self.metadata_version };
        send(ctx, self.cluster.controller, msg);
        let every = (self.cluster.settings.broker_session_timeout_ms / 3).max(1);
        ctx.after_ms(every, timer(Timer::Heartbeat));
    }

    /// A peer's machine died: its connections are gone.
    fn peer_down(&mut self, ctx: &mut Ctx, from: NodeId) {
        self.parked.retain(|p| p.from != from);
        self.waiting.retain(|w| w.from != from);
        let now = ctx.now;
        for r in self.replicas.values_mut() {
            if let Replica::Follower(f) = r {
                if f.leader == Some(from) {
                    f.backoff(now);
                }
            }
        }
        self.arm(ctx);
    }

    fn undeliverable(&mut self, ctx: &mut Ctx, to: NodeId, msg: Msg) {
        match msg {
            Msg::ReplicaFetch { tp, fetch, .. } => {
                if let Some(Replica::Follower(f)) = self.replicas.get_mut(&tp) {
                    if f.leader == Some(to) && f.fetch == fetch {
                        f.backoff(ctx.now);
                    }
                }
                self.arm(ctx);
            }
            Msg::AlterIsr { tp, .. } => {
                // The controller is down: ask again at the next ISR check.
                if let Some(Replica::Leader(l)) = self.replicas.get_mut(&tp) {
                    l.pending_isr = None;
                }
            }
            _ => {}
        }
    }

    /// The controller's word on one partition: lead it, follow another broker, or just know.
    fn apply_state(&mut self, ctx: &mut Ctx, ps: PartitionState) {
        let tp = ps.tp;
        if self.metadata.get(&tp).is_some_and(|m| m.leader_epoch > ps.leader_epoch) {
            return;
        }
        self.metadata.insert(tp, ps.clone());
        if !self.cluster.is_replica(tp, ctx.me) {
            return;
        }
        if ps.leader == Some(ctx.me) {
            match self.replicas.get_mut(&tp) {
                Some(Replica::Leader(l)) if l.epoch == ps.leader_epoch => {
                    // The controller accepted (or refused) an ISR change.
                    l.isr = ps.isr;
                    l.pending_isr = None;
                    self.advance_hw(ctx, tp);
                }
                _ => self.become_leader(ctx, tp, ps.leader_epoch, ps.isr),
            }
        } else {
            match self.replicas.get(&tp) {
                Some(Replica::Follower(f)) if f.epoch == ps.leader_epoch && f.leader == ps.leader => {}
                _ => self.become_follower(ctx, tp, ps.leader_epoch, ps.leader),
            }
        }
    }

    /// Answer everything held for a partition this broker no longer leads.
    fn release_partition(&mut self, ctx: &mut Ctx, tp: Tp) {
        for w in std::mem::take(&mut self.waiting) {
            if w.tp == tp {
                let error = Some(ProduceError::NotLeader);
                send(ctx, w.from, Msg::ProduceResponse { req: w.req, tp, first: w.first, count: w.count, error });
            } else {
                self.waiting.push(w);
            }
        }
        for p in std::mem::take(&mut self.parked) {
            if p.tp != tp {
                self.parked.push(p);
                continue;
            }
            let msg = match p.kind {
                ParkedKind::Replica { leader_epoch, fetch } => {
                    Msg::ReplicaData { tp, leader_epoch, fetch, result: Box::new(ReplicaResult::NotLeader) }
                }
                ParkedKind::Consumer { req } => Msg::FetchResponse { req, tp, result: FetchResult::NotLeader },
            };
            send(ctx, p.from, msg);
        }
    }

    /// Held requests whose time is up, and followers due to fetch.
    fn on_deadlines(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        for p in std::mem::take(&mut self.parked) {
            if p.until > now {
                self.parked.push(p);
            } else {
                self.answer_parked(ctx, &p);
            }
        }
        for w in std::mem::take(&mut self.waiting) {
            if w.until > now {
                self.waiting.push(w);
            } else {
                let error = Some(ProduceError::RequestTimedOut);
                send(ctx, w.from, Msg::ProduceResponse { req: w.req, tp: w.tp, first: w.first, count: w.count, error });
            }
        }
        let due: Vec<Tp> = self
            .replicas
            .iter()
            .filter_map(|(&tp, r)| match r {
                Replica::Follower(f) if f.due(now) => Some(tp),
                _ => None,
            })
            .collect();
        for tp in due {
            self.send_fetch(ctx, tp);
        }
        self.arm(ctx);
    }

    /// Arm the one timer for the earliest deadline of anything held or awaited.
    fn arm(&mut self, ctx: &mut Ctx) {
        let followers = self.replicas.values().filter_map(|r| match r {
            Replica::Follower(f) => f.next_deadline(),
            Replica::Leader(_) => None,
        });
        let all = self.parked.iter().map(|p| p.until).chain(self.waiting.iter().map(|w| w.until)).chain(followers);
        // Only what lies ahead: what was due now has just been handled.
        let now = ctx.now;
        self.deadline.arm_earliest(ctx, all.filter(|&t| t > now), timer(Timer::Deadlines));
    }

    fn log(&self, tp: Tp) -> &PartitionLog {
        static EMPTY: std::sync::OnceLock<PartitionLog> = std::sync::OnceLock::new();
        self.logs.get(&tp).unwrap_or_else(|| EMPTY.get_or_init(PartitionLog::default))
    }

    fn log_mut(&mut self, tp: Tp) -> &mut PartitionLog {
        self.logs.entry(tp).or_default()
    }

    /// The leader state of `tp`, if this broker leads it.
    fn leader_of(&self, tp: Tp) -> Option<&leader::LeaderState> {
        match self.replicas.get(&tp) {
            Some(Replica::Leader(l)) => Some(l),
            _ => None,
        }
    }

    // --- for the view and the drain check ------------------------------------------------------

    /// Whether it holds fetch `req` of `consumer` (waiting for records up to fetch.max.wait.ms).
    pub(super) fn holds(&self, consumer: NodeId, req: u32) -> bool {
        self.parked.iter().any(|p| p.from == consumer && matches!(p.kind, ParkedKind::Consumer { req: r } if r == req))
    }

    /// The partitions it holds, in strip order, with its role and log.
    pub(super) fn replicas_view(&self) -> impl Iterator<Item = (Tp, &PartitionLog, Option<ReplicaView>)> {
        self.logs.iter().map(|(&tp, log)| {
            let role = self.replicas.get(&tp).map(|r| match r {
                Replica::Leader(l) => ReplicaView::Leader { epoch: l.epoch, isr: l.isr.len() },
                Replica::Follower(_) => ReplicaView::Follower,
            });
            (tp, log, role)
        })
    }

    pub(super) fn consumer_position(&self, tp: Tp, group: GroupId) -> Option<u64> {
        self.consumer_positions.get(&(tp, group)).copied()
    }

    /// The high watermark of `tp` and its leader epoch, if this broker leads it.
    pub(super) fn led(&self, tp: Tp) -> Option<(u32, u64)> {
        self.leader_of(tp).map(|l| (l.epoch, self.log(tp).hw))
    }

    pub fn msg_at(&self, strip: usize, offset: u64) -> Option<MsgId> {
        self.logs.values().nth(strip).and_then(|log| log.msg_at(offset))
    }
}

/// A broker's role for one partition, as the view shows it.
#[derive(Clone, Copy, Debug)]
pub(super) enum ReplicaView {
    Leader { epoch: u32, isr: usize },
    Follower,
}
