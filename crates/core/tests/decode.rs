//! `api::decode` against the reference it stands in for: `serde_path_to_error` over serde_json's
//! `&Value` deserializer. Every object of the examples and of a settled cluster is mutated —
//! each value replaced by values of every JSON type, an unknown field added to each object,
//! each field removed — and both decoders must agree on the result, the error message and the
//! path, byte for byte — except that a struct is not read from an array.

mod common;

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::fmt::Debug;
use sts_core::api::decode::{from_value, Decode};
use sts_core::api::*;

type Outcome = Result<String, (String, String)>;

fn both<T: DeserializeOwned + Decode + Debug>(value: &Value) -> (Outcome, Outcome) {
    let ours = from_value::<T>(value)
        .map(|t| format!("{t:?}"))
        .map_err(|e| (e.path(), e.to_string()));
    let reference = serde_path_to_error::deserialize::<_, T>(value)
        .map(|t| format!("{t:?}"))
        .map_err(|e| (e.path().to_string(), e.inner().to_string()));
    (ours, reference)
}

fn decode_both(kind: Kind, value: &Value) -> (Outcome, Outcome) {
    match kind {
        Kind::StatefulSet => both::<StatefulSet>(value),
        Kind::Pod => both::<Pod>(value),
        Kind::PersistentVolumeClaim => both::<PersistentVolumeClaim>(value),
        Kind::PersistentVolume => both::<PersistentVolume>(value),
        Kind::StorageClass => both::<StorageClass>(value),
        Kind::Service => both::<Service>(value),
        Kind::Endpoints => both::<Endpoints>(value),
        Kind::ControllerRevision => both::<ControllerRevision>(value),
        Kind::Node => both::<Node>(value),
        Kind::Event => both::<Event>(value),
        _ => both::<GenericObject>(value),
    }
}

/// Every JSON pointer in `value`, the root included.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn replacements() -> Vec<Value> {
    vec![
        json!("text"),
        json!(7),
        json!(-3),
        json!(1.5),
        json!(3_000_000_000u64),
        json!(true),
        json!(null),
        json!([]),
        json!(["a", 1]),
        json!({}),
        json!({"unknownField": 1}),
        json!("2025-13-45T00:00:00Z"),
    ]
}

/// Decodes every mutation of `value` both ways; returns how many were compared.
fn check(kind: Kind, value: &Value) -> usize {
    let mut compared = 0;
    let mut compare = |mutated: &Value| {
        let (ours, reference) = decode_both(kind, mutated);
        // The one deliberate difference: serde_json reads a struct from an array, we refuse.
        let array_for_struct = matches!(&ours, Err((_, m))
            if m.starts_with("invalid type: sequence, expected struct "));
        if !array_for_struct {
            assert_eq!(ours, reference, "{kind:?} {mutated}");
        }
        compared += 1;
    };
    compare(value);
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    for pointer in &all {
        for replacement in replacements() {
            let mut mutated = value.clone();
            *mutated.pointer_mut(pointer).unwrap() = replacement;
            compare(&mutated);
        }
        let mut mutated = value.clone();
        match mutated.pointer_mut(pointer).unwrap() {
            Value::Object(map) => {
                map.insert("unknownField".into(), json!(1));
            }
            Value::Array(items) => items.push(json!({"unknownField": 1})),
            _ => continue,
        }
        compare(&mutated);
        // Each field removed in turn.
        let keys: Vec<String> = match value.pointer(pointer) {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        for key in keys {
            let mut mutated = value.clone();
            if let Some(map) = mutated.pointer_mut(pointer).and_then(Value::as_object_mut) {
                map.remove(&key);
            }
            compare(&mutated);
        }
    }
    compared
}

fn example_objects() -> Vec<(Kind, Value)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut out = Vec::new();
    for dir in ["examples", "tests/negative"] {
        let mut files: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .flat_map(|p| {
                // examples/tutorial/ and any other folder: one level down.
                if p.is_dir() {
                    std::fs::read_dir(&p)
                        .unwrap()
                        .map(|e| e.unwrap().path())
                        .collect()
                } else {
                    vec![p]
                }
            })
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for doc in sts_core::manifest::parse(&text) {
                let Some(raw) = doc.raw else { continue };
                let kind = raw["kind"].as_str().and_then(Kind::from_name);
                if let Some(kind) = kind {
                    out.push((kind, raw));
                }
            }
        }
    }
    out
}

#[test]
fn decoding_agrees_with_serde_path_to_error_on_mutated_examples() {
    let mut compared = 0;
    for (kind, value) in example_objects() {
        compared += check(kind, &value);
    }
    assert!(compared > 10_000, "{compared} mutations compared");
}

#[test]
fn decoding_agrees_with_serde_path_to_error_on_a_settled_cluster() {
    let c = common::settled_m();
    let mut kinds = std::collections::BTreeSet::new();
    let mut compared = 0;
    for kind in Kind::ALL {
        // One object of each kind is enough: the others have the same shape.
        if let Some(object) = c.list(kind, None).next() {
            kinds.insert(kind);
            compared += check(kind, &object.to_json());
        }
    }
    assert!(kinds.len() >= 9, "{kinds:?}");
    assert!(compared > 5_000, "{compared} mutations compared");
}

#[test]
fn paths_and_messages_read_as_before() {
    let value = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "ports": [{"containerPort": "80"}]}]}}}});
    let e = from_value::<StatefulSet>(&value).unwrap_err();
    assert_eq!(
        e.path(),
        "spec.template.spec.containers[0].ports[0].containerPort"
    );
    assert_eq!(e.to_string(), "invalid type: string \"80\", expected i32");
    let e = from_value::<StatefulSet>(&json!({"spec": {"replica": 1}})).unwrap_err();
    assert_eq!(e.path(), "spec.replica");
    assert!(e
        .to_string()
        .starts_with("unknown field `replica`, expected one of"));
    let e = from_value::<StatefulSet>(&json!({"spec": {"template": ["a"]}})).unwrap_err();
    assert_eq!(e.path(), "spec.template");
    assert_eq!(
        e.to_string(),
        "invalid type: sequence, expected struct PodTemplateSpec"
    );
    let e = from_value::<StatefulSet>(&json!(null)).unwrap_err();
    assert_eq!(e.path(), ".");
    assert_eq!(
        e.to_string(),
        "invalid type: null, expected struct StatefulSet"
    );
}

/// The field names serde's derive gives `deserialize_struct`, or `None` for a struct with a
/// flattened field (serde reads those as maps).
fn serde_fields<T: DeserializeOwned>() -> Option<Vec<&'static str>> {
    struct Capture(std::cell::RefCell<Option<&'static [&'static str]>>);
    impl<'de> serde::Deserializer<'de> for &Capture {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0.borrow_mut() = Some(fields);
            Err(serde::de::Error::custom("captured"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let capture = Capture(Default::default());
    let _ = T::deserialize(&capture);
    capture.0.into_inner().map(<[_]>::to_vec)
}

#[test]
fn every_type_names_and_requires_the_fields_serde_does() {
    fn check<T: DeserializeOwned + Decode + Debug>(flattened: bool) {
        let name = std::any::type_name::<T>();
        match serde_fields::<T>() {
            Some(fields) => assert_eq!(T::FIELDS, fields.as_slice(), "{name}"),
            None => assert!(flattened, "{name} is read as a map"),
        }
        // The same fields are required: starting from `{}`, both must name the same missing
        // field; then it is given a value serde accepts, until nothing is missing.
        let mut value = json!({});
        for _ in 0..64 {
            let (ours, reference) = both::<T>(&value);
            assert_eq!(ours, reference, "{name} {value}");
            let Err((_, message)) = reference else { return };
            let Some(missing) = message.strip_prefix("missing field `") else {
                panic!("{name}: {message}");
            };
            let missing = missing.trim_end_matches('`').to_string();
            let accepted = [json!(""), json!(0), json!(false), json!({}), json!([])]
                .into_iter()
                .find(|candidate| {
                    let mut tried = value.clone();
                    tried[&missing] = candidate.clone();
                    match both::<T>(&tried).1 {
                        Ok(_) => true,
                        Err((path, message)) => {
                            path != missing && !message.contains(&format!("`{missing}`"))
                        }
                    }
                })
                .unwrap_or_else(|| panic!("{name}: no value for {missing}"));
            value[&missing] = accepted;
        }
        panic!("{name}: too many required fields");
    }
    macro_rules! all {
        ($($ty:ident)*) => {$(check::<$ty>(false);)*};
    }
    all!(StatefulSet StatefulSetSpec StatefulSetUpdateStrategy RollingUpdateStatefulSetStrategy
        RetentionPolicy StatefulSetOrdinals StatefulSetStatus ControllerRevision ObjectMeta
        OwnerReference LabelSelector LabelSelectorRequirement Pod PodTemplateSpec PodSpec
        Container ContainerPort EnvVar VolumeMount Probe HttpGetAction PvcVolumeSource
        Toleration PodStatus PodCondition ContainerStatus ContainerState StateWaiting
        StateRunning StateTerminated Node NodeSpec NodeStatus NodeCondition NodeAddress Taint
        Event EventSource ObjectReference Service ServiceSpec ServicePort Endpoints
        EndpointSubset EndpointAddress EndpointPort PersistentVolumeClaim PvcSpec
        ResourceRequirements PvcStatus PersistentVolume PvSpec PvStatus StorageClass);
    check::<GenericObject>(true);
    check::<Volume>(true);
}
