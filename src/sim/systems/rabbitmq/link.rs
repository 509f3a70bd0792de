//! A client's connection to the RabbitMQ node, as the client library keeps it: open it (one
//! handshake), hear the node's frames and heartbeats, notice it is gone (a TCP reset, a close
//! from the node, or a heartbeat timeout), and reconnect every `recovery_interval_ms`
//! (automatic connection recovery). Publishers and consumers both hold one. An attempt that gets
//! no answer (the node is partitioned away or paused) is given up after the Java client's
//! connection timeout, 60 s, and retried.

use super::event::{Event, LossReason};
use super::wire::{Msg, Subscribe};
use super::{send, timer, Timer};
use crate::sim::effects::Ctx;
use crate::sim::ids::NodeId;
use crate::sim::systems::{SysEvent, SysMsg, Waiting};
use crate::sim::time::{SimTime, MS};
use crate::sim::trace::TraceKind;
use crate::sim::wire::Payload;

/// A connection attempt without an answer is given up after this long (Java client
/// ConnectionFactory connectionTimeout).
const CONNECT_TIMEOUT_MS: u64 = 60_000;

/// What a frame meant to the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkEvent {
    /// Not about the connection: the client handles it (if it is from the node, it was heard).
    NotMine,
    /// Taken care of here (a heartbeat, a stale frame).
    Handled,
    /// The node accepted the connection.
    Opened,
    /// The connection is gone; a reconnect is scheduled.
    Lost,
    /// The node refused the connection (it is down); a reconnect is scheduled.
    Refused,
}

#[derive(Clone, Debug)]
pub struct Link {
    server: NodeId,
    subscribe: Option<Subscribe>,
    conn: Option<u32>,
    opening: bool,
    /// Numbers connection attempts, so that a timeout of an earlier one is ignored.
    attempt: u32,
    /// When the attempt under way is given up (for the page: a client waits on it till then).
    gives_up_at: SimTime,
    last_heard: SimTime,
    heartbeat_ms: u64,
    recovery_ms: u64,
}

impl Link {
    pub fn new(server: NodeId, subscribe: Option<Subscribe>, heartbeat_ms: u64, recovery_ms: u64) -> Link {
        Link {
            server,
            subscribe,
            conn: None,
            opening: false,
            attempt: 0,
            gives_up_at: SimTime::ZERO,
            last_heard: SimTime::ZERO,
            heartbeat_ms,
            recovery_ms,
        }
    }

    pub fn server(&self) -> NodeId {
        self.server
    }

    /// The connection attempt under way: until open-ok the client gets nothing from the node.
    pub fn waiting(&self) -> Option<Waiting> {
        let w = Waiting { on: self.server, gives_up_at: Some(self.gives_up_at), no: self.attempt };
        self.opening.then_some(w)
    }

    /// The open connection's number.
    pub fn conn(&self) -> Option<u32> {
        self.conn
    }

    /// The client starts (or restarts): connect, and start the heartbeat clock.
    pub fn start(&mut self, ctx: &mut Ctx) {
        self.open(ctx);
        if self.heartbeat_ms > 0 {
            ctx.after_ms(self.heartbeat_ms / 2, timer(Timer::ClientHeartbeat));
        }
    }

    /// The machine died: the connection with it.
    pub fn forget(&mut self) {
        self.conn = None;
        self.opening = false;
    }

    fn open(&mut self, ctx: &mut Ctx) {
        self.opening = true;
        self.attempt = self.attempt.wrapping_add(1);
        self.gives_up_at = ctx.now.plus_ms(CONNECT_TIMEOUT_MS);
        send(ctx, self.server, Msg::Open { attempt: self.attempt, subscribe: self.subscribe });
        ctx.after_ms(CONNECT_TIMEOUT_MS, timer(Timer::ConnectTimeout { attempt: self.attempt }));
    }

    /// Take a frame from `from`.
    pub fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, payload: &Payload) -> LinkEvent {
        if from != self.server {
            return LinkEvent::NotMine;
        }
        self.last_heard = ctx.now;
        match payload {
            Payload::System(SysMsg::Rabbitmq(m)) => match m {
                Msg::OpenOk { attempt, conn } if self.opening && *attempt == self.attempt => {
                    self.opening = false;
                    self.conn = Some(*conn);
                    LinkEvent::Opened
                }
                Msg::Close { conn } if self.conn == Some(*conn) => self.lose(ctx, LossReason::ClosedByBroker),
                Msg::OpenOk { .. } | Msg::Close { .. } | Msg::Heartbeat => LinkEvent::Handled,
                _ => LinkEvent::NotMine,
            },
            Payload::PeerDown if self.conn.is_some() || self.opening => self.lose(ctx, LossReason::Reset),
            Payload::Reset if self.conn.is_some() || self.opening => self.lose(ctx, LossReason::NetworkReset),
            Payload::Undeliverable { original } => match **original {
                Payload::System(SysMsg::Rabbitmq(Msg::Open { attempt, .. }))
                    if self.opening && attempt == self.attempt =>
                {
                    self.opening = false;
                    self.reconnect_later(ctx);
                    LinkEvent::Refused
                }
                // A frame the node could not take: its machine is down, the connection with it.
                _ if self.conn.is_some() => self.lose(ctx, LossReason::Reset),
                _ => LinkEvent::Handled,
            },
            _ => LinkEvent::Handled,
        }
    }

    fn lose(&mut self, ctx: &mut Ctx, reason: LossReason) -> LinkEvent {
        self.conn = None;
        self.opening = false;
        let event = Event::Disconnected { client: ctx.me, reason };
        ctx.trace(TraceKind::System { event: SysEvent::Rabbitmq(event) });
        self.reconnect_later(ctx);
        LinkEvent::Lost
    }

    fn reconnect_later(&mut self, ctx: &mut Ctx) {
        ctx.after_ms(self.recovery_ms, timer(Timer::Reconnect));
    }

    /// A timer of the connection (reconnect, connect timeout, heartbeat): what it meant, or None
    /// for another timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx, t: Timer) -> Option<LinkEvent> {
        match t {
            Timer::Reconnect => {
                self.on_reconnect(ctx);
                Some(LinkEvent::Handled)
            }
            Timer::ConnectTimeout { attempt } => Some(self.on_connect_timeout(ctx, attempt)),
            Timer::ClientHeartbeat => Some(self.on_heartbeat(ctx)),
            _ => None,
        }
    }

    /// A connection attempt's timeout fired: if it is still unanswered, it failed.
    fn on_connect_timeout(&mut self, ctx: &mut Ctx, attempt: u32) -> LinkEvent {
        if !self.opening || attempt != self.attempt {
            return LinkEvent::Handled;
        }
        self.opening = false;
        self.reconnect_later(ctx);
        LinkEvent::Refused
    }

    /// The reconnect timer fired.
    fn on_reconnect(&mut self, ctx: &mut Ctx) {
        if self.conn.is_none() && !self.opening {
            self.open(ctx);
        }
    }

    /// The heartbeat timer fired: send a heartbeat, or give the connection up if the node has
    /// been silent for the whole timeout (two heartbeats missed).
    fn on_heartbeat(&mut self, ctx: &mut Ctx) -> LinkEvent {
        ctx.after_ms(self.heartbeat_ms / 2, timer(Timer::ClientHeartbeat));
        if self.conn.is_none() {
            return LinkEvent::Handled;
        }
        if ctx.now.since(self.last_heard) >= self.heartbeat_ms.saturating_mul(MS) {
            return self.lose(ctx, LossReason::MissedHeartbeats);
        }
        send(ctx, self.server, Msg::Heartbeat);
        LinkEvent::Handled
    }
}
