//! `kubectl apply` (client-side): create the object with its configuration recorded in the
//! `kubectl.kubernetes.io/last-applied-configuration` annotation, or compute a three-way patch
//! from that record, the new configuration and the live object — fields set in the
//! configuration are merged in (strategically), fields that were in the last applied
//! configuration but are no longer are removed — and report `created`, `configured` or
//! `unchanged`.

use super::{strict_decode_value, DecodeError};
use crate::api::{Kind, Object};
use crate::patch::{merge_key, strategic_merge_patch};
use serde_json::Value;

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

#[derive(Clone, Debug, PartialEq)]
pub enum ApplyPlan {
    Create(Object),
    /// The merged object to PUT.
    Update(Object),
    Unchanged,
}

/// Plans the apply of `config` (a document as written) over `live`, the object the caller
/// found under the document's name in its namespace (kubectl resolves the namespace first).
pub fn plan(kind: Kind, config: &Value, live: Option<&Object>) -> Result<ApplyPlan, DecodeError> {
    let mut config = config.clone();
    let record = last_applied_text(&config);
    set_annotation(&mut config, &record);
    let Some(live) = live else {
        return strict_decode_value(kind, config).map(ApplyPlan::Create);
    };
    let live_json = live.to_json();
    let original: Option<Value> = live
        .meta()
        .annotations
        .get(LAST_APPLIED)
        .and_then(|text| serde_json::from_str(text).ok());
    let mut merged = live_json.clone();
    strategic_merge_patch(&mut merged, &config)
        .map_err(|message| DecodeError::Type { kind, message })?;
    if let Some(original) = &original {
        remove_absent(&mut merged, original, &config, "");
    }
    if merged == live_json {
        return Ok(ApplyPlan::Unchanged);
    }
    strict_decode_value(kind, merged).map(ApplyPlan::Update)
}

/// What kubectl records (`GetModifiedConfiguration`): the configuration with its annotations
/// set to what they are without the record itself — an empty map when there are none, which
/// kubectl writes as `"annotations":{}` — as compact JSON with sorted keys and a newline.
fn last_applied_text(config: &Value) -> String {
    let mut recorded = config.clone();
    if let Some(meta) = recorded.get_mut("metadata").and_then(Value::as_object_mut) {
        let annotations = meta
            .entry("annotations")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(annotations) = annotations.as_object_mut() {
            annotations.remove(LAST_APPLIED);
        }
    }
    format!(
        "{}\n",
        serde_json::to_string(&recorded).expect("JSON values serialize")
    )
}

fn set_annotation(config: &mut Value, record: &str) {
    let Some(map) = config.as_object_mut() else {
        return;
    };
    let meta = map
        .entry("metadata")
        .or_insert_with(|| Value::Object(Default::default()));
    let Some(meta) = meta.as_object_mut() else {
        return;
    };
    let annotations = meta
        .entry("annotations")
        .or_insert_with(|| Value::Object(Default::default()));
    if let Some(annotations) = annotations.as_object_mut() {
        annotations.insert(LAST_APPLIED.into(), Value::String(record.into()));
    }
}

/// Removes from `live` what `original` set and `modified` no longer does.
fn remove_absent(live: &mut Value, original: &Value, modified: &Value, parent: &str) {
    let (Some(original), Some(live_map)) = (original.as_object(), live.as_object_mut()) else {
        return;
    };
    for (key, was) in original {
        let Some(now) = modified.get(key) else {
            live_map.remove(key);
            continue;
        };
        let Some(live_value) = live_map.get_mut(key) else {
            continue;
        };
        match (was, now, merge_key(parent, key)) {
            (Value::Object(_), Value::Object(_), _) => remove_absent(live_value, was, now, key),
            (Value::Array(was_items), Value::Array(now_items), Some(merge)) => {
                let Some(live_items) = live_value.as_array_mut() else {
                    continue;
                };
                for was_item in was_items {
                    let id = was_item.get(merge);
                    match now_items.iter().find(|n| n.get(merge) == id) {
                        None => live_items.retain(|l| l.get(merge) != id),
                        Some(now_item) => {
                            if let Some(live_item) =
                                live_items.iter_mut().find(|l| l.get(merge) == id)
                            {
                                remove_absent(live_item, was_item, now_item, key);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
