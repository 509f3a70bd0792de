//! How a node acts on the world: it never touches the event queue, the trace or another node.
//! A handler gets a `Ctx` and emits effects (send, set a timer, record a trace event); the world
//! applies them after the handler returns. That keeps every node a pure state machine.

use super::ids::NodeId;
use super::nodes::Timer;
use super::time::SimTime;
use super::trace::TraceKind;
use super::wire::Payload;

/// Something a node asks the world to do.
#[derive(Clone, Debug)]
pub enum Effect {
    Send { to: NodeId, payload: Payload },
    Timer { at: SimTime, timer: Timer },
    Trace(TraceKind),
}

/// A handler's view of the world: the time, its own id, and a place to put effects.
pub struct Ctx<'a> {
    pub now: SimTime,
    pub me: NodeId,
    effects: &'a mut Vec<Effect>,
}

impl<'a> Ctx<'a> {
    pub fn new(now: SimTime, me: NodeId, effects: &'a mut Vec<Effect>) -> Self {
        Ctx { now, me, effects }
    }

    pub fn send(&mut self, to: NodeId, payload: Payload) {
        self.effects.push(Effect::Send { to, payload });
    }

    /// Fire `timer` after `us` microseconds.
    pub fn after_us(&mut self, us: u64, timer: Timer) {
        let at = self.now.plus_us(us);
        self.effects.push(Effect::Timer { at, timer });
    }

    /// Fire `timer` after `ms` milliseconds.
    pub fn after_ms(&mut self, ms: u64, timer: Timer) {
        let at = self.now.plus_ms(ms);
        self.effects.push(Effect::Timer { at, timer });
    }

    /// Fire `timer` at `at` (or now, if `at` has passed).
    pub fn at(&mut self, at: SimTime, timer: Timer) {
        let at = at.max(self.now);
        self.effects.push(Effect::Timer { at, timer });
    }

    pub fn trace(&mut self, kind: TraceKind) {
        self.effects.push(Effect::Trace(kind));
    }
}
