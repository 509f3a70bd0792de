//! The lab session the page drives: stepping, seeking back and forth, acting and forking give the
//! same run as a headless replay of the same scenario and actions.

use mqlab::lab::markers::MarkerKind;
use mqlab::lab::{Progress, Session};
use mqlab::scenario::parse::parse_scenario;
use mqlab::sim::audit::report::AnomalyKind;
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

fn anomaly_markers(s: &Session) -> Vec<(SimTime, Option<mqlab::sim::ids::MsgKey>)> {
    s.markers().into_iter().filter(|m| m.kind == MarkerKind::Anomaly).map(|m| (m.at, m.key)).collect()
}

#[test]
fn precomputing_marks_the_reports_duplicate_over_the_whole_run() {
    let sc = scenario("manual-ack-dropped-ack");
    let report = mqlab::sim::run::run(&sc, &[], false).unwrap().summary;
    let dup = report.anomalies.iter().find(|a| a.kind == AnomalyKind::DuplicateEffect).expect("the report's duplicate");
    let mut s = Session::new(sc);
    assert!(anomaly_markers(&s).is_empty());
    let mut slices = 0;
    while !s.precompute(1_000) {
        slices += 1;
        assert!(slices < 10_000);
    }
    assert!(slices > 1, "the frontier goes in slices");
    assert_eq!(s.now(), SimTime::ZERO, "the learner's cursor stays where it was");
    assert!(s.precomputed());
    let found = anomaly_markers(&s);
    assert!(found.contains(&(dup.at, Some(dup.key))), "{found:?} lacks {:?}", (dup.at, dup.key));
    let label = s.markers().into_iter().find(|m| m.key == Some(dup.key)).unwrap();
    assert!(!label.label(mqlab::i18n::Lang::En).is_empty() && !label.label(mqlab::i18n::Lang::Zh).is_empty());
    // Every duplicate the report lists (few here) is marked.
    let reported: Vec<_> =
        report.anomalies.iter().filter(|a| a.kind != AnomalyKind::Lost).map(|a| (a.at, Some(a.key))).collect();
    assert_eq!(found.len(), reported.len() + report.anomalies.iter().filter(|a| a.kind == AnomalyKind::Lost).count());
}

#[test]
fn a_fork_drops_later_anomaly_markers_and_the_frontier_finds_the_new_future() {
    let sc = scenario("manual-ack-dropped-ack");
    let mut s = Session::new(sc.clone());
    while !s.precompute(50_000) {}
    let before = anomaly_markers(&s);
    let first = before.first().expect("an anomaly").0;
    // Fork halfway to the first anomaly: crash the only broker's master for good.
    let fork_at = SimTime(first.as_us() / 2);
    s.seek(fork_at).unwrap();
    s.act(Command::Crash { node: "broker-a/master".into() });
    assert!(!s.precomputed());
    assert!(anomaly_markers(&s).iter().all(|&(at, _)| at <= fork_at), "later markers are gone");
    while !s.precompute(50_000) {}
    let after = anomaly_markers(&s);
    assert!(after.len() != before.len(), "the new future has other anomalies ({} then {})", before.len(), after.len());
    // The same as a headless run of the forked action log.
    let report = mqlab::sim::run::run(&sc, s.actions(), false).unwrap().summary;
    let mut want: Vec<_> =
        report.anomalies.iter().filter(|a| a.kind != AnomalyKind::Lost).map(|a| (a.at, Some(a.key))).collect();
    want.sort();
    let mut got: Vec<_> = after.iter().copied().filter(|(at, _)| *at < s.end()).collect();
    got.sort();
    assert_eq!(got.len(), want.len());
    for w in &want {
        assert!(got.contains(w), "{w:?} missing");
    }
}

#[test]
fn checkpoints_from_the_frontier_give_the_same_state_as_stepping() {
    let sc = scenario("standard");
    let mut stepped = Session::new(sc.clone());
    let mut ahead = Session::new(sc);
    while !ahead.precompute(100_000) {}
    assert!(ahead.checkpoints().0 > 10);
    for ms in [45_500, 12_345, 33_000, 59_999] {
        let t = SimTime::from_ms(ms);
        stepped.advance_to(t, u64::MAX).unwrap();
        ahead.seek(t).unwrap();
        assert_eq!(snapshot(&ahead), snapshot(&stepped), "at {ms} ms");
        assert_eq!(ahead.run().auditor.latency(), stepped.run().auditor.latency());
        stepped = Session::new(scenario("standard"));
    }
}

#[test]
fn checkpoints_stay_bounded_by_thinning() {
    let mut s = Session::new(scenario("standard"));
    while !s.precompute(1_000_000) {}
    let (count, every) = s.checkpoints();
    assert!(count <= mqlab::lab::session::MAX_CHECKPOINTS);
    assert_eq!(every, mqlab::lab::session::CHECKPOINT_EVERY_EVENTS, "60 s of the standard run needs no thinning");
}

#[test]
fn the_scrubber_ends_soon_after_the_last_message_event() {
    // Async replication loses messages, so the cluster never drains: the end still comes early.
    let mut s = Session::new(scenario("async-replication-master-crash"));
    let duration = SimTime::from_ms(s.scenario().duration_ms);
    assert!(s.scrub_end() >= duration);
    while !s.precompute(20_000) {}
    let end = s.scrub_end();
    assert!(end > duration && end < s.end(), "scrubber ends at {end}, run at {}", s.end());
}

#[test]
fn step_to_the_next_interesting_event_stops_where_the_scrubber_ends() {
    let mut s = Session::new(scenario("manual-ack-dropped-ack"));
    while !s.precompute(50_000) {}
    let mut progress = Progress::Reached;
    for _ in 0..10_000 {
        progress = s.step_interesting(1_000_000).unwrap();
        if progress != Progress::Reached {
            break;
        }
    }
    assert_eq!(progress, Progress::AtEnd);
    assert!(s.now() <= s.scrub_end() && s.scrub_end() < s.end(), "stopped at {}, run ends at {}", s.now(), s.end());
}

/// Kafka's and Raft's last events come a little before the drain check that ends the run: the
/// search still ends at the end, where the scrubber is, not at the last event with nothing left
/// to step to.
#[test]
fn step_to_the_next_interesting_event_ends_at_the_end_of_the_run() {
    for name in ["kafka-acks1-leader-dies", "raft-leader-killed", "standard"] {
        let mut s = Session::new(scenario(name));
        while !s.precompute(50_000) {}
        let mut progress = Progress::Reached;
        for _ in 0..10_000 {
            progress = s.step_interesting(1_000_000).unwrap();
            if progress != Progress::Reached {
                break;
            }
        }
        assert_eq!(progress, Progress::AtEnd, "{name}");
        assert_eq!(s.now(), s.scrub_end(), "{name}");
        assert!(s.at_end(), "{name}");
    }
}

/// Another system's cluster changes are on the timeline and stop "next interesting event": the
/// Raft queue's new leader after node1 dies.
#[test]
fn a_new_raft_leader_is_marked_on_the_timeline_and_stopped_at() {
    let mut s = Session::new(scenario("raft-leader-killed"));
    while !s.precompute(u64::MAX) {}
    let elected: Vec<_> = s
        .markers()
        .into_iter()
        .filter(|m| m.kind == MarkerKind::Cluster && m.at > SimTime::from_ms(10_000))
        .map(|m| (m.at, m.label(mqlab::i18n::Lang::En).to_string()))
        .collect();
    let (at, label) = elected.first().expect("an election after the crash is marked");
    assert!(label.contains("elected") && label.contains("term 2"), "{label}");
    assert!(elected.iter().all(|(_, l)| !l.is_empty()));
    // From just after the crash, "next interesting" stops no later than the election.
    s.seek(SimTime::from_ms(10_001)).expect("seek");
    let mut stops = 0;
    while s.now() < *at && stops < 100_000 {
        assert_eq!(s.step_interesting(1_000_000).expect("step"), Progress::Reached);
        stops += 1;
    }
    assert_eq!(s.now(), *at, "stopped at the election");
}

/// The page's anomaly list has a Lost entry for every loss the scoreboard counts, past the
/// report's cap of 1 000 and in the middle of the run (it was capped before it was filtered).
#[test]
fn the_anomaly_list_lists_every_loss_the_scoreboard_counts() {
    let mut s = Session::new(scenario("kafka-unclean-election"));
    let lost_listed = |s: &Session| s.live().anomalies.iter().filter(|a| a.kind == AnomalyKind::Lost).count() as u64;
    for ms in [50_003, 52_000] {
        s.seek(SimTime::from_ms(ms)).unwrap();
        let counted = s.shown_counts().lost;
        assert!(counted > 0, "losses by {ms} ms");
        assert_eq!(lost_listed(&s), counted, "at {ms} ms");
    }
    s.seek(SimTime::from_ms(u64::MAX / 2)).unwrap();
    let counted = s.shown_counts().lost;
    assert!(counted > 1_000, "more losses than the report lists: {counted}");
    assert_eq!(lost_listed(&s), counted, "at the end");
}

/// RabbitMQ without publisher confirms: messages lost in the crash were never promised, so they
/// are not Lost; at the end they have their own count and leave the backlog (it showed 5 left in
/// queues that were empty).
#[test]
fn at_the_end_messages_gone_without_a_confirm_leave_the_backlog() {
    use mqlab::lessons::Counter;
    let mut s = Session::new(scenario("rabbitmq-broker-crash"));
    s.seek(SimTime::from_ms(u64::MAX / 2)).unwrap();
    assert!(s.at_end());
    let c = s.shown_counts();
    assert!(c.unconfirmed_unprocessed > 0, "{c:?}");
    assert_eq!(Counter::Backlog.of(&c), 0, "{c:?}");
    // What is gone includes a message the crash took before it was stored.
    assert!(c.stored <= c.processed + c.in_dlq + c.lost + c.unconfirmed_unprocessed, "{c:?}");
}

#[test]
fn a_messages_lifecycle_is_read_whole_while_the_cursor_moves_back_along_it() {
    use mqlab::lab::lifecycle_view::lifecycle;
    let mut s = Session::new(scenario("manual-ack-dropped-ack"));
    while !s.precompute(50_000) {}
    // A message that lives a while: the first one redelivered.
    let (at, key) = anomaly_markers(&s).into_iter().find_map(|(at, k)| Some((at, k?))).expect("an anomaly");
    s.seek(at).unwrap();
    let whole = lifecycle(s.furthest().auditor.message(key).expect("known at the end"));
    let first = whole.first().expect("a step").at;
    assert!(whole.last().expect("a step").at >= at);
    // Back at its first step, the cursor's own record has only that much; the furthest has all.
    s.seek(first).unwrap();
    let so_far = s.run().auditor.message(key).map_or(0, |m| lifecycle(m).len());
    assert!(so_far < whole.len(), "{so_far} of {} steps at the cursor", whole.len());
    assert_eq!(lifecycle(s.furthest().auditor.message(key).expect("still known")).len(), whole.len());
    // A fork forgets the old future until the frontier has simulated the new one.
    s.act(Command::Crash { node: "broker-a/master".into() });
    assert_eq!(s.furthest().auditor.message(key).map_or(0, |m| lifecycle(m).len()), so_far);
}

#[test]
fn the_page_ends_a_run_where_the_runner_does_with_the_same_trace_hash() {
    let dir = format!("{}/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(str::to_string))
        .collect();
    names.sort();
    for name in &names {
        let sc = scenario(name);
        let runner = mqlab::sim::run::run(&sc, &[], false).unwrap();
        let mut s = Session::new(sc);
        while !s.precompute(50_000) {}
        assert_eq!(s.scrub_end().as_ms(), runner.summary.ended_at.as_ms(), "{name}");
        s.seek(s.scrub_end()).unwrap();
        assert_eq!(s.run().trace_hash(), runner.trace_hash, "{name}");
        assert_eq!(s.shown_counts().lost, runner.summary.counts.lost, "{name}");
        // Nothing more to step through: the run is over.
        assert!(!s.step_event().unwrap(), "{name}");
    }
}

/// Played fast, the cursor runs ahead of the frontier (which gets only what play leaves of a
/// frame). The run must still end where the runner ends it: not where the frontier happened to
/// catch up with the cursor, which depended on the speed and the machine.
#[test]
fn a_run_played_fast_ends_where_the_runner_does_whatever_the_speed() {
    for name in ["standard", "async-replication-master-crash", "kafka-acks1-leader-dies", "raft-leader-killed"] {
        let sc = scenario(name);
        let runner = mqlab::sim::run::run(&sc, &[], false).unwrap();
        for (step_ms, frontier_chunk) in [(16_000, 0), (3_200, 300), (160, 300)] {
            let mut s = Session::new(sc.clone());
            let mut progress = Progress::Reached;
            for _ in 0..100_000 {
                progress = s.advance_to(s.now().plus_ms(step_ms), 1_000_000).unwrap();
                if frontier_chunk > 0 {
                    s.precompute(frontier_chunk);
                }
                if progress == Progress::AtEnd || (s.precomputed() && s.now() >= s.scrub_end()) {
                    break;
                }
            }
            while !s.precompute(50_000) {}
            let how = format!("{name} played {step_ms} ms a frame");
            assert_eq!(s.scrub_end().as_ms(), runner.summary.ended_at.as_ms(), "{how}");
            assert_eq!(s.now(), s.scrub_end(), "{how}: stopped at the end ({progress:?})");
            assert_eq!(s.run().trace_hash(), runner.trace_hash, "{how}");
        }
        // A seek to where the scrubber ends before the frontier knows the end (the duration and a
        // tenth) stops where the run drains.
        let mut s = Session::new(sc.clone());
        s.seek(s.scrub_end()).unwrap();
        assert!(s.now() <= s.scrub_end());
        while !s.precompute(50_000) {}
        assert!(s.now() <= s.scrub_end(), "{name}: {} past the end {}", s.now(), s.scrub_end());
    }
}

/// The runner replays every recorded action before it checks for the drain, from the last action
/// on when that comes after the duration; the page's end follows it there too.
#[test]
fn an_action_after_the_duration_ends_the_run_where_the_runner_does() {
    let sc = scenario("standard");
    // A consumer paused before the end keeps the run from draining until it is resumed, at a
    // moment that is not on the duration's whole seconds.
    let mut s = Session::new(sc.clone());
    s.seek(SimTime::from_ms(59_000)).unwrap();
    s.act(Command::Pause { node: "billing/c1".into() });
    s.seek(SimTime::from_ms(63_300)).unwrap();
    assert!(!s.at_end(), "the paused consumer holds the run open");
    s.act(Command::Resume { node: "billing/c1".into() });
    let runner = mqlab::sim::run::run(&sc, s.actions(), false).unwrap();
    assert!(runner.summary.drained && runner.summary.ended_at > SimTime::from_ms(63_300));
    while !s.precompute(50_000) {}
    assert_eq!(s.scrub_end().as_us(), runner.summary.ended_at.as_us());
    s.seek(s.scrub_end()).unwrap();
    assert_eq!(s.run().trace_hash(), runner.trace_hash);
}

#[test]
fn a_share_link_opens_at_the_event_the_sharer_stepped_to() {
    // Several events share 10.000 s (the crash and what it sets off): step to the middle of them.
    let mut s = Session::new(scenario("async-replication-master-crash"));
    s.seek(SimTime::from_ms(9_999)).unwrap();
    while s.next_event_time().is_some_and(|t| t < SimTime::from_ms(10_000)) {
        s.step_event().unwrap();
    }
    for _ in 0..3 {
        s.step_event().unwrap();
    }
    assert_eq!(s.now(), SimTime::from_ms(10_000));
    let all_of_it = {
        let mut later = Session::new(scenario("async-replication-master-crash"));
        later.seek(SimTime::from_ms(10_000)).unwrap();
        later.events_processed()
    };
    assert!(s.events_processed() < all_of_it, "some events of 10.000 s are still to come");
    let link = mqlab::scenario::encode(&s.share());
    let opened = Session::from_shared(mqlab::scenario::decode(&link).unwrap()).unwrap();
    assert_eq!((opened.now(), snapshot(&opened)), (s.now(), snapshot(&s)));

    // A fresh page at 0 s has handled nothing yet; its link opens the same.
    let fresh = Session::new(scenario("standard"));
    let opened = Session::from_shared(fresh.share()).unwrap();
    assert_eq!(snapshot(&opened), snapshot(&fresh));

    // A hand-edited count never carries the cursor past the link's time.
    let mut run = s.share();
    run.at_events = Some(u64::MAX);
    let opened = Session::from_shared(run).unwrap();
    assert_eq!((opened.now(), opened.events_processed()), (SimTime::from_ms(10_000), all_of_it));
}

#[test]
fn a_link_action_whose_moment_passes_without_it_is_an_error_not_a_silent_gap() {
    use mqlab::sim::command::RecordedAction;
    use mqlab::sim::run::RunError;
    let crash = |at_us: u64, after_events: u64, node: &str| RecordedAction {
        at_us,
        after_events,
        command: Command::Crash { node: node.into() },
    };
    // Edited by hand: no run handles a billion events in its first second.
    let actions = vec![crash(1_000_000, 1_000_000_000, "broker-a/master"), crash(3_000_000, 5, "broker-b/master")];
    let run = mqlab::scenario::link::SharedRun {
        scenario: scenario("standard"),
        actions,
        at_us: Some(10_000_000),
        at_events: None,
    };
    assert_eq!(Session::from_shared(run).err(), Some(RunError::ActionOutOfRun { index: 0 }));
    assert!(RunError::ActionOutOfRun { index: 0 }.to_string().starts_with("recorded action 1 "), "counted from 1");
}

#[test]
fn a_link_whose_later_action_can_never_happen_is_refused_on_opening() {
    use mqlab::sim::run::RunError;
    let mut s = Session::new(scenario("standard"));
    s.advance_to(SimTime::from_ms(5_000), u64::MAX).unwrap();
    s.act(Command::Crash { node: "broker-a/master".into() });
    s.advance_to(SimTime::from_ms(6_000), u64::MAX).unwrap();
    s.act(Command::Restart { node: "broker-a/master".into() });
    // Shared looking at 1 s: both actions lie ahead of the cursor.
    s.seek(SimTime::from_ms(1_000)).unwrap();
    let good = s.share();
    assert!(Session::from_shared(good.clone()).is_ok());
    let edited = |at_us: u64, after_events: u64| {
        let mut run = good.clone();
        run.actions[1].at_us = at_us;
        run.actions[1].after_events = after_events;
        run
    };
    // More events than happen before its time; fewer than have happened by its time.
    for run in [edited(6_000_000, 999_999_999), edited(30_000_000, 10)] {
        let refused = Session::from_shared(run).err();
        assert_eq!(refused, Some(RunError::ActionOutOfRun { index: 1 }));
        assert!(refused.unwrap().to_string().starts_with("recorded action 2 "));
    }
}

#[test]
fn stepping_forward_and_back_after_a_seek_shows_the_same_time_for_the_same_count() {
    let mut s = Session::new(scenario("standard"));
    // A seek by time leaves the clock past the last event handled.
    s.seek(SimTime(6_596_000)).unwrap();
    let here = (s.events_processed(), s.now());
    assert!(s.next_event_time().is_some_and(|t| t > here.1));
    s.step_event().unwrap();
    assert_eq!(s.events_processed(), here.0 + 1);
    s.step_back().unwrap();
    assert_eq!((s.events_processed(), s.now()), here, "→ then ←");
    s.step_back().unwrap();
    let before = (s.events_processed(), s.now());
    assert_eq!(before.0, here.0 - 1);
    s.step_event().unwrap();
    assert_eq!((s.events_processed(), s.now()), here, "← ← → lands where the steps started");
    s.step_event().unwrap();
    s.step_back().unwrap();
    s.step_back().unwrap();
    assert_eq!((s.events_processed(), s.now()), before, "the same count, the same time");
}
