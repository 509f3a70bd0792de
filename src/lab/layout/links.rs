//! Which links the cluster view draws between nodes, and what each stands for: produce,
//! replicate, consume, discover, dedup. Only the links a learner should notice; the order is the
//! drawing order.

use crate::sim::ids::NodeId;
use crate::sim::topology::{Role, Topology};

/// What sort of link a line stands for (the view styles them differently).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkRole {
    /// Producer to master: sends and their results.
    Produce,
    /// Master to slave: replication.
    Replicate,
    /// Consumer to broker: pulls and acks.
    Consume,
    /// Client or broker to NameServer: routes and registration.
    Discover,
    /// Consumer to the DB or Redis.
    Dedup,
}

/// One drawn link, from the side that opens the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkLine {
    pub a: NodeId,
    pub b: NodeId,
    pub role: LinkRole,
}

/// The links that matter to a learner; the view still draws a dot between any two nodes.
pub(super) fn links(topo: &Topology) -> Vec<LinkLine> {
    let mut out = Vec::new();
    let mut add = |a: NodeId, b: NodeId, role: LinkRole| out.push(LinkLine { a, b, role });
    let brokers = || topo.broker_groups.iter().flat_map(|g| std::iter::once(g.master).chain(g.slaves.iter().copied()));
    let consumers = || topo.consumer_groups.iter().flatten().copied();
    // Discovery first, so the busier links are drawn over it.
    for &ns in &topo.nameservers {
        for client in topo.producers.iter().copied().chain(consumers()).chain(brokers()) {
            add(client, ns, LinkRole::Discover);
        }
    }
    for &p in &topo.producers {
        for g in &topo.broker_groups {
            add(p, g.master, LinkRole::Produce);
        }
    }
    for g in &topo.broker_groups {
        for &s in &g.slaves {
            add(g.master, s, LinkRole::Replicate);
        }
    }
    // Another system: coordinators watch the servers, producers and consumers talk to every
    // server (whichever leads), and servers replicate to each other.
    for &co in &topo.coordinators {
        for &s in &topo.servers {
            add(s, co, LinkRole::Discover);
        }
        // Kafka's consumers join their group and commit offsets at the coordinator.
        for c in consumers() {
            add(c, co, LinkRole::Discover);
        }
    }
    for &p in &topo.producers {
        for &s in &topo.servers {
            add(p, s, LinkRole::Produce);
        }
    }
    for (i, &a) in topo.servers.iter().enumerate() {
        for &b in &topo.servers[i + 1..] {
            add(a, b, LinkRole::Replicate);
        }
    }
    for c in consumers() {
        for b in brokers().chain(topo.servers.iter().copied()) {
            add(c, b, LinkRole::Consume);
        }
        if let Some(Role::Consumer { .. }) = topo.role(c) {
            for store in topo.db.iter().chain(topo.redis.iter()) {
                add(c, *store, LinkRole::Dedup);
            }
        }
    }
    out
}
