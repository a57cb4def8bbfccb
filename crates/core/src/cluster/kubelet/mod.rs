//! The kubelet: what happens to a pod once it is bound to a node — image pulls, container
//! starts, probes, crashes and restart back-off, graceful termination — and the pod status it
//! reports (spec §7). Each sync makes at most one visible transition per container and asks to
//! be woken at the next one, so stepping shows every stage a learner would see.

mod faults;
mod probes;
mod status;

use super::events::reference_to;
use super::queue::Task;
use super::Cluster;
use crate::api::*;
use crate::time::{Duration, Time};
use std::collections::BTreeSet;
use std::rc::Rc;

/// Faults a learner can inject into a pod identity (namespace, pod name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    /// The main process exits with code 1 right after every start; a running one exits as the
    /// fault is set.
    CrashLoop,
    /// The readiness probe fails.
    Unready,
    /// The liveness probe fails: after its failureThreshold the kubelet kills the container
    /// and restarts it (with the crash back-off), over and over.
    Unhealthy,
    /// The process ignores SIGTERM: stopping takes the whole grace period and ends in
    /// SIGKILL (exit code 137).
    IgnoreSigterm,
}

/// The kubelet's memory of one pod.
#[derive(Clone, Debug, PartialEq)]
pub struct PodRuntime {
    pub node: String,
    pub ip: Option<Name>,
    /// Init containers first (`init_count` of them), then the app containers.
    pub containers: Vec<ContainerRuntime>,
    pub init_count: usize,
    /// When termination began, and when the containers will have stopped.
    pub stopping: Option<Time>,
}

impl PodRuntime {
    /// Whether every init container has completed.
    pub fn initialized(&self) -> bool {
        self.containers[..self.init_count]
            .iter()
            .all(|c| matches!(c.stage, Stage::Stopped(_)))
    }
    pub(in crate::cluster) fn app(&self) -> &[ContainerRuntime] {
        &self.containers[self.init_count..]
    }
}

/// The spec of runtime container `i` (init containers first) and whether it is an init
/// container.
pub(super) fn spec_of(pod: &Pod, i: usize) -> (std::borrow::Cow<'_, Container>, bool) {
    use std::borrow::Cow;
    let inits = pod.spec.init_containers.len();
    if i < inits {
        (Cow::Borrowed(&pod.spec.init_containers[i]), true)
    } else {
        let app = pod.spec.containers.get(i - inits);
        (
            app.map_or_else(|| Cow::Owned(Container::default()), Cow::Borrowed),
            false,
        )
    }
}

pub(super) fn field_path(is_init: bool, name: &str) -> String {
    let list = if is_init {
        "initContainers"
    } else {
        "containers"
    };
    crate::format_sized!(list.len() + name.len() + 7, "spec.{list}{{{name}}}")
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerRuntime {
    /// Name and image as the statuses report them (shared by every status written).
    pub name: Name,
    pub image: Name,
    pub stage: Stage,
    pub restarts: i32,
    /// The next crash back-off (10 s doubling to 300 s).
    pub crash_backoff: Duration,
    pub pull_backoff: Duration,
    pub ready: bool,
    pub probe_successes: i32,
    pub probe_failures: i32,
    pub last_termination: Option<StateTerminated>,
    /// A one-off crash requested with `sim crash`.
    pub crash_once: bool,
    /// Failed liveness probes in a row.
    pub liveness_failures: i32,
    /// The kubelet is killing the container for failing its liveness probe.
    pub liveness_kill: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// Sandbox being set up, nothing pulled yet.
    Creating,
    Pulling {
        started: Time,
        until: Time,
    },
    /// `ErrImagePull` until the next sync, then `ImagePullBackOff` until `until`.
    PullBackOff {
        until: Time,
        shown_backoff: bool,
        message: String,
    },
    Running {
        since: Time,
        exit_at: Option<Time>,
    },
    /// Exited; restarts at `until` (`CrashLoopBackOff` while waiting, unless immediate).
    CrashBackOff {
        until: Time,
        exited: StateTerminated,
    },
    /// Stopped for the pod's deletion.
    Stopped(StateTerminated),
}

pub(super) const COMPONENT: &str = "kubelet";
pub(super) const MAX_BACKOFF: Duration = Duration::seconds(300);

impl Cluster {
    pub(in crate::cluster) fn faults_of(&self, pod: &Pod) -> BTreeSet<Fault> {
        self.faults
            .get(&(pod.metadata.namespace.clone(), pod.metadata.name.clone()))
            .cloned()
            .unwrap_or_default()
    }

    pub(in crate::cluster) fn kubelet_sync(&mut self, key: &ObjectKey, uid: &Name) {
        let Some(object) = self.store.get(key).cloned() else {
            return;
        };
        let Object::Pod(pod) = &*object else {
            return;
        };
        if pod.metadata.uid != *uid {
            return;
        }
        let Some(node) = pod.spec.node_name.clone() else {
            return;
        };
        if self.down_nodes.contains_key(&node) {
            return; // A dead kubelet does nothing.
        }
        if matches!(&*pod.status.phase, "Failed" | "Succeeded") {
            if pod.metadata.deletion_timestamp.is_some() {
                self.remove(key);
            }
            return;
        }
        // Taken out of the map while it changes: unless a checkpoint shares it, it changes in
        // place. (Removing the pod meanwhile drops its runtime, as before: it is not put back.)
        let (uid_key, mut rt) = match self.runtime.remove_entry(uid) {
            Some(entry) => entry,
            None => (
                pod.metadata.uid.clone(),
                Rc::new(self.start_runtime(pod, &node)),
            ),
        };
        let next = if pod.metadata.deletion_timestamp.is_some() {
            self.terminate(pod, Rc::make_mut(&mut rt))
        } else {
            self.advance_containers(pod, Rc::make_mut(&mut rt))
        };
        let removed = !self.store.contains(key);
        if !removed {
            self.runtime.insert(uid_key, rt.clone());
            self.write_pod_status(key, pod, &rt);
            if let Some(at) = next {
                self.queue.push(
                    at.max(self.now),
                    Task::Kubelet {
                        pod: key.clone(),
                        uid: uid.into(),
                    },
                );
            }
        }
    }

    pub(in crate::cluster) fn start_runtime(&mut self, pod: &Pod, node: &str) -> PodRuntime {
        let containers = pod
            .spec
            .init_containers
            .iter()
            .chain(&pod.spec.containers)
            .map(|c| ContainerRuntime {
                name: Name::from(&c.name),
                image: c.image.as_deref().map(Name::from).unwrap_or_default(),
                stage: Stage::Creating,
                restarts: 0,
                crash_backoff: Duration::seconds(10),
                pull_backoff: Duration::seconds(10),
                ready: false,
                probe_successes: 0,
                probe_failures: 0,
                last_termination: None,
                crash_once: false,
                liveness_failures: 0,
                liveness_kill: false,
            })
            .collect();
        PodRuntime {
            node: node.into(),
            ip: None,
            containers,
            init_count: pod.spec.init_containers.len(),
            stopping: None,
        }
    }

    /// Moves each container one stage on; returns when to look again.
    pub(in crate::cluster) fn advance_containers(
        &mut self,
        pod: &Pod,
        rt: &mut PodRuntime,
    ) -> Option<Time> {
        let now = self.now;
        let pod_ref = reference_to(Kind::Pod, &pod.metadata);
        let node = rt.node.clone();
        if rt.ip.is_none() {
            // Volumes are attached before the sandbox starts (Multi-Attach blocks here).
            if let Err(retry) = self.attach_volumes(pod, &node) {
                return Some(retry);
            }
            // The sandbox comes up first: the pod gets its IP.
            let n = self.next_pod_ip.get_or_insert_with(node.clone(), || 1);
            *n += 1;
            let index = self
                .config
                .node_names
                .iter()
                .position(|x| *x == node)
                .unwrap_or(0)
                + 1;
            rt.ip = Some(Name::format(format_args!("10.244.{index}.{}", *n)));
            return Some(now + Duration::millis(300));
        }
        let faults = self.faults_of(pod);
        let mut next: Option<Time> = None;
        let mut wake = |t: Time| next = Some(next.map_or(t, |n: Time| n.min(t)));
        for i in 0..rt.containers.len() {
            let (spec, is_init) = spec_of(pod, i);
            // Init containers run one after another, app containers after all of them.
            let gate = if is_init { i } else { rt.init_count };
            if !rt.containers[..gate]
                .iter()
                .all(|c| matches!(c.stage, Stage::Stopped(_)))
            {
                continue;
            }
            let c = &mut rt.containers[i];
            // One reference for every event about this container in this sync.
            let event_ref: Shared<ObjectReference> = ObjectReference {
                field_path: field_path(is_init, &c.name),
                ..pod_ref.clone()
            }
            .into();
            match c.stage.clone() {
                Stage::Creating => {
                    let image = c.image.clone();
                    let present = self
                        .node_images
                        .get(&node)
                        .is_some_and(|s| s.contains(image.as_str()));
                    let always = spec.image_pull_policy.as_deref() == Some("Always")
                        || (spec.image_pull_policy.is_none() && image_tag_is_latest(&image));
                    if present && !always && !self.broken_images.contains(image.as_str()) {
                        self.record(
                            event_ref.clone(),
                            "Normal",
                            "Pulled",
                            self.config.version().image_present_event(&image),
                            COMPONENT,
                            &node,
                        );
                        self.start_container(pod, i, rt, &event_ref, &faults);
                    } else {
                        self.record(
                            event_ref,
                            "Normal",
                            "Pulling",
                            crate::format_sized!(image.len() + 16, "Pulling image \"{image}\""),
                            COMPONENT,
                            &node,
                        );
                        let took = Duration::millis(self.rng.range(1200, 3800));
                        rt.containers[i].stage = Stage::Pulling {
                            started: now,
                            until: now + took,
                        };
                        wake(now + took);
                    }
                }
                Stage::Pulling { started, until } if now >= until => {
                    let image = c.image.clone();
                    if self.broken_images.contains(image.as_str()) {
                        let message = format!(
                            "failed to pull and unpack image \"{}\": failed to resolve reference \"{}\": {}: not found",
                            qualified_image(&image), qualified_image(&image), qualified_image(&image)
                        );
                        self.record(event_ref.clone(), "Warning", "Failed",
                            format!("Failed to pull image \"{image}\": rpc error: code = NotFound desc = {message}"), COMPONENT, &node);
                        self.record(
                            event_ref,
                            "Warning",
                            "Failed",
                            "Error: ErrImagePull".into(),
                            COMPONENT,
                            &node,
                        );
                        let c = &mut rt.containers[i];
                        let until = now + c.pull_backoff;
                        c.pull_backoff = (c.pull_backoff + c.pull_backoff).min(MAX_BACKOFF);
                        c.stage = Stage::PullBackOff {
                            until,
                            shown_backoff: false,
                            message,
                        };
                        wake(now + Duration::millis(500));
                    } else {
                        self.node_images
                            .get_or_insert_with(node.clone(), Default::default)
                            .insert(image.to_string());
                        let secs = until - started;
                        self.record(event_ref.clone(), "Normal", "Pulled",
                            crate::format_sized!(image.len() + 100, "Successfully pulled image \"{image}\" in {secs} ({secs} including waiting). Image size: {} bytes.", image_size(&image)),
                            COMPONENT, &node);
                        self.start_container(pod, i, rt, &event_ref, &faults);
                    }
                }
                Stage::Pulling { until, .. } => wake(until),
                Stage::PullBackOff {
                    until,
                    shown_backoff,
                    message,
                } => {
                    let image = c.image.clone();
                    if !shown_backoff {
                        self.record(
                            event_ref.clone(),
                            "Normal",
                            "BackOff",
                            format!("Back-off pulling image \"{image}\""),
                            COMPONENT,
                            &node,
                        );
                        self.record(
                            event_ref,
                            "Warning",
                            "Failed",
                            "Error: ImagePullBackOff".into(),
                            COMPONENT,
                            &node,
                        );
                        rt.containers[i].stage = Stage::PullBackOff {
                            until,
                            shown_backoff: true,
                            message,
                        };
                        wake(until);
                    } else if now >= until {
                        rt.containers[i].stage = Stage::Creating;
                        wake(now);
                    } else {
                        wake(until);
                    }
                }
                Stage::Running {
                    exit_at: Some(at),
                    since,
                } if now >= at && is_init => {
                    c.stage = Stage::Stopped(StateTerminated {
                        exit_code: 0,
                        reason: Some("Completed".into()),
                        started_at: Some(since),
                        finished_at: Some(now),
                        container_id: Some(container_id(pod, &c.name, c.restarts).to_string()),
                        ..Default::default()
                    });
                    wake(now);
                }
                Stage::Running {
                    exit_at: Some(at),
                    since,
                } if now >= at => {
                    // Killed for its liveness probe, the process gets SIGTERM and then SIGKILL
                    // (137, as in the documentation's liveness example); a crash exits with 1.
                    let exit_code = if std::mem::take(&mut c.liveness_kill) {
                        137
                    } else {
                        1
                    };
                    let exited = StateTerminated {
                        exit_code,
                        reason: Some("Error".into()),
                        started_at: Some(since),
                        finished_at: Some(now),
                        container_id: Some(container_id(pod, &c.name, c.restarts).to_string()),
                        ..Default::default()
                    };
                    c.ready = false;
                    c.probe_successes = 0;
                    // The first exit restarts at once; later ones wait 10 s, 20 s, … 300 s.
                    let delay = if c.restarts == 0 {
                        Duration::ZERO
                    } else {
                        c.crash_backoff
                    };
                    if c.restarts > 0 {
                        c.crash_backoff = (c.crash_backoff + c.crash_backoff).min(MAX_BACKOFF);
                    }
                    c.stage = Stage::CrashBackOff {
                        until: now + delay.max(Duration::millis(500)),
                        exited,
                    };
                    wake(now + Duration::millis(500));
                }
                Stage::Running {
                    exit_at: Some(at), ..
                } => wake(at),
                Stage::CrashBackOff { until, exited } => {
                    if now >= until {
                        c.last_termination = Some(exited);
                        c.restarts += 1;
                        self.start_container(pod, i, rt, &event_ref, &faults);
                    } else {
                        if c.restarts > 0 && until - now > Duration::millis(500) {
                            let name = c.name.clone();
                            self.record(
                                event_ref,
                                "Warning",
                                "BackOff",
                                format!(
                                    "Back-off restarting failed container {name} in pod {}_{}({})",
                                    pod.metadata.name, pod.metadata.namespace, pod.metadata.uid
                                ),
                                COMPONENT,
                                &node,
                            );
                        }
                        wake(until);
                    }
                }
                Stage::Running { .. } | Stage::Stopped(_) => {}
            }
        }
        next
    }

    pub(in crate::cluster) fn start_container(
        &mut self,
        pod: &Pod,
        i: usize,
        rt: &mut PodRuntime,
        event_ref: &Shared<ObjectReference>,
        faults: &BTreeSet<Fault>,
    ) {
        let now = self.now;
        let node = rt.node.clone();
        let (spec, is_init) = spec_of(pod, i);
        let version = self.config.version();
        self.record(
            event_ref.clone(),
            "Normal",
            "Created",
            version.container_event("Created", &spec.name),
            COMPONENT,
            &node,
        );
        self.record(
            event_ref.clone(),
            "Normal",
            "Started",
            version.container_event("Started", &spec.name),
            COMPONENT,
            &node,
        );
        let c = &mut rt.containers[i];
        // Faults act on app containers; an init container runs to completion in a second.
        let crash =
            !is_init && (faults.contains(&Fault::CrashLoop) || std::mem::take(&mut c.crash_once));
        let exit_at = if is_init {
            Some(now + Duration::seconds(1))
        } else {
            crash.then(|| now + Duration::millis(500))
        };
        c.stage = Stage::Running {
            since: now,
            exit_at,
        };
        c.probe_failures = 0;
        c.probe_successes = 0;
        c.liveness_failures = 0;
        // Without a readiness probe a running container is ready at once; a crashing one exits
        // before the kubelet reports it.
        c.ready =
            !is_init && spec.readiness_probe.is_none() && spec.startup_probe.is_none() && !crash;
        if let Some(at) = exit_at {
            self.queue.push(
                at,
                Task::Kubelet {
                    pod: pod_key(pod),
                    uid: pod.metadata.uid.clone(),
                },
            );
        }
        // The startupProbe gates readiness: here it passes at its first check.
        let first_check = spec
            .startup_probe
            .as_ref()
            .or(spec.readiness_probe.as_ref())
            .map(|p| i64::from(p.initial_delay_seconds.unwrap_or(0)));
        if let (Some(delay), false) = (first_check, is_init) {
            self.queue.push(
                now + Duration::seconds(delay),
                Task::Probe {
                    pod: pod_key(pod),
                    uid: pod.metadata.uid.clone(),
                },
            );
        }
    }

    /// Graceful termination: SIGTERM (the `Killing` event), the process exits (at once for
    /// well-behaved apps, at the grace period's end otherwise), then the kubelet removes the
    /// object.
    pub(in crate::cluster) fn terminate(&mut self, pod: &Pod, rt: &mut PodRuntime) -> Option<Time> {
        let now = self.now;
        let key = pod_key(pod);
        let node = rt.node.clone();
        let running: Vec<usize> = rt
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| !matches!(c.stage, Stage::Stopped(_)))
            .map(|(i, _)| i)
            .collect();
        let ignores_sigterm = self.faults_of(pod).contains(&Fault::IgnoreSigterm);
        if rt.stopping.is_none() {
            let deadline = pod.metadata.deletion_timestamp.unwrap_or(now);
            // A well-behaved process exits within a second of SIGTERM; one that ignores it
            // runs until the grace period ends and the kubelet sends SIGKILL.
            let exit = if ignores_sigterm {
                deadline.max(now)
            } else {
                (now + Duration::seconds(1)).min(deadline)
            };
            rt.stopping = Some(exit);
            for &i in &running {
                if matches!(rt.containers[i].stage, Stage::Running { .. }) {
                    let mut r = reference_to(Kind::Pod, &pod.metadata);
                    r.field_path = format!("spec.containers{{{}}}", rt.containers[i].name);
                    self.record(
                        r,
                        "Normal",
                        "Killing",
                        format!("Stopping container {}", rt.containers[i].name),
                        COMPONENT,
                        &node,
                    );
                }
            }
            return Some(exit);
        }
        let exit = rt.stopping.unwrap_or(now);
        if now < exit {
            return Some(exit);
        }
        if !running.is_empty() {
            for &i in &running {
                let c = &mut rt.containers[i];
                let started = match &c.stage {
                    Stage::Running { since, .. } => Some(*since),
                    _ => None,
                };
                c.ready = false;
                let (exit_code, reason) = if ignores_sigterm {
                    (137, "Error")
                } else {
                    (0, "Completed")
                };
                c.stage = Stage::Stopped(StateTerminated {
                    exit_code,
                    reason: Some(reason.into()),
                    started_at: started,
                    finished_at: Some(now),
                    container_id: Some(container_id(pod, &c.name, c.restarts).to_string()),
                    ..Default::default()
                });
            }
            return Some(now + Duration::millis(200));
        }
        self.remove(&key);
        None
    }
}

pub(super) fn pod_key(pod: &Pod) -> ObjectKey {
    ObjectKey::new(Kind::Pod, &pod.metadata.namespace, &pod.metadata.name)
}

/// `docker.io/library/nginx:1.25` for `nginx:1.25`: how containerd names images in messages.
pub(super) fn qualified_image(image: &str) -> String {
    let first = image.split('/').next().unwrap_or("");
    let has_registry =
        image.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let mut name = if has_registry {
        image.to_string()
    } else if image.contains('/') {
        format!("docker.io/{image}")
    } else {
        format!("docker.io/library/{image}")
    };
    let last = name.rsplit('/').next().unwrap_or("");
    if !last.contains(':') && !last.contains('@') {
        name.push_str(":latest");
    }
    name
}

pub(super) fn image_tag_is_latest(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

pub(super) fn fake_digest(image: &str) -> u128 {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in image.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    h
}

/// 64 hex digits made up from `text` (two 128-bit hashes), as long as a real sha256 or
/// container ID.
pub(super) fn digest_hex(text: &str) -> String {
    let salted = crate::format_sized!(text.len() + 1, "{text}#");
    format!("{:032x}{:032x}", fake_digest(text), fake_digest(&salted))
}

pub(super) fn image_size(image: &str) -> u64 {
    20_000_000 + (fake_digest(image) % 70_000_000) as u64
}

pub(super) fn container_id(pod: &Pod, name: &str, restarts: i32) -> Name {
    let id = crate::format_sized!(
        pod.metadata.uid.len() + name.len() + 12,
        "{}/{name}/{restarts}",
        pod.metadata.uid
    );
    Name::format(format_args!("containerd://{}", digest_hex(&id)))
}
