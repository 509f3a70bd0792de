//! Reading a scenario from JSON text. It goes in stages so each kind of mistake gets its own
//! message: size, JSON syntax, the format version, then the fields (a wrong type or an unknown
//! field is reported with its path), then the values (`validate`).

use super::error::{clip, clip_to, ErrorKind, JsonType, ScenarioError};
use super::model::{Scenario, SCENARIO_VERSION};
use super::validate::validate;
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::Value;

/// Largest scenario text read, in bytes. A real scenario is a few KiB; the cap keeps a pasted
/// file or a hostile link from tying up the page.
pub const MAX_SCENARIO_BYTES: usize = 1 << 20;

/// Reads and checks a scenario: the whole path from text to a scenario the engine can run.
pub fn parse_scenario(json: &str) -> Result<Scenario, ScenarioError> {
    let value = read_json(json)?;
    check_version(&value, "")?;
    let scenario = read_scenario(&value)?;
    validate(&scenario)?;
    Ok(scenario)
}

/// Text to a JSON value, refusing oversized or empty input first.
pub(crate) fn read_json(text: &str) -> Result<Value, ScenarioError> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(ScenarioError::new("", ErrorKind::InputTooLarge { bytes: text.len(), limit: MAX_SCENARIO_BYTES }));
    }
    // Editors on Windows save UTF-8 with a byte-order mark, which serde_json refuses.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ScenarioError::new("", ErrorKind::Empty));
    }
    serde_json::from_str(text).map_err(|e| syntax_error(&e))
}

fn syntax_error(e: &serde_json::Error) -> ScenarioError {
    let (line, column) = (e.line(), e.column());
    let kind = if e.classify() == Category::Eof {
        ErrorKind::Truncated { line, column }
    } else {
        // serde_json appends the position to its message; we state it ourselves.
        let full = e.to_string();
        let suffix = format!(" at line {line} column {column}");
        let detail = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        ErrorKind::Syntax { line, column, detail }
    };
    ScenarioError::new("", kind)
}

/// The value at `path` must be an object whose `version` is the one this build reads. Checked
/// before the fields, so a scenario from a newer mqlab says so instead of listing unknown fields.
pub(crate) fn check_version(value: &Value, path: &str) -> Result<(), ScenarioError> {
    let at = if path.is_empty() { "version".to_string() } else { format!("{path}.version") };
    match expect_object(value, path)?.get("version") {
        None => Err(ScenarioError::new(at, ErrorKind::MissingVersion)),
        Some(v) if v.as_u64() == Some(u64::from(SCENARIO_VERSION)) => Ok(()),
        Some(v) => Err(ScenarioError::new(at, ErrorKind::UnsupportedVersion { found: clip(&v.to_string()) })),
    }
}

/// The value at `path` as an object. serde would also read a struct from an array of its
/// fields in order; our documents are objects, and saying so is clearer.
pub(crate) fn expect_object<'v>(
    value: &'v Value,
    path: &str,
) -> Result<&'v serde_json::Map<String, Value>, ScenarioError> {
    let found = match value {
        Value::Object(map) => return Ok(map),
        Value::Null => JsonType::Null,
        Value::Bool(_) => JsonType::Bool,
        Value::Number(_) => JsonType::Number,
        Value::String(_) => JsonType::String,
        Value::Array(_) => JsonType::Array,
    };
    Err(ScenarioError::new(path, ErrorKind::NotAnObject { found }))
}

/// A JSON document to a scenario, before its value rules; a number its field's type cannot hold
/// is refused with the field's own range (`beyond_type`).
pub fn read_scenario(doc: &Value) -> Result<Scenario, ScenarioError> {
    from_ref(doc).map_err(|e| super::beyond_type::restate(doc, e))
}

/// A JSON value to a typed document; a field error names its path.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ScenarioError> {
    from_ref(&value)
}

/// `from_value`, reading a borrowed value.
pub(crate) fn from_ref<T: DeserializeOwned>(value: &Value) -> Result<T, ScenarioError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut error = field_error(path_string(e.path()), &e.inner().to_string());
        if let Some(key) = field_inside(value, e.path(), &error.kind) {
            push_field(&mut error.path, &clip(key));
        }
        error
    })
}

/// Inside a flattened or internally tagged struct (a fault command), serde_path_to_error only
/// knows the enclosing object. The field at fault is then the one key of that object whose value
/// is the one serde complained about; when no single key is, the path stays at the object.
fn field_inside<'v>(root: &'v Value, path: &serde_path_to_error::Path, kind: &ErrorKind) -> Option<&'v str> {
    use serde_path_to_error::Segment;
    let is_culprit = |v: &Value| match kind {
        ErrorKind::UnknownVariant { variant, .. } => v.as_str() == Some(variant.as_str()),
        ErrorKind::WrongType { detail } => unexpected(detail).is_some_and(|u| describes(u, v)),
        _ => false,
    };
    let mut at = root;
    for segment in path.iter() {
        at = match segment {
            Segment::Seq { index } => at.get(index)?,
            Segment::Map { key } => at.get(key)?,
            Segment::Enum { .. } | Segment::Unknown => return None,
        };
    }
    if is_culprit(at) {
        return None; // The path already ends at the value.
    }
    let mut keys = at.as_object()?.iter().filter(|(_, v)| is_culprit(v));
    match (keys.next(), keys.next()) {
        (Some((key, _)), None) => Some(key.as_str()),
        _ => None,
    }
}

/// The value serde found, from "invalid type: string \"x\", expected u32".
fn unexpected(detail: &str) -> Option<&str> {
    let rest = detail.strip_prefix("invalid type: ").or_else(|| detail.strip_prefix("invalid value: "))?;
    rest.split_once(", expected ").map(|(found, _)| found)
}

/// Whether serde's description of a value (`serde::de::Unexpected`) fits `v`.
fn describes(found: &str, v: &Value) -> bool {
    let quoted = |prefix: &str| {
        found.strip_prefix(prefix).and_then(|rest| rest.strip_prefix('`')).and_then(|rest| rest.strip_suffix('`'))
    };
    match v {
        Value::Null => found == "null" || found == "unit",
        Value::Bool(b) => quoted("boolean ") == Some(&b.to_string()),
        Value::Number(n) => {
            let text = n.to_string();
            quoted("integer ") == Some(&text) || (n.is_f64() && found.starts_with("floating point "))
        }
        Value::String(s) => found == format!("string {s:?}"),
        Value::Array(_) => found == "sequence",
        Value::Object(_) => found == "map",
    }
}

/// The path as we write it (`producers[0].workload`), empty at the root, each key clipped since
/// a key can come from the input.
fn path_string(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => push_key(&mut out, &clip(key)),
            Segment::Enum { variant } => push_key(&mut out, &clip(variant)),
            Segment::Unknown => push_key(&mut out, "?"),
        }
    }
    out
}

/// Ends `path` with `field` unless it already does.
fn push_field(path: &mut String, field: &str) {
    let last = path.rsplit(['.', ']']).next().unwrap_or_default();
    if last != field {
        push_key(path, field);
    }
}

fn push_key(out: &mut String, key: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(key);
}

/// Sorts serde's message into our kinds. serde words these messages the same way in every
/// release ("unknown field `x`, expected one of `a`, `b`"), and anything unrecognised still reads
/// well as a `WrongType` with serde's own words.
fn field_error(mut path: String, message: &str) -> ScenarioError {
    let kind = if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = name_and_choices(rest);
        // The unknown key is the field at fault; serde_path_to_error names it, except inside a
        // flattened struct (a fault command), where it only knows the parent.
        push_field(&mut path, &field);
        ErrorKind::UnknownField { field, expected }
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        let field = clip(rest.strip_suffix('`').unwrap_or(rest));
        push_field(&mut path, &field);
        ErrorKind::MissingField
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (variant, expected) = name_and_choices(rest);
        ErrorKind::UnknownVariant { variant, expected }
    } else {
        ErrorKind::WrongType { detail: clip_detail(message) }
    };
    ScenarioError::new(path, kind)
}

/// Splits "name`, expected one of `a`, `b`" (or "name`, there are no fields") into the name and
/// the choices.
fn name_and_choices(rest: &str) -> (String, Vec<String>) {
    let end = rest.find("`, expected ").or_else(|| rest.find("`, there are no "));
    let (name, tail) = match end {
        Some(end) => (&rest[..end], &rest[end..]),
        None => (rest.strip_suffix('`').unwrap_or(rest), ""),
    };
    let choices = tail.split('`').skip(2).step_by(2).map(str::to_string).collect();
    (clip(name), choices)
}

/// serde quotes the offending value in its message; a huge string value must not make the
/// message huge.
fn clip_detail(message: &str) -> String {
    clip_to(message, 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_read_from_serde_messages() {
        let (name, choices) = name_and_choices("bogus`, expected one of `a`, `b`, `c`");
        assert_eq!(name, "bogus");
        assert_eq!(choices, ["a", "b", "c"]);
        let (name, choices) = name_and_choices("x`, expected `a` or `b`");
        assert_eq!((name.as_str(), choices.len()), ("x", 2));
        let (name, choices) = name_and_choices("x`, there are no fields");
        assert_eq!((name.as_str(), choices.len()), ("x", 0));
        let (name, _) = name_and_choices("");
        assert_eq!(name, "");
    }
}
