//! Commands that change one object in place: `scale`, `patch`, `set image`, `label`,
//! `annotate`. Each reads the live object, changes its JSON, and PUTs it back through the
//! simulated API server (validation, immutability and all).

use super::{display, targets, Ctx};
use crate::args::{boolean, val, Flag};
use serde_json::Value;
use std::rc::Rc;
use sts_core::api::{Kind, Object};
use sts_core::manifest::strict_decode_value;
use sts_core::patch::{json_patch, merge_patch, strategic_merge_patch};
use sts_core::timeline::{Input, Outcome};

/// What a change did.
pub enum Changed {
    Yes,
    No,
    /// Refused; the error has been printed.
    Failed,
}

/// Applies `change` to the live object's JSON and writes the result back.
pub fn change(
    ctx: &mut Ctx,
    object: &Rc<Object>,
    change: &mut dyn FnMut(&mut Value) -> Result<(), String>,
) -> Changed {
    let kind = object.kind();
    let live = object.to_json();
    let mut value = live.clone();
    if let Err(e) = change(&mut value) {
        ctx.fail(e);
        return Changed::Failed;
    }
    if value == live {
        return Changed::No;
    }
    let decoded = match strict_decode_value(kind, value) {
        Ok(o) => o,
        Err(e) => {
            ctx.out
                .err(format!("Error from server (BadRequest): {}", e.message()));
            ctx.out.code = 1;
            return Changed::Failed;
        }
    };
    match ctx.session.input(Input::Update(decoded)) {
        Outcome::Applied(Ok(_)) => Changed::Yes,
        Outcome::Applied(Err(e)) => {
            ctx.api_error(&e, None);
            Changed::Failed
        }
        _ => Changed::Failed,
    }
}

/// The objects named by the positional arguments (`TYPE NAME…` or `TYPE/NAME…`).
fn named(ctx: &mut Ctx, positionals: &[String], ns: &str) -> Vec<Rc<Object>> {
    match targets(ctx, positionals, Some(ns), None) {
        Some(t) if t.named => t.groups.into_iter().flat_map(|(_, l)| l).collect(),
        Some(_) => {
            ctx.fail("resource name may not be empty");
            Vec::new()
        }
        None => Vec::new(),
    }
}

pub fn scale(ctx: &mut Ctx, words: &[String]) {
    const FLAGS: &[Flag] = &[
        val("replicas", None),
        val("current-replicas", None),
        val("resource-version", None),
        val("timeout", None),
        val("selector", Some('l')),
        boolean("all", None),
        val("filename", Some('f')),
    ];
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let Some(replicas) = args.get("replicas") else {
        return ctx.fail("required flag(s) \"replicas\" not set");
    };
    let Ok(replicas) = replicas.parse::<i64>() else {
        return ctx.fail(format!(
            "invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax"
        ));
    };
    if replicas < 0 {
        return ctx.fail(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
    }
    let ns = ctx.namespace(&args);
    if args.positionals.is_empty() {
        return ctx.fail("resource(s) were provided, but no name was specified");
    }
    let printed = ctx.out.chunks.len();
    let objects = named(ctx, &args.positionals, &ns);
    if ctx
        .session
        .cluster()
        .config
        .version()
        .scale_wraps_not_found()
    {
        for (_, text) in &mut ctx.out.chunks[printed..] {
            if let Some(rest) = text.strip_prefix("Error from server (NotFound): ") {
                *text = format!("error: no objects passed to scale {rest}");
            }
        }
    }
    for object in objects {
        if object.kind() != Kind::StatefulSet {
            ctx.out.err(
                "Error from server (NotFound): the server could not find the requested resource",
            );
            ctx.out.code = 1;
            continue;
        }
        if let Some(expected) = args.get("current-replicas") {
            let current = object.to_json()["spec"]["replicas"].as_i64().unwrap_or(1);
            if expected.parse::<i64>().ok() != Some(current) && expected != "-1" {
                ctx.fail(format!("Expected replicas to be {expected}, was {current}"));
                continue;
            }
        }
        match change(ctx, &object, &mut |v| {
            v["spec"]["replicas"] = Value::from(replicas);
            Ok(())
        }) {
            Changed::Yes | Changed::No => ctx.out.out(format!("{} scaled", display(&object))),
            Changed::Failed => {}
        }
    }
}

pub fn patch(ctx: &mut Ctx, words: &[String]) {
    const FLAGS: &[Flag] = &[
        val("patch", Some('p')),
        val("type", None),
        val("patch-file", None),
        val("dry-run", None),
        val("output", Some('o')),
        val("filename", Some('f')),
        val("subresource", None),
    ];
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let text = match (args.get("patch"), args.get("patch-file")) {
        (Some(p), _) => p.to_string(),
        (None, Some(path)) => match ctx.session.read_file(path, ctx.stdin, ctx.files) {
            Ok(t) => t,
            Err(e) => return ctx.fail(e),
        },
        (None, None) => {
            return ctx
                .fail("must specify --patch or --patch-file containing the contents of the patch")
        }
    };
    let kind_of_patch = args.get("type").unwrap_or("strategic").to_string();
    if !matches!(kind_of_patch.as_str(), "strategic" | "merge" | "json") {
        return ctx.fail(format!(
            "--type must be one of [json merge strategic], not \"{kind_of_patch}\""
        ));
    }
    let parsed: Value = match serde_yaml::from_str::<Value>(&text) {
        Ok(v) => v,
        Err(e) => {
            return ctx.fail(format!(
                "unable to parse \"{text}\": yaml: {}",
                e.to_string().split(" at line").next().unwrap_or_default()
            ))
        }
    };
    let ns = ctx.namespace(&args);
    if args.positionals.is_empty() {
        return ctx.fail("resource(s) were provided, but no name was specified");
    }
    for object in named(ctx, &args.positionals, &ns) {
        let outcome = change(ctx, &object, &mut |v| match kind_of_patch.as_str() {
            "json" => json_patch(v, &parsed),
            "merge" => {
                merge_patch(v, &parsed);
                Ok(())
            }
            _ => strategic_merge_patch(v, &parsed),
        });
        match outcome {
            Changed::Yes => ctx.out.out(format!("{} patched", display(&object))),
            Changed::No => ctx
                .out
                .out(format!("{} patched (no change)", display(&object))),
            Changed::Failed => {}
        }
    }
}

pub fn set(ctx: &mut Ctx, words: &[String]) {
    match words.first().map(String::as_str) {
        Some("image") => set_image(ctx, &words[1..]),
        Some(other) => {
            ctx.out.err(format!(
                "error: unknown command \"{other}\" for \"kubectl set\"\n\nDid you mean this?\n\timage\n\nRun 'kubectl set --help' for usage."
            ));
            ctx.out.code = 1;
        }
        None => ctx.fail("the playground supports kubectl set image"),
    }
}

fn set_image(ctx: &mut Ctx, words: &[String]) {
    const FLAGS: &[Flag] = &[
        boolean("all", None),
        val("selector", Some('l')),
        val("filename", Some('f')),
        val("dry-run", None),
        val("output", Some('o')),
    ];
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let (resources, images): (Vec<String>, Vec<String>) = args
        .positionals
        .iter()
        .cloned()
        .partition(|p| !p.contains('='));
    if images.is_empty() {
        return ctx.fail("at least one image update is required");
    }
    let mut pairs = Vec::new();
    for pair in &images {
        let (container, image) = pair.split_once('=').unwrap_or_default();
        pairs.push((container.to_string(), image.to_string()));
    }
    let ns = ctx.namespace(&args);
    for object in named(ctx, &resources, &ns) {
        let pointer = match object.kind() {
            Kind::Pod => "/spec",
            Kind::StatefulSet => "/spec/template/spec",
            _ => {
                ctx.fail(format!(
                    "{} is not a resource with containers",
                    display(&object)
                ));
                continue;
            }
        };
        let mut missing = None;
        let result = change(ctx, &object, &mut |v| {
            let spec = v.pointer_mut(pointer).ok_or("no pod spec")?;
            for (container, image) in &pairs {
                let mut found = false;
                for list in ["initContainers", "containers"] {
                    if let Some(items) = spec.get_mut(list).and_then(Value::as_array_mut) {
                        for c in items {
                            if container == "*" || c["name"] == container.as_str() {
                                c["image"] = Value::from(image.clone());
                                found = true;
                            }
                        }
                    }
                }
                if !found {
                    missing = Some(container.clone());
                }
            }
            Ok(())
        });
        if let Some(name) = missing {
            ctx.fail(format!("unable to find container named \"{name}\""));
            continue;
        }
        match result {
            Changed::Yes | Changed::No => {
                ctx.out.out(format!("{} image updated", display(&object)))
            }
            Changed::Failed => {}
        }
    }
}

/// `kubectl label` and `kubectl annotate`.
pub fn label(ctx: &mut Ctx, words: &[String], annotate: bool) {
    const FLAGS: &[Flag] = &[
        boolean("overwrite", None),
        boolean("all", None),
        val("selector", Some('l')),
        boolean("list", None),
    ];
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let (resources, changes): (Vec<String>, Vec<String>) = args
        .positionals
        .iter()
        .cloned()
        .partition(|p| !(p.contains('=') || p.ends_with('-')));
    if changes.is_empty() {
        return ctx.fail("at least one label update is required");
    }
    let field = if annotate { "annotations" } else { "labels" };
    let verb = if annotate { "annotated" } else { "labeled" };
    let ns = ctx.namespace(&args);
    let overwrite = args.on("overwrite");
    for object in named(ctx, &resources, &ns) {
        let result = change(ctx, &object, &mut |v| {
            let meta = v["metadata"]
                .as_object_mut()
                .ok_or("object has no metadata")?;
            let map = meta
                .entry(field)
                .or_insert_with(|| Value::Object(Default::default()))
                .as_object_mut()
                .ok_or("malformed metadata")?;
            for c in &changes {
                if let Some(key) = c.strip_suffix('-') {
                    map.remove(key);
                } else if let Some((k, val)) = c.split_once('=') {
                    if let Some(old) = map.get(k) {
                        if !overwrite && old != val {
                            return Err(format!(
                                "'{k}' already has a value ({}), and --overwrite is false",
                                old.as_str().unwrap_or_default()
                            ));
                        }
                    }
                    map.insert(k.to_string(), Value::from(val));
                }
            }
            if map.is_empty() {
                meta.remove(field);
            }
            Ok(())
        });
        match result {
            Changed::Yes => ctx.out.out(format!("{} {verb}", display(&object))),
            Changed::No => ctx.out.out(format!("{} not {verb}", display(&object))),
            Changed::Failed => {}
        }
    }
}
