//! Voluntary disruptions: cordoning a node and the Eviction API that `kubectl drain` uses.
//! An eviction honours PodDisruptionBudgets — the only place they matter: the StatefulSet
//! controller's own deletions never consult them (spec §6).

use super::api_server::ApiError;
use super::Cluster;
use crate::api::*;
use serde_json::Value;

impl Cluster {
    /// `kubectl cordon` / `uncordon`: marks the node (un)schedulable. Returns whether it changed.
    pub fn set_unschedulable(&mut self, node: &str, unschedulable: bool) -> Result<bool, ApiError> {
        let key = ObjectKey::new(Kind::Node, "", node);
        let Some(Object::Node(mut n)) = self.store.get(&key).map(|o| (**o).clone()) else {
            return Err(ApiError::not_found(&key));
        };
        if n.spec.unschedulable.unwrap_or(false) == unschedulable {
            return Ok(false);
        }
        n.spec.unschedulable = unschedulable.then_some(true);
        let taint = "node.kubernetes.io/unschedulable";
        n.spec.taints.retain(|t| t.key != taint);
        if unschedulable {
            n.spec.taints.push(Taint {
                key: taint.into(),
                value: None,
                effect: "NoSchedule".into(),
                time_added: Some(self.now),
            });
        }
        self.update(Object::Node(n))?;
        Ok(true)
    }

    /// POST `pods/<name>/eviction`: a graceful delete, refused with 429 while it would take a
    /// PodDisruptionBudget below what it allows.
    pub fn evict_via_api(&mut self, namespace: &str, name: &str) -> Result<(), ApiError> {
        let key = ObjectKey::new(Kind::Pod, namespace, name);
        let Some(Object::Pod(pod)) = self.store.get(&key).map(|o| (**o).clone()) else {
            return Err(ApiError::not_found(&key));
        };
        if pod.metadata.deletion_timestamp.is_none() {
            for budget in self.budgets_for(&pod) {
                if budget.disruptions_allowed <= 0 {
                    return Err(ApiError {
                        reason: "TooManyRequests",
                        message:
                            "Cannot evict pod as it would violate the pod's disruption budget."
                                .into(),
                        fields: Vec::new(),
                    });
                }
            }
        }
        self.delete(&key, Default::default())
    }

    /// The budgets selecting `pod`, with how many disruptions each allows now.
    pub fn budgets_for(&self, pod: &Pod) -> Vec<Budget> {
        let mut out = Vec::new();
        for obj in self
            .store
            .list(Kind::PodDisruptionBudget, Some(&pod.metadata.namespace))
        {
            let Object::Stored(_, pdb) = &**obj else {
                continue;
            };
            let spec = pdb.rest.get("spec").cloned().unwrap_or(Value::Null);
            let selector: LabelSelector = spec
                .get("selector")
                .and_then(|s| crate::api::decode::from_value(s).ok())
                .unwrap_or_default();
            if selector.is_empty() || !selector.matches(&pod.metadata.labels) {
                continue;
            }
            let matching: Vec<&Pod> = self
                .store
                .list(Kind::Pod, Some(&pod.metadata.namespace))
                .filter_map(|o| match &**o {
                    Object::Pod(p) if selector.matches(&p.metadata.labels) => Some(p),
                    _ => None,
                })
                .collect();
            let expected = matching.len() as i64;
            let healthy = matching
                .iter()
                .filter(|p| p.is_ready() && p.metadata.deletion_timestamp.is_none())
                .count() as i64;
            let scaled = |v: &Value| -> Option<i64> {
                match v {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => s
                        .strip_suffix('%')
                        .and_then(|p| p.parse::<i64>().ok())
                        .map(|p| (p * expected + 99) / 100),
                    _ => None,
                }
            };
            let desired_healthy = if let Some(min) = spec.get("minAvailable").and_then(scaled) {
                min
            } else if let Some(max) = spec.get("maxUnavailable").and_then(scaled) {
                (expected - max).max(0)
            } else {
                expected
            };
            out.push(Budget {
                name: pdb.metadata.name.to_string(),
                current_healthy: healthy,
                desired_healthy,
                expected_pods: expected,
                disruptions_allowed: (healthy - desired_healthy).max(0),
            });
        }
        out
    }
}

/// A PodDisruptionBudget's numbers, as its status would report them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    pub name: String,
    pub current_healthy: i64,
    pub desired_healthy: i64,
    pub expected_pods: i64,
    pub disruptions_allowed: i64,
}
