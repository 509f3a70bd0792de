//! The shell's sentences (top bar, notices, timeline), in English and Simplified Chinese side by
//! side so that a missing translation is visible in review. Each component family keeps its own
//! texts next to it (`cluster/text.rs`, …) in the same form.

pub use crate::i18n::Text;

/// Shorthand for a `Text` constant.
macro_rules! text {
    ($name:ident, $en:expr, $zh:expr) => {
        pub const $name: Text = Text { en: $en, zh: $zh };
    };
}
#[allow(unused_imports)]
pub(crate) use text;

/// The product name is the same in both languages.
pub const TITLE: Text = Text { en: "mqlab", zh: "mqlab" };
text!(LANGUAGE, "Language", "语言");
text!(THEME, "Theme", "主题");
text!(THEME_SYSTEM, "System", "跟随系统");
text!(THEME_LIGHT, "Light", "浅色");
text!(THEME_DARK, "Dark", "深色");
text!(SHARE, "Share", "分享");
text!(SHARE_COPIED, "Link copied to the clipboard", "链接已复制到剪贴板");
text!(SHARE_SHOWN, "Copy this link:", "请复制此链接：");
text!(EDIT, "Edit scenario", "编辑场景");
text!(BACK_TO_LAB, "Back to the lab", "返回实验");
text!(COMPARE, "Compare", "对比");
text!(SWEEP, "Sweep seeds", "扫描种子");
text!(DISMISS, "Dismiss", "关闭");
text!(BRING_BACK, "Bring it back", "恢复它");
text!(RESTORE_EDITS, "Bring them back", "恢复这些修改");
text!(BEHIND, "can't keep up", "跟不上");
text!(
    BEHIND_LONG,
    "This scenario is too heavy to simulate at this speed in the browser: it plays as fast as it can, slower than chosen.",
    "这个场景太重，浏览器无法以这个速度模拟：它在尽力播放，但比所选速度慢。"
);

/// Shown by the panic hook, when the page can no longer be trusted to know its language.
pub const CRASHED: Text = Text {
    en: "mqlab stopped because of an internal error. Your saved scenario is safe.",
    zh: "mqlab 因内部错误已停止运行。你保存的场景仍然完好。",
};
text!(RELOAD_SAVED, "Reload my saved scenario", "重新加载我保存的场景");

// --- notices ---------------------------------------------------------------------------------
text!(BAD_LINK, "This link could not be opened; your saved scenario was kept.", "无法打开此链接；已保留你保存的场景。");
text!(
    BAD_LINK_FIRST_VISIT,
    "This link could not be opened; the standard scenario is shown instead.",
    "无法打开此链接；已改为打开标准场景。"
);
text!(
    SAVED_UNREADABLE,
    "The saved scenario could not be read, so the standard one was opened. The saved copy was left untouched.",
    "无法读取已保存的场景，已打开标准场景；已保存的副本保持不变。"
);
text!(
    TOO_BIG,
    "This scenario is too big for the browser; nothing was changed.",
    "该场景对浏览器来说太大；未做任何更改。"
);
text!(NOTHING_LEFT, "Nothing more of interest happens in this run.", "本次运行之后没有值得关注的事件了。");
text!(
    RUN_OVER,
    "This is the end of the run: nothing happens after it (the headless runner stops here too).",
    "运行到此结束：之后不再有任何事件（无界面运行器也在这里停止）。"
);
text!(
    ACT_AT_END,
    "This is the end of the run: nothing happens after it, so a fault here would change nothing. Move back to act.",
    "运行到此结束：之后不再发生任何事，此时注入故障不会改变什么。请先往回拖动再操作。"
);
text!(REFUSED, "The cluster refused the command", "集群拒绝了该操作");
text!(RUN_FAILED, "The run could not go on", "运行无法继续");

// --- timeline --------------------------------------------------------------------------------
text!(TIMELINE, "Timeline", "时间线");
text!(PLAY, "Play", "播放");
text!(PAUSE, "Pause", "暂停");
text!(STEP, "Step one event", "单步（一个事件）");
text!(STEP_BACK, "Step back one event", "后退一个事件");
text!(STEP_INTERESTING, "Step to the next interesting event", "跳到下一个关键事件");
text!(SPEED, "Speed", "速度");
text!(SKIP_IDLE, "Skip idle", "跳过空闲");
text!(SCRUBBER, "Sim time", "模拟时间");
text!(EVENTS, "events", "个事件");
text!(ACTION_LOG, "Action log", "操作记录");
text!(NO_ACTIONS, "No faults sent by hand yet.", "尚未手动注入故障。");
text!(LATER, "(later: dropped if you act now)", "（在此之后；若现在操作将被丢弃）");
text!(
    TRACE_HASH,
    "Trace hash of the run up to this moment: the same run gives the same hash at the same moment on every machine",
    "截至此刻的轨迹哈希：同一次运行在同一时刻、在任何机器上都得到相同的哈希"
);
text!(EXPORT_TRACE, "Export trace", "导出轨迹");
text!(EXPORT_TRACE_HINT, "Download every event from time 0 to now as JSON", "将从 0 时刻到现在的所有事件下载为 JSON");
text!(DRAIN, "drain", "排空");
