//! The side panels' words in English and Simplified Chinese: scoreboard labels and their
//! explanations, chart titles and legends, the inspector's fields, and each lifecycle step as a line.

use crate::i18n::Lang;
use crate::lab::lifecycle_view::{MessageStatus, Stage, Step};
use crate::sim::audit::lifecycle::{MessageLife, Note};
use crate::sim::ids::{GroupId, MsgKey, NodeId};
use crate::sim::topology::{Role, Topology};
use crate::sim::wire::SendStatus;
use crate::sim::world::NodeStatus;
use crate::ui::text::{text, Text};

// --- scoreboard ------------------------------------------------------------------------------
text!(SCOREBOARD, "Scoreboard", "计分板");
text!(
    UNDRAINED,
    "The run never drains: at the drain limit, work is still left: ",
    "运行始终没有排空：到排空时限时仍有未完成的工作："
);
text!(PRODUCED, "Produced", "已生产");
text!(PRODUCED_TIP, "Messages the producers' applications made.", "生产者应用产生的消息数。");
text!(ACKED, "Acked", "已确认");
text!(
    ACKED_TIP,
    "Messages the producer was told are safe: a SEND_OK, a publisher confirm, a Kafka or Raft ack. A transactional message counts when its local transaction commits, not at its half message's SEND_OK: the commit is what promises it.",
    "生产者被告知已安全的消息：SEND_OK、发布确认、Kafka 或 Raft 的确认。事务消息在本地事务提交时才计入，而不是在半消息收到 SEND_OK 时：承诺它的是这次提交。"
);
text!(STORED, "Stored", "已存储");
text!(
    STORED_TIP,
    "Messages stored by at least one broker (a master, a partition leader, a queue's node).",
    "至少被一个 broker（master、分区 leader、队列所在节点）存储的消息。"
);
text!(DELIVERED, "Delivered", "已投递");
text!(
    DELIVERED_TIP,
    "Messages handed to a consumer, counted once per consumer group.",
    "已交给消费者的消息，每个消费者组计一次。"
);
text!(PROCESSED, "Processed", "已处理");
text!(
    PROCESSED_TIP,
    "Messages whose side effect happened, counted once per consumer group.",
    "副作用已发生的消息，每个消费者组计一次。"
);
text!(DUP_DELIVERIES, "Dup. deliveries", "重复投递");
text!(
    DUP_DELIVERIES_TIP,
    "Deliveries of a message its group had already processed.",
    "消费者组已处理过的消息又被投递的次数。"
);
text!(DUP_EFFECTS, "Dup. side effects", "重复副作用");
text!(
    DUP_EFFECTS_TIP,
    "Side effects that happened again for the same message and group: double charges.",
    "同一消息在同一消费者组中再次发生的副作用：例如重复扣款。"
);
text!(LOST, "Lost", "丢失");
text!(
    LOST_TIP,
    "Promised messages (acknowledged, or committed in a local transaction) that can no longer be processed.",
    "已承诺（已确认，或本地事务已提交）但再也无法被处理的消息。"
);
text!(DLQ, "In DLQ", "死信队列");
text!(SEND_FAILED, "Send failed", "发送失败");
text!(
    SEND_FAILED_TIP,
    "Sync sends that failed after every retry: the producer was told.",
    "重试用尽后仍失败的同步发送：生产者会收到失败通知。"
);
text!(REPLICATED, "Replicated", "已复制");
text!(
    REPLICATED_TIP,
    "Messages copied to at least one slave or follower.",
    "至少复制到一个 slave 或 follower 的消息数。"
);
text!(REDELIVERED, "Redelivered", "重投递");
text!(
    REDELIVERED_TIP,
    "Deliveries beyond the first of a message to its group.",
    "同一消息对同一消费者组的第二次及以后的投递。"
);
text!(DEDUP_CAUGHT, "Caught by dedup", "去重拦截");
text!(DEDUP_CAUGHT_TIP, "Duplicates the dedup store recognised and skipped.", "被去重存储识别并跳过的重复消息。");
text!(BACKLOG_COUNT, "Backlog", "积压");
text!(
    UNCONFIRMED_TIP,
    "Sent without a promise to the producer (no publisher confirm, or a oneway send) and gone without being processed, with no failure reported either: lost, though nobody was told they were safe. Sends that failed are counted under Send failed, not here. Known at the end of the run.",
    "发送时没有得到对生产者的承诺（没有发布确认，或单向发送），也没有收到失败通知，之后未被处理就消失了：它们丢了，只是没人被告知它们是安全的。发送失败的消息只计入“发送失败”，不计入这里。运行结束时才能确定。"
);
text!(
    BACKLOG_COUNT_TIP,
    "Stored and not yet processed, dead-lettered or lost: what waits in the queues.",
    "已存储、尚未被处理、未进入死信队列也未丢失的消息：在队列中等待的部分。"
);
text!(
    DLQ_TIP,
    "Messages in a dead-letter queue: every retry failed, or the consumer rejected them.",
    "进入死信队列的消息：所有重试均失败，或被消费者拒绝。"
);
text!(
    TX_COMMITTED_TIP,
    "Local database transactions that committed: each promises its message.",
    "已提交的本地数据库事务：每一个都承诺它的消息一定送达。"
);
text!(
    TX_ROLLED_BACK_TIP,
    "Local database transactions that rolled back: their messages must never be processed.",
    "已回滚的本地数据库事务：它们的消息绝不能被处理。"
);
text!(
    TX_CHECKS_TIP,
    "Times the broker asked a producer about a half message that had no commit or rollback.",
    "broker 就没有提交或回滚结果的半消息回查生产者的次数。"
);
text!(
    AFTER_ROLLBACK_TIP,
    "Messages processed although their local transaction rolled back: an order that never existed was billed.",
    "本地事务已回滚却仍被处理的消息：一个并不存在的订单被处理了。"
);
text!(
    OUT_OF_ORDER_TIP,
    "Messages first processed after a later message of the same key (order id).",
    "在同一键（订单号）的后续消息之后才首次被处理的消息。"
);
text!(
    OUT_OF_ORDER_REPLAYS_TIP,
    "Messages processed again after a later message of the same key had been processed.",
    "同一键的后续消息处理之后，又被再次处理的消息。"
);
text!(P50, "Latency p50", "延迟 p50");
text!(
    P50_TIP,
    "Half of the messages were processed within this time of being made.",
    "一半的消息在产生后这段时间内被处理。"
);
text!(P99, "Latency p99", "延迟 p99");
text!(
    P99_TIP,
    "99 % of the messages were processed within this time of being made.",
    "99% 的消息在产生后这段时间内被处理。"
);
text!(MS, "ms", "毫秒");

// --- plots -----------------------------------------------------------------------------------
text!(PLOTS, "Plots", "图表");
text!(BACKLOG, "Backlog per consumer group (messages)", "各消费者组积压（条）");
text!(THROUGHPUT, "Throughput (messages per second)", "吞吐量（条/秒）");
text!(IN, "in: produced", "入：生产");
text!(NOW, "now", "当前");
text!(SECONDS, "s", "秒");
text!(NO_DATA, "Press play: the plots fill in as the run goes on.", "按播放：图表会随运行逐步填充。");

/// The legend entry of one group's processing rate.
pub fn out_label(group: &str, lang: Lang) -> String {
    lang.pick(format!("out: {group}"), format!("出：{group}"))
}

// --- anomalies -------------------------------------------------------------------------------
text!(ANOMALIES, "Anomalies", "异常");
text!(NOTES, "The scenario's notes", "场景的完整说明");
text!(NO_ANOMALIES, "None so far.", "到此刻为止没有异常。");
text!(
    LATER_IN_RUN,
    "Still to come in this run (and losses that become certain only at its end)",
    "本次运行中稍后才会出现的异常（以及到运行结束才能确定的丢失）"
);

/// "30 of 368 shown, soonest first": the later list is cut short.
pub fn soonest_of(shown: usize, all: usize, lang: Lang) -> String {
    lang.pick(format!("{shown} of {all} shown, soonest first"), format!("显示 {all} 条中最早的 {shown} 条"))
}
text!(INSPECT_AT, "Inspect the message and jump to", "查看该消息并跳转到");

text!(NEWER, "‹ Newer", "‹ 较新");
text!(OLDER, "Older ›", "较早 ›");

/// "1–30 of 66, newest first": which anomalies a page of the list shows (1 is the newest).
pub fn range_of(first: usize, last: usize, all: usize, lang: Lang) -> String {
    lang.pick(format!("{first}–{last} of {all}, newest first"), format!("第 {first}–{last} 条，共 {all} 条，最新在前"))
}

// --- inspector -------------------------------------------------------------------------------
text!(INSPECTOR, "Inspector", "检查器");
text!(CLOSE, "Close the inspector", "关闭检查器");
text!(NOTHING_SELECTED, "Click a message, a node or an anomaly to inspect it.", "点击消息、节点或异常即可查看详情。");
text!(MESSAGE, "Message", "消息");
text!(IDS, "Ids", "消息 ID");
text!(KEY, "Key", "业务键");
text!(PRODUCER, "Producer", "生产者");
text!(STATUS, "Status", "状态");
text!(WAITING, "Waiting", "等待中");
text!(LIFECYCLE, "Lifecycle", "生命周期");
text!(NOT_YET, "Not produced yet at this moment.", "此刻该消息尚未产生。");
text!(SEEK_TO, "Move the cursor to", "将游标移到");
text!(LATER_STEPS, "Greyed steps come later in this run than the cursor.", "灰色的步骤在本次运行中晚于游标所在时刻。");
text!(ROLE, "Role", "角色");
text!(WRITTEN, "Written", "已写入");
text!(FLUSHED, "Flushed", "已刷盘");
text!(QUEUES, "Queues and logs", "队列与日志");
text!(STATE, "State", "状态");
text!(ENTRIES, "entries", "条目");
text!(COMMITTED, "committed", "已提交");
text!(ASSIGNED, "Assigned queues", "分配的队列");
text!(NONE, "none", "无");
text!(CONSUMED, "consumed by", "消费位点");
text!(LINK, "Link", "链路");

/// A business key: which producer (by the name the cluster view shows, not its index, which a
/// learner never sees elsewhere), which of its messages.
pub fn key(k: MsgKey, producer: &str, lang: Lang) -> String {
    lang.pick(format!("message #{} of {producer}", k.seq), format!("{producer} 的第 {} 条消息", k.seq))
}

pub fn stage(s: Stage, lang: Lang) -> &'static str {
    match s {
        Stage::Produced => lang.pick("produced", "已生产"),
        Stage::SendFailed => lang.pick("send failed", "发送失败"),
        Stage::Acked => lang.pick("acked", "已确认"),
        Stage::Stored => lang.pick("stored", "已存储"),
        Stage::Delivered => lang.pick("delivered", "已投递"),
        Stage::Processed => lang.pick("processed", "已处理"),
    }
}

/// The status line: the stage, where it is stored, and its anomalies.
pub fn status(s: &MessageStatus, topo: &Topology, lang: Lang) -> Vec<(String, bool)> {
    let mut v = vec![(stage(s.stage, lang).to_string(), false)];
    if !s.stored_on.is_empty() {
        let on: Vec<&str> = s.stored_on.iter().map(|&n| topo.name(n)).collect();
        v.push((lang.pick(format!("stored on {}", on.join(", ")), format!("存储于 {}", on.join("、"))), false));
    }
    if s.duplicated {
        v.push((lang.pick("duplicated", "重复处理").to_string(), true));
    }
    if s.lost {
        v.push((lang.pick("lost", "丢失").to_string(), true));
    }
    if s.in_dlq {
        v.push((lang.pick("in DLQ", "在死信队列").to_string(), true));
    }
    v
}

fn send_status(s: SendStatus) -> &'static str {
    match s {
        SendStatus::SendOk => "SEND_OK",
        SendStatus::FlushDiskTimeout => "FLUSH_DISK_TIMEOUT",
        SendStatus::FlushSlaveTimeout => "FLUSH_SLAVE_TIMEOUT",
        SendStatus::SlaveNotAvailable => "SLAVE_NOT_AVAILABLE",
    }
}

/// One lifecycle step as a line (without its time).
pub fn step(s: &Step, life: &MessageLife, topo: &Topology, lang: Lang) -> String {
    let n = |id: NodeId| topo.name(id).to_string();
    let g = |id: GroupId| topo.group_names.get(usize::from(id.0)).cloned().unwrap_or_default();
    match *s {
        Step::Note { index } => match life.notes.get(index) {
            Some((_, Note::System(e))) => e.describe(topo, lang),
            Some((_, Note::Tx(e))) => crate::i18n::rocket::describe_tx(e, topo, lang),
            Some((_, Note::Order(e))) => crate::i18n::rocket::describe_order(e, topo, lang),
            None => String::new(),
        },
        Step::Born { producer } => lang.pick(format!("made by {}", n(producer)), format!("由 {} 产生", n(producer))),
        Step::Accepted { producer } => {
            lang.pick(format!("kept in {}'s message table", n(producer)), format!("写入 {} 的本地消息表", n(producer)))
        }
        Step::SendFailed { msg, reason } => {
            let id = topo.msg_id_name(msg);
            lang.pick(
                format!(
                    "send of {id} failed: {}",
                    crate::i18n::explain::send_failure(reason, topo.system_kind(), lang)
                ),
                format!("发送 {id} 失败：{}", crate::i18n::explain::send_failure(reason, topo.system_kind(), lang)),
            )
        }
        Step::SendDropped { to, reason } => crate::i18n::explain::send_lost(to, reason, topo, lang),
        Step::NotOk { msg, broker, status } => {
            let (id, st) = (topo.msg_id_name(msg), send_status(status));
            lang.pick(
                format!("{} stored {id} but answered {st}", n(broker)),
                format!("{} 存储了 {id}，但返回 {st}", n(broker)),
            )
        }
        Step::Acked { msg, broker } => {
            let id = topo.msg_id_name(msg);
            if topo.servers.is_empty() {
                lang.pick(
                    format!("{} answered SEND_OK for {id}", n(broker)),
                    format!("{} 对 {id} 返回 SEND_OK", n(broker)),
                )
            } else {
                lang.pick(format!("{} acknowledged {id}", n(broker)), format!("{} 确认了 {id}", n(broker)))
            }
        }
        Step::Resent { msg } => {
            let id = topo.msg_id_name(msg);
            lang.pick(format!("resent by the compensation job as {id}"), format!("补偿任务以 {id} 重新发送"))
        }
        Step::GaveUp => lang.pick("the producer gave up resending".into(), "生产者放弃重发".into()),
        Step::Stored { node, msg, log_offset, on_slave } => {
            let id = topo.msg_id_name(msg);
            let what = if on_slave { lang.pick("copied", "复制") } else { lang.pick("stored", "存储") };
            // Another system's copies have no commit-log offset (see `TraceKind::CopyStored`).
            if log_offset == u64::MAX {
                return lang.pick(format!("{id} {what} on {}", n(node)), format!("{id} {what}到 {}", n(node)));
            }
            lang.pick(
                format!("{id} {what} on {} at commit-log offset {log_offset}", n(node)),
                format!("{id} {what}到 {}，提交日志位点 {log_offset}", n(node)),
            )
        }
        Step::CopyLost { node, how } => lang.pick(
            format!("the copy on {} is gone: it {}", n(node), crate::i18n::explain::copy_loss(how, topo, lang)),
            format!("{} 上的副本丢失：{}", n(node), crate::i18n::explain::copy_loss(how, topo, lang)),
        ),
        Step::Delivered { group, consumer, msg, mq, from, reconsume, auto_acked } => {
            let (id, q) = (topo.msg_id_name(msg), topo.queue_name(mq.queue));
            let mut line = lang.pick(
                format!("{id} delivered to {} ({}) from {} {q}", n(consumer), g(group), n(from)),
                format!("{id} 从 {} 的 {q} 投递给 {}（{}）", n(from), n(consumer), g(group)),
            );
            if reconsume > 0 {
                line.push_str(&lang.pick(format!(", retry {reconsume}"), format!("，第 {reconsume} 次重试")));
            }
            if auto_acked {
                line.push_str(lang.pick(", auto ack", "，自动确认"));
            }
            line
        }
        Step::RedisClaimed { group, msg } => {
            let id = topo.msg_id_name(msg);
            lang.pick(
                format!("{} claimed {id} in Redis (SETNX)", g(group)),
                format!("{} 在 Redis 中占用了 {id}（SETNX）", g(group)),
            )
        }
        Step::RedisExpired { group } => {
            lang.pick(format!("{}'s Redis dedup key expired", g(group)), format!("{} 的 Redis 去重键已过期", g(group)))
        }
        Step::Processed { group, consumer, msg, by, nth } => {
            let id = topo.msg_id_name(msg);
            let place = if by == consumer {
                String::new()
            } else {
                lang.pick(format!(" in {}", n(by)), format!("（在 {} 中）", n(by)))
            };
            if nth > 1 {
                lang.pick(
                    format!("side effect AGAIN (#{nth}) by {}{place} for {id} ({}): duplicate", n(consumer), g(group)),
                    format!("{}{place} 对 {id} 再次执行副作用（第 {nth} 次，{}）：重复", n(consumer), g(group)),
                )
            } else {
                lang.pick(
                    format!("processed by {}{place} ({}): side effect done", n(consumer), g(group)),
                    format!("由 {}{place} 处理（{}）：副作用已完成", n(consumer), g(group)),
                )
            }
        }
        Step::Skipped { group, consumer, store } => lang.pick(
            format!("{} ({}) skipped it: {} said already done", n(consumer), g(group), n(store)),
            format!("{}（{}）跳过：{} 表示已处理过", n(consumer), g(group), n(store)),
        ),
        Step::Failed { group } => {
            lang.pick(format!("processing failed in {}", g(group)), format!("{} 处理失败", g(group)))
        }
        Step::Abandoned { group, consumer } => lang.pick(
            format!("{} ({}) dropped it unfinished", n(consumer), g(group)),
            format!("{}（{}）未处理完便丢弃", n(consumer), g(group)),
        ),
        // %DLQ%group is RocketMQ's dead-letter topic; another system names its own queue.
        Step::DeadLettered { group } if topo.servers.is_empty() => lang.pick(
            format!("moved to %DLQ%{} after every retry failed", g(group)),
            format!("所有重试失败后进入 %DLQ%{}", g(group)),
        ),
        Step::DeadLettered { group } => lang
            .pick(format!("moved to the dead-letter queue for {}", g(group)), format!("进入 {} 的死信队列", g(group))),
    }
}

pub fn role(r: Role, lang: Lang) -> String {
    match r {
        Role::NameServer => "NameServer".into(),
        Role::Master { .. } => lang.pick("master broker", "master broker（主节点）").into(),
        Role::Slave { .. } => lang.pick("slave broker", "slave broker（从节点）").into(),
        Role::Producer { .. } => lang.pick("producer", "生产者").into(),
        Role::Consumer { .. } => lang.pick("consumer", "消费者").into(),
        Role::Db => lang.pick("database (dedup by unique key)", "数据库（唯一键去重）").into(),
        Role::Redis => lang.pick("Redis (dedup by SETNX)", "Redis（SETNX 去重）").into(),
        Role::Server { .. } => lang.pick("server", "服务器").into(),
        Role::Coordinator { .. } => lang.pick("controller", "控制器").into(),
    }
}

pub fn node_status(s: NodeStatus, lang: Lang) -> &'static str {
    match s {
        NodeStatus::NotStarted => lang.pick("not started", "未启动"),
        NodeStatus::Up => lang.pick("up", "运行中"),
        NodeStatus::Crashed => lang.pick("crashed", "已宕机"),
        NodeStatus::Paused => lang.pick("paused", "已暂停"),
        NodeStatus::DiskLost => lang.pick("disk lost", "磁盘损坏"),
    }
}
