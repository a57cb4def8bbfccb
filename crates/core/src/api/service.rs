//! `v1` Service and Endpoints (the headless Service's per-pod records come from Endpoints).

use super::meta::ObjectMeta;
use super::shared::{Shared, Text};
use super::storage::ObjectReference;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub spec: Shared<ServiceSpec>,
    pub status: Value,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceSpec {
    pub ports: Vec<ServicePort>,
    pub selector: Option<super::Labels>,
    pub cluster_ip: Option<String>,
    pub cluster_ips: Option<Vec<String>>,
    pub type_: Option<String>,
    pub external_ips: Option<Vec<String>>,
    pub session_affinity: Option<String>,
    pub external_name: Option<String>,
    pub publish_not_ready_addresses: Option<bool>,
    pub ip_families: Option<Vec<String>>,
    pub ip_family_policy: Option<String>,
    pub internal_traffic_policy: Option<String>,
    pub external_traffic_policy: Option<String>,
    pub load_balancer_ip: Option<String>,
    pub load_balancer_source_ranges: Option<Vec<String>>,
    pub session_affinity_config: Option<Value>,
    pub health_check_node_port: Option<i32>,
    pub allocate_load_balancer_node_ports: Option<bool>,
    pub load_balancer_class: Option<String>,
    pub traffic_distribution: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub protocol: Option<String>,
    pub app_protocol: Option<String>,
    pub port: i32,
    pub target_port: Option<Value>,
    pub node_port: Option<i32>,
}

impl Service {
    pub fn is_headless(&self) -> bool {
        self.spec.cluster_ip.as_deref() == Some("None")
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Endpoints {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub subsets: Vec<EndpointSubset>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointSubset {
    pub addresses: Vec<EndpointAddress>,
    pub not_ready_addresses: Vec<EndpointAddress>,
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointAddress {
    pub ip: String,
    pub hostname: Option<String>,
    pub node_name: Option<String>,
    pub target_ref: Option<ObjectReference>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointPort {
    pub name: Option<String>,
    pub port: i32,
    pub protocol: Option<String>,
}

/// `discovery.k8s.io/v1` EndpointSlice: the EndpointSlice controller's view of a Service's
/// endpoints (derived from pods when read, as Endpoints are).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointSlice {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub address_type: String,
    pub endpoints: Vec<SliceEndpoint>,
    pub ports: Vec<SlicePort>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SliceEndpoint {
    pub addresses: Vec<String>,
    pub conditions: EndpointConditions,
    pub hostname: Option<String>,
    pub node_name: Option<String>,
    pub target_ref: Option<ObjectReference>,
    pub zone: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndpointConditions {
    pub ready: Option<bool>,
    pub serving: Option<bool>,
    pub terminating: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SlicePort {
    pub name: Option<String>,
    pub port: Option<i32>,
    pub protocol: Option<String>,
    pub app_protocol: Option<String>,
}
