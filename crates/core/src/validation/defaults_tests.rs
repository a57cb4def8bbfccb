//! Defaulting tests: default a manifest, serialize it as `-o json` would, and compare fields.

use super::defaults::image_tag;
use super::*;
use crate::api::{PersistentVolumeClaim, Pod, StatefulSet};
use serde_json::{json, Value};

use super::test_support::WEB;

/// The defaulted object's `spec` as JSON, with the given feature gates.
fn defaulted_spec(yaml: &str, gates: Gates) -> Value {
    let mut sts: StatefulSet = crate::api::decode::from_yaml(yaml).expect("test manifest parses");
    default_statefulset(&mut sts, &gates);
    crate::api::encode::Encode::encode(&sts)["spec"].clone()
}

/// Defaulted as 1.34 does: the MaxUnavailableStatefulSet gate off, as in 1.36 (tests of the
/// gate on, as in 1.35 and 1.37, say so).
fn spec(yaml: &str) -> Value {
    defaulted_spec(yaml, Gates::for_version(ServerVersion::new(34)))
}

#[test]
fn max_unavailable_is_defaulted_where_the_gate_is_on_by_default() {
    for (minor, on) in [(34, false), (35, true), (36, false), (37, true)] {
        let s = defaulted_spec(WEB, Gates::for_version(ServerVersion::new(minor)));
        let expected = if on {
            json!({"partition": 0, "maxUnavailable": 1})
        } else {
            json!({"partition": 0})
        };
        assert_eq!(s["updateStrategy"]["rollingUpdate"], expected, "1.{minor}");
    }
}

fn with_strategy(strategy: &str) -> String {
    WEB.replace("  replicas: 2\n", &format!("  replicas: 2\n{strategy}"))
}

#[test]
fn tutorial_statefulset_defaults() {
    let s = spec(WEB);
    assert_eq!(s["replicas"], 2);
    assert_eq!(s["podManagementPolicy"], "OrderedReady");
    assert_eq!(s["revisionHistoryLimit"], 10);
    assert_eq!(
        s["persistentVolumeClaimRetentionPolicy"],
        json!({"whenDeleted": "Retain", "whenScaled": "Retain"})
    );
    assert_eq!(
        s["updateStrategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
    );
    assert_eq!(s["serviceName"], "nginx");
    assert!(s.get("minReadySeconds").is_none());
    assert!(s.get("ordinals").is_none());
}

#[test]
fn template_pod_spec_defaults() {
    let pod = &spec(WEB)["template"]["spec"];
    assert_eq!(pod["restartPolicy"], "Always");
    assert_eq!(pod["dnsPolicy"], "ClusterFirst");
    assert_eq!(pod["schedulerName"], "default-scheduler");
    assert_eq!(pod["securityContext"], json!({}));
    // Given in the manifest, so kept.
    assert_eq!(pod["terminationGracePeriodSeconds"], 10);
    // Pod-only defaults do not appear in the template (§1.4).
    assert!(pod.get("enableServiceLinks").is_none());
    let c = &pod["containers"][0];
    assert_eq!(c["terminationMessagePath"], "/dev/termination-log");
    assert_eq!(c["terminationMessagePolicy"], "File");
    assert_eq!(c["imagePullPolicy"], "IfNotPresent");
    assert_eq!(
        c["ports"][0],
        json!({"containerPort": 80, "name": "web", "protocol": "TCP"})
    );
}

#[test]
fn grace_period_defaults_to_30() {
    let s = spec(&WEB.replace("      terminationGracePeriodSeconds: 10\n", ""));
    assert_eq!(s["template"]["spec"]["terminationGracePeriodSeconds"], 30);
}

#[test]
fn claim_templates_get_pvc_defaults() {
    let claim = &spec(WEB)["volumeClaimTemplates"][0];
    assert_eq!(claim["spec"]["volumeMode"], "Filesystem");
    assert_eq!(claim["status"], json!({"phase": "Pending"}));
}

#[test]
fn replicas_default_to_one() {
    assert_eq!(spec(&WEB.replace("  replicas: 2\n", ""))["replicas"], 1);
    assert_eq!(
        spec(&WEB.replace("replicas: 2", "replicas: 0"))["replicas"],
        0
    );
}

#[test]
fn omitted_strategy_gets_max_unavailable_only_with_the_gate() {
    let on = Gates {
        max_unavailable_statefulset: true,
    };
    assert_eq!(
        defaulted_spec(WEB, on)["updateStrategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0, "maxUnavailable": 1}})
    );
    assert!(Gates::for_version(ServerVersion::new(35)).max_unavailable_statefulset);
    assert!(!Gates::for_version(ServerVersion::new(34)).max_unavailable_statefulset);
}

#[test]
fn explicit_rolling_update_without_block_stays_bare() {
    let s = spec(&with_strategy(
        "  updateStrategy:\n    type: RollingUpdate\n",
    ));
    assert_eq!(s["updateStrategy"], json!({"type": "RollingUpdate"}));
    let on = Gates {
        max_unavailable_statefulset: true,
    };
    let s = defaulted_spec(
        &with_strategy("  updateStrategy:\n    type: RollingUpdate\n"),
        on,
    );
    assert_eq!(s["updateStrategy"], json!({"type": "RollingUpdate"}));
}

#[test]
fn explicit_empty_rolling_update_block_gets_partition() {
    let s = spec(&with_strategy(
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate: {}\n",
    ));
    assert_eq!(
        s["updateStrategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
    );
}

#[test]
fn on_delete_gets_nothing() {
    let s = spec(&with_strategy("  updateStrategy:\n    type: OnDelete\n"));
    assert_eq!(s["updateStrategy"], json!({"type": "OnDelete"}));
    // A stored block is left alone (validation rejects it, §10.4).
    let s = spec(&with_strategy(
        "  updateStrategy:\n    type: OnDelete\n    rollingUpdate: {}\n",
    ));
    assert_eq!(
        s["updateStrategy"],
        json!({"type": "OnDelete", "rollingUpdate": {}})
    );
}

#[test]
fn omitted_type_keeps_a_given_partition() {
    let s = spec(&with_strategy(
        "  updateStrategy:\n    rollingUpdate:\n      partition: 3\n",
    ));
    assert_eq!(
        s["updateStrategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 3}})
    );
}

#[test]
fn given_fields_are_kept() {
    let s = spec(&with_strategy(
        "  podManagementPolicy: Parallel\n  revisionHistoryLimit: 2\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n",
    ));
    assert_eq!(s["podManagementPolicy"], "Parallel");
    assert_eq!(s["revisionHistoryLimit"], 2);
    assert_eq!(
        s["persistentVolumeClaimRetentionPolicy"],
        json!({"whenDeleted": "Retain", "whenScaled": "Delete"})
    );
}

fn pull_policy(image: &str) -> Value {
    let yaml = WEB.replace("registry.k8s.io/nginx-slim:0.24", &format!("\"{image}\""));
    spec(&yaml)["template"]["spec"]["containers"][0]["imagePullPolicy"].clone()
}

#[test]
fn image_pull_policy_follows_the_tag() {
    for (image, policy) in [
        ("nginx", "Always"),
        ("nginx:latest", "Always"),
        ("nginx:1.2", "IfNotPresent"),
        ("registry:5000/nginx", "Always"),
        ("registry:5000/nginx:1.2", "IfNotPresent"),
        ("localhost/nginx", "Always"),
        ("docker.io/library/nginx:1.27-alpine", "IfNotPresent"),
        (
            "nginx@sha256:0123456789abcdef0123456789abcdef",
            "IfNotPresent",
        ),
        ("nginx:latest@sha256:0123456789abcdef", "Always"),
        ("nginx:1.2@sha256:0123456789abcdef", "IfNotPresent"),
        // References that do not parse fall through to IfNotPresent, as upstream.
        ("Nginx", "IfNotPresent"),
        ("nginx:", "IfNotPresent"),
    ] {
        assert_eq!(pull_policy(image), policy, "image {image}");
    }
}

#[test]
fn image_pull_policy_is_kept_when_given() {
    let yaml = WEB.replace(
        "        image: registry.k8s.io/nginx-slim:0.24\n",
        "        image: nginx\n        imagePullPolicy: Never\n",
    );
    assert_eq!(
        spec(&yaml)["template"]["spec"]["containers"][0]["imagePullPolicy"],
        "Never"
    );
}

#[test]
fn missing_image_gets_if_not_present() {
    let yaml = WEB.replace("        image: registry.k8s.io/nginx-slim:0.24\n", "");
    assert_eq!(
        spec(&yaml)["template"]["spec"]["containers"][0]["imagePullPolicy"],
        "IfNotPresent"
    );
}

#[test]
fn image_tag_parsing() {
    assert_eq!(image_tag("nginx").as_deref(), Some("latest"));
    assert_eq!(image_tag("a/b/c:v1").as_deref(), Some("v1"));
    assert_eq!(image_tag("host:5000/a").as_deref(), Some("latest"));
    assert_eq!(image_tag("nginx@sha256:abc").as_deref(), Some(""));
    assert_eq!(image_tag(""), None);
    assert_eq!(image_tag("my--repo/x__y:t"), Some("t".to_string()));
    assert_eq!(image_tag("bad___name"), None);
}

#[test]
fn probe_defaults() {
    let yaml = WEB.replace(
        "        ports:\n",
        "        readinessProbe:\n          httpGet:\n            port: 80\n        livenessProbe:\n          tcpSocket:\n            port: 80\n          periodSeconds: 5\n        ports:\n",
    );
    let c = &spec(&yaml)["template"]["spec"]["containers"][0];
    assert_eq!(
        c["readinessProbe"],
        json!({
            "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"},
            "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3
        })
    );
    assert_eq!(c["livenessProbe"]["periodSeconds"], 5);
    assert!(c["livenessProbe"].get("initialDelaySeconds").is_none());
}

#[test]
fn volumes_without_source_become_empty_dirs() {
    let yaml = WEB.replace(
        "      containers:\n",
        "      volumes:\n      - name: scratch\n      - name: conf\n        configMap:\n          name: web\n      containers:\n",
    );
    let vols = &spec(&yaml)["template"]["spec"]["volumes"];
    assert_eq!(vols[0], json!({"name": "scratch", "emptyDir": {}}));
    assert_eq!(
        vols[1],
        json!({"name": "conf", "configMap": {"name": "web", "defaultMode": 420}})
    );
}

#[test]
fn host_network_mirrors_ports() {
    let yaml = WEB.replace(
        "      terminationGracePeriodSeconds: 10\n",
        "      hostNetwork: true\n",
    );
    let port = &spec(&yaml)["template"]["spec"]["containers"][0]["ports"][0];
    assert_eq!(port["hostPort"], 80);
}

#[test]
fn init_containers_are_defaulted_too() {
    let yaml = WEB.replace(
        "      containers:\n",
        "      initContainers:\n      - name: init\n        image: busybox:latest\n      containers:\n",
    );
    let init = &spec(&yaml)["template"]["spec"]["initContainers"][0];
    assert_eq!(init["imagePullPolicy"], "Always");
    assert_eq!(init["terminationMessagePolicy"], "File");
}

#[test]
fn bare_pod_defaults() {
    let mut pod: Pod = crate::api::decode::from_yaml(
        "metadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.2\n    resources:\n      limits: {cpu: 500m, memory: 1Gi}\n      requests: {cpu: 100m}\n",
    )
    .unwrap();
    default_pod(&mut pod);
    let v = crate::api::encode::Encode::encode(&pod);
    assert_eq!(v["spec"]["enableServiceLinks"], true);
    assert_eq!(v["spec"]["restartPolicy"], "Always");
    assert_eq!(
        v["spec"]["containers"][0]["resources"]["requests"],
        json!({"cpu": "100m", "memory": "1Gi"})
    );
}

#[test]
fn bare_pvc_defaults() {
    let mut pvc: PersistentVolumeClaim =
        crate::api::decode::from_yaml("metadata: {name: www-web-0}\nspec:\n  volumeMode: Block\n")
            .unwrap();
    default_pvc(&mut pvc);
    assert_eq!(pvc.spec.volume_mode.as_deref(), Some("Block"));
    assert_eq!(pvc.status.phase, "Pending");
}

#[test]
fn defaulting_is_idempotent() {
    let mut sts: StatefulSet = crate::api::decode::from_yaml(WEB).unwrap();
    let gates = Gates::default();
    default_statefulset(&mut sts, &gates);
    let once = sts.clone();
    default_statefulset(&mut sts, &gates);
    assert_eq!(sts, once);
}
