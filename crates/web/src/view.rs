//! What the cluster looks like on the page, computed from the core's state: each StatefulSet
//! as a lane of ordinals (pod cards with their `kubectl get pods` STATUS, revision and node,
//! and the claim beneath), the nodes, the headless Service's DNS records, events. Pure data:
//! the Yew components only lay it out.

use std::collections::BTreeMap;
use sts_core::api::{Kind, Object, Pod, StatefulSet};
use sts_core::cluster::{Cluster, EventNote};
use sts_core::controller::identity::{parent_and_ordinal, REVISION_LABEL};
use sts_core::time::human_duration;
use sts_kubectl::printers::pods::summarize;

/// One pod card.
#[derive(Clone, Debug, PartialEq)]
pub struct PodCard {
    pub name: String,
    /// `Running`, `Pending`, `Terminating`, `CrashLoopBackOff`, … as `kubectl get pods`.
    pub status: String,
    /// `1/1`.
    pub ready: String,
    pub is_ready: bool,
    pub restarts: i64,
    pub node: Option<String>,
    pub ip: Option<String>,
    /// The revision's hash (the `controller-revision-hash` label without the set's name).
    pub revision: Option<String>,
    /// 0 for the set's current revision, 1 for the update revision when they differ, 2 for
    /// anything else (an adopted pod, an older revision).
    pub revision_index: usize,
    pub age: String,
}

/// A claim beneath a slot.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimCard {
    pub name: String,
    /// `Pending`, `Bound`, `Lost` or `Terminating`.
    pub status: String,
}

/// One ordinal of a set.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub ordinal: i32,
    pub pod: Option<PodCard>,
    pub claims: Vec<ClaimCard>,
    /// Whether the ordinal is within `spec.replicas` (otherwise it is condemned or retained).
    pub desired: bool,
}

/// A StatefulSet's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub name: String,
    /// `kubectl get sts` for this set, as text (filled in by `lanes`).
    pub get_line: String,
    pub replicas: i32,
    pub ready: i32,
    pub current: i32,
    pub updated: i32,
    pub current_revision: String,
    pub update_revision: String,
    pub strategy: String,
    /// Slot index where the partition line is drawn (pods at or above it get the update).
    pub partition: Option<i32>,
    pub policy: String,
    pub image: String,
    pub slots: Vec<Slot>,
    pub terminating: bool,
    /// What Kubernetes does not validate but a learner should know (a missing headless
    /// Service, …), from the core's explanation.
    pub warnings: Vec<String>,
}

pub fn lanes(cluster: &Cluster) -> Vec<Lane> {
    let now = cluster.now();
    // References, not copies: a lane is computed on every render.
    let pods: Vec<&Pod> = cluster
        .list(Kind::Pod, Some("default"))
        .filter_map(|o| match &**o {
            Object::Pod(p) => Some(p),
            _ => None,
        })
        .collect();
    let claims: Vec<(String, ClaimCard)> = cluster
        .list(Kind::PersistentVolumeClaim, Some("default"))
        .filter_map(|o| match &**o {
            Object::PersistentVolumeClaim(c) => Some((
                c.metadata.name.to_string(),
                ClaimCard {
                    name: c.metadata.name.to_string(),
                    status: if c.metadata.deletion_timestamp.is_some() {
                        "Terminating".into()
                    } else {
                        c.status.phase.to_string()
                    },
                },
            )),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for o in cluster.list(Kind::StatefulSet, Some("default")) {
        let Object::StatefulSet(set) = &**o else {
            continue;
        };
        let mut l = lane(set, &pods, &claims, now);
        // Exactly what `kubectl get sts NAME` prints.
        l.get_line =
            sts_kubectl::printers::print_table(std::slice::from_ref(o), &Default::default(), now)
                .trim_end()
                .to_string();
        l.warnings = sts_core::explain::explain(cluster, &o.key())
            .map(|e| e.warnings)
            .unwrap_or_default();
        out.push(l);
    }
    out
}

fn lane(
    set: &StatefulSet,
    pods: &[&Pod],
    claims: &[(String, ClaimCard)],
    now: sts_core::time::Time,
) -> Lane {
    let name = set.metadata.name.to_string();
    let status = &set.status;
    let start = set.start_ordinal();
    let replicas = set.replicas();
    let rev_of = |hash: &str| {
        if hash == status.current_revision {
            0
        } else if hash == status.update_revision {
            1
        } else {
            2
        }
    };
    let mut slots: BTreeMap<i32, Slot> = BTreeMap::new();
    for ordinal in start..start + replicas {
        slot_at(&mut slots, ordinal, true);
    }
    let hash_prefix = format!("{name}-");
    for &pod in pods {
        let owned = pod
            .metadata
            .controller()
            .is_some_and(|c| c.uid == set.metadata.uid);
        let Some((parent, ordinal)) = parent_and_ordinal(&pod.metadata.name) else {
            continue;
        };
        if !owned && parent != name {
            continue;
        }
        let s = summarize(pod);
        let hash = pod.metadata.labels.get(REVISION_LABEL).cloned();
        let card = PodCard {
            name: pod.metadata.name.to_string(),
            status: s.status.clone(),
            ready: format!("{}/{}", s.ready, s.total),
            is_ready: s.ready == s.total && s.total > 0,
            restarts: s.restarts,
            node: pod.spec.node_name.clone(),
            ip: pod.status.pod_ip.as_ref().map(|ip| ip.to_string()),
            revision_index: hash.as_deref().map_or(2, rev_of),
            revision: hash.map(|h| h.strip_prefix(&hash_prefix).unwrap_or(&h).to_string()),
            age: pod
                .metadata
                .creation_timestamp
                .map(|t| human_duration(now - t.as_stored()))
                .unwrap_or_default(),
        };
        slot_at(&mut slots, ordinal, false).pod = Some(card);
    }
    for template in &set.spec.volume_claim_templates {
        let prefix = format!("{}-{name}-", template.metadata.name);
        for (claim_name, card) in claims {
            let Some(rest) = claim_name.strip_prefix(&prefix) else {
                continue;
            };
            let Ok(ordinal) = rest.parse::<i32>() else {
                continue;
            };
            slot_at(&mut slots, ordinal, false)
                .claims
                .push(card.clone());
        }
    }
    let strategy = if set.is_on_delete() {
        "OnDelete"
    } else {
        "RollingUpdate"
    };
    let partition = (!set.is_on_delete())
        .then(|| set.partition())
        .filter(|p| *p > 0);
    Lane {
        get_line: String::new(),
        name,
        replicas,
        ready: status.ready_replicas,
        current: status.current_replicas,
        updated: status.updated_replicas,
        current_revision: status.current_revision.clone(),
        update_revision: status.update_revision.clone(),
        strategy: strategy.into(),
        partition: partition.map(|p| start + p),
        policy: if set.is_ordered_ready() {
            "OrderedReady"
        } else {
            "Parallel"
        }
        .into(),
        image: set
            .spec
            .template
            .spec
            .containers
            .first()
            .and_then(|c| c.image.clone())
            .unwrap_or_default(),
        slots: slots.into_values().collect(),
        terminating: set.metadata.deletion_timestamp.is_some(),
        warnings: Vec::new(),
    }
}

/// The slot of `ordinal`, made empty (desired or not) if it is not there yet.
fn slot_at(slots: &mut BTreeMap<i32, Slot>, ordinal: i32, desired: bool) -> &mut Slot {
    slots.entry(ordinal).or_insert(Slot {
        ordinal,
        pod: None,
        claims: Vec::new(),
        desired,
    })
}

/// A node chip.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeChip {
    pub name: String,
    pub ready: String,
    pub down: bool,
    pub unschedulable: bool,
    pub taints: Vec<String>,
    pub pods: usize,
}

pub fn nodes(cluster: &Cluster) -> Vec<NodeChip> {
    cluster
        .list(Kind::Node, None)
        .filter_map(|o| match &**o {
            Object::Node(n) => Some(NodeChip {
                name: n.metadata.name.to_string(),
                ready: match n.ready_status() {
                    "True" => "Ready".into(),
                    _ => "NotReady".into(),
                },
                down: cluster.is_node_down(&n.metadata.name),
                unschedulable: n.spec.unschedulable.unwrap_or(false),
                taints: n
                    .spec
                    .taints
                    .iter()
                    .map(|t| format!("{}:{}", t.key, t.effect))
                    .collect(),
                pods: cluster.store().pods_on_node(&n.metadata.name).count(),
            }),
            _ => None,
        })
        .collect()
}

/// A headless Service's records: its name, A records as (name, ip), and SRV targets.
pub type ServiceRecords = (String, Vec<(String, String)>, Vec<String>);

/// DNS records the headless Services serve (only Ready pods are published).
pub fn dns(cluster: &Cluster) -> Vec<ServiceRecords> {
    let mut out = Vec::new();
    for o in cluster.list(Kind::Service, Some("default")) {
        let Object::Service(svc) = &**o else { continue };
        if !svc.is_headless() {
            continue;
        }
        let name = &svc.metadata.name;
        let mut a = Vec::new();
        if let Some(ep) = cluster.endpoints("default", name) {
            for addr in ep.subsets.iter().flat_map(|s| &s.addresses) {
                let host = match &addr.hostname {
                    Some(h) => format!("{h}.{name}.default.svc.cluster.local"),
                    None => format!("{name}.default.svc.cluster.local"),
                };
                a.push((host, addr.ip.clone()));
            }
        }
        out.push((name.to_string(), a, cluster.srv_records(name, "default")));
    }
    out
}

/// One event as `kubectl get events` shows it, with when it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    /// Position among all occurrences: a stable key for the page.
    pub index: usize,
    pub at: sts_core::time::Time,
    pub type_: String,
    pub reason: String,
    pub object: String,
    pub message: String,
    pub age: String,
    /// The line the step report carries for this occurrence, to find its moment.
    pub note: String,
}

/// Every event occurrence, oldest first (the last `limit`).
pub fn events(cluster: &Cluster, limit: usize) -> Vec<EventRow> {
    let now = cluster.now();
    let total = cluster.event_occurrences().count();
    cluster
        .event_occurrences()
        .enumerate()
        .skip(total.saturating_sub(limit))
        .map(|(index, (at, e))| EventRow {
            index,
            at,
            type_: e.type_.to_string(),
            reason: e.reason.to_string(),
            object: format!(
                "{}/{}",
                e.involved_object.kind.to_ascii_lowercase(),
                e.involved_object.name
            ),
            message: e.message.clone(),
            age: human_duration(now - at.as_stored()),
            note: EventNote(e).to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Model, EXAMPLES};
    use sts_core::cluster::Config;

    #[test]
    fn lanes_show_ordinals_with_their_pods_claims_and_revisions() {
        let mut m = Model::new(Config::default(), EXAMPLES[0].0, EXAMPLES[0].1);
        while !m.run_slice(50) {}
        let all = lanes(m.cluster());
        assert_eq!(all.len(), 1);
        let l = &all[0];
        assert_eq!(l.slots.len(), 3);
        assert!(
            l.get_line
                .starts_with("NAME   READY   AGE\nweb    3/3     "),
            "{}",
            l.get_line
        );
        let web0 = l.slots[0].pod.as_ref().unwrap();
        assert_eq!(
            (
                web0.status.as_str(),
                web0.ready.as_str(),
                web0.revision_index
            ),
            ("Running", "1/1", 0)
        );
        assert_eq!(l.slots[0].claims[0].name, "www-web-0");
        assert_eq!(l.slots[0].claims[0].status, "Bound");

        m.run("kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.24");
        m.run("kubectl scale sts web --replicas=2");
        while !m.run_slice(50) {}
        let l = &lanes(m.cluster())[0];
        // The claim of the removed ordinal is retained and still shown.
        assert_eq!(l.slots.len(), 3);
        assert!(!l.slots[2].desired && l.slots[2].pod.is_none());
        assert_eq!(l.slots[2].claims[0].status, "Bound");
        let n = nodes(m.cluster());
        assert_eq!(n.len(), 3);
        let records = dns(m.cluster());
        assert_eq!(records[0].1.len(), 2, "A records for the two ready pods");
        assert!(events(m.cluster(), 500)
            .iter()
            .any(|e| e.reason == "SuccessfulDelete"));
    }

    #[test]
    fn a_set_without_its_service_carries_the_warning_in_its_lane() {
        let m = Model::new(Config::default(), EXAMPLES[1].0, EXAMPLES[1].1);
        let l = &lanes(m.cluster())[0];
        assert!(
            l.warnings
                .iter()
                .any(|w| w.starts_with("serviceName names no Service")),
            "{:?}",
            l.warnings
        );
        let with_service = Model::new(Config::default(), EXAMPLES[0].0, EXAMPLES[0].1);
        assert!(lanes(with_service.cluster())[0].warnings.is_empty());
    }
}
