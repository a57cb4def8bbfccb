//! The computed columns of `kubectl get pods`: READY, STATUS and RESTARTS (`printPod`).

use super::table::age;
use sts_core::api::{Container, ContainerStatus, Pod};
use sts_core::time::Time;

/// Whether an init container is a restartable "sidecar" (`restartPolicy: Always`).
fn is_sidecar(pod: &Pod, name: &str) -> bool {
    pod.spec
        .init_containers
        .iter()
        .find(|c: &&Container| c.name == name)
        .is_some_and(|c| c.restart_policy.as_deref() == Some("Always"))
}

fn condition_true(pod: &Pod, type_: &str) -> bool {
    pod.condition(type_).is_some_and(|c| c.status == "True")
}

/// What the printer derives from the container statuses in one pass, as `printPod` does.
struct Summary {
    reason: String,
    ready: usize,
    total: usize,
    restarts: i64,
    last_restart: Option<Time>,
}

fn later(a: Option<Time>, b: Option<Time>) -> Option<Time> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn last_finished(status: &ContainerStatus) -> Option<Time> {
    status
        .last_state
        .terminated
        .as_ref()
        .and_then(|t| t.finished_at)
}

fn summarize(pod: &Pod) -> Summary {
    let status = &pod.status;
    let phase = status.phase.clone();
    let mut reason = match status.reason.as_deref() {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => phase.clone(),
    };
    if status
        .conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
    {
        reason = "SchedulingGated".to_string();
    }
    let sidecars = pod
        .spec
        .init_containers
        .iter()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"))
        .count();
    let total = pod.spec.containers.len() + sidecars;
    let mut ready = 0;
    let mut restarts: i64 = 0;
    let mut last_restart = None;
    let mut sidecar_restarts: i64 = 0;
    let mut sidecar_last_restart = None;

    let mut initializing = false;
    let init_count = pod.spec.init_containers.len();
    for (i, c) in status.init_container_statuses.iter().enumerate() {
        restarts += i64::from(c.restart_count);
        last_restart = later(last_restart, last_finished(c));
        let sidecar = is_sidecar(pod, &c.name);
        if sidecar {
            sidecar_restarts += i64::from(c.restart_count);
            sidecar_last_restart = later(sidecar_last_restart, last_finished(c));
        }
        if c.state
            .terminated
            .as_ref()
            .is_some_and(|t| t.exit_code == 0)
        {
            continue;
        }
        if sidecar && c.started == Some(true) {
            if c.ready {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = &c.state.terminated {
            reason = match t.reason.as_deref() {
                Some(r) if !r.is_empty() => format!("Init:{r}"),
                _ => match t.signal {
                    Some(s) if s != 0 => format!("Init:Signal:{s}"),
                    _ => format!("Init:ExitCode:{}", t.exit_code),
                },
            };
        } else if let Some(r) = c
            .state
            .waiting
            .as_ref()
            .and_then(|w| w.reason.as_deref())
            .filter(|r| !r.is_empty() && *r != "PodInitializing")
        {
            reason = format!("Init:{r}");
        } else {
            reason = format!("Init:{i}/{init_count}");
        }
        initializing = true;
        break;
    }

    if !initializing || condition_true(pod, "Initialized") {
        restarts = sidecar_restarts;
        last_restart = sidecar_last_restart;
        let mut has_running = false;
        for c in status.container_statuses.iter().rev() {
            restarts += i64::from(c.restart_count);
            last_restart = later(last_restart, last_finished(c));
            let waiting = c
                .state
                .waiting
                .as_ref()
                .and_then(|w| w.reason.as_deref())
                .filter(|r| !r.is_empty());
            if let Some(r) = waiting {
                reason = r.to_string();
            } else if let Some(t) = &c.state.terminated {
                reason = match t.reason.as_deref() {
                    Some(r) if !r.is_empty() => r.to_string(),
                    _ => match t.signal {
                        Some(s) if s != 0 => format!("Signal:{s}"),
                        _ => format!("ExitCode:{}", t.exit_code),
                    },
                };
            } else if c.ready && c.state.running.is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if condition_true(pod, "Ready") {
                "Running".to_string()
            } else {
                "NotReady".to_string()
            };
        }
    }

    if pod.metadata.deletion_timestamp.is_some() {
        if status.reason.as_deref() == Some("NodeLost") {
            reason = "Unknown".to_string();
        } else if phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating".to_string();
        }
    }
    Summary {
        reason,
        ready,
        total,
        restarts,
        last_restart,
    }
}

/// The STATUS column (§7.2).
pub fn pod_status(pod: &Pod) -> String {
    summarize(pod).reason
}

/// The READY column: ready containers / containers, restartable init containers included.
pub fn pod_ready(pod: &Pod) -> String {
    let s = summarize(pod);
    format!("{}/{}", s.ready, s.total)
}

/// The RESTARTS column: the sum of restart counts, with the age of the latest termination as
/// `3 (25s ago)` when there were restarts and that time is known.
pub fn pod_restarts(pod: &Pod, now: Time) -> String {
    let s = summarize(pod);
    restarts_text(&s, now)
}

fn restarts_text(s: &Summary, now: Time) -> String {
    match s.last_restart {
        Some(t) if s.restarts != 0 => format!("{} ({} ago)", s.restarts, age(Some(t), now)),
        _ => s.restarts.to_string(),
    }
}

/// The cells of one `kubectl get pods` row.
pub fn pod_row(pod: &Pod, wide: bool, now: Time) -> Vec<String> {
    let s = summarize(pod);
    let mut row = vec![
        pod.metadata.name.clone(),
        format!("{}/{}", s.ready, s.total),
        s.reason.clone(),
        restarts_text(&s, now),
        age(pod.metadata.creation_timestamp, now),
    ];
    if wide {
        let none = || "<none>".to_string();
        let ip = pod.status.pod_ip.clone().filter(|s| !s.is_empty());
        let node = pod.spec.node_name.clone().filter(|s| !s.is_empty());
        row.push(ip.unwrap_or_else(none));
        row.push(node.unwrap_or_else(none));
        row.push(none());
        row.push(readiness_gates(pod));
    }
    row
}

/// `N/M` true conditions among the pod's readiness gates, or `<none>` without gates.
fn readiness_gates(pod: &Pod) -> String {
    let gates: Vec<&str> = pod
        .spec
        .readiness_gates
        .as_ref()
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .map(|g| {
                    g.get("conditionType")
                        .and_then(|t| t.as_str())
                        .unwrap_or("")
                })
                .collect()
        })
        .unwrap_or_default();
    if gates.is_empty() {
        return "<none>".to_string();
    }
    let true_count = gates.iter().filter(|g| condition_true(pod, g)).count();
    format!("{true_count}/{}", gates.len())
}
