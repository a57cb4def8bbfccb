//! The kubelet: what happens to a pod once it is bound to a node — image pulls, container
//! starts, probes, crashes and restart back-off, graceful termination — and the pod status it
//! reports (spec §7). Each sync makes at most one visible transition per container and asks to
//! be woken at the next one, so stepping shows every stage a learner would see.

use super::events::reference;
use super::queue::Task;
use super::Cluster;
use crate::api::*;
use crate::time::{Duration, Time};
use std::collections::BTreeSet;
use std::rc::Rc;

/// Faults a learner can inject into a pod identity (namespace, pod name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    /// The main process exits with code 1 right after every start.
    CrashLoop,
    /// The readiness probe fails.
    Unready,
}

/// The kubelet's memory of one pod.
#[derive(Clone, Debug, PartialEq)]
pub struct PodRuntime {
    pub node: String,
    pub ip: Option<String>,
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
    fn app(&self) -> &[ContainerRuntime] {
        &self.containers[self.init_count..]
    }
}

/// The spec of runtime container `i` (init containers first) and whether it is an init
/// container.
fn spec_of(pod: &Pod, i: usize) -> (Container, bool) {
    let inits = pod.spec.init_containers.len();
    if i < inits {
        (pod.spec.init_containers[i].clone(), true)
    } else {
        (
            pod.spec
                .containers
                .get(i - inits)
                .cloned()
                .unwrap_or_default(),
            false,
        )
    }
}

fn field_path(is_init: bool, name: &str) -> String {
    let list = if is_init {
        "initContainers"
    } else {
        "containers"
    };
    format!("spec.{list}{{{name}}}")
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerRuntime {
    pub name: String,
    pub image: String,
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

const COMPONENT: &str = "kubelet";
const MAX_BACKOFF: Duration = Duration::seconds(300);

impl Cluster {
    fn faults_of(&self, pod: &Pod) -> BTreeSet<Fault> {
        self.faults
            .get(&(pod.metadata.namespace.clone(), pod.metadata.name.clone()))
            .cloned()
            .unwrap_or_default()
    }

    pub(super) fn kubelet_sync(&mut self, key: &ObjectKey, uid: &str) {
        let Some(Object::Pod(pod)) = self.store.get(key).map(|o| (**o).clone()) else {
            return;
        };
        if pod.metadata.uid != uid {
            return;
        }
        let Some(node) = pod.spec.node_name.clone() else {
            return;
        };
        if self.down_nodes.contains_key(&node) {
            return; // A dead kubelet does nothing.
        }
        if matches!(pod.status.phase.as_str(), "Failed" | "Succeeded") {
            if pod.metadata.deletion_timestamp.is_some() {
                self.remove(key);
            }
            return;
        }
        let mut rt = match self.runtime.get(uid) {
            Some(rt) => (**rt).clone(),
            None => self.start_runtime(&pod, &node),
        };
        let next = if pod.metadata.deletion_timestamp.is_some() {
            self.terminate(&pod, &mut rt)
        } else {
            self.advance_containers(&pod, &mut rt)
        };
        let removed = !self.store.contains(key);
        if !removed {
            self.runtime.insert(uid.to_string(), Rc::new(rt.clone()));
            self.write_pod_status(key, &pod, &rt);
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

    fn start_runtime(&mut self, pod: &Pod, node: &str) -> PodRuntime {
        let containers = pod
            .spec
            .init_containers
            .iter()
            .chain(&pod.spec.containers)
            .map(|c| ContainerRuntime {
                name: c.name.clone(),
                image: c.image.clone().unwrap_or_default(),
                stage: Stage::Creating,
                restarts: 0,
                crash_backoff: Duration::seconds(10),
                pull_backoff: Duration::seconds(10),
                ready: false,
                probe_successes: 0,
                probe_failures: 0,
                last_termination: None,
                crash_once: false,
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
    fn advance_containers(&mut self, pod: &Pod, rt: &mut PodRuntime) -> Option<Time> {
        let now = self.now;
        let pod_ref = reference(&Object::Pod(pod.clone()));
        let node = rt.node.clone();
        if rt.ip.is_none() {
            // Volumes are attached before the sandbox starts (Multi-Attach blocks here).
            if let Err(retry) = self.attach_volumes(pod, &node) {
                return Some(retry);
            }
            // The sandbox comes up first: the pod gets its IP.
            let n = self.next_pod_ip.entry(node.clone()).or_insert(1);
            *n += 1;
            let index = self
                .config
                .node_names
                .iter()
                .position(|x| *x == node)
                .unwrap_or(0)
                + 1;
            rt.ip = Some(format!("10.244.{index}.{}", *n));
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
            let mut event_ref = pod_ref.clone();
            event_ref.field_path = field_path(is_init, &c.name);
            match c.stage.clone() {
                Stage::Creating => {
                    let image = c.image.clone();
                    let present = self
                        .node_images
                        .get(&node)
                        .is_some_and(|s| s.contains(&image));
                    let always = spec.image_pull_policy.as_deref() == Some("Always")
                        || (spec.image_pull_policy.is_none() && image_tag_is_latest(&image));
                    if present && !always && !self.broken_images.contains(&image) {
                        self.record(
                            event_ref.clone(),
                            "Normal",
                            "Pulled",
                            format!("Container image \"{image}\" already present on machine"),
                            COMPONENT,
                            &node,
                        );
                        self.start_container(pod, i, rt, &event_ref, &faults);
                    } else {
                        self.record(
                            event_ref,
                            "Normal",
                            "Pulling",
                            format!("Pulling image \"{image}\""),
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
                    if self.broken_images.contains(&image) {
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
                            .entry(node.clone())
                            .or_default()
                            .insert(image.clone());
                        let secs = until - started;
                        self.record(event_ref.clone(), "Normal", "Pulled",
                            format!("Successfully pulled image \"{image}\" in {secs} ({secs} including waiting). Image size: {} bytes.", image_size(&image)),
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
                        container_id: Some(container_id(pod, &c.name, c.restarts)),
                        ..Default::default()
                    });
                    wake(now);
                }
                Stage::Running {
                    exit_at: Some(at),
                    since,
                } if now >= at => {
                    let exited = StateTerminated {
                        exit_code: 1,
                        reason: Some("Error".into()),
                        started_at: Some(since),
                        finished_at: Some(now),
                        container_id: Some(container_id(pod, &c.name, c.restarts)),
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

    fn start_container(
        &mut self,
        pod: &Pod,
        i: usize,
        rt: &mut PodRuntime,
        event_ref: &ObjectReference,
        faults: &BTreeSet<Fault>,
    ) {
        let now = self.now;
        let node = rt.node.clone();
        let (spec, is_init) = spec_of(pod, i);
        let created = if self.config.minor >= 33 {
            format!("Created container: {}", spec.name)
        } else {
            format!("Created container {}", spec.name)
        };
        self.record(
            event_ref.clone(),
            "Normal",
            "Created",
            created,
            COMPONENT,
            &node,
        );
        self.record(
            event_ref.clone(),
            "Normal",
            "Started",
            format!("Started container {}", spec.name),
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

    /// A readiness probe round for every container that has one.
    pub(super) fn probe(&mut self, key: &ObjectKey, uid: &str) {
        let Some(Object::Pod(pod)) = self.store.get(key).map(|o| (**o).clone()) else {
            return;
        };
        if pod.metadata.uid != uid || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let Some(mut rt) = self.runtime.get(uid).map(|r| (**r).clone()) else {
            return;
        };
        if self.down_nodes.contains_key(&rt.node) {
            return;
        }
        let failing = self.faults_of(&pod).contains(&Fault::Unready);
        let mut period = None;
        let node = rt.node.clone();
        let now = self.now;
        let skip = rt.init_count;
        for (i, c) in rt.containers.iter_mut().enumerate().skip(skip) {
            let (spec, _) = spec_of(&pod, i);
            let Stage::Running { since, exit_at } = c.stage else {
                continue;
            };
            // Readiness is not probed until the startupProbe has passed (at its first check).
            if let Some(startup) = &spec.startup_probe {
                let first = since
                    + Duration::seconds(i64::from(startup.initial_delay_seconds.unwrap_or(0)));
                if now < first {
                    continue;
                }
            }
            let Some(probe) = spec.readiness_probe.clone() else {
                c.ready = exit_at.is_none();
                continue;
            };
            let p = probe.period_seconds.unwrap_or(10).max(1);
            period = Some(period.map_or(p, |q: i32| q.min(p)));
            if failing {
                c.probe_successes = 0;
                c.probe_failures += 1;
                let mut r = reference(&Object::Pod(pod.clone()));
                r.field_path = field_path(false, &c.name);
                let message = format!(
                    "Readiness probe failed: {}",
                    probe_failure_text(&probe, rt.ip.as_deref())
                );
                self.record(r, "Warning", "Unhealthy", message, COMPONENT, &node);
                if c.probe_failures >= probe.failure_threshold.unwrap_or(3) {
                    c.ready = false;
                }
            } else {
                c.probe_failures = 0;
                c.probe_successes += 1;
                if c.probe_successes >= probe.success_threshold.unwrap_or(1) {
                    c.ready = true;
                }
            }
        }
        self.runtime.insert(uid.into(), Rc::new(rt.clone()));
        self.write_pod_status(key, &pod, &rt);
        if let Some(period) = period {
            self.queue.push(
                self.now + Duration::seconds(i64::from(period)),
                Task::Probe {
                    pod: key.clone(),
                    uid: uid.into(),
                },
            );
        }
    }

    /// Whether the next probe round would change a container's readiness.
    pub(super) fn probe_would_change(&self, key: &ObjectKey, uid: &str) -> bool {
        let Some(Object::Pod(pod)) = self.store.get(key).map(|o| &**o) else {
            return false;
        };
        let Some(rt) = self.runtime.get(uid) else {
            return false;
        };
        if pod.metadata.deletion_timestamp.is_some() || self.down_nodes.contains_key(&rt.node) {
            return false;
        }
        let failing = self.faults_of(pod).contains(&Fault::Unready);
        rt.containers
            .iter()
            .enumerate()
            .skip(rt.init_count)
            .any(|(i, c)| {
                let (spec, _) = spec_of(pod, i);
                matches!(c.stage, Stage::Running { .. })
                    && ((spec.readiness_probe.is_some() && c.ready == failing)
                        || (spec.readiness_probe.is_none()
                            && spec.startup_probe.is_some()
                            && !c.ready))
            })
    }

    /// Graceful termination: SIGTERM (the `Killing` event), the process exits (at once for
    /// well-behaved apps, at the grace period's end otherwise), then the kubelet removes the
    /// object.
    fn terminate(&mut self, pod: &Pod, rt: &mut PodRuntime) -> Option<Time> {
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
        if rt.stopping.is_none() {
            let deadline = pod.metadata.deletion_timestamp.unwrap_or(now);
            let exit = (now + Duration::seconds(1)).min(deadline);
            rt.stopping = Some(exit);
            for &i in &running {
                if matches!(rt.containers[i].stage, Stage::Running { .. }) {
                    let mut r = reference(&Object::Pod(pod.clone()));
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
                c.stage = Stage::Stopped(StateTerminated {
                    exit_code: 0,
                    reason: Some("Completed".into()),
                    started_at: started,
                    finished_at: Some(now),
                    container_id: Some(container_id(pod, &c.name, c.restarts)),
                    ..Default::default()
                });
            }
            return Some(now + Duration::millis(200));
        }
        self.remove(&key);
        None
    }

    /// The status the kubelet reports for what it knows.
    fn write_pod_status(&mut self, key: &ObjectKey, pod: &Pod, rt: &PodRuntime) {
        let now = self.now;
        let mut status = pod.status.clone();
        let node_ip = self
            .store
            .get(&ObjectKey::new(Kind::Node, "", &rt.node))
            .and_then(|o| match &**o {
                Object::Node(n) => n.internal_ip().map(String::from),
                _ => None,
            });
        status.host_ip = node_ip;
        status.start_time.get_or_insert(now);
        status.pod_ip = rt.ip.clone();
        let started = rt.app().iter().any(|c| {
            matches!(
                c.stage,
                Stage::Running { .. } | Stage::CrashBackOff { .. } | Stage::Stopped(_)
            )
        });
        status.phase = if started {
            "Running".into()
        } else {
            "Pending".into()
        };
        let initialized = rt.initialized();
        status.init_container_statuses = rt.containers[..rt.init_count]
            .iter()
            .map(|c| container_status(pod, c, true))
            .collect();
        status.container_statuses = rt
            .app()
            .iter()
            .map(|c| container_status(pod, c, initialized))
            .collect();
        let all_ready = !rt.app().is_empty() && rt.app().iter().all(|c| c.ready);
        let sandbox = rt.ip.is_some();
        let old = pod.status.conditions.clone();
        let cond = |type_: &str, ok: bool, reason: Option<&str>| {
            let value = if ok { "True" } else { "False" };
            let previous = old.iter().find(|c| c.type_ == type_);
            let transition = match previous {
                Some(p) if p.status == value => p.last_transition_time,
                _ => Some(now),
            };
            PodCondition {
                type_: type_.into(),
                status: value.into(),
                last_probe_time: None,
                last_transition_time: transition,
                reason: if ok { None } else { reason.map(String::from) },
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
            let mut updated = pod.clone();
            // Keep the latest metadata (a deletion may have happened in between).
            if let Some(Object::Pod(current)) = self.store.get(key).map(|o| &**o) {
                updated.metadata = current.metadata.clone();
            }
            updated.status = status;
            let _ = self.update(Object::Pod(updated));
        }
    }

    /// `sim evict`: the kubelet evicts the pod for node pressure. Its phase becomes Failed
    /// (reason Evicted); a StatefulSet deletes such a pod and creates it again (§3.5 step 7a).
    pub fn evict(&mut self, namespace: &str, name: &str) -> bool {
        let key = ObjectKey::new(Kind::Pod, namespace, name);
        let Some(Object::Pod(pod)) = self.store.get(&key).map(|o| (**o).clone()) else {
            return false;
        };
        let Some(node) = pod.spec.node_name.clone() else {
            return false;
        };
        if pod.metadata.deletion_timestamp.is_some()
            || matches!(pod.status.phase.as_str(), "Failed" | "Succeeded")
        {
            return false;
        }
        let now = self.now;
        let message =
            "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91532Ki. "
                .to_string();
        self.record(
            reference(&Object::Pod(pod.clone())),
            "Warning",
            "Evicted",
            message.clone(),
            COMPONENT,
            &node,
        );
        let mut failed = pod.clone();
        failed.status.phase = "Failed".into();
        failed.status.reason = Some("Evicted".into());
        failed.status.message = Some(message);
        for c in &mut failed.status.container_statuses {
            let started = c.state.running.as_ref().and_then(|r| r.started_at);
            c.ready = false;
            c.started = Some(false);
            c.state = ContainerState {
                terminated: Some(StateTerminated {
                    exit_code: 137,
                    reason: Some("ContainerStatusUnknown".into()),
                    message: Some(
                        "The container could not be located when the pod was terminated".into(),
                    ),
                    started_at: started,
                    finished_at: Some(now),
                    ..Default::default()
                }),
                ..Default::default()
            };
        }
        for c in &mut failed.status.conditions {
            if matches!(
                c.type_.as_str(),
                "Ready" | "ContainersReady" | "PodReadyToStartContainers"
            ) && c.status == "True"
            {
                c.status = "False".into();
                c.last_transition_time = Some(now);
                if c.type_ != "PodReadyToStartContainers" {
                    c.reason = Some("PodFailed".into());
                }
            }
        }
        failed.status.conditions.push(PodCondition {
            type_: "DisruptionTarget".into(),
            status: "True".into(),
            last_transition_time: Some(now),
            reason: Some("TerminationByKubelet".into()),
            message: Some("The node was low on resource: memory. ".into()),
            ..Default::default()
        });
        self.runtime.remove(&pod.metadata.uid);
        let _ = self.update(Object::Pod(failed));
        true
    }

    /// `sim crash`: the container of `pod` exits once.
    pub fn crash_once(&mut self, namespace: &str, name: &str) -> bool {
        let key = ObjectKey::new(Kind::Pod, namespace, name);
        let Some(Object::Pod(pod)) = self.store.get(&key).map(|o| (**o).clone()) else {
            return false;
        };
        let Some(mut rt) = self.runtime.get(&pod.metadata.uid).map(|r| (**r).clone()) else {
            return false;
        };
        let now = self.now;
        let skip = rt.init_count;
        for c in rt.containers.iter_mut().skip(skip) {
            match &mut c.stage {
                Stage::Running { exit_at, .. } => *exit_at = Some(now),
                _ => c.crash_once = true,
            }
        }
        self.runtime.insert(pod.metadata.uid.clone(), Rc::new(rt));
        self.queue.push(
            now,
            Task::Kubelet {
                pod: key,
                uid: pod.metadata.uid.clone(),
            },
        );
        true
    }
}

fn pod_key(pod: &Pod) -> ObjectKey {
    ObjectKey::new(Kind::Pod, &pod.metadata.namespace, &pod.metadata.name)
}

/// A container's status; `initialized` is false while init containers still have to run (app
/// containers then wait as `PodInitializing`).
fn container_status(pod: &Pod, c: &ContainerRuntime, initialized: bool) -> ContainerStatus {
    let waiting = |reason: &str, message: Option<String>| ContainerState {
        waiting: Some(StateWaiting {
            reason: Some(reason.into()),
            message,
        }),
        ..Default::default()
    };
    let image_ref = format!(
        "{}@sha256:{:064x}",
        qualified_image(&c.image),
        fake_digest(&c.image)
    );
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
    ContainerStatus {
        name: c.name.clone(),
        state,
        last_state,
        ready: c.ready,
        restart_count: c.restarts,
        image: c.image.clone(),
        image_id: if pulled { image_ref } else { String::new() },
        container_id: pulled.then(|| container_id(pod, &c.name, c.restarts)),
        started: Some(started),
    }
}

fn probe_failure_text(probe: &Probe, ip: Option<&str>) -> String {
    if probe.http_get.is_some() {
        "HTTP probe failed with statuscode: 503".into()
    } else if let Some(tcp) = &probe.tcp_socket {
        let port = tcp
            .get("port")
            .map(|p| p.to_string().trim_matches('"').to_string())
            .unwrap_or_default();
        format!(
            "dial tcp {}:{port}: connect: connection refused",
            ip.unwrap_or("")
        )
    } else if probe.exec.is_some() {
        "command exited with status 1".into()
    } else {
        "probe failed".into()
    }
}

/// `docker.io/library/nginx:1.25` for `nginx:1.25`: how containerd names images in messages.
fn qualified_image(image: &str) -> String {
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

fn image_tag_is_latest(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

fn fake_digest(image: &str) -> u128 {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in image.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    h
}

fn image_size(image: &str) -> u64 {
    20_000_000 + (fake_digest(image) % 70_000_000) as u64
}

fn container_id(pod: &Pod, name: &str, restarts: i32) -> String {
    format!(
        "containerd://{:064x}",
        fake_digest(&format!("{}/{name}/{restarts}", pod.metadata.uid))
    )
}
