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
    let timeout = match args.get("timeout").map(Duration::parse) {
        None | Some(Some(Duration::ZERO)) => None,
        Some(Some(d)) => Some(d),
        Some(None) => return ctx.fail("invalid --timeout value"),
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
                p.metadata.uid.clone(),
                p.metadata.controller().is_some(),
            )),
            _ => None,
        })
        .collect();
    let bare: Vec<String> = pods
        .iter()
        .filter(|(_, _, controlled)| !controlled)
        .map(|(k, _, _)| format!("{}/{}", k.namespace, k.name))
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
            .out(format!("evicting pod {}/{}", key.namespace, key.name));
    }
    loop {
        let mut still = Vec::new();
        for (key, uid) in pending {
            match ctx.session.input(Input::EvictApi {
                namespace: key.namespace.clone(),
                pod: key.name.clone(),
            }) {
                Outcome::Changed(Ok(_)) => waiting.push((key, uid)),
                Outcome::Changed(Err(e)) if e.reason == "TooManyRequests" => {
                    ctx.out.err(format!(
                        "error when evicting pods/\"{}\" -n \"{}\" (will retry after 5s): {}",
                        key.name, key.namespace, e.message
                    ));
                    still.push((key, uid));
                }
                Outcome::Changed(Err(e)) if e.reason == "NotFound" => {
                    ctx.out.out(format!("pod/{} evicted", key.name));
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
                    gone_lines.push_str(&format!("pod/{} evicted\n", key.name));
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
                .map(|(k, _)| format!("{}/{}", k.namespace, k.name))
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
