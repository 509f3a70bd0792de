use mqlab::scenario::model::Scenario;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let s: Scenario = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    println!("{:?}", s.faults);
    let out = mqlab::sim::run::run(&s, &[], true).unwrap();
    for e in out.trace.iter().filter(|e| !matches!(e.kind, mqlab::sim::trace::TraceKind::NetSend { .. })) {
        let j = serde_json::to_string(e).unwrap();
        if j.contains("action")
            || j.contains("crash")
            || j.contains("expired")
            || j.contains("route_updated")
            || j.contains("truncat")
        {
            println!("{j}");
        }
    }
}
