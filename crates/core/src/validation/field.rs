//! Field errors as apimachinery's `field.Error` renders them, and the message kubectl prints
//! for a `422 Invalid` API error built from them (§2.1).

use crate::api::{
    LabelSelector, Labels, RollingUpdateStatefulSetStrategy, StatefulSetUpdateStrategy,
};
use crate::versions::ServerVersion;
use serde_json::Value;
use std::fmt;

/// `field.ErrorType`: what went wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Required,
    Invalid,
    Unsupported,
    Forbidden,
    Duplicate,
    NotFound,
    TooLong,
    TooMany,
}

impl ErrorKind {
    /// The type text of `field.ErrorType.String()`.
    pub fn text(self) -> &'static str {
        match self {
            ErrorKind::Required => "Required value",
            ErrorKind::Invalid => "Invalid value",
            ErrorKind::Unsupported => "Unsupported value",
            ErrorKind::Forbidden => "Forbidden",
            ErrorKind::Duplicate => "Duplicate value",
            ErrorKind::NotFound => "Not found",
            ErrorKind::TooLong => "Too long",
            ErrorKind::TooMany => "Too many",
        }
    }

    /// `ErrorBody` prints no value for these. Upstream also omits it for `TooLong` (its detail
    /// already says the limit), which §2.1 does not mention; we follow upstream.
    fn omits_value(self) -> bool {
        matches!(
            self,
            ErrorKind::Required | ErrorKind::Forbidden | ErrorKind::TooLong
        )
    }
}

/// The offending value of a field error, kept in a form that can be printed the way a given
/// server release prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderedValue {
    /// Go `int32`/`int64`: printed bare.
    Int(i64),
    Bool(bool),
    /// Go `string`: printed quoted (`%q`).
    Str(String),
    /// A nil pointer. Older servers turned it into the *string* "null" and so printed it quoted.
    Null,
    /// A map or struct: Go-syntax (`%#v`) on older servers, JSON on newer ones (§2.1).
    Complex {
        go: String,
        json: String,
    },
}

impl RenderedValue {
    pub fn render(&self, version: ServerVersion) -> String {
        match self {
            RenderedValue::Int(n) => n.to_string(),
            RenderedValue::Bool(b) => b.to_string(),
            RenderedValue::Str(s) => go_quote(s),
            RenderedValue::Null if version.renders_values_as_json() => "null".to_string(),
            RenderedValue::Null => go_quote("null"),
            RenderedValue::Complex { go, json } => {
                if version.renders_values_as_json() {
                    json.clone()
                } else {
                    go.clone()
                }
            }
        }
    }

    /// A label map (`map[string]string`). An empty map is a nil map: the API decodes an absent
    /// `labels` to nil and that is what the server prints.
    pub fn labels(labels: &Labels) -> Self {
        RenderedValue::Complex {
            go: go_string_map(Some(labels).filter(|l| !l.is_empty())),
            json: json_string_map(Some(labels).filter(|l| !l.is_empty())),
        }
    }

    /// A `metav1.LabelSelector` (dereferenced, as `ErrorBody` does with pointers).
    pub fn label_selector(selector: &LabelSelector) -> Self {
        let mut go = format!(
            "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:",
            go_string_map(selector.match_labels.as_ref())
        );
        match &selector.match_expressions {
            None => go.push_str("[]v1.LabelSelectorRequirement(nil)"),
            Some(reqs) => {
                let items: Vec<String> = reqs
                    .iter()
                    .map(|r| {
                        format!(
                            "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                            go_quote(&r.key),
                            go_quote(&r.operator),
                            go_string_slice(r.values.as_deref())
                        )
                    })
                    .collect();
                go.push_str(&format!(
                    "[]v1.LabelSelectorRequirement{{{}}}",
                    items.join(", ")
                ));
            }
        }
        go.push('}');
        // metav1 types carry json tags with omitempty, unlike the internal apps types.
        let mut fields = Vec::new();
        if let Some(m) = selector.match_labels.as_ref().filter(|m| !m.is_empty()) {
            fields.push(format!("\"matchLabels\":{}", json_string_map(Some(m))));
        }
        if let Some(reqs) = selector
            .match_expressions
            .as_ref()
            .filter(|r| !r.is_empty())
        {
            let items: Vec<String> = reqs
                .iter()
                .map(|r| {
                    let mut s = format!(
                        "{{\"key\":{},\"operator\":{}",
                        json_quote(&r.key),
                        json_quote(&r.operator)
                    );
                    if let Some(v) = r.values.as_ref().filter(|v| !v.is_empty()) {
                        let vals: Vec<String> = v.iter().map(|x| json_quote(x)).collect();
                        s.push_str(&format!(",\"values\":[{}]", vals.join(",")));
                    }
                    s.push('}');
                    s
                })
                .collect();
            fields.push(format!("\"matchExpressions\":[{}]", items.join(",")));
        }
        RenderedValue::Complex {
            go,
            json: format!("{{{}}}", fields.join(",")),
        }
    }

    /// An `intstr.IntOrString` passed by value. Its `String()` has a pointer receiver, so Go
    /// syntax prints the raw struct; JSON uses its MarshalJSON (a bare int or a quoted string).
    pub fn int_or_string(value: &Value) -> Self {
        match value {
            Value::String(s) => RenderedValue::Complex {
                go: format!(
                    "intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}",
                    go_quote(s)
                ),
                json: json_quote(s),
            },
            other => {
                let n = other.as_i64().unwrap_or(0);
                RenderedValue::Complex {
                    go: format!("intstr.IntOrString{{Type:0, IntVal:{n}, StrVal:\"\"}}"),
                    json: n.to_string(),
                }
            }
        }
    }

    /// The internal `apps.RollingUpdateStatefulSetStrategy` (no json tags, Go field names).
    pub fn rolling_update(ru: &RollingUpdateStatefulSetStrategy) -> Self {
        let (go_mu, json_mu) = match &ru.max_unavailable {
            // Go prints the address of a non-nil pointer; any fixed address stands in for it.
            Some(v) => (
                "(*intstr.IntOrString)(0xc000a2c1e0)".to_string(),
                match RenderedValue::int_or_string(v) {
                    RenderedValue::Complex { json, .. } => json,
                    _ => unreachable!("int_or_string is always complex"),
                },
            ),
            None => ("(*intstr.IntOrString)(nil)".to_string(), "null".to_string()),
        };
        let partition = ru.partition.unwrap_or(0);
        RenderedValue::Complex {
            go: format!(
                "apps.RollingUpdateStatefulSetStrategy{{Partition:{partition}, MaxUnavailable:{go_mu}}}"
            ),
            json: format!("{{\"Partition\":{partition},\"MaxUnavailable\":{json_mu}}}"),
        }
    }

    /// The internal `apps.StatefulSetUpdateStrategy`.
    pub fn update_strategy(strategy: &StatefulSetUpdateStrategy) -> Self {
        let type_ = strategy.type_.as_deref().unwrap_or("");
        let (go_ru, json_ru) = match &strategy.rolling_update {
            Some(ru) => (
                "(*apps.RollingUpdateStatefulSetStrategy)(0xc000b1d0a0)".to_string(),
                match RenderedValue::rolling_update(ru) {
                    RenderedValue::Complex { json, .. } => json,
                    _ => unreachable!("rolling_update is always complex"),
                },
            ),
            None => (
                "(*apps.RollingUpdateStatefulSetStrategy)(nil)".to_string(),
                "null".to_string(),
            ),
        };
        RenderedValue::Complex {
            go: format!(
                "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:{go_ru}}}",
                go_quote(type_)
            ),
            json: format!(
                "{{\"Type\":{},\"RollingUpdate\":{json_ru}}}",
                json_quote(type_)
            ),
        }
    }
}

/// One `field.Error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub kind: ErrorKind,
    pub value: Option<RenderedValue>,
    pub detail: String,
}

impl FieldError {
    pub fn required(path: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Required, None, detail)
    }
    pub fn forbidden(path: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::Forbidden, None, detail)
    }
    pub fn invalid(
        path: impl Into<String>,
        value: RenderedValue,
        detail: impl Into<String>,
    ) -> Self {
        Self::new(path, ErrorKind::Invalid, Some(value), detail)
    }
    pub fn duplicate(path: impl Into<String>, value: RenderedValue) -> Self {
        Self::new(path, ErrorKind::Duplicate, Some(value), "")
    }
    pub fn not_found(path: impl Into<String>, value: RenderedValue) -> Self {
        Self::new(path, ErrorKind::NotFound, Some(value), "")
    }
    /// `field.NotSupported`: the detail lists the supported values, each quoted.
    pub fn not_supported(
        path: impl Into<String>,
        value: RenderedValue,
        supported: &[&str],
    ) -> Self {
        let quoted: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
        let detail = format!("supported values: {}", quoted.join(", "));
        Self::new(path, ErrorKind::Unsupported, Some(value), detail)
    }
    fn new(
        path: impl Into<String>,
        kind: ErrorKind,
        value: Option<RenderedValue>,
        detail: impl Into<String>,
    ) -> Self {
        FieldError {
            path: path.into(),
            kind,
            value,
            detail: detail.into(),
        }
    }

    /// `ErrorBody()`: everything after `<path>: `.
    pub fn body(&self, version: ServerVersion) -> String {
        let mut s = self.kind.text().to_string();
        if !self.kind.omits_value() {
            if let Some(v) = &self.value {
                s.push_str(": ");
                s.push_str(&v.render(version));
            }
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }

    /// `Error()` as the given server release prints it.
    pub fn render(&self, version: ServerVersion) -> String {
        format!("{}: {}", self.path, self.body(version))
    }
}

impl fmt::Display for FieldError {
    /// Renders as the default server release (1.34) does; use [`FieldError::render`] for others.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(ServerVersion::default()))
    }
}

/// What kubectl prints for a `422 Invalid` error on object `name` of `kind` (helpers.go):
/// one cause on the same line, several as a `* ` list under a first line that ends in a space.
/// Duplicate causes are dropped. No trailing newline.
pub fn invalid_message(
    kind: &str,
    name: &str,
    errors: &[FieldError],
    version: ServerVersion,
) -> String {
    let prefix = format!("The {kind} {} is invalid: ", go_quote(name));
    let mut causes: Vec<String> = Vec::new();
    for e in errors {
        let text = e.render(version);
        if !causes.contains(&text) {
            causes.push(text);
        }
    }
    match causes.len() {
        0 => prefix.trim_end().trim_end_matches(':').to_string(),
        1 => format!("{prefix}{}", causes[0]),
        _ => {
            let mut out = prefix;
            for c in causes {
                out.push_str("\n* ");
                out.push_str(&c);
            }
            out
        }
    }
}

/// Go's `strconv.Quote` (what `%q` prints): printable characters stay, the rest is escaped.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `encoding/json` string encoding, which also escapes `<`, `>` and `&` for HTML safety.
pub fn json_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `%#v` of a `map[string]string`; `None` is the nil map. Go's fmt sorts map keys.
fn go_string_map(map: Option<&Labels>) -> String {
    match map {
        None => "map[string]string(nil)".to_string(),
        Some(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v)))
                .collect();
            format!("map[string]string{{{}}}", items.join(", "))
        }
    }
}

/// JSON of a `map[string]string`; `None` is the nil map (`null`).
fn json_string_map(map: Option<&Labels>) -> String {
    match map {
        None => "null".to_string(),
        Some(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", json_quote(k), json_quote(v)))
                .collect();
            format!("{{{}}}", items.join(","))
        }
    }
}

/// `%#v` of a `[]string`; `None` is the nil slice.
fn go_string_slice(values: Option<&[String]>) -> String {
    match values {
        None => "[]string(nil)".to_string(),
        Some(v) => {
            let items: Vec<String> = v.iter().map(|s| go_quote(s)).collect();
            format!("[]string{{{}}}", items.join(", "))
        }
    }
}
