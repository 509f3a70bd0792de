//! The wording of scenario errors, in English and in Simplified Chinese side by side, so a
//! message cannot be changed in one language and forgotten in the other.

use super::error::{ErrorKind, JsonType, NodeKind, Totaled, Unit};
use crate::i18n::Lang;
use serde_words::{syntax_zh, wrong_type, wrong_type_within};

mod serde_words;

/// `v` with its unit, and for a round duration the duration in words: "86400000 ms (24 h)".
fn amount(v: u64, unit: Unit, lang: Lang) -> String {
    let per_s = match unit {
        Unit::None => return v.to_string(),
        Unit::Ppm | Unit::PerS | Unit::Msgs => return format!("{v} {}", unit.symbol(lang)),
        Unit::Ms => 1_000,
        Unit::Us => 1_000_000,
    };
    let sym = if unit == Unit::Ms { "ms" } else { "µs" };
    let spans: [(u64, &str, &str); 3] =
        [(3_600 * per_s, " h", " 小时"), (60 * per_s, " min", " 分钟"), (per_s, " s", " 秒")];
    for (size, en, zh) in spans {
        if v >= size && v.is_multiple_of(size) {
            return format!("{v} {sym} ({}{})", v / size, lang.pick(en, zh));
        }
    }
    format!("{v} {sym}")
}

/// A value outside `min..=max`, `got` already written with its unit. A range from 0 is said as
/// its top ("at most 2"), except to a negative value, which "at most" would not refuse.
fn out_of_range(min: u64, max: u64, got: &str, unit: Unit, lang: Lang) -> String {
    let (min_text, max_text) = (amount(min, unit, lang), amount(max, unit, lang));
    match (lang, min == 0 && !got.starts_with('-')) {
        (Lang::En, true) => format!("must be at most {max_text}, got {got}"),
        (Lang::En, false) => format!("must be between {min_text} and {max_text}, got {got}"),
        (Lang::Zh, true) => format!("不能超过 {max_text}，实际为 {got}"),
        (Lang::Zh, false) => format!("必须在 {min_text} 到 {max_text} 之间，实际为 {got}"),
    }
}

/// A number as the document wrote it, with its unit's symbol.
fn as_written(written: &str, unit: Unit, lang: Lang) -> String {
    match unit.symbol(lang) {
        "" => written.to_string(),
        sym => format!("{written} {sym}"),
    }
}

/// A system as people name it, from its `kind` tag: "kafka" → "Kafka cluster". The Chinese
/// names end in a Chinese word, so no space goes before what follows.
fn system_name(tag: &str, lang: Lang) -> &str {
    use crate::scenario::systems::SystemKind::*;
    let Some(system) = crate::scenario::systems::SystemKind::from_tag(tag) else { return tag };
    let (en, zh) = match system {
        Rocketmq => ("RocketMQ cluster", "RocketMQ 集群"),
        Kafka => ("Kafka cluster", "Kafka 集群"),
        Rabbitmq => ("RabbitMQ cluster", "RabbitMQ 集群"),
        Raft => ("Raft queue", "Raft 队列"),
        RedisQueue => ("Redis queue", "Redis 队列"),
    };
    lang.pick(en, zh)
}

fn quoted_list(names: &[String], sep: &str) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(sep)
}

fn char_name(ch: char) -> String {
    if ch.is_control() {
        format!("U+{:04X}", u32::from(ch))
    } else {
        format!("'{ch}'")
    }
}

impl ErrorKind {
    pub(super) fn english(&self) -> String {
        use ErrorKind::*;
        let en = Lang::En;
        match self {
            Empty => "the scenario is empty".into(),
            InputTooLarge { bytes, limit } => {
                format!("the scenario is {bytes} bytes; the limit is {limit} bytes")
            }
            Truncated { line, column } => {
                format!("the JSON ends too early (line {line}, column {column}): the text was cut off")
            }
            Syntax { line, column, detail } => format!("not valid JSON at line {line}, column {column}: {detail}"),
            NotAnObject { found } => {
                let found = match found {
                    JsonType::Null => "null",
                    JsonType::Bool => "true or false",
                    JsonType::Number => "a number",
                    JsonType::String => "a string",
                    JsonType::Array => "an array",
                };
                format!("expected a JSON object ({{ … }}), but this is {found}")
            }
            MissingVersion => "missing; a scenario must say which format it is written in: \"version\": 1".into(),
            UnsupportedVersion { found } => {
                format!("unsupported scenario version {found} (this mqlab reads version 1)")
            }
            UnknownField { field, expected } if expected.is_empty() => {
                format!("unknown field `{field}`; this object takes no fields")
            }
            UnknownField { field, expected } => {
                format!("unknown field `{field}`, expected one of {}", quoted_list(expected, ", "))
            }
            MissingField => "required field is missing".into(),
            UnknownVariant { variant, expected } => {
                format!("unknown value `{variant}`, expected one of {}", quoted_list(expected, ", "))
            }
            WrongType { detail } => wrong_type(detail, Lang::En),
            OutOfRange { min, max, got, unit } => out_of_range(*min, *max, &amount(*got, *unit, en), *unit, en),
            FarOutOfRange { min, max, written, unit } => {
                out_of_range(*min, *max, &as_written(written, *unit, en), *unit, en)
            }
            NotWhole { min, max, unit, detail } => {
                let range =
                    format!("a whole number between {} and {}", amount(*min, *unit, en), amount(*max, *unit, en));
                wrong_type_within(detail, range, en)
            }
            Count { min: 0, max, got } => {
                format!("must have at most {max} entries, got {got}")
            }
            Count { min, max, got } => {
                format!("must have between {min} and {max} entries, got {got}")
            }
            Total { what, max, got } => {
                let what = match what {
                    Totaled::Consumers => "consumers (members of all groups together)",
                    Totaled::Messages => "messages (all producers' workloads together)",
                };
                format!("at most {max} {what}, got {got}")
            }
            TooLong { max, got } => format!("must be at most {max} characters, got {got}"),
            EmptyName => "must not be empty".into(),
            Duplicate { name } => format!("`{name}` is used twice; names must be unique"),
            NameTaken { name } => {
                format!("`{name}` is the name of another node (ns1 to ns5, db and redis are reserved)")
            }
            ForbiddenChar { ch: '/' } => {
                "must not contain '/' (node names use it to join a group and its member)".into()
            }
            ForbiddenChar { ch } => format!("must not contain {}", char_name(*ch)),
            UnknownTopic { name } => format!("no topic named `{name}` in `topics`"),
            UnknownNode { name } => format!("no node named `{name}` in this cluster"),
            WrongRole { name, expected } => match expected {
                NodeKind::Consumer => {
                    format!("`{name}` is not a consumer (consumers are named like `billing/c1`)")
                }
                NodeKind::Broker => {
                    format!("`{name}` is not a broker (brokers are named like `broker-a/master`)")
                }
            },
            SameNode { name } => {
                format!("from and to are both `{name}`; a link joins two different nodes")
            }
            NoRate { messages } => format!(
                "{messages} messages to send but no rate: set rate_per_s above 0, or a burst \
                 whose rate_per_s and every_ms are above 0"
            ),
            BurstTooLong { length_ms, every_ms } => format!(
                "length_ms {length_ms} is longer than every_ms {every_ms}; a burst must fit in \
                 its period"
            ),
            ReliableNeedsSync => "a reliable producer needs \"send\": \"sync\": a oneway send \
                                  gets no result, so no message could ever be confirmed"
                .into(),
            AfterEnd { at, end, unit } => format!(
                "{} is after the end of the run ({}), so it would never happen",
                amount(*at, *unit, en),
                amount(*end, *unit, en)
            ),
            OutOfOrder => "comes before the action listed ahead of it; actions must be in the \
                           order they happened"
                .into(),
            TooManyReconsumes { max, got } => format!(
                "must be at most {max}, got {got}: RocketMQ allows more, but every retry past \
                 the last delay level waits as long as that level, so more retries only make \
                 the run longer"
            ),
            NotInSystem { system } => {
                format!("has no meaning in a {}; leave it out or choose another value", system_name(system, Lang::En))
            }
            TransactionNeedsSync => {
                "a half message, or a send inside the local transaction, needs \"send\": \"sync\": \
                                     the producer must see the result before it goes on"
                    .into()
            }
            TransactionWithReliable => "choose one: a local message table (\"reliable\") or a local transaction \
                                        (\"transaction\")"
                .into(),
            OrderlyNeedsManualAck => "an orderly consumer needs \"ack\": \"manual\": it consumes a queue message by \
                                      message and acknowledges each after processing it"
                .into(),
            ReliableModeNeedsManualAck => "the reliable mode needs \"ack\": \"manual\": an item leaves its consumer's \
                                           processing list only once processed; \"auto\" is what the list mode does"
                .into(),
            IdempotenceNeedsAcksAll => "the idempotent producer needs \"acks\": \"all\", as in Kafka: turn it off, or \
                                        set acks to all"
                .into(),
        }
    }

    pub(super) fn chinese(&self) -> String {
        use ErrorKind::*;
        let zh = Lang::Zh;
        match self {
            Empty => "场景内容为空".into(),
            InputTooLarge { bytes, limit } => {
                format!("场景有 {bytes} 字节，超过了上限 {limit} 字节")
            }
            Truncated { line, column } => {
                format!("JSON 在第 {line} 行第 {column} 列提前结束：内容被截断了")
            }
            Syntax { line, column, detail } => {
                format!("第 {line} 行第 {column} 列不是合法的 JSON（{}）", syntax_zh(detail))
            }
            NotAnObject { found } => {
                let found = match found {
                    JsonType::Null => "null",
                    JsonType::Bool => "布尔值",
                    JsonType::Number => "数字",
                    JsonType::String => "字符串",
                    JsonType::Array => "数组",
                };
                format!("这里应是 JSON 对象（{{ … }}），实际却是{found}")
            }
            MissingVersion => "缺少版本号：场景必须写明所用的格式版本 \"version\": 1".into(),
            UnsupportedVersion { found } => {
                format!("不支持的场景版本 {found}（本 mqlab 只能读取版本 1）")
            }
            UnknownField { field, expected } if expected.is_empty() => {
                format!("未知字段 `{field}`：这里不接受任何字段")
            }
            UnknownField { field, expected } => {
                format!("未知字段 `{field}`，可用的字段有：{}", quoted_list(expected, "、"))
            }
            MissingField => "缺少这个必填字段".into(),
            UnknownVariant { variant, expected } => {
                format!("未知取值 `{variant}`，可选的取值有：{}", quoted_list(expected, "、"))
            }
            WrongType { detail } => wrong_type(detail, Lang::Zh),
            OutOfRange { min, max, got, unit } => out_of_range(*min, *max, &amount(*got, *unit, zh), *unit, zh),
            FarOutOfRange { min, max, written, unit } => out_of_range(*min, *max, &as_written(written, *unit, zh), *unit, zh),
            NotWhole { min, max, unit, detail } => {
                let range = format!(" {} 到 {} 之间的整数", amount(*min, *unit, zh), amount(*max, *unit, zh));
                wrong_type_within(detail, range, zh)
            }
            Count { min: 0, max, got } => format!("最多 {max} 项，实际有 {got} 项"),
            Count { min, max, got } => format!("必须有 {min} 到 {max} 项，实际有 {got} 项"),
            Total { what, max, got } => {
                let what = match what {
                    Totaled::Consumers => "所有消费者组的成员总数",
                    Totaled::Messages => "所有生产者要发送的消息总数",
                };
                format!("{what}不能超过 {max}，实际为 {got}")
            }
            TooLong { max, got } => format!("最多 {max} 个字符，实际有 {got} 个"),
            EmptyName => "不能为空".into(),
            Duplicate { name } => format!("`{name}` 重复了，名字必须唯一"),
            NameTaken { name } => {
                format!("`{name}` 是另一个节点的名字（ns1 到 ns5、db 和 redis 为保留名）")
            }
            ForbiddenChar { ch: '/' } => "不能包含 '/'（节点名用它连接组名和成员名）".into(),
            ForbiddenChar { ch } => format!("不能包含字符 {}", char_name(*ch)),
            UnknownTopic { name } => format!("`topics` 中没有名为 `{name}` 的主题"),
            UnknownNode { name } => format!("集群中没有名为 `{name}` 的节点"),
            WrongRole { name, expected } => match expected {
                NodeKind::Consumer => {
                    format!("`{name}` 不是消费者（消费者的名字形如 `billing/c1`）")
                }
                NodeKind::Broker => {
                    format!("`{name}` 不是 Broker（Broker 的名字形如 `broker-a/master`）")
                }
            },
            SameNode { name } => {
                format!("from 和 to 都是 `{name}`，一条链路必须连接两个不同的节点")
            }
            NoRate { messages } => format!(
                "要发送 {messages} 条消息，却没有发送速率：请把 rate_per_s 设为大于 0，\
                 或设置一个 rate_per_s 和 every_ms 都大于 0 的 burst"
            ),
            BurstTooLong { length_ms, every_ms } => format!(
                "突发持续时间 length_ms {length_ms} 比周期 every_ms {every_ms} 还长，\
                 突发必须在一个周期之内"
            ),
            ReliableNeedsSync => "可靠生产者需要 \"send\": \"sync\"：单向（oneway）发送收不到\
                                  结果，消息永远无法被确认"
                .into(),
            AfterEnd { at, end, unit } => {
                format!("时间 {} 晚于运行结束时间（{}），永远不会发生", amount(*at, *unit, zh), amount(*end, *unit, zh))
            }
            OutOfOrder => "早于排在它前面的动作：动作必须按发生的先后顺序排列".into(),
            TooManyReconsumes { max, got } => format!(
                "不能超过 {max}，实际为 {got}：RocketMQ 允许更多次，但超过最后一个延迟级别后\
                 每次重试都按最后一级等待，重试次数再多只会让运行更长"
            ),
            NotInSystem { system } => format!("在 {}中没有意义：请去掉它或换一个取值", system_name(system, Lang::Zh)),
            TransactionNeedsSync => {
                "半消息或本地事务中的发送需要 \"send\": \"sync\"：生产者必须先看到发送结果才能继续".into()
            }
            TransactionWithReliable => "二选一：本地消息表（\"reliable\"）或本地事务（\"transaction\"）".into(),
            OrderlyNeedsManualAck => "顺序消费者需要 \"ack\": \"manual\"：它逐条消费队列，处理完一条才确认一条".into(),
            ReliableModeNeedsManualAck => {
                "reliable 模式需要 \"ack\": \"manual\"：消息处理完才会离开消费者的处理中列表；\"auto\" 正是 list 模式的做法".into()
            }
            IdempotenceNeedsAcksAll => {
                "幂等生产者需要 \"acks\": \"all\"（Kafka 的规定）：请关闭幂等，或把 acks 设为 all".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_show_round_durations() {
        assert_eq!(amount(86_400_000, Unit::Ms, Lang::En), "86400000 ms (24 h)");
        assert_eq!(amount(10_000_000, Unit::Us, Lang::Zh), "10000000 µs (10 秒)");
        assert_eq!(amount(1_500, Unit::Ms, Lang::En), "1500 ms");
        assert_eq!(amount(0, Unit::Ms, Lang::En), "0 ms");
        assert_eq!(amount(9, Unit::None, Lang::En), "9");
    }
}
