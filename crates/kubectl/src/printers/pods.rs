//! The `kubectl get pods` row: READY, the STATUS algorithm of `printPod` (spec §7.2), RESTARTS
//! with `(Xs ago)`, and the wide columns.

use super::table::{age, simple, KindTable};
use std::rc::Rc;
use sts_core::api::{ContainerStatus, Name, Object, Pod};
use sts_core::time::{human_duration, Time};

/// `pod.status.reason` the node lifecycle controller sets (`node.NodeUnreachablePodReason`).
const NODE_LOST: &str = "NodeLost";

pub(crate) fn table(objects: &[Rc<Object>], wide: bool, now: Time) -> KindTable {
    let mut headers = vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
    if wide {
        headers.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    }
    simple(headers, objects, |o| match o {
        Object::Pod(p) => row(p, wide, now),
        _ => vec![o.meta().name.to_string()],
    })
}

/// The summary `printPod` computes; split out so tests and `describe` can use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSummary {
    pub ready: usize,
    pub total: usize,
    pub status: String,
    pub restarts: i64,
    /// The latest `lastState.terminated.finishedAt` among the counted containers.
    pub last_restart: Option<Time>,
}

/// A sidecar: an init container with `restartPolicy: Always`.
fn is_restartable_init(pod: &Pod, name: &str) -> bool {
    pod.spec
        .init_containers
        .iter()
        .any(|c| c.name == name && c.restart_policy.as_deref() == Some("Always"))
}

fn condition_true(pod: &Pod, type_: &str) -> bool {
    pod.condition(type_).is_some_and(|c| c.status == "True")
}

fn last_termination(c: &ContainerStatus) -> Option<Time> {
    c.last_state.terminated.as_ref().and_then(|t| t.finished_at)
}

/// `printPod`'s READY/STATUS/RESTARTS computation, step by step as upstream does it.
pub fn summarize(pod: &Pod) -> PodSummary {
    let sidecars = pod
        .spec
        .init_containers
        .iter()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"))
        .count();
    let total = pod.spec.containers.len() + sidecars;
    let mut ready = 0;
    let mut restarts: i64 = 0;
    let mut last_restart: Option<Time> = None;
    let mut sidecar_restarts: i64 = 0;
    let mut sidecar_last_restart: Option<Time> = None;

    let mut reason = pod
        .status
        .reason
        .clone()
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| pod.status.phase.to_string());
    if pod
        .status
        .conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
    {
        reason = "SchedulingGated".into();
    }

    // Init containers: stop at the first one that is neither done nor a started sidecar.
    let mut initializing = false;
    let init_count = pod.spec.init_containers.len();
    for (i, c) in pod.status.init_container_statuses.iter().enumerate() {
        restarts += i64::from(c.restart_count);
        last_restart = last_restart.max(last_termination(c));
        let sidecar = is_restartable_init(pod, &c.name);
        if sidecar {
            sidecar_restarts += i64::from(c.restart_count);
            sidecar_last_restart = sidecar_last_restart.max(last_termination(c));
        }
        let terminated = c.state.terminated.as_ref();
        let waiting_reason = c
            .state
            .waiting
            .as_ref()
            .and_then(|w| w.reason.as_deref())
            .filter(|r| !r.is_empty());
        if terminated.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if sidecar && c.started == Some(true) {
            if c.ready {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = terminated {
            reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                Some(r) => format!("Init:{r}"),
                None => match t.signal.filter(|s| *s != 0) {
                    Some(s) => format!("Init:Signal:{s}"),
                    None => format!("Init:ExitCode:{}", t.exit_code),
                },
            };
        } else if let Some(r) = waiting_reason.filter(|r| *r != "PodInitializing") {
            reason = format!("Init:{r}");
        } else {
            reason = format!("Init:{i}/{init_count}");
        }
        initializing = true;
        break;
    }

    if !initializing || condition_true(pod, "Initialized") {
        // Only sidecar restarts carry over from the init containers.
        restarts = sidecar_restarts;
        last_restart = sidecar_last_restart;
        let mut has_running = false;
        // From last to first, so the first container's state has the final word.
        for c in pod.status.container_statuses.iter().rev() {
            restarts += i64::from(c.restart_count);
            last_restart = last_restart.max(last_termination(c));
            let waiting = c
                .state
                .waiting
                .as_ref()
                .and_then(|w| w.reason.as_deref())
                .filter(|r| !r.is_empty());
            if let Some(r) = waiting {
                reason = r.to_string();
            } else if let Some(t) = &c.state.terminated {
                reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                    Some(r) => r.to_string(),
                    None => match t.signal.filter(|s| *s != 0) {
                        Some(s) => format!("Signal:{s}"),
                        None => format!("ExitCode:{}", t.exit_code),
                    },
                };
            } else if c.ready && c.state.running.is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if condition_true(pod, "Ready") {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }

    if pod.metadata.deletion_timestamp.is_some() {
        if pod.status.reason.as_deref() == Some(NODE_LOST) {
            reason = "Unknown".into();
        } else if !matches!(&*pod.status.phase, "Succeeded" | "Failed") {
            reason = "Terminating".into();
        }
    }

    PodSummary {
        ready,
        total,
        status: reason,
        restarts,
        last_restart,
    }
}

/// `3 (25s ago)`, or a bare count when nothing restarted or the time is unknown.
pub fn restarts_text(summary: &PodSummary, now: Time) -> String {
    match summary.last_restart {
        Some(t) if summary.restarts != 0 => {
            format!(
                "{} ({} ago)",
                summary.restarts,
                human_duration(now - t.as_stored())
            )
        }
        _ => summary.restarts.to_string(),
    }
}

fn row(pod: &Pod, wide: bool, now: Time) -> Vec<String> {
    let s = summarize(pod);
    let mut cells = vec![
        pod.metadata.name.to_string(),
        format!("{}/{}", s.ready, s.total),
        s.status.clone(),
        restarts_text(&s, now),
        age(pod.metadata.creation_timestamp, now),
    ];
    if wide {
        let none = || "<none>".to_string();
        let ip = pod
            .status
            .pod_ip
            .as_ref()
            .filter(|ip| !ip.is_empty())
            .map(Name::to_string);
        let node = pod.spec.node_name.clone().filter(|n| !n.is_empty());
        cells.push(ip.unwrap_or_else(none));
        cells.push(node.unwrap_or_else(none));
        // The simulator never preempts, so no pod is ever nominated.
        cells.push(none());
        cells.push(readiness_gates(pod));
    }
    cells
}

/// `N/M`: how many `spec.readinessGates` condition types are True; `<none>` without gates.
fn readiness_gates(pod: &Pod) -> String {
    let gates: Vec<&str> = pod
        .spec
        .readiness_gates
        .as_ref()
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|g| g.get("conditionType").and_then(|t| t.as_str()))
                .collect()
        })
        .unwrap_or_default();
    if gates.is_empty() {
        return "<none>".into();
    }
    let true_count = gates.iter().filter(|g| condition_true(pod, g)).count();
    format!("{true_count}/{}", gates.len())
}
