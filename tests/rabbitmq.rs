//! RabbitMQ (one node, classic queues) as the lab models it, held to the behaviours of
//! ../shared/REFERENCE.md on the checker's report and on the trace: manual vs auto ack when a
//! consumer dies, transient vs persistent messages across a restart, publisher confirms, nacks
//! (requeue, dead-letter, drop), a lost basic.ack, heartbeats, the fsync window, a lost disk, and
//! the settings' validation. Every shipped `rabbitmq-*` scenario's claim is tested here.

mod common;

use common::{report, scenario};
use mqlab::scenario::model::{Scenario, System};
use mqlab::scenario::parse_scenario;
use mqlab::scenario::systems::RabbitSettings;
use mqlab::scenario::{validate_all, ErrorKind};
use mqlab::sim::audit::explain::Cause;
use mqlab::sim::audit::lifecycle::CopyLoss;
use mqlab::sim::audit::report::AnomalyKind;
use mqlab::sim::audit::FaultEvent;
use mqlab::sim::ids::{MsgKey, NodeId};
use mqlab::sim::run::{self, RunOutcome};
use mqlab::sim::systems::rabbitmq::event::{CloseReason, Event, LossReason, RepublishReason, RequeueReason};
use mqlab::sim::systems::SysEvent;
use mqlab::sim::time::SimTime;
use mqlab::sim::trace::{DropReason, TraceKind, TruncateReason};
use std::collections::BTreeSet;

fn run_kept(s: &Scenario) -> RunOutcome {
    run::run(s, &[], true).unwrap_or_else(|e| panic!("seed {}: {e}", s.seed))
}

fn shipped(name: &str) -> RunOutcome {
    run_kept(&scenario(name))
}

fn id(o: &RunOutcome, name: &str) -> NodeId {
    o.world.topology().find(name).unwrap_or_else(|| panic!("no node {name}"))
}

/// RabbitMQ's own events, with when they happened.
fn rabbit(o: &RunOutcome) -> impl Iterator<Item = (SimTime, &Event)> {
    o.trace.iter().filter_map(|e| match &e.kind {
        TraceKind::System { event: SysEvent::Rabbitmq(r) } => Some((e.at, r)),
        _ => None,
    })
}

fn settings(s: &mut Scenario) -> &mut RabbitSettings {
    match &mut s.system {
        System::Rabbitmq(r) => r,
        other => panic!("not a RabbitMQ scenario: {other:?}"),
    }
}

/// A small RabbitMQ run: one producer of 200 messages at 50/s, group billing of two members.
/// `system`, `group` and `faults` are JSON fragments.
fn small(system: &str, group: &str, faults: &str) -> Scenario {
    small_for(10_000, system, group, faults)
}

/// `small`, running `duration_ms`.
fn small_for(duration_ms: u64, system: &str, group: &str, faults: &str) -> Scenario {
    let json = format!(
        r#"{{"version": 1, "seed": 7, "duration_ms": {duration_ms}, "max_drain_ms": 120000,
            "system": {{"kind": "rabbitmq", "confirms": true {system}}},
            "producers": [{{"name": "p1", "workload": {{"messages": 200, "rate_per_s": 50, "start_ms": 1000}}}}],
            "consumer_groups": [{{"name": "billing", "members": 2, "processing_ms": 20 {group}}}],
            "faults": [{faults}]}}"#
    );
    parse_scenario(&json).unwrap_or_else(|e| panic!("{e}\n{json}"))
}

fn effects_by(o: &RunOutcome, consumer: NodeId) -> BTreeSet<MsgKey> {
    o.trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::EffectApplied { consumer: c, msg, .. } if c == consumer => Some(msg.key),
            _ => None,
        })
        .collect()
}

#[test]
fn manual_ack_consumer_crash_requeues_its_unacked_messages_as_redelivered_and_loses_nothing() {
    let o = shipped("rabbitmq-manual-ack-consumer-crash");
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!((c.lost, c.unconfirmed_unprocessed), (0, 0), "{c:?}");
    assert_eq!(c.processed, c.produced);
    assert_eq!(c.acked, c.produced, "the shipped scenario turns confirms on");
    let (c1, c2) = (id(&o, "billing/c1"), id(&o, "billing/c2"));
    let crash = SimTime::from_ms(10_000);
    // The node closed c1's connection and put back exactly the deliveries it had not acked.
    let closed: Vec<(SimTime, u32)> = rabbit(&o)
        .filter_map(|(t, e)| match e {
            Event::ConnectionClosed { client, reason: CloseReason::ClosedAbruptly, requeued, .. } if *client == c1 => {
                Some((t, *requeued))
            }
            _ => None,
        })
        .collect();
    assert_eq!(closed.len(), 1, "{closed:?}");
    let requeued: Vec<MsgKey> = rabbit(&o)
        .filter_map(|(_, e)| match e {
            Event::Requeued { msg, reason: RequeueReason::ChannelClosed, .. } => Some(msg.key),
            _ => None,
        })
        .collect();
    assert_eq!(requeued.len() as u32, closed[0].1);
    assert!(requeued.len() >= 32, "c1 held a prefetch's worth: {}", requeued.len());
    assert!(closed[0].0 > crash && closed[0].0 < crash.plus_ms(10));
    // c2 got each of them marked redelivered=true, and processed it.
    let got: BTreeSet<MsgKey> = rabbit(&o)
        .filter_map(|(_, e)| match e {
            Event::GotRedelivered { consumer, msg } if *consumer == c2 => Some(msg.key),
            _ => None,
        })
        .collect();
    let by_c2 = effects_by(&o, c2);
    for key in &requeued {
        assert!(got.contains(key), "{key:?} was not redelivered to c2");
        assert!(by_c2.contains(key), "{key:?} was not processed by c2");
    }
    assert_eq!(c.redelivered, requeued.len() as u64);
}

#[test]
fn auto_ack_consumer_crash_loses_what_it_held() {
    let (o, r) = report("rabbitmq-auto-ack-consumer-crash");
    assert!(r.drained);
    let c1 = id(&o, "billing/c1");
    let lost = &r.counts.lost;
    // Auto ack ignores the prefetch: c1 had been pushed half the backlog.
    assert!(*lost > 64, "{:?}", r.counts);
    assert_eq!(r.counts.acked, r.counts.produced);
    assert_eq!(r.counts.redelivered, 0, "nothing is requeued: the node had forgotten every message it sent");
    let anomalies: Vec<_> = o.summary.anomalies.iter().filter(|a| a.kind == AnomalyKind::Lost).collect();
    assert_eq!(anomalies.len() as u64, *lost);
    for a in anomalies {
        assert!(a.causes.iter().any(|c| matches!(c, Cause::DeliveredWithAutoAck { consumer, .. } if *consumer == c1)));
        assert!(a.causes.iter().any(|c| matches!(c, Cause::ConsumerCrashed { consumer, .. } if *consumer == c1)));
    }
    assert!(r.anomalies[0].text.contains("with no ack to wait for (auto ack"), "{}", r.anomalies[0].text);
}

#[test]
fn transient_messages_are_lost_when_the_node_restarts() {
    let o = shipped("rabbitmq-transient-restart");
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!(c.acked, c.produced, "transient messages are confirmed once enqueued");
    assert!(c.lost > 100, "{c:?}");
    let gone: BTreeSet<MsgKey> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::CopyLost { msg, reason: TruncateReason::NotPersistent, .. } => Some(msg.key),
            TraceKind::CopyLost { reason, .. } => panic!("only transient copies are lost, not {reason:?}"),
            _ => None,
        })
        .collect();
    for a in o.summary.anomalies.iter().filter(|a| a.kind == AnomalyKind::Lost) {
        assert!(gone.contains(&a.key), "{:?} lost without its copy lost", a.key);
        // The crash command is named, not also the crash it caused at the same moment.
        let crash_events =
            a.causes.iter().filter(|c| matches!(c, Cause::Fault { event: FaultEvent::Crashed { .. }, .. }));
        assert_eq!(crash_events.count(), 0, "{:?}", a.causes);
    }
    assert_eq!(rabbit(&o).filter(|(_, e)| matches!(e, Event::Recovered { .. })).count(), 0, "nothing on disk");
}

#[test]
fn a_non_durable_queue_loses_even_persistent_messages_when_the_node_restarts() {
    let mut s = scenario("rabbitmq-durable-confirmed-restart");
    settings(&mut s).durable = false;
    let o = run_kept(&s);
    let c = &o.summary.counts;
    assert_eq!(c.acked, c.produced, "confirmed once enqueued: there is no disk to wait for");
    assert!(c.lost > 100, "{c:?}");
    let reasons: BTreeSet<String> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::CopyLost { reason, .. } => Some(format!("{reason:?}")),
            _ => None,
        })
        .collect();
    assert_eq!(reasons.into_iter().collect::<Vec<_>>(), ["NotPersistent"]);
    assert!(!rabbit(&o).any(|(_, e)| matches!(e, Event::Fsynced { .. } | Event::Recovered { .. })));
}

#[test]
fn durable_persistent_confirmed_messages_survive_a_restart() {
    let o = shipped("rabbitmq-durable-confirmed-restart");
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!(c.acked, c.produced);
    assert_eq!(c.lost, 0, "{:?}", o.summary.anomalies.first());
    assert_eq!(c.processed, c.produced);
    let recovered = rabbit(&o).find_map(|(t, e)| match e {
        Event::Recovered { messages, .. } => Some((t, *messages)),
        _ => None,
    });
    assert!(recovered.is_some_and(|(t, n)| t == SimTime::from_ms(15_000) && n > 0), "{recovered:?}");
    // What the crash destroyed had been written but not fsynced, so never confirmed; the publisher
    // published each again after reconnecting.
    let unflushed: Vec<MsgKey> = o
        .trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::CopyLost { msg, reason, .. } => {
                assert_eq!(reason, TruncateReason::Unflushed);
                Some(msg.key)
            }
            _ => None,
        })
        .collect();
    let republished: BTreeSet<MsgKey> = rabbit(&o)
        .filter_map(|(_, e)| match e {
            Event::Republished { msg, reason: RepublishReason::ConnectionLost, .. } => Some(msg.key),
            _ => None,
        })
        .collect();
    for key in &unflushed {
        let acked_first =
            o.trace.iter().position(|e| matches!(e.kind, TraceKind::SendResult { msg, .. } if msg.key == *key));
        let lost_at = o.trace.iter().position(|e| matches!(e.kind, TraceKind::CopyLost { msg, .. } if msg.key == *key));
        assert!(acked_first > lost_at, "{key:?} was confirmed before its copy was lost");
        assert!(republished.contains(key), "{key:?} was not republished");
    }
}

#[test]
fn dedup_catches_the_redeliveries_of_a_restart() {
    use mqlab::scenario::model::{Dedup, DedupKeyKind};
    let key = DedupKeyKind::BusinessKey;
    for dedup in [Dedup::DbUniqueKey { key }, Dedup::RedisSetnx { key, ttl_ms: 60_000 }] {
        let mut s = scenario("rabbitmq-durable-confirmed-restart");
        s.consumer_groups[0].dedup = dedup;
        let o = run::run(&s, &[], false).unwrap_or_else(|e| panic!("{dedup:?}: {e}"));
        let c = &o.summary.counts;
        assert!(o.summary.drained, "{dedup:?}");
        assert_eq!((c.lost, c.duplicate_effects), (0, 0), "{dedup:?}: {c:?}");
        assert!(c.dedup_caught > 0, "{dedup:?}: {c:?}");
        assert_eq!(c.processed, c.produced);
    }
}

#[test]
fn without_confirms_a_broker_crash_loses_messages_silently() {
    let o = shipped("rabbitmq-broker-crash");
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!(c.acked, 0, "confirms are off by default: nothing is ever acked");
    assert_eq!(c.lost, 0, "nothing was promised");
    assert!(c.unconfirmed_unprocessed > 0, "{c:?}");
    assert_eq!(c.processed + c.unconfirmed_unprocessed, c.produced);
    assert!(c.send_failed == 0, "the publisher never knew");
    // The messages that vanished were unsynced on the node or in flight to it when it died.
    let rabbit_id = id(&o, "rabbit");
    for m in o.auditor.messages().filter(|m| m.groups.iter().all(|g| g.effects.is_empty())) {
        let unsynced = m.copies.iter().any(|c| matches!(c.lost, Some((_, CopyLoss::Unflushed))));
        let in_flight = m.copies.is_empty()
            && o.trace.iter().any(|e| matches!(e.kind, TraceKind::NetDrop { to, msg: Some(id), .. } if to == rabbit_id && id.key == m.key));
        assert!(unsynced || in_flight, "{:?}", m.key);
    }
    // Each of them is in the anomaly list, so a learner can click it and see why it went.
    let gone: Vec<_> = o.summary.anomalies.iter().filter(|a| a.kind == AnomalyKind::Unconfirmed).collect();
    assert_eq!(gone.len() as u64, c.unconfirmed_unprocessed);
    for a in gone {
        assert!(matches!(a.causes[0], Cause::NeverConfirmed { .. }), "{:?}", a.causes);
        let crashed = |c: &Cause| matches!(c, Cause::CopyDestroyed { node, .. } if *node == rabbit_id);
        assert!(
            a.causes.iter().any(crashed) || a.causes.iter().any(|c| matches!(c, Cause::NeverStored { .. })),
            "{:?}",
            a.causes
        );
    }
}

#[test]
fn a_failed_message_is_nacked_back_to_the_queue_and_redelivered() {
    let mut s = small("", r#", "failure_ppm": 200000"#, "");
    s.seed = 3;
    let o = run_kept(&s);
    let c = &o.summary.counts;
    assert!(o.summary.drained, "seed {}", s.seed);
    assert_eq!((c.lost, c.in_dlq), (0, 0), "seed {}: {c:?}", s.seed);
    assert_eq!(c.processed, c.produced);
    let nacks = rabbit(&o).filter(|(_, e)| matches!(e, Event::Nacked { requeue: true, .. })).count();
    let requeues =
        rabbit(&o).filter(|(_, e)| matches!(e, Event::Requeued { reason: RequeueReason::Nacked, .. })).count();
    let failures = o.trace.iter().filter(|e| matches!(e.kind, TraceKind::ConsumeFailed { .. })).count();
    assert!(nacks > 10, "seed {}: {nacks}", s.seed);
    assert_eq!((nacks, requeues), (failures, failures));
    assert_eq!(c.redelivered as usize, nacks);
}

#[test]
fn poison_messages_go_to_the_dead_letter_queue() {
    let (o, r) = report("rabbitmq-poison-dead-letter");
    let c = &r.counts;
    assert!(r.drained);
    assert_eq!(c.in_dlq, 40, "every 100th of 4000: {c:?}");
    assert_eq!(c.lost, 0);
    assert_eq!(c.processed + c.in_dlq, c.produced);
    assert_eq!(c.redelivered, 0, "requeue=false: one delivery each");
    let dead: Vec<_> = o.summary.anomalies.iter().filter(|a| a.kind == AnomalyKind::DeadLettered).collect();
    assert!(dead.iter().all(|a| (a.key.seq + 1) % 100 == 0));
    // The page draws the dead-letter queue after the queue.
    let rabbit_id = id(&o, "rabbit");
    let view = o.world.system_node(rabbit_id).and_then(|n| n.view()).unwrap_or_default();
    let labels: Vec<&str> = view.strips.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["orders", "orders.dlq"]);
    assert_eq!(view.strips[1].end, 40);
    let first = o.world.system_node(rabbit_id).and_then(|n| n.msg_at(1, 0));
    assert_eq!(first.map(|m| m.key.seq), Some(99));
}

#[test]
fn without_a_dead_letter_exchange_a_rejected_message_is_dropped_and_lost() {
    let mut s = scenario("rabbitmq-poison-dead-letter");
    settings(&mut s).dead_letter = false;
    let o = run_kept(&s);
    let c = &o.summary.counts;
    assert_eq!((c.lost, c.in_dlq), (40, 0), "{c:?}");
    let discarded = rabbit(&o).filter(|(_, e)| matches!(e, Event::Discarded { .. })).count();
    assert_eq!(discarded, 40);
}

#[test]
fn a_poison_message_requeued_on_every_nack_loops_forever() {
    let mut s = small(r#", "requeue_on_nack": true"#, r#", "poison_every": 50"#, "");
    s.max_drain_ms = 20_000;
    let o = run_kept(&s);
    assert!(!o.summary.drained, "classic queues have no delivery limit");
    let poison = MsgKey { producer: 0, seq: 49 };
    let deliveries = o.auditor.message(poison).map_or(0, |m| m.groups[0].deliveries.len());
    // 20 ms per attempt, two consumers taking turns, for the run's ~25 s after it was made.
    assert!(deliveries > 500, "{deliveries}");
    assert_eq!(o.summary.counts.processed, 196);
}

#[test]
fn a_lost_basic_ack_breaks_the_connection_and_the_message_is_redelivered() {
    // TCP cannot lose one frame and go on: the dropped ack breaks c1's connection. The node
    // requeues c1's unacked messages, the one already processed among them, and c2 processes it
    // again: the duplicate consumption a lost ack causes.
    let drop =
        r#"{"at_ms": 3000, "action": "drop_next", "from": "billing/c1", "to": "rabbit", "kind": "consumer_ack"}"#;
    let o = run_kept(&small("", "", drop));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!(c.lost, 0, "{c:?}");
    assert!(c.redelivered > 0 && c.duplicate_effects >= 1, "{c:?}");
    let c1 = id(&o, "billing/c1");
    let closed = rabbit(&o).find_map(|(t, e)| match e {
        Event::ConnectionClosed { client, reason: CloseReason::NetworkReset, requeued, .. } if *client == c1 => {
            Some((t, *requeued))
        }
        _ => None,
    });
    assert!(closed.is_some_and(|(t, n)| t < SimTime::from_ms(3_100) && n >= 1), "{closed:?}");
    for a in o.summary.anomalies.iter().filter(|a| a.kind == AnomalyKind::DuplicateEffect) {
        assert!(a.causes.iter().any(|c| matches!(c, Cause::AckDropped { .. })), "{:?}", a.causes);
    }
}

#[test]
fn a_delivery_unacked_past_consumer_timeout_closes_the_channel_and_is_redelivered() {
    // c1 hangs (paused) holding deliveries. RabbitMQ's consumer_timeout (30 min) is longer than
    // the run; with 15 s the node closes c1's channel and requeues them for c2.
    let pause = r#"{"at_ms": 3000, "action": "pause", "node": "billing/c1"}"#;
    let mut s = small(r#", "consumer_timeout_ms": 15000, "heartbeat_ms": 0"#, "", pause);
    s.max_drain_ms = 60_000;
    let o = run_kept(&s);
    let c = &o.summary.counts;
    assert_eq!(c.lost, 0, "{c:?}");
    let c1 = id(&o, "billing/c1");
    let closed = rabbit(&o).find_map(|(t, e)| match e {
        Event::ConnectionClosed { client, reason: CloseReason::AckTimeout, requeued, .. } if *client == c1 => {
            Some((t, *requeued))
        }
        _ => None,
    });
    assert!(
        closed.is_some_and(|(t, n)| t >= SimTime::from_ms(17_000) && t < SimTime::from_ms(19_000) && n >= 1),
        "{closed:?}"
    );
    // c2 processed what c1 was holding.
    assert_eq!(c.processed, c.produced, "{c:?}");
}

#[test]
fn a_paused_consumer_is_dropped_after_missed_heartbeats_and_its_messages_redelivered() {
    let s = small("", "", r#"{"at_ms": 2000, "action": "pause", "node": "billing/c1"}"#);
    let o = run_kept(&s);
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!(c.lost, 0, "{c:?}");
    assert_eq!(c.processed, c.produced);
    let c1 = id(&o, "billing/c1");
    let closed = rabbit(&o).find_map(|(t, e)| match e {
        Event::ConnectionClosed { client, reason: CloseReason::MissedHeartbeats, requeued, .. } if *client == c1 => {
            Some((t, *requeued))
        }
        _ => None,
    });
    // Silent from 2 s; the node checks every 30 s and gives up after 60 s of silence.
    assert!(closed.is_some_and(|(t, n)| t == SimTime::from_ms(90_000) && n > 0), "{closed:?}");
}

#[test]
fn a_partitioned_node_is_given_up_after_missed_heartbeats_and_rejoined_after_the_heal() {
    let faults = r#"{"at_ms": 3000, "action": "isolate", "node": "rabbit"}, {"at_ms": 100000, "action": "heal_node", "node": "rabbit"}"#;
    let o = run_kept(&small_for(120_000, "", "", faults));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    assert_eq!(c.lost, 0, "{c:?}");
    // What is sent into the partition waits in TCP, so nothing says it is gone; the heartbeats
    // do: nothing heard since 3 s, both ends give up on their rounds at 90 s, the first after 60 s
    // of silence. After the heal, the frames of the dead connections are ignored.
    let missed = |e: &Event| {
        matches!(e, Event::ConnectionClosed { reason: CloseReason::MissedHeartbeats, .. })
            || matches!(
                e,
                Event::Disconnected { reason: mqlab::sim::systems::rabbitmq::event::LossReason::MissedHeartbeats, .. }
            )
    };
    let times: BTreeSet<SimTime> = rabbit(&o).filter(|(_, e)| missed(e)).map(|(t, _)| t).collect();
    assert!(!times.is_empty() && times.iter().all(|t| t.as_ms() >= 63_000 && t.as_ms() <= 90_200), "{times:?}");
    // The publisher's confirms timed out meanwhile; it republished, then gave up on some.
    assert!(rabbit(&o).any(|(_, e)| matches!(e, Event::Republished { reason: RepublishReason::ConfirmTimeout, .. })));
    // Those it gave up on were sends that failed, counted once as such.
    assert!(common::assert_unprocessed_counted_once(&o) > 0, "{c:?}");
}

/// `s` with consumers that take 200 ms a message, so that they ack all through a short cut.
fn slow_consumers(mut s: Scenario) -> Scenario {
    s.consumer_groups[0].processing_ms = 200;
    s
}

/// The frames a consumer sends into a cut (its basic.acks) and the node's deliveries to it.
fn held_between(o: &RunOutcome, a: NodeId, b: NodeId) -> Vec<(SimTime, NodeId, mqlab::sim::wire::MsgKind)> {
    o.trace
        .iter()
        .filter_map(|e| match e.kind {
            TraceKind::NetHeld { from, to, kind, .. } if [(a, b), (b, a)].contains(&(from, to)) => {
                Some((e.at, from, kind))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_short_cut_between_a_consumer_and_the_node_delays_its_acks_and_loses_nothing() {
    // AMQP leaves acks and deliveries to TCP: a cut shorter than the heartbeat timeout holds
    // them, and they go when it heals. Nothing is redelivered and the queue drains.
    let faults = r#"{"at_ms": 3000, "action": "cut", "from": "billing/c1", "to": "rabbit", "one_way": false},
                    {"at_ms": 4000, "action": "heal_link", "from": "billing/c1", "to": "rabbit"}"#;
    let s = slow_consumers(small("", "", faults));
    // Mid-cut, the world tells the page what the link holds.
    let mut mid = run::Run::new(&s, false);
    mid.run_until(SimTime::from_ms(3_900)).expect("the run");
    let (c1, node) = (mid.world.topology().find("billing/c1"), mid.world.topology().find("rabbit"));
    let pair = (node.expect("rabbit"), c1.expect("c1"));
    let held = mid.world.held_frames();
    assert!(held.len() == 1 && held[0].0 == pair && held[0].1 > 0, "{held:?}");
    let o = run_kept(&s);
    assert!(o.world.held_frames().is_empty());
    let c = &o.summary.counts;
    assert!(o.summary.drained, "{:?}", o.world.drain_blockers(5));
    assert_eq!((c.lost, c.redelivered, c.duplicate_deliveries), (0, 0, 0), "{c:?}");
    let (c1, node) = (id(&o, "billing/c1"), id(&o, "rabbit"));
    let held = held_between(&o, c1, node);
    let acks = held.iter().filter(|h| h.1 == c1 && h.2 == mqlab::sim::wire::MsgKind::ConsumerAck).count();
    assert!(acks > 0, "{held:?}");
    // Each held frame is sent at the heal, in the order it was held.
    let resent: Vec<SimTime> = o
        .trace
        .iter()
        .filter(|e| e.at == SimTime::from_ms(4_000))
        .filter(
            |e| matches!(e.kind, TraceKind::NetSend { from, to, .. } if [(c1, node), (node, c1)].contains(&(from, to))),
        )
        .map(|e| e.at)
        .collect();
    assert_eq!(resent.len(), held.len());
    assert!(!rabbit(&o).any(|(_, e)| matches!(e, Event::ConnectionClosed { .. } | Event::Disconnected { .. })));
}

#[test]
fn acks_held_by_a_cut_die_with_their_consumer_and_its_messages_are_redelivered() {
    let faults = r#"{"at_ms": 3000, "action": "cut", "from": "billing/c1", "to": "rabbit", "one_way": false},
                    {"at_ms": 3500, "action": "crash", "node": "billing/c1"},
                    {"at_ms": 4000, "action": "heal_link", "from": "billing/c1", "to": "rabbit"},
                    {"at_ms": 5000, "action": "restart", "node": "billing/c1"}"#;
    let o = run_kept(&slow_consumers(small("", "", faults)));
    let c = &o.summary.counts;
    assert!(o.summary.drained, "{:?}", o.world.drain_blockers(5));
    assert_eq!(c.lost, 0, "{c:?}");
    let c1 = id(&o, "billing/c1");
    let gone = o
        .trace
        .iter()
        .filter(|e| matches!(e.kind, TraceKind::NetDrop { from, reason: DropReason::SenderDown, .. } if from == c1))
        .count();
    assert!(gone > 0);
    // The processed messages whose acks died are redelivered to c2: duplicates, as after any
    // consumer crash between processing and the ack reaching the node.
    assert!(c.redelivered > 0 && c.duplicate_effects > 0, "{c:?}");
}

#[test]
fn a_lost_confirm_breaks_the_connection_and_the_publisher_republishes_and_duplicates() {
    // TCP cannot lose one frame and go on: the dropped confirm breaks the publisher's connection,
    // and on reconnecting it publishes again what was never confirmed, including the message the
    // node had stored.
    let drop = r#"{"at_ms": 2000, "action": "drop_next", "from": "rabbit", "to": "p1", "kind": "send_result"}"#;
    let o = run_kept(&small("", "", drop));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    let p1 = id(&o, "p1");
    let reset = rabbit(&o).find_map(|(t, e)| match e {
        Event::Disconnected { client, reason: LossReason::NetworkReset } if *client == p1 => Some(t),
        _ => None,
    });
    assert!(reset.is_some_and(|t| t > SimTime::from_ms(2_000) && t < SimTime::from_ms(2_100)), "{reset:?}");
    let republished = rabbit(&o)
        .filter(|(_, e)| matches!(e, Event::Republished { reason: RepublishReason::ConnectionLost, .. }))
        .count();
    assert!(republished > 0 && c.duplicate_effects > 0 && c.duplicate_effects <= republished as u64, "{c:?}");
    assert_eq!((c.acked, c.lost), (c.produced, 0));
}

#[test]
fn a_late_confirm_makes_the_publisher_republish_and_duplicate() {
    // Confirms held up past confirm_timeout_ms: the publisher publishes again, and the late
    // confirms still come. Every republished message is stored and processed twice.
    let delay = r#"{"at_ms": 2000, "action": "delay_next", "from": "rabbit", "to": "p1", "kind": "send_result", "delay_ms": 6000}"#;
    let o = run_kept(&small("", "", delay));
    let c = &o.summary.counts;
    assert!(o.summary.drained);
    let republished: Vec<(SimTime, MsgKey)> = rabbit(&o)
        .filter_map(|(t, e)| match e {
            Event::Republished { msg, reason: RepublishReason::ConfirmTimeout, .. } => Some((t, msg.key)),
            _ => None,
        })
        .collect();
    assert!(!republished.is_empty());
    // Each exactly confirm_timeout_ms after its first publish.
    for (t, key) in &republished {
        let first = o.trace.iter().find(|e| matches!(e.kind, TraceKind::SendAttempt { msg, .. } if msg.key == *key));
        assert_eq!(first.map(|e| e.at.plus_ms(5_000)), Some(*t), "{key:?}");
    }
    assert_eq!(c.duplicate_effects, republished.len() as u64, "{c:?}");
    assert_eq!(c.acked, c.produced);
}

#[test]
fn a_lost_disk_loses_every_message_on_it() {
    let faults = r#"{"at_ms": 3000, "action": "lose_disk", "node": "rabbit"}"#;
    let o = run_kept(&small(r#", "prefetch": 4"#, r#", "processing_ms": 100"#, faults));
    let c = &o.summary.counts;
    assert!(c.lost > 20, "{c:?}");
    let on_disk = o
        .trace
        .iter()
        .filter(|e| matches!(e.kind, TraceKind::CopyLost { reason: TruncateReason::DiskLost, .. }))
        .count();
    assert!(on_disk > 20);
    let destroyed = |a: &&mqlab::sim::audit::report::Anomaly| {
        a.causes.iter().any(|c| matches!(c, Cause::CopyDestroyed { how: CopyLoss::DiskLost, .. }))
    };
    assert!(o.summary.anomalies.iter().filter(destroyed).count() > 10);
}

/// Over several seeds and crash times: with durable queues, persistent messages and confirms,
/// a confirmed message is never lost when the node crashes and restarts.
#[test]
fn confirmed_persistent_messages_are_never_lost_across_restarts() {
    for seed in 1..=6u64 {
        let crash = 2_000 + seed * 737;
        let faults = format!(
            r#"{{"at_ms": {crash}, "action": "crash", "node": "rabbit"}}, {{"at_ms": {}, "action": "restart", "node": "rabbit"}}"#,
            crash + 1_000 + seed * 300
        );
        let mut s = small("", "", &faults);
        s.seed = seed;
        let o = run::run(&s, &[], false).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let c = &o.summary.counts;
        assert!(o.summary.drained, "seed {seed}");
        assert_eq!(c.lost, 0, "seed {seed}: {:?}", o.summary.anomalies.first());
        assert_eq!(c.processed, c.produced, "seed {seed}");
    }
}

#[test]
fn the_node_is_the_first_server_and_draws_its_queue() {
    let o = shipped("rabbitmq-manual-ack-consumer-crash");
    let t = o.world.topology();
    assert_eq!(t.servers.first().map(|&s| t.name(s)), Some("rabbit"));
    let view = o.world.system_node(t.servers[0]).and_then(|n| n.view()).unwrap_or_default();
    assert_eq!(view.strips.len(), 1);
    let q = &view.strips[0];
    assert_eq!((q.label.as_str(), q.start, q.end, q.flushed), ("orders", 4000, 4000, Some(4000)));
    assert!(view.badges.iter().any(|b| b.en == "0 ready · 0 unacked" && b.zh == "待投递 0 · 未确认 0"));
}

#[test]
fn mid_run_the_view_shows_the_backlog_the_prefetch_and_the_fsync_window() {
    let s = scenario("rabbitmq-manual-ack-consumer-crash");
    let mut r = run::Run::new(&s, false);
    // 5.0015 s: the publish made at 5.000 s has arrived (0.5–0.7 ms later).
    r.run_until(SimTime::from_ms(5_000).plus_us(1_500)).unwrap_or_else(|e| panic!("{e}"));
    let rabbit_id = r.world.topology().servers[0];
    let view = r.world.system_node(rabbit_id).and_then(|n| n.view()).unwrap_or_default();
    let q = &view.strips[0];
    assert_eq!(q.end, 801, "one message every 5 ms from 1 s");
    assert!(q.start > 300 && q.start < q.end, "{q:?}");
    assert!(q.flushed.is_some_and(|f| f > q.start && f <= q.end), "{q:?}");
    let unacked = view.badges.iter().find(|b| b.en.ends_with("128 unacked"));
    assert!(unacked.is_some(), "two consumers, 64 each: {:?}", view.badges);
    let at_start = r.world.system_node(rabbit_id).and_then(|n| n.msg_at(0, q.start));
    assert_eq!(at_start.map(|m| u64::from(m.key.seq)), Some(q.start));
}

#[test]
fn settings_have_rabbitmqs_defaults() {
    let r = RabbitSettings::default();
    assert!(r.durable && r.persistent && !r.confirms && r.requeue_on_nack && !r.dead_letter);
    assert_eq!((r.fsync_interval_ms, r.prefetch, r.confirm_timeout_ms), (25, 250, 5_000));
    assert_eq!((r.heartbeat_ms, r.consumer_timeout_ms, r.recovery_interval_ms), (60_000, 1_800_000, 5_000));
    let s = parse_scenario(r#"{"version": 1, "duration_ms": 1000, "system": {"kind": "rabbitmq"}}"#);
    assert!(s.is_ok_and(|s| s.system == System::Rabbitmq(RabbitSettings::default())));
}

#[test]
fn settings_without_meaning_in_rabbitmq_are_refused_by_field() {
    let errors = |json: &str| -> Vec<(String, ErrorKind)> {
        let s: Scenario = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        validate_all(&s).into_iter().map(|e| (e.path, e.kind)).collect()
    };
    let not_in = ErrorKind::NotInSystem { system: "rabbitmq" };
    let e = errors(
        r#"{"version": 1, "duration_ms": 1000, "system": {"kind": "rabbitmq", "fsync_interval_ms": 0, "heartbeat_ms": 1},
            "producers": [{"name": "rabbit", "reliable": {}}],
            "consumer_groups": [{"name": "a", "pull_threshold": 64, "max_reconsume_times": 3}, {"name": "b"}]}"#,
    );
    let paths: Vec<&str> = e.iter().map(|(p, _)| p.as_str()).collect();
    for p in [
        "system.fsync_interval_ms",
        "system.heartbeat_ms",
        "producers[0].name",
        "producers[0].reliable",
        "consumer_groups[0].pull_threshold",
        "consumer_groups[0].max_reconsume_times",
        "consumer_groups[1].topic",
    ] {
        assert!(paths.contains(&p), "{p} not refused: {e:?}");
    }
    assert!(e.iter().any(|(p, k)| p == "consumer_groups[1].topic" && *k == not_in));
    // Heartbeats can be switched off; the shipped scenarios are valid.
    assert!(
        errors(r#"{"version": 1, "duration_ms": 1000, "system": {"kind": "rabbitmq", "heartbeat_ms": 0}}"#).is_empty()
    );
    for name in common::shipped().into_iter().filter(|n| n.starts_with("rabbitmq-")) {
        assert!(validate_all(&scenario(&name)).is_empty(), "{name}");
    }
}

#[test]
fn runs_are_deterministic() {
    for name in common::shipped().into_iter().filter(|n| n.starts_with("rabbitmq-")) {
        let s = scenario(&name);
        let a = run::run(&s, &[], false).map(|o| o.trace_hash);
        let b = run::run(&s, &[], false).map(|o| o.trace_hash);
        assert_eq!(a, b, "{name} seed {}", s.seed);
    }
}

#[test]
fn every_event_reads_in_both_languages() {
    use mqlab::i18n::Lang;
    use mqlab::sim::ids::MsgId;
    use mqlab::sim::systems::rabbitmq::event::LossReason;
    let o = shipped("rabbitmq-poison-dead-letter");
    let t = o.world.topology();
    let (node, client) = (id(&o, "rabbit"), id(&o, "billing/c1"));
    let msg = MsgId { key: MsgKey { producer: 0, seq: 3 }, gen: 1 };
    let events = [
        Event::ConnectionOpened { node, client },
        Event::ConnectionClosed { node, client, reason: CloseReason::AckTimeout, requeued: 2 },
        Event::Disconnected { client, reason: LossReason::MissedHeartbeats },
        Event::Fsynced { node, written: 3, removed: 1 },
        Event::Recovered { node, messages: 9 },
        Event::Acked { node, msg, consumer: client },
        Event::Nacked { node, msg, consumer: client, requeue: false },
        Event::Requeued { node, msg, reason: RequeueReason::ChannelClosed },
        Event::Discarded { node, msg },
        Event::GotRedelivered { consumer: client, msg },
        Event::AckLost { consumer: client, msg },
        Event::Republished { producer: id(&o, "p1"), msg, reason: RepublishReason::ConnectionLost },
    ];
    for e in &events {
        let (en, zh) = (e.describe(t, Lang::En), e.describe(t, Lang::Zh));
        assert!(en.is_ascii() && !en.is_empty(), "{en}");
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
        if e.message().is_some() {
            assert!(en.contains("p1-3~1") && zh.contains("p1-3~1"), "{en} / {zh}");
        }
    }
}

#[test]
fn a_duplicate_after_a_node_restart_is_explained_by_the_crash_once() {
    let o = shipped("rabbitmq-broker-crash");
    let rabbit_id = id(&o, "rabbit");
    let duplicates: Vec<_> = o.summary.anomalies.iter().filter(|a| a.kind == AnomalyKind::DuplicateEffect).collect();
    assert!(!duplicates.is_empty(), "acks not yet on disk at the crash bring messages back");
    for d in duplicates {
        // Whether its ack reached the node before the crash (and was not yet written) or arrived
        // while it was down, the node had it again after the restart: that is the cause named.
        assert!(
            d.causes.iter().any(|c| matches!(c, Cause::BackAfterRestart { node, .. } if *node == rabbit_id)),
            "{:?}",
            d.causes
        );
        let crashes =
            d.causes.iter().filter(|c| matches!(c, Cause::Fault { .. } | Cause::BackAfterRestart { .. })).count();
        assert_eq!(crashes, 1, "the crash once: {:?}", d.causes);
    }
}
