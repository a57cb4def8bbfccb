//! `v1` PersistentVolumeClaim and PersistentVolume, `storage.k8s.io/v1` StorageClass.

use super::meta::{LabelSelector, ObjectMeta};
use super::shared::Shared;
use super::shared::Text;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolumeClaim {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub spec: Shared<PvcSpec>,
    pub status: PvcStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PvcSpec {
    pub access_modes: Vec<String>,
    pub selector: Option<LabelSelector>,
    pub resources: Option<ResourceRequirements>,
    pub volume_name: Option<String>,
    pub storage_class_name: Option<String>,
    pub volume_mode: Option<String>,
    pub data_source: Option<Value>,
    pub data_source_ref: Option<Value>,
    pub volume_attributes_class_name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceRequirements {
    pub requests: Option<BTreeMap<String, Value>>,
    pub limits: Option<BTreeMap<String, Value>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PvcStatus {
    pub phase: Text,
    /// Shared with the claim's later versions (written once, when the claim binds).
    pub access_modes: Shared<Vec<String>>,
    pub capacity: Option<Shared<BTreeMap<String, Value>>>,
}

impl PersistentVolumeClaim {
    /// The requested storage as written (`1Gi`), if any.
    pub fn storage_request(&self) -> Option<String> {
        let requests = self.spec.resources.as_ref()?.requests.as_ref()?;
        Some(quantity_text(requests.get("storage")?))
    }
}

/// A quantity as the API prints it: strings as given, numbers in decimal.
pub fn quantity_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolume {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub spec: Shared<PvSpec>,
    pub status: PvStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PvSpec {
    pub capacity: Option<BTreeMap<String, Value>>,
    pub access_modes: Vec<String>,
    pub claim_ref: Option<ObjectReference>,
    pub persistent_volume_reclaim_policy: Option<String>,
    pub storage_class_name: Option<String>,
    pub volume_mode: Option<String>,
    pub host_path: Option<Value>,
    pub node_affinity: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PvStatus {
    pub phase: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectReference {
    pub api_version: Text,
    pub kind: Text,
    pub namespace: super::Name,
    pub name: super::Name,
    pub uid: super::Name,
    pub resource_version: super::Name,
    pub field_path: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageClass {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub provisioner: String,
    pub reclaim_policy: Option<String>,
    pub volume_binding_mode: Option<String>,
    pub allow_volume_expansion: Option<bool>,
    pub parameters: Option<super::Labels>,
    pub mount_options: Option<Vec<String>>,
}

impl StorageClass {
    pub fn is_default(&self) -> bool {
        self.metadata
            .annotations
            .get("storageclass.kubernetes.io/is-default-class")
            .is_some_and(|v| v == "true")
    }
    pub fn waits_for_first_consumer(&self) -> bool {
        self.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer")
    }
}
