//! Shared fixtures of the validation tests: the tutorial manifest, and helpers that default,
//! validate and render it the way the API server and kubectl do.

use super::*;
use crate::api::StatefulSet;

/// The docs/tutorial manifest (§0), valid on every release in scope.
pub(super) const WEB: &str = r#"
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
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
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
"#;

pub(super) const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/// Parses and defaults a manifest the way the API server does for `version`.
pub(super) fn load(yaml: &str, version: ServerVersion) -> StatefulSet {
    let mut sts: StatefulSet = crate::api::decode::from_yaml(yaml).expect("test manifest parses");
    default_statefulset(&mut sts, &Gates::for_version(version));
    sts
}

/// The kubectl output of creating `yaml` on a 1.`minor` server; "" when it is accepted.
pub(super) fn create_message(minor: u32, yaml: &str) -> String {
    let version = ServerVersion::new(minor);
    let sts = load(yaml, version);
    let errs = validate_statefulset_create(&sts, version);
    if errs.is_empty() {
        String::new()
    } else {
        invalid_message("StatefulSet", &sts.metadata.name, &errs, version)
    }
}

/// Create on the default server (1.34).
pub(super) fn check(yaml: &str, expected: &str) {
    check_v(34, yaml, expected);
}

pub(super) fn check_v(minor: u32, yaml: &str, expected: &str) {
    assert_eq!(create_message(minor, yaml), expected, "server 1.{minor}");
}

/// `kubectl apply` of `new` over the stored `old`.
pub(super) fn check_update(minor: u32, old: &str, new: &str, expected: &str) {
    let version = ServerVersion::new(minor);
    let (old, new) = (load(old, version), load(new, version));
    let errs = validate_statefulset_update(&old, &new, version);
    let got = if errs.is_empty() {
        String::new()
    } else {
        invalid_message("StatefulSet", &new.metadata.name, &errs, version)
    };
    assert_eq!(got, expected, "server 1.{minor}");
}

pub(super) fn web(from: &str, to: &str) -> String {
    assert!(WEB.contains(from), "WEB has no {from:?}");
    WEB.replacen(from, to, 1)
}

/// Inserts `extra` (indented for `spec:`) right after `spec:` of the StatefulSet.
pub(super) fn web_spec(extra: &str) -> String {
    web(
        "spec:\n  replicas: 2\n",
        &format!("spec:\n{extra}  replicas: 2\n"),
    )
}

pub(super) const INVALID: &str = "The StatefulSet \"web\" is invalid: ";
