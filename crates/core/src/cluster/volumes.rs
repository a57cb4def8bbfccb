//! Storage: the dynamic provisioner (WaitForFirstConsumer, `pvc-<uid>` volumes), binding,
//! reclaim on claim deletion, and the `kubernetes.io/pvc-protection` finalizer that keeps a
//! claim Terminating while a pod still uses it (spec §7.5).

use super::events::reference_to;
use super::queue::Task;
use super::scheduler::SELECTED_NODE;
use super::Cluster;
use crate::api::*;
use crate::time::Duration;
use std::rc::Rc;

const PV_CONTROLLER: &str = "persistentvolume-controller";
const PROVISIONER_ANNOTATION: &str = "volume.kubernetes.io/storage-provisioner";

impl Cluster {
    pub(super) fn provision(&mut self, key: &ObjectKey) {
        // The stored objects are shared, not copied: most passes find nothing to do.
        let Some(object) = self.store.get(key).cloned() else {
            return;
        };
        let Object::PersistentVolumeClaim(pvc) = &*object else {
            return;
        };
        if pvc.metadata.deletion_timestamp.is_some() || pvc.spec.volume_name.is_some() {
            return;
        }
        let claim_ref: Shared<ObjectReference> =
            reference_to(Kind::PersistentVolumeClaim, &pvc.metadata).into();
        let class = pvc.spec.storage_class_name.clone().unwrap_or_default();
        let class_object = self
            .store
            .get(&ObjectKey::new(Kind::StorageClass, "", &class))
            .cloned();
        let Some(Object::StorageClass(sc)) = class_object.as_deref() else {
            if !self.has_event(&pvc.metadata.uid, "FailedBinding") {
                let message = if class.is_empty() {
                    "no persistent volumes available for this claim and no storage class is set"
                        .to_string()
                } else {
                    format!("storageclass.storage.k8s.io \"{class}\" not found")
                };
                self.record(
                    claim_ref,
                    "Warning",
                    if class.is_empty() {
                        "FailedBinding"
                    } else {
                        "ProvisioningFailed"
                    },
                    message,
                    PV_CONTROLLER,
                    "",
                );
            }
            return;
        };
        if sc.waits_for_first_consumer() && !pvc.metadata.annotations.contains_key(SELECTED_NODE) {
            if !self.has_event(&pvc.metadata.uid, "WaitForFirstConsumer") {
                self.record(
                    claim_ref,
                    "Normal",
                    "WaitForFirstConsumer",
                    "waiting for first consumer to be created before binding".into(),
                    PV_CONTROLLER,
                    "",
                );
            }
            return;
        }
        match self.provisioning.get(key).copied() {
            None => {
                let provisioner = sc.provisioner.clone();
                self.record(claim_ref.clone(), "Normal", "ExternalProvisioning",
                    format!("Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."),
                    PV_CONTROLLER, "");
                let mut annotated = pvc.clone();
                annotated
                    .metadata
                    .annotations
                    .insert(PROVISIONER_ANNOTATION.into(), provisioner.clone().into());
                annotated.metadata.annotations.insert(
                    "volume.beta.kubernetes.io/storage-provisioner".into(),
                    provisioner.clone().into(),
                );
                let _ = self.update(Object::PersistentVolumeClaim(annotated));
                self.record(
                    claim_ref,
                    "Normal",
                    "Provisioning",
                    format!(
                        "External provisioner is provisioning volume for claim \"{}/{}\"",
                        key.namespace(),
                        key.name()
                    ),
                    format!("{provisioner}_local-path-provisioner"),
                    "",
                );
                let took = Duration::millis(self.rng.range(800, 1600));
                self.provisioning.insert(key.clone(), self.now + took);
                self.queue
                    .push(self.now + took, Task::Provision(key.clone()));
            }
            Some(due) if self.now < due => self.queue.push(due, Task::Provision(key.clone())),
            Some(_) => {
                self.provisioning.remove(key);
                self.bind_new_volume(pvc, sc, claim_ref);
            }
        }
    }

    fn bind_new_volume(
        &mut self,
        pvc: &PersistentVolumeClaim,
        sc: &StorageClass,
        claim_ref: Shared<ObjectReference>,
    ) {
        let pv_name = format!("pvc-{}", pvc.metadata.uid);
        let storage = pvc
            .spec
            .resources
            .as_ref()
            .and_then(|r| r.requests.as_ref())
            .and_then(|r| r.get("storage"))
            .cloned()
            .unwrap_or_else(|| "1Gi".into());
        let mut pv = PersistentVolume {
            api_version: "v1".into(),
            kind: "PersistentVolume".into(),
            spec: PvSpec {
                capacity: Some([("storage".to_string(), storage.clone())].into()),
                access_modes: pvc.spec.access_modes.clone(),
                claim_ref: Some(ObjectReference {
                    api_version: "v1".into(),
                    kind: "PersistentVolumeClaim".into(),
                    namespace: pvc.metadata.namespace.clone(),
                    name: pvc.metadata.name.clone(),
                    uid: pvc.metadata.uid.clone(),
                    resource_version: pvc.metadata.resource_version.clone(),
                    field_path: String::new(),
                }),
                persistent_volume_reclaim_policy: Some(
                    sc.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
                ),
                storage_class_name: Some(sc.metadata.name.to_string()),
                volume_mode: pvc.spec.volume_mode.clone(),
                host_path: Some(
                    serde_json::json!({"path": format!("/var/local-path-provisioner/{pv_name}_{}_{}", pvc.metadata.namespace, pvc.metadata.name), "type": "DirectoryOrCreate"}),
                ),
                node_affinity: None,
            }
            .into(),
            status: PvStatus {
                phase: "Bound".into(),
            },
            ..Default::default()
        };
        pv.metadata.name = Name::from(&pv_name);
        pv.metadata.finalizers = vec!["kubernetes.io/pv-protection".into()].into();
        pv.metadata.annotations.insert(
            "pv.kubernetes.io/provisioned-by".into(),
            sc.provisioner.clone().into(),
        );
        if self.create(Object::PersistentVolume(pv)).is_err() {
            return;
        }
        self.volume_files.insert(pv_name.clone(), Rc::default());
        self.record(
            claim_ref,
            "Normal",
            "ProvisioningSucceeded",
            format!("Successfully provisioned volume {pv_name}"),
            format!("{}_local-path-provisioner", sc.provisioner),
            "",
        );
        let mut bound = match self
            .store
            .get(&ObjectKey::new(
                Kind::PersistentVolumeClaim,
                &pvc.metadata.namespace,
                &pvc.metadata.name,
            ))
            .map(|o| &**o)
        {
            Some(Object::PersistentVolumeClaim(latest)) => latest.clone(),
            _ => pvc.clone(),
        };
        bound.spec.volume_name = Some(pv_name);
        bound.status = PvcStatus {
            phase: "Bound".into(),
            access_modes: pvc.spec.access_modes.clone().into(),
            capacity: Some(Shared::new([("storage".to_string(), storage)].into())),
        };
        bound
            .metadata
            .annotations
            .insert("pv.kubernetes.io/bind-completed".into(), "yes".into());
        bound
            .metadata
            .annotations
            .insert("pv.kubernetes.io/bound-by-controller".into(), "yes".into());
        let _ = self.update(Object::PersistentVolumeClaim(bound));
        // Pods waiting for this claim can now be bound.
        let waiting: Vec<ObjectKey> = self
            .store
            .claim_users(&pvc.metadata.namespace, &pvc.metadata.name)
            .cloned()
            .collect();
        for pod in waiting {
            self.queue.push(self.now, Task::Schedule(pod));
        }
    }

    /// A claim is gone: its volume is deleted (reclaim Delete) or kept as Released (Retain).
    pub(super) fn release_volume(&mut self, pvc: &PersistentVolumeClaim) {
        let Some(pv_name) = pvc.spec.volume_name.clone() else {
            return;
        };
        let key = ObjectKey::new(Kind::PersistentVolume, "", &pv_name);
        let Some(Object::PersistentVolume(pv)) = self.store.get(&key).map(|o| (**o).clone()) else {
            return;
        };
        if pv.spec.persistent_volume_reclaim_policy.as_deref() == Some("Delete") {
            let mut pv = pv;
            pv.metadata.finalizers.clear();
            let _ = self.update(Object::PersistentVolume(pv));
            let _ = self.delete(&key, Default::default());
            self.volume_files.remove(&pv_name);
        } else {
            let mut pv = pv;
            pv.status.phase = "Released".into();
            let _ = self.update(Object::PersistentVolume(pv));
        }
    }

    /// `kubernetes.io/pvc-protection`: a terminating claim goes once no pod uses it.
    pub(super) fn pvc_protection(&mut self, key: &ObjectKey) {
        let Some(obj) = self.store.get(key) else {
            return;
        };
        if obj.meta().deletion_timestamp.is_none() {
            return;
        }
        let in_use = self.store.claim_users(key.namespace(), key.name()).any(|k| {
            matches!(self.store.get(k).map(|o| &**o), Some(Object::Pod(p)) if !matches!(&*p.status.phase, "Succeeded" | "Failed"))
        });
        if !in_use {
            self.drop_finalizer(key, "kubernetes.io/pvc-protection");
        }
    }

    fn has_event(&self, uid: &str, reason: &str) -> bool {
        self.events.has(uid, reason)
    }
}
