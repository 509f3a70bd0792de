//! A database write and a message, together: commit-then-send loses messages, send-then-commit
//! delivers orders that never existed; the local message table and RocketMQ's transactional (half)
//! message with its check-back keep the two in step.

use super::*;
use Counter::*;

pub fn lesson() -> Lesson {
    Lesson {
        id: "transactions",
        title: t("A database write and a message, together", "数据库写入与消息：要么都成，要么都不成"),
        summary: t(
            "An order is saved in the shop's database and announced to billing by a message. Both must happen, or neither: the two naive orders fail, a message table or a half message does not.",
            "订单存进商城的数据库，再用一条消息通知 billing。两件事必须都发生，或都不发生：两种朴素的顺序都会出错，本地消息表或半消息不会。",
        ),
        steps: vec![
            predict(
                t("Commit first, then send", "先提交，再发送"),
                t(
                    "p1 commits each order in its own database, then sends the message to the broker (p2, beside it, sends plain orders in every step of this lesson: the counters include them). From 10 s to 15 s nothing p1 sends gets through: each send times out after 3 s. The orders are in the database all the same.",
                    "p1 先在自己的数据库里提交订单，再把消息发给 broker（本课每一步中 p2 都在旁边发送普通订单，计数里也包括它们）。从 10 秒到 15 秒，p1 发出的一切都到不了：每次发送 3 秒后超时。但这些订单已经在数据库里了。",
                ),
                scene("plain-send-after-db-commit", ms(9_000)),
                t("At the end, how many committed orders never reach billing?", "运行结束时，有多少已提交的订单永远到不了 billing？"),
                vec![
                    choice(t("None: the sends are retried", "没有：发送会重试"), count(Lost, Op::Eq, 0)),
                    choice(t("Every one sent while p1 was cut off", "p1 被切断期间发送的每一条"), count(Lost, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "The retries happen inside the same 3 s budget, and they fail too. The database says the order exists; billing never hears of it. The checker counts them lost: each was promised by a committed transaction and never processed.",
                    "重试也在同一个 3 秒预算之内，同样失败了。数据库说订单存在，billing 却从未听说。检查器把它们计为丢失：每一条都由已提交的事务做出了承诺，却从未被处理。",
                ),
                vec![node("p1"), counter(Lost), counter(TxCommitted)],
                vec![count(Lost, Op::Gt, 0), Claim::Compare(Lost, Op::Eq, SendFailed)],
            ),
            predict(
                t("Send first, then commit", "先发送，再提交"),
                t(
                    "Now p1 sends the message inside its database transaction and commits 50 ms later. One transaction in ten rolls back after its message has gone.",
                    "现在 p1 在数据库事务之中发送消息，50 毫秒后再提交。每十个事务中有一个在消息发出之后回滚。",
                ),
                // Before any order is processed: the scoreboard must not answer the question.
                scene("plain-send-before-db-commit", ms(1_000)),
                t("Will billing process the orders whose transaction rolled back?", "本地事务回滚了的订单，billing 会处理吗？"),
                vec![
                    choice(t("No: the message waits for the commit", "不会：消息会等待提交"), count(DeliveredAfterRollback, Op::Eq, 0)),
                    choice(t("Yes: the message is already out", "会：消息已经发出去了"), count(DeliveredAfterRollback, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "A sent message cannot be taken back. billing bills orders that the shop's database does not have. Either order of the two steps is wrong for one of the two failures.",
                    "发出去的消息收不回来。billing 为商城数据库里根本不存在的订单记了账。两步无论哪个顺序，都会在其中一种故障下出错。",
                ),
                vec![counter(DeliveredAfterRollback), counter(TxRolledBack)],
                vec![count(DeliveredAfterRollback, Op::Gt, 0), Claim::Compare(DeliveredAfterRollback, Op::Eq, TxRolledBack)],
            ),
            step(
                t("Fix one: the local message table", "解法一：本地消息表"),
                t(
                    "The article's reliable producer writes the message into a table of its own database, in the same transaction as the order: both or neither. A compensation job then sends every row not yet confirmed, again and again. Here three SEND_OKs are lost, so three orders are sent twice: delivery is at least once, and billing's unique key in its own database absorbs the second copy.",
                    "文章里的可靠生产者把消息写进自己数据库中的一张表，与订单在同一个事务里：要么都有，要么都没有。补偿任务随后把每一条尚未确认的记录发出去，一遍又一遍。这里有三个 SEND_OK 丢了，所以三个订单发了两次：投递是“至少一次”，billing 数据库里的唯一键挡住了第二份。",
                ),
                scene("reliable-producer-dropped-send-ok", At::End),
                vec![node("p1"), node("db"), counter(DedupCaught)],
                vec![count(Lost, Op::Eq, 0), count(DedupCaught, Op::Gt, 0), count(DuplicateEffects, Op::Eq, 0)],
            ),
            predict(
                t("Fix two: the transactional (half) message", "解法二：事务消息（半消息）"),
                t(
                    "RocketMQ's transactional message turns the order around. p1 first sends a half message: stored and replicated, but invisible to consumers. Then it runs its local transaction and tells the broker COMMIT or ROLLBACK. One local transaction in five rolls back.",
                    "RocketMQ 的事务消息换了个顺序。p1 先发一条半消息：它被存储、被复制，但消费者看不见。然后 p1 执行本地事务，再告诉 broker 是 COMMIT 还是 ROLLBACK。每五个本地事务中有一个回滚。",
                ),
                // Before any order is processed: the scoreboard must not answer the question.
                scene("transaction-rollback", ms(1_000)),
                t("Will billing process any rolled-back order?", "billing 会处理任何回滚了的订单吗？"),
                vec![
                    choice(t("No", "不会"), count(DeliveredAfterRollback, Op::Eq, 0)),
                    choice(t("Yes, a few", "会，有几条"), count(DeliveredAfterRollback, Op::Gt, 0)),
                ],
                At::End,
                t(
                    "A rolled-back half message is never made visible: billing processes exactly the committed orders, each once.",
                    "回滚的半消息永远不会变得可见：billing 处理的恰好是已提交的订单，每个一次。",
                ),
                vec![counter(TxCommitted), counter(TxRolledBack), counter(DeliveredAfterRollback)],
                vec![count(DeliveredAfterRollback, Op::Eq, 0), count(TxRolledBack, Op::Gt, 0), count(Lost, Op::Eq, 0)],
            ),
            predict(
                t("The commit is lost: the check-back", "提交请求丢了：事务回查"),
                t(
                    "END_TRANSACTION is a oneway call: it can be lost. At 5 s one COMMIT from p1 never reaches broker-a/master. That order is in p1's database, and its message is still a half message.",
                    "END_TRANSACTION 是单向调用，可能丢失。5 秒时，p1 的一个 COMMIT 没能到达 broker-a/master。这个订单已在 p1 的数据库里，而它的消息仍是半消息。",
                ),
                scene("transaction-commit-lost-check-back", ms(6_000)),
                t("What becomes of that order's message?", "这个订单的消息最终会怎样？"),
                vec![
                    choice(t("It stays invisible: lost", "一直不可见：丢失"), count(Lost, Op::Gt, 0)),
                    choice(t("The broker asks p1, then delivers it", "broker 回查 p1，然后投递"), count(Lost, Op::Eq, 0)),
                ],
                At::End,
                t(
                    "The broker's check service looks for half messages older than 6 s every 60 s (RocketMQ 4.x). It asks p1, which reads its database and answers COMMIT; the message becomes visible about a minute late, and is processed once.",
                    "broker 的回查服务每 60 秒（RocketMQ 4.x）查找超过 6 秒仍未结束的半消息。它询问 p1，p1 查自己的数据库后回答 COMMIT；消息晚了大约一分钟才可见，并且只被处理一次。",
                ),
                vec![node("broker-a/master"), counter(TxChecks), counter(Lost)],
                vec![count(Lost, Op::Eq, 0), count(TxChecks, Op::Ge, 1), count(DuplicateEffects, Op::Eq, 0)],
            ),
            step(
                t("The producer dies mid-transaction", "生产者在事务中途宕机"),
                t(
                    "p1's transactions take 2 s here. It crashes at 8 s and restarts at 20 s. Transactions still running die with it (the database rolls them back); some that committed had not sent their END yet. After the restart the check-backs ask p1 about every half message without an end, and p1 answers from its database: every committed order is delivered, no rolled-back one.",
                    "这里 p1 的事务要 2 秒。它在 8 秒宕机，20 秒重启。宕机时仍在执行的事务随之消失（数据库把它们回滚）；有些已提交的事务还没来得及发送 END。重启后，回查逐一询问每条没有结果的半消息，p1 根据数据库作答：每个已提交的订单都被投递，回滚的一个也没有。",
                ),
                scene("transaction-producer-crash", At::End),
                vec![node("p1"), counter(TxChecks), counter(TxRolledBack)],
                vec![count(Lost, Op::Eq, 0), count(DeliveredAfterRollback, Op::Eq, 0), count(TxChecks, Op::Gt, 0)],
            ),
        ],
    }
}
