//! Checking what a scenario names: topics, producer and consumer group names, the topics they
//! use, and the nodes that link overrides and fault commands point at. A command that names a
//! node the cluster does not have would silently do nothing, so it is refused instead.

use super::error::{clip, ErrorKind, NodeKind, ScenarioError, Unit};
use super::limits::{
    MAX_DELAY_MS, MAX_LATENCY_US, MAX_NAMESERVERS, MAX_NAME_CHARS, MAX_PROCESSING_MS, MAX_RULE_COUNT, MAX_TOPIC_CHARS,
};
use super::model::Scenario;
use super::validate::Checker;
use crate::sim::command::Command;
use crate::sim::topology::{default_producer_name, Role, Topology};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn check_topics(s: &Scenario, c: &mut Checker) {
    let mut seen = BTreeSet::new();
    for (i, topic) in s.topics.iter().enumerate() {
        let path = format!("topics[{i}]");
        if check_name(&path, topic, MAX_TOPIC_CHARS, c) && !seen.insert(topic.as_str()) {
            c.push(path, ErrorKind::Duplicate { name: clip(topic) });
        }
    }
}

/// Producer and consumer group names, and the topics they use.
pub(crate) fn check_names(s: &Scenario, c: &mut Checker) {
    let topic_exists = |t: &str| t.is_empty() || s.topics.iter().any(|x| x == t);
    // Names the cluster may give other nodes; a producer must not take one.
    let reserved: BTreeSet<String> =
        (1..=MAX_NAMESERVERS).map(|i| format!("ns{i}")).chain(["db".to_string(), "redis".to_string()]).collect();
    // Effective name → index of the producer that has it.
    let mut producers = BTreeMap::new();
    for (i, p) in s.producers.iter().enumerate() {
        let path = |i: usize| format!("producers[{i}].name");
        let name = if p.name.is_empty() {
            default_producer_name(i)
        } else if check_name(&path(i), &p.name, MAX_NAME_CHARS, c) {
            p.name.clone()
        } else {
            continue;
        };
        if reserved.contains(&name) {
            c.push(path(i), ErrorKind::NameTaken { name: clip(&name) });
        } else if let Some(&first) = producers.get(&name) {
            // Point at the name the learner wrote, not at a default they never saw.
            let at = if p.name.is_empty() { first } else { i };
            c.push(path(at), ErrorKind::Duplicate { name: clip(&name) });
        } else {
            producers.insert(name, i);
        }
    }
    for (i, p) in s.producers.iter().enumerate() {
        if !topic_exists(&p.topic) {
            let name = clip(&p.topic);
            c.push(format!("producers[{i}].topic"), ErrorKind::UnknownTopic { name });
        }
    }
    let mut groups = BTreeSet::new();
    for (i, g) in s.consumer_groups.iter().enumerate() {
        let path = format!("consumer_groups[{i}].name");
        if check_name(&path, &g.name, MAX_NAME_CHARS, c) && !groups.insert(g.name.as_str()) {
            c.push(path, ErrorKind::Duplicate { name: clip(&g.name) });
        }
        if !topic_exists(&g.topic) {
            let name = clip(&g.topic);
            c.push(format!("consumer_groups[{i}].topic"), ErrorKind::UnknownTopic { name });
        }
    }
}

/// A name: not empty, not too long, no '/' (node names use it between a group and its member)
/// and no control characters (they would garble the cluster view). True when it passes.
fn check_name(path: &str, name: &str, max: usize, c: &mut Checker) -> bool {
    let before = c.errors.len();
    if name.is_empty() {
        c.push(path, ErrorKind::EmptyName);
    }
    c.text(path, name, max);
    if let Some(ch) = name.chars().find(|&ch| ch == '/' || ch.is_control()) {
        c.push(path, ErrorKind::ForbiddenChar { ch });
    }
    c.errors.len() == before
}

/// Link overrides and fault commands name nodes that exist. Needs the counts checked first,
/// since the topology is built from them.
pub(crate) fn check_nodes(s: &Scenario, c: &mut Checker) {
    let topo = Topology::from_scenario(s);
    for (i, link) in s.network.links.iter().enumerate() {
        let path = format!("network.links[{i}]");
        check_link_ends(&path, &link.from, &link.to, &topo, c);
    }
    for (i, f) in s.faults.iter().enumerate() {
        check_command(&format!("faults[{i}]"), &f.command, &topo, c);
    }
}

fn check_node(path: String, name: &str, topo: &Topology, c: &mut Checker) -> Option<Role> {
    let role = topo.find(name).and_then(|id| topo.role(id));
    if role.is_none() {
        c.push(path, ErrorKind::UnknownNode { name: clip(name) });
    }
    role
}

fn check_link_ends(path: &str, from: &str, to: &str, topo: &Topology, c: &mut Checker) {
    let a = check_node(format!("{path}.from"), from, topo, c);
    let b = check_node(format!("{path}.to"), to, topo, c);
    if a.is_some() && b.is_some() && from == to {
        c.push(format!("{path}.to"), ErrorKind::SameNode { name: clip(to) });
    }
}

/// One fault command (from the schedule or the action log) at `path`: the nodes it names exist
/// and have the role it needs, and its numbers are in range.
pub(crate) fn check_command(path: &str, cmd: &Command, topo: &Topology, c: &mut Checker) {
    use Command::*;
    let at = |field: &str| format!("{path}.{field}");
    match cmd {
        Crash { node }
        | Restart { node }
        | LoseDisk { node }
        | Pause { node }
        | Resume { node }
        | Isolate { node, .. }
        | HealNode { node } => {
            check_node(at("node"), node, topo, c);
        }
        SlowConsumer { node, processing_ms } => {
            let role = check_node(at("node"), node, topo, c);
            if role.is_some_and(|r| !matches!(r, Role::Consumer { .. })) {
                let name = clip(node);
                let expected = NodeKind::Consumer;
                c.push(at("node"), ErrorKind::WrongRole { name, expected });
            }
            c.range(&at("processing_ms"), *processing_ms, 0, MAX_PROCESSING_MS, Unit::Ms);
        }
        SlowDisk { node, flush_latency_ms } => {
            let role = check_node(at("node"), node, topo, c);
            if role.is_some_and(|r| !matches!(r, Role::Master { .. } | Role::Slave { .. })) {
                let name = clip(node);
                let expected = NodeKind::Broker;
                c.push(at("node"), ErrorKind::WrongRole { name, expected });
            }
            let max_ms = MAX_LATENCY_US / 1_000;
            c.range(&at("flush_latency_ms"), *flush_latency_ms, 0, max_ms, Unit::Ms);
        }
        Cut { from, to, .. } | HealLink { from, to } => check_link_ends(path, from, to, topo, c),
        HealAll => {}
        DropNext { from, to, count, .. } => check_rule(path, from, to, *count, topo, c),
        DelayNext { from, to, count, delay_ms, .. } => {
            check_rule(path, from, to, *count, topo, c);
            c.range(&at("delay_ms"), *delay_ms, 0, MAX_DELAY_MS, Unit::Ms);
        }
    }
}

/// The filter and count of a targeted drop or delay.
fn check_rule(path: &str, from: &Option<String>, to: &Option<String>, count: u32, topo: &Topology, c: &mut Checker) {
    if let Some(from) = from {
        check_node(format!("{path}.from"), from, topo, c);
    }
    if let Some(to) = to {
        check_node(format!("{path}.to"), to, topo, c);
    }
    c.range(&format!("{path}.count"), u64::from(count), 1, MAX_RULE_COUNT, Unit::None);
}

/// Checks commands against a scenario's cluster, for callers outside validation (the share
/// link's action log). The scenario must already be valid.
pub(crate) fn command_errors<'a>(
    s: &Scenario,
    commands: impl IntoIterator<Item = (String, &'a Command)>,
) -> Vec<ScenarioError> {
    let topo = Topology::from_scenario(s);
    let mut c = Checker::default();
    for (path, cmd) in commands {
        check_command(&path, cmd, &topo, &mut c);
    }
    c.errors
}
