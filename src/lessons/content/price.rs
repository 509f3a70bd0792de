//! The drawbacks: the queue is one more system that can fail, and it brings loss and duplicates.

use super::*;
use Counter::*;

pub fn lesson() -> Lesson {
    Lesson {
        id: "price",
        title: t("The price: the queue itself can fail", "代价：消息队列本身也会故障"),
        summary: t(
            "Every producer now depends on the brokers; routes go stale; loss and duplicates become new problems.",
            "所有生产者都依赖 broker；路由会过期；丢失和重复成了新问题。",
        ),
        steps: vec![
            predict(
                t("Every master down", "所有 master 宕机"),
                t(
                    "Both masters die at 10 s and come back at 25 s. Their slaves are alive and hold copies of the messages.",
                    "两个 master 在 10 秒宕机，25 秒恢复。它们的 slave 仍在运行，并保存着消息副本。",
                ),
                scene("all-masters-down", ms(9_900)),
                t("What will p1's \"send failed\" counter show at 20 s?", "到 20 秒时，p1 的“发送失败”计数会是多少？"),
                vec![
                    choice(t("0: the slaves take the writes", "0：slave 接管写入"), count(SendFailed, Op::Eq, 0)),
                    choice(t("More than 0: nothing takes writes", "大于 0：没有节点能写入"), count(SendFailed, Op::Gt, 0)),
                ],
                ms(20_000),
                t(
                    "In classic RocketMQ a slave never becomes a master: producers only write to masters. Each send tries three times within its 3 s budget, then fails. The queue that decoupled the producer from billing is now a single point the producer cannot do without.",
                    "在经典 RocketMQ 中，slave 不会成为 master：生产者只写 master。每次发送在 3 秒的预算内尝试三次，然后失败。原本让生产者与 billing 解耦的队列，现在成了生产者离不开的单点。",
                ),
                vec![counter(SendFailed), node("broker-a/master"), node("broker-b/master")],
                vec![count(SendFailed, Op::Gt, 0)],
            ),
            step(
                t("After the outage", "故障之后"),
                t(
                    "The masters return at 25 s; sends succeed again. The orders that failed are the application's problem: it was told, so it could retry or store them, but the queue did not keep them. The anomaly list shows something worse: an acknowledged order lost. broker-a's master came back without the tail it had not flushed to disk, so an order acknowledged just after the restart was written at a queue position the consumers had already read from the slave, and they never looked there again. The reliable-delivery lesson shows the settings that close this hole.",
                    "master 在 25 秒恢复，发送重新成功。失败的订单要由应用自己处理：它收到了失败通知，可以重试或先存起来，但队列没有保存它们。异常列表里还有更糟的：一个已确认的订单丢了。broker-a 的 master 回来时丢掉了尚未刷盘的尾部，于是重启后刚确认的一个订单被写到了消费者已经从 slave 读过的队列位置上，消费者再也不会回头去读。“可靠投递”一课会讲堵住这个漏洞的配置。",
                ),
                scene("all-masters-down", At::End),
                vec![counter(SendFailed), counter(Acked), Highlight::Anomalies],
                vec![count(SendFailed, Op::Gt, 0), count(Lost, Op::Gt, 0), count(Lost, Op::Lt, 10)],
            ),
            predict(
                t("A stale route", "过期的路由"),
                t(
                    "Now only broker-a's master dies, at 10 s. The NameServer notices at once (the connection closed), but producers ask the NameServer for routes only every 30 s.",
                    "这次只有 broker-a 的 master 在 10 秒宕机。NameServer 立刻发现（连接断开），但生产者每 30 秒才向 NameServer 查询一次路由。",
                ),
                scene("async-replication-master-crash", ms(9_900)),
                t("At 12 s, what does p1's route say?", "在 12 秒，p1 的路由是什么样的？"),
                vec![
                    choice(
                        t("It still names the dead master", "仍然指向已宕机的 master"),
                        Claim::StaleRoute { producer: "p1", stale: true },
                    ),
                    choice(t("It is already up to date", "已经更新"), Claim::StaleRoute { producer: "p1", stale: false }),
                ],
                ms(12_000),
                t(
                    "p1 keeps its old route until its next refresh: the ⚠ badge on p1. New sends to broker-a fail at once (nothing answers on the dead master's address) and are retried on broker-b: a little slower, not lost. (The Lost counter is not zero: those messages were acknowledged just before the crash and died with the master; the last step comes back to them.) Discovery is eventually consistent: the price of NameServers that never talk to each other.",
                    "p1 会保留旧路由直到下一次刷新：p1 上的 ⚠ 标记。新的发往 broker-a 的请求立即失败（已宕机的 master 地址上没有任何应答），随即在 broker-b 上重试：稍慢一点，但不会丢。（“丢失”计数不是 0：那些消息在宕机前刚被确认，随 master 一起没了；最后一步会回到它们。）服务发现是最终一致的：这是 NameServer 之间互不通信的代价。",
                ),
                vec![node("p1"), node("broker-a/master"), node("ns1")],
                vec![Claim::StaleRoute { producer: "p1", stale: true }, count(Lost, Op::Gt, 0)],
            ),
            step(
                t("New problems: loss", "新问题：丢失"),
                t(
                    "The same crash, at the end of the run: some messages the producer was told were stored are gone — they were on the master only. A queue turns one system into several, and each hand-off can lose or repeat a message. The next lessons take these on one by one.",
                    "同一次宕机，在运行结束时：一些生产者已被告知“存储成功”的消息不见了——它们只在 master 上。队列把一个系统变成多个，每一次交接都可能丢失或重复消息。接下来的课程逐一解决这些问题。",
                ),
                scene("async-replication-master-crash", At::End),
                vec![counter(Lost), Highlight::Anomalies],
                vec![count(Lost, Op::Gt, 0)],
            ),
        ],
    }
}
