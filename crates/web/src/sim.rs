//! The page's first use of the simulation: apply a manifest to a fresh cluster the way
//! `kubectl apply` creates objects, let the cluster settle, and gather what the page shows.
//! The console's commands run through the kubectl layer's `Session`, as typed ones will.
//! Pure Rust, so it is tested natively.

use sts_core::api::{Kind, Object, ObjectKey};
use sts_core::cluster::{Cluster, Config, SettleOutcome};
use sts_core::manifest::{self, apply::ApplyPlan};
use sts_core::time::Duration;
use sts_core::timeline::{Input, Outcome, Timeline};
use sts_kubectl::{NoFiles, Session};

/// How long the page lets a fresh cluster run before showing it.
const SETTLE_LIMIT: Duration = Duration::minutes(10);

/// What the cluster pane shows after an apply.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// `statefulset.apps/web created`, or the error for a document, one line each.
    pub applied: Vec<String>,
    /// Each pod's name and phase, in the API server's order.
    pub pods: Vec<(String, String)>,
    /// `kubectl get pods` as text.
    pub pods_table: String,
    /// `sim explain` as text: why each StatefulSet is where it is.
    pub sim_explain: String,
    /// The first StatefulSet's one-line explanation.
    pub explanation: Option<String>,
    /// The first StatefulSet as the API serves it (`-o json`, compact).
    pub set_json: Option<String>,
    /// Whether the cluster settled within the limit.
    pub settled: bool,
}

/// Applies `text` to a fresh cluster, settles it and reports what the page shows.
pub fn run(text: &str) -> Snapshot {
    let mut timeline = Timeline::new(Cluster::new(Config::default()));
    let mut snapshot = Snapshot::default();
    let mut first_set: Option<ObjectKey> = None;
    for doc in manifest::parse(text) {
        let planned = doc.result.and_then(|object| {
            let raw = doc.raw.unwrap_or_else(|| object.to_json());
            let live = timeline.cluster().get(&object.key()).cloned();
            manifest::apply::plan(object.kind(), &raw, live.as_deref())
        });
        let (input, verb) = match planned {
            Ok(ApplyPlan::Create(object)) => (Input::Create(object), "created"),
            Ok(ApplyPlan::Update(object)) => (Input::Update(object), "configured"),
            Ok(ApplyPlan::Unchanged) => continue,
            Err(e) => {
                snapshot.applied.push(format!("error: {}", e.message()));
                continue;
            }
        };
        let Outcome::Applied(result) = timeline.apply(input) else {
            continue;
        };
        match result {
            Ok(Some(object)) => {
                if object.kind() == Kind::StatefulSet && first_set.is_none() {
                    first_set = Some(object.key());
                }
                snapshot.applied.push(format!(
                    "{}/{} {verb}",
                    object.kind().qualified_singular(),
                    object.meta().name
                ));
            }
            Ok(None) => {}
            Err(e) => snapshot.applied.push(format!("Error from server: {e}")),
        }
    }
    if let Outcome::Steps(_, outcome) = timeline.apply(Input::Settle(SETTLE_LIMIT)) {
        snapshot.settled = outcome == Some(SettleOutcome::Settled);
    }

    let cluster = timeline.cluster();
    let mut pods: Vec<_> = cluster.list(Kind::Pod, Some("default")).cloned().collect();
    sts_kubectl::printers::server_order(&mut pods);
    snapshot.pods = pods
        .iter()
        .filter_map(|o| match &**o {
            Object::Pod(p) => Some((p.metadata.name.clone(), p.status.phase.clone())),
            _ => None,
        })
        .collect();
    if let Some(key) = first_set {
        snapshot.explanation = sts_core::explain::explain(cluster, &key).map(|e| e.summary);
        snapshot.set_json = cluster.get(&key).map(|o| o.to_json().to_string());
    }
    let mut session = Session::from_timeline(timeline);
    snapshot.pods_table = session.run("kubectl get pods", None, &NoFiles).text();
    snapshot.sim_explain = session.run("sim explain", None, &NoFiles).text();
    snapshot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_example_settles_with_three_running_pods() {
        let s = run(crate::app::DEFAULT_EXAMPLE);
        assert_eq!(
            s.applied,
            ["service/web created", "statefulset.apps/web created"]
        );
        assert!(s.settled);
        let names: Vec<&str> = s.pods.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["web-0", "web-1", "web-2"]);
        assert!(s.pods.iter().all(|(_, phase)| phase == "Running"));
        assert!(s.pods_table.starts_with("NAME "), "{}", s.pods_table);
        assert!(
            s.pods_table.contains("web-2   1/1     Running"),
            "{}",
            s.pods_table
        );
        assert!(
            s.sim_explain.contains("statefulset/web: 3/3 Ready"),
            "{}",
            s.sim_explain
        );
        assert!(s
            .explanation
            .unwrap()
            .starts_with("statefulset/web: 3/3 Ready"));
        assert!(s
            .set_json
            .unwrap()
            .starts_with(r#"{"apiVersion":"apps/v1""#));
    }

    #[test]
    fn a_bad_document_is_reported_and_the_rest_applied() {
        let s = run("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  bogus: 1\n");
        assert_eq!(s.applied.len(), 1);
        assert!(
            s.applied[0].contains(r#"strict decoding error: unknown field "spec.bogus""#),
            "{:?}",
            s.applied
        );
        assert!(s.pods.is_empty());
    }
}
