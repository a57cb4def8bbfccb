//! The one way API objects become JSON: [`Encode`], implemented for each API type by
//! [`encode_struct!`] (the field lists are in `encode_fields.rs`).
//!
//! The serde derives on the API types stay the specification: `tests/encode.rs` checks that
//! this encoder gives the same `Value` as `serde_json::to_value` with those derives, for every
//! object of the examples and of a settled cluster. The derived `Serialize` code is not what
//! the app runs: instantiated for serde_json's value serializer it costs about 1.5 KB of wasm
//! per struct; this encoder costs a fraction of that.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A type written as JSON the way serde_json writes it with the type's derived `Serialize`.
pub trait Encode {
    fn encode(&self) -> Value;

    /// Whether a field holding this value is left out when it is marked `omitempty` — what
    /// the field's `skip_serializing_if` tests: `None`, `""`, `[]`, `{}` or `0`.
    fn is_empty_value(&self) -> bool {
        false
    }
}

impl Encode for super::shared::Text {
    fn encode(&self) -> Value {
        Value::String(self.to_string())
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl Encode for String {
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl Encode for bool {
    fn encode(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Encode for i32 {
    fn encode(&self) -> Value {
        Value::from(*self)
    }
    fn is_empty_value(&self) -> bool {
        *self == 0
    }
}

impl Encode for i64 {
    fn encode(&self) -> Value {
        Value::from(*self)
    }
    fn is_empty_value(&self) -> bool {
        *self == 0
    }
}

impl Encode for Value {
    fn encode(&self) -> Value {
        self.clone()
    }
}

impl Encode for crate::time::Time {
    fn encode(&self) -> Value {
        Value::String(self.rfc3339())
    }
}

impl<T: Encode> Encode for Box<T> {
    fn encode(&self) -> Value {
        (**self).encode()
    }
    fn is_empty_value(&self) -> bool {
        (**self).is_empty_value()
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self) -> Value {
        match self {
            Some(v) => v.encode(),
            None => Value::Null,
        }
    }
    fn is_empty_value(&self) -> bool {
        self.is_none()
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(T::encode).collect())
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl<T: Encode> Encode for BTreeMap<String, T> {
    fn encode(&self) -> Value {
        let mut map = Map::new();
        for (k, v) in self {
            map.insert(k.clone(), v.encode());
        }
        Value::Object(map)
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

/// Puts one field into a struct's object (one copy of the insertion for every field).
pub fn put(map: &mut Map<String, Value>, name: &'static str, value: Value) {
    map.insert(name.to_owned(), value);
}

/// Implements [`Encode`] for a struct from its JSON field names in declaration order, each
/// `always` written or left out when empty (`omitempty`); `rest <field>` writes a flattened
/// map's entries after the fields; `empty <fn>` is the type's own `skip_serializing_if` test.
#[macro_export]
#[doc(hidden)]
macro_rules! encode_struct {
    ($ty:ident, [$($field:ident $name:literal $mode:ident),* $(,)?] $(, rest $rest:ident)? $(, empty $empty:path)?) => {
        impl $crate::api::encode::Encode for $ty {
            $(fn is_empty_value(&self) -> bool {
                $empty(self)
            })?

            fn encode(&self) -> serde_json::Value {
                let mut map = serde_json::Map::new();
                $($crate::encode_struct!(@$mode map self.$field, $name);)*
                $(for (key, value) in &self.$rest {
                    map.insert(key.clone(), value.clone());
                })?
                serde_json::Value::Object(map)
            }
        }
    };
    (@always $map:ident $value:expr, $name:literal) => {
        $crate::api::encode::put(&mut $map, $name, $crate::api::encode::Encode::encode(&$value))
    };
    (@omitempty $map:ident $value:expr, $name:literal) => {
        if !$crate::api::encode::Encode::is_empty_value(&$value) {
            $crate::api::encode::put(&mut $map, $name, $crate::api::encode::Encode::encode(&$value))
        }
    };
}
