//! Scenarios S1–S4: ordered and parallel creation, identity, start ordinals.

mod common;
use common::*;

#[test]
fn s1_ordered_creation_creates_each_pod_after_the_previous_is_ready() {
    let mut c = cluster();
    apply(&mut c, M);
    let mut created_order = Vec::new();
    run_until(
        &mut c,
        |c| set(c, "web").status.ready_replicas == 3,
        |c| {
            let ps = pods(c);
            let not_ready = ps.iter().filter(|p| !p.is_running_and_ready()).count();
            assert!(not_ready <= 1, "at most one pod exists and is not Ready");
            for p in ps {
                if !created_order.contains(&p.metadata.name) {
                    created_order.push(p.metadata.name.clone());
                }
            }
        },
    );
    settle(&mut c);
    assert_eq!(created_order, ["web-0", "web-1", "web-2"]);
    assert_eq!(
        set_events(&c),
        [
            "create Claim www-web-0 Pod web-0 in StatefulSet web success",
            "create Pod web-0 in StatefulSet web successful",
            "create Claim www-web-1 Pod web-1 in StatefulSet web success",
            "create Pod web-1 in StatefulSet web successful",
            "create Claim www-web-2 Pod web-2 in StatefulSet web success",
            "create Pod web-2 in StatefulSet web successful",
        ]
    );
    let s = set(&c, "web");
    let revs = revisions(&c);
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].1, 1);
    assert_eq!(s.status.observed_generation, Some(1));
    assert_eq!(
        (
            s.status.replicas,
            s.status.ready_replicas,
            s.status.available_replicas
        ),
        (3, 3, 3)
    );
    assert_eq!(
        (s.status.current_replicas, s.status.updated_replicas),
        (3, 3)
    );
    assert_eq!(s.status.current_revision, revs[0].0);
    assert_eq!(s.status.update_revision, revs[0].0);
    assert_eq!(s.status.collision_count, Some(0));
}

#[test]
fn s2_pods_and_claims_carry_their_identity() {
    let mut c = cluster();
    apply(&mut c, M);
    settle(&mut c);
    let p = pod(&c, "web-1").unwrap();
    let rev = revisions(&c)[0].0.clone();
    let labels: Vec<(String, String)> = p.metadata.labels.clone().into_iter().collect();
    assert_eq!(
        labels,
        [
            ("app".into(), "nginx".into()),
            ("apps.kubernetes.io/pod-index".into(), "1".into()),
            ("controller-revision-hash".into(), rev),
            ("statefulset.kubernetes.io/pod-name".into(), "web-1".into()),
        ]
    );
    assert_eq!(p.spec.hostname.as_deref(), Some("web-1"));
    assert_eq!(p.spec.subdomain.as_deref(), Some("nginx"));
    let owner = p.metadata.controller().unwrap();
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str()),
        ("StatefulSet", "web")
    );
    assert_eq!(owner.block_owner_deletion, Some(true));
    let www = p.spec.volumes.iter().find(|v| v.name == "www").unwrap();
    assert_eq!(
        www.persistent_volume_claim.as_ref().unwrap().claim_name,
        "www-web-1"
    );
    let pvc = claim(&c, "www-web-1").unwrap();
    assert_eq!(
        pvc.metadata.labels.get("app").map(String::as_str),
        Some("nginx")
    );
    assert!(pvc.metadata.owner_references.is_empty());
    assert_eq!(pvc.status.phase, "Bound");
    assert_eq!(
        pvc.spec.volume_name,
        Some(format!("pvc-{}", pvc.metadata.uid))
    );
    let ip = p.status.pod_ip.clone().unwrap();
    assert_eq!(c.resolve("web-1.nginx", "default"), vec![ip.clone()]);
    assert_eq!(
        c.resolve("web-1.nginx.default.svc.cluster.local", "default"),
        vec![ip]
    );
}

#[test]
fn s3_parallel_creates_all_pods_without_waiting() {
    let mut c = cluster();
    apply(
        &mut c,
        &M.replace(
            "  serviceName: nginx",
            "  serviceName: nginx\n  podManagementPolicy: Parallel",
        ),
    );
    run_until(&mut c, |c| pods(c).len() == 3, |_| {});
    assert!(
        pods(&c).iter().all(|p| !p.is_running_and_ready()),
        "all three exist before any is Ready"
    );
    assert!(claim(&c, "www-web-2").is_some());
    settle(&mut c);
    let s = set(&c, "web");
    assert_eq!(
        (
            s.status.replicas,
            s.status.ready_replicas,
            s.status.updated_replicas
        ),
        (3, 3, 3)
    );
    assert_eq!(
        set_events(&c)[..2],
        [
            "create Claim www-web-0 Pod web-0 in StatefulSet web success",
            "create Pod web-0 in StatefulSet web successful"
        ]
    );
}

#[test]
fn s4_start_ordinal_shifts_names_and_index_labels() {
    let mut c = cluster();
    apply(
        &mut c,
        &M.replace("  replicas: 3", "  replicas: 3\n  ordinals:\n    start: 2"),
    );
    settle(&mut c);
    let names: Vec<String> = pods(&c).iter().map(|p| p.metadata.name.clone()).collect();
    assert_eq!(names, ["web-2", "web-3", "web-4"]);
    assert_eq!(
        pod(&c, "web-3").unwrap().metadata.labels["apps.kubernetes.io/pod-index"],
        "3"
    );
    assert!(claim(&c, "www-web-4").is_some());
    assert!(claim(&c, "www-web-0").is_none());
}
