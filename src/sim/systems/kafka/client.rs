//! What producers and consumers share as Kafka clients: the metadata of their topic (who leads
//! each partition), asked of any live broker (bootstrap.servers is every broker) at start, every
//! metadata.max.age.ms and after an error, no more often than retry.backoff.ms; and the
//! reconnect backoff to a broker whose connection was refused (50 ms, doubling up to 1 s).

use super::wire::Msg;
use super::{send, Tp};
use crate::sim::effects::Ctx;
use crate::sim::ids::{NodeId, QueueKey};
use crate::sim::small_map::SmallMap;
use crate::sim::time::SimTime;

/// reconnect.backoff.ms and reconnect.backoff.max.ms.
const RECONNECT_BACKOFF_MS: u64 = 50;
const RECONNECT_BACKOFF_MAX_MS: u64 = 1_000;

#[derive(Clone, Copy, Debug)]
struct Pending {
    req: u32,
    to: NodeId,
    until: SimTime,
}

#[derive(Clone, Copy, Debug)]
struct Reconnect {
    until: SimTime,
    backoff_ms: u64,
}

#[derive(Clone, Debug)]
pub struct Metadata {
    brokers: Vec<NodeId>,
    topic: u8,
    leaders: SmallMap<Tp, Option<NodeId>>,
    pending: Option<Pending>,
    /// The next bootstrap broker to ask.
    next: usize,
    /// A refresh is wanted.
    wanted: bool,
    last_asked: Option<SimTime>,
    reconnect: SmallMap<NodeId, Reconnect>,
    retry_backoff_ms: u64,
    request_timeout_ms: u64,
}

impl Metadata {
    pub fn new(brokers: Vec<NodeId>, topic: u8, retry_backoff_ms: u64, request_timeout_ms: u64) -> Metadata {
        Metadata {
            brokers,
            topic,
            leaders: SmallMap::new(),
            pending: None,
            next: 0,
            wanted: true,
            last_asked: None,
            reconnect: SmallMap::new(),
            retry_backoff_ms,
            request_timeout_ms,
        }
    }

    /// Everything is forgotten with the client's process.
    pub fn forget(&mut self) {
        self.leaders.clear();
        self.pending = None;
        self.wanted = true;
        self.last_asked = None;
        self.reconnect.clear();
    }

    /// The leader of `tp` as last heard, if any.
    pub fn leader(&self, tp: Tp) -> Option<NodeId> {
        self.leaders.get(&tp).copied().flatten()
    }

    /// Partitions of the topic with a leader, in order.
    pub fn available(&self) -> impl Iterator<Item = Tp> + '_ {
        self.leaders.iter().filter(|(_, l)| l.is_some()).map(|(&tp, _)| tp)
    }

    /// Ask for fresh metadata as soon as the backoff allows.
    pub fn want_refresh(&mut self) {
        self.wanted = true;
    }

    /// Can we talk to `node` now (not in reconnect backoff)?
    pub fn ready(&self, node: NodeId, now: SimTime) -> bool {
        self.reconnect.get(&node).is_none_or(|r| r.until <= now)
    }

    /// When `node` may be tried again.
    pub fn ready_at(&self, node: NodeId) -> SimTime {
        self.reconnect.get(&node).map_or(SimTime::ZERO, |r| r.until)
    }

    /// The connection to `node` was refused or reset: wait before the next attempt.
    pub fn connection_failed(&mut self, node: NodeId, now: SimTime) {
        let backoff_ms = self
            .reconnect
            .get(&node)
            .map_or(RECONNECT_BACKOFF_MS, |r| (r.backoff_ms * 2).min(RECONNECT_BACKOFF_MAX_MS));
        self.reconnect.insert(node, Reconnect { until: now.plus_ms(backoff_ms), backoff_ms });
    }

    /// `node` answered: its connection is fine.
    pub fn connected(&mut self, node: NodeId) {
        self.reconnect.remove(&node);
    }

    /// Send a metadata request if one is wanted and allowed now; `req` numbers it.
    pub fn pump(&mut self, ctx: &mut Ctx, req: &mut u32) {
        if !self.wanted || self.pending.is_some() {
            return;
        }
        if self.last_asked.is_some_and(|t| ctx.now < t.plus_ms(self.retry_backoff_ms)) {
            return;
        }
        let n = self.brokers.len();
        let Some(to) = (0..n).map(|i| self.brokers[(self.next + i) % n]).find(|&b| self.ready(b, ctx.now)) else {
            return;
        };
        self.next = (self.brokers.iter().position(|&b| b == to).unwrap_or(0) + 1) % n.max(1);
        *req = req.wrapping_add(1);
        self.pending = Some(Pending { req: *req, to, until: ctx.now.plus_ms(self.request_timeout_ms) });
        self.wanted = false;
        self.last_asked = Some(ctx.now);
        send(ctx, to, Msg::MetadataRequest { req: *req, topic: self.topic });
    }

    /// When `pump` may next have something to do, or the request in flight times out.
    pub fn next_deadline(&self, now: SimTime) -> Option<SimTime> {
        if let Some(p) = self.pending {
            return Some(p.until);
        }
        if !self.wanted {
            return None;
        }
        let backoff = self.last_asked.map_or(now, |t| t.plus_ms(self.retry_backoff_ms));
        let reconnect = self.brokers.iter().map(|b| self.reconnect.get(b).map_or(now, |r| r.until)).min();
        Some(backoff.max(reconnect.unwrap_or(now)))
    }

    /// The request in flight timed out: ask another broker.
    pub fn check_timeout(&mut self, now: SimTime) {
        if self.pending.is_some_and(|p| p.until <= now) {
            self.pending = None;
            self.wanted = true;
        }
    }

    /// A metadata answer; false if it was not ours.
    pub fn on_response(&mut self, from: NodeId, req: u32, topic: u8, leaders: &[(u8, Option<NodeId>)]) -> bool {
        if self.pending.is_none_or(|p| p.req != req) || topic != self.topic {
            return false;
        }
        self.pending = None;
        self.connected(from);
        for &(p, leader) in leaders {
            self.leaders.insert(QueueKey::named(topic, p), leader);
        }
        // A broker that has not heard from the controller yet knows no leaders: ask again.
        if leaders.iter().all(|(_, l)| l.is_none()) {
            self.wanted = true;
        }
        true
    }

    /// `to` could not be reached (refused or reset): who leads what may have changed, so ask
    /// again (Kafka's NetworkClient requests a metadata update on every disconnect) — another
    /// broker, at once, if our metadata request went there.
    pub fn on_unreachable(&mut self, to: NodeId, now: SimTime) {
        if self.pending.is_some_and(|p| p.to == to) {
            self.pending = None;
            self.last_asked = None;
        }
        self.wanted = true;
        self.connection_failed(to, now);
    }
}
