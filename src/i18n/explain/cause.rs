//! One cause of an anomaly as a clause: what the checker found (a crash that lost a copy, an ack
//! that never arrived, a redelivery) with its nodes and times named.

use super::{drop_reason, fault, kind, node, send_failure, time, Lang};
use crate::scenario::model::System;
use crate::scenario::systems::redis_queue::Persistence;
use crate::scenario::systems::SystemKind;
use crate::sim::audit::explain::Cause;
use crate::sim::audit::lifecycle::CopyLoss;
use crate::sim::ids::NodeId;
use crate::sim::time::SimTime;
use crate::sim::topology::Topology;
use crate::sim::trace::DropReason;
use crate::sim::wire::MsgKind;

/// How the server that lost a copy in a crash puts messages on disk, which says what the crash
/// caught it without.
enum OnDisk {
    /// Flushed from the page cache (a RocketMQ or Kafka broker, RabbitMQ, a Raft replica).
    Flush,
    /// Redis `rdb`: the whole dataset in a snapshot now and then.
    Snapshot,
    /// Redis `aof_everysec` / `aof_always`: each write appended to a file, then fsynced.
    Aof,
}

fn on_disk(topo: &Topology) -> OnDisk {
    match &topo.system {
        System::RedisQueue(r) => match r.persistence {
            Persistence::Rdb => OnDisk::Snapshot,
            Persistence::AofEverysec | Persistence::AofAlways => OnDisk::Aof,
            // Nothing on disk: such a copy is recorded as `NotPersistent`, never `Unflushed`.
            Persistence::None => OnDisk::Flush,
        },
        _ => OnDisk::Flush,
    }
}

/// How a copy went, as the inspector's lifecycle says it after "the copy on redis-mq is gone: it".
pub fn copy_loss(how: CopyLoss, topo: &Topology, lang: Lang) -> &'static str {
    match how {
        CopyLoss::Unflushed => match on_disk(topo) {
            OnDisk::Flush => lang.pick("crashed before flushing it", "宕机时尚未刷盘"),
            OnDisk::Snapshot => {
                lang.pick("crashed before an RDB snapshot included it", "宕机时还没有包含它的 RDB 快照")
            }
            OnDisk::Aof => {
                lang.pick("crashed after writing it to the AOF, before fsyncing it", "已写入 AOF，宕机时尚未 fsync")
            }
        },
        CopyLoss::DiskLost => lang.pick("lost its disk", "磁盘损坏"),
        CopyLoss::TruncatedToMaster => lang.pick("dropped it to match its master", "为与 master 一致而删除"),
        CopyLoss::TruncatedToLeader => {
            lang.pick("dropped it to match a new leader that did not have it", "新 leader 没有它，因此被删除")
        }
        CopyLoss::NotPersistent => lang.pick("kept it in memory only and restarted", "只保存在内存中，重启后丢失"),
    }
}

/// A send the network lost on its way, as the inspector's lifecycle says it beside its time.
pub fn send_lost(to: NodeId, reason: DropReason, topo: &Topology, lang: Lang) -> String {
    let (to, why) = (node(topo, to), drop_reason(reason, lang));
    lang.pick(format!("its send to {to} was lost {why}"), format!("发往 {to} 的这次发送{why}"))
}

/// The answer that would have promised a message, in `system`'s words: in English after "never
/// got", in Chinese after "从未" with its verb, so that each phrase carries its own spacing between
/// Chinese and Latin words. The producer waits for exactly this and nothing else tells it the
/// message is safe.
fn promise(system: SystemKind) -> (&'static str, &'static str) {
    match system {
        SystemKind::Rocketmq => ("a SEND_OK", "收到它的 SEND_OK"),
        SystemKind::Kafka => ("a produce response (acks)", "收到它的生产响应（acks）"),
        SystemKind::Rabbitmq => {
            ("a publisher confirm (basic.ack)", "收到它的发布确认（publisher confirm 的 basic.ack）")
        }
        SystemKind::RedisQueue => ("the reply to its LPUSH", "收到 LPUSH 的回复"),
        SystemKind::Raft => ("the leader's reply (committed)", "收到 leader 确认已提交的回复"),
    }
}

/// One cause, as a clause.
pub fn cause(c: &Cause, topo: &Topology, lang: Lang) -> String {
    let t = |at: SimTime| time(at, lang);
    let n = |id: NodeId| node(topo, id).to_string();
    match c {
        Cause::Acked { at, broker, .. } => {
            // SEND_OK is RocketMQ's word; another system's server acknowledges in its own terms.
            if topo.system_kind() == SystemKind::Rocketmq {
                lang.pick(format!("acked (SEND_OK) by {} at {}", n(*broker), t(*at)), format!("{} 由 {} 确认（SEND_OK）", t(*at), n(*broker)))
            } else {
                lang.pick(format!("acknowledged by {} at {}", n(*broker), t(*at)), format!("{} 由 {} 确认", t(*at), n(*broker)))
            }
        }
        Cause::Accepted { at, producer } => lang.pick(
            format!("kept in {}'s message table at {}", n(*producer), t(*at)),
            format!("{} 已写入 {} 的本地消息表", t(*at), n(*producer)),
        ),
        Cause::CopyDestroyed { at, node, how: CopyLoss::Unflushed } => match on_disk(topo) {
            OnDisk::Flush => lang.pick(
                format!("{}'s machine crashed at {} before the message was flushed to disk (the page cache went with it)", n(*node), t(*at)),
                format!("{} 所在机器在 {} 宕机，此时消息尚未刷盘（页缓存随之丢失）", n(*node), t(*at)),
            ),
            OnDisk::Snapshot => lang.pick(
                format!("{} crashed at {} with no RDB snapshot taken since the message was written (Redis saves one only at its save points)", n(*node), t(*at)),
                format!("{} 在 {} 宕机，消息写入后还没有生成过 RDB 快照（Redis 只在满足 save 条件时保存快照）", n(*node), t(*at)),
            ),
            OnDisk::Aof => lang.pick(
                format!("{}'s machine crashed at {} after the message was written to the AOF but before it was fsynced (the page cache went with it)", n(*node), t(*at)),
                format!("{} 所在机器在 {} 宕机，消息已写入 AOF 但尚未 fsync（页缓存随之丢失）", n(*node), t(*at)),
            ),
        },
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
        Cause::NoSlaveCopy if topo.system_kind() == SystemKind::Rocketmq => {
            lang.pick("no slave had copied it".into(), "没有任何 slave 复制过它".into())
        }
        Cause::NoSlaveCopy => lang.pick("no other server had a copy".into(), "没有其他服务器持有副本".into()),
        Cause::Stranded { node, since } => lang.pick(
            format!("its only copy is on {}, down since {}", n(*node), t(*since)),
            format!("唯一的副本在 {} 上，该节点自 {}起不可用", n(*node), t(*since)),
        ),
        Cause::NeverStored { failures: 0 } => {
            lang.pick("no server ever stored it".into(), "没有任何服务器存储过它".into())
        }
        Cause::NeverStored { failures } if topo.system_kind() == SystemKind::Rocketmq => lang.pick(
            format!("no broker ever stored it ({failures} failed sends)"),
            format!("没有任何 broker 存储过它（发送失败 {failures} 次）"),
        ),
        Cause::NeverStored { failures } => lang.pick(
            format!("no server ever stored it ({failures} failed sends)"),
            format!("没有任何服务器存储过它（发送失败 {failures} 次）"),
        ),
        Cause::SendFailed { at, msg, reason } => {
            let msg = topo.msg_id_name(*msg);
            lang.pick(
                format!("the send of {msg} failed at {}: {}", t(*at), send_failure(*reason, topo.system_kind(), lang)),
                format!("{} 发送 {msg} 失败：{}", t(*at), send_failure(*reason, topo.system_kind(), lang)),
            )
        }
        Cause::SendDropped { at, to, reason } => lang.pick(
            format!("its send to {} at {} was lost {}", n(*to), t(*at), drop_reason(*reason, lang)),
            format!("{} 发往 {} 的这次发送{}", t(*at), n(*to), drop_reason(*reason, lang)),
        ),
        Cause::ProducerGaveUp { at } => {
            lang.pick(format!("the producer gave up resending at {}", t(*at)), format!("{} 生产者放弃重发", t(*at)))
        }
        Cause::DeliveredWithAutoAck { at, consumer } => lang.pick(
            // Said for every system: a broker's auto ack and a Redis BRPOP both let go at once.
            format!(
                "handed to {} at {} with no ack to wait for (auto ack, or a plain BRPOP): the queue let go of it at once",
                n(*consumer),
                t(*at)
            ),
            format!("{} 交给 {} 时无需等待确认（自动确认，或直接 BRPOP）：队列立即放手", t(*at), n(*consumer)),
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
        Cause::NeverDelivered => lang.pick("never delivered to the group".into(), "从未投递给该消费者组".into()),
        Cause::NeverConfirmed { producer } => {
            let (en, zh) = promise(topo.system_kind());
            lang.pick(
                format!("{} never got {en} for it (it was never promised)", n(*producer)),
                format!("{} 从未{zh}（它从未得到承诺）", n(*producer)),
            )
        }
        Cause::PositionReused { at, node: b, queue, offset } => {
            let (b, q) = (n(*b), topo.queue_name(*queue));
            lang.pick(
                format!(
                    "{b} wrote it at {} at position {offset} of queue {q}, a position the group had already read before the master crashed and lost the entry there: the group's offset was past it, so it was never delivered",
                    t(*at)
                ),
                format!(
                    "{b} 在 {} 把它写在队列 {q} 的位置 {offset}，而该消费者组在 master 宕机丢掉此处原有的消息之前已经读过这个位置：消费位点已越过它，所以它从未被投递",
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
        Cause::SendResultDropped { at, from, to, reason } => {
            let what = kind(MsgKind::SendResult, topo.system_kind(), lang);
            lang.pick(
                format!("the {what} from {} to {} was lost at {} {}", n(*from), n(*to), t(*at), drop_reason(*reason, lang)),
                format!("{} 从 {} 发往 {} 的{}{}", t(*at), n(*from), n(*to), super::kinds::after_hanzi(what), drop_reason(*reason, lang)),
            )
        }
        Cause::ResentAfterStatus { at, status, broker } => lang.pick(
            format!("{} answered {status:?} at {} although it stored it, so the producer sent it to another broker", n(*broker), t(*at)),
            format!("{} 已存储消息却在 {} 返回 {status:?}，生产者于是把它发往另一个 broker", n(*broker), t(*at)),
        ),
        Cause::FailedAfterEffect { at } => lang.pick(
            format!("processing reported failure at {} after the side effect had happened", t(*at)),
            format!("{} 处理报告失败，但业务操作已经执行", t(*at)),
        ),
        Cause::AckDropped { at, from, to, reason } => {
            let what = kind(MsgKind::ConsumerAck, topo.system_kind(), lang);
            lang.pick(
                format!("the {what} from {} to {} was lost at {} {}", n(*from), n(*to), t(*at), drop_reason(*reason, lang)),
                format!("{} 从 {} 发往 {} 的{}{}", t(*at), n(*from), n(*to), super::kinds::after_hanzi(what), drop_reason(*reason, lang)),
            )
        }
        Cause::Rebalanced { at, consumer } => lang.pick(
            format!("the group rebalanced at {} ({} took over queues or partitions and started from the last committed offset)", t(*at), n(*consumer)),
            format!("{} 消费者组发生 rebalance（{} 接手队列或分区，从上次提交的位点开始消费）", t(*at), n(*consumer)),
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
        Cause::BackAfterRestart { at, node } => lang.pick(
            format!(
                "{} crashed at {} with the message still in its queue (no ack recorded on its disk), so after the restart it handed it out again",
                n(*node),
                t(*at)
            ),
            format!("{} 在 {} 宕机时该消息仍在队列中（磁盘上没有它的 ack 记录），重启后再次投递", n(*node), t(*at)),
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
        | Cause::KeyInTwoQueues { .. } => crate::i18n::rocket::cause(c, topo, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topology(preset: &str) -> Topology {
        Topology::from_scenario(&crate::scenario::presets::load(preset).expect("the preset"))
    }

    fn node(topo: &Topology, name: &str) -> NodeId {
        topo.find(name).unwrap_or_else(|| panic!("no node {name}"))
    }

    fn ack_dropped(topo: &Topology, server: &str) -> Cause {
        let (from, to) = (node(topo, "billing/c1"), node(topo, server));
        Cause::AckDropped { at: SimTime::from_ms(5_001), from, to, reason: DropReason::Injected }
    }

    #[test]
    fn a_lost_ack_is_named_as_the_system_acks() {
        let rabbit = topology("rabbitmq-manual-ack-consumer-crash");
        let c = ack_dropped(&rabbit, "rabbit");
        assert_eq!(
            cause(&c, &rabbit, Lang::En),
            "the consumer ack (basic.ack) from billing/c1 to rabbit was lost at 5.001 s by an injected fault"
        );
        assert_eq!(
            cause(&c, &rabbit, Lang::Zh),
            "5.001 秒 从 billing/c1 发往 rabbit 的消费确认（basic.ack）被注入的故障丢弃"
        );
        let kafka = topology("kafka-acks1-leader-dies");
        let c = ack_dropped(&kafka, "kafka1");
        assert_eq!(
            cause(&c, &kafka, Lang::En),
            "the offset commit from billing/c1 to kafka1 was lost at 5.001 s by an injected fault"
        );
        let rocket = topology("standard");
        let c = ack_dropped(&rocket, "broker-a/master");
        assert_eq!(
            cause(&c, &rocket, Lang::Zh),
            "5.001 秒 从 billing/c1 发往 broker-a/master 的消费确认（位点提交）被注入的故障丢弃"
        );
    }

    #[test]
    fn a_lost_send_result_is_named_as_the_system_answers() {
        let rabbit = topology("rabbitmq-manual-ack-consumer-crash");
        let (from, to) = (node(&rabbit, "rabbit"), node(&rabbit, "p1"));
        let c = Cause::SendResultDropped { at: SimTime::from_ms(2_000), from, to, reason: DropReason::Partition };
        assert_eq!(
            cause(&c, &rabbit, Lang::En),
            "the publisher confirm (basic.ack) from rabbit to p1 was lost at 2.000 s by a partition"
        );
        assert_eq!(
            cause(&c, &rabbit, Lang::Zh),
            "2.000 秒 从 rabbit 发往 p1 的发布确认（publisher confirm）被网络分区阻断"
        );
    }

    #[test]
    fn a_message_never_promised_names_the_answer_its_system_gives() {
        let never = |preset: &str, lang: Lang| {
            let topo = topology(preset);
            cause(&Cause::NeverConfirmed { producer: node(&topo, "p1") }, &topo, lang)
        };
        let rabbit = "rabbitmq-broker-crash";
        assert_eq!(
            never(rabbit, Lang::En),
            "p1 never got a publisher confirm (basic.ack) for it (it was never promised)"
        );
        assert_eq!(
            never(rabbit, Lang::Zh),
            "p1 从未收到它的发布确认（publisher confirm 的 basic.ack）（它从未得到承诺）"
        );
        assert_eq!(
            never("kafka-acks1-leader-dies", Lang::En),
            "p1 never got a produce response (acks) for it (it was never promised)"
        );
        assert_eq!(
            never("redis-queue-server-crash", Lang::En),
            "p1 never got the reply to its LPUSH for it (it was never promised)"
        );
        assert_eq!(never("raft-leader-killed", Lang::Zh), "p1 从未收到 leader 确认已提交的回复（它从未得到承诺）");
        assert_eq!(never("standard", Lang::En), "p1 never got a SEND_OK for it (it was never promised)");
        // A Latin word in the Chinese sentence keeps a space on each side, as everywhere in the texts.
        assert_eq!(never("standard", Lang::Zh), "p1 从未收到它的 SEND_OK（它从未得到承诺）");
        assert_eq!(never("redis-queue-server-crash", Lang::Zh), "p1 从未收到 LPUSH 的回复（它从未得到承诺）");
        for preset in [rabbit, "kafka-acks1-leader-dies", "redis-queue-server-crash", "raft-leader-killed"] {
            for lang in [Lang::En, Lang::Zh] {
                assert!(!never(preset, lang).contains("SEND_OK"), "{preset}");
            }
        }
    }

    #[test]
    fn a_message_no_server_stored_is_not_said_of_a_broker_outside_rocketmq() {
        let redis = topology("redis-queue-server-crash");
        let c = Cause::NeverStored { failures: 2 };
        assert_eq!(cause(&c, &redis, Lang::En), "no server ever stored it (2 failed sends)");
        assert_eq!(cause(&c, &redis, Lang::Zh), "没有任何服务器存储过它（发送失败 2 次）");
        assert_eq!(cause(&c, &topology("standard"), Lang::En), "no broker ever stored it (2 failed sends)");
    }

    #[test]
    fn a_failed_send_to_redis_names_the_server_not_a_broker() {
        use crate::sim::trace::SendFailure;
        let redis = topology("redis-queue-server-crash");
        let msg = crate::sim::ids::MsgId { key: crate::sim::ids::MsgKey { producer: 0, seq: 7 }, gen: 0 };
        let c = Cause::SendFailed { at: SimTime::from_ms(3_000), msg, reason: SendFailure::BrokerUnreachable };
        for lang in [Lang::En, Lang::Zh] {
            let words = cause(&c, &redis, lang);
            assert!(!words.contains("broker") && !words.contains("master"), "{words}");
        }
        assert!(cause(&c, &redis, Lang::En).ends_with("server unreachable"));
        let raft = topology("raft-leader-killed");
        let c = Cause::SendFailed { at: SimTime::from_ms(3_000), msg, reason: SendFailure::NoRoute };
        assert!(cause(&c, &raft, Lang::En).ends_with("no replica knew a leader"), "{}", cause(&c, &raft, Lang::En));
    }

    #[test]
    fn a_copy_lost_in_a_crash_is_worded_by_what_the_server_puts_on_disk() {
        let mut s = crate::scenario::presets::load("redis-queue-server-crash").expect("the preset");
        let words = |s: &crate::scenario::model::Scenario, lang: Lang| {
            let topo = Topology::from_scenario(s);
            let c = Cause::CopyDestroyed {
                at: SimTime::from_ms(10_000),
                node: node(&topo, "redis-mq"),
                how: CopyLoss::Unflushed,
            };
            (cause(&c, &topo, lang), copy_loss(CopyLoss::Unflushed, &topo, lang))
        };
        for persistence in [Persistence::Rdb, Persistence::AofEverysec] {
            let System::RedisQueue(r) = &mut s.system else { panic!("a Redis queue") };
            r.persistence = persistence;
            let (en, short_en) = words(&s, Lang::En);
            let (zh, short_zh) = words(&s, Lang::Zh);
            assert!(!en.contains("flushed to disk") && !zh.contains("刷盘"), "{en} / {zh}");
            if persistence == Persistence::Rdb {
                assert_eq!(en, "redis-mq crashed at 10.000 s with no RDB snapshot taken since the message was written (Redis saves one only at its save points)");
                assert_eq!(
                    zh,
                    "redis-mq 在 10.000 秒 宕机，消息写入后还没有生成过 RDB 快照（Redis 只在满足 save 条件时保存快照）"
                );
                assert_eq!(
                    (short_en, short_zh),
                    ("crashed before an RDB snapshot included it", "宕机时还没有包含它的 RDB 快照")
                );
            } else {
                assert_eq!(en, "redis-mq's machine crashed at 10.000 s after the message was written to the AOF but before it was fsynced (the page cache went with it)");
                assert_eq!(zh, "redis-mq 所在机器在 10.000 秒 宕机，消息已写入 AOF 但尚未 fsync（页缓存随之丢失）");
                assert_eq!(
                    (short_en, short_zh),
                    ("crashed after writing it to the AOF, before fsyncing it", "已写入 AOF，宕机时尚未 fsync")
                );
            }
        }
        // A broker flushes its page cache.
        let rocket = topology("standard");
        let c = Cause::CopyDestroyed {
            at: SimTime::from_ms(10_000),
            node: node(&rocket, "broker-a/master"),
            how: CopyLoss::Unflushed,
        };
        assert!(cause(&c, &rocket, Lang::En).contains("before the message was flushed to disk"));
        assert_eq!(copy_loss(CopyLoss::Unflushed, &rocket, Lang::En), "crashed before flushing it");
    }
}
