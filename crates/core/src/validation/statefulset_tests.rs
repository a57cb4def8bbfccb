//! Table-like tests of StatefulSet validation: each case edits the tutorial manifest, runs it
//! through defaulting and validation, and compares the kubectl message byte for byte.

use super::*;
use crate::api::StatefulSet;

/// The docs/tutorial manifest (§0), valid on every release in scope.
const WEB: &str = r#"
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
"#;

const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/// Parses and defaults a manifest the way the API server does for `version`.
fn load(yaml: &str, version: ServerVersion) -> StatefulSet {
    let mut sts: StatefulSet = serde_yaml::from_str(yaml).expect("test manifest parses");
    default_statefulset(&mut sts, &Gates::for_version(version));
    sts
}

/// The kubectl output of creating `yaml` on a 1.`minor` server; "" when it is accepted.
fn create_message(minor: u32, yaml: &str) -> String {
    let version = ServerVersion::new(minor);
    let sts = load(yaml, version);
    let errs = validate_statefulset_create(&sts, version);
    if errs.is_empty() {
        String::new()
    } else {
        invalid_message("StatefulSet", &sts.metadata.name, &errs, version)
    }
}

/// Create on the default server (1.34).
fn check(yaml: &str, expected: &str) {
    check_v(34, yaml, expected);
}

fn check_v(minor: u32, yaml: &str, expected: &str) {
    assert_eq!(create_message(minor, yaml), expected, "server 1.{minor}");
}

/// `kubectl apply` of `new` over the stored `old`.
fn check_update(minor: u32, old: &str, new: &str, expected: &str) {
    let version = ServerVersion::new(minor);
    let (old, new) = (load(old, version), load(new, version));
    let errs = validate_statefulset_update(&old, &new, version);
    let got = if errs.is_empty() {
        String::new()
    } else {
        invalid_message("StatefulSet", &new.metadata.name, &errs, version)
    };
    assert_eq!(got, expected, "server 1.{minor}");
}

fn web(from: &str, to: &str) -> String {
    assert!(WEB.contains(from), "WEB has no {from:?}");
    WEB.replacen(from, to, 1)
}

/// Inserts `extra` (indented for `spec:`) right after `spec:` of the StatefulSet.
fn web_spec(extra: &str) -> String {
    web(
        "spec:\n  replicas: 2\n",
        &format!("spec:\n{extra}  replicas: 2\n"),
    )
}

const INVALID: &str = "The StatefulSet \"web\" is invalid: ";

#[test]
fn tutorial_manifest_is_valid_on_every_release() {
    for minor in 31..=35 {
        check_v(minor, WEB, "");
    }
}

// --- metadata.name -----------------------------------------------------------------------

#[test]
fn name_must_be_a_dns_label() {
    check(
        &web("name: web\n", "name: Web_1\n"),
        &format!("The StatefulSet \"Web_1\" is invalid: metadata.name: Invalid value: \"Web_1\": {LABEL_MSG}"),
    );
}

#[test]
fn s47_upper_case_name() {
    check(
        &web("name: web\n", "name: Web\n"),
        &format!("The StatefulSet \"Web\" is invalid: metadata.name: Invalid value: \"Web\": {LABEL_MSG}"),
    );
}

#[test]
fn name_with_dots_is_a_subdomain_not_a_label() {
    check(
        &web("name: web\n", "name: web.v1\n"),
        &format!("The StatefulSet \"web.v1\" is invalid: metadata.name: Invalid value: \"web.v1\": {LABEL_MSG}"),
    );
}

#[test]
fn name_longer_than_63_characters() {
    let name = "w".repeat(64);
    check(
        &web("name: web\n", &format!("name: {name}\n")),
        &format!("The StatefulSet \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": must be no more than 63 characters"),
    );
}

#[test]
fn name_of_52_characters_is_accepted() {
    // Accepted by validation even though pod creation fails later (§2.3).
    check(
        &web("name: web\n", &format!("name: {}\n", "w".repeat(52))),
        "",
    );
}

#[test]
fn name_or_generate_name_is_required() {
    check(
        &web("  name: web\n", "  labels: {}\n"),
        "The StatefulSet \"\" is invalid: metadata.name: Required value: name or generateName is required",
    );
}

#[test]
fn statefulset_labels_are_validated() {
    check(
        &web("  name: web\n", "  name: web\n  labels:\n    app: \"a b\"\n"),
        &format!("{INVALID}metadata.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
    );
}

// --- scalar spec fields ----------------------------------------------------------------

#[test]
fn pod_management_policy_must_be_known() {
    check(
        &web_spec("  podManagementPolicy: Foo\n"),
        &format!("{INVALID}spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'"),
    );
    check(&web_spec("  podManagementPolicy: Parallel\n"), "");
}

#[test]
fn s47_negative_replicas() {
    check(
        &web("replicas: 2", "replicas: -1"),
        &format!("{INVALID}spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
    );
    check(&web("replicas: 2", "replicas: 0"), "");
}

#[test]
fn negative_min_ready_seconds() {
    check(
        &web_spec("  minReadySeconds: -1\n"),
        &format!(
            "{INVALID}spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"
        ),
    );
}

#[test]
fn negative_start_ordinal() {
    check(
        &web_spec("  ordinals:\n    start: -1\n"),
        &format!(
            "{INVALID}spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0"
        ),
    );
    check(&web_spec("  ordinals:\n    start: 5\n"), "");
}

#[test]
fn negative_revision_history_limit_only_on_newer_servers() {
    let yaml = web_spec("  revisionHistoryLimit: -1\n");
    check(
        &yaml,
        &format!("{INVALID}spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"),
    );
    check_v(32, &yaml, "");
    check(&web_spec("  revisionHistoryLimit: 0\n"), "");
}

#[test]
fn retention_policy_values() {
    check(
        &web_spec("  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Foo\n"),
        &format!("{INVALID}spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: \"Foo\": supported values: \"Retain\", \"Delete\""),
    );
    check(
        &web_spec("  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: delete\n"),
        &format!("{INVALID}spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"delete\": supported values: \"Retain\", \"Delete\""),
    );
    check(
        &web_spec("  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Delete\n"),
        "",
    );
}

// --- updateStrategy --------------------------------------------------------------------

#[test]
fn unknown_update_strategy_type_prints_the_whole_struct() {
    let yaml = web_spec("  updateStrategy:\n    type: Foo\n");
    check(
        &yaml,
        &format!("{INVALID}spec.updateStrategy: Invalid value: {{\"Type\":\"Foo\",\"RollingUpdate\":null}}: must be 'RollingUpdate' or 'OnDelete'"),
    );
    check_v(
        32,
        &yaml,
        &format!("{INVALID}spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{{Type:\"Foo\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}}: must be 'RollingUpdate' or 'OnDelete'"),
    );
}

#[test]
fn rolling_update_block_with_on_delete() {
    let yaml =
        web_spec("  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 0\n");
    check(
        &yaml,
        &format!("{INVALID}spec.updateStrategy.rollingUpdate: Invalid value: {{\"Partition\":0,\"MaxUnavailable\":null}}: only allowed for updateStrategy 'RollingUpdate'"),
    );
    check_v(
        31,
        &yaml,
        &format!("{INVALID}spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{{Partition:0, MaxUnavailable:(*intstr.IntOrString)(nil)}}: only allowed for updateStrategy 'RollingUpdate'"),
    );
    check(&web_spec("  updateStrategy:\n    type: OnDelete\n"), "");
}

#[test]
fn s47_negative_partition() {
    check(
        &web_spec("  updateStrategy:\n    rollingUpdate:\n      partition: -1\n"),
        &format!("{INVALID}spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"),
    );
}

#[test]
fn partition_above_replicas_is_allowed() {
    check(
        &web_spec(
            "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 7\n",
        ),
        "",
    );
}

fn max_unavailable(value: &str) -> String {
    web_spec(&format!(
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: {value}\n"
    ))
}

const MAX_UNAVAILABLE: &str = "spec.updateStrategy.rollingUpdate.maxUnavailable";

#[test]
fn max_unavailable_zero() {
    check(
        &max_unavailable("0"),
        &format!("{INVALID}{MAX_UNAVAILABLE}: Invalid value: 0: cannot be 0"),
    );
    check(
        &max_unavailable("\"0%\""),
        &format!("{INVALID}{MAX_UNAVAILABLE}: Invalid value: \"0%\": cannot be 0"),
    );
}

#[test]
fn max_unavailable_over_100_percent() {
    check(
        &max_unavailable("\"150%\""),
        &format!(
            "{INVALID}{MAX_UNAVAILABLE}: Invalid value: \"150%\": must not be greater than 100%"
        ),
    );
    check(&max_unavailable("\"100%\""), "");
    check(&max_unavailable("3"), "");
}

#[test]
fn max_unavailable_negative_and_garbage() {
    check(
        &max_unavailable("-1"),
        &format!(
            "{INVALID}{MAX_UNAVAILABLE}: Invalid value: -1: must be greater than or equal to 0"
        ),
    );
    check(
        &max_unavailable("abc"),
        &format!("{INVALID}\n* {MAX_UNAVAILABLE}: Invalid value: \"abc\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')\n* {MAX_UNAVAILABLE}: Invalid value: \"abc\": cannot be 0"),
    );
}

#[test]
fn max_unavailable_in_go_syntax_is_the_raw_intstr() {
    check_v(
        32,
        &max_unavailable("0"),
        &format!("{INVALID}{MAX_UNAVAILABLE}: Invalid value: intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}: cannot be 0"),
    );
}

// --- selector and template labels --------------------------------------------------------

#[test]
fn missing_selector_gives_two_errors() {
    check(
        &web("  selector:\n    matchLabels:\n      app: nginx\n", ""),
        &format!("{INVALID}\n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: {{\"app\":\"nginx\"}}: `selector` does not match template `labels`"),
    );
}

#[test]
fn empty_selector() {
    let yaml = web(
        "  selector:\n    matchLabels:\n      app: nginx\n",
        "  selector: {}\n",
    );
    check(
        &yaml,
        &format!("{INVALID}spec.selector: Invalid value: {{}}: empty selector is invalid for statefulset"),
    );
    check_v(
        32,
        &yaml,
        &format!("{INVALID}spec.selector: Invalid value: v1.LabelSelector{{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}: empty selector is invalid for statefulset"),
    );
}

#[test]
fn s47_selector_does_not_match_template() {
    let yaml = web(
        "      labels:\n        app: nginx\n",
        "      labels:\n        app: web\n",
    );
    check(
        &yaml,
        &format!("{INVALID}spec.template.metadata.labels: Invalid value: {{\"app\":\"web\"}}: `selector` does not match template `labels`"),
    );
    check_v(
        32,
        &yaml,
        &format!("{INVALID}spec.template.metadata.labels: Invalid value: map[string]string{{\"app\":\"web\"}}: `selector` does not match template `labels`"),
    );
}

#[test]
fn template_without_labels_prints_a_nil_map() {
    let yaml = web(
        "      labels:\n        app: nginx\n",
        "      annotations: {}\n",
    );
    check(
        &yaml,
        &format!("{INVALID}spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`"),
    );
    check_v(
        31,
        &yaml,
        &format!("{INVALID}spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`"),
    );
}

#[test]
fn match_expressions_are_honoured() {
    let sel = "  selector:\n    matchLabels:\n      app: nginx\n";
    check(
        &web(sel, "  selector:\n    matchExpressions:\n    - {key: app, operator: In, values: [nginx, web]}\n"),
        "",
    );
    check(
        &web(sel, "  selector:\n    matchExpressions:\n    - {key: app, operator: NotIn, values: [nginx]}\n"),
        &format!("{INVALID}spec.template.metadata.labels: Invalid value: {{\"app\":\"nginx\"}}: `selector` does not match template `labels`"),
    );
}

#[test]
fn broken_selector_skips_the_template_check() {
    let sel = "  selector:\n    matchLabels:\n      app: nginx\n";
    check(
        &web(sel, "  selector:\n    matchExpressions:\n    - {key: app, operator: Foo}\n"),
        &format!("{INVALID}\n* spec.selector.matchExpressions[0].operator: Invalid value: \"Foo\": not a valid selector operator\n* spec.selector: Invalid value: {{\"matchExpressions\":[{{\"key\":\"app\",\"operator\":\"Foo\"}}]}}"),
    );
    check(
        &web(sel, "  selector:\n    matchExpressions:\n    - {key: app, operator: In}\n"),
        &format!("{INVALID}\n* spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'\n* spec.selector: Invalid value: {{\"matchExpressions\":[{{\"key\":\"app\",\"operator\":\"In\"}}]}}"),
    );
    check(
        &web(sel, "  selector:\n    matchExpressions:\n    - {key: app, operator: Exists, values: [x]}\n"),
        &format!("{INVALID}\n* spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'\n* spec.selector: Invalid value: {{\"matchExpressions\":[{{\"key\":\"app\",\"operator\":\"Exists\",\"values\":[\"x\"]}}]}}"),
    );
}

#[test]
fn template_label_value_is_validated_under_template_labels() {
    check(
        &web("        app: nginx\n    spec:", "        app: nginx\n        tier: \"-x\"\n    spec:"),
        &format!("{INVALID}spec.template.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
    );
}

#[test]
fn template_label_key_is_validated() {
    check(
        &web("        app: nginx\n    spec:", "        app: nginx\n        Example.com/tier: x\n    spec:"),
        &format!("{INVALID}spec.template.labels: Invalid value: \"Example.com/tier\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
    );
    check(
        &web("        app: nginx\n    spec:", "        app: nginx\n        a/b/c: x\n    spec:"),
        &format!("{INVALID}spec.template.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
    );
    check(
        &web(
            "        app: nginx\n    spec:",
            "        app: nginx\n        example.com/tier: x\n    spec:",
        ),
        "",
    );
}

// --- template spec -------------------------------------------------------------------------

#[test]
fn s47_restart_policy_never() {
    check(
        &web("      terminationGracePeriodSeconds: 10\n", "      restartPolicy: Never\n"),
        &format!("{INVALID}spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""),
    );
    check(
        &web("      terminationGracePeriodSeconds: 10\n", "      restartPolicy: OnFailure\n"),
        &format!("{INVALID}spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""),
    );
}

#[test]
fn active_deadline_seconds_is_forbidden() {
    check(
        &web("      terminationGracePeriodSeconds: 10\n", "      activeDeadlineSeconds: 30\n"),
        &format!("{INVALID}spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported"),
    );
}

#[test]
fn s47_two_errors_in_validation_order() {
    let yaml = web("replicas: 2", "replicas: -1").replace(
        "      terminationGracePeriodSeconds: 10\n",
        "      restartPolicy: Never\n",
    );
    check(
        &yaml,
        "The StatefulSet \"web\" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
    );
}

#[test]
fn many_errors_follow_upstream_order() {
    let yaml = web_spec("  podManagementPolicy: Foo\n  minReadySeconds: -2\n  updateStrategy:\n    rollingUpdate:\n      partition: -1\n")
        .replace("replicas: 2", "replicas: -1")
        .replace("      labels:\n        app: nginx\n", "      labels:\n        app: web\n")
        .replace("      terminationGracePeriodSeconds: 10\n", "      activeDeadlineSeconds: 5\n");
    let version = ServerVersion::default();
    let sts = load(&yaml, version);
    let paths: Vec<String> = validate_statefulset_create(&sts, version)
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert_eq!(
        paths,
        [
            "spec.podManagementPolicy",
            "spec.updateStrategy.rollingUpdate.partition",
            "spec.replicas",
            "spec.minReadySeconds",
            "spec.template.metadata.labels",
            "spec.template.spec.activeDeadlineSeconds",
        ]
    );
}

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
        for minor in 31..=35 {
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
