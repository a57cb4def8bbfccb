//! Tab completion for the console: commands, subcommands, resource types and the names of the
//! objects in the cluster.

use crate::cmd::COMMANDS;
use crate::resources::{self, Resource};
use crate::session::Session;
use sts_core::api::Kind;

const SIM_VERBS: &[&str] = &[
    "step",
    "advance",
    "settle",
    "time",
    "explain",
    "seed",
    "version",
    "crash",
    "crashloop",
    "unready",
    "unhealthy",
    "ignore-sigterm",
    "heal",
    "evict",
    "image-broken",
    "image-ok",
    "node-down",
    "node-up",
    "help",
];

const TYPES: &[&str] = &[
    "statefulsets",
    "pods",
    "persistentvolumeclaims",
    "persistentvolumes",
    "services",
    "endpoints",
    "controllerrevisions",
    "events",
    "nodes",
    "storageclasses",
    "namespaces",
    "configmaps",
    "secrets",
    "serviceaccounts",
    "poddisruptionbudgets",
    "all",
    "sts",
    "po",
    "pvc",
    "pv",
    "svc",
];

/// Commands whose first argument is a resource type.
const TAKES_TYPE: &[&str] = &[
    "get", "describe", "delete", "scale", "patch", "label", "annotate", "wait",
];

/// The words that could complete the last (partial) word of `line`, sorted.
pub fn complete(session: &Session, line: &str) -> Vec<String> {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    let partial = if line.ends_with(char::is_whitespace) || line.is_empty() {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    let names = |kind: Kind| -> Vec<String> {
        session
            .list(kind, Some("default"))
            .iter()
            .map(|o| o.meta().name.to_string())
            .collect()
    };
    let candidates: Vec<String> = match words.as_slice() {
        [] => ["kubectl", "sim", "echo", "sleep"]
            .map(String::from)
            .to_vec(),
        ["kubectl" | "k"] => COMMANDS.iter().map(|c| c.to_string()).collect(),
        ["sim"] => SIM_VERBS.iter().map(|c| c.to_string()).collect(),
        ["sim", "crash" | "crashloop" | "unready" | "unhealthy" | "ignore-sigterm" | "heal" | "evict"] => {
            names(Kind::Pod)
        }
        ["sim", "node-down" | "node-up"] => names(Kind::Node),
        ["sim", "explain"] => names(Kind::StatefulSet)
            .into_iter()
            .map(|n| format!("sts/{n}"))
            .collect(),
        ["kubectl" | "k", "rollout"] => ["status", "history", "undo", "restart", "pause", "resume"]
            .map(String::from)
            .to_vec(),
        ["kubectl" | "k", "rollout", _] => names(Kind::StatefulSet)
            .into_iter()
            .map(|n| format!("sts/{n}"))
            .collect(),
        ["kubectl" | "k", "set"] => vec!["image".into()],
        ["kubectl" | "k", "set", "image"] => names(Kind::StatefulSet)
            .into_iter()
            .map(|n| format!("sts/{n}"))
            .collect(),
        ["kubectl" | "k", "exec" | "logs"] => names(Kind::Pod),
        ["kubectl" | "k", "cordon" | "uncordon" | "drain"] => names(Kind::Node),
        ["kubectl" | "k", "apply" | "create"] => vec!["-f".into()],
        ["kubectl" | "k", verb] if TAKES_TYPE.contains(verb) => {
            if let Some((type_, _)) = partial.split_once('/') {
                match resources::resolve(type_) {
                    Ok(Resource::One(kind)) => names(kind)
                        .into_iter()
                        .map(|n| format!("{type_}/{n}"))
                        .collect(),
                    _ => Vec::new(),
                }
            } else {
                TYPES.iter().map(|t| t.to_string()).collect()
            }
        }
        ["kubectl" | "k", verb, type_, ..]
            if TAKES_TYPE.contains(verb) && !type_.starts_with('-') =>
        {
            match resources::resolve(type_) {
                Ok(Resource::One(kind)) => names(kind),
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    };
    let mut out: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.starts_with(partial))
        .collect();
    sts_core::sort::sort(&mut out);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::NoFiles;
    use sts_core::cluster::Config;

    #[test]
    fn completes_commands_types_and_names() {
        let mut s = Session::new(Config::default());
        s.run(
            "kubectl apply -f https://k8s.io/examples/application/web/web.yaml",
            None,
            &NoFiles,
        );
        s.run("sim settle", None, &NoFiles);
        assert_eq!(complete(&s, "kubectl ro"), ["rollout"]);
        assert_eq!(
            complete(&s, "kubectl get po"),
            ["po", "poddisruptionbudgets", "pods"]
        );
        assert_eq!(complete(&s, "kubectl delete pod web-"), ["web-0", "web-1"]);
        assert_eq!(complete(&s, "kubectl describe sts/"), ["sts/web"]);
        assert_eq!(complete(&s, "sim crash "), ["web-0", "web-1"]);
        assert_eq!(
            complete(&s, "sim node-down node-"),
            ["node-1", "node-2", "node-3"]
        );
        assert_eq!(complete(&s, "si"), ["sim"]);
    }
}
