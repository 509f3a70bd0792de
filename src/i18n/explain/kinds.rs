//! A message kind's name in the words of the system that sends it: RocketMQ's SEND_OK and offset
//! commit, Kafka's produce response and fetch, RabbitMQ's publisher confirm and basic.ack, Raft's
//! AppendEntries, Redis's LPUSH and BRPOP. The fault menu, the legend, the action log, the
//! timeline's markers and the checker's causes all name a kind here, so they say the same.

use super::Lang;
use crate::scenario::systems::SystemKind;
use crate::sim::wire::MsgKind;

/// The name of message kind `k` in `system`'s words.
pub fn kind(k: MsgKind, system: SystemKind, lang: Lang) -> &'static str {
    let words = match own_words(k, system) {
        Some(w) => w,
        None if system == SystemKind::Rocketmq => rocketmq_words(k),
        None => neutral_words(k).unwrap_or_else(|| rocketmq_words(k)),
    };
    lang.pick(words.0, words.1)
}

/// Another system's name for a kind it has no word of its own for, where RocketMQ's word says
/// something only RocketMQ does (SEND_OK, master/slave, an offset commit, a send-back).
fn neutral_words(k: MsgKind) -> Option<(&'static str, &'static str)> {
    use MsgKind::*;
    Some(match k {
        SendResult => ("send result (ack)", "发送结果（确认）"),
        ConsumerAck => ("consumer ack", "消费确认"),
        Replicate => ("replication", "副本复制"),
        SendBack => ("retry request", "重试请求"),
        _ => return None,
    })
}

/// `word` after a Chinese character: a Latin word takes a space before it ("的 follower 拉取"), as
/// everywhere in the texts, and a Chinese one does not ("的拉取请求").
pub(crate) fn after_hanzi(word: &str) -> String {
    if word.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        format!(" {word}")
    } else {
        word.to_string()
    }
}

/// `word` after the English indefinite article: "a fetch request", "an offset commit".
pub(crate) fn with_article(word: &str) -> String {
    let an = word.starts_with(|c: char| "aeiouAEIOU".contains(c));
    format!("{} {word}", if an { "an" } else { "a" })
}

/// What a system calls a kind where RocketMQ's word would be wrong there.
fn own_words(k: MsgKind, system: SystemKind) -> Option<(&'static str, &'static str)> {
    use MsgKind::*;
    use SystemKind::*;
    Some(match (system, k) {
        (Rocketmq, _) => return None,
        (Kafka, Send) => ("produce request", "生产请求（Produce）"),
        (Kafka, SendResult) => ("produce response (acks)", "生产响应（acks）"),
        (Kafka, Pull) => ("fetch request", "拉取请求（Fetch）"),
        (Kafka, PullResult) => ("fetch response", "拉取响应（Fetch）"),
        (Kafka, ConsumerAck) => ("offset commit", "位点提交（OffsetCommit）"),
        (Kafka, Replicate) => ("replication (records to a follower)", "副本复制（发给 follower 的记录）"),
        // A follower's fetch tells the leader how far it has copied: Kafka's replication ack.
        (Kafka, ReplicateAck) => ("follower fetch (its offset)", "follower 拉取（报告复制位置）"),
        (Kafka, Route) => ("metadata lookup", "元数据查询（Metadata）"),
        (Kafka, Rebalance) => ("rebalance (join group, fetch offsets)", "rebalance（加入消费者组、读取位点）"),
        (Kafka, Election) => ("leader election (LeaderAndIsr, AlterIsr)", "leader 选举（LeaderAndIsr、AlterIsr）"),
        (Rabbitmq, Send) => ("publish (basic.publish)", "发布（basic.publish）"),
        (Rabbitmq, SendResult) => ("publisher confirm (basic.ack)", "发布确认（publisher confirm）"),
        // The broker pushes deliveries (basic.deliver): there is no pull before them.
        (Rabbitmq, PullResult) => ("delivery (pushed)", "投递（推送）"),
        (Rabbitmq, ConsumerAck) => ("consumer ack (basic.ack)", "消费确认（basic.ack）"),
        (Rabbitmq, SendBack) => ("nack / reject", "nack / reject（拒收）"),
        (Rabbitmq, Conn) => ("connection (open, close, reset)", "连接（打开、关闭、断开）"),
        (Raft, ConsumerAck) => ("offset commit", "位点提交"),
        (Raft, Replicate) => ("log append (AppendEntries)", "追加日志（AppendEntries）"),
        (Raft, ReplicateAck) => ("append reply (ack)", "追加确认（AppendEntries 回复）"),
        (Raft, Heartbeat) => ("heartbeat (empty AppendEntries)", "心跳（空的 AppendEntries）"),
        (RedisQueue, Send) => ("push (LPUSH / ZADD)", "写入（LPUSH / ZADD）"),
        (RedisQueue, SendResult) => ("reply to the push (ack)", "写入回复（确认）"),
        (RedisQueue, Pull) => ("blocking pop (BRPOP / BRPOPLPUSH)", "阻塞弹出（BRPOP / BRPOPLPUSH）"),
        (RedisQueue, PullResult) => ("pop reply (an item, or nil)", "弹出回复（消息或 nil）"),
        (RedisQueue, ConsumerAck) => ("ack (LREM from the processing list)", "确认（从处理中列表 LREM）"),
        // The recovery script moves what a dead or slow consumer held back to the list.
        (RedisQueue, Rebalance) => ("recovery job (pushes held items back)", "恢复任务（把滞留的消息推回队列）"),
        // The mover's poll of the delayed set is Redis's only periodic call.
        (RedisQueue, Heartbeat) => ("mover of due items (delayed set)", "到期消息搬运（延时集合）"),
        _ => return None,
    })
}

/// RocketMQ's words, which are also what a kind is called where a system has no word of its own
/// and RocketMQ's is not RocketMQ's alone (heartbeat, route, rebalance).
fn rocketmq_words(k: MsgKind) -> (&'static str, &'static str) {
    use MsgKind::*;
    match k {
        Send => ("message", "消息"),
        SendResult => ("send result (SEND_OK)", "发送结果（SEND_OK）"),
        Pull => ("pull request", "拉取请求"),
        PullResult => ("pull result", "拉取结果"),
        ConsumerAck => ("consumer ack (offset commit)", "消费确认（位点提交）"),
        Replicate => ("replication", "主从复制"),
        ReplicateAck => ("replication ack", "复制确认"),
        Heartbeat => ("heartbeat", "心跳"),
        Route => ("route", "路由"),
        Rebalance => ("rebalance", "rebalance（重平衡）"),
        SendBack => ("send-back for retry", "消费失败回传重试"),
        Dedup => ("dedup call", "去重调用"),
        Conn => ("connection reset", "连接断开"),
        Election => ("election (vote, new leader)", "选举（投票、新 leader）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MsgKind::*;
    use SystemKind::*;

    fn both(k: MsgKind, s: SystemKind) -> (&'static str, &'static str) {
        (kind(k, s, Lang::En), kind(k, s, Lang::Zh))
    }

    #[test]
    fn the_article_fits_the_word() {
        assert_eq!(with_article(kind(ConsumerAck, Kafka, Lang::En)), "an offset commit");
        assert_eq!(with_article(kind(Pull, Kafka, Lang::En)), "a fetch request");
    }

    #[test]
    fn rocketmq_keeps_its_own_words() {
        assert_eq!(both(SendResult, Rocketmq), ("send result (SEND_OK)", "发送结果（SEND_OK）"));
        assert_eq!(both(ConsumerAck, Rocketmq), ("consumer ack (offset commit)", "消费确认（位点提交）"));
        assert_eq!(both(Replicate, Rocketmq), ("replication", "主从复制"));
        assert_eq!(both(SendBack, Rocketmq), ("send-back for retry", "消费失败回传重试"));
    }

    #[test]
    fn only_rocketmq_says_send_ok_master_and_slave_or_send_back() {
        for s in [Kafka, Rabbitmq, Raft, RedisQueue] {
            for k in MsgKind::ALL {
                let (en, zh) = both(k, s);
                assert!(!en.contains("SEND_OK") && !zh.contains("SEND_OK"), "{s:?} {k:?}: {en} / {zh}");
                assert!(!zh.contains("主从"), "{s:?} {k:?}: {zh}");
                assert!(!en.contains("send-back"), "{s:?} {k:?}: {en}");
            }
        }
    }

    #[test]
    fn kafka_names_produce_fetch_and_offset_commit() {
        assert_eq!(both(SendResult, Kafka), ("produce response (acks)", "生产响应（acks）"));
        assert_eq!(both(Pull, Kafka), ("fetch request", "拉取请求（Fetch）"));
        assert_eq!(both(ConsumerAck, Kafka), ("offset commit", "位点提交（OffsetCommit）"));
        assert_eq!(both(Replicate, Kafka), ("replication (records to a follower)", "副本复制（发给 follower 的记录）"));
    }

    #[test]
    fn rabbitmq_names_confirms_pushed_deliveries_and_basic_ack() {
        assert_eq!(both(SendResult, Rabbitmq), ("publisher confirm (basic.ack)", "发布确认（publisher confirm）"));
        assert_eq!(both(PullResult, Rabbitmq), ("delivery (pushed)", "投递（推送）"));
        assert_eq!(both(ConsumerAck, Rabbitmq), ("consumer ack (basic.ack)", "消费确认（basic.ack）"));
        assert_eq!(both(SendBack, Rabbitmq), ("nack / reject", "nack / reject（拒收）"));
    }

    #[test]
    fn raft_names_append_entries() {
        assert_eq!(both(Replicate, Raft), ("log append (AppendEntries)", "追加日志（AppendEntries）"));
        assert_eq!(both(ReplicateAck, Raft), ("append reply (ack)", "追加确认（AppendEntries 回复）"));
        assert_eq!(both(ConsumerAck, Raft), ("offset commit", "位点提交"));
        assert_eq!(both(SendResult, Raft), ("send result (ack)", "发送结果（确认）"));
    }

    #[test]
    fn redis_names_its_commands() {
        assert_eq!(both(Send, RedisQueue), ("push (LPUSH / ZADD)", "写入（LPUSH / ZADD）"));
        assert_eq!(both(Pull, RedisQueue), ("blocking pop (BRPOP / BRPOPLPUSH)", "阻塞弹出（BRPOP / BRPOPLPUSH）"));
        assert_eq!(both(ConsumerAck, RedisQueue), ("ack (LREM from the processing list)", "确认（从处理中列表 LREM）"));
        assert_eq!(
            both(Rebalance, RedisQueue),
            ("recovery job (pushes held items back)", "恢复任务（把滞留的消息推回队列）")
        );
    }
}
