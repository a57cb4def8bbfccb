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
                if !created_order.iter().any(|n| *n == p.metadata.name) {
                    created_order.push(p.metadata.name.to_string());
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
    let c = settled_m();
    let p = pod(&c, "web-1").unwrap();
    let rev = revisions(&c)[0].0.clone();
    let labels: Vec<(String, String)> = p
        .metadata
        .labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
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
        pvc.metadata.labels.get("app").map(|v| v.as_str()),
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
    let names: Vec<String> = pods(&c)
        .iter()
        .map(|p| p.metadata.name.to_string())
        .collect();
    assert_eq!(names, ["web-2", "web-3", "web-4"]);
    assert_eq!(
        pod(&c, "web-3")
            .unwrap()
            .metadata
            .labels
            .get("apps.kubernetes.io/pod-index"),
        Some(&"3".into())
    );
    assert!(claim(&c, "www-web-4").is_some());
    assert!(claim(&c, "www-web-0").is_none());
}

const INIT: &str = "      initContainers:\n      - name: init-html\n        image: busybox:1.36\n        command: [sh, -c, 'echo hello > /work/index.html']\n      containers:\n";

#[test]
fn init_containers_run_to_completion_before_the_app_starts() {
    let mut c = cluster();
    apply(
        &mut c,
        &M.replace("replicas: 3", "replicas: 1")
            .replace("      containers:\n", INIT),
    );
    let mut saw_initializing = false;
    run_until(
        &mut c,
        |c| pod(c, "web-0").is_some_and(|p| p.is_ready()),
        |c| {
            if let Some(p) = pod(c, "web-0") {
                let init_running = p
                    .status
                    .init_container_statuses
                    .first()
                    .is_some_and(|s| s.state.terminated.is_none());
                if init_running && !p.status.init_container_statuses.is_empty() {
                    saw_initializing = true;
                    assert_eq!(p.status.phase, "Pending");
                    assert!(
                        p.status.container_statuses[0].state.running.is_none(),
                        "the app waits for the init container"
                    );
                }
            }
        },
    );
    assert!(saw_initializing);
    let p = pod(&c, "web-0").unwrap();
    let init = &p.status.init_container_statuses[0];
    assert_eq!(
        init.state.terminated.as_ref().unwrap().reason.as_deref(),
        Some("Completed")
    );
    assert_eq!(p.condition("Initialized").unwrap().status, "True");
    let started: Vec<String> = c
        .event_occurrences()
        .filter(|(_, e)| e.reason == "Started")
        .map(|(_, e)| format!("{} {}", e.involved_object.field_path, e.message))
        .collect();
    assert_eq!(
        started,
        [
            // 1.35+: the container is named by the field path only (PR 134043).
            "spec.initContainers{init-html} Container started",
            "spec.containers{nginx} Container started"
        ]
    );
}

#[test]
fn a_startup_probe_delays_readiness_until_it_passes() {
    let mut c = cluster();
    let probed = M.replace("replicas: 3", "replicas: 1").replace(
        "        volumeMounts:\n",
        "        startupProbe:\n          tcpSocket:\n            port: 80\n          initialDelaySeconds: 20\n        volumeMounts:\n",
    );
    apply(&mut c, &probed);
    run_until(
        &mut c,
        |c| pod(c, "web-0").is_some_and(|p| p.status.phase == "Running"),
        |_| {},
    );
    let running_at = c.now();
    settle(&mut c);
    let p = pod(&c, "web-0").unwrap();
    let ready_at = p.condition("Ready").unwrap().last_transition_time.unwrap();
    assert!(ready_at - running_at >= sts_core::time::Duration::seconds(20));
}

#[test]
fn a_failing_liveness_probe_restarts_the_container_with_the_kubelets_events() {
    let mut c = cluster();
    apply(
        &mut c,
        &std::fs::read_to_string("../../examples/zookeeper-ensemble.yaml").unwrap(),
    );
    settle(&mut c);
    c.set_fault("default", "zk-1", sts_core::cluster::Fault::Unhealthy);
    // Three failures 10 s apart, then the kill; the first restart is immediate.
    c.advance(sts_core::time::Duration::seconds(45));
    let zk1 = pod(&c, "zk-1").unwrap();
    let status = &zk1.status.container_statuses[0];
    assert_eq!(status.restart_count, 1);
    let last = status.last_state.terminated.as_ref().unwrap();
    assert_eq!(
        (last.exit_code, last.reason.as_deref()),
        (137, Some("Error"))
    );
    let reasons: Vec<(String, String)> = c
        .event_occurrences()
        .filter(|(_, e)| e.involved_object.name == "zk-1" && e.source.component == "kubelet")
        .map(|(_, e)| (e.reason.to_string(), e.message.clone()))
        .filter(|(r, _)| r == "Unhealthy" || r == "Killing")
        .collect();
    // (The restarted container is probed again after its initial delay, and fails again.)
    assert_eq!(
        reasons[..4],
        [
            (
                "Unhealthy".into(),
                "Liveness probe failed: command exited with status 1".into()
            ),
            (
                "Unhealthy".into(),
                "Liveness probe failed: command exited with status 1".into()
            ),
            (
                "Unhealthy".into(),
                "Liveness probe failed: command exited with status 1".into()
            ),
            (
                "Killing".into(),
                "Container zookeeper failed liveness probe, will be restarted".into()
            ),
        ]
    );
    // Healed, it stays up; the other members never restarted.
    c.heal("default", "zk-1");
    settle(&mut c);
    assert_eq!(pod(&c, "zk-1").unwrap().status.phase, "Running");
    assert_eq!(
        pod(&c, "zk-0").unwrap().status.container_statuses[0].restart_count,
        0
    );
}
