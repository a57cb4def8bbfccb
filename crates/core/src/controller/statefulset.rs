//! One sync of the StatefulSet controller as a pure decision: given what the controller's
//! caches hold, what does it do, and what does it wait for? Mirrors upstream
//! `updateStatefulSet`, `processReplica`, `processCondemned`, `runForAll`/`slowStartBatch` and
//! the legacy and maxUnavailable update loops in
//! `pkg/controller/statefulset/stateful_set_control.go` (spec §3.5).
//!
//! The engine applies the returned actions in order; the same decision feeds the events, the
//! console's `sim explain` and the page's "Why?" panel, so explanations cannot drift from what
//! happened.

use super::claims;
use super::identity::{
    apply_revision_cached, claim_names, claims_for, identity_matches, new_versioned_pod,
    ordinal_of, pod_name, pod_revision_label, storage_matches, update_identity, update_storage,
};
use super::revision::TemplateCache;
use crate::api::{
    ControllerRevision, Object, OwnerReference, PersistentVolumeClaim, Pod, Shared, StatefulSet,
};
use crate::store::set_pods::SetPods;
use crate::store::Store;
use crate::time::Time;
use std::cell::OnceCell;

/// What the controller sees for one set.
pub struct View<'a> {
    pub set: &'a StatefulSet,
    /// The pods the set owns (after adoption and release), by ordinal, with what earlier
    /// syncs learned about each ordinal (`memo`, valid for [`memo_key`]).
    pub pods: &'a SetPods,
    /// Where claims are looked up (the set's namespace).
    pub store: &'a Store,
    pub current: &'a ControllerRevision,
    pub update: &'a ControllerRevision,
    /// The set with the current and the update revision's template applied, decoded only
    /// when a pod is to be created ([`View::current_set`], [`View::update_set`]).
    pub current_set: &'a OnceCell<StatefulSet>,
    pub update_set: &'a OnceCell<StatefulSet>,
    /// Where revision templates are decoded once.
    pub templates: &'a TemplateCache,
    pub now: Time,
    /// Server minor version (one of `SUPPORTED_MINORS`).
    pub minor: u32,
    pub max_unavailable_gate: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Create the missing claims, then the pod. `batch` is the slow-start batch (Parallel).
    CreatePod {
        ordinal: i32,
        /// The pod as built. Applying the action moves its spec into the created object: the
        /// decision kept afterwards holds its name and labels, not a second copy of the spec.
        pod: Box<Pod>,
        claims: Vec<PersistentVolumeClaim>,
        batch: usize,
    },
    /// A Pending pod lost a claim: create it again (§3.5 step 7c).
    CreateMissingClaims {
        pod: String,
        claims: Vec<PersistentVolumeClaim>,
    },
    DeletePod {
        name: String,
        reason: DeleteReason,
    },
    /// Identity, storage or claim references repaired (`SuccessfulUpdate`).
    UpdatePod {
        pod: Box<Pod>,
        claim_refs: Vec<(String, Shared<Vec<OwnerReference>>)>,
    },
    /// Claim references of a condemned pod (§3.5 step 8): no pod event.
    UpdateClaimRefs {
        pod: String,
        claim_refs: Vec<(String, Shared<Vec<OwnerReference>>)>,
    },
    /// A claim has a foreign controller; the retention policy is ignored for it.
    ConflictingController {
        claim: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteReason {
    /// Phase Failed or Succeeded: delete, re-create once the object is gone.
    Finished,
    ScaleDown,
    Update,
}

/// Why a sync stopped short of the desired state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The set has a deletionTimestamp: the controller only writes status.
    SetDeleting,
    /// A pod with phase Failed/Succeeded was deleted; its replacement waits for removal.
    FinishedPodRemoval { pod: String },
    /// OrderedReady: a pod is terminating; nothing higher moves until it is gone.
    Terminating { pod: String },
    /// OrderedReady: a pod is not Running and Ready.
    NotReady { pod: String },
    /// OrderedReady: a pod is Ready but not yet for minReadySeconds.
    NotAvailable { pod: String, min_ready_seconds: i32 },
    /// whenScaled: Delete — the claim of an earlier pod of this name must be garbage-collected
    /// before the pod is created again.
    StaleClaim { pod: String, claim: String },
    /// OrderedReady scale-down: the condemned pod is unhealthy and a lower pod is the first
    /// unhealthy one.
    CondemnedUnhealthy {
        pod: String,
        first_unhealthy: String,
    },
    /// Rolling update: waiting for an updated (or unhealthy) pod to become healthy.
    UpdateUnhealthy { pod: String },
    /// maxUnavailable: as many pods as allowed are already unavailable.
    MaxUnavailable { unavailable: i32, max: i32 },
}

/// What a sync found out that later syncs may rely on until something at those ordinals is
/// written (see `store::set_pods::Memo`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Learned {
    /// Replicas whose processing did nothing.
    pub quiet: Vec<i32>,
    /// Replicas the update loop passed (update revision, healthy).
    pub updated: Vec<i32>,
}

/// The fields of the set and the sync that what is learned depends on: the memo is reset
/// when they change.
pub fn memo_key(
    set: &StatefulSet,
    update: &ControllerRevision,
    minor: u32,
    max_unavailable_gate: bool,
) -> String {
    let templates: Vec<&str> = set
        .spec
        .volume_claim_templates
        .iter()
        .map(|t| t.metadata.name.as_str())
        .collect();
    crate::format_sized!(
        160,
        "{}|{}/{}|{}|{}|{}|{}|{}|{}|{}|{:?}",
        set.metadata.uid,
        set.metadata.namespace,
        set.metadata.name,
        set.is_ordered_ready(),
        set.min_ready_seconds(),
        set.when_scaled_delete(),
        set.when_deleted_delete(),
        minor,
        max_unavailable_gate,
        update.metadata.name,
        templates
    )
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decision {
    pub actions: Vec<Action>,
    pub wait: Option<Wait>,
}

fn is_created(pod: &Pod) -> bool {
    !pod.status.phase.is_empty()
}
fn is_terminating(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_some()
}
fn is_finished(pod: &Pod) -> bool {
    matches!(&*pod.status.phase, "Failed" | "Succeeded")
}

/// One slot of the replica array: an existing pod, or the ordinal of one the controller means
/// to create (built only when it is created: a 10,000-replica set must not build 9,999 pods
/// per sync).
#[derive(Clone, Copy)]
enum Slot<'a> {
    Existing(&'a Pod),
    Placeholder(i32),
}

impl<'a> Slot<'a> {
    fn existing(self) -> Option<&'a Pod> {
        match self {
            Slot::Existing(p) => Some(p),
            Slot::Placeholder(_) => None,
        }
    }
}

impl View<'_> {
    fn claim(&self, name: &str) -> Option<&PersistentVolumeClaim> {
        match self
            .store
            .claim(&self.set.metadata.namespace, name)
            .map(|o| &**o)
        {
            Some(Object::PersistentVolumeClaim(c)) => Some(c),
            _ => None,
        }
    }

    /// The set with the current revision's template applied (`ApplyRevision`).
    pub fn current_set(&self) -> &StatefulSet {
        self.current_set
            .get_or_init(|| apply_revision_cached(self.set, self.current, self.templates))
    }

    /// The set with the update revision's template applied.
    pub fn update_set(&self) -> &StatefulSet {
        self.update_set.get_or_init(|| {
            if self.update.metadata.name == self.current.metadata.name {
                self.current_set().clone()
            } else {
                apply_revision_cached(self.set, self.update, self.templates)
            }
        })
    }

    fn placeholder(&self, ordinal: i32) -> Pod {
        new_versioned_pod(
            self.set,
            self.current_set(),
            self.update_set(),
            &self.current.metadata.name,
            &self.update.metadata.name,
            ordinal,
        )
    }

    fn monotonic(&self) -> bool {
        self.set.is_ordered_ready()
    }

    /// `isHealthy` (≤1.32) / `!isUnavailable` (1.33+).
    fn healthy(&self, pod: &Pod) -> bool {
        let ready = pod.is_running_and_ready() && !is_terminating(pod);
        if crate::versions::ServerVersion::new(self.minor).healthy_means_available() {
            ready && pod.is_available(self.set.min_ready_seconds(), self.now)
        } else {
            ready
        }
    }

    fn available(&self, pod: &Pod) -> bool {
        pod.is_running_and_ready() && pod.is_available(self.set.min_ready_seconds(), self.now)
    }
}

pub fn reconcile(v: &View) -> Decision {
    reconcile_learning(v).0
}

/// [`reconcile`], skipping the ordinals the memo knows to need nothing, and reporting what
/// this sync learned.
pub fn reconcile_learning(v: &View) -> (Decision, Learned) {
    let set = v.set;
    let start = set.start_ordinal();
    let replica_count = set.replicas().max(0);
    let end = start + replica_count;
    let memo = &v.pods.memo;
    let mut decision = Decision::default();
    let mut learned = Learned::default();

    // Steps 2–4: slots are looked up by ordinal (an empty one is a placeholder for the pod
    // the controller means to create); condemned pods come highest ordinal first.
    let slot = |ordinal: i32| match v.pods.at(ordinal) {
        Some(p) => Slot::Existing(p),
        None => Slot::Placeholder(ordinal),
    };
    let condemned: Vec<&Pod> = v.pods.outside(start, end);

    // Step 5: the first unhealthy pod: lowest replica, else lowest condemned. A placeholder
    // (not created) is unhealthy. Needed only by OrderedReady scale-down, where the memo's
    // quiet replicas are healthy ones (Running, Ready and available, not terminating).
    let first_unhealthy = || -> Option<String> {
        let mut next = i64::from(start);
        while next < i64::from(end) {
            let ordinal = memo.quiet.next_absent(next as i32);
            if ordinal >= i64::from(end) {
                break;
            }
            let ordinal = ordinal as i32;
            next = i64::from(ordinal) + 1;
            match slot(ordinal) {
                Slot::Placeholder(o) => return Some(pod_name(set, o)),
                Slot::Existing(p) if !v.healthy(p) => return Some(p.metadata.name.to_string()),
                Slot::Existing(_) => {}
            }
        }
        condemned
            .iter()
            .rev()
            .find(|p| !v.healthy(p))
            .map(|p| p.metadata.name.to_string())
    };

    // Step 6: a set being deleted only gets its status written.
    if set.metadata.deletion_timestamp.is_some() {
        decision.wait = Some(Wait::SetDeleting);
        return (decision, learned);
    }

    // Step 7: process replicas (those the memo knows to be quiet would do nothing).
    let monotonic = v.monotonic();
    let mut batch = 0usize;
    let mut in_batch = 0usize;
    let mut batch_size = 1usize;
    let mut next_batch = || {
        // Slow-start batches of 1, 2, 4, … (capped at 500) for Parallel creation.
        let this = batch;
        in_batch += 1;
        if in_batch == batch_size {
            batch += 1;
            in_batch = 0;
            batch_size = (batch_size * 2).min(500);
        }
        this
    };
    let mut next = i64::from(start);
    while next < i64::from(end) {
        let ordinal = memo.quiet.next_absent(next as i32);
        if ordinal >= i64::from(end) {
            break;
        }
        let ordinal = ordinal as i32;
        next = i64::from(ordinal) + 1;
        let before = decision.actions.len();
        match process_replica(v, slot(ordinal), ordinal, &mut decision, &mut next_batch) {
            Some(wait) => {
                if monotonic {
                    decision.wait = Some(wait);
                    return (decision, learned);
                }
            }
            None => {
                if decision.actions.len() == before {
                    learned.quiet.push(ordinal);
                }
            }
        }
    }

    // Step 8: claim references of condemned pods.
    for pod in &condemned {
        let refs = claim_ref_updates(v, pod, true, &mut decision);
        if !refs.is_empty() {
            decision.actions.push(Action::UpdateClaimRefs {
                pod: pod.metadata.name.to_string(),
                claim_refs: refs,
            });
        }
    }

    // Step 9: condemned pods, highest first.
    for pod in &condemned {
        let name = pod.metadata.name.to_string();
        if is_terminating(pod) {
            if monotonic {
                decision.wait = Some(Wait::Terminating { pod: name });
                return (decision, learned);
            }
            continue;
        }
        if monotonic && !v.available(pod) {
            let first = first_unhealthy();
            if first.as_deref() != Some(name.as_str()) {
                decision.wait = Some(Wait::CondemnedUnhealthy {
                    pod: name,
                    first_unhealthy: first.unwrap_or_default(),
                });
                return (decision, learned);
            }
        }
        decision.actions.push(Action::DeletePod {
            name,
            reason: DeleteReason::ScaleDown,
        });
        if monotonic {
            return (decision, learned);
        }
    }

    // Step 10: OnDelete never replaces pods by itself.
    if set.is_on_delete() {
        return (decision, learned);
    }

    if v.max_unavailable_gate {
        update_with_max_unavailable(v, start, end, &slot, &mut decision);
    } else {
        // Step 11: the legacy update loop, one pod at a time from the highest index (the
        // memo's updated replicas pass it).
        let update_min = set.rolling_update().map_or(0, |r| r.partition.unwrap_or(0));
        let mut target = replica_count - 1;
        while target >= update_min {
            let ordinal = memo.updated.prev_absent(start + target);
            if ordinal - i64::from(start) < i64::from(update_min) {
                break;
            }
            let ordinal = ordinal as i32;
            target = ordinal - start;
            // A slot whose pod was only just created (Parallel) holds a pod that is not yet
            // healthy: upstream's replica array has the new pod there, and the loop waits.
            let Some(pod) = slot(ordinal).existing() else {
                decision.wait = Some(Wait::UpdateUnhealthy {
                    pod: pod_name(set, ordinal),
                });
                return (decision, learned);
            };
            if pod_revision_label(pod) != Some(&v.update.metadata.name) && !is_terminating(pod) {
                decision.actions.push(Action::DeletePod {
                    name: pod.metadata.name.to_string(),
                    reason: DeleteReason::Update,
                });
                return (decision, learned);
            }
            if !v.healthy(pod) {
                decision.wait = Some(Wait::UpdateUnhealthy {
                    pod: pod.metadata.name.to_string(),
                });
                return (decision, learned);
            }
            learned.updated.push(ordinal);
            target -= 1;
        }
    }
    (decision, learned)
}

/// `processReplica`: returns the reason to stop when the slot blocks (OrderedReady stops the
/// whole sync there; Parallel ignores it).
fn process_replica(
    v: &View,
    slot: Slot,
    ordinal: i32,
    decision: &mut Decision,
    next_batch: &mut dyn FnMut() -> usize,
) -> Option<Wait> {
    let set = v.set;
    let monotonic = v.monotonic();
    let name = pod_name(set, ordinal);
    // a. Finished pods are deleted; the replacement is created after the object is gone.
    if let Slot::Existing(pod) = slot {
        if is_finished(pod) {
            if !is_terminating(pod) {
                decision.actions.push(Action::DeletePod {
                    name: name.clone(),
                    reason: DeleteReason::Finished,
                });
            }
            return Some(Wait::FinishedPodRemoval { pod: name });
        }
    }
    // b. Not created yet: claims, then the pod.
    let pod = match slot {
        Slot::Existing(pod) => pod,
        Slot::Placeholder(_) => {
            let pod = v.placeholder(ordinal);
            if set.when_scaled_delete() {
                for (_, claim) in claim_names(set, ordinal) {
                    if v.claim(&claim)
                        .is_some_and(|existing| claims::is_stale(existing, &pod))
                    {
                        return Some(Wait::StaleClaim { pod: name, claim });
                    }
                }
            }
            let missing = claims_for(set, ordinal)
                .into_iter()
                .map(|(_, claim)| claim)
                .filter(|c| v.claim(&c.metadata.name).is_none())
                .collect();
            decision.actions.push(Action::CreatePod {
                ordinal,
                pod: Box::new(pod),
                claims: missing,
                batch: next_batch(),
            });
            return monotonic.then_some(Wait::NotReady { pod: name });
        }
    };
    // c. A Pending pod gets any claim that went missing.
    if pod.status.phase == "Pending" {
        let missing: Vec<_> = if claim_names(set, ordinal)
            .iter()
            .all(|(_, c)| v.claim(c).is_some())
        {
            Vec::new()
        } else {
            claims_for(set, ordinal)
                .into_iter()
                .map(|(_, claim)| claim)
                .filter(|c| v.claim(&c.metadata.name).is_none())
                .collect()
        };
        if !missing.is_empty() {
            decision.actions.push(Action::CreateMissingClaims {
                pod: name.clone(),
                claims: missing,
            });
        }
    }
    // d–f. OrderedReady waits for this pod before touching anything higher.
    if monotonic {
        if is_terminating(pod) {
            return Some(Wait::Terminating { pod: name });
        }
        if !pod.is_running_and_ready() {
            return Some(Wait::NotReady { pod: name });
        }
        if !pod.is_available(set.min_ready_seconds(), v.now) {
            return Some(Wait::NotAvailable {
                pod: name,
                min_ready_seconds: set.min_ready_seconds(),
            });
        }
    }
    // g. Enforce identity, storage and the retention policy's claim references.
    let claim_refs = claim_ref_updates(v, pod, false, decision);
    if identity_matches(set, pod, ordinal)
        && storage_matches(set, pod, ordinal)
        && claim_refs.is_empty()
    {
        return None;
    }
    let mut fixed = (*pod).clone();
    update_identity(set, &mut fixed, ordinal);
    update_storage(set, &mut fixed, ordinal);
    decision.actions.push(Action::UpdatePod {
        pod: Box::new(fixed),
        claim_refs,
    });
    None
}

/// Claims of `pod` whose references do not match the retention policy, with the wanted refs.
fn claim_ref_updates(
    v: &View,
    pod: &Pod,
    condemned: bool,
    decision: &mut Decision,
) -> Vec<(String, Shared<Vec<OwnerReference>>)> {
    let Some(ordinal) = ordinal_of(v.set, pod) else {
        return Vec::new();
    };
    let mut updates = Vec::new();
    let mut name = String::new();
    for template in &v.set.spec.volume_claim_templates {
        // One buffer for the names: this runs for every pod on every sync.
        name.clear();
        use std::fmt::Write;
        let _ = write!(
            name,
            "{}-{}-{ordinal}",
            template.metadata.name, v.set.metadata.name
        );
        let Some(existing) = v.claim(&name) else {
            continue;
        };
        let claim = name.clone();
        if claims::conflicting_controller(existing, v.set, pod) {
            decision
                .actions
                .push(Action::ConflictingController { claim });
            continue;
        }
        if !claims::refs_up_to_date(existing, v.set, pod, condemned) {
            updates.push((claim, claims::wanted_refs(existing, v.set, pod, condemned)));
        }
    }
    updates
}

/// The update loop with the MaxUnavailableStatefulSet gate on (spec §3.5 step 12): delete up
/// to `maxUnavailable - unavailable` outdated pods at once, highest index first.
fn update_with_max_unavailable<'a>(
    v: &View<'a>,
    start: i32,
    end: i32,
    slot: &dyn Fn(i32) -> Slot<'a>,
    decision: &mut Decision,
) {
    let set = v.set;
    let max = max_unavailable(set);
    let update_min = set.rolling_update().map_or(0, |r| r.partition.unwrap_or(0));
    let unavailable = (start..end)
        .filter(|o| {
            slot(*o)
                .existing()
                .is_none_or(|p| !is_created(p) || !v.healthy(p))
        })
        .count() as i32;
    let outdated = |p: &Pod| {
        is_created(p)
            && pod_revision_label(p) != Some(&v.update.metadata.name)
            && !is_terminating(p)
    };
    // 1.37 (PR 137666): with Parallel pod management, old-revision pods that are already
    // unavailable are replaced first, up to maxUnavailable a sync, and do not block the rest.
    let broken_first = !set.is_ordered_ready()
        && crate::versions::ServerVersion::new(v.minor).parallel_update_replaces_broken_first();
    let broken = |p: &Pod| outdated(p) && !v.healthy(p);
    let needing_update = if broken_first {
        (start..end)
            .filter(|o| slot(*o).existing().is_some_and(&broken))
            .count() as i32
    } else {
        0
    };
    if unavailable >= max && needing_update == 0 {
        decision.wait = Some(Wait::MaxUnavailable { unavailable, max });
        return;
    }
    if broken_first {
        let mut deleted = 0;
        let mut target = end - start - 1;
        while target >= update_min && deleted < max {
            if let Some(pod) = slot(start + target).existing().filter(|p| broken(p)) {
                decision.actions.push(Action::DeletePod {
                    name: pod.metadata.name.to_string(),
                    reason: DeleteReason::Update,
                });
                deleted += 1;
            }
            target -= 1;
        }
        let mut budget = max - unavailable;
        let mut target = end - start - 1;
        while target >= update_min && budget > 0 {
            if let Some(pod) = slot(start + target)
                .existing()
                .filter(|p| outdated(p) && v.healthy(p))
            {
                decision.actions.push(Action::DeletePod {
                    name: pod.metadata.name.to_string(),
                    reason: DeleteReason::Update,
                });
                budget -= 1;
            }
            target -= 1;
        }
        return;
    }
    let mut budget = max - unavailable;
    let mut target = end - start - 1;
    while target >= update_min && budget > 0 {
        let Some(pod) = slot(start + target).existing() else {
            target -= 1;
            continue;
        };
        if is_created(pod)
            && pod_revision_label(pod) != Some(&v.update.metadata.name)
            && !is_terminating(pod)
        {
            decision.actions.push(Action::DeletePod {
                name: pod.metadata.name.to_string(),
                reason: DeleteReason::Update,
            });
            budget -= 1;
        }
        target -= 1;
    }
}

/// `getStatefulSetMaxUnavailable`: an int, or a percentage of replicas rounded **down**, at
/// least 1.
pub fn max_unavailable(set: &StatefulSet) -> i32 {
    let replicas = set.replicas();
    let value = set.rolling_update().and_then(|r| r.max_unavailable.clone());
    let n = match value {
        Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(1) as i32,
        Some(serde_json::Value::String(s)) => {
            match s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()) {
                Some(pct) => (i64::from(replicas) * pct / 100) as i32,
                None => s.parse().unwrap_or(1),
            }
        }
        _ => 1,
    };
    n.max(1)
}
