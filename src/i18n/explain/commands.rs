//! Faults and commands in words: a fault the checker recorded, a command as the action log lists
//! it, and why a command was refused.

use super::{drop_reason, group, kind, node, time, Lang};
use crate::scenario::systems::SystemKind;
use crate::sim::audit::FaultEvent;
use crate::sim::command::{Command, Direction};
use crate::sim::ids::NodeId;
use crate::sim::time::SimTime;
use crate::sim::topology::Topology;
use crate::sim::trace::TruncateReason;
use crate::sim::world::CommandError;

/// A fault the checker recorded, with its time.
pub fn fault(e: &FaultEvent, at: SimTime, topo: &Topology, lang: Lang) -> String {
    let t = time(at, lang);
    let n = |id: &NodeId| node(topo, *id).to_string();
    let system = topo.system_kind();
    match e {
        FaultEvent::Command { command, .. } => lang.pick(
            format!("at {t}: {}", command_text(command, system, lang)),
            format!("{t}：{}", command_text(command, system, lang)),
        ),
        FaultEvent::Dropped { from, to, kind: k, reason, .. } => lang.pick(
            format!(
                "{} from {} to {} was lost at {t} {}",
                super::kinds::with_article(kind(*k, system, lang)),
                n(from),
                n(to),
                drop_reason(*reason, lang)
            ),
            format!(
                "{t} 从 {} 发往 {} 的{}{}",
                n(from),
                n(to),
                super::kinds::after_hanzi(kind(*k, system, lang)),
                drop_reason(*reason, lang)
            ),
        ),
        FaultEvent::Crashed { node } => {
            lang.pick(format!("{} crashed at {t}", n(node)), format!("{} 在 {t} 宕机", n(node)))
        }
        // A commit log is RocketMQ's; a Raft replica or another server loses entries of its log.
        FaultEvent::Truncated { node, from, to, reason: TruncateReason::Unflushed }
            if system != SystemKind::Rocketmq =>
        {
            lang.pick(
                format!(
                    "{} lost log entries {from}–{} at {t} (written, not yet flushed to disk)",
                    n(node),
                    to.saturating_sub(1)
                ),
                format!("{} 在 {t} 丢失了已写入但未刷盘的日志条目 {from}–{}", n(node), to.saturating_sub(1)),
            )
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
                format!("消费者组 {} 中 {msg} 的 Redis 键在 {t} 之前已过期", group(topo, *g)),
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

/// A command as the action log lists it, a message kind named in `system`'s words.
pub fn command_text(c: &Command, system: SystemKind, lang: Lang) -> String {
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
            let what = k.map_or(lang.pick("message", "消息"), |k| kind(k, system, lang));
            lang.pick(
                format!(
                    "drop the next {} from {} to {}",
                    counted(*count, what),
                    endpoint(from, lang),
                    endpoint(to, lang)
                ),
                format!(
                    "丢弃{}从 {} 发往 {} 的{}",
                    next_zh(*count),
                    endpoint(from, lang),
                    endpoint(to, lang),
                    super::kinds::after_hanzi(what)
                ),
            )
        }
        DelayNext { from, to, kind: k, count, delay_ms } => {
            let what = k.map_or(lang.pick("message", "消息"), |k| kind(k, system, lang));
            lang.pick(
                format!(
                    "delay the next {} from {} to {} by {delay_ms} ms",
                    counted(*count, what),
                    endpoint(from, lang),
                    endpoint(to, lang)
                ),
                format!(
                    "将{}从 {} 发往 {} 的{}延迟 {delay_ms} 毫秒",
                    next_zh(*count),
                    endpoint(from, lang),
                    endpoint(to, lang),
                    super::kinds::after_hanzi(what)
                ),
            )
        }
    }
}

/// "下一个", "接下来 2 个": how many of the next messages, in Chinese.
fn next_zh(count: u32) -> String {
    if count == 1 {
        "下一个".to_string()
    } else {
        format!("接下来 {count} 个")
    }
}

/// "message", "2 messages": a count of a message kind's English name, as in "the next …".
fn counted(count: u32, what: &str) -> String {
    if count == 1 {
        return what.to_string();
    }
    // The noun that counts comes before what qualifies it ("reply to the push", "mover of due
    // items") or an aside in brackets ("consumer ack (basic.ack)"); "nack / reject" has two.
    let (name, aside) = what.split_once(" (").map_or((what, ""), |(n, a)| (n, a));
    let aside = if aside.is_empty() { String::new() } else { format!(" ({aside}") };
    let cut = [" to ", " of ", " for "].iter().filter_map(|w| name.find(w)).min().unwrap_or(name.len());
    let (noun, rest) = name.split_at(cut);
    let plural: Vec<String> = noun.split(" / ").map(plural_of).collect();
    format!("{count} {}{rest}{aside}", plural.join(" / "))
}

/// The plural of a noun phrase's last word: "push" → "pushes", "reply" → "replies".
fn plural_of(phrase: &str) -> String {
    let last = phrase.rsplit(' ').next().unwrap_or(phrase);
    let before_y = last.strip_suffix('y').and_then(|w| w.chars().last());
    let consonant_y = before_y.is_some_and(|c| !"aeiou".contains(c));
    if consonant_y {
        format!("{}ies", &phrase[..phrase.len() - 1])
    } else if last.ends_with("ch") || last.ends_with("sh") || last.ends_with('s') || last.ends_with('x') {
        format!("{phrase}es")
    } else {
        format!("{phrase}s")
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

impl crate::i18n::Localize for CommandError {
    fn localize(&self, lang: Lang) -> String {
        refusal(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::trace::DropReason;
    use crate::sim::wire::MsgKind;

    fn drop_next(kind: MsgKind, from: &str, to: &str) -> Command {
        Command::DropNext { from: Some(from.into()), to: Some(to.into()), kind: Some(kind), count: 1 }
    }

    #[test]
    fn a_count_of_messages_reads_in_the_plural() {
        let cases = [
            (1, "message", "message"),
            (2, "message", "2 messages"),
            (3, "consumer ack (basic.ack)", "3 consumer acks (basic.ack)"),
            (2, "reply to the push (ack)", "2 replies to the push (ack)"),
            (2, "push (LPUSH / ZADD)", "2 pushes (LPUSH / ZADD)"),
            (2, "nack / reject", "2 nacks / rejects"),
            (2, "delivery (pushed)", "2 deliveries (pushed)"),
            (2, "mover of due items (delayed set)", "2 movers of due items (delayed set)"),
            (2, "follower fetch (its offset)", "2 follower fetches (its offset)"),
            (2, "send-back for retry", "2 send-backs for retry"),
        ];
        for (n, what, expected) in cases {
            assert_eq!(counted(n, what), expected);
        }
        let delay = Command::DelayNext { from: None, to: None, kind: None, count: 2, delay_ms: 500 };
        assert_eq!(
            command_text(&delay, SystemKind::Rocketmq, Lang::En),
            "delay the next 2 messages from any node to any node by 500 ms"
        );
    }

    #[test]
    fn a_link_fault_names_its_kind_in_the_systems_words() {
        let ack = drop_next(MsgKind::ConsumerAck, "billing/c1", "rabbit");
        assert_eq!(
            command_text(&ack, SystemKind::Rabbitmq, Lang::En),
            "drop the next consumer ack (basic.ack) from billing/c1 to rabbit"
        );
        assert_eq!(
            command_text(&ack, SystemKind::Rabbitmq, Lang::Zh),
            "丢弃下一个从 billing/c1 发往 rabbit 的消费确认（basic.ack）"
        );
        let commit = drop_next(MsgKind::ConsumerAck, "billing/c1", "kafka1");
        assert_eq!(
            command_text(&commit, SystemKind::Kafka, Lang::En),
            "drop the next offset commit from billing/c1 to kafka1"
        );
        let result = drop_next(MsgKind::SendResult, "kafka1", "p1");
        assert_eq!(
            command_text(&result, SystemKind::Kafka, Lang::Zh),
            "丢弃下一个从 kafka1 发往 p1 的生产响应（acks）"
        );
        let pop = drop_next(MsgKind::PullResult, "redis-mq", "billing/c1");
        assert_eq!(
            command_text(&pop, SystemKind::RedisQueue, Lang::En),
            "drop the next pop reply (an item, or nil) from redis-mq to billing/c1"
        );
        let rocket = drop_next(MsgKind::SendResult, "broker-a/master", "p1");
        assert_eq!(
            command_text(&rocket, SystemKind::Rocketmq, Lang::En),
            "drop the next send result (SEND_OK) from broker-a/master to p1"
        );
        // A kind named by a Latin word keeps the space the texts put between Chinese and Latin.
        let follower = drop_next(MsgKind::ReplicateAck, "kafka2", "kafka1");
        assert_eq!(
            command_text(&follower, SystemKind::Kafka, Lang::Zh),
            "丢弃下一个从 kafka2 发往 kafka1 的 follower 拉取（报告复制位置）"
        );
    }

    #[test]
    fn a_raft_replica_loses_log_entries_not_commit_log_entries() {
        let topo = |p: &str| Topology::from_scenario(&crate::scenario::presets::load(p).expect("the preset"));
        let (raft, rocket) = (topo("raft-leader-killed"), topo("standard"));
        let lost = |topo: &Topology, name: &str, lang| {
            let node = topo.find(name).expect("the node");
            let e = FaultEvent::Truncated { node, from: 5, to: 9, reason: TruncateReason::Unflushed };
            fault(&e, SimTime::from_ms(10_000), topo, lang)
        };
        assert_eq!(
            lost(&raft, "node1", Lang::En),
            "node1 lost log entries 5–8 at 10.000 s (written, not yet flushed to disk)"
        );
        assert_eq!(lost(&raft, "node1", Lang::Zh), "node1 在 10.000 秒 丢失了已写入但未刷盘的日志条目 5–8");
        assert!(lost(&rocket, "broker-a/master", Lang::En).contains("commit-log entries"));
    }

    #[test]
    fn a_dropped_message_reads_in_the_systems_words_with_its_article() {
        let s = crate::scenario::presets::load("raft-leader-killed").expect("the preset");
        let topo = Topology::from_scenario(&s);
        let (a, b) = (topo.servers[0], topo.servers[1]);
        let e = FaultEvent::Dropped {
            from: a,
            to: b,
            kind: MsgKind::ReplicateAck,
            reason: DropReason::Partition,
            msg: None,
        };
        let at = SimTime::from_ms(5_001);
        let (na, nb) = (topo.name(a), topo.name(b));
        assert_eq!(
            fault(&e, at, &topo, Lang::En),
            format!("an append reply (ack) from {na} to {nb} was lost at 5.001 s by a partition")
        );
        assert_eq!(
            fault(&e, at, &topo, Lang::Zh),
            format!("5.001 秒 从 {na} 发往 {nb} 的追加确认（AppendEntries 回复）被网络分区阻断")
        );
    }
}
