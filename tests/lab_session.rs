//! The lab session the page drives: stepping, seeking back and forth, acting and forking give the
//! same run as a headless replay of the same scenario and actions.

use mqlab::lab::{Progress, Session};
use mqlab::scenario::parse::parse_scenario;
use mqlab::sim::command::Command;
use mqlab::sim::time::SimTime;

fn scenario(name: &str) -> mqlab::scenario::model::Scenario {
    let path = format!("{}/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
    parse_scenario(&std::fs::read_to_string(path).expect("scenario file")).expect("valid scenario")
}

fn snapshot(s: &Session) -> (u64, u64, String) {
    let counts = s.run().auditor.counts();
    (s.events_processed(), s.run().trace_hash(), format!("{counts:?}"))
}

#[test]
fn seeking_back_and_forward_gives_identical_counters() {
    let mut s = Session::new(scenario("manual-ack-dropped-ack"));
    assert_eq!(s.advance_to(SimTime::from_ms(8_000), u64::MAX).unwrap(), Progress::Reached);
    let at_8s = snapshot(&s);
    s.seek(SimTime::from_ms(2_000)).unwrap();
    assert_eq!(s.now(), SimTime::from_ms(2_000));
    s.seek(SimTime::from_ms(8_000)).unwrap();
    assert_eq!(snapshot(&s), at_8s);
}

#[test]
fn stepping_back_one_event_and_forward_again_is_the_same_state() {
    let mut s = Session::new(scenario("standard"));
    s.advance_to(SimTime::from_ms(1_500), u64::MAX).unwrap();
    let here = snapshot(&s);
    s.step_back().unwrap();
    assert_eq!(s.events_processed(), here.0 - 1);
    assert!(s.step_event().unwrap());
    assert_eq!(snapshot(&s), here);
}

#[test]
fn acting_in_the_past_forks_and_the_share_link_replays_the_same_run() {
    let mut s = Session::new(scenario("standard"));
    s.advance_to(SimTime::from_ms(3_000), u64::MAX).unwrap();
    let first = s.act(Command::Crash { node: "broker-a/master".into() });
    assert_eq!(first.refused, None);
    assert_eq!(first.dropped_later_actions, 0);
    s.advance_to(SimTime::from_ms(6_000), u64::MAX).unwrap();
    s.act(Command::Restart { node: "broker-a/master".into() });
    s.seek(SimTime::from_ms(4_000)).unwrap();
    let fork = s.act(Command::Pause { node: "billing/c1".into() });
    assert_eq!(fork.dropped_later_actions, 1, "the restart at 6 s is in the dropped future");
    assert_eq!(s.actions().len(), 2);
    s.advance_to(SimTime::from_ms(7_000), u64::MAX).unwrap();
    let here = snapshot(&s);

    let again = Session::from_shared(s.share()).unwrap();
    assert_eq!(snapshot(&again), here);
}

#[test]
fn step_to_the_next_interesting_event_stops_at_a_scheduled_crash() {
    let mut s = Session::new(scenario("async-replication-master-crash"));
    let crash_at = s.scenario().faults[0].at_ms;
    let mut guard = 0;
    while s.now() < SimTime::from_ms(crash_at) {
        assert_eq!(s.step_interesting(1_000_000).unwrap(), Progress::Reached);
        guard += 1;
        assert!(guard < 10_000);
    }
    assert_eq!(s.now(), SimTime::from_ms(crash_at));
}

#[test]
fn the_exported_trace_is_the_run_the_page_showed() {
    let mut s = Session::new(scenario("manual-ack-dropped-ack"));
    s.advance_to(SimTime::from_ms(5_000), u64::MAX).unwrap();
    s.act(Command::Crash { node: "billing/c2".into() });
    s.advance_to(SimTime::from_ms(9_000), u64::MAX).unwrap();
    let export = mqlab::lab::export::trace_to_cursor(&s).unwrap();
    assert_eq!(export.trace_hash, mqlab::sim::trace::hash_hex(s.run().trace_hash()));
    assert_eq!(export.trace_hash, mqlab::sim::trace::hash_hex(mqlab::sim::trace::trace_hash(&export.trace)));
    assert!(export.trace.last().is_some_and(|e| e.at <= SimTime::from_ms(9_000)));
    let json = mqlab::lab::export::trace_json(&s).unwrap();
    assert!(json.contains("\"trace_hash\""));
}
