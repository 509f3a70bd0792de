//! Rebalance: every 20 s, and at once when a broker says the group changed, ask a broker for the
//! group's members and take this member's share of the queues (AllocateMessageQueueAveragely).
//! A queue we lose has its offset committed and its buffered messages dropped; a queue we gain
//! starts from the offset the broker has — so an offset commit that never arrived means the new
//! owner consumes some messages again.

use super::{Consumer, ConsumerTimer, OwnedQueue};
use crate::sim::effects::Ctx;
use crate::sim::ids::{MessageQueue, NodeId, QueueKey};
use crate::sim::nodes::Timer;
use crate::sim::small_map::SmallMap;
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;

const MEMBERS_TIMEOUT_MS: u64 = 3_000;
/// An offset query is a sync call: unanswered after this long, it is tried again.
const QUERY_TIMEOUT_MS: u64 = 3_000;

/// RocketMQ's AllocateMessageQueueAveragely: consecutive blocks, the first `n % members` members
/// one queue more. `queues` and `members` must be sorted.
pub fn allocate_averagely<Q: Copy, M: PartialEq>(queues: &[Q], members: &[M], me: &M) -> Vec<Q> {
    let Some(index) = members.iter().position(|m| m == me) else {
        return Vec::new();
    };
    let (n, c) = (queues.len(), members.len());
    let rem = n % c;
    let size = if n <= c {
        1
    } else if rem > 0 && index < rem {
        n / c + 1
    } else {
        n / c
    };
    let start = if rem > 0 && index < rem { index * size } else { index * size + rem };
    let len = size.min(n.saturating_sub(start));
    queues.iter().skip(start).take(len).copied().collect()
}

impl Consumer {
    /// Ask one broker of the route for the group's members.
    pub(super) fn rebalance(&mut self, ctx: &mut Ctx) {
        if self.members_req.is_some() {
            return;
        }
        let Some(route) = self.routes.route() else {
            return;
        };
        let nodes: Vec<NodeId> = route.groups.iter().filter_map(|g| g.read_node()).collect();
        if nodes.is_empty() {
            return;
        }
        let broker = nodes[self.rng.below(nodes.len() as u64) as usize];
        let req = self.req();
        self.members_req = Some(req);
        ctx.send(broker, Payload::ConsumerListRequest { req, group: self.group });
        ctx.after_ms(MEMBERS_TIMEOUT_MS, Timer::Consumer(ConsumerTimer::MembersTimeout { req }));
    }

    pub(super) fn on_members(&mut self, ctx: &mut Ctx, req: u32, mut members: Vec<NodeId>) {
        if self.members_req != Some(req) {
            return;
        }
        self.members_req = None;
        let Some(route) = self.routes.route() else {
            return;
        };
        members.sort();
        let groups: Vec<u8> = route.groups.iter().filter(|g| g.read_node().is_some()).map(|g| g.group).collect();
        let (topic, per_topic) = (self.topic, self.queues_per_topic);
        let topic_queues: Vec<MessageQueue> = groups
            .iter()
            .flat_map(|&g| {
                (0..per_topic).map(move |q| MessageQueue { broker_group: g, queue: QueueKey::named(topic, q) })
            })
            .collect();
        let retry_queues: Vec<MessageQueue> =
            groups.iter().map(|&g| MessageQueue { broker_group: g, queue: QueueKey::retry(self.group) }).collect();
        // The topic and the group's retry topic are separate subscriptions, allocated separately.
        let mut mine = allocate_averagely(&topic_queues, &members, &ctx.me);
        mine.extend(allocate_averagely(&retry_queues, &members, &ctx.me));
        mine.sort();
        self.apply_allocation(ctx, mine);
    }

    fn apply_allocation(&mut self, ctx: &mut Ctx, mine: Vec<MessageQueue>) {
        if self.orderly() {
            return self.apply_orderly_allocation(ctx, mine);
        }
        let current: Vec<MessageQueue> = self.owned.keys().copied().collect();
        if current == mine {
            return;
        }
        for mq in current.iter().filter(|mq| !mine.contains(mq)) {
            self.drop_queue(ctx, *mq);
        }
        for &mq in mine.iter().filter(|mq| !current.contains(mq)) {
            self.owned.insert(mq, OwnedQueue::default());
            self.query_offset(ctx, mq);
        }
        ctx.trace(TraceKind::Rebalanced { consumer: ctx.me, group: self.group, queues: mine });
    }

    /// Give a queue up: persist its offset, forget its buffered messages.
    fn drop_queue(&mut self, ctx: &mut Ctx, mq: MessageQueue) {
        let Some(owned) = self.owned.remove(&mq) else {
            return;
        };
        if let (Some(offset), Some(node)) = (owned.ack_offset(self.auto_ack()), self.commit_node(mq.broker_group)) {
            ctx.send(node, Payload::OffsetCommit { group: self.group, offsets: vec![(mq.queue, offset)] });
        }
        self.paused.remove(&mq);
        let (dropped, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.buffer).into_iter().partition(|b| b.mq == mq);
        self.buffer = kept.into();
        for b in dropped {
            ctx.trace(TraceKind::DeliveryAbandoned { consumer: ctx.me, group: self.group, msg: b.msg.id });
        }
    }

    /// Ask the broker where the group left off in this queue.
    pub(super) fn query_offset(&mut self, ctx: &mut Ctx, mq: MessageQueue) {
        let Some(node) = self.read_node(mq.broker_group) else {
            ctx.after_ms(super::pull::PULL_RETRY_MS, Timer::Consumer(ConsumerTimer::PullRetry { mq }));
            return;
        };
        let req = self.req();
        if let Some(q) = self.owned.get_mut(&mq) {
            q.query_req = Some(req);
        }
        ctx.send(node, Payload::QueryOffset { req, group: self.group, queue: mq.queue });
        ctx.after_ms(QUERY_TIMEOUT_MS, Timer::Consumer(ConsumerTimer::QueryTimeout { req }));
    }

    pub(super) fn on_offset_reply(&mut self, ctx: &mut Ctx, req: u32, offset: Option<u64>) {
        let Some((&mq, q)) = self.owned.iter_mut().find(|(_, q)| q.query_req == Some(req)) else {
            return;
        };
        q.query_req = None;
        // A group seen for the first time starts at the beginning (CONSUME_FROM_FIRST_OFFSET).
        q.next_pull = Some(offset.unwrap_or(0));
        self.pull(ctx, mq);
    }

    pub(super) fn query_failed(&mut self, ctx: &mut Ctx, req: u32) {
        let Some((&mq, q)) = self.owned.iter_mut().find(|(_, q)| q.query_req == Some(req)) else {
            return;
        };
        q.query_req = None;
        ctx.after_ms(super::pull::PULL_RETRY_MS, Timer::Consumer(ConsumerTimer::PullRetry { mq }));
    }

    /// Where to read a broker group's queues: the master, or a slave when the route has no master.
    pub(super) fn read_node(&self, broker_group: u8) -> Option<NodeId> {
        self.routes.route()?.group(broker_group)?.read_node()
    }

    /// Offsets go to the master when the route has it, else to a slave (RocketMQ findBrokerAddressInAdmin).
    pub(super) fn commit_node(&self, broker_group: u8) -> Option<NodeId> {
        self.read_node(broker_group)
    }

    /// Push the offsets of every owned queue to its broker (every commit_interval_ms).
    pub(super) fn commit_offsets(&mut self, ctx: &mut Ctx) {
        let mut per_broker: SmallMap<NodeId, Vec<(QueueKey, u64)>> = Default::default();
        let auto_ack = self.auto_ack();
        for (mq, q) in &self.owned {
            if let (Some(offset), Some(node)) = (q.ack_offset(auto_ack), self.commit_node(mq.broker_group)) {
                per_broker.entry(node).or_default().push((mq.queue, offset));
            }
        }
        for (node, offsets) in per_broker {
            ctx.send(node, Payload::OffsetCommit { group: self.group, offsets });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::allocate_averagely;

    #[test]
    fn averagely_gives_consecutive_blocks_extra_to_the_first() {
        let queues: Vec<u32> = (0..8).collect();
        let members = [10, 11, 12];
        assert_eq!(allocate_averagely(&queues, &members, &10), vec![0, 1, 2]);
        assert_eq!(allocate_averagely(&queues, &members, &11), vec![3, 4, 5]);
        assert_eq!(allocate_averagely(&queues, &members, &12), vec![6, 7]);
    }

    #[test]
    fn more_members_than_queues_leaves_some_idle() {
        let queues = [0u32, 1];
        let members = [1, 2, 3];
        assert_eq!(allocate_averagely(&queues, &members, &1), vec![0]);
        assert_eq!(allocate_averagely(&queues, &members, &2), vec![1]);
        assert!(allocate_averagely(&queues, &members, &3).is_empty());
        assert!(allocate_averagely(&queues, &members, &9).is_empty(), "not a member: nothing");
    }
}
