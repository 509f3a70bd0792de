//! Lesson mode's own words (the lessons' texts are in `crate::lessons`).

use crate::ui::text::{text, Text};

text!(LESSONS, "Lessons", "课程");
text!(
    LESSONS_INTRO,
    "Each lesson answers one question of the article with runs you can watch and break. Predict, then see.",
    "每门课用可以观看、也可以动手破坏的运行来回答文章中的一个问题。先预测，再验证。"
);
text!(START, "Start", "开始");
text!(STEPS, "steps", "步");
text!(LESSON, "Lesson", "课程");
text!(STEP, "Step", "步骤");
text!(OF, "of", "/");
text!(PREV, "← Previous", "← 上一步");
text!(NEXT, "Next →", "下一步 →");
text!(PREV_NAME, "Previous step", "上一步");
text!(NEXT_NAME, "Next step", "下一步");
text!(SANDBOX, "Continue in sandbox", "在沙盒中继续");
text!(
    SANDBOX_TIP,
    "Leave the lesson and keep this run: break it your own way from here.",
    "退出课程并保留当前运行：从这里开始按你自己的方式折腾。"
);
text!(STEP_LINK, "Copy step link", "复制本步链接");
text!(STEP_LINK_COPIED, "Link to this step copied", "本步链接已复制");
text!(STEP_LINK_SHOWN, "Link to this step", "本步链接");
text!(PREDICT, "Your prediction", "你的预测");
text!(RIGHT, "Right.", "答对了。");
text!(WRONG, "Not quite.", "不太对。");
text!(THE_ANSWER, "The answer:", "答案：");
text!(PLAYING_ON, "The run plays on to show it.", "运行会继续，让你亲眼看到。");
text!(
    CHECKED,
    "At this step's moment the run shows (the project's tests check every line):",
    "在本步的时刻，运行结果显示（每一条都有测试把关）："
);
text!(CLAIMS_MOVED, "○: not so where the cursor stands now.", "○：当前游标所在时刻并非如此。");
text!(BACK_TO_MOMENT, "Back to the step's moment", "回到本步的时刻");
text!(RUN_COMPARISON, "Run this comparison", "运行此对比");
text!(WATCH, "The counters this step is about", "这一步关注的计数");
text!(ANOMALIES, "Anomalies", "异常");
text!(NEWEST, "newest: ", "最新：");
text!(SHOW_ANOMALIES, "Show the list", "查看异常列表");
text!(
    LAST_STEP,
    "Last step: continue in the sandbox or pick another lesson.",
    "最后一步：可在沙盒中继续，或选择其他课程。"
);
text!(SHOW_ANSWER, "Show the answer now", "直接看答案");
text!(ALL_LESSONS, "All lessons", "全部课程");
text!(KEYS_HINT, "← / → move between steps.", "← / → 在步骤间切换。");
