//! Choosing an MQ: the same faults under different configurations, side by side.

use super::*;
use Counter::*;

fn compared(
    title: Text,
    body: Text,
    scenario: &'static str,
    id: &'static str,
    claims: Vec<RowClaim>,
    scene_claims: Vec<Claim>,
) -> Step {
    let mut s = step(title, body, super::scene(scenario, At::End), vec![counter(Lost)], scene_claims);
    s.compare = Some(CompareStep { id, claims });
    s
}

fn row(row: usize, counter: Counter, op: Op, value: u64) -> RowClaim {
    RowClaim { row, counter, op, value }
}

pub fn lesson() -> Lesson {
    Lesson {
        id: "choosing",
        title: t("Choosing: the same faults, side by side", "如何选型：同样的故障，并排对比"),
        summary: t(
            "Every guarantee has a price. Run the same workload and faults under each configuration and read the table.",
            "每一种保证都有代价。在不同配置下运行同样的负载和故障，然后看对比表。",
        ),
        steps: vec![
            compared(
                t("Replication: async or sync", "复制：异步还是同步"),
                t(
                    "Press \"Run this comparison\": the master-crash scenario runs twice, once with ASYNC_MASTER and once with SYNC_MASTER, same seed, same crash. Read the lost and p99 latency columns: async loses the unreplicated tail, sync loses nothing and answers more slowly. Kafka's acks=1 and acks=all make the same trade.",
                    "点击“运行此对比”：master 宕机场景运行两次，一次 ASYNC_MASTER、一次 SYNC_MASTER，种子相同、宕机相同。看“丢失”和 p99 延迟两列：异步丢失未复制的尾部，同步不丢但响应更慢。Kafka 的 acks=1 与 acks=all 是同样的取舍。",
                ),
                "async-replication-master-crash",
                "replication",
                vec![row(0, Lost, Op::Gt, 0), row(1, Lost, Op::Eq, 0)],
                vec![count(Lost, Op::Gt, 0)],
            ),
            compared(
                t("Consumer ack: auto or manual", "消费确认：自动还是手动"),
                t(
                    "A consumer dies holding messages. Auto ack (RabbitMQ's autoAck, a Redis BRPOP) loses them; manual ack redelivers them, possibly twice. At-most-once or at-least-once: there is no free exactly-once.",
                    "消费者宕机时手里有消息。自动 ack（RabbitMQ 的 autoAck、Redis 的 BRPOP）会丢失它们；手动 ack 会重新投递，可能重复。至多一次还是至少一次：没有免费的恰好一次。",
                ),
                "auto-ack-consumer-crash",
                "ack",
                vec![row(0, Lost, Op::Gt, 0), row(1, Lost, Op::Eq, 0)],
                vec![count(Lost, Op::Gt, 0)],
            ),
            compared(
                t("Dedup: none, DB or Redis", "去重：不去重、数据库、Redis"),
                t(
                    "Lost acks cause redeliveries in every configuration; what differs is whether they take effect twice. A DB unique key or a Redis key stops the duplicate side effect — the Redis key with the pitfalls of the duplicates lesson.",
                    "ack 丢失在每种配置下都会导致重新投递；区别在于副作用是否执行两次。数据库唯一键或 Redis 键能阻止重复副作用——Redis 键带着“重复消费”一课里讲的陷阱。",
                ),
                "manual-ack-dropped-ack",
                "dedup",
                vec![row(0, DuplicateEffects, Op::Gt, 0), row(1, DuplicateEffects, Op::Eq, 0), row(2, DuplicateEffects, Op::Eq, 0)],
                vec![count(DuplicateEffects, Op::Gt, 0)],
            ),
            compared(
                t("Flush: async or sync", "刷盘：异步还是同步"),
                t(
                    "Without slaves, a master restarts from its disk. Async flush loses what was acked but still in the page cache; sync flush keeps it and pays in latency. RabbitMQ's publisher confirms for persistent messages work like sync flush: the confirm comes after the disk.",
                    "没有 slave 时，master 从磁盘重启。异步刷盘会丢失已确认但仍在页缓存中的消息；同步刷盘保住它们，代价是延迟。RabbitMQ 对持久化消息的发布确认类似同步刷盘：确认在写盘之后。",
                ),
                "async-replication-master-crash",
                "flush",
                vec![row(0, Lost, Op::Gt, 0), row(1, Lost, Op::Eq, 0)],
                vec![count(Lost, Op::Gt, 0)],
            ),
            step(
                t("Your answer to \"which MQ?\"", "你对“选哪个 MQ”的回答"),
                t(
                    "Choose by the guarantees you need and the price you can pay: replicate synchronously (or acks=all) where an acked message must survive a machine; ack manually and dedup by a business key where an effect must happen once; accept async settings where speed matters more than the last few messages. Open the compare pane (top bar) to run your own scenario under any of these settings.",
                    "按你需要的保证和能付出的代价来选：已确认的消息必须在机器故障后幸存的，用同步复制（或 acks=all）；副作用必须只执行一次的，用手动 ack 加业务键去重；速度比最后几条消息更重要的，接受异步配置。在顶栏打开对比面板，可以用任意配置运行你自己的场景。",
                ),
                scene("sync-double-write-master-crash", At::End),
                vec![counter(Lost)],
                vec![count(Lost, Op::Eq, 0)],
            ),
        ],
    }
}
