//! [`StrMap`]: the string-to-string maps of object metadata (labels, annotations, selectors).
//!
//! A handful of entries each, read by every selector match and copied with the object when
//! one entry changes. A B-tree node is room for eleven entries (over 500 bytes) plus an
//! allocation per key and value; here the entries are one sorted vector of shared names, so
//! a copy is one allocation and the text is shared with the copy it came from.

use super::decode::{object, Decode, Result};
use super::encode::Encode;
use super::name::Name;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// A map from text to text, ordered by key (as a `BTreeMap<String, String>` iterates).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct StrMap(Vec<(Name, Name)>);

impl StrMap {
    pub const fn new() -> StrMap {
        StrMap(Vec::new())
    }

    fn find(&self, key: &str) -> std::result::Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&Name> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Inserts or replaces the value under `key`, returning the old value.
    /// Keys are few distinct texts repeated on every object: the map keeps the shared copy
    /// ([`Name::shared`]), so the same key on ten thousand pods is one allocation.
    pub fn insert(&mut self, key: Name, value: Name) -> Option<Name> {
        let key = key.into_shared();
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Name> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.0.iter())
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Name> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Name> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&Name, &Name) -> bool) {
        self.0.retain(|(k, v)| keep(k, v));
    }
}

/// Iterator over a [`StrMap`]'s entries, in key order.
#[derive(Clone)]
pub struct Iter<'a>(std::slice::Iter<'a, (Name, Name)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Name, &'a Name);
    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a StrMap {
    type Item = (&'a Name, &'a Name);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for StrMap {
    type Item = (Name, Name);
    type IntoIter = std::vec::IntoIter<(Name, Name)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<K: Into<Name>, V: Into<Name>> Extend<(K, V)> for StrMap {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (k, v) in entries {
            self.insert(k.into(), v.into());
        }
    }
}

impl<K: Into<Name>, V: Into<Name>> FromIterator<(K, V)> for StrMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> StrMap {
        let mut map = StrMap::new();
        map.extend(entries);
        map
    }
}

impl<K: Into<Name>, V: Into<Name>, const N: usize> From<[(K, V); N]> for StrMap {
    fn from(entries: [(K, V); N]) -> StrMap {
        entries.into_iter().collect()
    }
}

impl fmt::Debug for StrMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for StrMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k.as_str(), v.as_str())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for StrMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = StrMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut access: A,
            ) -> std::result::Result<StrMap, A::Error> {
                let mut map = StrMap::new();
                while let Some((k, v)) = access.next_entry::<String, String>()? {
                    map.insert(k.into(), v.into());
                }
                Ok(map)
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

impl Decode for StrMap {
    fn decode(value: &Value) -> Result<StrMap> {
        let mut map = StrMap::new();
        for (k, v) in object(value, "a map")? {
            map.insert(k.into(), super::decode::field::<Name>(k, v)?);
        }
        Ok(map)
    }
}

impl Encode for StrMap {
    fn encode(&self) -> Value {
        let mut map = Map::new();
        for (k, v) in self {
            map.insert(k.to_string(), Value::String(v.to_string()));
        }
        Value::Object(map)
    }
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_like_a_sorted_map() {
        let mut map = StrMap::new();
        let mut reference = BTreeMap::new();
        for (i, key) in ["b", "a", "c", "a", "d", "b"].into_iter().enumerate() {
            let value = i.to_string();
            assert_eq!(
                map.insert(key.into(), value.as_str().into())
                    .map(|v| v.to_string()),
                reference.insert(key.to_string(), value.clone())
            );
        }
        assert_eq!(
            map.remove("c").map(|v| v.to_string()),
            reference.remove("c")
        );
        assert_eq!(map.remove("zz"), None);
        let entries: Vec<(String, String)> = map
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let expected: Vec<(String, String)> = reference.into_iter().collect();
        assert_eq!(entries, expected);
        assert_eq!(map.get("a").map(|v| v.as_str()), Some("3"));
        assert!(map.contains_key("d") && !map.contains_key("c"));
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            r#"{"a":"3","b":"5","d":"4"}"#
        );
        let back: StrMap = serde_json::from_str(r#"{"d":"4","a":"3","b":"5"}"#).unwrap();
        assert_eq!(back, map);
    }
}
