//! Table printer tests against the spec's examples (§7.2, §8.1, §8.3, §8.4, §8.6, §8.7).

use super::fixtures::*;
use super::pods::summarize;
use super::table::{no_resources, print_table, server_order, TableOptions};
use sts_core::api::*;

fn table(objects: Vec<Object>, opts: &TableOptions, now: i64) -> String {
    print_table(&rc(objects), opts, at(now))
}

fn plain() -> TableOptions {
    TableOptions::default()
}

fn wide() -> TableOptions {
    TableOptions {
        wide: true,
        ..Default::default()
    }
}

/// A pod with init containers `init-0..n` in the given states, not yet Initialized.
fn initializing(init: Vec<ContainerState>) -> Pod {
    let mut p = pod(
        "web-0",
        0,
        "Pending",
        vec![status("nginx", waiting("PodInitializing"), false)],
    );
    p.spec.init_containers = (0..init.len())
        .map(|i| container(&format!("init-{i}"), "busybox"))
        .collect();
    p.status.init_container_statuses = init
        .into_iter()
        .enumerate()
        .map(|(i, s)| status(&format!("init-{i}"), s, false))
        .collect();
    p.status.conditions[0] = condition("Initialized", false);
    p
}

#[test]
fn pod_status_column_covers_every_case_of_7_2() {
    let deleted = |mut p: Pod| {
        p.metadata.deletion_timestamp = Some(at(30));
        p
    };
    let two = |a: ContainerStatus, b: ContainerStatus, ready: bool| {
        let mut p = pod("web-0", 0, "Running", vec![a, b]);
        p.status.conditions[1] = condition("Ready", ready);
        p
    };
    let mut evicted = pod(
        "web-0",
        0,
        "Failed",
        vec![status("nginx", terminated(137, Some("Error"), None), false)],
    );
    evicted.status.reason = Some("Evicted".into());
    let mut node_lost = deleted(running_pod("web-0", 0));
    node_lost.status.reason = Some("NodeLost".into());
    let mut gated = pod("web-0", 0, "Pending", vec![]);
    gated.status.conditions.push(PodCondition {
        reason: Some("SchedulingGated".into()),
        ..condition("PodScheduled", false)
    });
    let mut sidecar = running_pod("web-0", 0);
    sidecar.spec.init_containers = vec![Container {
        restart_policy: Some("Always".into()),
        ..container("log", "busybox")
    }];
    sidecar.status.init_container_statuses = vec![ContainerStatus {
        started: Some(true),
        ..status("log", running(), true)
    }];

    let cases: Vec<(&str, Pod, &str, &str)> = vec![
        (
            "unscheduled",
            pod("web-0", 0, "Pending", vec![]),
            "0/1",
            "Pending",
        ),
        (
            "creating",
            pod(
                "web-0",
                0,
                "Pending",
                vec![status("nginx", waiting("ContainerCreating"), false)],
            ),
            "0/1",
            "ContainerCreating",
        ),
        ("running", running_pod("web-0", 0), "1/1", "Running"),
        (
            "running, probe pending",
            pod(
                "web-0",
                0,
                "Running",
                vec![status("nginx", running(), false)],
            ),
            "0/1",
            "Running",
        ),
        (
            "pull error",
            pod(
                "web-0",
                0,
                "Pending",
                vec![status("nginx", waiting("ErrImagePull"), false)],
            ),
            "0/1",
            "ErrImagePull",
        ),
        (
            "pull backoff",
            pod(
                "web-0",
                0,
                "Pending",
                vec![status("nginx", waiting("ImagePullBackOff"), false)],
            ),
            "0/1",
            "ImagePullBackOff",
        ),
        (
            "crashloop",
            pod(
                "web-0",
                0,
                "Running",
                vec![status("nginx", waiting("CrashLoopBackOff"), false)],
            ),
            "0/1",
            "CrashLoopBackOff",
        ),
        (
            "config error",
            pod(
                "web-0",
                0,
                "Pending",
                vec![status(
                    "nginx",
                    waiting("CreateContainerConfigError"),
                    false,
                )],
            ),
            "0/1",
            "CreateContainerConfigError",
        ),
        (
            "app PodInitializing",
            pod(
                "web-0",
                0,
                "Pending",
                vec![status("nginx", waiting("PodInitializing"), false)],
            ),
            "0/1",
            "PodInitializing",
        ),
        (
            "error exit",
            pod(
                "web-0",
                0,
                "Running",
                vec![status("nginx", terminated(1, Some("Error"), None), false)],
            ),
            "0/1",
            "Error",
        ),
        (
            "oom",
            pod(
                "web-0",
                0,
                "Running",
                vec![status(
                    "nginx",
                    terminated(137, Some("OOMKilled"), None),
                    false,
                )],
            ),
            "0/1",
            "OOMKilled",
        ),
        (
            "bare exit code",
            pod(
                "web-0",
                0,
                "Running",
                vec![status("nginx", terminated(2, None, None), false)],
            ),
            "0/1",
            "ExitCode:2",
        ),
        (
            "bare signal",
            pod(
                "web-0",
                0,
                "Running",
                vec![status("nginx", terminated(137, None, Some(9)), false)],
            ),
            "0/1",
            "Signal:9",
        ),
        (
            "succeeded",
            pod(
                "web-0",
                0,
                "Succeeded",
                vec![status(
                    "nginx",
                    terminated(0, Some("Completed"), None),
                    false,
                )],
            ),
            "0/1",
            "Completed",
        ),
        (
            "completed + running, ready",
            two(
                status("a", running(), true),
                status("b", terminated(0, Some("Completed"), None), false),
                true,
            ),
            "1/2",
            "Running",
        ),
        (
            "completed + running, not ready",
            two(
                status("a", running(), true),
                status("b", terminated(0, Some("Completed"), None), false),
                false,
            ),
            "1/2",
            "NotReady",
        ),
        (
            "first container wins",
            two(
                status("a", waiting("ImagePullBackOff"), false),
                status("b", waiting("CrashLoopBackOff"), false),
                false,
            ),
            "0/2",
            "ImagePullBackOff",
        ),
        (
            "init progress",
            initializing(vec![terminated(0, Some("Completed"), None), running()]),
            "0/1",
            "Init:1/2",
        ),
        (
            "init waiting",
            initializing(vec![waiting("ErrImagePull")]),
            "0/1",
            "Init:ErrImagePull",
        ),
        (
            "init PodInitializing",
            initializing(vec![waiting("PodInitializing")]),
            "0/1",
            "Init:0/1",
        ),
        (
            "init crash",
            initializing(vec![waiting("CrashLoopBackOff")]),
            "0/1",
            "Init:CrashLoopBackOff",
        ),
        (
            "init failed",
            initializing(vec![terminated(1, Some("Error"), None)]),
            "0/1",
            "Init:Error",
        ),
        (
            "init exit code",
            initializing(vec![terminated(3, None, None)]),
            "0/1",
            "Init:ExitCode:3",
        ),
        (
            "init signal",
            initializing(vec![terminated(1, None, Some(15))]),
            "0/1",
            "Init:Signal:15",
        ),
        (
            "terminating",
            deleted(running_pod("web-0", 0)),
            "1/1",
            "Terminating",
        ),
        (
            "terminating, stopped",
            deleted(pod(
                "web-0",
                0,
                "Running",
                vec![status(
                    "nginx",
                    terminated(0, Some("Completed"), None),
                    false,
                )],
            )),
            "0/1",
            "Terminating",
        ),
        (
            "terminal phase keeps reason",
            deleted(pod(
                "web-0",
                0,
                "Failed",
                vec![status("nginx", terminated(143, Some("Error"), None), false)],
            )),
            "0/1",
            "Error",
        ),
        ("node lost", node_lost, "1/1", "Unknown"),
        ("evicted", evicted, "0/1", "Error"),
        ("scheduling gated", gated, "0/1", "SchedulingGated"),
        ("sidecar counts", sidecar, "2/2", "Running"),
    ];
    for (what, p, ready, expected) in cases {
        let s = summarize(&p);
        assert_eq!(
            (
                format!("{}/{}", s.ready, s.total).as_str(),
                s.status.as_str()
            ),
            (ready, expected),
            "{what}"
        );
    }
}

#[test]
fn evicted_pod_without_container_states_shows_the_reason() {
    let mut p = pod("web-0", 0, "Failed", vec![]);
    p.status.reason = Some("Evicted".into());
    assert_eq!(summarize(&p).status, "Evicted");
}

#[test]
fn pods_table_matches_the_8_1_example() {
    let out = table(
        vec![
            Object::Pod(running_pod("web-0", 0)),
            Object::Pod(running_pod("web-1", 2)),
        ],
        &plain(),
        10,
    );
    assert_eq!(
        out,
        "NAME    READY   STATUS    RESTARTS   AGE\n\
         web-0   1/1     Running   0          10s\n\
         web-1   1/1     Running   0          8s\n"
    );
}

#[test]
fn restarts_show_the_age_of_the_last_termination() {
    let mut p = running_pod("web-0", 0);
    let c = &mut p.status.container_statuses[0];
    c.restart_count = 3;
    c.last_state = terminated(1, Some("Error"), None);
    c.last_state.terminated.as_mut().unwrap().finished_at = Some(at(575));
    let mut q = running_pod("web-1", 0);
    q.status.container_statuses[0].restart_count = 1; // no lastState: bare count
    let out = table(vec![Object::Pod(p), Object::Pod(q)], &plain(), 600);
    assert_eq!(
        out,
        "NAME    READY   STATUS    RESTARTS      AGE\n\
         web-0   1/1     Running   3 (25s ago)   10m\n\
         web-1   1/1     Running   1             10m\n"
    );
}

#[test]
fn wide_pods_show_none_until_scheduled() {
    let pending = pod("web-1", 5, "Pending", vec![]);
    let out = table(
        vec![Object::Pod(running_pod("web-0", 0)), Object::Pod(pending)],
        &wide(),
        65,
    );
    assert_eq!(
        out,
        "NAME    READY   STATUS    RESTARTS   AGE   IP           NODE          NOMINATED NODE   READINESS GATES\n\
         web-0   1/1     Running   0          65s   10.244.1.5   kind-worker   <none>           <none>\n\
         web-1   0/1     Pending   0          60s   <none>       <none>        <none>           <none>\n"
    );
}

#[test]
fn show_labels_and_label_columns() {
    let mut p = running_pod("web-0", 0);
    p.metadata.labels = [
        ("controller-revision-hash", "web-5888c97b8"),
        ("app", "nginx"),
        ("apps.kubernetes.io/pod-index", "0"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let q = running_pod("web-1", 0);
    let opts = TableOptions {
        show_labels: true,
        label_columns: vec!["controller-revision-hash".into()],
        ..Default::default()
    };
    let out = table(vec![Object::Pod(p), Object::Pod(q)], &opts, 5);
    assert_eq!(
        out,
        "NAME    READY   STATUS    RESTARTS   AGE   CONTROLLER-REVISION-HASH   LABELS\n\
         web-0   1/1     Running   0          5s    web-5888c97b8              app=nginx,apps.kubernetes.io/pod-index=0,controller-revision-hash=web-5888c97b8\n\
         web-1   1/1     Running   0          5s                               <none>\n"
    );
}

#[test]
fn namespace_column_kind_prefix_and_no_headers() {
    let opts = TableOptions {
        namespace_column: true,
        show_kind: true,
        no_headers: true,
        ..Default::default()
    };
    let out = table(
        vec![Object::StatefulSet(statefulset("web", 0, 2, 2))],
        &opts,
        37,
    );
    assert_eq!(out, "default   statefulset.apps/web   2/2   37s\n");
    let node = Node {
        metadata: ObjectMeta {
            name: "kind-worker".into(),
            creation_timestamp: Some(at(0)),
            ..Default::default()
        },
        ..Default::default()
    };
    // Cluster-scoped kinds get no NAMESPACE column under -A.
    let out = table(vec![Object::Node(node)], &opts, 60);
    assert_eq!(out, "node/kind-worker   Unknown   <none>   60s\n");
}

#[test]
fn statefulsets_8_3() {
    let sts = || vec![Object::StatefulSet(statefulset("web", 0, 2, 2))];
    assert_eq!(
        table(sts(), &plain(), 37),
        "NAME   READY   AGE\nweb    2/2     37s\n"
    );
    assert_eq!(
        table(sts(), &wide(), 37),
        "NAME   READY   AGE   CONTAINERS   IMAGES\n\
         web    2/2     37s   nginx        registry.k8s.io/nginx-slim:0.24\n"
    );
    // Ready pods still terminating during scale-down count.
    let mut s = statefulset("web", 0, 3, 4);
    s.status.ready_replicas = 4;
    assert_eq!(
        table(vec![Object::StatefulSet(s)], &plain(), 7200),
        "NAME   READY   AGE\nweb    4/3     120m\n"
    );
}

#[test]
fn pvcs_pending_bound_and_terminating_8_6() {
    let volume = "pvc-2bf00408-d366-4a12-bad0-1869c65d0bee";
    let mut gone = pvc("www-web-2", 1500, Some("pvc-x"));
    gone.metadata.deletion_timestamp = Some(at(1600));
    let out = table(
        vec![
            Object::PersistentVolumeClaim(pvc("www-web-0", 0, Some(volume))),
            Object::PersistentVolumeClaim(pvc("www-web-1", 1497, None)),
            Object::PersistentVolumeClaim(gone),
        ],
        &plain(),
        1500,
    );
    assert_eq!(
        out,
        "NAME        STATUS        VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n\
         www-web-0   Bound         pvc-2bf00408-d366-4a12-bad0-1869c65d0bee   1Gi        RWO            standard       <unset>                 25m\n\
         www-web-1   Pending                                                                            standard       <unset>                 3s\n\
         www-web-2   Terminating   pvc-x                                      1Gi        RWO            standard       <unset>                 0s\n"
    );
    let out = table(
        vec![Object::PersistentVolumeClaim(pvc("www-web-1", 0, None))],
        &wide(),
        3,
    );
    assert_eq!(
        out,
        "NAME        STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE   VOLUMEMODE\n\
         www-web-1   Pending                                      standard       <unset>                 3s    Filesystem\n"
    );
}

#[test]
fn pv_8_6() {
    let pv = PersistentVolume {
        metadata: ObjectMeta {
            name: "pvc-2bf00408-d366-4a12-bad0-1869c65d0bee".into(),
            creation_timestamp: Some(at(0)),
            ..Default::default()
        },
        spec: PvSpec {
            capacity: Some([("storage".to_string(), "1Gi".into())].into()),
            access_modes: vec!["ReadWriteOnce".into()],
            claim_ref: Some(ObjectReference {
                namespace: "default".into(),
                name: "www-web-0".into(),
                ..Default::default()
            }),
            persistent_volume_reclaim_policy: Some("Delete".into()),
            storage_class_name: Some("standard".into()),
            ..Default::default()
        }
        .into(),
        status: PvStatus {
            phase: "Bound".into(),
        },
        ..Default::default()
    };
    assert_eq!(
        table(vec![Object::PersistentVolume(pv)], &plain(), 1500),
        "NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n\
         pvc-2bf00408-d366-4a12-bad0-1869c65d0bee   1Gi        RWO            Delete           Bound    default/www-web-0   standard       <unset>                          25m\n"
    );
}

#[test]
fn controllerrevisions_8_7() {
    let rev = |name: &str, n: i64, created: i64| {
        let mut m = meta(name, created);
        m.owner_references = vec![OwnerReference {
            api_version: "apps/v1".into(),
            kind: "StatefulSet".into(),
            name: "web".into(),
            uid: "u".into(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }]
        .into();
        Object::ControllerRevision(ControllerRevision {
            metadata: m,
            revision: n,
            ..Default::default()
        })
    };
    let orphan = Object::ControllerRevision(ControllerRevision {
        metadata: meta("old-1", 0),
        revision: 1,
        ..Default::default()
    });
    assert_eq!(
        table(
            vec![
                rev("web-5888c97b8", 1, 0),
                rev("web-67f445dc6c", 2, 480),
                orphan
            ],
            &plain(),
            600
        ),
        "NAME             CONTROLLER             REVISION   AGE\n\
         web-5888c97b8    statefulset.apps/web   1          10m\n\
         web-67f445dc6c   statefulset.apps/web   2          2m\n\
         old-1            <none>                 1          10m\n"
    );
}

#[test]
fn events_8_7_in_server_order() {
    // Server order is by event name: grouped by object (`web-0.` sorts before `web.`),
    // not chronological.
    let mut events = rc(vec![
        Object::Event(Box::new(event(
            "web-0.181a2",
            ("Pod", "web-0"),
            "Scheduled",
            "Successfully assigned default/web-0 to kind-worker",
            21,
        ))),
        Object::Event(Box::new(event(
            "web.181a1",
            ("StatefulSet", "web"),
            "SuccessfulCreate",
            "create Pod web-0 in StatefulSet web successful",
            20,
        ))),
        Object::Event(Box::new(event(
            "web.181a0",
            ("StatefulSet", "web"),
            "SuccessfulCreate",
            "create Claim www-web-0 Pod web-0 in StatefulSet web success  ",
            20,
        ))),
    ]);
    server_order(&mut events);
    assert_eq!(
        print_table(&events, &plain(), at(60)),
        "LAST SEEN   TYPE     REASON             OBJECT            MESSAGE\n\
         39s         Normal   Scheduled          pod/web-0         Successfully assigned default/web-0 to kind-worker\n\
         40s         Normal   SuccessfulCreate   statefulset/web   create Claim www-web-0 Pod web-0 in StatefulSet web success\n\
         40s         Normal   SuccessfulCreate   statefulset/web   create Pod web-0 in StatefulSet web successful\n"
    );
    let mut e = event("web-0.181a3", ("Pod", "web-0"), "Pulled", "ok", 50);
    e.involved_object.field_path = "spec.containers{nginx}".into();
    e.source.host = "kind-worker".into();
    e.first_timestamp = Some(at(10));
    e.count = 0;
    assert_eq!(
        table(vec![Object::Event(Box::new(e))], &wide(), 60),
        "LAST SEEN   TYPE     REASON   OBJECT      SUBOBJECT                SOURCE                                MESSAGE   FIRST SEEN   COUNT   NAME\n\
         10s         Normal   Pulled   pod/web-0   spec.containers{nginx}   statefulset-controller, kind-worker   ok        50s          1       web-0.181a3\n"
    );
}

#[test]
fn server_order_is_bytewise_by_name() {
    let mut pods = rc(["web-2", "web-10", "web-0", "web-1"]
        .iter()
        .map(|n| Object::Pod(running_pod(n, 0)))
        .collect());
    server_order(&mut pods);
    let names: Vec<&str> = pods.iter().map(|p| p.meta().name.as_str()).collect();
    assert_eq!(names, ["web-0", "web-1", "web-10", "web-2"]);
}

#[test]
fn no_resources_messages() {
    assert_eq!(
        no_resources(Some("default")),
        "No resources found in default namespace."
    );
    assert_eq!(no_resources(None), "No resources found");
    assert_eq!(print_table(&[], &plain(), at(0)), "");
}
