//! The table of every scenario setting. Each line: JSON path, group, kind, default source, then
//! the explanation in English and in Simplified Chinese, written for a learner.

use super::{Fallback, Field, Group, Kind, Unit};
use Fallback::{Model, Required};
use Group::*;
use Kind::*;

const fn f(
    path: &'static str,
    group: Group,
    kind: Kind,
    fallback: Fallback,
    en: &'static str,
    zh: &'static str,
) -> Field {
    Field { path, group, kind, fallback, en, zh, system: "" }
}

const fn note(en: &'static str, zh: &'static str) -> Fallback {
    Fallback::Note { en, zh }
}

const MS: Kind = Int(Unit::Ms);
const US: Kind = Int(Unit::Us);
const PPM: Kind = Int(Unit::Ppm);
const COUNT: Kind = Int(Unit::None);

/// Values of `brokers.replication` and `brokers.flush`.
pub const SYNC_ASYNC: &[&str] = &["async", "sync"];
pub const SEND_MODES: &[&str] = &["sync", "oneway"];
pub const ACK_MODES: &[&str] = &["manual", "auto"];
pub const DEDUP_KINDS: &[&str] = &["none", "db_unique_key", "redis_setnx"];
pub const DEDUP_KEYS: &[&str] = &["business_key", "msg_id"];
pub const DIRECTIONS: &[&str] = &["both", "inbound", "outbound"];
pub const TX_MODES: &[&str] = &["half_message", "send_then_commit", "commit_then_send", "none"];
/// Every fault command (`Command`'s `action` tag).
pub const ACTIONS: &[&str] = &[
    "crash",
    "restart",
    "lose_disk",
    "pause",
    "resume",
    "slow_consumer",
    "slow_disk",
    "isolate",
    "cut",
    "heal_node",
    "heal_link",
    "heal_all",
    "drop_next",
    "delay_next",
];
/// Every kind of network message (`MsgKind`), for `drop_next` and `delay_next`.
pub const MSG_KINDS: &[&str] = &[
    "send",
    "send_result",
    "pull",
    "pull_result",
    "consumer_ack",
    "replicate",
    "replicate_ack",
    "heartbeat",
    "route",
    "rebalance",
    "send_back",
    "dedup",
    "conn",
    "election",
];

/// Every setting, grouped as the form shows them. One line per setting, so it reads as a table.
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    // --- Run ---
    f("version", Run, COUNT, Required, "Format version of the file; always 1.", "文件格式版本，固定为 1。"),
    f("title", Run, Text, note("empty", "空"), "Shown at the top of the page.", "显示在页面顶部的标题。"),
    f("notes", Run, LongText, note("empty", "空"), "Free text for the learner: what to look for in this run.", "给学习者的说明：这次运行要观察什么。"),
    f("seed", Run, COUNT, Model, "Seeds every random draw; the same scenario and seed replay the same run exactly.", "所有随机抽取的种子；相同场景加相同种子，运行结果完全一样。"),
    f("duration_ms", Run, MS, Required, "How long producers send and the fault schedule runs; then the cluster drains.", "生产者发送和故障计划持续的时长；之后集群进入排空阶段。"),
    f("max_drain_ms", Run, MS, Model, "Longest drain after the duration, while consumers work off the backlog.", "持续时间结束后的最长排空时间，消费者在此期间消化积压。"),
    f("topics", Run, Names, Model, "Topic names; every broker group hosts a few queues of every topic.", "Topic 名称；每个 broker 组为每个 topic 托管若干队列。"),
    // --- Cluster ---
    f("nameservers.count", Cluster, COUNT, Model, "NameServers (ns1, ns2, …): the routing registry brokers register with and clients ask.", "NameServer 数量（ns1、ns2…）：broker 注册、客户端查询路由的注册中心。"),
    f("nameservers.register_interval_ms", Cluster, MS, Model, "Each broker re-registers with every NameServer this often.", "每个 broker 向所有 NameServer 重新注册的间隔。"),
    f("nameservers.broker_expiry_ms", Cluster, MS, Model, "A NameServer forgets a broker it has not heard from for this long, so routes stop naming it.", "NameServer 超过这么久没收到 broker 的消息就将其移除，路由中不再包含它。"),
    f("nameservers.scan_interval_ms", Cluster, MS, Model, "How often a NameServer looks for expired brokers.", "NameServer 扫描过期 broker 的间隔。"),
    f("brokers.groups", Cluster, COUNT, Model, "Broker groups (broker-a, broker-b, …), each a master with its slaves.", "Broker 组数量（broker-a、broker-b…），每组一个 master 加若干 slave。"),
    f("brokers.slaves", Cluster, COUNT, Model, "Slaves per broker group; 0 is the multi-master mode without copies.", "每组 slave 数量；0 表示没有副本的多 master 模式。"),
    f("brokers.queues_per_topic", Cluster, COUNT, Model, "Queues of each topic on each broker group; a consumer group splits the queues among its members.", "每个 broker 组上每个 topic 的队列数；消费者组把队列分给组内成员。"),
    f("brokers.client_expiry_ms", Cluster, MS, Model, "A consumer silent for this long is dropped from its group, which triggers a rebalance.", "消费者超过这么久没有心跳就被移出消费者组，触发 rebalance。"),
    f("brokers.long_poll_ms", Cluster, MS, Model, "A pull with nothing to read is held this long, answered as soon as a message arrives.", "没有消息可读的拉取请求被挂起这么久，一有消息立即返回（长轮询）。"),
    // --- Replication ---
    f("brokers.replication", Replication, Choice(SYNC_ASYNC), Model, "async: the master acks before a slave has the message; sync: only after (sync double write).", "async：slave 收到前 master 就回 ack；sync：slave 收到后才回（同步双写）。"),
    f("brokers.slave_ack_timeout_ms", Replication, MS, Model, "Sync replication waits this long for a slave, then answers FLUSH_SLAVE_TIMEOUT.", "同步复制等待 slave 的时长，超时则返回 FLUSH_SLAVE_TIMEOUT。"),
    f("brokers.ha_transfer_interval_ms", Replication, MS, Model, "Async replication sends new commit-log data this often: the window of acked but uncopied messages.", "异步复制发送新 commit log 数据的间隔：已 ack 但尚未复制的消息窗口。"),
    f("brokers.ha_heartbeat_ms", Replication, MS, Model, "A slave reports its replicated offset to the master this often.", "slave 向 master 报告已复制 offset 的间隔。"),
    f("brokers.ha_housekeeping_ms", Replication, MS, Model, "The master counts a slave as gone after this long without a report.", "master 超过这么久没收到报告就认为 slave 已断开。"),
    f("brokers.ha_max_gap_msgs", Replication, Int(Unit::Msgs), Model, "A slave this far behind makes sync replication answer SLAVE_NOT_AVAILABLE.", "slave 落后超过这么多条消息时，同步复制返回 SLAVE_NOT_AVAILABLE。"),
    f("brokers.slave_offset_sync_ms", Replication, MS, Model, "A slave copies the master's consumer offsets this often; newer ones are lost if the master dies.", "slave 复制 master 消费 offset 的间隔；master 宕机时更新的 offset 会丢失。"),
    // --- Broker storage ---
    f("brokers.flush", BrokerStorage, Choice(SYNC_ASYNC), Model, "async: the commit log reaches disk every interval; sync: before SEND_OK.", "async：commit log 按间隔刷盘；sync：刷盘后才返回 SEND_OK。"),
    f("brokers.flush_interval_ms", BrokerStorage, MS, Model, "Async flush period; a machine crash loses the commit log written since the last flush.", "异步刷盘周期；机器宕机会丢失上次刷盘后写入的 commit log。"),
    f("brokers.disk_flush_latency_us", BrokerStorage, US, Model, "Time one flush (fsync) takes.", "一次刷盘（fsync）耗时。"),
    f("brokers.sync_flush_timeout_ms", BrokerStorage, MS, Model, "Sync flush waits this long for the disk, then answers FLUSH_DISK_TIMEOUT.", "同步刷盘等待磁盘的时长，超时返回 FLUSH_DISK_TIMEOUT。"),
    f("brokers.persist_offsets_interval_ms", BrokerStorage, MS, Model, "The broker writes consumer offsets to disk this often; a crash loses newer ones (redelivery).", "broker 把消费 offset 写盘的间隔；宕机会丢失更新的 offset（导致重新投递）。"),
    // --- Network ---
    f("network.latency_us", Network, US, Model, "One-way latency of every link.", "每条链路的单向延迟。"),
    f("network.jitter_us", Network, US, Model, "Random extra latency, up to this much.", "额外的随机延迟，最多这么多。"),
    f("network.loss_ppm", Network, PPM, Model, "Chance that any message is lost on the wire, in parts per million.", "任一消息在网络上丢失的概率（百万分之几）。"),
    f("network.links[].from", Network, Node, Required, "Sending end of a link with its own settings.", "单独设置的链路的发送端。"),
    f("network.links[].to", Network, Node, Required, "Receiving end of that link (one direction only).", "该链路的接收端（仅此一个方向）。"),
    f("network.links[].latency_us", Network, US, note("network latency", "同网络延迟"), "One-way latency on this link only.", "仅此链路的单向延迟。"),
    f("network.links[].jitter_us", Network, US, note("network jitter", "同网络抖动"), "Random extra latency on this link only.", "仅此链路的随机额外延迟。"),
    f("network.links[].loss_ppm", Network, PPM, note("network loss", "同网络丢包"), "Loss on this link only, in parts per million.", "仅此链路的丢包率（百万分之几）。"),
    // --- Producers ---
    f("brokers.retry_another_broker_when_not_store_ok", Producer, Bool, Model, "Resend to another broker when a send is answered but not SEND_OK; can duplicate, since the first broker stored it.", "收到非 SEND_OK 的结果时换一个 broker 重发；可能产生重复，因为第一个 broker 已经存下了。"),
    f("producers[].name", Producer, Text, note("p1, p2, … by position", "按位置 p1、p2…"), "Node name shown in the cluster view.", "集群视图中显示的节点名。"),
    f("producers[].topic", Producer, Text, note("the first topic", "第一个 topic"), "Topic this producer sends to.", "该生产者发送到的 topic。"),
    f("producers[].send", Producer, Choice(SEND_MODES), Model, "sync: wait for SEND_OK and retry on failure; oneway: fire and forget, no ack, no retry.", "sync：等待 SEND_OK，失败重试；oneway：发完即忘，没有 ack 也不重试。"),
    f("producers[].send_timeout_ms", Producer, MS, Model, "Time budget of one sync send, retries included.", "一次同步发送的总时限（含重试）。"),
    f("producers[].retries", Producer, COUNT, Model, "Extra attempts on another broker after a failed sync send.", "同步发送失败后换 broker 再试的次数。"),
    f("producers[].route_refresh_ms", Producer, MS, Model, "The producer asks a NameServer for routes this often.", "生产者向 NameServer 刷新路由的间隔。"),
    f("producers[].reliable.check_interval_ms", Producer, MS, Model, "Reliable producer: its compensation job scans the local message table this often.", "可靠生产者：补偿任务扫描本地消息表的间隔。"),
    f("producers[].reliable.resend_after_ms", Producer, MS, Model, "A message without SEND_OK for this long is resent (dedup must catch the copy).", "超过这么久未收到 SEND_OK 的消息会被重发（需要靠去重挡住副本）。"),
    f("producers[].reliable.max_resends", Producer, COUNT, Model, "After this many resends the message is marked failed for a human to look at.", "重发这么多次后标记为失败，交给人工处理。"),
    f("producers[].transaction.mode", Producer, Choice(TX_MODES), Model, "half_message: a half message, then the local DB transaction, then commit/rollback (RocketMQ transactions); send_then_commit / commit_then_send: a plain send before or after the DB commit; none: no local transaction.", "half_message：先发半消息，再执行本地数据库事务，最后提交/回滚（RocketMQ 事务消息）；send_then_commit / commit_then_send：在数据库提交之前或之后普通发送；none：没有本地事务。"),
    f("producers[].transaction.local_txn_ms", Producer, MS, Model, "How long the local DB transaction runs before it commits; a crash before then rolls it back.", "本地数据库事务执行多久后提交；在此之前宕机，事务会被回滚。"),
    f("producers[].transaction.rollback_ppm", Producer, PPM, Model, "Chance the local transaction rolls back instead of committing; then the message must never be consumed.", "本地事务回滚（而非提交）的概率；回滚后这条消息绝不能被消费。"),
    f("producers[].order_keys", Producer, COUNT, Model, "Ordered messages: message n carries business key n mod this (an order id) and goes to queue key mod queues, with no retry elsewhere; 0 means round robin.", "顺序消息：第 n 条消息的业务键为 n 对它取模（如订单号），按键对队列数取模选队列，失败不换队列重试；0 表示轮询。"),
    f("brokers.transaction_timeout_ms", Producer, MS, Model, "A half message without END_TRANSACTION is checked back with its producer once it is this old.", "没有收到 END_TRANSACTION 的半消息，存在这么久之后向生产者回查。"),
    f("brokers.transaction_check_interval_ms", Producer, MS, Model, "The broker's transaction check service runs this often (60 s in RocketMQ 4.x), so a check-back can come up to this much later.", "broker 的事务回查服务运行间隔（RocketMQ 4.x 为 60 秒），所以回查最多会晚这么久。"),
    f("brokers.transaction_check_max", Producer, COUNT, Model, "After this many unanswered check-backs the half message is discarded: a committed transaction then loses its message.", "回查这么多次仍无结果就丢弃半消息：已提交的事务就此丢失它的消息。"),
    f("producers[].workload.messages", Producer, Int(Unit::Msgs), Model, "How many messages (orders) this producer sends in all.", "该生产者总共发送的消息（订单）数。"),
    f("producers[].workload.rate_per_s", Producer, Int(Unit::PerS), Model, "Steady sending rate outside bursts.", "高峰之外的稳定发送速率。"),
    f("producers[].workload.start_ms", Producer, MS, Model, "Time of the first message, once routes are known.", "第一条消息的发送时间（路由已知之后）。"),
    f("producers[].workload.burst.every_ms", Producer, MS, Required, "Peak traffic: a burst starts this often.", "流量高峰：每隔这么久来一次高峰。"),
    f("producers[].workload.burst.length_ms", Producer, MS, Required, "How long each burst lasts.", "每次高峰持续多久。"),
    f("producers[].workload.burst.rate_per_s", Producer, Int(Unit::PerS), Required, "Sending rate during a burst; the queue absorbs it (peak shaving).", "高峰期间的发送速率；由队列吸收（削峰）。"),
    // --- Consumer groups ---
    f("brokers.delay_levels_ms", Consumer, Ints(Unit::Ms), Model, "Retry delays: the n-th redelivery of a failed message waits level n + 2.", "重试延迟级别：失败消息第 n 次重新投递等待第 n + 2 级。"),
    f("consumer_groups[].name", Consumer, Text, Required, "Consumer group name; members are <name>/c1, <name>/c2, ….", "消费者组名；成员为 <组名>/c1、<组名>/c2…。"),
    f("consumer_groups[].topic", Consumer, Text, note("the first topic", "第一个 topic"), "Topic the group subscribes to.", "该组订阅的 topic。"),
    f("consumer_groups[].members", Consumer, COUNT, Model, "Consumers in the group; the queues are shared among them by rebalance.", "组内消费者数量；队列通过 rebalance 分配给它们。"),
    f("consumer_groups[].ack", Consumer, Choice(ACK_MODES), Model, "manual: the offset moves after processing (a crash means redelivery); auto: on delivery (a crash loses messages).", "manual：处理完才推进 offset（宕机会重新投递）；auto：投递即推进（宕机会丢消息）。"),
    f("consumer_groups[].commit_interval_ms", Consumer, MS, Model, "Consumers push their committed offsets (their acks) to the broker this often.", "消费者向 broker 提交 offset（即 ack）的间隔。"),
    f("consumer_groups[].rebalance_interval_ms", Consumer, MS, Model, "Periodic rebalance: members re-split the queues this often.", "定期 rebalance：成员重新分配队列的间隔。"),
    f("consumer_groups[].heartbeat_ms", Consumer, MS, Model, "Each member heartbeats to every broker this often to stay in the group.", "每个成员向所有 broker 发送心跳以留在组内的间隔。"),
    f("consumer_groups[].route_refresh_ms", Consumer, MS, Model, "Members ask a NameServer for routes this often.", "成员向 NameServer 刷新路由的间隔。"),
    f("consumer_groups[].processing_ms", Consumer, MS, Model, "Time to process one message (the business side effect).", "处理一条消息（业务副作用）所需时间。"),
    f("consumer_groups[].pull_batch", Consumer, COUNT, Model, "Messages fetched per pull.", "每次拉取的消息数。"),
    f("consumer_groups[].pull_threshold", Consumer, Int(Unit::Msgs), Model, "Stop pulling while this many messages wait locally (flow control).", "本地待处理消息达到这么多时暂停拉取（流控）。"),
    f("consumer_groups[].failure_ppm", Consumer, PPM, Model, "Chance a processing attempt fails and the message is redelivered later.", "一次处理失败、消息稍后重新投递的概率。"),
    f("consumer_groups[].poison_every", Consumer, COUNT, Model, "Every n-th message always fails (a poison message); 0 means none.", "每 n 条消息中有一条总是失败（毒消息）；0 表示没有。"),
    f("consumer_groups[].max_reconsume_times", Consumer, COUNT, Model, "Redeliveries before a failing message goes to the dead-letter queue (DLQ).", "失败消息进入死信队列（DLQ）前的最多重新投递次数。"),
    f("consumer_groups[].orderly", Consumer, Bool, Model, "Orderly listener: lock each queue on the broker, consume it strictly in order, retry a failure in place instead of the retry topic.", "顺序消费：在 broker 上锁定队列，严格按顺序消费，失败时原地重试而不是进入重试队列。"),
    f("consumer_groups[].suspend_ms", Consumer, MS, Model, "Orderly: after a failure the queue waits this long, then the same message is tried again first.", "顺序消费：失败后队列暂停这么久，然后优先重试同一条消息。"),
    f("consumer_groups[].start_ms", Consumer, MS, Model, "Members start at this time; a late start shows a backlog being worked off.", "成员启动时间；晚启动可以观察积压被消化。"),
    // --- Dedup ---
    f("consumer_groups[].dedup.kind", Dedup, Choice(DEDUP_KINDS), Model, "How the group avoids a double side effect: a unique key in the DB transaction, or Redis SETNX.", "组如何避免重复副作用：在数据库事务中插入唯一键，或 Redis SETNX。"),
    f("consumer_groups[].dedup.key", Dedup, Choice(DEDUP_KEYS), Model, "What the dedup key is: the business key (order id) or the message id, which a resend changes.", "去重键：业务键（订单号），或消息 ID（重发时会变）。"),
    f("consumer_groups[].dedup.ttl_ms", Dedup, MS, Model, "Redis forgets a dedup key after this long; a later redelivery is processed again.", "Redis 去重键的过期时间；之后的重新投递会被再次处理。"),
    f("stores.db_txn_us", Dedup, US, Model, "Time one DB transaction takes.", "一次数据库事务的耗时。"),
    f("stores.redis_op_us", Dedup, US, Model, "Time one Redis command takes.", "一条 Redis 命令的耗时。"),
    f("stores.call_timeout_ms", Dedup, MS, Model, "A consumer gives up on a DB or Redis call after this long.", "消费者调用数据库或 Redis 超过这么久就放弃。"),
    // --- Fault schedule ---
    f("faults[].at_ms", Faults, MS, Required, "Sim time the fault is applied.", "注入故障的模拟时间。"),
    f("faults[].action", Faults, Choice(ACTIONS), Required, "What happens: crash, restart, cut a link, drop the next acks, …", "发生什么：宕机、重启、断开链路、丢弃接下来的 ack……"),
    f("faults[].node", Faults, Node, Required, "The node the fault hits.", "故障作用的节点。"),
    f("faults[].from", Faults, Node, note("any node", "任意节点"), "Sending end of the link or of the messages matched.", "链路或被匹配消息的发送端。"),
    f("faults[].to", Faults, Node, note("any node", "任意节点"), "Receiving end of the link or of the messages matched.", "链路或被匹配消息的接收端。"),
    f("faults[].kind", Faults, Choice(MSG_KINDS), note("any kind", "任意类型"), "Which kind of message to drop or delay (consumer_ack is an ack, send_result a SEND_OK; from a producer to a broker, send_result is END_TRANSACTION).", "要丢弃或延迟的消息类型（consumer_ack 是 ack，send_result 是 SEND_OK；从生产者发往 broker 的 send_result 是 END_TRANSACTION）。"),
    f("faults[].count", Faults, Int(Unit::Msgs), Model, "How many matching messages to drop or delay.", "要丢弃或延迟的匹配消息条数。"),
    f("faults[].delay_ms", Faults, MS, Required, "Extra delay of each matching message.", "每条匹配消息的额外延迟。"),
    f("faults[].processing_ms", Faults, MS, Required, "New processing time per message of the slowed consumer.", "变慢的消费者处理每条消息的新耗时。"),
    f("faults[].flush_latency_ms", Faults, MS, Required, "New time per flush of the failing disk.", "故障磁盘每次刷盘的新耗时。"),
    f("faults[].one_way", Faults, Bool, Model, "Cut only from → to; the other direction still works.", "只断开 from → to 方向，反方向仍然连通。"),
    f("faults[].direction", Faults, Choice(DIRECTIONS), Model, "Isolate inbound (nothing reaches the node), outbound, or both.", "隔离入站（消息到不了该节点）、出站，或双向。"),
];
