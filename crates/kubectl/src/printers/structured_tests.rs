//! Tests for `-o yaml`, `-o json` and `-o name` on small fixtures.

use super::fixtures::*;
use super::structured::{print_json, print_name, print_yaml};
use sts_core::api::*;

fn small_statefulset() -> Object {
    let mut s = statefulset("web", 0, 2, 2);
    let labels: Labels = [("app".to_string(), "nginx".to_string())].into();
    s.spec.selector = Some(LabelSelector {
        match_labels: Some(labels.clone()),
        match_expressions: None,
    });
    s.spec.template.metadata.labels = labels.into();
    s.spec.template.spec.containers[0].ports = Some(vec![ContainerPort {
        name: Some("web".into()),
        container_port: 80,
        ..Default::default()
    }]);
    s.metadata.generation = 1;
    s.status.observed_generation = Some(1);
    Object::StatefulSet(s)
}

#[test]
fn yaml_of_a_small_statefulset() {
    assert_eq!(
        print_yaml(&rc(vec![small_statefulset()]), false),
        r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  creationTimestamp: "2025-01-01T00:00:00Z"
  generation: 1
  name: web
  namespace: default
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
      containers:
      - image: registry.k8s.io/nginx-slim:0.24
        name: nginx
        ports:
        - containerPort: 80
          name: web
status:
  observedGeneration: 1
  readyReplicas: 2
  replicas: 2
"#
    );
}

#[test]
fn json_list_of_two_pods() {
    let mut a = running_pod("web-0", 0);
    a.status = Default::default();
    a.spec.containers[0].command = Some(vec!["sh".into(), "-c".into(), "a<b && c>d".into()]);
    let mut b = pod("web-1", 5, "Pending", vec![]);
    b.status.conditions.clear();
    b.spec.containers[0].image = None;
    let out = print_json(&rc(vec![Object::Pod(a), Object::Pod(b)]), true);
    assert_eq!(
        out,
        r#"{
    "apiVersion": "v1",
    "items": [
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "creationTimestamp": "2025-01-01T00:00:00Z",
                "name": "web-0",
                "namespace": "default"
            },
            "spec": {
                "containers": [
                    {
                        "command": [
                            "sh",
                            "-c",
                            "a\u003cb \u0026\u0026 c\u003ed"
                        ],
                        "image": "registry.k8s.io/nginx-slim:0.24",
                        "name": "nginx"
                    }
                ],
                "nodeName": "kind-worker"
            },
            "status": {}
        },
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "creationTimestamp": "2025-01-01T00:00:05Z",
                "name": "web-1",
                "namespace": "default"
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx"
                    }
                ]
            },
            "status": {
                "phase": "Pending"
            }
        }
    ],
    "kind": "List",
    "metadata": {
        "resourceVersion": ""
    }
}
"#
    );
}

#[test]
fn yaml_list_wrapper_and_single_object_json() {
    let empty = print_yaml(&[], true);
    assert_eq!(
        empty,
        "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
    );
    let two = print_yaml(&rc(vec![small_statefulset(), small_statefulset()]), false);
    assert!(two.starts_with("apiVersion: v1\nitems:\n- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    creationTimestamp: \"2025-01-01T00:00:00Z\"\n"));
    assert!(two.ends_with("kind: List\nmetadata:\n  resourceVersion: \"\"\n"));
    let one = print_json(&rc(vec![small_statefulset()]), false);
    assert!(
        one.starts_with("{\n    \"apiVersion\": \"apps/v1\",\n    \"kind\": \"StatefulSet\",\n")
    );
    assert!(one.ends_with("}\n"));
}

#[test]
fn name_output() {
    let objects = rc(vec![
        small_statefulset(),
        Object::Pod(running_pod("web-0", 0)),
        Object::PersistentVolumeClaim(pvc("www-web-0", 0, None)),
    ]);
    assert_eq!(
        print_name(&objects),
        "statefulset.apps/web\npod/web-0\npersistentvolumeclaim/www-web-0\n"
    );
}
