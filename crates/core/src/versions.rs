//! The one table of what differs between the Kubernetes releases the playground simulates:
//! which minors it offers and which is the default, and every behaviour switch that hangs off
//! the version (error texts, feature-gate defaults, which validations run, what the kubelet,
//! the controllers and kubectl print). Code that branches on the version asks a
//! [`ServerVersion`] method named after the behaviour; no `minor >= N` elsewhere.

/// The Kubernetes minor versions the playground simulates.
pub const SUPPORTED_MINORS: std::ops::RangeInclusive<u32> = 31..=37;

/// The minor a new cluster simulates.
pub const DEFAULT_MINOR: u32 = 37;

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

    /// `MaxUnavailableStatefulSet`: alpha and off up to 1.34, beta and on in 1.35.0 (PR
    /// 133153), off again in 1.36 (PR 137904: it broke Parallel pod management, issue 137409;
    /// later 1.35 patches turned it off too), on again in 1.37 with that fixed (PR 139466).
    pub fn max_unavailable_gate_default(self) -> bool {
        matches!(self.minor, 35 | 37..)
    }

    /// With Parallel pod management, a rolling update under `maxUnavailable` first replaces
    /// old-revision pods that are already unavailable, without spending the budget on them
    /// (1.37, PR 137666); before, they counted against it and could block the rollout forever.
    pub fn parallel_update_replaces_broken_first(self) -> bool {
        self.minor >= 37
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

    /// The kubelet's `Created` and `Started` events: `Created container NAME` up to 1.32,
    /// `Created container: NAME` in 1.33 and 1.34, and from 1.35 `Container created` and
    /// `Container started` (kubernetes PR 134043 took the name out: the event's
    /// `involvedObject.fieldPath` names the container, and kubectl 1.35 prints it first).
    pub fn container_event(self, verb: &str, name: &str) -> String {
        match self.minor {
            ..=32 => format!("{verb} container {name}"),
            33 | 34 if verb == "Created" => format!("{verb} container: {name}"),
            33 | 34 => format!("{verb} container {name}"),
            _ => format!("Container {}", verb.to_ascii_lowercase()),
        }
    }

    /// The kubelet's `Pulled` event for an image already on the node: from 1.35 the
    /// `KubeletEnsureSecretPulledImages` gate is on by default and the kubelet has checked the
    /// pod may use it (`… already present on machine and can be accessed by the pod`).
    pub fn image_present_event(self, image: &str) -> String {
        if self.minor >= 35 {
            format!("Container image \"{image}\" already present on machine and can be accessed by the pod")
        } else {
            format!("Container image \"{image}\" already present on machine")
        }
    }

    /// The kubelet fills `nodeInfo.kubeProxyVersion` up to 1.32; from 1.33 the
    /// `DisableNodeKubeProxyVersion` gate is on by default (locked from 1.36) and the field is
    /// left empty.
    pub fn kubelet_reports_kube_proxy_version(self) -> bool {
        self.minor <= 32
    }

    /// With the OnDelete strategy, `status.currentRevision` catches up with `updateRevision`
    /// once every pod was recreated at the update revision and is ready (1.37, PR 136833);
    /// before, only RollingUpdate completed a rollout and OnDelete's stayed behind forever.
    pub fn on_delete_completes_rollout(self) -> bool {
        self.minor >= 37
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

    /// kubectl 1.35+ offers `-o kyaml` (KEP-5295), and lists it among the output formats.
    pub fn kubectl_kyaml(self) -> bool {
        self.minor >= 35
    }

    /// kubectl 1.35+ `describe` puts an event's `involvedObject.fieldPath` before its message
    /// (`spec.containers{nginx}: Created container: nginx`; kubernetes PR 133627).
    pub fn describe_event_field_path(self) -> bool {
        self.minor >= 35
    }

    /// kubectl up to 1.34 `describe serviceaccount` lists `Mountable secrets` and `Tokens`;
    /// 1.35 dropped both lines.
    pub fn describe_sa_secrets(self) -> bool {
        self.minor <= 34
    }

    /// kubectl 1.36+ `describe` of more than one object shows no events unless
    /// `--show-events` is given (kubernetes PR 137145: one events request per object was too
    /// many); a single object's describe still shows them.
    pub fn describe_many_skips_events(self) -> bool {
        self.minor >= 36
    }

    /// kubectl up to 1.35 `describe node` prints `Kube-Proxy Version` under System Info.
    pub fn describe_node_kube_proxy(self) -> bool {
        self.minor <= 35
    }

    /// kubectl 1.37+ `describe statefulset` shows the Service Name, the Pod Management Policy
    /// and the claim retention policy (kubernetes PR 137547).
    pub fn describe_sts_policies(self) -> bool {
        self.minor >= 37
    }

    /// kubectl 1.37 `describe` writes a probe's thresholds as `successThreshold=1
    /// failureThreshold=3` (before: `#success=1 #failure=3`).
    pub fn describe_probe_threshold_names(self) -> bool {
        self.minor >= 37
    }

    /// kubectl 1.36+ `rollout undo` warns when the object carries kubectl's
    /// last-applied-configuration, which a rollback does not update.
    pub fn rollout_undo_warns_last_applied(self) -> bool {
        self.minor >= 36
    }

    /// kubectl 1.36+ `apply --dry-run=client` says `unchanged (dry run)` when the patch is
    /// empty; before, every client dry run of an existing object said `configured (dry run)`.
    pub fn client_dry_run_unchanged(self) -> bool {
        self.minor >= 36
    }

    /// kubectl up to 1.34 wraps `scale`'s NotFound in `error: no objects passed to scale …`;
    /// 1.35 prints the API error as it is (kubectl commit for PR 134017).
    pub fn scale_wraps_not_found(self) -> bool {
        self.minor <= 34
    }

    /// kubectl up to 1.34 still runs `kubectl exec POD COMMAND` (with a deprecation warning);
    /// 1.35 requires `--` before the command.
    pub fn exec_without_dash(self) -> bool {
        self.minor <= 34
    }

    /// The Kustomize version `kubectl version` reports (read off each release's kubectl: 1.34.5
    /// and 1.35.2 say v5.7.1, 1.36.3 and 1.37.1 v5.8.1).
    pub fn kustomize_version(self) -> &'static str {
        match self.minor {
            31 => "v5.4.2",
            32 => "v5.5.0",
            33 => "v5.6.0",
            34 | 35 => "v5.7.1",
            _ => "v5.8.1",
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
