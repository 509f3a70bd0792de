//! The Raft-replicated queue (RocketMQ on DLedger, RabbitMQ quorum queues, CMQ): its shipped
//! scenarios' claims, and each behaviour the model promises — node1 leads first, a new leader
//! within the election window, no majority means no writes (not lost writes), an old leader
//! truncates what it never committed, offsets survive a failover, fsync matters, the view.

mod common;

use common::scenario;
use mqlab::report::RunReport;
use mqlab::scenario::model::{AckMode, Dedup, DedupKeyKind, Scenario, ScheduledFault, SendMode, System};
use mqlab::scenario::{validate_all, ErrorKind};
use mqlab::sim::command::{Command, Direction};
use mqlab::sim::ids::NodeId;
use mqlab::sim::run::{self, Run, RunOutcome};
use mqlab::sim::systems::raft::{Event, Node, Replica, Role, StepDownReason};
use mqlab::sim::systems::{StripRole, SysEvent, SysNode};
use mqlab::sim::time::{SimTime, SEC};
use mqlab::sim::trace::{TraceKind, TruncateReason};
use mqlab::sim::wire::SendStatus;
use mqlab::sim::world::World;

fn run_all(s: &Scenario) -> RunOutcome {
    run::run(s, &[], true).unwrap_or_else(|e| panic!("seed {}: {e}", s.seed))
}

fn id(w: &World, name: &str) -> NodeId {
    w.topology().find(name).unwrap_or_else(|| panic!("no node {name}"))
}

fn replica<'a>(w: &'a World, name: &str) -> &'a Replica {
    match w.system_node(id(w, name)) {
        Some(SysNode::Raft(n)) => n.replica().unwrap_or_else(|| panic!("{name} is not a replica")),
        _ => panic!("{name} is not a Raft node"),
    }
}

/// The Raft events of a run, with when.
fn raft_events(o: &RunOutcome) -> Vec<(SimTime, Event)> {
    o.trace
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::System { event: SysEvent::Raft(ev) } => Some((e.at, ev.clone())),
            _ => None,
        })
        .collect()
}

fn elected(o: &RunOutcome) -> Vec<(SimTime, NodeId, u64)> {
    raft_events(o)
        .into_iter()
        .filter_map(|(at, e)| match e {
            Event::LeaderElected { leader, term, .. } => Some((at, leader, term)),
            _ => None,
        })
        .collect()
}

fn fault(at_ms: u64, command: Command) -> ScheduledFault {
    ScheduledFault { at_ms, command }
}

fn crash(node: &str) -> Command {
    Command::Crash { node: node.into() }
}

fn restart(node: &str) -> Command {
    Command::Restart { node: node.into() }
}

fn settings(s: &mut Scenario) -> &mut mqlab::scenario::systems::RaftSettings {
    match &mut s.system {
        System::Raft(r) => r,
        _ => panic!("not a Raft scenario"),
    }
}

/// The leader-killed scenario without its faults: the workload of the RocketMQ comparisons.
fn calm() -> Scenario {
    let mut s = scenario("raft-leader-killed");
    s.faults.clear();
    s
}

#[test]
fn the_preferred_leader_node1_leads_a_fresh_cluster_whatever_the_seed() {
    for seed in 0..8 {
        let mut s = calm();
        s.seed = seed;
        s.duration_ms = 3_000;
        let o = run_all(&s);
        let first = elected(&o).first().copied();
        let node1 = id(&o.world, "node1");
        assert!(
            matches!(first, Some((at, leader, 1)) if leader == node1 && at < SimTime::from_ms(100)),
            "seed {seed}: {first:?}"
        );
    }
}

/// Review 13: node1 crashed 10 s → 15 s, 1326 sends failed while nobody led, and the scoreboard
/// showed them twice: as Send failed and as "gone, never confirmed" (whose tip says "stored").
#[test]
fn leader_killed_failed_sends_are_counted_once_as_send_failed() {
    let mut s = scenario("raft-leader-killed");
    let node1 = || "node1".to_string();
    s.faults = vec![
        ScheduledFault { at_ms: 10_000, command: Command::Crash { node: node1() } },
        ScheduledFault { at_ms: 15_000, command: Command::Restart { node: node1() } },
    ];
    let o = run_all(&s);
    let c = &o.summary.counts;
    assert!(c.send_failed > 1_000, "{c:?}");
    assert_eq!(c.stored, c.acked, "nothing was stored without a promise: {c:?}");
    assert_eq!(c.unconfirmed_unprocessed, 0, "{c:?}");
    assert_eq!(common::assert_unprocessed_counted_once(&o), c.send_failed);
}

#[test]
fn leader_killed_a_new_leader_within_the_election_window_and_nothing_acked_lost() {
    let s = scenario("raft-leader-killed");
    let o = run_all(&s);
    let r = RunReport::new(&o, mqlab::i18n::Lang::En);
    assert!(r.drained, "{:?}", r.undrained);
    let c = &r.counts;
    assert_eq!(c.lost, 0, "{:?}", r.anomalies.first());
    assert!(c.acked > 0 && c.send_failed > 0, "sends fail while there is no leader: {c:?}");
    assert_eq!(c.processed, c.stored, "every stored (committed) message processed: {c:?}");
    assert_eq!(c.duplicate_effects, 0, "offsets went through the log: no regression, no duplicate");
    let r1 = settings(&mut s.clone()).clone();
    let crash_at = SimTime::from_ms(10_000);
    let (at, leader, term) = elected(&o).into_iter().find(|&(at, _, _)| at > crash_at).expect("a new leader");
    assert_eq!(term, 2);
    assert_ne!(leader, id(&o.world, "node1"));
    let window = (crash_at.plus_ms(r1.election_timeout_min_ms), crash_at.plus_ms(r1.election_timeout_max_ms + 100));
    assert!(at >= window.0 && at <= window.1, "elected at {at}, window {window:?}");
    // No SEND_OK while nobody leads; the sends of that window fail for want of a leader.
    let gap: Vec<_> = o
        .trace
        .iter()
        .filter(|e| e.at > crash_at.plus_ms(10) && e.at < at)
        .filter(|e| matches!(e.kind, TraceKind::SendResult { status: SendStatus::SendOk, .. }))
        .collect();
    assert!(gap.is_empty(), "{gap:?}");
    // node1 restarted at 25 s and follows the new leader in its term.
    let node1 = replica(&o.world, "node1");
    assert_eq!((node1.role(), node1.term(), node1.leader()), (Role::Follower, 2, Some(leader)));
    assert_eq!(node1.last_index(), replica(&o.world, "node2").last_index(), "node1 caught up");
}

#[test]
fn majority_lost_the_queue_is_unavailable_and_nothing_acked_is_lost() {
    let o = run_all(&scenario("raft-majority-lost"));
    let r = RunReport::new(&o, mqlab::i18n::Lang::En);
    assert!(r.drained, "{:?}", r.undrained);
    assert_eq!(r.counts.lost, 0, "{:?}", r.anomalies.first());
    let (down, back) = (SimTime::from_ms(10_000), SimTime::from_ms(25_000));
    let during = |e: &&mqlab::sim::trace::TraceEvent| e.at > down.plus_ms(5) && e.at < back;
    let ok = o
        .trace
        .iter()
        .filter(during)
        .filter(|e| matches!(e.kind, TraceKind::SendResult { status: SendStatus::SendOk, .. }));
    assert_eq!(ok.count(), 0, "no commit without a majority");
    let timeouts = o
        .trace
        .iter()
        .filter(during)
        .filter(|e| matches!(e.kind, TraceKind::SendResult { status: SendStatus::FlushSlaveTimeout, .. }))
        .count();
    let failed = o.trace.iter().filter(during).filter(|e| matches!(e.kind, TraceKind::SendFailed { .. })).count();
    assert!(timeouts > 0 && failed > 0, "the leader times sends out, then no leader fails them: {timeouts} {failed}");
    let node1 = id(&o.world, "node1");
    let events = raft_events(&o);
    assert!(events
        .iter()
        .any(|(at, e)| *at > down
            && *e == Event::SteppedDown { node: node1, term: 1, reason: StepDownReason::LostMajority }));
    assert!(
        events.iter().any(|(at, e)| *at > down && matches!(e, Event::ElectionFailed { votes: 1, replicas: 3, .. })),
        "{events:?}"
    );
    let after: Vec<_> = elected(&o).into_iter().filter(|&(at, _, _)| at > back).collect();
    assert_eq!(after.len(), 1, "a leader again once node2 is back: {after:?}");
    // Words for the learner, in both languages.
    let topo = o.world.topology();
    for (_, e) in &events {
        for lang in mqlab::i18n::Lang::ALL {
            assert!(!e.describe(topo, lang).is_empty());
        }
    }
    let failed = events.iter().find(|(_, e)| matches!(e, Event::ElectionFailed { .. })).map(|(_, e)| e.clone());
    let text = failed.map(|e| e.describe(topo, mqlab::i18n::Lang::En)).unwrap_or_default();
    assert!(text.contains("no majority") && text.contains("no leader"), "{text}");
}

#[test]
fn an_old_leader_rejoining_drops_the_entries_it_never_committed() {
    // node1 loses its links to the followers at 9 s (it still hears the producer), keeps appending
    // what it cannot replicate, dies at 10 s, and comes back at 25 s under the new leader.
    let mut s = calm();
    s.faults = vec![
        fault(9_000, Command::Cut { from: "node1".into(), to: "node2".into(), one_way: true }),
        fault(9_000, Command::Cut { from: "node1".into(), to: "node3".into(), one_way: true }),
        fault(10_000, crash("node1")),
        fault(10_000, Command::HealAll),
        fault(25_000, restart("node1")),
    ];
    let o = run_all(&s);
    let node1 = id(&o.world, "node1");
    let truncated: Vec<_> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::CopyLost { node, msg, reason: TruncateReason::NewLeader } if node == node1 => Some((e.at, msg)),
            _ => None,
        })
        .collect();
    assert!(truncated.len() > 100, "a second of sends was never replicated: {}", truncated.len());
    assert!(truncated.iter().all(|&(at, _)| at > SimTime::from_ms(25_000)), "dropped when it rejoins");
    assert!(o.trace.iter().any(|e| matches!(e.kind,
        TraceKind::LogTruncated { node, reason: TruncateReason::NewLeader, .. } if node == node1)));
    for &(_, msg) in &truncated {
        let acked_by_node1 = o.trace.iter().any(|e| {
            matches!(e.kind, TraceKind::SendResult { msg: m, broker, status: SendStatus::SendOk, .. }
                if m == msg && broker == node1)
        });
        assert!(!acked_by_node1, "{msg:?}: an acknowledged entry was truncated");
    }
    assert_eq!(o.summary.counts.lost, 0);
    assert_eq!(replica(&o.world, "node1").role(), Role::Follower);
}

#[test]
fn a_consumer_crash_redelivers_its_uncommitted_tail_with_manual_ack_and_loses_it_with_auto_ack() {
    let mut s = calm();
    s.faults = vec![fault(10_000, crash("billing/c1"))];
    let manual = run_all(&s).summary.counts;
    assert_eq!(manual.lost, 0, "{manual:?}");
    assert!(
        manual.redelivered > 0 && manual.duplicate_effects > 0,
        "processed since the last commit, again: {manual:?}"
    );
    s.consumer_groups[0].ack = AckMode::Auto;
    let auto = run_all(&s).summary.counts;
    assert!(auto.lost > 0, "handed out, counted consumed, died with the consumer: {auto:?}");
    assert_eq!(auto.duplicate_effects, 0);
}

#[test]
fn db_dedup_catches_the_redelivery_and_oneway_sends_are_never_acked() {
    let mut s = calm();
    s.consumer_groups[0].dedup = Dedup::DbUniqueKey { key: DedupKeyKind::BusinessKey };
    s.faults = vec![fault(10_000, crash("billing/c1"))];
    let c = run_all(&s).summary.counts;
    assert_eq!((c.lost, c.duplicate_effects), (0, 0), "{c:?}");
    assert!(c.dedup_caught > 0, "{c:?}");

    let mut s = calm();
    s.producers[0].send = SendMode::Oneway;
    s.producers[0].workload.messages = 500;
    let c = run_all(&s).summary.counts;
    assert_eq!((c.acked, c.processed, c.lost), (0, 500, 0), "{c:?}");
}

#[test]
fn committed_offsets_survive_a_leader_failover() {
    // With the consumer idle long enough to commit before the crash, the new leader knows where
    // the group is: no message is delivered twice.
    let mut s = calm();
    s.producers[0].workload.messages = 600;
    s.faults = vec![fault(12_000, crash("node1"))];
    let o = run_all(&s);
    let c = &o.summary.counts;
    assert_eq!((c.lost, c.redelivered), (0, 0), "{c:?}");
    assert_eq!(c.processed, 600);
    let new_leader = elected(&o).last().map(|&(_, l, _)| l).expect("a leader");
    let billing = mqlab::sim::ids::GroupId(0);
    let r = match o.world.system_node(new_leader) {
        Some(SysNode::Raft(Node::Replica(r))) => r,
        _ => panic!("leader is a replica"),
    };
    for q in 0..4 {
        assert_eq!(r.behind(billing, mqlab::sim::ids::QueueKey::named(0, q)), 0);
    }
}

#[test]
fn without_fsync_a_whole_cluster_power_loss_loses_acked_messages_and_with_it_nothing() {
    let mut s = calm();
    s.producers[0].workload.messages = 3_000;
    let all = ["node1", "node2", "node3"];
    s.faults =
        all.iter().map(|n| fault(10_000, crash(n))).chain(all.iter().map(|n| fault(11_000, restart(n)))).collect();
    let synced = run_all(&s).summary.counts;
    assert_eq!(synced.lost, 0, "{synced:?}");
    settings(&mut s).fsync = false;
    settings(&mut s).flush_interval_ms = 200;
    let o = run_all(&s);
    assert!(o.summary.counts.lost > 0, "{:?}", o.summary.counts);
    assert!(o.trace.iter().any(|e| matches!(e.kind, TraceKind::CopyLost { reason: TruncateReason::Unflushed, .. })));
}

#[test]
fn a_single_replica_commits_alone_and_five_replicas_survive_two_losses() {
    let mut s = calm();
    s.producers[0].workload.messages = 1_000;
    settings(&mut s).replicas = 1;
    let one = run_all(&s);
    assert_eq!((one.summary.counts.acked, one.summary.counts.lost), (1_000, 0));
    assert_eq!(one.world.topology().servers.len(), 1);

    s.producers[0].workload.messages = 3_000;
    settings(&mut s).replicas = 5;
    s.faults = vec![fault(3_000, crash("node1")), fault(3_000, crash("node2"))];
    let five = run_all(&s);
    let c = &five.summary.counts;
    assert_eq!(c.lost, 0, "{c:?}");
    assert!(c.acked > 1_500, "three of five are a majority: writes go on after the election: {c:?}");
    let (_, leader, _) = *elected(&five).last().expect("a leader");
    assert!(!["node1", "node2"].contains(&five.world.topology().name(leader)));
}

#[test]
fn losing_a_disk_loses_every_copy_on_it_and_nothing_acked() {
    let mut s = calm();
    s.producers[0].workload.messages = 1_000;
    s.faults = vec![fault(4_000, Command::LoseDisk { node: "node2".into() })];
    let o = run_all(&s);
    let node2 = id(&o.world, "node2");
    let lost_copies = o
        .trace
        .iter()
        .filter(
            |e| matches!(e.kind, TraceKind::CopyLost { node, reason: TruncateReason::DiskLost, .. } if node == node2),
        )
        .count();
    assert!(lost_copies > 300, "{lost_copies}");
    assert_eq!(o.summary.counts.lost, 0);
    assert_eq!(o.summary.counts.acked, 1_000, "node1 and node3 are still a majority");
}

#[test]
fn the_view_shows_roles_terms_the_log_and_an_alert_without_leader() {
    let s = scenario("raft-leader-killed");
    let mut live = Run::new(&s, false);
    live.run_until(SimTime(9 * SEC)).unwrap_or_else(|e| panic!("{e}"));
    let view = |w: &World, name: &str| match w.system_node(id(w, name)).and_then(|n| n.view()) {
        Some(v) => v,
        None => panic!("{name} has no view"),
    };
    let v = view(&live.world, "node1");
    let words: Vec<&str> = v.badges.iter().map(|b| b.en.as_str()).collect();
    assert_eq!(words, ["leader", "term 1"]);
    assert_eq!(v.badges[0].zh, "leader", "zh keeps the role words in English, as elsewhere");
    let strip = &v.strips[0];
    assert!(strip.role == StripRole::Leader && strip.end > 1_000);
    let committed = strip.committed.unwrap_or(0);
    assert!(committed <= strip.end && committed + 5 >= strip.end, "{strip:?}");
    let (_, consumed) = strip.consumed[0];
    assert!(consumed < committed, "consumers lag behind the producer: {strip:?}");
    let node1 = live.world.system_node(id(&live.world, "node1")).expect("node1");
    assert!(node1.msg_at(0, consumed).is_some(), "the first unconsumed entry is a message");
    assert!(view(&live.world, "node2").badges.iter().any(|b| b.en == "follower"));

    live.run_until(SimTime(12 * SEC)).unwrap_or_else(|e| panic!("{e}"));
    let v = view(&live.world, "node2");
    assert!(v.badges.iter().any(|b| b.alert && b.en == "no leader"), "{:?}", v.badges);
    // Between the election timeout and the votes, a candidate's log is its own: neither leading
    // nor following.
    let mut t = 12 * SEC;
    let candidate = loop {
        let found = ["node2", "node3"].into_iter().find(|n| replica(&live.world, n).role() == Role::Candidate);
        if let Some(n) = found {
            break n;
        }
        assert!(t < 20 * SEC, "no candidate before 20 s");
        t += SEC / 1_000;
        live.run_until(SimTime(t)).unwrap_or_else(|e| panic!("{e}"));
    };
    let v = view(&live.world, candidate);
    assert_eq!(v.strips[0].role, StripRole::Candidate);
    assert!(v.badges.iter().any(|b| b.en == "candidate"), "{:?}", v.badges);
    live.run_until(SimTime(20 * SEC)).unwrap_or_else(|e| panic!("{e}"));
    let leaders: Vec<_> = ["node2", "node3"]
        .into_iter()
        .filter(|n| view(&live.world, n).badges.iter().any(|b| b.en == "leader"))
        .collect();
    assert_eq!(leaders.len(), 1);
    assert!(view(&live.world, leaders[0]).badges.iter().any(|b| b.en == "term 2"));
}

#[test]
fn a_leader_without_a_majority_shows_it_and_its_commit_index_stops() {
    let s = scenario("raft-majority-lost");
    let mut live = Run::new(&s, false);
    // Followers down at 10 s; the heartbeat at 14 s finds them silent for more than 1.5 beats.
    live.run_until(SimTime(15 * SEC)).unwrap_or_else(|e| panic!("{e}"));
    let node1 = live.world.system_node(id(&live.world, "node1")).and_then(|n| n.view()).expect("a view");
    let alerts: Vec<&str> = node1.badges.iter().filter(|b| b.alert).map(|b| b.en.as_str()).collect();
    assert_eq!(alerts, ["no majority"], "{:?}", node1.badges);
    let strip = &node1.strips[0];
    let committed = strip.committed.unwrap_or(0);
    assert!(strip.end > committed + 500, "it still appends what it cannot commit: {strip:?}");
}

#[test]
fn validation_names_the_field() {
    let base = r#"{"version": 1, "duration_ms": 1000, "system": {"kind": "raft", SETTINGS},
        "producers": [{"name": "NAME"}], "consumer_groups": [{"name": "g", GROUP}]}"#;
    let errors = |settings: &str, name: &str, group: &str| -> Vec<(String, ErrorKind)> {
        let json = base.replace("SETTINGS", settings).replace("NAME", name).replace("GROUP", group);
        // Read without validating (parse_scenario stops at the first error).
        let s: Scenario = match serde_json::from_str(&json) {
            Ok(s) => s,
            Err(e) => return vec![(e.to_string(), ErrorKind::Empty)],
        };
        validate_all(&s).into_iter().map(|e| (e.path, e.kind)).collect()
    };
    assert_eq!(errors(r#""replicas": 3"#, "p1", r#""members": 1"#), vec![]);
    let paths = |e: Vec<(String, ErrorKind)>| e.into_iter().map(|(p, _)| p).collect::<Vec<_>>();
    assert_eq!(paths(errors(r#""replicas": 6"#, "p1", r#""members": 1"#)), ["system.replicas"]);
    assert_eq!(paths(errors(r#""replicas": 0"#, "p1", r#""members": 1"#)), ["system.replicas"]);
    let upside_down = r#""election_timeout_min_ms": 5000, "election_timeout_max_ms": 4000"#;
    assert_eq!(paths(errors(upside_down, "p1", r#""members": 1"#)), ["system.election_timeout_max_ms"]);
    assert_eq!(paths(errors(r#""heartbeat_ms": 0"#, "p1", r#""members": 1"#)), ["system.heartbeat_ms"]);
    // Heartbeats slower than the election timeout would have followers electing all the time.
    let slow = r#""heartbeat_ms": 9000, "election_timeout_min_ms": 8000, "election_timeout_max_ms": 9000"#;
    assert_eq!(paths(errors(slow, "p1", r#""members": 1"#)), ["system.heartbeat_ms"]);
    assert_eq!(paths(errors(r#""replicas": 3"#, "node2", r#""members": 1"#)), ["producers[0].name"]);
    let no_retries = errors(r#""replicas": 3"#, "p1", r#""failure_ppm": 1000, "rebalance_interval_ms": 5"#);
    assert_eq!(
        paths(no_retries.clone()),
        ["consumer_groups[0].rebalance_interval_ms", "consumer_groups[0].failure_ppm"]
    );
    assert!(no_retries.iter().all(|(_, k)| *k == ErrorKind::NotInSystem { system: "raft" }));
    assert!(!paths(errors(r#""wrong": 1"#, "p1", r#""members": 1"#)).is_empty(), "unknown settings refused");
}

#[test]
fn every_setting_is_described_in_both_languages_with_the_model_default() {
    use mqlab::scenario::systems::raft::FIELDS;
    let defaults = serde_json::to_value(mqlab::scenario::systems::RaftSettings::default()).expect("serialises");
    let keys: Vec<&str> = defaults.as_object().expect("an object").keys().map(String::as_str).collect();
    assert_eq!(FIELDS.len(), keys.len());
    for f in FIELDS {
        let key = f.path.strip_prefix("system.").expect("under system.");
        assert!(keys.contains(&key), "{key}");
        assert_eq!(f.system, "raft");
        assert!(!f.en.is_empty() && !f.zh.is_empty() && f.en != f.zh, "{}", f.path);
    }
}

#[test]
fn a_send_to_a_follower_is_redirected_to_the_leader() {
    // node1 dies right after its first election and comes back as a follower; another replica
    // leads from about 7 s. p1 still asks node1 first, which names the leader.
    let mut s = calm();
    s.producers[0].workload.messages = 50;
    s.producers[0].workload.start_ms = 9_000;
    s.faults = vec![fault(50, crash("node1")), fault(100, restart("node1"))];
    let o = run_all(&s);
    assert_eq!((o.summary.counts.acked, o.summary.counts.send_failed), (50, 0));
    let (_, leader, _) = *elected(&o).last().expect("a leader");
    let first: Vec<(NodeId, u8)> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::SendAttempt { msg, broker, attempt, .. } if msg.key.seq == 0 => Some((broker, attempt)),
            _ => None,
        })
        .collect();
    assert_eq!(first, [(id(&o.world, "node1"), 0), (leader, 0)], "a redirect is the same attempt");
    let later = o.trace.iter().filter(|e| matches!(e.kind, TraceKind::SendAttempt { broker, .. } if broker != leader));
    assert_eq!(later.count(), 1, "the producer remembers the leader");
}

/// The leader-killed workload with node1 isolated at 10 s and healed at 22 s, its run, and when
/// and whom the others elected meanwhile.
fn leader_isolated(direction: mqlab::sim::command::Direction) -> (RunOutcome, SimTime, NodeId) {
    let mut s = calm();
    s.faults = vec![
        fault(10_000, Command::Isolate { node: "node1".into(), direction }),
        fault(22_000, Command::HealNode { node: "node1".into() }),
    ];
    let o = run_all(&s);
    let (at, leader, _) = elected(&o)
        .into_iter()
        .find(|&(at, _, _)| at > SimTime::from_ms(10_000))
        .unwrap_or_else(|| panic!("seed {}, {direction:?}: no leader after the partition", s.seed));
    (o, at, leader)
}

/// After a partition of the leader: nothing lost, writes resume a second after the election at
/// the new leader, and only the sends of the leaderless window failed.
fn writes_resume_at_the_new_leader(o: &RunOutcome, elected_at: SimTime, leader: NodeId, case: &str) {
    let node1 = id(&o.world, "node1");
    let (cut, heal) = (SimTime::from_ms(10_000), SimTime::from_ms(22_000));
    assert_ne!(leader, node1, "{case}");
    assert!(elected_at < heal, "{case}: elected at {elected_at}, while node1 is still cut off");
    let r = RunReport::new(o, mqlab::i18n::Lang::En);
    assert!(r.drained, "{case}: {:?}", r.undrained);
    let c = &r.counts;
    assert_eq!(c.lost, 0, "{case}: {:?}", r.anomalies.first());
    assert_eq!(c.processed, c.acked, "{case}: the consumers moved on from node1 too: {c:?}");
    let settled = elected_at.plus_ms(1_000);
    let late: std::collections::BTreeSet<_> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::Produced { key, .. } if e.at > settled => Some(key),
            _ => None,
        })
        .collect();
    let acked_late = o
        .trace
        .iter()
        .filter(|e| {
            matches!(e.kind, TraceKind::SendResult { msg, broker, status: SendStatus::SendOk, .. }
                if broker == leader && late.contains(&msg.key))
        })
        .count();
    assert!(late.len() > 500, "{case}: the workload goes on after the election: {}", late.len());
    assert_eq!(acked_late, late.len(), "{case}: every send after {settled} acknowledged by the new leader");
    let to_node1 = o
        .trace
        .iter()
        .filter(|e| e.at > settled && e.at < heal)
        .filter(|e| matches!(e.kind, TraceKind::SendAttempt { broker, .. } if broker == node1))
        .count();
    assert_eq!(to_node1, 0, "{case}: no send goes to the isolated node1 after the election");
    // 200 sends a second; 2 200 failed when the producer kept to node1 until production ended.
    let leaderless_ms = elected_at.as_ms() - cut.as_ms();
    assert!(
        c.send_failed <= leaderless_ms * 200 / 1_000 + 20,
        "{case}: {} sends failed for {leaderless_ms} ms without a reachable leader",
        c.send_failed
    );
}

#[test]
fn an_isolated_leader_is_given_up_after_a_timeout_and_sends_go_to_the_new_leader() {
    // node1 leads and is cut off from everyone at 10 s: no connection closes, so the producer
    // learns only from silence. A send that times out makes it ask the next replica, which names
    // node1 until the election and the new leader after it.
    let (o, at, leader) = leader_isolated(mqlab::sim::command::Direction::Both);
    writes_resume_at_the_new_leader(&o, at, leader, "isolated");
    // A consumer's pull to node1 goes unanswered too: it gives up after RocketMQ's 30 s pull
    // timeout and asks the next replica, which sends it to the new leader.
    let first = o.trace.iter().find(|e| {
        e.at > SimTime::from_ms(10_000) && matches!(e.kind, TraceKind::Delivered { from, .. } if from == leader)
    });
    let first = first.map(|e| e.at).expect("deliveries from the new leader");
    assert!(first <= SimTime::from_ms(10_000 + 30_000 + 1_000), "first delivery from the new leader at {first}");
}

#[test]
fn a_leader_that_still_hears_the_producer_but_cannot_answer_is_given_up_and_its_entries_dropped() {
    // Only what node1 sends is lost: it keeps appending the producer's sends, but neither its
    // answers nor its AppendEntries arrive. The producer times out and moves on; the new leader's
    // term reaches node1, which drops the entries it never committed. None was acknowledged.
    let (o, at, leader) = leader_isolated(mqlab::sim::command::Direction::Outbound);
    writes_resume_at_the_new_leader(&o, at, leader, "outbound");
    let node1 = id(&o.world, "node1");
    let dropped: Vec<_> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::CopyLost { node, msg, reason: TruncateReason::NewLeader } if node == node1 => Some(msg),
            _ => None,
        })
        .collect();
    assert!(dropped.len() > 100, "node1 appended sends it could not replicate: {}", dropped.len());
    for msg in &dropped {
        let acked = o.trace.iter().any(
            |e| matches!(e.kind, TraceKind::SendResult { msg: m, status: SendStatus::SendOk, .. } if m.key == msg.key),
        );
        assert!(!acked, "{msg:?} was acknowledged, yet only node1 had it");
    }
    let oks =
        o.trace.iter().filter(|e| matches!(e.kind, TraceKind::SendResult { status: SendStatus::SendOk, .. })).count();
    assert_eq!(o.summary.counts.acked as usize, oks, "acked counts SEND_OK answers only");
    assert_eq!(replica(&o.world, "node1").role(), Role::Follower);
}

/// "Stored" counts a Raft message once it is in the replicated log: the entries a cut-off leader
/// appended and the next leader truncated were never committed, so they are not counted, and what
/// is counted is exactly what the drained run delivered (one group reads every committed message).
#[test]
fn a_leaders_entries_truncated_before_they_committed_are_not_counted_as_stored() {
    let (o, _, _) = leader_isolated(mqlab::sim::command::Direction::Outbound);
    let node1 = id(&o.world, "node1");
    let truncated: std::collections::BTreeSet<_> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::CopyLost { node, msg, reason: TruncateReason::NewLeader } if node == node1 => Some(msg.key),
            _ => None,
        })
        .collect();
    let delivered: std::collections::BTreeSet<_> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::Delivered { msg, .. } => Some(msg.key),
            _ => None,
        })
        .collect();
    let never_committed = truncated.difference(&delivered).count();
    assert!(never_committed > 100, "node1 appended sends it could not replicate: {never_committed}");
    let c = &o.summary.counts;
    assert_eq!(c.stored as usize, delivered.len(), "stored counts what was committed: {c:?}");
    assert_eq!(c.lost, 0, "{c:?}");
    // The scoreboard's backlog (stored, not yet processed) goes back to nothing.
    assert_eq!(c.stored, c.processed, "{c:?}");
}

/// A consumer whose pull went to a leader the network then cut off waits out its 30 s pull
/// timeout (RocketMQ's consumerTimeoutMillisWhenSuspend): it shows "up" and processes nothing,
/// so the world says whom it waits on and when it gives up, and the page words it.
#[test]
fn a_consumer_stuck_on_an_isolated_leader_says_whom_it_waits_on_and_until_when() {
    use mqlab::i18n::{explain::waiting, Lang};
    let mut s = scenario("raft-leader-killed");
    s.faults = vec![fault(10_000, Command::Isolate { node: "node1".into(), direction: Direction::Both })];
    let mut live = Run::new(&s, false);
    live.run_until(SimTime(9 * SEC)).unwrap_or_else(|e| panic!("{e}"));
    let c1 = id(&live.world, "billing/c1");
    assert_eq!(live.world.stuck_waiting(c1), None, "a pull held by a reachable leader is long polling, not stuck");
    live.run_until(SimTime(20 * SEC)).unwrap_or_else(|e| panic!("{e}"));
    let node1 = id(&live.world, "node1");
    let w = live.world.stuck_waiting(c1).expect("billing/c1 waits on the isolated node1");
    assert_eq!(w.on, node1);
    let at = w.gives_up_at.expect("a pull times out");
    assert!(at > SimTime(20 * SEC) && at <= SimTime(41 * SEC), "{at:?}");
    let topo = live.world.topology();
    let secs = format!("{}.{:03}", at.as_us() / SEC, at.as_us() % SEC / 1_000);
    assert_eq!(waiting(&w, topo, Lang::En), format!("waiting on node1 · gives up at {secs} s"));
    assert_eq!(waiting(&w, topo, Lang::Zh), format!("等待 node1 回复 · {secs} 秒放弃"));
    // Once it gives up it asks the next replica, which names the new leader.
    live.run_until(at.plus_ms(1)).unwrap_or_else(|e| panic!("{e}"));
    assert!(live.world.stuck_waiting(c1).is_none_or(|w| w.on != node1));

    // Healed at 20 s: node1 is reachable again, but the pull it never got (or its answer, which
    // the cut dropped) is still waited out, and the page names the wait from the heal on.
    let mut healed = s.clone();
    healed.faults.push(fault(20_000, Command::HealNode { node: "node1".into() }));
    let mut live = Run::new(&healed, false);
    live.run_until(SimTime(20 * SEC)).unwrap_or_else(|e| panic!("{e}"));
    let w = live.world.stuck_waiting(c1).expect("after the heal, billing/c1 still waits out its lost pull");
    assert_eq!(w.on, node1);

    // A crashed leader answers at once (Undeliverable): nobody is stuck on it.
    let mut live = Run::new(&scenario("raft-leader-killed"), false);
    live.run_until(SimTime(12 * SEC)).unwrap_or_else(|e| panic!("{e}"));
    for c in ["billing/c1", "billing/c2"] {
        assert_eq!(live.world.stuck_waiting(id(&live.world, c)), None, "{c}");
    }
}
