//! Test fixtures: small constructors for objects in given states, at fixed virtual times.

use std::rc::Rc;
use sts_core::api::*;
use sts_core::time::{Duration, Time, EPOCH};

/// `EPOCH + s` seconds.
pub fn at(s: i64) -> Time {
    EPOCH + Duration::seconds(s)
}

pub fn meta(name: &str, created: i64) -> ObjectMeta {
    ObjectMeta {
        name: name.into(),
        namespace: "default".into(),
        creation_timestamp: Some(at(created)),
        ..Default::default()
    }
}

pub fn rc(objects: Vec<Object>) -> Vec<Rc<Object>> {
    objects.into_iter().map(Rc::new).collect()
}

pub fn container(name: &str, image: &str) -> Container {
    Container {
        name: name.into(),
        image: Some(image.into()),
        ..Default::default()
    }
}

pub fn running() -> ContainerState {
    ContainerState {
        running: Some(StateRunning {
            started_at: Some(at(0)),
        }),
        ..Default::default()
    }
}

pub fn waiting(reason: &str) -> ContainerState {
    ContainerState {
        waiting: Some(StateWaiting {
            reason: Some(reason.into()),
            message: None,
        }),
        ..Default::default()
    }
}

pub fn terminated(exit_code: i32, reason: Option<&str>, signal: Option<i32>) -> ContainerState {
    ContainerState {
        terminated: Some(StateTerminated {
            exit_code,
            reason: reason.map(Into::into),
            signal,
            finished_at: Some(at(0)),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub fn status(name: &str, state: ContainerState, ready: bool) -> ContainerStatus {
    ContainerStatus {
        name: name.into(),
        state,
        ready,
        restart_count: 0,
        image: "nginx".into(),
        ..Default::default()
    }
}

pub fn condition(type_: &'static str, value: bool) -> PodCondition {
    PodCondition {
        type_: type_.into(),
        status: if value { "True" } else { "False" }.into(),
        ..Default::default()
    }
}

/// A one-container pod (`nginx`) created at `created`, in `phase`, with the given container
/// statuses; Ready when every status is ready and running.
pub fn pod(name: &str, created: i64, phase: &str, statuses: Vec<ContainerStatus>) -> Pod {
    let ready = !statuses.is_empty()
        && statuses
            .iter()
            .all(|s| s.ready && s.state.running.is_some());
    let containers = if statuses.is_empty() {
        vec![container("nginx", "registry.k8s.io/nginx-slim:0.24")]
    } else {
        statuses
            .iter()
            .map(|s| container(&s.name, "registry.k8s.io/nginx-slim:0.24"))
            .collect()
    };
    Pod {
        metadata: meta(name, created),
        spec: PodSpec {
            containers: containers.into(),
            ..Default::default()
        }
        .into(),
        status: PodStatus {
            phase: phase.to_string().into(),
            conditions: vec![condition("Initialized", true), condition("Ready", ready)],
            container_statuses: statuses,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A healthy pod: `1/1 Running`, with IP and node.
pub fn running_pod(name: &str, created: i64) -> Pod {
    let mut p = pod(
        name,
        created,
        "Running",
        vec![status("nginx", running(), true)],
    );
    p.status.pod_ip = Some("10.244.1.5".into());
    p.spec.node_name = Some("kind-worker".into());
    p
}

pub fn statefulset(name: &str, created: i64, replicas: i32, ready: i32) -> StatefulSet {
    StatefulSet {
        metadata: meta(name, created),
        spec: StatefulSetSpec {
            replicas: Some(replicas),
            service_name: "nginx".into(),
            template: PodTemplateSpec {
                spec: PodSpec {
                    containers: vec![container("nginx", "registry.k8s.io/nginx-slim:0.24")].into(),
                    ..Default::default()
                }
                .into(),
                ..Default::default()
            },
            ..Default::default()
        }
        .into(),
        status: StatefulSetStatus {
            replicas: ready,
            ready_replicas: ready,
            ..Default::default()
        },
        ..Default::default()
    }
}

pub fn pvc(name: &str, created: i64, volume: Option<&str>) -> PersistentVolumeClaim {
    let bound = volume.is_some();
    PersistentVolumeClaim {
        metadata: meta(name, created),
        spec: PvcSpec {
            access_modes: vec!["ReadWriteOnce".into()],
            resources: Some(ResourceRequirements {
                requests: Some([("storage".to_string(), "1Gi".into())].into()),
                limits: None,
            }),
            volume_name: volume.map(Into::into),
            storage_class_name: Some("standard".into()),
            volume_mode: Some("Filesystem".into()),
            ..Default::default()
        }
        .into(),
        status: PvcStatus {
            phase: if bound { "Bound" } else { "Pending" }.into(),
            access_modes: if bound {
                vec!["ReadWriteOnce".into()]
            } else {
                vec![]
            }
            .into(),
            capacity: bound.then(|| {
                std::collections::BTreeMap::from([("storage".to_string(), "1Gi".into())]).into()
            }),
        },
        ..Default::default()
    }
}

pub fn event(name: &str, object: (&str, &str), reason: &str, message: &str, last: i64) -> Event {
    Event {
        metadata: meta(name, last),
        involved_object: ObjectReference {
            kind: object.0.to_string().into(),
            name: object.1.into(),
            namespace: "default".into(),
            ..Default::default()
        }
        .into(),
        reason: reason.to_string().into(),
        message: message.into(),
        source: EventSource {
            component: "statefulset-controller".into(),
            host: Default::default(),
        },
        first_timestamp: Some(at(last)),
        last_timestamp: Some(at(last)),
        count: 1,
        type_: "Normal".into(),
        ..Default::default()
    }
}
