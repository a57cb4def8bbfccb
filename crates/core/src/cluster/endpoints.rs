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
    fn service(&self, namespace: &str, name: &str) -> Option<&Service> {
        match self
            .store
            .get(&ObjectKey::new(Kind::Service, namespace, name))
            .map(|o| &**o)
        {
            Some(Object::Service(svc)) => Some(svc),
            _ => None,
        }
    }

    /// The Endpoints object of a Service with a selector, as the endpoints controller writes it.
    pub fn endpoints(&self, namespace: &str, service: &str) -> Option<Endpoints> {
        let svc = self.service(namespace, service)?;
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
            // Derived, not stored: a UID of the same shape as the Service's, and the newest
            // resourceVersion among what it is made of.
            uid: derived_uid(&svc.metadata.uid, "endpoints").into(),
            resource_version: svc.metadata.resource_version.clone(),
            ..Default::default()
        };
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
        let publish_all = svc.spec.publish_not_ready_addresses == Some(true);
        let (backends, newest_pod) = self.backends(svc, namespace)?;
        endpoints.metadata.resource_version = newest_version(svc, newest_pod);
        let mut subset = EndpointSubset::default();
        for b in &backends {
            if b.terminating && !publish_all {
                continue;
            }
            let address = EndpointAddress {
                ip: b.ip.clone(),
                hostname: b.hostname.clone(),
                node_name: b.pod.spec.node_name.clone(),
                target_ref: Some(pod_reference(b.pod, namespace)),
            };
            if b.ready || publish_all {
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
                        port: target_port(p, b.pod),
                        protocol: p.protocol.clone(),
                    })
                    .collect();
            }
        }
        if !subset.addresses.is_empty() || !subset.not_ready_addresses.is_empty() {
            endpoints.subsets = vec![subset];
        }
        Some(endpoints)
    }

    /// The pods a Service with a selector selects that have an IP and have not finished, in
    /// the API server's order, with the newest resourceVersion among all it selects.
    fn backends<'a>(&'a self, svc: &Service, namespace: &str) -> Option<(Vec<Backend<'a>>, u64)> {
        let selector = svc.spec.selector.as_ref()?;
        let mut newest = 0;
        let mut found = Vec::new();
        for obj in self.store.list(Kind::Pod, Some(namespace)) {
            let Object::Pod(pod) = &**obj else { continue };
            if !selector
                .iter()
                .all(|(k, v)| pod.metadata.labels.get(k).is_some_and(|x| *x == *v))
            {
                continue;
            }
            newest = newest.max(pod.metadata.resource_version.parse().unwrap_or(0));
            let Some(ip) = &pod.status.pod_ip else {
                continue;
            };
            if matches!(&*pod.status.phase, "Failed" | "Succeeded") {
                continue;
            }
            let hostname = match (&pod.spec.hostname, &pod.spec.subdomain) {
                (Some(h), Some(s)) if *s == svc.metadata.name => Some(h.clone()),
                _ => None,
            };
            found.push(Backend {
                pod,
                ip: ip.to_string(),
                hostname,
                ready: pod.is_ready(),
                terminating: pod.metadata.deletion_timestamp.is_some(),
            });
        }
        Some((found, newest))
    }

    /// The EndpointSlice the EndpointSlice controller keeps for a Service with a selector (one
    /// slice: a slice holds up to 100 endpoints, more than a playground set needs to show),
    /// named as its `generateName` would, with a suffix drawn from the Service's UID rather
    /// than the seeded generator. Terminating pods stay in it, not ready, as the controller
    /// keeps them. The `kubernetes` Service's slice is the API server's own.
    pub fn endpoint_slice(&self, namespace: &str, service: &str) -> Option<EndpointSlice> {
        let svc = self.service(namespace, service)?;
        let mut slice = EndpointSlice {
            api_version: "discovery.k8s.io/v1".into(),
            kind: "EndpointSlice".into(),
            address_type: "IPv4".into(),
            ..Default::default()
        };
        let meta = &mut slice.metadata;
        meta.namespace = namespace.into();
        meta.creation_timestamp = svc.metadata.creation_timestamp;
        meta.resource_version = svc.metadata.resource_version.clone();
        meta.uid = derived_uid(&svc.metadata.uid, "endpointslice").into();
        meta.generation = 1;
        if svc.metadata.name == "kubernetes" && namespace == "default" {
            meta.name = "kubernetes".into();
            meta.labels
                .insert("kubernetes.io/service-name".into(), "kubernetes".into());
            slice.endpoints = vec![SliceEndpoint {
                addresses: vec!["172.18.0.1".into()],
                conditions: EndpointConditions {
                    ready: Some(true),
                    ..Default::default()
                },
                ..Default::default()
            }];
            slice.ports = vec![SlicePort {
                name: Some("https".into()),
                port: Some(6443),
                protocol: Some("TCP".into()),
                ..Default::default()
            }];
            return Some(slice);
        }
        meta.name = format!("{service}-{}", name_suffix(&svc.metadata.uid)).into();
        meta.generate_name = format!("{service}-").into();
        meta.labels = svc.metadata.labels.clone();
        meta.labels.insert(
            "endpointslice.kubernetes.io/managed-by".into(),
            "endpointslice-controller.k8s.io".into(),
        );
        meta.labels
            .insert("kubernetes.io/service-name".into(), service.into());
        if svc.is_headless() {
            meta.labels.insert(
                "service.kubernetes.io/headless".into(),
                String::new().into(),
            );
        }
        meta.owner_references = vec![OwnerReference {
            api_version: "v1".into(),
            kind: "Service".into(),
            name: svc.metadata.name.clone(),
            uid: svc.metadata.uid.clone(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }]
        .into();
        let publish_all = svc.spec.publish_not_ready_addresses == Some(true);
        let (backends, newest_pod) = self.backends(svc, namespace)?;
        slice.metadata.resource_version = newest_version(svc, newest_pod);
        for b in &backends {
            slice.endpoints.push(SliceEndpoint {
                addresses: vec![b.ip.clone()],
                conditions: EndpointConditions {
                    ready: Some(publish_all || (b.ready && !b.terminating)),
                    serving: Some(b.ready),
                    terminating: Some(b.terminating),
                },
                hostname: b.hostname.clone(),
                node_name: b.pod.spec.node_name.clone(),
                target_ref: Some(pod_reference(b.pod, namespace)),
                zone: None,
            });
            if slice.ports.is_empty() {
                slice.ports = svc
                    .spec
                    .ports
                    .iter()
                    .map(|p| SlicePort {
                        name: Some(p.name.clone().unwrap_or_default()),
                        port: Some(target_port(p, b.pod)),
                        protocol: p.protocol.clone(),
                        app_protocol: p.app_protocol.clone(),
                    })
                    .collect();
            }
        }
        Some(slice)
    }

    /// The objects of `kind` (Endpoints and EndpointSlices derived from pods), by Service;
    /// `kubectl get` puts them in the API server's order.
    pub fn list_objects(&self, kind: Kind, namespace: Option<&str>) -> Vec<Rc<Object>> {
        if !matches!(kind, Kind::Endpoints | Kind::EndpointSlice) {
            return self.store.list(kind, namespace).cloned().collect();
        }
        self.store
            .list(Kind::Service, namespace)
            .filter_map(|svc| {
                let meta = svc.meta();
                if kind == Kind::Endpoints {
                    self.endpoints(&meta.namespace, &meta.name)
                        .map(|e| Rc::new(Object::Endpoints(e)))
                } else {
                    self.endpoint_slice(&meta.namespace, &meta.name)
                        .map(|e| Rc::new(Object::EndpointSlice(e)))
                }
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

/// A pod a Service selects, with what the endpoints and EndpointSlice controllers read.
struct Backend<'a> {
    pod: &'a Pod,
    ip: String,
    hostname: Option<String>,
    ready: bool,
    terminating: bool,
}

fn pod_reference(pod: &Pod, namespace: &str) -> ObjectReference {
    ObjectReference {
        kind: "Pod".into(),
        namespace: namespace.into(),
        name: pod.metadata.name.clone(),
        uid: pod.metadata.uid.clone(),
        ..Default::default()
    }
}

/// A derived object's resourceVersion: the newest among its Service and the pods it lists,
/// so it moves whenever what it is made of does.
fn newest_version(svc: &Service, newest_pod: u64) -> Name {
    let own: u64 = svc.metadata.resource_version.parse().unwrap_or(0);
    own.max(newest_pod).to_string().into()
}

/// A UID of the same shape as `uid`, different for each `salt`: each hex digit moved by the
/// salt's FNV hash, so a derived object's UID is stable and well-formed.
fn derived_uid(uid: &str, salt: &str) -> String {
    let h = crate::hash::fnv1a(&[salt]);
    uid.chars()
        .enumerate()
        .map(|(i, c)| match c.to_digit(16) {
            Some(d) => {
                let shift = ((h >> ((i % 16) * 4)) & 0xf) as u32;
                std::char::from_digit((d + shift) % 16, 16).unwrap_or(c)
            }
            None => c,
        })
        .collect()
}

/// The 5-character suffix `generateName` would add, from the alphabet the API server draws
/// from (no vowels, no look-alikes), taken from a UID instead of a random source.
fn name_suffix(uid: &str) -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let h = crate::hash::fnv1a(&[uid]);
    (0..5)
        .map(|i| ALPHABET[((h >> (i * 8)) % ALPHABET.len() as u64) as usize] as char)
        .collect()
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
