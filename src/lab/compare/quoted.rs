//! The settings that notes quote a value of ("a prefetch of 64", "keys live 5 s"). A comparison's
//! run carries notes written for another scenario (its base's, or a preset's of the same story on
//! the run's system); where the run changed a setting those notes quote, they would state a value
//! it does not run, so they give way (`notes`).

use crate::scenario::fields;
use crate::scenario::json;
use crate::scenario::model::Scenario;
use serde_json::Value;

/// A setting as the English notes of the presets name it: its path in the scenario (`[]` for
/// every entry of a list) and the words that come before its value.
pub struct Quote {
    pub path: &'static str,
    pub words: &'static [&'static str],
}

/// Every setting a comparison's run can change (its variants' settings, and a system's settings
/// when a run moves to it) that the notes of a preset quote a value of.
pub const QUOTES: &[Quote] = &[
    Quote { path: "system.prefetch", words: &["prefetch"] },
    Quote { path: "system.persistent", words: &["deliveryMode"] },
    Quote { path: "system.fsync_interval_ms", words: &["fsync"] },
    Quote { path: "system.acks", words: &["acks="] },
    Quote { path: "system.min_insync_replicas", words: &["min.insync.replicas"] },
    Quote { path: "system.recovery_interval_ms", words: &["recovery job"] },
    Quote { path: "system.delay_ms", words: &["handled"] },
    Quote { path: "consumer_groups[].dedup.ttl_ms", words: &["keys live"] },
    Quote { path: "producers[].reliable.resend_after_ms", words: &["compensation job"] },
];

/// A setting's value in every entry of its list (one value for a path outside a list); `None`
/// where it is absent, as it is outside its own system or kind.
pub fn values(s: &Scenario, path: &str) -> Vec<Option<Value>> {
    json::to_value(s).map_or(Vec::new(), |doc| values_in(&doc, path))
}

/// `values`, read from a scenario already written as JSON.
fn values_in(doc: &Value, path: &str) -> Vec<Option<Value>> {
    let Some((list, _)) = path.split_once("[]") else {
        return vec![fields::get(doc, path).cloned()];
    };
    let entries = fields::get(doc, list).and_then(Value::as_array).map_or(0, Vec::len);
    (0..entries).map(|i| fields::get(doc, &fields::concrete(path, i)).cloned()).collect()
}

/// Whether `notes`, written for `written_for`, name a setting that `run` has another value of:
/// carried on `run`, they could quote a value it does not run.
pub fn contradicted(notes: &str, written_for: &Scenario, run: &Scenario) -> bool {
    let quoted: Vec<&Quote> = QUOTES.iter().filter(|q| q.words.iter().any(|w| notes.contains(w))).collect();
    if quoted.is_empty() {
        return false;
    }
    // Each scenario written once, not once per quoted setting.
    let (Ok(a), Ok(b)) = (json::to_value(written_for), json::to_value(run)) else { return false };
    quoted.iter().any(|q| values_in(&a, q.path) != values_in(&b, q.path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::compare::{predefined, VARIANTS};
    use crate::scenario::presets;

    /// The value the notes quote after `word` at `at`: the first number (or, after "acks=", the
    /// first word) before the sentence ends, if there is one within a few words.
    fn quoted_after(notes: &str, at: usize, word: &str) -> Option<String> {
        let rest = &notes[at + word.len()..];
        let window: String = rest.chars().take(40).collect();
        let sentence = window.split([':', ';']).next().unwrap_or_default();
        let sentence = sentence.split(". ").next().unwrap_or_default();
        let token = |c: char| c.is_ascii_alphanumeric() || c == '.';
        if word.ends_with('=') {
            let value: String = sentence.chars().take_while(|&c| token(c)).collect();
            return Some(value.trim_end_matches('.').to_string());
        }
        let from = sentence.find(|c: char| c.is_ascii_digit())?;
        let number: String = sentence[from..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        Some(number.trim_end_matches('.').to_string())
    }

    /// How notes may write a setting's value: a count as it is, milliseconds also in seconds,
    /// persistence as its deliveryMode, acks as Kafka writes them.
    fn readings(path: &str, value: &Value) -> Vec<String> {
        match value {
            Value::Bool(b) if path == "system.persistent" => vec![if *b { "2" } else { "1" }.to_string()],
            Value::Number(n) => {
                let mut out = vec![n.to_string()];
                if let Some(ms) = n.as_u64().filter(|_| path.ends_with("_ms")) {
                    out.push(format!("{}", ms / 1_000));
                    out.push(format!("{}.{}", ms / 1_000, (ms % 1_000) / 100));
                }
                out
            }
            Value::String(s) => vec![s.clone()],
            other => vec![other.to_string()],
        }
    }

    /// A setting's values in a scenario, the form's default where the file leaves it out.
    fn effective(s: &Scenario, q: &Quote) -> Vec<Value> {
        let default = fields::find(&fields::generic(q.path)).and_then(|f| f.default_value()).cloned();
        values(s, q.path).into_iter().filter_map(|v| v.or_else(|| default.clone())).collect()
    }

    /// Every value `notes` quote for `q`, with where.
    fn quotes_in<'a>(notes: &'a str, q: &'a Quote) -> impl Iterator<Item = (usize, String)> + 'a {
        q.words.iter().flat_map(move |w| {
            notes.match_indices(w).filter_map(move |(at, _)| Some((at, quoted_after(notes, at, w)?)))
        })
    }

    /// The words of `QUOTES` lead to their settings: each value a preset's notes quote after them is
    /// the preset's own.
    #[test]
    fn the_quotes_read_each_presets_own_values() {
        let mut seen = 0;
        for p in presets::all() {
            let s = p.scenario().expect("preset");
            for q in QUOTES {
                for (at, value) in quotes_in(&s.notes, q) {
                    let own: Vec<String> = effective(&s, q).iter().flat_map(|v| readings(q.path, v)).collect();
                    assert!(
                        own.contains(&value),
                        "{}: {} quotes {value} at {at}, the preset has {own:?}",
                        p.id,
                        q.path
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen >= 10, "the quotes find the presets' values ({seen})");
    }

    /// Review 13: a RabbitMQ row's notes said prefetch 64 while it ran 250. Every preset under every
    /// variant that changes anything on it, and every predefined comparison's row: any value the
    /// run's notes quote for a setting the run changed is the run's.
    #[test]
    fn a_runs_notes_quote_no_value_of_a_changed_setting_but_its_own() {
        let mut runs: Vec<(String, Scenario, Scenario)> = Vec::new();
        for p in presets::all() {
            let base = p.scenario().expect("preset");
            for v in VARIANTS.iter().filter(|v| v.applies_to(&base)) {
                runs.push((format!("{} [{}]", p.id, v.id), base.clone(), v.apply_to(&base)));
            }
        }
        for c in predefined() {
            let comparison = c.comparison().expect("comparison");
            for (i, v) in comparison.variants.iter().enumerate() {
                let run = comparison.scenario(i).expect("a row");
                runs.push((format!("{} [{}]", c.id, v.id), comparison.base.clone(), run));
            }
        }
        for (name, base, run) in &runs {
            for q in QUOTES.iter().filter(|q| values(base, q.path) != values(run, q.path)) {
                let own: Vec<String> = effective(run, q).iter().flat_map(|v| readings(q.path, v)).collect();
                for (at, value) in quotes_in(&run.notes, q) {
                    assert!(
                        own.contains(&value),
                        "{name}: the notes quote {} = {value} at {at}, the run has {own:?}:\n{}",
                        q.path,
                        run.notes
                    );
                }
            }
        }
    }
}
