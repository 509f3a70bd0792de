//! What nodes send each other: the application message, commit-log entries, routes, and every
//! request and reply of the protocol. Each payload has a `MsgKind`, the word the UI colours dots by
//! and the word a targeted fault names ("drop the next send_result from broker-a/master to p1").

use super::ids::{GroupId, MessageQueue, MsgId, NodeId, QueueKey};
use super::systems::{SysMsg, SystemMsg};
use super::time::SimTime;
use serde::{Deserialize, Serialize};

/// The application's message as the broker stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MsgId,
    /// Index of the scenario topic it was sent to.
    pub topic: u8,
    /// When the producer's application created it (for end-to-end latency).
    pub born_at: SimTime,
    /// Failed consumption attempts so far (RocketMQ reconsumeTimes).
    pub reconsume_times: u8,
}

/// One entry of a broker's commit log: a message and the queue it was appended to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub msg: Message,
    pub queue: QueueKey,
    pub queue_offset: u64,
    /// For a schedule-queue entry: the group whose retry topic it goes to, and when.
    pub retry_of: Option<(GroupId, SimTime)>,
}

/// The brokers of one group as a NameServer knows them: index 0 is the master, 1–2 slaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteGroup {
    pub group: u8,
    pub brokers: [Option<NodeId>; 3],
}

impl RouteGroup {
    pub fn master(&self) -> Option<NodeId> {
        self.brokers[0]
    }
    /// Where a consumer reads: the master, or the first slave when the master is not in the route.
    pub fn read_node(&self) -> Option<NodeId> {
        self.brokers.iter().flatten().next().copied()
    }
}

/// A topic's route: the broker groups that serve it (every group serves every topic).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub groups: Vec<RouteGroup>,
}

impl Route {
    pub fn group(&self, g: u8) -> Option<&RouteGroup> {
        self.groups.iter().find(|r| r.group == g)
    }
    /// Bit i set when group i has a master in this route.
    pub fn master_mask(&self) -> u8 {
        self.groups.iter().filter(|g| g.master().is_some()).fold(0, |m, g| m | (1 << g.group))
    }
    /// Bit i set when group i has at least one slave in this route.
    pub fn slave_mask(&self) -> u8 {
        self.groups.iter().filter(|g| g.brokers[1..].iter().any(Option::is_some)).fold(0, |m, g| m | (1 << g.group))
    }
}

/// The result a broker returns for a sync send, as RocketMQ names it. Every status but `SendOk`
/// still means the master stored the message; it only lacks the disk or the slave.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SendStatus {
    SendOk,
    FlushDiskTimeout,
    FlushSlaveTimeout,
    SlaveNotAvailable,
}

/// The result of a pull.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PullStatus {
    Found,
    NoNewMsg,
    /// The requested offset is past the queue's end (the log was truncated by a crash).
    OffsetIllegal,
}

/// A message in a pull result, with its offset in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pulled {
    pub msg: Message,
    pub queue_offset: u64,
}

/// What a dedup store is asked to remember: the business key or the message id, per group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DedupKey {
    Business(super::ids::MsgKey),
    Id(MsgId),
}

/// Everything nodes send each other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Payload {
    // Broker ↔ NameServer, client ↔ NameServer.
    RegisterBroker {
        group: u8,
        broker_id: u8,
    },
    RouteRequest {
        req: u32,
        topic: u8,
    },
    RouteReply {
        req: u32,
        route: Route,
    },
    // Producer → master.
    SendRequest {
        req: u32,
        msg: Message,
        queue: QueueKey,
        oneway: bool,
    },
    SendResponse {
        req: u32,
        msg: MsgId,
        status: SendStatus,
        queue_offset: u64,
    },
    // Master ↔ slave (HA).
    Replicate {
        from: u64,
        entries: Vec<LogEntry>,
        /// The master's confirm offset: consumers may read below it (see Broker::visible_end).
        confirm: u64,
    },
    /// The slave's written offset; `gap` asks the master to resend from there.
    ReplicaReport {
        offset: u64,
        gap: bool,
    },
    /// The master has less than the slave reported (it lost a tail in a crash): drop what is beyond.
    ReplicaTruncate {
        to: u64,
    },
    OffsetSyncRequest,
    OffsetSyncReply {
        offsets: Vec<(GroupId, QueueKey, u64)>,
    },
    // Consumer ↔ broker.
    ClientHeartbeat {
        group: GroupId,
    },
    ConsumerIdsChanged {
        group: GroupId,
    },
    ConsumerListRequest {
        req: u32,
        group: GroupId,
    },
    ConsumerListReply {
        req: u32,
        members: Vec<NodeId>,
    },
    QueryOffset {
        req: u32,
        group: GroupId,
        queue: QueueKey,
    },
    QueryOffsetReply {
        req: u32,
        offset: Option<u64>,
    },
    PullRequest {
        req: u32,
        group: GroupId,
        queue: QueueKey,
        offset: u64,
        max: u8,
        auto_ack: bool,
    },
    PullResponse {
        req: u32,
        status: PullStatus,
        next_offset: u64,
        msgs: Vec<Pulled>,
    },
    /// Offsets of one consumer for the queues it owns on this broker (the consumer ack).
    OffsetCommit {
        group: GroupId,
        offsets: Vec<(QueueKey, u64)>,
    },
    /// RECONSUME_LATER: store for a later retry, or in the DLQ once `max_reconsume` is reached.
    SendBack {
        req: u32,
        group: GroupId,
        msg: Message,
        max_reconsume: u8,
    },
    SendBackReply {
        req: u32,
    },
    // Consumer ↔ DB / Redis.
    DbInsert {
        req: u32,
        group: GroupId,
        key: DedupKey,
        msg: MsgId,
        mq: MessageQueue,
    },
    DbReply {
        req: u32,
        inserted: bool,
    },
    RedisSetNx {
        req: u32,
        group: GroupId,
        key: DedupKey,
        msg: MsgId,
        ttl_us: u64,
    },
    RedisDel {
        group: GroupId,
        key: DedupKey,
    },
    RedisReply {
        req: u32,
        set: bool,
    },
    // Connections: the OS of a crashed node resets its connections; a connect to a dead node is refused.
    PeerDown,
    /// The connection broke under a live peer: the network lost one of its frames for good, which
    /// TCP does not survive (only on links that hold, `Network::hold_across_partitions`).
    Reset,
    Undeliverable {
        original: Box<Payload>,
    },
    /// A message of another system than RocketMQ (`sim::systems`).
    System(SysMsg),
    // Transactional messages (RocketMQ 4.x).
    /// Producer → the master holding the half message: END_TRANSACTION, oneway.
    EndTransaction {
        msg: MsgId,
        decision: super::rocket_events::TxDecision,
        from_check: bool,
    },
    /// Master → producer: CHECK_TRANSACTION_STATE, oneway; the answer is an END_TRANSACTION.
    CheckTransaction {
        msg: MsgId,
    },
    // Orderly consumers lock their queues on the broker.
    /// LOCK_BATCH_MQ: lock (or renew) these queues for this consumer; the reply lists those locked.
    LockQueues {
        req: u32,
        group: GroupId,
        queues: Vec<QueueKey>,
    },
    LockReply {
        req: u32,
        locked: Vec<QueueKey>,
    },
    /// UNLOCK_BATCH_MQ, oneway.
    UnlockQueues {
        group: GroupId,
        queues: Vec<QueueKey>,
    },
}

/// The kind of a network message: what dots are coloured by and what targeted faults select.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MsgKind {
    /// A message sent by a producer to a master.
    Send,
    /// The broker's answer to a send (SEND_OK or another status).
    SendResult,
    Pull,
    PullResult,
    /// A consumer's offset commit: its acknowledgement of processed messages.
    ConsumerAck,
    /// Commit-log data from master to slave.
    Replicate,
    /// A slave's report of how far it has copied.
    ReplicateAck,
    /// Broker registration with a NameServer, client heartbeats to brokers.
    Heartbeat,
    /// Route requests and replies between clients and NameServers.
    Route,
    /// Group membership: member lists, change notifications, offset queries.
    Rebalance,
    /// A consumer sending a failed message back for a later retry.
    SendBack,
    /// Calls to the dedup DB or Redis.
    Dedup,
    /// Connection resets and refusals.
    Conn,
    /// Leader elections: vote requests and replies, and a new leader announced to the cluster
    /// (Raft, Kafka's controller).
    Election,
}

impl MsgKind {
    pub const ALL: [MsgKind; 14] = [
        MsgKind::Send,
        MsgKind::SendResult,
        MsgKind::Pull,
        MsgKind::PullResult,
        MsgKind::ConsumerAck,
        MsgKind::Replicate,
        MsgKind::ReplicateAck,
        MsgKind::Heartbeat,
        MsgKind::Route,
        MsgKind::Rebalance,
        MsgKind::SendBack,
        MsgKind::Dedup,
        MsgKind::Conn,
        MsgKind::Election,
    ];
}

impl Payload {
    pub fn kind(&self) -> MsgKind {
        use Payload::*;
        match self {
            RegisterBroker { .. } | ClientHeartbeat { .. } => MsgKind::Heartbeat,
            RouteRequest { .. } | RouteReply { .. } => MsgKind::Route,
            SendRequest { .. } => MsgKind::Send,
            SendResponse { .. } => MsgKind::SendResult,
            Replicate { .. } | OffsetSyncRequest | OffsetSyncReply { .. } => MsgKind::Replicate,
            ReplicaReport { .. } => MsgKind::ReplicateAck,
            ReplicaTruncate { .. } => MsgKind::Replicate,
            ConsumerIdsChanged { .. }
            | ConsumerListRequest { .. }
            | ConsumerListReply { .. }
            | QueryOffset { .. }
            | QueryOffsetReply { .. } => MsgKind::Rebalance,
            PullRequest { .. } => MsgKind::Pull,
            PullResponse { .. } => MsgKind::PullResult,
            OffsetCommit { .. } => MsgKind::ConsumerAck,
            SendBack { .. } | SendBackReply { .. } => MsgKind::SendBack,
            DbInsert { .. } | DbReply { .. } | RedisSetNx { .. } | RedisDel { .. } | RedisReply { .. } => {
                MsgKind::Dedup
            }
            PeerDown | Reset | Undeliverable { .. } => MsgKind::Conn,
            System(m) => m.kind(),
            // The outcome of a (half) message's send: commit, rollback, or the broker asking.
            EndTransaction { .. } | CheckTransaction { .. } => MsgKind::SendResult,
            LockQueues { .. } | LockReply { .. } | UnlockQueues { .. } => MsgKind::Rebalance,
        }
    }

    /// Whether the sender waits for an answer, and so should hear that the peer is unreachable.
    pub fn expects_reply(&self) -> bool {
        use Payload::*;
        if let System(m) = self {
            return m.expects_reply();
        }
        matches!(
            self,
            RouteRequest { .. }
                | SendRequest { oneway: false, .. }
                | ConsumerListRequest { .. }
                | QueryOffset { .. }
                | PullRequest { .. }
                | SendBack { .. }
                | DbInsert { .. }
                | RedisSetNx { .. }
                | ReplicaReport { .. }
                | LockQueues { .. }
        )
    }

    /// The number of the consumer wait (`systems::Waiting::no`) this payload opens or answers: a
    /// pull and its result, any system's fetch, blocking pop or connection attempt, and a refusal
    /// of one of them.
    pub fn wait_no(&self) -> Option<u32> {
        use Payload::*;
        match self {
            PullRequest { req, .. } | PullResponse { req, .. } => Some(*req),
            Undeliverable { original } => original.wait_no(),
            System(m) => m.wait_no(),
            _ => None,
        }
    }

    /// The message this payload is about (the first, for a batch) and how many it carries: what the
    /// inspector shows when a dot is clicked.
    pub fn carried(&self) -> (Option<MsgId>, u16) {
        use Payload::*;
        match self {
            SendRequest { msg, .. } | SendBack { msg, .. } => (Some(msg.id), 1),
            SendResponse { msg, .. } => (Some(*msg), 1),
            PullResponse { msgs, .. } => (msgs.first().map(|p| p.msg.id), msgs.len() as u16),
            Replicate { entries, .. } => (entries.first().map(|e| e.msg.id), entries.len() as u16),
            DbInsert { msg, .. } => (Some(*msg), 1),
            EndTransaction { msg, .. } | CheckTransaction { msg } => (Some(*msg), 1),
            System(m) => m.carried(),
            _ => (None, 0),
        }
    }
}
