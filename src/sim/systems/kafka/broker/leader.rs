//! A broker leading a partition: it appends producers' records (dropping an idempotent producer's
//! duplicates), answers acks=1 at once and acks=all once the high watermark passes the records,
//! serves followers' and consumers' fetches (holding them while there is nothing new), moves the
//! high watermark to the lowest log end of the ISR, and asks the controller to shrink the ISR when
//! a follower has not caught up for replica.lag.time.max.ms, or to grow it when one catches up.

use super::{Broker, Parked, ParkedKind, Replica, Waiting};
use crate::scenario::systems::kafka::Acks;
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, NodeId};
use crate::sim::small_map::SmallMap;
use crate::sim::systems::kafka::event;
use crate::sim::systems::kafka::log::{Entry, ProducerState};
use crate::sim::systems::kafka::wire::{FetchResult, Msg, ProduceError, Record, ReplicaResult, NO_SEQ};
use crate::sim::systems::kafka::{send, Event, Tp};
use crate::sim::time::SimTime;
use crate::sim::trace::TraceKind;

/// Entries one answer to a follower carries at most (replica.fetch.max.bytes, 1 MiB, over ~1 KiB records).
const REPLICA_FETCH_MAX_RECORDS: usize = 1_000;
/// Records one answer to a consumer carries at most (max.partition.fetch.bytes, 1 MiB).
const FETCH_MAX_RECORDS: usize = 1_000;

/// What the leader knows of a follower (Kafka's remote replica state).
#[derive(Clone, Copy, Debug)]
pub(super) struct Progress {
    /// The follower's log end, as its last fetch said.
    pub leo: u64,
    /// The last time it had caught up with the leader's log end.
    pub last_caught_up: SimTime,
    last_fetch_leader_leo: u64,
    last_fetch_at: SimTime,
}

#[derive(Clone, Debug)]
pub(in crate::sim::systems::kafka) struct LeaderState {
    pub epoch: u32,
    /// The ISR as the controller last confirmed it.
    pub isr: Vec<NodeId>,
    /// An ISR change asked of the controller and not answered yet, and since when.
    pub pending_isr: Option<Vec<NodeId>>,
    pending_since: SimTime,
    pub(super) followers: SmallMap<NodeId, Progress>,
    /// The log end when it became leader: a follower must reach it to rejoin the ISR.
    epoch_start: u64,
}

impl LeaderState {
    /// The ISR the high watermark waits for: the confirmed one, plus any member being added or
    /// not yet removed (Kafka's "maximal ISR", KIP-497).
    fn maximal_isr(&self) -> Vec<NodeId> {
        let mut all = self.isr.clone();
        for &n in self.pending_isr.iter().flatten() {
            if !all.contains(&n) {
                all.push(n);
            }
        }
        all
    }
}

impl Broker {
    /// Lead `tp` in `epoch`. Already its leader (the controller bumped the epoch as it changed
    /// the ISR), it keeps what it knows of its followers and its waiting requests, as Kafka does.
    pub(super) fn become_leader(&mut self, ctx: &mut Ctx, tp: Tp, epoch: u32, isr: Vec<NodeId>) {
        let now = ctx.now;
        let previous = match self.replicas.get(&tp) {
            Some(Replica::Leader(l)) => Some(l.followers.clone()),
            _ => None,
        };
        if previous.is_none() {
            self.release_partition(ctx, tp);
        }
        let followers = self
            .cluster
            .replicas(tp)
            .into_iter()
            .filter(|&r| r != ctx.me)
            .map(|r| {
                // Kafka starts the clock of in-sync followers now, and of the others at zero.
                let last_caught_up = if isr.contains(&r) { now } else { SimTime::ZERO };
                let leo = previous.as_ref().and_then(|f| f.get(&r)).map_or(0, |p| p.leo);
                (r, Progress { leo, last_caught_up, last_fetch_leader_leo: 0, last_fetch_at: SimTime::ZERO })
            })
            .collect();
        let epoch_start = self.log(tp).leo();
        let state = LeaderState { epoch, isr, pending_isr: None, pending_since: now, followers, epoch_start };
        self.replicas.insert(tp, Replica::Leader(state));
        self.advance_hw(ctx, tp);
    }

    pub(super) fn on_produce(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        req: u32,
        tp: Tp,
        acks: Acks,
        records: Vec<Record>,
    ) {
        let Some(first) = records.first().map(|r| r.msg.id) else { return };
        let count = records.len() as u16;
        let reply = |ctx: &mut Ctx, error: Option<ProduceError>| {
            if acks != Acks::Zero {
                send(ctx, from, Msg::ProduceResponse { req, tp, first, count, error });
            }
        };
        let min_isr = usize::from(self.cluster.settings.min_insync_replicas);
        let Some(leader) = self.leader_of(tp) else {
            return reply(ctx, Some(ProduceError::NotLeader));
        };
        if acks == Acks::All && leader.isr.len() < min_isr {
            return reply(ctx, Some(ProduceError::NotEnoughReplicas));
        }
        let epoch = leader.epoch;
        let Some(plan) = self.idempotence_plan(tp, &records) else {
            return reply(ctx, Some(ProduceError::OutOfOrderSequence));
        };
        let mut required = 0;
        for (r, dup) in records.iter().zip(plan) {
            if let Some(offset) = dup {
                // A retry of a record it has: answer as for the original, write nothing.
                event(ctx, Event::DuplicateDropped { leader: ctx.me, tp, msg: r.msg.id });
                required = required.max(offset + 1);
                continue;
            }
            let entry = Entry { msg: r.msg, epoch, producer_epoch: r.producer_epoch, seq: r.seq };
            let offset = self.log_mut(tp).append(entry);
            ctx.trace(TraceKind::CopyStored { node: ctx.me, msg: r.msg.id, replica: false });
            required = offset + 1;
        }
        self.wake_followers(ctx, tp);
        self.advance_hw(ctx, tp);
        match acks {
            Acks::Zero => {}
            Acks::One => reply(ctx, None),
            Acks::All if self.log(tp).hw >= required => reply(ctx, None),
            Acks::All => {
                let until = ctx.now.plus_ms(self.cluster.settings.request_timeout_ms);
                self.waiting.push(Waiting { from, req, tp, first, count, required, until });
                self.arm(ctx);
            }
        }
    }

    /// For each record: `Some(offset)` when it is an idempotent producer's duplicate of the
    /// record at that offset, `None` to append it. `None` overall: a sequence number is missing
    /// (out of order), so nothing is written.
    fn idempotence_plan(&self, tp: Tp, records: &[Record]) -> Option<Vec<Option<u64>>> {
        let pid = records.first()?.msg.id.key.producer;
        let log = self.log(tp);
        let mut state = log.producer_state(pid);
        let mut plan = Vec::with_capacity(records.len());
        for r in records {
            if r.seq == NO_SEQ {
                plan.push(None);
                continue;
            }
            let next = match state {
                Some(s) if r.producer_epoch == s.epoch && r.seq <= s.last_seq => {
                    let offset = log.entries().iter().rposition(|e| {
                        e.msg.id.key.producer == pid && e.producer_epoch == r.producer_epoch && e.seq == r.seq
                    });
                    plan.push(Some(offset.map_or(0, |o| o as u64)));
                    continue;
                }
                Some(s) if r.producer_epoch == s.epoch => r.seq == s.last_seq.wrapping_add(1),
                Some(s) if r.producer_epoch < s.epoch => false,
                _ => r.seq == 0,
            };
            if !next {
                return None;
            }
            state = Some(ProducerState { epoch: r.producer_epoch, last_seq: r.seq });
            plan.push(None);
        }
        Some(plan)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn on_replica_fetch(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        tp: Tp,
        leader_epoch: u32,
        fetch: u32,
        offset: u64,
        last_epoch: Option<u32>,
    ) {
        let reply = |ctx: &mut Ctx, result| {
            send(ctx, from, Msg::ReplicaData { tp, leader_epoch, fetch, result: Box::new(result) })
        };
        let leads = self.leader_of(tp).is_some_and(|l| l.epoch == leader_epoch && l.followers.contains_key(&from));
        if !leads {
            return reply(ctx, ReplicaResult::NotLeader);
        }
        let log = self.log(tp);
        let leo = log.leo();
        if offset > 0 {
            let (epoch, end) = log.end_for_epoch(last_epoch);
            if end < offset || epoch != last_epoch {
                return reply(ctx, ReplicaResult::Diverging { epoch, end });
            }
        }
        let now = ctx.now;
        if let Some(Replica::Leader(l)) = self.replicas.get_mut(&tp) {
            if let Some(p) = l.followers.get_mut(&from) {
                // Kafka's Replica.updateFetchState: caught up if it asked for the log end, or
                // for at least the log end of its previous fetch.
                if offset >= leo {
                    p.last_caught_up = now;
                } else if offset >= p.last_fetch_leader_leo {
                    p.last_caught_up = p.last_caught_up.max(p.last_fetch_at);
                }
                p.leo = offset;
                p.last_fetch_leader_leo = leo;
                p.last_fetch_at = now;
            }
        }
        self.maybe_expand_isr(ctx, tp, from);
        self.advance_hw(ctx, tp);
        if offset < leo {
            let log = self.log(tp);
            let entries = log.slice(offset, REPLICA_FETCH_MAX_RECORDS).to_vec();
            reply(ctx, ReplicaResult::Records { entries, hw: log.hw });
        } else {
            let until = now.plus_ms(self.cluster.settings.replica_fetch_wait_max_ms);
            self.parked.push(Parked { from, tp, offset, until, kind: ParkedKind::Replica { leader_epoch, fetch } });
            self.arm(ctx);
        }
    }

    pub(super) fn on_fetch(&mut self, ctx: &mut Ctx, from: NodeId, req: u32, tp: Tp, offset: u64, group: GroupId) {
        if self.leader_of(tp).is_none() {
            return send(ctx, from, Msg::FetchResponse { req, tp, result: FetchResult::NotLeader });
        }
        self.consumer_positions.insert((tp, group), offset);
        let log = self.log(tp);
        if offset > log.leo() {
            let result = FetchResult::OutOfRange { end: log.leo() };
            return send(ctx, from, Msg::FetchResponse { req, tp, result });
        }
        if offset < log.hw {
            let p = Parked { from, tp, offset, until: ctx.now, kind: ParkedKind::Consumer { req } };
            return self.answer_parked(ctx, &p);
        }
        let until = ctx.now.plus_ms(self.cluster.settings.fetch_max_wait_ms);
        self.parked.push(Parked { from, tp, offset, until, kind: ParkedKind::Consumer { req } });
        self.arm(ctx);
    }

    /// Answer a fetch with what there is now (maybe nothing: its wait ran out).
    pub(super) fn answer_parked(&mut self, ctx: &mut Ctx, p: &Parked) {
        let log = self.log(p.tp);
        let (tp, hw) = (p.tp, log.hw);
        match p.kind {
            ParkedKind::Replica { leader_epoch, fetch } => {
                let entries = log.slice(p.offset, REPLICA_FETCH_MAX_RECORDS).to_vec();
                let result = Box::new(ReplicaResult::Records { entries, hw });
                send(ctx, p.from, Msg::ReplicaData { tp, leader_epoch, fetch, result });
            }
            ParkedKind::Consumer { req } => {
                let end = hw.saturating_sub(p.offset).min(FETCH_MAX_RECORDS as u64) as usize;
                let records =
                    log.slice(p.offset, end).iter().enumerate().map(|(i, e)| (p.offset + i as u64, e.msg)).collect();
                send(ctx, p.from, Msg::FetchResponse { req, tp, result: FetchResult::Records { records } });
            }
        }
    }

    /// The log grew: answer the followers' fetches held for it.
    fn wake_followers(&mut self, ctx: &mut Ctx, tp: Tp) {
        let leo = self.log(tp).leo();
        let ready = |p: &Parked| p.tp == tp && matches!(p.kind, ParkedKind::Replica { .. }) && p.offset < leo;
        self.answer_ready(ctx, ready);
    }

    fn answer_ready(&mut self, ctx: &mut Ctx, ready: impl Fn(&Parked) -> bool) {
        if !self.parked.iter().any(&ready) {
            return;
        }
        for p in std::mem::take(&mut self.parked) {
            if ready(&p) {
                self.answer_parked(ctx, &p);
            } else {
                self.parked.push(p);
            }
        }
    }

    /// Move the high watermark up to the lowest log end in the (maximal) ISR, then answer the
    /// produce requests and consumer fetches that waited for it.
    pub(super) fn advance_hw(&mut self, ctx: &mut Ctx, tp: Tp) {
        let Some(l) = self.leader_of(tp) else { return };
        let leo = self.log(tp).leo();
        let isr = l.maximal_isr();
        let hw = isr
            .iter()
            .filter(|&&n| n != ctx.me)
            .map(|n| l.followers.get(n).map_or(0, |p| p.leo.min(leo)))
            .fold(leo, u64::min);
        let in_sync = isr.len();
        let log = self.log_mut(tp);
        if hw <= log.hw {
            return;
        }
        log.hw = hw;
        let min_isr = usize::from(self.cluster.settings.min_insync_replicas);
        for w in std::mem::take(&mut self.waiting) {
            if w.tp != tp || w.required > hw {
                self.waiting.push(w);
                continue;
            }
            let error = (in_sync < min_isr).then_some(ProduceError::NotEnoughReplicasAfterAppend);
            send(ctx, w.from, Msg::ProduceResponse { req: w.req, tp, first: w.first, count: w.count, error });
        }
        let ready = |p: &Parked| p.tp == tp && matches!(p.kind, ParkedKind::Consumer { .. }) && p.offset < hw;
        self.answer_ready(ctx, ready);
    }

    /// A follower out of the ISR that has caught up with the high watermark (and with this
    /// leader's epoch) is added back: the leader asks the controller.
    fn maybe_expand_isr(&mut self, ctx: &mut Ctx, tp: Tp, follower: NodeId) {
        let hw = self.log(tp).hw;
        let order = self.cluster.replicas(tp);
        let controller = self.cluster.controller;
        let Some(Replica::Leader(l)) = self.replicas.get_mut(&tp) else { return };
        let Some(p) = l.followers.get(&follower) else { return };
        if l.pending_isr.is_some() || l.isr.contains(&follower) || p.leo < hw || p.leo < l.epoch_start {
            return;
        }
        let mut isr = l.isr.clone();
        isr.push(follower);
        isr.sort_by_key(|n| order.iter().position(|r| r == n));
        l.pending_isr = Some(isr.clone());
        l.pending_since = ctx.now;
        send(ctx, controller, Msg::AlterIsr { tp, leader_epoch: l.epoch, isr });
    }

    /// Every replica.lag.time.max.ms / 2: followers in the ISR that have not caught up for
    /// replica.lag.time.max.ms are dropped from it (the leader asks the controller).
    pub(super) fn check_isr(&mut self, ctx: &mut Ctx) {
        let lag_us = self.cluster.settings.replica_lag_time_max_ms.saturating_mul(1_000);
        let now = ctx.now;
        let controller = self.cluster.controller;
        for (&tp, r) in self.replicas.iter_mut() {
            let Replica::Leader(l) = r else { continue };
            if l.pending_isr.is_some() && now.since(l.pending_since) < lag_us / 2 {
                continue;
            }
            // No answer for a whole check interval: the request or its answer was lost; ask again.
            l.pending_isr = None;
            let lagging = |n: &NodeId| l.followers.get(n).is_some_and(|p| now.since(p.last_caught_up) > lag_us);
            if !l.isr.iter().any(lagging) {
                continue;
            }
            let isr: Vec<NodeId> = l.isr.iter().copied().filter(|n| !lagging(n)).collect();
            l.pending_isr = Some(isr.clone());
            l.pending_since = now;
            send(ctx, controller, Msg::AlterIsr { tp, leader_epoch: l.epoch, isr });
        }
    }
}
