//! The pod status the kubelet reports: phase, conditions and container statuses.

use super::super::Cluster;
use super::*;
use crate::api::*;

impl Cluster {
    /// The status the kubelet reports for what it knows.
    pub(in crate::cluster) fn write_pod_status(
        &mut self,
        key: &ObjectKey,
        pod: &Pod,
        rt: &PodRuntime,
    ) {
        let now = self.now;
        // Text the last status already holds is shared with it, not copied: equal fields
        // then compare by pointer.
        let node_ip = self
            .store
            .get(&ObjectKey::new(Kind::Node, "", &rt.node))
            .and_then(|o| match &**o {
                Object::Node(n) => n.internal_ip(),
                _ => None,
            })
            .map(|ip| match &pod.status.host_ip {
                Some(old) if *old == ip => old.clone(),
                _ => Name::from(ip),
            });
        let started = rt.app().iter().any(|c| {
            matches!(
                c.stage,
                Stage::Running { .. } | Stage::CrashBackOff { .. } | Stage::Stopped(_)
            )
        });
        let initialized = rt.initialized();
        let version = crate::versions::ServerVersion::new(self.config.minor);
        let generation = version
            .pod_generation_tracking()
            .then_some(pod.metadata.generation);
        let resources = version.reports_container_resources();
        // Built afresh (what the kubelet knows) rather than copied and overwritten: only the
        // fields the kubelet leaves alone are carried over.
        let mut status = PodStatus {
            phase: if started { "Running" } else { "Pending" }.into(),
            conditions: Vec::new(),
            message: pod.status.message.clone(),
            reason: pod.status.reason.clone(),
            host_ips: node_ip.iter().map(|ip| HostIP { ip: ip.clone() }).collect(),
            host_ip: node_ip,
            pod_ips: rt.ip.iter().map(|ip| PodIP { ip: ip.clone() }).collect(),
            pod_ip: rt.ip.clone(),
            start_time: Some(pod.status.start_time.unwrap_or(now)),
            init_container_statuses: rt.containers[..rt.init_count]
                .iter()
                .map(|c| container_status(pod, c, true, resources))
                .collect(),
            container_statuses: rt
                .app()
                .iter()
                .map(|c| container_status(pod, c, initialized, resources))
                .collect(),
            qos_class: pod.status.qos_class.clone(),
            observed_generation: generation,
        };
        let all_ready = !rt.app().is_empty() && rt.app().iter().all(|c| c.ready);
        let sandbox = rt.ip.is_some();
        let old = &pod.status.conditions;
        let cond = |type_: &'static str, ok: bool, reason: Option<&'static str>| {
            let value = if ok { "True" } else { "False" };
            let previous = old.iter().find(|c| c.type_ == type_);
            let transition = match previous {
                Some(p) if p.status == value => p.last_transition_time,
                _ => Some(now),
            };
            PodCondition {
                type_: Text::Borrowed(type_),
                status: Text::Borrowed(value),
                observed_generation: generation,
                last_probe_time: None,
                last_transition_time: transition,
                reason: if ok { None } else { reason.map(Text::Borrowed) },
                message: None,
            }
        };
        let mut conditions = vec![
            cond("PodReadyToStartContainers", sandbox, None),
            cond("Initialized", initialized, Some("ContainersNotInitialized")),
            cond("Ready", all_ready, Some("ContainersNotReady")),
            cond("ContainersReady", all_ready, Some("ContainersNotReady")),
            cond("PodScheduled", true, None),
        ];
        for extra in old.iter().filter(|c| c.type_ == "DisruptionTarget") {
            conditions.push(extra.clone());
        }
        status.conditions = conditions;
        if status != pod.status {
            // Keep the latest metadata (a deletion may have happened in between).
            let metadata = match self.store.get(key).map(|o| &**o) {
                Some(Object::Pod(current)) => current.metadata.clone(),
                _ => pod.metadata.clone(),
            };
            let updated = Pod {
                api_version: pod.api_version.clone(),
                kind: pod.kind.clone(),
                metadata,
                spec: pod.spec.clone(),
                status,
            };
            let _ = self.update(Object::Pod(updated));
        }
    }
}

/// A container's status; `initialized` is false while init containers still have to run (app
/// containers then wait as `PodInitializing`); `report_resources` for a kubelet that reports
/// them (in-place resize, 1.33+).
pub(super) fn container_status(
    pod: &Pod,
    c: &ContainerRuntime,
    initialized: bool,
    report_resources: bool,
) -> ContainerStatus {
    let waiting = |reason: &str, message: Option<String>| ContainerState {
        waiting: Some(StateWaiting {
            reason: Some(reason.into()),
            message,
        }),
        ..Default::default()
    };
    let (state, started) = match &c.stage {
        Stage::Creating if !initialized => (waiting("PodInitializing", None), false),
        Stage::Creating | Stage::Pulling { .. } => (waiting("ContainerCreating", None), false),
        Stage::PullBackOff { shown_backoff: false, message, .. } => (waiting("ErrImagePull", Some(format!("rpc error: code = NotFound desc = {message}"))), false),
        Stage::PullBackOff { message, .. } => (waiting("ImagePullBackOff", Some(format!("Back-off pulling image \"{}\": ErrImagePull: rpc error: code = NotFound desc = {message}", c.image))), false),
        Stage::Running { since, .. } => (ContainerState { running: Some(StateRunning { started_at: Some(*since) }), ..Default::default() }, true),
        Stage::CrashBackOff { exited, until } => {
            if c.restarts == 0 && c.last_termination.is_none() && *until - exited.finished_at.unwrap_or(*until) <= Duration::millis(500) {
                (ContainerState { terminated: Some(exited.clone()), ..Default::default() }, false)
            } else {
                let backoff = *until - exited.finished_at.unwrap_or(*until);
                (
                    waiting("CrashLoopBackOff", Some(format!(
                        "back-off {} restarting failed container={} pod={}_{}({})",
                        backoff, c.name, pod.metadata.name, pod.metadata.namespace, pod.metadata.uid
                    ))),
                    false,
                )
            }
        }
        Stage::Stopped(t) => (ContainerState { terminated: Some(t.clone()), ..Default::default() }, false),
    };
    let last_state = match (&c.stage, &c.last_termination) {
        (Stage::CrashBackOff { exited, .. }, _) if state.waiting.is_some() => ContainerState {
            terminated: Some(exited.clone()),
            ..Default::default()
        },
        (_, Some(t)) => ContainerState {
            terminated: Some(t.clone()),
            ..Default::default()
        },
        _ => ContainerState::default(),
    };
    let pulled = !matches!(
        c.stage,
        Stage::Creating | Stage::Pulling { .. } | Stage::PullBackOff { .. }
    );
    // The last status's copies of what does not change while the pod lives: shared, not
    // rebuilt on every status write.
    let previous = pod
        .status
        .init_container_statuses
        .iter()
        .chain(&pod.status.container_statuses)
        .find(|s| s.name == c.name);
    let spec = pod
        .spec
        .init_containers
        .iter()
        .chain(&pod.spec.containers)
        .find(|s| *s.name == *c.name);
    let volume_mounts = match previous {
        Some(p) if !p.volume_mounts.is_empty() => p.volume_mounts.clone(),
        _ => spec.map(mounts_reported).unwrap_or_default(),
    };
    let resources = report_resources.then(|| match previous.and_then(|p| p.resources.clone()) {
        Some(r) => r,
        None => Shared::new(resources_reported(spec)),
    });
    ContainerStatus {
        name: c.name.clone(),
        state,
        last_state,
        ready: c.ready,
        restart_count: c.restarts,
        // Once pulled, the runtime names the image in full (`docker.io/library/nginx:latest`).
        image: match previous {
            Some(p) if pulled && !p.image_id.is_empty() => p.image.clone(),
            _ if pulled => Name::from(qualified_image(&c.image).as_str()),
            _ => c.image.clone(),
        },
        image_id: if pulled {
            image_id(&c.image)
        } else {
            Name::empty()
        },
        resources,
        volume_mounts,
        container_id: pulled.then(|| {
            // The ID the last status gave this container, while it has not restarted.
            previous
                .filter(|s| s.restart_count == c.restarts)
                .and_then(|s| s.container_id.clone())
                .unwrap_or_else(|| container_id(pod, &c.name, c.restarts))
        }),
        started: Some(started),
    }
}

/// The mounts the kubelet reports for a container: its volume mounts, a read-only one with
/// `recursiveReadOnly: Disabled` (recursive read-only mounts are asked for, not the default).
fn mounts_reported(c: &Container) -> Shared<Vec<VolumeMountStatus>> {
    Shared::new(
        c.volume_mounts
            .iter()
            .flatten()
            .map(|m| {
                let read_only = m.read_only == Some(true);
                VolumeMountStatus {
                    name: m.name.clone(),
                    mount_path: m.mount_path.clone(),
                    read_only: read_only.then_some(true),
                    recursive_read_only: read_only.then_some(Text::Borrowed(
                        match m.recursive_read_only.as_deref() {
                            Some("Enabled" | "IfPossible") => "Enabled",
                            _ => "Disabled",
                        },
                    )),
                }
            })
            .collect(),
    )
}

/// The resources the kubelet reports a container running with: its limits and requests.
fn resources_reported(c: Option<&Container>) -> serde_json::Value {
    let mut reported = serde_json::Map::new();
    if let Some(r) = c.and_then(|c| c.resources.as_ref()) {
        for key in ["limits", "requests"] {
            if let Some(list) = r
                .get(key)
                .filter(|l| l.as_object().is_some_and(|m| !m.is_empty()))
            {
                reported.insert(key.to_string(), list.clone());
            }
        }
    }
    serde_json::Value::Object(reported)
}

/// The image ID the runtime reports for a pulled image: the repository (no tag) and a digest
/// made up from the reference, `docker.io/library/nginx@sha256:…`. Every status write for
/// every container asks, and a cluster mostly runs one image, so the last answer is kept (a
/// pure function of `image`, so history is unchanged).
fn image_id(image: &str) -> Name {
    thread_local! {
        static LAST: std::cell::RefCell<(String, Name)> = Default::default();
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != image || last.1.is_empty() {
            let qualified = qualified_image(image);
            // The repository: the qualified name less its tag (or the digest it was pulled by).
            let repository = match qualified.split_once('@') {
                Some((repo, _)) => repo,
                None => match qualified.rsplit_once(':') {
                    Some((repo, tag)) if !tag.contains('/') => repo,
                    _ => &qualified,
                },
            };
            let id = Name::format(format_args!("{repository}@sha256:{}", digest_hex(image)));
            *last = (image.to_string(), id);
        }
        last.1.clone()
    })
}
