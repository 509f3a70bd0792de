//! Helpers shared by the integration tests: load a shipped scenario, run it, read its report.
#![allow(dead_code)]

use mqlab::i18n::Lang;
use mqlab::report::RunReport;
use mqlab::scenario::model::Scenario;
use mqlab::scenario::parse_scenario;
use mqlab::sim::audit::report::AnomalyKind;
use mqlab::sim::run::{self, RunOutcome};

/// The scenario file `scenarios/<name>.json`, parsed and validated.
pub fn scenario(name: &str) -> Scenario {
    let path = format!("{}/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_scenario(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Run a scenario to the end (no recorded actions).
pub fn outcome(s: &Scenario) -> RunOutcome {
    run::run(s, &[], false).unwrap_or_else(|e| panic!("seed {}: {e}", s.seed))
}

/// Run a shipped scenario and report in English.
pub fn report(name: &str) -> (RunOutcome, RunReport) {
    let o = outcome(&scenario(name));
    let r = RunReport::new(&o, Lang::En);
    (o, r)
}

/// Every shipped scenario file, by name.
pub fn shipped() -> Vec<String> {
    let dir = format!("{}/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".json")).map(String::from))
        .collect();
    names.sort();
    names
}

/// Compare `now` (name → trace hash) with the golden file `tests/golden/<file>`, or rewrite the
/// file when `MQLAB_BLESS` is set. `test` names the test binary, for the message that says how to
/// re-bless a deliberate change.
pub fn check_golden(file: &str, test: &str, now: &std::collections::BTreeMap<String, String>) {
    let path = format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("MQLAB_BLESS").is_some() {
        let text = serde_json::to_string_pretty(now).unwrap_or_default() + "\n";
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    let golden: std::collections::BTreeMap<String, String> = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| panic!("{path} is missing or unreadable; create it with MQLAB_BLESS=1"));
    let mut changed = Vec::new();
    for (name, hash) in now {
        match golden.get(name) {
            Some(g) if g == hash => {}
            Some(g) => changed.push(format!("{name}: golden {g}, now {hash}")),
            None => changed.push(format!("{name}: no golden hash yet (now {hash})")),
        }
    }
    for name in golden.keys().filter(|n| !now.contains_key(*n)) {
        changed.push(format!("{name}: golden hash for a run that no longer exists"));
    }
    assert!(
        changed.is_empty(),
        "trace hashes changed:\n  {}\nIf the change in behaviour is deliberate, run `MQLAB_BLESS=1 cargo test --test \
         {test}` and commit tests/golden/{file} saying why.",
        changed.join("\n  ")
    );
}

/// Each message some group never processed is counted once: Lost (promised), In DLQ, Send failed
/// (the producer was told), or "gone, never confirmed" (nothing was said) — never in two tiles.
/// Returns how many failed sends the run had, for the caller to check the failure happened.
pub fn assert_unprocessed_counted_once(o: &RunOutcome) -> u64 {
    let c = &o.summary.counts;
    let mut failed_unprocessed = 0;
    for m in o.auditor.messages() {
        let unprocessed = m.groups.iter().any(|g| g.subscribed && g.dead_lettered.is_none() && !g.processed());
        if unprocessed && !m.promised() && !m.send_failures.is_empty() {
            failed_unprocessed += 1;
        }
    }
    assert!(failed_unprocessed <= c.send_failed, "{c:?}");
    let tiles = c.processed + c.in_dlq + c.lost + c.unconfirmed_unprocessed + failed_unprocessed;
    assert_eq!(tiles, c.produced, "one group: every message is in exactly one tile: {c:?}");
    let listed = o.summary.anomalies.iter().filter(|a| a.kind == AnomalyKind::Unconfirmed).count() as u64;
    assert_eq!(listed, c.unconfirmed_unprocessed, "each one counted is listed, to inspect");
    failed_unprocessed
}
