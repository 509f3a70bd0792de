//! The controller node. It plays three parts of a ZooKeeper-mode Kafka cluster:
//! - ZooKeeper: brokers keep a session with it by heartbeat; one silent for
//!   zookeeper.session.timeout.ms (18 s) is dead. The partitions' leaders, ISRs and epochs are
//!   its stored data, and survive its crash.
//! - the controller: when a broker dies it elects a new leader for each partition the broker led
//!   (the first live in-sync replica, in assignment order), or leaves the partition offline when
//!   none is alive (unless unclean election is on); it applies the leaders' ISR changes; it tells
//!   every broker (LeaderAndIsr). A broker coming back is elected where it is the last in-sync replica.
//! - the group coordinator of every consumer group (`group`), with the committed offsets.

mod group;

use super::cluster::{partition_name, Cluster};
use super::wire::{Msg, PartitionState};
use super::{event, ours, send, timer, Event, Timer, Tp};
use crate::sim::effects::Ctx;
use crate::sim::ids::{GroupId, NodeId};
use crate::sim::nodes::deadline::Deadline;
use crate::sim::small_map::SmallMap;
use crate::sim::systems::view::{Badge, ServerView};
use crate::sim::time::SimTime;
use crate::sim::wire::Payload;
use std::rc::Rc;

/// The topics are created this long after the cluster starts, once the brokers have registered.
const CREATE_TOPICS_MS: u64 = 50;

/// A broker's session (its ephemeral node in ZooKeeper).
#[derive(Clone, Copy, Debug)]
struct Session {
    incarnation: u32,
    last_heard: SimTime,
}

#[derive(Clone, Debug)]
pub struct Controller {
    cluster: Rc<Cluster>,
    // --- stored (ZooKeeper's data, and __consumer_offsets with the groups' metadata): kept
    // across a crash ----------------------------------------------------------------------------
    partitions: SmallMap<Tp, PartitionState>,
    /// Bumped at every change of leaders or ISRs sent to the brokers.
    version: u64,
    sessions: SmallMap<NodeId, Session>,
    offsets: SmallMap<(GroupId, Tp), u64>,
    groups: SmallMap<GroupId, group::Group>,
    // --- in memory ------------------------------------------------------------------------------
    deadline: Deadline,
}

impl Controller {
    pub fn new(cluster: Rc<Cluster>) -> Controller {
        Controller {
            cluster,
            partitions: SmallMap::new(),
            version: 0,
            sessions: SmallMap::new(),
            offsets: SmallMap::new(),
            groups: SmallMap::new(),
            deadline: Deadline::default(),
        }
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        if self.partitions.is_empty() {
            ctx.after_ms(CREATE_TOPICS_MS, timer(Timer::CreateTopics));
        } else {
            // Back from a crash: sessions get a fresh timeout (ZooKeeper restores them), and a
            // new controller tells every broker the state.
            for s in self.sessions.values_mut() {
                s.last_heard = ctx.now;
            }
            // A new coordinator loads the groups from __consumer_offsets and gives every member
            // a fresh session.
            self.restart_groups(ctx.now);
            for b in self.alive() {
                self.send_full(ctx, b);
            }
        }
        self.arm(ctx);
    }

    /// Everything it decides is stored (in ZooKeeper and __consumer_offsets); only its timer dies.
    pub fn on_crash(&mut self) {
        self.deadline.reset();
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        let Ok(msg) = ours(payload) else { return };
        match msg {
            Msg::BrokerHeartbeat { incarnation, metadata_version } if self.cluster.is_broker(from) => {
                let known = self.sessions.get(&from).is_some_and(|s| s.incarnation == incarnation);
                self.on_heartbeat(ctx, from, incarnation);
                if known && metadata_version < self.version {
                    // It missed a decision (a lost message): tell it everything again.
                    self.send_full(ctx, from);
                }
            }
            Msg::AlterIsr { tp, leader_epoch, isr } => self.on_alter_isr(ctx, from, tp, leader_epoch, isr),
            Msg::JoinGroup { group, member } => self.on_join(ctx, group, member),
            Msg::LeaveGroup { group, member } => self.on_leave(ctx, group, member),
            Msg::GroupHeartbeat { group, member, generation } => {
                let error = self.on_group_heartbeat(ctx, group, member, generation);
                send(ctx, from, Msg::GroupHeartbeatResponse { error });
            }
            Msg::OffsetCommit { req, group, member, generation, offsets } => {
                let error = self.on_commit(ctx, group, member, generation, offsets);
                send(ctx, from, Msg::OffsetCommitResponse { req, error });
            }
            Msg::OffsetFetch { req, group, partitions } => {
                let offsets = partitions.into_iter().map(|tp| (tp, self.offsets.get(&(group, tp)).copied())).collect();
                send(ctx, from, Msg::OffsetFetchResponse { req, offsets });
            }
            _ => {}
        }
        self.arm(ctx);
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) {
        match t {
            Timer::CreateTopics => self.create_topics(ctx),
            Timer::Deadlines if self.deadline.fired(ctx.now) => {
                self.expire_sessions(ctx);
                self.expire_members(ctx);
                self.complete_rebalances(ctx);
            }
            _ => {}
        }
        self.arm(ctx);
    }

    fn alive(&self) -> Vec<NodeId> {
        self.sessions.keys().copied().collect()
    }

    fn is_alive(&self, b: NodeId) -> bool {
        self.sessions.contains_key(&b)
    }

    /// Each partition's leader is its first live replica (kafka1 for the first partition), and
    /// its ISR every live replica.
    fn create_topics(&mut self, ctx: &mut Ctx) {
        let parts: Vec<Tp> = self.cluster.all_partitions().collect();
        for tp in parts {
            let replicas = self.cluster.replicas(tp);
            let live: Vec<NodeId> = replicas.iter().copied().filter(|&r| self.is_alive(r)).collect();
            let (leader, isr) = match live.first() {
                Some(&l) => (Some(l), live.clone()),
                None => (None, replicas),
            };
            let ps = PartitionState { tp, leader, leader_epoch: 0, isr };
            self.record_election(ctx, &ps, false);
            self.partitions.insert(tp, ps);
        }
        self.broadcast(ctx, self.partitions.values().cloned().collect(), None);
    }

    fn on_heartbeat(&mut self, ctx: &mut Ctx, broker: NodeId, incarnation: u32) {
        match self.sessions.get_mut(&broker) {
            Some(s) if s.incarnation == incarnation => s.last_heard = ctx.now,
            Some(_) => {
                // A restarted broker whose old session has not expired yet: that life is over.
                self.brokers_failed(ctx, &[broker]);
                self.broker_started(ctx, broker, incarnation);
            }
            None => self.broker_started(ctx, broker, incarnation),
        }
    }

    fn broker_started(&mut self, ctx: &mut Ctx, broker: NodeId, incarnation: u32) {
        self.sessions.insert(broker, Session { incarnation, last_heard: ctx.now });
        event(ctx, Event::BrokerRegistered { broker });
        if self.partitions.is_empty() {
            return;
        }
        let unclean = self.cluster.settings.unclean_leader_election;
        let mut changed = Vec::new();
        for ps in self.partitions.values_mut() {
            if ps.leader.is_some() || !self.cluster.is_replica(ps.tp, broker) {
                continue;
            }
            // An offline partition comes back with its last in-sync replica, or, with unclean
            // election, with any replica.
            let unclean_pick = if ps.isr.contains(&broker) {
                false
            } else if unclean {
                ps.isr = vec![broker];
                true
            } else {
                continue;
            };
            ps.leader = Some(broker);
            ps.leader_epoch += 1;
            changed.push((ps.clone(), unclean_pick));
        }
        for (ps, unclean_pick) in &changed {
            self.record_election(ctx, ps, *unclean_pick);
        }
        // The others learn what changed; the restarted broker everything.
        let changed: Vec<PartitionState> = changed.into_iter().map(|(ps, _)| ps).collect();
        self.broadcast(ctx, changed, Some(broker));
        self.send_full(ctx, broker);
    }

    /// Brokers are dead, all at once (Kafka's controller handles the brokers whose sessions
    /// expired together in one go): elect new leaders where they led, drop them from the ISRs.
    fn brokers_failed(&mut self, ctx: &mut Ctx, dead: &[NodeId]) {
        for b in dead {
            self.sessions.remove(b);
        }
        let unclean = self.cluster.settings.unclean_leader_election;
        let mut changed = Vec::new();
        let tps: Vec<Tp> = self.partitions.keys().copied().collect();
        for tp in tps {
            let Some(ps) = self.partitions.get(&tp).cloned() else { continue };
            let leader_dead = ps.leader.is_some_and(|l| dead.contains(&l));
            let survivors: Vec<NodeId> = ps.isr.iter().copied().filter(|r| !dead.contains(r)).collect();
            if !leader_dead && survivors.len() == ps.isr.len() {
                continue;
            }
            let mut next = ps.clone();
            next.leader_epoch += 1;
            if leader_dead {
                let replicas = self.cluster.replicas(tp);
                let alive = |r: &NodeId| self.sessions.contains_key(r);
                let clean = replicas.iter().copied().find(|r| alive(r) && survivors.contains(r));
                let dirty = unclean.then(|| replicas.iter().copied().find(|r| alive(r))).flatten();
                match (clean, dirty) {
                    (Some(l), _) => {
                        next.leader = Some(l);
                        next.isr = survivors;
                    }
                    (None, Some(l)) => {
                        next.leader = Some(l);
                        next.isr = vec![l];
                    }
                    (None, None) => {
                        // Kafka keeps the last in-sync replica in the ISR, so it can come back:
                        // here the last leader, which has everything acknowledged.
                        next.leader = None;
                        next.isr = ps.leader.into_iter().collect();
                    }
                }
                self.record_election(ctx, &next, clean.is_none() && dirty.is_some());
            } else {
                next.isr = survivors;
                for &removed in ps.isr.iter().filter(|r| dead.contains(r)) {
                    event(ctx, Event::IsrShrunk { tp, removed, isr: next.isr.len() as u8 });
                }
            }
            self.partitions.insert(tp, next.clone());
            changed.push(next);
        }
        self.broadcast(ctx, changed, None);
    }

    /// Record who leads a partition now, or that nobody does.
    fn record_election(&self, ctx: &mut Ctx, ps: &PartitionState, unclean: bool) {
        let (tp, epoch) = (ps.tp, ps.leader_epoch);
        match ps.leader {
            Some(leader) => event(ctx, Event::LeaderElected { tp, leader, epoch, isr: ps.isr.len() as u8, unclean }),
            None => event(ctx, Event::PartitionOffline { tp, epoch }),
        }
    }

    /// A leader asks to change its ISR; the controller agrees if it is still that leader in
    /// that epoch and every new member is alive, and answers with the partition's state.
    fn on_alter_isr(&mut self, ctx: &mut Ctx, from: NodeId, tp: Tp, leader_epoch: u32, isr: Vec<NodeId>) {
        let alive = isr.iter().all(|&r| self.is_alive(r) && self.cluster.is_replica(tp, r));
        let Some(ps) = self.partitions.get_mut(&tp) else { return };
        if ps.leader != Some(from) || ps.leader_epoch != leader_epoch || !alive || !isr.contains(&from) {
            return self.send_full(ctx, from);
        }
        let old = std::mem::replace(&mut ps.isr, isr);
        let size = ps.isr.len() as u8;
        for &r in old.iter().filter(|r| !ps.isr.contains(r)) {
            event(ctx, Event::IsrShrunk { tp, removed: r, isr: size });
        }
        for &r in ps.isr.iter().filter(|r| !old.contains(r)) {
            event(ctx, Event::IsrExpanded { tp, added: r, isr: size });
        }
        let ps = ps.clone();
        self.broadcast(ctx, vec![ps], None);
    }

    /// Tell every live broker (but `except`) the new state of these partitions.
    fn broadcast(&mut self, ctx: &mut Ctx, parts: Vec<PartitionState>, except: Option<NodeId>) {
        if parts.is_empty() {
            return;
        }
        self.version += 1;
        for b in self.alive().into_iter().filter(|&b| Some(b) != except) {
            send(ctx, b, Msg::LeaderAndIsr { version: self.version, full: false, parts: parts.clone() });
        }
    }

    /// Tell one broker the state of every partition.
    fn send_full(&self, ctx: &mut Ctx, broker: NodeId) {
        let parts = self.partitions.values().cloned().collect();
        send(ctx, broker, Msg::LeaderAndIsr { version: self.version, full: true, parts });
    }

    fn expire_sessions(&mut self, ctx: &mut Ctx) {
        let timeout_us = self.cluster.settings.broker_session_timeout_ms.saturating_mul(1_000);
        let now = ctx.now;
        let expired: Vec<NodeId> =
            self.sessions.iter().filter(|(_, s)| now.since(s.last_heard) >= timeout_us).map(|(&b, _)| b).collect();
        if expired.is_empty() {
            return;
        }
        for &broker in &expired {
            event(ctx, Event::SessionExpired { broker });
        }
        self.brokers_failed(ctx, &expired);
    }

    fn arm(&mut self, ctx: &mut Ctx) {
        let timeout = self.cluster.settings.broker_session_timeout_ms;
        let sessions = self.sessions.values().map(|s| s.last_heard.plus_ms(timeout));
        let groups = self.group_deadlines();
        // Only what lies ahead: what was due now has just been handled.
        let now = ctx.now;
        let ahead = sessions.chain(groups).filter(|&t| t > now);
        self.deadline.arm_earliest(ctx, ahead, timer(Timer::Deadlines));
    }

    // --- for the view and the drain check ------------------------------------------------------

    /// The group's committed offset of a partition.
    pub(super) fn committed(&self, group: GroupId, tp: Tp) -> Option<u64> {
        self.offsets.get(&(group, tp)).copied()
    }

    pub fn view(&self) -> ServerView {
        let mut badges = vec![Badge::new("controller", "控制器")];
        let live = self.sessions.len();
        let all = self.cluster.brokers.len();
        let word = (format!("brokers {live}/{all}"), format!("broker {live}/{all}"));
        badges.push(if live < all { Badge::alert(word.0, word.1) } else { Badge::new(word.0, word.1) });
        for ps in self.partitions.values().filter(|ps| ps.leader.is_none()) {
            let name = partition_name(&self.cluster.topic_names, ps.tp);
            badges.push(Badge::alert(format!("{name} offline"), format!("{name} 下线")));
        }
        for (g, state) in &self.groups {
            let name = self.cluster.group_names.get(usize::from(g.0)).map_or("?", String::as_str);
            let (en, zh) = state.badge(name);
            badges.push(Badge::new(en, zh));
        }
        ServerView { badges, strips: Vec::new() }
    }
}
