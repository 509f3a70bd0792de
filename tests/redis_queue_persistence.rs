//! Queues built on Redis: what a crash of the Redis server loses, by its persistence setting —
//! nothing reaches the disk (`none`), an RDB snapshot at the default save points, an append-only
//! file fsynced every second or before every reply — and what losing its disk destroys. Held to
//! the checker's report and to the trace.

mod common;
mod redis_queue_common;

use common::scenario;
use mqlab::i18n::{explain, Lang};
use mqlab::sim::audit::explain::Cause;
use mqlab::sim::audit::lifecycle::CopyLoss;
use mqlab::sim::audit::report::AnomalyKind;
use mqlab::sim::systems::redis_queue::Event;
use mqlab::sim::time::SimTime;
use mqlab::sim::trace::{TraceKind, TruncateReason};
use redis_queue_common::{assert_drained, draw, events, node, traced, variant};
use serde_json::{json, Value};

#[test]
fn server_crash_with_aof_everysec_loses_the_last_second_and_repeats_its_pops() {
    let s = scenario("redis-queue-server-crash");
    let o = traced(&s);
    assert_drained(&o, s.seed);
    let c = &o.summary.counts;
    let server = node(&o, "redis-mq");
    assert!(c.send_failed > 0, "sends fail while Redis is down");
    // Acked items written in the second before the crash: at 200/s, about 200.
    assert!(c.lost > 0 && c.lost <= 210, "seed {}: {c:?}", s.seed);
    for a in o.summary.anomalies.iter().filter(|a| a.kind == AnomalyKind::Lost) {
        let destroyed = a
            .causes
            .iter()
            .any(|x| matches!(x, Cause::CopyDestroyed { node, how: CopyLoss::Unflushed, .. } if *node == server));
        assert!(destroyed, "{:?}", a.causes);
        let acked_at = a.causes.iter().find_map(|x| match x {
            Cause::Acked { at, .. } => Some(*at),
            _ => None,
        });
        assert!(acked_at.is_some_and(|t| t > SimTime::from_ms(9_000)), "acked within the last second: {acked_at:?}");
        // Worded as the AOF loses it: written, not yet fsynced.
        let topo = o.world.topology();
        let en = explain::anomaly(a, topo, Lang::En);
        assert!(en.contains("written to the AOF but before it was fsynced"), "{en}");
        assert!(explain::anomaly(a, topo, Lang::Zh).contains("已写入 AOF 但尚未 fsync"));
    }
    // Items popped since the last fsync are back after the restart, and processed again.
    let back = events(&o.trace).filter(|(_, e)| matches!(e, Event::Reappeared { .. })).count() as u64;
    assert!(back > 0);
    assert!(c.duplicate_effects > 0 && c.duplicate_effects <= back, "{c:?}, {back} reappeared");
}

#[test]
fn server_crash_without_persistence_loses_every_acked_item_it_held() {
    let s = variant("redis-queue-server-crash", &[("/system/persistence", json!("none"))]);
    let o = traced(&s);
    assert_drained(&o, s.seed);
    let lost_copies = o
        .trace
        .iter()
        .filter(|e| matches!(e.kind, TraceKind::CopyLost { reason: TruncateReason::NotPersistent, .. }))
        .count() as u64;
    let c = &o.summary.counts;
    assert!(lost_copies > 500, "a backlog was in memory: {lost_copies}");
    assert_eq!(c.lost, lost_copies, "seed {}: every item in memory, and nothing else", s.seed);
    assert_eq!(c.duplicate_effects, 0, "nothing comes back");
    for a in o.summary.anomalies.iter().filter(|a| a.kind == AnomalyKind::Lost) {
        assert!(a.causes.iter().any(|x| matches!(x, Cause::CopyDestroyed { how: CopyLoss::NotPersistent, .. })));
    }
}

#[test]
fn server_crash_with_the_default_rdb_loses_as_much_and_aof_always_nothing() {
    let run = |persistence: Value| {
        let s = variant("redis-queue-server-crash", &[("/system/persistence", persistence)]);
        let o = traced(&s);
        assert_drained(&o, s.seed);
        o
    };
    let lost = |persistence: Value| {
        let o = run(persistence);
        (o.summary.counts.lost, o.summary.counts.duplicate_effects)
    };
    let (none, _) = lost(json!("none"));
    let o = run(json!("rdb"));
    assert_eq!(o.summary.counts.lost, none, "no save point is reached in 10 s: the RDB file is empty");
    // Worded as RDB loses it: no snapshot since it was written, not an unflushed page cache.
    let topo = o.world.topology();
    let a = o.summary.anomalies.iter().find(|a| a.kind == AnomalyKind::Lost).expect("a lost message");
    let (en, zh) = (explain::anomaly(a, topo, Lang::En), explain::anomaly(a, topo, Lang::Zh));
    assert!(en.contains("with no RDB snapshot taken since the message was written"), "{en}");
    assert!(!en.contains("flushed") && !en.contains("page cache"), "{en}");
    assert!(zh.contains("还没有生成过 RDB 快照") && !zh.contains("刷盘"), "{zh}");
    assert_eq!(explain::copy_loss(CopyLoss::Unflushed, topo, Lang::En), "crashed before an RDB snapshot included it");
    let (always, dups) = lost(json!("aof_always"));
    assert_eq!((always, dups), (0, 0), "every write and pop was on disk before its reply");
}

#[test]
fn rdb_a_snapshot_keeps_what_it_saw() {
    // 100 changes and more than 300 s: Redis's second save point.
    let s = variant(
        "redis-queue-server-crash",
        &[
            ("/duration_ms", json!(400_000)),
            ("/system/persistence", json!("rdb")),
            ("/producers/0/workload", json!({ "messages": 200, "rate_per_s": 1, "start_ms": 1000 })),
            ("/consumer_groups/0/start_ms", json!(390_000)),
            (
                "/faults",
                json!([
                    { "at_ms": 350000, "action": "crash", "node": "redis-mq" },
                    { "at_ms": 351000, "action": "restart", "node": "redis-mq" }
                ]),
            ),
        ],
    );
    let o = traced(&s);
    assert_drained(&o, s.seed);
    let snapshot = events(&o.trace).find_map(|(at, e)| match e {
        Event::Snapshot { items, .. } => Some((at, *items)),
        _ => None,
    });
    let Some((at, items)) = snapshot else { panic!("no snapshot") };
    assert!(at > SimTime::from_ms(300_000) && at < SimTime::from_ms(301_000), "{at}");
    assert_eq!(o.summary.counts.lost, 200 - items, "what came after the snapshot is lost");
}

#[test]
fn lose_disk_destroys_what_the_crash_left() {
    let s = variant(
        "redis-queue-server-crash",
        &[(
            "/faults",
            json!([
                { "at_ms": 10000, "action": "crash", "node": "redis-mq" },
                { "at_ms": 15000, "action": "lose_disk", "node": "redis-mq" }
            ]),
        )],
    );
    let o = traced(&s);
    let c = &o.summary.counts;
    let with_disk = o
        .trace
        .iter()
        .filter(|e| matches!(e.kind, TraceKind::CopyLost { reason: TruncateReason::DiskLost, .. }))
        .count();
    assert!(with_disk > 0);
    assert_eq!(o.summary.counts.processed + c.lost, c.acked, "whatever was not processed by 10 s is lost");
    assert!(o
        .summary
        .anomalies
        .iter()
        .any(|a| a.causes.iter().any(|x| matches!(x, Cause::CopyDestroyed { how: CopyLoss::DiskLost, .. }))));
}

#[test]
fn reliable_with_aof_always_never_loses_an_acked_item_whatever_crashes() {
    for seed in 1..=20u64 {
        let mut r = seed;
        let c1_crash = 2_000 + draw(&mut r, 15_000);
        let redis_crash = 2_000 + draw(&mut r, 20_000);
        let redis_back = redis_crash + 500 + draw(&mut r, 5_000);
        let mut faults = vec![
            json!({ "at_ms": c1_crash, "action": "crash", "node": "billing/c1" }),
            json!({ "at_ms": redis_crash, "action": "crash", "node": "redis-mq" }),
            json!({ "at_ms": redis_back, "action": "restart", "node": "redis-mq" }),
        ];
        if draw(&mut r, 2) == 0 {
            faults.push(json!({ "at_ms": c1_crash + draw(&mut r, 5_000), "action": "restart", "node": "billing/c1" }));
        }
        faults.sort_by_key(|f| f["at_ms"].as_u64());
        let s = variant(
            "redis-queue-reliable-consumer-crash",
            &[
                ("/seed", json!(seed)),
                ("/system/persistence", json!("aof_always")),
                ("/system/visibility_timeout_ms", json!(5_000)),
                ("/system/recovery_interval_ms", json!(2_000)),
                ("/faults", Value::Array(faults)),
            ],
        );
        let o = traced(&s);
        assert_drained(&o, seed);
        let c = &o.summary.counts;
        assert_eq!(c.lost, 0, "seed {seed}: {:?}", o.summary.anomalies.first());
        assert!(c.processed >= c.acked, "seed {seed}: {c:?}");
    }
}

#[test]
fn list_with_aof_always_and_no_consumer_crash_processes_every_acked_item_once() {
    for seed in 1..=10u64 {
        let mut r = seed;
        let crash = 2_000 + draw(&mut r, 20_000);
        let back = crash + 500 + draw(&mut r, 5_000);
        let s = variant(
            "redis-queue-server-crash",
            &[
                ("/seed", json!(seed)),
                ("/system/persistence", json!("aof_always")),
                (
                    "/faults",
                    json!([
                        { "at_ms": crash, "action": "crash", "node": "redis-mq" },
                        { "at_ms": back, "action": "restart", "node": "redis-mq" }
                    ]),
                ),
            ],
        );
        let o = traced(&s);
        assert_drained(&o, seed);
        let c = &o.summary.counts;
        assert_eq!((c.lost, c.duplicate_effects), (0, 0), "seed {seed}: {c:?}");
        assert!(c.send_failed > 0, "seed {seed}: sends fail while Redis is down");
    }
}
