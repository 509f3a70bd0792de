//! What only the Redis queues record in the trace: an item scheduled in the delayed set and moved
//! out when due, claimed into a processing list and removed from it (the ack), pushed back by the
//! recovery job, and what a restart brought back from disk. Each says what happened in words.

use crate::i18n::explain::time;
use crate::i18n::Lang;
use crate::sim::ids::{MsgId, MsgKey, NodeId};
use crate::sim::time::SimTime;
use crate::sim::topology::Topology;
use serde::{Deserialize, Serialize};

/// Why the recovery job pushed an item back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequeueReason {
    /// It sat in the processing list longer than the visibility timeout.
    Timeout,
    /// Its consumer's connection is gone (the consumer died).
    ConsumerGone,
    /// Its consumer restarted and found it left over from its previous life.
    ConsumerRestarted,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// ZADD: the item waits in the delayed set until `due`.
    Scheduled { server: NodeId, msg: MsgId, due: SimTime },
    /// The mover found the item due and moved it to the list, where consumers see it.
    MovedDue { server: NodeId, msg: MsgId, due: SimTime },
    /// BRPOPLPUSH: the item moved from the list into `consumer`'s processing list.
    Claimed { server: NodeId, consumer: NodeId, msg: MsgId },
    /// LREM, the consumer's ack: the item left its processing list (`removed` false: it was no
    /// longer there, the recovery job had pushed it back or a restart had lost it).
    Acked { server: NodeId, consumer: NodeId, msg: MsgId, removed: bool },
    /// The recovery job pushed the item back to the list.
    Requeued { server: NodeId, consumer: NodeId, msg: MsgId, why: RequeueReason },
    /// After a restart Redis loaded `items` from its snapshot or append-only file.
    Loaded { server: NodeId, items: u64 },
    /// Back in Redis after a restart although it had been taken out before the crash: the disk
    /// had not recorded the pop.
    Reappeared { server: NodeId, msg: MsgId },
    /// An RDB snapshot was saved with `items`.
    Snapshot { server: NodeId, items: u64 },
    /// The consumer gave up on the item: its dedup store did not answer. It is not acknowledged.
    Abandoned { consumer: NodeId, msg: MsgId },
}

impl Event {
    /// The business message the event is about, if any.
    pub fn message(&self) -> Option<MsgKey> {
        use Event::*;
        match self {
            Scheduled { msg, .. }
            | MovedDue { msg, .. }
            | Claimed { msg, .. }
            | Acked { msg, .. }
            | Requeued { msg, .. }
            | Reappeared { msg, .. }
            | Abandoned { msg, .. } => Some(msg.key),
            Loaded { .. } | Snapshot { .. } => None,
        }
    }

    /// The event as a sentence for the inspector and the lifecycle list.
    pub fn describe(&self, topo: &Topology, lang: Lang) -> String {
        use Event::*;
        let n = |id: &NodeId| topo.name(*id).to_string();
        let m = |id: &MsgId| topo.msg_id_name(*id);
        let t = |at: &SimTime| time(*at, lang);
        match self {
            Scheduled { server, msg, due } => lang.pick(
                format!("{} added {} to the delayed set (ZADD), due at {}", n(server), m(msg), t(due)),
                format!("{} 把 {} 加入延时有序集合（ZADD），{} 到期", n(server), m(msg), t(due)),
            ),
            MovedDue { server, msg, due } => lang.pick(
                format!("{} moved {} (due at {}) from the delayed set to the list", n(server), m(msg), t(due)),
                format!("{} 把 {}（{} 到期）从延时集合移到列表", n(server), m(msg), t(due)),
            ),
            Claimed { server, consumer, msg } => lang.pick(
                format!("{} moved {} into the processing list of {} (BRPOPLPUSH)", n(server), m(msg), n(consumer)),
                format!("{} 把 {} 移入 {} 的处理中列表（BRPOPLPUSH）", n(server), m(msg), n(consumer)),
            ),
            Acked { server, consumer, msg, removed: true } => lang.pick(
                format!("{} removed {} from the processing list of {} (LREM, the ack)", n(server), m(msg), n(consumer)),
                format!("{} 从 {} 的处理中列表删除了 {}（LREM，即确认）", n(server), n(consumer), m(msg)),
            ),
            Acked { server, consumer, msg, removed: false } => lang.pick(
                format!(
                    "{}'s LREM of {} removed nothing on {}: it was no longer in its processing list",
                    n(consumer),
                    m(msg),
                    n(server)
                ),
                format!(
                    "{} 对 {} 的 LREM 在 {} 上没有删除任何东西：它已不在处理中列表里",
                    n(consumer),
                    m(msg),
                    n(server)
                ),
            ),
            Requeued { server, consumer, msg, why } => {
                let (en, zh) = match why {
                    RequeueReason::Timeout => {
                        ("it was held longer than the visibility timeout", "停留超过了可见性超时")
                    }
                    RequeueReason::ConsumerGone => ("its consumer's connection is gone", "它的消费者连接已断开"),
                    RequeueReason::ConsumerRestarted => {
                        ("its consumer restarted without finishing it", "它的消费者重启了，没有处理完它")
                    }
                };
                lang.pick(
                    format!("{} pushed {} back from the processing list of {}: {en}", n(server), m(msg), n(consumer)),
                    format!("{} 把 {} 从 {} 的处理中列表推回队列：{zh}", n(server), m(msg), n(consumer)),
                )
            }
            Loaded { server, items } => lang.pick(
                format!("{} restarted and loaded {items} item(s) from disk", n(server)),
                format!("{} 重启，从磁盘加载了 {items} 条消息", n(server)),
            ),
            Reappeared { server, msg } => lang.pick(
                format!(
                    "{} is back on {} after the restart: it had been taken out, but the disk had not recorded that yet",
                    m(msg),
                    n(server)
                ),
                format!("重启后 {} 又回到了 {}：它在宕机前已被取走，但磁盘还没记下这次取走", m(msg), n(server)),
            ),
            Snapshot { server, items } => lang.pick(
                format!("{} saved an RDB snapshot of {items} item(s)", n(server)),
                format!("{} 保存了一份 RDB 快照（{items} 条消息）", n(server)),
            ),
            Abandoned { consumer, msg } => lang.pick(
                format!(
                    "{} gave up on {}: its dedup store did not answer, so it was not acknowledged",
                    n(consumer),
                    m(msg)
                ),
                format!("{} 放弃了 {}：去重存储没有应答，因此没有确认", n(consumer), m(msg)),
            ),
        }
    }
}
