//! Tests of the 1.34+ template PodSpec checks, of error rendering, and of update validation
//! (immutability, §2.4 and S48).

use super::test_support::*;
use super::*;

// --- PodSpec validation on create (1.34+) --------------------------------------------------

#[test]
fn missing_image_is_rejected_from_1_34() {
    let yaml = web("        image: registry.k8s.io/nginx-slim:0.24\n", "");
    check(
        &yaml,
        &format!("{INVALID}spec.template.spec.containers[0].image: Required value"),
    );
    check_v(33, &yaml, "");
}

#[test]
fn container_names() {
    check(
        &web("      - name: nginx\n", "      - name: Nginx\n"),
        &format!(
            "{INVALID}spec.template.spec.containers[0].name: Invalid value: \"Nginx\": {LABEL_MSG}"
        ),
    );
    check(
        &web("      - name: nginx\n", "      - tty: false\n"),
        &format!("{INVALID}spec.template.spec.containers[0].name: Required value"),
    );
    check_v(
        33,
        &web("      - name: nginx\n", "      - name: Nginx\n"),
        "",
    );
}

#[test]
fn duplicate_container_names() {
    check(
        &web(
            "  volumeClaimTemplates:",
            "      - name: nginx\n        image: busybox\n  volumeClaimTemplates:",
        ),
        &format!("{INVALID}spec.template.spec.containers[1].name: Duplicate value: \"nginx\""),
    );
}

#[test]
fn volume_mount_must_name_a_volume_or_claim_template() {
    check(
        &web("        - name: www\n", "        - name: data\n"),
        &format!(
            "{INVALID}spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""
        ),
    );
    check_v(
        33,
        &web("        - name: www\n", "        - name: data\n"),
        "",
    );
    // A pod volume of that name works too.
    check(
        &web("        - name: www\n", "        - name: data\n").replace(
            "      containers:\n",
            "      volumes:\n      - name: data\n      containers:\n",
        ),
        "",
    );
}

#[test]
fn duplicate_volume_names() {
    check(
        &web(
            "      containers:\n",
            "      volumes:\n      - name: data\n      - name: data\n      containers:\n",
        ),
        &format!("{INVALID}spec.template.spec.volumes[1].name: Duplicate value: \"data\""),
    );
}

#[test]
fn container_port_range() {
    check(
        &web("containerPort: 80", "containerPort: 70000"),
        &format!("{INVALID}spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
    );
}

// --- rendering ---------------------------------------------------------------------------------

#[test]
fn duplicate_causes_are_dropped() {
    let e = FieldError::required("spec.selector", "");
    let f = FieldError::forbidden("spec", "nope");
    assert_eq!(
        invalid_message(
            "StatefulSet",
            "web",
            &[e.clone(), e.clone()],
            ServerVersion::default()
        ),
        "The StatefulSet \"web\" is invalid: spec.selector: Required value"
    );
    assert_eq!(
        invalid_message("Pod", "web-0", &[e.clone(), f, e], ServerVersion::default()),
        "The Pod \"web-0\" is invalid: \n* spec.selector: Required value\n* spec: Forbidden: nope"
    );
}

#[test]
fn required_and_forbidden_print_no_value() {
    let mut e = FieldError::required("spec.x", "");
    e.value = Some(RenderedValue::Int(3));
    assert_eq!(e.to_string(), "spec.x: Required value");
    let e = FieldError::not_found("spec.y", RenderedValue::Str("a\"b".into()));
    assert_eq!(e.to_string(), "spec.y: Not found: \"a\\\"b\"");
    assert_eq!(
        RenderedValue::Null.render(ServerVersion::new(32)),
        "\"null\""
    );
    assert_eq!(
        RenderedValue::Bool(true).render(ServerVersion::new(32)),
        "true"
    );
}

// --- update ------------------------------------------------------------------------------------

const FORBIDDEN_OLD: &str = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
const FORBIDDEN_NEW: &str = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

#[test]
fn s48_immutable_fields() {
    let changes = [
        web("storage: 1Gi", "storage: 2Gi"),
        web_spec("  podManagementPolicy: Parallel\n"),
        web("serviceName: nginx", "serviceName: other"),
        web(
            "matchLabels:\n      app: nginx\n",
            "matchLabels:\n      app: nginx\n      tier: web\n",
        )
        .replace(
            "        app: nginx\n    spec:",
            "        app: nginx\n        tier: web\n    spec:",
        ),
    ];
    for new in &changes {
        for minor in [31, 32] {
            check_update(minor, WEB, new, &format!("{INVALID}{FORBIDDEN_OLD}"));
        }
        for minor in [33, 34, 35] {
            check_update(minor, WEB, new, &format!("{INVALID}{FORBIDDEN_NEW}"));
        }
    }
}

#[test]
fn s48_mutable_fields() {
    let changes = [
        web("replicas: 2", "replicas: 5"),
        web("nginx-slim:0.24", "nginx-slim:0.25"),
        web_spec("  updateStrategy:\n    type: OnDelete\n"),
        web_spec("  minReadySeconds: 10\n"),
        web_spec("  ordinals:\n    start: 3\n"),
        web_spec("  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n"),
    ];
    for new in &changes {
        for minor in crate::versions::SUPPORTED_MINORS {
            check_update(minor, WEB, new, "");
        }
    }
}

#[test]
fn revision_history_limit_became_mutable() {
    let new = web_spec("  revisionHistoryLimit: 3\n");
    check_update(32, WEB, &new, &format!("{INVALID}{FORBIDDEN_OLD}"));
    check_update(34, WEB, &new, "");
}

#[test]
fn update_reruns_spec_rules() {
    check_update(
        34,
        WEB,
        &web("replicas: 2", "replicas: -1"),
        &format!("{INVALID}spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
    );
    // Section 10.4: the stored rollingUpdate survives a patch to OnDelete.
    check_update(
        34,
        WEB,
        &web_spec("  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 0\n"),
        &format!("{INVALID}spec.updateStrategy.rollingUpdate: Invalid value: {{\"Partition\":0,\"MaxUnavailable\":null}}: only allowed for updateStrategy 'RollingUpdate'"),
    );
}

#[test]
fn update_does_not_validate_the_pod_spec_or_the_name() {
    check_update(
        34,
        WEB,
        &web("        image: registry.k8s.io/nginx-slim:0.24\n", ""),
        "",
    );
}

#[test]
fn update_cannot_rename() {
    check_update(
        34,
        WEB,
        &web("name: web\n", "name: www\n"),
        "The StatefulSet \"www\" is invalid: metadata.name: Invalid value: \"www\": field is immutable",
    );
}

// --- value rendering details ---------------------------------------------------------------

#[test]
fn complex_values_in_both_styles() {
    let labels: crate::api::Labels = [("tier", "web"), ("app", "a<b")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let v = RenderedValue::labels(&labels);
    assert_eq!(
        v.render(ServerVersion::new(32)),
        "map[string]string{\"app\":\"a<b\", \"tier\":\"web\"}"
    );
    // Go's encoding/json escapes HTML characters.
    assert_eq!(
        v.render(ServerVersion::new(33)),
        "{\"app\":\"a\\u003cb\",\"tier\":\"web\"}"
    );
    let sel: crate::api::LabelSelector = crate::api::decode::from_yaml(
        "matchLabels: {app: nginx}\nmatchExpressions:\n- {key: tier, operator: In, values: [a]}\n",
    )
    .unwrap();
    let v = RenderedValue::label_selector(&sel);
    assert_eq!(
        v.render(ServerVersion::new(31)),
        "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"nginx\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"tier\", Operator:\"In\", Values:[]string{\"a\"}}}}"
    );
    assert_eq!(
        v.render(ServerVersion::new(35)),
        "{\"matchLabels\":{\"app\":\"nginx\"},\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"a\"]}]}"
    );
}

#[test]
fn rolling_update_with_max_unavailable_in_both_styles() {
    let ru = crate::api::RollingUpdateStatefulSetStrategy {
        partition: Some(2),
        max_unavailable: Some(serde_json::json!("50%")),
    };
    let v = RenderedValue::rolling_update(&ru);
    assert_eq!(
        v.render(ServerVersion::new(34)),
        "{\"Partition\":2,\"MaxUnavailable\":\"50%\"}"
    );
    assert!(v
        .render(ServerVersion::new(32))
        .starts_with("apps.RollingUpdateStatefulSetStrategy{Partition:2, MaxUnavailable:(*intstr.IntOrString)(0x"));
}

#[test]
fn strings_are_go_quoted() {
    let e = FieldError::invalid("x", RenderedValue::Str("a\tb\u{1}é".into()), "");
    assert_eq!(e.to_string(), "x: Invalid value: \"a\\tb\\x01é\"");
}

#[test]
fn version_knobs() {
    let v = ServerVersion::default();
    assert_eq!(v.minor, 37);
    assert!(v.renders_values_as_json() && v.validates_pod_template_on_create());
    assert!(!ServerVersion::new(32).renders_values_as_json());
    assert!(!ServerVersion::new(33).validates_pod_template_on_create());
    // MaxUnavailableStatefulSet: on in 1.35.0, off again in 1.36, on in 1.37.
    let gate: Vec<bool> = (34..=37)
        .map(|m| ServerVersion::new(m).max_unavailable_gate_default())
        .collect();
    assert_eq!(gate, [false, true, false, true]);
}

#[test]
fn namespace_must_be_a_label_when_set() {
    check(
        &web("  name: web\n", "  name: web\n  namespace: My_NS\n"),
        &format!("{INVALID}metadata.namespace: Invalid value: \"My_NS\": {LABEL_MSG}"),
    );
    check(
        &web("  name: web\n", "  name: web\n  namespace: default\n"),
        "",
    );
}
