//! `describe` for storage: PersistentVolumeClaim, PersistentVolume and StorageClass, in the
//! layouts of kubectl's `describePersistentVolumeClaim`, `describePersistentVolume` and
//! `describeStorageClass`.

use super::*;

pub(super) fn claim(w: &mut String, cluster: &Cluster, c: &PersistentVolumeClaim) {
    let m = &c.metadata;
    line(w, 0, "Name", &m.name);
    line(w, 0, "Namespace", &m.namespace);
    line(
        w,
        0,
        "StorageClass",
        c.spec.storage_class_name.clone().unwrap_or_default(),
    );
    status_line(w, m, Some(cluster.now()), &c.status.phase);
    line(
        w,
        0,
        "Volume",
        c.spec.volume_name.clone().unwrap_or_default(),
    );
    map_lines(w, 0, "Labels", &m.labels, &[]);
    annotation_lines(w, 0, &m.annotations, SKIPPED);
    line(w, 0, "Finalizers", format!("[{}]", m.finalizers.join(" ")));
    let bound = c.spec.volume_name.is_some();
    let capacity = c
        .status
        .capacity
        .as_ref()
        .and_then(|cap| cap.get("storage"))
        .map(quantity)
        .filter(|_| bound)
        .unwrap_or_default();
    line(w, 0, "Capacity", capacity);
    let modes = if bound {
        crate::printers::storage::access_modes_text(&c.status.access_modes)
    } else {
        String::new()
    };
    line(w, 0, "Access Modes", modes);
    line(
        w,
        0,
        "VolumeMode",
        c.spec
            .volume_mode
            .clone()
            .unwrap_or_else(|| "Filesystem".into()),
    );
    let users: Vec<String> = cluster
        .list(Kind::Pod, Some(&m.namespace))
        .filter_map(|o| match &**o {
            Object::Pod(p)
                if p.spec.volumes.iter().any(|v| {
                    v.persistent_volume_claim
                        .as_ref()
                        .is_some_and(|pc| pc.claim_name == m.name)
                }) =>
            {
                Some(p.metadata.name.to_string())
            }
            _ => None,
        })
        .collect();
    if users.is_empty() {
        line(w, 0, "Used By", "<none>");
    } else {
        for (i, u) in users.iter().enumerate() {
            if i == 0 {
                line(w, 0, "Used By", u);
            } else {
                w.push_str(&format!("\t{u}\n"));
            }
        }
    }
}

pub(super) fn volume(w: &mut String, cluster: &Cluster, pv: &PersistentVolume) {
    let m = &pv.metadata;
    line(w, 0, "Name", &m.name);
    map_lines(w, 0, "Labels", &m.labels, &[]);
    annotation_lines(w, 0, &m.annotations, SKIPPED);
    line(w, 0, "Finalizers", format!("[{}]", m.finalizers.join(" ")));
    line(
        w,
        0,
        "StorageClass",
        pv.spec.storage_class_name.as_deref().unwrap_or_default(),
    );
    status_line(w, m, Some(cluster.now()), &pv.status.phase);
    let claim = pv
        .spec
        .claim_ref
        .as_ref()
        .map(|c| format!("{}/{}", c.namespace, c.name))
        .unwrap_or_default();
    line(w, 0, "Claim", claim);
    line(
        w,
        0,
        "Reclaim Policy",
        pv.spec
            .persistent_volume_reclaim_policy
            .as_deref()
            .unwrap_or_default(),
    );
    line(
        w,
        0,
        "Access Modes",
        crate::printers::storage::access_modes_text(&pv.spec.access_modes),
    );
    if let Some(mode) = &pv.spec.volume_mode {
        line(w, 0, "VolumeMode", mode);
    }
    let capacity = pv
        .spec
        .capacity
        .as_ref()
        .and_then(|c| c.get("storage"))
        .map(|q| Quantity::of(q).to_string())
        .unwrap_or_else(|| "0".into());
    line(w, 0, "Capacity", capacity);
    node_affinity(w, pv.spec.node_affinity.as_ref());
    line(w, 0, "Message", "");
    heading(w, 0, "Source");
    match &pv.spec.host_path {
        Some(h) => host_path(w, h),
        None => w.push_str("  <unknown>\n"),
    }
}

/// `printVolumeNodeAffinity`: the required terms, one `Term N:` line each.
fn node_affinity(w: &mut String, affinity: Option<&serde_json::Value>) {
    let Some(required) = affinity.and_then(|a| a.get("required")) else {
        line(w, 0, "Node Affinity", "<none>");
        return;
    };
    line(w, 0, "Node Affinity", "");
    let terms = required["nodeSelectorTerms"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if terms.is_empty() {
        line(w, 2, "Required Terms", "<none>");
        return;
    }
    line(w, 2, "Required Terms", "");
    for (i, term) in terms.iter().enumerate() {
        let exprs: Vec<String> = term["matchExpressions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                let text = format!(
                    "{} {}",
                    e["key"].as_str().unwrap_or_default(),
                    e["operator"]
                        .as_str()
                        .unwrap_or_default()
                        .to_ascii_lowercase()
                );
                match e["values"].as_array() {
                    Some(v) if !v.is_empty() => format!(
                        "{text} [{}]",
                        v.iter()
                            .map(|v| v.as_str().unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    _ => text,
                }
            })
            .collect();
        let key = format!("Term {i}");
        if exprs.is_empty() {
            line(w, 4, &key, "<none>");
        }
        for (j, e) in exprs.iter().enumerate() {
            if j == 0 {
                line(w, 4, &key, e);
            } else {
                w.push_str(&format!("    \t{e}\n"));
            }
        }
    }
}

pub(super) fn storage_class(w: &mut String, sc: &StorageClass) {
    let m = &sc.metadata;
    line(w, 0, "Name", &m.name);
    let default = [
        "storageclass.kubernetes.io/is-default-class",
        "storageclass.beta.kubernetes.io/is-default-class",
    ]
    .iter()
    .any(|k| m.annotations.get(k).is_some_and(|v| v == "true"));
    line(w, 0, "IsDefaultClass", if default { "Yes" } else { "No" });
    line(w, 0, "Annotations", format_labels(&m.annotations));
    line(w, 0, "Provisioner", &sc.provisioner);
    let parameters = sc.parameters.clone().unwrap_or_default();
    line(w, 0, "Parameters", format_labels(&parameters));
    line(
        w,
        0,
        "AllowVolumeExpansion",
        match sc.allow_volume_expansion {
            Some(true) => "True",
            Some(false) => "False",
            None => "<unset>",
        },
    );
    match sc.mount_options.as_deref() {
        None | Some([]) => line(w, 0, "MountOptions", "<none>"),
        Some(options) => {
            heading(w, 0, "MountOptions");
            for o in options {
                w.push_str(&format!("  {o}\n"));
            }
        }
    }
    if let Some(p) = &sc.reclaim_policy {
        line(w, 0, "ReclaimPolicy", p);
    }
    if let Some(mode) = &sc.volume_binding_mode {
        line(w, 0, "VolumeBindingMode", mode);
    }
}
