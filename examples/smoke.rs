use mqlab::scenario::model::*;
use mqlab::sim::time::SimTime;
use mqlab::sim::world::World;
use std::collections::BTreeMap;

fn main() {
    let mut s: Scenario = serde_json::from_str(r#"{"version":1,"duration_ms":60000,"producers":[{}],"consumer_groups":[{"name":"billing","members":2}]}"#).unwrap();
    s.seed = 1;
    let mut w = World::new(&s);
    let t0 = std::time::Instant::now();
    w.run_until(SimTime::from_ms(60_000));
    let trace = w.take_trace();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for e in &trace {
        let v = serde_json::to_value(e).unwrap();
        *counts
            .entry(v["type"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    println!(
        "{:?} events={} trace={} drained={}",
        t0.elapsed(),
        w.events_processed(),
        trace.len(),
        w.is_drained()
    );
    for (k, v) in counts {
        println!("{k}: {v}");
    }
    for e in trace.iter().take(60) {
        println!("{}", serde_json::to_string(e).unwrap());
    }
}
