//! The notes of the runs a comparison makes, in both languages. Its bases have notes of their own,
//! and a run moved to another system may say what it left out; a run opened in the lab shows its
//! notes, so the Chinese page needs them in Chinese too.

use crate::i18n::Lang;
use crate::scenario::{preset_notes, presets};

/// The flush lesson's base story (`variants::master_restart`).
pub const MASTER_RESTART: (&str, &str) = (
    "Multi-master, no slaves. broker-a's machine dies at 10 s and restarts at 15 s from its disk: messages \
     acknowledged but not yet flushed are gone.",
    "多 master、无 slave。broker-a 所在机器在 10 秒宕机，15 秒从自己的磁盘重启：已确认但尚未刷盘的消息没了。",
);

/// The cross-system restart story (`variants::leader_restarts`).
pub const LEADER_RESTARTS: (&str, &str) = (
    "The same workload as the master-crash story; broker-a's master (or the first server of another system) \
     dies at 10 s and restarts at 15 s with what it had on disk.",
    "与 master 宕机那个故事相同的负载；broker-a 的 master（或其他系统的第一台服务器）在 10 秒宕机，15 秒带着磁盘上的内容重启。",
);

/// What a run moved to another system says it left out.
pub fn left_out(dropped: usize, lang: Lang) -> String {
    lang.pick(
        format!("[{dropped} fault(s) or link setting(s) have no counterpart here and were left out.]"),
        format!("[{dropped} 个故障或链路设置在这里没有对应项，已略去。]"),
    )
}

/// `notes` in `lang`, if they are a comparison run's (or a preset's, with what was left out):
/// `None` for notes mqlab did not write.
pub fn translated(notes: &str, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let (base, dropped) = match notes.rsplit_once(" [") {
        Some((base, tail)) => match tail.split_once(' ').and_then(|(n, _)| n.parse::<usize>().ok()) {
            Some(n) if *notes == format!("{base} {}", left_out(n, Lang::En)) => (base, Some(n)),
            _ => (notes, None),
        },
        None => (notes, None),
    };
    let known = [MASTER_RESTART, LEADER_RESTARTS].into_iter().find(|(en, _)| *en == base).map(|(_, zh)| zh);
    let base_zh = known.or_else(|| presets::with_notes(base).and_then(|p| preset_notes::zh(p.id)))?;
    Some(match dropped {
        Some(n) => format!("{base_zh}{}", left_out(n, lang)),
        None => base_zh.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_runs_notes_read_in_chinese_with_what_was_left_out() {
        assert_eq!(translated(MASTER_RESTART.0, Lang::Zh).as_deref(), Some(MASTER_RESTART.1));
        let standard = presets::load("standard").expect("standard");
        let moved = format!("{} {}", standard.notes, left_out(2, Lang::En));
        let zh = translated(&moved, Lang::Zh).expect("known notes");
        assert!(zh.starts_with(preset_notes::zh("standard").expect("translated")), "{zh}");
        assert!(zh.ends_with("[2 个故障或链路设置在这里没有对应项，已略去。]"), "{zh}");
        assert_eq!(translated("My own notes [3 apples]", Lang::Zh), None);
        assert_eq!(translated(MASTER_RESTART.0, Lang::En), None);
    }
}
