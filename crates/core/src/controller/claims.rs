//! The PVC retention policy as ownerReferences (spec §3.9). The controller only sets or
//! removes references; the garbage collector deletes claims whose owner is gone.
//! Mirrors upstream `updateClaimOwnerRefForSetAndPod` and `isClaimOwnerUpToDate`.

use super::revision::controller_ref;
use crate::api::{OwnerReference, PersistentVolumeClaim, Pod, Shared, StatefulSet};

/// The ownerReferences `claim` should carry for `pod` of `set`; `condemned` says whether the
/// pod's ordinal is outside the set's range (being scaled away).
pub fn wanted_refs(
    claim: &PersistentVolumeClaim,
    set: &StatefulSet,
    pod: &Pod,
    condemned: bool,
) -> Shared<Vec<OwnerReference>> {
    let (want_set, want_pod) = wanted_owners(set, condemned);
    let has = |uid: &str, kind: &str| {
        claim
            .metadata
            .owner_references
            .iter()
            .any(|r| r.uid == uid && r.kind == kind)
    };
    // The common case — references already as wanted — allocates nothing.
    if has(&set.metadata.uid, "StatefulSet") == want_set
        && has(&pod.metadata.uid, "Pod") == want_pod
    {
        return claim.metadata.owner_references.clone();
    }
    let mut refs = claim.metadata.owner_references.clone();
    let set_ref = controller_ref(set);
    let pod_ref = OwnerReference {
        api_version: "v1".into(),
        kind: "Pod".into(),
        name: pod.metadata.name.clone(),
        uid: pod.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    };
    // In the Retain/Delete case a condemned pod's claim keeps the set reference it had.
    set_ref_presence(&mut refs, &set_ref, want_set);
    set_ref_presence(&mut refs, &pod_ref, want_pod);
    refs
}

/// Whether the claim should name the set and the pod as owners (the §3.9 matrix).
fn wanted_owners(set: &StatefulSet, condemned: bool) -> (bool, bool) {
    match (set.when_scaled_delete(), set.when_deleted_delete()) {
        (false, false) => (false, false),
        (false, true) => (true, false),
        (true, false) => (false, condemned),
        (true, true) => (!condemned, condemned),
    }
}

/// Whether `claim`'s references already match the policy (no allocation).
pub fn refs_up_to_date(
    claim: &PersistentVolumeClaim,
    set: &StatefulSet,
    pod: &Pod,
    condemned: bool,
) -> bool {
    let (want_set, want_pod) = wanted_owners(set, condemned);
    let has = |uid: &str, kind: &str| {
        claim
            .metadata
            .owner_references
            .iter()
            .any(|r| r.uid == uid && r.kind == kind)
    };
    has(&set.metadata.uid, "StatefulSet") == want_set && has(&pod.metadata.uid, "Pod") == want_pod
}

fn set_ref_presence(refs: &mut Vec<OwnerReference>, owner: &OwnerReference, present: bool) {
    let pos = refs
        .iter()
        .position(|r| r.uid == owner.uid && r.kind == owner.kind);
    match (pos, present) {
        (None, true) => refs.push(owner.clone()),
        (Some(i), false) => {
            refs.remove(i);
        }
        _ => {}
    }
}

/// A controller reference on the claim that is neither the set's nor the pod's.
pub fn conflicting_controller(claim: &PersistentVolumeClaim, set: &StatefulSet, pod: &Pod) -> bool {
    claim.metadata.owner_references.iter().any(|r| {
        r.controller == Some(true) && r.uid != set.metadata.uid && r.uid != pod.metadata.uid
    })
}

/// `hasStaleOwnerRef`: the claim is owned by an earlier pod of the same name.
pub fn is_stale(claim: &PersistentVolumeClaim, pod: &Pod) -> bool {
    claim
        .metadata
        .owner_references
        .iter()
        .any(|r| r.kind == "Pod" && r.name == pod.metadata.name && r.uid != pod.metadata.uid)
}
