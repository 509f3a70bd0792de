//! Share links: runs survive the round trip, and no input — random text, random bytes, a damaged
//! or truncated link, a zip bomb — makes `decode` panic, hang or inflate without bound. Every
//! error, of links and of scenarios, has a Chinese message.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use mqlab::i18n::{Lang, Localize};
use mqlab::scenario::error::{ErrorKind, JsonType, NodeKind, Totaled, Unit};
use mqlab::scenario::link::{LINK_PREFIX, MAX_ACTIONS, MAX_LINK_CHARS, MAX_LINK_JSON_BYTES};
use mqlab::scenario::model::{Replication, Scenario};
use mqlab::scenario::{decode, encode, parse_scenario, LinkError, ScenarioError, SharedRun};
use mqlab::sim::command::{Command, RecordedAction};
use mqlab::sim::wire::MsgKind;
use proptest::prelude::*;
use std::sync::OnceLock;

const EXAMPLE: &str = include_str!("../scenarios/example-full.json");

fn example() -> Scenario {
    parse_scenario(EXAMPLE).unwrap_or_else(|e| panic!("{e}"))
}

fn action(at_us: u64, after_events: u64, command: Command) -> RecordedAction {
    RecordedAction { at_us, after_events, command }
}

fn node(name: &str) -> String {
    name.to_string()
}

fn runs() -> Vec<SharedRun> {
    let full = SharedRun {
        scenario: example(),
        actions: vec![
            action(5_000_000, 120, Command::Crash { node: node("broker-b/master") }),
            action(
                5_000_000,
                121,
                Command::DropNext {
                    from: Some(node("billing/c2")),
                    to: None,
                    kind: Some(MsgKind::ConsumerAck),
                    count: 2,
                },
            ),
            action(9_500_000, 400, Command::Restart { node: node("broker-b/master") }),
            action(12_000_000, 900, Command::HealAll),
        ],
        at_us: Some(13_000_000),
        at_events: Some(41_000),
    };
    let smallest = SharedRun {
        scenario: parse_scenario(r#"{"version": 1, "duration_ms": 1000}"#).expect("valid"),
        actions: Vec::new(),
        at_us: None,
        at_events: None,
    };
    let mut sync = example();
    sync.title = "同步双写：主节点宕机".to_string();
    sync.brokers.replication = Replication::Sync;
    sync.brokers.groups = 3;
    sync.brokers.slaves = 2;
    sync.faults.clear();
    let sync = SharedRun {
        scenario: sync,
        actions: vec![
            action(
                2_000_000,
                10,
                Command::Cut { from: node("broker-c/master"), to: node("broker-c/slave2"), one_way: true },
            ),
            action(3_000_000, 0, Command::SlowConsumer { node: node("shipping/c1"), processing_ms: 500 }),
        ],
        at_us: Some(0),
        at_events: None,
    };
    vec![full, smallest, sync]
}

/// Link text for arbitrary bytes, packed the way `encode` packs JSON.
fn pack(bytes: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(bytes, 9);
    format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

fn decode_err(text: &str) -> LinkError {
    match decode(text) {
        Ok(_) => panic!("accepted: {}", &text[..text.len().min(80)]),
        Err(e) => e,
    }
}

fn invalid_path(text: &str) -> String {
    match decode_err(text) {
        LinkError::Invalid(e) => e.path,
        other => panic!("expected an invalid run, got {other}"),
    }
}

#[test]
fn runs_survive_the_round_trip() {
    for run in runs() {
        let link = encode(&run);
        assert!(link.starts_with("m1."));
        assert!(link.len() < 4_096, "a run packs small: {}", link.len());
        assert!(link.bytes().skip(3).all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(&link), Ok(run.clone()));
        assert_eq!(decode(&format!("#{link}")), Ok(run.clone()));
        assert_eq!(decode(&format!("#run={link}")), Ok(run.clone()));
        assert_eq!(decode(&format!("lang=zh&run={link}")), Ok(run.clone()));
        assert_eq!(decode(&format!("https://example.org/mqlab/#lang=zh&run={link}\n")), Ok(run.clone()));
        // Padding is tolerated, since some apps add it.
        let pad = "=".repeat((4 - (link.len() - LINK_PREFIX.len()) % 4) % 4);
        assert_eq!(decode(&format!("{link}{pad}")), Ok(run));
    }
}

#[test]
fn encoding_is_deterministic() {
    for run in runs() {
        assert_eq!(encode(&run), encode(&run.clone()));
    }
}

#[test]
fn prefixes_are_checked() {
    let link = encode(&runs()[1]);
    let data = link.trim_start_matches(LINK_PREFIX);
    assert_eq!(decode_err(data), LinkError::MissingPrefix);
    assert_eq!(decode_err(&format!("x.{data}")), LinkError::MissingPrefix);
    assert_eq!(decode_err(&format!("m2.{data}")), LinkError::UnsupportedPrefix { found: "m2.".into() });
    assert!(decode_err(&format!("m12.{data}")).to_string().contains("\"m1.\""));
    assert_eq!(decode_err(""), LinkError::Empty);
    assert_eq!(decode_err("#run="), LinkError::Empty);
    assert_eq!(decode_err("m1."), LinkError::Truncated);
}

#[test]
fn damaged_links_are_refused() {
    let link = encode(&runs()[0]);
    assert!(matches!(
        decode_err(&format!("{}*{}", &link[..10], &link[10..])),
        LinkError::BadCharacter { offset: 7, .. }
    ));
    // Bytes after the last DEFLATE block are ignored: such a link still reads as the same run.
    match decode(&format!("{link}A")) {
        Ok(run) => assert_eq!(run, runs()[0]),
        Err(e) => assert!(matches!(e, LinkError::Damaged | LinkError::Corrupt), "{e}"),
    }
    assert_eq!(decode_err(&pack(&[0xff, 0xfe, b'{'])), LinkError::NotUtf8 { offset: 0 });
    assert!(matches!(
        decode_err(&format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(b"not deflate at all"))),
        LinkError::Corrupt | LinkError::Truncated
    ));
    let e = decode_err(&"m1.".repeat(30_000));
    assert_eq!(e, LinkError::TooLong { len: 90_000, limit: MAX_LINK_CHARS });
}

#[test]
fn every_truncation_is_refused() {
    let link = encode(&runs()[0]);
    for len in 0..link.len() {
        assert!(decode(&link[..len]).is_err(), "accepted a link cut to {len}");
    }
}

#[test]
fn the_json_inside_is_checked_with_paths() {
    let run = &runs()[0];
    let json = serde_json::to_value(run).expect("serializable");
    let with = |pointer: &str, value: serde_json::Value| {
        let mut v = json.clone();
        *v.pointer_mut(pointer).expect("exists") = value;
        pack(v.to_string().as_bytes())
    };
    assert_eq!(invalid_path(&with("/scenario/brokers/groups", 9.into())), "scenario.brokers.groups");
    assert_eq!(invalid_path(&with("/scenario/version", 2.into())), "scenario.version");
    assert_eq!(invalid_path(&with("/actions/0/node", "broker-z/master".into())), "actions[0].node");
    assert_eq!(invalid_path(&with("/actions/0/at_us", 6_000_000.into())), "actions[1]");
    assert_eq!(invalid_path(&with("/actions/3/at_us", "soon".into())), "actions[3].at_us");
    assert_eq!(invalid_path(&with("/at_us", 700_000_000.into())), "at_us");
    assert_eq!(invalid_path(&with("/actions/2/action", "explode".into())), "actions[2].action");
    let mut v = json.clone();
    v["extra"] = 1.into();
    assert_eq!(invalid_path(&pack(v.to_string().as_bytes())), "extra");
    assert_eq!(invalid_path(&pack(b"[1, 2]")), "");
    assert_eq!(invalid_path(&pack(b"{\"actions\": []}")), "scenario");
    assert!(matches!(
        decode_err(&pack(b"{\"scenario\": ")),
        LinkError::Invalid(ScenarioError { kind: ErrorKind::Truncated { .. }, .. })
    ));
    let e = decode_err(&with("/scenario/brokers/groups", 9.into()));
    assert_eq!(
        e.to_string(),
        "the run in the link is not valid: scenario.brokers.groups: must be between 1 and 8, got 9"
    );
}

/// A hand-edited link is read as a scenario file is: a number its field cannot hold, or no number
/// at all, names the field's own range, in both languages (review 15).
#[test]
fn a_link_names_a_fields_own_range_as_a_file_does() {
    let json = serde_json::to_value(&runs()[0]).expect("serializable");
    let cases = [
        ("/scenario/brokers/groups", serde_json::json!(500), "must be between 1 and 8, got 500"),
        ("/scenario/brokers/groups", serde_json::json!(-2), "must be between 1 and 8, got -2"),
        (
            "/scenario/producers/0/workload/rate_per_s",
            serde_json::json!("x"),
            "expected a whole number between 0 and 100000, got the text \"x\"",
        ),
    ];
    for (pointer, value, said) in cases {
        let mut v = json.clone();
        *v.pointer_mut(pointer).expect("exists") = value;
        let LinkError::Invalid(from_link) = decode_err(&pack(v.to_string().as_bytes())) else { panic!("{pointer}") };
        let from_file = parse_scenario(&v["scenario"].to_string()).expect_err(pointer);
        assert_eq!(from_link, from_file.clone().within("scenario"), "{pointer}");
        assert_eq!(from_link.kind.localize(Lang::En), said, "{pointer}");
        assert_eq!(from_link.kind.localize(Lang::Zh), from_file.kind.localize(Lang::Zh), "{pointer}");
        assert!(!from_link.kind.localize(Lang::Zh).contains("4294967295"), "{pointer}");
    }
}

#[test]
fn action_logs_are_capped() {
    let mut run = runs()[1].clone();
    run.actions = (0..=MAX_ACTIONS as u64).map(|i| action(i, 0, Command::HealAll)).collect();
    let link = encode(&run);
    assert!(link.len() <= MAX_LINK_CHARS, "{}", link.len());
    assert_eq!(invalid_path(&link), "actions");
    run.actions.truncate(MAX_ACTIONS);
    assert!(decode(&encode(&run)).is_ok());
}

/// A zip bomb must be refused by the inflate limit, not inflated. (How fast that is belongs in a
/// benchmark, not in a test: the refusal is bounded because inflating stops at the cap.)
#[test]
fn zip_bombs_are_refused() {
    // 50 MB of zeros deflates to about 50 KB: under the text cap or not, it must be refused.
    let bomb = pack(&vec![0u8; 50_000_000]);
    let e = decode_err(&bomb);
    assert!(matches!(e, LinkError::TooLarge { .. } | LinkError::TooLong { .. }), "{e}");
    // 8 MB inflates past the cap: inflating must stop at the cap.
    let small_bomb = pack(&vec![b' '; 8_000_000]);
    assert!(small_bomb.len() < MAX_LINK_CHARS);
    assert_eq!(decode_err(&small_bomb), LinkError::TooLarge { limit: MAX_LINK_JSON_BYTES });
}

/// A valid link, changed by one mutation.
#[derive(Clone, Debug)]
enum Mutation {
    FlipBit {
        at: usize,
        bit: u8,
    },
    Truncate {
        at: usize,
    },
    Insert {
        at: usize,
        byte: u8,
    },
    Delete {
        at: usize,
    },
    /// Flip a bit of the packed bytes (before base64), so the base64 stays valid.
    FlipPackedBit {
        at: usize,
        bit: u8,
    },
    /// Change a byte of the JSON (then pack it properly), to reach the JSON and validation code.
    ChangeJson {
        at: usize,
        byte: u8,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        (at, 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        at.prop_map(|at| Mutation::Truncate { at }),
        (at, any::<u8>()).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        at.prop_map(|at| Mutation::Delete { at }),
        (at, 0u8..8).prop_map(|(at, bit)| Mutation::FlipPackedBit { at, bit }),
        (at, any::<u8>()).prop_map(|(at, byte)| Mutation::ChangeJson { at, byte }),
    ]
}

fn apply(m: &Mutation, link: &str, json: &[u8]) -> Vec<u8> {
    let mut bytes = link.as_bytes().to_vec();
    let n = bytes.len();
    match *m {
        Mutation::FlipBit { at, bit } => bytes[at % n] ^= 1 << bit,
        Mutation::Truncate { at } => bytes.truncate(at % n),
        Mutation::Insert { at, byte } => bytes.insert(at % (n + 1), byte),
        Mutation::Delete { at } => {
            bytes.remove(at % n);
        }
        Mutation::FlipPackedBit { at, bit } => {
            let mut packed = URL_SAFE_NO_PAD.decode(&link[LINK_PREFIX.len()..]).expect("a valid link");
            let len = packed.len();
            packed[at % len] ^= 1 << bit;
            bytes = format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(packed)).into_bytes();
        }
        Mutation::ChangeJson { at, byte } => {
            let mut json = json.to_vec();
            let len = json.len();
            json[at % len] = byte;
            bytes = pack(&json).into_bytes();
        }
    }
    bytes
}

/// Each sample run's link and JSON, made once for all the mutation cases.
fn encoded() -> &'static [(String, Vec<u8>)] {
    static ENCODED: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    ENCODED.get_or_init(|| {
        runs().iter().map(|run| (encode(run), serde_json::to_vec(run).expect("serializable"))).collect()
    })
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(4_000))]

    #[test]
    fn random_text_never_panics(text in any::<String>()) {
        let _ = decode(&text);
        let _ = decode(&format!("{LINK_PREFIX}{text}"));
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        let _ = decode(&format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(&bytes)));
        let _ = decode(&pack(&bytes));
    }

    #[test]
    fn mutated_links_never_panic(m in mutation(), which in 0usize..3) {
        let (link, json) = &encoded()[which];
        let text = String::from_utf8_lossy(&apply(&m, link, json)).into_owned();
        // A mutation may still give a valid run (a changed digit in a setting); it must then
        // be one that validates.
        if let Ok(decoded) = decode(&text) {
            prop_assert!(mqlab::scenario::link::validate_run(&decoded).is_ok());
        }
    }
}

/// One example of every error, of scenarios and of links. The match below has no wildcard, so a
/// new variant does not compile until it has an example here (and so a tested Chinese message).
fn every_error() -> Vec<Box<dyn Localize>> {
    use ErrorKind::*;
    let kinds = vec![
        Empty,
        InputTooLarge { bytes: 2_000_000, limit: 1_048_576 },
        Truncated { line: 1, column: 9 },
        Syntax { line: 1, column: 9, detail: "trailing comma".into() },
        NotAnObject { found: JsonType::Array },
        NotAnObject { found: JsonType::Null },
        MissingVersion,
        UnsupportedVersion { found: "2".into() },
        UnknownField { field: "bogus".into(), expected: vec!["a".into(), "b".into()] },
        UnknownField { field: "bogus".into(), expected: vec![] },
        MissingField,
        UnknownVariant { variant: "explode".into(), expected: vec!["crash".into()] },
        WrongType { detail: "invalid type: string \"x\", expected u32".into() },
        WrongType { detail: "invalid value: integer `300`, expected u8".into() },
        WrongType { detail: "invalid length 3, expected 2".into() },
        NotWhole { min: 1, max: 100_000, unit: Unit::PerS, detail: "invalid type: string \"x\", expected u32".into() },
        OutOfRange { min: 1, max: 8, got: 9, unit: Unit::None },
        OutOfRange { min: 0, max: 86_400_000, got: 86_400_001, unit: Unit::Ms },
        OutOfRange { min: 0, max: 10_000_000, got: 10_000_001, unit: Unit::Us },
        OutOfRange { min: 0, max: 1_000_000, got: 1_000_001, unit: Unit::Ppm },
        FarOutOfRange { min: 1, max: 8, written: "-1".into(), unit: Unit::None },
        FarOutOfRange { min: 0, max: u64::MAX, written: "18446744073709551616".into(), unit: Unit::None },
        Count { min: 1, max: 18, got: 0 },
        Count { min: 0, max: 1_000, got: 1_001 },
        Total { what: Totaled::Consumers, max: 16, got: 18 },
        Total { what: Totaled::Messages, max: 1_000_000, got: 1_100_000 },
        TooLong { max: 32, got: 40 },
        EmptyName,
        Duplicate { name: "p1".into() },
        NameTaken { name: "ns1".into() },
        ForbiddenChar { ch: '/' },
        ForbiddenChar { ch: '\n' },
        UnknownTopic { name: "refunds".into() },
        UnknownNode { name: "broker-z/master".into() },
        WrongRole { name: "p1".into(), expected: NodeKind::Consumer },
        WrongRole { name: "p1".into(), expected: NodeKind::Broker },
        SameNode { name: "p1".into() },
        NoRate { messages: 100 },
        BurstTooLong { length_ms: 30_000, every_ms: 20_000 },
        ReliableNeedsSync,
        AfterEnd { at: 70_000, end: 60_000, unit: Unit::Ms },
        OutOfOrder,
        TooManyReconsumes { max: 32, got: 40 },
        NotInSystem { system: "redis_queue" },
        TransactionNeedsSync,
        TransactionWithReliable,
        OrderlyNeedsManualAck,
        ReliableModeNeedsManualAck,
        IdempotenceNeedsAcksAll,
    ];
    for k in &kinds {
        match k {
            Empty
            | InputTooLarge { .. }
            | Truncated { .. }
            | Syntax { .. }
            | NotAnObject { .. }
            | MissingVersion
            | UnsupportedVersion { .. }
            | UnknownField { .. }
            | MissingField
            | UnknownVariant { .. }
            | WrongType { .. }
            | NotWhole { .. }
            | OutOfRange { .. }
            | FarOutOfRange { .. }
            | Count { .. }
            | Total { .. }
            | TooLong { .. }
            | EmptyName
            | Duplicate { .. }
            | NameTaken { .. }
            | ForbiddenChar { .. }
            | UnknownTopic { .. }
            | UnknownNode { .. }
            | WrongRole { .. }
            | SameNode { .. }
            | NoRate { .. }
            | BurstTooLong { .. }
            | ReliableNeedsSync
            | AfterEnd { .. }
            | OutOfOrder
            | TooManyReconsumes { .. }
            | NotInSystem { .. }
            | TransactionNeedsSync
            | TransactionWithReliable
            | OrderlyNeedsManualAck
            | ReliableModeNeedsManualAck
            | IdempotenceNeedsAcksAll => {}
        }
    }
    let links = vec![
        LinkError::Empty,
        LinkError::TooLong { len: 70_000, limit: MAX_LINK_CHARS },
        LinkError::MissingPrefix,
        LinkError::UnsupportedPrefix { found: "m2.".into() },
        LinkError::BadCharacter { offset: 7, ch: "'*'".into() },
        LinkError::Damaged,
        LinkError::Truncated,
        LinkError::Corrupt,
        LinkError::TooLarge { limit: MAX_LINK_JSON_BYTES },
        LinkError::NotUtf8 { offset: 0 },
        LinkError::Invalid(ScenarioError::new("scenario.brokers.groups", EmptyName)),
    ];
    for l in &links {
        match l {
            LinkError::Empty
            | LinkError::TooLong { .. }
            | LinkError::MissingPrefix
            | LinkError::UnsupportedPrefix { .. }
            | LinkError::BadCharacter { .. }
            | LinkError::Damaged
            | LinkError::Truncated
            | LinkError::Corrupt
            | LinkError::TooLarge { .. }
            | LinkError::NotUtf8 { .. }
            | LinkError::Invalid(_) => {}
        }
    }
    let mut all: Vec<Box<dyn Localize>> = Vec::new();
    for k in kinds {
        all.push(Box::new(ScenarioError::new("brokers.groups", k.clone())));
        all.push(Box::new(k));
    }
    for l in links {
        all.push(Box::new(l));
    }
    all
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_error_speaks_chinese() {
    for e in every_error() {
        let en = e.localize(Lang::En);
        let zh = e.localize(Lang::Zh);
        assert!(!en.is_empty());
        assert!(!has_cjk(&en), "English with Chinese in it: {en}");
        assert_ne!(en, zh);
        assert!(has_cjk(&zh), "no Chinese in: {zh}");
    }
}

#[test]
fn english_is_the_display_text() {
    let e = decode_err("m7.abc");
    assert_eq!(e.localize(Lang::En), e.to_string());
    let e = ScenarioError::new("brokers.groups", ErrorKind::OutOfRange { min: 1, max: 8, got: 9, unit: Unit::None });
    assert_eq!(e.localize(Lang::En), e.to_string());
    assert_eq!(e.localize(Lang::Zh), "brokers.groups：必须在 1 到 8 之间，实际为 9");
}

#[test]
fn a_system_is_named_as_people_write_it() {
    let e = ScenarioError::new("producers[0].send", ErrorKind::NotInSystem { system: "redis_queue" });
    assert!(e.localize(Lang::En).contains("has no meaning in a Redis queue;"), "{}", e.localize(Lang::En));
    assert!(e.localize(Lang::Zh).contains("在 Redis 队列中没有意义"), "{}", e.localize(Lang::Zh));
    let e = ScenarioError::new("system.enable_idempotence", ErrorKind::IdempotenceNeedsAcksAll);
    assert!(e.localize(Lang::En).contains("needs \"acks\": \"all\""), "{}", e.localize(Lang::En));
}
