//! Faults that act through the kubelet: a node-pressure eviction and a one-off crash.

use super::super::events::reference_to;
use super::super::queue::Task;
use super::super::Cluster;
use super::*;
use crate::api::*;
use std::rc::Rc;

impl Cluster {
    /// `sim evict`: the kubelet evicts the pod for node pressure. Its phase becomes Failed
    /// (reason Evicted); a StatefulSet deletes such a pod and creates it again (§3.5 step 7a).
    pub fn evict(&mut self, namespace: &str, name: &str) -> bool {
        let key = ObjectKey::new(Kind::Pod, namespace, name);
        let Some(Object::Pod(pod)) = self.store.get(&key).map(|o| (**o).clone()) else {
            return false;
        };
        let Some(node) = pod.spec.node_name.clone() else {
            return false;
        };
        if pod.metadata.deletion_timestamp.is_some()
            || matches!(&*pod.status.phase, "Failed" | "Succeeded")
        {
            return false;
        }
        let now = self.now;
        let message =
            "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91532Ki. "
                .to_string();
        self.record(
            reference_to(Kind::Pod, &pod.metadata),
            "Warning",
            "Evicted",
            message.clone(),
            COMPONENT,
            &node,
        );
        let mut failed = pod.clone();
        failed.status.phase = "Failed".into();
        failed.status.reason = Some("Evicted".into());
        failed.status.message = Some(message);
        for c in &mut failed.status.container_statuses {
            let started = c.state.running.as_ref().and_then(|r| r.started_at);
            c.ready = false;
            c.started = Some(false);
            c.state = ContainerState {
                terminated: Some(StateTerminated {
                    exit_code: 137,
                    reason: Some("ContainerStatusUnknown".into()),
                    message: Some(
                        "The container could not be located when the pod was terminated".into(),
                    ),
                    started_at: started,
                    finished_at: Some(now),
                    ..Default::default()
                }),
                ..Default::default()
            };
        }
        for c in &mut failed.status.conditions {
            if matches!(
                &*c.type_,
                "Ready" | "ContainersReady" | "PodReadyToStartContainers"
            ) && c.status == "True"
            {
                c.status = "False".into();
                c.last_transition_time = Some(now);
                if c.type_ != "PodReadyToStartContainers" {
                    c.reason = Some("PodFailed".into());
                }
            }
        }
        failed.status.conditions.push(PodCondition {
            type_: "DisruptionTarget".into(),
            status: "True".into(),
            last_transition_time: Some(now),
            reason: Some("TerminationByKubelet".into()),
            message: Some("The node was low on resource: memory. ".into()),
            ..Default::default()
        });
        self.runtime.remove(&pod.metadata.uid);
        let _ = self.update(Object::Pod(failed));
        true
    }

    /// `sim crash`: the container of `pod` exits once.
    pub fn crash_once(&mut self, namespace: &str, name: &str) -> bool {
        self.crash(namespace, name, true)
    }

    /// A crash-loop fault set on a running pod: its app containers exit now (the fault then
    /// crashes every restart), so the loop starts at once rather than at the next restart.
    pub(in crate::cluster) fn crash_running(&mut self, namespace: &str, name: &str) -> bool {
        self.crash(namespace, name, false)
    }

    /// Running app containers exit now; with `or_next_start`, the others exit after their
    /// next start.
    fn crash(&mut self, namespace: &str, name: &str, or_next_start: bool) -> bool {
        let key = ObjectKey::new(Kind::Pod, namespace, name);
        let Some(Object::Pod(pod)) = self.store.get(&key).map(|o| (**o).clone()) else {
            return false;
        };
        let Some(mut rt) = self.runtime.get(&pod.metadata.uid).map(|r| (**r).clone()) else {
            return false;
        };
        let now = self.now;
        let skip = rt.init_count;
        let mut crashed = false;
        for c in rt.containers.iter_mut().skip(skip) {
            match &mut c.stage {
                Stage::Running { exit_at, .. } if exit_at.is_none_or(|at| at > now) => {
                    *exit_at = Some(now);
                    crashed = true;
                }
                Stage::Running { .. } => {}
                _ if or_next_start => c.crash_once = true,
                _ => {}
            }
        }
        if !or_next_start && !crashed {
            return false;
        }
        self.runtime.insert(pod.metadata.uid.clone(), Rc::new(rt));
        self.queue.push(
            now,
            Task::Kubelet {
                pod: key,
                uid: pod.metadata.uid.clone(),
            },
        );
        true
    }
}
