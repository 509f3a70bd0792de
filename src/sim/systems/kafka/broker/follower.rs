//! A broker following a partition's leader: one fetch at a time, sent again as soon as the answer
//! is in. The fetch says how far the follower has copied and the epoch of its last record; when
//! the leader's log parted from it there (a new leader that never had the follower's tail), the
//! follower truncates to where the logs agree — the records it drops are lost copies, and an
//! acknowledged record that only the old leader and this follower had is gone with them.

use super::{Broker, Replica, REPLICA_FETCH_BACKOFF_MS, REPLICA_SOCKET_TIMEOUT_MS};
use crate::sim::effects::Ctx;
use crate::sim::ids::NodeId;
use crate::sim::systems::kafka::wire::{Msg, ReplicaResult};
use crate::sim::systems::kafka::{event, send, Event, Tp};
use crate::sim::time::SimTime;
use crate::sim::trace::{TraceKind, TruncateReason};

#[derive(Clone, Debug)]
pub(in crate::sim::systems::kafka) struct FollowerState {
    pub epoch: u32,
    /// None: the partition is offline; nothing to fetch from.
    pub leader: Option<NodeId>,
    /// The number of the fetch in flight, or of the last one sent.
    pub fetch: u32,
    in_flight: bool,
    /// When to fetch next (after a backoff), if no fetch is in flight.
    next_at: Option<SimTime>,
    /// When to give up on the fetch in flight.
    timeout_at: SimTime,
}

impl FollowerState {
    /// Back off after an error or a lost connection, then fetch again.
    pub fn backoff(&mut self, now: SimTime) {
        self.in_flight = false;
        self.next_at = Some(now.plus_ms(REPLICA_FETCH_BACKOFF_MS));
    }

    /// Time to send a fetch: the backoff is over, or the one in flight timed out.
    pub fn due(&self, now: SimTime) -> bool {
        self.leader.is_some()
            && if self.in_flight { self.timeout_at <= now } else { self.next_at.is_some_and(|t| t <= now) }
    }

    pub fn next_deadline(&self) -> Option<SimTime> {
        self.leader?;
        if self.in_flight {
            Some(self.timeout_at)
        } else {
            self.next_at
        }
    }
}

impl Broker {
    pub(super) fn become_follower(&mut self, ctx: &mut Ctx, tp: Tp, epoch: u32, leader: Option<NodeId>) {
        let fetch = match self.replicas.get(&tp) {
            Some(Replica::Follower(f)) => f.fetch,
            _ => 0,
        };
        self.release_partition(ctx, tp);
        let state =
            FollowerState { epoch, leader, fetch, in_flight: false, next_at: Some(ctx.now), timeout_at: SimTime::ZERO };
        self.replicas.insert(tp, Replica::Follower(state));
        self.send_fetch(ctx, tp);
    }

    /// Fetch from the leader: from its log end, with the epoch of its last record.
    pub(super) fn send_fetch(&mut self, ctx: &mut Ctx, tp: Tp) {
        let offset = self.log(tp).leo();
        let last_epoch = self.log(tp).last_epoch();
        let Some(Replica::Follower(f)) = self.replicas.get_mut(&tp) else { return };
        let Some(leader) = f.leader else { return };
        f.fetch = f.fetch.wrapping_add(1);
        f.in_flight = true;
        f.next_at = None;
        f.timeout_at = ctx.now.plus_ms(REPLICA_SOCKET_TIMEOUT_MS);
        let msg = Msg::ReplicaFetch { tp, leader_epoch: f.epoch, fetch: f.fetch, offset, last_epoch };
        send(ctx, leader, msg);
        self.arm(ctx);
    }

    pub(super) fn on_replica_data(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        tp: Tp,
        leader_epoch: u32,
        fetch: u32,
        result: ReplicaResult,
    ) {
        let Some(Replica::Follower(f)) = self.replicas.get_mut(&tp) else { return };
        if f.leader != Some(from) || f.epoch != leader_epoch || f.fetch != fetch || !f.in_flight {
            return;
        }
        f.in_flight = false;
        match result {
            // The answer to our latest fetch: its entries start at our log end.
            ReplicaResult::Records { entries, hw } => {
                let me = ctx.me;
                let log = self.log_mut(tp);
                for e in entries {
                    log.append(e);
                    ctx.trace(TraceKind::CopyStored { node: me, msg: e.msg.id, replica: true });
                }
                log.hw = log.hw.max(hw.min(log.leo()));
                self.send_fetch(ctx, tp);
            }
            ReplicaResult::Diverging { epoch, end } => {
                let log = self.log_mut(tp);
                let (_, mine) = log.end_for_epoch(epoch);
                let to = end.min(mine);
                if to >= log.leo() {
                    // Nothing of ours to drop: the leader's view must be changing; wait for it.
                    if let Some(Replica::Follower(f)) = self.replicas.get_mut(&tp) {
                        f.backoff(ctx.now);
                    }
                    return self.arm(ctx);
                }
                self.truncate(ctx, tp, to, from);
                self.send_fetch(ctx, tp);
            }
            ReplicaResult::NotLeader => {
                f.backoff(ctx.now);
                self.arm(ctx);
            }
        }
    }

    /// Drop everything from `to` on: the leader `leader` does not have it.
    fn truncate(&mut self, ctx: &mut Ctx, tp: Tp, to: u64, leader: NodeId) {
        let removed = self.log_mut(tp).truncate(to);
        for e in &removed {
            ctx.trace(TraceKind::CopyLost { node: ctx.me, msg: e.msg.id, reason: TruncateReason::NewLeader });
        }
        let removed = removed.len() as u64;
        event(ctx, Event::Truncated { node: ctx.me, tp, to, removed, leader });
    }
}
