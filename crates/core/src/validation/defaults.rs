//! API-server defaulting (`pkg/apis/apps/v1/defaults.go`, `pkg/apis/core/v1/defaults.go`):
//! what a created StatefulSet, Pod or PVC looks like in `-o yaml` before anything acts on it
//! (§1.1, §1.3, §1.4).

use crate::api::{
    Container, HttpGetAction, PersistentVolumeClaim, Pod, PodSpec, Probe,
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetUpdateStrategy, Volume,
};
use crate::versions::Gates;
use serde_json::{json, Value};

/// `SetDefaults_StatefulSet` plus the defaults of the embedded template and claim templates.
pub fn default_statefulset(sts: &mut StatefulSet, gates: &Gates) {
    let spec = &mut sts.spec;
    if spec
        .pod_management_policy
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        spec.pod_management_policy = Some("OrderedReady".to_string());
    }

    // The quirk of §1.1: only an *omitted* type creates the rollingUpdate block. An explicit
    // `type: RollingUpdate` without the block leaves it nil, and OnDelete gets nothing.
    let strategy = spec
        .update_strategy
        .get_or_insert_with(StatefulSetUpdateStrategy::default);
    if strategy.type_.as_deref().unwrap_or("").is_empty() {
        strategy.type_ = Some("RollingUpdate".to_string());
        strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateStatefulSetStrategy::default);
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        if let Some(ru) = strategy.rolling_update.as_mut() {
            ru.partition.get_or_insert(0);
            if gates.max_unavailable_statefulset {
                ru.max_unavailable.get_or_insert(json!(1));
            }
        }
    }

    // StatefulSetAutoDeletePVC is on in every release in scope, so the policy is always filled.
    let retention = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(Default::default);
    for policy in [&mut retention.when_deleted, &mut retention.when_scaled] {
        if policy.as_deref().unwrap_or("").is_empty() {
            *policy = Some("Retain".to_string());
        }
    }

    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);

    default_pod_spec(&mut spec.template.spec);
    for claim in &mut spec.volume_claim_templates {
        // Served back with their type, as `kubectl get sts -o yaml` shows (spec §1.1).
        if claim.api_version.is_empty() {
            claim.api_version = "v1".into();
        }
        if claim.kind.is_empty() {
            claim.kind = "PersistentVolumeClaim".into();
        }
        default_pvc(claim);
    }
}

/// `SetDefaults_PodSpec` and everything nested in it (containers, probes, volumes). Shared by
/// StatefulSet templates and bare Pods.
pub fn default_pod_spec(spec: &mut PodSpec) {
    fill(&mut spec.dns_policy, "ClusterFirst");
    fill(&mut spec.restart_policy, "Always");
    spec.security_context.get_or_insert_with(|| json!({}));
    spec.termination_grace_period_seconds.get_or_insert(30);
    fill(&mut spec.scheduler_name, "default-scheduler");
    let host_network = spec.host_network == Some(true);
    for c in spec
        .init_containers
        .iter_mut()
        .chain(spec.containers.iter_mut())
    {
        default_container(c, host_network);
    }
    for v in &mut spec.volumes {
        default_volume(v);
    }
}

/// Pod-level defaults on top of [`default_pod_spec`] (§1.4, `SetDefaults_Pod`): service links
/// on, and requests copied from limits where only limits are given. Admission-plugin additions
/// (service account, default tolerations) are not defaulting and are left to the API layer.
pub fn default_pod(pod: &mut Pod) {
    default_pod_spec(&mut pod.spec);
    let spec = &mut *pod.spec;
    spec.enable_service_links.get_or_insert(true);
    for c in spec
        .init_containers
        .iter_mut()
        .chain(spec.containers.iter_mut())
    {
        copy_limits_to_requests(c);
    }
}

/// `SetDefaults_PersistentVolumeClaim` and its spec: filesystem volumes, phase Pending.
pub fn default_pvc(pvc: &mut PersistentVolumeClaim) {
    fill(&mut pvc.spec.volume_mode, "Filesystem");
    if pvc.status.phase.is_empty() {
        pvc.status.phase = "Pending".into();
    }
}

/// `SetDefaults_Container` plus its ports and probes.
fn default_container(c: &mut Container, host_network: bool) {
    if c.image_pull_policy.as_deref().unwrap_or("").is_empty() {
        let policy = if image_tag(c.image.as_deref().unwrap_or("")).as_deref() == Some("latest") {
            "Always"
        } else {
            "IfNotPresent"
        };
        c.image_pull_policy = Some(policy.to_string());
    }
    fill(&mut c.termination_message_path, "/dev/termination-log");
    fill(&mut c.termination_message_policy, "File");
    for port in c.ports.iter_mut().flatten() {
        fill(&mut port.protocol, "TCP");
        // With hostNetwork the pod shares the node's ports, so hostPort mirrors containerPort.
        if host_network && port.host_port.unwrap_or(0) == 0 {
            port.host_port = Some(port.container_port);
        }
    }
    for probe in [
        &mut c.liveness_probe,
        &mut c.readiness_probe,
        &mut c.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        default_probe(probe);
    }
}

/// `SetDefaults_Probe` and `SetDefaults_HTTPGetAction`.
fn default_probe(p: &mut Probe) {
    positive_or(&mut p.timeout_seconds, 1);
    positive_or(&mut p.period_seconds, 10);
    positive_or(&mut p.success_threshold, 1);
    positive_or(&mut p.failure_threshold, 3);
    if let Some(HttpGetAction { path, scheme, .. }) = p.http_get.as_mut() {
        fill(path, "/");
        fill(scheme, "HTTP");
    }
}

/// Volumes without a source become `emptyDir: {}`; secret and configMap sources get the
/// `defaultMode: 420` (0644) that upstream fills in.
fn default_volume(v: &mut Volume) {
    if v.persistent_volume_claim.is_none() && v.other_sources.is_empty() {
        v.other_sources.insert("emptyDir".to_string(), json!({}));
    }
    for source in ["secret", "configMap"] {
        // Look before writing: a write copies a source shared with other versions.
        let lacks_mode = |v: &Volume| matches!(v.other_sources.get(source), Some(Value::Object(obj)) if !obj.contains_key("defaultMode"));
        if lacks_mode(v) {
            if let Some(Value::Object(obj)) = v.other_sources.get_mut(source) {
                obj.insert("defaultMode".into(), json!(420));
            }
        }
    }
}

/// Limits without a matching request are copied into requests (pods only).
fn copy_limits_to_requests(c: &mut Container) {
    let Some(Value::Object(res)) = c.resources.as_mut() else {
        return;
    };
    let Some(Value::Object(limits)) = res.get("limits").cloned() else {
        return;
    };
    let requests = res.entry("requests").or_insert_with(|| json!({}));
    if let Value::Object(req) = requests {
        for (k, v) in limits {
            req.entry(k).or_insert(v);
        }
    }
}

/// Sets an unset or empty text field to `default` (a `Text` field keeps the literal itself).
fn fill<T: From<&'static str> + std::ops::Deref<Target = str>>(
    field: &mut Option<T>,
    default: &'static str,
) {
    if field.as_deref().unwrap_or("").is_empty() {
        *field = Some(T::from(default));
    }
}

/// Probe timings are defaulted when zero (unset), like upstream's `== 0` checks.
fn positive_or(field: &mut Option<i32>, default: i32) {
    if field.unwrap_or(0) == 0 {
        *field = Some(default);
    }
}

/// The tag `parsers.ParseImageName` finds: an explicit tag, `latest` when there is neither a
/// tag nor a digest, `""` for a digest-only reference, and `None` when the reference does not
/// parse (upstream then ignores the error, which ends in `IfNotPresent`).
///
/// A `:` only introduces a tag after the last `/`, so `registry:5000/nginx` is a registry with
/// a port and an untagged (hence `latest`) image.
pub fn image_tag(image: &str) -> Option<String> {
    let (name_and_tag, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        let (algo, hex) = d.split_once(':')?;
        if algo.is_empty() || hex.is_empty() {
            return None;
        }
    }
    let last_slash = name_and_tag.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match name_and_tag[last_slash..].rfind(':') {
        Some(i) => (
            &name_and_tag[..last_slash + i],
            Some(&name_and_tag[last_slash + i + 1..]),
        ),
        None => (name_and_tag, None),
    };
    if !valid_repository(name) {
        return None;
    }
    match tag {
        Some(t) if valid_tag(t) => Some(t.to_string()),
        Some(_) => None,
        None if digest.is_some() => Some(String::new()),
        None => Some("latest".to_string()),
    }
}

/// A repository is `[domain/]path`, where the first component is a domain when it has a `.`
/// or `:`, is `localhost`, or has upper-case letters (docker's `splitDockerDomain`). Path
/// components must be lower-case alphanumerics joined by `.`, `_`, `__` or dashes.
fn valid_repository(name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let mut components: Vec<&str> = name.split('/').collect();
    if components.len() > 1 {
        let first = components[0];
        let is_domain = first.contains(['.', ':'])
            || first == "localhost"
            || first.chars().any(|c| c.is_ascii_uppercase());
        if is_domain {
            let (host, port) = match first.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (first, None),
            };
            let host_ok = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
            let port_ok =
                port.is_none_or(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
            if !host_ok || !port_ok {
                return false;
            }
            components.remove(0);
        }
    }
    components.iter().all(|c| valid_path_component(c))
}

fn valid_path_component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    // Separators between alphanumeric runs: one '.', one or two '_', or any number of '-'.
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `[\w][\w.-]{0,127}`
fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    let word = |x: u8| x.is_ascii_alphanumeric() || x == b'_';
    !b.is_empty()
        && b.len() <= 128
        && word(b[0])
        && b.iter().all(|&x| word(x) || x == b'.' || x == b'-')
}
