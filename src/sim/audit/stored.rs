//! What "stored" counts: a message once it is in the log its consumers read — a RocketMQ master's
//! commit log, a Kafka partition leader's log, the RabbitMQ node's queue, the Redis list, and for
//! the Raft queue the replicated log, which a leader's entry joins only once a majority holds it
//! (it commits). An entry a Raft leader appended that the next leader truncated was never
//! committed (Raft never truncates a committed entry), so it stops counting as stored. A copy a
//! crash destroyed on a RocketMQ master was in its commit log, readable, and stays counted: that
//! message was stored and lost, not never stored.

use super::lifecycle::{CopyLoss, MessageLife, StoredCopy};
use super::Auditor;
use crate::scenario::systems::SystemKind;
use crate::sim::ids::MsgKey;

/// Whether `c` is a leader's (master's) copy that keeps its message counted as stored: every one
/// but, on the Raft queue (`raft`), one a later leader truncated.
pub(super) fn stands(c: &StoredCopy, raft: bool) -> bool {
    let truncated_uncommitted = raft && matches!(c.lost, Some((_, CopyLoss::TruncatedToLeader)));
    !c.on_slave && !truncated_uncommitted
}

/// A Raft message that was never committed: no leader copy stands and no group got it (a delivered
/// entry was committed, even if a replica that lost its unsynced tail truncates it later).
fn never_committed(life: &MessageLife) -> bool {
    !life.copies.iter().any(|c| stands(c, true)) && life.groups.iter().all(|g| g.deliveries.is_empty())
}

impl Auditor {
    pub(super) fn is_raft(&self) -> bool {
        self.topo.system_kind() == SystemKind::Raft
    }

    /// A leader's copy of `key` was truncated to a new leader: on the Raft queue, a message left
    /// with no standing leader copy was never committed, and is no longer counted as stored.
    pub(super) fn unstore_if_never_committed(&mut self, key: MsgKey) {
        if !self.is_raft() {
            return;
        }
        let topic = usize::from(self.topic_of_key(key));
        if !self.life(key).is_some_and(|l| never_committed(l)) {
            return;
        }
        self.counts.stored = self.counts.stored.saturating_sub(1);
        if let Some(n) = self.stored_keys.get_mut(topic) {
            *n = n.saturating_sub(1);
        }
    }
}
