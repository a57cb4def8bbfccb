//! The one way API objects are decoded from JSON: [`Decode`], implemented for each API type
//! by [`decode_struct!`] from the one table of fields (`api::fields`), with the path of an error
//! recorded as it travels up (`spec.template.spec.containers[0]`). Its messages are serde's
//! (the texts kubectl prints for a strict decoding error); the manifest and negative tests
//! hold them. A derived `Deserialize` would cost about 3 KB of wasm per struct; this decoder
//! costs a fraction of that.
//!
//! The path is the one `serde_path_to_error` reports: the position of the value that failed,
//! or — for an error raised after a value was read (a timestamp that does not parse) — the
//! position of the enclosing object or array; for an unknown field, the field itself. One
//! deliberate difference from serde_json: a struct is not read from a JSON array (Go's
//! encoding/json refuses that too).

use serde::de::{self, Unexpected};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Decodes `T` from `value`.
pub fn from_value<T: Decode>(value: &Value) -> Result<T> {
    T::decode(value)
}

/// A type read from JSON the way serde_json reads it with the type's derived `Deserialize`.
/// Reads a YAML document straight into a type (for tests and built-in texts; manifests go
/// through `manifest`, which reports where a problem is).
pub fn from_yaml<T: Decode>(yaml: &str) -> std::result::Result<T, String> {
    let value: Value = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
    from_value(&value).map_err(|e| e.to_string())
}

pub trait Decode: Sized {
    /// The JSON field names of a struct, in declaration order (as serde's derive lists them).
    const FIELDS: &'static [&'static str] = &[];

    fn decode(value: &Value) -> Result<Self>;
}

/// Why decoding failed, and where.
pub struct DecodeFailure {
    message: serde_json::Error,
    /// Path segments from the innermost outwards.
    segments: Vec<Segment>,
    /// Whether the position is settled; until then the error belongs to the enclosing value.
    placed: bool,
}

enum Segment {
    Key(String),
    Index(usize),
}

impl DecodeFailure {
    /// The path in `serde_path_to_error`'s form: `spec.replicas`, `spec.ports[0].port`, or
    /// `.` for the root.
    pub fn path(&self) -> String {
        if self.segments.is_empty() {
            return ".".into();
        }
        let mut out = String::new();
        for segment in self.segments.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    /// The error without its path, as serde_json would have reported it.
    pub fn into_inner(self) -> serde_json::Error {
        self.message
    }

    /// The error left the reading of the value it happened in.
    fn place(mut self) -> Self {
        self.placed = true;
        self
    }

    /// The error left the value under `segment` of a map or sequence.
    fn within(mut self, segment: Segment) -> Self {
        if self.placed {
            self.segments.push(segment);
        }
        self.placed = true;
        self
    }
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.message, f)
    }
}

impl fmt::Debug for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.message)
    }
}

impl std::error::Error for DecodeFailure {}

impl From<serde_json::Error> for DecodeFailure {
    fn from(message: serde_json::Error) -> Self {
        DecodeFailure {
            message,
            segments: Vec::new(),
            placed: false,
        }
    }
}

impl de::Error for DecodeFailure {
    #[cold]
    fn custom<T: fmt::Display>(msg: T) -> Self {
        <serde_json::Error as de::Error>::custom(msg).into()
    }

    // serde_json words these two its own way (`null`, `floating point`); reuse its wording.
    #[cold]
    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        <serde_json::Error as de::Error>::invalid_type(unexp, exp).into()
    }

    #[cold]
    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        <serde_json::Error as de::Error>::invalid_value(unexp, exp).into()
    }
}

pub(crate) type Result<T> = std::result::Result<T, DecodeFailure>;

/// `invalid type: <what value is>, expected <exp>`, at the value.
#[cold]
fn wrong_type(value: &Value, exp: &str) -> DecodeFailure {
    let unexpected = match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    <DecodeFailure as de::Error>::invalid_type(unexpected, &exp).place()
}

/// The object a struct is read from.
pub fn object<'a>(value: &'a Value, exp: &str) -> Result<&'a Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(wrong_type(other, exp)),
    }
}

/// Reads the value of `key` in an object.
pub fn field<T: Decode>(key: &str, value: &Value) -> Result<T> {
    T::decode(value).map_err(|e| e.within(Segment::Key(key.to_owned())))
}

/// A key the struct does not have (`deny_unknown_fields`).
#[cold]
pub fn unknown_field(key: &str, fields: &'static [&'static str]) -> DecodeFailure {
    <DecodeFailure as de::Error>::unknown_field(key, fields)
        .place()
        .within(Segment::Key(key.to_owned()))
}

/// A required field that is absent.
#[cold]
pub fn missing_field(name: &'static str) -> DecodeFailure {
    <DecodeFailure as de::Error>::missing_field(name).place()
}

impl Decode for String {
    fn decode(value: &Value) -> Result<String> {
        match value {
            Value::String(s) => Ok(s.clone()),
            other => Err(wrong_type(other, "a string")),
        }
    }
}

impl Decode for super::shared::Text {
    fn decode(value: &Value) -> Result<Self> {
        String::decode(value).map(Self::Owned)
    }
}

impl Decode for bool {
    fn decode(value: &Value) -> Result<bool> {
        match value {
            Value::Bool(b) => Ok(*b),
            other => Err(wrong_type(other, "a boolean")),
        }
    }
}

/// serde's integer visitors: in-range integers are taken, others are an invalid value;
/// a float is an invalid type.
fn integer<T: TryFrom<u64> + TryFrom<i64>>(value: &Value, exp: &str) -> Result<T> {
    let Value::Number(n) = value else {
        return Err(wrong_type(value, exp));
    };
    let unexpected = if let Some(u) = n.as_u64() {
        match T::try_from(u) {
            Ok(v) => return Ok(v),
            Err(_) => Unexpected::Unsigned(u),
        }
    } else if let Some(i) = n.as_i64() {
        match T::try_from(i) {
            Ok(v) => return Ok(v),
            Err(_) => Unexpected::Signed(i),
        }
    } else {
        return Err(wrong_type(value, exp));
    };
    Err(<DecodeFailure as de::Error>::invalid_value(unexpected, &exp).place())
}

impl Decode for i32 {
    fn decode(value: &Value) -> Result<i32> {
        integer(value, "i32")
    }
}

impl Decode for i64 {
    fn decode(value: &Value) -> Result<i64> {
        integer(value, "i64")
    }
}

impl Decode for Value {
    fn decode(value: &Value) -> Result<Value> {
        Ok(value.clone())
    }
}

impl<T: Decode> Decode for Box<T> {
    const FIELDS: &'static [&'static str] = T::FIELDS;
    fn decode(value: &Value) -> Result<Box<T>> {
        T::decode(value).map(Box::new)
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(value: &Value) -> Result<Option<T>> {
        match value {
            Value::Null => Ok(None),
            other => T::decode(other).map(Some).map_err(DecodeFailure::place),
        }
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: &Value) -> Result<Vec<T>> {
        let Value::Array(items) = value else {
            return Err(wrong_type(value, "a sequence"));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| T::decode(item).map_err(|e| e.within(Segment::Index(i))))
            .collect()
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(value: &Value) -> Result<BTreeMap<String, T>> {
        object(value, "a map")?
            .iter()
            .map(|(k, v)| Ok((k.clone(), field(k, v)?)))
            .collect()
    }
}

/// Implements [`Decode`] for a struct that derives `Default`, from its JSON field names in
/// declaration order, each `default` (absent: the type's default) or `required`. Unknown
/// fields are an error (`deny`) or collected into a flattened map (`rest <field>`).
#[macro_export]
#[doc(hidden)]
macro_rules! decode_struct {
    ($ty:ident, $($unknown:ident)+, [$($field:ident $name:literal $presence:ident),* $(,)?]) => {
        impl $crate::api::decode::Decode for $ty {
            const FIELDS: &'static [&'static str] = &[$($name),*];

            fn decode(value: &serde_json::Value) -> Result<Self, $crate::api::decode::DecodeFailure> {
                use $crate::api::decode::{field, object};
                let map = object(value, concat!("struct ", stringify!($ty)))?;
                let mut out = $ty::default();
                for (key, value) in map {
                    match key.as_str() {
                        $($name => out.$field = field(key, value)?,)*
                        _ => $crate::decode_struct!(@unknown out key value $($unknown)+),
                    }
                }
                $($crate::decode_struct!(@$presence map $name);)*
                Ok(out)
            }
        }
    };
    (@unknown $out:ident $key:ident $value:ident deny) => {
        return Err($crate::api::decode::unknown_field($key, Self::FIELDS))
    };
    (@unknown $out:ident $key:ident $value:ident rest $rest:ident) => {{
        $out.$rest.insert($key.clone(), $value.clone());
    }};
    (@default $map:ident $name:literal) => {};
    (@required $map:ident $name:literal) => {
        if !$map.contains_key($name) {
            return Err($crate::api::decode::missing_field($name));
        }
    };
}

impl Decode for crate::time::Time {
    fn decode(value: &Value) -> Result<Self> {
        let text = String::decode(value)?;
        // Raised after the string was read: serde_path_to_error puts it at the enclosing value.
        crate::time::Time::parse_rfc3339(&text).ok_or_else(|| {
            <DecodeFailure as de::Error>::custom(format!(
                "parsing time \"{text}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse"
            ))
        })
    }
}
