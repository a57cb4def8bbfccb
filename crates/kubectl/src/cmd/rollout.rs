//! `kubectl rollout status|history|undo|restart|pause|resume` for StatefulSets (spec §8.5,
//! §8.8), with kubectl's exact messages.

use super::{display, modify, targets, Ctx};
use crate::args::{boolean, val, Flag};
use crate::printers::TabWriter;
use crate::session::WaitEnd;
use serde_json::Value;
use std::rc::Rc;
use sts_core::api::encode::Encode;
use sts_core::api::{ControllerRevision, Kind, Object, StatefulSet};
use sts_core::cluster::Cluster;

const FLAGS: &[Flag] = &[
    val("watch", Some('w')),
    val("timeout", None),
    val("revision", None),
    val("to-revision", None),
    val("output", Some('o')),
    val("template", None),
    val("dry-run", None),
    val("filename", Some('f')),
    val("selector", Some('l')),
    boolean("recursive", Some('R')),
];

pub fn rollout(ctx: &mut Ctx, words: &[String]) {
    let Some(verb) = words.first().cloned() else {
        ctx.out.err("error: Required resource not specified.\nSee 'kubectl rollout -h' for help and examples");
        ctx.out.code = 1;
        return;
    };
    if !matches!(
        verb.as_str(),
        "status" | "history" | "undo" | "restart" | "pause" | "resume"
    ) {
        ctx.out.err(format!(
            "error: unknown command \"{verb}\" for \"kubectl rollout\"\nRun 'kubectl rollout --help' for usage."
        ));
        ctx.out.code = 1;
        return;
    }
    ctx.command = format!("rollout {verb}");
    // `--watch` is a boolean that may be given bare.
    let words: Vec<String> = words[1..]
        .iter()
        .map(|w| match w.as_str() {
            "--watch" | "-w" => "--watch=true".to_string(),
            _ => w.clone(),
        })
        .collect();
    let Some(args) = ctx.args(&words, FLAGS) else {
        return;
    };
    if args.positionals.is_empty() {
        ctx.out.err(format!(
            "error: required resource not specified\nSee 'kubectl rollout {verb} -h' for help and examples"
        ));
        ctx.out.code = 1;
        return;
    }
    let ns = ctx.namespace(&args);
    let objects: Vec<Rc<Object>> = match targets(ctx, &args.positionals, Some(&ns), None) {
        Some(t) => t.groups.into_iter().flat_map(|(_, l)| l).collect(),
        None => return,
    };
    for object in objects {
        let Object::StatefulSet(set) = &*object else {
            let what = match verb.as_str() {
                "status" => "status viewer",
                "history" | "undo" => "history viewer",
                _ => "handler",
            };
            ctx.fail(format!(
                "no {what} has been implemented for {{\"{}\" \"{}\"}}",
                object.kind().group(),
                object.kind().name()
            ));
            continue;
        };
        match verb.as_str() {
            "status" => status(ctx, &object, &args),
            "history" => history(ctx, &object, set, &args),
            "undo" => undo(
                ctx,
                &object,
                set,
                args.get("to-revision"),
                args.get("dry-run"),
            ),
            "restart" => {
                let now = ctx.session.now().rfc3339();
                match modify::change(ctx, &object, &mut |v| {
                    let meta = v
                        .pointer_mut("/spec/template/metadata")
                        .and_then(Value::as_object_mut)
                        .ok_or("the StatefulSet has no pod template")?;
                    let annotations = meta
                        .entry("annotations")
                        .or_insert_with(|| Value::Object(Default::default()));
                    annotations["kubectl.kubernetes.io/restartedAt"] = Value::from(now.clone());
                    Ok(())
                }) {
                    modify::Changed::Failed => {}
                    _ => ctx.out.out(format!("{} restarted", display(&object))),
                }
            }
            "pause" | "resume" => {
                let doing = if verb == "pause" {
                    "pausing"
                } else {
                    "resuming"
                };
                ctx.fail(format!(
                    "{} \"{}\" {doing} is not supported",
                    Kind::StatefulSet.qualified_resource(),
                    set.metadata.name
                ));
            }
            _ => unreachable!(),
        }
    }
}

/// `StatefulSetStatusViewer.Status`: the message for the set as it is, and whether the
/// rollout is done. `Err` for the OnDelete refusal.
pub fn status_message(set: &StatefulSet) -> Result<(String, bool), String> {
    let strategy = set.spec.update_strategy.as_ref();
    if strategy
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate")
        != "RollingUpdate"
    {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let status = &set.status;
    let observed = status.observed_generation.unwrap_or(0);
    if observed == 0 || set.metadata.generation > observed {
        return Ok((
            "Waiting for statefulset spec update to be observed...".into(),
            false,
        ));
    }
    let replicas = set.spec.replicas.unwrap_or(1);
    if status.ready_replicas < replicas {
        return Ok((
            format!(
                "Waiting for {} pods to be ready...",
                replicas - status.ready_replicas
            ),
            false,
        ));
    }
    let updated = status.updated_replicas;
    match strategy.and_then(|s| s.rolling_update.as_ref()) {
        Some(rolling) => {
            let partition = rolling.partition.unwrap_or(0);
            if updated < replicas - partition {
                return Ok((
                    format!(
                        "Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...",
                        replicas - partition
                    ),
                    false,
                ));
            }
            Ok((
                format!("partitioned roll out complete: {updated} new pods have been updated..."),
                true,
            ))
        }
        None => {
            if status.update_revision != status.current_revision {
                return Ok((
                    format!(
                        "waiting for statefulset rolling update to complete {updated} pods at revision {}...",
                        status.update_revision
                    ),
                    false,
                ));
            }
            Ok((
                format!(
                    "statefulset rolling update complete {} pods at revision {}...",
                    status.current_replicas, status.current_revision
                ),
                true,
            ))
        }
    }
}

fn live_set(cluster: &Cluster, key: &sts_core::api::ObjectKey) -> Option<(String, StatefulSet)> {
    match cluster.get(key).map(|o| &**o) {
        Some(Object::StatefulSet(s)) => Some((s.metadata.resource_version.to_string(), s.clone())),
        _ => None,
    }
}

fn status(ctx: &mut Ctx, object: &Rc<Object>, args: &crate::args::Args) {
    let key = object.key();
    let watch = args.get("watch").map(|w| w != "false").unwrap_or(true);
    let Ok(timeout) = ctx.timeout(args) else {
        return;
    };
    let Some((mut version, set)) = live_set(ctx.session.cluster(), &key) else {
        return;
    };
    match status_message(&set) {
        Err(e) => return ctx.fail(e),
        Ok((message, done)) => {
            ctx.out.out(message);
            if done || !watch {
                return;
            }
        }
    }
    let mut lines = String::new();
    let stop: std::cell::Cell<bool> = std::cell::Cell::new(false);
    let mut failure = None;
    let end = ctx
        .session
        .wait(timeout, &mut |_| stop.get(), &mut |cluster| {
            let Some((rv, set)) = live_set(cluster, &key) else {
                failure = Some("object has been deleted".to_string());
                stop.set(true);
                return;
            };
            if rv == version {
                return;
            }
            version = rv;
            match status_message(&set) {
                Ok((message, done)) => {
                    lines.push_str(&message);
                    lines.push('\n');
                    stop.set(done);
                }
                Err(e) => {
                    failure = Some(e);
                    stop.set(true);
                }
            }
        });
    ctx.out.out(lines);
    if let Some(f) = failure {
        return ctx.fail(f);
    }
    match end {
        WaitEnd::Done => {}
        WaitEnd::Timeout if timeout.is_some() => ctx.fail("timed out waiting for the condition"),
        WaitEnd::Stopped => ctx
            .out
            .note(crate::session::stopped_note(ctx.session.cluster())),
        _ => ctx.out.note(
            "kubectl would keep waiting here: nothing in the simulation will complete this rollout (sim explain says what the controller waits for)",
        ),
    }
}

/// The set's ControllerRevisions, by revision number.
fn revisions(ctx: &Ctx, set: &StatefulSet) -> Vec<ControllerRevision> {
    let mut list: Vec<ControllerRevision> = ctx
        .session
        .list(Kind::ControllerRevision, Some(&set.metadata.namespace))
        .iter()
        .filter_map(|o| match &**o {
            Object::ControllerRevision(r)
                if r.metadata
                    .controller()
                    .is_some_and(|c| c.uid == set.metadata.uid) =>
            {
                Some(r.clone())
            }
            _ => None,
        })
        .collect();
    sts_core::sort::sort_by_key(&mut list, |r| r.revision);
    list
}

fn history(ctx: &mut Ctx, object: &Object, set: &StatefulSet, args: &crate::args::Args) {
    let revision = args.get("revision");
    let list = revisions(ctx, set);
    let shown = format!("statefulset.apps/{}", set.metadata.name);
    if args.get("output").is_some() || args.get("template").is_some() {
        return history_objects(ctx, object, &list, revision, args);
    }
    if let Some(n) = revision.filter(|r| *r != "0") {
        let Some(r) = list.iter().find(|r| r.revision.to_string() == n) else {
            return ctx.fail("unable to find the specified revision");
        };
        let Some(template) = sts_core::controller::revision::template_of(r) else {
            return ctx.fail("unable to find the specified revision");
        };
        // `printTemplate` writes the describer's lines without a tabwriter: the tabs stay.
        let mut text = format!("{shown} with revision #{n}\n");
        text.push_str(&super::describe::pod_template_text(
            &template,
            ctx.session.cluster().config.version(),
        ));
        text.push('\n');
        ctx.out.out(text);
        return;
    }
    if list.is_empty() {
        ctx.out.out("No rollout history found.");
        return;
    }
    let mut table = String::from("REVISION\tCHANGE-CAUSE\n");
    for r in &list {
        let cause = r
            .metadata
            .annotations
            .get("kubernetes.io/change-cause")
            .cloned()
            .unwrap_or_else(|| "<none>".into());
        table.push_str(&format!("{}\t{cause}\n", r.revision));
    }
    let writer = TabWriter {
        min_width: 0,
        padding: 2,
        ..TabWriter::kubectl()
    };
    ctx.out
        .out(format!("{shown} \n{}\n", writer.format(&table)));
}

/// `rollout history -o FORMAT`: each revision as the StatefulSet it would make (the set as it
/// is, its template that revision's), printed as `-o` prints one object; the YAML printer puts
/// `---` between them. The template goes through kubectl's typed StatefulSet, so a container
/// without resources shows `resources: {}`.
fn history_objects(
    ctx: &mut Ctx,
    object: &Object,
    list: &[ControllerRevision],
    revision: Option<&str>,
    args: &crate::args::Args,
) {
    let version = ctx.session.cluster().config.version();
    let format = match args.get("output").unwrap_or_default() {
        "wide" | "custom-columns" | "custom-columns-file" => Err(format!(
            "unable to match a printer suitable for the output format \"{}\", allowed formats are: {}",
            args.get("output").unwrap_or_default(),
            super::get::formats(version)
        )),
        // Its own list of formats when it takes none (`kyaml` from 1.35).
        _ => super::get::format(args, version).map_err(|e| {
            if e.starts_with("unable to match a printer") {
                format!(
                    "unable to match a printer suitable for the output format \"{}\", allowed formats are: {}",
                    args.get("output").unwrap_or_default(),
                    super::get::formats(version)
                )
            } else {
                e
            }
        }),
    };
    let format = match format {
        Ok(f) => f,
        Err(e) => return ctx.fail(e),
    };
    let chosen: Vec<&ControllerRevision> = match revision.filter(|r| *r != "0") {
        Some(n) => match list.iter().find(|r| r.revision.to_string() == n) {
            Some(r) => vec![r],
            None => return ctx.fail("unable to find the specified revision"),
        },
        None => list.iter().collect(),
    };
    let mut text = String::new();
    for (i, r) in chosen.iter().enumerate() {
        let mut value = object.to_json();
        if let Some(template) = r.data.get("spec").and_then(|s| s.get("template")) {
            let mut template = template.clone();
            if let Some(map) = template.as_object_mut() {
                map.remove("$patch");
            }
            for list in ["initContainers", "containers"] {
                let containers = template
                    .get_mut("spec")
                    .and_then(|spec| spec.get_mut(list))
                    .and_then(Value::as_array_mut);
                if let Some(containers) = containers {
                    for c in containers {
                        if c.get("resources").is_none() {
                            c["resources"] = Value::Object(Default::default());
                        }
                    }
                }
            }
            value["spec"]["template"] = template;
        }
        match &format {
            super::get::Format::Name => text.push_str(&format!(
                "statefulset.apps/{}\n",
                value["metadata"]["name"].as_str().unwrap_or_default()
            )),
            other => match super::get::print_value(other, &value) {
                Ok(printed) => {
                    if i > 0 && matches!(other, super::get::Format::Yaml) {
                        text.push_str("---\n");
                    }
                    text.push_str(&printed);
                }
                Err(e) => return ctx.fail(e),
            },
        }
    }
    ctx.out.raw(text);
}

fn undo(
    ctx: &mut Ctx,
    object: &Rc<Object>,
    set: &StatefulSet,
    to: Option<&str>,
    dry_run: Option<&str>,
) {
    // kubectl 1.36+ (PR 137064): a rollback leaves the last-applied record as it was.
    let applied = object
        .meta()
        .annotations
        .contains_key(sts_core::manifest::apply::LAST_APPLIED);
    if applied
        && ctx
            .session
            .cluster()
            .config
            .version()
            .rollout_undo_warns_last_applied()
    {
        ctx.out.err(format!(
            "Warning: resource {}/{} was previously managed with 'kubectl apply'. Rolling back will not update the kubectl.kubernetes.io/last-applied-configuration annotation, which may cause unexpected behavior on future 'kubectl apply' operations. Consider using 'kubectl apply' with your previous configuration file instead.",
            object.kind().resource(),
            object.meta().name
        ));
    }
    let list = revisions(ctx, set);
    let wanted: i64 = match to.map(str::parse::<i64>) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return ctx.fail(format!(
                "invalid argument \"{}\" for \"--to-revision\" flag",
                to.unwrap_or_default()
            ))
        }
    };
    let target = if wanted == 0 {
        if list.len() < 2 {
            return ctx.fail("no last revision to roll back to");
        }
        list[list.len() - 2].clone()
    } else {
        match list.iter().find(|r| r.revision == wanted) {
            Some(r) => r.clone(),
            None => {
                return ctx.fail(format!(
                    "unable to find specified revision {wanted} in history"
                ))
            }
        }
    };
    let Some(template) = sts_core::controller::revision::template_of(&target) else {
        return ctx.fail(format!(
            "unable to find specified revision {wanted} in history"
        ));
    };
    // A client dry run prints the template before looking at the set (`printPodTemplate`),
    // through no tabwriter.
    if matches!(dry_run, Some("client") | Some("true")) {
        ctx.out.out(format!(
            "{} will roll back to {} (dry run)",
            display(object),
            super::describe::pod_template_text(&template, ctx.session.cluster().config.version())
        ));
        return;
    }
    let template_json = template.encode();
    let current = set.spec.template.encode();
    if template_json == current {
        ctx.out.out(format!(
            "{} skipped rollback (current template already matches revision {})",
            display(object),
            target.revision
        ));
        return;
    }
    if dry_run == Some("server") {
        ctx.out
            .out(format!("{} rolled back (server dry run)", display(object)));
        return;
    }
    match modify::change(ctx, object, &mut |v| {
        v["spec"]["template"] = template_json.clone();
        Ok(())
    }) {
        modify::Changed::Failed => {}
        _ => ctx.out.out(format!("{} rolled back", display(object))),
    }
}
