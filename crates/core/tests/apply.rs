//! `kubectl apply` semantics (spec §2.5, §10.10): created, configured, unchanged; the
//! last-applied record; fields removed from the configuration are removed; immutable fields
//! are refused and nothing changes.

mod common;
use common::*;
use sts_core::cluster::Cluster;
use sts_core::manifest::apply::{plan, ApplyPlan, LAST_APPLIED};
use sts_core::manifest::parse;

/// Applies every document, returning kubectl's verb (or the error) per object.
fn kubectl_apply(c: &mut Cluster, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for doc in parse(text) {
        let object = match doc.result {
            Ok(o) => o,
            Err(e) => {
                out.push(format!("error: {}", e.message()));
                continue;
            }
        };
        let kind = object.kind();
        // kubectl fills in the namespace (-n, or the context's default) before asking.
        let mut key = object.key();
        if kind.namespaced() && key.namespace().is_empty() {
            key = sts_core::api::ObjectKey::new(kind, "default", key.name());
        }
        let live = c.get(&key).cloned();
        let name = format!("{}/{}", kind.qualified_singular(), key.name());
        match plan(kind, doc.raw.as_ref().unwrap(), live.as_deref()) {
            Ok(ApplyPlan::Create(o)) => out.push(match c.create(o) {
                Ok(_) => format!("{name} created"),
                Err(e) => e.message,
            }),
            Ok(ApplyPlan::Update(o)) => out.push(match c.update(o) {
                Ok(_) => format!("{name} configured"),
                Err(e) => e.message,
            }),
            Ok(ApplyPlan::Unchanged) => out.push(format!("{name} unchanged")),
            Err(e) => out.push(e.message()),
        }
    }
    out
}

#[test]
fn apply_creates_then_reports_unchanged_then_configured() {
    let mut c = cluster();
    assert_eq!(
        kubectl_apply(&mut c, M),
        ["service/nginx created", "statefulset.apps/web created"]
    );
    settle(&mut c);
    // volumeClaimTemplates is an atomic list and the server defaulted it (volumeMode, status):
    // the three-way patch carries the whole list again, so kubectl reports "configured"
    // although nothing changes — generation stays 1.
    assert_eq!(
        kubectl_apply(&mut c, M),
        ["service/nginx unchanged", "statefulset.apps/web configured"]
    );
    assert_eq!(set(&c, "web").metadata.generation, 1);
    let without_claims = M.split("  volumeClaimTemplates:").next().unwrap().replace(
        "        volumeMounts:\n        - name: www\n          mountPath: /usr/share/nginx/html\n",
        "",
    );
    let mut d = cluster();
    kubectl_apply(&mut d, &without_claims);
    assert_eq!(
        kubectl_apply(&mut d, &without_claims),
        ["service/nginx unchanged", "statefulset.apps/web unchanged"]
    );
    let record = set(&c, "web")
        .metadata
        .annotations
        .get(LAST_APPLIED)
        .unwrap()
        .to_string();
    assert!(
        record.starts_with("{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\""),
        "{record}"
    );
    assert!(record.ends_with("}\n"));
    assert_eq!(
        kubectl_apply(&mut c, &M.replace("replicas: 3", "replicas: 5")),
        ["service/nginx unchanged", "statefulset.apps/web configured"]
    );
    assert_eq!(set(&c, "web").spec.replicas, Some(5));
    assert_eq!(set(&c, "web").metadata.generation, 2);
}

#[test]
fn a_field_dropped_from_the_configuration_is_removed() {
    let mut c = cluster();
    let with = M.replace(
        "  serviceName: nginx",
        "  serviceName: nginx\n  minReadySeconds: 5",
    );
    kubectl_apply(&mut c, &with);
    assert_eq!(set(&c, "web").spec.min_ready_seconds, Some(5));
    assert_eq!(
        kubectl_apply(&mut c, M)[1],
        "statefulset.apps/web configured"
    );
    assert_eq!(set(&c, "web").spec.min_ready_seconds, None);
}

#[test]
fn changing_an_immutable_field_is_refused_and_the_set_is_unchanged() {
    let mut c = cluster();
    kubectl_apply(&mut c, M);
    settle(&mut c);
    let before = set(&c, "web");
    let out = kubectl_apply(
        &mut c,
        &M.replace(
            "  serviceName: nginx",
            "  serviceName: nginx\n  podManagementPolicy: Parallel",
        ),
    );
    assert_eq!(out[0], "service/nginx unchanged");
    assert!(out[1].starts_with("The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than"), "{}", out[1]);
    assert_eq!(set(&c, "web"), before);
}

#[test]
fn valid_documents_take_effect_and_failing_ones_are_reported() {
    let mut c = cluster();
    let text = format!("{M}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n");
    let out = kubectl_apply(&mut c, &text);
    assert_eq!(
        out[..2],
        ["service/nginx created", "statefulset.apps/web created"]
    );
    assert!(out[2].starts_with("error: no matches for kind \"Deployment\""));
}

/// The record is the text kubectl 1.34 writes, byte for byte — annotations as an empty map,
/// keys sorted, a final newline. (The kubectl oracle checks it: the real kubectl re-applying
/// a file over an object that carries our record sends no patch and prints "unchanged".)
#[test]
fn the_record_is_the_text_kubectl_writes() {
    let config: serde_json::Value = serde_json::json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
        "spec": {"clusterIP": "None", "selector": {"app": "web"}, "ports": [{"port": 80, "name": "http"}]},
    });
    let Ok(ApplyPlan::Create(o)) = plan(sts_core::api::Kind::Service, &config, None) else {
        panic!("a new object is created");
    };
    assert_eq!(
        o.meta().annotations.get(LAST_APPLIED).map(|v| v.as_str()),
        Some("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"web\"},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"clusterIP\":\"None\",\"ports\":[{\"name\":\"http\",\"port\":80}],\"selector\":{\"app\":\"web\"}}}\n")
    );
}
