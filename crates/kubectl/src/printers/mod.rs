//! kubectl's human-readable output: the tab-aligned tables of `kubectl get`.

pub mod pod;
pub mod table;
pub mod tabwriter;

#[cfg(test)]
mod tests;

pub use pod::{pod_ready, pod_restarts, pod_status};
pub use table::print_table;
pub use tabwriter::render;

/// The message `kubectl get` prints (to stderr) for an empty list: scoped to a namespace, or
/// bare for `-A` / cluster-scoped listings (`None`).
pub fn no_resources(namespace: Option<&str>) -> String {
    match namespace {
        Some(ns) => format!("No resources found in {ns} namespace."),
        None => "No resources found".to_string(),
    }
}
