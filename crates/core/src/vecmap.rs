//! Small ordered maps and sets kept as sorted vectors.
//!
//! Every distinct `BTreeMap<K, V>` compiles its own copy of the B-tree (about 10 KB of wasm per
//! key and value type). The cluster's bookkeeping maps that stay small — a handful of nodes,
//! sets, retries in flight — use these instead: a binary search and a `Vec` insert or remove,
//! a fraction of that code, with the same ordered iteration. Maps that grow with the number of
//! objects (the store, the pod runtimes) stay B-trees.

use std::borrow::Borrow;
use std::cmp::Ordering;

/// A map ordered by key, as a `Vec` of `(key, value)` sorted by key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<K: Ord, V> VecMap<K, V> {
    pub const fn new() -> Self {
        VecMap(Vec::new())
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Inserts or replaces the value under `key`, returning the old one (the old key stays,
    /// as with `BTreeMap::insert`).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    /// The value under `key`, inserting `make()` first when there is none
    /// (`entry(key).or_insert_with(make)`).
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, make()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// A set ordered by value, as a sorted `Vec`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VecSet<T>(Vec<T>);

impl<T> Default for VecSet<T> {
    fn default() -> Self {
        VecSet(Vec::new())
    }
}

impl<T: Ord> VecSet<T> {
    pub const fn new() -> Self {
        VecSet(Vec::new())
    }

    fn find<Q: Ord + ?Sized>(&self, value: &Q) -> Result<usize, usize>
    where
        T: Borrow<Q>,
    {
        self.0.binary_search_by(|v| v.borrow().cmp(value))
    }

    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.find(value).is_ok()
    }

    /// Adds `value`; false when it was already there.
    pub fn insert(&mut self, value: T) -> bool {
        match self.find(&value) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, value);
                true
            }
        }
    }

    /// Removes `value`; false when it was not there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        match self.find(value) {
            Ok(i) => {
                self.0.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Values in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<T: Ord> PartialOrd for VecSet<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.0.cmp(&other.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn behaves_like_the_b_tree_collections() {
        let mut seed = 11u64;
        let mut map = VecMap::new();
        let mut reference = BTreeMap::new();
        let mut set = VecSet::new();
        let mut set_reference = BTreeSet::new();
        for step in 0..2000u32 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let key = format!("k{}", (seed >> 58) % 40);
            match (seed >> 40) % 4 {
                0 => assert_eq!(
                    map.insert(key.clone(), step),
                    reference.insert(key.clone(), step)
                ),
                1 => assert_eq!(map.remove(key.as_str()), reference.remove(key.as_str())),
                2 => {
                    *map.get_or_insert_with(key.clone(), || 0) += 1;
                    *reference.entry(key.clone()).or_insert(0) += 1;
                }
                _ => assert_eq!(map.get(key.as_str()), reference.get(key.as_str())),
            }
            assert_eq!(
                map.contains_key(key.as_str()),
                reference.contains_key(key.as_str())
            );
            assert!(map.iter().eq(reference.iter()));
            assert_eq!(map.len(), reference.len());
            if step % 3 == 0 {
                assert_eq!(set.insert(key.clone()), set_reference.insert(key.clone()));
            } else {
                assert_eq!(set.remove(key.as_str()), set_reference.remove(key.as_str()));
            }
            assert_eq!(
                set.contains(key.as_str()),
                set_reference.contains(key.as_str())
            );
            assert!(set.iter().eq(set_reference.iter()));
        }
    }
}
