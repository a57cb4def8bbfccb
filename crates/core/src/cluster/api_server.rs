//! The API server's side of the simulation: what a create, update or delete does to the store
//! (server-set metadata, admission defaults on pods and claims, graceful deletion,
//! finalizers), and which components each write wakes up.

use super::queue::Task;
use super::{Change, Cluster};
use crate::api::*;
use crate::time::Duration;
use std::rc::Rc;

thread_local! {
    /// The source of the service-account volume that admission adds to every pod: the same
    /// for all of them, so built once and shared.
    static API_ACCESS_SOURCE: Shared<std::collections::BTreeMap<String, serde_json::Value>> =
        Shared::new([(
            "projected".to_string(),
            serde_json::json!({"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
            ]}),
        )]
        .into());
}

/// An error as the API server returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// `AlreadyExists`, `NotFound`, `Invalid`, `Conflict`, `BadRequest`, `Forbidden`.
    pub reason: &'static str,
    pub message: String,
    /// For `Invalid`: the field path of each cause (`spec.replicas`), so an editor can point
    /// at the line (`manifest::locate`).
    pub fields: Vec<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl ApiError {
    pub fn not_found(key: &ObjectKey) -> ApiError {
        ApiError {
            reason: "NotFound",
            message: format!(
                "{} \"{}\" not found",
                key.kind.qualified_resource(),
                key.name()
            ),
            fields: Vec::new(),
        }
    }
    pub fn already_exists(key: &ObjectKey) -> ApiError {
        ApiError {
            reason: "AlreadyExists",
            message: format!(
                "{} \"{}\" already exists",
                key.kind.qualified_resource(),
                key.name()
            ),
            fields: Vec::new(),
        }
    }
}

/// How a delete propagates to dependents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Propagation {
    #[default]
    Background,
    Foreground,
    Orphan,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeleteOptions {
    /// `--grace-period`; `None` uses the object's own (pods: terminationGracePeriodSeconds).
    pub grace_period_seconds: Option<i64>,
    pub propagation: Propagation,
}

impl Cluster {
    /// Nodes, the default StorageClass, the built-in namespaces and the `kubernetes` Service —
    /// what a fresh cluster already has.
    pub(super) fn bootstrap(&mut self) {
        for name in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let mut ns = GenericObject {
                metadata: ObjectMeta {
                    name: name.into(),
                    ..Default::default()
                },
                ..Default::default()
            };
            ns.rest.insert(
                "spec".into(),
                serde_json::json!({"finalizers": ["kubernetes"]}),
            );
            ns.rest
                .insert("status".into(), serde_json::json!({"phase": "Active"}));
            ns.metadata
                .labels
                .insert("kubernetes.io/metadata.name".into(), name.into());
            self.create_internal(Object::Stored(Kind::Namespace, ns));
        }
        for (i, name) in self.config.node_names.clone().iter().enumerate() {
            self.kubelet_started.insert(name.clone(), self.now);
            self.create_internal(Object::Node(super::nodes::new_node(
                name,
                i,
                self.now,
                self.config.minor,
            )));
        }
        let mut sc = StorageClass {
            provisioner: "rancher.io/local-path".into(),
            reclaim_policy: Some("Delete".into()),
            volume_binding_mode: Some("WaitForFirstConsumer".into()),
            ..Default::default()
        };
        sc.metadata.name = "standard".into();
        sc.metadata.annotations.insert(
            "storageclass.kubernetes.io/is-default-class".into(),
            "true".into(),
        );
        self.create_internal(Object::StorageClass(sc));
        let mut svc = Service::default();
        svc.metadata.name = "kubernetes".into();
        svc.metadata.namespace = "default".into();
        svc.metadata
            .labels
            .insert("component".into(), "apiserver".into());
        svc.metadata
            .labels
            .insert("provider".into(), "kubernetes".into());
        svc.spec.cluster_ip = Some("10.96.0.1".into());
        svc.spec.cluster_ips = Some(vec!["10.96.0.1".into()]);
        svc.spec.type_ = Some("ClusterIP".into());
        svc.spec.ports = vec![ServicePort {
            name: Some("https".into()),
            protocol: Some("TCP".into()),
            port: 443,
            target_port: Some(6443.into()),
            ..Default::default()
        }];
        self.create_internal(Object::Service(svc));
        let mut sa = GenericObject::default();
        sa.metadata.name = "default".into();
        sa.metadata.namespace = "default".into();
        self.create_internal(Object::Stored(Kind::ServiceAccount, sa));
        // Bootstrapping is the cluster as found, not a step of its history.
        self.changes.clear();
        self.events.clear();
    }

    fn create_internal(&mut self, object: Object) -> Rc<Object> {
        self.create(object)
            .expect("bootstrap objects are valid and unique")
    }

    /// POST: server-set metadata, admission defaults, then the write.
    pub fn create(&mut self, mut object: Object) -> Result<Rc<Object>, ApiError> {
        let kind = object.kind();
        {
            let meta = object.meta_mut();
            if kind.namespaced() && meta.namespace.is_empty() {
                meta.namespace = "default".into();
            }
            if !kind.namespaced() {
                meta.namespace = Name::empty();
            }
        }
        if object.meta().name.is_empty() && !object.meta().generate_name.is_empty() {
            let name = format!("{}{}", object.meta().generate_name, self.rng.suffix(5));
            object.meta_mut().name = name.into();
        }
        let key = object.key();
        if self.store.contains(&key) {
            return Err(ApiError::already_exists(&key));
        }
        if kind.namespaced() && kind != Kind::Event {
            let ns = ObjectKey::new(Kind::Namespace, "", key.namespace());
            if !self.store.contains(&ns) {
                return Err(ApiError {
                    reason: "NotFound",
                    message: format!("namespaces \"{}\" not found", key.namespace()),
                    fields: Vec::new(),
                });
            }
        }
        self.default_and_validate(&mut object, None)?;
        let uid = self.rng.uid();
        let now = self.now;
        {
            let meta = object.meta_mut();
            meta.uid = uid.into();
            meta.creation_timestamp = Some(now);
            meta.deletion_timestamp = None;
            meta.deletion_grace_period_seconds = None;
            let tracked = match kind {
                Kind::StatefulSet => true,
                Kind::Pod => {
                    crate::versions::ServerVersion::new(self.config.minor).pod_generation_tracking()
                }
                _ => false,
            };
            meta.generation = i64::from(tracked);
        }
        match &mut object {
            Object::Pod(pod) => self.admit_pod(pod),
            Object::PersistentVolumeClaim(pvc) => self.admit_claim(pvc),
            Object::Service(svc) => self.admit_service(svc),
            Object::StatefulSet(set) => set.status = Default::default(),
            _ => {}
        }
        let stored = self.store.put(object);
        self.change(Change::Created(key.clone()));
        self.wake(&stored);
        Ok(stored)
    }

    /// PUT: replaces spec/status/metadata but keeps what the server owns.
    pub fn update(&mut self, mut object: Object) -> Result<Rc<Object>, ApiError> {
        let key = object.key();
        let old = self
            .store
            .get(&key)
            .cloned()
            .ok_or_else(|| ApiError::not_found(&key))?;
        {
            let (old_meta, meta) = (old.meta(), object.meta_mut());
            meta.uid = old_meta.uid.clone();
            meta.creation_timestamp = old_meta.creation_timestamp;
            meta.deletion_timestamp = old_meta.deletion_timestamp;
            meta.deletion_grace_period_seconds = old_meta.deletion_grace_period_seconds;
            meta.generation = old_meta.generation;
        }
        self.default_and_validate(&mut object, Some(&old))?;
        match (&mut object, &*old) {
            (Object::StatefulSet(new), Object::StatefulSet(old)) if new.spec != old.spec => {
                new.metadata.generation += 1;
            }
            // A tracked pod's generation moves with its spec (an image set, a toleration
            // added); a binding (nodeName) is not a spec update.
            (Object::Pod(new), Object::Pod(old))
                if old.metadata.generation > 0
                    && new.spec.node_name == old.spec.node_name
                    && new.spec != old.spec =>
            {
                new.metadata.generation += 1;
            }
            _ => {}
        }
        self.store_update(&key, old, object)
    }

    /// PUT on a StatefulSet's status subresource, as its controller writes it: the stored
    /// object with `status` replaced. Upstream's status strategy keeps the old spec and
    /// metadata and validates only the status; the only writer here is the simulated
    /// controller, whose counts are consistent by construction, so nothing is re-validated
    /// (the spec was validated when it was written).
    pub(crate) fn update_set_status(
        &mut self,
        key: &ObjectKey,
        status: StatefulSetStatus,
    ) -> Result<Rc<Object>, ApiError> {
        let old = self
            .store
            .get(key)
            .cloned()
            .ok_or_else(|| ApiError::not_found(key))?;
        let Object::StatefulSet(set) = &*old else {
            return Err(ApiError::not_found(key));
        };
        let mut updated = set.clone();
        updated.status = status;
        self.store_update(key, old, Object::StatefulSet(updated))
    }

    /// The end of every update: store the new version (unless nothing changed), note it and
    /// wake whoever watches it.
    fn store_update(
        &mut self,
        key: &ObjectKey,
        old: Rc<Object>,
        object: Object,
    ) -> Result<Rc<Object>, ApiError> {
        if *old == object {
            return Ok(old);
        }
        let stored = self.store.put(object);
        self.change(Change::Updated(key.clone()));
        if controller_sees_change(&old, &stored) {
            self.wake(&stored);
        } else {
            self.wake_others(&stored);
        }
        self.finish_if_unblocked(key);
        Ok(stored)
    }

    /// DELETE: graceful for pods on a node, finalizer-held for objects with finalizers,
    /// immediate otherwise.
    pub fn delete(&mut self, key: &ObjectKey, opts: DeleteOptions) -> Result<(), ApiError> {
        let old = self
            .store
            .get(key)
            .cloned()
            .ok_or_else(|| ApiError::not_found(key))?;
        let mut object = (*old).clone();
        let now = self.now;
        match opts.propagation {
            Propagation::Foreground => add_finalizer(object.meta_mut(), "foregroundDeletion"),
            Propagation::Orphan => add_finalizer(object.meta_mut(), "orphan"),
            Propagation::Background => {}
        }
        if let Object::Pod(pod) = &mut object {
            let grace = opts
                .grace_period_seconds
                .unwrap_or_else(|| pod.spec.termination_grace_period_seconds.unwrap_or(30))
                .max(0);
            let on_node = pod.spec.node_name.is_some();
            let finished = matches!(&*pod.status.phase, "Failed" | "Succeeded");
            if grace > 0 && on_node && !finished {
                if let Some(existing) = pod.metadata.deletion_timestamp {
                    // A second delete may only shorten the grace period.
                    let wanted = now + Duration::seconds(grace);
                    if wanted >= existing {
                        return Ok(());
                    }
                }
                pod.metadata.deletion_timestamp = Some(now + Duration::seconds(grace));
                pod.metadata.deletion_grace_period_seconds = Some(grace);
                self.store.put(object);
                self.change(Change::MarkedForDeletion(key.clone(), Some(grace)));
                let stored = self.store.get(key).cloned().expect("just stored");
                self.wake(&stored);
                return Ok(());
            }
        }
        if !object.meta().finalizers.is_empty() {
            if object.meta().deletion_timestamp.is_none() {
                object.meta_mut().deletion_timestamp = Some(now);
                object.meta_mut().deletion_grace_period_seconds = Some(0);
            }
            let stored = self.store.put(object);
            self.change(Change::MarkedForDeletion(key.clone(), None));
            self.wake(&stored);
            return Ok(());
        }
        self.remove(key);
        Ok(())
    }

    /// The object leaves the store; dependents become garbage.
    pub(super) fn remove(&mut self, key: &ObjectKey) {
        if let Some(old) = self.store.remove(key) {
            self.change(Change::Deleted(key.clone()));
            self.on_removed(&old);
        }
    }

    /// A terminating object whose finalizers are all gone is removed.
    pub(super) fn finish_if_unblocked(&mut self, key: &ObjectKey) {
        let Some(obj) = self.store.get(key) else {
            return;
        };
        let meta = obj.meta();
        if meta.deletion_timestamp.is_none() || !meta.finalizers.is_empty() {
            return;
        }
        // A pod on a node is removed by its kubelet, not here.
        if let Object::Pod(pod) = &**obj {
            let finished = matches!(&*pod.status.phase, "Failed" | "Succeeded");
            if pod.spec.node_name.is_some() && !finished {
                return;
            }
        }
        self.remove(key);
    }

    /// Removes a finalizer from an object (and removes the object if it was the last one).
    pub(super) fn drop_finalizer(&mut self, key: &ObjectKey, finalizer: &str) {
        let Some(obj) = self.store.get(key) else {
            return;
        };
        if !obj.meta().finalizers.iter().any(|f| f == finalizer) {
            return;
        }
        let mut obj = (**obj).clone();
        obj.meta_mut().finalizers.retain(|f| f != finalizer);
        self.store.put(obj);
        self.change(Change::FinalizerRemoved(key.clone(), finalizer.into()));
        self.finish_if_unblocked(key);
        if let Some(stored) = self.store.get(key).cloned() {
            self.wake(&stored);
        }
    }

    /// Defaulting and validation (spec §1, §2): a rejected object is reported the way kubectl
    /// prints a `422 Invalid` answer.
    fn default_and_validate(
        &self,
        object: &mut Object,
        old: Option<&Object>,
    ) -> Result<(), ApiError> {
        use crate::validation::*;
        let version = ServerVersion::new(self.config.minor);
        let gates = Gates {
            max_unavailable_statefulset: self.config.max_unavailable_gate(),
        };
        match object {
            Object::StatefulSet(set) => {
                default_statefulset(set, &gates);
                // `dropStatefulSetDisabledFields`: with the MaxUnavailableStatefulSet gate off,
                // maxUnavailable is dropped unless the stored object already uses it.
                let in_use = matches!(old, Some(Object::StatefulSet(o))
                    if o.rolling_update().is_some_and(|r| r.max_unavailable.is_some()));
                if !gates.max_unavailable_statefulset && !in_use {
                    if let Some(ru) = set
                        .spec
                        .update_strategy
                        .as_mut()
                        .and_then(|s| s.rolling_update.as_mut())
                    {
                        ru.max_unavailable = None;
                    }
                }
                let errors = match old {
                    Some(Object::StatefulSet(old)) => {
                        validate_statefulset_update(old, set, version)
                    }
                    _ => validate_statefulset_create(set, version),
                };
                if !errors.is_empty() {
                    return Err(ApiError {
                        reason: "Invalid",
                        message: invalid_message(
                            "StatefulSet",
                            &set.metadata.name,
                            &errors,
                            version,
                        ),
                        fields: errors.iter().map(|e| e.path.clone()).collect(),
                    });
                }
            }
            Object::Pod(pod) if old.is_none() => default_pod(pod),
            Object::PersistentVolumeClaim(pvc) if old.is_none() => default_pvc(pvc),
            _ => {}
        }
        Ok(())
    }

    fn admit_pod(&mut self, pod: &mut Pod) {
        // Admission plugins: ServiceAccount, DefaultTolerationSeconds, Priority.
        let spec = &mut *pod.spec;
        if spec.service_account_name.is_none() {
            spec.service_account_name = Some("default".into());
        }
        if spec.automount_service_account_token != Some(false) {
            let volume = crate::format_sized!(21, "kube-api-access-{}", self.rng.suffix(5));
            spec.volumes.push(Volume {
                name: volume.clone(),
                persistent_volume_claim: None,
                other_sources: API_ACCESS_SOURCE.with(Shared::clone),
            });
            for c in spec
                .containers
                .iter_mut()
                .chain(spec.init_containers.iter_mut())
            {
                c.volume_mounts
                    .get_or_insert_with(Vec::new)
                    .push(VolumeMount {
                        name: volume.clone(),
                        mount_path: "/var/run/secrets/kubernetes.io/serviceaccount".into(),
                        read_only: Some(true),
                        ..Default::default()
                    });
            }
        }
        let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
        for key in [
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable",
        ] {
            if !tolerations.iter().any(|t| t.key.as_deref() == Some(key)) {
                tolerations.push(Toleration {
                    key: Some(key.into()),
                    operator: Some("Exists".into()),
                    effect: Some("NoExecute".into()),
                    toleration_seconds: Some(300),
                    value: None,
                });
            }
        }
        spec.enable_service_links.get_or_insert(true);
        spec.priority.get_or_insert(0);
        spec.preemption_policy
            .get_or_insert_with(|| "PreemptLowerPriority".into());
        spec.restart_policy.get_or_insert_with(|| "Always".into());
        spec.dns_policy.get_or_insert_with(|| "ClusterFirst".into());
        spec.scheduler_name
            .get_or_insert_with(|| "default-scheduler".into());
        spec.termination_grace_period_seconds.get_or_insert(30);
        pod.status = PodStatus {
            phase: "Pending".into(),
            qos_class: Some("BestEffort".into()),
            ..Default::default()
        };
    }

    fn admit_claim(&mut self, pvc: &mut PersistentVolumeClaim) {
        add_finalizer(&mut pvc.metadata, "kubernetes.io/pvc-protection");
        if pvc.spec.storage_class_name.is_none() {
            // DefaultStorageClass admission.
            let default = self
                .store
                .list(Kind::StorageClass, None)
                .find_map(|o| match &**o {
                    Object::StorageClass(sc) if sc.is_default() => {
                        Some(sc.metadata.name.to_string())
                    }
                    _ => None,
                });
            pvc.spec.storage_class_name = default;
        }
        pvc.spec
            .volume_mode
            .get_or_insert_with(|| "Filesystem".into());
        pvc.status = PvcStatus {
            phase: "Pending".into(),
            ..Default::default()
        };
    }

    fn admit_service(&mut self, svc: &mut Service) {
        svc.spec.type_.get_or_insert_with(|| "ClusterIP".into());
        svc.spec
            .session_affinity
            .get_or_insert_with(|| "None".into());
        if svc.spec.cluster_ip.is_none() {
            let ip = format!(
                "10.96.{}.{}",
                self.rng.range(0, 255),
                self.rng.range(1, 254)
            );
            svc.spec.cluster_ip = Some(ip);
        }
        let ip = svc.spec.cluster_ip.clone().unwrap_or_default();
        svc.spec.cluster_ips.get_or_insert_with(|| vec![ip]);
        svc.spec
            .ip_families
            .get_or_insert_with(|| vec!["IPv4".into()]);
        svc.spec
            .ip_family_policy
            .get_or_insert_with(|| "SingleStack".into());
        svc.spec
            .internal_traffic_policy
            .get_or_insert_with(|| "Cluster".into());
        for port in &mut svc.spec.ports {
            port.protocol.get_or_insert_with(|| "TCP".into());
            if port.target_port.is_none() {
                port.target_port = Some(port.port.into());
            }
        }
        svc.status = serde_json::json!({"loadBalancer": {}});
    }

    /// A pod update the controller need not see still reaches the scheduler and kubelet.
    fn wake_others(&mut self, object: &Rc<Object>) {
        let key = object.key();
        let now = self.now;
        if let Object::PersistentVolumeClaim(pvc) = &**object {
            self.queue.push(now, Task::Provision(key.clone()));
            if pvc.metadata.deletion_timestamp.is_some() {
                self.queue.push(now, Task::PvcProtection(key));
            }
            return;
        }
        let Object::Pod(pod) = &**object else { return };
        if pod.spec.node_name.is_none() && pod.metadata.deletion_timestamp.is_none() {
            self.queue.push(now, Task::Schedule(key.clone()));
        }
        if pod.spec.node_name.is_some() {
            let uid = pod.metadata.uid.clone();
            self.queue.push(now, Task::Kubelet { pod: key, uid });
        }
    }

    /// Informers: which components a write wakes up.
    pub(super) fn wake(&mut self, object: &Rc<Object>) {
        let now = self.now;
        let key = object.key();
        match &**object {
            Object::StatefulSet(_) => self.queue.push(now, Task::SyncSet(key)),
            Object::Pod(pod) => {
                self.wake_sets_for_pod(pod);
                if pod.spec.node_name.is_none() && pod.metadata.deletion_timestamp.is_none() {
                    self.queue.push(now, Task::Schedule(key.clone()));
                }
                if pod.spec.node_name.is_some() {
                    let uid = pod.metadata.uid.clone();
                    self.queue.push(now, Task::Kubelet { pod: key, uid });
                }
            }
            Object::PersistentVolumeClaim(pvc) => {
                self.queue.push(now, Task::Provision(key.clone()));
                if pvc.metadata.deletion_timestamp.is_some() {
                    self.queue.push(now, Task::PvcProtection(key.clone()));
                }
                self.wake_sets_in(key.namespace(), Some(&pvc.metadata.labels));
            }
            Object::ControllerRevision(cr) => {
                if let Some(owner) = cr.metadata.controller() {
                    let set = ObjectKey::new(Kind::StatefulSet, key.namespace(), &owner.name);
                    self.queue.push(now, Task::SyncSet(set));
                }
            }
            Object::Node(node) => {
                self.node_taints_changed(node);
                let pending: Vec<ObjectKey> = self
                    .store
                    .list(Kind::Pod, None)
                    .filter_map(|o| match &**o {
                        Object::Pod(p)
                            if p.spec.node_name.is_none()
                                && p.metadata.deletion_timestamp.is_none() =>
                        {
                            Some(o.key())
                        }
                        _ => None,
                    })
                    .collect();
                for pod in pending {
                    self.queue.push(now, Task::Schedule(pod));
                }
            }
            _ => {}
        }
        if object.meta().deletion_timestamp.is_some()
            && object
                .meta()
                .finalizers
                .iter()
                .any(|f| f == "foregroundDeletion" || f == "orphan")
        {
            self.queue.push(now, Task::CollectGarbage);
        }
    }

    fn on_removed(&mut self, old: &Rc<Object>) {
        let now = self.now;
        let key = old.key();
        // The GC looks again when an owner goes (its dependents are garbage) and when a
        // dependent of an owner being deleted in the foreground goes (the owner may be free).
        let owner_finalizing = old.meta().owner_references.iter().any(|r| {
            self.store
                .key_of_uid(&r.uid)
                .and_then(|k| self.store.get(k))
                .is_some_and(|o| o.meta().deletion_timestamp.is_some())
        });
        if owner_finalizing || self.store.dependents_of(&old.meta().uid).next().is_some() {
            self.queue.push(now, Task::CollectGarbage);
        }
        match &**old {
            Object::Pod(pod) => {
                self.runtime.remove(&pod.metadata.uid);
                self.detach_volumes(pod);
                self.wake_sets_for_pod(pod);
                // Claims held by pvc-protection may now be free.
                for v in &pod.spec.volumes {
                    if let Some(c) = &v.persistent_volume_claim {
                        let claim = ObjectKey::new(
                            Kind::PersistentVolumeClaim,
                            key.namespace(),
                            &c.claim_name,
                        );
                        self.queue.push(now, Task::PvcProtection(claim));
                    }
                }
            }
            Object::PersistentVolumeClaim(pvc) => {
                self.wake_sets_in(key.namespace(), Some(&pvc.metadata.labels));
                self.release_volume(pvc);
            }
            Object::ControllerRevision(cr) => {
                if let Some(owner) = cr.metadata.controller() {
                    let set = ObjectKey::new(Kind::StatefulSet, key.namespace(), &owner.name);
                    self.queue.push(now, Task::SyncSet(set));
                }
            }
            Object::Node(node) => {
                self.release_node_attachments(&node.metadata.name);
                self.down_nodes.remove(node.metadata.name.as_str());
                self.kubelet_started.remove(node.metadata.name.as_str());
                self.queue.push(now, Task::CollectGarbage);
            }
            _ => {}
        }
    }

    /// A pod change wakes its controller, or every set in the namespace that could adopt it.
    fn wake_sets_for_pod(&mut self, pod: &Pod) {
        let now = self.now;
        if let Some(owner) = pod.metadata.controller() {
            if owner.kind == "StatefulSet" {
                let set = ObjectKey::new(Kind::StatefulSet, &pod.metadata.namespace, &owner.name);
                self.queue.push(now, Task::SyncSet(set));
            }
            return;
        }
        self.wake_sets_in(&pod.metadata.namespace, Some(&pod.metadata.labels));
    }

    /// Wakes the sets in `namespace` whose selector matches `labels` (all of them for `None`).
    fn wake_sets_in(&mut self, namespace: &str, labels: Option<&Labels>) {
        let now = self.now;
        let sets: Vec<ObjectKey> = self
            .store
            .list(Kind::StatefulSet, Some(namespace))
            .filter(|o| match (&***o, labels) {
                (Object::StatefulSet(s), Some(l)) => s
                    .spec
                    .selector
                    .as_ref()
                    .is_some_and(|sel| !sel.is_empty() && sel.matches(l)),
                _ => true,
            })
            .map(|o| o.key())
            .collect();
        for set in sets {
            self.queue.push(now, Task::SyncSet(set));
        }
    }
}

/// Whether an update changes anything the StatefulSet controller looks at (phase, the Ready
/// condition, deletion, labels, owners, volumes). Other pod updates (an IP, a container
/// state inside the same phase) cannot change its decision, so its sync is skipped.
fn controller_sees_change(old: &Object, new: &Object) -> bool {
    // Of a claim the controller reads only whether it exists, is being deleted, and its
    // owners; binding and provisioning annotations do not concern it.
    if let (Object::PersistentVolumeClaim(old), Object::PersistentVolumeClaim(new)) = (old, new) {
        return old.metadata.deletion_timestamp != new.metadata.deletion_timestamp
            || old.metadata.owner_references != new.metadata.owner_references
            || old.metadata.labels != new.metadata.labels;
    }
    let (Object::Pod(old), Object::Pod(new)) = (old, new) else {
        return true;
    };
    old.status.phase != new.status.phase
        || old.condition("Ready") != new.condition("Ready")
        || old.metadata.deletion_timestamp != new.metadata.deletion_timestamp
        || old.metadata.labels != new.metadata.labels
        || old.metadata.owner_references != new.metadata.owner_references
        || old.spec.volumes != new.spec.volumes
}

pub(super) fn add_finalizer(meta: &mut ObjectMeta, finalizer: &str) {
    if !meta.finalizers.iter().any(|f| f == finalizer) {
        meta.finalizers.push(finalizer.into());
    }
}
