//! Share links: a whole run (scenario, the learner's recorded actions, the moment being looked at)
//! packed into the URL fragment, so a link reproduces exactly what the sharer saw.
//!
//! Format: `m1.` + base64url (no padding) of DEFLATE (raw, level 9) of the run's compact JSON.
//! `m1` is the link format version; a later format gets a new prefix, and this build says which
//! one it reads. Decoding trusts nothing: every stage has a size cap, and the run is validated.

use super::error::{clip, ErrorKind, ScenarioError, Unit};
use super::model::Scenario;
use super::parse::{check_version, expect_object, from_ref, read_json};
use super::references::command_errors;
use super::validate::{validate, Checker};
use crate::i18n::{Lang, Localize};
use crate::sim::command::RecordedAction;
use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{DecodeError, Engine};
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The prefix of every link this build writes and the only one it reads.
pub const LINK_PREFIX: &str = "m1.";
/// Longest link text accepted, in bytes. Browsers and chat apps handle far longer URLs, but a
/// real run packs into a few KiB; anything past this is not a link we made.
pub const MAX_LINK_CHARS: usize = 64 * 1024;
/// Largest JSON a link may unpack to. Inflating stops here, so a "zip bomb" (a few KiB that
/// inflate to gigabytes) costs at most this much memory.
pub const MAX_LINK_JSON_BYTES: usize = 1 << 20;
/// Most recorded actions a link may carry.
pub const MAX_ACTIONS: usize = 10_000;

/// What a share link carries: enough to replay a run bit for bit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedRun {
    pub scenario: Scenario,
    /// The commands the learner sent during the run, in the order they took effect.
    #[serde(default)]
    pub actions: Vec<RecordedAction>,
    /// The sim time the sharer was looking at, in µs; the page opens the run there.
    #[serde(default)]
    pub at_us: Option<u64>,
    /// How many events the sharer's page had handled at `at_us`: several events can share one
    /// moment, and a learner who stepped to one of them shares exactly that one. Without it (an
    /// older link), every event up to `at_us`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_events: Option<u64>,
}

/// Why a link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    Empty,
    TooLong {
        len: usize,
        limit: usize,
    },
    MissingPrefix,
    /// A link of another format version (`m2.`), probably from a newer mqlab.
    UnsupportedPrefix {
        found: String,
    },
    /// A character that base64url never uses, at `offset` bytes into the data.
    BadCharacter {
        offset: usize,
        ch: String,
    },
    /// The base64 has a length or ending no encoder writes: the link was cut or changed.
    Damaged,
    /// The packed data ends before its last block.
    Truncated,
    /// The packed data is not DEFLATE.
    Corrupt,
    /// The data unpacks to more than `limit` bytes.
    TooLarge {
        limit: usize,
    },
    NotUtf8 {
        offset: usize,
    },
    /// The JSON inside is not a valid run: wrong fields, or a scenario or action log that fails
    /// validation. The path is from the run's root (`scenario.brokers.groups`, `actions[2].node`).
    Invalid(ScenarioError),
}

const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        // Some chat apps and editors append '=' to what looks like base64; it carries nothing.
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Packs a run into link text (`m1.…`), to be put in the URL fragment as `#run=m1.…`. A run
/// whose link would exceed `MAX_LINK_CHARS` encodes, but `decode` refuses it; check the length
/// before offering such a link.
pub fn encode(run: &SharedRun) -> String {
    // Cannot fail: a run has no maps with non-string keys and no custom serializers.
    let json = super::json::to_text(run, false).expect("a SharedRun always serializes to JSON");
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{LINK_PREFIX}{}", ENGINE.encode(packed))
}

/// Reads link text: `m1.…`, `#run=m1.…`, `#lang=zh&run=m1.…` or a whole URL with such a
/// fragment. Never panics and never inflates past `MAX_LINK_JSON_BYTES`.
pub fn decode(text: &str) -> Result<SharedRun, LinkError> {
    if text.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong { len: text.len(), limit: MAX_LINK_CHARS });
    }
    let data = payload(text)?;
    if data.is_empty() {
        return Err(LinkError::Truncated);
    }
    let packed = ENGINE.decode(data).map_err(|e| base64_error(&e, data))?;
    if packed.is_empty() {
        return Err(LinkError::Truncated);
    }
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_LINK_JSON_BYTES).map_err(|e| match e
        .status
    {
        TINFLStatus::HasMoreOutput => LinkError::TooLarge { limit: MAX_LINK_JSON_BYTES },
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => LinkError::Truncated,
        _ => LinkError::Corrupt,
    })?;
    let json = String::from_utf8(json).map_err(|e| LinkError::NotUtf8 { offset: e.utf8_error().valid_up_to() })?;
    let run = read_run(&json).map_err(LinkError::Invalid)?;
    validate_run(&run).map_err(LinkError::Invalid)?;
    Ok(run)
}

/// The base64 data of the link, after the version prefix.
fn payload(text: &str) -> Result<&str, LinkError> {
    let text = text.trim();
    // A whole URL: the run is in the fragment.
    let fragment = text.split_once('#').map_or(text, |(_, f)| f);
    // The fragment may hold other keys beside the run (`lang=zh&run=…`).
    let value = fragment.split('&').find_map(|kv| kv.strip_prefix("run=")).unwrap_or(fragment);
    if value.is_empty() {
        return Err(LinkError::Empty);
    }
    if let Some(data) = value.strip_prefix(LINK_PREFIX) {
        return Ok(data);
    }
    // "m2." and the like: a link format of another version.
    let version = value
        .strip_prefix('m')
        .and_then(|rest| rest.split_once('.'))
        .filter(|(digits, _)| !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()));
    match version {
        Some((digits, _)) => Err(LinkError::UnsupportedPrefix { found: clip(&format!("m{digits}.")) }),
        None => Err(LinkError::MissingPrefix),
    }
}

fn base64_error(e: &DecodeError, data: &str) -> LinkError {
    match e {
        DecodeError::InvalidByte(offset, _) => {
            let ch = data
                .get(*offset..)
                .and_then(|rest| rest.chars().next())
                .map_or_else(|| "?".to_string(), |c| format!("{c:?}"));
            LinkError::BadCharacter { offset: *offset, ch }
        }
        _ => LinkError::Damaged,
    }
}

/// JSON text to a run: the scenario's version first, then the fields with their paths.
pub fn read_run(json: &str) -> Result<SharedRun, ScenarioError> {
    let value = read_json(json)?;
    if let Some(scenario) = expect_object(&value, "")?.get("scenario") {
        check_version(scenario, "scenario")?;
    }
    // A number its field cannot hold names the field's range, as in a scenario file.
    from_ref(&value).map_err(|e| super::beyond_type::restate_within(&value, "scenario", e))
}

/// A run is valid when its scenario is, and its actions are few enough, in time order, within
/// the run, and name nodes of its cluster.
pub fn validate_run(run: &SharedRun) -> Result<(), ScenarioError> {
    let s = &run.scenario;
    validate(s).map_err(|e| e.within("scenario"))?;
    let end_us = s.duration_ms.saturating_add(s.max_drain_ms).saturating_mul(1_000);
    let mut c = Checker::default();
    if let Some(at_us) = run.at_us {
        c.not_after("at_us", at_us, end_us, Unit::Us);
    }
    c.count("actions", run.actions.len(), 0, MAX_ACTIONS);
    if let Some(e) = c.errors.into_iter().next() {
        return Err(e);
    }
    let mut c = Checker::default();
    let mut previous = (0, 0);
    for (i, a) in run.actions.iter().enumerate() {
        let at = (a.at_us, a.after_events);
        if at < previous {
            c.push(format!("actions[{i}]"), ErrorKind::OutOfOrder);
        }
        previous = at;
        c.not_after(&format!("actions[{i}].at_us"), a.at_us, end_us, Unit::Us);
    }
    if let Some(e) = c.errors.into_iter().next() {
        return Err(e);
    }
    let commands = run.actions.iter().enumerate().map(|(i, a)| (format!("actions[{i}]"), &a.command));
    match command_errors(s, commands).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

impl LinkError {
    fn english(&self) -> String {
        use LinkError::*;
        match self {
            Empty => "the link has no run in it".into(),
            TooLong { len, limit } => {
                format!("the link is {len} characters long; links of up to {limit} characters are read")
            }
            MissingPrefix => format!("this is not an mqlab run link: the run should start with \"{LINK_PREFIX}\""),
            UnsupportedPrefix { found } => format!(
                "this link is in format \"{found}\", which this mqlab cannot read (it reads \
                 \"{LINK_PREFIX}\" links); it may come from a newer version"
            ),
            BadCharacter { offset, ch } => {
                format!("the link is damaged: {ch} at position {offset} of the data cannot appear in a link")
            }
            Damaged => "the link is damaged or incomplete; copy it again in full".into(),
            Truncated => "the link is incomplete: it was cut off; copy it again in full".into(),
            Corrupt => "the link is damaged: its data cannot be unpacked".into(),
            TooLarge { limit } => {
                format!("the link unpacks to more than {limit} bytes, more than any run this mqlab shares")
            }
            NotUtf8 { offset } => format!("the link is damaged: its data is not text (invalid UTF-8 at byte {offset})"),
            Invalid(e) => format!("the run in the link is not valid: {e}"),
        }
    }

    fn chinese(&self) -> String {
        use LinkError::*;
        match self {
            Empty => "链接中没有运行数据".into(),
            TooLong { len, limit } => {
                format!("链接长 {len} 个字符，超过了可读取的上限 {limit} 个字符")
            }
            MissingPrefix => {
                format!("这不是 mqlab 的运行链接：运行数据应以 \"{LINK_PREFIX}\" 开头")
            }
            UnsupportedPrefix { found } => format!(
                "此链接的格式是 \"{found}\"，本 mqlab 无法读取（只能读取 \"{LINK_PREFIX}\" \
                 链接），它可能来自更新的版本"
            ),
            BadCharacter { offset, ch } => {
                format!("链接已损坏：数据第 {offset} 个位置的字符 {ch} 不会出现在链接中")
            }
            Damaged => "链接已损坏或不完整，请重新完整地复制".into(),
            Truncated => "链接不完整：它被截断了，请重新完整地复制".into(),
            Corrupt => "链接已损坏：其中的数据无法解压".into(),
            TooLarge { limit } => {
                format!("链接解压后超过 {limit} 字节，比 mqlab 能分享的任何运行都大")
            }
            NotUtf8 { offset } => {
                format!("链接已损坏：其中的数据不是文本（第 {offset} 字节处不是合法的 UTF-8）")
            }
            Invalid(e) => format!("链接中的运行数据无效：{}", e.localize(Lang::Zh)),
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for LinkError {}

impl Localize for LinkError {
    fn localize(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }
}
