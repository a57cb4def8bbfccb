//! `kubectl cordon`, `uncordon` and `drain` (evictions through the Eviction API, which honours
//! PodDisruptionBudgets and retries every 5 s as kubectl does).

use super::Ctx;
use crate::args::{boolean, val, Flag};
use crate::session::WAIT_CAP;
use sts_core::api::{Kind, Object, ObjectKey};
use sts_core::time::Duration;
use sts_core::timeline::{Input, Outcome};

const FLAGS: &[Flag] = &[
    boolean("ignore-daemonsets", None),
    boolean("delete-emptydir-data", None),
    boolean("delete-local-data", None),
    boolean("force", None),
    val("timeout", None),
    val("grace-period", None),
    val("selector", Some('l')),
    val("pod-selector", None),
    val("dry-run", None),
    boolean("disable-eviction", None),
];

pub fn cordon(ctx: &mut Ctx, words: &[String], on: bool) {
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    if args.positionals.is_empty() {
        return ctx
            .fail("USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples");
    }
    for name in args.positionals.clone() {
        let name = name.strip_prefix("node/").unwrap_or(&name).to_string();
        cordon_one(ctx, &name, on);
    }
}

fn cordon_one(ctx: &mut Ctx, name: &str, on: bool) -> bool {
    let outcome = ctx.session.input(Input::Cordon {
        node: name.to_string(),
        unschedulable: on,
    });
    let word = if on { "cordoned" } else { "uncordoned" };
    match outcome {
        Outcome::Changed(Ok(true)) => ctx.out.out(format!("node/{name} {word}")),
        Outcome::Changed(Ok(false)) => ctx.out.out(format!("node/{name} already {word}")),
        Outcome::Changed(Err(e)) => {
            ctx.api_error(&e, None);
            return false;
        }
        _ => {}
    }
    true
}

pub fn drain(ctx: &mut Ctx, words: &[String]) {
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let [name] = args.positionals.as_slice() else {
        return ctx.fail("USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples");
    };
    let name = name.strip_prefix("node/").unwrap_or(name).to_string();
    let Ok(timeout) = ctx.timeout(&args) else {
        return;
    };
    if !cordon_one(ctx, &name, true) {
        return;
    }
    let pods: Vec<(ObjectKey, String, bool)> = ctx
        .session
        .cluster()
        .list(Kind::Pod, None)
        .filter_map(|o| match &**o {
            Object::Pod(p) if p.spec.node_name.as_deref() == Some(name.as_str()) => Some((
                o.key(),
                p.metadata.uid.to_string(),
                p.metadata.controller().is_some(),
            )),
            _ => None,
        })
        .collect();
    let bare: Vec<String> = pods
        .iter()
        .filter(|(_, _, controlled)| !controlled)
        .map(|(k, _, _)| format!("{}/{}", k.namespace(), k.name()))
        .collect();
    if !bare.is_empty() && !args.on("force") {
        ctx.out.err(format!(
            "error: unable to drain node \"{name}\" due to error: cannot delete Pods that declare no controller (use --force to override): {}, continuing command...\nThere are pending nodes to be drained:\n {name}\ncannot delete Pods that declare no controller (use --force to override): {}",
            bare.join(", "),
            bare.join(", ")
        ));
        ctx.out.code = 1;
        return;
    }
    if !bare.is_empty() {
        ctx.out.err(format!(
            "Warning: deleting Pods that declare no controller: {}",
            bare.join(", ")
        ));
    }
    let deadline = ctx.session.now() + timeout.unwrap_or(WAIT_CAP);
    let mut waiting: Vec<(ObjectKey, String)> = Vec::new();
    let mut pending: Vec<(ObjectKey, String)> = pods.into_iter().map(|(k, u, _)| (k, u)).collect();
    for (key, _) in &pending {
        ctx.out
            .out(format!("evicting pod {}/{}", key.namespace(), key.name()));
    }
    loop {
        let mut still = Vec::new();
        for (key, uid) in pending {
            match ctx.session.input(Input::EvictApi {
                namespace: key.namespace().to_string(),
                pod: key.name().to_string(),
            }) {
                Outcome::Changed(Ok(_)) => waiting.push((key, uid)),
                Outcome::Changed(Err(e)) if e.reason == "TooManyRequests" => {
                    ctx.out.err(format!(
                        "error when evicting pods/\"{}\" -n \"{}\" (will retry after 5s): {}",
                        key.name(),
                        key.namespace(),
                        e.message
                    ));
                    still.push((key, uid));
                }
                Outcome::Changed(Err(e)) if e.reason == "NotFound" => {
                    ctx.out.out(format!("pod/{} evicted", key.name()));
                }
                Outcome::Changed(Err(e)) => {
                    ctx.api_error(&e, None);
                }
                _ => {}
            }
        }
        pending = still;
        // Let 5 s pass (or until every requested eviction is done), reporting as pods go.
        let step_end = (ctx.session.now() + Duration::seconds(5)).min(deadline);
        let mut gone_lines = String::new();
        loop {
            let before = waiting.len();
            waiting.retain(|(key, uid)| {
                let present = ctx
                    .session
                    .cluster()
                    .get(key)
                    .is_some_and(|o| &o.meta().uid == uid);
                if !present {
                    gone_lines.push_str(&format!("pod/{} evicted\n", key.name()));
                }
                present
            });
            let _ = before;
            if (waiting.is_empty() && pending.is_empty()) || ctx.session.now() >= step_end {
                break;
            }
            let left = step_end - ctx.session.now();
            let targets = waiting.clone();
            ctx.session.wait(
                Some(left),
                &mut |cluster| {
                    targets
                        .iter()
                        .any(|(k, u)| cluster.get(k).is_none_or(|o| &o.meta().uid != u))
                },
                &mut |_| {},
            );
            if !waiting.iter().any(|(k, u)| {
                ctx.session
                    .cluster()
                    .get(k)
                    .is_none_or(|o| &o.meta().uid != u)
            }) && ctx.session.now() >= step_end
            {
                break;
            }
        }
        ctx.out.out(gone_lines);
        if waiting.is_empty() && pending.is_empty() {
            ctx.out.out(format!("node/{name} drained"));
            return;
        }
        if ctx.session.now() >= deadline {
            let left: Vec<String> = waiting
                .iter()
                .chain(&pending)
                .map(|(k, _)| format!("{}/{}", k.namespace(), k.name()))
                .collect();
            if timeout.is_some() {
                ctx.out.err(format!(
                    "There are pending pods in node \"{name}\" when an error occurred: error when waiting for pod evictions: global timeout reached: {}",
                    timeout.unwrap_or(WAIT_CAP)
                ));
                ctx.out.err(format!("error: unable to drain node \"{name}\" due to error: drain did not complete within {}, continuing command...", timeout.unwrap_or(WAIT_CAP)));
                ctx.out.code = 1;
            } else {
                ctx.out.note(format!(
                    "kubectl would keep retrying here: {} cannot be evicted (a PodDisruptionBudget allows no disruption right now)",
                    left.join(", ")
                ));
            }
            return;
        }
    }
}

/// `kubectl taint nodes NODE key[=value]:Effect … [--overwrite]`, and `key[:Effect]-` to
/// remove.
pub fn taint(ctx: &mut Ctx, words: &[String]) {
    const TAINT_FLAGS: &[Flag] = &[
        boolean("overwrite", None),
        boolean("all", None),
        val("selector", Some('l')),
    ];
    let Some(args) = ctx.args(words, TAINT_FLAGS) else {
        return;
    };
    let mut positionals = args.positionals.clone();
    let node = match positionals.first().map(String::as_str) {
        Some(n) if n.starts_with("node/") || n.starts_with("nodes/") => positionals
            .remove(0)
            .split_once('/')
            .map(|(_, n)| n.to_string())
            .unwrap_or_default(),
        Some("node" | "nodes" | "no") if positionals.len() >= 2 => {
            positionals.remove(0);
            positionals.remove(0)
        }
        Some(_) => return ctx.fail("at least one taint update is required"),
        None => return ctx.fail("at least one taint update is required"),
    };
    if positionals.is_empty() {
        return ctx.fail("at least one taint update is required");
    }
    let mut add: Vec<(String, Option<String>, String)> = Vec::new();
    let mut remove: Vec<(String, Option<String>)> = Vec::new();
    for spec in &positionals {
        if let Some(rest) = spec.strip_suffix('-') {
            let (key, effect) = match rest.split_once(':') {
                Some((k, e)) => (k.to_string(), Some(e.to_string())),
                None => (rest.to_string(), None),
            };
            remove.push((key, effect));
            continue;
        }
        let Some((kv, effect)) = spec.rsplit_once(':') else {
            return ctx.fail(format!(
                "invalid taint spec: {spec}, unknown taint spec: {spec}"
            ));
        };
        if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
            return ctx.fail(format!("invalid taint spec: {spec}, invalid taint effect: {effect}, unsupported taint effect"));
        }
        let (key, value) = match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (kv.to_string(), None),
        };
        add.push((key, value, effect.to_string()));
    }
    let Some(object) = ctx.session.get(Kind::Node, "", &node) else {
        return ctx.not_found(Kind::Node, &node);
    };
    let overwrite = args.on("overwrite");
    let now = ctx.session.now();
    let result = super::modify::change(ctx, &object, &mut |v| {
        let taints = v["spec"]
            .as_object_mut()
            .ok_or("node has no spec")?
            .entry("taints")
            .or_insert_with(|| serde_json::Value::Array(Vec::new()))
            .as_array_mut()
            .ok_or("malformed taints")?;
        for (key, effect) in &remove {
            let before = taints.len();
            taints.retain(|t| {
                !(t["key"] == key.as_str()
                    && effect.as_ref().is_none_or(|e| t["effect"] == e.as_str()))
            });
            if taints.len() == before {
                let shown = match effect {
                    Some(e) => format!("{key}:{e}"),
                    None => key.clone(),
                };
                return Err(format!("taint \"{shown}\" not found"));
            }
        }
        for (key, value, effect) in &add {
            if let Some(existing) = taints
                .iter_mut()
                .find(|t| t["key"] == key.as_str() && t["effect"] == effect.as_str())
            {
                if !overwrite {
                    return Err(format!(
                        "node {node} already has {key} taint(s) with same effect(s) and --overwrite is false"
                    ));
                }
                existing["value"] = value
                    .clone()
                    .map_or(serde_json::Value::Null, serde_json::Value::from);
                continue;
            }
            let mut t = serde_json::json!({"key": key, "effect": effect});
            if let Some(v) = value {
                t["value"] = serde_json::Value::from(v.clone());
            }
            if effect == "NoExecute" {
                t["timeAdded"] = serde_json::Value::from(now.rfc3339());
            }
            taints.push(t);
        }
        if taints.is_empty() {
            v["spec"].as_object_mut().map(|s| s.remove("taints"));
        }
        Ok(())
    });
    let word = if add.is_empty() {
        "untainted"
    } else {
        "tainted"
    };
    match result {
        super::modify::Changed::Yes | super::modify::Changed::No => {
            ctx.out.out(format!("node/{node} {word}"))
        }
        super::modify::Changed::Failed => {}
    }
}
