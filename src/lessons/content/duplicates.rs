//! Duplicate consumption: a lost ack means a redelivery; dedup by a DB unique key; Redis SETNX and
//! its two pitfalls.

use super::*;
use Counter::*;

pub fn lesson() -> Lesson {
    Lesson {
        id: "duplicates",
        title: t("Duplicate consumption and how to stop it", "重复消费及其解决办法"),
        summary: t(
            "A lost ack makes the broker deliver again. Only an idempotent consumer — a unique key in the same transaction as the effect — makes that harmless.",
            "ack 丢失会让 broker 重新投递。只有幂等的消费者——与副作用同一事务的唯一键——才能让重复无害。",
        ),
        steps: vec![
            predict(
                t("Lost acks, then a crash", "ack 丢失，然后宕机"),
                t(
                    "billing/c1 processes orders and acks them by committing its offsets to the brokers every 5 s. From 8 s its next six commits are dropped on the wire; at 23.5 s c1 dies, and c2 takes over its queues from the offsets the brokers still hold.",
                    "billing/c1 处理订单，并每 5 秒向 broker 提交一次 offset 作为确认。从 8 秒起，它接下来的六次提交在网络上丢失；23.5 秒时 c1 宕机，c2 从 broker 仍保存的 offset 处接管它的队列。",
                ),
                scene("manual-ack-dropped-ack", ms(7_900)),
                t("At the end, how many side effects happened twice?", "运行结束时，有多少副作用执行了两次？"),
                vec![
                    choice(t("None: each order is delivered once", "没有：每个订单只投递一次"), count(DuplicateEffects, Op::Eq, 0)),
                    choice(t("Many: everything c1 did since its last good commit", "很多：c1 自上次成功提交以来处理的全部"), count(DuplicateEffects, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "The broker only knows what was committed. Everything c1 processed after its last commit that reached the broker is delivered again to c2, and without dedup billing charges those orders twice. No message was lost: redelivery is the price of never losing one.",
                    "broker 只知道已提交的进度。c1 在最后一次送达 broker 的提交之后处理的所有订单，都被重新投递给 c2，没有去重的话，billing 会把这些订单扣款两次。没有消息丢失：重新投递正是“绝不丢失”的代价。",
                ),
                vec![counter(DuplicateEffects), counter(Redelivered), node("billing/c1"), node("billing/c2")],
                vec![count(DuplicateEffects, Op::Gt, 0), count(Lost, Op::Eq, 0)],
            ),
            step(
                t("Redis SETNX, pitfall 1: claimed, then crashed", "Redis SETNX 陷阱一：先占位，后宕机"),
                t(
                    "A common fix: SETNX the order id in Redis before processing, and skip the order if the key exists. But the key is not in the business transaction. Here c1 dies at 10 s while processing an order it had already claimed; it is redelivered to c2, SETNX says \"done\", and it is skipped. Its side effect never happens: counted as lost.",
                    "常见做法：处理前在 Redis 中 SETNX 订单号，键已存在就跳过。但这个键不在业务事务里。这里 c1 在 10 秒宕机时正在处理一个已经占位的订单；它被重新投递给 c2，SETNX 说“已完成”，于是被跳过。它的副作用永远不会发生：计为丢失。",
                ),
                scene("redis-setnx-crash-skips", At::End),
                vec![counter(Lost), node("billing/c1")],
                // One order, as the text says.
                vec![count(Lost, Op::Eq, 1)],
            ),
            step(
                t("Redis SETNX, pitfall 2: a TTL too short", "Redis SETNX 陷阱二：TTL 太短"),
                t(
                    "The same lost acks and crash as the first step, with SETNX keys that expire after 5 s. The redeliveries come more than 5 s after the first processing: the keys are gone, and the duplicates get through.",
                    "与第一步相同的 ack 丢失和宕机，SETNX 键 5 秒后过期。重新投递发生在首次处理 5 秒以后：键已经过期，重复消息照样通过。",
                ),
                scene("redis-ttl-too-short", At::End),
                vec![counter(DuplicateEffects)],
                vec![count(DuplicateEffects, Op::Gt, 0)],
            ),
            predict(
                t("The fix: a unique key in the same transaction", "解决：同一事务中的唯一键"),
                t(
                    "billing now inserts each order's business key into a unique column in the same DB transaction as the charge. A redelivered order fails the insert, and the transaction — charge included — rolls back. Same lost acks, same crash.",
                    "billing 现在把每个订单的业务键插入唯一索引列，和扣款在同一个数据库事务中。重新投递的订单插入失败，整个事务（包括扣款）回滚。同样的 ack 丢失，同样的宕机。",
                ),
                scene("manual-ack-dropped-ack-db-dedup", ms(7_900)),
                t("At the end, how many side effects happened twice?", "运行结束时，有多少副作用执行了两次？"),
                vec![
                    choice(t("None", "没有"), count(DuplicateEffects, Op::Eq, 0)),
                    choice(t("Fewer, but some", "少一些，但仍然有"), count(DuplicateEffects, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "The redeliveries still happen — the broker cannot know — but every one is caught by the unique key. A business key is better than the message id: a producer's resend gets a new message id, but the same order id.",
                    "重新投递仍然发生——broker 无从得知——但每一次都被唯一键拦下。业务键比消息 ID 更好：生产者重发的消息有新的消息 ID，但订单号不变。",
                ),
                vec![counter(DuplicateEffects), counter(DedupCaught)],
                vec![count(DuplicateEffects, Op::Eq, 0), count(DedupCaught, Op::Gt, 0), count(Lost, Op::Eq, 0)],
            ),
        ],
    }
}
