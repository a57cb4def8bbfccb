//! Field names for the parts of the API that the typed structs keep as free JSON (security
//! contexts, affinity, volume sources, lifecycle hooks, the stored-only kinds, …), so that
//! strict decoding reports an unknown field there too, with its full path, as the API server
//! does (`unknown field "spec.template.spec.affinity.podAntiAffinityy"`).
//!
//! The names follow the Kubernetes 1.34 API types (`k8s.io/api/core/v1`, `policy/v1`).
//! Fields the typed structs already check are skipped here (`Partial`), and rare, deep or
//! version-dependent corners are accepted as they come (`ANY`).

use serde_json::Value;

/// What is allowed at one place of a document.
pub enum Schema {
    /// Anything: a scalar, an int-or-string, or a corner not described here.
    Any,
    /// Free-form keys (labels, resource quantities).
    Map,
    /// Exactly these fields.
    Obj(&'static [(&'static str, &'static Schema)]),
    /// Fields checked elsewhere; only these are looked into.
    Partial(&'static [(&'static str, &'static Schema)]),
    List(&'static Schema),
}

use Schema::*;

static ANY: Schema = Any;
static MAP: Schema = Map;
static NAME_REF: Schema = Obj(&[("name", &ANY)]);
static NAME_REFS: Schema = List(&NAME_REF);
static STRINGS: Schema = Any;

static REQUIREMENT: Schema = Obj(&[("key", &ANY), ("operator", &ANY), ("values", &STRINGS)]);
static REQUIREMENTS: Schema = List(&REQUIREMENT);
static LABEL_SELECTOR: Schema = Obj(&[("matchLabels", &MAP), ("matchExpressions", &REQUIREMENTS)]);

static NODE_SELECTOR_TERM: Schema = Obj(&[
    ("matchExpressions", &REQUIREMENTS),
    ("matchFields", &REQUIREMENTS),
]);
static NODE_SELECTOR: Schema = Obj(&[("nodeSelectorTerms", &List(&NODE_SELECTOR_TERM))]);
static PREFERRED_NODE: Schema = Obj(&[("weight", &ANY), ("preference", &NODE_SELECTOR_TERM)]);
static NODE_AFFINITY: Schema = Obj(&[
    (
        "requiredDuringSchedulingIgnoredDuringExecution",
        &NODE_SELECTOR,
    ),
    (
        "preferredDuringSchedulingIgnoredDuringExecution",
        &List(&PREFERRED_NODE),
    ),
]);
static POD_AFFINITY_TERM: Schema = Obj(&[
    ("labelSelector", &LABEL_SELECTOR),
    ("namespaces", &STRINGS),
    ("topologyKey", &ANY),
    ("namespaceSelector", &LABEL_SELECTOR),
    ("matchLabelKeys", &STRINGS),
    ("mismatchLabelKeys", &STRINGS),
]);
static WEIGHTED_POD_AFFINITY_TERM: Schema =
    Obj(&[("weight", &ANY), ("podAffinityTerm", &POD_AFFINITY_TERM)]);
static POD_AFFINITY: Schema = Obj(&[
    (
        "requiredDuringSchedulingIgnoredDuringExecution",
        &List(&POD_AFFINITY_TERM),
    ),
    (
        "preferredDuringSchedulingIgnoredDuringExecution",
        &List(&WEIGHTED_POD_AFFINITY_TERM),
    ),
]);
static AFFINITY: Schema = Obj(&[
    ("nodeAffinity", &NODE_AFFINITY),
    ("podAffinity", &POD_AFFINITY),
    ("podAntiAffinity", &POD_AFFINITY),
]);

static SE_LINUX: Schema = Obj(&[
    ("user", &ANY),
    ("role", &ANY),
    ("type", &ANY),
    ("level", &ANY),
]);
static WINDOWS: Schema = Obj(&[
    ("gmsaCredentialSpecName", &ANY),
    ("gmsaCredentialSpec", &ANY),
    ("runAsUserName", &ANY),
    ("hostProcess", &ANY),
]);
static PROFILE: Schema = Obj(&[("type", &ANY), ("localhostProfile", &ANY)]);
static SYSCTL: Schema = Obj(&[("name", &ANY), ("value", &ANY)]);
static POD_SECURITY: Schema = Obj(&[
    ("seLinuxOptions", &SE_LINUX),
    ("windowsOptions", &WINDOWS),
    ("runAsUser", &ANY),
    ("runAsGroup", &ANY),
    ("runAsNonRoot", &ANY),
    ("supplementalGroups", &ANY),
    ("supplementalGroupsPolicy", &ANY),
    ("fsGroup", &ANY),
    ("sysctls", &List(&SYSCTL)),
    ("fsGroupChangePolicy", &ANY),
    ("seccompProfile", &PROFILE),
    ("appArmorProfile", &PROFILE),
    ("seLinuxChangePolicy", &ANY),
]);
static CAPABILITIES: Schema = Obj(&[("add", &STRINGS), ("drop", &STRINGS)]);
static CONTAINER_SECURITY: Schema = Obj(&[
    ("capabilities", &CAPABILITIES),
    ("privileged", &ANY),
    ("seLinuxOptions", &SE_LINUX),
    ("windowsOptions", &WINDOWS),
    ("runAsUser", &ANY),
    ("runAsGroup", &ANY),
    ("runAsNonRoot", &ANY),
    ("readOnlyRootFilesystem", &ANY),
    ("allowPrivilegeEscalation", &ANY),
    ("procMount", &ANY),
    ("seccompProfile", &PROFILE),
    ("appArmorProfile", &PROFILE),
]);

static CLAIM: Schema = Obj(&[("name", &ANY), ("request", &ANY)]);
static RESOURCES: Schema = Obj(&[
    ("limits", &MAP),
    ("requests", &MAP),
    ("claims", &List(&CLAIM)),
]);

static OPTIONAL_REF: Schema = Obj(&[("name", &ANY), ("optional", &ANY)]);
static ENV_FROM: Schema = Obj(&[
    ("prefix", &ANY),
    ("configMapRef", &OPTIONAL_REF),
    ("secretRef", &OPTIONAL_REF),
]);
static KEY_REF: Schema = Obj(&[("name", &ANY), ("key", &ANY), ("optional", &ANY)]);
static FIELD_REF: Schema = Obj(&[("apiVersion", &ANY), ("fieldPath", &ANY)]);
static RESOURCE_FIELD_REF: Schema = Obj(&[
    ("containerName", &ANY),
    ("resource", &ANY),
    ("divisor", &ANY),
]);
static VALUE_FROM: Schema = Obj(&[
    ("fieldRef", &FIELD_REF),
    ("resourceFieldRef", &RESOURCE_FIELD_REF),
    ("configMapKeyRef", &KEY_REF),
    ("secretKeyRef", &KEY_REF),
    ("fileKeyRef", &ANY),
]);
static ENV: Schema = Partial(&[("valueFrom", &VALUE_FROM)]);

static EXEC: Schema = Obj(&[("command", &STRINGS)]);
static TCP: Schema = Obj(&[("port", &ANY), ("host", &ANY)]);
static GRPC: Schema = Obj(&[("port", &ANY), ("service", &ANY)]);
static HEADER: Schema = Obj(&[("name", &ANY), ("value", &ANY)]);
static HTTP_GET: Schema = Partial(&[("httpHeaders", &List(&HEADER))]);
static PROBE: Schema = Partial(&[
    ("exec", &EXEC),
    ("tcpSocket", &TCP),
    ("grpc", &GRPC),
    ("httpGet", &HTTP_GET),
]);
static HTTP_GET_FULL: Schema = Obj(&[
    ("path", &ANY),
    ("port", &ANY),
    ("host", &ANY),
    ("scheme", &ANY),
    ("httpHeaders", &List(&HEADER)),
]);
static HANDLER: Schema = Obj(&[
    ("exec", &EXEC),
    ("httpGet", &HTTP_GET_FULL),
    ("tcpSocket", &TCP),
    ("sleep", &Obj(&[("seconds", &ANY)])),
]);
static LIFECYCLE: Schema = Obj(&[
    ("postStart", &HANDLER),
    ("preStop", &HANDLER),
    ("stopSignal", &ANY),
]);
static RESIZE: Schema = Obj(&[("resourceName", &ANY), ("restartPolicy", &ANY)]);
static DEVICE: Schema = Obj(&[("name", &ANY), ("devicePath", &ANY)]);

static CONTAINER: Schema = Partial(&[
    ("envFrom", &List(&ENV_FROM)),
    ("env", &List(&ENV)),
    ("resources", &RESOURCES),
    ("resizePolicy", &List(&RESIZE)),
    ("volumeDevices", &List(&DEVICE)),
    ("lifecycle", &LIFECYCLE),
    ("securityContext", &CONTAINER_SECURITY),
    ("livenessProbe", &PROBE),
    ("readinessProbe", &PROBE),
    ("startupProbe", &PROBE),
]);

static KEY_PATH: Schema = Obj(&[("key", &ANY), ("path", &ANY), ("mode", &ANY)]);
static CONFIG_MAP_VOLUME: Schema = Obj(&[
    ("name", &ANY),
    ("items", &List(&KEY_PATH)),
    ("defaultMode", &ANY),
    ("optional", &ANY),
]);
static SECRET_VOLUME: Schema = Obj(&[
    ("secretName", &ANY),
    ("items", &List(&KEY_PATH)),
    ("defaultMode", &ANY),
    ("optional", &ANY),
]);
static DOWNWARD_ITEM: Schema = Obj(&[
    ("path", &ANY),
    ("fieldRef", &FIELD_REF),
    ("resourceFieldRef", &RESOURCE_FIELD_REF),
    ("mode", &ANY),
]);
static DOWNWARD: Schema = Obj(&[("items", &List(&DOWNWARD_ITEM)), ("defaultMode", &ANY)]);
static PROJECTION: Schema = Obj(&[
    (
        "configMap",
        &Obj(&[
            ("name", &ANY),
            ("items", &List(&KEY_PATH)),
            ("optional", &ANY),
        ]),
    ),
    (
        "secret",
        &Obj(&[
            ("name", &ANY),
            ("items", &List(&KEY_PATH)),
            ("optional", &ANY),
        ]),
    ),
    ("downwardAPI", &Obj(&[("items", &List(&DOWNWARD_ITEM))])),
    (
        "serviceAccountToken",
        &Obj(&[
            ("audience", &ANY),
            ("expirationSeconds", &ANY),
            ("path", &ANY),
        ]),
    ),
    ("clusterTrustBundle", &ANY),
    ("podCertificate", &ANY),
]);
static VOLUME: Schema = Obj(&[
    ("name", &ANY),
    ("persistentVolumeClaim", &ANY),
    ("configMap", &CONFIG_MAP_VOLUME),
    ("secret", &SECRET_VOLUME),
    ("emptyDir", &Obj(&[("medium", &ANY), ("sizeLimit", &ANY)])),
    ("hostPath", &Obj(&[("path", &ANY), ("type", &ANY)])),
    (
        "projected",
        &Obj(&[("sources", &List(&PROJECTION)), ("defaultMode", &ANY)]),
    ),
    ("downwardAPI", &DOWNWARD),
    (
        "nfs",
        &Obj(&[("server", &ANY), ("path", &ANY), ("readOnly", &ANY)]),
    ),
    (
        "csi",
        &Obj(&[
            ("driver", &ANY),
            ("readOnly", &ANY),
            ("fsType", &ANY),
            ("volumeAttributes", &MAP),
            ("nodePublishSecretRef", &NAME_REF),
        ]),
    ),
    ("ephemeral", &ANY),
    ("image", &Obj(&[("reference", &ANY), ("pullPolicy", &ANY)])),
    ("awsElasticBlockStore", &ANY),
    ("azureDisk", &ANY),
    ("azureFile", &ANY),
    ("cephfs", &ANY),
    ("cinder", &ANY),
    ("fc", &ANY),
    ("flexVolume", &ANY),
    ("flocker", &ANY),
    ("gcePersistentDisk", &ANY),
    ("gitRepo", &ANY),
    ("glusterfs", &ANY),
    ("iscsi", &ANY),
    ("photonPersistentDisk", &ANY),
    ("portworxVolume", &ANY),
    ("quobyte", &ANY),
    ("rbd", &ANY),
    ("scaleIO", &ANY),
    ("storageos", &ANY),
    ("vsphereVolume", &ANY),
]);

static TOPOLOGY_SPREAD: Schema = Obj(&[
    ("maxSkew", &ANY),
    ("topologyKey", &ANY),
    ("whenUnsatisfiable", &ANY),
    ("labelSelector", &LABEL_SELECTOR),
    ("minDomains", &ANY),
    ("nodeAffinityPolicy", &ANY),
    ("nodeTaintsPolicy", &ANY),
    ("matchLabelKeys", &STRINGS),
]);
static DNS_CONFIG: Schema = Obj(&[
    ("nameservers", &STRINGS),
    ("searches", &STRINGS),
    ("options", &List(&Obj(&[("name", &ANY), ("value", &ANY)]))),
]);
static POD_RESOURCE_CLAIM: Schema = Obj(&[
    ("name", &ANY),
    ("resourceClaimName", &ANY),
    ("resourceClaimTemplateName", &ANY),
]);

static POD_SPEC: Schema = Partial(&[
    ("securityContext", &POD_SECURITY),
    ("imagePullSecrets", &NAME_REFS),
    ("affinity", &AFFINITY),
    (
        "hostAliases",
        &List(&Obj(&[("ip", &ANY), ("hostnames", &STRINGS)])),
    ),
    ("dnsConfig", &DNS_CONFIG),
    ("readinessGates", &List(&Obj(&[("conditionType", &ANY)]))),
    ("overhead", &MAP),
    ("topologySpreadConstraints", &List(&TOPOLOGY_SPREAD)),
    ("os", &Obj(&[("name", &ANY)])),
    ("schedulingGates", &NAME_REFS),
    ("resourceClaims", &List(&POD_RESOURCE_CLAIM)),
    ("resources", &RESOURCES),
    ("containers", &List(&CONTAINER)),
    ("initContainers", &List(&CONTAINER)),
    ("volumes", &List(&VOLUME)),
]);
static TEMPLATE: Schema = Partial(&[("spec", &POD_SPEC)]);

static DATA_SOURCE: Schema = Obj(&[("apiGroup", &ANY), ("kind", &ANY), ("name", &ANY)]);
static DATA_SOURCE_REF: Schema = Obj(&[
    ("apiGroup", &ANY),
    ("kind", &ANY),
    ("name", &ANY),
    ("namespace", &ANY),
]);
static CLAIM_SPEC: Schema = Partial(&[
    ("dataSource", &DATA_SOURCE),
    ("dataSourceRef", &DATA_SOURCE_REF),
]);
static CLAIM_TEMPLATE: Schema = Partial(&[("spec", &CLAIM_SPEC)]);

static STATEFULSET: Schema = Partial(&[(
    "spec",
    &Partial(&[
        ("template", &TEMPLATE),
        ("volumeClaimTemplates", &List(&CLAIM_TEMPLATE)),
    ]),
)]);
static POD: Schema = Partial(&[("spec", &POD_SPEC)]);
static PVC: Schema = Partial(&[("spec", &CLAIM_SPEC)]);
static PV: Schema = Partial(&[(
    "spec",
    &Partial(&[
        ("hostPath", &Obj(&[("path", &ANY), ("type", &ANY)])),
        ("nodeAffinity", &Obj(&[("required", &NODE_SELECTOR)])),
    ]),
)]);
static SERVICE: Schema = Partial(&[(
    "spec",
    &Partial(&[(
        "sessionAffinityConfig",
        &Obj(&[("clientIP", &Obj(&[("timeoutSeconds", &ANY)]))]),
    )]),
)]);

static CONFIG_MAP: Schema = Obj(&[
    ("apiVersion", &ANY),
    ("kind", &ANY),
    ("metadata", &ANY),
    ("data", &MAP),
    ("binaryData", &MAP),
    ("immutable", &ANY),
]);
static SECRET: Schema = Obj(&[
    ("apiVersion", &ANY),
    ("kind", &ANY),
    ("metadata", &ANY),
    ("data", &MAP),
    ("stringData", &MAP),
    ("type", &ANY),
    ("immutable", &ANY),
]);
static OBJECT_REFERENCE: Schema = Obj(&[
    ("kind", &ANY),
    ("namespace", &ANY),
    ("name", &ANY),
    ("uid", &ANY),
    ("apiVersion", &ANY),
    ("resourceVersion", &ANY),
    ("fieldPath", &ANY),
]);
static SERVICE_ACCOUNT: Schema = Obj(&[
    ("apiVersion", &ANY),
    ("kind", &ANY),
    ("metadata", &ANY),
    ("secrets", &List(&OBJECT_REFERENCE)),
    ("imagePullSecrets", &NAME_REFS),
    ("automountServiceAccountToken", &ANY),
]);
static NAMESPACE: Schema = Obj(&[
    ("apiVersion", &ANY),
    ("kind", &ANY),
    ("metadata", &ANY),
    ("spec", &Obj(&[("finalizers", &STRINGS)])),
    ("status", &ANY),
]);
static PDB: Schema = Obj(&[
    ("apiVersion", &ANY),
    ("kind", &ANY),
    ("metadata", &ANY),
    (
        "spec",
        &Obj(&[
            ("minAvailable", &ANY),
            ("maxUnavailable", &ANY),
            ("selector", &LABEL_SELECTOR),
            ("unhealthyPodEvictionPolicy", &ANY),
        ]),
    ),
    ("status", &ANY),
]);

/// The schema for a kind's free-JSON corners, by kind name.
pub fn for_kind(kind: &str) -> Option<&'static Schema> {
    Some(match kind {
        "StatefulSet" => &STATEFULSET,
        "Pod" => &POD,
        "PersistentVolumeClaim" => &PVC,
        "PersistentVolume" => &PV,
        "Service" => &SERVICE,
        "ConfigMap" => &CONFIG_MAP,
        "Secret" => &SECRET,
        "ServiceAccount" => &SERVICE_ACCOUNT,
        "Namespace" => &NAMESPACE,
        "PodDisruptionBudget" => &PDB,
        _ => return None,
    })
}

/// Appends `unknown field "<path>"` for every field `value` has that `schema` does not know,
/// in document order.
pub fn unknown_fields(value: &Value, schema: &Schema, path: &str, out: &mut Vec<String>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match (schema, value) {
        (Obj(fields), Value::Object(map)) => {
            for (key, v) in map {
                match fields.iter().find(|(name, _)| name == key) {
                    Some((_, inner)) => unknown_fields(v, inner, &join(key), out),
                    None => out.push(format!("unknown field \"{}\"", join(key))),
                }
            }
        }
        (Partial(fields), Value::Object(map)) => {
            for (key, v) in map {
                if let Some((_, inner)) = fields.iter().find(|(name, _)| name == key) {
                    unknown_fields(v, inner, &join(key), out);
                }
            }
        }
        (List(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                unknown_fields(item, inner, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_unknown_fields_in_free_json_corners_with_their_paths() {
        let set = json!({"spec": {"template": {"spec": {
            "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"labelSelector": {"matchLabels": {"app": "zk"}}, "topologyKey": "x", "weight": 1}]}},
            "containers": [{"name": "a", "securityContext": {"runAsUserr": 1}}],
            "volumes": [{"name": "c", "configMapp": {"name": "x"}}],
        }}}});
        let mut out = Vec::new();
        unknown_fields(&set, for_kind("StatefulSet").unwrap(), "", &mut out);
        assert_eq!(
            out,
            [
                "unknown field \"spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].weight\"",
                "unknown field \"spec.template.spec.containers[0].securityContext.runAsUserr\"",
                "unknown field \"spec.template.spec.volumes[0].configMapp\"",
            ]
        );
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {}, "dataa": {}});
        let mut out = Vec::new();
        unknown_fields(&cm, for_kind("ConfigMap").unwrap(), "", &mut out);
        assert_eq!(out, ["unknown field \"dataa\""]);
    }
}
