//! Table tests for services, endpoints, nodes, storage classes and the stored-only kinds.

use super::fixtures::*;
use super::table::{print_table, TableOptions};
use serde_json::json;
use sts_core::api::*;

fn table(objects: Vec<Object>, wide: bool, now: i64) -> String {
    let opts = TableOptions {
        wide,
        ..Default::default()
    };
    print_table(&rc(objects), &opts, at(now))
}

fn service(name: &str, ip: &str, type_: &str, ports: Vec<ServicePort>) -> Object {
    Object::Service(Service {
        metadata: meta(name, 0),
        spec: ServiceSpec {
            ports,
            selector: Some([("app".to_string(), "nginx".to_string())].into()),
            cluster_ip: Some(ip.into()),
            cluster_ips: Some(vec![ip.into()]),
            type_: Some(type_.into()),
            ..Default::default()
        }
        .into(),
        ..Default::default()
    })
}

fn port(port: i32, node_port: Option<i32>) -> ServicePort {
    ServicePort {
        name: Some("web".into()),
        protocol: Some("TCP".into()),
        port,
        node_port,
        ..Default::default()
    }
}

#[test]
fn services_headless_and_node_port() {
    let objects = vec![
        service("nginx", "None", "ClusterIP", vec![port(80, None)]),
        service(
            "web-np",
            "10.96.12.7",
            "NodePort",
            vec![port(80, Some(30080))],
        ),
    ];
    assert_eq!(
        table(objects, true, 120),
        "NAME     TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)        AGE   SELECTOR\n\
         nginx    ClusterIP   None         <none>        80/TCP         2m    app=nginx\n\
         web-np   NodePort    10.96.12.7   <none>        80:30080/TCP   2m    app=nginx\n"
    );
}

#[test]
fn endpoints_list_at_most_three() {
    let address = |i: u8| EndpointAddress {
        ip: format!("10.244.1.{i}"),
        ..Default::default()
    };
    let e = Endpoints {
        metadata: meta("nginx", 0),
        subsets: vec![EndpointSubset {
            addresses: (1..=4).map(address).collect(),
            not_ready_addresses: vec![address(9)],
            ports: vec![EndpointPort {
                name: Some("web".into()),
                port: 80,
                protocol: Some("TCP".into()),
            }],
        }],
        ..Default::default()
    };
    let none = Endpoints {
        metadata: meta("other", 0),
        ..Default::default()
    };
    assert_eq!(
        table(
            vec![Object::Endpoints(e), Object::Endpoints(none)],
            false,
            60
        ),
        "NAME    ENDPOINTS                                               AGE\n\
         nginx   10.244.1.1:80,10.244.1.2:80,10.244.1.3:80 + 1 more...   60s\n\
         other   <none>                                                  60s\n"
    );
}

#[test]
fn nodes_status_roles_version() {
    let node = |name: &str, ready: &str, cordoned: bool, role: Option<&str>| {
        let mut m = meta(name, 0);
        m.namespace = Default::default();
        if let Some(r) = role {
            m.labels.insert(
                format!("node-role.kubernetes.io/{r}").into(),
                String::new().into(),
            );
        }
        Object::Node(Node {
            metadata: m,
            spec: NodeSpec {
                unschedulable: cordoned.then_some(true),
                ..Default::default()
            },
            status: NodeStatus {
                conditions: vec![NodeCondition {
                    type_: "Ready".into(),
                    status: ready.into(),
                    ..Default::default()
                }],
                node_info: Some(json!({"kubeletVersion": "v1.34.0"})),
                ..Default::default()
            },
            ..Default::default()
        })
    };
    assert_eq!(
        table(
            vec![
                node("kind-control-plane", "True", false, Some("control-plane")),
                node("kind-worker", "False", false, None),
                node("kind-worker2", "True", true, None),
            ],
            false,
            86_400 * 3,
        ),
        "NAME                 STATUS                     ROLES           AGE   VERSION\n\
         kind-control-plane   Ready                      control-plane   3d    v1.34.0\n\
         kind-worker          NotReady                   <none>          3d    v1.34.0\n\
         kind-worker2         Ready,SchedulingDisabled   <none>          3d    v1.34.0\n"
    );
}

#[test]
fn storage_classes_mark_the_default() {
    let mut m = meta("standard", 0);
    m.namespace = Default::default();
    m.annotations.insert(
        "storageclass.kubernetes.io/is-default-class".into(),
        "true".into(),
    );
    let sc = StorageClass {
        metadata: m,
        provisioner: "rancher.io/local-path".into(),
        reclaim_policy: Some("Delete".into()),
        volume_binding_mode: Some("WaitForFirstConsumer".into()),
        ..Default::default()
    };
    assert_eq!(
        table(vec![Object::StorageClass(sc)], false, 600),
        "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n\
         standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  10m\n"
    );
}

fn stored(kind: Kind, name: &str, rest: serde_json::Value) -> Object {
    Object::Stored(
        kind,
        GenericObject {
            api_version: kind.api_version().into(),
            kind: kind.name().into(),
            metadata: meta(name, 0),
            rest: serde_json::from_value(rest).unwrap(),
        },
    )
}

#[test]
fn stored_only_kinds() {
    let cases = vec![
        (
            stored(
                Kind::Namespace,
                "default",
                json!({"status": {"phase": "Active"}}),
            ),
            "NAME      STATUS   AGE\ndefault   Active   5s\n",
        ),
        (
            stored(
                Kind::ConfigMap,
                "cfg",
                json!({"data": {"a": "1", "b": "2"}}),
            ),
            "NAME   DATA   AGE\ncfg    2      5s\n",
        ),
        (
            stored(
                Kind::Secret,
                "s",
                json!({"type": "Opaque", "data": {"a": "MQ=="}, "stringData": {"b": "x"}}),
            ),
            "NAME   TYPE     DATA   AGE\ns      Opaque   2      5s\n",
        ),
        (
            stored(Kind::ServiceAccount, "default", json!({})),
            "NAME      SECRETS   AGE\ndefault   0         5s\n",
        ),
        (
            stored(
                Kind::PodDisruptionBudget,
                "web-pdb",
                json!({"spec": {"maxUnavailable": 1}, "status": {"disruptionsAllowed": 1}}),
            ),
            "NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\n\
             web-pdb   N/A             1                 1                     5s\n",
        ),
    ];
    for (object, expected) in cases {
        assert_eq!(table(vec![object], false, 5), expected);
    }
}
