//! [`Name`]: immutable, shared text for the identity fields of objects (name, namespace, UID,
//! resourceVersion) and the keys built from them.
//!
//! An object is copied whenever it is written (the store keeps versions, events and actions
//! hold copies), and each copy of a `String` is an allocation. A `Name` is an `Rc<str>`: a
//! copy counts a reference, and two copies of one name compare by pointer before text. Names
//! made by [`Name::shared`] are additionally one allocation per distinct text for the life of
//! the thread, so a key built from metadata and the metadata itself are the same pointer.

use super::decode::{Decode, Result};
use super::encode::Encode;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::rc::Rc;

/// Shared text that compares, orders, hashes, prints and serialises as its `str`.
#[derive(Clone)]
pub struct Name(Rc<str>);

thread_local! {
    /// The empty name and `default`, the most common texts, without a table lookup.
    static COMMON: [Name; 2] = [Name(Rc::from("")), Name(Rc::from("default"))];
    static SHARED: std::cell::RefCell<crate::hash::FastSet<Name>> =
        std::cell::RefCell::new(COMMON.with(|common| common.iter().cloned().collect()));
}

/// Distinct texts kept by [`Name::shared`]; past this (a session that made very many objects)
/// new texts are allocated per call instead.
const MAX_SHARED: usize = 1 << 17;

impl Name {
    /// The empty name (allocates nothing).
    pub fn empty() -> Name {
        COMMON.with(|c| c[0].clone())
    }

    /// `text` as a name shared with every other shared name of that text.
    pub fn shared(text: &str) -> Name {
        match text {
            "" => return COMMON.with(|c| c[0].clone()),
            "default" => return COMMON.with(|c| c[1].clone()),
            _ => {}
        }
        SHARED.with(|names| {
            let mut names = names.borrow_mut();
            if let Some(name) = names.get(text) {
                return name.clone();
            }
            let name = Name(Rc::from(text));
            if names.len() < MAX_SHARED {
                names.insert(name.clone());
            }
            name
        })
    }

    /// This name, or the shared copy of its text when there is one (or room for one).
    pub fn into_shared(self) -> Name {
        Name::shared(&self)
    }

    /// The decimal text of `n` (resourceVersions).
    pub fn number(n: u64) -> Name {
        Name::format(format_args!("{n}"))
    }

    /// `format!` straight into a name: short texts are written on the stack and copied once,
    /// without the intermediate `String`.
    pub fn format(args: fmt::Arguments<'_>) -> Name {
        const ON_STACK: usize = 128;
        struct Buffer {
            bytes: [u8; ON_STACK],
            len: usize,
            spilled: Option<String>,
        }
        impl fmt::Write for Buffer {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                if let Some(spilled) = &mut self.spilled {
                    spilled.push_str(s);
                } else if self.len + s.len() <= ON_STACK {
                    self.bytes[self.len..self.len + s.len()].copy_from_slice(s.as_bytes());
                    self.len += s.len();
                } else {
                    let mut spilled = String::with_capacity(2 * (self.len + s.len()));
                    // Whole `str`s were copied in, so the prefix is valid UTF-8.
                    spilled.push_str(std::str::from_utf8(&self.bytes[..self.len]).unwrap_or(""));
                    spilled.push_str(s);
                    self.spilled = Some(spilled);
                }
                Ok(())
            }
        }
        let mut buffer = Buffer {
            bytes: [0; ON_STACK],
            len: 0,
            spilled: None,
        };
        let _ = fmt::Write::write_fmt(&mut buffer, args);
        match &buffer.spilled {
            Some(text) => Name::from(text.as_str()),
            None => Name::from(std::str::from_utf8(&buffer.bytes[..buffer.len]).unwrap_or("")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether both are the same allocation (equal text without reading it).
    pub fn same(&self, other: &Name) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Name {
    fn default() -> Name {
        Name::empty()
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        if text.is_empty() {
            return Name::empty();
        }
        Name(Rc::from(text))
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::from(text.as_str())
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name::from(text.as_str())
    }
}

impl From<&Name> for Name {
    fn from(name: &Name) -> Name {
        name.clone()
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.0.to_string()
    }
}

impl From<&Name> for String {
    fn from(name: &Name) -> String {
        name.0.to_string()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.same(other) || *self.0 == *other.0
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> Ordering {
        if self.same(other) {
            Ordering::Equal
        } else {
            self.0.cmp(&other.0)
        }
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As `str` hashes, so that lookups by `&str` find it.
        (*self.0).hash(state)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(deserializer).map(Name::from)
    }
}

impl Decode for Name {
    fn decode(value: &Value) -> Result<Self> {
        String::decode(value).map(Name::from)
    }
}

impl Encode for Name {
    fn encode(&self) -> Value {
        Value::String(self.0.to_string())
    }
    fn is_empty_value(&self) -> bool {
        self.0.is_empty()
    }
}

/// For `skip_serializing_if` on [`Name`] fields.
pub fn is_empty_name(name: &Name) -> bool {
    name.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_names_are_one_allocation_and_compare_as_text() {
        let a = Name::shared("web-0");
        let b = Name::shared(&String::from("web-0"));
        assert!(a.same(&b));
        let c = Name::from("web-0");
        assert!(!a.same(&c));
        assert_eq!(a, c);
        assert_eq!(a, "web-0");
        assert_eq!("web-0", a);
        assert!(Name::shared("web-1").cmp(&a).is_gt());
        assert_eq!(a.to_string(), "web-0");
        assert_eq!(format!("{a:?}"), "\"web-0\"");
        assert!(Name::from("").same(&Name::default()));
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"web-0\"");
        assert_eq!(Name::number(0), "0");
        assert_eq!(Name::format(format_args!("{}-{}", "web", 7)), "web-7");
        let long = "x".repeat(300);
        assert_eq!(
            Name::format(format_args!("{long}.{}", 1)),
            format!("{long}.1")
        );
        assert_eq!(
            Name::number(18_446_744_073_709_551_615),
            "18446744073709551615"
        );
    }
}
