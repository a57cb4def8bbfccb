//! The three patch formats `kubectl patch` speaks, over JSON values: JSON merge patch
//! (RFC 7386), JSON patch (RFC 6902) and the strategic merge patch, which merges lists of
//! objects by their merge key (containers by `name`, container ports by `containerPort`, …),
//! honours `$patch: replace|delete` and deletes fields set to `null`.

use serde_json::{Map, Value};

/// RFC 7386: objects merge recursively, `null` deletes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let map = target.as_object_mut().expect("just made an object");
    for (k, v) in patch {
        if v.is_null() {
            map.remove(k);
        } else {
            merge_patch(map.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

/// The merge key of a list field, by the field's name and its parent's (strategic merge
/// patch metadata of the Kubernetes types that appear in StatefulSet manifests).
pub(crate) fn merge_key(parent: &str, field: &str) -> Option<&'static str> {
    Some(match (parent, field) {
        (
            _,
            "containers"
            | "initContainers"
            | "ephemeralContainers"
            | "volumes"
            | "env"
            | "imagePullSecrets",
        ) => "name",
        ("spec", "ports") => "port",
        (_, "ports") => "containerPort",
        (_, "volumeMounts") => "mountPath",
        (_, "volumeDevices") => "devicePath",
        (_, "hostAliases") => "ip",
        (_, "ownerReferences") => "uid",
        (_, "conditions") => "type",
        (_, "topologySpreadConstraints") => "topologyKey",
        (_, "resourceClaims") => "name",
        _ => return None,
    })
}

/// Strategic merge patch as the API server applies it to built-in types.
pub fn strategic_merge_patch(target: &mut Value, patch: &Value) -> Result<(), String> {
    smp(target, patch, "")
}

fn smp(target: &mut Value, patch: &Value, parent: &str) -> Result<(), String> {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return Ok(());
    };
    if patch.get("$patch").and_then(Value::as_str) == Some("replace") {
        let mut replacement = patch.clone();
        replacement.remove("$patch");
        *target = Value::Object(replacement);
        return Ok(());
    }
    if patch.get("$patch").and_then(Value::as_str) == Some("delete") {
        *target = Value::Null;
        return Ok(());
    }
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    for (k, v) in patch {
        if k.starts_with('$') || k.starts_with("$setElementOrder/") {
            continue;
        }
        let map = target.as_object_mut().expect("an object");
        if v.is_null() {
            map.remove(k);
            continue;
        }
        match (v, merge_key(parent, k), k.as_str()) {
            (Value::Array(items), Some(key), _) => {
                let current = map
                    .entry(k.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if !current.is_array() {
                    *current = Value::Array(Vec::new());
                }
                merge_list(current.as_array_mut().expect("an array"), items, key, k)?;
            }
            (Value::Array(items), None, "finalizers") => {
                // A set of strings: union, keeping order.
                let current = map
                    .entry(k.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                let list = current.as_array_mut().ok_or("finalizers is not a list")?;
                for item in items {
                    if !list.contains(item) {
                        list.push(item.clone());
                    }
                }
            }
            (Value::Object(_), _, _) => {
                let entry = map.entry(k.clone()).or_insert(Value::Null);
                smp(entry, v, k)?;
                if entry.is_null() {
                    map.remove(k);
                }
            }
            _ => {
                map.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(())
}

/// Merges `items` into `list` by `key`: matching items merge, new ones are appended, items
/// with `$patch: delete` are removed, a `{"$patch": "replace"}` item replaces the whole list.
fn merge_list(
    list: &mut Vec<Value>,
    items: &[Value],
    key: &str,
    field: &str,
) -> Result<(), String> {
    if items
        .iter()
        .any(|i| i.get("$patch").and_then(Value::as_str) == Some("replace"))
    {
        *list = items
            .iter()
            .filter(|i| i.get("$patch").is_none())
            .cloned()
            .collect();
        return Ok(());
    }
    for item in items {
        let Some(id) = item.get(key) else {
            return Err(format!(
                "map: map[] does not contain declared merge key: {key}"
            ));
        };
        let position = list
            .iter()
            .position(|existing| existing.get(key) == Some(id));
        let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
        match (position, delete) {
            (Some(i), true) => {
                list.remove(i);
            }
            (None, true) => {}
            (Some(i), false) => smp(&mut list[i], item, field)?,
            (None, false) => {
                let mut added = Value::Null;
                smp(&mut added, item, field)?;
                list.push(added);
            }
        }
    }
    Ok(())
}

/// RFC 6902 JSON patch. Errors use kubectl's wording where it has one.
pub fn json_patch(target: &mut Value, ops: &Value) -> Result<(), String> {
    let Some(ops) = ops.as_array() else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        match kind {
            "add" => add(target, path, value_of(op)?)?,
            "remove" => {
                remove(target, path)?;
            }
            "replace" => {
                pointer_mut(target, path).ok_or_else(|| missing(path))?;
                remove(target, path)?;
                add(target, path, value_of(op)?)?;
            }
            "move" | "copy" => {
                let from = op.get("from").and_then(Value::as_str).unwrap_or("");
                let value = target.pointer(from).cloned().ok_or_else(|| missing(from))?;
                if kind == "move" {
                    remove(target, from)?;
                }
                add(target, path, value)?;
            }
            "test" => {
                if target.pointer(path) != Some(&value_of(op)?) {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(())
}

fn value_of(op: &Value) -> Result<Value, String> {
    op.get("value")
        .cloned()
        .ok_or_else(|| "missing value".to_string())
}

fn missing(path: &str) -> String {
    format!("replace operation does not apply: doc is missing path: \"{path}\": missing value")
}

fn pointer_mut<'a>(target: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    target.pointer_mut(path)
}

fn split_parent(path: &str) -> Result<(&str, String), String> {
    let (parent, last) = path
        .rsplit_once('/')
        .ok_or_else(|| format!("invalid path {path}"))?;
    Ok((parent, last.replace("~1", "/").replace("~0", "~")))
}

fn add(target: &mut Value, path: &str, value: Value) -> Result<(), String> {
    if path.is_empty() {
        *target = value;
        return Ok(());
    }
    let (parent, last) = split_parent(path)?;
    let parent_value = target.pointer_mut(parent).ok_or_else(|| {
        format!("add operation does not apply: doc is missing path: \"{path}\": missing value")
    })?;
    match parent_value {
        Value::Object(map) => {
            map.insert(last, value);
        }
        Value::Array(list) => {
            if last == "-" {
                list.push(value);
            } else {
                let i: usize = last.parse().map_err(|_| format!("invalid index {last}"))?;
                if i > list.len() {
                    return Err(format!("add operation does not apply: doc is missing path: \"{path}\": missing value"));
                }
                list.insert(i, value);
            }
        }
        _ => {
            return Err(format!(
                "add operation does not apply: doc is missing path: \"{path}\": missing value"
            ))
        }
    }
    Ok(())
}

fn remove(target: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_parent(path)?;
    let err = || {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    };
    match target.pointer_mut(parent).ok_or_else(err)? {
        Value::Object(map) => map.remove(&last).ok_or_else(err),
        Value::Array(list) => {
            let i: usize = last.parse().map_err(|_| err())?;
            (i < list.len()).then(|| list.remove(i)).ok_or_else(err)
        }
        _ => Err(err()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod_spec() -> Value {
        json!({"spec": {"template": {"spec": {"containers": [
            {"name": "nginx", "image": "nginx:1", "ports": [{"containerPort": 80, "name": "web"}]},
            {"name": "side", "image": "busybox"}
        ]}}, "replicas": 3}})
    }

    #[test]
    fn strategic_merge_merges_containers_by_name_and_null_deletes() {
        let mut v = pod_spec();
        strategic_merge_patch(&mut v, &json!({"spec": {"replicas": null, "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:2"}]}}}})).unwrap();
        assert_eq!(
            v["spec"]["template"]["spec"]["containers"][0],
            json!({"name": "nginx", "image": "nginx:2", "ports": [{"containerPort": 80, "name": "web"}]})
        );
        assert_eq!(
            v["spec"]["template"]["spec"]["containers"][1]["name"],
            "side"
        );
        assert!(v["spec"].get("replicas").is_none());
    }

    #[test]
    fn strategic_merge_directives_replace_and_delete() {
        let mut v = pod_spec();
        strategic_merge_patch(&mut v, &json!({"spec": {"template": {"spec": {"containers": [{"name": "side", "$patch": "delete"}]}}}})).unwrap();
        assert_eq!(
            v["spec"]["template"]["spec"]["containers"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let mut s = json!({"spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}}});
        // The tutorial's OnDelete patch keeps the stored rollingUpdate (spec §10.4) …
        strategic_merge_patch(
            &mut s,
            &json!({"spec": {"updateStrategy": {"type": "OnDelete"}}}),
        )
        .unwrap();
        assert_eq!(s["spec"]["updateStrategy"]["rollingUpdate"]["partition"], 0);
        // … unless it is nulled.
        strategic_merge_patch(
            &mut s,
            &json!({"spec": {"updateStrategy": {"type": "OnDelete", "rollingUpdate": null}}}),
        )
        .unwrap();
        assert_eq!(s["spec"]["updateStrategy"], json!({"type": "OnDelete"}));
    }

    #[test]
    fn json_patch_replaces_the_tutorial_image() {
        let mut v = pod_spec();
        json_patch(&mut v, &json!([{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:3"}])).unwrap();
        assert_eq!(
            v["spec"]["template"]["spec"]["containers"][0]["image"],
            "nginx:3"
        );
        let err = json_patch(
            &mut v,
            &json!([{"op": "replace", "path": "/spec/nope/x", "value": 1}]),
        )
        .unwrap_err();
        assert_eq!(err, "replace operation does not apply: doc is missing path: \"/spec/nope/x\": missing value");
        json_patch(&mut v, &json!([{"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "c"}}])).unwrap();
        assert_eq!(
            v["spec"]["template"]["spec"]["containers"]
                .as_array()
                .unwrap()
                .len(),
            3
        );
        json_patch(&mut v, &json!([{"op": "remove", "path": "/spec/replicas"}])).unwrap();
        assert!(v["spec"].get("replicas").is_none());
    }

    #[test]
    fn merge_patch_replaces_lists_whole() {
        let mut v = pod_spec();
        merge_patch(
            &mut v,
            &json!({"spec": {"template": {"spec": {"containers": [{"name": "only"}]}}}}),
        );
        assert_eq!(
            v["spec"]["template"]["spec"]["containers"],
            json!([{"name": "only"}])
        );
    }
}
