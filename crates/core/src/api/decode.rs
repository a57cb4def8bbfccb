//! The one way API objects are decoded from JSON: a serde deserializer over a borrowed
//! [`Value`] that also records where an error happened (`spec.template.spec.containers[0]`).
//!
//! It behaves like `serde_path_to_error` over serde_json's `&Value` deserializer — the same
//! messages and the same paths — but in one layer: every `Deserialize` impl of the API types is
//! instantiated once, for this deserializer, instead of once per wrapper. That matters for the
//! size of the browser build, where each instantiation of the derived code ships.
//!
//! The path is the one `serde_path_to_error` reports: the position of the value whose
//! deserializer failed, or — for an error raised by a `Deserialize` impl after its deserializer
//! returned (a timestamp that does not parse) — the position of the enclosing map or sequence;
//! for an unknown field, the field itself. One deliberate difference: a struct is not read
//! from a JSON array.

use serde::de::{self, DeserializeSeed, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Decodes `T` from `value`.
pub fn from_value<T: de::DeserializeOwned>(value: &Value) -> Result<T> {
    T::deserialize(Deserializer(value))
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

    /// The error left the deserializer of the value it happened in.
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

type Result<T> = std::result::Result<T, DecodeFailure>;

#[cold]
fn invalid_type(value: &Value, exp: &dyn de::Expected) -> DecodeFailure {
    let unexpected = match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => de::Unexpected::Unsigned(u),
            (None, Some(i)) => de::Unexpected::Signed(i),
            _ => de::Unexpected::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    };
    de::Error::invalid_type(unexpected, exp)
}

fn visit_number<'de, V: Visitor<'de>>(n: &Number, visitor: V) -> Result<V::Value> {
    if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        visitor.visit_f64(n.as_f64().unwrap_or(0.0))
    }
}

fn visit_array<'de, V: Visitor<'de>>(array: &'de [Value], visitor: V) -> Result<V::Value> {
    let mut access = SeqAccess {
        iter: array.iter(),
        index: 0,
    };
    let seq = visitor.visit_seq(&mut access)?;
    if access.iter.len() == 0 {
        Ok(seq)
    } else {
        Err(de::Error::invalid_length(
            array.len(),
            &"fewer elements in array",
        ))
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    map: &'de Map<String, Value>,
    visitor: V,
) -> Result<V::Value> {
    let mut access = MapAccess {
        iter: map.iter(),
        value: None,
    };
    let out = visitor.visit_map(&mut access)?;
    if access.iter.len() == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(
            map.len(),
            &"fewer elements in map",
        ))
    }
}

struct Deserializer<'de>(&'de Value);

impl<'de> Deserializer<'de> {
    fn number<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Value::Number(n) => visit_number(n, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Value::String(s) => visitor.visit_borrowed_str(s),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Value::Array(a) => visit_array(a, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }
}

macro_rules! number {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.number(visitor).map_err(DecodeFailure::place)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Deserializer<'de> {
    type Error = DecodeFailure;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(a) => visit_array(a, visitor),
            Value::Object(m) => visit_object(m, visitor),
        }
        .map_err(DecodeFailure::place)
    }

    number!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64);

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_i128(self.0, visitor)
            .map_err(|e| DecodeFailure::from(e).place())
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_u128(self.0, visitor)
            .map_err(|e| DecodeFailure::from(e).place())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(DecodeFailure::place)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // No API type is an enum in JSON; serde_json's own deserializer handles them, without
        // paths inside the variant.
        de::Deserializer::deserialize_enum(self.0, name, variants, visitor)
            .map_err(|e| DecodeFailure::from(e).place())
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor
            .visit_newtype_struct(self)
            .map_err(DecodeFailure::place)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Value::Bool(b) => visitor.visit_bool(*b),
            other => Err(invalid_type(other, &visitor)),
        }
        .map_err(DecodeFailure::place)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.str(visitor).map_err(DecodeFailure::place)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.str(visitor).map_err(DecodeFailure::place)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.str(visitor).map_err(DecodeFailure::place)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.str(visitor).map_err(DecodeFailure::place)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(a) => visit_array(a, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
        .map_err(DecodeFailure::place)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            other => Err(invalid_type(other, &visitor)),
        }
        .map_err(DecodeFailure::place)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.seq(visitor).map_err(DecodeFailure::place)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.seq(visitor).map_err(DecodeFailure::place)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.seq(visitor).map_err(DecodeFailure::place)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Value::Object(m) => visit_object(m, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
        .map_err(DecodeFailure::place)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // Unlike serde_json, a struct is never read from an array: Go's encoding/json refuses
        // that too (`cannot unmarshal array into Go struct field`), and serde's sequence form of
        // every struct would ship in the app for nothing.
        match self.0 {
            Value::Object(m) => visit_object(m, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
        .map_err(DecodeFailure::place)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit().map_err(DecodeFailure::place)
    }
}

struct SeqAccess<'de> {
    iter: std::slice::Iter<'de, Value>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = DecodeFailure;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let Some(value) = self.iter.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(Deserializer(value))
            .map(Some)
            .map_err(|e| e.within(Segment::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct MapAccess<'de> {
    iter: serde_json::map::Iter<'de>,
    value: Option<(&'de String, &'de Value)>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de> {
    type Error = DecodeFailure;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
            .map_err(|e: DecodeFailure| e.place().within(Segment::Key(key.clone())))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("value is missing"));
        };
        seed.deserialize(Deserializer(value))
            .map_err(|e| e.within(Segment::Key(key.clone())))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}
