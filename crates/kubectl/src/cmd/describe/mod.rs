//! `kubectl describe` (spec §8.9): StatefulSet, Pod, PersistentVolumeClaim, Service and Node in
//! kubectl's layouts, a generic form for the stored-only kinds, and the Events block.
//!
//! Like kubectl, each description is written as tab-separated cells and aligned at the end by
//! one tabwriter (min width 0, padding 2), so `Events:  <none>` lines up with the block above.

mod generic;
mod network;
mod nodes;
mod storage;

use super::{targets, Ctx};
use crate::args::{boolean, val, Flag};
use crate::printers::TabWriter;
use std::rc::Rc;
use sts_core::api::quantity::Quantity;
use sts_core::api::*;
use sts_core::cluster::Cluster;
use sts_core::time::{human_duration, Time};
use sts_core::versions::ServerVersion;

const FLAGS: &[Flag] = &[
    val("selector", Some('l')),
    boolean("all-namespaces", Some('A')),
    val("filename", Some('f')),
    boolean("show-events", None),
];

pub fn describe(ctx: &mut Ctx, words: &[String]) {
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let Ok(selector) = ctx.selector(&args) else {
        return;
    };
    let ns = ctx.namespace(&args);
    let all_ns = args.on("all-namespaces");
    // `describe pods web` with no pod named web describes those whose names start with it
    // (`DescribeMatchingResources`), each followed by a blank line rather than separated by two.
    let mut by_prefix = false;
    let found = if let Some(path) = args.get("filename") {
        match super::apply::objects_in_file(ctx, path, &ns) {
            Some(t) => t,
            None => return,
        }
    } else {
        if args.positionals.is_empty() {
            ctx.out.err("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples");
            ctx.out.code = 1;
            return;
        }
        // `describe pods web` describes every pod whose name starts with "web".
        let mut positionals = args.positionals.clone();
        let prefixes: Vec<String> = if positionals.len() > 1 && !positionals[0].contains('/') {
            positionals.drain(1..).collect()
        } else {
            Vec::new()
        };
        let Some(mut t) = targets(
            ctx,
            &positionals,
            (!all_ns).then_some(ns.as_str()),
            selector.as_ref(),
        ) else {
            return;
        };
        if !prefixes.is_empty() {
            for (kind, list) in &mut t.groups {
                let exact: Vec<Rc<Object>> = list
                    .iter()
                    .filter(|o| prefixes.iter().any(|p| *p == o.meta().name))
                    .cloned()
                    .collect();
                if exact.len() == prefixes.len() {
                    *list = exact;
                } else {
                    by_prefix = true;
                    list.retain(|o| {
                        prefixes
                            .iter()
                            .any(|p| o.meta().name.starts_with(p.as_str()))
                    });
                }
                if list.is_empty() {
                    for p in &prefixes {
                        ctx.not_found(*kind, p);
                    }
                }
            }
            t.named = true;
        }
        t
    };
    let objects: Vec<Rc<Object>> = found.groups.iter().flat_map(|(_, l)| l.clone()).collect();
    if objects.is_empty() {
        if !found.named {
            ctx.out.err(crate::printers::no_resources(
                (!all_ns).then_some(ns.as_str()),
            ));
        }
        return;
    }
    let cluster = ctx.session.cluster();
    // Events unless `--show-events=false`; from 1.36, only for a single object unless the flag
    // is given (kubernetes PR 137145).
    let events = match args.get("show-events") {
        Some(given) => given == "true",
        None => !(cluster.config.version().describe_many_skips_events() && objects.len() > 1),
    };
    let texts: Vec<String> = objects
        .iter()
        .map(|o| TabWriter::describe().format(&describe_object(cluster, o, events)))
        .collect();
    if by_prefix {
        ctx.out
            .out(texts.iter().map(|t| format!("{t}\n")).collect::<String>());
    } else {
        ctx.out.out(texts.join("\n\n"));
    }
}

/// The description of one object, tab-separated, before alignment.
pub fn describe_object(cluster: &Cluster, object: &Object, events: bool) -> String {
    let mut w = String::new();
    match object {
        Object::StatefulSet(s) => statefulset(&mut w, cluster, s),
        Object::Pod(p) => pod(&mut w, p, cluster.now(), cluster.config.version()),
        Object::PersistentVolumeClaim(c) => storage::claim(&mut w, cluster, c),
        Object::PersistentVolume(pv) => storage::volume(&mut w, cluster, pv),
        Object::StorageClass(sc) => storage::storage_class(&mut w, sc),
        Object::Service(s) => network::service(&mut w, cluster, s),
        Object::Endpoints(e) => network::endpoints(&mut w, e),
        Object::EndpointSlice(e) => network::endpoint_slice(&mut w, e),
        Object::Node(n) => nodes::node(&mut w, cluster, n),
        Object::ControllerRevision(_) | Object::Event(_) => generic::unstructured(&mut w, object),
        other => generic::generic(&mut w, other, cluster.config.version()),
    }
    // kubectl's Namespace describer prints no events.
    if events && object.kind() != Kind::Namespace {
        events_block(&mut w, cluster, object);
    }
    w
}

/// Annotations `describe` leaves out, as kubectl does.
const SKIPPED: &[&str] = &["kubectl.kubernetes.io/last-applied-configuration"];

fn line(w: &mut String, indent: usize, key: &str, value: impl AsRef<str>) {
    line_str(w, indent, key, value.as_ref());
}

/// One copy for every call (the wasm is smaller than with each call site inlined).
#[inline(never)]
fn line_str(w: &mut String, indent: usize, key: &str, value: &str) {
    for _ in 0..indent {
        w.push(' ');
    }
    w.push_str(key);
    w.push_str(":\t");
    w.push_str(value);
    w.push('\n');
}

#[inline(never)]
fn heading(w: &mut String, indent: usize, key: &str) {
    w.push_str(&" ".repeat(indent));
    w.push_str(key);
    w.push_str(":\n");
}

/// `Labels:` / `Annotations:`: one `k=v` per line, continuation lines in the value column.
fn map_lines(w: &mut String, indent: usize, key: &str, map: &Labels, skip: &[&str]) {
    let entries: Vec<(&Name, &Name)> = map
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .collect();
    if entries.is_empty() {
        line(w, indent, key, "<none>");
        return;
    }
    for (i, (k, v)) in entries.iter().enumerate() {
        if i == 0 {
            line(w, indent, key, format!("{k}={v}"));
        } else {
            w.push_str(&format!("{}\t{k}={v}\n", " ".repeat(indent)));
        }
    }
}

/// `labels.FormatLabels`: `k=v` pairs, sorted, joined by commas; `<none>` when there are none.
fn format_labels(map: &Labels) -> String {
    crate::printers::table::or_none(labels_string(map))
}

/// `Annotations:` as kubectl's `printAnnotationsMultiline` prints them: `key: value`, sorted;
/// a value with a newline or longer than the line allows goes below its key, shortened.
fn annotation_lines(w: &mut String, indent: usize, map: &Labels, skip: &[&str]) {
    const MAX_ANNOTATION_LEN: usize = 140;
    let entries: Vec<(&Name, &Name)> = map
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .collect();
    if entries.is_empty() {
        line(w, indent, "Annotations", "<none>");
        return;
    }
    let pad = " ".repeat(indent);
    for (i, (k, v)) in entries.iter().enumerate() {
        w.push_str(&pad);
        w.push_str(if i == 0 { "Annotations:\t" } else { "\t" });
        w.push_str(k);
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.push_str(":\n");
            for part in value.split('\n') {
                w.push_str(&pad);
                w.push_str("\t  ");
                match part.char_indices().nth(MAX_ANNOTATION_LEN - 2) {
                    Some((end, _)) => {
                        w.push_str(&part[..end]);
                        w.push_str("...");
                    }
                    None => w.push_str(part),
                }
                w.push('\n');
            }
        } else {
            w.push_str(": ");
            w.push_str(value);
            w.push('\n');
        }
    }
}

/// `Status:`: `Terminating (lasts 5s)` while the object is being deleted (when `now` is
/// given), else its phase. Returns whether it was Terminating.
fn status_line(w: &mut String, m: &ObjectMeta, now: Option<Time>, phase: &str) -> bool {
    match (m.deletion_timestamp, now) {
        (Some(at), Some(now)) => {
            let lasts = crate::printers::table::age(Some(at), now);
            line(w, 0, "Status", format!("Terminating (lasts {lasts})"));
            true
        }
        _ => {
            line(w, 0, "Status", phase);
            false
        }
    }
}

fn stamp(t: Option<Time>) -> String {
    t.map(|t| t.rfc1123z())
        .unwrap_or_else(|| "<unknown>".into())
}

fn statefulset(w: &mut String, cluster: &Cluster, s: &StatefulSet) {
    let m = &s.metadata;
    line(w, 0, "Name", &m.name);
    line(w, 0, "Namespace", &m.namespace);
    line(w, 0, "CreationTimestamp", stamp(m.creation_timestamp));
    line(
        w,
        0,
        "Selector",
        s.spec
            .selector
            .as_ref()
            .map(|sel| sel.to_selector_string())
            .unwrap_or_default(),
    );
    map_lines(w, 0, "Labels", &m.labels, &[]);
    annotation_lines(w, 0, &m.annotations, SKIPPED);
    let policies = cluster.config.version().describe_sts_policies();
    if policies {
        line(w, 0, "Service Name", &s.spec.service_name);
        line(
            w,
            0,
            "Pod Management Policy",
            s.spec
                .pod_management_policy
                .clone()
                .unwrap_or_else(|| "OrderedReady".into()),
        );
    }
    line(
        w,
        0,
        "Replicas",
        format!(
            "{} desired | {} total",
            s.spec.replicas.unwrap_or(1),
            s.status.replicas
        ),
    );
    let strategy = s.spec.update_strategy.clone().unwrap_or_default();
    line(
        w,
        0,
        "Update Strategy",
        strategy
            .type_
            .clone()
            .unwrap_or_else(|| "RollingUpdate".into()),
    );
    if let Some(r) = &strategy.rolling_update {
        if let Some(p) = r.partition {
            line(w, 2, "Partition", p.to_string());
        }
        if let Some(mu) = &r.max_unavailable {
            line(
                w,
                2,
                "MaxUnavailable",
                match mu {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                },
            );
        }
    }
    if let Some(retention) = s
        .spec
        .persistent_volume_claim_retention_policy
        .as_ref()
        .filter(|_| policies)
    {
        heading(w, 0, "Persistent Volume Claim Retention Policy");
        line(
            w,
            2,
            "WhenDeleted",
            retention.when_deleted.clone().unwrap_or_default(),
        );
        line(
            w,
            2,
            "WhenScaled",
            retention.when_scaled.clone().unwrap_or_default(),
        );
    }
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for o in cluster.store().dependent_objects(&m.uid) {
        if let Object::Pod(p) = &**o {
            let selected = s
                .spec
                .selector
                .as_ref()
                .is_some_and(|sel| sel.matches(&p.metadata.labels));
            if !selected {
                continue;
            }
            match &*p.status.phase {
                "Running" => running += 1,
                "Succeeded" => succeeded += 1,
                "Failed" => failed += 1,
                _ => waiting += 1,
            }
        }
    }
    line(
        w,
        0,
        "Pods Status",
        format!("{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed"),
    );
    heading(w, 0, "Pod Template");
    template_body(w, &s.spec.template, cluster.config.version());
    if !s.spec.volume_claim_templates.is_empty() {
        heading(w, 0, "Volume Claims");
        for c in &s.spec.volume_claim_templates {
            line(w, 2, "Name", &c.metadata.name);
            line(
                w,
                2,
                "StorageClass",
                c.spec.storage_class_name.clone().unwrap_or_default(),
            );
            map_lines(w, 2, "Labels", &c.metadata.labels, &[]);
            map_lines(w, 2, "Annotations", &c.metadata.annotations, &[]);
            let capacity = c
                .spec
                .resources
                .as_ref()
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("storage"))
                .map(quantity)
                .unwrap_or_else(|| "<default>".into());
            line(w, 2, "Capacity", capacity);
            line(
                w,
                2,
                "Access Modes",
                format!("[{}]", c.spec.access_modes.join(" ")),
            );
        }
    } else {
        line(w, 0, "Volume Claims", "<none>");
    }
}

fn quantity(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `Pod Template:` body of `describe sts` and `rollout history --revision`.
fn template_body(w: &mut String, t: &PodTemplateSpec, v: ServerVersion) {
    map_lines(w, 2, "Labels", &t.metadata.labels, &[]);
    if !t.metadata.annotations.is_empty() {
        map_lines(w, 2, "Annotations", &t.metadata.annotations, &[]);
    }
    if let Some(sa) = &t.spec.service_account_name {
        line(w, 2, "Service Account", sa);
    }
    if !t.spec.init_containers.is_empty() {
        heading(w, 2, "Init Containers");
        for c in &t.spec.init_containers {
            template_container(w, c, v);
        }
    }
    heading(w, 2, "Containers");
    for c in &t.spec.containers {
        template_container(w, c, v);
    }
    let volumes: Vec<&Volume> = t.spec.volumes.iter().collect();
    if volumes.is_empty() {
        line(w, 2, "Volumes", "<none>");
    } else {
        heading(w, 2, "Volumes");
        for v in volumes {
            volume(w, v, " ");
        }
    }
    node_selectors(w, 2, &t.spec);
    tolerations(w, 2, &t.spec);
}

/// `rollout history --revision=N` and `rollout undo --dry-run`: the template alone, as
/// kubectl's `printTemplate` writes it — the describer's lines through no tabwriter, so the
/// tabs between keys and values stay tabs.
pub fn pod_template_text(t: &PodTemplateSpec, v: ServerVersion) -> String {
    let mut w = String::new();
    heading(&mut w, 0, "Pod Template");
    template_body(&mut w, t, v);
    w
}

/// ` (http)` after a named port, as `describeContainerPorts` prints it.
fn named(p: &ContainerPort) -> String {
    match p.name.as_deref() {
        Some(name) if !name.is_empty() => format!(" ({name})"),
        _ => String::new(),
    }
}

fn ports(c: &Container) -> (String, String) {
    let ports = c.ports.clone().unwrap_or_default();
    if ports.is_empty() {
        return ("<none>".into(), "<none>".into());
    }
    let port = ports
        .iter()
        .map(|p| {
            format!(
                "{}/{}{}",
                p.container_port,
                p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                named(p)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let host = ports
        .iter()
        .map(|p| {
            format!(
                "{}/{}{}",
                p.host_port.unwrap_or(0),
                p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                named(p)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    (port, host)
}

fn template_container(w: &mut String, c: &Container, v: ServerVersion) {
    heading(w, 3, &c.name);
    line(w, 4, "Image", c.image.clone().unwrap_or_default());
    let (port, host) = ports(c);
    line(
        w,
        4,
        if c.ports.as_ref().is_some_and(|p| p.len() > 1) {
            "Ports"
        } else {
            "Port"
        },
        port,
    );
    line(
        w,
        4,
        if c.ports.as_ref().is_some_and(|p| p.len() > 1) {
            "Host Ports"
        } else {
            "Host Port"
        },
        host,
    );
    command_lines(w, c);
    resources(w, c);
    probes(w, c, v);
    env_lines(w, c);
    mounts(w, c, &[]);
}

/// `describeResources`: the container's limits, then its requests, names sorted.
fn resources(w: &mut String, c: &Container) {
    let Some(r) = &c.resources else { return };
    for (key, title) in [("limits", "Limits"), ("requests", "Requests")] {
        let Some(list) = r[key].as_object().filter(|l| !l.is_empty()) else {
            continue;
        };
        heading(w, 4, title);
        // JSON objects keep their keys sorted.
        for name in list.keys() {
            line(w, 6, name, Quantity::of(&list[name]).to_string());
        }
    }
}

fn command_lines(w: &mut String, c: &Container) {
    for (key, list) in [("Command", &c.command), ("Args", &c.args)] {
        if let Some(items) = list {
            heading(w, 4, key);
            for item in items {
                for l in item.lines() {
                    w.push_str(&format!("      {l}\n"));
                }
            }
        }
    }
}

fn probe_text(p: &Probe, v: ServerVersion) -> String {
    let action = if let Some(h) = &p.http_get {
        let port = match &h.port {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        format!(
            "http-get {}://{}:{port}{}",
            h.scheme
                .clone()
                .unwrap_or_else(|| "HTTP".into())
                .to_ascii_lowercase(),
            h.host.clone().unwrap_or_default(),
            h.path.clone().unwrap_or_default()
        )
    } else if let Some(e) = &p.exec {
        let cmd: Vec<String> = e["command"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect();
        format!("exec [{}]", cmd.join(" "))
    } else if let Some(t) = &p.tcp_socket {
        format!(
            "tcp-socket :{}",
            t["port"]
                .as_i64()
                .map(|n| n.to_string())
                .unwrap_or_else(|| t["port"].as_str().unwrap_or_default().to_string())
        )
    } else {
        "unknown".into()
    };
    // kubectl 1.37 spells the thresholds out (`successThreshold=1 failureThreshold=3`).
    let (success, failure) = if v.describe_probe_threshold_names() {
        ("successThreshold=", "failureThreshold=")
    } else {
        ("#success=", "#failure=")
    };
    format!(
        "{action} delay={}s timeout={}s period={}s {success}{} {failure}{}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(1),
        p.period_seconds.unwrap_or(10),
        p.success_threshold.unwrap_or(1),
        p.failure_threshold.unwrap_or(3)
    )
}

fn probes(w: &mut String, c: &Container, v: ServerVersion) {
    if let Some(p) = &c.liveness_probe {
        line(w, 4, "Liveness", probe_text(p, v));
    }
    if let Some(p) = &c.readiness_probe {
        line(w, 4, "Readiness", probe_text(p, v));
    }
    if let Some(p) = &c.startup_probe {
        line(w, 4, "Startup", probe_text(p, v));
    }
}

fn env_lines(w: &mut String, c: &Container) {
    let env = c.env.clone().unwrap_or_default();
    if env.is_empty() {
        line(w, 4, "Environment", "<none>");
        return;
    }
    heading(w, 4, "Environment");
    for e in env {
        let value = match (&e.value, &e.value_from) {
            (Some(v), _) => v.clone(),
            (None, Some(from)) => {
                if let Some(f) = from.get("fieldRef") {
                    format!(
                        " ({}:{})",
                        f["apiVersion"].as_str().unwrap_or("v1"),
                        f["fieldPath"].as_str().unwrap_or_default()
                    )
                } else if let Some(k) = from.get("configMapKeyRef") {
                    format!(
                        "<set to the key '{}' of config map '{}'>",
                        k["key"].as_str().unwrap_or_default(),
                        k["name"].as_str().unwrap_or_default()
                    )
                } else if let Some(k) = from.get("secretKeyRef") {
                    format!(
                        "<set to the key '{}' in secret '{}'>",
                        k["key"].as_str().unwrap_or_default(),
                        k["name"].as_str().unwrap_or_default()
                    )
                } else {
                    String::new()
                }
            }
            _ => String::new(),
        };
        line(w, 6, &e.name, value);
    }
}

fn mounts(w: &mut String, c: &Container, extra: &[String]) {
    let list = c.volume_mounts.clone().unwrap_or_default();
    if list.is_empty() && extra.is_empty() {
        line(w, 4, "Mounts", "<none>");
        return;
    }
    heading(w, 4, "Mounts");
    for m in list {
        let mode = if m.read_only.unwrap_or(false) {
            "ro"
        } else {
            "rw"
        };
        let sub = m
            .sub_path
            .as_ref()
            .map(|s| format!(",path=\"{s}\""))
            .unwrap_or_default();
        w.push_str(&format!(
            "      {} from {} ({mode}{sub})\n",
            m.mount_path, m.name
        ));
    }
    for e in extra {
        w.push_str(&format!("      {e}\n"));
    }
}

/// One volume of `describeVolumes`; a pod template's names take one more space (`name_indent`).
fn volume(w: &mut String, v: &Volume, name_indent: &str) {
    heading(w, 2, &format!("{name_indent}{}", v.name));
    if let Some(c) = &v.persistent_volume_claim {
        line(
            w,
            4,
            "Type",
            "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
        );
        line(w, 4, "ClaimName", &c.claim_name);
        line(w, 4, "ReadOnly", c.read_only.unwrap_or(false).to_string());
        return;
    }
    if let Some(p) = v.other_sources.get("projected") {
        line(
            w,
            4,
            "Type",
            "Projected (a volume that contains injected data from multiple sources)",
        );
        let sources = p["sources"].as_array().cloned().unwrap_or_default();
        let token = sources
            .iter()
            .find_map(|s| s["serviceAccountToken"]["expirationSeconds"].as_i64())
            .unwrap_or(3607);
        line(w, 4, "TokenExpirationSeconds", token.to_string());
        line(w, 4, "ConfigMapName", "kube-root-ca.crt");
        line(w, 4, "Optional", "false");
        line(w, 4, "DownwardAPI", "true");
        return;
    }
    if let Some(c) = v.other_sources.get("configMap") {
        line(
            w,
            4,
            "Type",
            "ConfigMap (a volume populated by a ConfigMap)",
        );
        line(w, 4, "Name", c["name"].as_str().unwrap_or_default());
        line(
            w,
            4,
            "Optional",
            c["optional"].as_bool().unwrap_or(false).to_string(),
        );
        return;
    }
    if let Some(s) = v.other_sources.get("secret") {
        line(w, 4, "Type", "Secret (a volume populated by a Secret)");
        line(
            w,
            4,
            "SecretName",
            s["secretName"].as_str().unwrap_or_default(),
        );
        line(
            w,
            4,
            "Optional",
            s["optional"].as_bool().unwrap_or(false).to_string(),
        );
        return;
    }
    if let Some(h) = v.other_sources.get("hostPath") {
        host_path(w, h);
        return;
    }
    if v.other_sources.contains_key("emptyDir") {
        line(
            w,
            4,
            "Type",
            "EmptyDir (a temporary directory that shares a pod's lifetime)",
        );
        line(w, 4, "Medium", "");
        line(w, 4, "SizeLimit", "<unset>");
        return;
    }
    let kind = v.other_sources.keys().next().cloned().unwrap_or_default();
    line(w, 4, "Type", kind);
}

/// `printHostPathVolumeSource`, for a pod's volume and a PersistentVolume's source.
fn host_path(w: &mut String, h: &serde_json::Value) {
    line(w, 4, "Type", "HostPath (bare host directory volume)");
    line(w, 4, "Path", h["path"].as_str().unwrap_or_default());
    line(w, 4, "HostPathType", h["type"].as_str().unwrap_or_default());
}

fn node_selectors(w: &mut String, indent: usize, spec: &PodSpec) {
    let selectors = spec.node_selector.clone().unwrap_or_default();
    if selectors.is_empty() {
        line(w, indent, "Node-Selectors", "<none>");
    } else {
        let text = selectors
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>();
        for (i, t) in text.iter().enumerate() {
            if i == 0 {
                line(w, indent, "Node-Selectors", t);
            } else {
                w.push_str(&format!("{}\t{t}\n", " ".repeat(indent)));
            }
        }
    }
}

fn tolerations(w: &mut String, indent: usize, spec: &PodSpec) {
    let list = spec.tolerations.clone().unwrap_or_default();
    if list.is_empty() {
        line(w, indent, "Tolerations", "<none>");
        return;
    }
    for (i, t) in list.iter().enumerate() {
        let mut text = t.key.as_deref().unwrap_or_default().to_string();
        if let Some(v) = &t.value {
            text.push_str(&format!("={v}"));
        }
        if let Some(e) = &t.effect {
            text.push_str(&format!(":{e}"));
        }
        if t.operator.as_deref() == Some("Exists") && t.value.is_none() {
            text.push_str(" op=Exists");
        }
        if let Some(s) = t.toleration_seconds {
            text.push_str(&format!(" for {s}s"));
        }
        if i == 0 {
            line(w, indent, "Tolerations", text);
        } else {
            w.push_str(&format!("{}\t{text}\n", " ".repeat(indent)));
        }
    }
}

fn pod(w: &mut String, p: &Pod, now: Time, v: ServerVersion) {
    let m = &p.metadata;
    line(w, 0, "Name", &m.name);
    line(w, 0, "Namespace", &m.namespace);
    line(w, 0, "Priority", p.spec.priority.unwrap_or(0).to_string());
    line(
        w,
        0,
        "Service Account",
        p.spec
            .service_account_name
            .clone()
            .unwrap_or_else(|| "default".into()),
    );
    let node = match (&p.spec.node_name, &p.status.host_ip) {
        (Some(n), Some(ip)) => format!("{n}/{ip}"),
        (Some(n), None) => n.clone(),
        _ => "<none>".into(),
    };
    line(w, 0, "Node", node);
    if let Some(t) = p.status.start_time {
        line(w, 0, "Start Time", t.rfc1123z());
    }
    map_lines(w, 0, "Labels", &m.labels, &[]);
    annotation_lines(w, 0, &m.annotations, SKIPPED);
    // A pod that has finished shows its phase even while it is being deleted.
    let finished = matches!(&*p.status.phase, "Failed" | "Succeeded");
    if status_line(w, m, (!finished).then_some(now), &p.status.phase) {
        line(
            w,
            0,
            "Termination Grace Period",
            format!("{}s", m.deletion_grace_period_seconds.unwrap_or(30)),
        );
    }
    if let Some(reason) = &p.status.reason {
        line(w, 0, "Reason", reason);
    }
    if let Some(message) = &p.status.message {
        line(w, 0, "Message", message);
    }
    line(w, 0, "IP", p.status.pod_ip.clone().unwrap_or_default());
    match &p.status.pod_ip {
        Some(ip) => {
            heading(w, 0, "IPs");
            line(w, 2, "IP", ip);
        }
        None => line(w, 0, "IPs", "<none>"),
    }
    if let Some(c) = m.controller() {
        line(w, 0, "Controlled By", format!("{}/{}", c.kind, c.name));
    }
    if !p.spec.init_containers.is_empty() {
        heading(w, 0, "Init Containers");
        for c in &p.spec.init_containers {
            pod_container(w, p, c, &p.status.init_container_statuses, v);
        }
    }
    heading(w, 0, "Containers");
    for c in &p.spec.containers {
        pod_container(w, p, c, &p.status.container_statuses, v);
    }
    if !p.status.conditions.is_empty() {
        heading(w, 0, "Conditions");
        w.push_str("  Type\tStatus\n");
        for c in &p.status.conditions {
            w.push_str(&format!("  {} \t{} \n", c.type_, c.status));
        }
    }
    if p.spec.volumes.is_empty() {
        line(w, 0, "Volumes", "<none>");
    } else {
        heading(w, 0, "Volumes");
        for v in &p.spec.volumes {
            volume(w, v, "");
        }
    }
    line(
        w,
        0,
        "QoS Class",
        p.status
            .qos_class
            .clone()
            .unwrap_or_else(|| "BestEffort".into()),
    );
    node_selectors(w, 0, &p.spec);
    tolerations(w, 0, &p.spec);
}

fn state_lines(w: &mut String, key: &str, s: &ContainerState) {
    if let Some(r) = &s.running {
        line(w, 4, key, "Running");
        line(w, 6, "Started", stamp(r.started_at));
    } else if let Some(t) = &s.terminated {
        line(w, 4, key, "Terminated");
        line(w, 6, "Reason", t.reason.clone().unwrap_or_default());
        if let Some(m) = &t.message {
            line(w, 6, "Message", m);
        }
        line(w, 6, "Exit Code", t.exit_code.to_string());
        if let Some(sig) = t.signal {
            line(w, 6, "Signal", sig.to_string());
        }
        line(w, 6, "Started", stamp(t.started_at));
        line(w, 6, "Finished", stamp(t.finished_at));
    } else if let Some(wt) = &s.waiting {
        line(w, 4, key, "Waiting");
        if let Some(r) = &wt.reason {
            line(w, 6, "Reason", r);
        }
    } else {
        line(w, 4, key, "Waiting");
    }
}

fn pod_container(
    w: &mut String,
    p: &Pod,
    c: &Container,
    statuses: &[ContainerStatus],
    v: ServerVersion,
) {
    heading(w, 2, &c.name);
    let status = statuses.iter().find(|s| s.name == c.name);
    // `describeContainerBasicInfo`: the line is there whenever the container has a status,
    // empty until the runtime created it.
    if let Some(s) = status {
        line(
            w,
            4,
            "Container ID",
            s.container_id.as_deref().unwrap_or_default(),
        );
    }
    line(w, 4, "Image", c.image.clone().unwrap_or_default());
    if let Some(s) = status {
        line(w, 4, "Image ID", &s.image_id);
    }
    let (port, host) = ports(c);
    line(w, 4, "Port", port);
    line(w, 4, "Host Port", host);
    command_lines(w, c);
    // Before a kubelet has reported the container (unscheduled), kubectl prints no state.
    if let Some(s) = status {
        state_lines(w, "State", &s.state);
        if !s.last_state.is_empty() {
            state_lines(w, "Last State", &s.last_state);
        }
        line(w, 4, "Ready", if s.ready { "True" } else { "False" });
        line(w, 4, "Restart Count", s.restart_count.to_string());
    }
    resources(w, c);
    probes(w, c, v);
    env_lines(w, c);
    // The service account token that admission mounts into every container.
    let token = p
        .spec
        .volumes
        .iter()
        .find(|v| v.name.starts_with("kube-api-access-"))
        .map(|v| {
            format!(
                "/var/run/secrets/kubernetes.io/serviceaccount from {} (ro)",
                v.name
            )
        });
    let already = c
        .volume_mounts
        .iter()
        .flatten()
        .any(|m| m.name.starts_with("kube-api-access-"));
    let extra: Vec<String> = token.into_iter().filter(|_| !already).collect();
    mounts(w, c, &extra);
}

/// The `Events:` block: the object's events, oldest first.
fn events_block(w: &mut String, cluster: &Cluster, object: &Object) {
    let uid = &object.meta().uid;
    // An event's timestamps travel with whole seconds (metav1.Time): kubectl sorts and ages
    // them as the API server sends them.
    let seconds = |t: Option<Time>| t.map(Time::as_stored);
    // A node's events are found twice, as kubectl's NodeDescriber searches: by its UID, then
    // by its name (the kubelet's UID for it).
    let by_name = (object.kind() == Kind::Node).then(|| &object.meta().name);
    let mut events: Vec<&Rc<Event>> = cluster
        .events()
        .iter()
        .filter(|e| &e.involved_object.uid == uid)
        .chain(
            cluster
                .events()
                .iter()
                .filter(|e| by_name.is_some_and(|n| &e.involved_object.uid == n)),
        )
        .collect();
    // `SortableEvents`: by lastTimestamp (a stable sort for the few events of one object).
    sts_core::sort::sort_by_key(&mut events, |e| seconds(e.last_timestamp));
    if events.is_empty() {
        w.push_str("Events:\t<none>\n");
        return;
    }
    let now = cluster.now();
    w.push_str(
        "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n",
    );
    for e in events {
        let (first, last) = (seconds(e.first_timestamp), seconds(e.last_timestamp));
        let age = match (e.count.max(1), first, last) {
            (c, Some(first), Some(last)) if c > 1 => format!(
                "{} (x{c} over {})",
                human_duration(now - last),
                human_duration(now - first)
            ),
            (_, Some(first), _) => human_duration(now - first),
            _ => "<unknown>".into(),
        };
        let from = e.source.component.clone();
        // From 1.35 the part of the object the event is about comes first (PR 133627).
        let path = e.involved_object.field_path.as_str();
        let about = if path.is_empty() || !cluster.config.version().describe_event_field_path() {
            String::new()
        } else {
            format!("{path}: ")
        };
        w.push_str(&format!(
            "  {}\t{}\t{age}\t{from}\t{about}{}\n",
            e.type_,
            e.reason,
            e.message.trim()
        ));
    }
}
