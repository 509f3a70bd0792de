//! Which of the scenario's settings each system uses (`scenario::systems::uses`), which is what
//! the editor's form shows for it: every client setting the form shows for a system can be
//! changed without the system refusing it, and every one it leaves out as unused is refused when
//! changed (or, RocketMQ's broker side, transactions and ordering, is RocketMQ's alone).

use mqlab::scenario::fields::{self, Kind, FIELDS, SYSTEM_KINDS};
use mqlab::scenario::model::Scenario;
use mqlab::scenario::systems::{unused, uses};
use mqlab::scenario::{validate_all, ErrorKind, ScenarioError};
use serde_json::{json, Value};

/// A scenario of `kind` with one producer and one group, `path` (concrete) set to `value`.
fn with(kind: &str, path: &str, value: Value) -> Vec<ScenarioError> {
    let mut doc = json!({
        "version": 1,
        "duration_ms": 60000,
        "system": { "kind": kind },
        "producers": [{}],
        "consumer_groups": [{ "name": "g" }]
    });
    if kind == "rocketmq" {
        doc.as_object_mut().map(|o| o.remove("system"));
    }
    fields::set(&mut doc, path, Some(value));
    let scenario: Scenario = serde_json::from_value(doc).expect("the changed scenario reads");
    validate_all(&scenario)
}

/// A value other than the field's default that every system's ranges accept.
fn changed(f: &fields::Field) -> Option<Value> {
    let default = f.default_value();
    match f.kind {
        // Down from a default above 1, which may be the top of its range (`pull_batch`).
        Kind::Int(_) => match default.and_then(Value::as_u64).unwrap_or(0) {
            d @ 0..=1 => Some(json!(d + 1)),
            d => Some(json!(d - 1)),
        },
        Kind::Bool => Some(json!(!default.and_then(Value::as_bool).unwrap_or(false))),
        Kind::Choice(options) => {
            options.iter().find(|o| default.and_then(Value::as_str) != Some(**o)).map(|o| json!(o))
        }
        _ => None,
    }
}

/// The client settings a learner changes with a number, a choice or a switch (not names, not the
/// burst or dedup parts, which need their companions).
fn client_settings() -> impl Iterator<Item = &'static fields::Field> {
    FIELDS.iter().filter(|f| {
        (f.path.starts_with("producers[].") || f.path.starts_with("consumer_groups[]."))
            && !f.path.contains(".burst.")
            && !f.path.contains(".dedup.")
            && changed(f).is_some()
    })
}

fn refused_at(errors: &[ScenarioError], concrete: &str) -> bool {
    errors.iter().any(|e| {
        matches!(e.kind, ErrorKind::NotInSystem { .. })
            && (concrete == e.path || concrete.starts_with(&format!("{}.", e.path)))
    })
}

#[test]
fn every_setting_the_form_shows_for_a_system_can_be_changed_there() {
    for kind in SYSTEM_KINDS {
        for f in client_settings().filter(|f| uses(kind, f.path)) {
            let concrete = fields::concrete(f.path, 0);
            let errors = with(kind, &concrete, changed(f).unwrap_or_default());
            assert!(!refused_at(&errors, &concrete), "{kind}: {concrete} is shown but refused: {errors:?}");
        }
    }
}

#[test]
fn every_client_setting_a_system_lists_as_unused_is_refused_changed_and_left_out() {
    for kind in SYSTEM_KINDS {
        let u = unused(kind);
        let listed = u
            .producer
            .iter()
            .map(|n| format!("producers[].{n}"))
            .chain(u.group.iter().map(|n| format!("consumer_groups[].{n}")));
        for generic in listed {
            assert!(!uses(kind, &generic), "{kind}: {generic} is listed unused but shown");
            let f = client_settings()
                .find(|f| f.path == generic || f.path.starts_with(&format!("{generic}.")))
                .unwrap_or_else(|| panic!("{generic} is no setting of the table"));
            let concrete = fields::concrete(f.path, 0);
            let errors = with(kind, &concrete, changed(f).unwrap_or_default());
            assert!(refused_at(&errors, &concrete), "{kind}: {concrete} changed is not refused: {errors:?}");
        }
    }
}

#[test]
fn rocketmq_only_settings_are_left_out_of_every_other_system() {
    for kind in SYSTEM_KINDS.iter().filter(|k| **k != "rocketmq") {
        for path in ["brokers.flush", "nameservers.count", "producers[].transaction.mode", "consumer_groups[].orderly"]
        {
            assert!(!uses(kind, path), "{kind} shows {path}");
        }
        // The ones that could matter are refused, not ignored.
        let errors = with(kind, "producers[0].transaction.mode", json!("half_message"));
        assert!(refused_at(&errors, "producers[0].transaction.mode"), "{kind}: {errors:?}");
        let errors = with(kind, "consumer_groups[0].orderly", json!(true));
        assert!(refused_at(&errors, "consumer_groups[0].orderly"), "{kind}: {errors:?}");
    }
}
