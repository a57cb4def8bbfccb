//! `kubectl wait --for=condition=…|delete|jsonpath=…`: runs the simulation until each object
//! meets the condition or the timeout (30 s by default, as kubectl) passes.

use super::{targets, Ctx};
use crate::args::{boolean, val, Flag};
use crate::session::WaitEnd;
use crate::template;
use serde_json::Value;
use sts_core::api::{Object, ObjectKey};
use sts_core::cluster::Cluster;
use sts_core::time::Duration;

const FLAGS: &[Flag] = &[
    val("for", None),
    val("timeout", None),
    val("selector", Some('l')),
    boolean("all", None),
    boolean("all-namespaces", Some('A')),
    val("filename", Some('f')),
];

#[derive(Clone, Debug)]
enum Condition {
    Delete,
    Status(String, String),
    JsonPath(String, Option<String>),
}

fn parse_for(text: &str) -> Result<Condition, String> {
    if text == "delete" {
        return Ok(Condition::Delete);
    }
    if let Some(rest) = text.strip_prefix("condition=") {
        let (name, value) = match rest.split_once('=') {
            Some((n, v)) => (n, v),
            None => (rest, "true"),
        };
        return Ok(Condition::Status(
            name.to_ascii_lowercase(),
            value.to_ascii_lowercase(),
        ));
    }
    if let Some(rest) = text.strip_prefix("jsonpath=") {
        // `{.status.readyReplicas}=3`: the value follows the closing brace.
        return Ok(match rest.rfind("}=") {
            Some(i) => Condition::JsonPath(rest[..=i].to_string(), Some(rest[i + 2..].to_string())),
            None => Condition::JsonPath(rest.to_string(), None),
        });
    }
    Err(format!("unrecognized condition: \"{text}\""))
}

fn holds(condition: &Condition, object: Option<&Object>) -> bool {
    let Some(object) = object else {
        return matches!(condition, Condition::Delete);
    };
    match condition {
        Condition::Delete => false,
        Condition::Status(name, value) => {
            let json = object.to_json();
            json["status"]["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|c| {
                    c["type"]
                        .as_str()
                        .is_some_and(|t| t.to_ascii_lowercase() == *name)
                        && c["status"]
                            .as_str()
                            .is_some_and(|s| s.to_ascii_lowercase() == *value)
                })
        }
        Condition::JsonPath(path, expected) => {
            let json = object.to_json();
            match template::jsonpath(path, &json) {
                Ok(found) => match expected {
                    Some(v) => found == *v,
                    None => !found.is_empty(),
                },
                Err(_) => false,
            }
        }
    }
}

pub fn wait(ctx: &mut Ctx, words: &[String]) {
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let Some(for_text) = args.get("for") else {
        return ctx.fail("--for must be specified");
    };
    let condition = match parse_for(for_text) {
        Ok(c) => c,
        Err(e) => return ctx.fail(e),
    };
    let timeout = match args.get("timeout").map(Duration::parse) {
        None => Duration::seconds(30),
        Some(Some(d)) => d,
        Some(None) => return ctx.fail("invalid --timeout value"),
    };
    let Ok(selector) = ctx.selector(&args) else {
        return;
    };
    let ns = ctx.namespace(&args);
    if args.positionals.is_empty() {
        return ctx.fail("resource(s) were provided, but no name was specified");
    }
    let Some(found) = targets(ctx, &args.positionals, Some(&ns), selector.as_ref()) else {
        return;
    };
    if !found.named && selector.is_none() && !args.on("all") {
        return ctx.fail("resource(s) were provided, but no name was specified");
    }
    let objects: Vec<_> = found.groups.into_iter().flat_map(|(_, l)| l).collect();
    if objects.is_empty() {
        if !found.named {
            ctx.fail("no matching resources found");
        }
        return;
    }
    for object in objects {
        let key: ObjectKey = object.key();
        let uid = object.meta().uid.to_string();
        let shown = super::display(&object);
        let check = |cluster: &Cluster| {
            let live = cluster
                .get(&key)
                .filter(|o| o.meta().uid == uid)
                .map(|o| &**o);
            holds(&condition, live)
        };
        let end = if check(ctx.session.cluster()) {
            WaitEnd::Done
        } else {
            ctx.session
                .wait(Some(timeout), &mut |c| check(c), &mut |_| {})
        };
        match end {
            WaitEnd::Done => ctx.out.out(format!("{shown} condition met")),
            WaitEnd::Stopped => {
                ctx.out
                    .note(crate::session::stopped_note(ctx.session.cluster()));
                ctx.out.code = 1;
                return;
            }
            _ => {
                let what = format!("{}/{}", key.kind.resource(), key.name());
                ctx.fail(format!("timed out waiting for the condition on {what}"));
                return;
            }
        }
    }
    let _ = Value::Null;
}
