//! The group coordinator (classic protocol, eager rebalancing, the range assignor): members join;
//! a join, a member dropped for silence (session.timeout.ms) or a restarted consumer makes the
//! group rebalance — every member must join again, the partitions are split anew, and the
//! generation goes up. Heartbeats tell members of a rebalance. Offsets are committed by members of
//! the current generation only, and kept across the coordinator's crash.

use super::Controller;
use crate::sim::effects::Ctx;
use crate::sim::ids::GroupId;
use crate::sim::small_map::SmallMap;
use crate::sim::systems::kafka::wire::{GroupError, MemberId, Msg};
use crate::sim::systems::kafka::{event, send, Event, Tp};
use crate::sim::time::SimTime;
use crate::sim::trace::TraceKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// No members.
    Empty,
    /// Waiting for every member to join.
    Preparing,
    Stable,
}

#[derive(Clone, Copy, Debug)]
struct Member {
    last_heard: SimTime,
    /// Joined in the rebalance under way.
    joined: bool,
}

#[derive(Clone, Debug)]
pub(super) struct Group {
    generation: u32,
    state: State,
    members: SmallMap<MemberId, Member>,
    /// A rebalance of a group that was empty waits for more members until then
    /// (group.initial.rebalance.delay.ms).
    ready_at: SimTime,
    /// The rebalance under way began with an empty group.
    initial: bool,
    /// Members that have not joined the rebalance under way by then are dropped (the rebalance
    /// timeout, max.poll.interval.ms).
    rebalance_deadline: SimTime,
}

impl Group {
    fn new() -> Group {
        Group {
            generation: 0,
            state: State::Empty,
            members: SmallMap::new(),
            ready_at: SimTime::ZERO,
            initial: false,
            rebalance_deadline: SimTime::ZERO,
        }
    }

    /// The group's state as the controller's badge says it: "billing: generation 2, 2 members".
    pub(super) fn badge(&self, name: &str) -> (String, String) {
        let n = self.members.len();
        match self.state {
            State::Preparing => (format!("{name}: rebalancing ({n})"), format!("{name}：rebalance 中（{n}）")),
            _ => (
                format!("{name}: generation {}, {n} member(s)", self.generation),
                format!("{name}：第 {} 代，{n} 个成员", self.generation),
            ),
        }
    }

    /// Every member must join again, within `timeout_ms`.
    fn prepare(&mut self, now: SimTime, timeout_ms: u64) {
        self.state = State::Preparing;
        self.initial = false;
        self.ready_at = now;
        self.rebalance_deadline = now.plus_ms(timeout_ms);
        for m in self.members.values_mut() {
            m.joined = false;
        }
    }
}

impl Controller {
    pub(super) fn on_join(&mut self, ctx: &mut Ctx, group: GroupId, member: MemberId) {
        let delay = self.cluster.settings.group_initial_rebalance_delay_ms;
        let timeout = self.cluster.settings.max_poll_interval_ms;
        let now = ctx.now;
        let g = self.groups.entry(group).or_insert_with(Group::new);
        let new_member = !g.members.contains_key(&member);
        match g.state {
            State::Empty => {
                g.prepare(now, timeout);
                g.initial = true;
                g.ready_at = now.plus_ms(delay);
            }
            State::Stable => g.prepare(now, timeout),
            State::Preparing if g.initial && new_member => {
                // Each member joining the first rebalance pushes it back (KIP-134).
                g.ready_at = now.plus_ms(delay);
            }
            State::Preparing => {}
        }
        g.members.insert(member, Member { last_heard: now, joined: true });
        self.try_complete(ctx, group);
    }

    /// A member leaves (LeaveGroup): the others rebalance without it.
    pub(super) fn on_leave(&mut self, ctx: &mut Ctx, group: GroupId, member: MemberId) {
        let timeout = self.cluster.settings.max_poll_interval_ms;
        let Some(g) = self.groups.get_mut(&group) else { return };
        if g.members.remove(&member).is_none() {
            return;
        }
        event(ctx, Event::MemberLeft { group, consumer: member.node });
        if g.state == State::Stable {
            g.prepare(ctx.now, timeout);
        }
        self.try_complete(ctx, group);
    }

    /// Finish the rebalance once every member has joined (and the initial delay is over): a new
    /// generation, and each member's partitions by the range assignor.
    fn try_complete(&mut self, ctx: &mut Ctx, group: GroupId) {
        let topic = self.cluster.group_topics.get(usize::from(group.0)).copied().unwrap_or(0);
        let partitions: Vec<Tp> = self.cluster.partitions_of(topic).collect();
        let Some(g) = self.groups.get_mut(&group) else { return };
        if g.state != State::Preparing {
            return;
        }
        if g.members.is_empty() {
            g.state = State::Empty;
            return;
        }
        if ctx.now < g.ready_at || !g.members.values().all(|m| m.joined) {
            return;
        }
        g.generation += 1;
        g.state = State::Stable;
        let members: Vec<MemberId> = g.members.keys().copied().collect();
        let generation = g.generation;
        for (i, &member) in members.iter().enumerate() {
            let mine = range(&partitions, members.len(), i);
            send(ctx, member.node, Msg::JoinResponse { group, member, generation, partitions: mine });
        }
        event(ctx, Event::GroupRebalanced { group, generation, members: members.len() as u8 });
    }

    pub(super) fn on_group_heartbeat(
        &mut self,
        ctx: &mut Ctx,
        group: GroupId,
        member: MemberId,
        generation: u32,
    ) -> Option<GroupError> {
        let g = self.groups.get_mut(&group)?;
        let Some(m) = g.members.get_mut(&member) else { return Some(GroupError::UnknownMember) };
        m.last_heard = ctx.now;
        if g.state == State::Preparing && !m.joined {
            return Some(GroupError::RebalanceInProgress);
        }
        (generation != g.generation).then_some(GroupError::IllegalGeneration)
    }

    /// Store a member's offsets if it belongs to the current generation (a commit counts as a
    /// sign of life, as in Kafka).
    pub(super) fn on_commit(
        &mut self,
        ctx: &mut Ctx,
        group: GroupId,
        member: MemberId,
        generation: u32,
        offsets: Vec<(Tp, u64)>,
    ) -> Option<GroupError> {
        let error = match self.groups.get_mut(&group).map(|g| (g.generation, g.members.get_mut(&member))) {
            Some((current, Some(m))) if current == generation => {
                m.last_heard = ctx.now;
                None
            }
            Some((_, Some(_))) => Some(GroupError::IllegalGeneration),
            _ => Some(GroupError::UnknownMember),
        };
        if let Some(error) = error {
            event(ctx, Event::CommitRefused { consumer: member.node, group, error });
            return Some(error);
        }
        for (tp, offset) in offsets {
            self.offsets.insert((group, tp), offset);
            ctx.trace(TraceKind::OffsetCommitted { broker: ctx.me, group, queue: tp, offset, auto: false });
        }
        None
    }

    /// Drop members silent for the session timeout (not those waiting in a rebalance they joined).
    pub(super) fn expire_members(&mut self, ctx: &mut Ctx) {
        let timeout_us = self.cluster.settings.consumer_session_timeout_ms.saturating_mul(1_000);
        let now = ctx.now;
        let groups: Vec<GroupId> = self.groups.keys().copied().collect();
        for group in groups {
            let Some(g) = self.groups.get_mut(&group) else { continue };
            let preparing = g.state == State::Preparing;
            let expired: Vec<MemberId> = g
                .members
                .iter()
                .filter(|(_, m)| !(preparing && m.joined) && now.since(m.last_heard) >= timeout_us)
                .map(|(&id, _)| id)
                .collect();
            // The rebalance timeout: members that did not join in time are dropped too.
            let late: Vec<MemberId> = if preparing && now >= g.rebalance_deadline {
                g.members.iter().filter(|(id, m)| !m.joined && !expired.contains(id)).map(|(&id, _)| id).collect()
            } else {
                Vec::new()
            };
            if expired.is_empty() && late.is_empty() {
                continue;
            }
            for id in expired.iter().chain(&late) {
                g.members.remove(id);
            }
            if !preparing {
                g.prepare(now, self.cluster.settings.max_poll_interval_ms);
            }
            for id in expired {
                event(ctx, Event::MemberExpired { group, consumer: id.node });
            }
            for id in late {
                event(ctx, Event::MemberDropped { group, consumer: id.node });
            }
            self.try_complete(ctx, group);
        }
    }

    /// Back from a crash: every member's session starts again now.
    pub(super) fn restart_groups(&mut self, now: SimTime) {
        for g in self.groups.values_mut() {
            for m in g.members.values_mut() {
                m.last_heard = now;
            }
        }
    }

    pub(super) fn complete_rebalances(&mut self, ctx: &mut Ctx) {
        let groups: Vec<GroupId> = self.groups.keys().copied().collect();
        for group in groups {
            self.try_complete(ctx, group);
        }
    }

    /// When members' sessions run out and delayed rebalances are due.
    pub(super) fn group_deadlines(&self) -> Vec<SimTime> {
        let timeout = self.cluster.settings.consumer_session_timeout_ms;
        let mut out = Vec::new();
        for g in self.groups.values() {
            let preparing = g.state == State::Preparing;
            if preparing {
                out.push(g.ready_at);
                out.push(g.rebalance_deadline);
            }
            out.extend(g.members.values().filter(|m| !(preparing && m.joined)).map(|m| m.last_heard.plus_ms(timeout)));
        }
        out
    }
}

/// The range assignor: member `i` of `n` (sorted by id) takes a contiguous run of partitions, the
/// first `len % n` members one more than the rest.
fn range(partitions: &[Tp], n: usize, i: usize) -> Vec<Tp> {
    let each = partitions.len() / n.max(1);
    let extra = partitions.len() % n.max(1);
    let start = i * each + i.min(extra);
    let len = each + usize::from(i < extra);
    partitions.iter().skip(start).take(len).copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::QueueKey;

    #[test]
    fn range_gives_the_first_members_one_more() {
        let parts: Vec<Tp> = (0..3).map(|p| QueueKey::named(0, p)).collect();
        assert_eq!(range(&parts, 2, 0), parts[0..2].to_vec());
        assert_eq!(range(&parts, 2, 1), parts[2..3].to_vec());
        assert_eq!(range(&parts, 4, 3), Vec::<Tp>::new());
    }
}
