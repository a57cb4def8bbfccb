//! The index the StatefulSet controller reads instead of scanning a set's pods: for each set
//! (by UID), the pods it controls by ordinal, the counts its status is made of, the pods
//! written since it last looked (for adoption and release), and what earlier syncs learned
//! about each ordinal (`Memo`). The store keeps it up to date on every pod and claim write,
//! so a sync costs O(log n + what changed) instead of O(pods of the set).

use crate::api::{Kind, LabelSelector, Object, ObjectKey, Pod};
use crate::controller::identity::{parent_and_ordinal, pod_revision};
use crate::time::Time;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::rc::Rc;

/// A set of ordinals as disjoint, non-adjacent half-open intervals: sets learned ordinal by
/// ordinal are nearly always a handful of runs, whatever the number of replicas.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ordinals(BTreeMap<i64, i64>);

impl Ordinals {
    fn run_at(&self, o: i64) -> Option<(i64, i64)> {
        self.0
            .range(..=o)
            .next_back()
            .filter(|(_, end)| o < **end)
            .map(|(s, e)| (*s, *e))
    }

    pub fn contains(&self, o: i32) -> bool {
        self.run_at(i64::from(o)).is_some()
    }

    pub fn insert(&mut self, o: i32) {
        let o = i64::from(o);
        if self.run_at(o).is_some() {
            return;
        }
        let (mut start, mut end) = (o, o + 1);
        if let Some((s, e)) = self.0.range(..o).next_back().map(|(s, e)| (*s, *e)) {
            if e == o {
                self.0.remove(&s);
                start = s;
            }
        }
        if let Some(e) = self.0.remove(&(o + 1)) {
            end = e;
        }
        self.0.insert(start, end);
    }

    pub fn remove(&mut self, o: i32) {
        let o = i64::from(o);
        let Some((s, e)) = self.run_at(o) else {
            return;
        };
        self.0.remove(&s);
        if s < o {
            self.0.insert(s, o);
        }
        if o + 1 < e {
            self.0.insert(o + 1, e);
        }
    }

    /// The smallest ordinal `>= o` not in the set.
    pub fn next_absent(&self, o: i32) -> i64 {
        let o = i64::from(o);
        self.run_at(o).map_or(o, |(_, e)| e)
    }

    /// The largest ordinal `<= o` not in the set.
    pub fn prev_absent(&self, o: i32) -> i64 {
        let o = i64::from(o);
        self.run_at(o).map_or(o, |(s, _)| s - 1)
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn runs(&self) -> usize {
        self.0.len()
    }
}

/// What syncs of a set learned about its ordinals, valid while nothing at that ordinal (its
/// pod or its claims) is written and the set's relevant fields are those of `key`: facts
/// about a pod that can only become true as time passes (availability) are kept too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Memo {
    /// The set fields the entries were learned under; the controller resets the memo when
    /// they change.
    pub key: Option<String>,
    /// Ordinals whose replica processing would do nothing (no action, no wait).
    pub quiet: Ordinals,
    /// Ordinals whose pod is of the update revision and healthy (the update loop passes them).
    pub updated: Ordinals,
}

impl Memo {
    pub(crate) fn forget(&mut self, ordinal: i32) {
        self.quiet.remove(ordinal);
        self.updated.remove(ordinal);
    }
}

/// The pods one StatefulSet controls (controller reference to its UID, in any namespace).
#[derive(Clone, Debug, Default)]
pub struct SetPods {
    name: String,
    namespace: String,
    /// Controlled pods whose names parse as `<set name>-<ordinal>`, by ordinal then key.
    by_ordinal: BTreeMap<(i32, ObjectKey), Rc<Object>>,
    /// Controlled pods whose names do not.
    others: BTreeSet<ObjectKey>,
    /// Status counts over `by_ordinal`: pods with a phase, and those Running and Ready.
    created: i32,
    ready: i32,
    /// Ready pods by the time their Ready condition turned True (none: never available).
    ready_since: BTreeMap<Time, i32>,
    /// `(t, n)`: `n` entries of `ready_since` are before `t` (a cursor for availability).
    available_below: (Time, i32),
    /// Pods with a phase and no deletionTimestamp, by revision.
    revisions: BTreeMap<String, i32>,
    /// Every controlled pod by revision (the live revisions history must keep).
    all_revisions: BTreeMap<String, i32>,
    /// Controlled pods written since adoption and release last looked (unordered: adoption
    /// sorts what it takes; a hash set spares every pod write a search comparing names).
    changed: crate::hash::FastSet<ObjectKey>,
    /// The selector adoption and release last looked with (`None`: never looked).
    pub claimed_with: Option<LabelSelector>,
    pub memo: Memo,
}

fn ordinal_key(ordinal: i32) -> (i32, ObjectKey) {
    (ordinal, ObjectKey::new(Kind::StatefulSet, "", ""))
}

fn bump<K: Ord>(map: &mut BTreeMap<K, i32>, key: K, by: i32) {
    match map.entry(key) {
        std::collections::btree_map::Entry::Occupied(mut e) => {
            *e.get_mut() += by;
            if *e.get() == 0 {
                e.remove();
            }
        }
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(by);
        }
    }
}

/// [`bump`] for string keys, allocating only for a new key.
fn bump_str(map: &mut BTreeMap<String, i32>, key: &str, by: i32) {
    match map.get_mut(key) {
        Some(n) => {
            *n += by;
            if *n == 0 {
                map.remove(key);
            }
        }
        None => {
            map.insert(key.to_string(), by);
        }
    }
}

impl SetPods {
    pub(super) fn new(name: &str, namespace: &str) -> SetPods {
        SetPods {
            name: name.to_string(),
            namespace: namespace.to_string(),
            available_below: (Time(i64::MIN), 0),
            ..Default::default()
        }
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The ordinal a pod or claim name stands for, if its parent part ends this set's name
    /// or is it (claims are `<template>-<set>-<ordinal>`): which memo entries a write touches.
    pub(super) fn touched_ordinal(&self, name: &str) -> Option<i32> {
        let (parent, ordinal) = parent_and_ordinal(name)?;
        parent.ends_with(self.name.as_str()).then_some(ordinal)
    }

    pub(super) fn add(&mut self, key: &ObjectKey, object: &Rc<Object>) {
        self.account(key, object, 1, true);
    }

    pub(super) fn remove(&mut self, key: &ObjectKey, object: &Rc<Object>) {
        self.account(key, object, -1, true);
    }

    /// `remove(old)` then `add(new)` for a new version of the same pod: the counts move, and
    /// the pod's entry is replaced where it is (one search of the ordinal index, not two).
    pub(super) fn replace(&mut self, key: &ObjectKey, old: &Rc<Object>, new: &Rc<Object>) {
        self.account(key, old, -1, false);
        if let Some(ordinal) = self.account(key, new, 1, false) {
            match self.by_ordinal.get_mut(&(ordinal, key.clone())) {
                Some(entry) => *entry = new.clone(),
                None => {
                    self.by_ordinal.insert((ordinal, key.clone()), new.clone());
                }
            }
        }
    }

    /// Counts `object` in (`sign` 1) or out (-1); `entries`: also adds it to or removes it
    /// from the pod indexes. Returns the pod's ordinal, if its name has this set's.
    fn account(
        &mut self,
        key: &ObjectKey,
        object: &Rc<Object>,
        sign: i32,
        entries: bool,
    ) -> Option<i32> {
        let Object::Pod(pod) = &**object else {
            return None;
        };
        if !self.changed.contains(key) {
            self.changed.insert(key.clone());
        }
        bump_str(&mut self.all_revisions, pod_revision(pod), sign);
        let ordinal = parent_and_ordinal(&pod.metadata.name)
            .filter(|(parent, _)| *parent == self.name)
            .map(|(_, o)| o);
        let Some(ordinal) = ordinal else {
            if entries && sign > 0 {
                self.others.insert(key.clone());
            } else if entries {
                self.others.remove(key);
            }
            return None;
        };
        self.memo.forget(ordinal);
        if entries && sign > 0 {
            self.by_ordinal
                .insert((ordinal, key.clone()), object.clone());
        } else if entries {
            self.by_ordinal.remove(&(ordinal, key.clone()));
        }
        if pod.status.phase.is_empty() {
            return Some(ordinal);
        }
        self.created += sign;
        if pod.is_running_and_ready() {
            self.ready += sign;
            let since = pod.condition("Ready").and_then(|c| c.last_transition_time);
            if let Some(t) = since {
                bump(&mut self.ready_since, t, sign);
                if t < self.available_below.0 {
                    self.available_below.1 += sign;
                }
            }
        }
        if pod.metadata.deletion_timestamp.is_none() {
            bump_str(&mut self.revisions, pod_revision(pod), sign);
        }
        Some(ordinal)
    }

    /// The controlled pod at `ordinal` (of several, the last in key order, as a list in
    /// name order assigned to slots would leave it).
    pub fn at(&self, ordinal: i32) -> Option<&Pod> {
        let range = (
            Bound::Included(ordinal_key(ordinal)),
            Bound::Excluded(ordinal_key(ordinal.saturating_add(1))),
        );
        if ordinal == i32::MAX {
            return self
                .by_ordinal
                .range(ordinal_key(ordinal)..)
                .next_back()
                .and_then(|(_, o)| as_pod(o));
        }
        self.by_ordinal
            .range(range)
            .next_back()
            .and_then(|(_, o)| as_pod(o))
    }

    /// Controlled pods with ordinals outside `[start, end)`, highest ordinal first, equal
    /// ordinals in key order.
    pub fn outside(&self, start: i32, end: i32) -> Vec<&Pod> {
        let above = self
            .by_ordinal
            .range(ordinal_key(end)..)
            .filter(|((o, _), _)| *o >= end);
        let below = self.by_ordinal.range(..ordinal_key(start));
        let mut out = Vec::new();
        for part in [above.collect::<Vec<_>>(), below.collect::<Vec<_>>()] {
            // Runs of equal ordinals, highest run first, each run in key order.
            let mut runs: Vec<Vec<&Pod>> = Vec::new();
            let mut last: Option<i32> = None;
            for ((o, _), obj) in part {
                if last != Some(*o) {
                    runs.push(Vec::new());
                    last = Some(*o);
                }
                if let Some(p) = as_pod(obj) {
                    runs.last_mut().expect("pushed").push(p);
                }
            }
            out.extend(runs.into_iter().rev().flatten());
        }
        out
    }

    /// Keys of every controlled pod (both parts), in key order.
    pub fn keys(&self) -> BTreeSet<ObjectKey> {
        self.by_ordinal
            .keys()
            .map(|(_, k)| k.clone())
            .chain(self.others.iter().cloned())
            .collect()
    }

    /// Controlled pods written since the last call.
    pub fn take_changed(&mut self) -> crate::hash::FastSet<ObjectKey> {
        std::mem::take(&mut self.changed)
    }

    /// Revisions some controlled pod is labelled with.
    pub fn live_revisions(&self) -> impl Iterator<Item = &String> {
        self.all_revisions.keys()
    }

    /// Status counts as `updateStatefulSetStatus` makes them from the pods that parse as the
    /// set's: (replicas, ready, available, current, updated).
    pub fn status_counts(
        &mut self,
        min_ready_seconds: i32,
        now: Time,
        current: &str,
        update: &str,
    ) -> (i32, i32, i32, i32, i32) {
        let available = if min_ready_seconds == 0 {
            self.ready
        } else {
            // `since + minReadySeconds < now`.
            let below = Time(now.0 - i64::from(min_ready_seconds) * 1000);
            let (cursor, mut n) = self.available_below;
            if below >= cursor {
                n += self
                    .ready_since
                    .range(cursor..below)
                    .map(|(_, c)| *c)
                    .sum::<i32>();
            } else {
                n = self.ready_since.range(..below).map(|(_, c)| *c).sum();
            }
            self.available_below = (below, n);
            n
        };
        let count = |rev: &str| self.revisions.get(rev).copied().unwrap_or(0);
        (
            self.created,
            self.ready,
            available,
            count(current),
            count(update),
        )
    }
}

fn as_pod(object: &Object) -> Option<&Pod> {
    match object {
        Object::Pod(p) => Some(p),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(set: &Ordinals, upto: i32) -> Vec<i32> {
        (0..upto).filter(|o| set.contains(*o)).collect()
    }

    #[test]
    fn ordinals_merge_and_split_runs() {
        let mut set = Ordinals::default();
        for o in [3, 1, 2, 7, 5, 6] {
            set.insert(o);
        }
        assert_eq!(members(&set, 10), vec![1, 2, 3, 5, 6, 7]);
        assert_eq!(set.runs(), 2);
        set.insert(4);
        assert_eq!(set.runs(), 1);
        assert_eq!(set.next_absent(1), 8);
        assert_eq!(set.next_absent(0), 0);
        assert_eq!(set.prev_absent(7), 0);
        set.remove(4);
        set.remove(1);
        set.remove(9);
        assert_eq!(members(&set, 10), vec![2, 3, 5, 6, 7]);
        assert_eq!(set.next_absent(2), 4);
        assert_eq!(set.prev_absent(6), 4);
        assert_eq!(set.runs(), 2);
        set.remove(7);
        set.remove(5);
        assert_eq!(members(&set, 10), vec![2, 3, 6]);
        set.clear();
        assert_eq!(set.runs(), 0);
    }
}
