//! The "Why?" account names the blocking object and the rule.

mod common;
use common::*;
use sts_core::api::*;
use sts_core::cluster::{DeleteOptions, Fault, Propagation};
use sts_core::explain::explain;
use sts_core::time::Duration;

fn why(c: &sts_core::cluster::Cluster) -> sts_core::explain::Explanation {
    explain(c, &ObjectKey::new(Kind::StatefulSet, "default", "web")).unwrap()
}

#[test]
fn a_crash_looping_pod_is_named_as_the_blocker_of_a_scale_up() {
    let mut c = cluster();
    c.set_fault("default", "web-1", Fault::CrashLoop);
    apply(&mut c, M);
    c.settle(Duration::minutes(2));
    let e = why(&c);
    let waiting = e.waiting.unwrap();
    assert!(waiting.starts_with("web-1 to be Running and Ready before web-2 is created: its container nginx keeps crashing ("), "{waiting}");
    assert!(waiting.ends_with("; `sim heal` stops the crashes"));
    assert_eq!(e.rule.unwrap(), "OrderedReady creates, deletes or updates a pod only when every pod before it is Running and Ready");
    assert!(e.summary.starts_with("statefulset/web: 1/3 Ready"));
}

#[test]
fn a_pod_on_a_dead_node_is_explained_with_the_ways_out() {
    let mut c = settled_m();
    let node = kill_node_of(&mut c, "web-1");
    c.advance(Duration::seconds(400));
    let e = why(&c);
    let waiting = e.waiting.unwrap();
    assert!(
        waiting.starts_with(&format!(
            "web-1 to finish terminating — its node {node} is unreachable"
        )),
        "{waiting}"
    );
    assert!(waiting.contains("kubectl delete pod web-1 --grace-period=0 --force"));
    assert!(e
        .rule
        .unwrap()
        .contains("never runs two pods with one identity"));
}

#[test]
fn a_missing_or_non_headless_service_is_a_warning() {
    let mut c = cluster();
    let set_only = M.split("---").nth(1).unwrap().to_string();
    apply(&mut c, &set_only);
    settle(&mut c);
    assert_eq!(
        why(&c).warnings,
        ["serviceName names no Service: create a headless Service \"nginx\" (clusterIP: None) for stable DNS names such as web-0.nginx.default.svc.cluster.local"]
    );
    apply(
        &mut c,
        &M.split("---")
            .next()
            .unwrap()
            .replace("  clusterIP: None\n", ""),
    );
    settle(&mut c);
    assert!(
        why(&c).warnings[0].starts_with("Service \"nginx\" is not headless (clusterIP is 10.96.")
    );
    assert!(
        c.resolve("web-0.nginx", "default").is_empty(),
        "no per-pod names without a headless Service"
    );
}

#[test]
fn a_settled_set_waits_for_nothing_and_a_deleting_one_says_why_it_does_nothing() {
    let mut c = settled_m();
    let e = why(&c);
    assert_eq!(e.waiting, None);
    assert!(e
        .to_string()
        .contains("- waiting: nothing; the set matches its spec"));
    c.delete(
        &ObjectKey::new(Kind::StatefulSet, "default", "web"),
        DeleteOptions {
            propagation: Propagation::Foreground,
            ..Default::default()
        },
    )
    .unwrap();
    c.step();
    let e = why(&c);
    assert!(e
        .waiting
        .unwrap()
        .starts_with("nothing: the StatefulSet is being deleted"));
    assert!(e
        .rule
        .unwrap()
        .contains("scale to 0 first for an ordered teardown"));
}

#[test]
fn scale_down_and_update_deletions_say_why() {
    let mut c = settled_m();
    scale(&mut c, 2);
    c.step();
    assert_eq!(why(&c).did, ["deleted pod web-2: its ordinal is outside the 2 replicas (scale-down, highest ordinal first)"]);
    settle(&mut c);
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
    while why(&c).did.is_empty() || !why(&c).did[0].starts_with("deleted") {
        c.step();
    }
    assert!(why(&c).did[0].starts_with("deleted pod web-1 to replace it with revision web-"));
}

#[test]
fn a_crash_loop_set_on_a_running_pod_starts_at_once_and_names_the_next_pod_to_create() {
    let mut c = settled_m();
    let restarts = |c: &sts_core::cluster::Cluster| {
        pod(c, "web-1").unwrap().status.container_statuses[0].restart_count
    };
    assert_eq!(restarts(&c), 0);
    c.set_fault("default", "web-1", Fault::CrashLoop);
    scale(&mut c, 5);
    c.advance(Duration::seconds(5));
    // The running container exited at once (and keeps exiting); web-2 exists, so the pod
    // waited for is web-3.
    assert!(restarts(&c) >= 1);
    assert!(pod(&c, "web-3").is_none());
    let waiting = why(&c).waiting.unwrap();
    assert!(
        waiting.starts_with("web-1 to be Running and Ready before web-3 is created: "),
        "{waiting}"
    );
}

/// Where another release would act differently, the account says so (docs/versions.md).
#[test]
fn the_account_names_what_another_release_would_do() {
    let on = |minor: u32, manifest: &str| {
        let mut c = cluster_on(minor);
        apply(&mut c, manifest);
        settle(&mut c);
        c
    };
    // An OnDelete set whose pods were all recreated: 1.36 keeps currentRevision behind.
    let on_delete = M.replace(
        "  serviceName: nginx",
        "  serviceName: nginx\n  updateStrategy:\n    type: OnDelete",
    );
    for (minor, noted) in [(36, true), (37, false)] {
        let mut c = on(minor, &on_delete);
        set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
        settle(&mut c);
        for pod in ["web-0", "web-1", "web-2"] {
            delete_pod(&mut c, pod);
            settle(&mut c);
        }
        let notes = why(&c).versions;
        assert_eq!(
            notes.iter().any(|n| n.contains("1.37 would now set it")),
            noted,
            "1.{minor}: {notes:?}"
        );
    }
    // A rolling update in progress: 1.36 replaces one pod at a time.
    let mut c = on(36, M);
    c.set_fault("default", "web-2", Fault::CrashLoop);
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
    c.advance(Duration::seconds(30));
    let notes = why(&c).versions;
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("on 1.36 the MaxUnavailableStatefulSet feature gate is off")),
        "{notes:?}"
    );
    // 1.35 with Parallel: the regression of issue 137409 is named.
    let parallel = M.replace(
        "  serviceName: nginx",
        "  serviceName: nginx\n  podManagementPolicy: Parallel",
    );
    let mut c = on(35, &parallel);
    c.set_image_broken("registry.k8s.io/nginx-slim:0.99", true);
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.99");
    c.advance(Duration::seconds(60));
    let notes = why(&c).versions;
    assert!(
        notes.iter().any(|n| n.contains("issue 137409")),
        "{notes:?}"
    );
}
