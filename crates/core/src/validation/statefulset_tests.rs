//! Table-like tests of StatefulSet create validation: each case edits the tutorial manifest,
//! runs it through defaulting and validation, and compares the kubectl message byte for byte.

use super::test_support::*;
use super::*;

#[test]
fn tutorial_manifest_is_valid_on_every_release() {
    for minor in crate::versions::SUPPORTED_MINORS {
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
