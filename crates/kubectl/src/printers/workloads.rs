//! `kubectl get statefulsets` and `kubectl get controllerrevisions` rows (spec §8.3, §8.7).

use super::table::{age, simple, KindTable};
use std::rc::Rc;
use sts_core::api::{Container, ControllerRevision, Kind, Object, StatefulSet};
use sts_core::time::Time;

pub(crate) fn table(kind: Kind, objects: &[Rc<Object>], wide: bool, now: Time) -> KindTable {
    match kind {
        Kind::StatefulSet => {
            let mut headers = vec!["NAME", "READY", "AGE"];
            if wide {
                headers.extend(["CONTAINERS", "IMAGES"]);
            }
            simple(headers, objects, |o| match o {
                Object::StatefulSet(s) => statefulset_row(s, wide, now),
                _ => vec![o.meta().name.to_string()],
            })
        }
        _ => simple(
            vec!["NAME", "CONTROLLER", "REVISION", "AGE"],
            objects,
            |o| match o {
                Object::ControllerRevision(r) => revision_row(r, now),
                _ => vec![o.meta().name.to_string()],
            },
        ),
    }
}

fn statefulset_row(s: &StatefulSet, wide: bool, now: Time) -> Vec<String> {
    let mut cells = vec![
        s.metadata.name.to_string(),
        format!("{}/{}", s.status.ready_replicas, s.replicas()),
        age(s.metadata.creation_timestamp, now),
    ];
    if wide {
        let (names, images) = container_cells(&s.spec.template.spec.containers);
        cells.push(names);
        cells.push(images);
    }
    cells
}

/// `layoutContainerCells`: names and images joined with `,`, in template order.
pub(crate) fn container_cells(containers: &[Container]) -> (String, String) {
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = containers
        .iter()
        .map(|c| c.image.as_deref().unwrap_or(""))
        .collect();
    (names.join(","), images.join(","))
}

fn revision_row(r: &ControllerRevision, now: Time) -> Vec<String> {
    let controller = match r.metadata.controller() {
        Some(owner) => {
            // `formatResourceName(gvk.GroupKind(), name, true)`: `statefulset.apps/web`.
            let group = owner.api_version.rsplit_once('/').map(|(g, _)| g);
            let kind = owner.kind.to_ascii_lowercase();
            match group {
                Some(g) if !g.is_empty() => format!("{kind}.{g}/{}", owner.name),
                _ => format!("{kind}/{}", owner.name),
            }
        }
        None => "<none>".to_string(),
    };
    vec![
        r.metadata.name.to_string(),
        controller,
        r.revision.to_string(),
        age(r.metadata.creation_timestamp, now),
    ]
}
