//! The shipped scenarios (scenarios/*.json) as presets: the topologies and failure stories of the
//! lessons, each with a name and a one-line description in both languages. They are compiled into
//! the program, so the page needs no file access to offer them.

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
        "example-full",
        "Every setting written out",
        "写出全部设置的示例",
        "Orders and payments with DB and Redis dedup, a master crash and a lost ack: every field of the format.",
        "订单与支付，数据库和 Redis 去重，master 宕机和 ack 丢失：格式中的每个字段。"
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
        "Kafka 不干净的 leader 选举",
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

/// The id of the preset this scenario is, unchanged, if any: the picker shows it as chosen.
pub fn id_of(s: &Scenario) -> Option<&'static str> {
    static PARSED: std::sync::OnceLock<Vec<Option<Scenario>>> = std::sync::OnceLock::new();
    let parsed = PARSED.get_or_init(|| PRESETS.iter().map(|p| p.scenario().ok()).collect());
    PRESETS.iter().zip(parsed).find(|(_, parsed)| parsed.as_ref() == Some(s)).map(|(p, _)| p.id)
}
