//! A description of every setting a scenario has, for the editor form and its help texts: where it
//! sits in the JSON (`producers[].workload.rate_per_s`), which part of the cluster it belongs to,
//! what kind of value it takes, its real default and a one-line explanation in both languages.
//! Defaults are read from the model (its `Default` impls and serde defaults), never retyped, so the
//! form cannot show a default the engine does not use. tests/editor_fields.rs checks that every
//! field of a full scenario is described here and the other way round.

mod path;
mod table;

pub use path::{concrete, generic, get, set, within};
pub use table::FIELDS;

use super::model::Scenario;
use super::parse::from_value;
use crate::i18n::Lang;
use serde_json::{json, Value};
use std::sync::OnceLock;

/// The part of the cluster a setting belongs to; the form has one section per group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Run,
    Cluster,
    Replication,
    BrokerStorage,
    Network,
    Producer,
    Consumer,
    Dedup,
    Faults,
    /// The settings of the scenario's system when it is not RocketMQ (`system.*`).
    System,
}

impl Group {
    /// Every group, in the order the form shows them.
    pub const ALL: [Group; 10] = [
        Group::Run,
        Group::Cluster,
        Group::Replication,
        Group::BrokerStorage,
        Group::Network,
        Group::Producer,
        Group::Consumer,
        Group::Dedup,
        Group::System,
        Group::Faults,
    ];

    /// The section's title.
    pub fn name(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Group::Run => ("Run", "运行"),
            Group::Cluster => ("Cluster", "集群"),
            Group::Replication => ("Replication (master → slave)", "主从复制（master → slave）"),
            Group::BrokerStorage => ("Broker storage", "Broker 存储"),
            Group::Network => ("Network", "网络"),
            Group::Producer => ("Producers", "生产者"),
            Group::Consumer => ("Consumer groups", "消费者组"),
            Group::Dedup => ("Dedup", "去重（幂等）"),
            Group::Faults => ("Fault schedule", "故障计划"),
            Group::System => ("System settings", "系统设置"),
        };
        lang.pick(en, zh)
    }
}

/// The unit of a number, as the form shows it after the value: the same units errors use.
pub use super::error::Unit;

/// What kind of value a setting takes, which decides the input the form uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole number with a unit.
    Int(Unit),
    /// One of these JSON strings.
    Choice(&'static [&'static str]),
    Bool,
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// A list of names (topics), written comma-separated in the form.
    Names,
    /// A list of whole numbers with a unit.
    Ints(Unit),
    /// A node of the cluster, by name ("broker-a/master", "billing/c1").
    Node,
}

/// Where a setting's default comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// The model's default, read from [`defaults`].
    Model,
    /// No default: the document must set it.
    Required,
    /// A default that depends on the rest of the scenario, said in words.
    Note { en: &'static str, zh: &'static str },
}

/// One setting of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The JSON path with `[]` for "any entry of the list": `consumer_groups[].dedup.ttl_ms`.
    pub path: &'static str,
    pub group: Group,
    pub kind: Kind,
    pub fallback: Fallback,
    /// One line for a learner, in English.
    pub en: &'static str,
    /// The same line in Simplified Chinese.
    pub zh: &'static str,
    /// The system (`System::kind`) whose settings section holds it; empty for every system.
    pub system: &'static str,
}

/// A setting of one system's section (`system.*`), for the tables in `scenario::systems`.
pub const fn system_field(
    system: &'static str,
    path: &'static str,
    kind: Kind,
    fallback: Fallback,
    en: &'static str,
    zh: &'static str,
) -> Field {
    Field { path, group: Group::System, kind, fallback, en, zh, system }
}

impl Field {
    /// The explanation in `lang`.
    pub fn explain(&self, lang: Lang) -> &'static str {
        lang.pick(self.en, self.zh)
    }

    /// The field's name as a form label: the last part of its path.
    pub fn key(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// The default the model uses when the field is left out, if it has a fixed one.
    pub fn default_value(&self) -> Option<&'static Value> {
        match self.fallback {
            Fallback::Model if !self.system.is_empty() => {
                get(system_defaults(self.system)?, self.path.strip_prefix("system.")?)
            }
            Fallback::Model => get(defaults(), self.path),
            _ => None,
        }
    }

    /// The default as the form shows it: "5000 ms", "async", "required".
    pub fn default_text(&self, lang: Lang) -> String {
        match self.fallback {
            Fallback::Required => lang.pick("required", "必填").to_string(),
            Fallback::Note { en, zh } => lang.pick(en, zh).to_string(),
            Fallback::Model => match self.default_value() {
                Some(v) => show_value(v, self.kind, lang),
                None => lang.pick("none", "无").to_string(),
            },
        }
    }
}

/// A value with its unit, for the "default:" line.
fn show_value(v: &Value, kind: Kind, lang: Lang) -> String {
    let unit = match kind {
        Kind::Int(u) | Kind::Ints(u) => u.symbol(lang),
        _ => "",
    };
    let plain = match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => lang.pick("on", "开").to_string(),
        Value::Bool(false) => lang.pick("off", "关").to_string(),
        Value::Array(items) => items.iter().map(|i| show_value(i, Kind::Text, lang)).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    };
    if unit.is_empty() {
        plain
    } else {
        format!("{plain} {unit}")
    }
}

/// The description of the field at `path`, which may be concrete (`producers[2].retries`) or
/// generic (`producers[].retries`). A system's setting is found in the first system that has it;
/// the editor draws the scenario's own system from `system_fields`.
pub fn find(path: &str) -> Option<&'static Field> {
    let generic = generic(path);
    FIELDS.iter().chain(SYSTEM_KINDS.iter().flat_map(|k| system_fields(k))).find(|f| f.path == generic)
}

/// Every value of `system.kind`, RocketMQ first (the default).
pub const SYSTEM_KINDS: &[&str] = &["rocketmq", "kafka", "rabbitmq", "raft", "redis_queue"];

/// The settings of one system's section (`system.*`), in table order; none for RocketMQ, whose
/// settings are the scenario's `nameservers` and `brokers` sections.
pub fn system_fields(kind: &str) -> &'static [Field] {
    use super::systems::{kafka, rabbitmq, raft, redis_queue};
    match kind {
        "kafka" => kafka::FIELDS,
        "rabbitmq" => rabbitmq::FIELDS,
        "raft" => raft::FIELDS,
        "redis_queue" => redis_queue::FIELDS,
        _ => &[],
    }
}

/// A system's section with every setting at its default, as JSON (`{"kind": "kafka", …}`), read
/// from the model like `defaults`.
pub fn system_defaults(kind: &str) -> Option<&'static Value> {
    static DEFAULTS: OnceLock<Vec<Value>> = OnceLock::new();
    let all = DEFAULTS.get_or_init(|| {
        SYSTEM_KINDS
            .iter()
            .map(|k| {
                let doc = json!({ "version": 1, "duration_ms": 1, "system": { "kind": k } });
                let s = from_value::<Scenario>(doc).ok();
                s.and_then(|s| super::json::to_value(&s.system).ok()).unwrap_or(Value::Null)
            })
            .collect()
    });
    SYSTEM_KINDS.iter().position(|k| *k == kind).and_then(|i| all.get(i)).filter(|v| !v.is_null())
}

/// The lists of a scenario whose entries the form draws in a section of their own: a list, each of
/// its entries and everything in them are shown in that section.
const LISTS: [(&str, Group); 4] = [
    ("producers", Group::Producer),
    ("consumer_groups", Group::Consumer),
    ("network.links", Group::Network),
    ("faults", Group::Faults),
];

/// The form's section that shows what `path` names, for an error about it: a setting
/// (`brokers.delay_levels_ms`) or one entry of a list setting (`…delay_levels_ms[1]`) in its group's
/// section, a list, its entries and their settings (`consumer_groups[0].dedup.kind`) in the list's.
/// None for a path the form has nothing for (an unknown field from a file).
pub fn section_of(path: &str) -> Option<Group> {
    let in_list = |list: &str| path.strip_prefix(list).is_some_and(|rest| rest.is_empty() || rest.starts_with('['));
    if let Some((_, group)) = LISTS.iter().find(|(list, _)| in_list(list)) {
        return Some(*group);
    }
    let field = match path.strip_suffix(']').and_then(|p| p.rsplit_once('[')) {
        Some((field, _)) if find(field).is_some() => field,
        _ => path,
    };
    find(field).filter(|f| f.path != "version").map(|f| f.group)
}

/// The fields of one group, in table order.
pub fn in_group(group: Group) -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(move |f| f.group == group)
}

/// A scenario with every optional part present and every setting at its default, as JSON: the
/// model's own defaults, obtained by letting serde fill in a nearly empty document. Lists hold one
/// entry of each shape (a reliable producer, a plain and a Redis-dedup group, faults with defaulted fields).
pub fn defaults() -> &'static Value {
    static DEFAULTS: OnceLock<Value> = OnceLock::new();
    DEFAULTS.get_or_init(|| {
        let minimal = json!({
            "version": 1,
            "duration_ms": 1,
            "producers": [{ "reliable": {}, "transaction": {} }],
            // A path through `[]` reads the first entry that has it: the plain group gives the
            // dedup kind ("none"), the second the fields of a chosen kind.
            "consumer_groups": [{ "name": "g" }, { "name": "h", "dedup": { "kind": "redis_setnx" } }],
            "faults": [
                { "at_ms": 0, "action": "drop_next" },
                { "at_ms": 0, "action": "isolate", "node": "n" },
                { "at_ms": 0, "action": "cut", "from": "a", "to": "b" }
            ]
        });
        // The document is ours and always reads; Null would only make every default "none".
        // `from_value` is the reader every scenario goes through: a second deserializer would
        // copy all the Deserialize code into the WASM.
        from_value::<Scenario>(minimal).ok().and_then(|s| super::json::to_value(&s).ok()).unwrap_or(Value::Null)
    })
}
