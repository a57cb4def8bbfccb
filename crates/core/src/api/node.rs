//! `v1` Node and `v1` Event.

use super::meta::ObjectMeta;
use super::shared::{Shared, Text};
use super::storage::ObjectReference;
use crate::time::Time;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Node {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub spec: NodeSpec,
    pub status: NodeStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeSpec {
    pub pod_cidr: Option<String>,
    pub pod_cidrs: Vec<String>,
    pub unschedulable: Option<bool>,
    pub taints: Vec<Taint>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Taint {
    pub key: String,
    pub value: Option<String>,
    pub effect: String,
    pub time_added: Option<Time>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeStatus {
    pub capacity: Option<BTreeMap<String, serde_json::Value>>,
    pub allocatable: Option<BTreeMap<String, serde_json::Value>>,
    pub conditions: Vec<NodeCondition>,
    pub addresses: Vec<NodeAddress>,
    pub daemon_endpoints: Option<serde_json::Value>,
    pub node_info: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeCondition {
    pub type_: String,
    pub status: String,
    pub last_heartbeat_time: Option<Time>,
    pub last_transition_time: Option<Time>,
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeAddress {
    pub type_: String,
    pub address: String,
}

impl Node {
    pub fn ready_status(&self) -> &str {
        self.status
            .conditions
            .iter()
            .find(|c| c.type_ == "Ready")
            .map_or("Unknown", |c| c.status.as_str())
    }
    pub fn internal_ip(&self) -> Option<&str> {
        self.status
            .addresses
            .iter()
            .find(|a| a.type_ == "InternalIP")
            .map(|a| a.address.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    /// Shared by the events of one object that a component records together.
    pub involved_object: Shared<ObjectReference>,
    pub reason: Text,
    pub message: String,
    pub source: EventSource,
    pub first_timestamp: Option<Time>,
    pub last_timestamp: Option<Time>,
    pub count: i32,
    pub type_: Text,
    pub event_time: Option<Time>,
    pub reporting_component: Text,
    pub reporting_instance: super::Name,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventSource {
    pub component: Text,
    pub host: super::Name,
}
