//! A mutation test over the examples: thousands of manifests with a field deleted, duplicated,
//! retyped or renamed. None may panic, every renamed field must be reported as unknown with
//! its full path (unless it sits in a free-form map such as labels), every duplicated key as a
//! duplicate, and whatever decodes must go through the API server without a panic.

mod common;
use common::*;
use serde_json::Value;
use sts_core::manifest::{parse, DecodeError};
use sts_core::rng::Rng;

/// Maps whose keys are data, not field names.
fn free_form(parent_key: &str, kind: &str, path: &str) -> bool {
    matches!(
        parent_key,
        "labels"
            | "annotations"
            | "matchLabels"
            | "nodeSelector"
            | "data"
            | "stringData"
            | "binaryData"
            | "requests"
            | "limits"
            | "parameters"
            | "capacity"
    ) || (kind == "Service" && path == "spec.selector")
}

/// Every object key of `value` that names a field, with its path as the API server prints it.
fn field_paths(
    value: &Value,
    kind: &str,
    path: &str,
    parent: &str,
    out: &mut Vec<(Vec<PathStep>, String)>,
    trail: &mut Vec<PathStep>,
) {
    match value {
        Value::Object(map) => {
            if free_form(parent, kind, path) {
                return;
            }
            for (k, v) in map {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                trail.push(PathStep::Key(k.clone()));
                if !(path.is_empty() && (k == "apiVersion" || k == "kind")) {
                    out.push((trail.clone(), child.clone()));
                }
                field_paths(v, kind, &child, k, out, trail);
                trail.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                trail.push(PathStep::Index(i));
                field_paths(v, kind, &format!("{path}[{i}]"), parent, out, trail);
                trail.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

/// The parent container of the last step, and that step.
fn parent_mut<'a>(root: &'a mut Value, trail: &[PathStep]) -> Option<&'a mut Value> {
    let mut current = root;
    for step in &trail[..trail.len() - 1] {
        current = match step {
            PathStep::Key(k) => current.get_mut(k)?,
            PathStep::Index(i) => current.get_mut(*i)?,
        };
    }
    Some(current)
}

fn render(doc: &Value) -> String {
    serde_json::to_string(doc).unwrap()
}

#[test]
fn thousands_of_mutants_never_panic_and_never_hide_an_unknown_field() {
    let mut rng = Rng::new(20261125);
    let mut docs: Vec<(String, Value)> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for path in example_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for doc in parse(&text) {
            let raw = doc.raw.unwrap();
            docs.push((raw["kind"].as_str().unwrap().to_string(), raw));
        }
        texts.push(text);
    }
    let (mut renamed, mut deleted, mut retyped, mut duplicated) = (0, 0, 0, 0);
    let mut silent = Vec::new();
    for case in 0..4_000u64 {
        let (kind, original) = &docs[(rng.next_u64() % docs.len() as u64) as usize];
        let mut fields = Vec::new();
        field_paths(original, kind, "", "", &mut fields, &mut Vec::new());
        let (trail, path) = fields[(rng.next_u64() % fields.len() as u64) as usize].clone();
        let mut doc = original.clone();
        let Some(PathStep::Key(key)) = trail.last().cloned() else {
            continue;
        };
        match case % 4 {
            0 => {
                // Rename: must be rejected as an unknown field, with its path.
                let parent = parent_mut(&mut doc, &trail).unwrap();
                let map = parent.as_object_mut().unwrap();
                let v = map.remove(&key).unwrap();
                map.insert(format!("{key}x"), v);
                let expected = format!("unknown field \"{path}x\"");
                let result = &parse(&render(&doc))[0].result;
                match result {
                    Err(DecodeError::Strict { causes, .. }) if causes.contains(&expected) => {}
                    other => silent.push(format!("{path}x: {:?}", other.as_ref().err())),
                }
                renamed += 1;
            }
            1 => {
                let parent = parent_mut(&mut doc, &trail).unwrap();
                parent.as_object_mut().unwrap().remove(&key);
                deleted += 1;
            }
            2 => {
                let parent = parent_mut(&mut doc, &trail).unwrap();
                let slot = parent.get_mut(&key).unwrap();
                *slot = match slot {
                    Value::String(_) => Value::from(7),
                    Value::Number(_) => Value::from("seven"),
                    Value::Bool(_) => Value::from("yes"),
                    Value::Array(_) => Value::from("one"),
                    Value::Object(_) => Value::Array(vec![Value::from(1)]),
                    Value::Null => Value::from(true),
                };
                retyped += 1;
            }
            _ => {
                // Duplicate a `key: value` line of the YAML text.
                let text = &texts[(rng.next_u64() % texts.len() as u64) as usize];
                let lines: Vec<&str> = text.lines().collect();
                let candidates: Vec<usize> = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| {
                        let t = l.trim_start();
                        !t.starts_with('#')
                            && !t.starts_with("- ")
                            && t.contains(": ")
                            && !t.ends_with(':')
                            && !t.ends_with('|')
                    })
                    .map(|(i, _)| i)
                    .collect();
                let at = candidates[(rng.next_u64() % candidates.len() as u64) as usize];
                let mut mutated: Vec<&str> = lines.clone();
                mutated.insert(at + 1, lines[at]);
                let joined = mutated.join("\n");
                let results = parse(&joined);
                let found = results.iter().any(|d| matches!(&d.result, Err(DecodeError::Strict { causes, .. }) if causes.iter().any(|c| c.starts_with("duplicate field"))));
                assert!(
                    found,
                    "duplicating line {} ({}) was not reported",
                    at + 1,
                    lines[at]
                );
                duplicated += 1;
                continue;
            }
        }
        // Whatever decodes goes to the API server; nothing may panic.
        let mut c = cluster();
        for d in parse(&render(&doc)) {
            if let Ok(object) = d.result {
                let _ = c.create(object);
            }
        }
        c.settle(sts_core::time::Duration::minutes(2));
    }
    assert!(renamed >= 900 && deleted >= 900 && retyped >= 900 && duplicated >= 900);
    assert!(
        silent.is_empty(),
        "{} of {renamed} renamed fields were accepted silently or misreported, e.g.:\n{}",
        silent.len(),
        silent
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
