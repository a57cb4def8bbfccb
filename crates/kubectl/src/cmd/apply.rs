//! `kubectl apply -f` and `kubectl create -f`: documents handled one by one, as kubectl
//! does — valid ones take effect, failing ones are reported after, nothing else changes.

use super::{display_key, Ctx, Targets};
use crate::args::{boolean, val, Flag};
use sts_core::api::{Kind, Object};
use sts_core::manifest::apply::{plan, ApplyPlan};
use sts_core::manifest::{self, DecodeError, Document};
use sts_core::timeline::{Input, Outcome};

const FLAGS: &[Flag] = &[
    val("filename", Some('f')),
    val("output", Some('o')),
    val("dry-run", None),
    boolean("recursive", Some('R')),
    boolean("server-side", None),
    val("validate", None),
    val("field-manager", None),
    boolean("force-conflicts", None),
    boolean("prune", None),
    boolean("save-config", None),
];

/// Reads every `-f` and parses it into documents, printing read errors.
fn documents(ctx: &mut Ctx, paths: &[String]) -> Option<Vec<(String, Vec<Document>)>> {
    let mut out = Vec::new();
    for path in paths {
        let text = match ctx.session.read_file(path, ctx.stdin, ctx.files) {
            Ok(t) => t,
            Err(e) => {
                ctx.fail(e);
                return None;
            }
        };
        out.push((path.clone(), manifest::parse(&text)));
    }
    Some(out)
}

/// How kubectl names the source in messages: `STDIN` for `-f -`.
fn source(path: &str) -> &str {
    if path == "-" {
        "STDIN"
    } else {
        path
    }
}

/// The message for a document that did not decode, as kubectl prints it.
fn decode_error(error: &DecodeError, path: &str, doc: &Document, verb: &str) -> String {
    let src = source(path);
    match error {
        DecodeError::Syntax(_) => format!("error: error parsing {src}: {}", error.message()),
        DecodeError::MissingKind | DecodeError::MissingApiVersion => {
            let raw = doc
                .raw
                .as_ref()
                .map(|v| serde_json::to_string(v).unwrap_or_default())
                .unwrap_or_default();
            format!(
                "error: unable to decode \"{src}\": {} in '{raw}'",
                error.message()
            )
        }
        DecodeError::NoMatch { .. } => format!(
            "error: resource mapping not found for name: \"{}\" namespace: \"\" from \"{src}\": {}",
            doc.name.clone().unwrap_or_default(),
            error.message()
        ),
        DecodeError::Strict { .. } | DecodeError::Type { .. } => format!(
            "Error from server (BadRequest): error when {verb} \"{src}\": {}",
            error.message()
        ),
        DecodeError::Limit(m) => format!("error: {m}"),
    }
}

/// The namespace a document goes to: its own, or `-n`/`default`. A document naming another
/// namespace than `-n` is refused, as kubectl refuses it.
fn place(
    value: &mut serde_json::Value,
    kind: Kind,
    ns: &str,
    explicit: bool,
) -> Result<String, String> {
    if !kind.namespaced() {
        return Ok(String::new());
    }
    let written = value
        .pointer("/metadata/namespace")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    if !written.is_empty() {
        if explicit && written != ns {
            return Err(format!(
                "error: the namespace from the provided object \"{written}\" does not match the namespace \"{ns}\". You must pass '--namespace={written}' to perform this operation."
            ));
        }
        return Ok(written);
    }
    Ok(ns.to_string())
}

pub fn apply(ctx: &mut Ctx, words: &[String]) {
    apply_or_create(ctx, words, true);
}

pub fn create(ctx: &mut Ctx, words: &[String]) {
    apply_or_create(ctx, words, false);
}

fn apply_or_create(ctx: &mut Ctx, words: &[String], apply: bool) {
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let paths = args.all("filename");
    if paths.is_empty() {
        if apply {
            ctx.out.err("error: must specify one of -f and -k");
        } else if let Some(what) = args.positionals.first() {
            ctx.out.err(format!(
                "error: the playground creates objects from files only (kubectl create -f FILE); \"kubectl create {what}\" is not simulated"
            ));
        } else {
            ctx.out.err("error: must specify one of -f and -k");
        }
        ctx.out.code = 1;
        return;
    }
    if args.on("server-side") {
        return ctx.fail(
            "--server-side is not simulated: the playground applies client-side, as kubectl does without the flag (drop --server-side)",
        );
    }
    if args.on("prune") {
        return ctx.fail(
            "--prune is not simulated in the playground (delete objects with kubectl delete)",
        );
    }
    let dry_run = match args.get("dry-run") {
        None | Some("none") => None,
        Some("client") | Some("true") => Some(" (dry run)"),
        Some("server") => Some(SERVER_DRY_RUN),
        Some(other) => {
            return ctx.fail(format!(
                "Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\"."
            ))
        }
    };
    let explicit_ns = args.has("namespace");
    let ns = ctx.namespace(&args);
    let Some(files) = documents(ctx, &paths) else {
        return;
    };
    let name_only = args.get("output") == Some("name");
    let mut errors: Vec<String> = Vec::new();
    let mut any = false;
    for (path, docs) in &files {
        // Decoding happens for the whole stream first; its errors are printed after the
        // objects that could be applied.
        for doc in docs {
            any = true;
            let object = match &doc.result {
                Ok(o) => o.clone(),
                Err(e) => {
                    errors.push(decode_error(e, path, doc, "creating"));
                    continue;
                }
            };
            let kind = object.kind();
            ctx.warn_deprecated(kind);
            let mut raw = doc.raw.clone().unwrap_or_else(|| object.to_json());
            let namespace = match place(&mut raw, kind, &ns, explicit_ns) {
                Ok(n) => n,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if kind.namespaced() {
                if let Some(meta) = raw.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                    meta.insert("namespace".into(), namespace.clone().into());
                }
            }
            let name = object.meta().name.to_string();
            let live = ctx.session.get(kind, &namespace, &name);
            let shown = display_key(kind, &name);
            let src = source(path).to_string();
            if !apply {
                if live.is_some() {
                    errors.push(format!(
                        "Error from server (AlreadyExists): error when creating \"{src}\": {} \"{name}\" already exists",
                        kind.qualified_resource()
                    ));
                    continue;
                }
                let mut object = object;
                object.meta_mut().namespace = namespace.clone().into();
                let input = Input::Create(object);
                if let Some(Err(e)) = server_dry_run(ctx, dry_run, &input) {
                    errors.push(api_text(&e, &format!("error when creating \"{src}\"")));
                    continue;
                }
                let Input::Create(object) = input else {
                    unreachable!("built above")
                };
                match dry_run {
                    Some(suffix) => ctx.out.out(format!("{shown} created{suffix}")),
                    None => match ctx.session.input(Input::Create(object)) {
                        Outcome::Applied(Ok(_)) => {
                            ctx.out.out(confirm(&shown, "created", name_only))
                        }
                        Outcome::Applied(Err(e)) => {
                            errors.push(api_text(&e, &format!("error when creating \"{src}\"")))
                        }
                        _ => {}
                    },
                }
                continue;
            }
            let planned = match plan(kind, &raw, live.as_deref()) {
                Ok(p) => p,
                Err(e) => {
                    errors.push(decode_error(
                        &e,
                        path,
                        doc,
                        if live.is_some() {
                            "patching"
                        } else {
                            "creating"
                        },
                    ));
                    continue;
                }
            };
            let (input, word, verb) = match planned {
                // kubectl up to 1.35 computes no patch in a client dry run: an object that
                // exists is "configured" whether or not anything would change.
                ApplyPlan::Unchanged
                    if dry_run == Some(" (dry run)")
                        && !ctx
                            .session
                            .cluster()
                            .config
                            .version()
                            .client_dry_run_unchanged() =>
                {
                    ctx.out
                        .out(confirm(&shown, "configured", name_only) + " (dry run)");
                    continue;
                }
                ApplyPlan::Unchanged => {
                    ctx.out
                        .out(confirm(&shown, "unchanged", name_only) + dry_run.unwrap_or(""));
                    continue;
                }
                ApplyPlan::Create(o) => (
                    Input::Create(namespaced(o, &namespace)),
                    "created",
                    "creating",
                ),
                ApplyPlan::Update(o) => (
                    Input::Update(namespaced(o, &namespace)),
                    "configured",
                    "patching",
                ),
            };
            if let Some(Err(e)) = server_dry_run(ctx, dry_run, &input) {
                errors.push(api_text(&e, &format!("error when {verb} \"{src}\"")));
                continue;
            }
            if let Some(suffix) = dry_run {
                ctx.out.out(format!("{shown} {word}{suffix}"));
                continue;
            }
            match ctx.session.input(input) {
                Outcome::Applied(Ok(_)) => ctx.out.out(confirm(&shown, word, name_only)),
                Outcome::Applied(Err(e)) => {
                    let context = format!("error when {verb} \"{src}\"");
                    errors.push(api_text(&e, &context));
                }
                _ => {}
            }
        }
    }
    if !any && errors.is_empty() {
        errors.push("error: no objects passed to apply".into());
    }
    if !errors.is_empty() {
        for e in errors {
            ctx.out.err(e);
        }
        ctx.out.code = 1;
    }
}

fn namespaced(mut object: Object, namespace: &str) -> Object {
    if object.kind().namespaced() {
        object.meta_mut().namespace = namespace.to_string().into();
    }
    object
}

fn confirm(shown: &str, word: &str, name_only: bool) -> String {
    if name_only {
        shown.to_string()
    } else {
        format!("{shown} {word}")
    }
}

fn api_text(error: &sts_core::cluster::ApiError, context: &str) -> String {
    if error.reason == "Invalid" {
        error.message.clone()
    } else {
        format!(
            "Error from server ({}): {context}: {}",
            error.reason, error.message
        )
    }
}

/// The live objects a file names (`get -f`, `delete -f`, `describe -f`), printing NotFound
/// for the ones missing.
pub fn objects_in_file(ctx: &mut Ctx, path: &str, ns: &str) -> Option<Targets> {
    let files = documents(ctx, &[path.to_string()])?;
    let mut groups: Vec<(Kind, Vec<std::rc::Rc<Object>>)> = Vec::new();
    for (path, docs) in &files {
        for doc in docs {
            let object = match &doc.result {
                Ok(o) => o,
                Err(e) => {
                    ctx.out.err(decode_error(e, path, doc, "creating"));
                    ctx.out.code = 1;
                    continue;
                }
            };
            let kind = object.kind();
            ctx.warn_deprecated(kind);
            let namespace = if object.meta().namespace.is_empty() {
                ns.to_string()
            } else {
                object.meta().namespace.to_string()
            };
            let name = &object.meta().name;
            let found = ctx.session.get(kind, &namespace, name);
            if found.is_none() {
                ctx.not_found(kind, name);
            }
            match groups.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, list)) => list.extend(found),
                None => groups.push((kind, found.into_iter().collect())),
            }
        }
    }
    let several_kinds = groups.len() > 1;
    Some(Targets {
        groups,
        named: true,
        several_kinds,
    })
}

/// What kubectl adds to a line a server dry run printed.
const SERVER_DRY_RUN: &str = " (server dry run)";

/// `--dry-run=server`: the API server admits, defaults and validates the object as for a real
/// write and stores nothing, so the write is made on a copy of the cluster. `None` for any
/// other mode (a client dry run never reaches the server).
fn server_dry_run(
    ctx: &Ctx,
    dry_run: Option<&str>,
    input: &Input,
) -> Option<Result<(), sts_core::cluster::ApiError>> {
    if dry_run != Some(SERVER_DRY_RUN) {
        return None;
    }
    let mut scratch = ctx.session.cluster().clone();
    Some(match input {
        Input::Create(o) => scratch.create(o.clone()).map(|_| ()),
        Input::Update(o) => scratch.update(o.clone()).map(|_| ()),
        _ => Ok(()),
    })
}
