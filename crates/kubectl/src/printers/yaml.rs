//! A YAML emitter that writes what `sigs.k8s.io/yaml` (JSON → go-yaml v2 → libyaml) writes,
//! which is what `kubectl get -o yaml` prints.
//!
//! serde_yaml 0.9 differs in ways a learner would notice (it indents sequences under their key
//! and quotes differently), so this module emits the kubectl style itself:
//! - keys sorted (the input is a JSON value; keys are sorted here again, whatever map order
//!   serde_json was built with), 2-space indentation, block style;
//! - sequences are not indented under their key (`containers:` / `- name: x`), empty
//!   collections are `{}` / `[]`;
//! - strings are plain when possible; strings that would read back as another type (`"80"`,
//!   `"true"`, `"yes"`, `""`, timestamps like `"2025-01-01T00:00:00Z"`) are double-quoted, as
//!   go-yaml v2 resolves them with YAML 1.1 rules; strings that plain style cannot hold
//!   (`: `, ` #`, a leading indicator, surrounding spaces) are single-quoted; ones with
//!   control characters are double-quoted with escapes; multi-line ones use `|` literals;
//! - long plain and quoted scalars are folded at spaces past column 80 (libyaml's default
//!   `best_width`), continuing two columns deeper than their key.

use serde_json::Value;

/// libyaml's default preferred line width.
const BEST_WIDTH: usize = 80;

/// The YAML document for `value`, ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut e = Emitter::default();
    e.node(value, 0, false);
    e.newline_if_needed();
    e.out
}

#[derive(Default)]
struct Emitter {
    out: String,
    column: usize,
}

impl Emitter {
    fn put(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
        self.out.push_str(s);
    }

    fn newline_if_needed(&mut self) {
        if self.column != 0 {
            self.put("\n");
        }
    }

    fn indent_to(&mut self, indent: usize) {
        self.newline_if_needed();
        self.put(&" ".repeat(indent));
    }

    /// Writes `value` as a node whose block content sits at `indent`. `inline` means the
    /// cursor is already placed (after `- `), so the first line needs no indentation.
    fn node(&mut self, value: &Value, indent: usize, inline: bool) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                sts_core::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
                for (i, (k, v)) in entries.into_iter().enumerate() {
                    if i > 0 || !inline {
                        self.indent_to(indent);
                    }
                    self.scalar_string(k, indent + 2, false);
                    self.put(":");
                    self.value_after_key(v, indent);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 || !inline {
                        self.indent_to(indent);
                    }
                    self.put("- ");
                    match item {
                        Value::Object(m) if !m.is_empty() => self.node(item, indent + 2, true),
                        Value::Array(a) if !a.is_empty() => self.node(item, indent + 2, true),
                        _ => self.scalar(item, indent + 2),
                    }
                }
            }
            _ => self.scalar(value, indent + 2),
        }
    }

    /// The value of a mapping entry whose key sits at `indent`.
    fn value_after_key(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Object(m) if !m.is_empty() => self.node(v, indent + 2, false),
            // Sequences in a mapping are "indentless": `- ` at the key's column.
            Value::Array(a) if !a.is_empty() => self.node(v, indent, false),
            _ => {
                self.put(" ");
                self.scalar(v, indent + 2);
            }
        }
    }

    /// A scalar (or empty collection); continuation lines are indented to `indent`.
    fn scalar(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Null => self.put("null"),
            Value::Bool(b) => self.put(if *b { "true" } else { "false" }),
            Value::Number(n) => self.put(&number_text(n)),
            Value::String(s) => self.scalar_string(s, indent, true),
            Value::Array(_) => self.put("[]"),
            Value::Object(_) => self.put("{}"),
        }
    }

    fn scalar_string(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let a = analyze(s);
        if s.contains('\n') && allow_breaks && a.block_allowed {
            self.literal(s, indent);
        } else if resolves_to_non_string(s) {
            // go-yaml v2 asks for double quotes outright for these.
            self.put("\"");
            self.folded_run(s, indent, allow_breaks, Style::Double);
            self.put("\"");
        } else if !s.contains('\n') && a.plain_allowed {
            self.folded_run(s, indent, allow_breaks, Style::Plain);
        } else if !s.contains('\n') && a.single_allowed {
            self.put("'");
            self.folded_run(s, indent, allow_breaks, Style::Single);
            self.put("'");
        } else {
            self.put("\"");
            self.folded_run(s, indent, allow_breaks, Style::Double);
            self.put("\"");
        }
    }

    /// Writes the characters of a flow scalar, folding at spaces past [`BEST_WIDTH`] the way
    /// libyaml's `write_plain/single_quoted/double_quoted` do.
    fn folded_run(&mut self, s: &str, indent: usize, allow_breaks: bool, style: Style) {
        let chars: Vec<char> = s.chars().collect();
        let mut prev_space = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                let edge = i == 0 || i + 1 == chars.len();
                let may_break = match style {
                    Style::Plain => !next_space,
                    Style::Single => !edge && !next_space,
                    Style::Double => !edge,
                };
                if allow_breaks && !prev_space && self.column > BEST_WIDTH && may_break {
                    self.put("\n");
                    self.put(&" ".repeat(indent));
                    if style == Style::Double && next_space {
                        self.put("\\");
                    }
                } else {
                    self.put(" ");
                }
                prev_space = true;
                continue;
            }
            prev_space = false;
            match style {
                Style::Single if c == '\'' => self.put("''"),
                Style::Double => self.put(&double_escape(c)),
                _ => self.put(c.encode_utf8(&mut [0; 4])),
            }
        }
    }

    /// A `|` block literal; its lines sit at `indent`, blank lines carry no spaces.
    fn literal(&mut self, s: &str, indent: usize) {
        self.put("|");
        if s.starts_with(' ') || s.starts_with('\n') {
            self.put("2");
        }
        let chomp = if !s.ends_with('\n') {
            "-"
        } else if s == "\n" || s.ends_with("\n\n") {
            "+"
        } else {
            ""
        };
        self.put(chomp);
        self.put("\n");
        let mut at_line_start = true;
        for c in s.chars() {
            if c == '\n' {
                self.put("\n");
                at_line_start = true;
            } else {
                if at_line_start {
                    self.put(&" ".repeat(indent));
                    at_line_start = false;
                }
                self.put(c.encode_utf8(&mut [0; 4]));
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// JSON numbers as go-yaml prints them; whole floats (Go's JSON decoding gives `1`) as integers.
fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 1e15 => {
            format!("{}", f as i64)
        }
        _ => n.to_string(),
    }
}

fn double_escape(c: char) -> String {
    match c {
        '"' => "\\\"".into(),
        '\\' => "\\\\".into(),
        '\0' => "\\0".into(),
        '\x07' => "\\a".into(),
        '\x08' => "\\b".into(),
        '\t' => "\\t".into(),
        '\n' => "\\n".into(),
        '\x0b' => "\\v".into(),
        '\x0c' => "\\f".into(),
        '\r' => "\\r".into(),
        '\x1b' => "\\e".into(),
        '\u{85}' => "\\N".into(),
        '\u{a0}' => "\\_".into(),
        '\u{2028}' => "\\L".into(),
        '\u{2029}' => "\\P".into(),
        c if !is_printable(c) => {
            let n = c as u32;
            if n <= 0xff {
                format!("\\x{n:02X}")
            } else if n <= 0xffff {
                format!("\\u{n:04X}")
            } else {
                format!("\\U{n:08X}")
            }
        }
        c => c.to_string(),
    }
}

/// libyaml's `IS_PRINTABLE` (the emitter runs in unicode mode).
fn is_printable(c: char) -> bool {
    matches!(c as u32,
        0x0A | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
        && c != '\u{FEFF}'
}

struct Analysis {
    plain_allowed: bool,
    single_allowed: bool,
    block_allowed: bool,
}

/// `yaml_emitter_analyze_scalar`, for the block context.
fn analyze(s: &str) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Analysis {
            plain_allowed: false,
            single_allowed: true,
            block_allowed: false,
        };
    }
    let blankz = |i: usize| matches!(chars.get(i), None | Some(' ' | '\t' | '\n' | '\r'));
    let mut indicators = s.starts_with("---") || s.starts_with("...");
    let mut special = false;
    let mut space_break = false;
    let mut break_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            indicators |=
                "#,[]{}&*!|>'\"%@`".contains(c) || (matches!(c, '?' | ':' | '-') && blankz(1));
        } else {
            indicators |= (c == ':' && blankz(i + 1)) || (c == '#' && blankz(i - 1));
        }
        if !is_printable(c) || c == '\u{FEFF}' {
            special = true;
        }
        if c == '\n' {
            space_break |= i > 0 && chars[i - 1] == ' ';
        }
        if c == ' ' {
            break_space |= i > 0 && chars[i - 1] == '\n';
        }
    }
    let first = chars[0];
    let last = chars[chars.len() - 1];
    let leading = first == ' ' || first == '\n';
    let trailing_space = last == ' ';
    let trailing = trailing_space || last == '\n';
    let multiline = chars.contains(&'\n');
    Analysis {
        plain_allowed: !(indicators
            || special
            || leading
            || trailing
            || space_break
            || break_space
            || multiline),
        single_allowed: !(special || space_break || break_space),
        block_allowed: !(special || space_break || trailing_space),
    }
}

/// Whether go-yaml v2's `resolve` gives `s`, read as a plain scalar, a non-string tag (YAML
/// 1.1 booleans and nulls, ints in any Go base, floats, base-60 floats, timestamps).
pub fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
        "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF", "<<",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    match s.as_bytes()[0] {
        b'.' => s.parse::<f64>().is_ok(),
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = s.replace('_', "");
            is_timestamp(s)
                || is_go_int(&plain)
                || plain.parse::<f64>().is_ok()
                || is_base60_float(s)
        }
        _ => false,
    }
}

/// `strconv.ParseInt(s, 0, 64)` syntax (ignoring overflow): sign, then `0x`, `0o`, `0b`,
/// a leading-zero octal, or decimal digits.
fn is_go_int(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let all = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if let Some(t) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        all(t, 16)
    } else if let Some(t) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
        all(t, 8)
    } else if let Some(t) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        all(t, 2)
    } else if s.len() > 1 && s.starts_with('0') {
        all(&s[1..], 8)
    } else {
        all(s, 10)
    }
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
pub(super) fn is_base60_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (body, frac) = s.split_once('.').unwrap_or((s, ""));
    if !frac.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return false;
    }
    let mut parts = body.split(':');
    let head = parts.next().unwrap_or("");
    let head_ok = head.starts_with(|c: char| c.is_ascii_digit())
        && head.chars().all(|c| c.is_ascii_digit() || c == '_');
    let rest: Vec<&str> = parts.collect();
    head_ok
        && !rest.is_empty()
        && rest.iter().all(|p| {
            let b = p.as_bytes();
            match b.len() {
                1 => b[0].is_ascii_digit(),
                2 => (b'0'..=b'5').contains(&b[0]) && b[1].is_ascii_digit(),
                _ => false,
            }
        })
}

/// go-yaml v2's `parseTimestamp`: `2006-1-2`, optionally followed by `T`/`t`/space and
/// `15:4:5` with an optional fraction, and a `Z`/`±07:00` zone after `T`/`t`.
pub(super) fn is_timestamp(s: &str) -> bool {
    fn num(s: &str, min: usize, max: usize, lo: u32, hi: u32) -> Option<&str> {
        let n = s.chars().take_while(char::is_ascii_digit).count().min(max);
        if n < min {
            return None;
        }
        let v: u32 = s[..n].parse().ok()?;
        (lo..=hi).contains(&v).then(|| &s[n..])
    }
    let Some(r) = num(s, 4, 4, 0, 9999) else {
        return false;
    };
    let Some(r) = r.strip_prefix('-').and_then(|r| num(r, 1, 2, 1, 12)) else {
        return false;
    };
    let Some(r) = r.strip_prefix('-').and_then(|r| num(r, 1, 2, 1, 31)) else {
        return false;
    };
    let Some(sep) = r.chars().next() else {
        return true;
    };
    if !matches!(sep, 'T' | 't' | ' ') {
        return false;
    }
    let time = num(&r[1..], 1, 2, 0, 23)
        .and_then(|r| r.strip_prefix(':'))
        .and_then(|r| num(r, 1, 2, 0, 59))
        .and_then(|r| r.strip_prefix(':'))
        .and_then(|r| num(r, 1, 2, 0, 59));
    let Some(mut r) = time else {
        return false;
    };
    if let Some(f) = r.strip_prefix('.') {
        let n = f.chars().take_while(char::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        r = &f[n..];
    }
    if sep == ' ' {
        return r.is_empty();
    }
    if r == "Z" {
        return true;
    }
    r.strip_prefix(['+', '-'])
        .and_then(|z| num(z, 2, 2, 0, 23))
        .and_then(|z| z.strip_prefix(':'))
        .and_then(|z| num(z, 2, 2, 0, 59))
        .is_some_and(str::is_empty)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quoting_follows_go_yaml_v2() {
        let v = json!({
            "a": "80", "b": "true", "c": "yes", "d": "", "e": "2025-01-01T00:00:00Z",
            "f": "nginx", "g": "a: b", "h": "it's", "i": "{x}", "j": "1.5", "k": "0x1F",
            "l": "1:20", "m": "- x", "n": "tab\there", "o": " lead", "p": "a #b", "q": "a#b",
            "r": "registry.k8s.io/nginx-slim:0.24", "s": "2025-01-01", "t": "1Gi", "u": "~",
        });
        assert_eq!(
            to_yaml(&v),
            "a: \"80\"\nb: \"true\"\nc: \"yes\"\nd: \"\"\ne: \"2025-01-01T00:00:00Z\"\n\
             f: nginx\ng: 'a: b'\nh: it's\ni: '{x}'\nj: \"1.5\"\nk: \"0x1F\"\nl: \"1:20\"\n\
             m: '- x'\n\"n\": \"tab\\there\"\no: ' lead'\np: 'a #b'\nq: a#b\n\
             r: registry.k8s.io/nginx-slim:0.24\ns: \"2025-01-01\"\nt: 1Gi\nu: \"~\"\n"
        );
    }

    #[test]
    fn sequences_are_indentless_and_empty_collections_flow() {
        let v = json!({
            "spec": {"containers": [{"name": "x", "ports": [{"containerPort": 80}]}],
                     "args": [], "empty": {}, "nested": [[1, 2], "z"], "n": null}
        });
        assert_eq!(
            to_yaml(&v),
            "spec:\n  args: []\n  containers:\n  - name: x\n    ports:\n    - containerPort: 80\n  \
             empty: {}\n  \"n\": null\n  nested:\n  - - 1\n    - 2\n  - z\n"
        );
    }

    #[test]
    fn multiline_strings_are_literals() {
        let v = json!({"a": {"b": "line1\nline2\n", "c": "x\n\ny"}});
        assert_eq!(
            to_yaml(&v),
            "a:\n  b: |\n    line1\n    line2\n  c: |-\n    x\n\n    y\n"
        );
    }

    #[test]
    fn long_scalars_fold_past_column_80() {
        let message = "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. \
                       preemption: 0/3 nodes are available: 3 No preemption victims found.";
        let v = json!({"status": {"message": message}});
        assert_eq!(
            to_yaml(&v),
            "status:\n  message: '0/3 nodes are available: 3 node(s) didn''t match pod \
             anti-affinity rules.\n    preemption: 0/3 nodes are available: 3 No preemption \
             victims found.'\n"
        );
    }

    #[test]
    fn resolver_edge_cases() {
        for s in [
            "0755",
            "08",
            "-1",
            "+1",
            "1e5",
            ".5",
            "1_000",
            "No",
            "2025-1-2 3:04:05",
        ] {
            assert!(resolves_to_non_string(s), "{s}");
        }
        for s in [
            "web-0",
            "v1.34.0",
            "1Gi",
            "10s",
            "RWO",
            "2025-13-01",
            "-",
            ".",
            "0xZ",
        ] {
            assert!(!resolves_to_non_string(s), "{s}");
        }
    }
}
