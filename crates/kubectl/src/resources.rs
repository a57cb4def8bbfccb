//! Resource names as kubectl resolves them: plurals, singulars, short names, `kind.group`
//! forms and the `all` category.

use sts_core::api::Kind;

/// What a type argument names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resource {
    One(Kind),
    /// `all`: the kinds of kubectl's `all` category that the playground has.
    All,
}

/// The kinds `kubectl get all` lists, in its order.
pub const ALL_CATEGORY: [Kind; 3] = [Kind::Pod, Kind::Service, Kind::StatefulSet];

/// The short names a resource answers to (`sts`), as discovery lists them.
pub fn short_names(kind: Kind) -> impl Iterator<Item = &'static str> {
    let singular = kind.name().to_ascii_lowercase();
    names(kind)
        .iter()
        .copied()
        .filter(move |n| *n != kind.resource() && *n != singular)
}

fn names(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::StatefulSet => &["statefulsets", "statefulset", "sts"],
        Kind::Pod => &["pods", "pod", "po"],
        Kind::PersistentVolumeClaim => &["persistentvolumeclaims", "persistentvolumeclaim", "pvc"],
        Kind::PersistentVolume => &["persistentvolumes", "persistentvolume", "pv"],
        Kind::StorageClass => &["storageclasses", "storageclass", "sc"],
        Kind::Service => &["services", "service", "svc"],
        Kind::Endpoints => &["endpoints", "ep"],
        Kind::EndpointSlice => &["endpointslices", "endpointslice"],
        Kind::ControllerRevision => &["controllerrevisions", "controllerrevision"],
        Kind::Node => &["nodes", "node", "no"],
        Kind::Event => &["events", "event", "ev"],
        Kind::Namespace => &["namespaces", "namespace", "ns"],
        Kind::ConfigMap => &["configmaps", "configmap", "cm"],
        Kind::Secret => &["secrets", "secret"],
        Kind::ServiceAccount => &["serviceaccounts", "serviceaccount", "sa"],
        Kind::PodDisruptionBudget => &["poddisruptionbudgets", "poddisruptionbudget", "pdb"],
    }
}

/// Resolves a type argument (`sts`, `pods`, `statefulset.apps`, `StatefulSet`, `all`).
pub fn resolve(text: &str) -> Result<Resource, String> {
    let lower = text.to_ascii_lowercase();
    if lower == "all" {
        return Ok(Resource::All);
    }
    let (name, group) = match lower.split_once('.') {
        Some((n, g)) => (n.to_string(), Some(g.to_string())),
        None => (lower.clone(), None),
    };
    for kind in Kind::ALL {
        let group_ok = match &group {
            None => true,
            Some(g) => {
                let full = kind.group();
                let full = if full.is_empty() { "" } else { full };
                g == full || (full.is_empty() && g == "v1") || g == &format!("v1.{full}")
            }
        };
        if group_ok && names(kind).contains(&name.as_str()) {
            return Ok(Resource::One(kind));
        }
    }
    Err(format!(
        "the server doesn't have a resource type \"{text}\""
    ))
}

/// Splits `type/name` into its parts.
pub fn split_slash(arg: &str) -> Option<(&str, &str)> {
    arg.split_once('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_plurals_and_groups() {
        for text in [
            "sts",
            "statefulsets",
            "StatefulSet",
            "statefulset.apps",
            "statefulsets.apps",
        ] {
            assert_eq!(
                resolve(text),
                Ok(Resource::One(Kind::StatefulSet)),
                "{text}"
            );
        }
        assert_eq!(resolve("po"), Ok(Resource::One(Kind::Pod)));
        assert_eq!(
            resolve("pvc"),
            Ok(Resource::One(Kind::PersistentVolumeClaim))
        );
        assert_eq!(resolve("all"), Ok(Resource::All));
        assert_eq!(
            resolve("deployments"),
            Err("the server doesn't have a resource type \"deployments\"".into())
        );
        assert!(resolve("pods.apps").is_err());
    }
}
