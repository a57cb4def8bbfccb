//! Service endpoints and cluster DNS: which pods back each Service, and the A and SRV records
//! a headless Service publishes (spec §7.6). Per-pod names exist only for ready pods (or every
//! pod with an IP under `publishNotReadyAddresses`), and only when the pod's `subdomain` names
//! the Service.
//!
//! Endpoints are derived from the pods whenever they are read instead of being written after
//! every pod change: the result is what the endpoints controller would have written, and a
//! 10,000-pod set does not pay for an endpoints update on every status change.

use super::Cluster;
use crate::api::*;
use serde_json::Value;
use std::rc::Rc;

impl Cluster {
    /// The Endpoints object of a Service with a selector, as the endpoints controller writes it.
    pub fn endpoints(&self, namespace: &str, service: &str) -> Option<Endpoints> {
        let Some(Object::Service(svc)) = self
            .store
            .get(&ObjectKey::new(Kind::Service, namespace, service))
            .map(|o| &**o)
        else {
            return None;
        };
        let mut endpoints = Endpoints {
            api_version: "v1".into(),
            kind: "Endpoints".into(),
            ..Default::default()
        };
        endpoints.metadata = ObjectMeta {
            name: svc.metadata.name.clone(),
            namespace: namespace.into(),
            labels: svc.metadata.labels.clone(),
            creation_timestamp: svc.metadata.creation_timestamp,
            // Derived, not stored: a UID of the same shape as the Service's (each hex digit
            // complemented), and the newest resourceVersion among what it is made of.
            uid: svc
                .metadata
                .uid
                .chars()
                .map(|c| match c.to_digit(16) {
                    Some(d) => std::char::from_digit(15 - d, 16).unwrap_or(c),
                    None => c,
                })
                .collect::<String>()
                .into(),
            resource_version: svc.metadata.resource_version.clone(),
            ..Default::default()
        };
        let mut newest: u64 = svc.metadata.resource_version.parse().unwrap_or(0);
        if svc.is_headless() {
            endpoints.metadata.labels.insert(
                "service.kubernetes.io/headless".into(),
                String::new().into(),
            );
        }
        if svc.metadata.name == "kubernetes" && namespace == "default" {
            endpoints.subsets = vec![EndpointSubset {
                addresses: vec![EndpointAddress {
                    ip: "172.18.0.1".into(),
                    ..Default::default()
                }],
                ports: vec![EndpointPort {
                    name: Some("https".into()),
                    port: 6443,
                    protocol: Some("TCP".into()),
                }],
                ..Default::default()
            }];
            return Some(endpoints);
        }
        let selector = svc.spec.selector.clone()?;
        let publish_all = svc.spec.publish_not_ready_addresses == Some(true);
        let mut subset = EndpointSubset::default();
        for obj in self.store.list(Kind::Pod, Some(namespace)) {
            let Object::Pod(pod) = &**obj else { continue };
            if !selector
                .iter()
                .all(|(k, v)| pod.metadata.labels.get(k).is_some_and(|x| *x == *v))
            {
                continue;
            }
            newest = newest.max(pod.metadata.resource_version.parse().unwrap_or(0));
            let Some(ip) = pod.status.pod_ip.clone() else {
                continue;
            };
            if pod.metadata.deletion_timestamp.is_some() && !publish_all {
                continue;
            }
            if matches!(&*pod.status.phase, "Failed" | "Succeeded") {
                continue;
            }
            let hostname = match (&pod.spec.hostname, &pod.spec.subdomain) {
                (Some(h), Some(s)) if *s == svc.metadata.name => Some(h.clone()),
                _ => None,
            };
            let address = EndpointAddress {
                ip: ip.to_string(),
                hostname,
                node_name: pod.spec.node_name.clone(),
                target_ref: Some(ObjectReference {
                    kind: "Pod".into(),
                    namespace: namespace.into(),
                    name: pod.metadata.name.clone(),
                    uid: pod.metadata.uid.clone(),
                    ..Default::default()
                }),
            };
            if pod.is_ready() || publish_all {
                subset.addresses.push(address);
            } else {
                subset.not_ready_addresses.push(address);
            }
            if subset.ports.is_empty() {
                subset.ports = svc
                    .spec
                    .ports
                    .iter()
                    .map(|p| EndpointPort {
                        name: p.name.clone(),
                        port: target_port(p, pod),
                        protocol: p.protocol.clone(),
                    })
                    .collect();
            }
        }
        if !subset.addresses.is_empty() || !subset.not_ready_addresses.is_empty() {
            endpoints.subsets = vec![subset];
        }
        endpoints.metadata.resource_version = newest.to_string().into();
        Some(endpoints)
    }

    /// The objects of `kind` as `kubectl get` lists them (Endpoints are derived from pods).
    pub fn list_objects(&self, kind: Kind, namespace: Option<&str>) -> Vec<Rc<Object>> {
        if kind != Kind::Endpoints {
            return self.store.list(kind, namespace).cloned().collect();
        }
        self.store
            .list(Kind::Service, namespace)
            .filter_map(|svc| {
                let meta = svc.meta();
                self.endpoints(&meta.namespace, &meta.name)
                    .map(|e| Rc::new(Object::Endpoints(e)))
            })
            .collect()
    }

    /// Cluster DNS: the A records for `name` as seen from `namespace` (`web-0.nginx`,
    /// `nginx`, `nginx.default.svc.cluster.local`, …). Empty when the name does not exist.
    pub fn resolve(&self, name: &str, namespace: &str) -> Vec<String> {
        let name = name.trim_end_matches('.');
        let fqdn_suffix = ".svc.cluster.local";
        let parts: Vec<&str> = name
            .strip_suffix(fqdn_suffix)
            .unwrap_or(name)
            .split('.')
            .collect();
        let (host, service, ns) = match parts.as_slice() {
            [svc] => (None, *svc, namespace),
            [a, b] if self.service_exists(b, namespace) && !self.namespace_exists(b) => {
                (Some(*a), *b, namespace)
            }
            [svc, ns] => (None, *svc, *ns),
            [host, svc, ns] => (Some(*host), *svc, *ns),
            _ => return Vec::new(),
        };
        let key = ObjectKey::new(Kind::Service, ns, service);
        let Some(Object::Service(svc)) = self.store.get(&key).map(|o| &**o) else {
            return Vec::new();
        };
        if !svc.is_headless() {
            return if host.is_none() {
                svc.spec.cluster_ip.clone().into_iter().collect()
            } else {
                Vec::new()
            };
        }
        let Some(ep) = self.endpoints(ns, service) else {
            return Vec::new();
        };
        ep.subsets
            .iter()
            .flat_map(|s| &s.addresses)
            .filter(|a| host.is_none() || a.hostname.as_deref() == host)
            .map(|a| a.ip.clone())
            .collect()
    }

    /// The SRV targets of a headless Service: the per-pod names of its ready endpoints.
    pub fn srv_records(&self, service: &str, namespace: &str) -> Vec<String> {
        let Some(ep) = self.endpoints(namespace, service) else {
            return Vec::new();
        };
        ep.subsets
            .iter()
            .flat_map(|s| &s.addresses)
            .filter_map(|a| {
                a.hostname
                    .as_ref()
                    .map(|h| format!("{h}.{service}.{namespace}.svc.cluster.local"))
            })
            .collect()
    }

    fn service_exists(&self, name: &str, namespace: &str) -> bool {
        self.store
            .contains(&ObjectKey::new(Kind::Service, namespace, name))
    }

    fn namespace_exists(&self, name: &str) -> bool {
        self.store
            .contains(&ObjectKey::new(Kind::Namespace, "", name))
    }
}

fn target_port(port: &ServicePort, pod: &Pod) -> i32 {
    match &port.target_port {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0) as i32,
        Some(Value::String(name)) => pod
            .spec
            .containers
            .iter()
            .flat_map(|c| c.ports.iter().flatten())
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map_or(0, |p| p.container_port),
        _ => port.port,
    }
}
