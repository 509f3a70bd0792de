//! What the page draws of the node: a few words of state (messages ready and unacked, consumers,
//! what a restart would lose) and one strip per queue, plus one per dead-letter queue.

use super::Broker;
use crate::sim::ids::MsgId;
use crate::sim::systems::{Badge, ServerView, StripRole, StripView};

impl Broker {
    pub fn view(&self) -> ServerView {
        let ready: usize = self.queues.iter().map(|q| q.ready.len()).sum();
        let unacked: usize = self.queues.iter().map(|q| q.unacked.len()).sum();
        let consumers = self.channels.values().filter(|c| c.consuming.is_some()).count();
        let mut badges = vec![
            Badge::new(format!("{ready} ready · {unacked} unacked"), format!("待投递 {ready} · 未确认 {unacked}")),
            Badge::new(
                format!("{consumers} {}", if consumers == 1 { "consumer" } else { "consumers" }),
                format!("{consumers} 个消费者"),
            ),
        ];
        if !self.settings.durable {
            badges.push(Badge::alert("queues not durable", "队列非持久化"));
        } else if !self.settings.persistent {
            badges.push(Badge::alert("messages transient", "消息非持久化"));
        }
        let mut strips: Vec<StripView> = self
            .queues
            .iter()
            .enumerate()
            .map(|(q, queue)| {
                let start = queue.start();
                let to_disk = self.settings.durable && self.settings.persistent;
                // One past the last message on disk: the first held one still waiting for the fsync.
                let flushed = to_disk.then(|| {
                    let waiting = self.disk.unsynced(q as u8).filter(|&o| queue.get(o).is_some());
                    waiting.min().unwrap_or(queue.next_offset)
                });
                let consumed =
                    self.queue_groups.get(q).copied().flatten().map(|g| vec![(g, start)]).unwrap_or_default();
                StripView {
                    label: self.names.get(q).cloned().unwrap_or_default(),
                    role: StripRole::Leader,
                    start,
                    end: queue.next_offset,
                    flushed,
                    committed: None,
                    consumed,
                }
            })
            .collect();
        if self.settings.dead_letter {
            for (q, queue) in self.queues.iter().enumerate() {
                let name = self.names.get(q).map_or("?", String::as_str);
                let end = queue.dead.len() as u64;
                strips.push(StripView {
                    label: format!("{name}.dlq"),
                    role: StripRole::Leader,
                    end,
                    ..StripView::default()
                });
            }
        }
        ServerView { badges, strips }
    }

    /// The message at `offset` of strip `strip` (a queue, then the dead-letter queues).
    pub fn msg_at(&self, strip: usize, offset: u64) -> Option<MsgId> {
        let n = self.queues.len();
        if strip < n {
            let queue = &self.queues[strip];
            let held = queue.get(offset).map(|e| e.msg.id);
            return held.or_else(|| self.disk.get(strip, offset).map(|s| s.msg.id));
        }
        if !self.settings.dead_letter {
            return None;
        }
        let queue = self.queues.get(strip - n)?;
        queue.dead.get(usize::try_from(offset).ok()?).copied()
    }
}
