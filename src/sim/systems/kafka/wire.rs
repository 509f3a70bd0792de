//! What Kafka's nodes send each other: broker sessions and leader/ISR changes with the controller,
//! metadata, produce and fetch between clients and partition leaders, the followers' fetches, and
//! the consumer-group protocol with the group coordinator. Each message says which `MsgKind` it
//! is, so that targeted faults ("drop the next send_result") and the page treat it like RocketMQ's.

use super::log::Entry;
use super::Tp;
use crate::scenario::systems::kafka::Acks;
use crate::sim::ids::{GroupId, MsgId, NodeId};
use crate::sim::systems::SystemMsg;
use crate::sim::wire::{Message, MsgKind};
use serde::{Deserialize, Serialize};

/// A record as the producer sends it: the message, and with idempotence its producer epoch and
/// sequence number in the partition (the producer id is the producer's index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub msg: Message,
    pub producer_epoch: u16,
    /// `NO_SEQ` when the producer is not idempotent.
    pub seq: u32,
}

/// The sequence number of a record from a producer that is not idempotent.
pub const NO_SEQ: u32 = u32::MAX;

/// One partition's leader and in-sync replicas as the controller decided them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionState {
    pub tp: Tp,
    /// None: the partition is offline (no in-sync replica alive and no unclean election).
    pub leader: Option<NodeId>,
    /// Bumped at every leader change (and when the controller removes a dead replica from the ISR).
    pub leader_epoch: u32,
    pub isr: Vec<NodeId>,
}

/// Why a leader refused or failed a produce request (Kafka's error codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProduceError {
    /// NOT_LEADER_OR_FOLLOWER: this broker does not lead the partition (stale metadata).
    NotLeader,
    /// NOT_ENOUGH_REPLICAS: acks=all and the ISR is smaller than min.insync.replicas; not written.
    NotEnoughReplicas,
    /// NOT_ENOUGH_REPLICAS_AFTER_APPEND: written, but the ISR shrank below min.insync.replicas
    /// before every member had it.
    NotEnoughReplicasAfterAppend,
    /// REQUEST_TIMED_OUT: acks=all and the in-sync replicas did not all fetch it in time.
    RequestTimedOut,
    /// OUT_OF_ORDER_SEQUENCE_NUMBER: the idempotent leader expected an earlier sequence number.
    OutOfOrderSequence,
}

/// A leader's answer to a follower's fetch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ReplicaResult {
    /// Entries from the fetch's offset (maybe none), and the leader's high watermark.
    Records { entries: Vec<Entry>, hw: u64 },
    /// The follower's log diverges from the leader's: the leader's log ends epoch `epoch` (the
    /// largest it has at or below the follower's last) at `end`. The follower truncates there.
    Diverging { epoch: Option<u32>, end: u64 },
    /// Not the leader of that epoch (any more, or not yet): wait for the controller's word.
    NotLeader,
}

/// A leader's answer to a consumer's fetch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FetchResult {
    /// Records from the fetch offset up to the high watermark (maybe none).
    Records {
        records: Vec<(u64, Message)>,
    },
    NotLeader,
    /// The offset is past the end of the log (the log was truncated under the consumer): read
    /// from `end` on.
    OutOfRange {
        end: u64,
    },
}

/// Why the group coordinator refused a heartbeat or a commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupError {
    /// REBALANCE_IN_PROGRESS: rejoin the group.
    RebalanceInProgress,
    /// ILLEGAL_GENERATION: the group moved on without this member's generation.
    IllegalGeneration,
    /// UNKNOWN_MEMBER_ID: the coordinator dropped this member (session expired).
    UnknownMember,
}

/// A member of a consumer group: the consumer node, in one of its lives (a restarted consumer
/// joins as a new member; the old one stays until its session expires).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MemberId {
    pub node: NodeId,
    pub life: u16,
}

/// Everything Kafka's nodes send each other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Msg {
    // --- broker ↔ controller (ZooKeeper's session, the controller's decisions) ---------------
    /// A broker's session heartbeat; the first of a new life registers it. It says how far the
    /// broker has followed the controller's decisions, so that one it missed is sent again (as a
    /// KRaft broker reports its metadata offset). Nothing else answers it.
    BrokerHeartbeat {
        incarnation: u32,
        metadata_version: u64,
    },
    /// The controller's leaders and ISRs (LeaderAndIsr + UpdateMetadata in one message): every
    /// partition when `full`, else the ones that changed in this `version` of its decisions.
    LeaderAndIsr {
        version: u64,
        full: bool,
        parts: Vec<PartitionState>,
    },
    /// A leader asks the controller to change a partition's ISR (AlterPartition).
    AlterIsr {
        tp: Tp,
        leader_epoch: u32,
        isr: Vec<NodeId>,
    },

    // --- clients ↔ brokers ---------------------------------------------------------------------
    MetadataRequest {
        req: u32,
        topic: u8,
    },
    /// The leader of each partition of the topic, as this broker last heard from the controller.
    MetadataResponse {
        req: u32,
        topic: u8,
        leaders: Vec<(u8, Option<NodeId>)>,
    },
    Produce {
        req: u32,
        tp: Tp,
        acks: Acks,
        records: Vec<Record>,
    },
    ProduceResponse {
        req: u32,
        tp: Tp,
        first: MsgId,
        count: u16,
        error: Option<ProduceError>,
    },
    /// A consumer asks where a partition ends (ListOffsets, for auto.offset.reset=latest).
    ListOffsets {
        req: u32,
        tp: Tp,
    },
    ListOffsetsResponse {
        req: u32,
        tp: Tp,
        offset: Option<u64>,
    },
    Fetch {
        req: u32,
        tp: Tp,
        offset: u64,
        group: GroupId,
    },
    FetchResponse {
        req: u32,
        tp: Tp,
        result: FetchResult,
    },

    // --- follower ↔ leader ----------------------------------------------------------------------
    /// A follower's fetch: its log end (how far it has copied) and the epoch of its last entry.
    /// `fetch` numbers the follower's fetches, so that it takes only the answer to its latest.
    ReplicaFetch {
        tp: Tp,
        leader_epoch: u32,
        fetch: u32,
        offset: u64,
        last_epoch: Option<u32>,
    },
    /// Boxed: the answer is large, and every message of every system is as large as the largest.
    ReplicaData {
        tp: Tp,
        leader_epoch: u32,
        fetch: u32,
        result: Box<ReplicaResult>,
    },

    // --- consumer ↔ group coordinator -----------------------------------------------------------
    JoinGroup {
        group: GroupId,
        member: MemberId,
    },
    /// The end of a rebalance: the member's generation and partitions (JoinGroup + SyncGroup).
    JoinResponse {
        group: GroupId,
        member: MemberId,
        generation: u32,
        partitions: Vec<Tp>,
    },
    /// The member leaves (it did not poll within max.poll.interval.ms).
    LeaveGroup {
        group: GroupId,
        member: MemberId,
    },
    GroupHeartbeat {
        group: GroupId,
        member: MemberId,
        generation: u32,
    },
    GroupHeartbeatResponse {
        error: Option<GroupError>,
    },
    OffsetCommit {
        req: u32,
        group: GroupId,
        member: MemberId,
        generation: u32,
        offsets: Vec<(Tp, u64)>,
    },
    OffsetCommitResponse {
        req: u32,
        error: Option<GroupError>,
    },
    OffsetFetch {
        req: u32,
        group: GroupId,
        partitions: Vec<Tp>,
    },
    OffsetFetchResponse {
        req: u32,
        offsets: Vec<(Tp, Option<u64>)>,
    },
}

impl SystemMsg for Msg {
    fn kind(&self) -> MsgKind {
        use Msg::*;
        match self {
            BrokerHeartbeat { .. } | GroupHeartbeat { .. } | GroupHeartbeatResponse { .. } => MsgKind::Heartbeat,
            LeaderAndIsr { .. } | AlterIsr { .. } => MsgKind::Election,
            MetadataRequest { .. } | MetadataResponse { .. } | ListOffsets { .. } | ListOffsetsResponse { .. } => {
                MsgKind::Route
            }
            Produce { .. } => MsgKind::Send,
            ProduceResponse { .. } => MsgKind::SendResult,
            Fetch { .. } => MsgKind::Pull,
            FetchResponse { .. } => MsgKind::PullResult,
            ReplicaFetch { .. } => MsgKind::ReplicateAck,
            ReplicaData { .. } => MsgKind::Replicate,
            JoinGroup { .. }
            | JoinResponse { .. }
            | LeaveGroup { .. }
            | OffsetFetch { .. }
            | OffsetFetchResponse { .. } => MsgKind::Rebalance,
            OffsetCommit { .. } | OffsetCommitResponse { .. } => MsgKind::ConsumerAck,
        }
    }

    fn expects_reply(&self) -> bool {
        use Msg::*;
        match self {
            Produce { acks, .. } => *acks != Acks::Zero,
            AlterIsr { .. }
            | MetadataRequest { .. }
            | ListOffsets { .. }
            | Fetch { .. }
            | ReplicaFetch { .. }
            | JoinGroup { .. }
            | GroupHeartbeat { .. }
            | OffsetCommit { .. }
            | OffsetFetch { .. } => true,
            _ => false,
        }
    }

    fn carried(&self) -> (Option<MsgId>, u16) {
        use Msg::*;
        match self {
            Produce { records, .. } => (records.first().map(|r| r.msg.id), records.len() as u16),
            ProduceResponse { first, count, .. } => (Some(*first), *count),
            ReplicaData { result, .. } => match &**result {
                ReplicaResult::Records { entries, .. } => (entries.first().map(|e| e.msg.id), entries.len() as u16),
                _ => (None, 0),
            },
            FetchResponse { result: FetchResult::Records { records }, .. } => {
                (records.first().map(|r| r.1.id), records.len() as u16)
            }
            _ => (None, 0),
        }
    }

    /// A consumer's fetch (or its ListOffsets, which waits in the same place) and the answer.
    fn wait_no(&self) -> Option<u32> {
        use Msg::*;
        match self {
            Fetch { req, .. }
            | FetchResponse { req, .. }
            | ListOffsets { req, .. }
            | ListOffsetsResponse { req, .. } => Some(*req),
            _ => None,
        }
    }
}
