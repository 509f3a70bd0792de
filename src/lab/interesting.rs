//! What "step to the next interesting event" stops at: a fault or repair, a dropped message, a node
//! going down or coming back, a failed send or a status other than SEND_OK, a truncated log, a
//! retry, a rebalance, a dead letter, an expired dedup key or a resend by the reliable producer; on
//! another system, a change of the cluster (a leader elected, a partition offline, a lost copy).
//! Redeliveries and duplicate side effects are found through the checker's counts instead.

use crate::sim::trace::TraceKind;
use crate::sim::wire::SendStatus;

/// Whether a learner would want the run to stop on this event.
pub fn is_interesting(kind: &TraceKind) -> bool {
    use TraceKind::*;
    match kind {
        Action { .. }
        | ActionRefused { .. }
        | NodeCrashed { .. }
        | NodeRestarted { .. }
        | NodePaused { .. }
        | NodeResumed { .. }
        | DiskLost { .. }
        | NetDrop { .. }
        | NsBrokerExpired { .. }
        | SendFailed { .. }
        | LogTruncated { .. }
        | OffsetsReverted { .. }
        | DeadLettered { .. }
        | Rebalanced { .. }
        | ConsumeFailed { .. }
        | DeliveryAbandoned { .. }
        | RedisKeyExpired { .. }
        | OutboxResent { .. }
        | OutboxGaveUp { .. } => true,
        SendResult { status, .. } => *status != SendStatus::SendOk,
        CopyLost { .. } => true,
        System { event } => event.notable(),
        Delivered { reconsume, .. } => *reconsume > 0,
        _ => false,
    }
}
