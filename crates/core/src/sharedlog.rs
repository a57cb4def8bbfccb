//! `SharedLog`, an append-only list whose clones share everything but its newest entries.
//! The cluster is cloned for every checkpoint of the history; a log that grows with every
//! event would otherwise be copied whole each time, and a long history would cost the square
//! of its length.

use std::rc::Rc;

/// Entries per shared chunk.
const CHUNK: usize = 1024;

#[derive(Clone, Debug)]
pub struct SharedLog<T> {
    /// Full chunks of `CHUNK` entries, shared between clones.
    chunks: Vec<Rc<Vec<T>>>,
    /// The newest entries, fewer than `CHUNK`.
    tail: Vec<T>,
}

impl<T> Default for SharedLog<T> {
    fn default() -> Self {
        SharedLog {
            chunks: Vec::new(),
            tail: Vec::new(),
        }
    }
}

impl<T> SharedLog<T> {
    pub fn push(&mut self, value: T) {
        self.tail.push(value);
        if self.tail.len() == CHUNK {
            let full = std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK));
            self.chunks.push(Rc::new(full));
        }
    }

    pub fn len(&self) -> usize {
        self.chunks.len() * CHUNK + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        self.chunks.clear();
        self.tail.clear();
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        match self.chunks.get(i / CHUNK) {
            Some(chunk) => chunk.get(i % CHUNK),
            None if i / CHUNK == self.chunks.len() => self.tail.get(i % CHUNK),
            None => None,
        }
    }

    /// Entry `i` to change; a chunk shared with a clone is copied first.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T>
    where
        T: Clone,
    {
        let n = self.chunks.len();
        match self.chunks.get_mut(i / CHUNK) {
            Some(chunk) => Rc::make_mut(chunk).get_mut(i % CHUNK),
            None if i / CHUNK == n => self.tail.get_mut(i % CHUNK),
            None => None,
        }
    }

    /// Every entry, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks
            .iter()
            .flat_map(|c| c.iter())
            .chain(self.tail.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_full_chunks_and_keep_their_own_tail() {
        let mut log = SharedLog::default();
        for i in 0..(2 * CHUNK + 5) {
            log.push(i);
        }
        let mut copy = log.clone();
        assert!(Rc::ptr_eq(&log.chunks[1], &copy.chunks[1]));
        copy.push(99_999);
        log.push(7);
        assert_eq!(log.len(), 2 * CHUNK + 6);
        assert_eq!(copy.iter().last(), Some(&99_999));
        assert_eq!(log.iter().last(), Some(&7));
        assert_eq!(
            log.iter().take(2 * CHUNK + 5).copied().collect::<Vec<_>>(),
            (0..2 * CHUNK + 5).collect::<Vec<_>>()
        );
        *copy.get_mut(5).unwrap() = 55;
        assert_eq!((copy.get(5), log.get(5)), (Some(&55), Some(&5)));
        assert!(!Rc::ptr_eq(&log.chunks[0], &copy.chunks[0]));
        assert!(Rc::ptr_eq(&log.chunks[1], &copy.chunks[1]));
        assert_eq!(log.get(2 * CHUNK + 5), Some(&7));
        assert_eq!(log.get(2 * CHUNK + 6), None);
        log.clear();
        assert!(log.is_empty());
    }
}
