//! What the browser lab refuses to load: runs too big for a tab. The checker keeps a record of
//! every message (about 1 KB natively, with the commit-log entries on masters and slaves), so a
//! run's memory grows with its messages: 600 000 messages (the standard scenario for ten minutes)
//! hold about 620 MB, plus about 1 MB per checkpoint (docs/performance.md, "Web lab"). A tab can
//! afford a few hundred MB, so the lab takes at most 200 000 messages. The headless runner keeps
//! the scenario format's own limit (1 000 000).

use crate::i18n::{Lang, Localize};
use crate::scenario::model::Scenario;

/// The most messages (over all producers) a scenario may make to run in the browser.
pub const BROWSER_MAX_MESSAGES: u64 = 200_000;

/// The most events "Export trace" writes from the page: about 600 bytes of JSON each, so 250 000
/// events make a file of about 150 MB, near what a tab can build as one string (review: 930 000
/// events gave an empty file). The runner writes any trace (`mqlab run --trace`).
pub const BROWSER_MAX_EXPORT_EVENTS: u64 = 250_000;

/// Why a valid scenario does not fit in a browser tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooBigForBrowser {
    /// The field at fault, as a JSON path (as `ScenarioError::path`).
    pub path: String,
    pub messages: u64,
    pub limit: u64,
}

impl TooBigForBrowser {
    /// Where the fault is, as the editor's form names it ("Producer 1 › messages", "Producers"),
    /// in the page's language: the notice is a sentence for a learner, who may never have seen
    /// the JSON, and a Chinese one has no English word at its head.
    fn place(&self, lang: Lang) -> String {
        use crate::scenario::fields::Group;
        let one = self.path.strip_prefix("producers[").and_then(|rest| rest.split_once(']'));
        match one.and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest.strip_prefix(".workload.")?))) {
            Some((i, field)) => {
                let n = i.saturating_add(1);
                lang.pick(format!("Producer {n} › {field}"), format!("生产者 {n} › {field}"))
            }
            None => Group::Producer.name(lang).to_string(),
        }
    }
}

impl Localize for TooBigForBrowser {
    fn localize(&self, lang: Lang) -> String {
        let (n, limit, place) = (self.messages, self.limit, self.place(lang));
        lang.pick(
            format!(
                "{place}: this scenario makes {n} messages; the browser lab runs at most {limit} (a tab would run \
                 out of memory). Lower the producers' workload.messages, or run it with `mqlab run`."
            ),
            format!(
                "{place}：该场景共产生 {n} 条消息，浏览器实验室最多运行 {limit} 条（否则标签页内存不足）。\
                 请减少生产者的 workload.messages，或用 `mqlab run` 在命令行运行。"
            ),
        )
    }
}

impl std::fmt::Display for TooBigForBrowser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.localize(Lang::En))
    }
}

/// Whether a validated scenario is small enough for the browser lab.
pub fn check_fits_in_browser(s: &Scenario) -> Result<(), TooBigForBrowser> {
    let messages: u64 = s.producers.iter().map(|p| u64::from(p.workload.messages)).sum();
    if messages <= BROWSER_MAX_MESSAGES {
        return Ok(());
    }
    let path = if s.producers.len() == 1 { "producers[0].workload.messages" } else { "producers" };
    Err(TooBigForBrowser { path: path.to_string(), messages, limit: BROWSER_MAX_MESSAGES })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard() -> Scenario {
        crate::scenario::parse_scenario(include_str!("../../scenarios/standard.json")).expect("standard scenario")
    }

    #[test]
    fn shipped_sizes_fit_and_a_ten_minute_standard_run_does_not() {
        assert_eq!(check_fits_in_browser(&standard()), Ok(()));
        let mut big = standard();
        for p in &mut big.producers {
            p.workload.messages = 300_000;
        }
        assert!(crate::scenario::validate(&big).is_ok(), "the runner still accepts it");
        let e = check_fits_in_browser(&big).unwrap_err();
        assert_eq!((e.messages, e.limit), (600_000, BROWSER_MAX_MESSAGES));
        assert!(e.localize(Lang::En).contains("600000") && e.localize(Lang::En).contains("mqlab run"));
        assert!(e.localize(Lang::Zh).contains("600000") && e.localize(Lang::Zh).contains("浏览器"));
        let mut edge = standard();
        edge.producers[0].workload.messages = 100_000;
        edge.producers[1].workload.messages = 100_000;
        assert_eq!(check_fits_in_browser(&edge), Ok(()));
    }

    /// Review 11: the Chinese notice began with the English "Producers：" (the editor's standard
    /// scenario has two producers) or "producers[0].workload.messages：" (an imported file).
    #[test]
    fn the_place_is_named_in_the_notices_language() {
        let mut two = standard();
        two.producers[0].workload.messages = 300_000;
        let e = check_fits_in_browser(&two).unwrap_err();
        assert!(e.localize(Lang::Zh).starts_with("生产者：该场景共产生 330000 条消息"), "{}", e.localize(Lang::Zh));
        assert!(e.localize(Lang::En).starts_with("Producers: this scenario makes 330000"), "{}", e.localize(Lang::En));
        let mut one = standard();
        one.producers.truncate(1);
        one.producers[0].workload.messages = 900_000;
        let e = check_fits_in_browser(&one).unwrap_err();
        assert_eq!(e.path, "producers[0].workload.messages");
        let zh = e.localize(Lang::Zh);
        assert!(zh.starts_with("生产者 1 › messages：该场景共产生 900000 条消息"), "{zh}");
        assert!(e.localize(Lang::En).starts_with("Producer 1 › messages: "), "{}", e.localize(Lang::En));
    }
}
