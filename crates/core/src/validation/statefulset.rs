//! Server-side StatefulSet validation (`pkg/apis/apps/validation/validation.go`): the create
//! rules of §2.2 in upstream order, and the update (immutability) rules of §2.4.
//!
//! Both functions expect objects that have already been through
//! [`default_statefulset`](super::defaults::default_statefulset), as the API server defaults
//! before it validates. The namespace is assigned by the API layer from the request, so an empty
//! namespace is not reported here.

use super::field::{FieldError, RenderedValue};
use super::names::{
    dns1123_label_errors, dns1123_subdomain_errors, qualified_name_errors, selector_converts,
    validate_label_selector, validate_labels,
};
use super::podspec::validate_pod_spec;
use crate::api::{ObjectMeta, RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetSpec};
use crate::versions::ServerVersion;
use serde_json::Value;

/// `ValidateStatefulSet`: object metadata, then the spec. From 1.34 the template's PodSpec is
/// validated too (create only).
pub fn validate_statefulset_create(sts: &StatefulSet, version: ServerVersion) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&sts.metadata, version);
    errs.extend(validate_statefulset_spec(
        &sts.spec,
        version,
        version.validates_pod_template_on_create(),
    ));
    errs
}

/// `ValidateStatefulSetUpdate`: metadata update rules, the spec rules again (without the name
/// check and without the create-only PodSpec validation), then one `spec: Forbidden` error if
/// anything but the mutable fields changed.
pub fn validate_statefulset_update(
    old: &StatefulSet,
    new: &StatefulSet,
    version: ServerVersion,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (field, old_v, new_v) in [
        ("name", &old.metadata.name, &new.metadata.name),
        (
            "namespace",
            &old.metadata.namespace,
            &new.metadata.namespace,
        ),
    ] {
        if old_v != new_v {
            errs.push(FieldError::invalid(
                format!("metadata.{field}"),
                RenderedValue::Str(new_v.to_string()),
                "field is immutable",
            ));
        }
    }
    errs.extend(validate_labels(&new.metadata.labels, "metadata.labels"));
    errs.extend(validate_annotations(
        &new.metadata.annotations,
        "metadata.annotations",
    ));
    errs.extend(validate_statefulset_spec(&new.spec, version, false));

    if !spec_equal_except_mutable(&old.spec, &new.spec, version) {
        errs.push(FieldError::forbidden(
            "spec",
            immutable_spec_message(version),
        ));
    }
    errs
}

/// The detail of the single immutability error. 1.31/1.32 list six fields; later releases add
/// `'revisionHistoryLimit'` (§2.4, S48; we switch at 1.33, see [`ServerVersion`]).
pub fn immutable_spec_message(version: ServerVersion) -> String {
    let history = if version.revision_history_limit_mutable() {
        "'revisionHistoryLimit', "
    } else {
        ""
    };
    format!(
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', \
         'updateStrategy', {history}'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    )
}

/// Copies the mutable fields of `old` into a clone of `new` and compares, as upstream does.
fn spec_equal_except_mutable(
    old: &StatefulSetSpec,
    new: &StatefulSetSpec,
    version: ServerVersion,
) -> bool {
    let mut clone = new.clone();
    clone.replicas = old.replicas;
    clone.template = old.template.clone();
    clone.update_strategy = old.update_strategy.clone();
    clone.min_ready_seconds = old.min_ready_seconds;
    clone.ordinals = old.ordinals.clone();
    clone.persistent_volume_claim_retention_policy =
        old.persistent_volume_claim_retention_policy.clone();
    if version.revision_history_limit_mutable() {
        clone.revision_history_limit = old.revision_history_limit;
    }
    clone == *old
}

/// `ValidateObjectMeta` for a namespaced object named by `ValidateStatefulSetName`.
fn validate_object_meta(meta: &ObjectMeta, version: ServerVersion) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if meta.name.is_empty() {
        if meta.generate_name.is_empty() {
            errs.push(FieldError::required(
                "metadata.name",
                "name or generateName is required",
            ));
        }
    } else {
        let msgs = if version.statefulset_name_is_label() {
            dns1123_label_errors(&meta.name)
        } else {
            dns1123_subdomain_errors(&meta.name)
        };
        for msg in msgs {
            errs.push(FieldError::invalid(
                "metadata.name",
                RenderedValue::Str(meta.name.to_string()),
                msg,
            ));
        }
    }
    if !meta.namespace.is_empty() {
        for msg in dns1123_label_errors(&meta.namespace) {
            errs.push(FieldError::invalid(
                "metadata.namespace",
                RenderedValue::Str(meta.namespace.to_string()),
                msg,
            ));
        }
    }
    errs.extend(validate_labels(&meta.labels, "metadata.labels"));
    errs.extend(validate_annotations(
        &meta.annotations,
        "metadata.annotations",
    ));
    errs
}

/// `ValidateAnnotations`, keys only: each key must be a qualified name (checked lower-cased).
/// The 256 KiB total-size limit is out of reach of hand-written manifests and is not modelled.
fn validate_annotations(annotations: &crate::api::Labels, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for k in annotations.keys() {
        for msg in qualified_name_errors(&k.to_ascii_lowercase()) {
            errs.push(FieldError::invalid(
                path,
                RenderedValue::Str(k.to_string()),
                msg,
            ));
        }
    }
    errs
}

/// `ValidateStatefulSetSpec`, in upstream order: podManagementPolicy, updateStrategy,
/// retention policy, replicas, minReadySeconds, ordinals, (revisionHistoryLimit), selector,
/// template, restartPolicy, activeDeadlineSeconds. This is why S47 lists `spec.replicas`
/// before `spec.template.spec.restartPolicy`.
///
/// Where PR #129017 put the `revisionHistoryLimit` check could not be confirmed; it sits with
/// the other non-negative scalar checks, right after `ordinals.start`.
fn validate_statefulset_spec(
    spec: &StatefulSetSpec,
    version: ServerVersion,
    validate_pod_template: bool,
) -> Vec<FieldError> {
    let mut errs = Vec::new();

    match spec.pod_management_policy.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required("spec.podManagementPolicy", "")),
        "OrderedReady" | "Parallel" => {}
        other => errs.push(FieldError::invalid(
            "spec.podManagementPolicy",
            RenderedValue::Str(other.to_string()),
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }

    let strategy = spec.update_strategy.clone().unwrap_or_default();
    match strategy.type_.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required("spec.updateStrategy", "")),
        "OnDelete" => {
            if let Some(ru) = &strategy.rolling_update {
                errs.push(FieldError::invalid(
                    "spec.updateStrategy.rollingUpdate",
                    RenderedValue::rolling_update(ru),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = &strategy.rolling_update {
                errs.extend(validate_rolling_update(ru));
            }
        }
        _ => errs.push(FieldError::invalid(
            "spec.updateStrategy",
            RenderedValue::update_strategy(&strategy),
            "must be 'RollingUpdate' or 'OnDelete'",
        )),
    }

    if let Some(policy) = &spec.persistent_volume_claim_retention_policy {
        for (field, value) in [
            ("whenDeleted", &policy.when_deleted),
            ("whenScaled", &policy.when_scaled),
        ] {
            let value = value.as_deref().unwrap_or("");
            if !matches!(value, "Retain" | "Delete") {
                errs.push(FieldError::not_supported(
                    format!("spec.persistentVolumeClaimRetentionPolicy.{field}"),
                    RenderedValue::Str(value.to_string()),
                    &["Retain", "Delete"],
                ));
            }
        }
    }

    errs.extend(non_negative(
        spec.replicas.unwrap_or(1).into(),
        "spec.replicas",
    ));
    errs.extend(non_negative(
        spec.min_ready_seconds.unwrap_or(0).into(),
        "spec.minReadySeconds",
    ));
    if let Some(ordinals) = &spec.ordinals {
        errs.extend(non_negative(ordinals.start.into(), "spec.ordinals.start"));
    }
    if version.validates_revision_history_limit() {
        if let Some(limit) = spec.revision_history_limit {
            errs.extend(non_negative(limit.into(), "spec.revisionHistoryLimit"));
        }
    }

    match &spec.selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(sel) => {
            errs.extend(validate_label_selector(sel, "spec.selector"));
            if sel.is_empty() {
                errs.push(FieldError::invalid(
                    "spec.selector",
                    RenderedValue::label_selector(sel),
                    "empty selector is invalid for statefulset",
                ));
            }
        }
    }

    // `LabelSelectorAsSelector`: a nil selector converts to "nothing" (matches no labels), an
    // empty one to "everything" (not checked against the template), a broken one fails.
    match &spec.selector {
        Some(sel) if !selector_converts(sel) => errs.push(FieldError::invalid(
            "spec.selector",
            RenderedValue::label_selector(sel),
            "",
        )),
        sel => errs.extend(validate_template(spec, sel.as_ref(), validate_pod_template)),
    }

    let restart = spec.template.spec.restart_policy.as_deref().unwrap_or("");
    if restart != "Always" {
        errs.push(FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            RenderedValue::Str(restart.to_string()),
            &["Always"],
        ));
    }
    if spec.template.spec.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in StatefulSet is not Supported",
        ));
    }
    errs
}

/// `ValidatePodTemplateSpecForStatefulSet`. The PodSpec check (1.34+, create) sits where
/// PR #131790 put it: after the selector match, before the label checks. Mounts of claim
/// templates are allowed because the controller adds those volumes to every pod.
fn validate_template(
    spec: &StatefulSetSpec,
    selector: Option<&crate::api::LabelSelector>,
    validate_pod_template: bool,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let labels = &spec.template.metadata.labels;
    let matches = match selector {
        None => Some(false),
        Some(sel) if sel.is_empty() => None,
        Some(sel) => Some(sel.matches(labels)),
    };
    if matches == Some(false) {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            RenderedValue::labels(labels),
            "`selector` does not match template `labels`",
        ));
    }
    if validate_pod_template {
        let claims: Vec<String> = spec
            .volume_claim_templates
            .iter()
            .map(|c| c.metadata.name.to_string())
            .collect();
        errs.extend(validate_pod_spec(
            &spec.template.spec,
            "spec.template.spec",
            &claims,
        ));
    }
    // Upstream passes `fldPath.Child("labels")` here, hence `template.labels` without
    // `metadata` (§2.2).
    errs.extend(validate_labels(labels, "spec.template.labels"));
    errs.extend(validate_annotations(
        &spec.template.metadata.annotations,
        "spec.template.annotations",
    ));
    errs
}

/// `validateRollingUpdateStatefulSet`: partition, then maxUnavailable as an int ≥ 0 or a
/// percent, never 0, never over 100%.
fn validate_rolling_update(ru: &RollingUpdateStatefulSetStrategy) -> Vec<FieldError> {
    let mut errs = non_negative(
        ru.partition.unwrap_or(0).into(),
        "spec.updateStrategy.rollingUpdate.partition",
    );
    let Some(max) = &ru.max_unavailable else {
        return errs;
    };
    let path = "spec.updateStrategy.rollingUpdate.maxUnavailable";
    let rendered = RenderedValue::int_or_string(max);
    match max {
        Value::String(s) => {
            if percent_value(s).is_none() {
                errs.push(FieldError::invalid(
                    path,
                    rendered.clone(),
                    "a valid percent string must be a numeric string followed by an ending '%' \
                     (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                ));
            }
        }
        other => {
            if other.as_i64().unwrap_or(0) < 0 {
                errs.push(FieldError::invalid(
                    path,
                    rendered.clone(),
                    "must be greater than or equal to 0",
                ));
            }
        }
    }
    // `getIntOrPercentValue`: a percent's number, else the int (a non-numeric string is 0).
    let value = match max {
        Value::String(s) => percent_value(s).unwrap_or_else(|| s.parse().unwrap_or(0)),
        other => other.as_i64().unwrap_or(0),
    };
    if value == 0 {
        errs.push(FieldError::invalid(path, rendered.clone(), "cannot be 0"));
    }
    if let Value::String(s) = max {
        if percent_value(s).is_some_and(|p| p > 100) {
            errs.push(FieldError::invalid(
                path,
                rendered,
                "must not be greater than 100%",
            ));
        }
    }
    errs
}

/// The number of a `[0-9]+%` string.
fn percent_value(s: &str) -> Option<i64> {
    let digits = s.strip_suffix('%')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(i64::MAX))
}

/// `ValidateNonnegativeField`.
fn non_negative(value: i64, path: &str) -> Vec<FieldError> {
    if value < 0 {
        vec![FieldError::invalid(
            path,
            RenderedValue::Int(value),
            "must be greater than or equal to 0",
        )]
    } else {
        Vec::new()
    }
}
