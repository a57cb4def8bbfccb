//! Scenarios S38–S46 and S51: retention policies, deleting a StatefulSet with each cascade,
//! adoption after an orphaning delete, and a node that stops answering.

mod common;
use common::*;
use sts_core::api::*;
use sts_core::cluster::{Cluster, DeleteOptions, Propagation};
use sts_core::time::Duration;

fn with(policy: &str) -> Cluster {
    let mut c = cluster();
    apply(
        &mut c,
        &M.replace(
            "  serviceName: nginx",
            &format!("  serviceName: nginx\n  persistentVolumeClaimRetentionPolicy: {policy}"),
        ),
    );
    settle(&mut c);
    c
}

fn delete_set(c: &mut Cluster, propagation: Propagation) {
    c.delete(
        &ObjectKey::new(Kind::StatefulSet, "default", "web"),
        DeleteOptions {
            propagation,
            ..Default::default()
        },
    )
    .unwrap();
}

fn owner_kinds(p: &PersistentVolumeClaim) -> Vec<String> {
    p.metadata
        .owner_references
        .iter()
        .map(|r| format!("{}/{}", r.kind, r.name))
        .collect()
}

#[test]
fn s38_when_scaled_delete_hands_the_claim_to_the_pod_then_the_gc_deletes_it() {
    let mut c = with("{whenScaled: Delete, whenDeleted: Retain}");
    scale(&mut c, 5);
    settle(&mut c);
    assert!(owner_kinds(&claim(&c, "www-web-4").unwrap()).is_empty());
    scale(&mut c, 3);
    run_until(&mut c, |c| terminating(c) == ["web-4"], |_| {});
    let pvc = claim(&c, "www-web-4").unwrap();
    assert_eq!(owner_kinds(&pvc), ["Pod/web-4"]);
    assert_eq!(
        pvc.metadata.owner_references[0].block_owner_deletion,
        Some(true)
    );
    settle(&mut c);
    assert!(claim(&c, "www-web-4").is_none() && claim(&c, "www-web-3").is_none());
    assert!(claim(&c, "www-web-2")
        .unwrap()
        .metadata
        .owner_references
        .is_empty());
    let pvs = c.list(Kind::PersistentVolume, None).count();
    assert_eq!(pvs, 3, "reclaim Delete removed the two volumes");
    scale(&mut c, 5);
    settle(&mut c);
    assert!(set_events(&c)
        .iter()
        .any(|e| e == "create Claim www-web-4 Pod web-4 in StatefulSet web success"));
}

#[test]
fn s39_when_deleted_delete_owns_claims_by_the_set() {
    let mut c = with("{whenScaled: Retain, whenDeleted: Delete}");
    for n in 0..3 {
        assert_eq!(
            owner_kinds(&claim(&c, &format!("www-web-{n}")).unwrap()),
            ["StatefulSet/web"]
        );
    }
    delete_set(&mut c, Propagation::Background);
    settle(&mut c);
    assert!(pods(&c).is_empty());
    assert!(c
        .list(Kind::PersistentVolumeClaim, Some("default"))
        .next()
        .is_none());
    assert_eq!(c.list(Kind::PersistentVolume, None).count(), 0);
}

#[test]
fn s39_orphaning_delete_keeps_pods_claims_and_revisions_without_owners() {
    let mut c = with("{whenScaled: Retain, whenDeleted: Delete}");
    delete_set(&mut c, Propagation::Orphan);
    settle(&mut c);
    assert_eq!(names(&pods(&c)), ["web-0", "web-1", "web-2"]);
    assert!(pods(&c)
        .iter()
        .all(|p| p.metadata.owner_references.is_empty() && p.is_running_and_ready()));
    assert!(owner_kinds(&claim(&c, "www-web-0").unwrap()).is_empty());
    assert_eq!(revisions(&c).len(), 1);
}

#[test]
fn s40_changing_the_policy_on_a_live_set_converges_without_restarts() {
    let mut c = settled_m();
    let uids: Vec<String> = pods(&c)
        .iter()
        .map(|p| p.metadata.uid.to_string())
        .collect();
    modify_set(&mut c, |s| {
        s.spec.persistent_volume_claim_retention_policy = Some(RetentionPolicy {
            when_deleted: Some("Delete".into()),
            when_scaled: Some("Retain".into()),
        })
    });
    settle(&mut c);
    assert_eq!(
        owner_kinds(&claim(&c, "www-web-1").unwrap()),
        ["StatefulSet/web"]
    );
    let updates = set_events(&c)
        .iter()
        .filter(|e| e.starts_with("update Pod"))
        .count();
    assert_eq!(updates, 3);
    modify_set(&mut c, |s| {
        s.spec.persistent_volume_claim_retention_policy = Some(RetentionPolicy {
            when_deleted: Some("Retain".into()),
            when_scaled: Some("Retain".into()),
        })
    });
    settle(&mut c);
    assert!(owner_kinds(&claim(&c, "www-web-1").unwrap()).is_empty());
    assert_eq!(
        pods(&c)
            .iter()
            .map(|p| p.metadata.uid.to_string())
            .collect::<Vec<_>>(),
        uids
    );
    assert_eq!(revisions(&c).len(), 1);
}

#[test]
fn s44_a_background_delete_removes_the_set_at_once_and_pods_together() {
    let mut c = settled_m();
    let events_before = set_events(&c).len();
    delete_set(&mut c, Propagation::Background);
    assert!(
        c.get(&ObjectKey::new(Kind::StatefulSet, "default", "web"))
            .is_none(),
        "gone at once"
    );
    // One garbage-collection pass marks every pod.
    run_until(&mut c, |c| !terminating(c).is_empty(), |_| {});
    assert_eq!(terminating(&c), ["web-0", "web-1", "web-2"]);
    settle(&mut c);
    assert!(pods(&c).is_empty());
    assert_eq!(
        set_events(&c).len(),
        events_before,
        "the controller deletes and creates nothing"
    );
    assert!(revisions(&c).is_empty());
    assert_eq!(
        c.list(Kind::PersistentVolumeClaim, Some("default")).count(),
        3
    );
    assert!(c
        .get(&ObjectKey::new(Kind::Service, "default", "nginx"))
        .is_some());
}

#[test]
fn s45_a_foreground_delete_keeps_the_set_until_its_pods_are_gone() {
    let mut c = settled_m();
    delete_set(&mut c, Propagation::Foreground);
    let s = set(&c, "web");
    assert!(s.metadata.deletion_timestamp.is_some());
    assert_eq!(*s.metadata.finalizers, ["foregroundDeletion"]);
    run_until(&mut c, |c| terminating(c).len() == 3, |_| {});
    assert!(c
        .get(&ObjectKey::new(Kind::StatefulSet, "default", "web"))
        .is_some());
    settle(&mut c);
    assert!(pods(&c).is_empty());
    assert!(c
        .get(&ObjectKey::new(Kind::StatefulSet, "default", "web"))
        .is_none());
}

#[test]
fn s46_a_new_set_adopts_orphans_creates_missing_ordinals_and_condemns_extras() {
    let mut c = settled_m();
    c.write_volume_file("default", "www-web-1", "index.html", "web-1\n".into());
    delete_set(&mut c, Propagation::Orphan);
    settle(&mut c);
    delete_pod(&mut c, "web-0");
    settle(&mut c);
    assert!(pod(&c, "web-0").is_none(), "nothing re-creates an orphan");
    let web1 = pod(&c, "web-1").unwrap().metadata.uid;
    for o in objects(&M.replace("replicas: 3", "replicas: 2")) {
        if o.kind() == Kind::StatefulSet {
            c.create(o).unwrap();
        }
    }
    let (deleted, created) = watch(&mut c, |_| {});
    assert_eq!(created, ["web-0"]);
    assert_eq!(deleted, ["web-2"]);
    assert_eq!(
        pod(&c, "web-1").unwrap().metadata.uid,
        web1,
        "web-1 was adopted"
    );
    assert_eq!(
        c.volume_files("default", "www-web-1").unwrap()["index.html"],
        "web-1\n"
    );
}

#[test]
fn s51_a_dead_node_leaves_its_pod_terminating_and_unreplaced() {
    let mut c = settled_m();
    let node = kill_node_of(&mut c, "web-1");
    c.advance(Duration::seconds(49));
    assert_eq!(
        set(&c, "web").status.ready_replicas,
        3,
        "within the 50 s grace period"
    );
    c.advance(Duration::seconds(2));
    assert_eq!(set(&c, "web").status.ready_replicas, 2);
    let p = pod(&c, "web-1").unwrap();
    assert!(
        p.status.container_statuses[0].ready,
        "kubectl still shows 1/1 Running"
    );
    assert!(
        c.resolve("web-1.nginx", "default").is_empty(),
        "it left DNS"
    );
    c.advance(Duration::seconds(300));
    let p = pod(&c, "web-1").unwrap();
    assert!(
        p.metadata.deletion_timestamp.is_some(),
        "evicted after 300 s"
    );
    assert!(c.events().iter().any(|e| e.reason == "TaintManagerEviction"
        && e.message == "Marking for deletion Pod default/web-1"));
    c.advance(Duration::minutes(10));
    assert!(
        pod(&c, "web-1")
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_some(),
        "stuck Terminating"
    );
    assert_eq!(pods(&c).len(), 3, "no second web-1");
    // Force delete: the controller creates web-1 elsewhere.
    c.delete(
        &ObjectKey::new(Kind::Pod, "default", "web-1"),
        DeleteOptions {
            grace_period_seconds: Some(0),
            ..Default::default()
        },
    )
    .unwrap();
    let deleted_at = c.now();
    settle(&mut c);
    let p = pod(&c, "web-1").unwrap();
    assert!(p.is_running_and_ready());
    assert_ne!(p.spec.node_name.as_deref(), Some(node.as_str()));
    // Its volume was still attached to the dead node: Multi-Attach until the force detach.
    let multi = c
        .events()
        .iter()
        .find(|e| e.reason == "FailedAttachVolume")
        .unwrap();
    assert!(
        multi
            .message
            .starts_with("Multi-Attach error for volume \"pvc-"),
        "{}",
        multi.message
    );
    assert!(multi.message.ends_with(
        "Volume is already exclusively attached to one node and can't be attached to another"
    ));
    let ready_at = p.condition("Ready").unwrap().last_transition_time.unwrap();
    assert!(
        ready_at - deleted_at >= Duration::minutes(6),
        "started only after the 6-minute force detach"
    );
}

#[test]
fn a_returning_node_releases_a_stuck_volume_at_once() {
    let mut c = settled_m();
    let node = kill_node_of(&mut c, "web-1");
    c.advance(Duration::seconds(400));
    c.delete(
        &ObjectKey::new(Kind::Pod, "default", "web-1"),
        DeleteOptions {
            grace_period_seconds: Some(0),
            ..Default::default()
        },
    )
    .unwrap();
    c.advance(Duration::seconds(60));
    assert!(
        !pod(&c, "web-1").unwrap().is_ready(),
        "waiting on Multi-Attach"
    );
    let back_at = c.now();
    c.node_up(&node);
    settle(&mut c);
    let ready_at = pod(&c, "web-1")
        .unwrap()
        .condition("Ready")
        .unwrap()
        .last_transition_time
        .unwrap();
    assert!(ready_at - back_at < Duration::minutes(1));
}

#[test]
fn s51_the_node_coming_back_finishes_the_deletion_and_the_pod_returns() {
    let mut c = settled_m();
    let node = kill_node_of(&mut c, "web-1");
    c.advance(Duration::seconds(400));
    assert!(pod(&c, "web-1")
        .unwrap()
        .metadata
        .deletion_timestamp
        .is_some());
    c.node_up(&node);
    settle(&mut c);
    assert!(pod(&c, "web-1").unwrap().is_running_and_ready());
    assert_eq!(set(&c, "web").status.ready_replicas, 3);
}

#[test]
fn deleting_the_node_lets_the_pod_gc_remove_its_pods() {
    let mut c = settled_m();
    let node = kill_node_of(&mut c, "web-2");
    c.advance(Duration::seconds(60));
    c.delete(&ObjectKey::new(Kind::Node, "", &node), Default::default())
        .unwrap();
    settle(&mut c);
    assert_eq!(set(&c, "web").status.ready_replicas, 3);
    assert_ne!(
        pod(&c, "web-2").unwrap().spec.node_name.clone().unwrap(),
        node
    );
}

#[test]
fn evictions_honour_a_disruption_budget_but_the_controller_does_not() {
    let mut c = cluster();
    let pdb = "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: nginx}\n";
    for doc in sts_core::manifest::parse(&format!("{M}{pdb}")) {
        c.create(doc.result.unwrap()).unwrap();
    }
    settle(&mut c);
    c.evict_via_api("default", "web-0").unwrap();
    let refused = c.evict_via_api("default", "web-1").unwrap_err();
    assert_eq!(refused.reason, "TooManyRequests");
    assert_eq!(
        refused.message,
        "Cannot evict pod as it would violate the pod's disruption budget."
    );
    settle(&mut c);
    c.evict_via_api("default", "web-1").unwrap();
    settle(&mut c);
    // Scaling down deletes two pods one after the other regardless of the budget.
    scale(&mut c, 1);
    let (deleted, _) = watch(&mut c, |_| {});
    assert_eq!(deleted, ["web-2", "web-1"]);
    // Cordoned nodes get no new pods.
    for n in ["node-1", "node-2", "node-3"] {
        c.set_unschedulable(n, true).unwrap();
    }
    scale(&mut c, 2);
    c.settle(Duration::minutes(1));
    let p = pod(&c, "web-1").unwrap();
    assert!(p.spec.node_name.is_none());
    assert!(p
        .condition("PodScheduled")
        .unwrap()
        .message
        .as_deref()
        .unwrap()
        .starts_with("0/3 nodes are available: 3 node(s) were unschedulable."));
}

#[test]
fn an_out_of_service_taint_frees_a_pod_stuck_on_a_dead_node() {
    let mut c = settled_m();
    let node = kill_node_of(&mut c, "web-1");
    // Past the grace period and the 300 s toleration: Terminating, and never replaced.
    c.advance(sts_core::time::Duration::minutes(7));
    let stuck = pod(&c, "web-1").unwrap();
    assert!(stuck.metadata.deletion_timestamp.is_some());
    assert_eq!(stuck.spec.node_name.as_deref(), Some(node.as_str()));
    settle(&mut c);
    assert!(
        pod(&c, "web-1")
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_some(),
        "still stuck"
    );

    // The admin's word that the node is gone: the pod GC force-deletes the pod, its volume
    // detaches at once, and web-1 comes back elsewhere.
    let mut n = match c
        .get(&sts_core::api::ObjectKey::new(
            sts_core::api::Kind::Node,
            "",
            &node,
        ))
        .map(|o| (**o).clone())
    {
        Some(sts_core::api::Object::Node(n)) => n,
        _ => panic!("no node"),
    };
    n.spec.taints.push(sts_core::api::Taint {
        key: "node.kubernetes.io/out-of-service".into(),
        value: Some("nodeshutdown".into()),
        effect: "NoExecute".into(),
        time_added: None,
    });
    c.update(sts_core::api::Object::Node(n)).unwrap();
    settle(&mut c);
    let back = pod(&c, "web-1").unwrap();
    assert!(back.metadata.deletion_timestamp.is_none());
    assert_ne!(back.spec.node_name.as_deref(), Some(node.as_str()));
    assert_eq!(back.status.phase, "Running");
    assert!(
        !c.events().iter().any(|e| e.reason == "FailedAttachVolume"),
        "no Multi-Attach wait"
    );
}

#[test]
fn a_process_that_ignores_sigterm_holds_its_pod_for_the_whole_grace_period() {
    let mut c = settled_m();
    c.set_fault("default", "web-1", sts_core::cluster::Fault::IgnoreSigterm);
    let start = c.now();
    c.delete(
        &sts_core::api::ObjectKey::new(sts_core::api::Kind::Pod, "default", "web-1"),
        Default::default(),
    )
    .unwrap();
    // M's template sets terminationGracePeriodSeconds: 10.
    c.advance(sts_core::time::Duration::seconds(9));
    assert!(
        pod(&c, "web-1")
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_some(),
        "still terminating"
    );
    settle(&mut c);
    let back = pod(&c, "web-1").unwrap();
    assert!(back.metadata.deletion_timestamp.is_none());
    let recreated = back.metadata.creation_timestamp.unwrap();
    assert!(
        (recreated - start).whole_seconds() >= 10,
        "replaced only after SIGKILL"
    );
}
