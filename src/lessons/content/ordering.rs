//! Order: messages with the same key go to one queue and keep their order there, as long as one
//! consumer takes them one at a time; a retry or a rebalance can still break it.

use super::*;
use Counter::*;

pub fn lesson() -> Lesson {
    Lesson {
        id: "ordering",
        title: t("Keeping messages in order", "保证消息的顺序"),
        summary: t(
            "Send an order's messages with the order id as the key: they all go to one queue, in order. Whether they are processed in order is up to the consumer.",
            "用订单号作为键发送同一订单的消息：它们都进入同一个队列，按顺序排好。是否按顺序处理，取决于消费者。",
        ),
        steps: vec![
            step(
                t("One key, one queue", "一个键，一个队列"),
                t(
                    "p1 and p2 send orders with 10 order ids as business keys (created, paid, shipped… of the same order must stay in order). The producer picks the queue from the key, RocketMQ's MessageQueueSelector: hash(key) modulo the number of queues. So every message of an order lands in the same queue, behind the earlier ones, and a queue is read by one consumer of the group at a time.",
                    "p1 和 p2 用 10 个订单号作为业务键发送消息（同一订单的“已创建、已支付、已发货……”必须保持顺序）。生产者按键选择队列，即 RocketMQ 的 MessageQueueSelector：hash(键) 对队列数取模。于是同一订单的每条消息都落在同一个队列里，排在前面的消息之后；而一个队列同一时刻只由组内一个消费者读取。",
                ),
                scene("ordering-orderly", ms(10_000)),
                vec![node("p1"), node("broker-a/master"), counter(OutOfOrder)],
                vec![count(OutOfOrder, Op::Eq, 0)],
            ),
            predict(
                t("A retry breaks the order", "重试打乱顺序"),
                t(
                    "billing consumes concurrently, and 5 % of attempts fail. A failed message is not retried on the spot: it goes to %RETRY%billing and comes back 10 s later, while the queue moves on.",
                    "billing 以并发方式消费，5% 的处理会失败。失败的消息不会当场重试：它进入 %RETRY%billing，10 秒后再回来，而队列继续往前走。",
                ),
                scene("ordering-concurrent-retry", ms(5_000)),
                t("Will any order's messages be processed out of order?", "会有订单的消息被乱序处理吗？"),
                vec![
                    choice(t("No: each key stays in its queue", "不会：每个键都待在自己的队列里"), count(OutOfOrder, Op::Eq, 0)),
                    choice(t("Yes: a retried message comes after later ones", "会：重试的消息排到了后续消息后面"), count(OutOfOrder, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "Each retried message was processed after later messages of its order: \"paid\" after \"shipped\". The queue kept the order; the retry topic did not. Open one in the anomaly list to see the retry that caused it.",
                    "每条重试的消息都在同一订单的后续消息之后才被处理：“已支付”排在了“已发货”后面。队列保住了顺序，重试队列没有。在异常列表中点开一条，可以看到造成它的那次重试。",
                ),
                vec![counter(OutOfOrder), Highlight::Anomalies],
                vec![count(OutOfOrder, Op::Gt, 0)],
            ),
            predict(
                t("Orderly consumption", "顺序消费"),
                t(
                    "The same orders and the same failures, but billing uses the orderly listener: each member locks its queues on the broker and takes their messages one at a time; a failure suspends the queue for a second and retries the same message first.",
                    "同样的订单，同样的失败，但 billing 改用顺序监听器：每个成员在 broker 上锁定自己的队列，一次只取一条消息；失败时把队列暂停一秒，然后先重试同一条消息。",
                ),
                scene("ordering-orderly", ms(5_000)),
                t("Now, any message out of order?", "现在还有乱序的消息吗？"),
                vec![
                    choice(t("None", "没有"), count(OutOfOrder, Op::Eq, 0)),
                    choice(t("A few, as before", "和之前一样，有几条"), count(OutOfOrder, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "None. A failure now holds up its whole queue instead of skipping ahead: order costs throughput, and a message that always fails would block its queue, retried in place (RocketMQ's orderly consumer retries it without limit by default; this lab sends it to the DLQ after max_reconsume_times, 16).",
                    "一条也没有。失败现在会卡住整个队列，而不是跳过它往前走：顺序的代价是吞吐量，一条总是失败的消息会在原地反复重试，堵住它的队列（RocketMQ 的顺序消费者默认无限重试；本实验在 max_reconsume_times 即 16 次后把它送入死信队列）。",
                ),
                vec![counter(OutOfOrder)],
                vec![count(OutOfOrder, Op::Eq, 0), Claim::Compare(Processed, Op::Eq, Acked)],
            ),
            predict(
                t("A rebalance", "一次 rebalance"),
                t(
                    "Back to the concurrent consumer, without failures. At 10 s billing/c2 crashes. Its queues move to billing/c1, which starts from the offsets c2 last committed (they are committed every 5 s).",
                    "回到并发消费者，这次没有失败。10 秒时 billing/c2 宕机。它的队列转给 billing/c1，c1 从 c2 最后提交的位点开始消费（位点每 5 秒提交一次）。",
                ),
                scene("ordering-rebalance", ms(9_000)),
                t("What does c1 do with c2's queues?", "c1 会怎样处理 c2 的队列？"),
                vec![
                    choice(t("Goes on exactly where c2 stopped", "正好从 c2 停下的地方继续"), count(OutOfOrderReplays, Op::Eq, 0)),
                    choice(t("Replays messages c2 had already done", "重放 c2 已经处理过的消息"), count(OutOfOrderReplays, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "c1 processes again what c2 did in its last seconds: older messages of an order after newer ones already took effect (replayed out of order), and each one twice. Order and exactly-once break together here.",
                    "c1 把 c2 最后几秒做过的事又做了一遍：同一订单较早的消息在较新的消息生效之后再次生效（乱序重放），而且每条都处理了两次。在这里，顺序和“恰好一次”一起被打破了。",
                ),
                vec![node("billing/c2"), counter(OutOfOrderReplays), counter(DuplicateEffects)],
                vec![count(OutOfOrderReplays, Op::Gt, 0), count(DuplicateEffects, Op::Gt, 0)],
            ),
            step(
                t("Locks do not undo a crash", "锁挡不住宕机"),
                t(
                    "The same crash with the orderly listener. c2's locks outlive it on the brokers for 60 s, so c1 is refused and those queues stall; then c1 takes them from c2's last committed offsets and replays all the same. Locks stop two consumers working on one queue at once, not the replay after a crash: the consumer must still be idempotent, for instance by checking the order's current state before applying an older step.",
                    "同样的宕机，换成顺序监听器。c2 在 broker 上的锁比它多活 60 秒，c1 被拒绝，这些队列因此停顿；之后 c1 从 c2 最后提交的位点接手，照样重放。锁能阻止两个消费者同时处理一个队列，却挡不住宕机后的重放：消费者仍需幂等，比如在执行较早的步骤之前先检查订单当前的状态。",
                ),
                scene("ordering-rebalance-orderly", At::End),
                vec![node("billing/c1"), counter(OutOfOrder), counter(OutOfOrderReplays)],
                vec![count(OutOfOrder, Op::Eq, 0), count(OutOfOrderReplays, Op::Gt, 0)],
            ),
        ],
    }
}
