//! A subset of core `ValidatePodSpec`: the checks a learner is likely to trip over (container
//! and volume names, missing images, ports, dangling volume mounts). Used for bare Pods and,
//! from 1.34, for StatefulSet templates on create (PR #131790, §2.3).

use super::field::{FieldError, RenderedValue};
use super::names::{dns1123_label_errors, validate_label_name, validate_label_selector};
use crate::api::{Container, LabelSelector, PodSpec};
use std::collections::BTreeSet;

/// Validates `spec` under `path` (`spec` for a Pod, `spec.template.spec` for a template).
/// `extra_volumes` are names that volume mounts may refer to without a pod volume: the claim
/// templates of a StatefulSet, which the controller turns into volumes of each pod.
///
/// Order follows upstream: volumes, containers, init containers, then policies.
pub fn validate_pod_spec(spec: &PodSpec, path: &str, extra_volumes: &[String]) -> Vec<FieldError> {
    let mut errs = Vec::new();

    // Only volumes without errors count as mountable, as upstream.
    let mut volumes: BTreeSet<String> = extra_volumes.iter().cloned().collect();
    let mut seen_volumes = BTreeSet::new();
    for (i, v) in spec.volumes.iter().enumerate() {
        let name_path = format!("{path}.volumes[{i}].name");
        let mut el = name_errors(&v.name, &name_path);
        if !seen_volumes.insert(v.name.clone()) {
            el.push(FieldError::duplicate(
                &name_path,
                RenderedValue::Str(v.name.clone()),
            ));
        }
        if el.is_empty() {
            volumes.insert(v.name.clone());
        }
        errs.extend(el);
    }

    if spec.containers.is_empty() {
        errs.push(FieldError::required(format!("{path}.containers"), ""));
    }
    // Regular containers first; init containers then collide with any name seen so far.
    let mut names = BTreeSet::new();
    for (i, c) in spec.containers.iter().enumerate() {
        let c_path = format!("{path}.containers[{i}]");
        errs.extend(validate_container(c, &c_path, &volumes));
        if !names.insert(c.name.clone()) {
            errs.push(FieldError::duplicate(
                format!("{c_path}.name"),
                RenderedValue::Str(c.name.clone()),
            ));
        }
    }
    for (i, c) in spec.init_containers.iter().enumerate() {
        let c_path = format!("{path}.initContainers[{i}]");
        errs.extend(validate_container(c, &c_path, &volumes));
        if names.contains(&c.name) {
            errs.push(FieldError::duplicate(
                format!("{c_path}.name"),
                RenderedValue::Str(c.name.clone()),
            ));
        } else if !c.name.is_empty() {
            names.insert(c.name.clone());
        }
    }

    if let Some(policy) = spec.restart_policy.as_deref() {
        if !matches!(policy, "Always" | "OnFailure" | "Never") {
            errs.push(FieldError::not_supported(
                format!("{path}.restartPolicy"),
                RenderedValue::Str(policy.to_string()),
                &["Always", "OnFailure", "Never"],
            ));
        }
    }
    if let Some(dns) = spec.dns_policy.as_deref() {
        if !matches!(
            dns,
            "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None"
        ) {
            errs.push(FieldError::not_supported(
                format!("{path}.dnsPolicy"),
                RenderedValue::Str(dns.to_string()),
                &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
            ));
        }
    }
    if let Some(affinity) = &spec.affinity {
        errs.extend(validate_pod_affinities(
            affinity,
            &format!("{path}.affinity"),
        ));
    }
    errs
}

/// `validatePodAffinity` and `validatePodAntiAffinity` (node affinity is not checked here):
/// each required term, and each preferred term's weight and term. The affinity is kept as
/// JSON; its shape was checked when it was decoded.
fn validate_pod_affinities(affinity: &serde_json::Value, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for kind in ["podAffinity", "podAntiAffinity"] {
        let at = format!("{path}.{kind}");
        let required = &affinity[kind]["requiredDuringSchedulingIgnoredDuringExecution"];
        for (i, term) in required.as_array().into_iter().flatten().enumerate() {
            let term_path = format!("{at}.requiredDuringSchedulingIgnoredDuringExecution[{i}]");
            errs.extend(validate_pod_affinity_term(term, &term_path));
        }
        let preferred = &affinity[kind]["preferredDuringSchedulingIgnoredDuringExecution"];
        for (i, weighted) in preferred.as_array().into_iter().flatten().enumerate() {
            let w_path = format!("{at}.preferredDuringSchedulingIgnoredDuringExecution[{i}]");
            let weight = weighted["weight"].as_i64().unwrap_or(0);
            if !(1..=100).contains(&weight) {
                errs.push(FieldError::invalid(
                    format!("{w_path}.weight"),
                    RenderedValue::Int(weight),
                    "must be in the range 1-100",
                ));
            }
            errs.extend(validate_pod_affinity_term(
                &weighted["podAffinityTerm"],
                &format!("{w_path}.podAffinityTerm"),
            ));
        }
    }
    errs
}

/// `validatePodAffinityTerm`: its selectors, namespaces, and a topology key that is present
/// and a valid label name.
fn validate_pod_affinity_term(term: &serde_json::Value, path: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for field in ["labelSelector", "namespaceSelector"] {
        if term[field].is_object() {
            if let Ok(selector) = crate::api::decode::from_value::<LabelSelector>(&term[field]) {
                errs.extend(validate_label_selector(
                    &selector,
                    &format!("{path}.{field}"),
                ));
            }
        }
    }
    for namespace in term["namespaces"].as_array().into_iter().flatten() {
        let name = namespace.as_str().unwrap_or_default();
        for msg in dns1123_label_errors(name) {
            // Upstream names the field `namespace`, singular.
            errs.push(FieldError::invalid(
                format!("{path}.namespace"),
                RenderedValue::Str(name.to_string()),
                msg,
            ));
        }
    }
    let key = term["topologyKey"].as_str().unwrap_or_default();
    if key.is_empty() {
        errs.push(FieldError::required(
            format!("{path}.topologyKey"),
            "can not be empty",
        ));
    }
    errs.extend(validate_label_name(key, &format!("{path}.topologyKey")));
    errs
}

fn name_errors(name: &str, path: &str) -> Vec<FieldError> {
    if name.is_empty() {
        return vec![FieldError::required(path, "")];
    }
    dns1123_label_errors(name)
        .into_iter()
        .map(|msg| FieldError::invalid(path, RenderedValue::Str(name.to_string()), msg))
        .collect()
}

/// `validateContainerCommon`, reduced: name, image, ports, volume mounts.
fn validate_container(c: &Container, path: &str, volumes: &BTreeSet<String>) -> Vec<FieldError> {
    let mut errs = name_errors(&c.name, &format!("{path}.name"));
    if c.image.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(format!("{path}.image"), ""));
    }
    for (i, port) in c.ports.iter().flatten().enumerate() {
        let p_path = format!("{path}.ports[{i}]");
        if port.container_port == 0 {
            errs.push(FieldError::required(format!("{p_path}.containerPort"), ""));
        } else if !(1..=65535).contains(&port.container_port) {
            errs.push(FieldError::invalid(
                format!("{p_path}.containerPort"),
                RenderedValue::Int(i64::from(port.container_port)),
                "must be between 1 and 65535, inclusive",
            ));
        }
        match port.protocol.as_deref() {
            None => errs.push(FieldError::required(format!("{p_path}.protocol"), "")),
            Some("TCP" | "UDP" | "SCTP") => {}
            Some(other) => errs.push(FieldError::not_supported(
                format!("{p_path}.protocol"),
                RenderedValue::Str(other.to_string()),
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
    let mut mount_paths = BTreeSet::new();
    for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
        let m_path = format!("{path}.volumeMounts[{i}]");
        if m.name.is_empty() {
            errs.push(FieldError::required(format!("{m_path}.name"), ""));
        }
        if !volumes.contains(&m.name) {
            errs.push(FieldError::not_found(
                format!("{m_path}.name"),
                RenderedValue::Str(m.name.clone()),
            ));
        }
        if m.mount_path.is_empty() {
            errs.push(FieldError::required(format!("{m_path}.mountPath"), ""));
        }
        if !mount_paths.insert(m.mount_path.clone()) {
            errs.push(FieldError::invalid(
                format!("{m_path}.mountPath"),
                RenderedValue::Str(m.mount_path.clone()),
                "must be unique",
            ));
        }
    }
    errs
}
