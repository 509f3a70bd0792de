//! Which business message a trace event is about, and every event of one message in order: the
//! lifecycle the inspector shows.

use super::{TraceEvent, TraceKind};
use crate::sim::ids::MsgKey;

impl TraceKind {
    /// The message an event is about, if any: what the inspector filters a message's lifecycle by.
    pub fn message(&self) -> Option<MsgKey> {
        use TraceKind::*;
        match self {
            NetSend { msg, .. } | NetHeld { msg, .. } | NetDrop { msg, .. } => msg.map(|m| m.key),
            Produced { key, .. }
            | OutboxStored { key, .. }
            | OutboxConfirmed { key, .. }
            | OutboxGaveUp { key, .. } => Some(*key),
            OutboxResent { msg, .. }
            | SendAttempt { msg, .. }
            | SendResult { msg, .. }
            | SendFailed { msg, .. }
            | Stored { msg, .. }
            | DeadLettered { msg, .. }
            | Delivered { msg, .. }
            | EffectApplied { msg, .. }
            | DedupSkipped { msg, .. }
            | ConsumeFailed { msg, .. }
            | DeliveryAbandoned { msg, .. }
            | RedisKeySet { msg, .. }
            | RedisKeyExpired { msg, .. }
            | CopyStored { msg, .. }
            | CopyLost { msg, .. }
            | AutoAcked { msg, .. } => Some(msg.key),
            System { event } => event.message(),
            Transaction { event } => Some(event.message()),
            Ordering { event } => event.message(),
            _ => None,
        }
    }
}

/// Every event of a trace about one business message, in order: its whole lifecycle.
pub fn lifecycle(trace: &[TraceEvent], key: MsgKey) -> Vec<&TraceEvent> {
    trace.iter().filter(|e| e.kind.message() == Some(key)).collect()
}
