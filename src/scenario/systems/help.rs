//! What a producer or consumer-group setting means in a system other than RocketMQ, where it means
//! something else than the table's RocketMQ wording (`scenario::fields`): the editor shows these
//! lines instead for that system. Each follows docs/scenario-format.md's section on the system.

use crate::i18n::Lang;

/// (system, generic path, English, Chinese).
type Line = (&'static str, &'static str, &'static str, &'static str);

#[rustfmt::skip]
const LINES: &[Line] = &[
    // --- Kafka ---
    ("kafka", "consumer_groups[].ack",
        "manual: commit offsets once a poll's records are processed (enable.auto.commit=false); auto: enable.auto.commit, committing at a poll every commit_interval_ms what earlier polls returned (a crash redelivers what was processed since). Kafka's own default is auto, every 5 s; mqlab's is manual.",
        "manual：一次 poll 的记录处理完后再提交 offset（enable.auto.commit=false）；auto：enable.auto.commit，每隔 commit_interval_ms 在 poll 时提交之前 poll 返回的记录（宕机会重投此后处理过的记录）。Kafka 自身默认是 auto（每 5 秒）；mqlab 默认是 manual。"),
    ("kafka", "topics",
        "Topic names; each has `partitions` partitions, their leaders and followers spread over the brokers.",
        "Topic 名称；每个 topic 有 partitions 个分区，各分区的 leader 和 follower 分布在各 broker 上。"),
    ("kafka", "consumer_groups[].commit_interval_ms",
        "With auto commit, offsets are committed at a poll this often (auto.commit.interval.ms).",
        "自动提交时，在 poll 时提交 offset 的间隔（auto.commit.interval.ms）。"),
    ("kafka", "consumer_groups[].members",
        "Consumers in the group; the group coordinator's rebalance gives each partition to one of them.",
        "组内消费者数量；组协调者通过 rebalance 把每个分区分给其中一个成员。"),
    ("kafka", "consumer_groups[].pull_threshold",
        "A member stops fetching while it holds this many fetched records.",
        "成员手里已拉取的记录达到这么多条时，暂停拉取。"),
    // --- RabbitMQ ---
    ("rabbitmq", "topics",
        "Topic names; each is a durable or transient queue on the node, published to through the default exchange and consumed by one group.",
        "Topic 名称；每个 topic 是节点上的一个（持久化或非持久化）队列，通过默认交换机发布，由一个消费者组消费。"),
    ("rabbitmq", "producers[].workload.start_ms",
        "Time of the first message, once the publisher's connection is open.",
        "第一条消息的发送时间（发布者的连接建立之后）。"),
    ("rabbitmq", "consumer_groups[].failure_ppm",
        "Chance a processing attempt fails; the message is nacked, and requeue_on_nack decides whether it comes back or is dead-lettered (or dropped).",
        "一次处理失败的概率；消息被 nack，由 requeue_on_nack 决定它重新入队，还是进入死信（或被丢弃）。"),
    ("rabbitmq", "producers[].send",
        "sync: with confirms on, wait for the broker's basic.ack (publisher confirm) and publish again if it is late; oneway: publish without waiting for any confirm.",
        "sync：开启 confirm 时等待 broker 的 basic.ack（发布确认），超时则重新发布；oneway：发布后不等待任何确认。"),
    ("rabbitmq", "producers[].retries",
        "How many times a confirming publisher publishes a message again (as a new message id) when its confirm is late or its connection closed.",
        "confirm 超时或连接断开时，发布者重新发布消息（作为新的消息 ID）的最多次数。"),
    ("rabbitmq", "consumer_groups[].members",
        "Consumers on the group's queue; the broker pushes messages to them in turn, up to prefetch unacked each.",
        "订阅该组队列的消费者数量；broker 轮流把消息推给它们，每个最多有 prefetch 条未确认。"),
    ("rabbitmq", "consumer_groups[].ack",
        "manual: basic.ack after processing (a consumer crash or a lost ack requeues the message, redelivered); auto: the broker forgets it as it pushes it (a consumer crash loses what it held).",
        "manual：处理完后发送 basic.ack（消费者宕机或 ack 丢失时消息重新入队并再次投递）；auto：broker 推送即删除（消费者宕机会丢失手里的消息）。"),
    // --- Raft queue ---
    ("raft", "producers[].send",
        "sync: wait for the leader's answer, given once a majority of replicas has the entry, and retry on failure; oneway: no answer awaited.",
        "sync：等待 leader 的应答（多数副本写入该条目后才应答），失败则重试；oneway：不等待应答。"),
    ("raft", "producers[].retries",
        "Extra attempts when a replica is down or knows no leader (a \"not the leader\" answer is followed for free), all within send_timeout_ms.",
        "副本宕机或不知道 leader 时的额外重试次数（收到“不是 leader”的应答会直接转去 leader，不算重试），都在 send_timeout_ms 之内。"),
    ("raft", "consumer_groups[].members",
        "Consumers in the group; the leader shares the queues out among them on every pull.",
        "组内消费者数量；leader 在每次拉取时把队列分给各成员。"),
    // --- Redis queues ---
    ("redis_queue", "topics",
        "Topic names; each is a list on the Redis server (and a sorted set for a delayed queue).",
        "Topic 名称；每个 topic 是 Redis 上的一个列表（延时队列还有一个有序集合）。"),
    ("redis_queue", "producers[].workload.start_ms",
        "Time of the first message, once the client's connection is open.",
        "第一条消息的发送时间（客户端连接建立之后）。"),
    ("redis_queue", "producers[].send",
        "sync: wait for the LPUSH (or ZADD) reply; oneway: do not read it.",
        "sync：等待 LPUSH（或 ZADD）的回复；oneway：不读取回复。"),
    ("redis_queue", "producers[].send_timeout_ms",
        "Bounds one LPUSH (or ZADD) with its retries.",
        "一次 LPUSH（或 ZADD）连同重试的时间上限。"),
    ("redis_queue", "producers[].retries",
        "Sends again to the same server after a connection error (there is no other).",
        "连接出错后向同一台服务器重发的次数（没有别的服务器）。"),
    ("redis_queue", "consumer_groups[].members",
        "Consumers popping the group's list; each item goes to one of them.",
        "从该组列表弹出消息的消费者数量；每条消息只给其中一个。"),
    ("redis_queue", "consumer_groups[].ack",
        "The mode decides when an item is consumed: list mode pops it as it is handed out (auto, whichever is set); reliable mode removes it after processing, and needs manual.",
        "何时算消费由模式决定：list 模式在交出时就弹出（相当于 auto，无论这里设什么）；reliable 模式处理完才移除，需要 manual。"),
];

/// The line that explains the setting at `path` (generic) in a `kind` cluster, if it differs from
/// the table's.
pub fn explain(kind: &str, path: &str, lang: Lang) -> Option<&'static str> {
    LINES.iter().find(|l| l.0 == kind && l.1 == path).map(|l| lang.pick(l.2, l.3))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line explains a setting of the table that its system shows.
    #[test]
    fn every_line_is_a_setting_its_system_uses() {
        for (kind, path, en, zh) in LINES {
            assert!(crate::scenario::fields::find(path).is_some_and(|f| f.path == *path), "{path}");
            assert!(super::super::uses(kind, path), "{kind} does not show {path}");
            assert!(!en.is_empty() && !zh.is_ascii(), "{kind} {path}");
        }
    }
}
