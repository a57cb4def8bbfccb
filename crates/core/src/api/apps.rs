//! `apps/v1` StatefulSet and ControllerRevision.

use super::meta::{LabelSelector, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::shared::{Shared, Text};
use super::storage::PersistentVolumeClaim;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSet {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub spec: Shared<StatefulSetSpec>,
    pub status: StatefulSetStatus,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetSpec {
    pub replicas: Option<i32>,
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    pub volume_claim_templates: Vec<PersistentVolumeClaim>,
    pub service_name: String,
    pub pod_management_policy: Option<String>,
    pub update_strategy: Option<StatefulSetUpdateStrategy>,
    pub revision_history_limit: Option<i32>,
    pub min_ready_seconds: Option<i32>,
    pub persistent_volume_claim_retention_policy: Option<RetentionPolicy>,
    pub ordinals: Option<StatefulSetOrdinals>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetUpdateStrategy {
    pub type_: Option<String>,
    pub rolling_update: Option<RollingUpdateStatefulSetStrategy>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RollingUpdateStatefulSetStrategy {
    pub partition: Option<i32>,
    /// An int or a percentage string.
    pub max_unavailable: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub when_deleted: Option<String>,
    pub when_scaled: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatefulSetOrdinals {
    pub start: i32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetStatus {
    pub observed_generation: Option<i64>,
    pub replicas: i32,
    pub ready_replicas: i32,
    pub current_replicas: i32,
    pub updated_replicas: i32,
    pub available_replicas: i32,
    pub current_revision: String,
    pub update_revision: String,
    pub collision_count: Option<i32>,
    pub conditions: Option<Value>,
}

impl StatefulSet {
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }
    pub fn start_ordinal(&self) -> i32 {
        self.spec.ordinals.as_ref().map_or(0, |o| o.start)
    }
    /// Whether pods are managed one at a time (`OrderedReady`, "monotonic" upstream).
    pub fn is_ordered_ready(&self) -> bool {
        self.spec.pod_management_policy.as_deref() != Some("Parallel")
    }
    pub fn is_on_delete(&self) -> bool {
        self.spec
            .update_strategy
            .as_ref()
            .and_then(|s| s.type_.as_deref())
            == Some("OnDelete")
    }
    pub fn rolling_update(&self) -> Option<&RollingUpdateStatefulSetStrategy> {
        self.spec
            .update_strategy
            .as_ref()
            .and_then(|s| s.rolling_update.as_ref())
    }
    pub fn partition(&self) -> i32 {
        self.rolling_update().and_then(|r| r.partition).unwrap_or(0)
    }
    pub fn min_ready_seconds(&self) -> i32 {
        self.spec.min_ready_seconds.unwrap_or(0)
    }
    pub fn when_scaled_delete(&self) -> bool {
        self.retention()
            .is_some_and(|r| r.when_scaled.as_deref() == Some("Delete"))
    }
    pub fn when_deleted_delete(&self) -> bool {
        self.retention()
            .is_some_and(|r| r.when_deleted.as_deref() == Some("Delete"))
    }
    fn retention(&self) -> Option<&RetentionPolicy> {
        self.spec.persistent_volume_claim_retention_policy.as_ref()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ControllerRevision {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    /// The strategic-merge patch `{"spec":{"template":{...,"$patch":"replace"}}}`.
    pub data: Shared<Value>,
    pub revision: i64,
}
