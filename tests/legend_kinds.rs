//! The legend lists the message kinds a cluster sends (`lab::legend::kinds_sent`): every kind on
//! the wire in a shipped scenario is listed, and, system by system, every kind listed is sent by
//! one of its shipped scenarios. Replication is shown only where the cluster copies messages.

mod common;

use common::{scenario, shipped};
use mqlab::lab::legend::{kinds_sent, replicates};
use mqlab::lab::link_kinds::kinds_on_link;
use mqlab::sim::run;
use mqlab::sim::topology::Topology;
use mqlab::sim::trace::TraceKind;
use mqlab::sim::wire::MsgKind;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn the_legend_lists_exactly_what_each_system_sends() {
    // Per system: the kinds listed for its scenarios, and the kinds seen on the wire.
    let mut listed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in shipped() {
        let s = scenario(&name);
        let system = serde_json::to_value(&s.system).ok().and_then(|v| v["kind"].as_str().map(String::from));
        let system = system.unwrap_or_else(|| "rocketmq".to_string());
        let kinds = kinds_sent(&s);
        let o = run::run(&s, &[], true).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut copies = false;
        for e in &o.trace {
            if let TraceKind::NetSend { kind, .. } = e.kind {
                assert!(kinds.contains(&kind), "{name}: sends {kind:?}, which its legend does not list");
                seen.entry(system.clone()).or_default().insert(format!("{kind:?}"));
                copies |= kind == MsgKind::Replicate;
            }
        }
        // Replication is shown (a count, legend entries) where the cluster copies messages, and
        // never on a single RabbitMQ node or the Redis server.
        if copies {
            assert!(replicates(&s), "{name} copies messages between servers but hides replication");
        }
        if matches!(system.as_str(), "rabbitmq" | "redis_queue") {
            assert!(!replicates(&s), "{name}: a single server shows replication");
        }
        // A store call is listed only where a group deduplicates; the others must be sent somewhere.
        let always = kinds.iter().filter(|&&k| k != MsgKind::Dedup).map(|k| format!("{k:?}"));
        listed.entry(system).or_default().extend(always);
    }
    for (system, kinds) in &listed {
        let missing: Vec<_> = kinds.difference(&seen[system]).collect();
        assert!(missing.is_empty(), "{system}: the legend lists {missing:?}, which no shipped scenario sends");
    }
}

/// Review 13: the hand-fault menu offered, on c1 → rabbit, a publish that never travels there.
/// Every kind a shipped scenario sends on a link, in its direction, is offered for that link.
#[test]
fn the_fault_menu_offers_every_kind_a_link_carries() {
    for name in shipped() {
        let s = scenario(&name);
        let topo = Topology::from_scenario(&s);
        let o = run::run(&s, &[], true).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut checked = BTreeSet::new();
        for e in &o.trace {
            if let TraceKind::NetSend { from, to, kind, .. } = e.kind {
                let (Some(a), Some(b)) = (topo.role(from), topo.role(to)) else {
                    panic!("{name}: a send between nodes the topology does not know")
                };
                if checked.insert((from, to, kind)) {
                    let offered = kinds_on_link(&s, a, b);
                    assert!(
                        offered.contains(&kind),
                        "{name}: {} → {} carries {kind:?}, the menu offers {offered:?}",
                        topo.name(from),
                        topo.name(to)
                    );
                }
            }
        }
    }
}
