//! `-o kyaml` (kubectl 1.35+): KYAML, the strict, unambiguous YAML dialect of KEP-5295, as
//! `sigs.k8s.io/yaml/kyaml`'s encoder writes it — every value string double-quoted, keys bare
//! where YAML cannot misread them, `{…}` and `[…]` with trailing commas, lists of objects
//! "cuddled" (`[{` … `}, {` … `}]`), and a string with newlines folded over lines with `\`.

use super::structured::go_number;
use serde_json::{Map, Value};

/// One document: `---`, the value, a newline.
pub fn to_kyaml(value: &Value) -> String {
    let mut out = String::from("---\n");
    node(value, 0, &mut out);
    out.push('\n');
    out
}

fn indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// `renderNode`: the value at `level`, with no newline after it.
fn node(value: &Value, level: usize, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_number(n)),
        Value::String(s) => string(s, level + 1, false, out),
        Value::Array(items) => sequence(items, level, out),
        Value::Object(map) => mapping(map, level, out),
    }
}

fn mapping(map: &Map<String, Value>, level: usize, out: &mut String) {
    if map.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str("{\n");
    for (key, value) in map {
        indent(level + 1, out);
        string(key, level + 1, true, out);
        out.push_str(": ");
        node(value, level + 1, out);
        out.push_str(",\n");
    }
    indent(level, out);
    out.push('}');
}

fn sequence(items: &[Value], level: usize, out: &mut String) {
    if items.is_empty() {
        out.push_str("[]");
        return;
    }
    // A list of objects or lists is cuddled: `[{` … `}, {` … `}]`.
    if items.iter().all(|i| i.is_object() || i.is_array()) {
        out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            node(item, level, out);
        }
        out.push(']');
        return;
    }
    out.push_str("[\n");
    indent(level, out);
    for item in items {
        indent(1, out);
        node(item, level + 1, out);
        out.push_str(",\n");
        indent(level, out);
    }
    out.push(']');
}

/// `renderString`. A key (`key`: lazily quoted, compact) is bare when YAML would read it back
/// as the same string; a value is always quoted, and one with newlines is folded: `"\`, each
/// line on its own (indented one more, a leading space escaped), `\n\` at each break.
fn string(text: &str, level: usize, key: bool, out: &mut String) {
    let multi = text.contains('\n');
    if key && !multi && !needs_quotes(text) {
        out.push_str(text);
        return;
    }
    let folded = multi && !key;
    let mut buf = String::from("\"");
    if folded {
        buf.push_str("\\\n");
    }
    for c in text.chars() {
        if buf.ends_with('\n') {
            indent(level, &mut buf);
            buf.push(if c.is_whitespace() && c != '\n' {
                '\\'
            } else {
                ' '
            });
        }
        match c {
            '"' | '\\' => {
                buf.push('\\');
                buf.push(c);
            }
            '\n' => buf.push_str(if key { "\\n" } else { "\\n\\\n" }),
            c if is_print(c) => buf.push(c),
            '\u{07}' => buf.push_str("\\a"),
            '\u{08}' => buf.push_str("\\b"),
            '\u{0c}' => buf.push_str("\\f"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            '\u{0b}' => buf.push_str("\\v"),
            '\0' => buf.push_str("\\0"),
            '\u{1b}' => buf.push_str("\\e"),
            '\u{85}' => buf.push_str("\\N"),
            '\u{a0}' => buf.push_str("\\_"),
            '\u{2028}' => buf.push_str("\\L"),
            '\u{2029}' => buf.push_str("\\P"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                buf.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (c as u32) < 0x10000 => buf.push_str(&format!("\\u{:04x}", c as u32)),
            c => buf.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    if folded {
        if !buf.ends_with('\n') {
            buf.push_str("\\\n");
        }
        indent(level, &mut buf);
    }
    buf.push('"');
    out.push_str(&buf);
}

/// Go's `unicode.IsPrint`, closely enough: graphic characters and the ASCII space, not other
/// spaces, controls or format characters.
fn is_print(c: char) -> bool {
    c == ' '
        || !(c.is_control()
            || c.is_whitespace()
            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
}

/// `needsQuotes`: empty, read by YAML as something else, or holding a character other than
/// letters, digits and `_` (and `-`, `.`, `/` inside).
fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || yaml_guesses_wrong(s) {
        return true;
    }
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let interior = i > 0 && i < chars.len() - 1;
        !(c.is_alphabetic()
            || c.is_numeric()
            || c == '_'
            || (interior && matches!(c, '-' | '.' | '/')))
    })
}

/// `yamlGuessesWrong`: null, booleans (Go's `ParseBool` and YAML 1.1's words), numbers of any
/// base, floats, sexagesimals, infinities and NaN, timestamps.
fn yaml_guesses_wrong(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if s.len() <= 5
        && matches!(
            lower.as_str(),
            "null"
                | "~"
                | "true"
                | "y"
                | "yes"
                | "on"
                | "false"
                | "n"
                | "no"
                | "off"
                | ".inf"
                | "-.inf"
                | "+.inf"
                | ".nan"
        )
    {
        return true;
    }
    if matches!(
        s,
        "1" | "t" | "T" | "TRUE" | "true" | "True" | "0" | "f" | "F" | "FALSE" | "false" | "False"
    ) {
        return true;
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    go_int(&plain) || go_float(&plain) || sexagesimal(s) || timestamp(s)
}

/// Go's `strconv.ParseInt(s, 0, 64)` succeeding: a sign, then `0x`, `0o`, `0b`, a leading `0`
/// (octal) or decimal digits, within 64 bits.
fn go_int(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = unsigned.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d, 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d, 2)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (&lower[1..], 8)
    } else {
        (lower.as_str(), 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return false;
    }
    let negative = s.starts_with('-');
    match u64::from_str_radix(digits, radix) {
        Ok(v) => v <= i64::MAX as u64 + u64::from(negative),
        Err(_) => false,
    }
}

/// Go's `strconv.ParseFloat(s, 64)` succeeding: decimal or hexadecimal floats, `inf`,
/// `infinity` and `nan`, and nothing out of range.
fn go_float(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s).to_ascii_lowercase();
    if matches!(unsigned.as_str(), "inf" | "infinity" | "nan") {
        return true;
    }
    if let Some(hex) = unsigned.strip_prefix("0x") {
        let Some((mantissa, exp)) = hex.split_once('p') else {
            return false;
        };
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        return !(int.is_empty() && frac.is_empty())
            && int
                .chars()
                .chain(frac.chars())
                .all(|c| c.is_ascii_hexdigit())
            && !exp.is_empty()
            && exp.chars().all(|c| c.is_ascii_digit());
    }
    let decimal = unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'));
    decimal && unsigned.parse::<f64>().is_ok_and(f64::is_finite)
}

/// `^[+-]?[1-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$`: go-yaml's base-60 form, but without a
/// leading zero.
fn sexagesimal(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    !unsigned.starts_with('0') && super::yaml::is_base60_float(s)
}

/// The YAML timestamp layouts kyaml tries are go-yaml v2's, which the YAML printer knows.
fn timestamp(s: &str) -> bool {
    super::yaml::is_timestamp(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_kyaml_as_the_encoder_does() {
        let value = json!({
            "metadata": {"labels": {"app": "web", "80": "x", "a/b": "y"}, "name": "web"},
            "spec": {"command": ["sh", "-c"], "ports": [{"port": 80}, {"port": 443}], "empty": {}},
            "note": "line one\nline two\n",
        });
        assert_eq!(
            to_kyaml(&value),
            "---\n{\n  metadata: {\n    labels: {\n      \"80\": \"x\",\n      a/b: \"y\",\n      app: \"web\",\n    },\n    name: \"web\",\n  },\n  note: \"\\\n     line one\\n\\\n     line two\\n\\\n    \",\n  spec: {\n    command: [\n      \"sh\",\n      \"-c\",\n    ],\n    empty: {},\n    ports: [{\n      port: 80,\n    }, {\n      port: 443,\n    }],\n  },\n}\n"
        );
    }

    #[test]
    fn quotes_keys_yaml_would_misread() {
        for key in [
            "true", "No", "0x1F", "1e3", "12:30", "2024-1-2", "null", "-a", "a-", "a b",
        ] {
            assert!(needs_quotes(key), "{key} should be quoted");
        }
        for key in ["app", "app.kubernetes.io/name", "a_b", "web-0", "ca.crt"] {
            assert!(!needs_quotes(key), "{key} should be bare");
        }
    }
}
