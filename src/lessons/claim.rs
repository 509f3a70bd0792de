//! What a lesson says about a run, in a form a test can check: "lost > 0", "duplicate side effects
//! = 0", "p1's route is stale". The page uses the same claims to mark a prediction right or wrong,
//! so the answer a learner is told is the one CI verified.

use crate::i18n::{Lang, Text};
use crate::lab::routes::stale_route;
use crate::lab::Session;
use crate::sim::audit::counts::Counts;

/// A counter of the scoreboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    Produced,
    Acked,
    SendFailed,
    Stored,
    Replicated,
    Delivered,
    Processed,
    Redelivered,
    DuplicateDeliveries,
    DuplicateEffects,
    DedupCaught,
    Lost,
    InDlq,
    /// Stored and not yet processed, dead-lettered or lost: what waits in the queues (one
    /// consumer group; acknowledged or not, as with RabbitMQ without confirms).
    Backlog,
    /// Local transactions that committed, and that rolled back.
    TxCommitted,
    TxRolledBack,
    /// The broker's transaction check-backs asked.
    TxChecks,
    /// Messages processed although their local transaction rolled back.
    DeliveredAfterRollback,
    /// Messages first processed after a later one of the same business key.
    OutOfOrder,
    /// Messages processed again after a later one of the same business key.
    OutOfOrderReplays,
    /// Stored without a promise to the producer (no confirm, oneway) and gone unprocessed, known
    /// at the end of the run: lost, but nobody was told they were safe.
    Unconfirmed,
}

impl Counter {
    /// The value in a set of counts.
    pub fn of(self, c: &Counts) -> u64 {
        use Counter::*;
        match self {
            Produced => c.produced,
            Acked => c.acked,
            SendFailed => c.send_failed,
            Stored => c.stored,
            Replicated => c.replicated,
            Delivered => c.delivered,
            Processed => c.processed,
            Redelivered => c.redelivered,
            DuplicateDeliveries => c.duplicate_deliveries,
            DuplicateEffects => c.duplicate_effects,
            DedupCaught => c.dedup_caught,
            Lost => c.lost,
            InDlq => c.in_dlq,
            Backlog => c.stored.saturating_sub(c.processed + c.in_dlq + c.lost + c.unconfirmed_unprocessed),
            TxCommitted => c.tx_local_committed,
            TxRolledBack => c.tx_local_rolled_back,
            TxChecks => c.tx_checks,
            DeliveredAfterRollback => c.delivered_after_rollback,
            OutOfOrder => c.out_of_order,
            OutOfOrderReplays => c.out_of_order_replays,
            Unconfirmed => c.unconfirmed_unprocessed,
        }
    }

    /// The scoreboard row's id suffix (`count-lost`), so the page can outline it.
    pub fn dom_suffix(self) -> &'static str {
        use Counter::*;
        match self {
            Produced => "produced",
            Acked => "acked",
            SendFailed => "send-failed",
            Stored => "stored",
            Replicated => "replicated",
            Delivered => "delivered",
            Processed => "processed",
            Redelivered => "redelivered",
            DuplicateDeliveries => "duplicate-deliveries",
            DuplicateEffects => "duplicate-effects",
            DedupCaught => "dedup-caught",
            Lost => "lost",
            InDlq => "dlq",
            Backlog => "backlog",
            TxCommitted => "tx-committed",
            TxRolledBack => "tx-rolled-back",
            TxChecks => "tx-checks",
            DeliveredAfterRollback => "after-rollback",
            OutOfOrder => "out-of-order",
            OutOfOrderReplays => "out-of-order-replays",
            Unconfirmed => "unconfirmed",
        }
    }

    /// The counter's name as the scoreboard shows it.
    pub fn name(self) -> Text {
        use Counter::*;
        let (en, zh) = match self {
            Produced => ("produced", "已生产"),
            Acked => ("acked", "已确认"),
            SendFailed => ("send failed", "发送失败"),
            Stored => ("stored", "已存储"),
            Replicated => ("replicated", "已复制"),
            Delivered => ("delivered", "已投递"),
            Processed => ("processed", "已处理"),
            Redelivered => ("redelivered", "重投递"),
            DuplicateDeliveries => ("duplicate deliveries", "重复投递"),
            DuplicateEffects => ("duplicate side effects", "重复副作用"),
            DedupCaught => ("caught by dedup", "去重拦截"),
            Lost => ("lost", "丢失"),
            InDlq => ("in DLQ", "死信队列中"),
            Backlog => ("backlog", "积压"),
            TxCommitted => ("local txn committed", "本地事务已提交"),
            TxRolledBack => ("local txn rolled back", "本地事务已回滚"),
            TxChecks => ("check-backs", "事务回查"),
            DeliveredAfterRollback => ("processed after rollback", "回滚后仍被处理"),
            OutOfOrder => ("out of order", "乱序"),
            OutOfOrderReplays => ("replayed out of order", "乱序重放"),
            Unconfirmed => ("gone, never confirmed", "未确认即消失"),
        };
        Text { en, zh }
    }
}

/// How a counter compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Gt,
    Lt,
    Ge,
    Le,
}

impl Op {
    fn holds(self, a: u64, b: u64) -> bool {
        match self {
            Op::Eq => a == b,
            Op::Gt => a > b,
            Op::Lt => a < b,
            Op::Ge => a >= b,
            Op::Le => a <= b,
        }
    }

    /// The comparison in words: "is above" / "大于". `of_counter`: against another counter rather
    /// than a number ("equals Delivered" rather than "is 0").
    fn words(self, of_counter: bool, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Op::Eq if of_counter => ("equals", "等于"),
            Op::Eq => ("is", "为"),
            Op::Gt => ("is above", "大于"),
            Op::Lt => ("is below", "小于"),
            Op::Ge => ("is at least", "不少于"),
            Op::Le => ("is at most", "不超过"),
        };
        lang.pick(en, zh)
    }
}

/// A counter's name quoted as the scoreboard shows it: “Lost”, “丢失”.
fn quoted(c: Counter, lang: Lang) -> String {
    let name = c.name().get(lang);
    let mut chars = name.chars();
    let first = chars.next().map(|f| f.to_ascii_uppercase()).into_iter();
    format!("“{}”", first.chain(chars).collect::<String>())
}

/// A checkable statement about the run at a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// A counter against a number.
    Count(Counter, Op, u64),
    /// A counter against another.
    Compare(Counter, Op, Counter),
    /// Whether a producer's route still names a dead master.
    StaleRoute { producer: &'static str, stale: bool },
    /// How many members of a consumer group own no queue (more members than queues).
    IdleMembers { group: &'static str, idle: usize },
}

impl Claim {
    /// The scoreboard counters the claim is about (a route or a group's idle members are none).
    pub fn counters(&self) -> Vec<Counter> {
        match self {
            Claim::Count(c, _, _) => vec![*c],
            Claim::Compare(a, _, b) => vec![*a, *b],
            Claim::StaleRoute { .. } | Claim::IdleMembers { .. } => Vec::new(),
        }
    }

    /// Whether the claim holds where the session stands, on the numbers the page shows there.
    pub fn holds(&self, session: &Session) -> bool {
        self.holds_with(session, &session.shown_counts())
    }

    /// `holds`, with the counts the page shows already worked out (they cost a pass over the run).
    pub fn holds_with(&self, session: &Session, counts: &Counts) -> bool {
        let run = session.run();
        match self {
            Claim::Count(c, op, n) => op.holds(c.of(counts), *n),
            Claim::Compare(a, op, b) => op.holds(a.of(counts), b.of(counts)),
            Claim::StaleRoute { producer, stale } => {
                let world = &run.world;
                world.topology().find(producer).is_some_and(|id| stale_route(world, id) == *stale)
            }
            Claim::IdleMembers { group, idle } => {
                let world = &run.world;
                let topo = world.topology();
                let Some(g) = topo.group_names.iter().position(|n| n == group) else { return false };
                let members = topo.consumer_groups.get(g).map_or(&[][..], Vec::as_slice);
                members.iter().filter(|&&m| world.consumer(m).is_some_and(|c| c.owned().is_empty())).count() == *idle
            }
        }
    }

    /// The claim as a learner reads it: "“Lost” is above 0", "p1: route still names a dead master".
    pub fn describe(&self, lang: Lang) -> String {
        // Chinese runs the quoted name into the verb; English spaces them.
        let gap = lang.pick(" ", "");
        match self {
            Claim::Count(c, op, n) => format!("{}{gap}{} {n}", quoted(*c, lang), op.words(false, lang)),
            Claim::Compare(a, op, b) => {
                format!("{}{gap}{}{gap}{}", quoted(*a, lang), op.words(true, lang), quoted(*b, lang))
            }
            Claim::StaleRoute { producer, stale } => {
                let what = if *stale {
                    lang.pick("route still names a dead master", "路由仍指向已宕机的 master")
                } else {
                    lang.pick("route is up to date", "路由已更新")
                };
                format!("{producer}: {what}")
            }
            Claim::IdleMembers { group, idle } => lang
                .pick(format!("{group}: {idle} members own no queue"), format!("{group}：{idle} 个成员没有分到队列")),
        }
    }

    /// Every node name the claim refers to (checked against the scenario by the tests).
    pub fn node_names(&self) -> Vec<&'static str> {
        match self {
            Claim::StaleRoute { producer, .. } => vec![producer],
            Claim::IdleMembers { .. } => Vec::new(),
            _ => Vec::new(),
        }
    }
}

/// A claim about one row of a comparison's table: "row 0 lost > 0".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowClaim {
    pub row: usize,
    pub counter: Counter,
    pub op: Op,
    pub value: u64,
}

impl RowClaim {
    /// Whether it holds for the row; `None` if the table has no such column.
    pub fn holds(&self, row: &crate::lab::compare::Row) -> Option<bool> {
        let v = match self.counter {
            Counter::Lost => row.lost,
            Counter::DuplicateEffects => row.duplicate_effects,
            Counter::DuplicateDeliveries => row.duplicate_deliveries,
            Counter::InDlq => row.in_dlq,
            Counter::Processed => row.processed,
            _ => return None,
        };
        Some(self.op.holds(v, self.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_reads_as_a_sentence_about_the_scoreboard_in_both_languages() {
        let lost = Claim::Count(Counter::Lost, Op::Gt, 0);
        assert_eq!(lost.describe(Lang::En), "“Lost” is above 0");
        assert_eq!(lost.describe(Lang::Zh), "“丢失”大于 0");
        let few = Claim::Count(Counter::DuplicateEffects, Op::Lt, 10);
        assert_eq!(few.describe(Lang::En), "“Duplicate side effects” is below 10");
        let none = Claim::Count(Counter::InDlq, Op::Eq, 0);
        assert_eq!(none.describe(Lang::En), "“In DLQ” is 0");
        assert_eq!(none.describe(Lang::Zh), "“死信队列中”为 0");
        let same = Claim::Compare(Counter::Processed, Op::Eq, Counter::Delivered);
        assert_eq!(same.describe(Lang::En), "“Processed” equals “Delivered”");
        assert_eq!(same.describe(Lang::Zh), "“已处理”等于“已投递”");
    }
}
