//! Scenarios S5, S6, S47 and S48 through the API server: defaults, rejected creates and
//! updates that leave the cluster unchanged, and changes that are allowed.

mod common;
use common::*;
use sts_core::api::*;
use sts_core::cluster::Fault;
use sts_core::time::Duration;

fn first_set(yaml: &str) -> Object {
    objects(yaml)
        .into_iter()
        .find(|o| o.kind() == Kind::StatefulSet)
        .unwrap()
}

#[test]
fn s47_invalid_sets_are_refused_with_kubectl_text_and_nothing_is_created() {
    let cases = [
        (
            M.replace("    metadata:\n      labels: {app: nginx}", "    metadata:\n      labels: {app: web}"),
            "The StatefulSet \"web\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`",
        ),
        (
            M.replace("  replicas: 3", "  replicas: -1"),
            "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
        ),
        (
            M.replace("  replicas: 3", "  replicas: -1").replace("      terminationGracePeriodSeconds: 10", "      terminationGracePeriodSeconds: 10\n      restartPolicy: Never"),
            "The StatefulSet \"web\" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
        ),
    ];
    for (yaml, want) in cases {
        let mut c = cluster();
        let err = c.create(first_set(&yaml)).unwrap_err();
        assert_eq!(err.reason, "Invalid");
        assert_eq!(err.message, want);
        assert!(c.list(Kind::StatefulSet, None).next().is_none());
        assert!(c.step().is_none(), "nothing happens");
    }
}

#[test]
fn s48_immutable_fields_are_refused_and_the_set_is_unchanged() {
    let mut c = settled_m();
    let before = set(&c, "web");
    let mut changed = before.clone();
    changed.spec.pod_management_policy = Some("Parallel".into());
    let err = c.update(Object::StatefulSet(changed)).unwrap_err();
    assert_eq!(
        err.message,
        "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    );
    assert_eq!(set(&c, "web"), before);
    modify_set(&mut c, |s| s.spec.min_ready_seconds = Some(5));
    assert_eq!(set(&c, "web").metadata.generation, 2);
}

#[test]
fn defaults_are_visible_on_the_stored_set() {
    let mut c = cluster();
    apply(&mut c, M);
    let s = set(&c, "web");
    assert_eq!(
        s.spec.pod_management_policy.as_deref(),
        Some("OrderedReady")
    );
    assert_eq!(s.spec.revision_history_limit, Some(10));
    let strategy = s.spec.update_strategy.clone().unwrap();
    assert_eq!(strategy.type_.as_deref(), Some("RollingUpdate"));
    assert_eq!(strategy.rolling_update.unwrap().partition, Some(0));
    assert_eq!(
        s.spec.template.spec.containers[0]
            .image_pull_policy
            .as_deref(),
        Some("IfNotPresent")
    );
    assert_eq!(
        s.spec.volume_claim_templates[0].kind,
        "PersistentVolumeClaim"
    );
    assert_eq!(s.spec.volume_claim_templates[0].api_version, "v1");
    assert_eq!(
        s.spec.volume_claim_templates[0].spec.volume_mode.as_deref(),
        Some("Filesystem")
    );
    let claim = &s.spec.volume_claim_templates[0];
    assert_eq!(
        (&*claim.api_version, &*claim.kind),
        ("v1", "PersistentVolumeClaim")
    );
}

#[test]
fn s5_moving_the_start_ordinal_creates_low_then_deletes_high() {
    let mut c = cluster();
    apply(
        &mut c,
        &M.replace("  replicas: 3", "  replicas: 3\n  ordinals:\n    start: 2"),
    );
    settle(&mut c);
    let revs = revisions(&c);
    modify_set(&mut c, |s| {
        s.spec.ordinals = Some(StatefulSetOrdinals { start: 0 })
    });
    let (deleted, created) = watch(&mut c, |_| {});
    assert_eq!(created, ["web-0", "web-1"]);
    assert_eq!(deleted, ["web-4", "web-3"]);
    assert_eq!(names(&pods(&c)), ["web-0", "web-1", "web-2"]);
    assert_eq!(revisions(&c), revs);
    assert_eq!(set(&c, "web").status.observed_generation, Some(2));
}

const PROBED: &str = "        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n        readinessProbe:\n          httpGet:\n            path: /index.html\n            port: 80\n";

#[test]
fn s6_scale_up_halts_while_a_pod_is_unready() {
    let mut c = cluster();
    let yaml = M.replace("  replicas: 3", "  replicas: 1").replace(
        "        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n",
        PROBED,
    );
    apply(&mut c, &yaml);
    settle(&mut c);
    assert!(pod(&c, "web-0").unwrap().is_ready());
    c.set_fault("default", "web-0", Fault::Unready);
    settle(&mut c);
    let p = pod(&c, "web-0").unwrap();
    assert!(!p.is_ready());
    assert_eq!(set(&c, "web").status.ready_replicas, 0);
    let unhealthy = c.events().iter().find(|e| e.reason == "Unhealthy").unwrap();
    assert_eq!(
        unhealthy.message,
        "Readiness probe failed: HTTP probe failed with statuscode: 503"
    );
    assert_eq!(
        unhealthy.count, 3,
        "failureThreshold 3 failures make it unready"
    );
    scale(&mut c, 3);
    c.advance(Duration::seconds(60));
    assert!(
        pod(&c, "web-1").is_none(),
        "no web-1 while web-0 is not Ready"
    );
    c.heal("default", "web-0");
    let (_, created) = watch(&mut c, |_| {});
    assert_eq!(created, ["web-1", "web-2"]);
}

#[test]
fn invalid_fields_can_be_pointed_at_in_the_manifest() {
    let yaml = M.replace("  replicas: 3", "  replicas: -1").replace(
        "      terminationGracePeriodSeconds: 10",
        "      terminationGracePeriodSeconds: 10\n      restartPolicy: Never",
    );
    let mut c = cluster();
    let err = c.create(first_set(&yaml)).unwrap_err();
    assert_eq!(
        err.fields,
        ["spec.replicas", "spec.template.spec.restartPolicy"]
    );
    let set_doc = yaml.split("---").nth(1).unwrap();
    let line_of = |needle: &str| set_doc.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_eq!(
        sts_core::manifest::locate(set_doc, &err.fields[0]),
        Some((line_of("replicas: -1"), 3))
    );
    assert_eq!(
        sts_core::manifest::locate(set_doc, &err.fields[1]),
        Some((line_of("restartPolicy: Never"), 7))
    );
}
