//! Compare mode: each row equals a headless run of the same variant scenario, the predefined
//! comparisons teach their lesson, and unavailable time means what its documentation says.

use mqlab::lab::compare::variants::of_scenario;
use mqlab::lab::compare::{predefined, throughput_milli, Comparison, Row, Unavailability};
use mqlab::scenario::validate::validate;
use mqlab::sim::ids::{MsgId, MsgKey, NodeId};
use mqlab::sim::run::run;
use mqlab::sim::time::SimTime;
use mqlab::sim::trace::{SendFailure, TraceEvent, TraceKind};
use mqlab::sim::wire::SendStatus;

/// Run a comparison in small slices, as the page does, checking every row against a headless run.
fn rows(c: &Comparison) -> Vec<Row> {
    let mut cmp = c.start();
    let mut slices = 0;
    while !cmp.step(7_919).expect("run") {
        slices += 1;
        assert!(slices < 1_000_000, "the comparison never ends");
    }
    assert_eq!(cmp.progress_permille(), 1_000);
    let rows: Vec<Row> = cmp.rows().into_iter().map(|r| r.expect("finished").clone()).collect();
    for (i, row) in rows.iter().enumerate() {
        let s = c.scenario(i).expect("variant");
        assert!(validate(&s).is_ok(), "variant {i} is a valid scenario");
        assert_eq!((s.seed, &s.producers.len()), (c.base.seed, &c.base.producers.len()));
        // The same fault schedule; on another system a server fault names that system's server.
        let when = |f: &[mqlab::scenario::model::ScheduledFault]| f.iter().map(|f| f.at_ms).collect::<Vec<_>>();
        assert_eq!(when(&s.faults), when(&c.base.faults), "variant {i} keeps the fault schedule");
        let out = run(&s, &[], true).expect("headless run");
        let mut unavailable = Unavailability::default();
        out.trace.iter().for_each(|e| unavailable.observe(e));
        let c = &out.summary.counts;
        let headless = Row {
            lost: c.lost,
            duplicate_effects: c.duplicate_effects,
            duplicate_deliveries: c.duplicate_deliveries,
            latency_p99_us: out.summary.latency.p99_us,
            throughput_milli: throughput_milli(c.processed, s.duration_ms),
            unavailable_us: unavailable.total_us(out.summary.ended_at, SimTime::from_ms(s.duration_ms)),
            in_dlq: c.in_dlq,
            processed: c.processed,
            drained: out.summary.drained,
            trace_hash: out.trace_hash,
        };
        assert_eq!(row, &headless, "row {i} ({}) equals the headless run", c.lost);
    }
    rows
}

fn comparison(id: &str) -> Comparison {
    predefined().iter().find(|p| p.id == id).expect("predefined").comparison().expect("base loads")
}

#[test]
fn sync_master_loses_nothing_async_master_loses_the_tail() {
    let r = rows(&comparison("replication"));
    assert!(r[0].lost > 0, "ASYNC_MASTER loses acked messages: {:?}", r[0]);
    assert_eq!(r[1].lost, 0, "SYNC_MASTER loses none: {:?}", r[1]);
    assert!(r[1].latency_p99_us >= r[0].latency_p99_us, "sync double write is not faster");
}

#[test]
fn auto_ack_loses_what_the_dead_consumer_held_manual_ack_does_not() {
    let r = rows(&comparison("ack"));
    assert!(r[0].lost > 0, "auto ack: {:?}", r[0]);
    assert_eq!(r[1].lost, 0, "manual ack: {:?}", r[1]);
}

#[test]
fn dedup_stops_the_double_side_effect() {
    let r = rows(&comparison("dedup"));
    assert!(r[0].duplicate_effects > 0, "no dedup: {:?}", r[0]);
    assert_eq!(r[1].duplicate_effects, 0, "DB unique key: {:?}", r[1]);
    assert_eq!(r[2].duplicate_effects, 0, "Redis SETNX: {:?}", r[2]);
    assert!(r[1].duplicate_deliveries > 0, "the redeliveries still arrive; dedup absorbs them");
}

#[test]
fn sync_flush_survives_a_restart_async_flush_does_not() {
    let r = rows(&comparison("flush"));
    assert!(r[0].lost > 0, "ASYNC_FLUSH: {:?}", r[0]);
    assert_eq!(r[1].lost, 0, "SYNC_FLUSH: {:?}", r[1]);
}

/// The rows of a cross-system comparison by variant id.
fn by_system(id: &str) -> std::collections::BTreeMap<&'static str, Row> {
    let c = comparison(id);
    let ids: Vec<&'static str> = c.variants.iter().map(|v| v.id).collect();
    ids.into_iter().zip(rows(&c)).collect()
}

#[test]
fn the_first_server_dying_for_good_loses_only_where_nothing_else_had_it() {
    let r = by_system("systems-leader-dies");
    assert_eq!(r.len(), 8);
    assert!(r["system-rocketmq-async"].lost > 0, "the unreplicated tail: {:?}", r["system-rocketmq-async"]);
    for replicated in ["system-rocketmq-sync", "system-kafka-acks1", "system-kafka-acks-all", "system-raft"] {
        assert_eq!(r[replicated].lost, 0, "{replicated}: {:?}", r[replicated]);
    }
    for single in ["system-rabbitmq", "system-redis-list", "system-redis-reliable"] {
        assert!(r[single].lost > 100, "{single} strands what it held: {:?}", r[single]);
    }
    // A Raft queue elects a new leader: unavailable for an election timeout, not for good.
    assert!(r["system-raft"].unavailable_us > 5_000_000 && r["system-raft"].unavailable_us < 10_000_000);
}

#[test]
fn after_a_restart_what_was_on_disk_or_on_a_replica_survives() {
    let r = by_system("systems-leader-restarts");
    for kept in ["system-kafka-acks-all", "system-rabbitmq", "system-raft"] {
        assert_eq!(r[kept].lost, 0, "{kept}: {:?}", r[kept]);
    }
    assert!(r["system-rocketmq-async"].lost > 0, "ASYNC_FLUSH loses the page cache: {:?}", r["system-rocketmq-async"]);
    assert!(r["system-redis-list"].lost > 0, "AOF everysec loses the last second: {:?}", r["system-redis-list"]);
}

#[test]
fn a_dying_consumer_means_duplicates_or_a_lost_item() {
    let r = by_system("systems-consumer-dies");
    assert!(r["system-rocketmq-async"].duplicate_effects > r["system-kafka-acks-all"].duplicate_effects);
    assert!(r["system-kafka-acks-all"].duplicate_effects > 0, "{:?}", r["system-kafka-acks-all"]);
    for acked_each in ["system-rabbitmq", "system-redis-reliable"] {
        assert_eq!((r[acked_each].lost, r[acked_each].duplicate_effects), (0, 0), "{acked_each}");
    }
    assert!(r["system-redis-list"].lost > 0, "BRPOP: the item in hand is gone: {:?}", r["system-redis-list"]);
    for (id, row) in &r {
        if *id != "system-redis-list" {
            assert_eq!(row.lost, 0, "{id}: {row:?}");
        }
    }
}

#[test]
fn a_variant_changes_configuration_only() {
    let base = comparison("replication").base;
    let c = of_scenario(&base, &["dedup-db", "producer-reliable", "no-such-variant"]);
    assert_eq!(c.variants.len(), 2, "unknown ids are skipped");
    let s = c.scenario(1).expect("variant");
    assert!(s.producers.iter().all(|p| p.reliable.is_some()));
    assert_eq!(s.producers[0].workload, base.producers[0].workload);
    assert_eq!((s.seed, s.duration_ms, &s.faults), (base.seed, base.duration_ms, &base.faults));
    assert!(s.title.contains("Reliable producer"));
}

fn at(ms: u64, kind: TraceKind) -> TraceEvent {
    TraceEvent { seq: 0, at: SimTime::from_ms(ms), kind }
}

fn msg() -> MsgId {
    MsgId { key: MsgKey { producer: 0, seq: 0 }, gen: 0 }
}

fn result(ms: u64, producer: u16, status: SendStatus) -> TraceEvent {
    at(ms, TraceKind::SendResult { producer: NodeId(producer), msg: msg(), broker: NodeId(9), status })
}

#[test]
fn unavailable_time_runs_from_a_failed_send_to_the_next_send_ok() {
    let mut u = Unavailability::default();
    let end = SimTime::from_ms(100_000);
    u.observe(&result(1_000, 1, SendStatus::SendOk));
    assert_eq!(u.total_us(SimTime::from_ms(2_000), end), 0, "all is well");
    // p1 fails at 10 s and recovers at 13 s; p2 fails at 12 s and recovers at 15 s: 10–15 s is
    // unavailable once (overlaps count once).
    u.observe(&at(10_000, TraceKind::SendFailed { producer: NodeId(1), msg: msg(), reason: SendFailure::Timeout }));
    u.observe(&result(12_000, 2, SendStatus::FlushSlaveTimeout));
    u.observe(&result(13_000, 1, SendStatus::SendOk));
    assert_eq!(u.total_us(SimTime::from_ms(14_000), end), 4_000_000, "still open at 14 s");
    u.observe(&result(15_000, 2, SendStatus::SendOk));
    assert_eq!(u.total_us(SimTime::from_ms(50_000), end), 5_000_000);
    // A failure never followed by SEND_OK counts until the end of the duration only.
    u.observe(&result(90_000, 1, SendStatus::SlaveNotAvailable));
    assert_eq!(u.total_us(SimTime::from_ms(400_000), end), 15_000_000);
}
