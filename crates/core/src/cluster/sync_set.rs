//! Running one StatefulSet controller sync against the cluster: claim pods and revisions
//! (adopt/release, §3.2), resolve revisions (§3.4), ask `controller::statefulset::reconcile`
//! what to do, apply it with the upstream events (§4), write status (§3.8) and truncate
//! history. Mirrors upstream `syncStatefulSet` / `UpdateStatefulSet`.

use super::queue::Task;
use super::Cluster;
use crate::api::*;
use crate::controller::identity::ordinal_of;
use crate::controller::revision::{self, controller_ref};
use crate::controller::statefulset::{memo_key, reconcile_learning, Action, View};
use crate::store::set_pods::SetPods;
use crate::time::{Duration, Time};

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::rc::Rc;

const COMPONENT: &str = "statefulset-controller";
/// The work queue's back-off stops doubling here (client-go's default controller rate
/// limiter: 5 ms doubling to 1000 s).
const RETRY_CAP: Duration = Duration::seconds(1000);

thread_local! {
    /// What a created pod's spec leaves behind in the decision (see `Action::CreatePod`).
    static MOVED_SPEC: Shared<PodSpec> = Shared::default();
}

fn as_revision(object: &Object) -> &ControllerRevision {
    match object {
        Object::ControllerRevision(cr) => cr,
        _ => unreachable!("only revisions are collected"),
    }
}

impl Cluster {
    pub(super) fn sync_set(&mut self, key: &ObjectKey) {
        let Some(object) = self.store.get(key).cloned() else {
            self.decisions.remove(key);
            return;
        };
        let Object::StatefulSet(set) = &*object else {
            self.decisions.remove(key);
            return;
        };
        let (writes_at_start, changes_at_start) = (self.store.writes(), self.changes.len());
        self.claim_pods(set);
        let revisions = self.claim_revisions(set);
        let (current, update, collision_count) = self.resolve_revisions(set, &revisions);
        let (current, update) = (as_revision(&current), as_revision(&update));

        // What earlier syncs learned holds while the fields it depends on are unchanged.
        let key_now = memo_key(
            set,
            update,
            self.config.minor,
            self.config.max_unavailable_gate(),
        );
        if let Some(pods) = self.store.set_pods_mut(&set.metadata.uid) {
            if pods.memo.key.as_ref() != Some(&key_now) {
                pods.memo = Default::default();
                pods.memo.key = Some(key_now);
            }
        }
        let no_pods = SetPods::default();
        // The templates of both revisions, decoded at most once per sync, when needed.
        let (current_set, update_set) = (OnceCell::new(), OnceCell::new());
        let view = View {
            set,
            pods: self.store.set_pods(&set.metadata.uid).unwrap_or(&no_pods),
            store: &self.store,
            current,
            update,
            current_set: &current_set,
            update_set: &update_set,
            templates: &self.templates,
            now: self.now,
            minor: self.config.minor,
            max_unavailable_gate: self.config.max_unavailable_gate(),
        };
        let (mut decision, learned) = reconcile_learning(&view);
        // Learned from the state before the actions: their writes then forget what they touch.
        if let Some(pods) = self.store.set_pods_mut(&set.metadata.uid) {
            for ordinal in learned.quiet {
                pods.memo.quiet.insert(ordinal);
            }
            for ordinal in learned.updated {
                pods.memo.updated.insert(ordinal);
            }
        }
        let mut failed_batch: Option<usize> = None;
        for action in &mut decision.actions {
            if let (Some(failed), Action::CreatePod { batch, .. }) = (failed_batch, &*action) {
                if *batch > failed {
                    break;
                }
            }
            if let Err(batch) = self.apply(set, action) {
                failed_batch.get_or_insert(batch);
                if set.is_ordered_ready() {
                    break;
                }
            }
        }
        self.decisions.insert(key.clone(), Rc::new(decision));
        let failed = failed_batch.is_some();
        self.write_status(key, current, update, collision_count);
        self.truncate_history(key, current, update);
        // minReadySeconds: look again once pods may have become available (upstream re-queues
        // after minReadySeconds while availableReplicas != spec.replicas).
        let (available, ready) = match self.store.get(key).map(|o| &**o) {
            Some(Object::StatefulSet(s)) => (s.status.available_replicas, s.status.ready_replicas),
            _ => (set.replicas(), set.replicas()),
        };
        let again = (set.min_ready_seconds() > 0 && available != set.replicas())
            .then(|| Duration::seconds(i64::from(set.min_ready_seconds())) + Duration::millis(1));
        // A sync that changed nothing, with no ready pod waiting to become available, would
        // change nothing again until the store changes: its re-queues are idle, so that a
        // create blocked for good (a pod of the same name stuck terminating on a lost node)
        // does not keep the clock busy. Upstream retries the same way; each retry is silent.
        let quiet = self.store.writes() == writes_at_start
            && self.changes.len() == changes_at_start
            && available == ready;
        if failed {
            // A failed create is retried with the work queue's back-off.
            let retry = self.next_retry(key);
            self.requeue_set(key, self.now + retry, quiet, true, again);
        } else {
            self.retries.remove(key);
        }
        if let Some(span) = again {
            self.requeue_set(key, self.now + span, quiet, failed, again);
        }
    }

    /// Queues another sync of `key` at `at`; idle when the sync that asks changed nothing.
    fn requeue_set(
        &mut self,
        key: &ObjectKey,
        at: Time,
        quiet: bool,
        failed: bool,
        again: Option<Duration>,
    ) {
        let task = Task::SyncSet(key.clone());
        if quiet {
            let writes = self.store.writes();
            let idle = super::queue::Idle {
                writes,
                failed,
                again,
            };
            self.queue.push_idle(at, task, idle);
        } else {
            self.queue.push(at, task);
        }
    }

    /// Skips the idle syncs due by `to` without running them: each would change nothing, so
    /// only its re-queues are worked out (the back-off doubling to its cap, or the
    /// `minReadySeconds` period), as many times as it would have run.
    pub(super) fn skip_idle_syncs(&mut self, to: Time) {
        for (mut at, task, idle) in self.queue.take_idle_due(to) {
            let Task::SyncSet(key) = &task else {
                // Only syncs are queued idle; anything else runs as usual.
                self.queue.push(at, task);
                continue;
            };
            loop {
                let retry = idle.failed.then(|| self.next_retry(key));
                let next = match (retry, idle.again) {
                    (Some(r), Some(a)) => r.min(a),
                    (Some(r), None) => r,
                    (None, Some(a)) => a,
                    (None, None) => break,
                };
                at = at + next;
                if at > to {
                    self.queue.push_idle(at, task.clone(), idle);
                    break;
                }
                // Once the period no longer grows, the rest of the span is whole periods.
                if retry.is_none_or(|r| r >= RETRY_CAP || idle.again.is_some_and(|a| a <= r)) {
                    let runs = (to - at).as_millis() / next.as_millis();
                    at = at + Duration::millis(runs * next.as_millis());
                    if idle.failed {
                        let n = self.retries.get_or_insert_with(key.clone(), || 0);
                        *n = n.saturating_add(u32::try_from(runs).unwrap_or(u32::MAX));
                    }
                }
            }
        }
    }

    /// Per-key exponential back-off of the controller work queue: 5 ms doubling, capped.
    fn next_retry(&mut self, key: &ObjectKey) -> Duration {
        let n = self.retries.get_or_insert_with(key.clone(), || 0);
        *n += 1;
        let ms = 5i64.saturating_mul(1i64 << (*n - 1).min(30));
        Duration::millis(ms).min(RETRY_CAP)
    }

    /// `ClaimPods`: adopt matching orphans whose names parse as this set's, release owned pods
    /// that no longer match. Only orphans and the owned pods written since the last look can
    /// change hands (all owned pods when the selector is not the one last looked with).
    fn claim_pods(&mut self, set: &StatefulSet) {
        let no_selector = LabelSelector::default();
        let selector = set.spec.selector.as_ref().unwrap_or(&no_selector);
        let matches = |pod: &Pod| {
            !selector.is_empty()
                && selector.matches(&pod.metadata.labels)
                && ordinal_of(set, pod).is_some()
        };
        let ns = &set.metadata.namespace;
        let mut candidates: BTreeSet<ObjectKey> = self.store.orphan_pods(ns).cloned().collect();
        if let Some(pods) = self.store.set_pods_mut(&set.metadata.uid) {
            let changed = pods.take_changed();
            if pods.claimed_with.as_ref() == Some(selector) {
                candidates.extend(changed);
            } else {
                pods.claimed_with = Some(selector.clone());
                candidates.extend(pods.keys());
            }
        }
        let mut changes = Vec::new();
        for key in candidates {
            if *key.namespace() != **ns {
                continue;
            }
            let Some(Object::Pod(pod)) = self.store.get(&key).map(|o| &**o) else {
                continue;
            };
            match pod.metadata.controller() {
                None if matches(pod)
                    && set.metadata.deletion_timestamp.is_none()
                    && pod.metadata.deletion_timestamp.is_none() =>
                {
                    let mut pod = pod.clone();
                    pod.metadata.owner_references.push(controller_ref(set));
                    changes.push((pod, "adopted"));
                }
                Some(r) if r.uid == set.metadata.uid && !matches(pod) => {
                    let mut pod = pod.clone();
                    pod.metadata
                        .owner_references
                        .retain(|r| r.uid != set.metadata.uid);
                    changes.push((pod, "released"));
                }
                _ => {}
            }
        }
        for (pod, what) in changes {
            let name = pod.metadata.name.clone();
            if self.update(Object::Pod(pod)).is_ok() {
                self.note(format!("{COMPONENT}: {what} pod {name}"));
            }
        }
    }

    /// `ClaimControllerRevisions`: adopt orphan revisions matching the selector; returns the
    /// set's revisions sorted by revision number.
    fn claim_revisions(&mut self, set: &StatefulSet) -> Vec<Rc<Object>> {
        let no_selector = LabelSelector::default();
        let selector = set.spec.selector.as_ref().unwrap_or(&no_selector);
        let mut adopt = Vec::new();
        let mut owned = Vec::new();
        for obj in self
            .store
            .list(Kind::ControllerRevision, Some(&set.metadata.namespace))
        {
            let Object::ControllerRevision(cr) = &**obj else {
                continue;
            };
            match cr.metadata.controller() {
                Some(r) if r.uid == set.metadata.uid => owned.push(obj.clone()),
                None if !selector.is_empty()
                    && selector.matches(&cr.metadata.labels)
                    && set.metadata.deletion_timestamp.is_none() =>
                {
                    let mut cr = cr.clone();
                    cr.metadata.owner_references.push(controller_ref(set));
                    adopt.push(cr);
                }
                _ => {}
            }
        }
        for cr in adopt {
            if let Ok(stored) = self.update(Object::ControllerRevision(cr)) {
                if let Object::ControllerRevision(_) = &*stored {
                    owned.push(stored);
                }
            }
        }
        crate::sort::sort_by_key(&mut owned, |o| as_revision(o).revision);
        owned
    }

    /// The revision data and hash of the set's template (`getPatch`, `HashControllerRevision`),
    /// computed once per set generation (the template changes only with the generation).
    fn template_patch(&mut self, set: &StatefulSet, collision_count: i32) -> super::TemplatePatch {
        let key = ObjectKey::new(
            Kind::StatefulSet,
            &set.metadata.namespace,
            &set.metadata.name,
        );
        let stamp = (
            set.metadata.uid.clone(),
            set.metadata.generation,
            collision_count,
        );
        if let Some((at, patch)) = self.template_patches.get(&key) {
            if *at == stamp {
                return patch.clone();
            }
        }
        let data = revision::patch(set);
        let hash = revision::hash(&data, Some(collision_count));
        let patch = Rc::new((Shared::new(data), hash));
        self.template_patches.insert(key, (stamp, patch.clone()));
        patch
    }

    /// `getStatefulSetRevisions`: find or create the update revision (re-numbering an equal
    /// older one on rollback) and the current one.
    fn resolve_revisions(
        &mut self,
        set: &StatefulSet,
        revisions: &[Rc<Object>],
    ) -> (Rc<Object>, Rc<Object>, i32) {
        let collision_count = set.status.collision_count.unwrap_or(0);
        let next = revisions.last().map_or(1, |r| as_revision(r).revision + 1);
        let patch = self.template_patch(set, collision_count);
        let (data, hash) = (&patch.0, &patch.1);
        let candidate = || {
            Rc::new(Object::ControllerRevision(revision::new_revision_with(
                set,
                next,
                data.clone(),
                hash,
            )))
        };
        let find = |name: &str| {
            revisions
                .iter()
                .find(|r| as_revision(r).metadata.name == name)
                .cloned()
        };
        // A set being deleted gets no new or renumbered revisions: the controller creates
        // nothing for it (§5), and the garbage collector is removing its revisions.
        if set.metadata.deletion_timestamp.is_some() {
            let update = find(&set.status.update_revision).unwrap_or_else(candidate);
            let current = find(&set.status.current_revision).unwrap_or_else(|| update.clone());
            return (current, update, collision_count);
        }
        // `history.EqualRevision` against the candidate: same hash label and same data.
        let equal = |r: &ControllerRevision| {
            r.metadata
                .labels
                .get(revision::HASH_LABEL)
                .is_some_and(|h| *h == *hash)
                && r.data == *data
        };
        let last_equal = revisions.iter().rev().find(|r| equal(as_revision(r)));
        let update = match (last_equal, revisions.last()) {
            (Some(eq), Some(latest)) if revision::equal(as_revision(latest), as_revision(eq)) => {
                latest.clone()
            }
            (Some(eq), _) => {
                let mut renumbered = as_revision(eq).clone();
                renumbered.revision = next;
                let renumbered = Object::ControllerRevision(renumbered);
                match self.update(renumbered.clone()) {
                    Ok(stored) if matches!(&*stored, Object::ControllerRevision(_)) => stored,
                    _ => Rc::new(renumbered),
                }
            }
            (None, _) => {
                let candidate = candidate();
                match self.create((*candidate).clone()) {
                    Ok(stored) if matches!(&*stored, Object::ControllerRevision(_)) => stored,
                    _ => candidate,
                }
            }
        };
        let current = find(&set.status.current_revision).unwrap_or_else(|| update.clone());
        (current, update, collision_count)
    }

    /// Applies one action; `Err(batch)` when it failed.
    fn apply(&mut self, set: &StatefulSet, action: &mut Action) -> Result<(), usize> {
        let set_ref: Shared<ObjectReference> = ObjectReference {
            api_version: Kind::StatefulSet.api_version().into(),
            kind: Kind::StatefulSet.name().into(),
            namespace: set.metadata.namespace.clone(),
            name: set.metadata.name.clone(),
            uid: set.metadata.uid.clone(),
            resource_version: set.metadata.resource_version.clone(),
            field_path: String::new(),
        }
        .into();
        let set_name = set.metadata.name.clone();
        match action {
            Action::CreatePod {
                pod, claims, batch, ..
            } => {
                let name = pod.metadata.name.clone();
                let ns = set.metadata.namespace.clone();
                // Claims first: an existing claim that is being deleted blocks the pod.
                for template in &set.spec.volume_claim_templates {
                    let claim_name = crate::format_sized!(
                        template.metadata.name.len() + name.len() + 1,
                        "{}-{name}",
                        template.metadata.name
                    );
                    let key = ObjectKey::new(Kind::PersistentVolumeClaim, &ns, &claim_name);
                    if let Some(existing) = self.store.get(&key) {
                        if existing.meta().deletion_timestamp.is_some() {
                            self.record(set_ref.clone(), "Warning", "FailedCreate",
                                format!("create Pod {name} in StatefulSet {set_name} failed error: pvc {claim_name} is being deleted"),
                                COMPONENT, "");
                            return Err(*batch);
                        }
                    }
                }
                for claim in claims {
                    let claim_name = claim.metadata.name.clone();
                    match self.create_claim(claim.clone()) {
                        Ok(()) => self.record(set_ref.clone(), "Normal", "SuccessfulCreate",
                            crate::format_sized!(claim_name.len() + name.len() + set_name.len() + 40, "create Claim {claim_name} Pod {name} in StatefulSet {set_name} success"), COMPONENT, ""),
                        Err(e) => {
                            self.record(set_ref.clone(), "Warning", "FailedCreate",
                                format!("create Claim {claim_name} for Pod {name} in StatefulSet {set_name} failed error: {e}"), COMPONENT, "");
                            self.record(set_ref.clone(), "Warning", "FailedCreate",
                                format!("create Pod {name} in StatefulSet {set_name} failed error: failed to create PVC {claim_name}: {e}"), COMPONENT, "");
                            return Err(*batch);
                        }
                    }
                }
                if let Some(message) = pod_create_error(pod) {
                    self.record(
                        set_ref,
                        "Warning",
                        "FailedCreate",
                        format!(
                            "create Pod {name} in StatefulSet {set_name} failed error: {message}"
                        ),
                        COMPONENT,
                        "",
                    );
                    return Err(*batch);
                }
                // The spec moves into the created pod (admission then changes it in place).
                let spec = std::mem::replace(&mut pod.spec, MOVED_SPEC.with(Shared::clone));
                let mut created = (**pod).clone();
                created.spec = spec;
                match self.create(Object::Pod(created)) {
                    Ok(stored) => {
                        self.record(
                            set_ref,
                            "Normal",
                            "SuccessfulCreate",
                            crate::format_sized!(
                                name.len() + set_name.len() + 40,
                                "create Pod {name} in StatefulSet {set_name} successful"
                            ),
                            COMPONENT,
                            "",
                        );
                        if let Object::Pod(created) = &*stored {
                            self.fix_claim_refs(set, created, false);
                        }
                        Ok(())
                    }
                    // AlreadyExists is swallowed: no event, but the sync fails and retries.
                    Err(e) if e.reason == "AlreadyExists" => Err(*batch),
                    Err(e) => {
                        self.record(
                            set_ref,
                            "Warning",
                            "FailedCreate",
                            format!(
                                "create Pod {name} in StatefulSet {set_name} failed error: {e}"
                            ),
                            COMPONENT,
                            "",
                        );
                        Err(*batch)
                    }
                }
            }
            Action::CreateMissingClaims { pod, claims } => {
                for claim in claims {
                    let claim_name = claim.metadata.name.clone();
                    if self.create_claim(claim.clone()).is_ok() {
                        self.record(set_ref.clone(), "Normal", "SuccessfulCreate",
                            format!("create Claim {claim_name} Pod {pod} in StatefulSet {set_name} success"), COMPONENT, "");
                    }
                }
                Ok(())
            }
            Action::DeletePod { name, reason } => {
                let key = ObjectKey::new(Kind::Pod, &set.metadata.namespace, name);
                let _ = reason;
                match self.delete(&key, Default::default()) {
                    Ok(()) => {
                        self.record(
                            set_ref,
                            "Normal",
                            "SuccessfulDelete",
                            format!("delete Pod {name} in StatefulSet {set_name} successful"),
                            COMPONENT,
                            "",
                        );
                        Ok(())
                    }
                    Err(e) => {
                        self.record(
                            set_ref,
                            "Warning",
                            "FailedDelete",
                            format!(
                                "delete Pod {name} in StatefulSet {set_name} failed error: {e}"
                            ),
                            COMPONENT,
                            "",
                        );
                        Err(0)
                    }
                }
            }
            Action::UpdatePod { pod, claim_refs } => {
                let name = pod.metadata.name.clone();
                self.set_claim_refs(&set.metadata.namespace, claim_refs);
                let _ = self.update(Object::Pod((**pod).clone()));
                self.record(
                    set_ref,
                    "Normal",
                    "SuccessfulUpdate",
                    format!("update Pod {name} in StatefulSet {set_name} successful"),
                    COMPONENT,
                    "",
                );
                Ok(())
            }
            Action::UpdateClaimRefs { claim_refs, .. } => {
                self.set_claim_refs(&set.metadata.namespace, claim_refs);
                Ok(())
            }
            Action::ConflictingController { claim } => {
                self.record(set_ref, "Warning", "ConflictingController",
                    format!("PersistentVolumeClaim {claim} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim"),
                    COMPONENT, "");
                Ok(())
            }
        }
    }

    fn create_claim(&mut self, claim: PersistentVolumeClaim) -> Result<(), String> {
        if claim.spec.access_modes.is_empty() {
            return Err(format!(
                "PersistentVolumeClaim \"{}\" is invalid: spec.accessModes: Required value: at least 1 access mode is required",
                claim.metadata.name
            ));
        }
        match self.create(Object::PersistentVolumeClaim(claim)) {
            Ok(_) => Ok(()),
            Err(e) if e.reason == "AlreadyExists" => Ok(()),
            Err(e) => Err(e.message),
        }
    }

    /// Right after creating a pod, its claims get the references the retention policy wants.
    fn fix_claim_refs(&mut self, set: &StatefulSet, pod: &Pod, condemned: bool) {
        let Some(ordinal) = ordinal_of(set, pod) else {
            return;
        };
        let mut updates = Vec::new();
        for (_, claim) in crate::controller::identity::claim_names(set, ordinal) {
            let key = ObjectKey::new(Kind::PersistentVolumeClaim, &set.metadata.namespace, &claim);
            if let Some(Object::PersistentVolumeClaim(existing)) =
                self.store.get(&key).map(|o| &**o)
            {
                let wanted = crate::controller::claims::wanted_refs(existing, set, pod, condemned);
                if wanted != existing.metadata.owner_references {
                    updates.push((claim, wanted));
                }
            }
        }
        self.set_claim_refs(&set.metadata.namespace, &updates);
    }

    fn set_claim_refs(&mut self, namespace: &str, refs: &[(String, Shared<Vec<OwnerReference>>)]) {
        for (claim, wanted) in refs {
            let key = ObjectKey::new(Kind::PersistentVolumeClaim, namespace, claim);
            if let Some(Object::PersistentVolumeClaim(existing)) =
                self.store.get(&key).map(|o| (**o).clone())
            {
                let mut updated = existing;
                updated.metadata.owner_references = wanted.clone();
                let _ = self.update(Object::PersistentVolumeClaim(updated));
            }
        }
    }

    /// `updateStatefulSetStatus` with `completeRollingUpdate` (§3.8), from the pods as they
    /// now are. Written only when something changed.
    fn write_status(
        &mut self,
        key: &ObjectKey,
        current: &ControllerRevision,
        update: &ControllerRevision,
        collision_count: i32,
    ) {
        let Some(object) = self.store.get(key).cloned() else {
            return;
        };
        let Object::StatefulSet(set) = &*object else {
            return;
        };
        let (replicas, ready, available, current_count, updated) =
            match self.store.set_pods_mut(&set.metadata.uid) {
                Some(pods) => pods.status_counts(
                    set.min_ready_seconds(),
                    self.now,
                    &current.metadata.name,
                    &update.metadata.name,
                ),
                None => (0, 0, 0, 0, 0),
            };
        let mut status = StatefulSetStatus {
            observed_generation: Some(set.metadata.generation),
            current_revision: current.metadata.name.to_string(),
            update_revision: update.metadata.name.to_string(),
            collision_count: Some(collision_count),
            conditions: set.status.conditions.clone(),
            replicas,
            ready_replicas: ready,
            available_replicas: available,
            current_replicas: current_count,
            updated_replicas: updated,
        };
        let completes = !set.is_on_delete() || self.config.version().on_delete_completes_rollout();
        if completes
            && status.updated_replicas == status.replicas
            && status.ready_replicas == status.replicas
            && status.replicas == set.replicas()
        {
            status.current_replicas = status.updated_replicas;
            status.current_revision = status.update_revision.clone();
        }
        if status != set.status {
            let _ = self.update_set_status(key, status);
        }
    }

    /// `truncateHistory`: keep live revisions, and at most revisionHistoryLimit others.
    fn truncate_history(
        &mut self,
        key: &ObjectKey,
        current: &ControllerRevision,
        update: &ControllerRevision,
    ) {
        let Some(object) = self.store.get(key).cloned() else {
            return;
        };
        let Object::StatefulSet(set) = &*object else {
            return;
        };
        let limit = set.spec.revision_history_limit.unwrap_or(10);
        if limit < 0 || set.metadata.deletion_timestamp.is_some() {
            return;
        }
        // Fewer revisions than the limit: nothing can be over it (and no pod scan is needed).
        let owned = self
            .store
            .dependents_of_kind(&set.metadata.uid, Kind::ControllerRevision)
            .count();
        if owned <= limit as usize {
            return;
        }
        let mut live: std::collections::BTreeSet<String> = [
            current.metadata.name.to_string(),
            update.metadata.name.to_string(),
        ]
        .into();
        if let Some(pods) = self.store.set_pods(&set.metadata.uid) {
            live.extend(pods.live_revisions().cloned());
        }
        let mut history: Vec<ControllerRevision> = self
            .store
            .list(Kind::ControllerRevision, Some(key.namespace()))
            .filter_map(|o| match &**o {
                Object::ControllerRevision(cr)
                    if cr
                        .metadata
                        .controller()
                        .is_some_and(|r| r.uid == set.metadata.uid)
                        && !live.contains(cr.metadata.name.as_str()) =>
                {
                    Some(cr.clone())
                }
                _ => None,
            })
            .collect();
        crate::sort::sort_by_key(&mut history, |cr| cr.revision);
        let excess = history.len().saturating_sub(limit as usize);
        for cr in history.into_iter().take(excess) {
            let _ = self.delete(
                &ObjectKey::new(Kind::ControllerRevision, key.namespace(), &cr.metadata.name),
                Default::default(),
            );
        }
    }
}

/// What pod validation rejects in a StatefulSet's pods although the set itself was accepted:
/// label values and hostnames over 63 characters (a set name longer than about 52 characters,
/// spec §2.3 and §10.12).
fn pod_create_error(pod: &Pod) -> Option<String> {
    let name = &pod.metadata.name;
    let mut causes = Vec::new();
    for (k, v) in &pod.metadata.labels {
        if v.len() > 63 {
            let _ = k;
            causes.push(format!(
                "metadata.labels: Invalid value: \"{v}\": must be no more than 63 characters"
            ));
        }
    }
    if let Some(h) = &pod.spec.hostname {
        if h.len() > 63 {
            causes.push(format!(
                "spec.hostname: Invalid value: \"{h}\": must be no more than 63 characters"
            ));
        }
    }
    match causes.len() {
        0 => None,
        1 => Some(format!("Pod \"{name}\" is invalid: {}", causes[0])),
        _ => Some(format!(
            "Pod \"{name}\" is invalid: [{}]",
            causes.join(", ")
        )),
    }
}
