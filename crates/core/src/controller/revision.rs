//! ControllerRevisions of a StatefulSet: what is versioned (only the pod template), how a
//! revision is named (`<set>-<hash>`), and how equal templates are found again.
//!
//! Mirrors upstream `getPatch`, `newRevision`, `history.HashControllerRevision`,
//! `history.FindEqualRevisions` and `nextRevision` in `pkg/controller/statefulset` and
//! `pkg/controller/history`.

use crate::api::encode::Encode;
use crate::api::{
    ControllerRevision, ObjectMeta, OwnerReference, PodTemplateSpec, Shared, StatefulSet,
};
use crate::hash::FastMap;
use serde_json::{json, Value};
use std::cell::RefCell;

/// The label carrying a revision's hash.
pub const HASH_LABEL: &str = "controller.kubernetes.io/hash";

/// `getPatch`: the part of the set that a revision records — the pod template, marked to
/// replace the whole template when applied as a strategic merge patch.
pub fn patch(set: &StatefulSet) -> Value {
    let mut template = set.spec.template.encode();
    if let Value::Object(map) = &mut template {
        map.insert("$patch".into(), "replace".into());
    }
    json!({ "spec": { "template": template } })
}

/// FNV-32 (not FNV-1a) over the patch bytes and the decimal collision count, then
/// `rand.SafeEncodeString` of the decimal sum: only the characters `456789bcdf`.
pub fn hash(data: &Value, collision_count: Option<i32>) -> String {
    let bytes = serde_json::to_vec(data).expect("JSON values serialize");
    let mut sum: u32 = 0x811c_9dc5;
    let mut write = |b: &[u8]| {
        for &byte in b {
            sum = sum.wrapping_mul(0x0100_0193);
            sum ^= u32::from(byte);
        }
    };
    write(&bytes);
    if let Some(count) = collision_count {
        write(count.to_string().as_bytes());
    }
    safe_encode(&sum.to_string())
}

/// apimachinery's `rand.SafeEncodeString`: maps each byte onto an alphabet without vowels.
fn safe_encode(s: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.bytes()
        .map(|b| ALPHANUMS[b as usize % ALPHANUMS.len()] as char)
        .collect()
}

/// `newRevision`: a revision object for the set's current template.
pub fn new_revision(
    set: &StatefulSet,
    revision: i64,
    collision_count: Option<i32>,
) -> ControllerRevision {
    let data = patch(set);
    let hash = hash(&data, collision_count);
    new_revision_with(set, revision, data.into(), &hash)
}

/// [`new_revision`] from the set's patch and its hash, computed earlier.
pub fn new_revision_with(
    set: &StatefulSet,
    revision: i64,
    data: Shared<Value>,
    hash: &str,
) -> ControllerRevision {
    let hash = hash.to_string();
    let mut labels = set.spec.template.metadata.labels.clone();
    labels.insert(HASH_LABEL.into(), hash.clone().into());
    ControllerRevision {
        api_version: "apps/v1".into(),
        kind: "ControllerRevision".into(),
        metadata: ObjectMeta {
            name: format!("{}-{hash}", set.metadata.name).into(),
            namespace: set.metadata.namespace.clone(),
            labels,
            // Copied so that `kubernetes.io/change-cause` reaches `rollout history`.
            annotations: set.metadata.annotations.clone(),
            owner_references: vec![controller_ref(set)].into(),
            ..Default::default()
        },
        data,
        revision,
    }
}

/// `history.EqualRevision`: same hash label and same data.
pub fn equal(a: &ControllerRevision, b: &ControllerRevision) -> bool {
    a.metadata.labels.get(HASH_LABEL) == b.metadata.labels.get(HASH_LABEL) && a.data == b.data
}

/// Templates decoded from revisions, by revision UID: decoding a revision's JSON is the
/// costliest part of creating a pod, and a revision's data never changes (the API server
/// refuses updates to it), so each is decoded once. Only speed depends on it.
#[derive(Clone, Debug, Default)]
pub struct TemplateCache(RefCell<FastMap<crate::api::Name, Option<PodTemplateSpec>>>);

impl TemplateCache {
    /// [`template_of`], decoded at most once per stored revision.
    pub fn template_of(&self, revision: &ControllerRevision) -> Option<PodTemplateSpec> {
        let uid = &revision.metadata.uid;
        if uid.is_empty() {
            return template_of(revision);
        }
        if let Some(template) = self.0.borrow().get(uid) {
            return template.clone();
        }
        let template = template_of(revision);
        let mut cache = self.0.borrow_mut();
        // A handful of live revisions per set: a full cache is one of stale entries.
        if cache.len() >= 256 {
            cache.clear();
        }
        cache.insert(uid.clone(), template.clone());
        template
    }
}

/// The template a revision recorded.
pub fn template_of(revision: &ControllerRevision) -> Option<PodTemplateSpec> {
    let mut template = revision.data.get("spec")?.get("template")?.clone();
    if let Value::Object(map) = &mut template {
        map.remove("$patch");
    }
    crate::api::decode::from_value(&template).ok()
}

/// The controller ownerReference a StatefulSet puts on what it creates.
pub fn controller_ref(set: &StatefulSet) -> OwnerReference {
    OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: set.metadata.name.clone(),
        uid: set.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_use_the_safe_alphabet_and_are_stable() {
        let data = json!({"spec": {"template": {"$patch": "replace"}}});
        let h = hash(&data, Some(0));
        assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
        assert!((1..=10).contains(&h.len()));
        assert_eq!(h, hash(&data, Some(0)));
        assert_ne!(h, hash(&data, Some(1)));
    }

    #[test]
    fn safe_encoding_maps_digits_like_apimachinery() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }
}
