//! The checker's findings in words: anomaly headlines, causes, faults and commands, in English and
//! Simplified Chinese. The engine keeps them as data (node ids, times); this is the only place they
//! become sentences, for the report, the CLI and the page alike.

use super::Lang;
use crate::sim::audit::explain::Cause;
use crate::sim::audit::lifecycle::CopyLoss;
use crate::sim::audit::report::{Anomaly, AnomalyKind};
use crate::sim::audit::FaultEvent;
use crate::sim::command::{Command, Direction};
use crate::sim::ids::{GroupId, NodeId};
use crate::sim::time::{SimTime, MS, SEC};
use crate::sim::topology::Topology;
use crate::sim::trace::{DropReason, SendFailure, TruncateReason};
use crate::sim::wire::MsgKind;
use crate::sim::world::{CommandError, DrainBlocker};

/// A sim time as a learner reads it: "12.004 s" / "12.004 秒"; past an hour "4 h 45 min 43.556 s".
pub fn time(t: SimTime, lang: Lang) -> String {
    let (s, ms) = (t.as_us() / SEC, (t.as_us() % SEC) / MS);
    if s < 3_600 {
        return lang.pick(format!("{s}.{ms:03} s"), format!("{s}.{ms:03} 秒"));
    }
    let (h, m, s) = (s / 3_600, (s % 3_600) / 60, s % 60);
    lang.pick(format!("{h} h {m} min {s}.{ms:03} s"), format!("{h} 小时 {m} 分 {s}.{ms:03} 秒"))
}

fn node(topo: &Topology, id: NodeId) -> &str {
    topo.name(id)
}

fn group(topo: &Topology, g: GroupId) -> &str {
    topo.group_names.get(usize::from(g.0)).map_or("?", String::as_str)
}

/// The name of a message kind, as the fault menu and the legend show it.
pub fn kind(k: MsgKind, lang: Lang) -> &'static str {
    use MsgKind::*;
    match (k, lang) {
        (Send, Lang::En) => "message",
        (Send, Lang::Zh) => "消息",
        (SendResult, Lang::En) => "send result (SEND_OK)",
        (SendResult, Lang::Zh) => "发送结果（SEND_OK）",
        (Pull, Lang::En) => "pull request",
        (Pull, Lang::Zh) => "拉取请求",
        (PullResult, Lang::En) => "pull result",
        (PullResult, Lang::Zh) => "拉取结果",
        (ConsumerAck, Lang::En) => "consumer ack (offset commit)",
        (ConsumerAck, Lang::Zh) => "消费确认（位点提交）",
        (Replicate, Lang::En) => "replication",
        (Replicate, Lang::Zh) => "主从复制",
        (ReplicateAck, Lang::En) => "replication ack",
        (ReplicateAck, Lang::Zh) => "复制确认",
        (Heartbeat, Lang::En) => "heartbeat",
        (Heartbeat, Lang::Zh) => "心跳",
        (Route, Lang::En) => "route",
        (Route, Lang::Zh) => "路由",
        (Rebalance, Lang::En) => "rebalance",
        (Rebalance, Lang::Zh) => "负载均衡",
        (SendBack, Lang::En) => "send-back for retry",
        (SendBack, Lang::Zh) => "消费失败回传重试",
        (Dedup, Lang::En) => "dedup call",
        (Dedup, Lang::Zh) => "去重调用",
        (Conn, Lang::En) => "connection reset",
        (Conn, Lang::Zh) => "连接断开",
        (Election, Lang::En) => "election (vote, new leader)",
        (Election, Lang::Zh) => "选举（投票、新 leader）",
    }
}

pub(crate) fn drop_reason(r: DropReason, lang: Lang) -> &'static str {
    match (r, lang) {
        (DropReason::Partition, Lang::En) => "by a partition",
        (DropReason::Partition, Lang::Zh) => "被网络分区阻断",
        (DropReason::Injected, Lang::En) => "by an injected fault",
        (DropReason::Injected, Lang::Zh) => "被注入的故障丢弃",
        (DropReason::Loss, Lang::En) => "by random network loss",
        (DropReason::Loss, Lang::Zh) => "因网络随机丢包丢失",
        (DropReason::DestinationDown, Lang::En) => "because the destination was down",
        (DropReason::DestinationDown, Lang::Zh) => "因目标节点宕机而丢失",
    }
}

fn send_failure(r: SendFailure, lang: Lang) -> &'static str {
    match (r, lang) {
        (SendFailure::Timeout, Lang::En) => "timed out",
        (SendFailure::Timeout, Lang::Zh) => "超时",
        (SendFailure::NoRoute, Lang::En) => "no route to any master",
        (SendFailure::NoRoute, Lang::Zh) => "没有可用的 master 路由",
        (SendFailure::BrokerUnreachable, Lang::En) => "broker unreachable",
        (SendFailure::BrokerUnreachable, Lang::Zh) => "broker 不可达",
        (SendFailure::ProducerCrashed, Lang::En) => "the producer crashed",
        (SendFailure::ProducerCrashed, Lang::Zh) => "生产者宕机",
    }
}

/// One cause, as a clause.
pub fn cause(c: &Cause, topo: &Topology, lang: Lang) -> String {
    let t = |at: SimTime| time(at, lang);
    let n = |id: NodeId| node(topo, id).to_string();
    match c {
        Cause::Acked { at, broker, .. } => {
            // SEND_OK is RocketMQ's word; another system's server acknowledges in its own terms.
            if topo.servers.is_empty() {
                lang.pick(format!("acked (SEND_OK) by {} at {}", n(*broker), t(*at)), format!("{} 由 {} 确认（SEND_OK）", t(*at), n(*broker)))
            } else {
                lang.pick(format!("acknowledged by {} at {}", n(*broker), t(*at)), format!("{} 由 {} 确认", t(*at), n(*broker)))
            }
        }
        Cause::Accepted { at, producer } => lang.pick(
            format!("kept in {}'s message table at {}", n(*producer), t(*at)),
            format!("{} 已写入 {} 的本地消息表", t(*at), n(*producer)),
        ),
        Cause::CopyDestroyed { at, node, how: CopyLoss::Unflushed } => lang.pick(
            format!("{} crashed at {} before flushing it to disk", n(*node), t(*at)),
            format!("{} 在 {} 宕机，此时消息尚未刷盘", n(*node), t(*at)),
        ),
        Cause::CopyDestroyed { at, node, how: CopyLoss::DiskLost } => {
            lang.pick(format!("{} lost its disk at {}", n(*node), t(*at)), format!("{} 在 {} 磁盘损坏", n(*node), t(*at)))
        }
        Cause::CopyDestroyed { at, node, how: CopyLoss::TruncatedToMaster } => lang.pick(
            format!("{} dropped its copy at {} to match its restarted master, which had lost it", n(*node), t(*at)),
            format!("{} 在 {} 为与重启后的 master 保持一致，删除了自己的副本（master 已丢失该消息）", n(*node), t(*at)),
        ),
        Cause::CopyDestroyed { at, node, how: CopyLoss::TruncatedToLeader } => lang.pick(
            format!("{} dropped its copy at {}: the newly elected leader did not have it", n(*node), t(*at)),
            format!("{} 在 {} 删除了自己的副本：新选出的 leader 没有这条消息", n(*node), t(*at)),
        ),
        Cause::CopyDestroyed { at, node, how: CopyLoss::NotPersistent } => lang.pick(
            format!("{} held it in memory only (not persistent) and lost it at {}", n(*node), t(*at)),
            format!("{} 只在内存中保存它（非持久化），在 {} 丢失", n(*node), t(*at)),
        ),
        Cause::NoSlaveCopy if topo.servers.is_empty() => {
            lang.pick("no slave had copied it".into(), "没有任何 slave 复制过它".into())
        }
        Cause::NoSlaveCopy => lang.pick("no other server had a copy".into(), "没有其他服务器持有副本".into()),
        Cause::Stranded { node, since } => lang.pick(
            format!("its only copy is on {}, down since {}", n(*node), t(*since)),
            format!("唯一的副本在 {} 上，该节点自 {} 起不可用", n(*node), t(*since)),
        ),
        Cause::NeverStored { failures } => lang.pick(
            format!("no broker ever stored it ({failures} failed sends)"),
            format!("没有任何 broker 存储过它（发送失败 {failures} 次）"),
        ),
        Cause::SendFailed { at, msg, reason } => {
            let msg = topo.msg_id_name(*msg);
            lang.pick(
                format!("the send of {msg} failed at {}: {}", t(*at), send_failure(*reason, lang)),
                format!("{} 发送 {msg} 失败：{}", t(*at), send_failure(*reason, lang)),
            )
        }
        Cause::ProducerGaveUp { at } => {
            lang.pick(format!("the producer gave up resending at {}", t(*at)), format!("{} 生产者放弃重发", t(*at)))
        }
        Cause::DeliveredWithAutoAck { at, consumer } => lang.pick(
            format!("delivered to {} with auto ack at {}: the broker counted it consumed at once", n(*consumer), t(*at)),
            format!("{} 以自动确认方式投递给 {}：broker 立即视为已消费", t(*at), n(*consumer)),
        ),
        Cause::ConsumerCrashed { at, consumer } => {
            lang.pick(format!("{} crashed at {}", n(*consumer), t(*at)), format!("{} 在 {} 宕机", n(*consumer), t(*at)))
        }
        Cause::ClaimedInRedis { at, consumer } => lang.pick(
            format!("{} set its dedup key in Redis (SETNX) at {}", n(*consumer), t(*at)),
            format!("{} 在 {} 用 SETNX 在 Redis 中写入去重键", n(*consumer), t(*at)),
        ),
        Cause::SkippedAsDuplicate { at, consumer, store } => lang.pick(
            format!(
                "at {} {} skipped the redelivery because {} said it was already done, but its side effect never happened",
                t(*at),
                n(*consumer),
                n(*store)
            ),
            format!("{} {} 因 {} 认为已处理而跳过了重新投递，但业务操作从未执行", t(*at), n(*consumer), n(*store)),
        ),
        Cause::DeliveredNotProcessed { at, consumer, count } => lang.pick(
            format!("delivered {count} time(s), last to {} at {}, never processed", n(*consumer), t(*at)),
            format!("投递了 {count} 次（最后一次在 {} 投递给 {}），始终未被处理", t(*at), n(*consumer)),
        ),
        Cause::NeverDelivered => lang.pick("never delivered to the group".into(), "从未投递给该消费组".into()),
        Cause::PositionReused { at, node: b, queue, offset } => {
            let (b, q) = (n(*b), topo.queue_name(*queue));
            lang.pick(
                format!(
                    "{b} wrote it at {} at position {offset} of queue {q}, a position the group had already read before the master crashed and lost the entry there: the group's offset was past it, so it was never delivered",
                    t(*at)
                ),
                format!(
                    "{b} 在 {} 把它写在队列 {q} 的位置 {offset}，而该消费组在 master 宕机丢掉此处原有的消息之前已经读过这个位置：消费位点已越过它，所以它从未被投递",
                    t(*at)
                ),
            )
        }
        Cause::FirstEffect { at, consumer, by } => {
            if by == consumer {
                lang.pick(format!("processed by {} at {}", n(*consumer), t(*at)), format!("{} 由 {} 处理", t(*at), n(*consumer)))
            } else {
                lang.pick(
                    format!("processed by {} at {} (side effect in {})", n(*consumer), t(*at), n(*by)),
                    format!("{} 由 {} 处理（业务操作写入 {}）", t(*at), n(*consumer), n(*by)),
                )
            }
        }
        Cause::Redelivered { at, consumer, from, msg } => {
            let msg = topo.msg_id_name(*msg);
            lang.pick(
                format!("delivered again to {} at {} from {} (as {msg})", n(*consumer), t(*at), n(*from)),
                format!("{} 再次从 {} 投递给 {}（消息 ID {msg}）", t(*at), n(*from), n(*consumer)),
            )
        }
        Cause::ProducerResent { at, msg } => {
            let msg = topo.msg_id_name(*msg);
            lang.pick(
                format!("the producer's compensation job resent it at {} as a new message id {msg}", t(*at)),
                format!("{} 生产者的补偿任务重发了它，新的消息 ID 为 {msg}", t(*at)),
            )
        }
        Cause::SendResultDropped { at, from, to, reason } => lang.pick(
            format!("the send result from {} to {} was lost at {} {}", n(*from), n(*to), t(*at), drop_reason(*reason, lang)),
            format!("{} 从 {} 发往 {} 的发送结果{}", t(*at), n(*from), n(*to), drop_reason(*reason, lang)),
        ),
        Cause::ResentAfterStatus { at, status, broker } => lang.pick(
            format!("{} answered {status:?} at {} although it stored it, so the producer sent it to another broker", n(*broker), t(*at)),
            format!("{} 已存储消息却在 {} 返回 {status:?}，生产者于是把它发往另一个 broker", n(*broker), t(*at)),
        ),
        Cause::FailedAfterEffect { at } => lang.pick(
            format!("processing reported failure at {} after the side effect had happened", t(*at)),
            format!("{} 处理报告失败，但业务操作已经执行", t(*at)),
        ),
        Cause::AckDropped { at, from, to, reason } => lang.pick(
            format!("the offset commit (ack) from {} to {} was lost at {} {}", n(*from), n(*to), t(*at), drop_reason(*reason, lang)),
            format!("{} 从 {} 发往 {} 的消费确认（位点提交）{}", t(*at), n(*from), n(*to), drop_reason(*reason, lang)),
        ),
        Cause::Rebalanced { at, consumer } => lang.pick(
            format!("the group rebalanced at {} ({} took over queues or partitions and started from the last committed offset)", t(*at), n(*consumer)),
            format!("{} 消费组发生重平衡（{} 接手队列或分区，从上次提交的位点开始消费）", t(*at), n(*consumer)),
        ),
        Cause::OffsetsReverted { at, node } => lang.pick(
            format!("{}'s crash at {} reverted consumer offsets to its last snapshot", n(*node), t(*at)),
            format!("{} 在 {} 宕机，消费位点回退到上次持久化的快照", n(*node), t(*at)),
        ),
        Cause::ReadFromSlave { node } => lang.pick(
            format!("read from {}, whose consumer offsets lag behind the master's", n(*node)),
            format!("从 {} 读取，而 slave 上的消费位点落后于 master", n(*node)),
        ),
        Cause::RedisKeyExpired { at } => lang.pick(
            format!("the Redis dedup key had expired by {} (TTL shorter than the redelivery)", t(*at)),
            format!("到 {} 时 Redis 去重键已过期（TTL 短于重新投递的间隔）", t(*at)),
        ),
        Cause::RedisRestarted { at } => {
            lang.pick(format!("Redis crashed at {} and forgot its dedup keys", t(*at)), format!("Redis 在 {} 宕机，去重键全部丢失", t(*at)))
        }
        Cause::CaughtBy { at, store } => lang.pick(
            format!("{} caught the duplicate at {}: no second side effect", n(*store), t(*at)),
            format!("{} 在 {} 拦截了重复消息：业务操作没有执行第二次", n(*store), t(*at)),
        ),
        Cause::DeadLettered { at, deliveries } => lang.pick(
            if *deliveries == 1 {
                format!("moved to the dead-letter queue at {} after its first delivery", t(*at))
            } else {
                format!("moved to the dead-letter queue at {} after {deliveries} deliveries", t(*at))
            },
            format!("投递 {deliveries} 次后于 {} 进入死信队列", t(*at)),
        ),
        Cause::Fault { at, event } => fault(event, *at, topo, lang),
        // Transactions and ordering are worded beside their trace events. Listed, not `_`: the two
        // functions fall back on each other, so a cause neither words would recurse forever.
        Cause::LocalCommitted { .. }
        | Cause::LocalRolledBack { .. }
        | Cause::SentBeforeCommit { .. }
        | Cause::EndDropped { .. }
        | Cause::ProducerCrashed { .. }
        | Cause::HalfNotCommitted { .. }
        | Cause::HalfDiscarded { .. }
        | Cause::AfterNewer { .. }
        | Cause::RetriedLater { .. }
        | Cause::KeyInTwoQueues { .. } => super::rocket::cause(c, topo, lang),
    }
}

/// A fault the checker recorded, with its time.
pub fn fault(e: &FaultEvent, at: SimTime, topo: &Topology, lang: Lang) -> String {
    let t = time(at, lang);
    let n = |id: &NodeId| node(topo, *id).to_string();
    match e {
        FaultEvent::Command { command, .. } => lang
            .pick(format!("at {t}: {}", command_text(command, lang)), format!("{t}：{}", command_text(command, lang))),
        FaultEvent::Dropped { from, to, kind: k, reason, .. } => lang.pick(
            format!(
                "a {} from {} to {} was lost at {t} {}",
                kind(*k, lang),
                n(from),
                n(to),
                drop_reason(*reason, lang)
            ),
            format!("{t} 从 {} 发往 {} 的{}{}", n(from), n(to), kind(*k, lang), drop_reason(*reason, lang)),
        ),
        FaultEvent::Crashed { node } => {
            lang.pick(format!("{} crashed at {t}", n(node)), format!("{} 在 {t} 宕机", n(node)))
        }
        FaultEvent::Truncated { node, from, to, reason: TruncateReason::Unflushed } => lang.pick(
            format!("{} lost commit-log entries {from}–{} at {t} (not flushed)", n(node), to.saturating_sub(1)),
            format!("{} 在 {t} 丢失了未刷盘的 commit log 条目 {from}–{}", n(node), to.saturating_sub(1)),
        ),
        FaultEvent::Truncated { node, from, to, reason: TruncateReason::MasterRestarted } => lang.pick(
            format!(
                "{} dropped commit-log entries {from}–{} at {t} to match its restarted master",
                n(node),
                to.saturating_sub(1)
            ),
            format!(
                "{} 在 {t} 删除了 commit log 条目 {from}–{}，以与重启后的 master 一致",
                n(node),
                to.saturating_sub(1)
            ),
        ),
        FaultEvent::Truncated { node, from, to, reason: TruncateReason::NewLeader } => lang.pick(
            format!(
                "{} dropped log entries {from}–{} at {t}: the new leader did not have them",
                n(node),
                to.saturating_sub(1)
            ),
            format!("{} 在 {t} 删除了日志条目 {from}–{}：新 leader 没有这些条目", n(node), to.saturating_sub(1)),
        ),
        FaultEvent::Truncated { node, from, to, reason: TruncateReason::NotPersistent } => lang.pick(
            format!("{} lost entries {from}–{} at {t}: they were kept in memory only", n(node), to.saturating_sub(1)),
            format!("{} 在 {t} 丢失了条目 {from}–{}：它们只保存在内存中", n(node), to.saturating_sub(1)),
        ),
        FaultEvent::Truncated { node, from, to, reason: TruncateReason::DiskLost } => lang.pick(
            format!("{} lost entries {from}–{} at {t} with its disk", n(node), to.saturating_sub(1)),
            format!("{} 在 {t} 随磁盘一起丢失了条目 {from}–{}", n(node), to.saturating_sub(1)),
        ),
        FaultEvent::OffsetsReverted { node } => lang.pick(
            format!("{} reverted consumer offsets at {t}", n(node)),
            format!("{} 在 {t} 回退了消费位点", n(node)),
        ),
        FaultEvent::DiskLost { node } => {
            lang.pick(format!("{} lost its disk at {t}", n(node)), format!("{} 在 {t} 磁盘损坏", n(node)))
        }
        FaultEvent::RedisKeyExpired { group: g, msg } => {
            let msg = topo.msg_id_name(*msg);
            lang.pick(
                format!("the Redis key of {msg} for group {} expired before {t}", group(topo, *g)),
                format!("消费组 {} 中 {msg} 的 Redis 键在 {t} 之前已过期", group(topo, *g)),
            )
        }
    }
}

fn direction(d: Direction, lang: Lang) -> &'static str {
    match (d, lang) {
        (Direction::Both, Lang::En) => "both ways",
        (Direction::Both, Lang::Zh) => "双向",
        (Direction::Inbound, Lang::En) => "inbound",
        (Direction::Inbound, Lang::Zh) => "入方向",
        (Direction::Outbound, Lang::En) => "outbound",
        (Direction::Outbound, Lang::Zh) => "出方向",
    }
}

fn endpoint(name: &Option<String>, lang: Lang) -> String {
    name.clone().unwrap_or_else(|| lang.pick("any node", "任意节点").to_string())
}

/// A command as the action log lists it.
pub fn command_text(c: &Command, lang: Lang) -> String {
    use Command::*;
    match c {
        Crash { node } => lang.pick(format!("crash {node}"), format!("让 {node} 宕机")),
        Restart { node } => lang.pick(format!("restart {node}"), format!("重启 {node}")),
        LoseDisk { node } => lang.pick(format!("{node} loses its disk"), format!("{node} 磁盘损坏")),
        Pause { node } => lang.pick(format!("pause {node}"), format!("暂停 {node}")),
        Resume { node } => lang.pick(format!("resume {node}"), format!("恢复 {node}")),
        SlowConsumer { node, processing_ms } => lang.pick(
            format!("{node} now takes {processing_ms} ms per message"),
            format!("{node} 每条消息处理耗时改为 {processing_ms} 毫秒"),
        ),
        SlowDisk { node, flush_latency_ms } => lang.pick(
            format!("{node}'s disk now takes {flush_latency_ms} ms per flush"),
            format!("{node} 每次刷盘耗时改为 {flush_latency_ms} 毫秒"),
        ),
        Isolate { node, direction: d } => lang.pick(
            format!("isolate {node} ({})", direction(*d, lang)),
            format!("隔离 {node}（{}）", direction(*d, lang)),
        ),
        Cut { from, to, one_way } => {
            if *one_way {
                lang.pick(format!("cut the link {from} → {to}"), format!("切断链路 {from} → {to}"))
            } else {
                lang.pick(format!("cut the link {from} ↔ {to}"), format!("切断链路 {from} ↔ {to}"))
            }
        }
        HealNode { node } => lang.pick(format!("heal {node}'s network"), format!("恢复 {node} 的网络")),
        HealLink { from, to } => lang.pick(format!("heal the link {from} ↔ {to}"), format!("恢复链路 {from} ↔ {to}")),
        HealAll => lang.pick("heal every link".into(), "恢复所有网络".into()),
        DropNext { from, to, kind: k, count } => {
            let what = k.map_or(lang.pick("message", "消息"), |k| kind(k, lang));
            lang.pick(
                format!("drop the next {count} {what} from {} to {}", endpoint(from, lang), endpoint(to, lang)),
                format!("丢弃接下来 {count} 个从 {} 发往 {} 的{what}", endpoint(from, lang), endpoint(to, lang)),
            )
        }
        DelayNext { from, to, kind: k, count, delay_ms } => {
            let what = k.map_or(lang.pick("message", "消息"), |k| kind(k, lang));
            lang.pick(
                format!(
                    "delay the next {count} {what} from {} to {} by {delay_ms} ms",
                    endpoint(from, lang),
                    endpoint(to, lang)
                ),
                format!(
                    "将接下来 {count} 个从 {} 发往 {} 的{what}延迟 {delay_ms} 毫秒",
                    endpoint(from, lang),
                    endpoint(to, lang)
                ),
            )
        }
    }
}

/// What kind of anomaly, about which message and group.
pub fn headline(a: &Anomaly, topo: &Topology, lang: Lang) -> String {
    let g = group(topo, a.group);
    let k = topo.message_name(a.key);
    match (a.kind, lang) {
        (AnomalyKind::Lost, Lang::En) => format!("message {k} lost for group {g}"),
        (AnomalyKind::Lost, Lang::Zh) => format!("消息 {k} 对消费组 {g} 丢失"),
        (AnomalyKind::DuplicateEffect, Lang::En) => format!("message {k} processed twice by group {g}"),
        (AnomalyKind::DuplicateEffect, Lang::Zh) => format!("消息 {k} 被消费组 {g} 重复处理"),
        (AnomalyKind::DuplicateCaught, Lang::En) => format!("duplicate of message {k} caught in group {g}"),
        (AnomalyKind::DuplicateCaught, Lang::Zh) => format!("消费组 {g} 拦截了消息 {k} 的重复投递"),
        (AnomalyKind::DeadLettered, Lang::En) => format!("message {k} dead-lettered in group {g}"),
        (AnomalyKind::DeadLettered, Lang::Zh) => format!("消息 {k} 在消费组 {g} 进入死信队列"),
        (AnomalyKind::DeliveredAfterRollback, Lang::En) => {
            format!("message {k} processed by group {g} although its local transaction rolled back")
        }
        (AnomalyKind::DeliveredAfterRollback, Lang::Zh) => format!("消息 {k} 的本地事务已回滚，消费组 {g} 却处理了它"),
        (AnomalyKind::OutOfOrder, Lang::En) => format!("message {k} processed out of order by group {g}"),
        (AnomalyKind::OutOfOrder, Lang::Zh) => format!("消费组 {g} 乱序处理了消息 {k}"),
        (AnomalyKind::OutOfOrderReplay, Lang::En) => {
            format!("message {k} processed again by group {g} after a later message of its key")
        }
        (AnomalyKind::OutOfOrderReplay, Lang::Zh) => format!("消费组 {g} 在同一键的后续消息之后又处理了一次消息 {k}"),
    }
}

/// The whole explanation: headline, then the causes.
pub fn anomaly(a: &Anomaly, topo: &Topology, lang: Lang) -> String {
    let causes: Vec<String> = a.causes.iter().map(|c| cause(c, topo, lang)).collect();
    let sep = lang.pick("; ", "；");
    lang.pick(
        format!("{}: {}", headline(a, topo, lang), causes.join(sep)),
        format!("{}：{}", headline(a, topo, lang), causes.join(sep)),
    )
}

/// What keeps a run from draining, in words.
pub fn drain_blocker(b: &DrainBlocker, topo: &Topology, lang: Lang) -> String {
    match b {
        DrainBlocker::ProducerBusy { producer } => {
            let p = node(topo, *producer);
            lang.pick(format!("{p} still has messages to send or confirm"), format!("{p} 仍有消息待发送或待确认"))
        }
        DrainBlocker::ConsumerBusy { consumer, messages } => {
            let c = node(topo, *consumer);
            lang.pick(
                format!("{c} still holds {messages} unfinished message(s)"),
                format!("{c} 仍有 {messages} 条消息未处理完"),
            )
        }
        DrainBlocker::QueueBehind { group: g, broker, queue, behind } => {
            let (g, b, q) = (group(topo, *g), node(topo, *broker), topo.queue_name(*queue));
            lang.pick(
                format!("group {g} is {behind} message(s) behind in queue {q} on {b}"),
                format!("消费组 {g} 在 {b} 的队列 {q} 上落后 {behind} 条消息"),
            )
        }
        DrainBlocker::RetriesPending { group: g, broker } => {
            let (g, b) = (group(topo, *g), node(topo, *broker));
            lang.pick(
                format!("messages of group {g} wait on {b} for a retry"),
                format!("消费组 {g} 的消息在 {b} 上等待重试"),
            )
        }
        DrainBlocker::TransactionsPending { broker, halves } => {
            let b = node(topo, *broker);
            lang.pick(
                format!("{halves} half message(s) on {b} still wait for END_TRANSACTION or a check-back"),
                format!("{b} 上仍有 {halves} 条半消息在等待 END_TRANSACTION 或事务回查"),
            )
        }
    }
}

/// Why a command was refused.
pub fn refusal(e: &CommandError, lang: Lang) -> String {
    match e {
        CommandError::UnknownNode { node } => {
            lang.pick(format!("no node named \"{node}\""), format!("没有名为“{node}”的节点"))
        }
        CommandError::AlreadyDown { node } => lang.pick(format!("{node} is already down"), format!("{node} 已经宕机")),
        CommandError::AlreadyPaused { node } => {
            lang.pick(format!("{node} is already paused"), format!("{node} 已经暂停"))
        }
        CommandError::DiskLost { node } => {
            lang.pick(format!("{node} lost its disk and cannot restart"), format!("{node} 磁盘已损坏，无法重启"))
        }
        CommandError::NotCrashed { node } => lang.pick(format!("{node} is not crashed"), format!("{node} 没有宕机")),
        CommandError::NotPaused { node } => lang.pick(format!("{node} is not paused"), format!("{node} 没有暂停")),
        CommandError::NotAConsumer { node } => {
            lang.pick(format!("{node} is not a consumer"), format!("{node} 不是消费者"))
        }
        CommandError::NotABroker { node } => {
            lang.pick(format!("{node} is not a broker"), format!("{node} 不是 broker"))
        }
    }
}

impl super::Localize for CommandError {
    fn localize(&self, lang: Lang) -> String {
        refusal(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_naturally_in_both_languages() {
        assert_eq!(time(SimTime(12_004_000), Lang::En), "12.004 s");
        assert_eq!(time(SimTime(12_004_000), Lang::Zh), "12.004 秒");
        let late = SimTime((4 * 3_600 + 45 * 60 + 43) * SEC + 556 * MS);
        assert_eq!(time(late, Lang::En), "4 h 45 min 43.556 s");
        assert_eq!(time(late, Lang::Zh), "4 小时 45 分 43.556 秒");
    }
}
