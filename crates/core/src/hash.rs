//! Hash maps for point lookups whose iteration order is never observed (the work queue's
//! pending set, the store's UID and per-set indexes).
//!
//! The hasher is a fixed multiply-rotate hash (the one rustc uses for its own tables), not
//! std's randomly seeded SipHash: the core draws no OS randomness, and these keys are our own
//! names and UIDs, not adversarial input. Anything whose order reaches a user stays in a
//! `BTreeMap`.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// `HashMap` with [`FxHasher`]: deterministic and cheap for short string keys.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// `HashSet` with [`FxHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// A word at a time: `hash = (hash.rotate_left(5) ^ word) * SEED`.
#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// FNV-1a over texts joined by a zero byte: a stable 64-bit name for made-up identifiers (a
/// node's machine ID, a derived object's UID or name suffix) that draws nothing from the
/// seeded generator.
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let separator: &[u8] = if i == 0 { &[] } else { &[0] };
        for &byte in separator.iter().chain(part.as_bytes()) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash>(value: T) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(value)
    }

    #[test]
    fn hashes_are_fixed_and_tell_keys_apart() {
        // Fixed across runs and platforms: no per-process seed.
        assert_eq!(hash("web-0"), hash(String::from("web-0")));
        assert_ne!(hash("web-0"), hash("web-1"));
        assert_ne!(hash(("a", "bc")), hash(("ab", "c")));
        let mut m: FastMap<String, i32> = FastMap::default();
        m.insert("web-0".into(), 0);
        m.insert("web-1".into(), 1);
        assert_eq!(m.get("web-1"), Some(&1));
        assert_eq!(m.remove("web-0"), Some(0));
        assert_eq!(m.len(), 1);
    }
}
