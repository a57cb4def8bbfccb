//! Explanations: what the StatefulSet controller did last, what it is waiting for and which
//! rule makes it wait, in words a learner can act on. Built from the controller's own
//! [`Decision`](crate::controller::statefulset::Decision) and the state of the objects it names,
//! so the account cannot drift from the behaviour. The console's `sim explain` and the page's
//! "Why?" panel both render this.

use crate::api::*;
use crate::cluster::{Cluster, Fault};
use crate::controller::identity::pod_revision;
use crate::controller::statefulset::{Action, DeleteReason, Wait};

/// The account of one StatefulSet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation {
    /// One line: where the set stands (`3/3 Ready at revision web-5d4f… (OrderedReady)`).
    pub summary: String,
    /// What the controller's last sync did, one line per action.
    pub did: Vec<String>,
    /// What it waits for, naming the object; `None` when it has nothing left to do.
    pub waiting: Option<String>,
    /// The Kubernetes rule behind the wait.
    pub rule: Option<String>,
    /// Things Kubernetes does not validate but a learner should know (missing Service, …).
    pub warnings: Vec<String>,
    /// Where another Kubernetes release would act differently on this set, and how.
    pub versions: Vec<String>,
}

impl std::fmt::Display for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.summary)?;
        for line in &self.did {
            writeln!(f, "- did: {line}")?;
        }
        match &self.waiting {
            Some(w) => writeln!(f, "- waiting: {w}")?,
            None => writeln!(f, "- waiting: nothing; the set matches its spec")?,
        }
        if let Some(rule) = &self.rule {
            writeln!(f, "- rule: {rule}")?;
        }
        for w in &self.warnings {
            writeln!(f, "- warning: {w}")?;
        }
        for v in &self.versions {
            writeln!(f, "- other versions: {v}")?;
        }
        Ok(())
    }
}

pub fn explain(cluster: &Cluster, set_key: &ObjectKey) -> Option<Explanation> {
    let Some(Object::StatefulSet(set)) = cluster.get(set_key).map(|o| &**o) else {
        return None;
    };
    let mode = if set.is_ordered_ready() {
        "OrderedReady"
    } else {
        "Parallel"
    };
    let status = &set.status;
    let mut e = Explanation {
        summary: format!(
            "statefulset/{}: {}/{} Ready, {} current, {} updated; {mode}, {}",
            set.metadata.name,
            status.ready_replicas,
            set.replicas(),
            status.current_replicas,
            status.updated_replicas,
            strategy_text(set)
        ),
        warnings: warnings(cluster, set),
        versions: versions(cluster, set),
        ..Default::default()
    };
    let Some(decision) = cluster.decision(set_key) else {
        e.waiting = Some("the controller has not synced this set yet".into());
        return Some(e);
    };
    for action in &decision.actions {
        e.did.push(match action {
            Action::CreatePod { pod, claims, .. } => {
                let rev = pod_revision(pod);
                if claims.is_empty() {
                    format!("created pod {} at revision {rev}", pod.metadata.name)
                } else {
                    let names: Vec<&str> = claims.iter().map(|c| c.metadata.name.as_str()).collect();
                    format!("created claim {} and pod {} at revision {rev}", names.join(", "), pod.metadata.name)
                }
            }
            Action::CreateMissingClaims { pod, claims } => {
                let names: Vec<&str> = claims.iter().map(|c| c.metadata.name.as_str()).collect();
                format!("re-created claim {} for the Pending pod {pod}", names.join(", "))
            }
            Action::DeletePod { name, reason } => match reason {
                DeleteReason::Finished => format!("deleted pod {name}: it had finished (phase Failed or Succeeded) and will be created again once gone"),
                DeleteReason::ScaleDown => format!("deleted pod {name}: its ordinal is outside the {} replicas (scale-down, highest ordinal first)", set.replicas()),
                DeleteReason::Update => format!("deleted pod {name} to replace it with revision {} (rolling update, highest ordinal first)", status.update_revision),
            },
            Action::UpdatePod { pod, .. } => format!("updated pod {} to restore its identity, volumes or claim owners", pod.metadata.name),
            Action::UpdateClaimRefs { pod, .. } => format!("set the owners of {pod}'s claims for the retention policy"),
            Action::ConflictingController { claim } => format!("left claim {claim} alone: another controller owns it"),
        });
    }
    let (waiting, rule) = match &decision.wait {
        None => (None, None),
        Some(w) => describe_wait(cluster, set, w),
    };
    e.waiting = waiting;
    e.rule = rule;
    if e.waiting.is_none()
        && !set.is_on_delete()
        && status.current_revision != status.update_revision
        && set.partition() > 0
    {
        e.waiting = Some(format!(
            "nothing: pods with an index below the partition ({}) keep revision {}",
            set.partition(),
            status.current_revision
        ));
        e.rule =
            Some("a RollingUpdate only replaces pods whose index is at least the partition".into());
    }
    if e.waiting.is_none() && set.is_on_delete() && status.updated_replicas < status.replicas {
        e.waiting = Some(format!(
            "you: {} pod(s) still run an older revision; OnDelete replaces a pod only when you delete it",
            status.replicas - status.updated_replicas
        ));
        e.rule = Some("updateStrategy OnDelete never deletes pods by itself".into());
    }
    Some(e)
}

/// What another release would do differently with this set right now (docs/versions.md has
/// the whole list).
fn versions(cluster: &Cluster, set: &StatefulSet) -> Vec<String> {
    let version = cluster.config.version();
    let minor = version.minor;
    let status = &set.status;
    let rolling_out = status.current_revision != status.update_revision;
    let mut notes = Vec::new();
    if set.is_on_delete() {
        let done = status.updated_replicas == set.replicas()
            && status.ready_replicas == set.replicas()
            && status.replicas == set.replicas();
        if rolling_out && done && !version.on_delete_completes_rollout() {
            notes.push(format!(
                "every pod runs the update revision, but with OnDelete 1.{minor} never moves currentRevision; 1.37 would now set it to {} and count the pods as current",
                status.update_revision
            ));
        }
        return notes;
    }
    if !rolling_out {
        return notes;
    }
    let max = crate::controller::statefulset::max_unavailable(set);
    if cluster.config.max_unavailable_gate() {
        if !set.is_ordered_ready() && !version.parallel_update_replaces_broken_first() {
            notes.push(format!(
                "on 1.{minor} the old-revision pods that are unavailable count against maxUnavailable, so a broken revision can stop this rollout for good (issue 137409); 1.36 turns maxUnavailable off and 1.37 replaces those pods first"
            ));
        } else if max > 1 {
            notes.push(format!(
                "maxUnavailable ({max}) lets this rollout replace up to {max} pods at once; before 1.35 and on 1.36 the MaxUnavailableStatefulSet feature gate is off and pods are replaced one at a time"
            ));
        }
    } else {
        notes.push(format!(
            "on 1.{minor} the MaxUnavailableStatefulSet feature gate is off: pods are replaced one at a time and a manifest's maxUnavailable is dropped; on 1.35 and 1.37 maxUnavailable (default 1) would allow several at once"
        ));
    }
    notes
}

fn strategy_text(set: &StatefulSet) -> String {
    if set.is_on_delete() {
        return "OnDelete".into();
    }
    match set.rolling_update() {
        Some(r) => format!("RollingUpdate (partition {})", r.partition.unwrap_or(0)),
        None => "RollingUpdate".into(),
    }
}

fn describe_wait(
    cluster: &Cluster,
    set: &StatefulSet,
    wait: &Wait,
) -> (Option<String>, Option<String>) {
    let ns = &set.metadata.namespace;
    // The first pod above `pod` that is still to be created, which is what a learner waits
    // for: " before web-3 is created" (nothing when every higher pod exists).
    let before_next = |pod: &str| -> String {
        let ordinal = crate::controller::identity::parent_and_ordinal(pod)
            .map(|(_, o)| o)
            .unwrap_or(0);
        let end = set.start_ordinal() + set.replicas();
        (ordinal + 1..end)
            .map(|o| format!("{}-{o}", set.metadata.name))
            .find(|name| cluster.get(&ObjectKey::new(Kind::Pod, ns, name)).is_none())
            .map(|name| format!(" before {name} is created"))
            .unwrap_or_default()
    };
    match wait {
        Wait::SetDeleting => (
            Some("nothing: the StatefulSet is being deleted, so its controller creates and deletes no pods".into()),
            Some("the garbage collector removes the pods, all at once and in no order; scale to 0 first for an ordered teardown".into()),
        ),
        Wait::FinishedPodRemoval { pod } => (
            Some(format!("{pod} to be removed; it finished (Failed/Succeeded) and is created again once the old object is gone")),
            Some("a StatefulSet never runs two pods with one identity: a replacement waits for the old object to disappear".into()),
        ),
        Wait::Terminating { pod } => {
            let why = terminating_reason(cluster, ns, pod);
            (
                Some(format!("{pod} to finish terminating{why}")),
                Some(if set.is_ordered_ready() {
                    "OrderedReady acts on one pod at a time and waits until a terminating pod is completely gone; a StatefulSet never runs two pods with one identity".into()
                } else {
                    "a StatefulSet never runs two pods with one identity".into()
                }),
            )
        }
        Wait::NotReady { pod } => (
            Some(format!("{pod} to be Running and Ready{}: {}", before_next(pod), waiting_on(cluster, ns, pod))),
            Some("OrderedReady creates, deletes or updates a pod only when every pod before it is Running and Ready".into()),
        ),
        Wait::NotAvailable { pod, min_ready_seconds } => (
            Some(format!("{pod} to stay Ready for minReadySeconds ({min_ready_seconds}s){}", before_next(pod))),
            Some("with minReadySeconds, OrderedReady waits until each pod has been Ready that long (available)".into()),
        ),
        Wait::StaleClaim { pod, claim } => (
            Some(format!("the claim {claim} of an earlier {pod} to be deleted by the garbage collector before {pod} is created again")),
            Some("whenScaled: Delete gives each scaled-away pod's claim to that pod; a new pod starts with a fresh claim".into()),
        ),
        Wait::CondemnedUnhealthy { pod, first_unhealthy } => (
            Some(format!("{first_unhealthy} to be Running and Ready before {pod} is deleted: {}", waiting_on(cluster, ns, first_unhealthy))),
            Some("OrderedReady scales down one pod at a time, highest ordinal first, and only while the others are healthy".into()),
        ),
        Wait::UpdateUnhealthy { pod } => (
            Some(format!("{pod} to be Running and Ready before the rolling update goes on: {}", waiting_on(cluster, ns, pod))),
            Some("a rolling update replaces one pod at a time, from the highest ordinal down, waiting for each new pod to be Ready".into()),
        ),
        Wait::MaxUnavailable { unavailable, max } => (
            Some(format!("{unavailable} pod(s) are unavailable, which is maxUnavailable ({max})")),
            Some("with maxUnavailable, a rolling update replaces pods only while fewer than maxUnavailable are unavailable".into()),
        ),
    }
}

fn terminating_reason(cluster: &Cluster, ns: &str, name: &str) -> String {
    let Some(Object::Pod(pod)) = cluster
        .get(&ObjectKey::new(Kind::Pod, ns, name))
        .map(|o| &**o)
    else {
        return String::new();
    };
    match pod.spec.node_name.as_deref() {
        Some(node) if cluster.is_node_down(node) || !cluster.store().contains(&ObjectKey::new(Kind::Node, "", node)) => format!(
            " — its node {node} is unreachable, so nothing confirms the containers stopped; force-delete the pod (`kubectl delete pod {name} --grace-period=0 --force`), bring the node back (`sim node-up {node}`), or delete the Node"
        ),
        _ => format!(" (grace period {}s)", pod.metadata.deletion_grace_period_seconds.unwrap_or(0)),
    }
}

/// [`pod_diagnosis`] of a pod the controller's last sync waited for. The account is that
/// sync's; a pod the kubelet has reported Ready since is acted on at the next sync.
fn waiting_on(cluster: &Cluster, ns: &str, pod: &str) -> String {
    let diagnosis = pod_diagnosis(cluster, ns, pod);
    if diagnosis == "it is Ready" {
        "it is Ready now; the controller acts on that at its next sync".into()
    } else {
        diagnosis
    }
}

/// Why a pod is not Running and Ready, in one phrase.
pub fn pod_diagnosis(cluster: &Cluster, ns: &str, name: &str) -> String {
    let Some(Object::Pod(pod)) = cluster
        .get(&ObjectKey::new(Kind::Pod, ns, name))
        .map(|o| &**o)
    else {
        return format!("{name} does not exist yet");
    };
    if pod.metadata.deletion_timestamp.is_some() {
        return format!("it is terminating{}", terminating_reason(cluster, ns, name));
    }
    if let Some(node) = pod.spec.node_name.as_deref() {
        if cluster.is_node_down(node) {
            return format!(
                "its node {node} stopped responding (`sim node-up {node}` brings it back)"
            );
        }
    }
    if let Some((pv, node, due)) = cluster.attachment_blocking(pod) {
        return format!(
            "its volume {pv} is still attached to node {node}, which stopped responding (Multi-Attach); it is force-detached at {} or when {node} returns",
            due.rfc3339()
        );
    }
    let faults = cluster.faults(ns, name);
    // Between crashes the container is briefly running but never Ready: say what the
    // learner would conclude from the RESTARTS column.
    if let Some(cs) = pod.status.container_statuses.iter().find(|cs| {
        !cs.ready
            && cs.restart_count > 0
            && cs
                .last_state
                .terminated
                .as_ref()
                .is_some_and(|t| t.exit_code != 0)
    }) {
        if cs.state.waiting.as_ref().and_then(|w| w.reason.as_deref()) != Some("CrashLoopBackOff") {
            return format!(
                "its container {} keeps crashing ({} restarts){}",
                cs.name,
                cs.restart_count,
                if faults.contains(&Fault::CrashLoop) {
                    "; `sim heal` stops the crashes"
                } else {
                    ""
                }
            );
        }
    }
    for cs in &pod.status.container_statuses {
        if let Some(reason) = cs.state.waiting.as_ref().and_then(|w| w.reason.as_deref()) {
            return match reason {
                "CrashLoopBackOff" => format!("its container {} keeps crashing (CrashLoopBackOff, {} restarts){}", cs.name, cs.restart_count,
                    if faults.contains(&Fault::CrashLoop) { "; `sim heal` stops the crashes" } else { "" }),
                "ImagePullBackOff" | "ErrImagePull" => format!("image {} cannot be pulled ({reason})", cs.image),
                "ContainerCreating" => "it is starting (ContainerCreating: pulling the image or starting the container)".into(),
                other => format!("its container {} is waiting ({other})", cs.name),
            };
        }
        if cs.state.terminated.is_some() {
            return format!(
                "its container {} has exited and is about to restart",
                cs.name
            );
        }
    }
    if pod.spec.node_name.is_none() {
        if let Some(c) = pod
            .condition("PodScheduled")
            .filter(|c| c.status == "False")
        {
            return format!(
                "it cannot be scheduled: {}",
                c.message.clone().unwrap_or_default()
            );
        }
        return "it is Pending: waiting for a node and for its volume to be provisioned".into();
    }
    if pod.status.phase == "Running" && !pod.is_ready() {
        if faults.contains(&Fault::Unready) {
            return "its readiness probe is failing (`sim heal` makes it pass)".into();
        }
        let has_probe = pod
            .spec
            .containers
            .iter()
            .any(|c| c.readiness_probe.is_some());
        return if has_probe {
            "its readiness probe has not passed yet".into()
        } else {
            "it is not Ready".into()
        };
    }
    if pod.is_ready() {
        return "it is Ready".into();
    }
    format!(
        "it is {}",
        if pod.status.phase.is_empty() {
            "being created"
        } else {
            &pod.status.phase
        }
    )
}

/// What Kubernetes accepts but a learner should hear about.
fn warnings(cluster: &Cluster, set: &StatefulSet) -> Vec<String> {
    let mut out = Vec::new();
    let ns = &set.metadata.namespace;
    if set.spec.service_name.is_empty() {
        out.push(
            "spec.serviceName is empty: pods get no stable DNS names (web-0.<service>)".into(),
        );
    } else {
        match cluster.get(&ObjectKey::new(Kind::Service, ns, &set.spec.service_name)).map(|o| &**o) {
            None => out.push(format!(
                "serviceName names no Service: create a headless Service \"{}\" (clusterIP: None) for stable DNS names such as {}-0.{}.{ns}.svc.cluster.local",
                set.spec.service_name, set.metadata.name, set.spec.service_name
            )),
            Some(Object::Service(svc)) if !svc.is_headless() => out.push(format!(
                "Service \"{}\" is not headless (clusterIP is {}): per-pod DNS names need clusterIP: None",
                set.spec.service_name,
                svc.spec.cluster_ip.clone().unwrap_or_default()
            )),
            _ => {}
        }
    }
    out
}
