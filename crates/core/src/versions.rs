//! The one table of what differs between the Kubernetes releases the playground simulates:
//! which minors it offers and which is the default, and every behaviour switch that hangs off
//! the version (error texts, feature-gate defaults, which validations run, what the kubelet,
//! the controllers and kubectl print). Code that branches on the version asks a
//! [`ServerVersion`] method named after the behaviour; no `minor >= N` elsewhere.

/// The Kubernetes minor versions the playground simulates.
pub const SUPPORTED_MINORS: std::ops::RangeInclusive<u32> = 31..=35;

/// The minor a new cluster simulates.
pub const DEFAULT_MINOR: u32 = 34;

/// The simulated kube-apiserver release, `1.<minor>` (kubectl is taken to be the same). Only
/// the minor number varies in scope, so only it is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServerVersion {
    pub minor: u32,
}

impl Default for ServerVersion {
    fn default() -> Self {
        ServerVersion {
            minor: DEFAULT_MINOR,
        }
    }
}

impl ServerVersion {
    pub const fn new(minor: u32) -> Self {
        ServerVersion { minor }
    }

    /// `MaxUnavailableStatefulSet` is beta and on by default only from 1.35 (§1.5).
    pub fn max_unavailable_gate_default(self) -> bool {
        self.minor >= 35
    }

    /// Complex field-error values print as JSON instead of Go syntax (§2.1). The spec could not
    /// pin the release; it saw Go syntax through about 1.32 and JSON on 1.33+, so 1.33 it is.
    pub fn renders_values_as_json(self) -> bool {
        self.minor >= 33
    }

    /// `revisionHistoryLimit` joined the mutable fields (§2.4). Seen on 1.35, absent on 1.31/1.32;
    /// S48 leaves 1.33/1.34 open. We pick 1.33 so that the default 1.34 prints the newer text.
    pub fn revision_history_limit_mutable(self) -> bool {
        self.minor >= 33
    }

    /// A negative `revisionHistoryLimit` is rejected (PR #129017, release not pinned). Tied to
    /// the same release as mutability so one knob moves both.
    pub fn validates_revision_history_limit(self) -> bool {
        self.minor >= 33
    }

    /// PodSpec validation of the template on create (PR #131790, §2.3), most likely 1.34.
    pub fn validates_pod_template_on_create(self) -> bool {
        self.minor >= 34
    }

    /// Pod generation (KEP-5067, beta and on by default from 1.34): the API server sets a
    /// pod's `metadata.generation` and bumps it on spec changes; the kubelet reports the one it
    /// saw as `status.observedGeneration`, and it and the scheduler on each condition.
    pub fn pod_generation_tracking(self) -> bool {
        self.minor >= 34
    }

    /// In-place pod resize (KEP-1287, beta and on by default from 1.33): the kubelet reports
    /// each container's resources in its status (`resources: {}` when it has none).
    pub fn reports_container_resources(self) -> bool {
        self.minor >= 33
    }

    /// The warning the API server sends with every request for a deprecated kind, which
    /// kubectl prints as `Warning: …` on stderr: v1 Endpoints from 1.33 (KEP-4974).
    pub fn deprecation_warning(self, kind: crate::api::Kind) -> Option<&'static str> {
        (kind == crate::api::Kind::Endpoints && self.minor >= 33).then_some(
            "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice",
        )
    }

    /// `node-monitor-grace-period`: 40 s up to 1.31, 50 s from 1.32.
    pub fn node_monitor_grace_seconds(self) -> i64 {
        if self.minor <= 31 {
            40
        } else {
            50
        }
    }

    /// The kubelet's `Created` event reads `Created container: NAME` from 1.33 (before:
    /// `Created container NAME`).
    pub fn created_event_has_colon(self) -> bool {
        self.minor >= 33
    }

    /// The StatefulSet controller counts a pod as healthy only once it is available
    /// (`!isUnavailable`, minReadySeconds included) from 1.33; before, Running and Ready
    /// (`isHealthy`).
    pub fn healthy_means_available(self) -> bool {
        self.minor >= 33
    }

    /// kubectl 1.34+ says where it deleted from (`pod "web-0" deleted from default namespace`).
    pub fn delete_names_namespace(self) -> bool {
        self.minor >= 34
    }

    /// The Kustomize version `kubectl version` reports.
    pub fn kustomize_version(self) -> &'static str {
        match self.minor {
            31 => "v5.4.2",
            32 => "v5.5.0",
            33 => "v5.6.0",
            _ => "v5.7.1",
        }
    }

    /// StatefulSet names are DNS-1123 labels on every release in scope; much older servers
    /// accepted DNS subdomains. The cut-over is older than 1.31, so 1.31 is used as the boundary.
    pub fn statefulset_name_is_label(self) -> bool {
        self.minor >= 31
    }
}

/// Feature gates that change StatefulSet defaulting. Everything else relevant (PVC retention,
/// start ordinals, pod-index label) is on in every release in scope and is not modelled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gates {
    pub max_unavailable_statefulset: bool,
}

impl Gates {
    /// The gate defaults of a server release.
    pub fn for_version(version: ServerVersion) -> Self {
        Gates {
            max_unavailable_statefulset: version.max_unavailable_gate_default(),
        }
    }
}
