//! Reliable delivery at the three ends: producer, broker, consumer.

use super::*;
use Counter::*;

pub fn lesson() -> Lesson {
    Lesson {
        id: "reliable",
        title: t("Reliable delivery: producer, broker, consumer", "可靠投递：生产者、broker、消费者"),
        summary: t(
            "A message can be lost at each of three hand-offs; each has its own fix.",
            "消息在三次交接中的每一次都可能丢失；每一处都有各自的解决办法。",
        ),
        steps: vec![
            predict(
                t("Producer: confirm and compensate", "生产者：确认与补偿"),
                t(
                    "p1 writes every order to a local message table in its own database before sending, and marks the row when SEND_OK arrives. A compensation job resends rows left unconfirmed for 10 s. At 5 s three SEND_OK answers from broker-a are lost on the wire.",
                    "p1 在发送前把每个订单写入自己数据库中的本地消息表，收到 SEND_OK 后标记该行。补偿任务会重发超过 10 秒仍未确认的行。5 秒时，broker-a 的三个 SEND_OK 在网络上丢失。",
                ),
                scene("reliable-producer-dropped-send-ok", ms(4_900)),
                t("At the end, what happened to those three orders?", "运行结束时，这三个订单怎么样了？"),
                vec![
                    choice(t("Processed, and the resent copies caught by dedup", "已处理，重发的副本被去重拦下"), count(DedupCaught, Op::Gt, 0)),
                    choice(t("Lost: the producer never heard back", "丢失：生产者没收到回复"), count(Lost, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "The broker had stored them; only the answers were lost. The compensation job cannot know that, so it sends them again: now the broker holds two copies, and the consumer's unique key catches the second. A reliable producer is at-least-once — it needs an idempotent consumer.",
                    "broker 其实已经存下了它们，丢的只是回复。补偿任务无从得知，于是再发一次：broker 上有了两份，消费者的唯一键拦下第二份。可靠的生产者是“至少一次”——它需要幂等的消费者。",
                ),
                vec![node("p1"), counter(DedupCaught)],
                vec![count(DedupCaught, Op::Gt, 0), count(Lost, Op::Eq, 0), count(DuplicateEffects, Op::Eq, 0)],
            ),
            step(
                t("Broker: acked must mean stored safely", "broker：确认必须意味着安全存储"),
                t(
                    "On the broker, SEND_OK is only as good as what stands behind it. With async replication and async flush a master's crash loses the newest messages (the high-availability lesson). SYNC_MASTER, as here, keeps every acked message on the slave; SYNC_FLUSH puts it on disk before answering. RabbitMQ's equivalent: a durable queue, persistent messages (deliveryMode=2) and publisher confirms.",
                    "在 broker 上，SEND_OK 的可靠程度取决于它背后的保障。异步复制加异步刷盘时，master 宕机会丢失最新的消息（见高可用一课）。这里用的 SYNC_MASTER 让每条已确认的消息都保存在 slave 上；SYNC_FLUSH 则在回复前写入磁盘。RabbitMQ 的对应做法：持久化队列、持久化消息（deliveryMode=2）和发布确认。",
                ),
                scene("sync-double-write-master-crash", At::End),
                vec![node("broker-a/master"), node("broker-a/slave1"), counter(Lost)],
                vec![count(Lost, Op::Eq, 0)],
            ),
            predict(
                t("Consumer: auto ack", "消费者：自动 ack"),
                t(
                    "With auto ack the broker counts a message consumed the moment it hands it out. billing/c1 holds a buffer of pulled, unprocessed orders when it dies at 10 s.",
                    "自动 ack 时，broker 在把消息交出去的那一刻就认为它已被消费。billing/c1 在 10 秒宕机时，手里有一批已拉取但未处理的订单。",
                ),
                scene("auto-ack-consumer-crash", ms(9_900)),
                t("What happens to the orders c1 was holding?", "c1 手里的订单会怎样？"),
                vec![
                    choice(t("c2 gets them again", "c2 会重新收到"), count(Lost, Op::Eq, 0)),
                    choice(t("They are lost", "丢失了"), count(Lost, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "The broker already moved the offset past them: nobody will be given them again. Auto ack is at-most-once.",
                    "broker 已经把 offset 移过了它们：再也没有人会收到这些订单。自动 ack 是“至多一次”。",
                ),
                vec![node("billing/c1"), counter(Lost)],
                vec![count(Lost, Op::Gt, 0)],
            ),
            step(
                t("Consumer: manual ack", "消费者：手动 ack"),
                t(
                    "The same crash with manual ack: the offset moves only after processing. c2 takes over c1's queues from the last committed offset, so nothing is lost — and what c1 processed after its last commit is processed again. That is why the consumer must be idempotent.",
                    "同样的宕机，改用手动 ack：offset 只在处理完成后才前进。c2 从最后提交的 offset 接管 c1 的队列，所以没有丢失——而 c1 在最后一次提交后处理过的消息会被再处理一次。这就是消费者必须幂等的原因。",
                ),
                scene("manual-ack-consumer-crash", At::End),
                vec![node("billing/c2"), counter(Lost), counter(DuplicateEffects)],
                vec![count(Lost, Op::Eq, 0), count(Redelivered, Op::Gt, 0)],
            ),
        ],
    }
}
