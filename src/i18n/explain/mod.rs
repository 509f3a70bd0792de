//! The checker's findings in words: anomaly headlines, causes, faults and commands, in English and
//! Simplified Chinese. The engine keeps them as data (node ids, times); this is the only place they
//! become sentences, for the report, the CLI and the page alike.
use super::Lang;
use crate::scenario::systems::SystemKind;
use crate::sim::audit::report::{Anomaly, AnomalyKind};
use crate::sim::ids::{GroupId, NodeId};
use crate::sim::time::{SimTime, MS, SEC};
use crate::sim::topology::Topology;
use crate::sim::trace::{DropReason, SendFailure};
use crate::sim::world::DrainBlocker;

mod cause;
mod commands;
mod kinds;
mod waiting;

pub use cause::{cause, copy_loss, send_lost};
pub use commands::{command_text, fault, refusal};
pub use kinds::kind;
pub use waiting::waiting;

/// A sim time as a learner reads it: "12.004 s" / "12.004 秒"; past an hour "4 h 45 min 43.556 s".
pub fn time(t: SimTime, lang: Lang) -> String {
    time_beside(t, t, lang)
}

/// A time shown beside `end` (the clock's "now / end"), in the format `end` takes, so the two
/// sides read alike: "0 h 51 min 8.504 s / 4 h 45 min 56.000 s", not "3068.504 s / 4 h 45 min…".
pub fn time_beside(t: SimTime, end: SimTime, lang: Lang) -> String {
    let (s, ms) = (t.as_us() / SEC, (t.as_us() % SEC) / MS);
    if end.as_us().max(t.as_us()) / SEC < 3_600 {
        return lang.pick(format!("{s}.{ms:03} s"), format!("{s}.{ms:03} 秒"));
    }
    let (h, m, s) = (s / 3_600, (s % 3_600) / 60, s % 60);
    lang.pick(format!("{h} h {m} min {s}.{ms:03} s"), format!("{h} 小时 {m} 分 {s}.{ms:03} 秒"))
}

/// A latency to read at a glance, the same in every pane: ms under a second ("12.3 ms"), seconds
/// with two decimals above ("41.26 s").
pub fn duration(us: u64, lang: Lang) -> String {
    if us < SEC {
        let (ms, tenth) = (us / MS, (us % MS) / 100);
        lang.pick(format!("{ms}.{tenth} ms"), format!("{ms}.{tenth} 毫秒"))
    } else {
        let (s, cs) = (us / SEC, (us % SEC) / (10 * MS));
        lang.pick(format!("{s}.{cs:02} s"), format!("{s}.{cs:02} 秒"))
    }
}

fn node(topo: &Topology, id: NodeId) -> &str {
    topo.name(id)
}

fn group(topo: &Topology, g: GroupId) -> &str {
    topo.group_names.get(usize::from(g.0)).map_or("?", String::as_str)
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
        (DropReason::SenderDown, Lang::En) => "because its sender crashed while TCP held it through a partition",
        (DropReason::SenderDown, Lang::Zh) => "因发送方在网络分区期间宕机而丢失（TCP 暂存的数据随之消失）",
    }
}

/// Why a send failed, in `system`'s words: only RocketMQ has masters, routes and brokers.
pub fn send_failure(r: SendFailure, system: SystemKind, lang: Lang) -> &'static str {
    let (en, zh) = match (r, system) {
        (SendFailure::Timeout, _) => ("timed out", "超时"),
        (SendFailure::NoRoute, SystemKind::Rocketmq) => ("no route to any master", "没有可用的 master 路由"),
        (SendFailure::NoRoute, SystemKind::Raft) => ("no replica knew a leader", "没有副本知道 leader"),
        (SendFailure::NoRoute, SystemKind::Kafka) => ("no leader known for the partition", "分区没有已知的 leader"),
        (SendFailure::NoRoute, _) => ("no server to send to", "没有可发送的服务器"),
        (SendFailure::BrokerUnreachable, SystemKind::Rocketmq) => ("broker unreachable", "broker 不可达"),
        (SendFailure::BrokerUnreachable, _) => ("server unreachable", "服务器不可达"),
        (SendFailure::ProducerCrashed, _) => ("the producer crashed", "生产者宕机"),
    };
    lang.pick(en, zh)
}

/// What kind of anomaly, about which message and group.
pub fn headline(a: &Anomaly, topo: &Topology, lang: Lang) -> String {
    let g = group(topo, a.group);
    let k = topo.message_name(a.key);
    match (a.kind, lang) {
        (AnomalyKind::Lost, Lang::En) => format!("message {k} lost for group {g}"),
        (AnomalyKind::Lost, Lang::Zh) => format!("消息 {k} 对消费者组 {g} 丢失"),
        (AnomalyKind::DuplicateEffect, Lang::En) => format!("message {k} processed twice by group {g}"),
        (AnomalyKind::DuplicateEffect, Lang::Zh) => format!("消息 {k} 被消费者组 {g} 重复处理"),
        (AnomalyKind::DuplicateCaught, Lang::En) => format!("duplicate of message {k} caught in group {g}"),
        (AnomalyKind::DuplicateCaught, Lang::Zh) => format!("消费者组 {g} 拦截了消息 {k} 的重复投递"),
        (AnomalyKind::DeadLettered, Lang::En) => format!("message {k} dead-lettered in group {g}"),
        (AnomalyKind::DeadLettered, Lang::Zh) => format!("消息 {k} 在消费者组 {g} 进入死信队列"),
        (AnomalyKind::DeliveredAfterRollback, Lang::En) => {
            format!("message {k} processed by group {g} although its local transaction rolled back")
        }
        (AnomalyKind::DeliveredAfterRollback, Lang::Zh) => {
            format!("消息 {k} 的本地事务已回滚，消费者组 {g} 却处理了它")
        }
        (AnomalyKind::OutOfOrder, Lang::En) => format!("message {k} processed out of order by group {g}"),
        (AnomalyKind::OutOfOrder, Lang::Zh) => format!("消费者组 {g} 乱序处理了消息 {k}"),
        (AnomalyKind::OutOfOrderReplay, Lang::En) => {
            format!("message {k} processed again by group {g} after a later message of its key")
        }
        (AnomalyKind::OutOfOrderReplay, Lang::Zh) => format!("消费者组 {g} 在同一键的后续消息之后又处理了一次消息 {k}"),
        (AnomalyKind::Unconfirmed, Lang::En) => format!("message {k} gone for group {g}, never confirmed"),
        (AnomalyKind::Unconfirmed, Lang::Zh) => format!("消息 {k} 对消费者组 {g} 未确认即消失"),
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
                format!("消费者组 {g} 在 {b} 的队列 {q} 上落后 {behind} 条消息"),
            )
        }
        DrainBlocker::RetriesPending { group: g, broker } => {
            let (g, b) = (group(topo, *g), node(topo, *broker));
            lang.pick(
                format!("messages of group {g} wait on {b} for a retry"),
                format!("消费者组 {g} 的消息在 {b} 上等待重试"),
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

    /// Review 11: a long run's clock read "3068.504 s / 4 h 45 min 56.000 s".
    #[test]
    fn the_clocks_two_sides_read_alike() {
        let (now, end) = (SimTime(3_068_504 * MS), SimTime((4 * 3_600 + 45 * 60 + 56) * SEC));
        assert_eq!(time_beside(now, end, Lang::En), "0 h 51 min 8.504 s");
        assert_eq!(time_beside(now, end, Lang::Zh), "0 小时 51 分 8.504 秒");
        assert_eq!(time_beside(end, end, Lang::En), time(end, Lang::En));
        assert_eq!(time_beside(SimTime(12_004_000), SimTime(66 * SEC), Lang::En), "12.004 s");
    }

    #[test]
    fn latencies_read_in_ms_under_a_second_and_in_seconds_above() {
        assert_eq!(duration(2_350, Lang::En), "2.3 ms");
        assert_eq!(duration(41_261_300, Lang::En), "41.26 s");
        assert_eq!(duration(41_261_300, Lang::Zh), "41.26 秒");
    }
}
