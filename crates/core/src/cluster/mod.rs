//! The simulated cluster: the API server's store and semantics (create, update, graceful
//! delete, finalizers), the components that react to it, and the virtual clock that drives
//! them. Each component lives in its own module; this one holds what they share.

mod api_server;
mod attach;
mod disruption;
mod endpoints;
mod engine;
mod events;
mod gc;
mod kubelet;
mod nodes;
mod queue;
mod scheduler;
mod sync_set;
mod volumes;

pub use api_server::{ApiError, DeleteOptions, Propagation};
pub use disruption::Budget;
pub use engine::{Change, Cut, Meter, SettleOutcome, StepReport, LIMITS};
pub use events::{EventNote, EventRecord};
pub use kubelet::{Fault, PodRuntime};
pub use nodes::NodeLease;
pub use queue::Task;

use crate::api::{Kind, Name, Object, ObjectKey, Shared};
use crate::controller::statefulset::Decision;
use crate::hash::FastMap;
use crate::rng::Rng;
use crate::store::Store;
use crate::time::{Duration, Time, EPOCH};
use crate::vecmap::{VecMap, VecSet};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// What the simulated cluster is: its Kubernetes version and shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Kubernetes minor version, one of [`SUPPORTED_MINORS`].
    pub minor: u32,
    pub seed: u64,
    pub node_names: Vec<String>,
    /// Overrides the MaxUnavailableStatefulSet gate (default: on from 1.35).
    pub max_unavailable_gate: Option<bool>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            minor: crate::versions::DEFAULT_MINOR,
            seed: 1,
            node_names: vec!["node-1".into(), "node-2".into(), "node-3".into()],
            max_unavailable_gate: None,
        }
    }
}

pub use crate::versions::SUPPORTED_MINORS;

impl Config {
    /// Parses `1.34`, `v1.34` or `1.34.2` into the minor version, refusing versions the
    /// playground does not simulate.
    pub fn parse_version(text: &str) -> Result<u32, String> {
        let trimmed = text.trim().trim_start_matches('v');
        let mut parts = trimmed.split('.');
        let minor = match (parts.next(), parts.next()) {
            (Some("1"), Some(minor)) => minor.parse::<u32>().ok(),
            _ => None,
        };
        match minor {
            Some(m) if SUPPORTED_MINORS.contains(&m) => Ok(m),
            Some(_) => Err(format!(
                "version {text} is not simulated: the playground simulates Kubernetes 1.{} to 1.{}",
                SUPPORTED_MINORS.start(),
                SUPPORTED_MINORS.end()
            )),
            None => Err(format!(
                "\"{text}\" is not a Kubernetes version (expected, for example, 1.34)"
            )),
        }
    }

    /// The simulated release.
    pub fn version(&self) -> crate::versions::ServerVersion {
        crate::versions::ServerVersion::new(self.minor)
    }

    pub fn max_unavailable_gate(&self) -> bool {
        self.max_unavailable_gate
            .unwrap_or(self.version().max_unavailable_gate_default())
    }

    pub fn node_monitor_grace(&self) -> Duration {
        Duration::seconds(self.version().node_monitor_grace_seconds())
    }
}

/// The set (UID, generation) and collisionCount a revision patch was computed for.
type PatchStamp = (Name, i64, i32);
/// A set's revision patch (shared with the revisions made from it) and its hash.
pub(crate) type TemplatePatch = Rc<(Shared<serde_json::Value>, String)>;

/// The whole simulated cluster. Cloning it is cheap (objects are shared), which is what time
/// travel builds on.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub config: Config,
    now: Time,
    store: Store,
    queue: queue::Queue,
    rng: Rng,
    events: events::Recorder,
    /// The last decision of each set's controller sync.
    decisions: VecMap<ObjectKey, Rc<Decision>>,
    /// Container runtime state of each pod, by pod UID.
    runtime: FastMap<Name, Rc<PodRuntime>>,
    /// Faults set on pod names; they outlive re-creation until healed.
    faults: VecMap<(Name, Name), BTreeSet<Fault>>,
    /// Images that cannot be pulled.
    broken_images: VecSet<String>,
    /// Nodes whose kubelet has stopped (`sim node-down`), with the time it stopped.
    down_nodes: VecMap<String, Time>,
    /// When each node's kubelet last started: its Lease renewals count from there.
    kubelet_started: VecMap<String, Time>,
    /// Images each node has pulled.
    node_images: VecMap<String, VecSet<String>>,
    /// Files in each persistent volume, by PV name: what survives pod re-creation.
    volume_files: FastMap<String, Rc<BTreeMap<String, String>>>,
    next_pod_ip: VecMap<String, u32>,
    /// ReadWriteOnce volumes attached to nodes, by PV name.
    attachments: FastMap<String, attach::Attachment>,
    /// Claims being provisioned, with the time the volume will be ready.
    provisioning: FastMap<ObjectKey, Time>,
    /// Each set's revision data and hash, with the (UID, generation, collisionCount) they
    /// were computed for.
    template_patches: BTreeMap<ObjectKey, (PatchStamp, TemplatePatch)>,
    /// Revision templates, decoded once each (see `TemplateCache`).
    templates: crate::controller::revision::TemplateCache,
    /// Failed syncs in a row per set, for the work queue's back-off.
    retries: VecMap<ObjectKey, u32>,
    /// Summaries of the writes made by the task being run, for the step report.
    changes: Vec<Change>,
    steps: u64,
    /// Tasks run since the cluster was created, changing something or not: where a run cut
    /// short by a budget stopped, so that a replay stops at the same task.
    tasks_run: u64,
}

impl Cluster {
    /// A cluster with its nodes and the default StorageClass, at the epoch.
    pub fn new(config: Config) -> Cluster {
        let mut cluster = Cluster {
            rng: Rng::new(config.seed),
            config,
            now: EPOCH,
            store: Store::default(),
            queue: Default::default(),
            events: Default::default(),
            decisions: VecMap::new(),
            runtime: FastMap::default(),
            faults: VecMap::new(),
            broken_images: VecSet::new(),
            down_nodes: VecMap::new(),
            kubelet_started: VecMap::new(),
            node_images: VecMap::new(),
            volume_files: FastMap::default(),
            next_pod_ip: VecMap::new(),
            retries: VecMap::new(),
            template_patches: BTreeMap::new(),
            templates: Default::default(),
            provisioning: FastMap::default(),
            attachments: FastMap::default(),
            changes: Vec::new(),
            steps: 0,
            tasks_run: 0,
        };
        // The cluster was set up a week before the learner arrives: nodes and built-in
        // objects show an AGE of 7d, as they would on a real cluster.
        cluster.now = EPOCH + Duration::minutes(-7 * 24 * 60);
        cluster.bootstrap();
        cluster.now = EPOCH;
        cluster
    }

    pub fn now(&self) -> Time {
        self.now
    }

    pub fn get(&self, key: &ObjectKey) -> Option<&Rc<Object>> {
        self.store.get(key)
    }

    pub fn list(&self, kind: Kind, namespace: Option<&str>) -> impl Iterator<Item = &Rc<Object>> {
        self.store.list(kind, namespace)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The last decision of the controller for `set`.
    pub fn decision(&self, set: &ObjectKey) -> Option<&Decision> {
        self.decisions.get(set).map(|d| &**d)
    }

    pub fn runtime(&self, pod_uid: &str) -> Option<&PodRuntime> {
        self.runtime.get(pod_uid).map(|r| &**r)
    }

    pub fn is_node_down(&self, node: &str) -> bool {
        self.down_nodes.contains_key(node)
    }

    /// Files in the volume bound to `claim` (namespace, claim name), if it is bound.
    pub fn volume_files(&self, namespace: &str, claim: &str) -> Option<&BTreeMap<String, String>> {
        let pv = self.bound_volume(namespace, claim)?;
        self.volume_files.get(&pv).map(|f| &**f)
    }

    pub fn write_volume_file(
        &mut self,
        namespace: &str,
        claim: &str,
        path: &str,
        content: String,
    ) -> bool {
        let Some(pv) = self.bound_volume(namespace, claim) else {
            return false;
        };
        let files = self.volume_files.entry(pv).or_default();
        Rc::make_mut(files).insert(path.to_string(), content);
        true
    }

    fn bound_volume(&self, namespace: &str, claim: &str) -> Option<String> {
        let obj = self.store.get(&ObjectKey::new(
            Kind::PersistentVolumeClaim,
            namespace,
            claim,
        ))?;
        let Object::PersistentVolumeClaim(pvc) = &**obj else {
            return None;
        };
        pvc.spec.volume_name.clone()
    }

    /// `sim crashloop` / `sim unready`: a fault on a pod identity, kept across re-creation.
    pub fn set_fault(&mut self, namespace: &str, pod: &str, fault: Fault) {
        self.faults
            .get_or_insert_with((namespace.into(), pod.into()), BTreeSet::new)
            .insert(fault);
        self.note(format!("fault {fault:?} set on pod {pod}"));
        if fault == Fault::CrashLoop {
            self.crash_running(namespace, pod);
        }
        self.wake_pod(namespace, pod);
    }

    /// `sim heal`: clears every fault on a pod identity.
    pub fn heal(&mut self, namespace: &str, pod: &str) -> bool {
        let had = self
            .faults
            .remove(&(Name::from(namespace), Name::from(pod)))
            .is_some();
        if had {
            self.note(format!("faults cleared on pod {pod}"));
            self.wake_pod(namespace, pod);
        }
        had
    }

    pub fn faults(&self, namespace: &str, pod: &str) -> BTreeSet<Fault> {
        self.faults
            .get(&(Name::from(namespace), Name::from(pod)))
            .cloned()
            .unwrap_or_default()
    }

    /// `sim image-broken` / `sim image-ok`: whether pulls of `image` fail.
    pub fn set_image_broken(&mut self, image: &str, broken: bool) {
        if broken {
            self.broken_images.insert(image.into());
        } else {
            self.broken_images.remove(image);
        }
        self.note(format!(
            "image {image} is now {}",
            if broken { "unpullable" } else { "pullable" }
        ));
    }

    pub fn is_image_broken(&self, image: &str) -> bool {
        self.broken_images.contains(image)
    }

    fn wake_pod(&mut self, namespace: &str, pod: &str) {
        let key = ObjectKey::new(Kind::Pod, namespace, pod);
        if let Some(obj) = self.store.get(&key) {
            let uid = obj.meta().uid.clone();
            self.queue.push(
                self.now,
                Task::Kubelet {
                    pod: key.clone(),
                    uid: uid.clone(),
                },
            );
            self.queue.push(self.now, Task::Probe { pod: key, uid });
        }
    }

    /// Every object and event occurrence with the clock, as text: equal for equal histories.
    pub fn fingerprint(&self) -> String {
        let mut out = format!("now={}\n", self.now.0);
        for kind in Kind::ALL {
            for obj in self.store.list(kind, None) {
                out.push_str(&obj.to_json().to_string());
                out.push('\n');
            }
        }
        for (at, e) in self.events.occurrences() {
            out.push_str(&format!(
                "{} {} {} {}\n",
                at.0, e.reason, e.involved_object.name, e.message
            ));
        }
        out
    }

    fn note(&mut self, text: String) {
        self.changes.push(Change::Note(text));
    }

    fn change(&mut self, change: Change) {
        self.changes.push(change);
    }
}
