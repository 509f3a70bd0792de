//! The same story on another messaging system: a scenario moved to another system keeps its
//! workload, consumer groups, network, seed and fault schedule. Producers, consumers and the
//! dedup stores keep their names; a fault on a server moves to the server in the same place —
//! the leaders first (RocketMQ's masters, then its slaves; another system's servers in order, the
//! first leading the first partition or queue) — and a fault on a NameServer to the coordinator
//! in the same place. A fault that names a node with no counterpart is left out, and said so.
//! Settings the new system has no use for (RocketMQ's pull threshold on a RabbitMQ consumer) go
//! back to their defaults, so that the scenario stays valid there.

use crate::scenario::error::ErrorKind;
use crate::scenario::model::{LinkOverride, Scenario, ScheduledFault, System};
use crate::scenario::{fields, json, parse, validate_all};
use crate::sim::topology::Topology;

/// How many rounds of resetting refused settings a scenario gets (each round can uncover more).
const FIT_ROUNDS: usize = 4;

/// The servers of a topology, leaders first.
fn servers(t: &Topology) -> Vec<String> {
    if !t.servers.is_empty() {
        return t.servers.iter().map(|&id| t.name(id).to_string()).collect();
    }
    let masters = t.broker_groups.iter().map(|g| g.master);
    let slaves = t.broker_groups.iter().flat_map(|g| g.slaves.iter().copied());
    masters.chain(slaves).map(|id| t.name(id).to_string()).collect()
}

/// The coordinators of a topology (RocketMQ's NameServers, Kafka's controller).
fn coordinators(t: &Topology) -> Vec<String> {
    t.nameservers.iter().chain(&t.coordinators).map(|&id| t.name(id).to_string()).collect()
}

/// A node of `from` as it is called in `to`, if it has a counterpart there.
fn counterpart(name: &str, from: &Topology, to: &Topology) -> Option<String> {
    let (fs, ts) = (servers(from), servers(to));
    if let Some(i) = fs.iter().position(|n| n == name) {
        return ts.get(i).cloned();
    }
    let (fc, tc) = (coordinators(from), coordinators(to));
    if let Some(i) = fc.iter().position(|n| n == name) {
        return tc.get(i).cloned();
    }
    // Producers, consumers, the DB and Redis are named the same in every system.
    to.find(name).map(|_| name.to_string())
}

/// `base`'s fault schedule and link settings with each node moved to its counterpart on
/// `system`, for the editor's System switch. Unlike `on_system`, what has no counterpart stays as
/// it is: the editor then names it, and the learner decides (their schedule is not cut silently).
pub fn moved_schedule(base: &Scenario, system: &System) -> (Vec<ScheduledFault>, Vec<LinkOverride>) {
    let from = Topology::from_scenario(base);
    let mut s = base.clone();
    s.system = system.clone();
    let to = Topology::from_scenario(&s);
    let faults = base
        .faults
        .iter()
        .map(|f| {
            let mut f = f.clone();
            if let Some(c) = f.command.renamed(|n| counterpart(n, &from, &to)) {
                f.command = c;
            }
            f
        })
        .collect();
    let links = base
        .network
        .links
        .iter()
        .map(|l| {
            let mut l = l.clone();
            if let (Some(a), Some(b)) = (counterpart(&l.from, &from, &to), counterpart(&l.to, &from, &to)) {
                (l.from, l.to) = (a, b);
            }
            l
        })
        .collect();
    (faults, links)
}

/// The scenario on `system`, and how many faults (and link settings) had no counterpart there.
pub fn on_system(base: &Scenario, system: System) -> (Scenario, usize) {
    let from = Topology::from_scenario(base);
    let mut s = base.clone();
    s.system = system;
    let to = Topology::from_scenario(&s);
    let mut dropped = 0;
    let faults = std::mem::take(&mut s.faults);
    for mut f in faults {
        match f.command.renamed(|n| counterpart(n, &from, &to)) {
            Some(c) => {
                f.command = c;
                s.faults.push(f);
            }
            None => dropped += 1,
        }
    }
    let links = std::mem::take(&mut s.network.links);
    for mut l in links {
        match (counterpart(&l.from, &from, &to), counterpart(&l.to, &from, &to)) {
            (Some(a), Some(b)) if a != b => {
                l.from = a;
                l.to = b;
                s.network.links.push(l);
            }
            _ => dropped += 1,
        }
    }
    (fit(s), dropped)
}

/// The scenario with every setting its system refuses as meaningless there (`NotInSystem`) put
/// back to its default; unchanged if that does not help (the run then reports the refusal).
fn fit(s: Scenario) -> Scenario {
    let mut current = s;
    for _ in 0..FIT_ROUNDS {
        let refused: Vec<String> = validate_all(&current)
            .into_iter()
            .filter(|e| matches!(e.kind, ErrorKind::NotInSystem { .. }) && !e.path.starts_with("system"))
            .map(|e| e.path)
            .collect();
        if refused.is_empty() {
            break;
        }
        let Ok(mut doc) = json::to_value(&current) else { break };
        for path in &refused {
            fields::set(&mut doc, path, None);
        }
        match parse::read_scenario(&doc) {
            Ok(next) if next != current => current = next,
            _ => break,
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn rocketmq_to_rocketmq_changes_nothing() {
        let base = presets::load("async-replication-master-crash").expect("preset");
        let (s, dropped) = on_system(&base, System::Rocketmq);
        assert_eq!(dropped, 0);
        assert_eq!(s, base);
    }

    #[test]
    fn the_master_crash_moves_to_each_systems_first_server_and_stays_valid() {
        use crate::scenario::systems::{RabbitSettings, RaftSettings, RedisQueueSettings};
        let base = presets::load("async-replication-master-crash").expect("preset");
        for system in [
            System::Rabbitmq(RabbitSettings::default()),
            System::Raft(RaftSettings::default()),
            System::RedisQueue(RedisQueueSettings::default()),
        ] {
            let kind = system.kind();
            let (s, dropped) = on_system(&base, system);
            assert_eq!(dropped, 0, "{kind}");
            assert_eq!(validate_all(&s), Vec::new(), "{kind}");
            let topo = Topology::from_scenario(&s);
            let first = topo.name(topo.servers[0]).to_string();
            assert_eq!(s.faults[0].command, crate::sim::command::Command::Crash { node: first }, "{kind}");
            assert_eq!(
                (s.producers.clone(), s.seed, s.duration_ms),
                (base.producers.clone(), base.seed, base.duration_ms)
            );
        }
    }

    #[test]
    fn the_editors_switch_moves_the_schedule_and_keeps_what_has_no_counterpart() {
        use crate::scenario::systems::KafkaSettings;
        use crate::sim::command::Command;
        let mut base = presets::load("async-replication-master-crash").expect("preset");
        // A slave: Kafka's three servers take the two masters and one slave, so this one has
        // no counterpart and stays as written, for the editor to name.
        base.faults.push(crate::scenario::model::ScheduledFault {
            at_ms: 20_000,
            command: Command::Crash { node: "broker-b/slave-1".into() },
        });
        let (faults, _) = moved_schedule(&base, &System::Kafka(KafkaSettings::default()));
        assert_eq!(faults.len(), base.faults.len());
        assert_eq!(faults[0].command, Command::Crash { node: "kafka1".into() });
        assert_eq!(faults.last().map(|f| &f.command), base.faults.last().map(|f| &f.command));
    }
}
