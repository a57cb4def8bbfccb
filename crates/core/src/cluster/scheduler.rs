//! The scheduler: places a pending pod on a node that fits (Ready, schedulable, tolerated
//! taints, nodeSelector, free host ports, its claims usable), spreading pods across nodes.
//! With WaitForFirstConsumer claims it first picks the node and lets the provisioner bind the
//! claim, then binds the pod — the order a learner sees in a kind cluster.

use super::events::reference;
use super::Cluster;
use crate::api::*;
use crate::vecmap::VecMap;
use serde_json::Value;
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
            let ckey = ObjectKey::new(
                Kind::PersistentVolumeClaim,
                key.namespace(),
                &src.claim_name,
            );
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
            // Anti-affinity failures are ones preemption could resolve (by evicting the
            // matching pods, were they of lower priority); the others are not.
            let resolvable: usize = reasons
                .iter()
                .filter(|(r, _)| r.contains("anti-affinity"))
                .map(|(_, n)| *n)
                .sum();
            let mut preemption = Vec::new();
            if resolvable > 0 {
                preemption.push(format!(
                    "{resolvable} No preemption victims found for incoming pod"
                ));
            }
            if total > resolvable {
                preemption.push(format!(
                    "{} Preemption is not helpful for scheduling",
                    total - resolvable
                ));
            }
            crate::sort::sort(&mut preemption);
            let message = format!(
                "0/{total} nodes are available: {}. preemption: 0/{total} nodes are available: {}.",
                parts.join(", "),
                preemption.join(", ")
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
        bound.spec.node_name = Some(chosen.to_string());
        bound
            .status
            .conditions
            .retain(|c| c.type_ != "PodScheduled");
        bound.status.conditions.push(PodCondition {
            type_: "PodScheduled".into(),
            status: "True".into(),
            observed_generation: self.observed_generation(pod),
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
                key.namespace(),
                key.name()
            ),
            COMPONENT,
            "",
        );
    }

    /// The generation a condition written now records (pod generation tracking, 1.34+).
    fn observed_generation(&self, pod: &Pod) -> Option<i64> {
        crate::versions::ServerVersion::new(self.config.minor)
            .pod_generation_tracking()
            .then_some(pod.metadata.generation)
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
                observed_generation: self.observed_generation(pod),
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
                .all(|(k, v)| node.metadata.labels.get(k).is_some_and(|x| *x == *v))
            {
                return Some("node(s) didn't match Pod's node affinity/selector".into());
            }
        }
        if let Some(reason) = self.affinity_rejects(pod, node) {
            return Some(reason);
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
                    Some(Object::Pod(p)) if !matches!(&*p.status.phase, "Succeeded" | "Failed") => {
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

/// The `required…DuringScheduling…` parts of a pod's affinity (the `preferred` ones only rank
/// nodes, which this scheduler's spreading stands in for).
impl Cluster {
    fn affinity_rejects(&self, pod: &Pod, node: &Node) -> Option<String> {
        let affinity = pod.spec.affinity.as_ref();
        let required = "requiredDuringSchedulingIgnoredDuringExecution";
        // Node affinity: any one term must match the node.
        if let Some(terms) = affinity
            .and_then(|a| a.pointer(&format!("/nodeAffinity/{required}/nodeSelectorTerms")))
            .and_then(Value::as_array)
        {
            if !terms.iter().any(|t| node_term_matches(t, node)) {
                return Some("node(s) didn't match Pod's node affinity/selector".into());
            }
        }
        let ns = &pod.metadata.namespace;
        // Pod anti-affinity: no matching pod in the node's domain of the topology key.
        for term in terms_of(affinity, "podAntiAffinity") {
            let Some(key) = term.get("topologyKey").and_then(Value::as_str) else {
                continue;
            };
            let Some(domain) = node.metadata.labels.get(key) else {
                continue;
            };
            if self.pods_in_domain(key, domain).any(|other| {
                other.metadata.uid != pod.metadata.uid && term_selects(term, ns, other)
            }) {
                return Some("node(s) didn't match pod anti-affinity rules".into());
            }
        }
        // Pod affinity: a matching pod in the domain — unless none exists anywhere and the pod
        // matches its own term (the first of a group may go anywhere).
        for term in terms_of(affinity, "podAffinity") {
            let Some(key) = term.get("topologyKey").and_then(Value::as_str) else {
                continue;
            };
            let here = node.metadata.labels.get(key).is_some_and(|domain| {
                self.pods_in_domain(key, domain).any(|other| {
                    other.metadata.uid != pod.metadata.uid && term_selects(term, ns, other)
                })
            });
            if here {
                continue;
            }
            let anywhere = self.store.list(Kind::Pod, None).any(|o| match &**o {
                Object::Pod(other) => {
                    other.spec.node_name.is_some()
                        && other.metadata.uid != pod.metadata.uid
                        && term_selects(term, ns, other)
                }
                _ => false,
            });
            if anywhere || !term_selects(term, ns, pod) || !node.metadata.labels.contains_key(key) {
                return Some("node(s) didn't match pod affinity rules".into());
            }
        }
        // Existing pods' anti-affinity against this one (only bound pods that have such terms,
        // which the store keeps apart, so a cluster without anti-affinity pays nothing here).
        let anti_affine =
            self.store
                .anti_affine_pods()
                .filter_map(|k| match self.store.get(k).map(|o| &**o) {
                    Some(Object::Pod(p)) if p.metadata.uid != pod.metadata.uid => Some(p),
                    _ => None,
                });
        for other in anti_affine {
            for term in terms_of(other.spec.affinity.as_ref(), "podAntiAffinity") {
                let Some(key) = term.get("topologyKey").and_then(Value::as_str) else {
                    continue;
                };
                let Some(domain) = node.metadata.labels.get(key) else {
                    continue;
                };
                let other_node = other.spec.node_name.as_deref().unwrap_or_default();
                let same = self
                    .store
                    .get(&ObjectKey::new(Kind::Node, "", other_node))
                    .is_some_and(|o| o.meta().labels.get(key) == Some(domain));
                if same && term_selects(term, &other.metadata.namespace, pod) {
                    return Some("node(s) didn't satisfy existing pods anti-affinity rules".into());
                }
            }
        }
        None
    }

    /// Pods assigned to nodes whose `key` label is `domain`.
    fn pods_in_domain<'a>(
        &'a self,
        key: &'a str,
        domain: &'a str,
    ) -> impl Iterator<Item = &'a Pod> + 'a {
        self.store
            .list(Kind::Node, None)
            .filter(move |n| n.meta().labels.get(key).map(Name::as_str) == Some(domain))
            .flat_map(move |n| self.store.pods_on_node(&n.meta().name))
            .filter_map(move |k| match self.store.get(k).map(|o| &**o) {
                Some(Object::Pod(p)) => Some(p),
                _ => None,
            })
    }
}

/// The required terms of `podAffinity` or `podAntiAffinity`.
fn terms_of<'a>(affinity: Option<&'a Value>, which: &str) -> impl Iterator<Item = &'a Value> + 'a {
    affinity
        .and_then(|a| a.get(which))
        .and_then(|a| a.get("requiredDuringSchedulingIgnoredDuringExecution"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Whether a pod-affinity term selects `pod` (its namespaces default to the term owner's).
fn term_selects(term: &Value, owner_namespace: &str, pod: &Pod) -> bool {
    let namespaces: Vec<&str> = term
        .get("namespaces")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let in_namespace = if namespaces.is_empty() {
        term.get("namespaceSelector").is_some() || pod.metadata.namespace == owner_namespace
    } else {
        namespaces.contains(&pod.metadata.namespace.as_str())
    };
    // A missing labelSelector selects nothing.
    in_namespace
        && term
            .get("labelSelector")
            .is_some_and(|s| selector_matches(s, &pod.metadata.labels))
}

/// A LabelSelector given as JSON.
fn selector_matches(selector: &Value, labels: &Labels) -> bool {
    let labels_ok = selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .is_none_or(|m| {
            m.iter()
                .all(|(k, v)| labels.get(k).map(Name::as_str) == v.as_str())
        });
    labels_ok
        && selector
            .get("matchExpressions")
            .and_then(Value::as_array)
            .is_none_or(|exprs| {
                exprs
                    .iter()
                    .all(|e| expression_matches(e, |k| labels.get(k).map(Name::to_string)))
            })
}

/// One `matchExpressions` entry against a lookup of values.
fn expression_matches(e: &Value, value_of: impl Fn(&str) -> Option<String>) -> bool {
    let key = e.get("key").and_then(Value::as_str).unwrap_or_default();
    let values: Vec<&str> = e
        .get("values")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let actual = value_of(key);
    match e
        .get("operator")
        .and_then(Value::as_str)
        .unwrap_or_default()
    {
        "In" => actual.is_some_and(|v| values.contains(&v.as_str())),
        "NotIn" => actual.is_none_or(|v| !values.contains(&v.as_str())),
        "Exists" => actual.is_some(),
        "DoesNotExist" => actual.is_none(),
        "Gt" | "Lt" => {
            let (Some(a), Some(b)) = (
                actual.and_then(|v| v.parse::<i64>().ok()),
                values.first().and_then(|v| v.parse::<i64>().ok()),
            ) else {
                return false;
            };
            if e.get("operator").and_then(Value::as_str) == Some("Gt") {
                a > b
            } else {
                a < b
            }
        }
        _ => false,
    }
}

/// A node-selector term: every expression on labels and fields must hold.
fn node_term_matches(term: &Value, node: &Node) -> bool {
    let exprs = |name: &str| -> Vec<&Value> {
        term.get(name)
            .and_then(Value::as_array)
            .map(|l| l.iter().collect())
            .unwrap_or_default()
    };
    let label_exprs = exprs("matchExpressions");
    let field_exprs = exprs("matchFields");
    if label_exprs.is_empty() && field_exprs.is_empty() {
        return false;
    }
    label_exprs
        .iter()
        .all(|e| expression_matches(e, |k| node.metadata.labels.get(k).map(Name::to_string)))
        && field_exprs.iter().all(|e| {
            expression_matches(e, |k| {
                (k == "metadata.name").then(|| node.metadata.name.to_string())
            })
        })
}

pub(super) fn tolerates(t: &Toleration, taint: &Taint) -> bool {
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
