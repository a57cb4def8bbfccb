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

fn strip_empty(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for child in map.values_mut() {
                strip_empty(child);
            }
            map.retain(|_, child| !matches!(child, Value::Object(m) if m.is_empty()));
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
