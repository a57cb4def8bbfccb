//! The object store: what the API server keeps. Objects are shared behind `Rc` so that a
//! snapshot of the whole store (for time travel) copies pointers, not objects; a write replaces
//! one entry.

pub mod set_pods;

use crate::api::{Kind, Name, Object, ObjectKey};
use crate::hash::FastMap;
use set_pods::SetPods;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::rc::Rc;

#[derive(Clone, Debug, Default)]
pub struct Store {
    /// Key → object: point lookups, the most frequent operation, hash instead of comparing
    /// strings down a B-tree of every object.
    objects: FastMap<ObjectKey, Rc<Object>>,
    /// Every key in the API server's order (kind, namespace, name): what `list` walks.
    order: BTreeSet<ObjectKey>,
    /// Owner UID → the keys of the objects whose ownerReferences name it (the GC's graph).
    /// Keys, not objects: an object's writes then leave this index alone, where replacing
    /// the object here would search a tree of every sibling (ten thousand pods of one set)
    /// comparing names on each write.
    dependents: BTreeMap<Name, BTreeSet<ObjectKey>>,
    /// UID → key, to tell whether an owner still exists.
    uids: FastMap<Name, ObjectKey>,
    /// Node name → pods bound to it (the scheduler's and kubelet's view).
    pods_by_node: BTreeMap<Name, BTreeSet<ObjectKey>>,
    /// Namespace → claim name → claim: lookups by `&str` without building a key.
    claims: BTreeMap<Name, FastMap<Name, Rc<Object>>>,
    /// (namespace, claim name) → pods whose volumes name that claim.
    claim_users: FastMap<(String, String), BTreeSet<ObjectKey>>,
    /// StatefulSet UID → the pods it controls, by ordinal, with its status counts and what
    /// its controller learned (see `set_pods`).
    sets: FastMap<Name, SetPods>,
    /// Pods without a controller reference: what a StatefulSet could adopt.
    orphans: BTreeSet<ObjectKey>,
    /// Pods bound to a node whose spec has required `podAntiAffinity` terms: the only pods
    /// the scheduler's "existing pods' anti-affinity" check has to look at.
    anti_affine: BTreeSet<ObjectKey>,
    /// The last resourceVersion handed out; every write takes the next one.
    resource_version: u64,
    /// Puts and removes so far: two equal counts mean nothing in the store changed between.
    writes: u64,
}

impl Store {
    pub fn get(&self, key: &ObjectKey) -> Option<&Rc<Object>> {
        self.objects.get(key)
    }

    pub fn contains(&self, key: &ObjectKey) -> bool {
        self.objects.contains_key(key)
    }

    /// Objects of one kind, in one namespace (`None`: all namespaces), in name order — the
    /// order the API server lists them in.
    pub fn list(&self, kind: Kind, namespace: Option<&str>) -> impl Iterator<Item = &Rc<Object>> {
        let (lo, hi) = match namespace {
            Some(ns) if kind.namespaced() => (
                ObjectKey::new(kind, ns, ""),
                Bound::Excluded(ObjectKey::new(
                    kind,
                    &crate::format_sized!(ns.len() + 1, "{ns}\0"),
                    "",
                )),
            ),
            _ => (
                ObjectKey::new(kind, "", ""),
                match next_kind(kind) {
                    Some(next) => Bound::Excluded(ObjectKey::new(next, "", "")),
                    None => Bound::Unbounded,
                },
            ),
        };
        self.order
            .range((Bound::Included(lo), hi))
            .map(|key| &self.objects[key])
    }

    /// Stores `object` under its key with a fresh resourceVersion; returns the stored object.
    pub fn put(&mut self, mut object: Object) -> Rc<Object> {
        self.resource_version += 1;
        self.writes += 1;
        let mut key = object.key();
        // One copy of each name: the stored object, its key, its index entries and every
        // key built for it later (`ObjectKey::new`) are then one pointer, and compare
        // without reading text. An update takes the names of the version it replaces (nearly
        // always already the same pointer); a new object takes the shared copy.
        match self.objects.get_key_value(&key) {
            Some((stored, _)) => key = stored.clone(),
            None => key = key.into_shared(),
        }
        object.use_type_literals();
        let meta = object.meta_mut();
        meta.resource_version = Name::number(self.resource_version);
        if !meta.name.same(key.name()) {
            meta.name = key.name().clone();
        }
        if !meta.namespace.same(key.namespace()) && !key.namespace().is_empty() {
            meta.namespace = key.namespace().clone();
        }
        let rc = Rc::new(object);
        if let Some(slot) = self.objects.get_mut(&key) {
            let old = std::mem::replace(slot, rc.clone());
            if same_index_entries(&old, &rc) {
                self.reindex_in_place(&key, &old, &rc);
            } else {
                self.unindex(&key, &old);
                self.index(&key, &rc);
            }
        } else {
            self.index(&key, &rc);
            self.order.insert(key.clone());
            self.objects.insert(key, rc.clone());
        }
        rc
    }

    /// `unindex(old)` then `index(new)` for a write that leaves the owner, UID and claim keys
    /// as they were: the shared objects are replaced, and a pod's node entry moves if it was
    /// bound (the scheduler's write would otherwise remove the pod from, and add it back to,
    /// indexes of thousands of keys that did not change).
    fn reindex_in_place(&mut self, key: &ObjectKey, old: &Rc<Object>, new: &Rc<Object>) {
        match &**new {
            Object::PersistentVolumeClaim(_) => {
                if let Some(entry) = self
                    .claims
                    .get_mut(key.namespace())
                    .and_then(|m| m.get_mut(key.name()))
                {
                    *entry = new.clone();
                }
                self.claim_written(key);
            }
            Object::Pod(pod) => {
                if let Some(set) = new
                    .meta()
                    .controller()
                    .and_then(|r| self.sets.get_mut(&r.uid))
                {
                    set.replace(key, old, new);
                }
                if let Object::Pod(before) = &**old {
                    if before.spec.node_name != pod.spec.node_name {
                        self.unindex_node(key, before);
                        self.index_node(key, pod);
                    }
                }
            }
            _ => {}
        }
    }

    fn index_node(&mut self, key: &ObjectKey, pod: &crate::api::Pod) {
        if let Some(node) = &pod.spec.node_name {
            match self.pods_by_node.get_mut(node.as_str()) {
                Some(pods) => pods,
                None => self.pods_by_node.entry(Name::shared(node)).or_default(),
            }
            .insert(key.clone());
            if has_required_anti_affinity(pod) {
                self.anti_affine.insert(key.clone());
            }
        }
    }

    fn unindex_node(&mut self, key: &ObjectKey, pod: &crate::api::Pod) {
        if let Some(node) = &pod.spec.node_name {
            remove_from(&mut self.pods_by_node, node.as_str(), key);
            self.anti_affine.remove(key);
        }
    }

    pub fn remove(&mut self, key: &ObjectKey) -> Option<Rc<Object>> {
        let old = self.objects.remove(key)?;
        self.writes += 1;
        self.order.remove(key);
        self.unindex(key, &old);
        if let Object::StatefulSet(set) = &*old {
            self.sets.remove(&set.metadata.uid);
        }
        Some(old)
    }

    fn index(&mut self, key: &ObjectKey, object: &Rc<Object>) {
        let meta = object.meta();
        for owner in &meta.owner_references {
            // Look up before `entry`: the owner is nearly always known, and `entry` would
            // copy its UID for the lookup.
            match self.dependents.get_mut(&owner.uid) {
                Some(deps) => deps,
                None => self.dependents.entry(owner.uid.clone()).or_default(),
            }
            .insert(key.clone());
        }
        if !meta.uid.is_empty() {
            self.uids.insert(meta.uid.clone(), key.clone());
        }
        if let Object::PersistentVolumeClaim(_) = &**object {
            self.claims
                .entry(key.namespace().clone())
                .or_default()
                .insert(key.name().clone(), object.clone());
            self.claim_written(key);
        }
        if let Object::StatefulSet(set) = &**object {
            if !meta.uid.is_empty() && !self.sets.contains_key(&meta.uid) {
                let mut pods = SetPods::new(&set.metadata.name, key.namespace());
                for k in self.dependents.get(&meta.uid).into_iter().flatten() {
                    let Some(o) = self.objects.get(k) else {
                        continue;
                    };
                    if o.meta().controller().is_some_and(|r| r.uid == meta.uid) {
                        pods.add(k, o);
                    }
                }
                self.sets.insert(meta.uid.clone(), pods);
            }
        }
        if let Object::Pod(pod) = &**object {
            match meta.controller() {
                Some(r) => {
                    if let Some(set) = self.sets.get_mut(&r.uid) {
                        set.add(key, object);
                    }
                }
                None => {
                    self.orphans.insert(key.clone());
                }
            }
            self.index_node(key, pod);
            for claim in pod
                .spec
                .volumes
                .iter()
                .filter_map(|v| v.persistent_volume_claim.as_ref())
            {
                let at = (key.namespace().to_string(), claim.claim_name.clone());
                self.claim_users.entry(at).or_default().insert(key.clone());
            }
        }
    }

    /// A claim write may change what the controller of a set in its namespace would do for
    /// the ordinal the claim's name ends in.
    fn claim_written(&mut self, key: &ObjectKey) {
        for set in self.sets.values_mut() {
            if set.namespace() == key.namespace() {
                if let Some(ordinal) = set.touched_ordinal(key.name()) {
                    set.memo.forget(ordinal);
                }
            }
        }
    }

    fn unindex(&mut self, key: &ObjectKey, object: &Rc<Object>) {
        let meta = object.meta();
        for owner in &meta.owner_references {
            if let Some(map) = self.dependents.get_mut(&owner.uid) {
                map.remove(key);
                if map.is_empty() {
                    self.dependents.remove(&owner.uid);
                }
            }
        }
        if self.uids.get(&meta.uid) == Some(key) {
            self.uids.remove(&meta.uid);
        }
        if let Object::PersistentVolumeClaim(_) = &**object {
            if let Some(map) = self.claims.get_mut(key.namespace()) {
                map.remove(key.name());
            }
            self.claim_written(key);
        }
        if let Object::Pod(pod) = &**object {
            match meta.controller() {
                Some(r) => {
                    if let Some(set) = self.sets.get_mut(&r.uid) {
                        set.remove(key, object);
                    }
                }
                None => {
                    self.orphans.remove(key);
                }
            }
            self.unindex_node(key, pod);
            for claim in pod
                .spec
                .volumes
                .iter()
                .filter_map(|v| v.persistent_volume_claim.as_ref())
            {
                let at = (key.namespace().to_string(), claim.claim_name.clone());
                if let Some(users) = self.claim_users.get_mut(&at) {
                    users.remove(key);
                    if users.is_empty() {
                        self.claim_users.remove(&at);
                    }
                }
            }
        }
    }

    /// The pods the StatefulSet with this UID controls.
    pub fn set_pods(&self, set_uid: &str) -> Option<&SetPods> {
        self.sets.get(set_uid)
    }

    pub fn set_pods_mut(&mut self, set_uid: &str) -> Option<&mut SetPods> {
        self.sets.get_mut(set_uid)
    }

    /// Pods in `namespace` without a controller reference, in name order.
    pub fn orphan_pods<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = &'a ObjectKey> {
        self.orphans
            .range(ObjectKey::new(Kind::Pod, namespace, "")..)
            .take_while(move |k| k.kind == Kind::Pod && k.namespace() == namespace)
    }

    /// The number of pods bound to `node`.
    pub fn pod_count_on_node(&self, node: &str) -> usize {
        self.pods_by_node.get(node).map_or(0, BTreeSet::len)
    }

    /// The claim `name` in `namespace`.
    pub fn claim(&self, namespace: &str, name: &str) -> Option<&Rc<Object>> {
        self.claims.get(namespace)?.get(name)
    }

    /// Pods bound to `node`.
    pub fn pods_on_node(&self, node: &str) -> impl Iterator<Item = &ObjectKey> {
        self.pods_by_node.get(node).into_iter().flatten()
    }

    /// Bound pods with required `podAntiAffinity` terms.
    pub fn anti_affine_pods(&self) -> impl Iterator<Item = &ObjectKey> {
        self.anti_affine.iter()
    }

    /// Pods whose volumes name the claim `name` in `namespace`.
    pub fn claim_users(&self, namespace: &str, name: &str) -> impl Iterator<Item = &ObjectKey> {
        self.claim_users
            .get(&(namespace.to_string(), name.to_string()))
            .into_iter()
            .flatten()
    }

    /// Keys of the objects that name `owner_uid` in their ownerReferences.
    pub fn dependents_of(&self, owner_uid: &str) -> impl Iterator<Item = &ObjectKey> {
        self.dependents.get(owner_uid).into_iter().flatten()
    }

    /// Keys of the objects of `kind` that name `owner_uid` in their ownerReferences.
    pub fn dependents_of_kind(
        &self,
        owner_uid: &str,
        kind: Kind,
    ) -> impl Iterator<Item = &ObjectKey> {
        let lo = ObjectKey::new(kind, "", "");
        self.dependents
            .get(owner_uid)
            .into_iter()
            .flat_map(move |m| m.range(lo.clone()..))
            .take_while(move |k| k.kind == kind)
    }

    /// The objects that name `owner_uid` in their ownerReferences, in key order.
    pub fn dependent_objects(&self, owner_uid: &str) -> impl Iterator<Item = &Rc<Object>> {
        self.dependents
            .get(owner_uid)
            .into_iter()
            .flatten()
            .filter_map(|k| self.objects.get(k))
    }

    /// The key of the object with this UID, if it exists.
    pub fn key_of_uid(&self, uid: &str) -> Option<&ObjectKey> {
        self.uids.get(uid)
    }

    /// Owner UIDs named by some object but no longer present: work for the GC.
    pub fn missing_owners(&self) -> impl Iterator<Item = &Name> {
        self.dependents
            .keys()
            .filter(|uid| !self.uids.contains_key(*uid))
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// How many puts and removes the store has seen.
    pub fn writes(&self) -> u64 {
        self.writes
    }

    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }
}

/// Whether two versions of an object have the same index keys: owners, UID, kind and, for
/// pods, node and claims.
fn same_index_entries(old: &Object, new: &Object) -> bool {
    let (a, b) = (old.meta(), new.meta());
    if a.uid != b.uid || a.owner_references != b.owner_references || old.kind() != new.kind() {
        return false;
    }
    match (old, new) {
        (Object::Pod(a), Object::Pod(b)) => {
            fn claims(p: &crate::api::Pod) -> impl Iterator<Item = &str> {
                p.spec
                    .volumes
                    .iter()
                    .filter_map(|v| v.persistent_volume_claim.as_ref())
                    .map(|c| c.claim_name.as_str())
            }
            // The node may differ: `reindex_in_place` moves the node entry.
            claims(a).eq(claims(b))
        }
        // A set's index is made when it is first stored: nothing to do for a set or other kinds.
        _ => true,
    }
}

fn has_required_anti_affinity(pod: &crate::api::Pod) -> bool {
    pod.spec
        .affinity
        .as_ref()
        .and_then(|a| a.pointer("/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution"))
        .and_then(serde_json::Value::as_array)
        .is_some_and(|terms| !terms.is_empty())
}

fn remove_from<K: Ord + std::borrow::Borrow<Q>, Q: Ord + ?Sized>(
    index: &mut BTreeMap<K, BTreeSet<ObjectKey>>,
    at: &Q,
    key: &ObjectKey,
) {
    if let Some(set) = index.get_mut(at) {
        set.remove(key);
        if set.is_empty() {
            index.remove(at);
        }
    }
}

fn next_kind(kind: Kind) -> Option<Kind> {
    Kind::ALL.iter().copied().filter(|k| *k > kind).min()
}
