//! A backlog: when consumers are slower than producers on average, find the bottleneck and scale
//! out — up to the number of queues, beyond which more consumers stand idle.

use super::*;
use Counter::*;

pub fn lesson() -> Lesson {
    Lesson {
        id: "backlog",
        title: t("A backlog: find the bottleneck, scale out", "消息积压：找到瓶颈，横向扩容"),
        summary: t(
            "A queue absorbs bursts, not a consumer that is always too slow. Scale consumers out to the number of queues; beyond that, add queues.",
            "队列能吸收突发流量，却救不了一直太慢的消费者。把消费者扩到与队列数相同；再往上，就要增加队列。",
        ),
        steps: vec![
            predict(
                t("Slower than the producer", "比生产者慢"),
                t(
                    "p1 sends 100 orders a second. billing's database has got slow: each order now takes 40 ms, so its two consumers manage 50 a second together. Unlike a burst, this never lets up.",
                    "p1 每秒发送 100 个订单。billing 的数据库变慢了：每个订单要 40 毫秒，两个消费者加起来每秒只能处理 50 个。和突发流量不同，这种情况不会自己缓解。",
                ),
                scene("backlog-slow-consumers", ms(5_000)),
                t("At 20 s, how big is the backlog?", "到 20 秒时，积压有多少？"),
                vec![
                    choice(t("Under 100: the queue evens it out", "少于 100：队列能把它抹平"), count(Backlog, Op::Lt, 100)),
                    choice(t("Over 500, and growing", "超过 500，而且还在增长"), count(Backlog, Op::Gt, 500)),
                ],
                ms(20_000),
                t(
                    "The backlog grows by about 50 every second, and every order waits longer than the one before it. Peak shaving works only when the consumers keep up on average; here the queue just stores the difference. Watch the backlog plot climb in a straight line.",
                    "积压每秒增长约 50 个，每个订单都比前一个等得更久。削峰只有在消费者平均跟得上时才有效；这里队列只是把差额存了起来。看积压曲线，它一路直线上升。",
                ),
                vec![Highlight::BacklogPlot, counter(Backlog)],
                vec![count(Backlog, Op::Gt, 500), count(SendFailed, Op::Eq, 0)],
            ),
            step(
                t("Find the bottleneck", "找到瓶颈"),
                t(
                    "The broker is not the problem: every send is acknowledged at once and nothing fails. The consumers are: each spends 40 ms per order. First check where the time goes (a slow database, a slow downstream call, a lock); sometimes the fix is there. If the work really is that slow, add consumers.",
                    "问题不在 broker：每次发送都立即得到确认，没有失败。问题在消费者：每个订单要 40 毫秒。先查清时间花在哪里（慢数据库、慢的下游调用、锁等待），有时问题就在那儿解决。如果处理确实就这么慢，就增加消费者。",
                ),
                scene("backlog-slow-consumers", ms(20_000)),
                vec![node("billing/c1"), node("billing/c2"), counter(Acked)],
                vec![count(SendFailed, Op::Eq, 0), count(Backlog, Op::Gt, 500)],
            ),
            predict(
                t("Scale out to the number of queues", "扩容到与队列数相同"),
                t(
                    "The topic has 8 queues: 4 on broker-a, 4 on broker-b. Now billing runs 8 consumers, one per queue, each still at 40 ms an order.",
                    "这个主题有 8 个队列：broker-a 上 4 个，broker-b 上 4 个。现在 billing 运行 8 个消费者，每个队列一个，每个订单仍然要 40 毫秒。",
                ),
                scene("backlog-scaled-out", ms(5_000)),
                t("At 20 s, how big is the backlog now?", "现在到 20 秒时，积压有多少？"),
                vec![
                    choice(t("Under 100", "少于 100"), count(Backlog, Op::Lt, 100)),
                    choice(t("Over 500, as before", "和之前一样超过 500"), count(Backlog, Op::Gt, 500)),
                ],
                ms(20_000),
                t(
                    "Eight consumers manage 200 orders a second, twice what arrives: the backlog stays near zero and orders wait milliseconds, not seconds. Each consumer took one queue in the rebalance.",
                    "8 个消费者每秒能处理 200 个订单，是到达速度的两倍：积压几乎为零，订单只等几毫秒而不是几秒。每个消费者在 rebalance 时分到了一个队列。",
                ),
                vec![Highlight::BacklogPlot, counter(Backlog)],
                vec![count(Backlog, Op::Lt, 100), Claim::IdleMembers { group: "billing", idle: 0 }],
            ),
            step(
                t("More consumers than queues", "消费者多于队列"),
                t(
                    "Twelve consumers for the same 8 queues. A queue is read by one consumer of a group at a time, so 4 of them get no queue and stand idle, and the group is no faster than with 8. To go beyond, add queues (and brokers) first; to clear a backlog already there, RocketMQ's usual move is a temporary consumer that forwards the old messages to a topic with more queues, read by more consumers.",
                    "同样 8 个队列，12 个消费者。一个队列在同一时刻只由组内一个消费者读取，所以有 4 个分不到队列、空闲着，整个组并不比 8 个时更快。要更快，得先增加队列（和 broker）；要清掉已经存在的积压，RocketMQ 常见的做法是临时写一个消费者，把旧消息转发到一个队列更多的主题，再用更多消费者去消费。",
                ),
                scene("backlog-more-consumers-than-queues", ms(20_000)),
                // The idle members are nodes, not a counter; the backlog shows the group no faster.
                vec![
                    counter(Backlog),
                    node("billing/c9"),
                    node("billing/c10"),
                    node("billing/c11"),
                    node("billing/c12"),
                ],
                vec![Claim::IdleMembers { group: "billing", idle: 4 }, count(Backlog, Op::Lt, 100)],
            ),
            step(
                t("Late, not lost", "迟到，而不是丢失"),
                t(
                    "Back to the two slow consumers, at the end: they worked through everything after the producer stopped, so nothing was lost. But the last orders waited almost 30 seconds. A backlog is an alarm to set (on the backlog plot, not on errors: there are none) and a capacity plan to make.",
                    "回到两个慢消费者，看运行结束时：生产者停下后，它们把积压全部处理完了，没有丢失。但最后的订单等了将近 30 秒。积压是应该设置的告警（看积压曲线，而不是错误数：这里一个错误都没有），也是需要提前做的容量规划。",
                ),
                scene("backlog-slow-consumers", At::End),
                vec![Highlight::BacklogPlot, counter(Processed), counter(Lost)],
                vec![count(Lost, Op::Eq, 0), Claim::Compare(Processed, Op::Eq, Acked), count(Backlog, Op::Eq, 0)],
            ),
        ],
    }
}
