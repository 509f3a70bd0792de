//! High availability: multi-master, async vs sync replication, reading from the slave, discovery.

use super::*;
use Counter::*;

pub fn lesson() -> Lesson {
    Lesson {
        id: "ha",
        title: t("High availability: masters, slaves, NameServers", "高可用：master、slave 与 NameServer"),
        summary: t(
            "Several masters share the queues; a slave keeps a copy. Whether a master's death loses messages depends on when it says SEND_OK.",
            "多个 master 分担队列；slave 保存副本。master 宕机是否丢消息，取决于它何时回复 SEND_OK。",
        ),
        steps: vec![
            step(
                t("Multi-master, multi-slave", "多 master 多 slave"),
                t(
                    "The topic's queues are spread over two broker groups, broker-a and broker-b. Producers send round-robin over all of them, so losing one master halves the capacity instead of stopping the topic. Each master copies its commit log to its slave: the strip under the slave lags a little behind the master's.",
                    "主题的队列分布在 broker-a 和 broker-b 两个组上。生产者在所有队列间轮询发送，因此失去一个 master 只会减少一半容量，而不会让整个主题停摆。每个 master 把提交日志复制给自己的 slave：slave 下方的条带比 master 稍微落后。",
                ),
                scene("async-replication-master-crash", ms(5_000)),
                vec![node("broker-a/master"), node("broker-b/master"), node("broker-a/slave1"), node("broker-b/slave1")],
                vec![count(Replicated, Op::Gt, 0)],
            ),
            predict(
                t("Async replication: the master dies", "异步复制：master 宕机"),
                t(
                    "With ASYNC_MASTER the master says SEND_OK as soon as the message is in its memory, and ships it to the slave in batches up to 100 ms apart. At 10 s broker-a's master dies and never comes back.",
                    "在 ASYNC_MASTER 模式下，消息一进入 master 的内存就回复 SEND_OK，再以最多 100 毫秒一批的方式发给 slave。10 秒时 broker-a 的 master 宕机，且再也没有恢复。",
                ),
                scene("async-replication-master-crash", ms(9_900)),
                t("At the end, how many acked messages are lost?", "运行结束时，有多少已确认的消息丢失？"),
                vec![
                    choice(t("None: the slave has a copy", "没有：slave 有副本"), count(Lost, Op::Eq, 0)),
                    choice(t("Some: the newest ones", "有一些：最新的那些"), count(Lost, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "The messages acked in the last moments before the crash never reached the slave: exactly the unreplicated tail is lost. Click one in the anomaly list to see its lifecycle: SEND_OK, stored on the master only, the crash.",
                    "宕机前最后时刻确认的消息没来得及到达 slave：丢失的正是未复制的尾部。在异常列表中点开一条，可以看到它的生命周期：SEND_OK、只存在于 master、宕机。",
                ),
                vec![counter(Lost), counter(Replicated), Highlight::Anomalies],
                vec![count(Lost, Op::Gt, 0)],
            ),
            step(
                t("NameServers: any one will do", "NameServer：任意一个都行"),
                t(
                    "Here ns1 is killed at 5 s. NameServers keep no shared state: each broker registers with every one of them, and clients ask any. Nothing else changes — no send fails, nothing is lost.",
                    "这里在 5 秒时杀掉 ns1。NameServer 之间没有共享状态：每个 broker 向所有 NameServer 注册，客户端随便问哪一个都行。其他一切照旧——没有发送失败，没有消息丢失。",
                ),
                scene("standard", ms(9_000)).acting(5_000, crash("ns1")),
                vec![node("ns1"), node("ns2"), counter(SendFailed)],
                vec![count(SendFailed, Op::Eq, 0), count(Lost, Op::Eq, 0)],
            ),
            predict(
                t("Sync double write: the same crash", "同步双写：同样的宕机"),
                t(
                    "Now the broker groups use SYNC_MASTER: the master answers SEND_OK only after the slave has the message. Same workload, same crash at 10 s.",
                    "现在 broker 组使用 SYNC_MASTER：master 要等 slave 收到消息后才回复 SEND_OK。同样的负载，同样在 10 秒宕机。",
                ),
                scene("sync-double-write-master-crash", ms(9_900)),
                t("At the end, how many acked messages are lost?", "运行结束时，有多少已确认的消息丢失？"),
                vec![
                    choice(t("None", "没有"), count(Lost, Op::Eq, 0)),
                    choice(t("Some, as before", "和之前一样，有一些"), count(Lost, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "Every SEND_OK now means \"on two machines\". The crash destroys the master's copy, but every acked message survives on the slave, and the consumers read broker-a's queues from the slave: everything acked is processed. The cost is latency: each send waits for a round trip to the slave before its SEND_OK, about 2.4 ms here instead of 1.2 ms (click a message: the inspector shows when it was produced and when SEND_OK came back). The scoreboard's latency runs from production to processing, and in this run the backlog after the crash dwarfs that millisecond.",
                    "现在每个 SEND_OK 都意味着“在两台机器上”。宕机毁掉了 master 的副本，但每条已确认的消息都保存在 slave 上，消费者从 slave 读取 broker-a 的队列：所有已确认的消息都被处理。代价是延迟：每次发送都要等一次到 slave 的往返才拿到 SEND_OK，这里约 2.4 毫秒，而异步复制约 1.2 毫秒（点击一条消息，检查器会显示它的生产时间和 SEND_OK 返回的时间）。计分板上的延迟是从生产到处理的全程，这次运行中宕机后的积压远远盖过了这一毫秒。",
                ),
                vec![counter(Lost), node("broker-a/slave1")],
                vec![count(Lost, Op::Eq, 0), Claim::Compare(Replicated, Op::Eq, Stored), Claim::Compare(Processed, Op::Eq, Acked)],
            ),
        ],
    }
}
