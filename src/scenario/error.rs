//! What can be wrong with a scenario, said so a learner can fix it: every error names the field
//! (`producers[0].workload.rate_per_s`), the rule and the value found, in English and in Chinese.

use crate::i18n::{Lang, Localize};
use std::fmt;

/// One problem with a scenario: where it is and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The field, as a JSON path from the document's root: `brokers.groups`,
    /// `consumer_groups[1].members`, `faults[3].node`. Empty when the whole document is at fault.
    pub path: String,
    pub kind: ErrorKind,
}

impl ScenarioError {
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> Self {
        ScenarioError { path: path.into(), kind }
    }

    /// The same error, seen from a document that holds the scenario under `prefix` (a share link
    /// keeps it under `scenario`).
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = if self.path.is_empty() {
            prefix.to_string()
        } else if self.path.starts_with('[') {
            format!("{prefix}{}", self.path)
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }
}

/// The unit of a number, in an error ("86400000 ms (24 h)") and after a value in the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A plain count.
    None,
    /// Sim milliseconds.
    Ms,
    /// Sim microseconds.
    Us,
    /// Parts per million (1 000 000 = always).
    Ppm,
    /// Messages per second.
    PerS,
    /// Messages.
    Msgs,
}

impl Unit {
    /// The symbol written after a value ("" for a plain count).
    pub fn symbol(self, lang: Lang) -> &'static str {
        match self {
            Unit::None => "",
            Unit::Ms => "ms",
            Unit::Us => "µs",
            Unit::Ppm => "ppm",
            Unit::PerS => lang.pick("msg/s", "条/秒"),
            Unit::Msgs => lang.pick("msgs", "条"),
        }
    }
}

/// The JSON type found where an object (a scenario, a run) was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    Null,
    Bool,
    Number,
    String,
    Array,
}

/// The totals over several entries that have a cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Totaled {
    /// Members over all consumer groups.
    Consumers,
    /// `workload.messages` over all producers.
    Messages,
}

/// The role a fault command needs its node to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Consumer,
    Broker,
}

/// What is wrong. Strings taken from the input are clipped (see `clip`), so a hostile document
/// cannot make a message huge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    // Reading the document.
    Empty,
    InputTooLarge {
        bytes: usize,
        limit: usize,
    },
    /// The JSON ends before it is complete (a cut-off file or link).
    Truncated {
        line: usize,
        column: usize,
    },
    Syntax {
        line: usize,
        column: usize,
        detail: String,
    },
    NotAnObject {
        found: JsonType,
    },
    MissingVersion,
    UnsupportedVersion {
        found: String,
    },
    UnknownField {
        field: String,
        expected: Vec<String>,
    },
    MissingField,
    UnknownVariant {
        variant: String,
        expected: Vec<String>,
    },
    /// A value of the wrong type or outside its type's range, as serde words it
    /// ("invalid type: string \"x\", expected u32").
    WrongType {
        detail: String,
    },

    // Checking the values.
    OutOfRange {
        min: u64,
        max: u64,
        got: u64,
        unit: Unit,
    },
    /// A whole number out of the field's range that no u64 holds (below 0, or past 2^64), as it
    /// was written: said as `OutOfRange` says it, so a field names one range whatever the value.
    FarOutOfRange {
        min: u64,
        max: u64,
        written: String,
        unit: Unit,
    },
    /// Not a whole number ("x", 1.5, true) where the field takes one within its own range: said
    /// with that range, not its type's ("0 to 4294967295"). `detail` is serde's, as in `WrongType`.
    NotWhole {
        min: u64,
        max: u64,
        unit: Unit,
        detail: String,
    },
    /// A list with too few or too many entries.
    Count {
        min: u64,
        max: u64,
        got: u64,
    },
    Total {
        what: Totaled,
        max: u64,
        got: u64,
    },
    TooLong {
        max: usize,
        got: usize,
    },
    EmptyName,
    Duplicate {
        name: String,
    },
    /// The name is another node's, or reserved for one (ns1–ns5, db, redis).
    NameTaken {
        name: String,
    },
    ForbiddenChar {
        ch: char,
    },
    UnknownTopic {
        name: String,
    },
    UnknownNode {
        name: String,
    },
    WrongRole {
        name: String,
        expected: NodeKind,
    },
    SameNode {
        name: String,
    },
    NoRate {
        messages: u32,
    },
    BurstTooLong {
        length_ms: u64,
        every_ms: u64,
    },
    ReliableNeedsSync,
    /// A time after the end of the part of the run it belongs to.
    AfterEnd {
        at: u64,
        end: u64,
        unit: Unit,
    },
    /// An action listed before one that happened earlier.
    OutOfOrder,
    TooManyReconsumes {
        max: u8,
        got: u8,
    },
    /// The setting (or this value of it) has no meaning in the scenario's system, named by its
    /// `kind` (e.g. broadcasting retries in a Redis list queue).
    NotInSystem {
        system: &'static str,
    },
    /// A half message or a send inside the local transaction needs the send's result.
    TransactionNeedsSync,
    /// A producer is either a reliable producer (message table) or a transactional one.
    TransactionWithReliable,
    /// An orderly consumer acknowledges each message after processing it.
    OrderlyNeedsManualAck,
    /// A Redis queue in reliable mode removes an item only after processing it: manual ack.
    ReliableModeNeedsManualAck,
    /// Kafka's idempotent producer needs acks=all.
    IdempotenceNeedsAcksAll,
}

/// At most this many characters of an input string appear in a message.
const CLIP_CHARS: usize = 64;

/// A string from the input, shortened for a message.
pub fn clip(s: &str) -> String {
    clip_to(s, CLIP_CHARS)
}

/// `s` cut after `max_chars` characters, with an ellipsis when cut.
pub(crate) fn clip_to(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl Localize for ErrorKind {
    fn localize(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }
}

impl ScenarioError {
    /// The path as the learner reads it. A run's recorded actions are counted from 1, as the
    /// action log, the editor's lists and the run's own errors count them: `actions[0].at_us` is
    /// "action 1 (at_us)". Scenario paths stay as the JSON file spells them.
    pub fn shown_path(&self, lang: Lang) -> String {
        let Some((index, rest)) = self
            .path
            .strip_prefix("actions[")
            .and_then(|p| p.split_once(']'))
            .and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest)))
        else {
            return self.path.clone();
        };
        let n = index.saturating_add(1);
        let action = lang.pick(format!("action {n}"), format!("第 {n} 个操作"));
        match rest.strip_prefix('.') {
            Some(field) => lang.pick(format!("{action} ({field})"), format!("{action}（{field}）")),
            None => format!("{action}{rest}"),
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.shown_path(Lang::En), self.kind)
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Localize for ScenarioError {
    fn localize(&self, lang: Lang) -> String {
        let message = self.kind.localize(lang);
        match (lang, self.path.is_empty()) {
            (_, true) => message,
            (Lang::En, false) => format!("{}: {message}", self.shown_path(lang)),
            (Lang::Zh, false) => format!("{}：{message}", self.shown_path(lang)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_shortens_long_input() {
        let long = "名".repeat(100);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), CLIP_CHARS + 1);
        assert!(clipped.ends_with('…'));
        assert_eq!(clip("p1"), "p1");
    }

    #[test]
    fn a_runs_actions_are_counted_from_1() {
        let e = ScenarioError::new("actions[0].at_us", ErrorKind::OutOfOrder);
        assert_eq!(e.shown_path(Lang::En), "action 1 (at_us)");
        assert_eq!(e.shown_path(Lang::Zh), "第 1 个操作（at_us）");
        assert!(e.to_string().starts_with("action 1 (at_us): "), "{e}");
        let e = ScenarioError::new("actions[1]", ErrorKind::OutOfOrder);
        assert!(e.localize(Lang::Zh).starts_with("第 2 个操作："), "{}", e.localize(Lang::Zh));
        let e = ScenarioError::new("producers[0].workload", ErrorKind::MissingField);
        assert_eq!(e.shown_path(Lang::En), "producers[0].workload", "a scenario's path as the file spells it");
    }

    #[test]
    fn paths_nest() {
        let e = ScenarioError::new("brokers.groups", ErrorKind::EmptyName).within("scenario");
        assert_eq!(e.path, "scenario.brokers.groups");
        let e = ScenarioError::new("", ErrorKind::Empty).within("scenario");
        assert_eq!(e.path, "scenario");
    }
}
