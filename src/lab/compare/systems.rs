//! The same story on another messaging system: a scenario moved to another system keeps its
//! workload, consumer groups, network, seed and fault schedule. Producers, consumers and the
//! dedup stores keep their names; a fault on a server moves to the server in the same place —
//! the leaders first (RocketMQ's masters, then its slaves; another system's servers in order, the
//! first leading the first partition or queue) — and a fault on a NameServer to the coordinator
//! in the same place. A fault that names a node with no counterpart is left out, and said so.

use crate::scenario::model::{Scenario, System};
use crate::sim::topology::Topology;

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
    (s, dropped)
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
}
