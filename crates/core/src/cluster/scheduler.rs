//! The scheduler: places a pending pod on a node that fits (Ready, schedulable, tolerated
//! taints, nodeSelector, free host ports, its claims usable), spreading pods across nodes.
//! With WaitForFirstConsumer claims it first picks the node and lets the provisioner bind the
//! claim, then binds the pod — the order a learner sees in a kind cluster.

use super::events::reference;
use super::Cluster;
use crate::api::*;
use crate::vecmap::VecMap;
use std::rc::Rc;

const COMPONENT: &str = "default-scheduler";
pub(super) const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";

impl Cluster {
    pub(super) fn schedule(&mut self, key: &ObjectKey) {
        let Some(object) = self.store.get(key).cloned() else {
            return;
        };
        let Object::Pod(pod) = &*object else {
            return;
        };
        if pod.spec.node_name.is_some() || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let nodes: Vec<Rc<Object>> = self.store.list(Kind::Node, None).cloned().collect();
        let nodes: Vec<&Node> = nodes
            .iter()
            .filter_map(|o| match &**o {
                Object::Node(n) => Some(n),
                _ => None,
            })
            .collect();
        let total = nodes.len();
        // Claims must exist and not be going away.
        let mut claim_objects = Vec::new();
        for v in &pod.spec.volumes {
            let Some(src) = &v.persistent_volume_claim else {
                continue;
            };
            let ckey = ObjectKey::new(Kind::PersistentVolumeClaim, &key.namespace, &src.claim_name);
            match self.store.get(&ckey).map(|o| (o, &**o)) {
                Some((o, Object::PersistentVolumeClaim(c))) if c.metadata.deletion_timestamp.is_none() => claim_objects.push(o.clone()),
                Some(_) => return self.unschedulable(pod, format!("0/{total} nodes are available: persistentvolumeclaim \"{}\" is being deleted. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling.", src.claim_name)),
                None => return self.unschedulable(pod, format!("0/{total} nodes are available: persistentvolumeclaim \"{}\" not found. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling.", src.claim_name)),
            }
        }
        let claims: Vec<&PersistentVolumeClaim> = claim_objects
            .iter()
            .filter_map(|o| match &**o {
                Object::PersistentVolumeClaim(c) => Some(c),
                _ => None,
            })
            .collect();
        // Filter, counting why nodes were rejected.
        let mut reasons: VecMap<String, usize> = VecMap::new();
        let mut fits = Vec::new();
        for node in &nodes {
            match self.node_rejects(pod, node, &claims) {
                Some(reason) => *reasons.get_or_insert_with(reason, || 0) += 1,
                None => fits.push(node.metadata.name.clone()),
            }
        }
        if fits.is_empty() {
            let mut parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
            crate::sort::sort(&mut parts);
            let message = format!(
                "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling.",
                parts.join(", ")
            );
            return self.unschedulable(pod, message);
        }
        // Least loaded, then by name: deterministic spreading.
        let chosen = fits
            .into_iter()
            .min_by_key(|n| (self.store.pod_count_on_node(n), n.clone()))
            .expect("at least one node fits");
        // Unbound claims: WaitForFirstConsumer gets the chosen node; binding waits for the PV.
        let mut waiting = false;
        for claim in &claims {
            if claim.spec.volume_name.is_some() {
                continue;
            }
            waiting = true;
            if !claim.metadata.annotations.contains_key(SELECTED_NODE) {
                let mut c = (*claim).clone();
                c.metadata
                    .annotations
                    .insert(SELECTED_NODE.into(), chosen.clone());
                let _ = self.update(Object::PersistentVolumeClaim(c));
            }
        }
        if waiting {
            return;
        }
        let mut bound = pod.clone();
        bound.spec.node_name = Some(chosen.clone());
        bound
            .status
            .conditions
            .retain(|c| c.type_ != "PodScheduled");
        bound.status.conditions.push(PodCondition {
            type_: "PodScheduled".into(),
            status: "True".into(),
            last_transition_time: Some(self.now),
            ..Default::default()
        });
        let _ = self.update(Object::Pod(bound.clone()));
        self.record(
            reference(&Object::Pod(bound)),
            "Normal",
            "Scheduled",
            format!(
                "Successfully assigned {}/{} to {chosen}",
                key.namespace, key.name
            ),
            COMPONENT,
            "",
        );
    }

    fn unschedulable(&mut self, pod: &Pod, message: String) {
        let mut updated = pod.clone();
        let already =
            pod.status.conditions.iter().any(|c| {
                c.type_ == "PodScheduled" && c.message.as_deref() == Some(message.as_str())
            });
        if !already {
            updated
                .status
                .conditions
                .retain(|c| c.type_ != "PodScheduled");
            updated.status.conditions.push(PodCondition {
                type_: "PodScheduled".into(),
                status: "False".into(),
                last_transition_time: Some(self.now),
                reason: Some("Unschedulable".into()),
                message: Some(message.clone()),
                ..Default::default()
            });
            let _ = self.update(Object::Pod(updated.clone()));
            self.record(
                reference(&Object::Pod(updated)),
                "Warning",
                "FailedScheduling",
                message,
                COMPONENT,
                "",
            );
        }
    }

    /// Why `node` cannot take `pod`, in the scheduler's words, or `None` if it fits.
    fn node_rejects(
        &self,
        pod: &Pod,
        node: &Node,
        claims: &[&PersistentVolumeClaim],
    ) -> Option<String> {
        if node.spec.unschedulable == Some(true) {
            return Some("node(s) were unschedulable".into());
        }
        let tolerations = pod.spec.tolerations.as_deref().unwrap_or(&[]);
        for taint in &node.spec.taints {
            if taint.effect == "PreferNoSchedule" {
                continue;
            }
            let tolerated = tolerations.iter().any(|t| tolerates(t, taint));
            if !tolerated {
                return Some(format!(
                    "node(s) had untolerated taint {{{}: {}}}",
                    taint.key,
                    taint.value.clone().unwrap_or_default()
                ));
            }
        }
        if let Some(selector) = &pod.spec.node_selector {
            if !selector
                .iter()
                .all(|(k, v)| node.metadata.labels.get(k) == Some(v))
            {
                return Some("node(s) didn't match Pod's node affinity/selector".into());
            }
        }
        let wanted: Vec<i32> = pod
            .spec
            .containers
            .iter()
            .flat_map(|c| c.ports.iter().flatten())
            .filter_map(|p| p.host_port.filter(|h| *h > 0))
            .collect();
        if !wanted.is_empty() {
            let used = self
                .store
                .pods_on_node(&node.metadata.name)
                .filter_map(|k| match self.store.get(k).map(|o| &**o) {
                    Some(Object::Pod(p))
                        if !matches!(p.status.phase.as_str(), "Succeeded" | "Failed") =>
                    {
                        Some(p)
                    }
                    _ => None,
                })
                .flat_map(|p| {
                    p.spec
                        .containers
                        .iter()
                        .flat_map(|c| c.ports.iter().flatten())
                })
                .any(|p| p.host_port.is_some_and(|h| wanted.contains(&h)));
            if used {
                return Some("node(s) didn't have free ports for the requested pod ports".into());
            }
        }
        for claim in claims {
            if let Some(selected) = claim.metadata.annotations.get(SELECTED_NODE) {
                if claim.spec.volume_name.is_none() && *selected != node.metadata.name {
                    return Some("node(s) didn't match the requested volume's node".into());
                }
            }
        }
        None
    }
}

fn tolerates(t: &Toleration, taint: &Taint) -> bool {
    if let Some(effect) = &t.effect {
        if !effect.is_empty() && *effect != taint.effect {
            return false;
        }
    }
    match t.operator.as_deref().unwrap_or("Equal") {
        "Exists" => t
            .key
            .as_deref()
            .is_none_or(|k| k.is_empty() || k == taint.key),
        _ => {
            t.key.as_deref() == Some(taint.key.as_str())
                && t.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("")
        }
    }
}
