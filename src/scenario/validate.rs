//! Checking a scenario's values before a run: counts the engine relies on, intervals that must not
//! be zero (a zero timer period would make the simulation spin at one instant forever), and caps
//! that keep a run small enough for a browser tab. Names and references (topics, node names,
//! fault targets) are checked in `references`.

use super::error::{ErrorKind, ScenarioError, Totaled, Unit};
use super::limits::*;
use super::model::{Burst, ConsumerGroupSpec, Dedup, LinkOverride, ProducerSpec, Scenario, SendMode, Workload};
use super::references;

/// The first problem with a scenario: the cluster's sizes first, then section by section.
pub fn validate(s: &Scenario) -> Result<(), ScenarioError> {
    match validate_all(s).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Every problem with a scenario, in the order `validate` finds them, for a form that marks
/// each field.
pub fn validate_all(s: &Scenario) -> Vec<ScenarioError> {
    let mut c = Checker::default();
    c.text("title", &s.title, MAX_TITLE_CHARS);
    c.text("notes", &s.notes, MAX_NOTES_CHARS);
    c.range("duration_ms", s.duration_ms, 1, MAX_DURATION_MS, Unit::Ms);
    c.range("max_drain_ms", s.max_drain_ms, 0, MAX_INTERVAL_MS, Unit::Ms);
    // The topology trusts these counts; it is built only when all of them hold.
    let before_counts = c.errors.len();
    check_counts(s, &mut c);
    let counts_ok = c.errors.len() == before_counts;

    check_nameservers(s, &mut c);
    check_brokers(s, &mut c);
    check_system(s, &mut c);
    references::check_topics(s, &mut c);
    for (i, p) in s.producers.iter().enumerate() {
        check_producer(s, &format!("producers[{i}]"), p, &mut c);
    }
    let messages: u64 = s.producers.iter().map(|p| u64::from(p.workload.messages)).sum();
    if messages > MAX_MESSAGES {
        c.push("producers", ErrorKind::Total { what: Totaled::Messages, max: MAX_MESSAGES, got: messages });
    }
    for (i, g) in s.consumer_groups.iter().enumerate() {
        check_group(s, &format!("consumer_groups[{i}]"), g, &mut c);
    }
    references::check_names(s, &mut c);
    check_network(s, &mut c);
    check_stores(s, &mut c);
    c.count("faults", s.faults.len(), 0, MAX_FAULTS);
    for (i, f) in s.faults.iter().enumerate() {
        c.not_after(&format!("faults[{i}].at_ms"), f.at_ms, s.duration_ms, Unit::Ms);
    }
    if counts_ok {
        references::check_nodes(s, &mut c);
    }
    c.errors
}

/// The settings of the scenario's system (RocketMQ's are `nameservers` and `brokers`).
fn check_system(s: &Scenario, c: &mut Checker) {
    use super::model::System;
    use super::systems::{kafka, rabbitmq, raft, redis_queue};
    match &s.system {
        System::Rocketmq => {}
        System::Kafka(k) => kafka::check(k, s, c),
        System::Rabbitmq(r) => rabbitmq::check(r, s, c),
        System::Raft(r) => raft::check(r, s, c),
        System::RedisQueue(r) => redis_queue::check(r, s, c),
    }
}

/// The counts that size the cluster.
fn check_counts(s: &Scenario, c: &mut Checker) {
    let n = u64::from;
    c.range("nameservers.count", n(s.nameservers.count), 1, n(MAX_NAMESERVERS), Unit::None);
    c.range("brokers.groups", n(s.brokers.groups), 1, n(MAX_BROKER_GROUPS), Unit::None);
    c.range("brokers.slaves", n(s.brokers.slaves), 0, n(MAX_SLAVES), Unit::None);
    c.count("topics", s.topics.len(), 1, MAX_TOPICS);
    c.count("producers", s.producers.len(), 0, MAX_PRODUCERS);
    c.count("consumer_groups", s.consumer_groups.len(), 0, MAX_CONSUMER_GROUPS);
    for (i, g) in s.consumer_groups.iter().enumerate() {
        c.range(&format!("consumer_groups[{i}].members"), n(g.members), 1, n(MAX_MEMBERS), Unit::None);
    }
    let consumers: u64 = s.consumer_groups.iter().map(|g| n(g.members)).sum();
    if consumers > MAX_CONSUMERS {
        c.push("consumer_groups", ErrorKind::Total { what: Totaled::Consumers, max: MAX_CONSUMERS, got: consumers });
    }
}

fn check_nameservers(s: &Scenario, c: &mut Checker) {
    let ns = &s.nameservers;
    c.interval("nameservers.register_interval_ms", ns.register_interval_ms);
    c.interval("nameservers.broker_expiry_ms", ns.broker_expiry_ms);
    c.interval("nameservers.scan_interval_ms", ns.scan_interval_ms);
}

fn check_brokers(s: &Scenario, c: &mut Checker) {
    let b = &s.brokers;
    c.range("brokers.queues_per_topic", u64::from(b.queues_per_topic), 1, u64::from(MAX_QUEUES_PER_TOPIC), Unit::None);
    c.interval("brokers.flush_interval_ms", b.flush_interval_ms);
    c.latency_us("brokers.disk_flush_latency_us", b.disk_flush_latency_us);
    c.interval("brokers.sync_flush_timeout_ms", b.sync_flush_timeout_ms);
    c.interval("brokers.slave_ack_timeout_ms", b.slave_ack_timeout_ms);
    c.interval("brokers.ha_transfer_interval_ms", b.ha_transfer_interval_ms);
    c.interval("brokers.ha_heartbeat_ms", b.ha_heartbeat_ms);
    c.interval("brokers.ha_housekeeping_ms", b.ha_housekeeping_ms);
    c.interval("brokers.persist_offsets_interval_ms", b.persist_offsets_interval_ms);
    c.interval("brokers.slave_offset_sync_ms", b.slave_offset_sync_ms);
    c.interval("brokers.long_poll_ms", b.long_poll_ms);
    c.interval("brokers.client_expiry_ms", b.client_expiry_ms);
    c.count("brokers.delay_levels_ms", b.delay_levels_ms.len(), 1, MAX_DELAY_LEVELS);
    for (i, &level) in b.delay_levels_ms.iter().enumerate() {
        c.interval(&format!("brokers.delay_levels_ms[{i}]"), level);
    }
    c.interval("brokers.transaction_timeout_ms", b.transaction_timeout_ms);
    c.interval("brokers.transaction_check_interval_ms", b.transaction_check_interval_ms);
    c.range("brokers.transaction_check_max", u64::from(b.transaction_check_max), 1, 255, Unit::None);
}

fn check_producer(s: &Scenario, path: &str, p: &ProducerSpec, c: &mut Checker) {
    c.interval(&format!("{path}.send_timeout_ms"), p.send_timeout_ms);
    c.range(&format!("{path}.retries"), u64::from(p.retries), 0, u64::from(MAX_RETRIES), Unit::None);
    c.interval(&format!("{path}.route_refresh_ms"), p.route_refresh_ms);
    if let Some(r) = &p.reliable {
        if p.send != SendMode::Sync {
            c.push(format!("{path}.send"), ErrorKind::ReliableNeedsSync);
        }
        c.interval(&format!("{path}.reliable.check_interval_ms"), r.check_interval_ms);
        c.interval(&format!("{path}.reliable.resend_after_ms"), r.resend_after_ms);
    }
    check_transaction(s, path, p, c);
    c.range(&format!("{path}.order_keys"), u64::from(p.order_keys), 0, MAX_ORDER_KEYS, Unit::None);
    if p.order_keys > 0 && !s.system.is_rocketmq() {
        c.push(format!("{path}.order_keys"), ErrorKind::NotInSystem { system: s.system.kind() });
    }
    check_workload(s, &format!("{path}.workload"), &p.workload, c);
}

/// At most this many business keys per producer.
const MAX_ORDER_KEYS: u64 = 1_000_000;

fn check_transaction(s: &Scenario, path: &str, p: &ProducerSpec, c: &mut Checker) {
    use super::model::TxMode;
    let Some(t) = &p.transaction else { return };
    let at = |field: &str| format!("{path}.transaction.{field}");
    c.range(&at("local_txn_ms"), t.local_txn_ms, 0, MAX_PROCESSING_MS, Unit::Ms);
    c.ppm(&at("rollback_ppm"), u64::from(t.rollback_ppm));
    if t.mode == TxMode::None {
        return;
    }
    if !s.system.is_rocketmq() {
        c.push(at("mode"), ErrorKind::NotInSystem { system: s.system.kind() });
    }
    let needs_result = matches!(t.mode, TxMode::HalfMessage | TxMode::SendThenCommit);
    if needs_result && p.send != SendMode::Sync {
        c.push(format!("{path}.send"), ErrorKind::TransactionNeedsSync);
    }
    if p.reliable.is_some() {
        c.push(format!("{path}.transaction"), ErrorKind::TransactionWithReliable);
    }
}

fn check_workload(s: &Scenario, path: &str, w: &Workload, c: &mut Checker) {
    let rate_path = format!("{path}.rate_per_s");
    c.range(&rate_path, u64::from(w.rate_per_s), 0, u64::from(MAX_RATE_PER_S), Unit::None);
    c.not_after(&format!("{path}.start_ms"), w.start_ms, s.duration_ms, Unit::Ms);
    if let Some(b) = &w.burst {
        check_burst(&format!("{path}.burst"), b, c);
    }
    // Without any rate the producer would wait forever for a slot that never comes.
    let bursts = w.burst.as_ref().is_some_and(|b| b.rate_per_s > 0 && b.every_ms > 0 && b.length_ms > 0);
    if w.messages > 0 && w.rate_per_s == 0 && !bursts {
        c.push(rate_path, ErrorKind::NoRate { messages: w.messages });
    }
}

fn check_burst(path: &str, b: &Burst, c: &mut Checker) {
    c.interval(&format!("{path}.every_ms"), b.every_ms);
    if b.length_ms == 0 {
        c.range(&format!("{path}.length_ms"), 0, 1, MAX_INTERVAL_MS, Unit::Ms);
    } else if b.length_ms > b.every_ms && b.every_ms > 0 {
        c.push(format!("{path}.length_ms"), ErrorKind::BurstTooLong { length_ms: b.length_ms, every_ms: b.every_ms });
    }
    c.range(&format!("{path}.rate_per_s"), u64::from(b.rate_per_s), 0, u64::from(MAX_RATE_PER_S), Unit::None);
}

fn check_group(s: &Scenario, path: &str, g: &ConsumerGroupSpec, c: &mut Checker) {
    let at = |field: &str| format!("{path}.{field}");
    c.interval(&at("commit_interval_ms"), g.commit_interval_ms);
    c.interval(&at("rebalance_interval_ms"), g.rebalance_interval_ms);
    c.interval(&at("heartbeat_ms"), g.heartbeat_ms);
    c.interval(&at("route_refresh_ms"), g.route_refresh_ms);
    c.range(&at("processing_ms"), g.processing_ms, 0, MAX_PROCESSING_MS, Unit::Ms);
    c.range(&at("pull_batch"), u64::from(g.pull_batch), 1, u64::from(MAX_PULL_BATCH), Unit::None);
    c.range(&at("pull_threshold"), u64::from(g.pull_threshold), 1, u64::from(MAX_PULL_THRESHOLD), Unit::None);
    c.ppm(&at("failure_ppm"), u64::from(g.failure_ppm));
    if g.max_reconsume_times > MAX_RECONSUME_TIMES {
        c.push(
            at("max_reconsume_times"),
            ErrorKind::TooManyReconsumes { max: MAX_RECONSUME_TIMES, got: g.max_reconsume_times },
        );
    }
    if let Dedup::RedisSetnx { ttl_ms, .. } = g.dedup {
        c.interval(&at("dedup.ttl_ms"), ttl_ms);
    }
    if g.orderly {
        if g.ack != super::model::AckMode::Manual {
            c.push(at("ack"), ErrorKind::OrderlyNeedsManualAck);
        }
        if !s.system.is_rocketmq() {
            c.push(at("orderly"), ErrorKind::NotInSystem { system: s.system.kind() });
        }
    }
    c.interval(&at("suspend_ms"), g.suspend_ms);
    // A group may start during the drain, to show a backlog being worked off, but not after.
    let end = s.duration_ms.saturating_add(s.max_drain_ms);
    c.not_after(&at("start_ms"), g.start_ms, end, Unit::Ms);
}

fn check_network(s: &Scenario, c: &mut Checker) {
    let n = &s.network;
    c.latency_us("network.latency_us", n.latency_us);
    c.latency_us("network.jitter_us", n.jitter_us);
    c.ppm("network.loss_ppm", u64::from(n.loss_ppm));
    c.count("network.links", n.links.len(), 0, MAX_LINK_OVERRIDES);
    for (i, link) in n.links.iter().enumerate() {
        check_link_numbers(&format!("network.links[{i}]"), link, c);
    }
}

fn check_link_numbers(path: &str, link: &LinkOverride, c: &mut Checker) {
    if let Some(v) = link.latency_us {
        c.latency_us(&format!("{path}.latency_us"), v);
    }
    if let Some(v) = link.jitter_us {
        c.latency_us(&format!("{path}.jitter_us"), v);
    }
    if let Some(v) = link.loss_ppm {
        c.ppm(&format!("{path}.loss_ppm"), u64::from(v));
    }
}

fn check_stores(s: &Scenario, c: &mut Checker) {
    let st = &s.stores;
    c.latency_us("stores.db_txn_us", st.db_txn_us);
    c.latency_us("stores.redis_op_us", st.redis_op_us);
    c.interval("stores.call_timeout_ms", st.call_timeout_ms);
}

/// Collects errors; each method checks one rule and records a failure under `path`.
#[derive(Default)]
pub(crate) struct Checker {
    pub errors: Vec<ScenarioError>,
}

impl Checker {
    pub fn push(&mut self, path: impl Into<String>, kind: ErrorKind) {
        self.errors.push(ScenarioError::new(path, kind));
    }

    pub fn range(&mut self, path: &str, got: u64, min: u64, max: u64, unit: Unit) {
        if got < min || got > max {
            self.push(path, ErrorKind::OutOfRange { min, max, got, unit });
        }
    }

    /// A timer period or timeout: above zero (a zero period would fire forever at one instant)
    /// and at most a day.
    pub fn interval(&mut self, path: &str, got: u64) {
        self.range(path, got, 1, MAX_INTERVAL_MS, Unit::Ms);
    }

    pub fn latency_us(&mut self, path: &str, got: u64) {
        self.range(path, got, 0, MAX_LATENCY_US, Unit::Us);
    }

    pub fn ppm(&mut self, path: &str, got: u64) {
        self.range(path, got, 0, MAX_PPM, Unit::Ppm);
    }

    pub fn count(&mut self, path: &str, len: usize, min: usize, max: usize) {
        if len < min || len > max {
            self.push(path, ErrorKind::Count { min: min as u64, max: max as u64, got: len as u64 });
        }
    }

    /// A time that must fall within the run (at or before `end`).
    pub fn not_after(&mut self, path: &str, at: u64, end: u64, unit: Unit) {
        if at > end {
            self.push(path, ErrorKind::AfterEnd { at, end, unit });
        }
    }

    /// Free text with a length cap, counted in characters (what the learner sees).
    pub fn text(&mut self, path: &str, text: &str, max: usize) {
        let got = text.chars().count();
        if got > max {
            self.push(path, ErrorKind::TooLong { max, got });
        }
    }
}
