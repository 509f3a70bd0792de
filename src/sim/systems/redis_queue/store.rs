//! Redis persistence: the dataset in memory, the copy on disk, and what a machine crash leaves.
//! - `none`: nothing reaches the disk; a restart starts empty.
//! - `rdb`: a snapshot of the whole dataset at Redis's default save points (after 3600 s with at
//!   least 1 change, 300 s with 100, 60 s with 10 000); a crash loses everything since.
//! - `aof_everysec`: each write goes to the append-only file at once (the page cache) and is
//!   fsynced every second; a machine crash loses the writes of the last second.
//! - `aof_always`: fsynced before the reply; nothing acknowledged is lost.
//!
//! Pops are writes too: an item popped after the last fsync is back in the list after a restart,
//! and is handed out again.

use super::dataset::{Dataset, Entry, Op, Outcome};
use crate::scenario::systems::redis_queue::Persistence;
use crate::sim::ids::MsgId;
use crate::sim::time::{SimTime, SEC};

/// Redis's default `save 3600 1 300 100 60 10000`: (seconds since the last save, changes).
const SAVE_POINTS: [(u64, u64); 3] = [(3_600, 1), (300, 100), (60, 10_000)];

/// What a crash did to the queues.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrashLoss {
    /// Copies held in memory that the disk does not have: gone.
    pub lost: Vec<MsgId>,
    /// Copies on disk that memory no longer held (taken out after the last save): they come back.
    pub back: Vec<MsgId>,
}

#[derive(Clone, Debug)]
pub struct Store {
    pub mem: Dataset,
    disk: Dataset,
    persistence: Persistence,
    /// Writes not yet fsynced (`aof_everysec`), with their numbers.
    pending: Vec<(u64, Op)>,
    /// Writes so far, and the last one on disk.
    writes: u64,
    synced: u64,
    /// `rdb`: writes since the last snapshot, and when it was taken.
    dirty: u64,
    last_save: SimTime,
    /// Copies that were both in memory and on disk at the last crash: what losing the disk destroys.
    on_disk_at_crash: Vec<MsgId>,
}

impl Store {
    pub fn new(persistence: Persistence) -> Store {
        Store {
            mem: Dataset::default(),
            disk: Dataset::default(),
            persistence,
            pending: Vec::new(),
            writes: 0,
            synced: 0,
            dirty: 0,
            last_save: SimTime::ZERO,
            on_disk_at_crash: Vec::new(),
        }
    }

    pub fn persistence(&self) -> Persistence {
        self.persistence
    }

    /// Run a write command. One that changed nothing is not logged, as Redis propagates only
    /// what changed the dataset.
    pub fn write(&mut self, op: Op) -> Outcome {
        let seq = self.writes + 1;
        let out = self.mem.apply(op, seq);
        if out == Outcome::Nothing {
            return out;
        }
        self.writes = seq;
        match self.persistence {
            Persistence::None => {}
            Persistence::Rdb => self.dirty += 1,
            Persistence::AofEverysec => self.pending.push((seq, op)),
            Persistence::AofAlways => {
                self.disk.apply(op, seq);
                self.synced = seq;
            }
        }
        out
    }

    /// The once-a-second fsync of `aof_everysec`: the append-only file catches up.
    pub fn fsync(&mut self) {
        for (seq, op) in self.pending.drain(..) {
            self.disk.apply(op, seq);
        }
        self.synced = self.writes;
    }

    /// `rdb`: take a snapshot if a save point is reached (Redis checks in serverCron). True if taken.
    pub fn cron(&mut self, now: SimTime) -> bool {
        let elapsed = now.since(self.last_save);
        let due = SAVE_POINTS.iter().any(|&(secs, changes)| self.dirty >= changes && elapsed > secs * SEC);
        if self.persistence != Persistence::Rdb || !due {
            return false;
        }
        self.disk = self.mem.clone();
        self.synced = self.writes;
        self.dirty = 0;
        self.last_save = now;
        true
    }

    /// On disk (as far as this entry's own write goes).
    pub fn is_synced(&self, e: &Entry) -> bool {
        self.persistence != Persistence::None && e.written <= self.synced
    }

    /// The machine dies: memory and the unsynced writes go; the disk stays.
    pub fn crash(&mut self) -> CrashLoss {
        let in_mem = self.mem.counts();
        let on_disk = self.disk.counts();
        let copies = |n: u32, id: MsgId| std::iter::repeat_n(id, n as usize);
        let mut loss = CrashLoss::default();
        self.on_disk_at_crash.clear();
        for (&id, &n) in &in_mem {
            let kept = n.min(on_disk.get(&id).copied().unwrap_or(0));
            loss.lost.extend(copies(n - kept, id));
            self.on_disk_at_crash.extend(copies(kept, id));
        }
        for (&id, &n) in &on_disk {
            let was = in_mem.get(&id).copied().unwrap_or(0);
            loss.back.extend(copies(n.saturating_sub(was), id));
        }
        self.mem = Dataset::default();
        self.pending.clear();
        loss
    }

    /// Start: load the snapshot or replay the append-only file.
    pub fn load(&mut self, now: SimTime) {
        self.mem = self.disk.clone();
        self.dirty = 0;
        self.last_save = now;
    }

    /// The disk is gone: the copies it held that the checker still counts in Redis.
    pub fn lose_disk(&mut self) -> Vec<MsgId> {
        self.disk = Dataset::default();
        std::mem::take(&mut self.on_disk_at_crash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::MsgKey;
    use crate::sim::wire::Message;

    fn msg(seq: u32) -> Message {
        let id = MsgId { key: MsgKey { producer: 0, seq }, gen: 0 };
        Message { id, topic: 0, born_at: SimTime::ZERO, reconsume_times: 0 }
    }

    /// Push 1 and 2, fsync (if the mode does), pop 1, push 3, crash.
    fn scenario(p: Persistence) -> (CrashLoss, Store) {
        let mut s = Store::new(p);
        s.write(Op::Push { msg: msg(1) });
        s.write(Op::Push { msg: msg(2) });
        s.fsync_if_aof();
        s.write(Op::Pop { topic: 0 });
        s.write(Op::Push { msg: msg(3) });
        let loss = s.crash();
        s.load(SimTime::ZERO);
        (loss, s)
    }

    impl Store {
        fn fsync_if_aof(&mut self) {
            if self.persistence == Persistence::AofEverysec {
                self.fsync();
            }
        }
    }

    #[test]
    fn everysec_loses_the_last_second_and_brings_back_its_pops() {
        let (loss, s) = scenario(Persistence::AofEverysec);
        assert_eq!(loss.lost, vec![msg(3).id]);
        assert_eq!(loss.back, vec![msg(1).id], "the pop of 1 was not fsynced");
        assert_eq!(s.mem.list(0).map(|e| e.msg.id).collect::<Vec<_>>(), vec![msg(1).id, msg(2).id]);
    }

    #[test]
    fn always_loses_nothing_and_none_loses_everything() {
        let (loss, s) = scenario(Persistence::AofAlways);
        assert!(loss.lost.is_empty() && loss.back.is_empty());
        assert_eq!(s.mem.list_len(0), 2);
        let (loss, s) = scenario(Persistence::None);
        assert_eq!(loss.lost, vec![msg(2).id, msg(3).id]);
        assert_eq!(s.mem.list_len(0), 0);
    }

    #[test]
    fn rdb_snapshots_only_at_a_save_point() {
        let mut s = Store::new(Persistence::Rdb);
        s.load(SimTime::ZERO);
        for i in 0..100 {
            s.write(Op::Push { msg: msg(i) });
        }
        assert!(!s.cron(SimTime::from_ms(300_000)), "300 s is not more than 300 s");
        assert!(s.cron(SimTime::from_ms(300_001)));
        s.write(Op::Push { msg: msg(100) });
        let loss = s.crash();
        assert_eq!(loss.lost, vec![msg(100).id]);
        assert_eq!(s.lose_disk().len(), 100);
    }
}
