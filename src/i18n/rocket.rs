//! Words for RocketMQ's transactional messages and ordered consumption: the causes the checker
//! gives, and every trace event of the two features, in English and
//! Simplified Chinese.

use super::explain::{drop_reason, time};
use super::Lang;
use crate::sim::audit::explain::Cause;
use crate::sim::ids::{MessageQueue, NodeId};
use crate::sim::rocket_events::{OrderEvent, RollbackReason, TxDecision, TxEvent, TxMode};
use crate::sim::time::SimTime;
use crate::sim::topology::Topology;

fn mq(topo: &Topology, q: MessageQueue) -> String {
    let b = crate::sim::ids::broker_group_name(q.broker_group);
    format!("{b}:{}", topo.queue_name(q.queue))
}

pub fn rollback_reason(r: RollbackReason, lang: Lang) -> &'static str {
    match (r, lang) {
        (RollbackReason::Failed, Lang::En) => "the business logic rolled it back",
        (RollbackReason::Failed, Lang::Zh) => "业务逻辑回滚了它",
        (RollbackReason::ProducerCrashed, Lang::En) => {
            "the producer died before the commit, so the database aborted it"
        }
        (RollbackReason::ProducerCrashed, Lang::Zh) => "生产者在提交前宕机，数据库中止了事务",
        (RollbackReason::HalfNotStored, Lang::En) => "the half message was not stored with SEND_OK, so it never ran",
        (RollbackReason::HalfNotStored, Lang::Zh) => "半消息没有以 SEND_OK 存储成功，本地事务根本没有执行",
        (RollbackReason::SendFailed, Lang::En) => "the send inside it failed, so the application rolled back",
        (RollbackReason::SendFailed, Lang::Zh) => "事务中的发送失败，应用回滚了事务",
    }
}

pub fn decision(d: TxDecision) -> &'static str {
    match d {
        TxDecision::CommitMessage => "COMMIT_MESSAGE",
        TxDecision::RollbackMessage => "ROLLBACK_MESSAGE",
        TxDecision::Unknow => "UNKNOW",
    }
}

pub fn mode(m: TxMode, lang: Lang) -> &'static str {
    match (m, lang) {
        (TxMode::None, Lang::En) => "no local transaction",
        (TxMode::None, Lang::Zh) => "无本地事务",
        (TxMode::HalfMessage, Lang::En) => "transactional message (half message first)",
        (TxMode::HalfMessage, Lang::Zh) => "事务消息（先发半消息）",
        (TxMode::SendThenCommit, Lang::En) => "send, then commit the local transaction",
        (TxMode::SendThenCommit, Lang::Zh) => "先发消息，再提交本地事务",
        (TxMode::CommitThenSend, Lang::En) => "commit the local transaction, then send",
        (TxMode::CommitThenSend, Lang::Zh) => "先提交本地事务，再发消息",
    }
}

/// A cause of the two features, as a clause (the others are worded in `explain::cause`).
pub fn cause(c: &Cause, topo: &Topology, lang: Lang) -> String {
    let t = |at: SimTime| time(at, lang);
    let n = |id: NodeId| topo.name(id).to_string();
    match c {
        Cause::LocalCommitted { at, producer } => lang.pick(
            format!("{}'s local transaction committed at {}: from then on the message was promised", n(*producer), t(*at)),
            format!("{} 的本地事务在 {} 提交：从此这条消息必须送达", n(*producer), t(*at)),
        ),
        Cause::LocalRolledBack { at, producer, reason } => lang.pick(
            format!("{}'s local transaction rolled back at {} ({})", n(*producer), t(*at), rollback_reason(*reason, lang)),
            format!("{} 的本地事务在 {} 回滚（{}）", n(*producer), t(*at), rollback_reason(*reason, lang)),
        ),
        Cause::SentBeforeCommit { at, broker } => lang.pick(
            format!("it was already stored on {} (SEND_OK at {}) before the local transaction decided", n(*broker), t(*at)),
            format!("本地事务尚未决定时，它已存入 {}（{} 收到 SEND_OK）", n(*broker), t(*at)),
        ),
        Cause::EndDropped { at, from, to, reason } => lang.pick(
            format!("END_TRANSACTION from {} to {} was lost at {} {} (it is oneway: nobody noticed)", n(*from), n(*to), t(*at), drop_reason(*reason, lang)),
            format!("{} 从 {} 发往 {} 的 END_TRANSACTION {}（单向请求，无人察觉）", t(*at), n(*from), n(*to), drop_reason(*reason, lang)),
        ),
        Cause::ProducerCrashed { at, producer } => {
            lang.pick(format!("{} crashed at {}", n(*producer), t(*at)), format!("{} 在 {} 宕机", n(*producer), t(*at)))
        }
        Cause::HalfNotCommitted { node, checks } => lang.pick(
            format!("{} still holds it as a half message, invisible to consumers, after {checks} check-back(s)", n(*node)),
            format!("{} 上它仍是半消息，消费者看不到（已回查 {checks} 次）", n(*node)),
        ),
        Cause::HalfDiscarded { at, broker, checks } => lang.pick(
            format!("{} discarded the half message at {} after {checks} unanswered check-backs (transactionCheckMax)", n(*broker), t(*at)),
            format!("{} 在 {} 回查 {checks} 次仍无结果（transactionCheckMax），丢弃了半消息", n(*broker), t(*at)),
        ),
        Cause::AfterNewer { newer, at } => {
            let k = topo.message_name(*newer);
            lang.pick(
                format!("{k}, a later message of the same key, had been processed at {}", t(*at)),
                format!("同一业务键的后一条消息 {k} 已在 {} 处理", t(*at)),
            )
        }
        Cause::RetriedLater { at, consumer } => lang.pick(
            format!("processing on {} failed at {} (RECONSUME_LATER): it waited in the retry topic while the key's later messages went on", n(*consumer), t(*at)),
            format!("{} 在 {} 处理失败（RECONSUME_LATER）：它在重试队列里等待，同一键的后续消息照常被消费", t(*at), n(*consumer)),
        ),
        Cause::KeyInTwoQueues { older, newer } => lang.pick(
            format!("the key's messages sat in two queues ({} and then {}): the producer's queue list changed, and each queue is consumed on its own", mq(topo, *older), mq(topo, *newer)),
            format!("同一键的消息落在两个队列（先 {}，后 {}）：生产者的队列列表变了，而各队列是分别消费的", mq(topo, *older), mq(topo, *newer)),
        ),
        // `explain::cause` words every other cause and sends only these here; falling back on it
        // would recurse forever should that ever change.
        _ => String::new(),
    }
}

/// A transaction trace event, for the inspector and the lifecycle list.
pub fn describe_tx(e: &TxEvent, topo: &Topology, lang: Lang) -> String {
    let n = |id: NodeId| topo.name(id).to_string();
    let m = topo.message_name(e.message());
    match e {
        TxEvent::LocalBegun { producer, mode: md, .. } => lang.pick(
            format!("{} began the local transaction of {m} ({})", n(*producer), mode(*md, lang)),
            format!("{} 开始 {m} 的本地事务（{}）", n(*producer), mode(*md, lang)),
        ),
        TxEvent::LocalCommitted { producer, .. } => lang.pick(
            format!("{}'s local transaction of {m} committed", n(*producer)),
            format!("{} 提交了 {m} 的本地事务", n(*producer)),
        ),
        TxEvent::LocalRolledBack { producer, reason, .. } => lang.pick(
            format!("{}'s local transaction of {m} rolled back: {}", n(*producer), rollback_reason(*reason, lang)),
            format!("{} 回滚了 {m} 的本地事务：{}", n(*producer), rollback_reason(*reason, lang)),
        ),
        TxEvent::EndSent { producer, broker, decision: d, from_check, .. } => {
            let (en, zh) = if *from_check { (" answering a check-back", "（回答事务回查）") } else { ("", "") };
            lang.pick(
                format!("{} sent END_TRANSACTION {} for {m} to {}{en}", n(*producer), decision(*d), n(*broker)),
                format!("{} 向 {} 发送 {m} 的 END_TRANSACTION {}{zh}", n(*producer), n(*broker), decision(*d)),
            )
        }
        TxEvent::Committed { broker, from_check, .. } => {
            let (en, zh) = if *from_check { (" after a check-back", "（经事务回查）") } else { ("", "") };
            lang.pick(
                format!("{} committed {m}{en}: written to its topic queue, consumers can read it now", n(*broker)),
                format!("{} 提交了 {m}{zh}：写入真实队列，消费者现在可以读到", n(*broker)),
            )
        }
        TxEvent::RolledBack { broker, from_check, .. } => {
            let (en, zh) = if *from_check { (" after a check-back", "（经事务回查）") } else { ("", "") };
            lang.pick(
                format!("{} rolled back the half message of {m}{en}: it will never be delivered", n(*broker)),
                format!("{} 回滚了 {m} 的半消息{zh}：它永远不会被投递", n(*broker)),
            )
        }
        TxEvent::CheckAsked { broker, producer, nth, .. } => lang.pick(
            format!("{} asked {} about the half message of {m} (check-back #{nth})", n(*broker), n(*producer)),
            format!("{} 向 {} 回查 {m} 的半消息（第 {nth} 次回查）", n(*broker), n(*producer)),
        ),
        TxEvent::CheckAnswered { producer, decision: d, .. } => lang.pick(
            format!("{} answered the check-back of {m} from its database: {}", n(*producer), decision(*d)),
            format!("{} 查询本地数据库后回答 {m} 的回查：{}", n(*producer), decision(*d)),
        ),
        TxEvent::Discarded { broker, checks, .. } => lang.pick(
            format!("{} discarded the half message of {m} after {checks} check-backs", n(*broker)),
            format!("{} 回查 {checks} 次后丢弃了 {m} 的半消息", n(*broker)),
        ),
    }
}

/// An orderly consumer's trace event.
pub fn describe_order(e: &OrderEvent, topo: &Topology, lang: Lang) -> String {
    let n = |id: NodeId| topo.name(id).to_string();
    match e {
        OrderEvent::QueueLocked { consumer, mq: q, .. } => lang.pick(
            format!("{} locked queue {} on the broker and may consume it", n(*consumer), mq(topo, *q)),
            format!("{} 在 broker 上锁定了队列 {}，可以消费它", n(*consumer), mq(topo, *q)),
        ),
        OrderEvent::LockRefused { consumer, mq: q, .. } => lang.pick(
            format!("{} could not lock queue {}: another member still holds it", n(*consumer), mq(topo, *q)),
            format!("{} 无法锁定队列 {}：另一个成员仍持有锁", n(*consumer), mq(topo, *q)),
        ),
        OrderEvent::QueueUnlocked { consumer, mq: q, .. } => lang.pick(
            format!("{} released the lock of queue {}", n(*consumer), mq(topo, *q)),
            format!("{} 释放了队列 {} 的锁", n(*consumer), mq(topo, *q)),
        ),
        OrderEvent::Suspended { consumer, msg, mq: q, reconsume, .. } => {
            let m = topo.msg_id_name(*msg);
            lang.pick(
                format!(
                    "{} failed to process {m} (attempt {}): queue {} suspended, the same message is retried first",
                    n(*consumer),
                    reconsume + 1,
                    mq(topo, *q)
                ),
                format!(
                    "{} 处理 {m} 失败（第 {} 次）：队列 {} 暂停，稍后优先重试同一条消息",
                    n(*consumer),
                    reconsume + 1,
                    mq(topo, *q)
                ),
            )
        }
    }
}
