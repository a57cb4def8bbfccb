//! Helpers shared by the scenario tests: a cluster, manifests applied the way `kubectl
//! apply` creates them, and compact views of what a learner would look at.
#![allow(dead_code)]

use sts_core::api::*;
use sts_core::cluster::{Cluster, Config, SettleOutcome, StepReport};
use sts_core::time::Duration;

pub const M: &str = r#"
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels: {app: nginx}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
"#;

pub fn cluster() -> Cluster {
    Cluster::new(Config::default())
}

/// A cluster simulating Kubernetes 1.`minor`.
pub fn cluster_on(minor: u32) -> Cluster {
    Cluster::new(Config {
        minor,
        ..Config::default()
    })
}

/// Decodes a multi-document manifest into objects (the API server defaults them on create).
pub fn objects(yaml: &str) -> Vec<Object> {
    let mut out = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(yaml) {
        let value: serde_json::Value = serde::Deserialize::deserialize(doc).expect("valid YAML");
        if value.is_null() {
            continue;
        }
        let kind = Kind::from_name(value["kind"].as_str().unwrap()).unwrap();
        out.push(Object::from_json(kind, value).expect("decodes"));
    }
    out
}

/// The baseline manifest M applied and settled: web-0, web-1 and web-2 Running and Ready.
pub fn settled_m() -> Cluster {
    let mut c = cluster();
    apply(&mut c, M);
    settle(&mut c);
    c
}

/// Stops the node that runs `pod`, returning its name.
pub fn kill_node_of(c: &mut Cluster, pod_name: &str) -> String {
    let node = pod(c, pod_name).unwrap().spec.node_name.clone().unwrap();
    c.node_down(&node);
    node
}

pub fn apply(c: &mut Cluster, yaml: &str) {
    for object in objects(yaml) {
        c.create(object).expect("created");
    }
}

pub fn settle(c: &mut Cluster) -> Vec<StepReport> {
    let (reports, outcome) = c.settle(Duration::minutes(30));
    assert_eq!(outcome, SettleOutcome::Settled, "the cluster settles");
    reports
}

pub fn set(c: &Cluster, name: &str) -> StatefulSet {
    match c
        .get(&ObjectKey::new(Kind::StatefulSet, "default", name))
        .map(|o| &**o)
    {
        Some(Object::StatefulSet(s)) => s.clone(),
        _ => panic!("no statefulset {name}"),
    }
}

pub fn pod(c: &Cluster, name: &str) -> Option<Pod> {
    match c
        .get(&ObjectKey::new(Kind::Pod, "default", name))
        .map(|o| &**o)
    {
        Some(Object::Pod(p)) => Some(p.clone()),
        _ => None,
    }
}

pub fn pods(c: &Cluster) -> Vec<Pod> {
    c.list(Kind::Pod, Some("default"))
        .filter_map(|o| match &**o {
            Object::Pod(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

pub fn claim(c: &Cluster, name: &str) -> Option<PersistentVolumeClaim> {
    match c
        .get(&ObjectKey::new(
            Kind::PersistentVolumeClaim,
            "default",
            name,
        ))
        .map(|o| &**o)
    {
        Some(Object::PersistentVolumeClaim(p)) => Some(p.clone()),
        _ => None,
    }
}

/// The messages of the set's controller events, every occurrence in order.
pub fn set_events(c: &Cluster) -> Vec<String> {
    c.event_occurrences()
        .filter(|(_, e)| e.involved_object.kind == "StatefulSet")
        .map(|(_, e)| e.message.clone())
        .collect()
}

pub fn revisions(c: &Cluster) -> Vec<(String, i64)> {
    let mut r: Vec<(String, i64)> = c
        .list(Kind::ControllerRevision, Some("default"))
        .filter_map(|o| match &**o {
            Object::ControllerRevision(cr) => Some((cr.metadata.name.to_string(), cr.revision)),
            _ => None,
        })
        .collect();
    r.sort_by_key(|(_, n)| *n);
    r
}

/// Steps until `done` holds, checking `invariant` after every step.
pub fn run_until(
    c: &mut Cluster,
    mut done: impl FnMut(&Cluster) -> bool,
    mut invariant: impl FnMut(&Cluster),
) {
    for _ in 0..100_000 {
        invariant(c);
        if done(c) {
            return;
        }
        if c.step().is_none() {
            break;
        }
    }
    invariant(c);
    assert!(done(c), "the condition was reached");
}

pub fn image_of(p: &Pod) -> String {
    p.spec.containers[0].image.clone().unwrap_or_default()
}

/// Changes the set as `kubectl patch`/`scale`/`set image` would, through an update.
pub fn modify_set(c: &mut Cluster, f: impl FnOnce(&mut StatefulSet)) {
    let mut s = set(c, "web");
    f(&mut s);
    c.update(Object::StatefulSet(s)).expect("update accepted");
}

pub fn scale(c: &mut Cluster, replicas: i32) {
    modify_set(c, |s| s.spec.replicas = Some(replicas));
}

pub fn set_image(c: &mut Cluster, image: &str) {
    modify_set(c, |s| {
        s.spec.template.spec.containers[0].image = Some(image.into())
    });
}

pub fn set_partition(c: &mut Cluster, partition: i32) {
    modify_set(c, |s| {
        s.spec
            .update_strategy
            .as_mut()
            .unwrap()
            .rolling_update
            .as_mut()
            .unwrap()
            .partition = Some(partition)
    });
}

pub fn delete_pod(c: &mut Cluster, name: &str) {
    c.delete(
        &ObjectKey::new(Kind::Pod, "default", name),
        Default::default(),
    )
    .expect("pod deleted");
}

pub fn names(ps: &[Pod]) -> Vec<String> {
    ps.iter().map(|p| p.metadata.name.to_string()).collect()
}

/// Pod names that have a deletionTimestamp.
pub fn terminating(c: &Cluster) -> Vec<String> {
    pods(c)
        .iter()
        .filter(|p| p.metadata.deletion_timestamp.is_some())
        .map(|p| p.metadata.name.to_string())
        .collect()
}

/// Steps until settled, returning the order in which pods first got a deletionTimestamp and
/// the order of (re)creations, by name; checks `invariant` after every step.
pub fn watch(c: &mut Cluster, mut invariant: impl FnMut(&Cluster)) -> (Vec<String>, Vec<String>) {
    let mut deleted = Vec::new();
    let mut created = Vec::new();
    let mut seen: std::collections::BTreeMap<String, String> = pods(c)
        .iter()
        .map(|p| (p.metadata.name.to_string(), p.metadata.uid.to_string()))
        .collect();
    let mut marked: std::collections::BTreeSet<String> = pods(c)
        .iter()
        .filter(|p| p.metadata.deletion_timestamp.is_some())
        .map(|p| p.metadata.uid.to_string())
        .collect();
    for _ in 0..200_000 {
        invariant(c);
        for p in pods(c) {
            if seen.get(p.metadata.name.as_str()).map(String::as_str)
                != Some(p.metadata.uid.as_str())
            {
                seen.insert(p.metadata.name.to_string(), p.metadata.uid.to_string());
                created.push(p.metadata.name.to_string());
            }
            if p.metadata.deletion_timestamp.is_some() && marked.insert(p.metadata.uid.to_string())
            {
                deleted.push(p.metadata.name.to_string());
            }
        }
        if c.is_settled() {
            break;
        }
        if c.step().is_none() {
            break;
        }
    }
    assert!(c.is_settled(), "the cluster settles");
    (deleted, created)
}

/// Ready pods with their revision hash and image, in name order.
pub fn revisions_of_pods(c: &Cluster) -> Vec<(String, String)> {
    pods(c)
        .iter()
        .map(|p| {
            (
                p.metadata.name.to_string(),
                p.metadata
                    .labels
                    .get("controller-revision-hash")
                    .map(|h| h.to_string())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// Every manifest under `examples/` (subfolders included), sorted.
pub fn example_files() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(std::path::Path::new("../../examples"), &mut out);
    out.sort();
    out
}
