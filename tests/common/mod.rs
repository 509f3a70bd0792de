//! Helpers shared by the integration tests: load a shipped scenario, run it, read its report.
#![allow(dead_code)]

use mqlab::i18n::Lang;
use mqlab::report::RunReport;
use mqlab::scenario::model::Scenario;
use mqlab::scenario::parse_scenario;
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
