//! The consumer's poll loop. Fetches go to each assigned partition's leader, one at a time per
//! partition, only while nothing fetched from it waits (and fewer than `pull_threshold` records
//! wait in all). `poll()` runs when the application is idle: it rejoins the group if asked to,
//! commits automatically if auto.commit.interval.ms has passed (the positions earlier polls
//! returned: all processed by now), and returns up to max.poll.records fetched records.

use super::{Consumer, Item};
use crate::scenario::systems::kafka::OffsetReset;
use crate::sim::effects::Ctx;
use crate::sim::ids::NodeId;
use crate::sim::systems::kafka::cluster::message_queue;
use crate::sim::systems::kafka::wire::{FetchResult, Msg};
use crate::sim::systems::kafka::{event, send, Event, Tp};
use crate::sim::trace::TraceKind;

impl Consumer {
    /// The committed offsets of our partitions: start there, or reset.
    pub(super) fn on_offsets(&mut self, ctx: &mut Ctx, req: u32, offsets: Vec<(Tp, Option<u64>)>) {
        if self.offsets_req.is_none_or(|(r, _)| r != req) {
            return;
        }
        self.offsets_req = None;
        let reset = self.cluster.settings.auto_offset_reset;
        for (tp, committed) in offsets {
            let Some(p) = self.parts.get_mut(&tp) else { continue };
            p.committed = committed;
            match (committed, reset) {
                (Some(offset), _) => p.position = Some(offset),
                (None, OffsetReset::Earliest) => {
                    p.position = Some(0);
                    event(ctx, Event::OffsetReset { consumer: ctx.me, tp, offset: 0 });
                }
                // The end comes from the leader (ListOffsets), sent by `pump`.
                (None, OffsetReset::Latest) => p.to_end = true,
            }
        }
    }

    pub(super) fn on_list_offsets(&mut self, ctx: &mut Ctx, req: u32, tp: Tp, offset: Option<u64>) {
        let Some(p) = self.parts.get_mut(&tp) else { return };
        if p.fetching.is_none_or(|f| f.0 != req) {
            return;
        }
        p.fetching = None;
        match offset {
            Some(offset) => {
                p.position = Some(offset);
                p.to_end = false;
                event(ctx, Event::OffsetReset { consumer: ctx.me, tp, offset });
            }
            None => {
                p.retry_at = ctx.now.plus_ms(self.cluster.settings.retry_backoff_ms);
                self.metadata.want_refresh();
            }
        }
    }

    pub(super) fn on_fetched(&mut self, ctx: &mut Ctx, from: NodeId, req: u32, tp: Tp, result: FetchResult) {
        let backoff = self.cluster.settings.retry_backoff_ms;
        let Some(p) = self.parts.get_mut(&tp) else { return };
        if p.fetching.is_none_or(|f| f.0 != req) {
            return;
        }
        p.fetching = None;
        self.metadata.connected(from);
        match result {
            FetchResult::Records { records, .. } => {
                let fits = records.first().is_some_and(|r| Some(r.0) == p.position);
                if fits {
                    if let Some(last) = records.last() {
                        p.position = Some(last.0 + 1);
                    }
                    p.fetched.extend(records.into_iter().map(|(offset, msg)| (offset, msg, from)));
                    if !self.ready.contains(&tp) {
                        self.ready.push_back(tp);
                    }
                }
            }
            FetchResult::NotLeader => {
                p.retry_at = ctx.now.plus_ms(backoff);
                self.metadata.want_refresh();
            }
            FetchResult::OutOfRange { end } => {
                // The log was truncated under us (a new leader): go on from its end.
                p.position = Some(end);
                p.fetched.clear();
                event(ctx, Event::OffsetReset { consumer: ctx.me, tp, offset: end });
            }
        }
        self.poll_if_idle(ctx);
    }

    /// The application is waiting in poll(): let it return.
    pub(super) fn poll_if_idle(&mut self, ctx: &mut Ctx) {
        if !self.processing.is_busy() && self.batch.is_empty() {
            self.poll(ctx);
        }
    }

    /// KafkaConsumer.poll(): rejoin if asked, auto-commit if due, then hand out fetched records.
    pub(super) fn poll(&mut self, ctx: &mut Ctx) {
        self.last_poll = ctx.now;
        if self.joining {
            return;
        }
        if self.rejoin {
            if self.auto_commit() {
                // Eager rebalance: commit before giving the partitions up (onPartitionsRevoked).
                self.commit_offsets(ctx);
            }
            return self.join(ctx);
        }
        let interval_us = self.spec.commit_interval_ms.saturating_mul(1_000);
        if self.auto_commit() && ctx.now.since(self.last_commit) >= interval_us {
            self.last_commit = ctx.now;
            self.commit_offsets(ctx);
        }
        let max = self.cluster.settings.max_poll_records as usize;
        while self.batch.len() < max {
            let Some(&tp) = self.ready.front() else { break };
            let Some(p) = self.parts.get_mut(&tp) else {
                self.ready.pop_front();
                continue;
            };
            let Some((offset, msg, from)) = p.fetched.pop_front() else {
                self.ready.pop_front();
                continue;
            };
            p.consumed = Some(offset + 1);
            ctx.trace(TraceKind::Delivered {
                consumer: ctx.me,
                group: self.group,
                msg: msg.id,
                mq: message_queue(tp),
                queue_offset: offset,
                from,
                reconsume: 0,
            });
            self.batch.push_back(Item { tp, msg });
        }
        self.process_next(ctx);
    }

    /// Commit how far the records handed to the application go (what changed since the last commit).
    pub(super) fn commit_offsets(&mut self, ctx: &mut Ctx) {
        let Some(generation) = self.generation else { return };
        let offsets: Vec<(Tp, u64)> = self
            .parts
            .iter()
            .filter_map(|(&tp, p)| p.consumed.filter(|&c| p.committed != Some(c)).map(|c| (tp, c)))
            .collect();
        if offsets.is_empty() {
            return;
        }
        let req = self.req();
        self.commit = Some((req, offsets.clone()));
        let msg = Msg::OffsetCommit { req, group: self.group, member: self.member, generation, offsets };
        send(ctx, self.cluster.controller, msg);
    }

    /// Send what is due: metadata, ListOffsets for a reset to the end, fetches.
    pub(super) fn pump(&mut self, ctx: &mut Ctx) {
        let now = ctx.now;
        let buffered: usize = self.parts.values().map(|p| p.fetched.len()).sum::<usize>() + self.batch.len();
        let tps: Vec<Tp> = self.parts.keys().copied().collect();
        for tp in tps {
            let Some(p) = self.parts.get(&tp) else { continue };
            if p.fetching.is_some() || now < p.retry_at || !p.fetched.is_empty() {
                continue;
            }
            let position = p.position;
            if position.is_none() && !p.to_end {
                continue;
            }
            if position.is_some() && buffered >= self.spec.pull_threshold as usize {
                continue;
            }
            let Some(leader) = self.metadata.leader(tp) else {
                self.metadata.want_refresh();
                continue;
            };
            if !self.metadata.ready(leader, now) {
                continue;
            }
            let req = self.req();
            let k = &self.cluster.settings;
            let until = now.plus_ms(k.fetch_max_wait_ms.saturating_add(k.request_timeout_ms));
            let Some(p) = self.parts.get_mut(&tp) else { continue };
            p.fetching = Some((req, leader, until));
            match position {
                Some(offset) => send(ctx, leader, Msg::Fetch { req, tp, offset, group: self.group }),
                None => send(ctx, leader, Msg::ListOffsets { req, tp }),
            }
        }
        // After the fetches: one that found no leader asked for metadata.
        self.metadata.pump(ctx, &mut self.next_req);
        self.arm(ctx);
    }
}
