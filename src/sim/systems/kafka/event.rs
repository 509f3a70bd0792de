//! What only Kafka records in the trace: broker sessions, leader elections, the ISR shrinking and
//! growing, offline partitions, followers truncating to a new leader, refused writes, duplicates an
//! idempotent leader dropped, and the consumer group's rebalances — each described for the learner
//! in both languages.

use super::cluster::partition_name;
use super::wire::{GroupError, ProduceError};
use super::Tp;
use crate::i18n::Lang;
use crate::sim::ids::{GroupId, MsgId, MsgKey, NodeId};
use crate::sim::topology::Topology;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The controller opened a session for a broker (its first start, or a restart).
    BrokerRegistered { broker: NodeId },
    /// No heartbeat from a broker for the session timeout: the controller declares it dead.
    SessionExpired { broker: NodeId },
    /// The controller made `leader` the leader of a partition in epoch `epoch`; `unclean` when
    /// it was not in sync (an unclean election).
    LeaderElected { tp: Tp, leader: NodeId, epoch: u32, isr: u8, unclean: bool },
    /// No replica may lead the partition: no in-sync replica is alive and unclean election is off.
    PartitionOffline { tp: Tp, epoch: u32 },
    /// A replica left the ISR: its leader saw it lag, or the controller saw it die.
    IsrShrunk { tp: Tp, removed: NodeId, isr: u8 },
    /// A replica caught up and rejoined the ISR.
    IsrExpanded { tp: Tp, added: NodeId, isr: u8 },
    /// A replica removed the records its leader does not have (`removed` of them, from `to` on).
    Truncated { node: NodeId, tp: Tp, to: u64, removed: u64, leader: NodeId },
    /// A leader refused or failed a produce request of `count` records, the first `first`.
    ProduceFailed { producer: NodeId, tp: Tp, leader: NodeId, error: ProduceError, first: MsgId, count: u16 },
    /// An idempotent leader got a record it had already written (a retry) and did not write it again.
    DuplicateDropped { leader: NodeId, tp: Tp, msg: MsgId },
    /// A consumer group's rebalance ended: a new generation with its members' partitions.
    GroupRebalanced { group: GroupId, generation: u32, members: u8 },
    /// The group coordinator dropped a consumer that sent no heartbeat for the session timeout.
    MemberExpired { group: GroupId, consumer: NodeId },
    /// A consumer left its group: it did not poll again within max.poll.interval.ms.
    MemberLeft { group: GroupId, consumer: NodeId },
    /// The coordinator dropped a member that did not join the rebalance within its timeout
    /// (max.poll.interval.ms).
    MemberDropped { group: GroupId, consumer: NodeId },
    /// A consumer starts a partition at `offset`: no offset was committed, or the log was
    /// truncated below its position.
    OffsetReset { consumer: NodeId, tp: Tp, offset: u64 },
    /// The group coordinator refused a consumer's offset commit.
    CommitRefused { consumer: NodeId, group: GroupId, error: GroupError },
}

impl Event {
    /// The business message the event is about, if any.
    pub fn message(&self) -> Option<MsgKey> {
        match self {
            Event::ProduceFailed { first, .. } => Some(first.key),
            Event::DuplicateDropped { msg, .. } => Some(msg.key),
            _ => None,
        }
    }

    /// One sentence for the inspector and the lifecycle list.
    pub fn describe(&self, topo: &Topology, lang: Lang) -> String {
        let n = |id: NodeId| topo.name(id).to_string();
        let p = |tp: Tp| partition_name(&topo.topics, tp);
        let g = |group: GroupId| topo.group_names.get(usize::from(group.0)).cloned().unwrap_or_default();
        match self {
            Event::BrokerRegistered { broker } => lang.pick(
                format!("the controller registered {}'s session", n(*broker)),
                format!("控制器登记了 {} 的会话", n(*broker)),
            ),
            Event::SessionExpired { broker } => lang.pick(
                format!("{}'s session expired: the controller declares it dead", n(*broker)),
                format!("{} 的会话过期：控制器判定它已宕机", n(*broker)),
            ),
            Event::LeaderElected { tp, leader, epoch, isr, unclean: false } => lang.pick(
                format!("{} is the leader of {} (epoch {epoch}, {isr} in sync)", n(*leader), p(*tp)),
                format!("{} 成为 {} 的 leader（epoch {epoch}，ISR 共 {isr} 个）", n(*leader), p(*tp)),
            ),
            Event::LeaderElected { tp, leader, epoch, unclean: true, .. } => lang.pick(
                format!(
                    "unclean election: {}, not in sync, is the leader of {} (epoch {epoch}); what it lacks is lost",
                    n(*leader),
                    p(*tp)
                ),
                format!(
                    "unclean 选举：不同步的 {} 成为 {} 的 leader（epoch {epoch}）；它缺少的消息丢失",
                    n(*leader),
                    p(*tp)
                ),
            ),
            Event::PartitionOffline { tp, epoch } => lang.pick(
                format!("{} is offline (epoch {epoch}): no in-sync replica is alive, writes and reads fail", p(*tp)),
                format!("{} 下线（epoch {epoch}）：没有存活的同步副本，读写都失败", p(*tp)),
            ),
            Event::IsrShrunk { tp, removed, isr } => lang.pick(
                format!("{} left the ISR of {} ({isr} in sync)", n(*removed), p(*tp)),
                format!("{} 被移出 {} 的 ISR（剩 {isr} 个同步副本）", n(*removed), p(*tp)),
            ),
            Event::IsrExpanded { tp, added, isr } => lang.pick(
                format!("{} caught up and rejoined the ISR of {} ({isr} in sync)", n(*added), p(*tp)),
                format!("{} 追上进度，重新加入 {} 的 ISR（共 {isr} 个同步副本）", n(*added), p(*tp)),
            ),
            Event::Truncated { node, tp, to, removed, leader } => lang.pick(
                format!(
                    "{} truncated {} to offset {to}, removing {removed} record(s) its leader {} does not have",
                    n(*node),
                    p(*tp),
                    n(*leader)
                ),
                format!(
                    "{} 把 {} 截断到 offset {to}，删除了 leader {} 没有的 {removed} 条消息",
                    n(*node),
                    p(*tp),
                    n(*leader)
                ),
            ),
            Event::ProduceFailed { producer, tp, leader, error, first, count } => {
                let msg = topo.msg_id_name(*first);
                lang.pick(
                    format!(
                        "{} answered {} for {count} record(s) of {} from {msg}: {}",
                        n(*leader),
                        n(*producer),
                        p(*tp),
                        produce_error(*error, lang)
                    ),
                    format!(
                        "{} 拒绝了 {} 发往 {} 的 {count} 条消息（从 {msg} 起）：{}",
                        n(*leader),
                        n(*producer),
                        p(*tp),
                        produce_error(*error, lang)
                    ),
                )
            }
            Event::DuplicateDropped { leader, tp, msg } => {
                let msg = topo.msg_id_name(*msg);
                lang.pick(
                    format!(
                        "{} already had {msg} in {} (a retry): the idempotent producer's duplicate is dropped",
                        n(*leader),
                        p(*tp)
                    ),
                    format!("{} 的 {} 里已有 {msg}（这是重试）：幂等生产者的重复消息被丢弃", n(*leader), p(*tp)),
                )
            }
            Event::GroupRebalanced { group, generation, members } => lang.pick(
                format!("group {} rebalanced: generation {generation}, {members} member(s)", g(*group)),
                format!("消费者组 {} 完成 rebalance：第 {generation} 代，{members} 个成员", g(*group)),
            ),
            Event::MemberExpired { group, consumer } => lang.pick(
                format!("{}'s session expired: the coordinator removes it from group {}", n(*consumer), g(*group)),
                format!("{} 的会话过期：协调器把它移出消费者组 {}", n(*consumer), g(*group)),
            ),
            Event::MemberLeft { group, consumer } => lang.pick(
                format!("{} left group {}: it did not poll again within max.poll.interval.ms", n(*consumer), g(*group)),
                format!("{} 离开消费者组 {}：它没有在 max.poll.interval.ms 内再次 poll", n(*consumer), g(*group)),
            ),
            Event::MemberDropped { group, consumer } => lang.pick(
                format!(
                    "the coordinator drops {} from group {}: it did not rejoin the rebalance in time",
                    n(*consumer),
                    g(*group)
                ),
                format!("协调器把 {} 移出消费者组 {}：它没有及时重新加入 rebalance", n(*consumer), g(*group)),
            ),
            Event::OffsetReset { consumer, tp, offset } => lang.pick(
                format!("{} starts {} at offset {offset}", n(*consumer), p(*tp)),
                format!("{} 从 offset {offset} 开始消费 {}", n(*consumer), p(*tp)),
            ),
            Event::CommitRefused { consumer, group, error } => lang.pick(
                format!(
                    "the coordinator refused {}'s offset commit for group {}: {}",
                    n(*consumer),
                    g(*group),
                    group_error(*error, lang)
                ),
                format!(
                    "协调器拒绝了 {} 在消费者组 {} 的 offset 提交：{}",
                    n(*consumer),
                    g(*group),
                    group_error(*error, lang)
                ),
            ),
        }
    }
}

/// A produce error in words.
pub fn produce_error(e: ProduceError, lang: Lang) -> &'static str {
    match e {
        ProduceError::NotLeader => {
            lang.pick("NOT_LEADER_OR_FOLLOWER (it does not lead it)", "NOT_LEADER_OR_FOLLOWER（它不是 leader）")
        }
        ProduceError::NotEnoughReplicas => lang.pick(
            "NOT_ENOUGH_REPLICAS (fewer in sync than min.insync.replicas; not written)",
            "NOT_ENOUGH_REPLICAS（同步副本少于 min.insync.replicas；未写入）",
        ),
        ProduceError::NotEnoughReplicasAfterAppend => lang.pick(
            "NOT_ENOUGH_REPLICAS_AFTER_APPEND (written, but the ISR shrank below min.insync.replicas)",
            "NOT_ENOUGH_REPLICAS_AFTER_APPEND（已写入，但 ISR 缩到 min.insync.replicas 以下）",
        ),
        ProduceError::RequestTimedOut => lang.pick(
            "REQUEST_TIMED_OUT (the in-sync replicas did not all copy it in time)",
            "REQUEST_TIMED_OUT（同步副本没能及时全部复制）",
        ),
        ProduceError::OutOfOrderSequence => lang.pick(
            "OUT_OF_ORDER_SEQUENCE_NUMBER (an earlier record is missing)",
            "OUT_OF_ORDER_SEQUENCE_NUMBER（缺少更早的消息）",
        ),
    }
}

fn group_error(e: GroupError, lang: Lang) -> &'static str {
    match e {
        GroupError::RebalanceInProgress => lang.pick("a rebalance is in progress", "正在 rebalance"),
        GroupError::IllegalGeneration => lang.pick("its generation is stale", "它的代（generation）已过期"),
        GroupError::UnknownMember => lang.pick("it is no longer a member", "它已不是组成员"),
    }
}
