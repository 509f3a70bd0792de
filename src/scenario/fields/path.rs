//! Reading and writing a JSON document by the paths scenario errors use (`producers[2].retries`),
//! so the editor can keep its working copy as JSON and put each error next to its field.

use serde_json::{Map, Value};

/// One step of a path: a key, then optionally a list index (`None` for the generic `[]`).
struct Step<'p> {
    key: &'p str,
    index: Option<Option<usize>>,
}

fn steps(path: &str) -> impl Iterator<Item = Step<'_>> {
    path.split('.').filter(|s| !s.is_empty()).map(|part| match part.split_once('[') {
        None => Step { key: part, index: None },
        Some((key, rest)) => {
            let inner = rest.trim_end_matches(']');
            Step { key, index: Some(inner.parse().ok()) }
        }
    })
}

/// The value at `path`. A generic `[]` takes the first entry of the list that has the rest of the
/// path, so `faults[].count` finds the count of whichever fault has one.
pub fn get<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    let all: Vec<Step> = steps(path).collect();
    walk(doc, &all)
}

fn walk<'v>(at: &'v Value, rest: &[Step]) -> Option<&'v Value> {
    let Some((step, rest)) = rest.split_first() else {
        return Some(at);
    };
    let child = at.get(step.key)?;
    match step.index {
        None => walk(child, rest),
        Some(Some(i)) => walk(child.get(i)?, rest),
        Some(None) => child.as_array()?.iter().find_map(|entry| walk(entry, rest)),
    }
}

/// Sets the value at a concrete `path`, creating objects on the way; `None` removes the key, so
/// the model's default applies. A path through a missing list entry changes nothing.
pub fn set(doc: &mut Value, path: &str, value: Option<Value>) {
    let all: Vec<Step> = steps(path).collect();
    let Some((last, parents)) = all.split_last() else {
        return;
    };
    let mut at = doc;
    for step in parents {
        let Some(next) = object(at).map(|m| m.entry(step.key.to_string()).or_insert_with(|| Value::Object(Map::new())))
        else {
            return;
        };
        at = match step.index {
            None => next,
            Some(Some(i)) => match next.get_mut(i) {
                Some(entry) => entry,
                None => return,
            },
            Some(None) => return,
        };
    }
    let Some(map) = object(at) else {
        return;
    };
    match (last.index, value) {
        (None, Some(v)) => {
            map.insert(last.key.to_string(), v);
        }
        (None, None) => {
            map.remove(last.key);
        }
        (Some(Some(i)), v) => {
            if let Some(list) = map.get_mut(last.key).and_then(Value::as_array_mut) {
                match v {
                    Some(v) if i < list.len() => list[i] = v,
                    None if i < list.len() => {
                        list.remove(i);
                    }
                    _ => {}
                }
            }
        }
        (Some(None), _) => {}
    }
}

/// `at` as an object, turning a `null` into an empty one (a section that was never written).
fn object(at: &mut Value) -> Option<&mut Map<String, Value>> {
    if at.is_null() {
        *at = Value::Object(Map::new());
    }
    at.as_object_mut()
}

/// The generic form of a path: every list index becomes `[]`.
pub fn generic(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for ch in path.chars() {
        match ch {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(ch),
        }
    }
    out
}

/// Whether `path` is `part` or lies under it: `producers[0].reliable.max_resends` is within
/// `producers[0].reliable`, `producers[0].retries_max` is not within `producers[0].retries`.
pub fn within(path: &str, part: &str) -> bool {
    path.strip_prefix(part).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A generic path with its first `[]` made `[index]`: the field of one list entry.
pub fn concrete(generic: &str, index: usize) -> String {
    generic.replacen("[]", &format!("[{index}]"), 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_read_and_write() {
        let mut doc = json!({ "producers": [{ "workload": { "messages": 5 } }, {}] });
        assert_eq!(get(&doc, "producers[0].workload.messages"), Some(&json!(5)));
        assert_eq!(get(&doc, "producers[].workload.messages"), Some(&json!(5)));
        set(&mut doc, "producers[1].workload.rate_per_s", Some(json!(7)));
        assert_eq!(get(&doc, "producers[1].workload.rate_per_s"), Some(&json!(7)));
        set(&mut doc, "producers[1].workload.rate_per_s", None);
        assert_eq!(get(&doc, "producers[1].workload.rate_per_s"), None);
        set(&mut doc, "producers[5].name", Some(json!("x")));
        assert_eq!(doc["producers"].as_array().map(Vec::len), Some(2));
        set(&mut doc, "brokers.groups", Some(json!(3)));
        assert_eq!(get(&doc, "brokers.groups"), Some(&json!(3)));
        set(&mut doc, "producers[0]", None);
        assert_eq!(doc["producers"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn generic_and_concrete() {
        assert_eq!(generic("consumer_groups[12].dedup.ttl_ms"), "consumer_groups[].dedup.ttl_ms");
        assert_eq!(concrete("faults[].node", 3), "faults[3].node");
    }
}
