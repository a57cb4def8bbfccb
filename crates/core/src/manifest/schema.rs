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
    /// Anything: an int-or-string, a quantity, or a corner not described here.
    Any,
    Str,
    Int,
    Bool,
    /// A list of strings.
    Strs,
    /// A map of strings (ConfigMap data, volume attributes).
    StrMap,
    /// The Go type that holds the fields inside, for type errors.
    Named(&'static str, &'static Schema),
    /// Free-form keys (labels).
    Map,
    /// Free-form keys whose values are resource quantities (`requests`, `limits`, `capacity`):
    /// a value that is not one fails decoding with `ParseQuantity`'s error.
    Quantities,
    /// Exactly these fields.
    Obj(&'static [(&'static str, &'static Schema)]),
    /// Fields checked elsewhere; only these are looked into.
    Partial(&'static [(&'static str, &'static Schema)]),
    List(&'static Schema),
}

use Schema::*;

static ANY: Schema = Any;
static MAP: Schema = Map;
static QUANTITIES: Schema = Quantities;
static NAME_REF: Schema = Named("LocalObjectReference", &Obj(&[("name", &ANY)]));
static NAME_REFS: Schema = List(&NAME_REF);
static STRINGS: Schema = Strs;
static STR_MAP: Schema = StrMap;

static REQUIREMENT: Schema = Named(
    "LabelSelectorRequirement",
    &Obj(&[("key", &ANY), ("operator", &ANY), ("values", &STRINGS)]),
);
static REQUIREMENTS: Schema = List(&REQUIREMENT);
static LABEL_SELECTOR: Schema = Named(
    "LabelSelector",
    &Obj(&[
        ("matchLabels", &STR_MAP),
        ("matchExpressions", &REQUIREMENTS),
    ]),
);

static NODE_SELECTOR_TERM: Schema = Named(
    "NodeSelectorTerm",
    &Obj(&[
        ("matchExpressions", &REQUIREMENTS),
        ("matchFields", &REQUIREMENTS),
    ]),
);
static NODE_SELECTOR: Schema = Named(
    "NodeSelector",
    &Obj(&[("nodeSelectorTerms", &List(&NODE_SELECTOR_TERM))]),
);
static PREFERRED_NODE: Schema = Named(
    "PreferredSchedulingTerm",
    &Obj(&[("weight", &ANY), ("preference", &NODE_SELECTOR_TERM)]),
);
static NODE_AFFINITY: Schema = Named(
    "NodeAffinity",
    &Obj(&[
        (
            "requiredDuringSchedulingIgnoredDuringExecution",
            &NODE_SELECTOR,
        ),
        (
            "preferredDuringSchedulingIgnoredDuringExecution",
            &List(&PREFERRED_NODE),
        ),
    ]),
);
static POD_AFFINITY_TERM: Schema = Named(
    "PodAffinityTerm",
    &Obj(&[
        ("labelSelector", &LABEL_SELECTOR),
        ("namespaces", &STRINGS),
        ("topologyKey", &ANY),
        ("namespaceSelector", &LABEL_SELECTOR),
        ("matchLabelKeys", &STRINGS),
        ("mismatchLabelKeys", &STRINGS),
    ]),
);
static WEIGHTED_POD_AFFINITY_TERM: Schema =
    Obj(&[("weight", &ANY), ("podAffinityTerm", &POD_AFFINITY_TERM)]);
static POD_AFFINITY: Schema = Named(
    "PodAffinity",
    &Obj(&[
        (
            "requiredDuringSchedulingIgnoredDuringExecution",
            &List(&POD_AFFINITY_TERM),
        ),
        (
            "preferredDuringSchedulingIgnoredDuringExecution",
            &List(&WEIGHTED_POD_AFFINITY_TERM),
        ),
    ]),
);
static AFFINITY: Schema = Named(
    "Affinity",
    &Obj(&[
        ("nodeAffinity", &NODE_AFFINITY),
        ("podAffinity", &POD_AFFINITY),
        ("podAntiAffinity", &POD_AFFINITY),
    ]),
);

static SE_LINUX: Schema = Named(
    "SELinuxOptions",
    &Obj(&[
        ("user", &ANY),
        ("role", &ANY),
        ("type", &ANY),
        ("level", &ANY),
    ]),
);
static WINDOWS: Schema = Named(
    "WindowsSecurityContextOptions",
    &Obj(&[
        ("gmsaCredentialSpecName", &ANY),
        ("gmsaCredentialSpec", &ANY),
        ("runAsUserName", &ANY),
        ("hostProcess", &ANY),
    ]),
);
static PROFILE: Schema = Named(
    "SeccompProfile",
    &Obj(&[("type", &ANY), ("localhostProfile", &ANY)]),
);
static SYSCTL: Schema = Named("Sysctl", &Obj(&[("name", &ANY), ("value", &ANY)]));
static POD_SECURITY: Schema = Named(
    "PodSecurityContext",
    &Obj(&[
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
    ]),
);
static CAPABILITIES: Schema = Named(
    "Capabilities",
    &Obj(&[("add", &STRINGS), ("drop", &STRINGS)]),
);
static CONTAINER_SECURITY: Schema = Named(
    "SecurityContext",
    &Obj(&[
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
    ]),
);

static CLAIM: Schema = Named("ResourceClaim", &Obj(&[("name", &ANY), ("request", &ANY)]));
static RESOURCES: Schema = Named(
    "ResourceRequirements",
    &Obj(&[
        ("limits", &QUANTITIES),
        ("requests", &QUANTITIES),
        ("claims", &List(&CLAIM)),
    ]),
);

static OPTIONAL_REF: Schema = Named(
    "ConfigMapEnvSource",
    &Obj(&[("name", &ANY), ("optional", &ANY)]),
);
static ENV_FROM: Schema = Named(
    "EnvFromSource",
    &Obj(&[
        ("prefix", &ANY),
        ("configMapRef", &OPTIONAL_REF),
        ("secretRef", &OPTIONAL_REF),
    ]),
);
static KEY_REF: Schema = Named(
    "ConfigMapKeySelector",
    &Obj(&[("name", &ANY), ("key", &ANY), ("optional", &ANY)]),
);
static FIELD_REF: Schema = Named(
    "ObjectFieldSelector",
    &Obj(&[("apiVersion", &ANY), ("fieldPath", &ANY)]),
);
static RESOURCE_FIELD_REF: Schema = Named(
    "ResourceFieldSelector",
    &Obj(&[
        ("containerName", &ANY),
        ("resource", &ANY),
        ("divisor", &ANY),
    ]),
);
static VALUE_FROM: Schema = Named(
    "EnvVarSource",
    &Obj(&[
        ("fieldRef", &FIELD_REF),
        ("resourceFieldRef", &RESOURCE_FIELD_REF),
        ("configMapKeyRef", &KEY_REF),
        ("secretKeyRef", &KEY_REF),
        ("fileKeyRef", &ANY),
    ]),
);
static ENV: Schema = Named("EnvVar", &Partial(&[("valueFrom", &VALUE_FROM)]));

static EXEC: Schema = Named("ExecAction", &Obj(&[("command", &STRINGS)]));
static TCP: Schema = Named("TCPSocketAction", &Obj(&[("port", &ANY), ("host", &ANY)]));
static GRPC: Schema = Named("GRPCAction", &Obj(&[("port", &ANY), ("service", &ANY)]));
static HEADER: Schema = Named("HTTPHeader", &Obj(&[("name", &ANY), ("value", &ANY)]));
static HTTP_GET: Schema = Named(
    "HTTPGetAction",
    &Partial(&[("httpHeaders", &List(&HEADER))]),
);
static PROBE: Schema = Named(
    "Probe",
    &Partial(&[
        ("exec", &EXEC),
        ("tcpSocket", &TCP),
        ("grpc", &GRPC),
        ("httpGet", &HTTP_GET),
    ]),
);
static HTTP_GET_FULL: Schema = Named(
    "HTTPGetAction",
    &Obj(&[
        ("path", &ANY),
        ("port", &ANY),
        ("host", &ANY),
        ("scheme", &ANY),
        ("httpHeaders", &List(&HEADER)),
    ]),
);
static HANDLER: Schema = Named(
    "LifecycleHandler",
    &Obj(&[
        ("exec", &EXEC),
        ("httpGet", &HTTP_GET_FULL),
        ("tcpSocket", &TCP),
        ("sleep", &Obj(&[("seconds", &ANY)])),
    ]),
);
static LIFECYCLE: Schema = Named(
    "Lifecycle",
    &Obj(&[
        ("postStart", &HANDLER),
        ("preStop", &HANDLER),
        ("stopSignal", &ANY),
    ]),
);
static RESIZE: Schema = Named(
    "ContainerResizePolicy",
    &Obj(&[("resourceName", &ANY), ("restartPolicy", &ANY)]),
);
static DEVICE: Schema = Named(
    "VolumeDevice",
    &Obj(&[("name", &ANY), ("devicePath", &ANY)]),
);

static CONTAINER: Schema = Named(
    "Container",
    &Partial(&[
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
    ]),
);

static KEY_PATH: Schema = Named(
    "KeyToPath",
    &Obj(&[("key", &ANY), ("path", &ANY), ("mode", &ANY)]),
);
static CONFIG_MAP_VOLUME: Schema = Named(
    "ConfigMapVolumeSource",
    &Obj(&[
        ("name", &ANY),
        ("items", &List(&KEY_PATH)),
        ("defaultMode", &ANY),
        ("optional", &ANY),
    ]),
);
static SECRET_VOLUME: Schema = Named(
    "SecretVolumeSource",
    &Obj(&[
        ("secretName", &ANY),
        ("items", &List(&KEY_PATH)),
        ("defaultMode", &ANY),
        ("optional", &ANY),
    ]),
);
static DOWNWARD_ITEM: Schema = Named(
    "DownwardAPIVolumeFile",
    &Obj(&[
        ("path", &ANY),
        ("fieldRef", &FIELD_REF),
        ("resourceFieldRef", &RESOURCE_FIELD_REF),
        ("mode", &ANY),
    ]),
);
static DOWNWARD: Schema = Named(
    "DownwardAPIVolumeSource",
    &Obj(&[("items", &List(&DOWNWARD_ITEM)), ("defaultMode", &ANY)]),
);
static PROJECTION: Schema = Named(
    "VolumeProjection",
    &Obj(&[
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
    ]),
);
static VOLUME: Schema = Named(
    "Volume",
    &Obj(&[
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
                ("volumeAttributes", &STR_MAP),
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
    ]),
);

static TOPOLOGY_SPREAD: Schema = Named(
    "TopologySpreadConstraint",
    &Obj(&[
        ("maxSkew", &ANY),
        ("topologyKey", &ANY),
        ("whenUnsatisfiable", &ANY),
        ("labelSelector", &LABEL_SELECTOR),
        ("minDomains", &ANY),
        ("nodeAffinityPolicy", &ANY),
        ("nodeTaintsPolicy", &ANY),
        ("matchLabelKeys", &STRINGS),
    ]),
);
static DNS_CONFIG: Schema = Named(
    "PodDNSConfig",
    &Obj(&[
        ("nameservers", &STRINGS),
        ("searches", &STRINGS),
        ("options", &List(&Obj(&[("name", &ANY), ("value", &ANY)]))),
    ]),
);
static POD_RESOURCE_CLAIM: Schema = Named(
    "PodResourceClaim",
    &Obj(&[
        ("name", &ANY),
        ("resourceClaimName", &ANY),
        ("resourceClaimTemplateName", &ANY),
    ]),
);

static POD_SPEC: Schema = Named(
    "PodSpec",
    &Partial(&[
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
    ]),
);
static TEMPLATE: Schema = Named("PodTemplateSpec", &Partial(&[("spec", &POD_SPEC)]));

static DATA_SOURCE: Schema = Named(
    "TypedLocalObjectReference",
    &Obj(&[("apiGroup", &ANY), ("kind", &ANY), ("name", &ANY)]),
);
static DATA_SOURCE_REF: Schema = Named(
    "TypedObjectReference",
    &Obj(&[
        ("apiGroup", &ANY),
        ("kind", &ANY),
        ("name", &ANY),
        ("namespace", &ANY),
    ]),
);
static CLAIM_RESOURCES: Schema = Named(
    "VolumeResourceRequirements",
    &Partial(&[("limits", &QUANTITIES), ("requests", &QUANTITIES)]),
);
static CLAIM_SPEC: Schema = Named(
    "PersistentVolumeClaimSpec",
    &Partial(&[
        ("dataSource", &DATA_SOURCE),
        ("dataSourceRef", &DATA_SOURCE_REF),
        ("resources", &CLAIM_RESOURCES),
    ]),
);
static CLAIM_TEMPLATE: Schema = Named("PersistentVolumeClaim", &Partial(&[("spec", &CLAIM_SPEC)]));

static STATEFULSET: Schema = Named(
    "StatefulSet",
    &Partial(&[(
        "spec",
        &Partial(&[
            ("template", &TEMPLATE),
            ("volumeClaimTemplates", &List(&CLAIM_TEMPLATE)),
        ]),
    )]),
);
static POD: Schema = Named("Pod", &Partial(&[("spec", &POD_SPEC)]));
static PVC: Schema = Named("PersistentVolumeClaim", &Partial(&[("spec", &CLAIM_SPEC)]));
static PV: Schema = Named(
    "PersistentVolume",
    &Partial(&[(
        "spec",
        &Partial(&[
            ("capacity", &QUANTITIES),
            ("hostPath", &Obj(&[("path", &ANY), ("type", &ANY)])),
            ("nodeAffinity", &Obj(&[("required", &NODE_SELECTOR)])),
        ]),
    )]),
);
static SERVICE: Schema = Named(
    "Service",
    &Partial(&[(
        "spec",
        &Partial(&[(
            "sessionAffinityConfig",
            &Obj(&[("clientIP", &Obj(&[("timeoutSeconds", &ANY)]))]),
        )]),
    )]),
);

static CONFIG_MAP: Schema = Named(
    "ConfigMap",
    &Obj(&[
        ("apiVersion", &ANY),
        ("kind", &ANY),
        ("metadata", &ANY),
        ("data", &STR_MAP),
        ("binaryData", &STR_MAP),
        ("immutable", &ANY),
    ]),
);
static SECRET: Schema = Named(
    "Secret",
    &Obj(&[
        ("apiVersion", &ANY),
        ("kind", &ANY),
        ("metadata", &ANY),
        ("data", &STR_MAP),
        ("stringData", &STR_MAP),
        ("type", &ANY),
        ("immutable", &ANY),
    ]),
);
static OBJECT_REFERENCE: Schema = Named(
    "ObjectReference",
    &Obj(&[
        ("kind", &ANY),
        ("namespace", &ANY),
        ("name", &ANY),
        ("uid", &ANY),
        ("apiVersion", &ANY),
        ("resourceVersion", &ANY),
        ("fieldPath", &ANY),
    ]),
);
static SERVICE_ACCOUNT: Schema = Named(
    "ServiceAccount",
    &Obj(&[
        ("apiVersion", &ANY),
        ("kind", &ANY),
        ("metadata", &ANY),
        ("secrets", &List(&OBJECT_REFERENCE)),
        ("imagePullSecrets", &NAME_REFS),
        ("automountServiceAccountToken", &ANY),
    ]),
);
static NAMESPACE: Schema = Named(
    "Namespace",
    &Obj(&[
        ("apiVersion", &ANY),
        ("kind", &ANY),
        ("metadata", &ANY),
        ("spec", &Obj(&[("finalizers", &STRINGS)])),
        ("status", &ANY),
    ]),
);
static PDB: Schema = Named(
    "PodDisruptionBudget",
    &Obj(&[
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
    ]),
);

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

/// Leaf fields of the free-JSON corners whose Go type is a string, an integer or a bool
/// (the rest, such as ports and quantities, take either).
const STRING_FIELDS: &[&str] = &[
    "name",
    "key",
    "operator",
    "topologyKey",
    "path",
    "type",
    "level",
    "role",
    "user",
    "fieldPath",
    "apiVersion",
    "containerName",
    "resource",
    "prefix",
    "medium",
    "driver",
    "fsType",
    "server",
    "secretName",
    "ip",
    "conditionType",
    "resourceName",
    "restartPolicy",
    "devicePath",
    "localhostProfile",
    "procMount",
    "whenUnsatisfiable",
    "nodeAffinityPolicy",
    "nodeTaintsPolicy",
    "audience",
    "reference",
    "pullPolicy",
    "stopSignal",
    "host",
    "scheme",
    "service",
    "apiGroup",
    "namespace",
    "uid",
    "resourceVersion",
    "kind",
    "unhealthyPodEvictionPolicy",
    "gmsaCredentialSpecName",
    "gmsaCredentialSpec",
    "runAsUserName",
    "fsGroupChangePolicy",
    "supplementalGroupsPolicy",
    "seLinuxChangePolicy",
    "request",
    "resourceClaimName",
    "resourceClaimTemplateName",
];
const INT_FIELDS: &[&str] = &[
    "weight",
    "runAsUser",
    "runAsGroup",
    "fsGroup",
    "defaultMode",
    "mode",
    "expirationSeconds",
    "maxSkew",
    "minDomains",
    "seconds",
    "timeoutSeconds",
];
const BOOL_FIELDS: &[&str] = &[
    "optional",
    "privileged",
    "runAsNonRoot",
    "readOnlyRootFilesystem",
    "allowPrivilegeEscalation",
    "readOnly",
    "hostProcess",
    "automountServiceAccountToken",
    "immutable",
];

/// What a check found: unknown fields (all of them) and the first value of the wrong type, as
/// Go's JSON decoder words it.
#[derive(Default)]
pub struct Findings {
    pub unknown: Vec<String>,
    pub type_error: Option<String>,
}

/// Checks `value` against `schema`. `go` is the Go type holding the current fields.
pub fn check(value: &Value, schema: &Schema, path: &str, go: &str, out: &mut Findings) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    let kind_of = |v: &Value| match v {
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    };
    let wrong = |expected: &str, v: &Value, out: &mut Findings| {
        if out.type_error.is_none() && !v.is_null() {
            // Go names the field by its path without list indices.
            let mut field = String::new();
            let mut skip = false;
            for c in path.chars() {
                match c {
                    '[' => skip = true,
                    ']' => skip = false,
                    c if !skip => field.push(c),
                    _ => {}
                }
            }
            out.type_error = Some(format!(
                "json: cannot unmarshal {} into Go struct field {go}.{field} of type {expected}",
                kind_of(v)
            ));
        }
    };
    match (schema, value) {
        (Named(name, inner), v) => {
            if matches!(inner, Obj(_) | Partial(_)) && !v.is_object() {
                wrong(&format!("v1.{name}"), v, out);
            } else {
                check(value, inner, path, name, out)
            }
        }
        (Obj(fields), Value::Object(map)) => {
            for (key, v) in map {
                match fields.iter().find(|(name, _)| name == key) {
                    Some((_, inner)) => check_field(v, inner, &join(key), key, go, out),
                    None => out.unknown.push(format!("unknown field \"{}\"", join(key))),
                }
            }
        }
        (Partial(fields), Value::Object(map)) => {
            for (key, v) in map {
                if let Some((_, inner)) = fields.iter().find(|(name, _)| name == key) {
                    check_field(v, inner, &join(key), key, go, out);
                }
            }
        }
        (Obj(_) | Partial(_), v) => wrong("struct", v, out),
        (List(Named(name, _)), v) if !v.is_array() => wrong(&format!("[]v1.{name}"), v, out),
        (List(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check(item, inner, &format!("{path}[{i}]"), go, out);
            }
        }
        (List(_), v) | (Strs, v) if !v.is_array() => wrong("[]string", v, out),
        (Strs, Value::Array(items)) => {
            if let Some(bad) = items.iter().find(|i| !i.is_string()) {
                wrong("string", bad, out);
            }
        }
        (StrMap, Value::Object(map)) => {
            if let Some(bad) = map.values().find(|v| !v.is_string() && !v.is_null()) {
                wrong("string", bad, out);
            }
        }
        (StrMap | Map, v) if !v.is_object() => wrong("map[string]string", v, out),
        (Quantities, v) if !v.is_object() && !v.is_null() => wrong("v1.ResourceList", v, out),
        (Quantities, Value::Object(map)) => {
            if let Some(error) = map.values().find_map(crate::api::quantity::value_error) {
                if out.type_error.is_none() {
                    out.type_error = Some(error.to_string());
                }
            }
        }
        (Str, v) if !v.is_string() => wrong("string", v, out),
        (Int, v) if !v.is_i64() && !v.is_u64() => wrong("int32", v, out),
        (Bool, v) if !v.is_boolean() => wrong("bool", v, out),
        _ => {}
    }
}

/// A field: its own schema, or for plain leaves the type its name implies.
fn check_field(v: &Value, schema: &Schema, path: &str, key: &str, go: &str, out: &mut Findings) {
    if matches!(schema, Any) {
        let implied = if STRING_FIELDS.contains(&key) {
            &Str
        } else if INT_FIELDS.contains(&key) {
            &Int
        } else if BOOL_FIELDS.contains(&key) {
            &Bool
        } else {
            &Any
        };
        check(v, implied, path, go, out);
    } else {
        check(v, schema, path, go, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `unknown field "<path>"` for every field `value` has that `schema` does not know,
    /// in document order.
    fn unknown_fields(value: &Value, schema: &Schema, path: &str, out: &mut Vec<String>) {
        let mut findings = Findings::default();
        check(value, schema, path, "", &mut findings);
        out.extend(findings.unknown);
    }

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
