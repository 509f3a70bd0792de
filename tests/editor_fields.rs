//! The editor's description of the scenario format (`scenario::fields`) and the presets: every
//! setting of a full scenario is described, with a default equal to the model's and an explanation
//! in both languages, and every shipped scenario is a preset that reads and validates.

use mqlab::i18n::Lang;
use mqlab::scenario::fields::{self, Fallback, Group, Kind, FIELDS};
use mqlab::scenario::model::{
    BrokerSettings, ConsumerGroupSpec, NameServerSettings, NetworkSettings, ProducerSpec, ReliableProducer,
    StoreSettings, TransactionSpec,
};
use mqlab::scenario::{parse_scenario, presets, validate_all, ErrorKind};
use mqlab::sim::wire::MsgKind;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const EXAMPLE: &str = include_str!("../scenarios/example-full.json");

/// The generic paths of every leaf: scalars, and lists of scalars taken whole.
fn leaves(v: &Value, path: String, out: &mut BTreeSet<String>) {
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match v {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, join(k), out)),
        Value::Array(items) if items.iter().any(|i| i.is_object()) => {
            items.iter().for_each(|i| leaves(i, format!("{path}[]"), out))
        }
        _ => {
            out.insert(path);
        }
    }
}

#[test]
fn every_field_of_a_full_scenario_is_described_and_nothing_else() {
    let example: Value = serde_json::from_str(EXAMPLE).expect("example-full.json is JSON");
    let mut found = BTreeSet::new();
    leaves(&example, String::new(), &mut found);
    let described: BTreeSet<String> = FIELDS.iter().map(|f| f.path.to_string()).collect();
    let undescribed: Vec<_> = found.difference(&described).collect();
    assert!(undescribed.is_empty(), "settings without a description in scenario/fields: {undescribed:?}");
    let unknown: Vec<_> = described.difference(&found).collect();
    assert!(unknown.is_empty(), "described but not in scenarios/example-full.json: {unknown:?}");
    assert_eq!(described.len(), FIELDS.len(), "a path is described twice");
}

#[test]
fn every_explanation_exists_in_both_languages() {
    for f in FIELDS {
        assert!(!f.en.trim().is_empty() && !f.zh.trim().is_empty(), "{}: explanation missing", f.path);
        assert_ne!(f.en, f.zh, "{}: not translated", f.path);
        for lang in Lang::ALL {
            assert!(!f.default_text(lang).is_empty(), "{}: no default text", f.path);
        }
        if let Fallback::Note { en, zh } = f.fallback {
            assert!(!en.is_empty() && !zh.is_empty(), "{}: default note missing", f.path);
        }
    }
}

/// The model's own defaults, section by section, from its `Default` impls.
fn model_default(path: &str) -> Option<Value> {
    let section = |v: Value, prefix: &str| fields::get(&v, path.strip_prefix(prefix)?).cloned();
    let with_reliable = ProducerSpec {
        reliable: Some(ReliableProducer::default()),
        transaction: Some(TransactionSpec::default()),
        ..ProducerSpec::default()
    };
    let json = |v: Result<Value, serde_json::Error>| v.expect("defaults serialise");
    if path.starts_with("nameservers.") {
        section(json(serde_json::to_value(NameServerSettings::default())), "nameservers.")
    } else if path.starts_with("brokers.") {
        section(json(serde_json::to_value(BrokerSettings::default())), "brokers.")
    } else if path.starts_with("network.links[]") {
        None
    } else if path.starts_with("network.") {
        section(json(serde_json::to_value(NetworkSettings::default())), "network.")
    } else if path.starts_with("stores.") {
        section(json(serde_json::to_value(StoreSettings::default())), "stores.")
    } else if path.starts_with("producers[].") {
        section(json(serde_json::to_value(with_reliable)), "producers[].")
    } else if path.starts_with("consumer_groups[].dedup.") {
        None // Checked by value below: the variant's fields only exist once a kind is chosen.
    } else if path.starts_with("consumer_groups[].") {
        section(json(serde_json::to_value(ConsumerGroupSpec::named("g"))), "consumer_groups[].")
    } else {
        None
    }
}

#[test]
fn the_defaults_shown_are_the_models() {
    for f in FIELDS {
        let shown = f.default_value();
        match f.fallback {
            Fallback::Model => assert!(shown.is_some(), "{}: no default found in the model", f.path),
            _ => assert!(shown.is_none(), "{}", f.path),
        }
        if let (Some(shown), Some(model)) = (shown, model_default(f.path)) {
            assert_eq!(shown, &model, "{}: the form's default differs from the model's", f.path);
        }
    }
    let default = |p: &str| fields::find(p).and_then(|f| f.default_value()).cloned();
    assert_eq!(default("brokers.sync_flush_timeout_ms"), Some(json!(5000)));
    assert_eq!(default("consumer_groups[3].members"), Some(json!(1)));
    assert_eq!(default("consumer_groups[].dedup.kind"), Some(json!("none")));
    assert_eq!(default("consumer_groups[].dedup.key"), Some(json!("business_key")));
    assert_eq!(default("consumer_groups[].dedup.ttl_ms"), Some(json!(60000)));
    assert_eq!(default("faults[].count"), Some(json!(1)));
    assert_eq!(default("faults[].direction"), Some(json!("both")));
    assert_eq!(default("max_drain_ms"), Some(json!(600000)));
    assert_eq!(default("topics"), Some(json!(["orders"])));
    let shown = fields::find("brokers.sync_flush_timeout_ms").map(|f| f.default_text(Lang::En));
    assert_eq!(shown.as_deref(), Some("5000 ms"));
}

#[test]
fn every_choice_is_a_value_the_engine_reads() {
    let kinds: Vec<Value> = MsgKind::ALL.iter().map(|k| serde_json::to_value(k).expect("serialises")).collect();
    let listed = fields::find("faults[].kind").map(|f| f.kind);
    let Some(Kind::Choice(listed)) = listed else { panic!("faults[].kind is a choice") };
    assert_eq!(kinds, listed.iter().map(|k| json!(k)).collect::<Vec<_>>());
    // Each choice of each top-level, producer or group setting reads in the full example.
    for f in FIELDS {
        let Kind::Choice(values) = f.kind else { continue };
        if f.path.starts_with("faults") || f.path.starts_with("consumer_groups[].dedup") {
            continue;
        }
        for v in values {
            let mut doc: Value = serde_json::from_str(EXAMPLE).expect("JSON");
            fields::set(&mut doc, &fields::concrete(f.path, 0), Some(json!(v)));
            // Another rule may still refuse the combination (a reliable producer must send sync);
            // what matters is that the value itself is read.
            let unread = |e: &ErrorKind| {
                matches!(e, ErrorKind::UnknownVariant { .. } | ErrorKind::WrongType { .. } | ErrorKind::NotWhole { .. })
            };
            if let Err(e) = parse_scenario(&doc.to_string()) {
                assert!(!unread(&e.kind), "{} = {v} is refused: {e}", f.path);
            }
        }
    }
}

#[test]
fn every_preset_reads_and_validates() {
    let mut ids = BTreeSet::new();
    for p in presets::all() {
        assert!(ids.insert(p.id), "preset id {} twice", p.id);
        let s = presets::load(p.id).unwrap_or_else(|e| panic!("preset {}: {e}", p.id));
        assert!(validate_all(&s).is_empty(), "preset {} does not validate", p.id);
        assert_eq!(presets::id_of(&s), Some(p.id));
        for lang in Lang::ALL {
            assert!(!p.name(lang).is_empty() && !p.about(lang).is_empty(), "preset {}: text missing", p.id);
        }
    }
    assert!(presets::load("no-such-preset").is_err());
}

#[test]
fn a_presets_notes_lead_to_its_name_and_description_in_both_languages() {
    // The page shows a Chinese learner the preset's Chinese name and description for notes that
    // exist only in English, even after the preset's settings were changed.
    for p in presets::all() {
        let mut s = presets::load(p.id).unwrap_or_else(|e| panic!("preset {}: {e}", p.id));
        assert!(!s.notes.is_empty(), "preset {} has no notes", p.id);
        s.seed += 1;
        assert_eq!(presets::with_notes(&s.notes).map(|found| found.id), Some(p.id), "notes shared by two presets?");
    }
    assert!(presets::with_notes("").is_none());
    assert!(presets::with_notes("my own cluster").is_none());
}

#[test]
fn every_shipped_scenario_is_a_preset() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    for entry in std::fs::read_dir(dir).expect("scenarios/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        assert!(presets::find(&stem).is_some(), "scenarios/{stem}.json is not in scenario::presets");
    }
}

#[test]
fn every_setting_of_every_system_is_described_with_its_default() {
    for kind in fields::SYSTEM_KINDS {
        let defaults = fields::system_defaults(kind).unwrap_or_else(|| panic!("{kind}: no defaults"));
        assert_eq!(defaults.get("kind").and_then(Value::as_str), Some(*kind));
        let mut found = BTreeSet::new();
        leaves(defaults, "system".to_string(), &mut found);
        found.remove("system.kind");
        let table = fields::system_fields(kind);
        let described: BTreeSet<String> = table.iter().map(|f| f.path.to_string()).collect();
        let undescribed: Vec<_> = found.difference(&described).collect();
        assert!(undescribed.is_empty(), "{kind}: settings without a description: {undescribed:?}");
        // A setting whose default depends on others (a `Note`) is absent from the defaults.
        let noted = |p: &String| table.iter().any(|f| f.path == p && !matches!(f.fallback, Fallback::Model));
        let unknown: Vec<_> = described.difference(&found).filter(|p| !p.contains("[]") && !noted(p)).collect();
        assert!(unknown.is_empty(), "{kind}: described but not a setting: {unknown:?}");
        for f in table {
            assert_eq!(f.system, *kind, "{}: in {kind}'s table but says {}", f.path, f.system);
            assert!(!f.en.trim().is_empty() && !f.zh.trim().is_empty() && f.en != f.zh, "{}: explanation", f.path);
            if matches!(f.fallback, Fallback::Model) {
                let shown = f.default_value().unwrap_or_else(|| panic!("{}: no default", f.path));
                assert_eq!(Some(shown), fields::get(defaults, f.path.trim_start_matches("system.")), "{}", f.path);
            }
        }
    }
}

/// The section of the form that draws a setting (`ui/editor/sections.rs`): the settings of a list's
/// entries in the list's section, any other in its group's section.
fn drawn_in(f: &fields::Field) -> Group {
    let lists = [
        ("producers[]", Group::Producer),
        ("consumer_groups[]", Group::Consumer),
        ("network.links[]", Group::Network),
        ("faults[]", Group::Faults),
    ];
    lists.iter().find(|(list, _)| f.path.starts_with(list)).map_or(f.group, |(_, g)| *g)
}

/// Every path the validator can name, from the example broken in every way a value can be: each
/// whole number at the ends of its type, each list past its cap, each name empty and duplicated.
fn validator_paths() -> BTreeSet<String> {
    let example: Value = serde_json::from_str(EXAMPLE).expect("example-full.json is JSON");
    let mut docs = Vec::new();
    let all = FIELDS.iter().chain(fields::SYSTEM_KINDS.iter().flat_map(|k| fields::system_fields(k)));
    for f in all.filter(|f| f.path != "version") {
        let mut base = example.clone();
        if !f.system.is_empty() {
            fields::set(&mut base, "system", fields::system_defaults(f.system).cloned());
        }
        let path = fields::concrete(f.path, 0);
        let values = match f.kind {
            Kind::Int(_) => vec![json!(0), json!(255), json!(65_535), json!(4_294_967_295u64), json!(u64::MAX)],
            Kind::Ints(_) => vec![json!([0]), json!([u64::MAX]), json!([]), json!(vec![1; 100])],
            Kind::Names => vec![json!([]), json!([""]), json!(["a", "a"]), json!(vec!["t"; 100])],
            Kind::Text | Kind::LongText | Kind::Node => vec![json!(""), json!("a/b"), json!("x".repeat(20_000))],
            Kind::Bool => vec![json!(true), json!(false)],
            Kind::Choice(options) => options.iter().map(|o| json!(o)).collect(),
        };
        for v in values {
            let mut doc = base.clone();
            fields::set(&mut doc, &path, Some(v));
            docs.push(doc);
        }
    }
    for (list, n) in [("producers", 20), ("consumer_groups", 10), ("network.links", 4_100), ("faults", 1_001)] {
        let mut doc = example.clone();
        let first = fields::get(&doc, &format!("{list}[0]")).cloned().unwrap_or(json!({}));
        fields::set(&mut doc, list, Some(Value::Array(vec![first; n])));
        docs.push(doc);
    }
    let mut paths = BTreeSet::new();
    for doc in docs {
        let Ok(s) = mqlab::scenario::parse::read_scenario(&doc) else { continue };
        paths.extend(validate_all(&s).into_iter().map(|e| e.path));
    }
    paths
}

/// Review 15: an error is placed, in the editor's summary, under the section that shows its field.
/// `brokers.delay_levels_ms` is drawn among the consumer groups' settings (a retry's delay, beside
/// `max_reconsume_times`), so its errors say "Consumer groups"; a list's own errors say its section.
#[test]
fn every_path_the_validator_names_is_placed_in_the_section_that_shows_it() {
    let all = FIELDS.iter().chain(fields::SYSTEM_KINDS.iter().flat_map(|k| fields::system_fields(k)));
    for f in all.filter(|f| f.path != "version") {
        let path = fields::concrete(f.path, 1);
        assert_eq!(fields::section_of(&path), Some(drawn_in(f)), "{path}");
        if matches!(f.kind, Kind::Ints(_) | Kind::Names) {
            assert_eq!(fields::section_of(&format!("{path}[2]")), Some(drawn_in(f)), "{path}[2]");
        }
        // The form draws a list entry's settings from the list's group (and a group's dedup part).
        if f.path.starts_with("producers[]") || f.path.starts_with("consumer_groups[]") {
            assert!(f.group == drawn_in(f) || f.path.starts_with("consumer_groups[].dedup."), "{}", f.path);
        }
    }
    let paths = validator_paths();
    assert!(paths.len() > 80, "only {} paths: {paths:?}", paths.len());
    for path in &paths {
        let Some(section) = fields::section_of(path) else { panic!("{path}: the summary cannot place it") };
        let field = path.strip_suffix(']').and_then(|p| p.rsplit_once('[')).map_or(path.as_str(), |(f, _)| f);
        if let Some(f) = fields::find(field).or_else(|| fields::find(path)) {
            assert_eq!(section, drawn_in(f), "{path}");
        }
    }
    assert!(paths.iter().any(|p| p.starts_with("brokers.delay_levels_ms")), "{paths:?}");
    assert_eq!(fields::section_of("brokers.delay_levels_ms[1]"), Some(Group::Consumer));
    assert_eq!(fields::section_of("consumer_groups"), Some(Group::Consumer));
    assert_eq!(fields::section_of("consumer_groups[0].dedup.kind"), Some(Group::Consumer));
    assert_eq!(fields::section_of("producers[1]"), Some(Group::Producer));
    assert_eq!(fields::section_of("no_such_field"), None);
}
