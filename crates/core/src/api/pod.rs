//! `v1` Pod and the pod template parts shared with StatefulSets.
//!
//! Fields the simulation reads are typed; rarely simulated sub-structures (affinity,
//! securityContext, resources, env sources, non-PVC volume sources, lifecycle hooks) are kept
//! as JSON values so that manifests round-trip through `-o yaml` unchanged.

use super::meta::{Labels, ObjectMeta};
use super::name::Name;
use super::shared::{Shared, Text};
use crate::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pod {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub spec: Shared<PodSpec>,
    pub status: PodStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: Shared<PodSpec>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodSpec {
    pub init_containers: Vec<Container>,
    pub containers: Shared<Vec<Container>>,
    pub volumes: Vec<Volume>,
    pub restart_policy: Option<Text>,
    pub termination_grace_period_seconds: Option<i64>,
    pub active_deadline_seconds: Option<i64>,
    pub dns_policy: Option<Text>,
    pub node_selector: Option<Labels>,
    pub service_account_name: Option<Text>,
    pub service_account: Option<Text>,
    pub automount_service_account_token: Option<bool>,
    pub node_name: Option<String>,
    pub host_network: Option<bool>,
    pub host_pid: Option<bool>,
    pub host_ipc: Option<bool>,
    pub share_process_namespace: Option<bool>,
    pub security_context: Option<Value>,
    pub image_pull_secrets: Option<Value>,
    pub hostname: Option<String>,
    pub subdomain: Option<String>,
    pub affinity: Option<Value>,
    pub scheduler_name: Option<Text>,
    pub tolerations: Option<Vec<Toleration>>,
    pub host_aliases: Option<Value>,
    pub priority_class_name: Option<String>,
    pub priority: Option<i32>,
    pub dns_config: Option<Value>,
    pub readiness_gates: Option<Value>,
    pub runtime_class_name: Option<String>,
    pub enable_service_links: Option<bool>,
    pub preemption_policy: Option<Text>,
    pub overhead: Option<Value>,
    pub topology_spread_constraints: Option<Value>,
    pub set_hostname_as_fqdn: Option<bool>,
    pub os: Option<Value>,
    pub host_users: Option<bool>,
    pub scheduling_gates: Option<Value>,
    pub resource_claims: Option<Value>,
    pub resources: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Container {
    pub name: String,
    pub image: Option<String>,
    pub command: Option<Vec<String>>,
    pub args: Option<Vec<String>>,
    pub working_dir: Option<String>,
    pub ports: Option<Vec<ContainerPort>>,
    pub env_from: Option<Value>,
    pub env: Option<Vec<EnvVar>>,
    pub resources: Option<Value>,
    pub resize_policy: Option<Value>,
    pub restart_policy: Option<String>,
    pub volume_mounts: Option<Vec<VolumeMount>>,
    pub volume_devices: Option<Value>,
    pub liveness_probe: Option<Probe>,
    pub readiness_probe: Option<Probe>,
    pub startup_probe: Option<Probe>,
    pub lifecycle: Option<Value>,
    pub termination_message_path: Option<String>,
    pub termination_message_policy: Option<String>,
    pub image_pull_policy: Option<String>,
    pub security_context: Option<Value>,
    pub stdin: Option<bool>,
    pub stdin_once: Option<bool>,
    pub tty: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub host_port: Option<i32>,
    pub container_port: i32,
    pub protocol: Option<String>,
    pub host_ip: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnvVar {
    pub name: String,
    pub value: Option<String>,
    pub value_from: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeMount {
    pub name: String,
    pub mount_path: String,
    pub read_only: Option<bool>,
    pub sub_path: Option<String>,
    pub sub_path_expr: Option<String>,
    pub mount_propagation: Option<String>,
    pub recursive_read_only: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Probe {
    pub exec: Option<Value>,
    pub http_get: Option<HttpGetAction>,
    pub tcp_socket: Option<Value>,
    pub grpc: Option<Value>,
    pub initial_delay_seconds: Option<i32>,
    pub timeout_seconds: Option<i32>,
    pub period_seconds: Option<i32>,
    pub success_threshold: Option<i32>,
    pub failure_threshold: Option<i32>,
    pub termination_grace_period_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct HttpGetAction {
    pub path: Option<String>,
    pub port: Value,
    pub host: Option<String>,
    pub scheme: Option<String>,
    pub http_headers: Option<Value>,
}

/// A pod volume. Only the PVC source is simulated; other sources are kept as given, shared
/// between the versions of a pod (and, for the service-account volume, between pods).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume {
    pub name: String,
    pub persistent_volume_claim: Option<PvcVolumeSource>,
    pub other_sources: Shared<BTreeMap<String, Value>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PvcVolumeSource {
    pub claim_name: String,
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Toleration {
    pub key: Option<Text>,
    pub operator: Option<Text>,
    pub value: Option<String>,
    pub effect: Option<Text>,
    pub toleration_seconds: Option<i64>,
}

// ---------------------------------------------------------------------------------------------
// Status

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodStatus {
    pub phase: Text,
    pub conditions: Vec<PodCondition>,
    pub message: Option<String>,
    pub reason: Option<String>,
    pub host_ip: Option<Name>,
    /// The node's IPs (`hostIPs`): `hostIP` first.
    pub host_ips: Vec<HostIP>,
    pub pod_ip: Option<Name>,
    /// The pod's IPs (`podIPs`): `podIP` first.
    pub pod_ips: Vec<PodIP>,
    pub start_time: Option<Time>,
    pub init_container_statuses: Vec<ContainerStatus>,
    pub container_statuses: Vec<ContainerStatus>,
    pub qos_class: Option<Text>,
    pub observed_generation: Option<i64>,
}

/// One IP of a pod (`status.podIPs[]`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodIP {
    pub ip: Name,
}

/// One IP of the pod's node (`status.hostIPs[]`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HostIP {
    pub ip: Name,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodCondition {
    pub type_: Text,
    pub status: Text,
    pub observed_generation: Option<i64>,
    pub last_probe_time: Option<Time>,
    pub last_transition_time: Option<Time>,
    pub reason: Option<Text>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerStatus {
    pub name: Name,
    pub state: ContainerState,
    pub last_state: ContainerState,
    pub ready: bool,
    pub restart_count: i32,
    pub image: Name,
    pub image_id: Name,
    pub container_id: Option<Name>,
    pub started: Option<bool>,
    /// What the container runs with (`resources: {}` when it asked for nothing).
    pub resources: Option<Shared<Value>>,
    /// The container's mounts as the runtime made them.
    pub volume_mounts: Shared<Vec<VolumeMountStatus>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeMountStatus {
    pub name: String,
    pub mount_path: String,
    pub read_only: Option<bool>,
    pub recursive_read_only: Option<Text>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerState {
    pub waiting: Option<StateWaiting>,
    pub running: Option<StateRunning>,
    pub terminated: Option<StateTerminated>,
}

impl ContainerState {
    pub fn is_empty(&self) -> bool {
        self.waiting.is_none() && self.running.is_none() && self.terminated.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateWaiting {
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateRunning {
    pub started_at: Option<Time>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StateTerminated {
    pub exit_code: i32,
    pub signal: Option<i32>,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub started_at: Option<Time>,
    pub finished_at: Option<Time>,
    pub container_id: Option<String>,
}

impl Pod {
    pub fn condition(&self, type_: &str) -> Option<&PodCondition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }

    /// `podutil.IsPodReady`: the Ready condition is True.
    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status == "True")
    }

    /// `isRunningAndReady` of the StatefulSet controller: phase Running and Ready=True.
    pub fn is_running_and_ready(&self) -> bool {
        self.status.phase == "Running" && self.is_ready()
    }

    /// `podutil.IsPodAvailable`: Ready for at least `min_ready_seconds` before `now`.
    pub fn is_available(&self, min_ready_seconds: i32, now: Time) -> bool {
        let Some(ready) = self.condition("Ready").filter(|c| c.status == "True") else {
            return false;
        };
        if min_ready_seconds == 0 {
            return true;
        }
        let since = ready.last_transition_time.unwrap_or(now);
        since + crate::time::Duration::seconds(i64::from(min_ready_seconds)) < now
    }

    pub fn labels(&self) -> &Labels {
        &self.metadata.labels
    }
}
