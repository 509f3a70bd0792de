//! The cluster view's words, English and Simplified Chinese side by side.

use crate::i18n::Lang;
use crate::ui::text::{text, Text};

text!(CLUSTER, "Cluster", "集群");
text!(LEGEND, "Legend", "图例");

// --- node states ---------------------------------------------------------------------------
text!(UP, "up", "运行中");
text!(CRASHED, "crashed", "已宕机");
text!(PAUSED, "paused", "已暂停");
text!(PARTITIONED, "partitioned", "网络隔离");
text!(DISK_LOST, "disk lost", "磁盘丢失");
text!(NOT_STARTED, "not started", "未启动");
text!(STALE_ROUTE, "stale route", "路由过期");
text!(WAITING, "waiting", "等待中");
text!(
    STALE_ROUTE_LONG,
    "stale route: this producer still thinks a dead master is available",
    "路由过期：该生产者仍以为一个已宕机的 master 可用"
);
text!(MASTER, "master", "主节点 master");
text!(SLAVE, "slave", "从节点 slave");
text!(PRODUCER, "producer", "生产者");
text!(CONSUMER, "consumer", "消费者");
text!(NAMESERVER, "NameServer", "NameServer");
text!(DB, "dedup DB", "去重数据库");
text!(REDIS, "Redis (dedup)", "Redis（去重）");
text!(SERVER, "server", "服务器");
text!(COORDINATOR, "controller", "控制器");

// --- commit-log strip ------------------------------------------------------------------------
text!(WRITTEN, "written", "已写入");
text!(FLUSHED, "flushed", "已刷盘");
text!(REPLICATED, "replicated", "已复制");
text!(CONSUMED, "consumed", "已消费");
text!(UNFLUSHED, "written, not yet flushed", "已写入未刷盘");
text!(UNREPLICATED, "written, not yet on a slave", "已写入未复制到 slave");
text!(COMMIT_LOG, "commit log", "提交日志 commit log");
text!(COMMITTED, "committed (safe on enough replicas)", "已提交（足够多的副本已保存）");
text!(UNCOMMITTED, "written, not yet committed", "已写入未提交");
text!(LOGS_AND_QUEUES, "logs and queues", "日志与队列");
text!(FIRST_HELD, "first entry held", "仍保存的第一条");
text!(LEADS, "leader", "leader");
text!(FOLLOWS, "follower", "follower");
text!(CAMPAIGNS, "candidate", "candidate");

// --- links and dots --------------------------------------------------------------------------
text!(LINK, "link", "链路");
text!(LINKS_KEYS, "Links: ↑ and ↓ move between them", "链路：用 ↑ 和 ↓ 在链路之间移动");
text!(CUT, "cut", "已断开");

/// What TCP holds on a cut link of a system whose links hold (RabbitMQ): sent, waiting for the heal.
pub fn held_frames(n: u32, lang: Lang) -> String {
    lang.pick(format!("{n} held by TCP"), format!("TCP 暂存 {n} 帧"))
}
text!(DROPPED, "dropped", "已丢弃");
text!(MESSAGES_IN_FLIGHT, "Messages on the wire", "传输中的消息");
text!(DRAWN, "messages drawn", "条消息已绘制");

// --- fault menu ------------------------------------------------------------------------------
text!(FAULTS, "Faults", "故障");
text!(FAULTS_FOR, "Faults for", "故障注入：");
text!(CHOOSE_NODE, "Node", "节点");
text!(CHOOSE_PEER, "Link to", "链路对端");
text!(NO_PEER, "(no link)", "（不选链路）");
text!(CRASH, "Kill (crash)", "杀死（宕机）");
text!(RESTART, "Restart", "重启");
text!(LOSE_DISK, "Lose disk", "磁盘丢失");
text!(
    NOT_STARTED_HINT,
    "It starts with the run: play or step once, then it can be crashed or paused.",
    "节点随运行一起启动：先播放或单步一次，之后才能让它宕机或暂停。"
);
text!(PAUSE, "Pause (GC)", "暂停（GC 停顿）");
text!(RESUME, "Resume", "恢复运行");
text!(ISOLATE, "Isolate from the network", "网络隔离");
text!(HEAL_NODE, "Heal its network", "恢复其网络");
text!(KIND, "Message kind", "消息类型");
text!(ANY_KIND, "any kind", "任意类型");
text!(DIRECTION, "Direction", "方向");
text!(DROP_NEXT, "Drop the next one", "丢弃下一条");
text!(DELAY_NEXT, "Delay the next one", "延迟下一条");
text!(DELAY_MS, "Delay (ms)", "延迟（毫秒）");
text!(CUT_LINK, "Cut the link (both ways)", "断开链路（双向）");
text!(CUT_ONE_WAY, "Cut this direction only", "只断开这个方向");
text!(HEAL_LINK, "Heal the link", "恢复链路");
text!(HEAL_ALL, "Heal everything", "全部恢复");
text!(CLOSE, "Close", "关闭");

// --- another system's servers -------------------------------------------------------------
text!(KAFKA_CLUSTER, "Kafka cluster", "Kafka 集群");
text!(RABBITMQ_NODE, "RabbitMQ", "RabbitMQ");
text!(RAFT_GROUP, "Raft group (majority acks)", "Raft 组（多数派确认）");
text!(REDIS_QUEUE, "Redis queue", "Redis 队列");
text!(ROCKETMQ_CLUSTER, "RocketMQ cluster", "RocketMQ 集群");

/// The label of the frame around a system's servers.
pub fn system_name(s: &crate::scenario::model::System) -> Text {
    use crate::scenario::model::System;
    match s {
        System::Rocketmq => ROCKETMQ_CLUSTER,
        System::Kafka(_) => KAFKA_CLUSTER,
        System::Rabbitmq(_) => RABBITMQ_NODE,
        System::Raft(_) => RAFT_GROUP,
        System::RedisQueue(_) => REDIS_QUEUE,
    }
}
