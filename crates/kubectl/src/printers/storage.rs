//! `kubectl get pvc`, `pv` and `storageclasses` rows (spec §8.6).

use super::table::{age, simple, KindTable};
use std::rc::Rc;
use sts_core::api::{
    quantity_text, Kind, Name, Object, ObjectMeta, PersistentVolume, PersistentVolumeClaim,
    StorageClass,
};
use sts_core::time::Time;

/// The legacy annotation that `GetPersistentVolume(Claim)Class` prefers over the field.
const BETA_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";

pub(crate) fn table(kind: Kind, objects: &[Rc<Object>], wide: bool, now: Time) -> KindTable {
    match kind {
        Kind::PersistentVolumeClaim => {
            let mut headers = vec![
                "NAME",
                "STATUS",
                "VOLUME",
                "CAPACITY",
                "ACCESS MODES",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "AGE",
            ];
            if wide {
                headers.push("VOLUMEMODE");
            }
            simple(headers, objects, |o| match o {
                Object::PersistentVolumeClaim(c) => pvc_row(c, wide, now),
                _ => vec![o.meta().name.to_string()],
            })
        }
        Kind::PersistentVolume => {
            let mut headers = vec![
                "NAME",
                "CAPACITY",
                "ACCESS MODES",
                "RECLAIM POLICY",
                "STATUS",
                "CLAIM",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "REASON",
                "AGE",
            ];
            if wide {
                headers.push("VOLUMEMODE");
            }
            simple(headers, objects, |o| match o {
                Object::PersistentVolume(v) => pv_row(v, wide, now),
                _ => vec![o.meta().name.to_string()],
            })
        }
        _ => simple(
            vec![
                "NAME",
                "PROVISIONER",
                "RECLAIMPOLICY",
                "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION",
                "AGE",
            ],
            objects,
            |o| match o {
                Object::StorageClass(s) => storage_class_row(s, now),
                _ => vec![o.meta().name.to_string()],
            },
        ),
    }
}

/// `GetAccessModesAsString`: a fixed order, each mode once, joined with `,`.
pub fn access_modes_text(modes: &[String]) -> String {
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(mode, _)| modes.iter().any(|m| m == mode))
    .map(|(_, short)| *short)
    .collect::<Vec<_>>()
    .join(",")
}

fn class(meta: &ObjectMeta, field: Option<&String>) -> String {
    meta.annotations
        .get(BETA_CLASS_ANNOTATION)
        .map(Name::as_str)
        .or(field.map(String::as_str))
        .unwrap_or_default()
        .to_string()
}

/// A phase, or `Terminating` once a deletionTimestamp is set.
fn phase(meta: &ObjectMeta, phase: &str) -> String {
    if meta.deletion_timestamp.is_some() {
        "Terminating".into()
    } else {
        phase.into()
    }
}

fn volume_mode(mode: Option<&String>) -> String {
    mode.cloned().unwrap_or_else(|| "<unset>".into())
}

fn pvc_row(c: &PersistentVolumeClaim, wide: bool, now: Time) -> Vec<String> {
    let volume = c.spec.volume_name.clone().unwrap_or_default();
    // Capacity and access modes come from status, and only once a volume is named.
    // (An unset capacity prints as Go's zero Quantity, `0`.)
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        let capacity = c
            .status
            .capacity
            .as_ref()
            .and_then(|m| m.get("storage"))
            .map_or_else(|| "0".into(), quantity_text);
        (capacity, access_modes_text(&c.status.access_modes))
    };
    let vac = c
        .spec
        .volume_attributes_class_name
        .clone()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "<unset>".into());
    let mut cells = vec![
        c.metadata.name.to_string(),
        phase(&c.metadata, &c.status.phase),
        volume,
        capacity,
        modes,
        class(&c.metadata, c.spec.storage_class_name.as_ref()),
        vac,
        age(c.metadata.creation_timestamp, now),
    ];
    if wide {
        cells.push(volume_mode(c.spec.volume_mode.as_ref()));
    }
    cells
}

fn pv_row(v: &PersistentVolume, wide: bool, now: Time) -> Vec<String> {
    let capacity = v
        .spec
        .capacity
        .as_ref()
        .and_then(|m| m.get("storage"))
        .map_or_else(|| "0".into(), quantity_text);
    let claim = v
        .spec
        .claim_ref
        .as_ref()
        .map(|r| format!("{}/{}", r.namespace, r.name))
        .unwrap_or_default();
    let mut cells = vec![
        v.metadata.name.to_string(),
        capacity,
        access_modes_text(&v.spec.access_modes),
        v.spec
            .persistent_volume_reclaim_policy
            .clone()
            .unwrap_or_default(),
        phase(&v.metadata, &v.status.phase),
        claim,
        class(&v.metadata, v.spec.storage_class_name.as_ref()),
        // PvSpec does not model volumeAttributesClassName; the simulator never sets one.
        "<unset>".into(),
        // status.reason is not modelled; it is blank in every normal state.
        String::new(),
        age(v.metadata.creation_timestamp, now),
    ];
    if wide {
        cells.push(volume_mode(v.spec.volume_mode.as_ref()));
    }
    cells
}

fn storage_class_row(s: &StorageClass, now: Time) -> Vec<String> {
    let default_beta = s
        .metadata
        .annotations
        .get("storageclass.beta.kubernetes.io/is-default-class")
        .is_some_and(|v| v == "true");
    let name = if s.is_default() || default_beta {
        format!("{} (default)", s.metadata.name)
    } else {
        s.metadata.name.to_string()
    };
    vec![
        name,
        s.provisioner.clone(),
        s.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
        s.volume_binding_mode
            .clone()
            .unwrap_or_else(|| "Immediate".into()),
        s.allow_volume_expansion.unwrap_or(false).to_string(),
        age(s.metadata.creation_timestamp, now),
    ]
}
