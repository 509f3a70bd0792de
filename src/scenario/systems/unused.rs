//! The settings outside `system` that a system other than RocketMQ has no use for. Producers and
//! consumer groups are described with RocketMQ's client settings; each other system names the ones
//! it lacks here, once. Its check refuses any of them set to a value other than the default (a
//! learner who sets one expects it to do something), and the editor leaves them out of its form
//! for that system.

use serde_json::Value;

use crate::scenario::error::ErrorKind;
use crate::scenario::fields::within;
use crate::scenario::json::to_value;
use crate::scenario::model::{ConsumerGroupSpec, ProducerSpec};
use crate::scenario::validate::Checker;

/// The client settings a system has no use for, by field name within a producer or a group, in
/// the order its check reports them.
pub struct Unused {
    pub producer: &'static [&'static str],
    pub group: &'static [&'static str],
}

/// What only RocketMQ has, whichever the system: its NameServers and broker-side settings (the
/// other systems' own are under `system`, and these are not read), transactions and ordered
/// messages (`scenario::validate` refuses them set). Generic paths; each covers the fields under it.
const ROCKETMQ_ONLY: &[&str] = &[
    "nameservers",
    "brokers",
    "producers[].transaction",
    "producers[].order_keys",
    "consumer_groups[].orderly",
    "consumer_groups[].suspend_ms",
];

/// The client settings `kind` has no use for; none for RocketMQ.
pub fn unused(kind: &str) -> Unused {
    match kind {
        "kafka" => super::kafka::UNUSED,
        "rabbitmq" => super::rabbitmq::UNUSED,
        "raft" => super::raft::UNUSED,
        "redis_queue" => super::redis_queue::UNUSED,
        _ => Unused { producer: &[], group: &[] },
    }
}

/// Whether the setting at the generic `path` (`producers[].retries`) means something in a `kind`
/// cluster. A system's own section (`system.*`) is drawn for its system only, so it is not asked.
pub fn uses(kind: &str, path: &str) -> bool {
    if kind == "rocketmq" {
        return true;
    }
    if ROCKETMQ_ONLY.iter().any(|p| within(path, p)) {
        return false;
    }
    let u = unused(kind);
    let lacks = |prefix: &str, names: &[&str]| {
        path.strip_prefix(prefix).is_some_and(|rest| names.iter().any(|n| within(rest, n)))
    };
    !lacks("producers[].", u.producer) && !lacks("consumer_groups[].", u.group)
}

/// Every setting `kind` has no use for, as generic paths (`producers[].reliable`), each covering
/// the fields under it: what the editor takes out of a scenario switched to `kind`.
pub fn unused_paths(kind: &str) -> Vec<String> {
    if kind == "rocketmq" {
        return Vec::new();
    }
    let u = unused(kind);
    let clients = u.producer.iter().map(|n| format!("producers[].{n}"));
    let clients = clients.chain(u.group.iter().map(|n| format!("consumer_groups[].{n}")));
    ROCKETMQ_ONLY.iter().map(|p| p.to_string()).chain(clients).collect()
}

/// Refuse each of the producer's settings at `path` that `kind` lacks and that is not left at
/// its default.
pub(crate) fn refuse_in_producer(kind: &'static str, path: &str, p: &ProducerSpec, c: &mut Checker) {
    refuse(kind, path, unused(kind).producer, p, &ProducerSpec::default(), c);
}

/// The same for a consumer group.
pub(crate) fn refuse_in_group(kind: &'static str, path: &str, g: &ConsumerGroupSpec, c: &mut Checker) {
    refuse(kind, path, unused(kind).group, g, &ConsumerGroupSpec::named(&g.name), c);
}

/// Compared as JSON, so that one list serves every field whatever its type; an absent optional
/// part (`reliable`) and a missing key read alike.
fn refuse<T: serde::Serialize>(kind: &'static str, path: &str, names: &[&str], set: &T, plain: &T, c: &mut Checker) {
    // Plain data always serialises; were it not to, nothing would be refused, as before a check.
    let (Ok(set), Ok(plain)) = (to_value(set), to_value(plain)) else { return };
    let at = |v: &Value, name: &str| v.get(name).filter(|v| !v.is_null()).cloned();
    for name in names {
        if at(&set, name) != at(&plain, name) {
            c.push(format!("{path}.{name}"), ErrorKind::NotInSystem { system: kind });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rocketmq_uses_every_setting() {
        assert!(uses("rocketmq", "producers[].transaction.mode"));
        assert!(uses("rocketmq", "brokers.flush"));
    }

    #[test]
    fn a_listed_name_covers_the_fields_under_it_and_no_longer_name() {
        assert!(!uses("kafka", "producers[].reliable.max_resends"));
        assert!(!uses("kafka", "producers[].retries"));
        assert!(uses("kafka", "producers[].workload.messages"));
        assert!(!uses("raft", "brokers.delay_levels_ms"));
        assert!(!uses("raft", "consumer_groups[].suspend_ms"));
        assert!(uses("raft", "consumer_groups[].processing_ms"));
        assert!(within("producers[].reliable", "producers[].reliable"));
        assert!(!within("producers[].retries_extra", "producers[].retries"));
    }

    #[test]
    fn the_unused_paths_are_those_not_used() {
        assert!(unused_paths("rocketmq").is_empty());
        for kind in ["kafka", "rabbitmq", "raft", "redis_queue"] {
            let paths = unused_paths(kind);
            assert!(paths.iter().all(|p| !uses(kind, p)), "{kind}");
            assert!(paths.iter().any(|p| p == "producers[].reliable"), "{kind}");
        }
    }
}
