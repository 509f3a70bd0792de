//! Scenario reading and validation: every rule refuses a bad value with an error that names the
//! field, a valid scenario passes, and broken documents get clear errors instead of panics.

use mqlab::scenario::error::{ErrorKind, JsonType, NodeKind, Totaled};
use mqlab::scenario::model::Scenario;
use mqlab::scenario::parse::MAX_SCENARIO_BYTES;
use mqlab::scenario::{parse_scenario, validate, validate_all, ScenarioError};
use serde_json::{json, Value};

const EXAMPLE: &str = include_str!("../scenarios/example-full.json");
const DOC: &str = include_str!("../docs/scenario-format.md");

fn example() -> Value {
    serde_json::from_str(EXAMPLE).expect("the example is JSON")
}

/// Sets the value at a JSON pointer, which must exist (or be a new key of an existing object).
fn set(v: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let parent = v.pointer_mut(parent).expect("parent exists");
    match parent {
        Value::Object(map) => {
            map.insert(key.to_string(), new);
        }
        Value::Array(items) => {
            let i: usize = key.parse().expect("an index");
            items[i] = new;
        }
        _ => panic!("{pointer}: parent is not a container"),
    }
}

fn errors_of(v: &Value) -> Vec<ScenarioError> {
    let s: Scenario = serde_json::from_value(v.clone()).expect("the document deserializes");
    validate_all(&s)
}

#[test]
fn the_full_example_is_valid() {
    let s = parse_scenario(EXAMPLE).unwrap_or_else(|e| panic!("{e}"));
    assert!(validate_all(&s).is_empty());
    assert_eq!(s.producers.len(), 2);
    assert_eq!(s.faults.len(), 14);
}

#[test]
fn the_doc_contains_the_example_verbatim() {
    assert!(
        DOC.contains(EXAMPLE.trim_end()),
        "docs/scenario-format.md must contain scenarios/example-full.json verbatim"
    );
}

#[test]
fn the_smallest_scenario_is_valid() {
    let s = parse_scenario(r#"{"version": 1, "duration_ms": 60000}"#);
    assert!(s.is_ok(), "{s:?}");
    let s =
        parse_scenario(r#"{"version":1,"duration_ms":60000,"producers":[{}],"consumer_groups":[{"name":"billing"}]}"#);
    assert!(s.is_ok(), "{s:?}");
}

#[test]
fn shipped_scenarios_are_valid() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let entries = std::fs::read_dir(dir).expect("scenarios/ exists");
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).expect("readable");
            if let Err(e) = parse_scenario(&text) {
                panic!("{}: {e}", path.display());
            }
        }
    }
}

/// One bad value: where it goes, and the path the error must name.
struct Case {
    set: Vec<(&'static str, Value)>,
    path: &'static str,
}

macro_rules! case {
    ($path:expr; $($pointer:expr => $value:expr),+ $(,)?) => {
        Case { set: vec![$(($pointer, json!($value))),+], path: $path }
    };
}

fn groups(n: usize, members: u8) -> Value {
    let groups: Vec<Value> = (0..n).map(|i| json!({"name": format!("g{i}"), "members": members})).collect();
    Value::Array(groups)
}

fn producers(n: usize) -> Value {
    Value::Array((0..n).map(|_| json!({})).collect())
}

const DAY: u64 = 86_400_000;

fn cases() -> Vec<Case> {
    vec![
        // Counts that size the cluster.
        case!("nameservers.count"; "/nameservers/count" => 0),
        case!("nameservers.count"; "/nameservers/count" => 6),
        case!("brokers.groups"; "/brokers/groups" => 0),
        case!("brokers.groups"; "/brokers/groups" => 9),
        case!("brokers.slaves"; "/brokers/slaves" => 3),
        case!("brokers.queues_per_topic"; "/brokers/queues_per_topic" => 0),
        case!("brokers.queues_per_topic"; "/brokers/queues_per_topic" => 17),
        case!("consumer_groups"; "/consumer_groups" => groups(9, 1), "/faults" => Value::Array(vec![])),
        case!("consumer_groups[1].members"; "/consumer_groups/1/members" => 0),
        case!("consumer_groups[0].members"; "/consumer_groups/0/members" => 17),
        case!("consumer_groups"; "/consumer_groups" => groups(2, 9), "/faults" => Value::Array(vec![])),
        case!("producers"; "/producers" => producers(17), "/faults" => Value::Array(vec![])),
        // Topics and names.
        case!("topics"; "/topics" => Value::Array(vec![]), "/producers/0/topic" => "", "/producers/1/topic" => "",
              "/consumer_groups/0/topic" => "", "/consumer_groups/1/topic" => ""),
        case!("topics[1]"; "/topics/1" => ""),
        case!("topics[1]"; "/topics/1" => "orders"),
        case!("topics[1]"; "/topics/1" => "x".repeat(65)),
        case!("topics"; "/topics" => (0..17).map(|i| format!("t{i}")).collect::<Vec<_>>()),
        case!("producers[1].name"; "/producers/1/name" => "shop"),
        case!("producers[0].name"; "/producers/0/name" => "p2"),
        case!("producers[0].name"; "/producers/0/name" => "ns1"),
        case!("producers[0].name"; "/producers/0/name" => "redis"),
        case!("producers[0].name"; "/producers/0/name" => "shop/1"),
        case!("producers[0].name"; "/producers/0/name" => "y".repeat(33)),
        case!("consumer_groups[1].name"; "/consumer_groups/1/name" => "billing"),
        case!("consumer_groups[1].name"; "/consumer_groups/1/name" => ""),
        case!("consumer_groups[1].name"; "/consumer_groups/1/name" => "a/b"),
        case!("consumer_groups[1].name"; "/consumer_groups/1/name" => "line\nbreak"),
        case!("consumer_groups[1].name"; "/consumer_groups/1/name" => "z".repeat(33)),
        case!("producers[0].topic"; "/producers/0/topic" => "refunds"),
        case!("consumer_groups[1].topic"; "/consumer_groups/1/topic" => "refunds"),
        // Workloads.
        case!("producers"; "/producers/0/workload/messages" => 600_000,
              "/producers/1/workload/messages" => 500_000),
        case!("producers[0].workload.rate_per_s"; "/producers/0/workload/rate_per_s" => 100_001),
        case!("producers[1].workload.rate_per_s"; "/producers/1/workload/rate_per_s" => 0),
        case!("producers[0].workload.burst.length_ms";
              "/producers/0/workload/burst/length_ms" => 30_000),
        case!("producers[0].workload.burst.length_ms"; "/producers/0/workload/burst/length_ms" => 0),
        case!("producers[0].workload.burst.every_ms"; "/producers/0/workload/burst/every_ms" => 0),
        case!("producers[0].workload.burst.rate_per_s";
              "/producers/0/workload/burst/rate_per_s" => 200_000),
        case!("producers[0].workload.rate_per_s"; "/producers/0/workload/rate_per_s" => 0,
              "/producers/0/workload/burst/rate_per_s" => 0),
        case!("producers[0].workload.start_ms"; "/producers/0/workload/start_ms" => 60_001),
        // Run length.
        case!("duration_ms"; "/duration_ms" => 0),
        case!("duration_ms"; "/duration_ms" => 2 * DAY + 1),
        case!("max_drain_ms"; "/max_drain_ms" => DAY + 1),
        case!("title"; "/title" => "t".repeat(201)),
        case!("notes"; "/notes" => "n".repeat(10_001)),
        // Intervals: zero would spin, more than a day is absurd.
        case!("nameservers.register_interval_ms"; "/nameservers/register_interval_ms" => 0),
        case!("nameservers.broker_expiry_ms"; "/nameservers/broker_expiry_ms" => 0),
        case!("nameservers.scan_interval_ms"; "/nameservers/scan_interval_ms" => DAY + 1),
        case!("brokers.flush_interval_ms"; "/brokers/flush_interval_ms" => 0),
        case!("brokers.sync_flush_timeout_ms"; "/brokers/sync_flush_timeout_ms" => 0),
        case!("brokers.slave_ack_timeout_ms"; "/brokers/slave_ack_timeout_ms" => 0),
        case!("brokers.ha_heartbeat_ms"; "/brokers/ha_heartbeat_ms" => 0),
        case!("brokers.ha_housekeeping_ms"; "/brokers/ha_housekeeping_ms" => 0),
        case!("brokers.persist_offsets_interval_ms"; "/brokers/persist_offsets_interval_ms" => 0),
        case!("brokers.slave_offset_sync_ms"; "/brokers/slave_offset_sync_ms" => 0),
        case!("brokers.long_poll_ms"; "/brokers/long_poll_ms" => 0),
        case!("brokers.client_expiry_ms"; "/brokers/client_expiry_ms" => 0),
        case!("producers[0].send_timeout_ms"; "/producers/0/send_timeout_ms" => 0),
        case!("producers[0].route_refresh_ms"; "/producers/0/route_refresh_ms" => 0),
        case!("producers[0].reliable.check_interval_ms";
              "/producers/0/reliable/check_interval_ms" => 0),
        case!("producers[0].reliable.resend_after_ms";
              "/producers/0/reliable/resend_after_ms" => 0),
        case!("consumer_groups[0].commit_interval_ms"; "/consumer_groups/0/commit_interval_ms" => 0),
        case!("consumer_groups[0].rebalance_interval_ms";
              "/consumer_groups/0/rebalance_interval_ms" => 0),
        case!("consumer_groups[0].heartbeat_ms"; "/consumer_groups/0/heartbeat_ms" => 0),
        case!("consumer_groups[0].route_refresh_ms"; "/consumer_groups/0/route_refresh_ms" => 0),
        case!("consumer_groups[1].dedup.ttl_ms"; "/consumer_groups/1/dedup/ttl_ms" => 0),
        case!("stores.call_timeout_ms"; "/stores/call_timeout_ms" => 0),
        // Latencies and chances.
        case!("network.latency_us"; "/network/latency_us" => 10_000_001),
        case!("network.jitter_us"; "/network/jitter_us" => 10_000_001),
        case!("network.loss_ppm"; "/network/loss_ppm" => 1_000_001),
        case!("network.links[0].latency_us"; "/network/links/0/latency_us" => 10_000_001),
        case!("network.links[0].loss_ppm"; "/network/links/0/loss_ppm" => 1_000_001),
        case!("brokers.disk_flush_latency_us"; "/brokers/disk_flush_latency_us" => 10_000_001),
        case!("stores.db_txn_us"; "/stores/db_txn_us" => 10_000_001),
        case!("stores.redis_op_us"; "/stores/redis_op_us" => 10_000_001),
        case!("consumer_groups[0].failure_ppm"; "/consumer_groups/0/failure_ppm" => 1_000_001),
        // Consumer and producer settings.
        case!("consumer_groups[0].processing_ms"; "/consumer_groups/0/processing_ms" => 60_001),
        case!("consumer_groups[0].pull_batch"; "/consumer_groups/0/pull_batch" => 0),
        case!("consumer_groups[0].pull_batch"; "/consumer_groups/0/pull_batch" => 33),
        case!("consumer_groups[0].pull_threshold"; "/consumer_groups/0/pull_threshold" => 0),
        case!("consumer_groups[0].pull_threshold"; "/consumer_groups/0/pull_threshold" => 100_001),
        case!("consumer_groups[0].max_reconsume_times";
              "/consumer_groups/0/max_reconsume_times" => 33),
        case!("consumer_groups[1].start_ms"; "/consumer_groups/1/start_ms" => 660_001),
        case!("producers[0].retries"; "/producers/0/retries" => 16),
        case!("producers[0].send"; "/producers/0/send" => "oneway"),
        case!("brokers.delay_levels_ms"; "/brokers/delay_levels_ms" => Value::Array(vec![])),
        case!("brokers.delay_levels_ms"; "/brokers/delay_levels_ms" => vec![1000; 19]),
        case!("brokers.delay_levels_ms[3]"; "/brokers/delay_levels_ms/3" => 0),
        case!("brokers.delay_levels_ms[17]"; "/brokers/delay_levels_ms/17" => DAY + 1),
        // Network overrides and faults name real nodes.
        case!("network.links[0].from"; "/network/links/0/from" => "broker-z/master"),
        case!("network.links[0].to"; "/network/links/0/to" => "broker-a/slave2"),
        case!("network.links[0].to"; "/network/links/0/to" => "broker-a/master"),
        case!("faults"; "/faults" => vec![json!({"at_ms": 1, "action": "heal_all"}); 1001]),
        case!("faults[0].at_ms"; "/faults/0/at_ms" => 60_001),
        case!("faults[4].node"; "/faults/4/node" => "broker-c/master"),
        case!("faults[4].node"; "/faults/4/node" => "p3"),
        case!("faults[5].to"; "/faults/5/to" => "ns3"),
        case!("faults[5].to"; "/faults/5/to" => "billing/c2"),
        case!("faults[0].from"; "/faults/0/from" => "billing/c3"),
        case!("faults[1].to"; "/faults/1/to" => "nobody"),
        case!("faults[2].node"; "/faults/2/node" => "broker-a/master"),
        case!("faults[3].node"; "/faults/3/node" => "billing/c1"),
        case!("faults[3].node"; "/faults/3/node" => "db"),
        case!("faults[2].processing_ms"; "/faults/2/processing_ms" => 60_001),
        case!("faults[3].flush_latency_ms"; "/faults/3/flush_latency_ms" => 10_001),
        case!("faults[1].delay_ms"; "/faults/1/delay_ms" => 3_600_001),
        case!("faults[0].count"; "/faults/0/count" => 0),
        case!("faults[1].count"; "/faults/1/count" => 1_000_001),
        case!("faults[10].from"; "/faults/10/from" => "billing/c9"),
    ]
}

#[test]
fn every_rule_names_its_field() {
    let cases = cases();
    assert!(cases.len() >= 25);
    for case in &cases {
        let mut v = example();
        for (pointer, value) in &case.set {
            set(&mut v, pointer, value.clone());
        }
        let errors = errors_of(&v);
        assert!(
            errors.iter().any(|e| e.path == case.path),
            "expected an error at {}, got {:?}",
            case.path,
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()
        );
        // The text reader refuses it too, with the first of those errors.
        let text = serde_json::to_string(&v).expect("serializable");
        match parse_scenario(&text) {
            Ok(_) => panic!("{} accepted", case.path),
            Err(e) => assert_eq!(Some(&e), errors.first(), "{}", case.path),
        }
    }
}

#[test]
fn messages_name_field_limit_and_value() {
    let mut v = example();
    set(&mut v, "/brokers/groups", json!(9));
    let e = errors_of(&v).remove(0);
    assert_eq!(e.to_string(), "brokers.groups: must be between 1 and 8, got 9");
    assert_eq!(e.kind, ErrorKind::OutOfRange { min: 1, max: 8, got: 9, unit: mqlab::scenario::error::Unit::None });

    let mut v = example();
    set(&mut v, "/nameservers/scan_interval_ms", json!(0));
    let e = errors_of(&v).remove(0);
    assert_eq!(e.to_string(), "nameservers.scan_interval_ms: must be between 1 ms and 86400000 ms (24 h), got 0 ms");
}

#[test]
fn errors_have_the_expected_kinds() {
    let kind_at = |pointer: &str, value: Value, path: &str| {
        let mut v = example();
        set(&mut v, pointer, value);
        errors_of(&v).into_iter().find(|e| e.path == path).map(|e| e.kind)
    };
    assert!(matches!(
        kind_at("/producers/1/workload/rate_per_s", json!(0), "producers[1].workload.rate_per_s"),
        Some(ErrorKind::NoRate { messages: 100 })
    ));
    assert!(matches!(
        kind_at("/faults/2/node", json!("broker-a/master"), "faults[2].node"),
        Some(ErrorKind::WrongRole { expected: NodeKind::Consumer, .. })
    ));
    assert!(matches!(
        kind_at("/faults/3/node", json!("shop"), "faults[3].node"),
        Some(ErrorKind::WrongRole { expected: NodeKind::Broker, .. })
    ));
    assert!(matches!(
        kind_at("/producers/0/send", json!("oneway"), "producers[0].send"),
        Some(ErrorKind::ReliableNeedsSync)
    ));
    assert!(matches!(
        kind_at("/consumer_groups", groups(2, 9), "consumer_groups"),
        Some(ErrorKind::Total { what: Totaled::Consumers, max: 16, got: 18 })
    ));
    assert!(matches!(
        kind_at("/consumer_groups/0/max_reconsume_times", json!(40), "consumer_groups[0].max_reconsume_times"),
        Some(ErrorKind::TooManyReconsumes { max: 32, got: 40 })
    ));
    assert!(matches!(
        kind_at("/faults/0/at_ms", json!(70_000), "faults[0].at_ms"),
        Some(ErrorKind::AfterEnd { at: 70_000, end: 60_000, .. })
    ));
}

#[test]
fn validate_all_reports_every_problem_and_validate_the_first() {
    let mut v = example();
    set(&mut v, "/duration_ms", json!(0));
    set(&mut v, "/brokers/groups", json!(0));
    set(&mut v, "/consumer_groups/0/pull_batch", json!(0));
    let s: Scenario = serde_json::from_value(v).expect("deserializes");
    let errors = validate_all(&s);
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    for path in ["brokers.groups", "consumer_groups[0].pull_batch"] {
        assert!(paths.contains(&path), "{paths:?}");
    }
    // duration_ms 0 also puts every fault after the end.
    assert_eq!(paths[0], "duration_ms");
    assert_eq!(validate(&s), Err(errors[0].clone()));
}

#[test]
fn node_references_wait_for_valid_counts() {
    // With 40 broker groups the topology is not built, so faults are not reported as unknown.
    let mut v = example();
    set(&mut v, "/brokers/groups", json!(40));
    let errors = errors_of(&v);
    assert_eq!(errors.len(), 1, "{errors:?}");
}

fn parse_err(text: &str) -> ScenarioError {
    match parse_scenario(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    }
}

fn with(pointer: &str, value: Value) -> String {
    let mut v = example();
    set(&mut v, pointer, value);
    v.to_string()
}

#[test]
fn wrong_types_name_the_path() {
    let e = parse_err(&with("/producers/0/workload/rate_per_s", json!("x")));
    assert_eq!(
        e.to_string(),
        r#"producers[0].workload.rate_per_s: expected a whole number between 0 and 100000, got the text "x""#,
        "review 15: the field's own range, not its u32's"
    );
    // Past its u8, a count still names its own range (review 11: "from 0 to 255" beside "between
    // 1 and 8"), from a file as from the editor.
    let e = parse_err(&with("/brokers/groups", json!(300)));
    assert_eq!(e.path, "brokers.groups");
    assert_eq!(e.kind, ErrorKind::OutOfRange { min: 1, max: 8, got: 300, unit: mqlab::scenario::error::Unit::None });
    let e = parse_err(&with("/brokers/groups", json!(-1)));
    assert_eq!(e.to_string(), "brokers.groups: must be between 1 and 8, got -1");
    // A file's 2^64 is a number too large, not "text".
    let e = parse_err(&with("/seed", json!(987_654_321_987u64)).replace("987654321987", "18446744073709551616"));
    assert_eq!(e.to_string(), "seed: must be at most 18446744073709551615, got 18446744073709551616");
    let e = parse_err(&with("/faults/4/at_ms", json!(-1)));
    assert_eq!(e.path, "faults[4].at_ms", "{e}");
    let e = parse_err(&with("/topics", json!("orders")));
    assert_eq!(e.path, "topics");
}

#[test]
fn unknown_fields_name_the_path() {
    let e = parse_err(&with("/bogus", json!(1)));
    assert_eq!(e.path, "bogus");
    assert!(
        matches!(&e.kind, ErrorKind::UnknownField { field, expected } if field == "bogus" && expected.contains(&"duration_ms".to_string())),
        "{e}"
    );
    let e = parse_err(&with("/producers/0/workload/rate", json!(5)));
    assert_eq!(e.path, "producers[0].workload.rate");
    let e = parse_err(&with("/consumer_groups/1/dedup/ttl", json!(5)));
    assert_eq!(e.path, "consumer_groups[1].dedup.ttl", "{e}");
    let e = parse_err(&with("/faults/4/color", json!("red")));
    assert!(e.path.starts_with("faults[4]"), "{e}");
    assert!(matches!(e.kind, ErrorKind::UnknownField { .. }), "{e}");
}

#[test]
fn unknown_values_are_listed() {
    let e = parse_err(&with("/faults/4/action", json!("explode")));
    assert!(e.path.starts_with("faults[4]"), "{e}");
    assert!(
        matches!(&e.kind, ErrorKind::UnknownVariant { variant, expected } if variant == "explode" && expected.contains(&"crash".to_string())),
        "{e}"
    );
    let e = parse_err(&with("/brokers/flush", json!("sometimes")));
    assert_eq!(e.path, "brokers.flush");
    let e = parse_err(&with("/faults/0/kind", json!("gossip")));
    assert!(matches!(e.kind, ErrorKind::UnknownVariant { .. }), "{e}");
}

#[test]
fn missing_required_fields_name_the_path() {
    let mut v = example();
    v.as_object_mut().expect("object").remove("duration_ms");
    let e = parse_err(&v.to_string());
    assert_eq!(e.to_string(), "duration_ms: required field is missing");
    let mut v = example();
    v["consumer_groups"][0].as_object_mut().expect("object").remove("name");
    let e = parse_err(&v.to_string());
    assert_eq!(e.path, "consumer_groups[0].name");
    assert_eq!(e.kind, ErrorKind::MissingField);
    let e = parse_err(&with("/producers/0/workload/burst", json!({"every_ms": 10})));
    assert_eq!(e.path, "producers[0].workload.burst.length_ms");
}

#[test]
fn versions_are_checked_first() {
    let e = parse_err(&with("/version", json!(2)));
    assert_eq!(e.to_string(), "version: unsupported scenario version 2 (this mqlab reads version 1)");
    // A newer version with fields we do not know: the version is what is reported.
    let e = parse_err(r#"{"version": 2, "duration_ms": 1, "quorum": 3}"#);
    assert!(matches!(e.kind, ErrorKind::UnsupportedVersion { .. }));
    let e = parse_err(r#"{"version": "1", "duration_ms": 1}"#);
    assert!(matches!(e.kind, ErrorKind::UnsupportedVersion { .. }));
    let e = parse_err(r#"{"duration_ms": 1}"#);
    assert_eq!(e.path, "version");
    assert_eq!(e.kind, ErrorKind::MissingVersion);
}

#[test]
fn broken_documents_get_clear_errors() {
    let kinds = [
        ("", ErrorKind::Empty),
        ("  \n ", ErrorKind::Empty),
        ("[]", ErrorKind::NotAnObject { found: JsonType::Array }),
        ("3", ErrorKind::NotAnObject { found: JsonType::Number }),
        ("null", ErrorKind::NotAnObject { found: JsonType::Null }),
        ("\"x\"", ErrorKind::NotAnObject { found: JsonType::String }),
        ("true", ErrorKind::NotAnObject { found: JsonType::Bool }),
    ];
    for (text, kind) in kinds {
        assert_eq!(parse_err(text).kind, kind, "{text:?}");
    }
    assert!(matches!(parse_err(r#"{"version": 1,"#).kind, ErrorKind::Truncated { line: 1, .. }));
    let e = parse_err(r#"{"version": 1,}"#);
    assert!(matches!(e.kind, ErrorKind::Syntax { line: 1, .. }), "{e}");
    assert!(!e.to_string().contains(" at line 1 column"), "{e}");
    // A byte-order mark is not an error.
    assert!(parse_scenario(&format!("\u{feff}{EXAMPLE}")).is_ok());
}

#[test]
fn huge_and_deep_input_is_refused() {
    let huge = format!("{{\"version\": 1, \"notes\": \"{}\"}}", "x".repeat(MAX_SCENARIO_BYTES));
    assert!(matches!(parse_err(&huge).kind, ErrorKind::InputTooLarge { limit: MAX_SCENARIO_BYTES, .. }));
    // Deep nesting must not overflow the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(parse_err(&deep).kind, ErrorKind::Syntax { .. }));
    let deep_field =
        with("/notes", serde_json::from_str(&format!("{}1{}", "[".repeat(100), "]".repeat(100))).expect("json"));
    assert!(parse_scenario(&deep_field).is_err());
    // A long hostile name is clipped in the message.
    let e = parse_err(&with("/faults/4/node", json!("n".repeat(100_000))));
    assert!(e.to_string().len() < 300, "{e}");
    let e = parse_err(&with(&format!("/{}", "k".repeat(100_000)), json!(1)));
    assert!(e.to_string().len() < 2_000);
}
