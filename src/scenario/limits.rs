//! The limits a valid scenario keeps to, in one place for validation, the editor form and the
//! docs. They keep a run small enough for a browser tab and refuse settings that would leave the
//! simulation stuck (a zero timer period fires forever at one instant).

/// One hour, in ms.
pub const HOUR_MS: u64 = 3_600_000;
/// Cap on every interval, period and timeout: one day.
pub const MAX_INTERVAL_MS: u64 = 24 * HOUR_MS;
/// Longest `duration_ms`: two days of sim time.
pub const MAX_DURATION_MS: u64 = 48 * HOUR_MS;
/// Cap on every latency and jitter: 10 s, in µs.
pub const MAX_LATENCY_US: u64 = 10_000_000;
/// One million parts per million: certain.
pub const MAX_PPM: u64 = 1_000_000;
pub const MAX_NAMESERVERS: u8 = 5;
pub const MAX_BROKER_GROUPS: u8 = 8;
pub const MAX_SLAVES: u8 = 2;
pub const MAX_QUEUES_PER_TOPIC: u8 = 16;
pub const MAX_TOPICS: usize = 16;
pub const MAX_PRODUCERS: usize = 16;
pub const MAX_CONSUMER_GROUPS: usize = 8;
pub const MAX_MEMBERS: u8 = 16;
/// Consumers over all groups.
pub const MAX_CONSUMERS: u64 = 16;
/// Messages over all producers' workloads.
pub const MAX_MESSAGES: u64 = 1_000_000;
pub const MAX_RATE_PER_S: u32 = 100_000;
pub const MAX_PROCESSING_MS: u64 = 60_000;
/// RocketMQ caps pullBatchSize at 32.
pub const MAX_PULL_BATCH: u8 = 32;
pub const MAX_PULL_THRESHOLD: u32 = 100_000;
/// RocketMQ has 18 delay levels; a retry past the last one waits as long as the last.
pub const MAX_DELAY_LEVELS: usize = 18;
/// RocketMQ allows more, but with 18 delay levels the 16th retry already waits the last level
/// (2 h) and every later retry waits as long: more retries only stretch the run.
pub const MAX_RECONSUME_TIMES: u8 = 32;
pub const MAX_RETRIES: u8 = 15;
pub const MAX_FAULTS: usize = 1_000;
pub const MAX_LINK_OVERRIDES: usize = 4_096;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_NOTES_CHARS: usize = 10_000;
pub const MAX_TOPIC_CHARS: usize = 64;
/// Producer and consumer group names: short enough for a node label in the cluster view.
pub const MAX_NAME_CHARS: usize = 32;
/// Cap on `delay_next.delay_ms`.
pub const MAX_DELAY_MS: u64 = 3_600_000;
/// Cap on `count` of `drop_next` and `delay_next`.
pub const MAX_RULE_COUNT: u64 = 1_000_000;
