//! Readiness probing (after the startupProbe gate), failing liveness probes (`sim unhealthy`) and whether a probe round would change
//! anything, which is what lets `settle` ignore a steady probe.

use super::super::events::reference_to;
use super::super::queue::Task;
use super::super::Cluster;
use super::*;
use crate::api::*;
use crate::time::Duration;
use std::rc::Rc;

impl Cluster {
    /// A readiness probe round for every container that has one.
    pub(in crate::cluster) fn probe(&mut self, key: &ObjectKey, uid: &Name) {
        let Some(object) = self.store.get(key).cloned() else {
            return;
        };
        let Object::Pod(pod) = &*object else {
            return;
        };
        if pod.metadata.uid != *uid || pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let Some(mut rt) = self.runtime.get(uid).map(|r| (**r).clone()) else {
            return;
        };
        if self.down_nodes.contains_key(&rt.node) {
            return;
        }
        let failing = self.faults_of(pod).contains(&Fault::Unready);
        let unhealthy = self.faults_of(pod).contains(&Fault::Unhealthy);
        let mut period = None;
        let mut killed = false;
        let node = rt.node.clone();
        let now = self.now;
        let skip = rt.init_count;
        for (i, c) in rt.containers.iter_mut().enumerate().skip(skip) {
            let (spec, _) = spec_of(pod, i);
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
            // Liveness (only probed here while the fault makes it fail: a passing liveness
            // probe changes nothing).
            if let (true, Some(live), None) = (unhealthy, spec.liveness_probe.clone(), exit_at) {
                let p = live.period_seconds.unwrap_or(10).max(1);
                period = Some(period.map_or(p, |q: i32| q.min(p)));
                let first =
                    since + Duration::seconds(i64::from(live.initial_delay_seconds.unwrap_or(0)));
                if now >= first {
                    c.liveness_failures += 1;
                    let mut r = reference_to(Kind::Pod, &pod.metadata);
                    r.field_path = field_path(false, &c.name);
                    let message = format!(
                        "Liveness probe failed: {}",
                        probe_failure_text(&live, rt.ip.as_deref())
                    );
                    self.record(r.clone(), "Warning", "Unhealthy", message, COMPONENT, &node);
                    if c.liveness_failures >= live.failure_threshold.unwrap_or(3) {
                        c.liveness_failures = 0;
                        c.liveness_kill = true;
                        c.stage = Stage::Running {
                            since,
                            exit_at: Some(now),
                        };
                        let message = format!(
                            "Container {} failed liveness probe, will be restarted",
                            c.name
                        );
                        self.record(r, "Normal", "Killing", message, COMPONENT, &node);
                        killed = true;
                        continue;
                    }
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
                let mut r = reference_to(Kind::Pod, &pod.metadata);
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
        let rt = Rc::new(rt);
        self.runtime.insert(uid.into(), rt.clone());
        self.write_pod_status(key, pod, &rt);
        if killed {
            self.queue.push(
                self.now,
                Task::Kubelet {
                    pod: key.clone(),
                    uid: uid.into(),
                },
            );
        }
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
    pub(in crate::cluster) fn probe_would_change(&self, key: &ObjectKey, uid: &Name) -> bool {
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
        let unhealthy = self.faults_of(pod).contains(&Fault::Unhealthy);
        rt.containers
            .iter()
            .enumerate()
            .skip(rt.init_count)
            .any(|(i, c)| {
                let (spec, _) = spec_of(pod, i);
                matches!(c.stage, Stage::Running { .. })
                    && ((unhealthy && spec.liveness_probe.is_some())
                        || (spec.readiness_probe.is_some() && c.ready == failing)
                        || (spec.readiness_probe.is_none()
                            && spec.startup_probe.is_some()
                            && !c.ready))
            })
    }
}

pub(super) fn probe_failure_text(probe: &Probe, ip: Option<&str>) -> String {
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
