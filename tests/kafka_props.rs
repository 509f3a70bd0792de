//! A property of the Kafka model, over seeds: with acks=all, clean elections and every fault
//! repaired, no acknowledged record is lost and the run drains. A failure prints its seed.

mod common;
mod kafka_common;

use common::scenario;
use kafka_common::*;
use mqlab::sim::command::{Command, Direction};
use mqlab::sim::wire::MsgKind;

/// A tiny deterministic generator (the test's own, so that it does not depend on the engine's).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn random_faults(seed: u64) -> Vec<mqlab::scenario::model::ScheduledFault> {
    let mut g = Lcg(seed);
    let nodes = ["controller", "kafka1", "kafka2", "kafka3", "p1", "billing/c1", "billing/c2"];
    let kinds = [
        MsgKind::Send,
        MsgKind::SendResult,
        MsgKind::Pull,
        MsgKind::PullResult,
        MsgKind::ConsumerAck,
        MsgKind::Replicate,
        MsgKind::ReplicateAck,
        MsgKind::Election,
        MsgKind::Heartbeat,
        MsgKind::Route,
    ];
    let mut out = Vec::new();
    for _ in 0..6 {
        let node = nodes[g.below(nodes.len() as u64) as usize].to_string();
        let at = 2_000 + g.below(30_000);
        let back = at + 1_000 + g.below(20_000);
        let (f, r) = match g.below(4) {
            0 => (Command::Crash { node: node.clone() }, Command::Restart { node }),
            1 => (Command::Pause { node: node.clone() }, Command::Resume { node }),
            2 => (Command::Isolate { node: node.clone(), direction: Direction::Both }, Command::HealNode { node }),
            _ => {
                let kind = kinds[g.below(kinds.len() as u64) as usize];
                let drop = Command::DropNext { from: None, to: None, kind: Some(kind), count: 1 + g.below(5) as u32 };
                (drop, Command::HealAll)
            }
        };
        out.push(fault(at, f));
        out.push(fault(back, r));
    }
    out.sort_by_key(|f| f.at_ms);
    out
}

#[test]
fn acks_all_with_repaired_faults_loses_nothing_and_drains() {
    for seed in 1..=30 {
        let mut s = scenario("kafka-acks-all");
        s.seed = seed;
        s.duration_ms = 60_000;
        s.faults = random_faults(seed);
        let o = run(&s);
        let c = &o.summary.counts;
        assert!(o.summary.drained, "seed {seed}: {:?}\n{:?}", o.world.drain_blockers(5), s.faults);
        assert_eq!(c.lost, 0, "seed {seed}: {c:?}\n{:?}", s.faults);
    }
}
