//! Object metadata shared by every kind: names, identity, versions, ownership and lifecycle.

use super::name::Name;
use super::shared::Shared;
use crate::time::Time;

/// Labels, selectors and annotations: text to text, in key order.
pub type Labels = super::strmap::StrMap;

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectMeta {
    pub name: Name,
    pub generate_name: Name,
    pub namespace: Name,
    pub uid: Name,
    pub resource_version: Name,
    pub generation: i64,
    pub creation_timestamp: Option<Time>,
    pub deletion_timestamp: Option<Time>,
    pub deletion_grace_period_seconds: Option<i64>,
    pub labels: Shared<Labels>,
    pub annotations: Shared<Labels>,
    pub owner_references: Shared<Vec<OwnerReference>>,
    /// Shared like the maps: a claim's or volume's protection finalizer is otherwise one
    /// list and one string copied with every write of the object.
    pub finalizers: Shared<Vec<String>>,
    /// Server-side apply bookkeeping; accepted for round-trips, never simulated.
    pub managed_fields: Option<Box<serde_json::Value>>,
}

thread_local! {
    /// Empty maps and lists shared by every new `ObjectMeta` (events make one each): a
    /// default then allocates nothing, and a write copies on first change as usual.
    static EMPTY_MAP: Shared<Labels> = Shared::default();
    static EMPTY_REFS: Shared<Vec<OwnerReference>> = Shared::default();
    static EMPTY_LIST: Shared<Vec<String>> = Shared::default();
}

impl Default for ObjectMeta {
    fn default() -> ObjectMeta {
        ObjectMeta {
            name: Name::empty(),
            generate_name: Name::empty(),
            namespace: Name::empty(),
            uid: Name::empty(),
            resource_version: Name::empty(),
            generation: 0,
            creation_timestamp: None,
            deletion_timestamp: None,
            deletion_grace_period_seconds: None,
            labels: EMPTY_MAP.with(Shared::clone),
            annotations: EMPTY_MAP.with(Shared::clone),
            owner_references: EMPTY_REFS.with(Shared::clone),
            finalizers: EMPTY_LIST.with(Shared::clone),
            managed_fields: None,
        }
    }
}

impl ObjectMeta {
    /// The controller ownerReference, if any.
    pub fn controller(&self) -> Option<&OwnerReference> {
        self.owner_references
            .iter()
            .find(|r| r.controller == Some(true))
    }
    pub fn is_terminating(&self) -> bool {
        self.deletion_timestamp.is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: Name,
    pub uid: Name,
    pub controller: Option<bool>,
    pub block_owner_deletion: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: Option<Labels>,
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    pub values: Option<Vec<String>>,
}

impl LabelSelector {
    /// `metav1.LabelSelectorAsSelector` semantics: an empty selector matches everything.
    /// Unknown operators match nothing.
    pub fn matches(&self, labels: &Labels) -> bool {
        let by_label = self
            .match_labels
            .iter()
            .flatten()
            .all(|(k, v)| labels.get(k) == Some(v));
        by_label
            && self.match_expressions.iter().flatten().all(|req| {
                let values = req.values.as_deref().unwrap_or(&[]);
                let value = labels.get(&req.key);
                match req.operator.as_str() {
                    "In" => value.is_some_and(|v| values.iter().any(|x| *x == *v)),
                    "NotIn" => value.is_none_or(|v| !values.iter().any(|x| *x == *v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.as_ref().is_none_or(|m| m.is_empty())
            && self.match_expressions.as_ref().is_none_or(|m| m.is_empty())
    }

    /// The selector as kubectl prints it: `app=nginx,tier in (a,b)`.
    pub fn to_selector_string(&self) -> String {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .flatten()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for req in self.match_expressions.iter().flatten() {
            let values = req.values.clone().unwrap_or_default().join(",");
            parts.push(match req.operator.as_str() {
                "In" => format!("{} in ({values})", req.key),
                "NotIn" => format!("{} notin ({values})", req.key),
                "Exists" => req.key.clone(),
                "DoesNotExist" => format!("!{}", req.key),
                other => format!("{} {other} ({values})", req.key),
            });
        }
        crate::sort::sort(&mut parts);
        parts.join(",")
    }
}

/// kubectl's `k=v,k2=v2` form of a label map, sorted by key.
pub fn labels_string(labels: &Labels) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
