//! The headless runner as a user calls it: exit codes, stdin, errors on stderr naming the field,
//! `--runs` distributions, share links, Chinese output and trace export.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn mqlab(args: &[&str], stdin: Option<&str>) -> Output {
    mqlab_in("C", args, stdin)
}

/// Run the binary with `LANG` set to `lang`.
fn mqlab_in(lang: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mqlab"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", lang)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(input) = stdin {
        let _ = child.stdin.take().map(|mut s| s.write_all(input.as_bytes()));
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const FILE: &str = "scenarios/async-replication-master-crash.json";

#[test]
fn run_prints_the_report_and_exits_0() {
    let r = json(&mqlab(&["run", FILE], None));
    assert!(r["counts"]["lost"].as_u64().unwrap_or(0) > 0);
    assert_eq!(r["trace_hash"].as_str().map(str::len), Some(16));
    let first = &r["anomalies"][0];
    assert_eq!(first["kind"], "lost");
    assert!(first["text"].as_str().unwrap_or("").contains("crashed"), "{first}");
}

#[test]
fn run_reads_stdin_and_seed_changes_the_run() {
    let text = std::fs::read_to_string(format!("{}/{FILE}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default();
    let a = json(&mqlab(&["run", "-"], Some(&text)));
    let b = json(&mqlab(&["run", FILE], None));
    assert_eq!(a["trace_hash"], b["trace_hash"]);
    let c = json(&mqlab(&["run", FILE, "--seed", "99"], None));
    assert_eq!(c["seed"], 99);
    assert_ne!(a["trace_hash"], c["trace_hash"]);
}

#[test]
fn a_bad_scenario_exits_2_naming_the_field() {
    let o = mqlab(&["run", "-"], Some(r#"{"version": 1, "duration_ms": 1000, "brokers": {"groups": 9}}"#));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("brokers.groups"), "{}", stderr(&o));
    let o = mqlab(&["run", "-"], Some(r#"{"version": 2, "duration_ms": 1000}"#));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("version"), "{}", stderr(&o));
    let o = mqlab(&["run", "-"], Some("not json"));
    assert_eq!(o.status.code(), Some(2));
    let o = mqlab(&["run", "no-such-file.json"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(mqlab(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(mqlab(&["run"], None).status.code(), Some(2));
    assert_eq!(mqlab(&["run", FILE, "--seed", "x"], None).status.code(), Some(2));
    assert_eq!(mqlab(&["run", FILE, "--runs", "0"], None).status.code(), Some(2));
    let help = mqlab(&["--help"], None);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("mqlab run"));
}

#[test]
fn runs_reports_the_spread_over_seeds() {
    let d = json(&mqlab(&["run", FILE, "--runs", "4", "--seed", "10"], None));
    assert_eq!(d["runs"], 4);
    assert_eq!(d["first_seed"], 10);
    let lossy = d["runs_with_loss"].as_u64().unwrap_or(0);
    let losses: Vec<u64> = (10..14)
        .map(|seed| {
            json(&mqlab(&["run", FILE, "--seed", &seed.to_string()], None))["counts"]["lost"].as_u64().unwrap_or(0)
        })
        .collect();
    assert_eq!(lossy, losses.iter().filter(|&&l| l > 0).count() as u64);
    assert_eq!(d["counts"]["lost"]["max"].as_u64(), losses.iter().max().copied());
    assert_eq!(d["counts"]["lost"]["min"].as_u64(), losses.iter().min().copied());
    let again = json(&mqlab(&["run", FILE, "--runs", "4", "--seed", "10"], None));
    assert_eq!(d, again, "a sweep is deterministic");
}

#[test]
fn encode_decode_and_replay_a_share_link() {
    let o = mqlab(&["encode", FILE], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let link = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(link.starts_with("m1."), "{link}");
    let decoded = json(&mqlab(&["decode", &link], None));
    assert_eq!(decoded["scenario"]["title"], "Async replication: a master dies, its unreplicated tail is lost");
    let url = format!("http://127.0.0.1:8080/#{link}");
    let replayed = json(&mqlab(&["replay", &url], None));
    let direct = json(&mqlab(&["run", FILE], None));
    assert_eq!(replayed["trace_hash"], direct["trace_hash"]);
    let bad = mqlab(&["decode", "m1.%%%garbage"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(!stderr(&bad).is_empty());
}

#[test]
fn chinese_reports_and_errors() {
    let r = json(&mqlab(&["run", FILE, "--lang", "zh-CN"], None));
    let text = r["anomalies"][0]["text"].as_str().unwrap_or("");
    assert!(text.contains("丢失") && text.contains("宕机"), "{text}");
    let o = mqlab(&["run", "-", "--lang", "zh-CN"], Some(r#"{"version": 1, "duration_ms": 0}"#));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", stderr(&o));
}

#[test]
fn trace_export_has_every_event() {
    let path = std::env::temp_dir().join(format!("mqlab-trace-{}.jsonl", std::process::id()));
    let p = path.to_string_lossy().to_string();
    let r = json(&mqlab(&["run", "scenarios/reliable-producer-dropped-send-ok.json", "--trace", &p], None));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let _ = std::fs::remove_file(&path);
    assert_eq!(text.lines().count() as u64, r["trace_events"].as_u64().unwrap_or(0));
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap_or("{}")).unwrap_or_default();
    assert_eq!(first["seq"], 0);
}

#[test]
fn check_accepts_a_good_scenario_and_names_the_field_of_a_bad_one() {
    let ok = mqlab(&["check", FILE], None);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let bad = mqlab(&["check", "-"], Some(r#"{"version": 1, "duration_ms": 1000, "nameservers": {"count": 6}}"#));
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("nameservers.count"), "{}", stderr(&bad));
}

#[test]
fn encode_carries_recorded_actions_and_replay_applies_them() {
    let actions = r#"[{"at_us": 12000000, "after_events": 0, "action": "crash", "node": "broker-b/master"}]"#;
    let path = std::env::temp_dir().join(format!("mqlab-actions-{}.json", std::process::id()));
    std::fs::write(&path, actions).unwrap_or_else(|e| panic!("{e}"));
    let p = path.to_string_lossy().to_string();
    // `after_events` 0 at 12 s cannot be: the run handles events long before then.
    let o = mqlab(&["encode", FILE, "--actions", &p], None);
    let link = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let decoded = json(&mqlab(&["decode", &link], None));
    assert_eq!(decoded["actions"][0]["action"], "crash");
    let replay = mqlab(&["replay", &link], None);
    assert_eq!(replay.status.code(), Some(1), "an action the run never reaches: {}", stderr(&replay));
    assert!(stderr(&replay).contains("recorded action 1 "), "{}", stderr(&replay));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn the_language_follows_lang_unless_told() {
    let zh = json(&mqlab_in("zh_CN.UTF-8", &["run", FILE], None));
    assert!(zh["anomalies"][0]["text"].as_str().unwrap_or("").contains("丢失"));
    let en = json(&mqlab_in("zh_CN.UTF-8", &["run", FILE, "--lang", "en"], None));
    assert!(en["anomalies"][0]["text"].as_str().unwrap_or("").contains("lost for group"));
}
