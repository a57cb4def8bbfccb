//! `api::encode` against the reference it stands in for: `serde_json::to_value` with the
//! serde derives on the API types. Every object of the examples, of a settled cluster (also
//! after a node failed) and its events, and the default of every type must give the same JSON,
//! byte for byte.

mod common;

use serde::Serialize;
use serde_json::Value;
use sts_core::api::encode::Encode;
use sts_core::api::*;

fn same<T: Serialize + Encode + std::fmt::Debug>(object: &T) {
    let reference = serde_json::to_value(object).unwrap();
    let ours = object.encode();
    assert_eq!(
        serde_json::to_string(&ours).unwrap(),
        serde_json::to_string(&reference).unwrap(),
        "{object:?}"
    );
}

fn same_object(object: &Object) {
    match object {
        Object::StatefulSet(o) => same(o),
        Object::Pod(o) => same(o),
        Object::PersistentVolumeClaim(o) => same(o),
        Object::PersistentVolume(o) => same(o),
        Object::StorageClass(o) => same(o),
        Object::Service(o) => same(o),
        Object::Endpoints(o) => same(o),
        Object::ControllerRevision(o) => same(o),
        Object::Node(o) => same(o),
        Object::Event(o) => same(o),
        Object::Stored(_, o) => same(o),
    }
}

fn example_objects() -> Vec<Object> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut files = Vec::new();
    for dir in ["examples", "examples/tutorial", "tests/negative"] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for doc in sts_core::manifest::parse(&text) {
            let Some(raw) = doc.raw else { continue };
            let Some(kind) = raw["kind"].as_str().and_then(Kind::from_name) else {
                continue;
            };
            if let Ok(object) = Object::from_json(kind, raw) {
                out.push(object);
            }
        }
    }
    out
}

#[test]
fn encoding_agrees_with_serde_on_the_examples() {
    let objects = example_objects();
    assert!(objects.len() > 20, "{} objects", objects.len());
    for object in &objects {
        same_object(object);
    }
}

#[test]
fn encoding_agrees_with_serde_on_a_settled_cluster_and_its_events() {
    let mut c = common::settled_m();
    let mut compared = 0;
    for round in 0..2 {
        for kind in Kind::ALL {
            for object in c.list(kind, None) {
                same_object(object);
                compared += 1;
            }
        }
        for event in c.events().iter() {
            same(&**event);
            compared += 1;
        }
        if round == 0 {
            common::kill_node_of(&mut c, "web-0");
            c.settle(sts_core::time::Duration::minutes(8));
        }
    }
    assert!(compared > 50, "{compared} objects compared");
}

#[test]
fn encoding_agrees_with_serde_on_every_default() {
    macro_rules! defaults {
        ($($ty:ident),*) => {
            $(same(&$ty::default());)*
        };
    }
    defaults!(
        StatefulSet,
        StatefulSetSpec,
        StatefulSetUpdateStrategy,
        RollingUpdateStatefulSetStrategy,
        RetentionPolicy,
        StatefulSetOrdinals,
        StatefulSetStatus,
        ControllerRevision,
        ObjectMeta,
        OwnerReference,
        LabelSelector,
        LabelSelectorRequirement,
        Pod,
        PodTemplateSpec,
        PodSpec,
        Container,
        ContainerPort,
        EnvVar,
        VolumeMount,
        Probe,
        HttpGetAction,
        Volume,
        PvcVolumeSource,
        Toleration,
        PodStatus,
        PodCondition,
        ContainerStatus,
        ContainerState,
        StateWaiting,
        StateRunning,
        StateTerminated,
        Service,
        ServiceSpec,
        ServicePort,
        Endpoints,
        EndpointSubset,
        EndpointAddress,
        EndpointPort,
        PersistentVolumeClaim,
        PvcSpec,
        ResourceRequirements,
        PvcStatus,
        PersistentVolume,
        PvSpec,
        PvStatus,
        ObjectReference,
        StorageClass,
        Node,
        NodeSpec,
        Taint,
        NodeStatus,
        NodeCondition,
        NodeAddress,
        Event,
        EventSource,
        GenericObject
    );
}

#[test]
fn to_json_fills_in_api_version_and_kind() {
    let c = common::settled_m();
    let set = c.list(Kind::StatefulSet, None).next().unwrap();
    let json: Value = set.to_json();
    assert_eq!(json["apiVersion"], "apps/v1");
    assert_eq!(json["kind"], "StatefulSet");
}
