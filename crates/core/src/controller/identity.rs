//! The identity a StatefulSet gives its pods and claims: names, labels, hostname/subdomain,
//! claim volumes. Mirrors upstream `newStatefulSetPod`, `newVersionedStatefulSetPod`,
//! `initIdentity`, `identityMatches`, `updateIdentity`, `storageMatches`, `updateStorage` and
//! `getPersistentVolumeClaims` in `pkg/controller/statefulset/stateful_set_utils.go`.

use super::revision::{controller_ref, template_of, TemplateCache};
use crate::api::{
    ControllerRevision, PersistentVolumeClaim, Pod, PvcVolumeSource, StatefulSet, Volume,
};

pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
pub const REVISION_LABEL: &str = "controller-revision-hash";

pub fn pod_name(set: &StatefulSet, ordinal: i32) -> String {
    crate::format_sized!(
        set.metadata.name.len() + 6,
        "{}-{ordinal}",
        set.metadata.name
    )
}

/// `getParentNameAndOrdinal`: `web-12` → (`web`, 12). Names that do not end in `-<digits>`
/// have no ordinal.
pub fn parent_and_ordinal(name: &str) -> Option<(&str, i32)> {
    let (parent, digits) = name.rsplit_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((parent, digits.parse().ok()?))
}

/// The ordinal of a pod that belongs to `set` by name, if any.
pub fn ordinal_of(set: &StatefulSet, pod: &Pod) -> Option<i32> {
    parent_and_ordinal(&pod.metadata.name)
        .filter(|(parent, _)| *parent == set.metadata.name)
        .map(|(_, ordinal)| ordinal)
}

pub fn claim_name(template: &PersistentVolumeClaim, set: &StatefulSet, ordinal: i32) -> String {
    crate::format_sized!(
        template.metadata.name.len() + set.metadata.name.len() + 7,
        "{}-{}-{ordinal}",
        template.metadata.name,
        set.metadata.name
    )
}

/// `getPersistentVolumeClaims`: the claims the pod at `ordinal` uses, with their template
/// names, in template-name order (one per name: the last template of a name wins, as in the
/// upstream map). Labels are the template's overlaid with the selector's matchLabels.
pub fn claims_for(set: &StatefulSet, ordinal: i32) -> Vec<(String, PersistentVolumeClaim)> {
    let selector_labels = set
        .spec
        .selector
        .as_ref()
        .and_then(|s| s.match_labels.clone())
        .unwrap_or_default();
    set.spec
        .volume_claim_templates
        .iter()
        .map(|template| {
            let mut claim = template.clone();
            claim.api_version = "v1".into();
            claim.kind = "PersistentVolumeClaim".into();
            claim.metadata.name = claim_name(template, set, ordinal).into();
            claim.metadata.namespace = set.metadata.namespace.clone();
            claim.metadata.labels.extend(selector_labels.clone());
            claim.status = Default::default();
            (template.metadata.name.to_string(), claim)
        })
        .fold(Vec::new(), |mut claims, (name, claim)| {
            // A list, not a map: a map node holds room for eleven claims, and there is
            // nearly always one.
            match claims.binary_search_by(|(n, _): &(String, _)| n.cmp(&name)) {
                Ok(i) => claims[i] = (name, claim),
                Err(i) => claims.insert(i, (name, claim)),
            }
            claims
        })
}

/// The claims the pod at `ordinal` uses, as (template name, claim name): the cheap form of
/// [`claims_for`] for lookups and matching.
pub fn claim_names(set: &StatefulSet, ordinal: i32) -> Vec<(String, String)> {
    set.spec
        .volume_claim_templates
        .iter()
        .map(|t| (t.metadata.name.to_string(), claim_name(t, set, ordinal)))
        .collect()
}

/// `ApplyRevision`: the set as it was when `revision` was current (only the template differs).
pub fn apply_revision(set: &StatefulSet, revision: &ControllerRevision) -> StatefulSet {
    with_template(set, template_of(revision))
}

/// [`apply_revision`] with the revision's template decoded through `cache`.
pub fn apply_revision_cached(
    set: &StatefulSet,
    revision: &ControllerRevision,
    cache: &TemplateCache,
) -> StatefulSet {
    with_template(set, cache.template_of(revision))
}

fn with_template(set: &StatefulSet, template: Option<crate::api::PodTemplateSpec>) -> StatefulSet {
    let mut clone = set.clone();
    if let Some(template) = template {
        clone.spec.template = template;
    }
    clone
}

/// `newStatefulSetPod`: a pod for `ordinal` from the set's template.
pub fn new_pod(set: &StatefulSet, ordinal: i32) -> Pod {
    let template = &set.spec.template;
    let mut pod = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        ..Default::default()
    };
    pod.metadata.labels = template.metadata.labels.clone();
    pod.metadata.annotations = template.metadata.annotations.clone();
    pod.metadata.finalizers = template.metadata.finalizers.clone();
    pod.metadata.generate_name = crate::api::Name::format(format_args!("{}-", set.metadata.name));
    pod.metadata.owner_references = vec![controller_ref(set)].into();
    pod.spec = template.spec.clone();
    pod.metadata.name = pod_name(set, ordinal).into();
    init_identity(set, &mut pod, ordinal);
    update_storage(set, &mut pod, ordinal);
    pod
}

/// `newVersionedStatefulSetPod`: which revision a new pod gets (spec §3.7). `current_set` and
/// `update_set` are the set with each revision applied ([`apply_revision`]).
pub fn new_versioned_pod(
    set: &StatefulSet,
    current_set: &StatefulSet,
    update_set: &StatefulSet,
    current: &crate::api::Name,
    update: &crate::api::Name,
    ordinal: i32,
) -> Pod {
    let start = set.start_ordinal();
    let strategy = set.spec.update_strategy.as_ref();
    let is_rolling = strategy.and_then(|s| s.type_.as_deref()) == Some("RollingUpdate");
    let rolling = strategy.and_then(|s| s.rolling_update.as_ref());
    // Upstream reads `A && B || C` as `(A && B) || C`: the partition branch does not look at
    // the strategy type (harmless, validation forbids rollingUpdate with OnDelete).
    let use_current =
        (is_rolling && rolling.is_none() && ordinal < start + set.status.current_replicas)
            || rolling.is_some_and(|r| ordinal < start + r.partition.unwrap_or(0));
    let (from, revision) = if use_current {
        (current_set, current)
    } else {
        (update_set, update)
    };
    let mut pod = new_pod(from, ordinal);
    pod.metadata
        .labels
        .insert(REVISION_LABEL.into(), revision.clone());
    pod
}

fn init_identity(set: &StatefulSet, pod: &mut Pod, ordinal: i32) {
    update_identity(set, pod, ordinal);
    pod.spec.hostname = Some(pod.metadata.name.to_string());
    if !set.spec.service_name.is_empty() {
        pod.spec.subdomain = Some(set.spec.service_name.clone());
    }
}

/// `updateIdentity`: name, namespace and the pod-name and pod-index labels.
pub fn update_identity(set: &StatefulSet, pod: &mut Pod, ordinal: i32) {
    // The store's copy of the name: the label, the metadata and the key are one allocation.
    let name = crate::api::Name::shared(&pod_name(set, ordinal));
    pod.metadata.name = name.clone();
    pod.metadata.namespace = set.metadata.namespace.clone();
    pod.metadata.labels.insert(POD_NAME_LABEL.into(), name);
    pod.metadata
        .labels
        .insert(POD_INDEX_LABEL.into(), ordinal.to_string().into());
}

pub fn identity_matches(set: &StatefulSet, pod: &Pod, ordinal: i32) -> bool {
    // Compared without building strings: this runs for every pod on every sync.
    parent_and_ordinal(&pod.metadata.name) == Some((set.metadata.name.as_str(), ordinal))
        && pod.metadata.namespace == set.metadata.namespace
        && pod.metadata.labels.get(POD_NAME_LABEL) == Some(&pod.metadata.name)
        && pod
            .metadata
            .labels
            .get(POD_INDEX_LABEL)
            .and_then(|v| v.parse::<i32>().ok())
            == Some(ordinal)
}

/// `updateStorage`: a volume per claim template pointing at this ordinal's claim, replacing any
/// template volume of the same name; the other volumes follow.
pub fn update_storage(set: &StatefulSet, pod: &mut Pod, ordinal: i32) {
    let claims = claim_names(set, ordinal);
    if claims.is_empty() {
        return;
    }
    let mut volumes: Vec<Volume> = claims
        .iter()
        .map(|(template, claim)| Volume {
            name: template.clone(),
            persistent_volume_claim: Some(PvcVolumeSource {
                claim_name: claim.clone(),
                read_only: Some(false),
            }),
            other_sources: Default::default(),
        })
        .collect();
    for volume in &pod.spec.volumes {
        if !claims.iter().any(|(t, _)| *t == volume.name) {
            volumes.push(volume.clone());
        }
    }
    pod.spec.volumes = volumes;
}

pub fn storage_matches(set: &StatefulSet, pod: &Pod, ordinal: i32) -> bool {
    set.spec.volume_claim_templates.iter().all(|t| {
        let template = &t.metadata.name;
        pod.spec.volumes.iter().any(|v| {
            v.name == *template
                && v.persistent_volume_claim.as_ref().is_some_and(|c| {
                    // `<template>-<set>-<ordinal>`, compared piece by piece.
                    c.claim_name
                        .strip_prefix(template.as_str())
                        .and_then(|r| r.strip_prefix('-'))
                        .and_then(parent_and_ordinal)
                        == Some((set.metadata.name.as_str(), ordinal))
                })
        })
    })
}

/// The pod's revision label, as stored (equal to a revision's name by pointer when the
/// controller set it).
pub fn pod_revision_label(pod: &Pod) -> Option<&crate::api::Name> {
    pod.metadata.labels.get(REVISION_LABEL)
}

pub fn pod_revision(pod: &Pod) -> &str {
    pod.metadata
        .labels
        .get(REVISION_LABEL)
        .map_or("", crate::api::Name::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_parse_from_the_name_suffix() {
        assert_eq!(parent_and_ordinal("web-0"), Some(("web", 0)));
        assert_eq!(parent_and_ordinal("my-web-12"), Some(("my-web", 12)));
        assert_eq!(parent_and_ordinal("web"), None);
        assert_eq!(parent_and_ordinal("web-"), None);
        assert_eq!(parent_and_ordinal("web-x1"), None);
    }
}
