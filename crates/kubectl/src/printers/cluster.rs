//! `kubectl get` rows for services, endpoints, nodes, events and the stored-only kinds
//! (namespaces, configmaps, secrets, serviceaccounts, poddisruptionbudgets).

use super::table::{age, or_none, simple, KindTable};
use serde_json::Value;
use std::rc::Rc;
use sts_core::api::Node;
use sts_core::api::{
    labels_string, EndpointSlice, Endpoints, Event, GenericObject, Kind, Object, Service,
    ServicePort,
};
use sts_core::time::Time;

pub(crate) fn table(kind: Kind, objects: &[Rc<Object>], wide: bool, now: Time) -> KindTable {
    let fallback = |o: &Object| vec![o.meta().name.to_string()];
    match kind {
        Kind::Service => {
            let mut headers = vec![
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ];
            if wide {
                headers.push("SELECTOR");
            }
            simple(headers, objects, |o| match o {
                Object::Service(s) => service_row(s, wide, now),
                _ => fallback(o),
            })
        }
        Kind::Endpoints => simple(vec!["NAME", "ENDPOINTS", "AGE"], objects, |o| match o {
            Object::Endpoints(e) => vec![
                e.metadata.name.to_string(),
                endpoints_text(e),
                age(e.metadata.creation_timestamp, now),
            ],
            _ => fallback(o),
        }),
        Kind::EndpointSlice => simple(
            vec!["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
            objects,
            |o| match o {
                Object::EndpointSlice(e) => vec![
                    e.metadata.name.to_string(),
                    e.address_type.clone(),
                    slice_ports_text(e),
                    slice_endpoints_text(e),
                    age(e.metadata.creation_timestamp, now),
                ],
                _ => fallback(o),
            },
        ),
        Kind::Node => {
            let mut headers = vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
            if wide {
                headers.extend([
                    "INTERNAL-IP",
                    "EXTERNAL-IP",
                    "OS-IMAGE",
                    "KERNEL-VERSION",
                    "CONTAINER-RUNTIME",
                ]);
            }
            simple(headers, objects, |o| match o {
                Object::Node(n) => node_row(n, wide, now),
                _ => fallback(o),
            })
        }
        Kind::Event => event_table(objects, wide, now),
        _ => stored_table(kind, objects, now),
    }
}

// ---------------------------------------------------------------------------------------------
// Services and endpoints

fn service_row(s: &Service, wide: bool, now: Time) -> Vec<String> {
    let type_ = s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into());
    // `clusterIPs[0]`, falling back to `clusterIP` for objects the defaulting did not fill.
    let cluster_ip = s
        .spec
        .cluster_ips
        .as_ref()
        .and_then(|ips| ips.first().cloned())
        .or_else(|| s.spec.cluster_ip.clone())
        .filter(|ip| !ip.is_empty())
        .unwrap_or_else(|| "<none>".into());
    let mut cells = vec![
        s.metadata.name.to_string(),
        type_.clone(),
        cluster_ip,
        external_ip(s, &type_),
        or_none(ports_text(&s.spec.ports)),
        age(s.metadata.creation_timestamp, now),
    ];
    if wide {
        cells.push(or_none(labels_string(
            &s.spec.selector.clone().unwrap_or_default(),
        )));
    }
    cells
}

/// `getServiceExternalIP`, without load balancer ingress (the simulator provisions none).
fn external_ip(s: &Service, type_: &str) -> String {
    let external = s.spec.external_ips.clone().unwrap_or_default().join(",");
    match type_ {
        "ExternalName" => s.spec.external_name.clone().unwrap_or_default(),
        "LoadBalancer" if external.is_empty() => "<pending>".into(),
        _ => or_none(external),
    }
}

/// `makePortString`: `80/TCP`, `80:30080/TCP` with a node port, joined with `,`.
fn ports_text(ports: &[ServicePort]) -> String {
    ports
        .iter()
        .map(|p| {
            let proto = p.protocol.as_deref().unwrap_or("TCP");
            match p.node_port.filter(|n| *n > 0) {
                Some(n) => format!("{}:{n}/{proto}", p.port),
                None => format!("{}/{proto}", p.port),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `formatDiscoveryPorts`: the first three ports (`*` for one with neither number nor name).
pub fn slice_ports_text(e: &EndpointSlice) -> String {
    let shown = e.ports.iter().map(|p| match (p.port, &p.name) {
        (Some(n), _) => n.to_string(),
        (None, Some(name)) => name.clone(),
        (None, None) => "*".to_string(),
    });
    with_more(shown, e.ports.len())
}

/// `formatDiscoveryEndpoints`: the first three addresses.
pub fn slice_endpoints_text(e: &EndpointSlice) -> String {
    let all = e.endpoints.iter().flat_map(|p| p.addresses.iter().cloned());
    with_more(all, e.endpoints.iter().map(|p| p.addresses.len()).sum())
}

/// `listWithMoreString`: at most three, then ` + N more...`; `<unset>` for none.
fn with_more(items: impl Iterator<Item = String>, count: usize) -> String {
    let shown: Vec<String> = items.take(3).collect();
    if count > 3 {
        format!("{} + {} more...", shown.join(","), count - 3)
    } else if shown.is_empty() {
        "<unset>".to_string()
    } else {
        shown.join(",")
    }
}

/// `formatEndpoints`: ready `ip:port` pairs (per port, then per address), at most three, then
/// ` + N more...`; `<none>` without subsets. Not-ready addresses are not listed.
pub fn endpoints_text(e: &Endpoints) -> String {
    const MAX: usize = 3;
    if e.subsets.is_empty() {
        return "<none>".into();
    }
    let mut list: Vec<String> = Vec::new();
    let mut count = 0;
    let mut more = false;
    for subset in &e.subsets {
        let mut add = |text: String, more: &mut bool| {
            if list.len() == MAX {
                *more = true;
            } else {
                list.push(text);
            }
        };
        if subset.ports.is_empty() {
            count += subset.addresses.len();
            for a in &subset.addresses {
                add(a.ip.clone(), &mut more);
            }
            continue;
        }
        for port in &subset.ports {
            count += subset.addresses.len();
            for a in &subset.addresses {
                add(join_host_port(&a.ip, port.port), &mut more);
            }
        }
    }
    let text = list.join(",");
    if more {
        format!("{text} + {} more...", count - MAX)
    } else {
        text
    }
}

/// `net.JoinHostPort`: IPv6 addresses get brackets.
fn join_host_port(ip: &str, port: i32) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

// ---------------------------------------------------------------------------------------------
// Nodes

fn node_info<'a>(n: &'a Node, key: &str) -> Option<&'a str> {
    n.status
        .node_info
        .as_ref()
        .and_then(|i| i.get(key))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn node_row(n: &Node, wide: bool, now: Time) -> Vec<String> {
    // Only the Ready condition contributes; without it the node is `Unknown`.
    let mut status = match n.status.conditions.iter().find(|c| c.type_ == "Ready") {
        Some(c) if c.status == "True" => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if n.spec.unschedulable == Some(true) {
        status.push_str(",SchedulingDisabled");
    }
    let mut roles: Vec<String> = Vec::new();
    for (k, v) in &n.metadata.labels {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.push(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.push(v.to_string());
        }
    }
    sts_core::sort::sort(&mut roles);
    roles.dedup();
    let mut cells = vec![
        n.metadata.name.to_string(),
        status,
        or_none(roles.join(",")),
        age(n.metadata.creation_timestamp, now),
        node_info(n, "kubeletVersion").unwrap_or("").to_string(),
    ];
    if wide {
        let address = |t: &str| {
            n.status
                .addresses
                .iter()
                .find(|a| a.type_ == t)
                .map_or_else(|| "<none>".to_string(), |a| a.address.clone())
        };
        let info = |k: &str| node_info(n, k).unwrap_or("<unknown>").to_string();
        cells.extend([
            address("InternalIP"),
            address("ExternalIP"),
            info("osImage"),
            info("kernelVersion"),
            info("containerRuntimeVersion"),
        ]);
    }
    cells
}

// ---------------------------------------------------------------------------------------------
// Events

fn event_table(objects: &[Rc<Object>], wide: bool, now: Time) -> KindTable {
    let headers = if wide {
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
    KindTable {
        headers,
        name_column: wide.then_some(9),
        rows: objects
            .iter()
            .map(|o| match &**o {
                Object::Event(e) => event_row(e, wide, now),
                other => vec![other.meta().name.to_string()],
            })
            .collect(),
    }
}

fn event_row(e: &Event, wide: bool, now: Time) -> Vec<String> {
    let first = age(e.first_timestamp.or(e.event_time), now);
    let last = match e.last_timestamp {
        Some(t) => age(Some(t), now),
        None => first.clone(),
    };
    let r = &e.involved_object;
    let object = if r.name.is_empty() {
        r.kind.to_ascii_lowercase()
    } else {
        format!("{}/{}", r.kind.to_ascii_lowercase(), r.name)
    };
    let message = e.message.trim().to_string();
    if !wide {
        return vec![
            last,
            e.type_.to_string(),
            e.reason.to_string(),
            object,
            message,
        ];
    }
    // `formatEventSource`: component (or reportingController), then `, host`.
    let component = if e.source.component.is_empty() {
        e.reporting_component.to_string()
    } else {
        e.source.component.to_string()
    };
    let host = if e.source.host.is_empty() {
        &e.reporting_instance
    } else {
        &e.source.host
    };
    let source = if host.is_empty() {
        component
    } else {
        format!("{component}, {host}")
    };
    // Singleton events of the new API have no count.
    let count = if e.count == 0 { 1 } else { e.count };
    vec![
        last,
        e.type_.to_string(),
        e.reason.to_string(),
        object,
        r.field_path.clone(),
        source,
        message,
        first,
        count.to_string(),
        e.metadata.name.to_string(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Stored-only kinds

fn stored_table(kind: Kind, objects: &[Rc<Object>], now: Time) -> KindTable {
    let headers = match kind {
        Kind::Namespace => vec!["NAME", "STATUS", "AGE"],
        Kind::ConfigMap => vec!["NAME", "DATA", "AGE"],
        Kind::Secret => vec!["NAME", "TYPE", "DATA", "AGE"],
        Kind::ServiceAccount => vec!["NAME", "SECRETS", "AGE"],
        Kind::PodDisruptionBudget => vec![
            "NAME",
            "MIN AVAILABLE",
            "MAX UNAVAILABLE",
            "ALLOWED DISRUPTIONS",
            "AGE",
        ],
        _ => vec!["NAME", "AGE"],
    };
    simple(headers, objects, |o| {
        let meta = o.meta();
        let g = match o {
            Object::Stored(_, g) => Some(g),
            _ => None,
        };
        let field = |path: &[&str]| -> Option<&Value> {
            let mut v = g?.rest.get(path[0])?;
            for p in &path[1..] {
                v = v.get(p)?;
            }
            Some(v)
        };
        let len = |path: &[&str]| -> usize {
            match field(path) {
                Some(Value::Object(m)) => m.len(),
                Some(Value::Array(a)) => a.len(),
                _ => 0,
            }
        };
        let age = age(meta.creation_timestamp, now);
        let name = meta.name.to_string();
        match kind {
            // The API server always sets the phase; objects the simulator created bare are
            // shown as the server would have defaulted them.
            Kind::Namespace => {
                let phase = field(&["status", "phase"]).and_then(Value::as_str);
                vec![name.to_string(), phase.unwrap_or("Active").to_string(), age]
            }
            Kind::ConfigMap => {
                let n = len(&["data"]) + len(&["binaryData"]);
                vec![name.to_string(), n.to_string(), age]
            }
            Kind::Secret => {
                let t = field(&["type"]).and_then(Value::as_str).unwrap_or("Opaque");
                vec![
                    name.to_string(),
                    t.to_string(),
                    secret_keys(g).to_string(),
                    age,
                ]
            }
            Kind::ServiceAccount => vec![name.to_string(), len(&["secrets"]).to_string(), age],
            Kind::PodDisruptionBudget => {
                let int_or_string = |path: &[&str]| match field(path) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => "N/A".to_string(),
                };
                let allowed = field(&["status", "disruptionsAllowed"])
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                vec![
                    name.to_string(),
                    int_or_string(&["spec", "minAvailable"]),
                    int_or_string(&["spec", "maxUnavailable"]),
                    allowed.to_string(),
                    age,
                ]
            }
            _ => vec![name.to_string(), age],
        }
    })
}

/// A Secret's DATA: the keys of `data`, plus `stringData` keys (the API server merges
/// `stringData` into `data` on write; a stored object may still carry it).
fn secret_keys(g: Option<&GenericObject>) -> usize {
    let keys = |k: &str| -> Vec<String> {
        g.and_then(|g| g.rest.get(k))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut all = keys("data");
    all.extend(keys("stringData"));
    sts_core::sort::sort(&mut all);
    all.dedup();
    all.len()
}
