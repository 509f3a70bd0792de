//! Why a queue at all: decoupling, asynchrony, peak shaving.

use super::*;
use Counter::*;

pub fn lesson() -> Lesson {
    Lesson {
        id: "why-queue",
        title: t("Why a queue: decoupling, async, peak shaving", "为什么用消息队列：解耦、异步、削峰"),
        summary: t(
            "The producer hands orders to the broker and moves on; the consumers take them at their own pace.",
            "生产者把订单交给 broker 就继续工作；消费者按自己的节奏取走。",
        ),
        steps: vec![
            step(
                t("The cluster", "集群"),
                t(
                    "On the left, producers p1 and p2 make orders. Above, two NameServers tell everyone where the brokers are. In the middle, two broker groups, each a master with a slave below it, keep the orders in a commit log (the strip under each broker). On the right, the four members of the consumer group billing pull orders and process them. The dots are messages on the wire. Press space to play, → to step one event.",
                    "左边的生产者 p1、p2 产生订单。上方两个 NameServer 告诉所有节点 broker 在哪里。中间两个 broker 组，各有一个 master 和其下的 slave，把订单保存在提交日志里（每个 broker 下方的条带）。右边消费者组 billing 的四个成员拉取订单并处理。圆点是网络上的消息。按空格播放，按 → 单步执行一个事件。",
                ),
                scene("standard", ms(3_000)),
                vec![node("p1"), node("ns1"), node("broker-a/master"), node("billing/c1")],
                vec![count(Processed, Op::Gt, 0)],
            ),
            predict(
                t("Decoupling: the consumers go down", "解耦：消费者宕机"),
                t(
                    "In this run both billing consumers die at 8 s and stay down until 25 s. Without a queue, the producer would call billing directly and every call would fail. Here p1 only talks to the broker.",
                    "这次运行中，billing 的两个消费者在 8 秒时宕机，直到 25 秒才恢复。如果没有队列，生产者直接调用 billing，每次调用都会失败。而这里 p1 只和 broker 打交道。",
                ),
                scene("consumers-down-producer-goes-on", ms(7_900)),
                t("At 20 s, with billing down for 12 s, what does p1's \"send failed\" counter show?", "到 20 秒时，billing 已宕机 12 秒，p1 的“发送失败”计数是多少？"),
                vec![
                    choice(t("0: the broker takes every order", "0：broker 照常接收每个订单"), count(SendFailed, Op::Eq, 0)),
                    choice(t("More than 0: nobody is there to take them", "大于 0：没有人接收订单"), count(SendFailed, Op::Gt, 0)),
                ],
                ms(20_000),
                t(
                    "The producer's send ends at the broker: SEND_OK means \"stored\", not \"processed\". The orders wait in the queue — the backlog counter is in the hundreds — and billing's outage is invisible to p1.",
                    "生产者的发送止于 broker：SEND_OK 表示“已存储”，不是“已处理”。订单在队列中等待——积压计数达到数百——billing 的故障对 p1 完全不可见。",
                ),
                vec![counter(SendFailed), counter(Backlog), node("billing/c1"), node("billing/c2")],
                vec![count(SendFailed, Op::Eq, 0), count(Backlog, Op::Gt, 300)],
            ),
            step(
                t("Async: the work is done later", "异步：工作稍后完成"),
                t(
                    "billing comes back at 25 s and works through what waited. By the end every acked order is processed and none is lost. The producer never waited for billing: that is the asynchrony a queue buys. The price shows too: what billing processed after its last offset commit (every 5 s) before the crash is processed again — the duplicates lesson takes that up.",
                    "billing 在 25 秒恢复，处理完积压的订单。到结束时，每个已确认的订单都被处理，没有丢失。生产者从未等待 billing：这就是队列带来的异步。代价也显现了：崩溃前最后一次提交 offset（每 5 秒）之后处理过的消息会被再次处理——“重复消费”一课会讲。",
                ),
                scene("consumers-down-producer-goes-on", At::End),
                vec![counter(Processed), counter(Lost), counter(DuplicateEffects)],
                vec![count(Lost, Op::Eq, 0), Claim::Compare(Processed, Op::Eq, Acked), count(DuplicateEffects, Op::Gt, 0)],
            ),
            predict(
                t("Peak shaving: a burst", "削峰：流量高峰"),
                t(
                    "Orders come at 20 per second, with a burst of 400 per second for 10 s every minute. The two billing consumers handle about 100 per second together. Watch the backlog plot: it is in this column, under the lesson card and the scoreboard (scroll down to it on a small screen).",
                    "订单以每秒 20 个的速度到达，每分钟有一次持续 10 秒、每秒 400 个的高峰。billing 的两个消费者合计每秒处理约 100 个。请观察积压曲线：它在这一栏里，位于本课卡片和计分板的下方（屏幕较小时请向下滚动查看）。",
                ),
                scene("peak-shaving-burst", ms(1_000)),
                t("At 11 s, near the end of the first burst, how big is the backlog?", "在 11 秒，也就是第一次高峰快结束时，积压有多少？"),
                vec![
                    choice(t("Under 100: the consumers keep up", "少于 100：消费者跟得上"), count(Backlog, Op::Lt, 100)),
                    choice(t("Thousands: the queue holds the excess", "数千：多出来的由队列存着"), count(Backlog, Op::Gt, 1_000)),
                ],
                ms(11_000),
                t(
                    "The burst arrives four times faster than billing can go. The broker stores the excess and the consumers keep pulling at their own pace: the backlog climbs during the burst and falls between bursts, while the processed line stays flat. Without the queue those orders would hit billing at 400 per second.",
                    "高峰的速度是 billing 处理能力的四倍。broker 存下多出的订单，消费者按自己的节奏继续拉取：积压在高峰时上升、在高峰之间下降，而处理速度保持平稳。没有队列，这些订单会以每秒 400 个的速度直接压到 billing 上。",
                ),
                vec![Highlight::BacklogPlot, counter(Backlog)],
                vec![count(Backlog, Op::Gt, 1_000)],
            ),
            step(
                t("Nothing lost, only late", "没有丢失，只是晚了"),
                t(
                    "At the end every burst has drained: every acked order was processed, later than it was made, and none was lost. A queue trades latency for survival under load.",
                    "到结束时，每次高峰的积压都已消化：每个已确认的订单都被处理，只是比产生时晚，没有一个丢失。队列用延迟换来了高负载下的稳定。",
                ),
                scene("peak-shaving-burst", At::End),
                vec![Highlight::BacklogPlot, counter(Lost)],
                vec![count(Lost, Op::Eq, 0), Claim::Compare(Processed, Op::Eq, Acked), count(Backlog, Op::Eq, 0)],
            ),
        ],
    }
}
