//! The endpoints controller and cluster DNS: which pods back each Service, and the A and SRV
//! records a headless Service publishes (spec §7.6). Per-pod names exist only for ready pods
//! (or every pod with an IP under `publishNotReadyAddresses`), and only when the pod's
//! `subdomain` names the Service.

use super::Cluster;
use crate::api::*;
use serde_json::Value;

impl Cluster {
    pub(super) fn sync_endpoints(&mut self, namespace: &str) {
        let services: Vec<Service> = self
            .store
            .list(Kind::Service, Some(namespace))
            .filter_map(|o| match &**o {
                Object::Service(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        for svc in services {
            let Some(selector) = svc.spec.selector.clone() else {
                continue;
            };
            let publish_all = svc.spec.publish_not_ready_addresses == Some(true);
            let mut subset = EndpointSubset::default();
            for obj in self.store.list(Kind::Pod, Some(namespace)) {
                let Object::Pod(pod) = &**obj else { continue };
                if !selector
                    .iter()
                    .all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
                {
                    continue;
                }
                let Some(ip) = pod.status.pod_ip.clone() else {
                    continue;
                };
                if pod.metadata.deletion_timestamp.is_some() && !publish_all {
                    continue;
                }
                let hostname = match (&pod.spec.hostname, &pod.spec.subdomain) {
                    (Some(h), Some(s)) if *s == svc.metadata.name => Some(h.clone()),
                    _ => None,
                };
                let address = EndpointAddress {
                    ip,
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
            let subsets = if subset.addresses.is_empty() && subset.not_ready_addresses.is_empty() {
                vec![]
            } else {
                vec![subset]
            };
            let key = ObjectKey::new(Kind::Endpoints, namespace, &svc.metadata.name);
            let existing = self.store.get(&key).and_then(|o| match &**o {
                Object::Endpoints(e) => Some(e.clone()),
                _ => None,
            });
            match existing {
                Some(e) if e.subsets == subsets => {}
                Some(mut e) => {
                    e.subsets = subsets;
                    let _ = self.update(Object::Endpoints(e));
                }
                None => {
                    let mut e = Endpoints {
                        api_version: "v1".into(),
                        kind: "Endpoints".into(),
                        subsets,
                        ..Default::default()
                    };
                    e.metadata.name = svc.metadata.name.clone();
                    e.metadata.namespace = namespace.into();
                    e.metadata.labels = svc.metadata.labels.clone();
                    if svc.is_headless() {
                        e.metadata
                            .labels
                            .insert("service.kubernetes.io/headless".into(), String::new());
                    }
                    let _ = self.create(Object::Endpoints(e));
                }
            }
        }
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
        let Some(Object::Endpoints(ep)) = self
            .store
            .get(&ObjectKey::new(Kind::Endpoints, ns, service))
            .map(|o| &**o)
        else {
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
        let Some(Object::Endpoints(ep)) = self
            .store
            .get(&ObjectKey::new(Kind::Endpoints, namespace, service))
            .map(|o| &**o)
        else {
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
