//! The sweep pane's sentences, in English and Simplified Chinese.

use crate::ui::text::{text, Text};

text!(HEADING, "Seed sweep", "种子扫描");
text!(
    INTRO,
    "Run the current scenario under many seeds. Each seed is another possible history of the same cluster: other network delays, other dropped packets, other timings. (Where nothing hangs on a close race, every seed can give the same counts: a little jitter changes when things happen, not what happens.) A run fails if it lost a promised message or doubled a side effect. The scenario's own faults are run; faults you sent by hand are not.",
    "用许多个种子运行当前场景。每个种子是同一集群的另一种可能经历：不同的网络延迟、丢包和时序。（如果结果不取决于毫厘之间的竞争，每个种子都可能得到相同的计数：少量抖动改变的是事情发生的时刻，而不是结果。）如果一次运行丢失了已承诺的消息，或让某个副作用发生了两次，就算失败。运行的是场景自带的故障；你手动注入的故障不包括在内。"
);
text!(RUNS, "Number of runs", "运行次数");
text!(RUNS_HINT, "1 to 10 000", "1 到 10 000");
text!(FIRST_SEED, "First seed", "起始种子");
text!(FIRST_SEED_HINT, "Seeds first, first + 1, …", "种子依次为 起始、起始 + 1、…");
text!(RUN, "Run sweep", "开始扫描");
text!(CANCEL, "Cancel", "取消");
text!(REFUSED, "Not started", "未开始");
text!(OF_SCENARIO, "Scenario", "场景");
text!(PROGRESS, "Runs finished", "已完成的运行");
text!(STARTING, "Starting the workers…", "正在启动后台线程…");
text!(RUNNING, "Running in the background", "正在后台运行");
text!(WORKERS, "workers", "个后台线程");
text!(FINISHED, "Finished", "已完成");
text!(CANCELLED, "Cancelled", "已取消");
text!(FAILED, "The sweep stopped", "扫描已中止");
text!(RUNS_WORD, "runs", "次运行");
text!(IN, "in", "用时");
text!(SECONDS, "s", "秒");
text!(FAILING, "Failing runs (loss or duplicate side effects)", "失败的运行（丢失或重复副作用）");
text!(WITH_LOSS, "Runs that lost messages", "丢失消息的运行");
text!(WITH_DUP, "Runs with duplicate side effects", "出现重复副作用的运行");
text!(NOT_DRAINED, "Runs that did not drain", "未排空的运行");
text!(LOST_SPREAD, "Lost per run: median / max", "每次运行丢失：中位数 / 最大值");
text!(DUP_SPREAD, "Duplicate side effects per run: median / max", "每次运行重复副作用：中位数 / 最大值");
text!(P99_SPREAD, "Latency p99: median / max", "延迟 p99：中位数 / 最大值");
text!(LOST_HISTOGRAM, "Lost messages per run", "每次运行丢失的消息数");
text!(DUP_HISTOGRAM, "Duplicate side effects per run", "每次运行的重复副作用数");
text!(TALLEST, "tallest bar:", "最高的柱：");
text!(HISTOGRAM_AXIS, "number of runs", "运行次数");
text!(NO_RESULTS, "No run has finished yet.", "还没有完成的运行。");
text!(FAILING_SEEDS, "First failing seeds", "最早的失败种子");
text!(
    NONE_FAILING,
    "No run so far lost a message or doubled a side effect.",
    "到目前为止，没有运行丢失消息或让副作用重复。"
);
text!(SEED, "Seed", "种子");
text!(SHOW_ME, "Show me", "查看");
text!(SHOW_ME_HINT, "Open this seed's run in the lab", "在实验中打开这个种子的运行");
text!(LOST, "lost", "丢失");
text!(DUP_EFFECTS, "duplicate side effects", "重复副作用");
text!(EVERY_RUN, "Every run", "全部运行");
text!(
    FIRST_ROWS,
    "The first runs are listed; `mqlab run --runs K --per-seed` lists all.",
    "只列出前面的运行；`mqlab run --runs K --per-seed` 会列出全部。"
);
text!(COL_LOST, "Lost", "丢失");
text!(COL_DUP_EFFECTS, "Duplicate side effects", "重复副作用");
text!(COL_DUP_DELIVERIES, "Duplicate deliveries", "重复投递");
text!(COL_DLQ, "In DLQ", "死信");
text!(COL_PROCESSED, "Processed", "已处理");
text!(COL_DRAINED, "Drained", "已排空");
text!(COL_HASH, "Trace hash", "轨迹哈希");
text!(YES, "yes", "是");
text!(NO, "no", "否");
