//! Volume attachment, as the attach/detach controller keeps it: a ReadWriteOnce volume is
//! attached to one node at a time. When a pod is force-deleted from a node that stopped
//! responding, its volume stays attached there; a replacement pod on another node waits in
//! ContainerCreating with `Multi-Attach error` events until the volume is force-detached
//! (after 6 minutes), the node returns, or the Node is deleted (spec §6).

use super::events::reference_to;
use super::queue::Task;
use super::Cluster;
use crate::api::*;
use crate::time::{Duration, Time};

/// The attach/detach controller's `maxWaitForUnmountDuration`.
pub const FORCE_DETACH_AFTER: Duration = Duration::minutes(6);

/// Where a volume is attached, and when a stuck attachment will be force-detached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub node: String,
    pub force_detach_at: Option<Time>,
}

impl Cluster {
    /// The ReadWriteOnce volumes `pod` mounts, by PV name.
    fn exclusive_volumes(&self, pod: &Pod) -> Vec<String> {
        pod.spec
            .volumes
            .iter()
            .filter_map(|v| v.persistent_volume_claim.as_ref())
            .filter_map(|c| {
                let key = ObjectKey::new(
                    Kind::PersistentVolumeClaim,
                    &pod.metadata.namespace,
                    &c.claim_name,
                );
                match self.store.get(&key).map(|o| &**o) {
                    Some(Object::PersistentVolumeClaim(pvc))
                        if pvc
                            .spec
                            .access_modes
                            .iter()
                            .any(|m| m == "ReadWriteOnce" || m == "ReadWriteOncePod") =>
                    {
                        pvc.spec.volume_name.clone()
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// Attaches the pod's volumes to its node; `Err(when)` if one is still attached elsewhere
    /// (the kubelet looks again then).
    pub(super) fn attach_volumes(&mut self, pod: &Pod, node: &str) -> Result<(), Time> {
        let now = self.now;
        let mut blocked: Option<Time> = None;
        for pv in self.exclusive_volumes(pod) {
            match self.attachments.get(&pv).cloned() {
                Some(a) if a.node != node => {
                    let due = a.force_detach_at.unwrap_or(now + FORCE_DETACH_AFTER);
                    if now >= due {
                        self.attachments.remove(&pv);
                        continue;
                    }
                    let message = format!(
                        "Multi-Attach error for volume \"{pv}\" Volume is already exclusively attached to one node and can't be attached to another"
                    );
                    self.record(
                        reference_to(Kind::Pod, &pod.metadata),
                        "Warning",
                        "FailedAttachVolume",
                        message,
                        "attachdetach-controller",
                        "",
                    );
                    blocked = Some(blocked.map_or(due, |b: Time| b.min(due)));
                }
                _ => {}
            }
        }
        if let Some(due) = blocked {
            // Retry sooner than the force detach, the way the controller keeps retrying.
            return Err((now + Duration::seconds(30)).min(due));
        }
        for pv in self.exclusive_volumes(pod) {
            self.attachments.insert(
                pv,
                Attachment {
                    node: node.into(),
                    force_detach_at: None,
                },
            );
        }
        Ok(())
    }

    /// The volume keeping `pod` from starting, the node it is attached to and when it will be
    /// force-detached (for explanations).
    pub fn attachment_blocking(&self, pod: &Pod) -> Option<(String, String, Time)> {
        let node = pod.spec.node_name.as_deref()?;
        self.exclusive_volumes(pod).into_iter().find_map(|pv| {
            let a = self.attachments.get(&pv)?;
            (a.node != node).then(|| {
                (
                    pv.clone(),
                    a.node.clone(),
                    a.force_detach_at.unwrap_or(self.now + FORCE_DETACH_AFTER),
                )
            })
        })
    }

    /// A pod left the API. If its node is down, its volumes stay attached there until the
    /// force detach; otherwise they are detached now.
    pub(super) fn detach_volumes(&mut self, pod: &Pod) {
        let Some(node) = pod.spec.node_name.clone() else {
            return;
        };
        // Out of service: the admin says the node is gone, so nothing waits for it.
        let stuck = self.down_nodes.contains_key(&node) && !self.out_of_service(&node);
        for pv in self.exclusive_volumes(pod) {
            if self.attachments.get(&pv).is_some_and(|a| a.node == node) {
                if stuck {
                    let at = self.now + FORCE_DETACH_AFTER;
                    self.attachments.insert(
                        pv,
                        Attachment {
                            node: node.clone(),
                            force_detach_at: Some(at),
                        },
                    );
                } else {
                    self.attachments.remove(&pv);
                }
            }
        }
    }

    /// A node came back or was deleted: what was stuck on it is detached, and waiting pods
    /// are looked at again.
    pub(super) fn release_node_attachments(&mut self, node: &str) {
        let stuck: Vec<String> = self
            .attachments
            .iter()
            .filter(|(_, a)| a.node == node && a.force_detach_at.is_some())
            .map(|(pv, _)| pv.clone())
            .collect();
        if stuck.is_empty() {
            return;
        }
        for pv in stuck {
            self.attachments.remove(&pv);
        }
        let waiting: Vec<(ObjectKey, Name)> = self
            .store
            .list(Kind::Pod, None)
            .filter_map(|o| match &**o {
                Object::Pod(p) if p.spec.node_name.is_some() && p.status.pod_ip.is_none() => {
                    Some((o.key(), p.metadata.uid.clone()))
                }
                _ => None,
            })
            .collect();
        for (pod, uid) in waiting {
            self.queue.push(self.now, Task::Kubelet { pod, uid });
        }
    }
}
