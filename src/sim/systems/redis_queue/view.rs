//! What the page draws of the Redis server: badges for the queue mode and the persistence, and a
//! strip per key — each topic's list, its delayed set, and each consumer's processing list —
//! with where the disk's copy ends (the flushed marker).

use super::dataset::Entry;
use super::server::Server;
use crate::scenario::systems::redis_queue::{Persistence, QueueMode};
use crate::sim::ids::{MsgId, NodeId};
use crate::sim::systems::{Badge, ServerView, StripRole, StripView};

/// A key of the dataset the page draws as a strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strip {
    /// The topic's list.
    List(u8),
    /// The topic's sorted set of delayed items.
    Delayed(u8),
    /// A consumer's processing list.
    Processing(NodeId),
}

impl Server {
    /// The strips in drawing order: per topic its list, its delayed set (delayed queues), and the
    /// processing list of each of its consumers (reliable mode).
    fn strips(&self) -> Vec<Strip> {
        let mut out = Vec::new();
        for topic in 0..self.topics.len() as u8 {
            out.push(Strip::List(topic));
            if self.settings.delayed {
                out.push(Strip::Delayed(topic));
            }
            if self.settings.mode == QueueMode::Reliable {
                let mine = self.consumers.iter().filter(|(_, c)| c.topic == topic);
                out.extend(mine.map(|(&id, _)| Strip::Processing(id)));
            }
        }
        out
    }

    /// A strip's items, oldest (next out) first.
    fn items(&self, strip: Strip) -> Vec<&Entry> {
        let mem = &self.store.mem;
        match strip {
            Strip::List(t) => mem.list(t).collect(),
            Strip::Delayed(t) => mem.delayed(t).map(|(_, e)| e).collect(),
            Strip::Processing(c) => mem.held(c).map(|h| &h.entry).collect(),
        }
    }

    /// Its key, as `redis-cli` would show it.
    fn label(&self, strip: Strip) -> String {
        let topic = |t: u8| self.topics.get(usize::from(t)).map_or("?", String::as_str);
        match strip {
            Strip::List(t) => topic(t).to_string(),
            Strip::Delayed(t) => format!("{}:delayed", topic(t)),
            Strip::Processing(c) => {
                let info = self.consumers.get(&c);
                let name = info.map_or("?", |i| i.name.as_str());
                format!("{}:processing:{name}", topic(info.map_or(0, |i| i.topic)))
            }
        }
    }

    pub fn view(&self) -> ServerView {
        let mut badges = vec![match self.settings.mode {
            QueueMode::List => Badge::new("BRPOP list", "BRPOP 列表"),
            QueueMode::Reliable => Badge::new("reliable: BRPOPLPUSH + LREM", "可靠队列：BRPOPLPUSH + LREM"),
        }];
        if self.settings.delayed {
            badges.push(Badge::new("delayed: ZSET", "延时：ZSET"));
        }
        badges.push(match self.store.persistence() {
            Persistence::None => Badge::alert("no persistence", "不持久化"),
            Persistence::Rdb => Badge::new("RDB snapshots", "RDB 快照"),
            Persistence::AofEverysec => Badge::new("AOF everysec", "AOF 每秒 fsync"),
            Persistence::AofAlways => Badge::new("AOF always", "AOF 每次 fsync"),
        });
        if self.blocked_clients() > 0 {
            let n = self.blocked_clients();
            badges.push(Badge::new(format!("{n} blocked"), format!("{n} 个阻塞等待")));
        }
        let strips = self.strips().into_iter().map(|s| self.strip_view(s)).collect();
        ServerView { badges, strips }
    }

    fn strip_view(&self, strip: Strip) -> StripView {
        let items = self.items(strip);
        let start = self.taken.get(&strip).copied().unwrap_or(0);
        let end = start + items.len() as u64;
        let unsynced = items.iter().filter(|e| !self.store.is_synced(e)).count() as u64;
        let flushed = (self.store.persistence() != Persistence::None).then_some(end - unsynced);
        let consumed = match strip {
            // Popped is consumed: what is before the list's start was handed out.
            Strip::List(t) => {
                let groups = self.consumers.values().filter(|c| c.topic == t).map(|c| c.group);
                let mut groups: Vec<_> = groups.collect();
                groups.dedup();
                groups.into_iter().map(|g| (g, start)).collect()
            }
            _ => Vec::new(),
        };
        StripView { label: self.label(strip), role: StripRole::Leader, start, end, flushed, committed: None, consumed }
    }

    pub fn msg_at(&self, strip: usize, offset: u64) -> Option<MsgId> {
        let s = *self.strips().get(strip)?;
        let start = self.taken.get(&s).copied().unwrap_or(0);
        let i = usize::try_from(offset.checked_sub(start)?).ok()?;
        self.items(s).get(i).map(|e| e.msg.id)
    }
}
