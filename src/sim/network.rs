//! The network between nodes: per-link latency with jitter and random loss, partitions (a node
//! isolated, a link cut), and targeted faults ("drop the next SEND_OK from broker-a/master to p1",
//! "delay the next 3 pulls by 2 s"). Links are FIFO per direction, like the TCP connections they
//! stand for: a delayed message holds back the ones behind it.
//!
//! Most systems' clients time their requests out themselves, so a frame the network loses is
//! modelled as lost and the timeout shows. A system whose protocol leaves delivery to TCP
//! (RabbitMQ's deliveries and acks have no request timeout) gets links that hold: a frame sent
//! into a partition waits, as TCP's unacknowledged bytes do, and goes when the link heals
//! (`Verdict::Hold`); a frame lost at random is sent again after TCP's retransmission timeout.

use super::command::Direction;
use super::ids::NodeId;
use super::rng::SimRng;
use super::time::SimTime;
use super::trace::DropReason;
use super::wire::MsgKind;
use crate::scenario::model::LinkSpec;
use crate::sim::small_set::SmallSet;

/// What a targeted rule does to the messages it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleEffect {
    Drop,
    DelayUs(u64),
}

/// A targeted fault waiting for its next `remaining` matching messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub from: Option<NodeId>,
    pub to: Option<NodeId>,
    pub kind: Option<MsgKind>,
    pub remaining: u32,
    pub effect: RuleEffect,
}

impl Rule {
    fn matches(&self, from: NodeId, to: NodeId, kind: MsgKind) -> bool {
        self.from.is_none_or(|f| f == from) && self.to.is_none_or(|t| t == to) && self.kind.is_none_or(|k| k == kind)
    }
}

/// The network's decision about one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Deliver {
        at: SimTime,
        delayed: bool,
    },
    Drop(DropReason),
    /// A partition is in the way and the link holds: the sender's TCP keeps the frame until the
    /// link heals (the world keeps it, and routes it again then).
    Hold,
}

/// How long TCP waits before sending a lost segment again (Linux's minimum retransmission
/// timeout, `TCP_RTO_MIN`, 200 ms).
pub const RETRANSMIT_US: u64 = 200_000;

#[derive(Clone, Debug)]
pub struct Network {
    n: usize,
    /// Link properties, indexed from * n + to.
    links: Vec<LinkSpec>,
    /// Last arrival time per directed link, to keep links FIFO.
    last_arrival: Vec<SimTime>,
    isolated: Vec<Option<Direction>>,
    cuts: SmallSet<(NodeId, NodeId)>,
    rules: Vec<Rule>,
    rng: SimRng,
    /// Links hold what a partition stops and resend what they lose (see the module's notes).
    holds: bool,
}

impl Network {
    pub fn new(n: usize, default: LinkSpec, rng: SimRng) -> Self {
        Network {
            n,
            links: vec![default; n * n],
            last_arrival: vec![SimTime::ZERO; n * n],
            isolated: vec![None; n],
            cuts: SmallSet::new(),
            rules: Vec::new(),
            rng,
            holds: false,
        }
    }

    /// Whether links hold frames across partitions (`hold_across_partitions`).
    pub fn holds(&self) -> bool {
        self.holds
    }

    /// Make every link hold frames across partitions and resend lost ones, as TCP does, for a
    /// system that relies on it.
    pub fn hold_across_partitions(&mut self) {
        self.holds = true;
    }

    fn idx(&self, from: NodeId, to: NodeId) -> usize {
        usize::from(from.0) * self.n + usize::from(to.0)
    }

    pub fn set_link(&mut self, from: NodeId, to: NodeId, spec: LinkSpec) {
        let i = self.idx(from, to);
        self.links[i] = spec;
    }

    pub fn link(&self, from: NodeId, to: NodeId) -> LinkSpec {
        self.links[self.idx(from, to)]
    }

    /// True when a partition stops messages from `from` to `to`.
    pub fn blocked(&self, from: NodeId, to: NodeId) -> bool {
        let out = matches!(self.isolated[usize::from(from.0)], Some(Direction::Both | Direction::Outbound));
        let inb = matches!(self.isolated[usize::from(to.0)], Some(Direction::Both | Direction::Inbound));
        out || inb || self.cuts.contains(&(from, to))
    }

    /// Decide the fate of a message sent now. Consumes a matching targeted rule, draws jitter and loss.
    pub fn route(&mut self, now: SimTime, from: NodeId, to: NodeId, kind: MsgKind) -> Verdict {
        if self.blocked(from, to) {
            return if self.holds { Verdict::Hold } else { Verdict::Drop(DropReason::Partition) };
        }
        let mut extra_us = 0;
        let mut delayed = false;
        if let Some(i) = self.rules.iter().position(|r| r.matches(from, to, kind)) {
            let rule = &mut self.rules[i];
            rule.remaining -= 1;
            let effect = rule.effect;
            if rule.remaining == 0 {
                self.rules.remove(i);
            }
            match effect {
                RuleEffect::Drop => return Verdict::Drop(DropReason::Injected),
                RuleEffect::DelayUs(us) => {
                    extra_us = us;
                    delayed = true;
                }
            }
        }
        let i = self.idx(from, to);
        let spec = self.links[i];
        if self.rng.chance_ppm(spec.loss_ppm) {
            if !self.holds {
                return Verdict::Drop(DropReason::Loss);
            }
            extra_us += RETRANSMIT_US;
            delayed = true;
        }
        let jitter = self.rng.below(spec.jitter_us.saturating_add(1));
        let at = now.plus_us(spec.latency_us).plus_us(jitter).plus_us(extra_us);
        let at = at.max(self.last_arrival[i]);
        self.last_arrival[i] = at;
        Verdict::Deliver { at, delayed }
    }

    /// One-way latency without jitter or faults, for connection refusals and resets.
    pub fn base_latency_us(&self, from: NodeId, to: NodeId) -> u64 {
        self.link(from, to).latency_us
    }

    pub fn isolate(&mut self, node: NodeId, direction: Direction) {
        self.isolated[usize::from(node.0)] = Some(direction);
    }

    pub fn cut(&mut self, from: NodeId, to: NodeId, one_way: bool) {
        self.cuts.insert((from, to));
        if !one_way {
            self.cuts.insert((to, from));
        }
    }

    pub fn heal_node(&mut self, node: NodeId) {
        self.isolated[usize::from(node.0)] = None;
        self.cuts.retain(|&(a, b)| a != node && b != node);
    }

    pub fn heal_link(&mut self, a: NodeId, b: NodeId) {
        self.cuts.remove(&(a, b));
        self.cuts.remove(&(b, a));
    }

    pub fn heal_all(&mut self) {
        self.isolated.iter_mut().for_each(|d| *d = None);
        self.cuts.clear();
        self.rules.clear();
    }

    pub fn add_rule(&mut self, rule: Rule) {
        if rule.remaining > 0 {
            self.rules.push(rule);
        }
    }

    /// The partition state of a node, for the view.
    pub fn isolation(&self, node: NodeId) -> Option<Direction> {
        self.isolated[usize::from(node.0)]
    }

    pub fn cuts(&self) -> impl Iterator<Item = &(NodeId, NodeId)> {
        self.cuts.iter()
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net() -> Network {
        Network::new(3, LinkSpec { latency_us: 100, jitter_us: 50, loss_ppm: 0 }, SimRng::new(1, 0))
    }

    #[test]
    fn links_are_fifo_despite_jitter() {
        let mut n = net();
        let mut last = SimTime::ZERO;
        for i in 0..200 {
            match n.route(SimTime(i), NodeId(0), NodeId(1), MsgKind::Send) {
                Verdict::Deliver { at, .. } => {
                    assert!(at >= last);
                    last = at;
                }
                v => panic!("unexpected {v:?}"),
            }
        }
    }

    #[test]
    fn drop_next_takes_exactly_count_matching_messages() {
        let mut n = net();
        n.add_rule(Rule {
            from: Some(NodeId(1)),
            to: None,
            kind: Some(MsgKind::SendResult),
            remaining: 2,
            effect: RuleEffect::Drop,
        });
        let t = SimTime(0);
        assert!(matches!(n.route(t, NodeId(1), NodeId(0), MsgKind::Pull), Verdict::Deliver { .. }));
        assert_eq!(n.route(t, NodeId(1), NodeId(0), MsgKind::SendResult), Verdict::Drop(DropReason::Injected));
        assert_eq!(n.route(t, NodeId(1), NodeId(2), MsgKind::SendResult), Verdict::Drop(DropReason::Injected));
        assert!(matches!(n.route(t, NodeId(1), NodeId(0), MsgKind::SendResult), Verdict::Deliver { .. }));
    }

    #[test]
    fn isolation_directions() {
        let mut n = net();
        n.isolate(NodeId(1), Direction::Inbound);
        assert!(n.blocked(NodeId(0), NodeId(1)));
        assert!(!n.blocked(NodeId(1), NodeId(0)));
        n.heal_node(NodeId(1));
        n.cut(NodeId(0), NodeId(2), true);
        assert!(n.blocked(NodeId(0), NodeId(2)));
        assert!(!n.blocked(NodeId(2), NodeId(0)));
        n.heal_link(NodeId(2), NodeId(0));
        assert!(!n.blocked(NodeId(0), NodeId(2)));
    }

    #[test]
    fn holding_links_keep_what_a_partition_stops_and_resend_what_they_lose() {
        let mut n = Network::new(2, LinkSpec { latency_us: 100, jitter_us: 0, loss_ppm: 1_000_000 }, SimRng::new(1, 0));
        n.hold_across_partitions();
        match n.route(SimTime(0), NodeId(0), NodeId(1), MsgKind::ConsumerAck) {
            Verdict::Deliver { at, delayed } => assert_eq!((at, delayed), (SimTime(100 + RETRANSMIT_US), true)),
            v => panic!("unexpected {v:?}"),
        }
        n.cut(NodeId(0), NodeId(1), false);
        assert_eq!(n.route(SimTime(0), NodeId(1), NodeId(0), MsgKind::ConsumerAck), Verdict::Hold);
        // A targeted drop is still a drop (the world then resets the connection it was on).
        n.heal_all();
        n.add_rule(Rule { from: None, to: None, kind: None, remaining: 1, effect: RuleEffect::Drop });
        assert_eq!(
            n.route(SimTime(0), NodeId(1), NodeId(0), MsgKind::ConsumerAck),
            Verdict::Drop(DropReason::Injected)
        );
    }

    #[test]
    fn delay_adds_to_latency() {
        let mut n = net();
        n.add_rule(Rule { from: None, to: None, kind: None, remaining: 1, effect: RuleEffect::DelayUs(5_000) });
        match n.route(SimTime(0), NodeId(0), NodeId(1), MsgKind::Send) {
            Verdict::Deliver { at, delayed } => {
                assert!(delayed);
                assert!(at.0 >= 5_100 && at.0 <= 5_150);
            }
            v => panic!("unexpected {v:?}"),
        }
    }
}
