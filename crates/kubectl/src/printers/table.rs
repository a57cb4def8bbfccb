//! The `kubectl get` table of each kind: its columns (server-side `printers.go`) and cells.

use super::pod::pod_row;
use super::tabwriter::render;
use std::collections::BTreeMap;
use std::rc::Rc;
use sts_core::api::{
    quantity_text, ControllerRevision, Event, Kind, Node, Object, ObjectMeta, PersistentVolume,
    PersistentVolumeClaim, Service, StatefulSet, StorageClass,
};
use sts_core::time::{human_duration, Time};

/// `translateTimestampSince`: the AGE of a timestamp, `<unknown>` when unset.
pub fn age(t: Option<Time>, now: Time) -> String {
    match t {
        Some(t) => human_duration(now - t),
        None => "<unknown>".to_string(),
    }
}

fn none_if_empty(s: String) -> String {
    if s.is_empty() {
        "<none>".to_string()
    } else {
        s
    }
}

/// The column headers of a kind's table, wide columns included when asked.
pub fn headers(kind: Kind, wide: bool) -> Vec<&'static str> {
    let (base, extra): (&[&str], &[&str]) = match kind {
        Kind::StatefulSet => (&["NAME", "READY", "AGE"], &["CONTAINERS", "IMAGES"]),
        Kind::Pod => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        Kind::PersistentVolumeClaim => (
            &[
                "NAME",
                "STATUS",
                "VOLUME",
                "CAPACITY",
                "ACCESS MODES",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "AGE",
            ],
            &["VOLUMEMODE"],
        ),
        Kind::PersistentVolume => (
            &[
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
            ],
            &["VOLUMEMODE"],
        ),
        Kind::ControllerRevision => (&["NAME", "CONTROLLER", "REVISION", "AGE"], &[]),
        Kind::Service => (
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["SELECTOR"],
        ),
        Kind::Node => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
        Kind::StorageClass => (
            &[
                "NAME",
                "PROVISIONER",
                "RECLAIMPOLICY",
                "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION",
                "AGE",
            ],
            &[],
        ),
        _ => (&["NAME", "AGE"], &[]),
    };
    if kind == Kind::Event {
        return if wide {
            vec![
                "LAST SEEN",
                "TYPE",
                "REASON",
                "OBJECT",
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ]
        } else {
            vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
        };
    }
    let mut cols = base.to_vec();
    if wide {
        cols.extend_from_slice(extra);
    }
    cols
}

/// Prints a list of objects of one kind as `kubectl get` does, header first. An empty list
/// prints nothing; see [`super::no_resources`].
pub fn print_table(objects: &[Rc<Object>], wide: bool, now: Time) -> String {
    let Some(first) = objects.first() else {
        return String::new();
    };
    let kind = first.kind();
    let mut rows = vec![headers(kind, wide)
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()];
    rows.extend(objects.iter().map(|o| row(o, wide, now)));
    render(&rows)
}

/// The cells of one object's row.
pub fn row(object: &Object, wide: bool, now: Time) -> Vec<String> {
    match object {
        Object::StatefulSet(s) => statefulset_row(s, wide, now),
        Object::Pod(p) => pod_row(p, wide, now),
        Object::PersistentVolumeClaim(c) => pvc_row(c, wide, now),
        Object::PersistentVolume(v) => pv_row(v, wide, now),
        Object::ControllerRevision(r) => revision_row(r, now),
        Object::Event(e) => event_row(e, wide, now),
        Object::Service(s) => service_row(s, wide, now),
        Object::Node(n) => node_row(n, wide, now),
        Object::StorageClass(c) => storageclass_row(c, now),
        other => {
            let meta = other.meta();
            vec![meta.name.clone(), age(meta.creation_timestamp, now)]
        }
    }
}

fn statefulset_row(s: &StatefulSet, wide: bool, now: Time) -> Vec<String> {
    let mut row = vec![
        s.metadata.name.clone(),
        format!("{}/{}", s.status.ready_replicas, s.replicas()),
        age(s.metadata.creation_timestamp, now),
    ];
    if wide {
        let containers = &s.spec.template.spec.containers;
        let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
        let images: Vec<&str> = containers
            .iter()
            .map(|c| c.image.as_deref().unwrap_or(""))
            .collect();
        row.push(names.join(","));
        row.push(images.join(","));
    }
    row
}

/// `GetAccessModesAsString`: abbreviations in a fixed order, duplicates dropped.
pub fn access_modes(modes: &[String]) -> String {
    let has = |m: &str| modes.iter().any(|x| x == m);
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(long, _)| has(long))
    .map(|(_, short)| *short)
    .collect::<Vec<_>>()
    .join(",")
}

fn storage(map: &Option<BTreeMap<String, serde_json::Value>>) -> Option<String> {
    map.as_ref()?.get("storage").map(quantity_text)
}

/// The storage class of a claim or volume: the legacy beta annotation wins over the field.
fn class_of(meta: &ObjectMeta, field: &Option<String>) -> String {
    meta.annotations
        .get("volume.beta.kubernetes.io/storage-class")
        .or(field.as_ref())
        .cloned()
        .unwrap_or_default()
}

fn phase_or_terminating(meta: &ObjectMeta, phase: &str) -> String {
    if meta.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        phase.to_string()
    }
}

fn pvc_row(c: &PersistentVolumeClaim, wide: bool, now: Time) -> Vec<String> {
    let volume = c.spec.volume_name.clone().unwrap_or_default();
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            storage(&c.status.capacity).unwrap_or_else(|| "0".to_string()),
            access_modes(&c.status.access_modes),
        )
    };
    let vac = c
        .spec
        .volume_attributes_class_name
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "<unset>".to_string());
    let mut row = vec![
        c.metadata.name.clone(),
        phase_or_terminating(&c.metadata, &c.status.phase),
        volume,
        capacity,
        modes,
        class_of(&c.metadata, &c.spec.storage_class_name),
        vac,
        age(c.metadata.creation_timestamp, now),
    ];
    if wide {
        row.push(
            c.spec
                .volume_mode
                .clone()
                .unwrap_or_else(|| "<unset>".to_string()),
        );
    }
    row
}

fn pv_row(v: &PersistentVolume, wide: bool, now: Time) -> Vec<String> {
    let claim = v
        .spec
        .claim_ref
        .as_ref()
        .map(|r| format!("{}/{}", r.namespace, r.name))
        .unwrap_or_default();
    let mut row = vec![
        v.metadata.name.clone(),
        storage(&v.spec.capacity).unwrap_or_else(|| "0".to_string()),
        access_modes(&v.spec.access_modes),
        v.spec
            .persistent_volume_reclaim_policy
            .clone()
            .unwrap_or_default(),
        phase_or_terminating(&v.metadata, &v.status.phase),
        claim,
        class_of(&v.metadata, &v.spec.storage_class_name),
        "<unset>".to_string(),
        String::new(),
        age(v.metadata.creation_timestamp, now),
    ];
    if wide {
        row.push(
            v.spec
                .volume_mode
                .clone()
                .unwrap_or_else(|| "<unset>".to_string()),
        );
    }
    row
}

fn revision_row(r: &ControllerRevision, now: Time) -> Vec<String> {
    let controller = r
        .metadata
        .controller()
        .map(|o| {
            let group = o.api_version.rsplit_once('/').map_or("", |(g, _)| g);
            let kind = o.kind.to_lowercase();
            if group.is_empty() {
                format!("{kind}/{}", o.name)
            } else {
                format!("{kind}.{group}/{}", o.name)
            }
        })
        .unwrap_or_else(|| "<none>".to_string());
    vec![
        r.metadata.name.clone(),
        controller,
        r.revision.to_string(),
        age(r.metadata.creation_timestamp, now),
    ]
}

fn event_row(e: &Event, wide: bool, now: Time) -> Vec<String> {
    let first = age(e.first_timestamp.or(e.event_time), now);
    let last = match e.last_timestamp {
        Some(t) => age(Some(t), now),
        None => first.clone(),
    };
    let involved = &e.involved_object;
    let object = if involved.name.is_empty() {
        involved.kind.to_lowercase()
    } else {
        format!("{}/{}", involved.kind.to_lowercase(), involved.name)
    };
    let message = e.message.trim().to_string();
    if !wide {
        return vec![last, e.type_.clone(), e.reason.clone(), object, message];
    }
    let component = if e.source.component.is_empty() {
        &e.reporting_component
    } else {
        &e.source.component
    };
    let instance = if e.source.host.is_empty() {
        &e.reporting_instance
    } else {
        &e.source.host
    };
    let source = if instance.is_empty() {
        component.clone()
    } else {
        format!("{component}, {instance}")
    };
    vec![
        last,
        e.type_.clone(),
        e.reason.clone(),
        object,
        involved.field_path.clone(),
        source,
        message,
        first,
        e.count.max(1).to_string(),
        e.metadata.name.clone(),
    ]
}

fn service_row(s: &Service, wide: bool, now: Time) -> Vec<String> {
    let type_ = s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into());
    let cluster_ip = s
        .spec
        .cluster_ips
        .as_ref()
        .and_then(|ips| ips.first().cloned())
        .or_else(|| s.spec.cluster_ip.clone())
        .filter(|ip| !ip.is_empty())
        .unwrap_or_else(|| "<none>".into());
    let external: Vec<String> = s.spec.external_ips.clone().unwrap_or_default();
    let external_ip = match type_.as_str() {
        "ExternalName" => s.spec.external_name.clone().unwrap_or_default(),
        "LoadBalancer" if external.is_empty() => "<pending>".to_string(),
        _ => none_if_empty(external.join(",")),
    };
    let ports: Vec<String> = s
        .spec
        .ports
        .iter()
        .map(|p| {
            let protocol = p.protocol.as_deref().unwrap_or("TCP");
            match p.node_port {
                Some(np) if np > 0 => format!("{}:{np}/{protocol}", p.port),
                _ => format!("{}/{protocol}", p.port),
            }
        })
        .collect();
    let mut row = vec![
        s.metadata.name.clone(),
        type_,
        cluster_ip,
        external_ip,
        none_if_empty(ports.join(",")),
        age(s.metadata.creation_timestamp, now),
    ];
    if wide {
        let selector = s
            .spec
            .selector
            .as_ref()
            .map(sts_core::api::labels_string)
            .unwrap_or_default();
        row.push(none_if_empty(selector));
    }
    row
}

fn node_row(n: &Node, wide: bool, now: Time) -> Vec<String> {
    let mut status = match n.status.conditions.iter().find(|c| c.type_ == "Ready") {
        Some(c) if c.status == "True" => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if n.spec.unschedulable == Some(true) {
        status.push_str(",SchedulingDisabled");
    }
    let mut roles: Vec<&str> = n
        .metadata
        .labels
        .iter()
        .filter_map(|(k, v)| {
            if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
                Some(role)
            } else if k == "kubernetes.io/role" {
                Some(v.as_str())
            } else {
                None
            }
        })
        .filter(|r| !r.is_empty())
        .collect();
    roles.sort_unstable();
    roles.dedup();
    let info = |key: &str| {
        n.status
            .node_info
            .as_ref()
            .and_then(|i| i.get(key))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let mut row = vec![
        n.metadata.name.clone(),
        status,
        none_if_empty(roles.join(",")),
        age(n.metadata.creation_timestamp, now),
        info("kubeletVersion"),
    ];
    if wide {
        let unknown = |s: String| if s.is_empty() { "<unknown>".into() } else { s };
        row.push(none_if_empty(
            n.internal_ip().unwrap_or_default().to_string(),
        ));
        row.push("<none>".to_string());
        row.push(unknown(info("osImage")));
        row.push(unknown(info("kernelVersion")));
        row.push(unknown(info("containerRuntimeVersion")));
    }
    row
}

fn storageclass_row(c: &StorageClass, now: Time) -> Vec<String> {
    let mut name = c.metadata.name.clone();
    if c.is_default() {
        name.push_str(" (default)");
    }
    vec![
        name,
        c.provisioner.clone(),
        c.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
        c.volume_binding_mode
            .clone()
            .unwrap_or_else(|| "Immediate".into()),
        c.allow_volume_expansion.unwrap_or(false).to_string(),
        age(c.metadata.creation_timestamp, now),
    ]
}
