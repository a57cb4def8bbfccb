//! `kubectl` itself: the subcommands, each in the module named after it.

pub mod apply;
pub mod delete;
pub mod describe;
pub mod discovery;
pub mod exec;
pub mod explain;
pub mod get;
pub mod modify;
pub mod nodes;
pub mod rollout;
pub mod sim;
pub mod wait;

use crate::args::{Args, Flag};
use crate::resources::{self, Resource};
use crate::selector::Selector;
use crate::session::{Files, Output, Session};
use std::rc::Rc;
use sts_core::api::{Kind, Object};
use sts_core::cluster::ApiError;

/// The subcommands, for `kubectl` without arguments and for completion.
pub const COMMANDS: &[&str] = &[
    "apply",
    "create",
    "get",
    "describe",
    "delete",
    "scale",
    "patch",
    "set",
    "rollout",
    "wait",
    "exec",
    "run",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "events",
    "version",
    "label",
    "annotate",
    "api-resources",
    "api-versions",
    "explain",
];

pub fn kubectl(
    session: &mut Session,
    words: &[String],
    stdin: Option<&str>,
    files: &dyn Files,
    out: &mut Output,
) {
    // Global flags may come before the subcommand (`kubectl -n kube-system get pods`).
    let mut words = words.to_vec();
    let mut prefix = Vec::new();
    while let Some(first) = words.first() {
        if first == "-n" || first == "--namespace" {
            if words.len() < 2 {
                break;
            }
            prefix.extend(words.drain(..2));
        } else if first.starts_with("--namespace=") || (first.starts_with("-n") && first.len() > 2)
        {
            prefix.push(words.remove(0));
        } else {
            break;
        }
    }
    let Some(command) = words.first().cloned() else {
        out.out(HELP);
        return;
    };
    let mut rest: Vec<String> = words[1..].to_vec();
    rest.extend(prefix);
    let ctx = &mut Ctx {
        session,
        stdin,
        files,
        out,
        command: command.clone(),
    };
    match command.as_str() {
        "apply" => apply::apply(ctx, &rest),
        "create" => apply::create(ctx, &rest),
        "get" => get::get(ctx, &rest),
        "describe" => describe::describe(ctx, &rest),
        "delete" => delete::delete(ctx, &rest),
        "scale" => modify::scale(ctx, &rest),
        "patch" => modify::patch(ctx, &rest),
        "set" => modify::set(ctx, &rest),
        "label" => modify::label(ctx, &rest, false),
        "annotate" => modify::label(ctx, &rest, true),
        "rollout" => rollout::rollout(ctx, &rest),
        "wait" => wait::wait(ctx, &rest),
        "exec" => exec::exec(ctx, &rest),
        "run" => exec::run(ctx, &rest),
        "cordon" => nodes::cordon(ctx, &rest, true),
        "uncordon" => nodes::cordon(ctx, &rest, false),
        "drain" => nodes::drain(ctx, &rest),
        "taint" => nodes::taint(ctx, &rest),
        "events" => get::events(ctx, &rest),
        "version" => version(ctx),
        "api-resources" => discovery::api_resources(ctx, &rest),
        "api-versions" => discovery::api_versions(ctx),
        "explain" => explain::explain(ctx, &rest),
        "--help" | "-h" | "help" => ctx.out.out(HELP),
        other => {
            ctx.out.err(format!(
                "error: unknown command \"{other}\" for \"kubectl\"\nRun 'kubectl --help' for usage."
            ));
            ctx.out.code = 1;
        }
    }
}

const HELP: &str = "kubectl controls the (simulated) Kubernetes cluster manager.

Commands the playground understands:
  apply, create     Create or update objects from a file (-f FILE, -f - for stdin)
  get, describe     Show objects (-o wide|yaml|json|name|jsonpath=…, -l, -w, -A)
  delete            Delete objects (--cascade, --grace-period, --force)
  scale, patch      Change replicas, or patch (strategic, --type=merge, --type=json)
  set image         Change a container image (a rolling update)
  rollout           status, history, undo, restart, pause, resume
  wait              Wait for a condition or a deletion
  exec, run         Run a command in a pod (hostname, cat, ls, echo > file, curl, nslookup, env)
  cordon, uncordon, drain, taint
  events, version
  api-resources, api-versions   The kinds the simulated API server serves
  explain           The documentation of a kind or a field (sts.spec.updateStrategy)

Usage:
  kubectl [flags] [options]";

/// An error that has already been printed.
#[derive(Debug)]
pub struct Reported;

/// What a subcommand works with.
pub struct Ctx<'a> {
    pub session: &'a mut Session,
    pub stdin: Option<&'a str>,
    pub files: &'a dyn Files,
    pub out: &'a mut Output,
    pub command: String,
}

impl Ctx<'_> {
    /// Parses flags, printing kubectl's usage error on failure.
    pub fn args(&mut self, words: &[String], specs: &[Flag]) -> Option<Args> {
        match Args::parse(words, specs) {
            Ok(a) => Some(a),
            Err(e) => {
                self.out.err(format!(
                    "error: {e}\nSee 'kubectl {} --help' for usage.",
                    self.command
                ));
                self.out.code = 1;
                None
            }
        }
    }

    /// `-l`, parsed; on a malformed selector kubectl's error is printed and `Err` returned.
    pub fn selector(&mut self, args: &Args) -> Result<Option<Selector>, Reported> {
        args.get("selector")
            .map(Selector::parse)
            .transpose()
            .map_err(|e| {
                self.fail(e);
                Reported
            })
    }

    /// `--timeout`: `None` when absent or zero (wait as long as it takes); on a malformed
    /// duration the error is printed and `Err` returned.
    pub fn timeout(&mut self, args: &Args) -> Result<Option<sts_core::time::Duration>, Reported> {
        match args.get("timeout").map(sts_core::time::Duration::parse) {
            None => Ok(None),
            Some(Some(d)) if d == sts_core::time::Duration::ZERO => Ok(None),
            Some(Some(d)) => Ok(Some(d)),
            Some(None) => {
                self.fail("invalid --timeout value");
                Err(Reported)
            }
        }
    }

    pub fn namespace(&self, args: &Args) -> String {
        args.get("namespace").unwrap_or("default").to_string()
    }

    pub fn fail(&mut self, message: impl AsRef<str>) {
        self.out.fail(message);
    }

    /// Prints an API error the way kubectl does: `Invalid` as its own text, the rest as
    /// `Error from server (Reason): [context: ]message`.
    pub fn api_error(&mut self, error: &ApiError, context: Option<&str>) {
        if error.reason == "Invalid" {
            self.out.err(error.message.clone());
        } else {
            let context = context.map(|c| format!("{c}: ")).unwrap_or_default();
            self.out.err(format!(
                "Error from server ({}): {context}{}",
                error.reason, error.message
            ));
        }
        self.out.code = 1;
    }

    /// The API server's deprecation warning for a kind this command asks about, once per
    /// command, as kubectl's warning handler prints it.
    pub fn warn_deprecated(&mut self, kind: Kind) {
        let version = sts_core::versions::ServerVersion::new(self.session.minor());
        if let Some(warning) = version.deprecation_warning(kind) {
            let line = format!("Warning: {warning}\n");
            if !self.out.chunks.iter().any(|(_, text)| *text == line) {
                self.out.err(line);
            }
        }
    }

    pub fn not_found(&mut self, kind: Kind, name: &str) {
        self.out.err(format!(
            "Error from server (NotFound): {} \"{name}\" not found",
            kind.qualified_resource()
        ));
        self.out.code = 1;
    }
}

/// The objects named by `TYPE NAME…`, `TYPE/NAME…` or `TYPE` with a selector: resolution of
/// what get, describe and delete act on.
pub struct Targets {
    /// Each requested kind with its objects, in the order asked.
    pub groups: Vec<(Kind, Vec<Rc<Object>>)>,
    /// Whether names were given (a missing one is an error, an empty list is not).
    pub named: bool,
    /// Whether more than one kind was asked for (names print as `kind/name`).
    pub several_kinds: bool,
}

/// Resolves positional arguments to objects. Prints errors for unknown types and missing
/// names; returns `None` when nothing can be done.
pub fn targets(
    ctx: &mut Ctx,
    positionals: &[String],
    namespace: Option<&str>,
    selector: Option<&Selector>,
) -> Option<Targets> {
    let ns_for_names = namespace.unwrap_or("default");
    let mut groups: Vec<(Kind, Vec<Rc<Object>>)> = Vec::new();
    let push =
        |groups: &mut Vec<(Kind, Vec<Rc<Object>>)>, kind: Kind, object: Option<Rc<Object>>| {
            match groups.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, list)) => list.extend(object),
                None => groups.push((kind, object.into_iter().collect())),
            }
        };
    if positionals.iter().any(|p| p.contains('/')) {
        for p in positionals {
            let Some((type_, name)) = resources::split_slash(p) else {
                ctx.fail("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
                return None;
            };
            let kind = match resources::resolve(type_) {
                Ok(Resource::One(k)) => k,
                Ok(Resource::All) => {
                    ctx.fail("the server doesn't have a resource type \"all\"");
                    return None;
                }
                Err(e) => {
                    ctx.fail(e);
                    return None;
                }
            };
            ctx.warn_deprecated(kind);
            match ctx.session.get(kind, ns_for_names, name) {
                Some(o) => push(&mut groups, kind, Some(o)),
                None => {
                    ctx.not_found(kind, name);
                    push(&mut groups, kind, None);
                }
            }
        }
        let several_kinds = groups.len() > 1;
        return Some(Targets {
            groups,
            named: true,
            several_kinds,
        });
    }
    let type_arg = positionals.first()?;
    let mut kinds = Vec::new();
    for part in type_arg.split(',') {
        match resources::resolve(part) {
            Ok(Resource::One(k)) => kinds.push(k),
            Ok(Resource::All) => kinds.extend(resources::ALL_CATEGORY),
            Err(e) => {
                ctx.fail(e);
                return None;
            }
        }
    }
    for kind in &kinds {
        ctx.warn_deprecated(*kind);
    }
    let several_kinds = kinds.len() > 1;
    let names = &positionals[1..];
    if names.is_empty() {
        for kind in kinds {
            let mut list = ctx.session.list(kind, namespace);
            if let Some(sel) = selector {
                list.retain(|o| sel.matches(&o.meta().labels));
            }
            groups.push((kind, list));
        }
        return Some(Targets {
            groups,
            named: false,
            several_kinds,
        });
    }
    if several_kinds {
        ctx.fail("you must specify only one resource");
        return None;
    }
    let kind = kinds[0];
    let mut list = Vec::new();
    for name in names {
        match ctx.session.get(kind, ns_for_names, name) {
            Some(o) => list.push(o),
            None => ctx.not_found(kind, name),
        }
    }
    groups.push((kind, list));
    Some(Targets {
        groups,
        named: true,
        several_kinds: false,
    })
}

/// `kubectl version`.
fn version(ctx: &mut Ctx) {
    let minor = ctx.session.minor();
    let kustomize = ctx.session.cluster().config.version().kustomize_version();
    ctx.out.out(format!(
        "Client Version: v1.{minor}.0\nKustomize Version: {kustomize}\nServer Version: v1.{minor}.0"
    ));
}

/// `statefulset.apps/web`: how kubectl names an object in confirmations.
pub fn display(object: &Object) -> String {
    format!(
        "{}/{}",
        object.kind().qualified_singular(),
        object.meta().name
    )
}

pub fn display_key(kind: Kind, name: &str) -> String {
    format!("{}/{}", kind.qualified_singular(), name)
}
