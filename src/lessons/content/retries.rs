//! Retries with growing delays, then the dead-letter queue.

use super::*;
use Counter::*;

pub fn lesson() -> Lesson {
    Lesson {
        id: "retries",
        title: t("Retries and the dead-letter queue", "重试与死信队列"),
        summary: t(
            "A message that fails is retried later, with growing delays; one that always fails ends in the DLQ.",
            "处理失败的消息会稍后重试，延迟逐渐增加；始终失败的消息最终进入死信队列。",
        ),
        steps: vec![
            step(
                t("A failure is retried later", "失败会在稍后重试"),
                t(
                    "billing fails one order in twenty once, at random, and every 50th order is poison: it always fails. A failed order is not retried on the spot: the consumer sends it back to the broker (RECONSUME_LATER), which delivers it again through %RETRY%billing after 10 s, then 30 s, 1 min, 2 min… Meanwhile the queue moves on.",
                    "billing 随机地让每二十个订单中的一个失败一次，而每 50 个订单中有一个是毒消息：总是失败。失败的订单不会当场重试：消费者把它退回 broker（RECONSUME_LATER），broker 经由 %RETRY%billing 在 10 秒、30 秒、1 分钟、2 分钟……之后再次投递。与此同时，队列继续往前走。",
                ),
                scene("retries-to-dlq", ms(15_000)),
                vec![counter(Redelivered), node("billing/c1")],
                vec![count(Redelivered, Op::Gt, 0)],
            ),
            predict(
                t("Poison", "毒消息"),
                t(
                    "A poison order fails every time. RocketMQ gives it 16 retries (maxReconsumeTimes), each waiting longer, from 10 s up to 2 h: the last comes about 4 h 45 min after the first failure.",
                    "毒消息每次都失败。RocketMQ 给它 16 次重试（maxReconsumeTimes），间隔从 10 秒逐次加长到 2 小时：最后一次在首次失败约 4 小时 45 分钟之后。",
                ),
                scene("retries-to-dlq", ms(15_000)),
                t("Where are the poison orders at the end?", "运行结束时，毒消息在哪里？"),
                vec![
                    choice(t("In the dead-letter queue", "在死信队列中"), count(InDlq, Op::Gt, 0)),
                    choice(t("Still being retried, forever", "仍在无限重试"), count(InDlq, Op::Eq, 0)),
                ],
                At::End,
                t(
                    "After 17 deliveries each poison order moves to %DLQ%billing, where nothing consumes it: it is kept for a human to look at, not lost silently. The orders that failed once succeeded on their first retry.",
                    "经过 17 次投递后，每个毒消息都被移入 %DLQ%billing，没有消费者会消费它：它被留给人工处理，而不是悄悄丢掉。只失败过一次的订单在第一次重试时就成功了。",
                ),
                vec![counter(InDlq)],
                vec![count(InDlq, Op::Eq, 4), count(Processed, Op::Eq, 196), count(Lost, Op::Eq, 0)],
            ),
        ],
    }
}
