//! What the page draws of another system's server, read every frame: a few state words under
//! its name ("leader", "term 3", "ISR 2/3") and the logs or queues it holds as strips, with the
//! same markers a RocketMQ broker's commit log has (written, flushed, committed, consumed).

use crate::sim::ids::{GroupId, NodeId};
use crate::sim::time::SimTime;

/// A request a client has out and waits on: the server it went to, and when the client gives up
/// on it (None: never, as a BRPOP with timeout 0). A long wait is normal (long polling holds a
/// pull up to 15 s); on a server the network cannot reach it is all the client does until then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub on: NodeId,
    pub gives_up_at: Option<SimTime>,
    /// The number the request and its answer carry on the wire (`SystemMsg::wait_no`), so that
    /// `World::stuck_waiting` can tell whether either is still on its way or held by the server.
    pub no: u32,
}

/// A short state word under a node's name, in both languages ("leader" / "leader").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    pub en: String,
    pub zh: String,
    /// Drawn as a warning (offline partition, lost majority, not in sync).
    pub alert: bool,
}

impl Badge {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Badge {
        Badge { en: en.into(), zh: zh.into(), alert: false }
    }

    pub fn alert(en: impl Into<String>, zh: impl Into<String>) -> Badge {
        Badge { en: en.into(), zh: zh.into(), alert: true }
    }
}

/// One log or queue a server holds, as a strip of entries `[start, end)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StripView {
    /// What it holds, as data names it: a partition `orders-0`, a queue `orders`, `log`.
    pub label: String,
    /// This node's part in it: leading (Kafka leader, Raft leader, the queue's home) is drawn solid.
    pub role: StripRole,
    /// The first entry still held (earlier ones were acknowledged and removed, or never here).
    pub start: u64,
    /// One past the last entry written.
    pub end: u64,
    /// One past the last entry on disk, when the system flushes.
    pub flushed: Option<u64>,
    /// One past the last entry safe on enough replicas: Kafka's high watermark, Raft's commit index.
    pub committed: Option<u64>,
    /// Per consumer group, the first entry it has not consumed (or acknowledged).
    pub consumed: Vec<(GroupId, u64)>,
}

/// A server's part in one replicated log. Only the page words it, and only where the log has copies
/// on several servers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StripRole {
    /// It takes the writes; the others copy from it.
    Leader,
    /// It copies from a leader (or waits for one).
    #[default]
    Follower,
    /// A Raft replica asking for votes: neither copying nor leading until the election ends.
    Candidate,
}

/// A server's state as the cluster view draws it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerView {
    pub badges: Vec<Badge>,
    pub strips: Vec<StripView>,
}
