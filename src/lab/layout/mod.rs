//! Where the cluster view draws each node: a pure function of the topology, in integer
//! coordinates of a fixed 1000 × 600 viewBox. Producers stand in the left column, NameServers in
//! the top row, broker groups in the middle (master over its slaves, up to four groups a row),
//! consumer groups on the right (a box holding its members), the DB and Redis at the bottom.
//! Another system's coordinators stand where the NameServers would, and its servers in one row in
//! the middle, each box tall enough for the strips (logs, queues, partitions) it holds.
//! Plain Rust, so the "nothing overlaps, everything is placed" promise is tested natively.

mod links;
mod rect;

pub use links::{LinkLine, LinkRole};
pub use rect::Rect;

use crate::sim::ids::NodeId;
use crate::sim::topology::Topology;
use links::links;

/// Width of the drawing, in viewBox units.
pub const WIDTH: i32 = 1000;
/// Height of the drawing, in viewBox units.
pub const HEIGHT: i32 = 600;
/// Broker groups per row before the next row starts.
const GROUPS_PER_ROW: usize = 4;
/// The tallest a broker's box gets (room for its name, state and commit-log strip).
const MAX_BROKER_H: i32 = 96;
/// Height of one strip row (label and bar) in another system's server box.
pub const SERVER_STRIP_H: i32 = 26;
/// The most strip rows a server box makes room for (more are drawn squeezed).
const MAX_SERVER_STRIPS: usize = 11;
/// Height of a server box above its strips: name, state and three lines of state words at the
/// size a RocketMQ broker's state is written (11 units, about 9.5 px at 1280×720). With up to three
/// strips the box's middle is in this head, so a click there selects the server, as on a broker.
const SERVER_HEAD_H: i32 = 76;

/// The three columns and the rows between them.
const LEFT: (i32, i32) = (12, 142);
const MIDDLE: (i32, i32) = (180, 750);
const RIGHT: (i32, i32) = (790, 988);
const TOP: (i32, i32) = (10, 54);
const BODY: (i32, i32) = (76, 466);
const BOTTOM: (i32, i32) = (476, 516);
/// The band below `LEGEND_TOP` is left empty: the view lays its legend over it.
pub const LEGEND_TOP: i32 = 524;

/// Where everything goes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// Each node's box, by `NodeId` index.
    pub nodes: Vec<Rect>,
    /// A broker's commit-log strip (inside its box), by `NodeId` index; `None` for other nodes.
    pub strips: Vec<Option<Rect>>,
    /// The frame around each broker group (master and slaves), by group index.
    pub broker_groups: Vec<Rect>,
    /// The box around each consumer group's members, by group index.
    pub consumer_groups: Vec<Rect>,
    /// The frame around another system's servers (none for RocketMQ).
    pub servers: Option<Rect>,
    /// The links worth drawing, in drawing order.
    pub links: Vec<LinkLine>,
}

impl Layout {
    /// A node's box (an empty one at the origin for an unknown id).
    pub fn node(&self, id: NodeId) -> Rect {
        self.nodes.get(usize::from(id.0)).copied().unwrap_or_default()
    }
}

/// `n` slots of at most `max` each along `(from, to)`, centred, with `gap` between them; returns
/// (start of each slot, slot size).
fn spread(n: usize, (from, to): (i32, i32), max: i32, gap: i32) -> (Vec<i32>, i32) {
    if n == 0 {
        return (Vec::new(), 0);
    }
    let n32 = n as i32;
    let size = ((to - from - gap * (n32 - 1)) / n32).min(max).max(1);
    let used = size * n32 + gap * (n32 - 1);
    let start = from + (to - from - used) / 2;
    ((0..n32).map(|i| start + i * (size + gap)).collect(), size)
}

/// Lay the topology out, with room for one strip per server.
pub fn layout(topo: &Topology) -> Layout {
    layout_with(topo, 1)
}

/// Lay the topology out; another system's servers get room for `server_strips` strips each (the
/// most any of them holds: partitions on a Kafka broker, queues on a RabbitMQ node).
pub fn layout_with(topo: &Topology, server_strips: usize) -> Layout {
    let mut nodes = vec![Rect::default(); topo.len()];
    let mut strips = vec![None; topo.len()];
    let mut place = |id: NodeId, r: Rect| {
        if let Some(slot) = nodes.get_mut(usize::from(id.0)) {
            *slot = r;
        }
    };

    let top_row: Vec<NodeId> = topo.nameservers.iter().chain(&topo.coordinators).copied().collect();
    let (xs, w) = spread(top_row.len(), (MIDDLE.0, MIDDLE.1), 120, 16);
    for (&id, x) in top_row.iter().zip(xs) {
        place(id, Rect::new(x, TOP.0, w, TOP.1 - TOP.0));
    }

    // Another system's servers: one row, in a frame, centred in the body.
    let mut servers = None;
    if !topo.servers.is_empty() {
        let rows = i32::try_from(server_strips.clamp(1, MAX_SERVER_STRIPS)).unwrap_or(1);
        // A lone server gets room for its queues' names; five share the row.
        let (xs, w) = spread(topo.servers.len(), (MIDDLE.0 + 6, MIDDLE.1 - 6), 280, 14);
        // Name, state and three lines of state words above, then a strip of SERVER_STRIP_H per log or queue.
        let h = SERVER_HEAD_H + rows * SERVER_STRIP_H;
        let frame_h = 22 + h + 6;
        let y = BODY.0 + (BODY.1 - BODY.0 - frame_h) / 2;
        let x0 = xs.first().copied().unwrap_or(MIDDLE.0);
        let x1 = xs.last().copied().unwrap_or(MIDDLE.0) + w;
        servers = Some(Rect::new(x0 - 6, y, x1 - x0 + 12, frame_h));
        for (&id, x) in topo.servers.iter().zip(xs) {
            let r = Rect::new(x, y + 18, w, h);
            place(id, r);
            if let Some(s) = strips.get_mut(usize::from(id.0)) {
                *s = Some(Rect::new(r.x + 5, r.y + SERVER_HEAD_H - 4, r.w - 10, rows * SERVER_STRIP_H - 2));
            }
        }
    }

    let (ys, h) = spread(topo.producers.len(), BODY, 60, 8);
    for (&id, y) in topo.producers.iter().zip(ys) {
        place(id, Rect::new(LEFT.0, y, LEFT.1 - LEFT.0, h));
    }

    // Broker groups: a grid of columns, each column a master over its slaves; the rows are as
    // tall as their brokers need and centred in the body, so a small cluster is not stuck to the top.
    let groups = topo.broker_groups.len();
    let cols = groups.clamp(1, GROUPS_PER_ROW);
    let rows = groups.div_ceil(GROUPS_PER_ROW).max(1);
    let (col_x, col_w) = spread(cols, MIDDLE, 150, 18);
    let (_, row_room) = spread(rows, BODY, BODY.1 - BODY.0, 14);
    let most = topo.broker_groups.iter().map(|g| g.slaves.len() as i32 + 1).max().unwrap_or(1);
    let broker_h = ((row_room - 22 - (most - 1) * 8) / most).clamp(1, MAX_BROKER_H);
    let row_h = 22 + most * broker_h + (most - 1) * 8;
    let (row_y, _) = spread(rows, BODY, row_h, 14);
    let mut broker_groups = Vec::with_capacity(groups);
    for (g, group) in topo.broker_groups.iter().enumerate() {
        let members: Vec<NodeId> = std::iter::once(group.master).chain(group.slaves.iter().copied()).collect();
        let n = members.len() as i32;
        // 18 units at the top of the frame carry the group's name; the frame hugs its brokers.
        let frame = Rect::new(col_x[g % cols], row_y[g / cols], col_w, 22 + n * broker_h + (n - 1) * 8);
        broker_groups.push(frame);
        for (i, &id) in members.iter().enumerate() {
            let r = Rect::new(frame.x + 4, frame.y + 18 + i as i32 * (broker_h + 8), frame.w - 8, broker_h);
            place(id, r);
            // The strip takes the lower part of the box; the name and state sit above it.
            let strip_h = (r.h / 3).clamp(4, 24);
            if let Some(s) = strips.get_mut(usize::from(id.0)) {
                *s = Some(Rect::new(r.x + 5, r.y + r.h - strip_h - 4, r.w - 10, strip_h));
            }
        }
    }

    // Consumer groups: boxes stacked on the right, sized by their number of member rows.
    let member_rows: Vec<i32> = topo.consumer_groups.iter().map(|m| m.len().div_ceil(2).max(1) as i32).collect();
    let total_rows: i32 = member_rows.iter().sum::<i32>().max(1);
    let n_groups = topo.consumer_groups.len() as i32;
    const HEADER: i32 = 18;
    const GROUP_GAP: i32 = 8;
    let room = BODY.1 - BODY.0 - n_groups * (HEADER + 6) - (n_groups - 1).max(0) * GROUP_GAP;
    let row_h = (room / total_rows).clamp(1, 44);
    let total = total_rows * row_h + n_groups * (HEADER + 6) + (n_groups - 1).max(0) * GROUP_GAP;
    let mut y = BODY.0 + (BODY.1 - BODY.0 - total).max(0) / 2;
    let mut consumer_groups = Vec::with_capacity(topo.consumer_groups.len());
    for (members, &rows) in topo.consumer_groups.iter().zip(&member_rows) {
        let frame = Rect::new(RIGHT.0, y, RIGHT.1 - RIGHT.0, HEADER + rows * row_h + 6);
        consumer_groups.push(frame);
        let (xs, w) = spread(2, (frame.x + 4, frame.x + frame.w - 4), 200, 6);
        for (i, &id) in members.iter().enumerate() {
            let r = (i / 2) as i32;
            place(id, Rect::new(xs[i % 2], frame.y + HEADER + r * row_h + 1, w, (row_h - 4).max(1)));
        }
        y += frame.h + GROUP_GAP;
    }

    let stores: Vec<NodeId> = topo.db.iter().chain(topo.redis.iter()).copied().collect();
    let (xs, w) = spread(stores.len(), MIDDLE, 140, 40);
    for (&id, x) in stores.iter().zip(xs) {
        place(id, Rect::new(x, BOTTOM.0, w, BOTTOM.1 - BOTTOM.0));
    }

    Layout { nodes, strips, broker_groups, consumer_groups, servers, links: links(topo) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Scenario;
    use crate::scenario::parse::parse_scenario;

    fn standard() -> Topology {
        Topology::from_scenario(&parse_scenario(include_str!("../../../scenarios/standard.json")).expect("valid"))
    }

    /// Bigger than validation allows (3 slaves, 24 consumers): the layout must still hold.
    fn big() -> Topology {
        let mut s: Scenario = parse_scenario(include_str!("../../../scenarios/standard.json")).expect("valid");
        s.brokers.groups = 5;
        s.brokers.slaves = 3;
        s.nameservers.count = 3;
        let p = s.producers[0].clone();
        s.producers =
            (0..8).map(|i| crate::scenario::model::ProducerSpec { name: format!("p{}", i + 1), ..p.clone() }).collect();
        let g = s.consumer_groups[0].clone();
        s.consumer_groups = ["billing", "audit", "search"]
            .iter()
            .map(|n| crate::scenario::model::ConsumerGroupSpec { name: (*n).into(), members: 8, ..g.clone() })
            .collect();
        s.consumer_groups[1].dedup = crate::scenario::model::Dedup::DbUniqueKey { key: Default::default() };
        Topology::from_scenario(&s)
    }

    fn check(topo: &Topology) {
        let l = layout(topo);
        let canvas = Rect::new(0, 0, WIDTH, LEGEND_TOP);
        assert_eq!(l.nodes.len(), topo.len());
        for (i, r) in l.nodes.iter().enumerate() {
            let name = &topo.nodes[i].name;
            assert!(r.w >= 40 && r.h >= 12, "{name} too small: {r:?}");
            assert!(canvas.contains(r), "{name} outside the canvas: {r:?}");
            for (j, o) in l.nodes.iter().enumerate().skip(i + 1) {
                assert!(!r.overlaps(o), "{name} {r:?} overlaps {} {o:?}", topo.nodes[j].name);
            }
            if let Some(s) = l.strips[i] {
                assert!(r.contains(&s), "{name}'s strip leaves its box");
            }
        }
        for (g, frame) in l.broker_groups.iter().enumerate() {
            assert!(frame.contains(&l.node(topo.broker_groups[g].master)));
            for other in &l.broker_groups[g + 1..] {
                assert!(!frame.overlaps(other));
            }
            for cg in &l.consumer_groups {
                assert!(!frame.overlaps(cg));
            }
        }
        for (g, frame) in l.consumer_groups.iter().enumerate() {
            assert!(canvas.contains(frame));
            for &m in &topo.consumer_groups[g] {
                assert!(frame.contains(&l.node(m)), "member {} outside its group", topo.name(m));
            }
        }
        let master = l.node(topo.broker_groups[0].master);
        let slave = l.node(topo.broker_groups[0].slaves[0]);
        assert!(master.y + master.h <= slave.y, "the master stands over its slave");
    }

    #[test]
    fn standard_topology_fits_without_overlap() {
        check(&standard());
    }

    #[test]
    fn big_topology_fits_without_overlap() {
        let topo = big();
        assert_eq!(topo.len(), 3 + 5 * 4 + 8 + 24 + 1);
        check(&topo);
    }

    #[test]
    fn links_cover_every_role() {
        let topo = big();
        let l = layout(&topo);
        for role in [LinkRole::Produce, LinkRole::Replicate, LinkRole::Consume, LinkRole::Discover, LinkRole::Dedup] {
            assert!(l.links.iter().any(|k| k.role == role), "{role:?} missing");
        }
    }
}

#[cfg(test)]
mod system_tests {
    use super::*;
    use crate::sim::ids::GroupId;
    use crate::sim::topology::{NodeInfo, Role};

    /// Another system's cluster: one coordinator, `servers` servers, two producers, a group of four.
    fn system(servers: usize) -> Topology {
        let mut nodes = vec![NodeInfo { name: "controller".into(), role: Role::Coordinator { index: 0 } }];
        nodes.extend(
            (0..servers).map(|i| NodeInfo { name: format!("node{}", i + 1), role: Role::Server { index: i as u8 } }),
        );
        nodes.extend((0..2).map(|i| NodeInfo { name: format!("p{}", i + 1), role: Role::Producer { index: i } }));
        let group = GroupId(0);
        nodes.extend(
            (0..4).map(|m| NodeInfo { name: format!("billing/c{}", m + 1), role: Role::Consumer { group, member: m } }),
        );
        let id = |i: usize| NodeId(i as u16);
        Topology {
            nameservers: Vec::new(),
            broker_groups: Vec::new(),
            coordinators: vec![id(0)],
            servers: (1..=servers).map(id).collect(),
            producers: vec![id(servers + 1), id(servers + 2)],
            consumer_groups: vec![(servers + 3..servers + 7).map(id).collect()],
            group_names: vec!["billing".into()],
            group_topics: vec![0],
            producer_topics: vec![0, 0],
            producer_order_keys: vec![0, 0],
            topics: vec!["orders".into()],
            db: None,
            redis: None,
            nodes,
            system: crate::scenario::model::System::Kafka(Default::default()),
        }
    }

    #[test]
    fn servers_stand_in_a_row_with_room_for_their_strips() {
        for (servers, strips) in [(1, 1), (3, 3), (5, 1), (5, 11), (2, 30)] {
            let topo = system(servers);
            let l = layout_with(&topo, strips);
            let canvas = Rect::new(0, 0, WIDTH, LEGEND_TOP);
            let frame = l.servers.expect("a frame around the servers");
            assert!(canvas.contains(&frame));
            for (i, r) in l.nodes.iter().enumerate() {
                let name = &topo.nodes[i].name;
                assert!(canvas.contains(r), "{name} outside the canvas");
                for (j, o) in l.nodes.iter().enumerate().skip(i + 1) {
                    assert!(!r.overlaps(o), "{name} overlaps {}", topo.nodes[j].name);
                }
            }
            for &s in &topo.servers {
                let r = l.node(s);
                assert!(frame.contains(&r));
                let strip = l.strips[usize::from(s.0)].expect("a strip area");
                assert!(r.contains(&strip));
                assert!(strip.h >= (strips.min(MAX_SERVER_STRIPS) as i32) * SERVER_STRIP_H - 2);
            }
            let produce = l.links.iter().filter(|k| k.role == LinkRole::Produce).count();
            assert_eq!(produce, 2 * servers);
            let replicate = l.links.iter().filter(|k| k.role == LinkRole::Replicate).count();
            assert_eq!(replicate, servers * (servers - 1) / 2);
        }
    }
}
