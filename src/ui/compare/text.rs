//! The compare pane's sentences, in English and Simplified Chinese.

use crate::ui::text::{text, Text};

text!(HEADING, "Compare configurations", "对比配置");
text!(
    INTRO,
    "The same workload, fault schedule and seed, run under each configuration: every difference between two rows is the configuration's doing.",
    "同样的负载、故障计划和随机种子，在每种配置下各运行一次：行与行之间的差别全部来自配置。"
);
text!(PICK, "Comparison", "对比项");
text!(CURRENT, "The current scenario, under the configurations ticked below", "当前场景，使用下面勾选的配置");
text!(VARIANTS, "Configurations to run", "要运行的配置");
text!(ROCKETMQ_ONLY, "(RocketMQ only)", "（仅 RocketMQ）");
text!(NEED_TWO, "Tick at least two configurations.", "请至少勾选两种配置。");
text!(RUN, "Run", "运行");
text!(STOP, "Stop", "停止");
text!(PROGRESS, "Running the configurations", "正在运行各配置");
text!(TABLE, "Results, one row per configuration", "结果：每种配置一行");
text!(CONFIG, "Configuration", "配置");
text!(LOST, "Lost", "丢失");
text!(
    LOST_HELP,
    "Messages promised to the producer (SEND_OK) that some consumer group never processed.",
    "已向生产者承诺（SEND_OK）但某个消费者组始终没有处理的消息。"
);
text!(DUP_EFFECTS, "Duplicate side effects", "重复副作用");
text!(
    DUP_EFFECTS_HELP,
    "Side effects that happened a second time for the same message and group.",
    "同一消息在同一组内第二次及以后产生的副作用。"
);
text!(DUP_DELIVERIES, "Duplicate deliveries", "重复投递");
text!(
    DUP_DELIVERIES_HELP,
    "Deliveries of a message its group had already processed (dedup may absorb them).",
    "投递了组内已处理过的消息（去重可能挡住它们）。"
);
text!(P99, "Latency p99", "延迟 p99");
text!(
    P99_HELP,
    "99% of messages were processed within this long after they were produced. Marked best only among the rows that lost least.",
    "99% 的消息在生产后这么长时间内被处理。只在丢失最少的几行中标出最佳。"
);
text!(THROUGHPUT, "Throughput", "吞吐量");
text!(
    THROUGHPUT_HELP,
    "Messages processed per second of the scenario's duration. Marked best only among the rows that lost least.",
    "场景时长内平均每秒处理的消息数。只在丢失最少的几行中标出最佳。"
);
text!(PER_S, "/s", "条/秒");
text!(UNAVAILABLE, "Unavailable", "不可用时间");
text!(
    UNAVAILABLE_HELP,
    "Time during which a producer's sends were failing: from a failed send attempt (error, timeout or retry) until that producer's next SEND_OK, overlaps counted once, within the scenario's duration. Marked best only among the rows that lost least.",
    "生产者发送失败的时间：从一次发送失败（错误、超时或重试）到该生产者下一次 SEND_OK，重叠只计一次，只计场景时长之内。只在丢失最少的几行中标出最佳。"
);
text!(DLQ, "In DLQ", "死信");
text!(DLQ_HELP, "Messages moved to the dead-letter queue.", "进入死信队列的消息。");
text!(HASH, "Trace hash", "轨迹哈希");
text!(HASH_HELP, "Equal hashes mean identical runs.", "哈希相同表示两次运行完全相同。");
text!(OPEN, "Open in the lab", "在实验中打开");
text!(BEST, "best", "最佳");
text!(BEST_AMONG_LEAST_LOST, "best among the runs that lost fewest", "丢失最少的运行中最佳");
text!(
    BEST_RULE,
    "Highlighted: the best value of each column. Latency p99, throughput and unavailable time are marked only among the runs that lost fewest messages: a run that is fast because it lost messages is not the one to copy.",
    "高亮的是每列的最佳值。延迟 p99、吞吐量和不可用时间只在丢失消息最少的运行中评最佳：靠丢消息换来的快，不值得照搬。"
);
text!(PENDING, "waiting", "等待中");
text!(NOT_DRAINED, "did not drain", "未排空");
text!(FAILED, "The comparison could not run", "无法运行对比");
