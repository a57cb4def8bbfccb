//! Nodes and their lifecycle: heartbeats stop when a node goes down; after the grace period
//! the node lifecycle controller marks it NotReady, taints it unreachable and marks its pods
//! not Ready; after the pods' tolerationSeconds the taint-eviction controller deletes them —
//! and they stay Terminating until the node returns or is deleted (spec §6).

use super::events::reference;
use super::queue::Task;
use super::Cluster;
use crate::api::*;
use crate::time::{Duration, Time};

const UNREACHABLE: &str = "node.kubernetes.io/unreachable";
/// Non-graceful node shutdown (GA in 1.28): an admin's word that the node is gone for good.
pub const OUT_OF_SERVICE: &str = "node.kubernetes.io/out-of-service";

pub(super) fn new_node(name: &str, index: usize, now: Time, minor: u32) -> Node {
    let mut node = Node {
        api_version: "v1".into(),
        kind: "Node".into(),
        ..Default::default()
    };
    node.metadata.name = name.into();
    for (k, v) in [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", name),
        ("kubernetes.io/os", "linux"),
    ] {
        node.metadata.labels.insert(k.into(), v.into());
    }
    let cidr = format!("10.244.{}.0/24", index + 1);
    node.spec.pod_cidrs = vec![cidr.clone()];
    node.spec.pod_cidr = Some(cidr);
    // What a kind node on a 4-core, 8 GiB machine reports; kind reserves nothing, so
    // allocatable equals capacity.
    let resources: std::collections::BTreeMap<String, serde_json::Value> = [
        ("cpu", "4"),
        ("ephemeral-storage", "102626232Ki"),
        ("hugepages-1Gi", "0"),
        ("hugepages-2Mi", "0"),
        ("memory", "8039536Ki"),
        ("pods", "110"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), serde_json::Value::from(v)))
    .collect();
    node.status.capacity = Some(resources.clone());
    node.status.allocatable = Some(resources);
    node.status.daemon_endpoints = Some(serde_json::json!({"kubeletEndpoint": {"Port": 10250}}));
    node.status.addresses = vec![
        NodeAddress {
            type_: "InternalIP".into(),
            address: format!("172.18.0.{}", index + 2),
        },
        NodeAddress {
            type_: "Hostname".into(),
            address: name.into(),
        },
    ];
    node.status.conditions = node_conditions(true, now);
    let id = |salt: &str| {
        let (a, b) = (
            crate::hash::fnv1a(&[name, salt]),
            crate::hash::fnv1a(&[salt, name]),
        );
        format!("{a:016x}{b:016x}")
    };
    let uuid = |salt: &str| {
        let h = id(salt);
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    };
    node.status.node_info = Some(serde_json::json!({
        "architecture": "amd64",
        "bootID": uuid("boot"),
        "machineID": id("machine"),
        "systemUUID": uuid("system"),
        "containerRuntimeVersion": "containerd://2.1.1",
        "kernelVersion": "6.8.0",
        "kubeProxyVersion": if crate::versions::ServerVersion::new(minor)
            .kubelet_reports_kube_proxy_version()
        {
            format!("v1.{minor}.0")
        } else {
            String::new()
        },
        "kubeletVersion": format!("v1.{minor}.0"),
        "operatingSystem": "linux",
        "osImage": "Debian GNU/Linux 12 (bookworm)"
    }));
    node
}

fn node_conditions(ready: bool, now: Time) -> Vec<NodeCondition> {
    let mut conditions: Vec<NodeCondition> = [
        (
            "MemoryPressure",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        (
            "DiskPressure",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        (
            "PIDPressure",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
    ]
    .into_iter()
    .map(|(t, r, m)| NodeCondition {
        type_: t.into(),
        status: if ready {
            "False".into()
        } else {
            "Unknown".into()
        },
        last_heartbeat_time: Some(now),
        last_transition_time: Some(now),
        reason: Some(if ready {
            r.into()
        } else {
            "NodeStatusUnknown".into()
        }),
        message: Some(if ready {
            m.into()
        } else {
            "Kubelet stopped posting node status.".into()
        }),
    })
    .collect();
    conditions.push(NodeCondition {
        type_: "Ready".into(),
        status: if ready {
            "True".into()
        } else {
            "Unknown".into()
        },
        last_heartbeat_time: Some(now),
        last_transition_time: Some(now),
        reason: Some(if ready {
            "KubeletReady".into()
        } else {
            "NodeStatusUnknown".into()
        }),
        message: Some(if ready {
            "kubelet is posting ready status".into()
        } else {
            "Kubelet stopped posting node status.".into()
        }),
    });
    conditions
}

/// A node's Lease in `kube-node-lease` (coordination.k8s.io/v1), as its kubelet keeps it:
/// held by the node, 40 seconds long, renewed every quarter of that while the kubelet runs.
/// The simulator derives it rather than storing a write every 10 seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeLease {
    pub holder: String,
    pub duration_seconds: i64,
    pub renew_time: Time,
}

/// `leaseDurationSeconds` the kubelet asks for; it renews every quarter of it.
const LEASE_SECONDS: i64 = 40;

impl Cluster {
    /// The node's Lease, or `None` when there is no such node.
    pub fn node_lease(&self, name: &str) -> Option<NodeLease> {
        let started = *self.kubelet_started.get(name)?;
        let until = self.down_nodes.get(name).copied().unwrap_or(self.now);
        let every = Duration::seconds(LEASE_SECONDS / 4).as_millis();
        let renewals = (until - started).as_millis().max(0) / every;
        Some(NodeLease {
            holder: name.to_string(),
            duration_seconds: LEASE_SECONDS,
            renew_time: started + Duration::millis(renewals * every),
        })
    }

    /// `sim node-down`: the node's kubelet stops (power loss or partition).
    pub fn node_down(&mut self, name: &str) -> bool {
        if !self.store.contains(&ObjectKey::new(Kind::Node, "", name))
            || self.down_nodes.contains_key(name)
        {
            return false;
        }
        self.down_nodes.insert(name.into(), self.now);
        self.note(format!("node {name} stopped posting status"));
        let at = self.now + self.config.node_monitor_grace();
        self.queue.push(at, Task::NodeMonitor(name.into()));
        true
    }

    /// `sim node-up`: the kubelet is back; it reports Ready and finishes what it missed.
    pub fn node_up(&mut self, name: &str) -> bool {
        if self.down_nodes.remove(name).is_none() {
            return false;
        }
        self.release_node_attachments(name);
        self.kubelet_started.insert(name.into(), self.now);
        let key = ObjectKey::new(Kind::Node, "", name);
        if let Some(Object::Node(node)) = self.store.get(&key).map(|o| (**o).clone()) {
            let was_not_ready = node.ready_status() != "True";
            let mut node = node;
            node.status.conditions = node_conditions(true, self.now);
            node.spec.taints.retain(|t| t.key != UNREACHABLE);
            let _ = self.update(Object::Node(node.clone()));
            if was_not_ready {
                self.record(
                    reference(&Object::Node(node)),
                    "Normal",
                    "NodeReady",
                    format!("Node {name} status is now: NodeReady"),
                    "node-controller",
                    "",
                );
            }
        }
        let pods: Vec<(ObjectKey, Name)> = self.pods_on(name);
        for (pod, uid) in pods {
            self.queue.push(
                self.now,
                Task::Kubelet {
                    pod: pod.clone(),
                    uid: uid.clone(),
                },
            );
            self.queue.push(self.now, Task::Probe { pod, uid });
        }
        true
    }

    fn pods_on(&self, node: &str) -> Vec<(ObjectKey, Name)> {
        self.store
            .pods_on_node(node)
            .filter_map(|k| self.store.get(k).map(|o| (k.clone(), o.meta().uid.clone())))
            .collect()
    }

    /// The node lifecycle controller notices a missed heartbeat.
    pub(super) fn node_monitor(&mut self, name: &str) {
        let Some(&since) = self.down_nodes.get(name) else {
            return;
        };
        if self.now - since < self.config.node_monitor_grace() {
            return;
        }
        let key = ObjectKey::new(Kind::Node, "", name);
        let Some(Object::Node(node)) = self.store.get(&key).map(|o| (**o).clone()) else {
            return;
        };
        if node.ready_status() != "True" {
            return;
        }
        let mut node = node;
        let now = self.now;
        let mut conditions = node_conditions(false, now);
        for c in &mut conditions {
            c.last_heartbeat_time = Some(since);
        }
        node.status.conditions = conditions;
        for effect in ["NoSchedule", "NoExecute"] {
            node.spec.taints.push(Taint {
                key: UNREACHABLE.into(),
                value: None,
                effect: effect.into(),
                time_added: Some(now),
            });
        }
        let _ = self.update(Object::Node(node.clone()));
        self.record(
            reference(&Object::Node(node)),
            "Normal",
            "NodeNotReady",
            format!("Node {name} status is now: NodeNotReady"),
            "node-controller",
            "",
        );
        for (pod_key, uid) in self.pods_on(name) {
            let Some(Object::Pod(pod)) = self.store.get(&pod_key).map(|o| (**o).clone()) else {
                continue;
            };
            // Only the Ready condition changes: container statuses, and so the READY column
            // of `kubectl get pods`, still say what the kubelet last reported (§10.11).
            let mut marked = pod.clone();
            for c in &mut marked.status.conditions {
                if c.type_ == "Ready" && c.status != "False" {
                    c.status = "False".into();
                    c.last_transition_time = Some(now);
                }
            }
            if marked != pod {
                let _ = self.update(Object::Pod(marked));
            }
            let wait = pod
                .spec
                .tolerations
                .iter()
                .flatten()
                .filter(|t| t.key.as_deref() == Some(UNREACHABLE))
                .filter_map(|t| t.toleration_seconds)
                .min();
            if let Some(seconds) = wait {
                self.queue.push(
                    now + Duration::seconds(seconds.max(0)),
                    Task::TaintEviction { pod: pod_key, uid },
                );
            }
        }
    }

    /// A Node was written: pods that do not tolerate one of its NoExecute taints are evicted
    /// now, and the pod GC looks at the node (for out-of-service).
    pub(super) fn node_taints_changed(&mut self, node: &Node) {
        let no_execute: Vec<&Taint> = node
            .spec
            .taints
            .iter()
            .filter(|t| t.effect == "NoExecute" && t.key != UNREACHABLE)
            .collect();
        if no_execute.is_empty() {
            return;
        }
        for (pod_key, uid) in self.pods_on(&node.metadata.name) {
            let Some(Object::Pod(pod)) = self.store.get(&pod_key).map(|o| &**o) else {
                continue;
            };
            let tolerations = pod.spec.tolerations.as_deref().unwrap_or(&[]);
            let untolerated = no_execute.iter().any(|t| {
                !tolerations
                    .iter()
                    .any(|tol| super::scheduler::tolerates(tol, t))
            });
            if untolerated && pod.metadata.deletion_timestamp.is_none() {
                self.queue
                    .push(self.now, Task::TaintEviction { pod: pod_key, uid });
            }
        }
        self.queue.push(self.now, Task::CollectGarbage);
    }

    /// Whether the Node's Ready condition is True.
    pub(super) fn node_ready(&self, node: &str) -> bool {
        self.store
            .get(&ObjectKey::new(Kind::Node, "", node))
            .is_some_and(|o| match &**o {
                Object::Node(n) => n.ready_status() == "True",
                _ => false,
            })
    }

    /// Whether `node` carries the out-of-service taint.
    pub(super) fn out_of_service(&self, node: &str) -> bool {
        self.store
            .get(&ObjectKey::new(Kind::Node, "", node))
            .is_some_and(|o| match &**o {
                Object::Node(n) => n.spec.taints.iter().any(|t| t.key == OUT_OF_SERVICE),
                _ => false,
            })
    }

    /// The taint-eviction controller deletes a pod whose toleration of the taint ran out.
    pub(super) fn taint_eviction(&mut self, key: &ObjectKey, uid: &Name) {
        let Some(Object::Pod(pod)) = self.store.get(key).map(|o| (**o).clone()) else {
            return;
        };
        if pod.metadata.uid != *uid || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let Some(node) = pod.spec.node_name.clone() else {
            return;
        };
        // The unreachable taint is tolerated for a while (this task runs when that ends);
        // any other NoExecute taint evicts the pods that do not tolerate it at all.
        let tolerations = pod.spec.tolerations.clone().unwrap_or_default();
        let tainted = self
            .store
            .get(&ObjectKey::new(Kind::Node, "", &node))
            .is_some_and(|o| match &**o {
                Object::Node(n) => n.spec.taints.iter().any(|t| {
                    t.effect == "NoExecute"
                        && (t.key == UNREACHABLE
                            || !tolerations
                                .iter()
                                .any(|tol| super::scheduler::tolerates(tol, t)))
                }),
                _ => false,
            });
        if !tainted {
            return;
        }
        let mut marked = pod.clone();
        marked.status.conditions.push(PodCondition {
            type_: "DisruptionTarget".into(),
            status: "True".into(),
            last_transition_time: Some(self.now),
            reason: Some("DeletionByTaintManager".into()),
            message: Some("Taint manager: deleting due to NoExecute taint".into()),
            ..Default::default()
        });
        let _ = self.update(Object::Pod(marked.clone()));
        // The taint eviction controller has its own name from 1.29, before every release in scope.
        let component = "taint-eviction-controller";
        self.record(
            reference(&Object::Pod(marked)),
            "Normal",
            "TaintManagerEviction",
            format!(
                "Marking for deletion Pod {}/{}",
                key.namespace(),
                key.name()
            ),
            component,
            "",
        );
        let _ = self.delete(key, Default::default());
    }
}
