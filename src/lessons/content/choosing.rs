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
    // The watch row shows the counter the table's rows are about (duplicate side effects for
    // dedup, lost for flush), beside the scene's own.
    let watched = super::watching(Vec::new(), claims.iter().map(|r| r.counter));
    let mut s = step(title, body, super::scene(scenario, At::End), watched, scene_claims);
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
            "Every guarantee has a price. Run the same workload and faults under each configuration, and on RocketMQ, Kafka, RabbitMQ, a Raft queue and Redis, and read the table.",
            "每一种保证都有代价。在不同配置下，并在 RocketMQ、Kafka、RabbitMQ、Raft 队列和 Redis 上运行同样的负载和故障，然后看对比表。",
        ),
        steps: vec![
            compared(
                t("Replication: async or sync", "复制：异步还是同步"),
                t(
                    "Press \"Run this comparison\": the master-crash scenario runs twice, once with ASYNC_MASTER and once with SYNC_MASTER, same seed, same crash. Read the lost column: async loses the unreplicated tail, sync loses nothing. Its price is in each send, which waits a round trip for the slave; the table's end-to-end p99 hardly shows it, because here the time a message waits in the consumers' backlog dwarfs a millisecond. Kafka's acks=1 and acks=all make the same trade.",
                    "点击“运行此对比”：master 宕机场景运行两次，一次 ASYNC_MASTER、一次 SYNC_MASTER，种子相同、宕机相同。看“丢失”一列：异步丢失未复制的尾部，同步一条不丢。同步的代价在每次发送上：要多等一次到 slave 的往返；表中端到端的 p99 几乎看不出来，因为这里消息在消费者积压中等待的时间远远超过这一毫秒。Kafka 的 acks=1 与 acks=all 是同样的取舍。",
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
                    "The comparison's master has no slaves and restarts from its disk. Async flush loses what was acked but still in the page cache; sync flush keeps it, and pays with each send waiting for the disk (a cost the end-to-end p99 of this backlogged run does not show). RabbitMQ's publisher confirms for persistent messages work like sync flush: the confirm comes after the disk. (The lab beside it keeps the HA lesson's run, where the loss comes from async replication.)",
                    "对比中的 master 没有 slave，从磁盘重启。异步刷盘会丢失已确认但仍在页缓存中的消息；同步刷盘保住它们，代价是每次发送都要等磁盘（在这个有积压的运行里，端到端 p99 体现不出这个代价）。RabbitMQ 对持久化消息的发布确认类似同步刷盘：确认在写盘之后。（旁边的实验仍是高可用一课的运行，那里的丢失来自异步复制。）",
                ),
                "async-replication-master-crash",
                "flush",
                vec![row(0, Lost, Op::Gt, 0), row(1, Lost, Op::Eq, 0)],
                vec![count(Lost, Op::Gt, 0)],
            ),
            compared(
                t("Every system, the same crash", "各个系统，同样的宕机"),
                t(
                    "Now the same workload and the same fault — the first server dies at 10 s for good — on every system of the article: RocketMQ async and sync, Kafka with acks=1 and acks=all, a RabbitMQ node, a Raft queue of three (DLedger, a quorum queue, Tencent's CMQ), and Redis lists. Run it and read the lost and unavailable columns. This step's scene is the Raft queue's run, where node1 comes back at 25 s as a follower: in the lab, node2 or node3 wins the election some 6 s after node1 dies (a marker on the timeline).",
                    "现在把同样的负载、同样的故障——第一个服务器在 10 秒永久宕机——放到文章里的每个系统上：RocketMQ 异步与同步、Kafka 的 acks=1 与 acks=all、一个 RabbitMQ 节点、三副本的 Raft 队列（DLedger、仲裁队列、腾讯 CMQ），以及 Redis 列表。运行后看“丢失”和“不可用时间”两列。这一步的场景是 Raft 队列的运行，node1 在 25 秒作为 follower 回来：在实验中，node1 宕机约 6 秒后 node2 或 node3 赢得选举（时间线上有标记）。",
                ),
                "raft-leader-killed",
                "systems-leader-dies",
                vec![
                    row(0, Lost, Op::Gt, 0),
                    row(1, Lost, Op::Eq, 0),
                    row(3, Lost, Op::Eq, 0),
                    row(5, Lost, Op::Eq, 0),
                    row(4, Lost, Op::Gt, 0),
                    row(6, Lost, Op::Gt, 0),
                ],
                vec![count(Lost, Op::Eq, 0)],
            ),
            compared(
                t("Every system, a restart", "各个系统，一次重启"),
                t(
                    "The first server dies at 10 s and comes back at 15 s with what it had on disk. Confirmed, persistent RabbitMQ messages, Raft entries and Kafka's acks=all records survive; Redis with AOF fsynced every second loses about the last second. RocketMQ loses its unflushed page cache even with SYNC_MASTER: the master comes back without it, and its slave drops the same entries to match it, as RocketMQ 5's replication does (in 4.x the two copies silently diverge, and consumers read the master's), so only SYNC_FLUSH would have kept them. The scene of this step is RabbitMQ with durable queues, persistent messages and publisher confirms, after the same restart.",
                    "第一个服务器 10 秒宕机，15 秒带着磁盘上的内容回来。RabbitMQ 已确认的持久化消息、Raft 日志、Kafka acks=all 的记录都留了下来；每秒 fsync 一次 AOF 的 Redis 大约丢掉最后一秒。RocketMQ 即使用 SYNC_MASTER 也会丢掉未刷盘的页缓存：master 回来时没有这部分数据，slave 也删掉同样的条目与它对齐，RocketMQ 5 的复制就是这样做的（4.x 中两份副本会悄悄分叉，而消费者读的是 master 的那份），所以只有 SYNC_FLUSH 才能保住它们。这一步的场景是持久化队列、持久化消息加发布确认的 RabbitMQ，经历同样的重启。",
                ),
                "rabbitmq-durable-confirmed-restart",
                "systems-leader-restarts",
                vec![
                    row(4, Lost, Op::Eq, 0),
                    row(5, Lost, Op::Eq, 0),
                    row(3, Lost, Op::Eq, 0),
                    row(0, Lost, Op::Gt, 0),
                    row(1, Lost, Op::Gt, 0),
                    row(6, Lost, Op::Gt, 0),
                ],
                vec![count(Lost, Op::Eq, 0)],
            ),
            compared(
                t("Every system, a consumer dies", "各个系统，消费者宕机"),
                t(
                    "A consumer dies in the middle of its work, every group acking after the work. Nobody loses a message — except a plain Redis list, where BRPOP took the item out of Redis: the one in the consumer's hands is gone (this step's scene). The duplicates column is the price of acking after the work: large where offsets are committed every 5 s (RocketMQ, Raft here), small where each poll or message is acked (Kafka, RabbitMQ, Redis's reliable queue).",
                    "一个消费者在处理中途宕机，每个组都在处理完之后才确认。没有系统丢消息——除了普通的 Redis 列表：BRPOP 已把消息从 Redis 取走，消费者手里那一条就没了（见这一步的场景）。“重复副作用”一列是处理后才确认的代价：每 5 秒提交一次位点的系统（这里的 RocketMQ、Raft）重复多，按每次拉取或每条消息确认的系统（Kafka、RabbitMQ、Redis 可靠队列）重复少。",
                ),
                "redis-queue-brpop-consumer-crash",
                "systems-consumer-dies",
                vec![row(6, Lost, Op::Gt, 0), row(7, Lost, Op::Eq, 0), row(4, DuplicateEffects, Op::Eq, 0), row(0, DuplicateEffects, Op::Gt, 0)],
                vec![count(Lost, Op::Gt, 0)],
            ),
            predict(
                t("Kafka: acks=1 and a lagging follower", "Kafka：acks=1 与落后的 follower"),
                t(
                    "In the table Kafka with acks=1 lost nothing: its followers fetch all the time, so on a fast network they hold everything the leader acked. Here kafka1's link to kafka2 is cut one way at 9 s, so kafka2 falls behind while staying in the ISR (it has 30 s before it is dropped); at 10 s kafka1 dies, and once its session expires (18 s after its last heartbeat) the controller elects kafka2.",
                    "表格里 acks=1 的 Kafka 没有丢消息：follower 一直在拉取，网络快时它们持有 leader 确认过的全部内容。这里 9 秒时 kafka1 到 kafka2 的链路被单向切断，kafka2 开始落后，却仍留在 ISR 中（要 30 秒才会被移出）；10 秒时 kafka1 宕机，等它的会话过期（最后一次心跳之后 18 秒），控制器选出 kafka2。",
                ),
                scene("kafka-acks1-leader-dies", ms(9_500)),
                t("How many acked records are lost?", "有多少已确认的记录丢失？"),
                vec![
                    choice(t("None: kafka2 was in the ISR", "没有：kafka2 在 ISR 里"), count(Lost, Op::Eq, 0)),
                    choice(t("Those kafka2 had not fetched yet", "kafka2 还没拉取到的那些"), count(Lost, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "With acks=1 the leader answers as soon as it has the record itself. What the new leader kafka2 had not fetched is gone: kafka3 had copied much of it, and drops it to match the new leader (truncation to its epoch). acks=all waits for every ISR member, and min.insync.replicas=2 refuses writes rather than accept them on one machine: the preset kafka-acks-all runs this same story and loses nothing.",
                    "acks=1 时 leader 自己一写入就回答。新 leader kafka2 还没拉取到的记录都没了：kafka3 其实复制了其中很多条，但为了与新 leader 一致又把它们删掉（按 leader epoch 截断）。acks=all 要等每个 ISR 成员都收到，min.insync.replicas=2 则宁可拒绝写入也不让数据只存在一台机器上：预设 kafka-acks-all 运行的是同一个故事，一条也不丢。",
                ),
                vec![node("kafka1"), node("kafka2"), counter(Lost)],
                vec![count(Lost, Op::Gt, 0)],
            ),
            step(
                t("Your answer to \"which MQ?\"", "你对“选哪个 MQ”的回答"),
                t(
                    "Choose by the guarantees you need and the price you can pay, measured, not remembered: a replicated log (RocketMQ with SYNC_MASTER, Kafka with acks=all and min.insync.replicas=2, a Raft or quorum queue) where an acked message must survive a machine; manual acks and dedup by a business key where an effect must happen once; a single RabbitMQ node or a Redis list only where losing what one machine holds is acceptable. Then the article's other questions: is the project alive (release frequency, community), how fast is it, and what is it for — Kafka for logs and streams at high volume, RabbitMQ for flexible routing, RocketMQ for business messages with transactions and ordering. The compare pane (top bar) runs your own scenario on any of these systems, and the sweep runs it over many seeds.",
                    "按你需要的保证和能付出的代价来选，而且要靠测量，而不是靠记忆：已确认的消息必须在机器故障后幸存的，用有副本的日志（SYNC_MASTER 的 RocketMQ、acks=all 加 min.insync.replicas=2 的 Kafka、Raft 或仲裁队列）；副作用必须只执行一次的，用手动 ack 加业务键去重；只有能接受丢掉一台机器上全部内容时，才用单节点 RabbitMQ 或 Redis 列表。然后是文章里的其他问题：项目是否活跃（版本更新频率、社区），性能如何，适合做什么——Kafka 适合海量日志和流处理，RabbitMQ 路由灵活，RocketMQ 适合带事务和顺序要求的业务消息。顶栏的对比面板可以把你自己的场景放到这些系统上运行，种子扫描则能在许多种子上运行它。",
                ),
                scene("sync-double-write-master-crash", At::End),
                vec![counter(Lost)],
                vec![count(Lost, Op::Eq, 0)],
            ),
        ],
    }
}
