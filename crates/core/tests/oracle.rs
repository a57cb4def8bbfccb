//! The oracle: every document of every example, read by our types, serializes to exactly what
//! the official generated types (k8s-openapi, Kubernetes 1.34) make of the same document —
//! so no field is dropped, renamed or mistyped by our hand-written types.

mod common;
use serde_json::Value;
use sts_core::api::Kind;
use sts_core::manifest::parse;

fn official(kind: Kind, raw: &Value) -> Value {
    use k8s_openapi::api::{apps::v1 as apps, core::v1 as core, policy::v1 as policy};
    fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(raw: &Value) -> Value {
        let typed: T =
            serde_json::from_value(raw.clone()).expect("the official types read the example");
        serde_json::to_value(typed).unwrap()
    }
    match kind {
        Kind::StatefulSet => roundtrip::<apps::StatefulSet>(raw),
        Kind::Service => roundtrip::<core::Service>(raw),
        Kind::ConfigMap => roundtrip::<core::ConfigMap>(raw),
        Kind::PodDisruptionBudget => roundtrip::<policy::PodDisruptionBudget>(raw),
        Kind::Pod => roundtrip::<core::Pod>(raw),
        Kind::PersistentVolumeClaim => roundtrip::<core::PersistentVolumeClaim>(raw),
        other => panic!("no oracle for {other:?}"),
    }
}

/// Our serialization writes empty status objects that the official types omit, and the
/// official types write `status` the same way; compare without them.
fn without_status(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        map.remove("status");
    }
    // The official types always write apiVersion and kind on embedded claims; the API server
    // adds them when it defaults a set (see `default_statefulset`), a manifest need not.
    if let Some(Value::Array(claims)) = v.pointer_mut("/spec/volumeClaimTemplates") {
        for claim in claims {
            if let Value::Object(c) = claim {
                c.remove("apiVersion");
                c.remove("kind");
            }
        }
    }
    strip_empty(&mut v);
    v
}

/// Drops empty objects and nulls: the official types leave out an empty struct and read a
/// null (Go's zero `metav1.Time`, written `lastProbeTime: null`) as absent.
fn strip_empty(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for child in map.values_mut() {
                strip_empty(child);
            }
            map.retain(|_, child| {
                !matches!(child, Value::Null) && !matches!(child, Value::Object(m) if m.is_empty())
            });
        }
        Value::Array(items) => items.iter_mut().for_each(strip_empty),
        _ => {}
    }
}

#[test]
fn our_reading_of_every_example_matches_the_official_types() {
    let files = common::example_files();
    let mut compared = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for doc in parse(&text) {
            let ours = doc
                .result
                .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message()));
            let raw = doc.raw.unwrap();
            let expected = without_status(official(ours.kind(), &raw));
            let actual = without_status(ours.to_json());
            assert_eq!(
                actual,
                expected,
                "{}: {:?} {}",
                path.display(),
                ours.kind(),
                ours.meta().name
            );
            compared += 1;
        }
    }
    assert!(compared >= 12, "{compared} documents compared");
}

/// Every kind the store keeps, through the official types and back.
fn official_any(kind: Kind, raw: &Value) -> Value {
    use k8s_openapi::api::{
        apps::v1 as apps, core::v1 as core, discovery::v1 as discovery, policy::v1 as policy,
        storage::v1 as storage,
    };
    fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(raw: &Value) -> Value {
        let typed: T = serde_json::from_value(raw.clone())
            .unwrap_or_else(|e| panic!("the official types read the object: {e}\n{raw}"));
        serde_json::to_value(typed).unwrap()
    }
    match kind {
        Kind::Node => roundtrip::<core::Node>(raw),
        Kind::PersistentVolume => roundtrip::<core::PersistentVolume>(raw),
        Kind::StorageClass => roundtrip::<storage::StorageClass>(raw),
        Kind::Endpoints => roundtrip::<core::Endpoints>(raw),
        Kind::EndpointSlice => roundtrip::<discovery::EndpointSlice>(raw),
        Kind::ControllerRevision => roundtrip::<apps::ControllerRevision>(raw),
        Kind::Event => roundtrip::<core::Event>(raw),
        Kind::Namespace => roundtrip::<core::Namespace>(raw),
        Kind::Secret => roundtrip::<core::Secret>(raw),
        Kind::ServiceAccount => roundtrip::<core::ServiceAccount>(raw),
        Kind::PodDisruptionBudget => roundtrip::<policy::PodDisruptionBudget>(raw),
        other => official(other, raw),
    }
}

/// The objects a running cluster holds — statuses, events, nodes, volumes, revisions — read
/// by the official types and written back are what we wrote: a field the official types do
/// not know (a misspelt name) is dropped by them, and shows here as a difference.
#[test]
fn every_object_a_running_cluster_holds_reads_the_same_through_the_official_types() {
    let mut objects: Vec<Value> = Vec::new();
    for path in common::example_files() {
        let mut c = common::cluster();
        common::apply(&mut c, &std::fs::read_to_string(&path).unwrap());
        common::settle(&mut c);
        // Pods in every state: crash looping, and on a lost node.
        if let Some(pod) = common::pods(&c)
            .first()
            .map(|p| p.metadata.name.to_string())
        {
            c.set_fault("default", &pod, sts_core::cluster::Fault::CrashLoop);
            c.advance(sts_core::time::Duration::minutes(3));
            common::kill_node_of(&mut c, &pod);
            c.advance(sts_core::time::Duration::minutes(2));
        }
        objects.extend(Kind::ALL.iter().flat_map(|&k| {
            c.list_objects(k, None)
                .iter()
                .map(|o| o.to_json())
                .collect::<Vec<_>>()
        }));
        objects.extend(
            c.events()
                .iter()
                .map(|e| sts_core::api::Object::Event(Box::new((**e).clone())).to_json()),
        );
    }
    let mut compared = std::collections::BTreeMap::<String, usize>::new();
    for ours in objects {
        let kind = Kind::from_name(ours["kind"].as_str().unwrap()).unwrap();
        let mut theirs = official_any(kind, &ours);
        let mut ours = ours;
        strip_empty(&mut theirs);
        strip_empty(&mut ours);
        assert_eq!(ours, theirs, "{kind:?} {}", ours["metadata"]["name"]);
        *compared.entry(format!("{kind:?}")).or_default() += 1;
    }
    for kind in [
        "Pod",
        "StatefulSet",
        "Node",
        "PersistentVolume",
        "PersistentVolumeClaim",
        "Event",
        "ControllerRevision",
    ] {
        assert!(compared.contains_key(kind), "{kind} compared: {compared:?}");
    }
}
