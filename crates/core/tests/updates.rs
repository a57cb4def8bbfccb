//! Scenarios S14–S34: re-creation of deleted and failed pods, crash loops, rolling updates
//! with partitions, OnDelete, rollbacks and restarts.

mod common;
use common::*;
use sts_core::api::*;
use sts_core::cluster::{Cluster, Fault};
use sts_core::time::Duration;

const A: &str = "registry.k8s.io/nginx-slim:0.21";
const B: &str = "registry.k8s.io/nginx-slim:0.24";

fn images(c: &Cluster) -> Vec<String> {
    pods(c).iter().map(image_of).collect()
}

#[test]
fn s14_a_deleted_pod_comes_back_with_its_identity_and_claim() {
    let mut c = settled_m();
    let old = pod(&c, "web-1").unwrap();
    c.write_volume_file("default", "www-web-1", "index.html", "web-1\n".into());
    let events_before = set_events(&c).len();
    delete_pod(&mut c, "web-1");
    let (_, created) = watch(&mut c, |_| {});
    assert_eq!(created, ["web-1"]);
    let new = pod(&c, "web-1").unwrap();
    assert_ne!(new.metadata.uid, old.metadata.uid);
    assert_eq!(new.spec.hostname, old.spec.hostname);
    assert_eq!(
        new.metadata.labels.get("controller-revision-hash"),
        old.metadata.labels.get("controller-revision-hash")
    );
    assert_eq!(
        set_events(&c)[events_before..],
        ["create Pod web-1 in StatefulSet web successful"]
    );
    assert_eq!(
        c.volume_files("default", "www-web-1").unwrap()["index.html"],
        "web-1\n"
    );
}

#[test]
fn s15_deleting_all_pods_restarts_them_in_order() {
    let mut c = cluster();
    apply(&mut c, &M.replace("replicas: 3", "replicas: 2"));
    settle(&mut c);
    delete_pod(&mut c, "web-0");
    delete_pod(&mut c, "web-1");
    let mut web1_created_after_web0_ready = true;
    let old1 = pod(&c, "web-1").unwrap().metadata.uid;
    let (_, created) = watch(&mut c, |c| {
        if let Some(p1) = pod(c, "web-1") {
            if p1.metadata.uid != old1 && !pod(c, "web-0").is_some_and(|p| p.is_running_and_ready())
            {
                web1_created_after_web0_ready = false;
            }
        }
    });
    assert_eq!(created, ["web-0", "web-1"]);
    assert!(web1_created_after_web0_ready);
}

#[test]
fn s16_a_failed_pod_is_deleted_then_created_again() {
    let mut c = settled_m();
    let events_before = set_events(&c).len();
    assert!(c.evict("default", "web-1"));
    let old = pod(&c, "web-1").unwrap();
    assert_eq!(
        (&*old.status.phase, old.status.reason.as_deref()),
        ("Failed", Some("Evicted"))
    );
    let (_, created) = watch(&mut c, |c| {
        assert!(pod(c, "web-2")
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_none())
    });
    assert_eq!(created, ["web-1"]);
    assert_eq!(
        set_events(&c)[events_before..],
        [
            "delete Pod web-1 in StatefulSet web successful",
            "create Pod web-1 in StatefulSet web successful"
        ]
    );
    assert!(c.events().iter().all(|e| e.reason != "RecreatingFailedPod"));
}

#[test]
fn s18_a_crash_loop_is_never_replaced_and_blocks_ordered_creation() {
    let mut c = cluster();
    c.set_fault("default", "web-0", Fault::CrashLoop);
    apply(&mut c, M);
    let (_, outcome) = c.settle(Duration::minutes(20));
    assert_eq!(
        outcome,
        sts_core::cluster::SettleOutcome::Limit,
        "a crash loop never settles"
    );
    let p = pod(&c, "web-0").unwrap();
    assert_eq!(p.status.phase, "Running");
    assert!(p.status.container_statuses[0].restart_count >= 5);
    assert!(pod(&c, "web-1").is_none());
    assert_eq!(set(&c, "web").status.ready_replicas, 0);
    assert_eq!(
        set_events(&c).len(),
        2,
        "only web-0's claim and pod were ever created"
    );
    // The restart delays: 0 (first exit), then 10 s, 20 s, 40 s, 80 s, 160 s, 300 s…
    // Each run lasts 0.5 s before the exit.
    let starts: Vec<i64> = c
        .event_occurrences()
        .filter(|(_, e)| e.reason == "Started" && e.involved_object.name == "web-0")
        .map(|(t, _)| t.0)
        .collect();
    let waits: Vec<i64> = starts
        .windows(2)
        .map(|w| (w[1] - w[0] - 500) / 1000)
        .collect();
    assert_eq!(waits[..7], [0, 10, 20, 40, 80, 160, 300]);
    let backoff = c
        .events()
        .iter()
        .find(|e| e.reason == "BackOff" && e.involved_object.name == "web-0")
        .unwrap();
    assert!(backoff.count > 3);
    assert_eq!(
        backoff.message,
        format!(
            "Back-off restarting failed container nginx in pod web-0_default({})",
            p.metadata.uid
        )
    );
}

#[test]
fn s21_rolling_update_goes_from_the_highest_ordinal_down_one_at_a_time() {
    let mut c = settled_m();
    let ha = revisions(&c)[0].0.clone();
    set_image(&mut c, B);
    let (deleted, created) = watch(&mut c, |c| {
        let unready = pods(c).iter().filter(|p| !p.is_running_and_ready()).count();
        assert!(unready <= 1, "at most one pod is not Ready");
        let s = set(c, "web");
        let live = pods(c)
            .iter()
            .filter(|p| p.metadata.deletion_timestamp.is_none() && !p.status.phase.is_empty())
            .count() as i32;
        if s.status.current_revision != s.status.update_revision {
            assert!(
                s.status.current_replicas + s.status.updated_replicas <= live,
                "{:?} {live}",
                s.status
            );
        }
    });
    assert_eq!(deleted, ["web-2", "web-1", "web-0"]);
    assert_eq!(created, ["web-2", "web-1", "web-0"]);
    let revs = revisions(&c);
    assert_eq!(revs.len(), 2);
    let hb = revs[1].0.clone();
    assert_eq!(revs[1].1, 2);
    let s = set(&c, "web");
    assert_eq!(
        (
            s.status.current_revision.clone(),
            s.status.update_revision.clone()
        ),
        (hb.clone(), hb)
    );
    assert_eq!(
        (s.status.current_replicas, s.status.updated_replicas),
        (3, 3)
    );
    assert_eq!(images(&c), [B, B, B]);
    assert_ne!(ha, revs[1].0);
}

#[test]
fn s22_s23_partition_stages_an_update_and_deleted_pods_keep_the_old_revision() {
    let mut c = settled_m();
    set_partition(&mut c, 3);
    set_image(&mut c, B);
    let (deleted, _) = watch(&mut c, |_| {});
    assert!(
        deleted.is_empty(),
        "nothing is updated with partition >= replicas"
    );
    let s = set(&c, "web");
    assert_ne!(s.status.current_revision, s.status.update_revision);
    assert_eq!(s.status.updated_replicas, 0);
    delete_pod(&mut c, "web-2");
    settle(&mut c);
    assert_eq!(
        image_of(&pod(&c, "web-2").unwrap()),
        A,
        "below the partition: the old template"
    );
}

#[test]
fn s24_s25_canary_then_phased_roll_out() {
    let mut c = settled_m();
    set_partition(&mut c, 3);
    set_image(&mut c, B);
    settle(&mut c);
    set_partition(&mut c, 2);
    let (deleted, _) = watch(&mut c, |_| {});
    assert_eq!(deleted, ["web-2"]);
    assert_eq!(images(&c), [A, A, B]);
    let s = set(&c, "web");
    assert_eq!(
        (s.status.updated_replicas, s.status.current_replicas),
        (1, 2)
    );
    assert_ne!(s.status.current_revision, s.status.update_revision);
    delete_pod(&mut c, "web-1");
    settle(&mut c);
    assert_eq!(
        images(&c),
        [A, A, B],
        "web-1 comes back at the old revision"
    );
    set_partition(&mut c, 0);
    let (deleted, _) = watch(&mut c, |_| {});
    assert_eq!(deleted, ["web-1", "web-0"]);
    let s = set(&c, "web");
    assert_eq!(s.status.current_revision, s.status.update_revision);
    assert_eq!(s.status.current_replicas, 3);
}

#[test]
fn s22_without_partition_a_deleted_pod_comes_back_at_the_update_revision() {
    let mut c = settled_m();
    set_image(&mut c, B);
    // As soon as web-2 is replaced, delete web-0 by hand: it returns with the new template.
    run_until(
        &mut c,
        |c| pod(c, "web-2").is_some_and(|p| image_of(&p) == B && p.is_running_and_ready()),
        |_| {},
    );
    delete_pod(&mut c, "web-0");
    run_until(
        &mut c,
        |c| {
            pod(c, "web-0").is_some_and(|p| {
                p.metadata.deletion_timestamp.is_none()
                    && !p.status.phase.is_empty()
                    && image_of(&p) == B
            })
        },
        |_| {},
    );
    settle(&mut c);
    assert_eq!(images(&c), [B, B, B]);
}

#[test]
fn s27_on_delete_replaces_nothing_and_advances_the_current_revision_only_from_1_37() {
    for minor in [36, 37] {
        let mut c = cluster_on(minor);
        apply(
            &mut c,
            &M.replace(
                "  serviceName: nginx",
                "  serviceName: nginx\n  updateStrategy:\n    type: OnDelete",
            ),
        );
        settle(&mut c);
        set_image(&mut c, B);
        let (deleted, _) = watch(&mut c, |_| {});
        assert!(deleted.is_empty());
        let s = set(&c, "web");
        assert_eq!(
            (s.status.updated_replicas, s.status.current_replicas),
            (0, 3)
        );
        delete_pod(&mut c, "web-1");
        settle(&mut c);
        assert_eq!(images(&c), [A, B, A]);
        delete_pod(&mut c, "web-0");
        settle(&mut c);
        delete_pod(&mut c, "web-2");
        settle(&mut c);
        let s = set(&c, "web");
        if minor <= 36 {
            // S27: OnDelete never completes a rollout; currentRevision stays hA.
            assert_eq!(
                (s.status.updated_replicas, s.status.current_replicas),
                (3, 0)
            );
            assert_ne!(s.status.current_revision, s.status.update_revision);
        } else {
            // 1.37 (PR 136833): every pod recreated at the update revision and ready.
            assert_eq!(
                (s.status.updated_replicas, s.status.current_replicas),
                (3, 3)
            );
            assert_eq!(s.status.current_revision, s.status.update_revision);
        }
    }
}

#[test]
fn s29_a_rollback_renumbers_the_old_revision() {
    let mut c = settled_m();
    let ha = revisions(&c)[0].0.clone();
    set_image(&mut c, B);
    settle(&mut c);
    set_image(&mut c, A);
    settle(&mut c);
    let revs = revisions(&c);
    assert_eq!(revs.iter().map(|r| r.1).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(revs[1].0, ha, "the update revision is A's original name");
    assert_eq!(set(&c, "web").status.update_revision, ha);
    assert_eq!(images(&c), [A, A, A]);
}

#[test]
fn s30_a_broken_ordered_update_is_not_fixed_by_reverting() {
    let mut c = settled_m();
    c.set_image_broken("registry.k8s.io/nginx-slim:0.99", true);
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.99");
    c.settle(Duration::minutes(5));
    set_image(&mut c, A);
    c.settle(Duration::minutes(10));
    let p2 = pod(&c, "web-2").unwrap();
    assert_eq!(
        image_of(&p2),
        "registry.k8s.io/nginx-slim:0.99",
        "the broken pod is not replaced"
    );
    assert_eq!(
        p2.status.container_statuses[0]
            .state
            .waiting
            .as_ref()
            .unwrap()
            .reason
            .as_deref(),
        Some("ImagePullBackOff")
    );
    delete_pod(&mut c, "web-2");
    settle(&mut c);
    assert_eq!(
        images(&c),
        [A, A, A],
        "deleting it by hand brings the reverted template"
    );
}

/// Issue 137409: with the MaxUnavailableStatefulSet gate on (1.35.0), Parallel pods broken by
/// a bad revision count against maxUnavailable, so the revert never replaces them; 1.36 turned
/// the gate off and 1.37 turned it on again with PR 137666, which replaces them first.
#[test]
fn s30_a_parallel_set_heals_a_broken_update_after_revert_except_on_1_35() {
    for minor in [34, 35, 36, 37] {
        let mut c = cluster_on(minor);
        apply(
            &mut c,
            &M.replace(
                "  serviceName: nginx",
                "  serviceName: nginx\n  podManagementPolicy: Parallel",
            ),
        );
        settle(&mut c);
        c.set_image_broken("registry.k8s.io/nginx-slim:0.99", true);
        set_image(&mut c, "registry.k8s.io/nginx-slim:0.99");
        c.settle(Duration::minutes(2));
        set_image(&mut c, A);
        c.settle(Duration::minutes(10));
        let healed = images(&c) == [A, A, A];
        assert_eq!(healed, minor != 35, "1.{minor}: {:?}", images(&c));
    }
}

#[test]
fn s31_scale_up_and_update_creates_missing_pods_before_updating() {
    let mut c = settled_m();
    modify_set(&mut c, |s| {
        s.spec.replicas = Some(5);
        s.spec.template.spec.containers[0].image = Some(B.into());
    });
    let (deleted, created) = watch(&mut c, |_| {});
    assert_eq!(created, ["web-3", "web-4", "web-2", "web-1", "web-0"]);
    assert_eq!(deleted, ["web-2", "web-1", "web-0"]);
}

#[test]
fn s32_scale_down_and_update_scales_first() {
    let mut c = settled_m();
    scale(&mut c, 5);
    settle(&mut c);
    modify_set(&mut c, |s| {
        s.spec.replicas = Some(3);
        s.spec.template.spec.containers[0].image = Some(B.into());
    });
    let (deleted, _) = watch(&mut c, |_| {});
    assert_eq!(deleted, ["web-4", "web-3", "web-2", "web-1", "web-0"]);
    assert_eq!(images(&c), [B, B, B]);
}

#[test]
fn s34_restart_annotation_makes_a_new_revision_and_replaces_every_pod() {
    let mut c = settled_m();
    modify_set(&mut c, |s| {
        s.spec.template.metadata.annotations.insert(
            "kubectl.kubernetes.io/restartedAt".into(),
            "2025-01-01T00:01:00Z".into(),
        );
    });
    let (deleted, _) = watch(&mut c, |_| {});
    assert_eq!(deleted, ["web-2", "web-1", "web-0"]);
    assert_eq!(revisions(&c).len(), 2);
    assert_eq!(images(&c), [A, A, A]);
}

#[test]
fn s35_min_ready_seconds_spaces_out_ordered_creation() {
    let mut c = cluster();
    apply(
        &mut c,
        &M.replace(
            "  serviceName: nginx",
            "  serviceName: nginx\n  minReadySeconds: 10",
        ),
    );
    settle(&mut c);
    let ready_at = |name: &str| {
        let p = pod(&c, name).unwrap();
        p.condition("Ready").unwrap().last_transition_time.unwrap()
    };
    let created_at = |name: &str| pod(&c, name).unwrap().metadata.creation_timestamp.unwrap();
    assert!(created_at("web-1") - ready_at("web-0") >= Duration::seconds(10));
    assert!(created_at("web-2") - ready_at("web-1") >= Duration::seconds(10));
    assert_eq!(set(&c, "web").status.available_replicas, 3);
}

#[test]
fn s50a_a_name_over_52_characters_fails_every_pod_create() {
    let mut c = cluster();
    let long = "a".repeat(55);
    apply(
        &mut c,
        &M.replace("name: web\n", &format!("name: {long}\n")),
    );
    c.settle(Duration::minutes(2));
    assert!(pods(&c).is_empty());
    let failed = c
        .events()
        .iter()
        .find(|e| e.reason == "FailedCreate")
        .unwrap();
    assert!(failed.message.starts_with(&format!("create Pod {long}-0 in StatefulSet {long} failed error: Pod \"{long}-0\" is invalid: metadata.labels: Invalid value: \"{long}-")), "{}", failed.message);
    assert!(failed
        .message
        .ends_with("\": must be no more than 63 characters"));
    assert!(failed.count > 3, "the create is retried with back-off");
}

#[test]
fn s20a_an_adopted_orphan_is_replaced_by_the_rolling_update() {
    let mut c = cluster();
    // A hand-made pod that matches the selector and the naming.
    let mut objs = objects(M);
    let mut orphan = Pod::default();
    orphan.metadata.name = "web-0".into();
    orphan.metadata.labels.insert("app".into(), "nginx".into());
    orphan.spec.containers = vec![Container {
        name: "nginx".into(),
        image: Some(A.into()),
        ..Default::default()
    }]
    .into();
    c.create(Object::Pod(orphan)).unwrap();
    settle(&mut c);
    for o in objs.drain(..) {
        c.create(o).unwrap();
    }
    let orphan_uid = pod(&c, "web-0").unwrap().metadata.uid;
    let (deleted, _) = watch(&mut c, |_| {});
    assert_eq!(
        deleted,
        ["web-0"],
        "the adopted pod has no revision label and is replaced"
    );
    assert_ne!(pod(&c, "web-0").unwrap().metadata.uid, orphan_uid);
}
