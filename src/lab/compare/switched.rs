//! A copy of a preset (or of a comparison's run) that the editor moved to another system. The
//! preset's title and notes describe its own system (NameServers and master/slave groups, above a
//! Kafka cluster), so the switch gives the copy a title and notes of its own: "Custom scenario
//! (Kafka)", and a line saying which preset or run it was made from. Like a comparison's notes (`notes`), they are kept in English in
//! the scenario (it is data, shared in links) and shown in the page's language.

use super::notes;
use crate::i18n::Lang;
use crate::scenario::presets;
use crate::scenario::systems::SystemKind;

/// Around the system's name in a switched copy's title.
const TITLE: [(&str, &str); 2] = [("Custom scenario (", ")"), ("自定义场景（", "）")];

/// Around the preset's name and the system's in the notes of a preset's switched copy.
const NOTES: [(&str, &str, &str); 2] = [
    (
        "Made from the preset “",
        "”, switched to ",
        ". The preset's notes described its own system and settings, so they were left out.",
    ),
    ("由预设“", "”改为 ", "。该预设的说明针对的是它自己的系统和设置，所以没有保留。"),
];

/// Around the run's title and the system's in the notes of a comparison's run's switched copy.
const RUN_NOTES: [(&str, &str, &str); 2] = [
    (
        "Made from the Compare run “",
        "”, switched to ",
        ". The run's notes described its own system and settings, so they were left out.",
    ),
    ("由对比运行“", "”改为 ", "。该运行的说明针对的是它自己的系统和设置，所以没有保留。"),
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

/// Whether mqlab wrote `title` (a preset's, a comparison's story's, or an earlier switch's): the
/// one a switch to another system replaces. The learner's own title stays.
pub fn replaces_title(title: &str) -> bool {
    presets::with_title(title).is_some() || notes::is_story_title(title) || title_in(title, Lang::En).is_some()
}

/// The title of a copy of a scenario titled `title`, switched to `kind`: "Custom scenario (Kafka)"
/// for a title mqlab wrote; a comparison's run's title without the variant it names (which the
/// other system does not have), so a run of the learner's own scenario keeps the learner's title;
/// `None` to keep the learner's own.
pub fn retitled(title: &str, kind: &str) -> Option<String> {
    let base = notes::run_base_title(title);
    if replaces_title(base.unwrap_or(title)) {
        return Some(self::title(kind));
    }
    base.map(str::to_string)
}

/// A switched copy's title in `lang`; `None` for any other title.
pub fn title_in(title: &str, lang: Lang) -> Option<String> {
    let (open, close) = TITLE[0];
    let system = system_in(title.strip_prefix(open)?.strip_suffix(close)?, lang)?;
    let (open, close) = TITLE[at(lang)];
    Some(format!("{open}{system}{close}"))
}

/// The notes of a copy switched to `kind` whose notes were `notes` and title `title`: a line naming
/// the preset they were, if they were a preset's, or the comparison's run, if they were a run's
/// (or an earlier switch's line); `None` for the learner's own notes, which stay.
pub fn notes(notes: &str, title: &str, kind: &str) -> Option<String> {
    let (form, from) = if let Some(p) = presets::with_notes(notes) {
        (NOTES[0], p.name(Lang::En).to_string())
    } else if let Some((preset, _)) = parse_notes(notes, NOTES[0]) {
        (NOTES[0], preset.to_string())
    } else if let Some((run, _)) = parse_notes(notes, RUN_NOTES[0]) {
        (RUN_NOTES[0], run.to_string())
    } else if super::notes::of_run(notes) {
        // The run as the page's header names it ("Async replication: the master crashes
        // [SYNC_MASTER]"), not by the preset file's longer title.
        (RUN_NOTES[0], super::notes::shown_title(title, Lang::En))
    } else {
        return None;
    };
    let system = system_named(kind);
    let (open, middle, close) = form;
    Some(format!("{open}{from}{middle}{system}{close}"))
}

/// A switched copy's notes in one form (`NOTES` or `RUN_NOTES`): what it was made from and the
/// system's English name.
fn parse_notes<'n>(notes: &'n str, (open, middle, close): (&str, &str, &str)) -> Option<(&'n str, &'n str)> {
    notes.strip_prefix(open)?.strip_suffix(close)?.split_once(middle)
}

/// A comparison's run's name as the page shows it in English (`notes::shown_title`), in `lang`.
fn run_named(name: &str, lang: Lang) -> String {
    let Some((base, variant)) = notes::run_of(name) else { return name.to_string() };
    let preset = presets::all().iter().find(|p| p.name(Lang::En) == base);
    let base = preset.map_or_else(|| notes::shown_title(base, lang), |p| p.name(lang).to_string());
    format!("{base} [{}]", variant.name(lang))
}

/// A switched copy's notes in `lang`; `None` for any other notes.
pub fn notes_in(notes: &str, lang: Lang) -> Option<String> {
    let ((open, middle, close), from, system) = if let Some((preset, system)) = parse_notes(notes, NOTES[0]) {
        let name = presets::all().iter().find(|p| p.name(Lang::En) == preset).map_or(preset, |p| p.name(lang));
        (NOTES[at(lang)], name.to_string(), system)
    } else {
        let (run, system) = parse_notes(notes, RUN_NOTES[0])?;
        (RUN_NOTES[at(lang)], run_named(run, lang), system)
    };
    let system = system_in(system, lang)?;
    Some(format!("{open}{from}{middle}{system}{close}"))
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
        let n = notes(&standard.notes, &standard.title, "redis_queue").expect("a preset's notes");
        assert!(n.starts_with(
            "Made from the preset “Standard: multi-master, multi-slave, async”, switched to Redis lists."
        ));
        let zh = notes_in(&n, Lang::Zh).expect("a switch's notes");
        assert!(zh.starts_with("由预设“标准：多 master 多 slave，异步复制”改为 Redis 列表。"), "{zh}");
        // Switched again: still made from the same preset, now on the other system.
        let again = notes(&n, "", "raft").expect("a switch's notes");
        assert!(again.contains("“Standard: multi-master, multi-slave, async”, switched to Raft queue."), "{again}");
        assert_eq!(notes("My own notes.", "My run", "kafka"), None);
        assert_eq!(notes_in("My own notes.", Lang::Zh), None);
    }

    /// Review 13: a comparison's run opened in the editor and switched to Kafka kept its title and
    /// notes ("… [SYNC_MASTER]", "Compare run: … SYNC_MASTER …"), which described another system.
    #[test]
    fn a_comparison_runs_copy_switched_is_renamed_and_noted_like_a_presets() {
        let base = presets::load("async-replication-master-crash").expect("preset");
        let run = super::super::variants::variant("replication-sync").expect("variant").apply_to(&base);
        assert_eq!(retitled(&run.title, "kafka").as_deref(), Some("Custom scenario (Kafka)"));
        let n = notes(&run.notes, &run.title, "kafka").expect("a run's notes");
        assert_eq!(
            n,
            "Made from the Compare run “Async replication: the master crashes [SYNC_MASTER]”, switched to Kafka. \
             The run's notes described its own system and settings, so they were left out."
        );
        assert_eq!(
            notes_in(&n, Lang::Zh).as_deref(),
            Some("由对比运行“异步复制：master 宕机 [SYNC_MASTER 同步双写]”改为 Kafka。该运行的说明针对的是它自己的系统和设置，所以没有保留。")
        );
        assert_eq!(super::super::notes::translated(&n, Lang::Zh), notes_in(&n, Lang::Zh));
        // Switched again: still made from the same run.
        let again = notes(&n, "Custom scenario (Kafka)", "raft").expect("a switch's notes");
        assert!(again.starts_with("Made from the Compare run “Async replication: the master crashes [SYNC_MASTER]”, switched to Raft queue."), "{again}");
        // A run of a story is renamed; a run of the learner's own scenario keeps the learner's title
        // without the variant; the learner's own title stays.
        let story = super::super::predefined().iter().find(|p| p.id == "flush").expect("flush");
        let row = story.comparison().expect("comparison").scenario(0).expect("a row");
        assert_eq!(retitled(&row.title, "raft").as_deref(), Some("Custom scenario (Raft queue)"));
        let mut own = base;
        own.title = "My run".into();
        let own_run = super::super::variants::variant("ack-manual").expect("variant").apply_to(&own);
        assert_eq!(retitled(&own_run.title, "kafka").as_deref(), Some("My run"));
        assert_eq!(retitled("My run", "kafka"), None);
    }

    #[test]
    fn every_system_has_a_name() {
        for kind in ["rocketmq", "kafka", "rabbitmq", "raft", "redis_queue"] {
            let t = title(kind);
            assert!(title_in(&t, Lang::Zh).is_some(), "{kind}");
        }
    }
}
