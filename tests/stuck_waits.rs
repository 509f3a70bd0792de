//! A consumer that shows "up" and processes nothing because it waits on a request nothing will
//! answer is named by `World::stuck_waiting`, in every system: while its server is cut off or
//! paused, and from the moment the request or its answer is lost, even after the cut has healed.
//! A healthy wait (a pull held by long polling, a fetch wait, a BRPOP on an empty list) never is.

use mqlab::scenario::model::Scenario;
use mqlab::scenario::presets;
use mqlab::sim::command::Command;
use mqlab::sim::ids::NodeId;
use mqlab::sim::run::Run;
use mqlab::sim::systems::Waiting;
use mqlab::sim::time::{SimTime, SEC};
use mqlab::sim::trace::TraceKind;
use mqlab::sim::wire::MsgKind;
use mqlab::sim::world::World;

fn preset(name: &str) -> Scenario {
    let mut s = presets::load(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    s.faults.clear();
    s
}

fn node(w: &World, name: &str) -> NodeId {
    w.topology().find(name).unwrap_or_else(|| panic!("no node {name}"))
}

/// The waits consumer `id` has out, stuck or not.
fn waits(w: &World, id: NodeId) -> Vec<Waiting> {
    match (w.system_node(id), w.consumer(id)) {
        (Some(n), _) => n.waiting(),
        (None, Some(c)) => c.waiting(),
        (None, None) => Vec::new(),
    }
}

/// Every consumer of every shipped scenario, its faults removed, sampled each second for 60 s
/// (past the workload's end too, where pulls are held with nothing to read): nobody is stuck, and
/// the page's once-per-frame list agrees with the per-consumer answer.
#[test]
fn a_healthy_run_has_no_consumer_stuck_waiting_in_any_system() {
    for p in presets::all() {
        let s = preset(p.id);
        let mut live = Run::new(&s, false);
        let mut waited = 0;
        for sec in 1..=60 {
            live.run_until(SimTime(sec * SEC)).unwrap_or_else(|e| panic!("{}: {e}", p.id));
            let w = &live.world;
            for id in w.topology().consumer_groups.iter().flatten().copied() {
                waited += waits(w, id).len();
                assert_eq!(w.stuck_waiting(id), None, "{} at {sec} s: {}", p.id, w.topology().name(id));
            }
            assert_eq!(w.stuck_waits(), vec![], "{} at {sec} s", p.id);
        }
        let system = &s.system;
        assert!(waited > 0 || matches!(system, mqlab::scenario::model::System::Rabbitmq(_)), "{}: no wait seen", p.id);
    }
}

/// Run on from `at` until consumer `c` has a request out, and return it.
fn first_wait_after(live: &mut Run, at: SimTime, c: NodeId) -> Waiting {
    live.run_until(at).expect("the run");
    while waits(&live.world, c).is_empty() {
        assert!(live.world.now() < at.plus_ms(60_000), "no request out within 60 s");
        assert!(live.step_event().expect("a step"));
    }
    live.pump();
    assert_eq!(live.world.stuck_waiting(c), None, "a healthy wait is not stuck");
    waits(&live.world, c)[0]
}

/// Cut `consumer` off from `server` both ways, let the network drop one message of the consumer's
/// waits between them (`kinds`), and heal the cut at once. Returns when it healed.
fn lose_one_wait_message(live: &mut Run, consumer: NodeId, server: NodeId, kinds: &[MsgKind]) -> SimTime {
    let name = |id: NodeId| live.world.topology().name(id).to_string();
    let (c, s) = (name(consumer), name(server));
    live.world.command(Command::Cut { from: c.clone(), to: s.clone(), one_way: false }).expect("the cut");
    let limit = live.world.now().plus_ms(60_000);
    loop {
        assert!(live.world.now() < limit, "nothing between {c} and {s} was dropped within 60 s");
        assert!(live.step_event().expect("a step"), "the run ended before a drop");
        let dropped = live.world.pending_trace().iter().any(|e| {
            let between = |from, to| [(consumer, server), (server, consumer)].contains(&(from, to));
            matches!(e.kind, TraceKind::NetDrop { from, to, kind, .. } if between(from, to) && kinds.contains(&kind))
        });
        live.pump();
        if dropped {
            break;
        }
    }
    live.world.command(Command::HealLink { from: c, to: s }).expect("the heal");
    live.world.now()
}

/// The consumer is named waiting on `server` right after the heal; once it has given up and asked
/// again (its next request gets through), it is not.
fn named_until_it_gives_up(live: &mut Run, consumer: NodeId, server: NodeId, after_give_up_ms: u64) {
    let w = live.world.stuck_waiting(consumer).expect("named waiting right after the heal");
    assert_eq!(w.on, server);
    // The page's once-per-frame list says the same.
    assert_eq!(live.world.stuck_waits(), vec![(consumer, w)]);
    let gives_up_at = w.gives_up_at.expect("the wait has a timeout");
    assert!(gives_up_at > live.world.now());
    // Still named until then, with nothing in the network to stop it.
    live.run_until(SimTime(gives_up_at.as_us() - 1)).expect("the run");
    assert_eq!(live.world.stuck_waiting(consumer).map(|w| w.on), Some(server), "still waiting out the lost request");
    live.run_until(gives_up_at.plus_ms(after_give_up_ms)).expect("the run");
    assert_eq!(live.world.stuck_waiting(consumer), None, "it gave up and asked again");
    assert_eq!(live.world.stuck_waits(), vec![]);
}

/// The first consumer of `name` (billing/c1) sends a pull, fetch or blocking pop after 5 s; the
/// network loses it or its answer, the cut heals at once: it is named from the heal until it gives
/// up, and `after_give_up_ms` later, asking again, it is not. Returns the server it waited on.
fn a_lost_pull_is_named_from_the_heal(name: &str, after_give_up_ms: u64) -> String {
    let mut live = Run::new(&preset(name), false);
    let c = node(&live.world, "billing/c1");
    let server = first_wait_after(&mut live, SimTime(5 * SEC), c).on;
    lose_one_wait_message(&mut live, c, server, &[MsgKind::Pull, MsgKind::PullResult]);
    named_until_it_gives_up(&mut live, c, server, after_give_up_ms);
    live.world.topology().name(server).to_string()
}

#[test]
fn a_rocketmq_pull_lost_to_a_cut_healed_at_once_is_named_at_once() {
    a_lost_pull_is_named_from_the_heal("standard", 5_000);
}

#[test]
fn a_kafka_fetch_lost_to_a_cut_healed_at_once_is_named_at_once() {
    a_lost_pull_is_named_from_the_heal("kafka-acks-all", 5_000);
}

#[test]
fn a_raft_pull_lost_to_a_cut_healed_at_once_is_named_at_once() {
    let server = a_lost_pull_is_named_from_the_heal("raft-leader-killed", 5_000);
    assert_eq!(server, "node1", "the pull went to the leader");
}

#[test]
fn a_redis_blocking_pop_lost_to_a_cut_healed_at_once_is_named_at_once() {
    a_lost_pull_is_named_from_the_heal("redis-queue-brpop-consumer-crash", 3_000);
}

/// RabbitMQ pushes deliveries, so a consumer's only wait is its connection attempt. AMQP leaves
/// its frames to TCP, so a cut holds the open rather than losing it: the consumer is named waiting
/// while the cut lasts, and the open goes through when it heals.
#[test]
fn a_rabbitmq_connection_attempt_held_by_a_cut_is_named_until_the_heal() {
    let mut live = Run::new(&preset("rabbitmq-broker-crash"), true);
    live.run_until(SimTime(50_000)).expect("the run: before the clients connect at 100 ms");
    let c = node(&live.world, "billing/c1");
    let server = live.world.topology().servers[0];
    let cut = Command::Cut { from: "billing/c1".into(), to: "rabbit".into(), one_way: false };
    live.world.command(cut).expect("the cut");
    live.run_until(SimTime(2 * SEC)).expect("the run");
    let held = live
        .take_kept_trace()
        .iter()
        .any(|e| matches!(e.kind, TraceKind::NetHeld { from, kind: MsgKind::Conn, .. } if from == c));
    assert!(held, "the open was held");
    let w = live.world.stuck_waiting(c).expect("named waiting while the cut holds its open");
    assert_eq!(w.on, server);
    live.world.command(Command::HealLink { from: "billing/c1".into(), to: "rabbit".into() }).expect("the heal");
    live.pump();
    assert_eq!(live.world.stuck_waiting(c), None, "the open is on the wire again");
    live.run_until(SimTime(3 * SEC)).expect("the run");
    assert!(waits(&live.world, c).is_empty(), "connected after the heal");
}
