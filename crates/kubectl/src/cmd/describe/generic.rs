//! `describe` for the kinds kubectl describes from their stored form alone: ConfigMap, Secret,
//! Namespace, PodDisruptionBudget and ServiceAccount in their own short layouts, and every
//! other kind (ControllerRevision, Event) as kubectl's generic describer walks an unstructured
//! object.

use super::*;
use serde_json::Value;

pub(super) fn generic(w: &mut String, o: &Object, version: sts_core::versions::ServerVersion) {
    let m = o.meta();
    line(w, 0, "Name", &m.name);
    if o.kind().namespaced() {
        line(w, 0, "Namespace", &m.namespace);
    }
    map_lines(w, 0, "Labels", &m.labels, &[]);
    if o.kind() == Kind::StorageClass {
        // kubectl's StorageClass describer prints them as labels.
        map_lines(w, 0, "Annotations", &m.annotations, SKIPPED);
    } else {
        annotation_lines(w, 0, &m.annotations, SKIPPED);
    }
    let json = o.to_json();
    match o.kind() {
        Kind::ConfigMap | Kind::Secret => {
            if o.kind() == Kind::Secret {
                line(w, 0, "Type", json["type"].as_str().unwrap_or("Opaque"));
            }
            w.push_str("\nData\n====\n");
            if let Some(data) = json["data"].as_object() {
                for (k, v) in data {
                    let text = v.as_str().unwrap_or_default();
                    if o.kind() == Kind::Secret {
                        w.push_str(&format!("{k}:\t{} bytes\n", text.len()));
                    } else {
                        w.push_str(&format!("{k}:\n----\n{text}\n"));
                    }
                }
            }
        }
        Kind::PodDisruptionBudget => {
            for (key, label) in [
                ("minAvailable", "Min available"),
                ("maxUnavailable", "Max unavailable"),
            ] {
                if let Some(v) = json["spec"].get(key) {
                    line(w, 0, label, quantity(v));
                }
            }
            if let Some(sel) = json["spec"]["selector"]["matchLabels"].as_object() {
                let text = sel
                    .iter()
                    .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join(",");
                line(w, 0, "Selector", text);
            }
        }
        Kind::Namespace => {
            line(
                w,
                0,
                "Status",
                json["status"]["phase"].as_str().unwrap_or_default(),
            );
            // A cluster has no ResourceQuota or LimitRange until someone makes one.
            w.push_str("\nNo resource quota.\n\nNo LimitRange resource.\n");
        }
        Kind::ServiceAccount => {
            // The headers carry their own padding, as kubectl's do.
            let names = |key: &str| -> Vec<String> {
                json[key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r["name"].as_str().map(String::from))
                    .collect()
            };
            let mut sections = vec![("Image pull secrets:", names("imagePullSecrets"))];
            // kubectl 1.35 dropped the secrets and tokens lines.
            if version.describe_sa_secrets() {
                sections.push(("Mountable secrets: ", names("secrets")));
                sections.push(("Tokens:            ", Vec::new()));
            }
            for (header, list) in sections {
                if list.is_empty() {
                    w.push_str(&format!("{header}\t<none>\n"));
                }
                for (i, name) in list.iter().enumerate() {
                    let shown = if i == 0 {
                        header
                    } else {
                        "                   "
                    };
                    w.push_str(&format!("{shown}\t{name}\n"));
                }
            }
        }
        _ => {}
    }
}

/// `genericDescriber`: name, namespace, labels and annotations, then every other field of the
/// object as served, keys sorted and written as labels (`ownerReferences` → `Owner References`).
pub(super) fn unstructured(w: &mut String, o: &Object) {
    let m = o.meta();
    line(w, 0, "Name", &m.name);
    line(w, 0, "Namespace", &m.namespace);
    map_lines(w, 0, "Labels", &m.labels, &[]);
    annotation_lines(w, 0, &m.annotations, SKIPPED);
    if let Value::Object(content) = o.to_json() {
        content_lines(
            w,
            0,
            &content,
            "",
            &[
                ".metadata.managedFields",
                ".metadata.name",
                ".metadata.namespace",
                ".metadata.labels",
                ".metadata.annotations",
            ],
        );
    }
}

/// `printUnstructuredContent`.
fn content_lines(
    w: &mut String,
    level: usize,
    content: &serde_json::Map<String, Value>,
    prefix: &str,
    skip: &[&str],
) {
    // serde_json's map keeps its keys sorted, as Go's `sort.Strings` would.
    let fields = content.keys();
    let pad = "  ".repeat(level);
    for field in fields {
        let path = format!("{prefix}.{field}");
        if skip.contains(&path.as_str()) {
            continue;
        }
        let label = smart_label(field);
        match &content[field] {
            Value::Object(map) => {
                w.push_str(&format!("{pad}{label}:\n"));
                content_lines(w, level + 1, map, &path, skip);
            }
            Value::Array(items) => {
                w.push_str(&format!("{pad}{label}:\n"));
                for item in items {
                    match item {
                        Value::Object(map) => content_lines(w, level + 1, map, &path, skip),
                        other => {
                            w.push_str(&format!("{pad}  {}\n", crate::template::go_print(other)))
                        }
                    }
                }
            }
            other => w.push_str(&format!(
                "{pad}{label}:\t{}\n",
                crate::template::go_print(other)
            )),
        }
    }
}

/// `smartLabelFor`: a field name split at its camel-case humps, each part capitalised, the
/// common acronyms (API, URL, UID, GUID) in capitals; names with characters other than letters
/// and `-` are kept as they are. API field names are ASCII, so ASCII rules suffice.
fn smart_label(field: &str) -> String {
    if field.bytes().any(|c| !c.is_ascii_alphabetic() && c != b'-') {
        return field.to_string();
    }
    let parts = camel_case_split(field);
    let mut merged: Vec<String> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let part = &parts[i];
        if let Some(next) = parts.get(i + 1) {
            let all_upper = part.bytes().all(|c| !c.is_ascii_lowercase());
            if part.len() >= 2
                && all_upper
                && next.bytes().next().is_some_and(|c| c.is_ascii_uppercase())
            {
                merged.push(format!("{part}{next}"));
                i += 2;
                continue;
            }
        }
        merged.push(part.clone());
        i += 1;
    }
    let mut label = String::new();
    for p in merged.iter().filter(|p| *p != "_") {
        if !label.is_empty() {
            label.push(' ');
        }
        let upper = p.to_ascii_uppercase();
        if ["API", "URL", "UID", "GUID"].contains(&upper.as_str()) {
            label.push_str(&upper);
        } else if p.bytes().all(|c| !c.is_ascii_uppercase()) {
            label.push(p.as_bytes()[0].to_ascii_uppercase() as char);
            label.push_str(&p[1..]);
        } else {
            label.push_str(p);
        }
    }
    label
}

/// `camelcase.Split` (fatih/camelcase) over ASCII: runs of lower-case letters, upper-case
/// letters and other characters; an upper-case run followed by a lower-case one gives its last
/// letter to it (`HTTPServer` → `HTTP`, `Server`).
fn camel_case_split(text: &str) -> Vec<String> {
    let class = |c: u8| {
        if c.is_ascii_lowercase() {
            1
        } else if c.is_ascii_uppercase() {
            2
        } else {
            3
        }
    };
    let mut runs: Vec<Vec<u8>> = Vec::new();
    let mut last = 0;
    for c in text.bytes() {
        let k = class(c);
        match runs.last_mut() {
            Some(run) if k == last => run.push(c),
            _ => runs.push(vec![c]),
        }
        last = k;
    }
    for i in 1..runs.len() {
        if runs[i - 1][0].is_ascii_uppercase() && runs[i][0].is_ascii_lowercase() {
            if let Some(c) = runs[i - 1].pop() {
                runs[i].insert(0, c);
            }
        }
    }
    runs.into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| String::from_utf8(r).unwrap_or_default())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::smart_label;

    #[test]
    fn field_names_become_kubectl_labels() {
        for (field, label) in [
            ("apiVersion", "API Version"),
            ("uid", "UID"),
            ("ownerReferences", "Owner References"),
            ("blockOwnerDeletion", "Block Owner Deletion"),
            (
                "terminationGracePeriodSeconds",
                "Termination Grace Period Seconds",
            ),
            ("dnsPolicy", "Dns Policy"),
            ("$patch", "$patch"),
            ("podCIDR", "Pod CIDR"),
            ("kind", "Kind"),
        ] {
            assert_eq!(smart_label(field), label, "{field}");
        }
    }
}
