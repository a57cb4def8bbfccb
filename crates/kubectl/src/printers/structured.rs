//! `-o json`, `-o yaml` and `-o name` as kubectl prints them.
//!
//! kubectl marshals with Go's `encoding/json` (`MarshalIndent` with four spaces, HTML-safe
//! escaping) and converts that JSON to YAML with `sigs.k8s.io/yaml`, so in both formats the
//! keys are sorted alphabetically at every level. Several objects, or any list request, are
//! wrapped in a `v1` `List` with an empty `metadata.resourceVersion`.

use super::yaml::to_yaml;
use serde_json::{json, Value};
use std::rc::Rc;
use sts_core::api::Object;

/// The value kubectl serialises: the object itself, or a `List` of them when `list_request`
/// (e.g. `get pods`, `get pod a b`) or when there is not exactly one object.
pub fn output_value(objects: &[Rc<Object>], list_request: bool) -> Value {
    if objects.len() == 1 && !list_request {
        return objects[0].to_json();
    }
    json!({
        "apiVersion": "v1",
        "items": objects.iter().map(|o| o.to_json()).collect::<Vec<_>>(),
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    })
}

/// `-o json`, ending with a newline.
pub fn print_json(objects: &[Rc<Object>], list_request: bool) -> String {
    let mut out = to_json(&output_value(objects, list_request));
    out.push('\n');
    out
}

/// `-o yaml`, ending with a newline.
pub fn print_yaml(objects: &[Rc<Object>], list_request: bool) -> String {
    to_yaml(&output_value(objects, list_request))
}

/// `-o name`: one `statefulset.apps/web` / `pod/web-0` line per object.
pub fn print_name(objects: &[Rc<Object>]) -> String {
    objects
        .iter()
        .map(|o| format!("{}/{}\n", o.kind().qualified_singular(), o.meta().name))
        .collect()
}

/// Go's `json.MarshalIndent(v, "", "    ")`, keys sorted, without a final newline.
pub fn to_json(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, 0, &mut out);
    out
}

fn write_json(value: &Value, depth: usize, out: &mut String) {
    let indent = |d: usize, out: &mut String| {
        out.push('\n');
        out.push_str(&"    ".repeat(d));
    };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_number(n)),
        Value::String(s) => write_string(s, out),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(depth + 1, out);
                write_json(item, depth + 1, out);
            }
            indent(depth, out);
            out.push(']');
        }
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            sts_core::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(depth + 1, out);
                write_string(k, out);
                out.push_str(": ");
                write_json(v, depth + 1, out);
            }
            indent(depth, out);
            out.push('}');
        }
    }
}

/// Whole floats as integers, as Go prints a float64 that holds one.
pub(crate) fn go_number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 1e21 => {
            format!("{f:.0}")
        }
        _ => n.to_string(),
    }
}

/// Go's string encoding with HTML escaping on (the `encoding/json` default).
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
