//! How a client finds the leader: it asks the replica it believes leads (at first node1, the
//! preferred leader); a follower answers "not the leader" with the leader it follows, and the
//! client goes there. A replica that is down, or knows no leader, sends it on to the next one in
//! the list. After asking every replica in a row without finding a leader, the client should back
//! off: the cluster is electing, or has no majority.

use crate::sim::ids::NodeId;

#[derive(Clone, Debug)]
pub struct LeaderFinder {
    replicas: Vec<NodeId>,
    /// The replica believed to lead.
    guess: Option<NodeId>,
    /// The next replica to try when there is no guess.
    cursor: usize,
    /// Replicas asked in a row without finding the leader.
    misses: usize,
}

impl LeaderFinder {
    pub fn new(replicas: Vec<NodeId>) -> LeaderFinder {
        let guess = replicas.first().copied();
        LeaderFinder { replicas, guess, cursor: 0, misses: 0 }
    }

    /// Where the next request goes.
    pub fn target(&self) -> Option<NodeId> {
        self.guess.or_else(|| self.replicas.get(self.cursor).copied())
    }

    /// The target answered as leader.
    pub fn found(&mut self, leader: NodeId) {
        self.guess = Some(leader);
        self.misses = 0;
    }

    /// `from` is not the leader; `hint` is whom it follows. A hint back to a replica that just
    /// failed us, or no hint, moves on to the next replica.
    pub fn not_leader(&mut self, from: NodeId, hint: Option<NodeId>) {
        self.misses += 1;
        match hint {
            Some(l) if l != from => self.guess = Some(l),
            _ => self.next_after(from),
        }
    }

    /// `node` is unreachable: down, the connection closed, or silent past a request's timeout.
    pub fn unreachable(&mut self, node: NodeId) {
        self.misses += 1;
        if self.target() == Some(node) {
            self.next_after(node);
        }
    }

    fn next_after(&mut self, node: NodeId) {
        self.guess = None;
        let at = self.replicas.iter().position(|&r| r == node).unwrap_or(self.cursor);
        self.cursor = (at + 1) % self.replicas.len().max(1);
    }

    /// Every replica was asked in a row without finding a leader: wait before asking again.
    /// Calling it starts a new round.
    pub fn exhausted(&mut self) -> bool {
        let out = self.misses >= self.replicas.len().max(1);
        if out {
            self.misses = 0;
        }
        out
    }

    /// A crash forgets the guess (the client is configured with node1 first, as at its start).
    pub fn reset(&mut self) {
        *self = LeaderFinder::new(std::mem::take(&mut self.replicas));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_hints_and_moves_on_past_dead_replicas() {
        let (a, b, c) = (NodeId(0), NodeId(1), NodeId(2));
        let mut f = LeaderFinder::new(vec![a, b, c]);
        assert_eq!(f.target(), Some(a));
        f.unreachable(a);
        assert_eq!(f.target(), Some(b));
        f.not_leader(b, Some(a));
        assert_eq!(f.target(), Some(a), "a hint is followed even to a replica that failed before");
        f.not_leader(a, Some(a));
        assert_eq!(f.target(), Some(b));
        assert!(f.exhausted(), "three replicas asked in a row");
        assert!(!f.exhausted());
        f.not_leader(b, Some(c));
        f.found(c);
        assert_eq!(f.target(), Some(c));
    }
}
