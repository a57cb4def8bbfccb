//! The API server's front door for pasted text: split a stream into documents, parse YAML or
//! JSON within limits, expand `kind: List`, map apiVersion/kind to a kind the cluster knows,
//! and decode strictly — every unknown or duplicate field is reported with its path, as the
//! API server's strict decoding does (spec §2.5). Each failure carries the line and column the
//! page points at. Defaults and validation happen when the object is created or updated.

pub mod apply;
#[doc(hidden)]
pub mod fast;
mod locate;
pub mod schema;

pub use locate::locate;

use crate::api::{Kind, Object};
use serde_json::Value;

/// One apply takes at most this much text (1 MiB).
pub const MAX_BYTES: usize = 1 << 20;
/// Documents in one stream.
pub const MAX_DOCUMENTS: usize = 1_000;
/// Nesting depth of one document.
pub const MAX_DEPTH: usize = 64;

/// Why a document could not become an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The text is not YAML/JSON (kubectl: `error converting YAML to JSON: yaml: line L: …`).
    Syntax(String),
    /// No `kind` (kubectl: `Object 'Kind' is missing in '…'`).
    MissingKind,
    /// No `apiVersion` (kubectl: `Object 'apiVersion' is missing in '…'`).
    MissingApiVersion,
    /// A kind the cluster does not serve in that version.
    NoMatch { kind: String, version: String },
    /// Strict decoding: unknown or duplicate fields (`unknown field "spec.replica"`).
    Strict { kind: Kind, causes: Vec<String> },
    /// A value of the wrong type (`json: cannot unmarshal string into Go struct field …`).
    Type { kind: Kind, message: String },
    /// Over a limit: size, depth or document count.
    Limit(String),
}

impl DecodeError {
    /// The message as kubectl ends it (callers add `error when creating "file": ` etc.).
    pub fn message(&self) -> String {
        match self {
            DecodeError::Syntax(m) => format!("error converting YAML to JSON: yaml: {m}"),
            DecodeError::MissingKind => "Object 'Kind' is missing".into(),
            DecodeError::MissingApiVersion => "Object 'apiVersion' is missing".into(),
            DecodeError::NoMatch { kind, version } => {
                format!("no matches for kind \"{kind}\" in version \"{version}\"\nensure CRDs are installed first")
            }
            DecodeError::Strict { kind, causes } => format!(
                "{} in version \"{}\" cannot be handled as a {}: strict decoding error: {}",
                kind.name(),
                version_of(kind.api_version()),
                kind.name(),
                causes.join(", ")
            ),
            DecodeError::Type { kind, message } => format!(
                "{} in version \"{}\" cannot be handled as a {}: {message}",
                kind.name(),
                version_of(kind.api_version()),
                kind.name()
            ),
            DecodeError::Limit(m) => m.clone(),
        }
    }

    /// Whether the API server answers this one (`Error from server (BadRequest)`) rather than
    /// kubectl itself.
    pub fn is_server_error(&self) -> bool {
        matches!(self, DecodeError::Strict { .. } | DecodeError::Type { .. })
    }
}

fn version_of(api_version: &str) -> &str {
    api_version.rsplit('/').next().unwrap_or(api_version)
}

/// A decoded document, or why it failed, with where it is in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// 0-based position in the stream (List items share their List's index).
    pub index: usize,
    /// 1-based line where the document starts.
    pub first_line: usize,
    /// `metadata.name` as written, if any.
    pub name: Option<String>,
    pub result: Result<Object, DecodeError>,
    /// The document as written, as JSON (what `kubectl apply` records and merges).
    pub raw: Option<Value>,
    /// 1-based line and column of the first problem, for the editor.
    pub at: Option<(usize, usize)>,
}

/// Splits and decodes `text`. A stream over the size limit yields one error document.
pub fn parse(text: &str) -> Vec<Document> {
    if text.len() > MAX_BYTES {
        return vec![Document {
            index: 0,
            first_line: 1,
            name: None,
            raw: None,
            result: Err(DecodeError::Limit(format!(
                "the input is {} bytes, over the playground's limit of {MAX_BYTES} bytes (1 MiB) per apply",
                text.len()
            ))),
            at: Some((1, 1)),
        }];
    }
    let mut out = Vec::new();
    for (index, (first_line, body)) in split_documents(text).into_iter().enumerate() {
        if index >= MAX_DOCUMENTS {
            out.push(Document {
                index,
                first_line,
                name: None,
                raw: None,
                result: Err(DecodeError::Limit(format!(
                    "more than {MAX_DOCUMENTS} documents in one apply"
                ))),
                at: Some((first_line, 1)),
            });
            break;
        }
        decode_document(index, first_line, body, &mut out);
    }
    out
}

/// Splits on `---` document markers, returning each non-empty document with its first line.
fn split_documents(text: &str) -> Vec<(usize, &str)> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut start_line = 1;
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed.starts_with("--- ") || trimmed == "..." {
            docs.push((start_line, &text[start..offset]));
            start = offset + line.len();
            start_line = i + 2;
        }
        offset += line.len();
    }
    docs.push((start_line, &text[start..]));
    docs.into_iter().filter(|(_, d)| !is_blank(d)).collect()
}

fn is_blank(doc: &str) -> bool {
    doc.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    })
}

fn decode_document(index: usize, first_line: usize, body: &str, out: &mut Vec<Document>) {
    let fail = |e: DecodeError, at: Option<(usize, usize)>, name: Option<String>| Document {
        index,
        first_line,
        name,
        result: Err(e),
        raw: None,
        at: at.or(Some((first_line, 1))),
    };
    if body.contains('\t')
        && body
            .lines()
            .any(|l| l.starts_with('\t') || l.trim_start_matches(' ').starts_with('\t'))
    {
        let line = body
            .lines()
            .position(|l| l.trim_start_matches(' ').starts_with('\t'))
            .unwrap_or(0);
        out.push(fail(
            DecodeError::Syntax(format!(
                "line {}: found character that cannot start any token",
                line + 1
            )),
            Some((first_line + line, 1)),
            None,
        ));
        return;
    }
    // The common subset quickly; everything else, and every error, through the library.
    let parsed = match fast::parse(body, MAX_DEPTH) {
        Some(v) => Ok(v),
        None => serde::de::DeserializeSeed::deserialize(
            JsonSeed { depth: 0 },
            serde_yaml::Deserializer::from_str(body),
        ),
    };
    let value: Value = match parsed {
        Err(e) if e.to_string().contains("duplicate entry with key") => {
            out.push(duplicate_key(index, first_line, body, &e.to_string()));
            return;
        }
        Err(e) if e.to_string().contains(DEPTH_MESSAGE) => {
            out.push(fail(
                DecodeError::Limit(format!("the document nests deeper than {MAX_DEPTH} levels")),
                None,
                None,
            ));
            return;
        }
        Err(e) if e.to_string().contains(KEY_MESSAGE) => {
            out.push(fail(
                DecodeError::Syntax("line 1: mapping keys must be strings".into()),
                None,
                None,
            ));
            return;
        }
        Err(e) => {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            out.push(fail(
                DecodeError::Syntax(format!("line {line}: {message}")),
                Some((first_line + line - 1, column)),
                None,
            ));
            return;
        }
        Ok(v) => v,
    };
    if value.is_null() {
        return;
    }
    let name = value
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .map(String::from);
    if value.get("kind").and_then(Value::as_str) == Some("List") {
        for item in value
            .get("items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
        {
            let item_name = item
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .map(String::from);
            let result = decode_ref(&item);
            out.push(Document {
                index,
                first_line,
                name: item_name,
                at: result.as_ref().err().map(|_| (first_line, 1)),
                result,
                raw: Some(item),
            });
        }
        return;
    }
    let result = decode_ref(&value);
    let at = match &result {
        Ok(_) => None,
        Err(DecodeError::Strict { causes, .. }) => causes
            .first()
            .and_then(|c| c.split('"').nth(1))
            .and_then(|path| locate(body, path))
            .map(|(l, c)| (first_line + l - 1, c)),
        Err(DecodeError::Type { message, .. }) => message
            .split("Go struct field ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|field| field.split_once('.').map(|(_, path)| path.to_string()))
            .and_then(|path| locate(body, &path))
            .map(|(l, c)| (first_line + l - 1, c)),
        Err(DecodeError::NoMatch { .. }) => {
            locate(body, "kind").map(|(l, c)| (first_line + l - 1, c))
        }
        Err(_) => None,
    };
    out.push(Document {
        index,
        first_line,
        name,
        at: at.or(result.is_err().then_some((first_line, 1))),
        result,
        raw: Some(value),
    });
}

/// A repeated key: the API server's strict decoding reports `duplicate field "<path>"` (spec
/// §2.5), pointing at the second occurrence.
fn duplicate_key(index: usize, first_line: usize, body: &str, message: &str) -> Document {
    let (prefix, rest) = message
        .split_once("duplicate entry with key")
        .unwrap_or(("", message));
    let key = rest.split('"').nth(1).unwrap_or("").to_string();
    let parent = prefix.trim().trim_end_matches(':').trim();
    let path = if parent.is_empty() || parent == "." {
        key.clone()
    } else {
        format!("{parent}.{key}")
    };
    let kind_name = top_level(body, "kind");
    let api_version = top_level(body, "apiVersion");
    let kind = kind_name
        .as_deref()
        .and_then(Kind::from_name)
        .filter(|k| Some(k.api_version()) == api_version.as_deref());
    // The second line that sets the key, below the first.
    let at = locate(body, &path).and_then(|(line, column)| {
        let lines: Vec<&str> = body.lines().collect();
        let pattern = format!("{}{key}:", " ".repeat(column - 1));
        lines
            .iter()
            .enumerate()
            .skip(line)
            .find(|(_, l)| l.starts_with(&pattern))
            .map(|(i, _)| (first_line + i, column))
    });
    let result = match kind {
        Some(kind) => Err(DecodeError::Strict {
            kind,
            causes: vec![format!("duplicate field \"{path}\"")],
        }),
        None => Err(DecodeError::Syntax(format!(
            "line {}: key \"{key}\" already set in map",
            at.map_or(1, |a| a.0 - first_line + 1)
        ))),
    };
    Document {
        index,
        first_line,
        name: top_level(body, "name"),
        result,
        raw: None,
        at: at.or(Some((first_line, 1))),
    }
}

/// The value of a top-level `key: value` line (or of `metadata.name` for `name`).
fn top_level(body: &str, key: &str) -> Option<String> {
    let indent = if key == "name" { "  " } else { "" };
    body.lines().find_map(|l| {
        let rest = l
            .strip_prefix(indent)?
            .strip_prefix(key)?
            .strip_prefix(':')?;
        (!l[indent.len()..].starts_with(' '))
            .then(|| rest.trim().trim_matches(['"', '\'']).to_string())
    })
}

const DEPTH_MESSAGE: &str = "the playground's nesting limit";
const KEY_MESSAGE: &str = "mapping keys must be strings";

/// YAML straight to JSON, as sigs.k8s.io/yaml converts it: mapping keys become strings (a
/// number, bool or null key is written out), tags are dropped, nesting is limited and a
/// repeated key is an error. One pass, without building the YAML library's own tree first.
struct JsonSeed {
    depth: usize,
}

impl<'de> serde::de::DeserializeSeed<'de> for JsonSeed {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.depth > MAX_DEPTH {
            return Err(serde::de::Error::custom(DEPTH_MESSAGE));
        }
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonSeed {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(JsonSeed {
            depth: self.depth + 1,
        })? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!(
                    "duplicate entry with key \"{key}\""
                )));
            }
            let v = map.next_value_seed(JsonSeed {
                depth: self.depth + 1,
            })?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged node (`!!str x`, `!custom {...}`): the tag is dropped.
        let (_tag, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        serde::de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// A mapping key as a string.
struct KeySeed;

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = String;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a mapping key")
    }
    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(serde_yaml::Number::from(v).to_string())
    }
    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".into())
    }
    fn visit_none<E>(self) -> Result<String, E> {
        Ok("null".into())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(serde::de::Error::custom(KEY_MESSAGE))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(serde::de::Error::custom(KEY_MESSAGE))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let (_tag, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        serde::de::VariantAccess::newtype_variant_seed(variant, KeySeed)
    }
}

/// Maps apiVersion/kind to a served kind and decodes strictly.
pub fn decode_value(value: Value) -> Result<Object, DecodeError> {
    decode_ref(&value)
}

/// [`decode_value`] without taking the value.
fn decode_ref(value: &Value) -> Result<Object, DecodeError> {
    let kind_name = value.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind_name.is_empty() {
        return Err(DecodeError::MissingKind);
    }
    let api_version = value
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
    if api_version.is_empty() {
        return Err(DecodeError::MissingApiVersion);
    }
    let kind = Kind::from_name(kind_name).filter(|k| {
        k.api_version() == api_version
            && !matches!(k, Kind::Event | Kind::Endpoints | Kind::EndpointSlice)
    });
    let Some(kind) = kind else {
        return Err(DecodeError::NoMatch {
            kind: kind_name.into(),
            version: api_version.into(),
        });
    };
    strict_decode(kind, value)
}

/// Decodes `value` as `kind` strictly (for merged objects whose kind is already known).
pub fn strict_decode_value(kind: Kind, value: Value) -> Result<Object, DecodeError> {
    strict_decode(kind, &value)
}

/// Decodes strictly: unknown fields in the typed structs (found by decoding) and in the
/// corners kept as free JSON (found by [`schema`]) are all reported, with their paths.
fn strict_decode(kind: Kind, value: &Value) -> Result<Object, DecodeError> {
    let mut findings = schema::Findings::default();
    if let Some(s) = schema::for_kind(kind.name()) {
        schema::check(value, s, "", kind.name(), &mut findings);
    }
    let loose = findings.unknown;
    // The API server decodes first and looks for unknown fields after: a value of the wrong
    // type is reported instead of any unknown field.
    if let Some(message) = findings.type_error {
        if !matches!(
            strict_decode_typed(kind, value),
            Err(DecodeError::Type { .. })
        ) {
            return Err(DecodeError::Type { kind, message });
        }
    }
    match strict_decode_typed(kind, value) {
        Ok(object) if loose.is_empty() => Ok(object),
        Ok(_) => Err(DecodeError::Strict {
            kind,
            causes: loose,
        }),
        Err(DecodeError::Strict { kind, mut causes }) => {
            causes.extend(loose);
            Err(DecodeError::Strict { kind, causes })
        }
        // A renamed required field (`namex` for `name`) is an unknown field to the API
        // server, not a missing one: decoding there has no required fields.
        Err(_) if !loose.is_empty() => Err(DecodeError::Strict {
            kind,
            causes: loose,
        }),
        Err(other) => Err(other),
    }
}

/// Decodes, collecting every unknown field with its path: on each unknown-field error the
/// field is recorded, removed, and decoding tried again.
fn strict_decode_typed(kind: Kind, value: &Value) -> Result<Object, DecodeError> {
    // Copied only when an unknown field has to be taken out.
    let mut value = std::borrow::Cow::Borrowed(value);
    let mut unknown = Vec::new();
    for _ in 0..256 {
        let attempt = match kind {
            Kind::StatefulSet => {
                decode_as::<crate::api::StatefulSet>(&value).map(Object::StatefulSet)
            }
            Kind::Pod => decode_as::<crate::api::Pod>(&value).map(Object::Pod),
            Kind::PersistentVolumeClaim => decode_as(&value).map(Object::PersistentVolumeClaim),
            Kind::PersistentVolume => decode_as(&value).map(Object::PersistentVolume),
            Kind::StorageClass => decode_as(&value).map(Object::StorageClass),
            Kind::Service => decode_as(&value).map(Object::Service),
            Kind::ControllerRevision => decode_as(&value).map(Object::ControllerRevision),
            Kind::Node => decode_as(&value).map(Object::Node),
            other => decode_as(&value).map(|g| Object::Stored(other, g)),
        };
        match attempt {
            Ok(object) if unknown.is_empty() => return Ok(object),
            Ok(_) => {
                return Err(DecodeError::Strict {
                    kind,
                    causes: unknown,
                })
            }
            Err((path, message)) => {
                if let Some(field) = unknown_field_name(&message) {
                    // The error's path already ends with the unknown field.
                    let parent = match path.strip_suffix(&field) {
                        Some(p) => p.trim_end_matches('.').to_string(),
                        None => path.clone(),
                    };
                    let full = if parent == "." || parent.is_empty() {
                        field.clone()
                    } else {
                        format!("{parent}.{field}")
                    };
                    unknown.push(format!("unknown field \"{full}\""));
                    if !remove_field(value.to_mut(), &parent, &field) {
                        return Err(DecodeError::Strict {
                            kind,
                            causes: unknown,
                        });
                    }
                    continue;
                }
                // A missing required field is our decoder's limit, not a decoding error of the
                // API server's (it has none): with unknown fields, those are what it reports.
                // A value of the wrong type, though, is reported before any unknown field.
                if !unknown.is_empty() && message.starts_with("missing field") {
                    return Err(DecodeError::Strict {
                        kind,
                        causes: unknown,
                    });
                }
                return Err(DecodeError::Type {
                    kind,
                    message: type_message(kind, &path, &message),
                });
            }
        }
    }
    Err(DecodeError::Strict {
        kind,
        causes: unknown,
    })
}

fn decode_as<T: crate::api::decode::Decode>(value: &Value) -> Result<T, (String, String)> {
    crate::api::decode::from_value(value).map_err(|e| (e.path(), e.to_string()))
}

/// serde's "unknown field `x`, expected one of …" → `x`.
fn unknown_field_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest.split('`').next()?.to_string())
}

/// Removes `field` from the object at `path` (`spec.template.spec.containers[0]`).
fn remove_field(value: &mut Value, path: &str, field: &str) -> bool {
    let mut node = value;
    if path != "." && !path.is_empty() {
        for segment in path.split('.') {
            let (name, indexes) = match segment.find('[') {
                Some(i) => (&segment[..i], &segment[i..]),
                None => (segment, ""),
            };
            if !name.is_empty() {
                let Some(next) = node.get_mut(name) else {
                    return false;
                };
                node = next;
            }
            for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
                let Ok(i) = index.parse::<usize>() else {
                    return false;
                };
                let Some(next) = node.get_mut(i) else {
                    return false;
                };
                node = next;
            }
        }
    }
    node.as_object_mut()
        .is_some_and(|m| m.remove(field).is_some())
}

/// A type error in the words of Go's encoding/json, as the API server reports it.
fn type_message(kind: Kind, path: &str, serde_message: &str) -> String {
    let found = if serde_message.starts_with("invalid type: string") {
        "string"
    } else if serde_message.starts_with("invalid type: integer")
        || serde_message.starts_with("invalid type: floating point")
    {
        "number"
    } else if serde_message.starts_with("invalid type: boolean") {
        "bool"
    } else if serde_message.starts_with("invalid type: sequence") {
        "array"
    } else if serde_message.starts_with("invalid type: map") {
        "object"
    } else {
        return format!("json: {serde_message} at {path}");
    };
    let expected = if serde_message.contains("expected i32") {
        "int32"
    } else if serde_message.contains("expected i64") {
        "int64"
    } else if serde_message.contains("expected a boolean") {
        "bool"
    } else if serde_message.contains("expected a string") {
        "string"
    } else if serde_message.contains("expected a sequence") {
        "[]"
    } else {
        "struct"
    };
    let parent = path
        .rsplit_once('.')
        .map_or(kind.name().to_string(), |(p, _)| go_struct_name(kind, p));
    format!(
        "json: cannot unmarshal {found} into Go struct field {parent}.{path} of type {expected}"
    )
}

/// The Go type holding the field at `parent_path` (for the most common StatefulSet paths).
fn go_struct_name(kind: Kind, parent_path: &str) -> String {
    let last = parent_path.rsplit('.').next().unwrap_or(parent_path);
    let last = last.split('[').next().unwrap_or(last);
    match last {
        "spec" if parent_path == "spec" => format!("{}Spec", kind.name()),
        "metadata" => "ObjectMeta".into(),
        "template" => "PodTemplateSpec".into(),
        "spec" => "PodSpec".into(),
        "containers" | "initContainers" => "Container".into(),
        "updateStrategy" => "StatefulSetUpdateStrategy".into(),
        "rollingUpdate" => "RollingUpdateStatefulSetStrategy".into(),
        "ports" => "ContainerPort".into(),
        other => {
            let mut c = other.chars();
            c.next().map_or(String::new(), |f| {
                f.to_ascii_uppercase().to_string() + c.as_str()
            })
        }
    }
}
