//! What the page draws of a broker: a badge per partition it leads (with its ISR), and a strip per
//! replica it holds, with the high watermark as the committed marker and, where it leads, how far
//! each group has fetched. (The controller draws its own badges: `controller`.)

use super::broker::{Broker, ReplicaView};
use super::cluster::partition_name;
use crate::sim::ids::GroupId;
use crate::sim::systems::view::{Badge, ServerView, StripRole, StripView};

impl Broker {
    pub fn view(&self) -> ServerView {
        let cluster = self.cluster();
        let rf = usize::from(cluster.replication_factor);
        let min_isr = usize::from(cluster.settings.min_insync_replicas);
        let mut badges = Vec::new();
        let mut strips = Vec::new();
        for (tp, log, role) in self.replicas_view() {
            let label = partition_name(&cluster.topic_names, tp);
            let leader = matches!(role, Some(ReplicaView::Leader { .. }));
            // With replication factor 1 there is no replica to be in sync: "ISR 1/1" would say nothing.
            if let Some(ReplicaView::Leader { epoch, isr }) = role.filter(|_| rf > 1) {
                // Short enough for one line of the box: the strip's label already says "leader".
                let en = format!("{label}: ISR {isr}/{rf}, epoch {epoch}");
                let zh = format!("{label}：ISR {isr}/{rf}，epoch {epoch}");
                badges.push(if isr < rf || isr < min_isr { Badge::alert(en, zh) } else { Badge::new(en, zh) });
            }
            let consumed = if leader {
                let groups = cluster.group_topics.iter().enumerate().filter(|(_, &t)| t == tp.id);
                groups
                    .filter_map(|(g, _)| {
                        let group = GroupId(g as u8);
                        self.consumer_position(tp, group).map(|o| (group, o))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            strips.push(StripView {
                label,
                role: if leader { StripRole::Leader } else { StripRole::Follower },
                start: 0,
                end: log.leo(),
                flushed: None,
                committed: Some(log.hw),
                consumed,
            });
        }
        if self.replicas_view().all(|(_, _, role)| role.is_none()) {
            badges.push(Badge::alert("no word from the controller", "尚未收到控制器的指令"));
        }
        ServerView { badges, strips }
    }
}
