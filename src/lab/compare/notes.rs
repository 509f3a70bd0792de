//! The notes and titles of the runs a comparison makes, in both languages. Its bases have notes
//! of their own, a variant says which setting it changed, and a run moved to another system may
//! say what it left out; a run opened in the lab shows its title and notes, so the Chinese page
//! needs them in Chinese too. The scenario keeps the English (it is data, shared in links); the
//! page translates what mqlab wrote when it shows it.

use super::variants::{Variant, VARIANTS};
use crate::i18n::Lang;
use crate::scenario::model::Scenario;
use crate::scenario::{preset_notes, presets};

/// The flush lesson's base story's title (`variants::master_restart`).
pub const MASTER_RESTART_TITLE: (&str, &str) =
    ("A master restarts: only what was flushed survives", "master 重启：只有刷过盘的消息留了下来");

/// The cross-system restart story's title (`variants::leader_restarts`).
pub const LEADER_RESTARTS_TITLE: (&str, &str) =
    ("The first server dies at 10 s and restarts at 15 s", "第一台服务器在 10 秒宕机，15 秒重启");

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

/// The first words of a variant's notes, before its name (`of_variant`).
const CHANGED: (&str, &str) = ("Compare run: the base scenario with ", "对比运行：基准场景 + ");
/// Between the variant's line and the base's notes.
const BASE_NOTES: (&str, &str) = (
    ". The base scenario's notes follow, written for its own settings: ",
    "。以下是基准场景的说明，针对的是它自己的设置：",
);

/// After a variant's line, in place of the base's notes that quote a setting the run changed.
const BASE_LEFT_OUT: (&str, &str) = (
    ". The base scenario's notes quote a setting this run changes, so they were left out.",
    "。基准场景的说明引用了本次运行改动的设置，所以没有保留。",
);

/// A variant's notes: a line saying which setting it changed, then the base's notes marked as the
/// base's (they can say the opposite of what the variant shows: a SYNC_MASTER run loses nothing
/// that the async base's notes say is lost). Not the base's notes if they quote a value of a
/// setting the run changed (`quoted`: a prefetch of 64 the run does not have), only a word that
/// they were left out, and what a move left out of the run; nor if they would make the notes too
/// long for a scenario. `base_notes` are the run's notes after the variant's settings (the base's,
/// and what a move within the base's system left out).
pub fn of_variant(variant: &Variant, base_notes: &str, base: &Scenario, run: &Scenario) -> String {
    let line = format!("{}{}", CHANGED.0, variant.name_en);
    if base_notes.is_empty() {
        return format!("{line}.");
    }
    if super::quoted::contradicted(&base.notes, base, run) {
        let left_out = base_notes.strip_prefix(base.notes.as_str()).unwrap_or_default();
        return format!("{line}{}{left_out}", BASE_LEFT_OUT.0);
    }
    let notes = format!("{line}{}{base_notes}", BASE_NOTES.0);
    if notes.chars().count() <= crate::scenario::limits::MAX_NOTES_CHARS {
        notes
    } else {
        format!("{line}.")
    }
}

/// Between a variant's line and the notes of the preset that tells the same story on the system the
/// variant moved the run to (`of_system_variant`).
const OWN_NOTES: (&str, &str) = (
    ". The notes of this system's own preset of the same story follow, written for its own settings: ",
    "。以下是该系统讲同一个故事的预设的说明，针对的是它自己的设置：",
);

/// The presets that tell a comparison's story on another system: (the story, the variant that
/// moves the run there, the preset). A story is its base's preset, or `LEADER_RESTARTS_STORY`.
/// Each preset has the row's fault schedule and workload (`tests::each_own_preset_has_the_rows_faults`);
/// a system without one here gets only the variant's line.
const SAME_STORY: &[(&str, &str, &str)] = &[
    (LEADER_RESTARTS_STORY, "system-rabbitmq", "rabbitmq-durable-confirmed-restart"),
    (LEADER_RESTARTS_STORY, "system-redis-list", "redis-queue-server-crash"),
    ("manual-ack-consumer-crash", "system-rabbitmq", "rabbitmq-manual-ack-consumer-crash"),
    ("manual-ack-consumer-crash", "system-redis-list", "redis-queue-brpop-consumer-crash"),
    ("manual-ack-consumer-crash", "system-redis-reliable", "redis-queue-reliable-consumer-crash"),
];

/// `SAME_STORY`'s name for the cross-system restart story (`variants::leader_restarts`).
const LEADER_RESTARTS_STORY: &str = "leader-restarts";

/// Which story a comparison's base tells, by its notes.
fn story_of(base: &Scenario) -> Option<&'static str> {
    if base.notes == LEADER_RESTARTS.0 {
        return Some(LEADER_RESTARTS_STORY);
    }
    presets::with_notes(&base.notes).map(|p| p.id)
}

/// The notes of a variant that moved the run to another system: the base's notes describe the
/// base's system, so they give way to the notes of that system's own preset of the same story
/// (`SAME_STORY`) if they quote no setting the run has otherwise, or to nothing but the variant's
/// line. `run` is the run after the move, its notes still the base's and what the move left out
/// (which is kept).
pub fn of_system_variant(variant: &Variant, base: &Scenario, run: &Scenario) -> String {
    let left_out = run.notes.strip_prefix(base.notes.as_str()).unwrap_or_default();
    let line = format!("{}{}", CHANGED.0, variant.name_en);
    let own = story_of(base)
        .and_then(|story| SAME_STORY.iter().find(|(s, v, _)| *s == story && *v == variant.id))
        .and_then(|(_, _, preset)| presets::find(preset))
        .and_then(|p| p.scenario().ok());
    // A preset of the story whose notes quote a setting the run has otherwise (its prefetch of
    // 64, where the run has RabbitMQ's defaults) does not lend them.
    if let Some(own) = own.filter(|own| !super::quoted::contradicted(&own.notes, own, run)) {
        let notes = format!("{line}{}{}{left_out}", OWN_NOTES.0, own.notes);
        if notes.chars().count() <= crate::scenario::limits::MAX_NOTES_CHARS {
            return notes;
        }
    }
    format!("{line}.{left_out}")
}

/// A variant's notes (`of_variant`) in `lang`: its line, and the base's notes translated if mqlab
/// wrote them, as written if the learner did.
fn variant_translated(notes: &str, lang: Lang) -> Option<String> {
    let rest = notes.strip_prefix(CHANGED.0)?;
    let v = VARIANTS.iter().filter(|v| rest.starts_with(v.name_en)).max_by_key(|v| v.name_en.len())?;
    let rest = &rest[v.name_en.len()..];
    let line = format!("{}{}", CHANGED.1, v.name(lang));
    if let Some(own) = rest.strip_prefix(OWN_NOTES.0) {
        let own = translated(own, lang).unwrap_or_else(|| own.to_string());
        return Some(format!("{line}{}{own}", OWN_NOTES.1));
    }
    if let Some(after) = rest.strip_prefix(BASE_LEFT_OUT.0) {
        let dropped = if after.is_empty() { String::new() } else { left_out(dropped_in(after)?, lang) };
        return Some(format!("{line}{}{dropped}", BASE_LEFT_OUT.1));
    }
    // Only the line, maybe with what a move to another system left out.
    match split_left_out(rest) {
        (".", None) => return Some(format!("{line}。")),
        (".", Some(n)) => return Some(format!("{line}。{}", left_out(n, lang))),
        _ => {}
    }
    let base = rest.strip_prefix(BASE_NOTES.0)?;
    let base = translated(base, lang).unwrap_or_else(|| base.to_string());
    Some(format!("{line}{}{base}", BASE_NOTES.1))
}

/// `notes` in `lang`, if they are a comparison run's (or a preset's, with what was left out):
/// `None` for notes mqlab did not write.
pub fn translated(notes: &str, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    if let Some(zh) = variant_translated(notes, lang) {
        return Some(zh);
    }
    if let Some(zh) = super::switched::notes_in(notes, lang) {
        return Some(zh);
    }
    let (base, dropped) = split_left_out(notes);
    let known = [MASTER_RESTART, LEADER_RESTARTS].into_iter().find(|(en, _)| *en == base).map(|(_, zh)| zh);
    let base_zh = known.or_else(|| presets::with_notes(base).and_then(|p| preset_notes::zh(p.id)))?;
    Some(match dropped {
        Some(n) => format!("{base_zh}{}", left_out(n, lang)),
        None => base_zh.to_string(),
    })
}

/// Notes and what a move to another system left out of the run (`left_out`), if they end so.
fn split_left_out(notes: &str) -> (&str, Option<usize>) {
    match notes.rfind(" [") {
        Some(at) => match dropped_in(&notes[at..]) {
            Some(n) => (&notes[..at], Some(n)),
            None => (notes, None),
        },
        None => (notes, None),
    }
}

/// How many faults `tail` says a move left out, if it is that sentence after a space.
fn dropped_in(tail: &str) -> Option<usize> {
    let n = tail.strip_prefix(" [")?.split_once(' ')?.0.parse().ok()?;
    (tail == format!(" {}", left_out(n, Lang::En))).then_some(n)
}

/// What the page calls a scenario, in its language: an unchanged preset by its name, a
/// comparison's run by its base's title and the variant's name ("异步复制：master 宕机
/// [SYNC_MASTER 同步双写]"), a sweep's run by its scenario's name and the seed ("… [种子 1]"), a
/// changed preset, a comparison's base story or a copy moved to another system by its title in
/// the page's language; anything else by its own title.
pub fn shown_name(s: &Scenario, lang: Lang) -> String {
    // No preset's title ends in a variant's name or a seed, or is a story's or a switched copy's,
    // so those are told apart by the title alone; only what is left needs the comparison with
    // every preset.
    title_named(&s.title, lang).unwrap_or_else(|| {
        let unchanged = presets::id_of(s).and_then(presets::find);
        unchanged.map_or_else(|| presets::shown_title(&s.title, lang), |p| p.name(lang).to_string())
    })
}

/// `title` in the page's language, as `shown_name` shows it for a scenario that is no unchanged
/// preset (the editor's title field, for one).
pub fn shown_title(title: &str, lang: Lang) -> String {
    title_named(title, lang).unwrap_or_else(|| presets::shown_title(title, lang))
}

/// The name of a title mqlab wrote for a run of its own making: a sweep's seed, a comparison's
/// variant, a story, a copy the editor moved to another system.
fn title_named(title: &str, lang: Lang) -> Option<String> {
    if let Some((base, seed)) = seeded(title) {
        return Some(format!("{} [{} {seed}]", shown_title(base, lang), lang.pick("seed", "种子")));
    }
    match run_of(title) {
        Some((base, v)) => Some(format!("{} [{}]", base_title(base, lang), v.name(lang))),
        None => story_title(title, lang).or_else(|| super::switched::title_in(title, lang)),
    }
}

/// A comparison's run's title (`Variant::apply_to`), or its name as the page shows it in English:
/// its base's title (or name) and the variant.
pub fn run_of(title: &str) -> Option<(&str, &'static Variant)> {
    VARIANTS.iter().find_map(|v| title.strip_suffix(&format!(" [{}]", v.name_en)).map(|b| (b, v)))
}

/// The title of the scenario a comparison's run was made from, if `title` is a run's.
pub fn run_base_title(title: &str) -> Option<&str> {
    run_of(title).map(|(base, _)| base)
}

/// Whether `notes` are a comparison's run's (`of_variant`, `of_system_variant`).
pub fn of_run(notes: &str) -> bool {
    variant_translated(notes, Lang::Zh).is_some()
}

/// Whether `title` is one of the comparisons' own base stories'.
pub fn is_story_title(title: &str) -> bool {
    story_title(title, Lang::En).is_some()
}

/// A sweep's run's title (`sweep::with_seed`): the scenario's title and the seed.
fn seeded(title: &str) -> Option<(&str, u64)> {
    let (base, rest) = title.rsplit_once(" [seed ")?;
    Some((base, rest.strip_suffix(']')?.parse().ok()?))
}

/// A base's title in `lang`: a story of the comparisons' or a preset's file title, translated.
fn base_title(title: &str, lang: Lang) -> String {
    story_title(title, lang).unwrap_or_else(|| presets::shown_title(title, lang))
}

/// The title of one of the comparisons' own base stories, in `lang`.
fn story_title(title: &str, lang: Lang) -> Option<String> {
    let story = [MASTER_RESTART_TITLE, LEADER_RESTARTS_TITLE].into_iter().find(|(en, _)| *en == title);
    story.map(|(en, zh)| lang.pick(en, zh).to_string())
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

    #[test]
    fn a_variants_notes_say_what_it_changed_and_mark_the_bases_notes_in_either_language() {
        let base = presets::load("async-replication-master-crash").expect("preset");
        let sync = super::super::variants::variant("replication-sync").expect("variant");
        let s = sync.apply_to(&base);
        assert!(s.notes.starts_with("Compare run: the base scenario with SYNC_MASTER. The base scenario's notes"));
        assert!(s.notes.ends_with(&base.notes));
        let zh = translated(&s.notes, Lang::Zh).expect("mqlab's notes");
        assert!(zh.starts_with("对比运行：基准场景 + SYNC_MASTER 同步双写。以下是基准场景的说明"), "{zh}");
        assert!(zh.ends_with(preset_notes::zh("async-replication-master-crash").expect("zh")), "{zh}");
        // The learner's own notes stay as written after the translated line.
        let mut own = base.clone();
        own.notes = "Mine.".into();
        let zh = translated(&sync.apply_to(&own).notes, Lang::Zh).expect("the line is mqlab's");
        assert!(zh.ends_with("：Mine."), "{zh}");
    }

    /// `shown_name` tells variants and stories apart by the title alone: no preset's title may
    /// look like one, or an unchanged preset would lose its name.
    #[test]
    fn every_unchanged_preset_goes_by_its_name() {
        for p in presets::all() {
            let s = presets::load(p.id).expect("preset");
            for lang in [Lang::En, Lang::Zh] {
                assert_eq!(shown_name(&s, lang), p.name(lang), "{}", p.id);
            }
        }
    }

    #[test]
    fn a_variants_title_and_a_changed_presets_title_are_in_the_pages_language() {
        let base = presets::load("async-replication-master-crash").expect("preset");
        let sync = super::super::variants::variant("replication-sync").expect("variant");
        let s = sync.apply_to(&base);
        assert_eq!(shown_name(&s, Lang::Zh), "异步复制：master 宕机 [SYNC_MASTER 同步双写]");
        assert_eq!(shown_name(&s, Lang::En), "Async replication: the master crashes [SYNC_MASTER]");
        let mut changed = base.clone();
        changed.seed += 1;
        assert_eq!(shown_name(&changed, Lang::Zh), "异步复制：master 宕机");
        assert_eq!(shown_name(&changed, Lang::En), "Async replication: the master crashes");
        let story = super::super::predefined().iter().find(|p| p.id == "flush").expect("flush");
        let c = story.comparison().expect("comparison");
        let row = c.scenario(0).expect("a row");
        assert_eq!(shown_name(&row, Lang::Zh), "master 重启：只有刷过盘的消息留了下来 [ASYNC_FLUSH 异步刷盘]");
        let mut own = base;
        own.title = "My run".into();
        assert_eq!(shown_name(&own, Lang::Zh), "My run");
    }

    /// Review 11: Sweep's "Show me" headed the run in English on the Chinese page.
    #[test]
    fn a_sweeps_run_is_named_by_its_scenario_and_seed_in_the_pages_language() {
        let base = presets::load("async-replication-master-crash").expect("preset");
        let one = crate::lab::sweep::with_seed(&base, 1);
        assert_eq!(shown_name(&one, Lang::Zh), "异步复制：master 宕机 [种子 1]");
        assert_eq!(shown_name(&one, Lang::En), "Async replication: the master crashes [seed 1]");
        let sync = super::super::variants::variant("replication-sync").expect("variant").apply_to(&base);
        let seeded = crate::lab::sweep::with_seed(&sync, 7);
        assert_eq!(shown_name(&seeded, Lang::Zh), "异步复制：master 宕机 [SYNC_MASTER 同步双写] [种子 7]");
        let mut own = base;
        own.title = "My run".into();
        assert_eq!(shown_name(&crate::lab::sweep::with_seed(&own, 3), Lang::Zh), "My run [种子 3]");
    }

    #[test]
    fn a_copy_switched_to_another_system_is_named_and_noted_in_the_pages_language() {
        let mut s = presets::load("standard").expect("preset");
        s.title = super::super::switched::title("kafka");
        s.notes = super::super::switched::notes(&s.notes, &s.title, "kafka").expect("a preset's notes");
        assert_eq!(shown_name(&s, Lang::Zh), "自定义场景（Kafka）");
        assert_eq!(shown_name(&s, Lang::En), "Custom scenario (Kafka)");
        let zh = translated(&s.notes, Lang::Zh).expect("mqlab's notes");
        assert!(zh.starts_with("由预设“标准：多 master 多 slave，异步复制”改为 Kafka。"), "{zh}");
    }

    fn row(comparison: &str, variant: &str) -> (Scenario, Scenario) {
        let story = super::super::predefined().iter().find(|p| p.id == comparison).expect("comparison");
        let c = story.comparison().expect("comparison");
        let i = c.variants.iter().position(|v| v.id == variant).expect("variant in the comparison");
        (c.base.clone(), c.scenario(i).expect("a row"))
    }

    #[test]
    fn a_row_on_another_system_has_no_notes_about_the_bases_system_in_either_language() {
        let (base, kafka) = row("systems-leader-dies", "system-kafka-acks1");
        assert_eq!(kafka.notes, "Compare run: the base scenario with Kafka, acks=1.");
        assert!(!kafka.notes.contains(&base.notes));
        assert_eq!(translated(&kafka.notes, Lang::Zh).as_deref(), Some("对比运行：基准场景 + Kafka，acks=1。"));
        // A RocketMQ row of the same comparison is still the base's system: its notes follow.
        let (_, sync) = row("systems-leader-dies", "system-rocketmq-sync");
        assert!(sync.notes.ends_with(&base.notes), "{}", sync.notes);
        // What the move left out is still said, after the line alone.
        let mut own = base;
        let slave = "broker-b/slave".to_string();
        own.faults.push(crate::scenario::model::ScheduledFault {
            at_ms: 12_000,
            command: crate::sim::command::Command::Crash { node: slave },
        });
        let redis = super::super::variants::of_scenario(&own, &["system-redis-list"]).scenario(0).expect("a row");
        assert_eq!(
            redis.notes,
            format!("Compare run: the base scenario with Redis list (BRPOP), AOF everysec. {}", left_out(1, Lang::En))
        );
        let zh = translated(&redis.notes, Lang::Zh).expect("mqlab's notes");
        assert_eq!(zh, format!("对比运行：基准场景 + Redis 列表（BRPOP），AOF 每秒刷盘。{}", left_out(1, Lang::Zh)));
    }

    #[test]
    fn a_row_on_a_system_with_its_own_preset_of_the_story_carries_that_presets_notes() {
        let (base, redis) = row("systems-consumer-dies", "system-redis-reliable");
        let own = presets::load("redis-queue-reliable-consumer-crash").expect("preset");
        assert!(redis.notes.starts_with("Compare run: the base scenario with Redis reliable queue"), "{}", redis.notes);
        assert!(redis.notes.ends_with(&own.notes), "{}", redis.notes);
        assert!(!redis.notes.contains(&base.notes));
        let zh = translated(&redis.notes, Lang::Zh).expect("mqlab's notes");
        assert!(zh.starts_with("对比运行：基准场景 + Redis 可靠队列"), "{zh}");
        assert!(zh.ends_with(preset_notes::zh("redis-queue-reliable-consumer-crash").expect("zh")), "{zh}");
        let (_, redis) = row("systems-leader-restarts", "system-redis-list");
        let own = presets::load("redis-queue-server-crash").expect("preset");
        assert!(redis.notes.ends_with(&own.notes), "{}", redis.notes);
        let (_, rabbit) = row("systems-leader-restarts", "system-rabbitmq");
        let own = presets::load("rabbitmq-durable-confirmed-restart").expect("preset");
        assert!(rabbit.notes.ends_with(&own.notes), "{}", rabbit.notes);
    }

    /// Review 13: the RabbitMQ row of "a consumer dies" carried the notes of the RabbitMQ preset of
    /// that story, "a prefetch of 64", and ran RabbitMQ's 250.
    #[test]
    fn a_row_whose_system_preset_quotes_another_prefetch_has_only_its_line() {
        let (_, rabbit) = row("systems-consumer-dies", "system-rabbitmq");
        assert_eq!(rabbit.notes, "Compare run: the base scenario with RabbitMQ, durable + persistent + confirms.");
        let zh = translated(&rabbit.notes, Lang::Zh).expect("mqlab's notes");
        assert_eq!(zh, "对比运行：基准场景 + RabbitMQ，持久化队列 + 持久化消息 + 发布确认。");
    }

    /// Review 13: on a RabbitMQ preset, the RabbitMQ variant put the prefetch back to 250 under notes
    /// that say 64. It keeps the preset's settings it does not name; where it changes one the notes
    /// quote (transient messages made persistent, "deliveryMode=1"), the notes say they were left out.
    #[test]
    fn a_variant_on_its_own_system_keeps_what_it_does_not_name_and_the_notes_that_hold() {
        let rabbit = super::super::variants::variant("system-rabbitmq").expect("variant");
        let base = presets::load("rabbitmq-manual-ack-consumer-crash").expect("preset");
        let run = rabbit.apply_to(&base);
        assert_eq!(
            super::super::quoted::values(&run, "system.prefetch"),
            super::super::quoted::values(&base, "system.prefetch")
        );
        assert!(run.notes.ends_with(&base.notes), "{}", run.notes);
        let base = presets::load("rabbitmq-transient-restart").expect("preset");
        let run = rabbit.apply_to(&base);
        assert_eq!(
            run.notes,
            "Compare run: the base scenario with RabbitMQ, durable + persistent + confirms. The base scenario's notes \
             quote a setting this run changes, so they were left out."
        );
        let zh = translated(&run.notes, Lang::Zh).expect("mqlab's notes");
        assert_eq!(zh, "对比运行：基准场景 + RabbitMQ，持久化队列 + 持久化消息 + 发布确认。基准场景的说明引用了本次运行改动的设置，所以没有保留。");
        // A Redis dedup of its own keeps its TTL of 5 s under the Redis dedup variant.
        let base = presets::load("redis-ttl-too-short").expect("preset");
        let run = super::super::variants::variant("dedup-redis").expect("variant").apply_to(&base);
        assert_eq!(run.consumer_groups, base.consumer_groups);
    }

    /// The table names a preset only where it tells the row's story: the same system, fault
    /// schedule and workload.
    #[test]
    fn each_own_preset_has_the_rows_faults() {
        for (story, variant, preset) in SAME_STORY {
            let comparison = match *story {
                LEADER_RESTARTS_STORY => "systems-leader-restarts",
                "manual-ack-consumer-crash" => "systems-consumer-dies",
                other => panic!("no comparison tells {other}"),
            };
            let (_, s) = row(comparison, variant);
            let own = presets::load(preset).expect("preset");
            assert_eq!(own.system.kind(), s.system.kind(), "{preset}");
            assert_eq!(own.faults, s.faults, "{preset}");
            assert_eq!(own.producers.len(), s.producers.len(), "{preset}");
            assert_eq!(own.duration_ms, s.duration_ms, "{preset}");
        }
    }
}
