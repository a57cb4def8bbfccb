//! `describe node` in the layout of kubectl's `describeNode`: roles, the kubelet's Lease,
//! conditions with their heartbeats, capacity, system info, the pods it runs with their
//! requests and limits against what it can allocate, and its events.

use super::*;
use std::collections::BTreeMap;
use sts_core::api::quantity::Quantity;

pub(super) fn node(w: &mut String, cluster: &Cluster, n: &Node) {
    let m = &n.metadata;
    line(w, 0, "Name", &m.name);
    let roles = roles(&m.labels);
    line(
        w,
        0,
        "Roles",
        if roles.is_empty() {
            "<none>".to_string()
        } else {
            roles.join(",")
        },
    );
    map_lines(w, 0, "Labels", &m.labels, &[]);
    annotation_lines(w, 0, &m.annotations, SKIPPED);
    line(w, 0, "CreationTimestamp", stamp(m.creation_timestamp));
    let mut taints: Vec<&Taint> = n.spec.taints.iter().collect();
    sts_core::sort::sort_by_key(&mut taints, |t| format!("{},{}", t.effect, t.key));
    if taints.is_empty() {
        line(w, 0, "Taints", "<none>");
    }
    for (i, t) in taints.iter().enumerate() {
        let text = match t.value.as_deref().filter(|v| !v.is_empty()) {
            Some(v) => format!("{}={v}:{}", t.key, t.effect),
            None => format!("{}:{}", t.key, t.effect),
        };
        if i == 0 {
            line(w, 0, "Taints", text);
        } else {
            w.push_str(&format!("\t{text}\n"));
        }
    }
    line(
        w,
        0,
        "Unschedulable",
        n.spec.unschedulable.unwrap_or(false).to_string(),
    );
    match cluster.node_lease(&m.name) {
        Some(lease) => {
            heading(w, 0, "Lease");
            line(w, 2, "HolderIdentity", &lease.holder);
            line(w, 2, "AcquireTime", "<unset>");
            line(w, 2, "RenewTime", lease.renew_time.rfc1123z());
        }
        None => line(
            w,
            0,
            "Lease",
            format!(
                "Failed to get lease: leases.coordination.k8s.io \"{}\" not found",
                m.name
            ),
        ),
    }
    if !n.status.conditions.is_empty() {
        w.push_str(
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.push_str("  ----\t------\t-----------------\t------------------\t------\t-------\n");
        for c in &n.status.conditions {
            let time = |t: Option<Time>| t.unwrap_or(Time(-62_135_596_800_000)).rfc1123z();
            w.push_str(&format!(
                "  {} \t{} \t{} \t{} \t{} \t{}\n",
                c.type_,
                c.status,
                time(c.last_heartbeat_time),
                time(c.last_transition_time),
                c.reason.as_deref().unwrap_or_default(),
                c.message.as_deref().unwrap_or_default()
            ));
        }
    }
    heading(w, 0, "Addresses");
    for a in &n.status.addresses {
        line(w, 2, &a.type_, &a.address);
    }
    let empty = BTreeMap::new();
    let capacity = n.status.capacity.as_ref().unwrap_or(&empty);
    let allocatable = n.status.allocatable.as_ref().unwrap_or(&empty);
    for (title, list) in [("Capacity", capacity), ("Allocatable", allocatable)] {
        if !list.is_empty() {
            heading(w, 0, title);
            for (name, q) in list {
                line(w, 2, name, Quantity::of(q).to_string());
            }
        }
    }
    let info = |key: &str| -> String {
        n.status
            .node_info
            .as_ref()
            .and_then(|i| i[key].as_str())
            .unwrap_or_default()
            .to_string()
    };
    heading(w, 0, "System Info");
    for (label, key) in [
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
        ("Kube-Proxy Version", "kubeProxyVersion"),
    ] {
        // kubectl 1.36 dropped the line (the field is deprecated and left empty).
        if key == "kubeProxyVersion" && !cluster.config.version().describe_node_kube_proxy() {
            continue;
        }
        line(w, 2, label, info(key));
    }
    if let Some(cidr) = n.spec.pod_cidr.as_deref().filter(|c| !c.is_empty()) {
        line(w, 0, "PodCIDR", cidr);
    }
    if !n.spec.pod_cidrs.is_empty() {
        line(w, 0, "PodCIDRs", n.spec.pod_cidrs.join(","));
    }
    resources(
        w,
        cluster,
        n,
        if allocatable.is_empty() {
            capacity
        } else {
            allocatable
        },
    );
}

/// `findNodeRoles`: `node-role.kubernetes.io/ROLE` labels and the `kubernetes.io/role` label.
fn roles(labels: &Labels) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for (k, v) in labels.iter() {
        let role = if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            role
        } else if k.as_str() == "kubernetes.io/role" {
            v.as_str()
        } else {
            continue;
        };
        if !role.is_empty() && !roles.iter().any(|r| r == role) {
            roles.push(role.to_string());
        }
    }
    sts_core::sort::sort(&mut roles);
    roles
}

/// Resource names and amounts, a few at most: a list is smaller (in the wasm) than a map.
#[derive(Clone, Default)]
struct Resources(Vec<(String, Quantity)>);

impl Resources {
    fn get(&self, name: &str) -> Quantity {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, q)| *q)
            .unwrap_or_default()
    }
    fn set(&mut self, name: &str, q: Quantity) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = q,
            None => self.0.push((name.to_string(), q)),
        }
    }
    fn add(&mut self, other: &Resources) {
        for (name, q) in &other.0 {
            self.set(name, self.get(name).plus(*q));
        }
    }
    /// Each resource at the larger of the two (compared in thousandths, as `Cmp` would).
    fn max(&mut self, other: &Resources) {
        for (name, q) in &other.0 {
            let present = self.0.iter().any(|(n, _)| n == name);
            if !present || q.milli_value() > self.get(name).milli_value() {
                self.set(name, *q);
            }
        }
    }
}

/// `resourcehelper.PodRequests` / `PodLimits`: the containers' sum, sidecars (restartable
/// init containers) included, or the largest init container's need if that is more.
fn pod_resources(p: &Pod, which: &str) -> Resources {
    let of = |c: &Container| {
        Resources(
            c.resources
                .as_ref()
                .and_then(|r| r[which].as_object())
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), Quantity::of(v)))
                        .collect()
                })
                .unwrap_or_default(),
        )
    };
    let mut total = Resources::default();
    for c in &p.spec.containers {
        total.add(&of(c));
    }
    let mut sidecars = Resources::default();
    let mut init_max = Resources::default();
    for c in &p.spec.init_containers {
        let own = of(c);
        if c.restart_policy.as_deref() == Some("Always") {
            sidecars.add(&own);
            total.add(&own);
            continue;
        }
        let mut need = sidecars.clone();
        need.add(&own);
        init_max.max(&need);
    }
    total.max(&init_max);
    total
}

/// The share of `allocatable` a quantity is, in whole percent, as Go's `int64(float64)`
/// conversion gives it (NaN and infinities become the smallest int64 on amd64).
fn percent(used: i64, of: i64) -> i64 {
    let share = used as f64 / of as f64 * 100.0;
    if share.is_finite() {
        share as i64
    } else {
        i64::MIN
    }
}

/// `describeNodeResource`: the node's non-terminated pods, then the totals.
fn resources(
    w: &mut String,
    cluster: &Cluster,
    n: &Node,
    allocatable: &BTreeMap<String, serde_json::Value>,
) {
    let alloc = |name: &str| allocatable.get(name).map(Quantity::of).unwrap_or_default();
    let (cpu, memory) = (alloc("cpu"), alloc("memory"));
    let pods: Vec<&Pod> = cluster
        .list(Kind::Pod, None)
        .filter_map(|o| match &**o {
            Object::Pod(p)
                if p.spec.node_name.as_deref() == Some(n.metadata.name.as_str())
                    && !matches!(&*p.status.phase, "Succeeded" | "Failed") =>
            {
                Some(p)
            }
            _ => None,
        })
        .collect();
    line(
        w,
        0,
        "Non-terminated Pods",
        format!("({} in total)", pods.len()),
    );
    w.push_str(
        "  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.push_str(
        "  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let (mut requests, mut limits) = (Resources::default(), Resources::default());
    for p in &pods {
        let (req, lim) = (pod_resources(p, "requests"), pod_resources(p, "limits"));
        let get = |r: &Resources, k: &str| r.get(k);
        let cpu_cell =
            |q: Quantity| format!("{q} ({}%)", percent(q.milli_value(), cpu.milli_value()));
        let mem_cell = |q: Quantity| format!("{q} ({}%)", percent(q.value(), memory.value()));
        w.push_str(&format!(
            "  {}\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
            p.metadata.namespace,
            p.metadata.name,
            cpu_cell(get(&req, "cpu")),
            cpu_cell(get(&lim, "cpu")),
            mem_cell(get(&req, "memory")),
            mem_cell(get(&lim, "memory")),
            crate::printers::table::age(p.metadata.creation_timestamp, cluster.now())
        ));
        requests.add(&req);
        limits.add(&lim);
    }
    w.push_str(
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.push_str("  Resource\tRequests\tLimits\n  --------\t--------\t------\n");
    let get = |r: &Resources, k: &str| r.get(k);
    let share = |q: Quantity, of: Quantity, milli: bool| {
        let (used, total) = if milli {
            (q.milli_value(), of.milli_value())
        } else {
            (q.value(), of.value())
        };
        if total == 0 {
            0
        } else {
            percent(used, total)
        }
    };
    let mut rows: Vec<(String, bool)> = vec![
        ("cpu".into(), true),
        ("memory".into(), false),
        ("ephemeral-storage".into(), false),
    ];
    rows.extend(
        allocatable
            .keys()
            .filter(|k| k.starts_with("hugepages-"))
            .map(|k| (k.clone(), false)),
    );
    for (name, milli) in rows {
        let (r, l, a) = (get(&requests, &name), get(&limits, &name), alloc(&name));
        w.push_str(&format!(
            "  {name}\t{r} ({}%)\t{l} ({}%)\n",
            share(r, a, milli),
            share(l, a, milli)
        ));
    }
    // Extended resources (neither standard nor hugepages nor `pods`): requests and limits.
    for name in allocatable.keys().filter(|k| {
        !k.starts_with("hugepages-")
            && !matches!(
                k.as_str(),
                "cpu" | "memory" | "ephemeral-storage" | "storage" | "pods"
            )
    }) {
        w.push_str(&format!(
            "  {name}\t{}\t{}\n",
            get(&requests, name),
            get(&limits, name)
        ));
    }
}
