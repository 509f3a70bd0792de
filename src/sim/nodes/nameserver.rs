//! A NameServer: brokers register with it every 30 s, clients ask it for routes. It keeps no state
//! on disk and knows nothing of other NameServers; a broker it has not heard from for 120 s (or
//! whose connection closed) is dropped from the routes it hands out.

use super::Timer;
use crate::scenario::model::NameServerSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::NodeId;
use crate::sim::small_map::SmallMap;
use crate::sim::time::SimTime;
use crate::sim::trace::{ExpiryReason, TraceKind};
use crate::sim::wire::{Payload, Route, RouteGroup};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NsTimer {
    /// Look for brokers whose registration has expired.
    Scan,
}

#[derive(Clone, Copy, Debug)]
struct Registration {
    group: u8,
    broker_id: u8,
    last_seen: SimTime,
}

#[derive(Clone, Debug)]
pub struct NameServer {
    cfg: NameServerSettings,
    brokers: SmallMap<NodeId, Registration>,
}

impl NameServer {
    pub fn new(cfg: NameServerSettings) -> Self {
        NameServer { cfg, brokers: SmallMap::new() }
    }

    pub fn on_start(&mut self, ctx: &mut Ctx) {
        ctx.after_ms(self.cfg.scan_interval_ms, Timer::Ns(NsTimer::Scan));
    }

    /// A NameServer keeps everything in memory: a crash forgets every broker.
    pub fn on_crash(&mut self) {
        self.brokers.clear();
    }

    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: Payload) {
        match payload {
            Payload::RegisterBroker { group, broker_id } => {
                let reg = Registration { group, broker_id, last_seen: ctx.now };
                if self.brokers.insert(from, reg).is_none() {
                    ctx.trace(TraceKind::NsBrokerRegistered { ns: ctx.me, broker: from });
                }
            }
            Payload::RouteRequest { req, .. } => {
                ctx.send(from, Payload::RouteReply { req, route: self.route() });
            }
            Payload::PeerDown if self.brokers.remove(&from).is_some() => {
                let reason = ExpiryReason::ConnectionClosed;
                ctx.trace(TraceKind::NsBrokerExpired { ns: ctx.me, broker: from, reason });
            }
            _ => {}
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: NsTimer) {
        match timer {
            NsTimer::Scan => {
                let expiry = self.cfg.broker_expiry_ms.saturating_mul(crate::sim::time::MS);
                let now = ctx.now;
                let expired: Vec<NodeId> =
                    self.brokers.iter().filter(|(_, r)| now.since(r.last_seen) > expiry).map(|(&id, _)| id).collect();
                for broker in expired {
                    self.brokers.remove(&broker);
                    ctx.trace(TraceKind::NsBrokerExpired { ns: ctx.me, broker, reason: ExpiryReason::Timeout });
                }
                ctx.after_ms(self.cfg.scan_interval_ms, Timer::Ns(NsTimer::Scan));
            }
        }
    }

    /// The route every topic has: each registered broker group with its registered brokers.
    pub fn route(&self) -> Route {
        let mut groups: SmallMap<u8, RouteGroup> = SmallMap::new();
        for (&node, r) in &self.brokers {
            let g = groups.entry(r.group).or_insert(RouteGroup { group: r.group, brokers: [None; 3] });
            if let Some(slot) = g.brokers.get_mut(usize::from(r.broker_id)) {
                *slot = Some(node);
            }
        }
        Route { groups: groups.into_values().collect() }
    }

    /// Brokers this NameServer currently lists, for the view.
    pub fn registered(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.brokers.keys().copied()
    }
}
