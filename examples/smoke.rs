//! Development aid: run a scenario file and print the report (the CLI does this properly).
use mqlab::i18n::Lang;
use mqlab::report::RunReport;
use mqlab::scenario::model::Scenario;

fn main() {
    let path = std::env::args().nth(1).expect("file");
    let s: Scenario = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let t0 = std::time::Instant::now();
    let out = mqlab::sim::run::run(&s, &[], false).unwrap();
    let mut r = RunReport::new(&out, Lang::En);
    eprintln!("{:?}", t0.elapsed());
    r.anomalies.truncate(6);
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
}
