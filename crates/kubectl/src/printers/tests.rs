//! Exact-text tests of the `kubectl get` tables against the spec's examples.

use super::*;

#[test]
fn padding_example() {
    let rows: Vec<Vec<String>> = [
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        ["web-0", "1/1", "Running", "0", "10s"],
        ["web-1", "1/1", "Running", "0", "8s"],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(
        render(&rows),
        "NAME    READY   STATUS    RESTARTS   AGE\n\
         web-0   1/1     Running   0          10s\n\
         web-1   1/1     Running   0          8s\n"
    );
}

use std::rc::Rc;
use sts_core::api::*;
use sts_core::time::{Duration, Time, EPOCH};

fn now() -> Time {
    EPOCH + Duration::minutes(60)
}

fn ago(s: i64) -> Option<Time> {
    Some(now() + Duration::seconds(-s))
}

fn meta(name: &str, age_s: i64) -> ObjectMeta {
    ObjectMeta {
        name: name.into(),
        namespace: "default".into(),
        creation_timestamp: ago(age_s),
        ..Default::default()
    }
}

fn cond(type_: &str, status: bool) -> PodCondition {
    PodCondition {
        type_: type_.into(),
        status: if status { "True" } else { "False" }.into(),
        ..Default::default()
    }
}

fn container(name: &str) -> Container {
    Container {
        name: name.into(),
        image: Some("registry.k8s.io/nginx-slim:0.24".into()),
        ..Default::default()
    }
}

fn waiting(reason: &str) -> ContainerState {
    ContainerState {
        waiting: Some(StateWaiting {
            reason: Some(reason.into()),
            message: None,
        }),
        ..Default::default()
    }
}

fn running() -> ContainerState {
    ContainerState {
        running: Some(StateRunning { started_at: ago(5) }),
        ..Default::default()
    }
}

fn terminated(code: i32, reason: Option<&str>, finished: Option<Time>) -> ContainerState {
    ContainerState {
        terminated: Some(StateTerminated {
            exit_code: code,
            reason: reason.map(String::from),
            finished_at: finished,
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn cs(name: &str, state: ContainerState, ready: bool) -> ContainerStatus {
    ContainerStatus {
        name: name.into(),
        state,
        ready,
        ..Default::default()
    }
}

/// A one-container pod `name` in `phase` with the given container status (none if `None`).
fn pod(name: &str, phase: &str, status: Option<ContainerStatus>, ready: bool) -> Pod {
    Pod {
        metadata: meta(name, 10),
        spec: PodSpec {
            containers: vec![container("nginx")],
            ..Default::default()
        },
        status: PodStatus {
            phase: phase.into(),
            conditions: vec![cond("Ready", ready)],
            container_statuses: status.into_iter().collect(),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn table(objects: Vec<Object>, wide: bool) -> String {
    let objects: Vec<Rc<Object>> = objects.into_iter().map(Rc::new).collect();
    print_table(&objects, wide, now())
}

fn line(p: Pod) -> String {
    let text = table(vec![Object::Pod(p)], false);
    text.lines().nth(1).unwrap().to_string()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn pod_states() {
    let check = |p: Pod, expected: &str| assert_eq!(squash(&line(p)), expected);
    check(
        pod("web-0", "Pending", None, false),
        "web-0 0/1 Pending 0 10s",
    );
    check(
        pod(
            "web-0",
            "Pending",
            Some(cs("nginx", waiting("ContainerCreating"), false)),
            false,
        ),
        "web-0 0/1 ContainerCreating 0 10s",
    );
    check(
        pod("web-0", "Running", Some(cs("nginx", running(), true)), true),
        "web-0 1/1 Running 0 10s",
    );
    check(
        pod(
            "web-0",
            "Running",
            Some(cs("nginx", running(), false)),
            false,
        ),
        "web-0 0/1 Running 0 10s",
    );
    check(
        pod(
            "web-0",
            "Pending",
            Some(cs("nginx", waiting("ImagePullBackOff"), false)),
            false,
        ),
        "web-0 0/1 ImagePullBackOff 0 10s",
    );
    let mut crash = cs("nginx", waiting("CrashLoopBackOff"), false);
    crash.restart_count = 3;
    crash.last_state = terminated(1, Some("Error"), ago(25));
    check(
        pod("web-0", "Running", Some(crash), false),
        "web-0 0/1 CrashLoopBackOff 3 (25s ago) 10s",
    );
    let mut terminating = pod("web-0", "Running", Some(cs("nginx", running(), true)), true);
    terminating.metadata.deletion_timestamp = Some(now() + Duration::seconds(30));
    check(terminating.clone(), "web-0 1/1 Terminating 0 10s");
    terminating.status.reason = Some("NodeLost".into());
    check(terminating.clone(), "web-0 1/1 Unknown 0 10s");
    // A terminal phase keeps its computed reason even while deleting.
    let mut done = pod(
        "web-0",
        "Succeeded",
        Some(cs("nginx", terminated(0, Some("Completed"), ago(1)), false)),
        false,
    );
    done.metadata.deletion_timestamp = Some(now());
    check(done, "web-0 0/1 Completed 0 10s");
    let mut evicted = pod("web-0", "Failed", None, false);
    evicted.status.reason = Some("Evicted".into());
    check(evicted, "web-0 0/1 Evicted 0 10s");
    let exit = pod(
        "web-0",
        "Running",
        Some(cs("nginx", terminated(2, None, ago(1)), false)),
        false,
    );
    check(exit, "web-0 0/1 ExitCode:2 0 10s");
}

#[test]
fn init_containers() {
    let mut p = pod(
        "web-0",
        "Pending",
        Some(cs("nginx", waiting("PodInitializing"), false)),
        false,
    );
    p.spec.init_containers = vec![container("init")];
    p.status.init_container_statuses = vec![cs("init", running(), false)];
    assert_eq!(squash(&line(p.clone())), "web-0 0/1 Init:0/1 0 10s");
    p.status.init_container_statuses = vec![cs("init", waiting("CrashLoopBackOff"), false)];
    assert_eq!(
        squash(&line(p.clone())),
        "web-0 0/1 Init:CrashLoopBackOff 0 10s"
    );
    p.status.init_container_statuses = vec![cs("init", terminated(1, None, ago(3)), false)];
    assert_eq!(squash(&line(p.clone())), "web-0 0/1 Init:ExitCode:1 0 10s");
    p.status.init_container_statuses =
        vec![cs("init", terminated(0, Some("Completed"), ago(3)), false)];
    assert_eq!(squash(&line(p)), "web-0 0/1 PodInitializing 0 10s");
}

#[test]
fn completed_with_running_container_is_running() {
    let mut p = pod("web-0", "Running", None, true);
    p.spec.containers.push(container("sidecar"));
    p.status.container_statuses = vec![
        cs("nginx", running(), true),
        cs("sidecar", terminated(0, Some("Completed"), ago(2)), false),
    ];
    assert_eq!(squash(&line(p.clone())), "web-0 1/2 Running 0 10s");
    p.status.conditions = vec![cond("Ready", false)];
    assert_eq!(squash(&line(p)), "web-0 1/2 NotReady 0 10s");
}

#[test]
fn pods_table_and_wide() {
    let scheduled = {
        let mut p = pod("web-0", "Running", Some(cs("nginx", running(), true)), true);
        p.spec.node_name = Some("kind-worker".into());
        p.status.pod_ip = Some("10.244.1.5".into());
        p
    };
    let pending = pod("web-1", "Pending", None, false);
    let objects = vec![Object::Pod(scheduled), Object::Pod(pending)];
    assert_eq!(
        table(objects.clone(), false),
        "NAME    READY   STATUS    RESTARTS   AGE\n\
         web-0   1/1     Running   0          10s\n\
         web-1   0/1     Pending   0          10s\n"
    );
    assert_eq!(
        table(objects, true),
        "NAME    READY   STATUS    RESTARTS   AGE   IP           NODE          NOMINATED NODE   READINESS GATES\n\
         web-0   1/1     Running   0          10s   10.244.1.5   kind-worker   <none>           <none>\n\
         web-1   0/1     Pending   0          10s   <none>       <none>        <none>           <none>\n"
    );
}

fn statefulset() -> StatefulSet {
    StatefulSet {
        metadata: meta("web", 37),
        spec: StatefulSetSpec {
            replicas: Some(3),
            template: PodTemplateSpec {
                spec: PodSpec {
                    containers: vec![container("nginx")],
                    ..Default::default()
                },
                ..Default::default()
            },
            ..Default::default()
        },
        status: StatefulSetStatus {
            ready_replicas: 3,
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn statefulsets() {
    assert_eq!(
        table(vec![Object::StatefulSet(statefulset())], false),
        "NAME   READY   AGE\nweb    3/3     37s\n"
    );
    assert_eq!(
        table(vec![Object::StatefulSet(statefulset())], true),
        "NAME   READY   AGE   CONTAINERS   IMAGES\n\
         web    3/3     37s   nginx        registry.k8s.io/nginx-slim:0.24\n"
    );
}

fn pvc(name: &str, age_s: i64, volume: Option<&str>) -> PersistentVolumeClaim {
    let bound = volume.is_some();
    PersistentVolumeClaim {
        metadata: meta(name, age_s),
        spec: PvcSpec {
            access_modes: vec!["ReadWriteOnce".into()],
            volume_name: volume.map(String::from),
            storage_class_name: Some("standard".into()),
            ..Default::default()
        },
        status: PvcStatus {
            phase: if bound { "Bound" } else { "Pending" }.into(),
            access_modes: if bound {
                vec!["ReadWriteOnce".into()]
            } else {
                vec![]
            },
            capacity: bound.then(|| [("storage".to_string(), "1Gi".into())].into()),
        },
        ..Default::default()
    }
}

#[test]
fn pvcs_and_pvs() {
    let volume = "pvc-2bf00408-d366-4a12-bad0-1869c65d0bee";
    let objects = vec![
        Object::PersistentVolumeClaim(pvc("www-web-0", 25 * 60, Some(volume))),
        Object::PersistentVolumeClaim(pvc("www-web-1", 3, None)),
    ];
    assert_eq!(
        table(objects, false),
        "NAME        STATUS    VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n\
         www-web-0   Bound     pvc-2bf00408-d366-4a12-bad0-1869c65d0bee   1Gi        RWO            standard       <unset>                 25m\n\
         www-web-1   Pending                                                                        standard       <unset>                 3s\n"
    );
    let mut deleting = pvc("www-web-0", 25 * 60, Some(volume));
    deleting.metadata.deletion_timestamp = Some(now());
    let text = table(vec![Object::PersistentVolumeClaim(deleting)], false);
    assert!(text
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("www-web-0   Terminating   pvc-"));

    let pv = PersistentVolume {
        metadata: meta(volume, 25 * 60),
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
        },
        status: PvStatus {
            phase: "Bound".into(),
        },
        ..Default::default()
    };
    assert_eq!(
        table(vec![Object::PersistentVolume(pv)], false),
        "NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n\
         pvc-2bf00408-d366-4a12-bad0-1869c65d0bee   1Gi        RWO            Delete           Bound    default/www-web-0   standard       <unset>                          25m\n"
    );
}

#[test]
fn access_modes_are_abbreviated_in_fixed_order() {
    let modes: Vec<String> = ["ReadWriteOncePod", "ReadWriteMany", "ReadWriteOnce"]
        .map(String::from)
        .to_vec();
    assert_eq!(table::access_modes(&modes), "RWO,RWX,RWOP");
}

fn revision(name: &str, rev: i64, age_s: i64, owned: bool) -> Object {
    let mut m = meta(name, age_s);
    if owned {
        m.owner_references = vec![OwnerReference {
            api_version: "apps/v1".into(),
            kind: "StatefulSet".into(),
            name: "web".into(),
            uid: "u".into(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }];
    }
    Object::ControllerRevision(ControllerRevision {
        metadata: m,
        revision: rev,
        ..Default::default()
    })
}

#[test]
fn controllerrevisions() {
    let objects = vec![
        revision("web-5888c97b8", 1, 600, true),
        revision("web-67f445dc6c", 2, 120, true),
        revision("orphan", 3, 5, false),
    ];
    assert_eq!(
        table(objects, false),
        "NAME             CONTROLLER             REVISION   AGE\n\
         web-5888c97b8    statefulset.apps/web   1          10m\n\
         web-67f445dc6c   statefulset.apps/web   2          2m\n\
         orphan           <none>                 3          5s\n"
    );
}

fn event(kind: &str, name: &str, reason: &str, message: &str, last_s: i64) -> Object {
    Object::Event(Event {
        metadata: meta(&format!("{name}.181a"), last_s),
        involved_object: ObjectReference {
            kind: kind.into(),
            name: name.into(),
            namespace: "default".into(),
            ..Default::default()
        },
        reason: reason.into(),
        message: message.into(),
        first_timestamp: ago(last_s),
        last_timestamp: ago(last_s),
        count: 1,
        type_: "Normal".into(),
        ..Default::default()
    })
}

#[test]
fn events() {
    let objects = vec![
        event(
            "StatefulSet",
            "web",
            "SuccessfulCreate",
            "create Claim www-web-0 Pod web-0 in StatefulSet web success",
            40,
        ),
        event(
            "StatefulSet",
            "web",
            "SuccessfulCreate",
            " create Pod web-0 in StatefulSet web successful\n",
            40,
        ),
        event(
            "Pod",
            "web-0",
            "Scheduled",
            "Successfully assigned default/web-0 to kind-worker",
            38,
        ),
    ];
    assert_eq!(
        table(objects, false),
        "LAST SEEN   TYPE     REASON             OBJECT            MESSAGE\n\
         40s         Normal   SuccessfulCreate   statefulset/web   create Claim www-web-0 Pod web-0 in StatefulSet web success\n\
         40s         Normal   SuccessfulCreate   statefulset/web   create Pod web-0 in StatefulSet web successful\n\
         38s         Normal   Scheduled          pod/web-0         Successfully assigned default/web-0 to kind-worker\n"
    );
}

#[test]
fn services_and_nodes() {
    let svc = Service {
        metadata: meta("nginx", 120),
        spec: ServiceSpec {
            cluster_ip: Some("None".into()),
            cluster_ips: Some(vec!["None".into()]),
            ports: vec![ServicePort {
                name: Some("web".into()),
                port: 80,
                ..Default::default()
            }],
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        table(vec![Object::Service(svc)], false),
        "NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n\
         nginx   ClusterIP   None         <none>        80/TCP    2m\n"
    );
    let node = Node {
        metadata: meta("kind-worker", 3600),
        spec: NodeSpec {
            unschedulable: Some(true),
            ..Default::default()
        },
        status: NodeStatus {
            conditions: vec![NodeCondition {
                type_: "Ready".into(),
                status: "True".into(),
                ..Default::default()
            }],
            node_info: Some(serde_json::json!({"kubeletVersion": "v1.33.1"})),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        table(vec![Object::Node(node)], false),
        "NAME          STATUS                     ROLES    AGE   VERSION\n\
         kind-worker   Ready,SchedulingDisabled   <none>   60m   v1.33.1\n"
    );
}

#[test]
fn empty_lists() {
    assert_eq!(
        no_resources(Some("default")),
        "No resources found in default namespace."
    );
    assert_eq!(no_resources(None), "No resources found");
    assert_eq!(print_table(&[], false, now()), "");
}

#[test]
fn no_trailing_whitespace() {
    let rows = vec![
        vec!["A".to_string(), "B".to_string(), String::new()],
        vec!["long-cell".to_string(), String::new(), String::new()],
    ];
    assert_eq!(render(&rows), "A           B\nlong-cell\n");
}
