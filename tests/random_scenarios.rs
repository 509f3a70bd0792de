//! Random valid scenarios, across every setting and every kind of fault (several nodes down at
//! once, lost disks, lossy links): the engine never panics, always ends, keeps the checker's counts
//! consistent, and is deterministic — twice from the start, and from a checkpoint (a clone of the
//! run taken midway), which is what scrubbing in the page relies on. A failing case prints its seed.

use mqlab::scenario::model::{
    AckMode, Burst, ConsumerGroupSpec, Dedup, DedupKeyKind, Flush, ProducerSpec, ReliableProducer, Replication,
    Scenario, ScheduledFault, SendMode, Workload,
};
use mqlab::scenario::validate;
use mqlab::sim::command::{Command, Direction};
use mqlab::sim::run::Run;
use mqlab::sim::topology::Topology;
use mqlab::sim::wire::MsgKind;
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Shape {
    seed: u64,
    nameservers: u8,
    groups: u8,
    slaves: u8,
    sync_master: bool,
    sync_flush: bool,
    producers: Vec<(bool, bool, u32, u32, bool)>, // oneway, reliable, messages, rate, burst
    consumers: Vec<(u8, bool, u8, u32, u8)>,      // members, auto ack, dedup kind, failure ppm, processing ms
    loss_ppm: u32,
    faults: Vec<(u64, u8, usize, usize, u8)>, // at, kind, node a, node b, kind of message
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        any::<u64>(),
        1u8..=3,
        1u8..=3,
        0u8..=2,
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec((any::<bool>(), any::<bool>(), 0u32..200, 1u32..50, any::<bool>()), 0..3),
        prop::collection::vec((1u8..=3, any::<bool>(), 0u8..3, 0u32..200_000, 0u8..30), 0..3),
        prop_oneof![Just(0u32), 0u32..30_000],
        prop::collection::vec((0u64..20_000, 0u8..12, 0usize..64, 0usize..64, 0u8..13), 0..8),
    )
        .prop_map(
            |(seed, nameservers, groups, slaves, sync_master, sync_flush, producers, consumers, loss_ppm, faults)| {
                Shape {
                    seed,
                    nameservers,
                    groups,
                    slaves,
                    sync_master,
                    sync_flush,
                    producers,
                    consumers,
                    loss_ppm,
                    faults,
                }
            },
        )
}

fn build(sh: &Shape) -> Scenario {
    let mut s: Scenario = serde_json::from_str(r#"{"version": 1, "duration_ms": 20000, "max_drain_ms": 120000}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    s.seed = sh.seed;
    s.nameservers.count = sh.nameservers;
    s.brokers.groups = sh.groups;
    s.brokers.slaves = sh.slaves;
    s.brokers.replication = if sh.sync_master { Replication::Sync } else { Replication::Async };
    s.brokers.flush = if sh.sync_flush { Flush::Sync } else { Flush::Async };
    s.network.loss_ppm = sh.loss_ppm;
    s.producers = sh
        .producers
        .iter()
        .map(|&(oneway, reliable, messages, rate, burst)| ProducerSpec {
            send: if oneway { SendMode::Oneway } else { SendMode::Sync },
            reliable: (reliable && !oneway).then(ReliableProducer::default),
            workload: Workload {
                messages,
                rate_per_s: rate,
                start_ms: 1_000,
                burst: burst.then_some(Burst { every_ms: 5_000, length_ms: 1_000, rate_per_s: 200 }),
            },
            ..ProducerSpec::default()
        })
        .collect();
    s.consumer_groups = sh
        .consumers
        .iter()
        .enumerate()
        .map(|(i, &(members, auto, dedup, failure_ppm, processing_ms))| {
            let mut g = ConsumerGroupSpec::named(&format!("g{i}"));
            g.members = members;
            g.ack = if auto { AckMode::Auto } else { AckMode::Manual };
            g.dedup = match dedup {
                0 => Dedup::None,
                1 => Dedup::DbUniqueKey { key: DedupKeyKind::BusinessKey },
                _ => Dedup::RedisSetnx { key: DedupKeyKind::MsgId, ttl_ms: 5_000 },
            };
            g.failure_ppm = failure_ppm;
            g.processing_ms = u64::from(processing_ms);
            g.max_reconsume_times = 2;
            g
        })
        .collect();
    let names: Vec<String> = Topology::from_scenario(&s).nodes.iter().map(|n| n.name.clone()).collect();
    s.faults = sh
        .faults
        .iter()
        .map(|&(at_ms, kind, a, b, k)| {
            let (a, b) = (names[a % names.len()].clone(), names[b % names.len()].clone());
            let msg_kind = MsgKind::ALL[usize::from(k) % MsgKind::ALL.len()];
            let command = match kind {
                0 => Command::Crash { node: a },
                1 => Command::Restart { node: a },
                2 => Command::LoseDisk { node: a },
                3 => Command::Pause { node: a },
                4 => Command::Resume { node: a },
                5 => Command::Isolate { node: a, direction: Direction::Outbound },
                6 if a != b => Command::Cut { from: a, to: b, one_way: k % 2 == 0 },
                7 => Command::HealNode { node: a },
                8 => Command::HealAll,
                9 => Command::DropNext { from: Some(a), to: None, kind: Some(msg_kind), count: 3 },
                10 => Command::DelayNext { from: None, to: Some(b), kind: Some(msg_kind), count: 2, delay_ms: 2_000 },
                _ => Command::Isolate { node: a, direction: Direction::Both },
            };
            ScheduledFault { at_ms, command }
        })
        .collect();
    s.faults.sort_by_key(|f| f.at_ms);
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_scenario_runs_consistently_and_deterministically(sh in shape(), cut in 0u64..40_000) {
        let s = build(&sh);
        prop_assert!(validate(&s).is_ok(), "{:?}", validate(&s));

        // From the start, twice; and from a checkpoint taken after `cut` events (within the
        // duration: past it, the drain phase checks for quiet on its own one-second beat).
        let mut a = Run::new(&s, false);
        let end = mqlab::sim::time::SimTime::from_ms(s.duration_ms);
        for _ in 0..cut {
            if a.world.next_event_time().is_none_or(|t| t > end) || !a.world.step() {
                break;
            }
        }
        let checkpoint = a.clone();
        let a = a.finish().unwrap_or_else(|e| panic!("seed {}: {e}", s.seed));
        let b = checkpoint.finish().unwrap_or_else(|e| panic!("seed {}: {e}", s.seed));
        let c = Run::new(&s, false).finish().unwrap_or_else(|e| panic!("seed {}: {e}", s.seed));
        prop_assert_eq!(a.trace_hash, b.trace_hash, "seed {}: a checkpoint diverged", s.seed);
        prop_assert_eq!(a.trace_hash, c.trace_hash, "seed {}: not deterministic", s.seed);

        let k = &a.summary.counts;
        let subscribed_pairs: u64 = s.consumer_groups.iter().map(|_| k.produced).sum();
        prop_assert!(k.acked <= k.produced && k.stored <= k.produced, "{:?}", k);
        prop_assert!(k.delivered <= k.deliveries && k.duplicate_deliveries <= k.redelivered, "{:?}", k);
        prop_assert!(k.processed <= k.delivered.max(k.processed) && k.processed <= subscribed_pairs, "{:?}", k);
        prop_assert!(k.lost + k.unconfirmed_unprocessed <= k.produced, "{:?}", k);
        prop_assert!(k.redelivered + k.delivered == k.deliveries, "{:?}", k);
        prop_assert_eq!(a.summary.anomaly_count as usize >= a.summary.anomalies.len(), true);
    }
}
