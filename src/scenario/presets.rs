//! The shipped scenarios (scenarios/*.json) as presets: the topologies and failure stories of the
//! lessons, each with a name and a one-line description in both languages (the Chinese of their
//! notes is in `preset_notes`). They are compiled into the program, so the page needs no file
//! access to offer them.

use super::error::ScenarioError;
use super::model::Scenario;
use super::parse::parse_scenario;
use crate::i18n::Lang;

/// One shipped scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// The file stem: `standard` for scenarios/standard.json.
    pub id: &'static str,
    pub name_en: &'static str,
    pub name_zh: &'static str,
    pub about_en: &'static str,
    pub about_zh: &'static str,
    /// The scenario's JSON text.
    pub json: &'static str,
}

impl Preset {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_en, self.name_zh)
    }

    /// One line saying what the preset shows.
    pub fn about(&self, lang: Lang) -> &'static str {
        lang.pick(self.about_en, self.about_zh)
    }

    /// The preset's scenario, read and checked like any other file.
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        parse_scenario(self.json)
    }
}

macro_rules! preset {
    ($id:literal, $name_en:literal, $name_zh:literal, $about_en:literal, $about_zh:literal) => {
        Preset {
            id: $id,
            name_en: $name_en,
            name_zh: $name_zh,
            about_en: $about_en,
            about_zh: $about_zh,
            json: include_str!(concat!("../../scenarios/", $id, ".json")),
        }
    };
}

/// Every preset, in the order of the lessons: the standard cluster first.
const PRESETS: &[Preset] = &[
    preset!(
        "standard",
        "Standard: multi-master, multi-slave, async",
        "标准：多 master 多 slave，异步复制",
        "Two NameServers, two broker groups of a master and a slave (async replication and flush), producers and a consumer group.",
        "两个 NameServer，两个 broker 组各一主一从（异步复制、异步刷盘），加上生产者和一个消费者组。"
    ),
    preset!(
        "async-replication-master-crash",
        "Async replication: the master crashes",
        "异步复制：master 宕机",
        "The master acks before the slave has the message; when it dies, its unreplicated tail is lost.",
        "master 在 slave 收到之前就回 ack；master 宕机时，未复制的尾部消息丢失。"
    ),
    preset!(
        "sync-double-write-master-crash",
        "Sync double write: the same crash loses nothing",
        "同步双写：同样的宕机不丢消息",
        "The master acks only after the slave has the message, so every acked message survives on the slave.",
        "master 等 slave 收到后才回 ack，所以每条已确认的消息都保存在 slave 上。"
    ),
    preset!(
        "auto-ack-consumer-crash",
        "Auto ack: a consumer crash loses messages",
        "自动 ack：消费者宕机丢消息",
        "The offset moves when a message is handed out, so the messages a dead consumer was holding are never processed.",
        "消息一投递 offset 就推进，宕机消费者手里未处理的消息再也不会被处理。"
    ),
    preset!(
        "manual-ack-consumer-crash",
        "Manual ack: the same crash loses nothing",
        "手动 ack：同样的宕机不丢消息",
        "The offset moves only after processing; after the crash a rebalance hands the queues to another member, which redelivers.",
        "处理完 offset 才推进；宕机后 rebalance 把队列交给其他成员，重新投递。"
    ),
    preset!(
        "manual-ack-dropped-ack",
        "Manual ack: lost acks mean a double side effect",
        "手动 ack：ack 丢失导致重复副作用",
        "A consumer's acks are lost, then it dies: its messages are redelivered and processed twice without dedup.",
        "消费者的 ack 丢失后宕机：消息被重新投递，没有去重就会被处理两次。"
    ),
    preset!(
        "manual-ack-dropped-ack-db-dedup",
        "Dedup by DB unique key: the redelivery is caught",
        "数据库唯一键去重：挡住重新投递",
        "The same lost acks, but each order's business key is inserted in the same DB transaction as its side effect.",
        "同样的 ack 丢失，但每个订单的业务键和副作用在同一个数据库事务中插入。"
    ),
    preset!(
        "redis-setnx-crash-skips",
        "Dedup by Redis SETNX: a crash skips a message",
        "Redis SETNX 去重：宕机导致消息被跳过",
        "The key is set before processing and outside the business transaction; a crash in between leaves the order never done.",
        "在处理前、业务事务之外设置键；两者之间宕机，订单就永远不会被处理。"
    ),
    preset!(
        "redis-ttl-too-short",
        "Dedup by Redis SETNX: a TTL too short",
        "Redis SETNX 去重：TTL 太短",
        "The dedup keys expire before the redeliveries arrive, so the duplicates get through.",
        "去重键在重新投递到达前就过期了，重复消息因此漏过。"
    ),
    preset!(
        "reliable-producer-dropped-send-ok",
        "Reliable producer: a lost SEND_OK means a resend",
        "可靠生产者：SEND_OK 丢失导致重发",
        "A local message table and a compensation job resend unconfirmed messages; DB dedup catches the copies.",
        "本地消息表加补偿任务重发未确认的消息；数据库去重挡住副本。"
    ),
    preset!(
        "peak-shaving-burst",
        "Peak shaving: a burst absorbed by the queue",
        "削峰：高峰由队列吸收",
        "Bursts of orders faster than the consumers can go: the backlog climbs, then drains.",
        "订单高峰超过消费速度：积压上升，随后被消化。"
    ),
    preset!(
        "consumers-down-producer-goes-on",
        "Decoupling: the consumers go down, the producer goes on",
        "解耦：消费者宕机，生产者照常",
        "Both consumers die for 17 s; the producer keeps sending, the queue keeps the orders, the consumers catch up.",
        "两个消费者宕机 17 秒；生产者照常发送，队列保存订单，消费者恢复后追上进度。"
    ),
    preset!(
        "all-masters-down",
        "The price: every master is down",
        "代价：所有 master 宕机",
        "With no master to write to, every send fails until the masters return; consumers still read from the slaves.",
        "没有可写的 master，发送全部失败，直到 master 恢复；消费者仍可从 slave 读取。"
    ),
    preset!(
        "retries-to-dlq",
        "Retries and the dead-letter queue",
        "重试与死信队列",
        "Poison messages always fail: they are retried with growing delays, then moved to the DLQ.",
        "毒消息总是处理失败：以递增的延迟重试，最后进入死信队列。"
    ),
    preset!(
        "backlog-slow-consumers",
        "A backlog: consumers slower than the producer",
        "消息积压：消费者比生产者慢",
        "100 orders a second, consumers that manage 50: the backlog grows every second; nothing is lost, everything is late.",
        "每秒 100 个订单，消费者只能处理 50 个：积压每秒都在增长；没有丢失，只是越来越晚。"
    ),
    preset!(
        "backlog-scaled-out",
        "A backlog: scaled out to one consumer per queue",
        "消息积压：扩容到每个队列一个消费者",
        "The same slow consumers, eight of them for the topic's eight queues: the backlog stays near zero.",
        "同样慢的消费者，8 个对应主题的 8 个队列：积压几乎为零。"
    ),
    preset!(
        "backlog-more-consumers-than-queues",
        "A backlog: more consumers than queues",
        "消息积压：消费者多于队列",
        "Twelve consumers for eight queues: four get no queue and stand idle.",
        "12 个消费者对应 8 个队列：有 4 个分不到队列，处于空闲。"
    ),
    preset!(
        "example-full",
        "Every setting written out",
        "写出全部设置的示例",
        "Orders and payments with DB and Redis dedup, a master crash and a lost ack: every field of the format.",
        "订单与支付，数据库和 Redis 去重，master 宕机和 ack 丢失：格式中的每个字段。"
    ),
    preset!(
        "transaction-commit-lost-check-back",
        "Transaction: a lost commit, repaired by the check-back",
        "事务消息：提交请求丢失，由事务回查补救",
        "A half message's END_TRANSACTION COMMIT is lost; the broker's check service asks the producer, which answers COMMIT.",
        "半消息的 END_TRANSACTION COMMIT 丢失；broker 的回查服务询问生产者，生产者回答 COMMIT。"
    ),
    preset!(
        "transaction-rollback",
        "Transaction: a rolled-back local transaction is never delivered",
        "事务消息：本地事务回滚，消息绝不投递",
        "One local transaction in five rolls back; its half message is rolled back too and never reaches the consumers.",
        "五分之一的本地事务回滚；对应的半消息也被回滚，永远不会到达消费者。"
    ),
    preset!(
        "transaction-producer-crash",
        "Transaction: the producer dies mid-transaction",
        "事务消息：生产者在事务中途宕机",
        "Running transactions roll back with the crash; after the restart the check-back answers from the producer's database.",
        "宕机时正在执行的事务被回滚；重启后，事务回查根据生产者的数据库给出答案。"
    ),
    preset!(
        "plain-send-before-db-commit",
        "Send before the DB commit: message sent, DB rolled back",
        "先发消息再提交数据库：消息已发，数据库却回滚",
        "A plain send inside the local transaction: when it rolls back, consumers still process the message.",
        "在本地事务中普通发送：事务回滚后，消费者照样处理了这条消息。"
    ),
    preset!(
        "plain-send-after-db-commit",
        "Send after the DB commit: DB committed, message lost",
        "先提交数据库再发消息：数据库已提交，消息却丢了",
        "The commit happens first; sends that then fail leave committed changes without their messages.",
        "先提交事务；之后发送失败，已提交的变更就没有了对应的消息。"
    ),
    preset!(
        "ordering-concurrent-retry",
        "Ordered keys, concurrent consumer: a retry breaks the order",
        "顺序键 + 并发消费：重试打乱顺序",
        "Same key, same queue; but a failed message waits in the retry topic while later ones of its key go on.",
        "同一个键进同一个队列；但失败的消息在重试队列中等待，同一键的后续消息照常消费。"
    ),
    preset!(
        "ordering-orderly",
        "Ordered keys, orderly consumer: failures retried in place",
        "顺序键 + 顺序消费：失败原地重试",
        "Queue locks and one message at a time per queue; a failure suspends the queue instead of reordering it.",
        "队列加锁，每个队列一次只消费一条；失败时暂停队列，而不是打乱顺序。"
    ),
    preset!(
        "ordering-rebalance",
        "Ordered keys, concurrent consumer: a member crashes",
        "顺序键 + 并发消费：成员宕机",
        "Its queues move; the new owner replays from the last committed offsets, after later messages were processed.",
        "它的队列被转移；新的消费者从上次提交的位点重放，而后续消息早已处理过。"
    ),
    preset!(
        "ordering-rebalance-orderly",
        "Ordered keys, orderly consumer: the same crash under locks",
        "顺序键 + 顺序消费：加锁时的同样宕机",
        "The dead member's locks hold its queues for 60 s; then the replay from its last offsets happens anyway.",
        "宕机成员的锁让它的队列停顿 60 秒；之后照样从它最后提交的位点重放。"
    ),
    preset!(
        "redis-queue-brpop-consumer-crash",
        "Redis list (BRPOP): a consumer crash loses its item",
        "Redis 列表（BRPOP）：消费者宕机丢消息",
        "BRPOP removes an item from Redis as it hands it out, so the item a dying consumer holds is gone.",
        "BRPOP 取出消息的同时就把它从 Redis 删掉，宕机消费者手里的那条消息就没了。"
    ),
    preset!(
        "redis-queue-reliable-consumer-crash",
        "Redis reliable queue (BRPOPLPUSH): the same crash loses nothing",
        "Redis 可靠队列（BRPOPLPUSH）：同样的宕机不丢消息",
        "Each item waits in the consumer's processing list until LREM; the recovery job pushes a dead consumer's item back.",
        "消息在消费者的处理中列表里等到 LREM 才删除；恢复任务把宕机消费者的消息推回队列。"
    ),
    preset!(
        "redis-queue-delayed",
        "Redis delayed queue: a sorted set, polled",
        "Redis 延时队列：有序集合加轮询",
        "Items wait in a sorted set scored by due time; a poller moves due ones to the list, never early, up to one period late.",
        "消息按到期时间存在有序集合里；轮询任务把到期的移到列表，不会提前，最多晚一个轮询周期。"
    ),
    preset!(
        "redis-queue-server-crash",
        "Redis queue: the Redis server crashes (AOF everysec)",
        "Redis 队列：Redis 服务器宕机（AOF 每秒 fsync）",
        "The last second of writes never reached the disk: acked items are lost and popped items come back a second time.",
        "最后一秒的写入没落盘：已确认的消息丢失，已取走的消息重启后又被处理一次。"
    ),
    preset!(
        "rabbitmq-broker-crash",
        "RabbitMQ without confirms: the node crashes and restarts",
        "RabbitMQ 不开发布确认：节点宕机后重启",
        "Durable queue, persistent messages, but no publisher confirms: what the crash took is gone and nobody knows.",
        "持久化队列、持久化消息，但没有发布确认：宕机带走的消息就这样没了，而且没人知道。"
    ),
    preset!(
        "rabbitmq-durable-confirmed-restart",
        "RabbitMQ durable + persistent + confirms: a restart",
        "RabbitMQ 持久化 + 发布确认：节点重启",
        "Confirms come after the fsync, so every confirmed message is recovered from disk; a few are processed twice.",
        "确认在刷盘之后才发出，所以每条已确认的消息都能从磁盘恢复；少数消息被处理了两次。"
    ),
    preset!(
        "rabbitmq-transient-restart",
        "RabbitMQ transient messages: a restart empties the queue",
        "RabbitMQ 非持久化消息：重启后队列清空",
        "Transient messages are confirmed in memory; when the node restarts, every one still queued is lost.",
        "非持久化消息在内存中就被确认；节点重启后，队列里所有这样的消息全部丢失。"
    ),
    preset!(
        "rabbitmq-auto-ack-consumer-crash",
        "RabbitMQ auto ack: a consumer crash loses messages",
        "RabbitMQ 自动 ack：消费者宕机丢消息",
        "The node forgets a message when it sends it, and auto ack ignores prefetch: the dead consumer's buffer is lost.",
        "消息一发出节点就忘了它，自动 ack 又不受 prefetch 限制：宕机消费者缓冲区里的消息全部丢失。"
    ),
    preset!(
        "rabbitmq-manual-ack-consumer-crash",
        "RabbitMQ manual ack: the same crash loses nothing",
        "RabbitMQ 手动 ack：同样的宕机不丢消息",
        "The dead consumer's unacked messages are requeued with redelivered=true and processed by the other one.",
        "宕机消费者未确认的消息以 redelivered=true 重新入队，由另一个消费者处理。"
    ),
    preset!(
        "rabbitmq-poison-dead-letter",
        "RabbitMQ poison messages: into the dead-letter queue",
        "RabbitMQ 毒消息：进入死信队列",
        "Failing messages are nacked with requeue=false and dead-lettered, instead of looping forever.",
        "处理失败的消息以 requeue=false 被 nack 并进入死信队列，而不是无限循环。"
    ),
    preset!(
        "raft-leader-killed",
        "Raft queue: the leader dies",
        "Raft 队列：leader 宕机",
        "Three replicas; the leader dies at 10 s, a follower is elected within the election timeout, and nothing acknowledged is lost.",
        "三个副本；leader 在 10 秒宕机，一个 follower 在选举超时后当选，已确认的消息一条不丢。"
    ),
    preset!(
        "raft-majority-lost",
        "Raft queue: two of three replicas die",
        "Raft 队列：三个副本宕机两个",
        "Without a majority nothing commits: sends time out or fail and no leader is elected, but nothing acknowledged is lost.",
        "没有多数派就什么都无法提交：发送超时或失败，选不出 leader，但已确认的消息一条不丢。"
    ),
    preset!(
        "kafka-acks1-leader-dies",
        "Kafka acks=1: the leader dies",
        "Kafka acks=1：leader 宕机",
        "The leader acks before its followers copy; it dies, an in-sync follower that lacks the tail is elected, and acked records are lost.",
        "leader 在 follower 复制前就应答；leader 宕机后，缺少尾部数据的同步副本被选为新 leader，已确认的消息丢失。"
    ),
    preset!(
        "kafka-acks-all",
        "Kafka acks=all: the same crash loses nothing",
        "Kafka acks=all：同样的宕机不丢消息",
        "The leader acks only once every in-sync replica has the record: nothing acked is lost, but writes wait until the dead broker's session expires.",
        "所有同步副本都写入后 leader 才应答：已确认的消息不丢，但写入要等到宕机 broker 的会话过期。"
    ),
    preset!(
        "kafka-unclean-election",
        "Kafka unclean leader election",
        "Kafka：unclean leader 选举（不同步的副本当选）",
        "No in-sync replica is left alive; an out-of-sync one is made leader: the partitions come back and acked records are gone.",
        "没有存活的同步副本；不同步的副本被选为 leader：分区恢复可用，已确认的消息却没了。"
    ),
    preset!(
        "kafka-idempotent-producer",
        "Kafka idempotent producer: a lost answer, one copy",
        "Kafka 幂等生产者：应答丢失，仍只有一份",
        "A produce answer is lost and the producer retries; the leader recognises the retry by its sequence number and keeps one copy.",
        "一次发送的应答丢失，生产者重试；leader 凭序号认出重试，只保留一份。"
    ),
    preset!(
        "kafka-consumer-crash-auto-commit",
        "Kafka auto commit: a consumer crash redelivers",
        "Kafka 自动提交：消费者宕机导致重复投递",
        "A consumer dies between two auto commits; after its session expires its partitions are read again from the last commit: duplicates, no loss.",
        "消费者在两次自动提交之间宕机；会话过期后，它的分区从上次提交的位置重新读取：有重复，不丢失。"
    ),
];

/// Every preset.
pub fn all() -> &'static [Preset] {
    PRESETS
}

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// The preset's scenario. An unknown id is reported as an unknown value, with the ids there are.
pub fn load(id: &str) -> Result<Scenario, ScenarioError> {
    match find(id) {
        Some(p) => p.scenario(),
        None => Err(ScenarioError::new(
            "",
            super::error::ErrorKind::UnknownVariant {
                variant: super::error::clip(id),
                expected: PRESETS.iter().map(|p| p.id.to_string()).collect(),
            },
        )),
    }
}

/// Every preset with its scenario, read once.
fn parsed() -> impl Iterator<Item = (&'static Preset, &'static Scenario)> {
    static PARSED: std::sync::OnceLock<Vec<Option<Scenario>>> = std::sync::OnceLock::new();
    let parsed = PARSED.get_or_init(|| PRESETS.iter().map(|p| p.scenario().ok()).collect());
    PRESETS.iter().zip(parsed).filter_map(|(p, s)| s.as_ref().map(|s| (p, s)))
}

/// The id of the preset this scenario is, unchanged, if any: the picker shows it as chosen.
pub fn id_of(s: &Scenario) -> Option<&'static str> {
    parsed().find(|(_, parsed)| *parsed == s).map(|(p, _)| p.id)
}

/// The preset whose file has this title (its settings may have been changed since).
pub fn with_title(title: &str) -> Option<&'static Preset> {
    parsed().find(|(_, s)| s.title == title).map(|(p, _)| p)
}

/// What the page calls a changed preset: the preset's name, in the page's language, as the header
/// showed it before the change (the file's title is longer, and English only); anything else as
/// written.
pub fn shown_title(title: &str, lang: Lang) -> String {
    match with_title(title) {
        Some(p) => p.name(lang).to_string(),
        None => title.to_string(),
    }
}

/// The preset whose notes these are (its settings may have been changed since): its name,
/// one-line description and notes (`preset_notes`) exist in both languages.
pub fn with_notes(notes: &str) -> Option<&'static Preset> {
    if notes.is_empty() {
        return None;
    }
    parsed().find(|(_, s)| s.notes == notes).map(|(p, _)| p)
}
