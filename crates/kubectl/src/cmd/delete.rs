//! `kubectl delete`: by name, `-l`, `--all` or `-f`, with `--cascade`, `--grace-period`,
//! `--force` and `--wait` (which runs the simulation until the objects are gone).

use super::{targets, Ctx};
use crate::args::{boolean, val, Flag};
use crate::session::WaitEnd;
use std::rc::Rc;
use sts_core::api::{Kind, Object, ObjectKey};
use sts_core::cluster::{DeleteOptions, Propagation};
use sts_core::timeline::{Input, Outcome};

const FLAGS: &[Flag] = &[
    val("filename", Some('f')),
    val("selector", Some('l')),
    boolean("all", None),
    boolean("all-namespaces", Some('A')),
    val("cascade", None),
    val("grace-period", None),
    boolean("force", None),
    boolean("now", None),
    val("wait", None),
    val("timeout", None),
    boolean("ignore-not-found", None),
    val("output", Some('o')),
];

pub fn delete(ctx: &mut Ctx, words: &[String]) {
    // `--wait` is a boolean that may be given bare.
    let words: Vec<String> = words
        .iter()
        .map(|w| {
            if w == "--wait" {
                "--wait=true".to_string()
            } else {
                w.clone()
            }
        })
        .collect();
    let Some(args) = ctx.args(&words, FLAGS) else {
        return;
    };
    let propagation = match args.get("cascade") {
        None | Some("background") | Some("true") => Propagation::Background,
        Some("foreground") => Propagation::Foreground,
        Some("orphan") | Some("false") => Propagation::Orphan,
        Some(other) => {
            return ctx.fail(format!(
                "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            ))
        }
    };
    if let Some(v @ ("true" | "false")) = args.get("cascade") {
        let replacement = if v == "true" { "background" } else { "orphan" };
        ctx.out.err(format!(
            "warning: --cascade={v} is deprecated (boolean value) and can be replaced with --cascade={replacement}."
        ));
    }
    let mut grace: Option<i64> = match args.get("grace-period") {
        None => None,
        Some(g) => match g.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            Ok(_) => None,
            Err(_) => {
                return ctx.fail(format!(
                    "invalid argument \"{g}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{g}\": invalid syntax"
                ))
            }
        },
    };
    let force = args.on("force");
    if args.on("now") {
        if grace.is_some() {
            return ctx.fail("--now and --grace-period cannot be specified together");
        }
        grace = Some(1);
    }
    if force && grace.is_none() {
        grace = Some(0);
    }
    if grace == Some(0) && !force {
        // kubectl turns --grace-period=0 without --force into 1 s.
        grace = Some(1);
    }
    let wait = args.get("wait").map(|w| w != "false").unwrap_or(true);
    let Ok(timeout) = ctx.timeout(&args) else {
        return;
    };
    let Ok(selector) = ctx.selector(&args) else {
        return;
    };
    let all_ns = args.on("all-namespaces");
    let ns = ctx.namespace(&args);
    let namespace = (!all_ns).then_some(ns.as_str());
    let found = if let Some(path) = args.get("filename") {
        match super::apply::objects_in_file(ctx, path, &ns) {
            Some(t) => t,
            None => return,
        }
    } else {
        if args.positionals.is_empty() {
            ctx.out.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
            ctx.out.code = 1;
            return;
        }
        let has_names = args.positionals.len() > 1 || args.positionals[0].contains('/');
        if !has_names && selector.is_none() && !args.on("all") {
            ctx.out
                .err("error: resource(s) were provided, but no name was specified");
            ctx.out.code = 1;
            return;
        }
        match targets(ctx, &args.positionals, namespace, selector.as_ref()) {
            Some(t) => t,
            None => return,
        }
    };
    if args.on("ignore-not-found") {
        ctx.out.chunks.retain(|(_, t)| !t.contains("(NotFound)"));
        ctx.out.code = 0;
    }
    let objects: Vec<Rc<Object>> = found.groups.iter().flat_map(|(_, l)| l.clone()).collect();
    if objects.is_empty() {
        if !found.named {
            ctx.out.err("No resources found");
        }
        return;
    }
    if force && grace == Some(0) {
        ctx.out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
    }
    let opts = DeleteOptions {
        grace_period_seconds: grace,
        propagation,
    };
    let mut deleted: Vec<(ObjectKey, String)> = Vec::new();
    let mut sets_with_pods = Vec::new();
    for object in &objects {
        let key = object.key();
        if key.kind == Kind::StatefulSet && propagation != Propagation::Orphan {
            let pods = ctx
                .session
                .cluster()
                .store()
                .dependent_objects(&object.meta().uid)
                .filter(|o| o.kind() == Kind::Pod)
                .count();
            if pods > 0 {
                sets_with_pods.push((key.name().clone(), pods));
            }
        }
        match ctx.session.input(Input::Delete(key.clone(), opts)) {
            Outcome::Applied(Ok(_)) => {
                let verb = if force && grace == Some(0) {
                    "force deleted"
                } else {
                    "deleted"
                };
                let suffix = ctx.session.deleted_suffix(key.kind, key.namespace());
                if args.get("output") == Some("name") {
                    ctx.out.out(super::display(object));
                } else {
                    ctx.out.out(format!(
                        "{} \"{}\" {verb}{suffix}",
                        key.kind.qualified_singular(),
                        key.name()
                    ));
                }
                deleted.push((key, object.meta().uid.to_string()));
            }
            Outcome::Applied(Err(e)) => ctx.api_error(&e, None),
            _ => {}
        }
    }
    for (name, pods) in sets_with_pods {
        let how = match propagation {
            Propagation::Foreground => "the garbage collector deletes its",
            _ => "the garbage collector now deletes its",
        };
        ctx.out.note(format!(
            "Deleting StatefulSet {name} does not terminate its pods in reverse order: {how} {pods} pod(s) all at once.\nFor an ordered teardown, scale it to 0 first (kubectl scale statefulset {name} --replicas=0), then delete it."
        ));
    }
    if !wait || deleted.is_empty() {
        return;
    }
    let end = ctx.session.wait(
        timeout,
        &mut |cluster| {
            deleted
                .iter()
                .all(|(key, uid)| cluster.get(key).is_none_or(|o| &o.meta().uid != uid))
        },
        &mut |_| {},
    );
    match end {
        WaitEnd::Done => {}
        WaitEnd::Stopped => {
            ctx.out
                .note(crate::session::stopped_note(ctx.session.cluster()));
            ctx.out.code = 1;
        }
        WaitEnd::Timeout if timeout.is_some() => {
            ctx.out.err("error: timed out waiting for the condition");
            ctx.out.code = 1;
        }
        WaitEnd::Timeout | WaitEnd::Settled => {
            let left: Vec<String> = deleted
                .iter()
                .filter(|(key, uid)| {
                    ctx.session
                        .cluster()
                        .get(key)
                        .is_some_and(|o| &o.meta().uid == uid)
                })
                .map(|(key, _)| format!("{}/{}", key.kind.resource(), key.name()))
                .collect();
            ctx.out.note(format!(
                "kubectl would keep waiting here: {} is still there and nothing in the simulation will remove it (see sim explain; a force delete or bringing its node back ends the wait)",
                left.join(", ")
            ));
        }
    }
}
