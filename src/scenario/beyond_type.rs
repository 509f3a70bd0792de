//! A whole number its field's integer type cannot hold: `"groups": 500` read into a u8, a
//! negative count, a seed past 2^64. serde names the type's range ("a whole number from 0 to
//! 255"), or calls digits no integer holds "text"; the learner must read the field's own range,
//! the one its value rule names ("between 1 and 8"), whatever type holds the field (review 11).

use super::error::{clip, ErrorKind, ScenarioError, Unit};
use super::fields::{self, Kind};
use super::model::Scenario;
use super::parse::from_ref;
use super::validate::validate_all;
use serde_json::{json, Value};

/// The number at the reader's complaint.
enum Number {
    /// Held by a u64, not by the field's type.
    Big(u64),
    /// As written: below 0, or past what a u64 holds.
    Written(String),
}

/// A range a value rule names: min, max and unit.
type Range = (u64, u64, Unit);

/// `e`, said with the field's own range when it is about a whole number the field's type cannot
/// hold; any other error as it is. `doc` is the scenario document `e` was read from.
pub(crate) fn restate(doc: &Value, e: ScenarioError) -> ScenarioError {
    let ErrorKind::WrongType { detail } = &e.kind else { return e };
    let Some(type_max) = type_max(detail) else { return e };
    let Some(value) = fields::get(doc, &e.path) else { return e };
    let Some(number) = number(value, type_max) else {
        // Not a whole number at all ("x", 1.5, true): what the field takes is its own range.
        let Some((min, max, unit)) = rule_range(doc, &e.path, type_max) else { return e };
        let kind = ErrorKind::NotWhole { min, max, unit, detail: detail.clone() };
        return ScenarioError { kind, ..e };
    };
    let kind = match (number, rule_range(doc, &e.path, type_max)) {
        (Number::Big(got), Some((min, max, unit))) => ErrorKind::OutOfRange { min, max, got, unit },
        (Number::Written(written), Some((min, max, unit))) => ErrorKind::FarOutOfRange { min, max, written, unit },
        // No rule of its own: the type's range is the field's, and a number past its top is
        // still a number ("at most 18446744073709551615", not "the text").
        (Number::Big(got), None) => ErrorKind::OutOfRange { min: 0, max: type_max, got, unit: unit_of(&e.path) },
        (Number::Written(written), None) if !written.starts_with('-') => {
            ErrorKind::FarOutOfRange { min: 0, max: type_max, written, unit: unit_of(&e.path) }
        }
        // Below 0 serde's words already name the field's range ("a whole number, 0 or more").
        (Number::Written(_), None) => return e,
    };
    ScenarioError { kind, ..e }
}

/// `restate` for a document that holds the scenario under `prefix` (a share link or a saved run
/// keeps it under `scenario`): an error inside the scenario is said as the scenario reader says it.
pub(crate) fn restate_within(root: &Value, prefix: &str, e: ScenarioError) -> ScenarioError {
    let inside = e.path.strip_prefix(prefix).and_then(|p| p.strip_prefix('.'));
    match (root.get(prefix), inside) {
        (Some(doc), Some(path)) => restate(doc, ScenarioError::new(path, e.kind)).within(prefix),
        _ => e,
    }
}

/// The largest value of the unsigned type serde expected ("…, expected u8").
fn type_max(detail: &str) -> Option<u64> {
    match detail.rsplit_once(", expected ")?.1 {
        "u8" => Some(u64::from(u8::MAX)),
        "u16" => Some(u64::from(u16::MAX)),
        "u32" => Some(u64::from(u32::MAX)),
        "u64" => Some(u64::MAX),
        _ => None,
    }
}

/// `v` as a whole number out of `0..=type_max`, if it is one. A JSON number past 2^64 reaches us
/// as a float; the editor keeps digits no integer holds as a string.
fn number(v: &Value, type_max: u64) -> Option<Number> {
    match v {
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                return (u > type_max).then_some(Number::Big(u));
            }
            if let Some(i) = n.as_i64() {
                return (i < 0).then(|| Number::Written(i.to_string()));
            }
            let x = n.as_f64()?;
            // No u64 holds it below 0, or at or past 2^64 (exact as an f64).
            let past_u64 = !(0.0..18_446_744_073_709_551_616.0).contains(&x);
            (x.is_finite() && x.fract() == 0.0 && past_u64).then(|| Number::Written(format!("{x:.0}")))
        }
        Value::String(s) => {
            let t = s.trim();
            let digits = t.strip_prefix('-').unwrap_or(t);
            let whole = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
            // Digits an integer holds, in quotes, are text the document chose to write.
            let held = t.parse::<u64>().is_ok() || t.parse::<i64>().is_ok();
            (whole && !held).then(|| Number::Written(clip(t)))
        }
        _ => None,
    }
}

/// The range the field's value rule names, found by asking the rules about the two ends of the
/// type at this place: in the document itself, or, when it does not read for another reason, in
/// a scenario with every part at its default. None when no rule bounds the field.
fn rule_range(doc: &Value, path: &str, type_max: u64) -> Option<Range> {
    match probe(doc, path, type_max) {
        Ok(range) => range,
        Err(()) => {
            let (stand_in, place) = stand_in(doc, path)?;
            probe(&stand_in, &place, type_max).ok().flatten()
        }
    }
}

/// What the rules say about `path` at 0 and at `type_max`; Err when the document does not read
/// with either.
fn probe(doc: &Value, path: &str, type_max: u64) -> Result<Option<Range>, ()> {
    let mut read = false;
    for end in [type_max, 0] {
        let mut d = doc.clone();
        fields::set(&mut d, path, Some(json!(end)));
        let Ok(s) = from_ref::<Scenario>(&d) else { continue };
        read = true;
        let range = validate_all(&s).into_iter().filter(|r| r.path == path).find_map(|r| match r.kind {
            ErrorKind::OutOfRange { min, max, unit, .. } => Some((min, max, unit)),
            ErrorKind::TooManyReconsumes { max, .. } => Some((0, u64::from(max), Unit::None)),
            _ => None,
        });
        if range.is_some() {
            return Ok(range);
        }
    }
    if read {
        Ok(None)
    } else {
        Err(())
    }
}

/// A scenario with every part at its default, of `doc`'s system, and the place in it of the
/// field at `path` (a list's first entry that has the field).
fn stand_in(doc: &Value, path: &str) -> Option<(Value, String)> {
    let mut d = fields::defaults().clone();
    if let Some(kind) = fields::get(doc, "system.kind").and_then(Value::as_str) {
        if let Some(system) = fields::system_defaults(kind) {
            fields::set(&mut d, "system", Some(system.clone()));
        }
    }
    let generic = fields::generic(path);
    if !generic.contains("[]") {
        return Some((d, path.to_string()));
    }
    let place = (0..4).map(|i| fields::concrete(&generic, i)).find(|p| fields::get(&d, p).is_some())?;
    Some((d, place))
}

/// The unit the form shows after the field, for a field no rule bounds.
fn unit_of(path: &str) -> Unit {
    match fields::find(path).map(|f| f.kind) {
        Some(Kind::Int(unit) | Kind::Ints(unit)) => unit,
        _ => Unit::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Localize};

    fn standard() -> Value {
        serde_json::from_str(include_str!("../../scenarios/standard.json")).expect("standard scenario")
    }

    /// The error at `path` once it holds `v`, as the editor and an imported file meet it.
    fn error_with(mut doc: Value, path: &str, v: Value) -> ScenarioError {
        fields::set(&mut doc, path, Some(v));
        let read = super::super::parse::read_scenario(&doc);
        let e = read.and_then(|s| crate::scenario::validate(&s)).expect_err(path);
        assert_eq!(e.path, path, "{e}");
        e
    }

    #[test]
    fn a_count_names_its_own_range_whatever_its_type() {
        let e = error_with(standard(), "brokers.groups", json!(500));
        assert_eq!(e.kind, ErrorKind::OutOfRange { min: 1, max: 8, got: 500, unit: Unit::None });
        assert_eq!(e.kind.localize(Lang::Zh), "必须在 1 到 8 之间，实际为 500");
        let in_type = error_with(standard(), "brokers.groups", json!(9));
        assert_eq!(in_type.kind, ErrorKind::OutOfRange { min: 1, max: 8, got: 9, unit: Unit::None });
        let e = error_with(standard(), "brokers.groups", json!(-1));
        assert_eq!(e.kind.localize(Lang::En), "must be between 1 and 8, got -1");
        let e = error_with(standard(), "brokers.slaves", json!(-3));
        assert_eq!(e.kind.localize(Lang::Zh), "必须在 0 到 2 之间，实际为 -3", "not 'at most 2' for a negative");
        let e = error_with(standard(), "producers[1].retries", json!(1000));
        assert_eq!(e.kind.localize(Lang::En), "must be at most 15, got 1000");
        let e = error_with(standard(), "consumer_groups[0].max_reconsume_times", json!(300));
        assert_eq!(e.kind.localize(Lang::En), "must be at most 32, got 300");
    }

    #[test]
    fn a_number_too_large_for_any_integer_is_a_number() {
        // The editor keeps digits no integer holds as a string; a file's reach the reader as a float.
        for v in [json!("18446744073709551616"), serde_json::from_str("18446744073709551616").expect("json")] {
            let e = error_with(standard(), "seed", v);
            assert_eq!(e.kind.localize(Lang::En), "must be at most 18446744073709551615, got 18446744073709551616");
            assert_eq!(e.kind.localize(Lang::Zh), "不能超过 18446744073709551615，实际为 18446744073709551616");
        }
        let e = error_with(standard(), "network.latency_us", json!("99999999999999999999"));
        assert_eq!(e.kind.localize(Lang::En), "must be at most 10000000 µs (10 s), got 99999999999999999999 µs");
        // Digits an integer holds, quoted in a file, are still text.
        let e = error_with(standard(), "brokers.groups", json!("5"));
        assert!(e.kind.localize(Lang::En).ends_with("got the text \"5\""), "{}", e.kind);
        // Below 0 in a field no rule bounds: serde's words name the type's range, the field's own.
        let e = error_with(standard(), "seed", json!(-1));
        assert_eq!(e.kind.localize(Lang::En), "expected a whole number, 0 or more, got -1");
    }

    #[test]
    fn not_a_number_names_the_fields_range_not_its_types() {
        let e = error_with(standard(), "producers[0].workload.rate_per_s", json!("x"));
        let ErrorKind::NotWhole { min, max, unit, .. } = e.kind else { panic!("{e:?}") };
        assert_eq!((min, max, unit), (0, 100_000, Unit::None));
        assert_eq!(e.kind.localize(Lang::En), "expected a whole number between 0 and 100000, got the text \"x\"");
        assert_eq!(e.kind.localize(Lang::Zh), "类型不对：应为 0 到 100000 之间的整数，实际为文本 \"x\"");
        let e = error_with(standard(), "brokers.groups", json!(1.5));
        assert_eq!(e.kind.localize(Lang::En), "expected a whole number between 1 and 8, got the decimal 1.5");
        let e = error_with(standard(), "network.latency_us", json!(true));
        assert!(e.kind.localize(Lang::En).starts_with("expected a whole number between 0 µs and 10000000 µs"), "{e}");
        // A field no rule bounds keeps serde's range, which is then its own.
        let e = error_with(standard(), "seed", json!("x"));
        assert!(matches!(e.kind, ErrorKind::WrongType { .. }), "{e:?}");
    }

    /// Every whole-number setting, of every system: a number past any integer is refused as too
    /// large, and a negative one names the same range.
    #[test]
    fn every_counted_field_names_one_range() {
        let all = fields::FIELDS.iter().chain(fields::SYSTEM_KINDS.iter().flat_map(|k| fields::system_fields(k)));
        let mut checked = 0;
        for f in all.filter(|f| matches!(f.kind, Kind::Int(_))) {
            checked += 1;
            let system = if f.system.is_empty() { "rocketmq" } else { f.system };
            let (doc, place) = stand_in(&json!({ "system": { "kind": system } }), f.path).unwrap_or_else(|| {
                // The defaults have no per-link settings, nor the faults that take a time.
                let mut d = stand_in(&json!({ "system": { "kind": system } }), "seed").expect("defaults").0;
                fields::set(
                    &mut d,
                    "network.links",
                    Some(json!([{ "from": "a", "to": "b", "latency_us": 1, "jitter_us": 1, "loss_ppm": 1 }])),
                );
                let faults = json!([
                    { "at_ms": 0, "action": "delay_next", "delay_ms": 1 },
                    { "at_ms": 0, "action": "slow_consumer", "node": "g/c1", "processing_ms": 1 },
                    { "at_ms": 0, "action": "slow_disk", "node": "broker-a/master", "flush_latency_ms": 1 }
                ]);
                fields::set(&mut d, "faults", Some(faults));
                let burst = json!({ "every_ms": 1000, "length_ms": 100, "rate_per_s": 10 });
                fields::set(&mut d, "producers[0].workload.burst", Some(burst));
                let place = (0..3).map(|i| fields::concrete(f.path, i)).find(|p| fields::get(&d, p).is_some());
                (d.clone(), place.expect(f.path))
            });
            let huge = error_with(doc.clone(), &place, json!("100000000000000000000"));
            let ErrorKind::FarOutOfRange { min, max, .. } = huge.kind else { panic!("{place}: {huge:?}") };
            assert!(!huge.kind.localize(Lang::Zh).contains("文本"), "{place}: {}", huge.kind.localize(Lang::Zh));
            match error_with(doc, &place, json!(-1)).kind {
                ErrorKind::FarOutOfRange { min: lo, max: hi, .. } => assert_eq!((lo, hi), (min, max), "{place}"),
                ErrorKind::WrongType { .. } => assert_eq!(min, 0, "{place}: a rule from {min} must be named below 0"),
                other => panic!("{place}: {other:?}"),
            }
        }
        assert!(checked > 60, "only {checked} whole-number settings");
    }
}
