//! The NameServer side of a client (producer or consumer): pick one NameServer at random, ask it
//! for the topic's route every `route_refresh_ms`, and move to the next NameServer when it does not
//! answer. Between refreshes the route can be stale: a dead master stays in it for up to 30 s.

use super::Timer;
use crate::sim::effects::Ctx;
use crate::sim::ids::NodeId;
use crate::sim::rng::SimRng;
use crate::sim::trace::TraceKind;
use crate::sim::wire::{Payload, Route};

/// A route request unanswered after this long goes to the next NameServer (RocketMQ: 3 s).
const ROUTE_TIMEOUT_MS: u64 = 3_000;
/// After a refused connection, wait this long before asking the next NameServer.
const ROUTE_RETRY_MS: u64 = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteTimer {
    Refresh,
    Retry,
    Timeout { req: u32 },
}

/// What a message meant to the route client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteEvent {
    /// Not a route message: the caller handles it.
    NotMine,
    Handled,
    /// The route changed (or arrived for the first time).
    Changed,
}

#[derive(Clone, Debug)]
pub struct RouteClient {
    nameservers: Vec<NodeId>,
    topic: u8,
    refresh_ms: u64,
    rng: SimRng,
    ns_index: usize,
    route: Option<Route>,
    pending: Option<u32>,
    next_req: u32,
}

impl RouteClient {
    pub fn new(nameservers: Vec<NodeId>, topic: u8, refresh_ms: u64, rng: SimRng) -> Self {
        RouteClient { nameservers, topic, refresh_ms, rng, ns_index: 0, route: None, pending: None, next_req: 0 }
    }

    pub fn route(&self) -> Option<&Route> {
        self.route.as_ref()
    }

    /// The NameServer this client is talking to.
    pub fn nameserver(&self) -> Option<NodeId> {
        self.nameservers.get(self.ns_index).copied()
    }

    /// Pick a NameServer at random and ask for the route; refresh periodically from now on.
    pub fn start(&mut self, ctx: &mut Ctx, wrap: fn(RouteTimer) -> Timer) {
        self.ns_index = self.rng.below(self.nameservers.len() as u64) as usize;
        self.request(ctx, wrap);
        ctx.after_ms(self.refresh_ms, wrap(RouteTimer::Refresh));
    }

    /// A crash forgets the route and any request under way.
    pub fn forget(&mut self) {
        self.route = None;
        self.pending = None;
    }

    fn request(&mut self, ctx: &mut Ctx, wrap: fn(RouteTimer) -> Timer) {
        let Some(ns) = self.nameserver() else { return };
        let req = self.next_req;
        self.next_req = self.next_req.wrapping_add(1);
        self.pending = Some(req);
        ctx.send(ns, Payload::RouteRequest { req, topic: self.topic });
        ctx.after_ms(ROUTE_TIMEOUT_MS, wrap(RouteTimer::Timeout { req }));
    }

    fn next_nameserver(&mut self) {
        if !self.nameservers.is_empty() {
            self.ns_index = (self.ns_index + 1) % self.nameservers.len();
        }
    }

    pub fn on_message(
        &mut self,
        ctx: &mut Ctx,
        _from: NodeId,
        payload: &Payload,
        wrap: fn(RouteTimer) -> Timer,
    ) -> RouteEvent {
        match payload {
            Payload::RouteReply { req, route } => {
                if self.pending != Some(*req) {
                    return RouteEvent::Handled;
                }
                self.pending = None;
                if self.route.as_ref() == Some(route) {
                    return RouteEvent::Handled;
                }
                ctx.trace(TraceKind::RouteUpdated {
                    node: ctx.me,
                    masters: route.master_mask(),
                    slaves: route.slave_mask(),
                });
                self.route = Some(route.clone());
                RouteEvent::Changed
            }
            Payload::Undeliverable { original } => match **original {
                Payload::RouteRequest { req, .. } => {
                    if self.pending == Some(req) {
                        self.pending = None;
                        self.next_nameserver();
                        ctx.after_ms(ROUTE_RETRY_MS, wrap(RouteTimer::Retry));
                    }
                    RouteEvent::Handled
                }
                _ => RouteEvent::NotMine,
            },
            _ => RouteEvent::NotMine,
        }
    }

    pub fn on_timer(&mut self, ctx: &mut Ctx, timer: RouteTimer, wrap: fn(RouteTimer) -> Timer) {
        match timer {
            RouteTimer::Refresh => {
                if self.pending.is_none() {
                    self.request(ctx, wrap);
                }
                ctx.after_ms(self.refresh_ms, wrap(RouteTimer::Refresh));
            }
            RouteTimer::Retry => {
                if self.pending.is_none() {
                    self.request(ctx, wrap);
                }
            }
            RouteTimer::Timeout { req } => {
                if self.pending == Some(req) {
                    self.next_nameserver();
                    self.request(ctx, wrap);
                }
            }
        }
    }
}
