//! A copy of a preset that the editor moved to another system. The preset's title and notes
//! describe its own system (NameServers and master/slave groups, above a Kafka cluster), so the
//! switch gives the copy a title and notes of its own: "Custom scenario (Kafka)", and a line saying
//! which preset it was made from. Like a comparison's notes (`notes`), they are kept in English in
//! the scenario (it is data, shared in links) and shown in the page's language.

use crate::i18n::Lang;
use crate::scenario::presets;
use crate::scenario::systems::SystemKind;

/// Around the system's name in a switched copy's title.
const TITLE: [(&str, &str); 2] = [("Custom scenario (", ")"), ("自定义场景（", "）")];

/// Around the preset's name and the system's in a switched copy's notes.
const NOTES: [(&str, &str, &str); 2] = [
    (
        "Made from the preset “",
        "”, switched to ",
        ". The preset's notes described its own system and settings, so they were left out.",
    ),
    ("由预设“", "”改为 ", "。该预设的说明针对的是它自己的系统和设置，所以没有保留。"),
];

/// The systems, with their short names in English and Chinese.
const SYSTEMS: [(SystemKind, &str, &str); 5] = [
    (SystemKind::Rocketmq, "RocketMQ", "RocketMQ"),
    (SystemKind::Kafka, "Kafka", "Kafka"),
    (SystemKind::Rabbitmq, "RabbitMQ", "RabbitMQ"),
    (SystemKind::Raft, "Raft queue", "Raft 队列"),
    (SystemKind::RedisQueue, "Redis lists", "Redis 列表"),
];

/// The English short name of the system tagged `kind` (`system.kind`), or the tag itself.
fn system_named(kind: &str) -> &str {
    let system = SystemKind::from_tag(kind);
    SYSTEMS.iter().find(|(k, _, _)| Some(*k) == system).map_or(kind, |(_, en, _)| en)
}

fn at(lang: Lang) -> usize {
    lang.pick(0, 1)
}

/// A system's short name in `lang`, by its English one.
fn system_in(en: &str, lang: Lang) -> Option<&'static str> {
    SYSTEMS.iter().find(|(_, e, _)| *e == en).map(|(_, en, zh)| lang.pick(*en, *zh))
}

/// The title of a copy switched to `kind`.
pub fn title(kind: &str) -> String {
    let system = system_named(kind);
    let (open, close) = TITLE[0];
    format!("{open}{system}{close}")
}

/// Whether mqlab wrote `title` (a preset's, or an earlier switch's): the one a switch to another
/// system replaces. The learner's own title stays.
pub fn replaces_title(title: &str) -> bool {
    presets::with_title(title).is_some() || title_in(title, Lang::En).is_some()
}

/// A switched copy's title in `lang`; `None` for any other title.
pub fn title_in(title: &str, lang: Lang) -> Option<String> {
    let (open, close) = TITLE[0];
    let system = system_in(title.strip_prefix(open)?.strip_suffix(close)?, lang)?;
    let (open, close) = TITLE[at(lang)];
    Some(format!("{open}{system}{close}"))
}

/// The notes of a copy switched to `kind` whose notes were `notes`: a line naming the preset they
/// were, if they were a preset's (or an earlier switch's line); `None` for the learner's own notes,
/// which stay.
pub fn notes(notes: &str, kind: &str) -> Option<String> {
    let preset = match presets::with_notes(notes) {
        Some(p) => p.name(Lang::En).to_string(),
        None => parse_notes(notes)?.0.to_string(),
    };
    let system = system_named(kind);
    let (open, middle, close) = NOTES[0];
    Some(format!("{open}{preset}{middle}{system}{close}"))
}

/// A switched copy's notes: the preset's English name and the system's.
fn parse_notes(notes: &str) -> Option<(&str, &str)> {
    let (open, middle, close) = NOTES[0];
    notes.strip_prefix(open)?.strip_suffix(close)?.split_once(middle)
}

/// A switched copy's notes in `lang`; `None` for any other notes.
pub fn notes_in(notes: &str, lang: Lang) -> Option<String> {
    let (preset, system) = parse_notes(notes)?;
    let system = system_in(system, lang)?;
    let preset = presets::all().iter().find(|p| p.name(Lang::En) == preset).map_or(preset, |p| p.name(lang));
    let (open, middle, close) = NOTES[at(lang)];
    Some(format!("{open}{preset}{middle}{system}{close}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_presets_title_and_notes_give_way_and_read_in_either_language() {
        let standard = presets::load("standard").expect("preset");
        assert!(replaces_title(&standard.title));
        assert!(!replaces_title("My run"));
        let t = title("kafka");
        assert_eq!(t, "Custom scenario (Kafka)");
        assert_eq!(title_in(&t, Lang::Zh).as_deref(), Some("自定义场景（Kafka）"));
        assert_eq!(title_in(&t, Lang::En).as_deref(), Some("Custom scenario (Kafka)"));
        assert!(replaces_title(&t), "a second switch renames it again");
        let n = notes(&standard.notes, "redis_queue").expect("a preset's notes");
        assert!(n.starts_with(
            "Made from the preset “Standard: multi-master, multi-slave, async”, switched to Redis lists."
        ));
        let zh = notes_in(&n, Lang::Zh).expect("a switch's notes");
        assert!(zh.starts_with("由预设“标准：多 master 多 slave，异步复制”改为 Redis 列表。"), "{zh}");
        // Switched again: still made from the same preset, now on the other system.
        let again = notes(&n, "raft").expect("a switch's notes");
        assert!(again.contains("“Standard: multi-master, multi-slave, async”, switched to Raft queue."), "{again}");
        assert_eq!(notes("My own notes.", "kafka"), None);
        assert_eq!(notes_in("My own notes.", Lang::Zh), None);
    }

    #[test]
    fn every_system_has_a_name() {
        for kind in ["rocketmq", "kafka", "rabbitmq", "raft", "redis_queue"] {
            let t = title(kind);
            assert!(title_in(&t, Lang::Zh).is_some(), "{kind}");
        }
    }
}
