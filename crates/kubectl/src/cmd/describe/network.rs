//! `describe` for Services and Endpoints, in the layouts of kubectl's `describeService` and
//! `describeEndpoints`.

use super::*;

pub(super) fn service(w: &mut String, cluster: &Cluster, s: &Service) {
    let m = &s.metadata;
    line(w, 0, "Name", &m.name);
    line(w, 0, "Namespace", &m.namespace);
    map_lines(w, 0, "Labels", &m.labels, &[]);
    annotation_lines(w, 0, &m.annotations, SKIPPED);
    let selector = s.spec.selector.clone().unwrap_or_default();
    line(w, 0, "Selector", format_labels(&selector));
    line(
        w,
        0,
        "Type",
        s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into()),
    );
    line(
        w,
        0,
        "IP Family Policy",
        s.spec
            .ip_family_policy
            .clone()
            .unwrap_or_else(|| "SingleStack".into()),
    );
    line(
        w,
        0,
        "IP Families",
        s.spec
            .ip_families
            .clone()
            .unwrap_or_else(|| vec!["IPv4".into()])
            .join(","),
    );
    line(w, 0, "IP", s.spec.cluster_ip.clone().unwrap_or_default());
    line(
        w,
        0,
        "IPs",
        s.spec.cluster_ips.clone().unwrap_or_default().join(","),
    );
    let endpoints = cluster.endpoints(&m.namespace, &m.name);
    for p in &s.spec.ports {
        let name = p.name.clone().unwrap_or_else(|| "<unset>".into());
        let protocol = p.protocol.clone().unwrap_or_else(|| "TCP".into());
        line(w, 0, "Port", format!("{name}  {}/{protocol}", p.port));
        let target = match &p.target_port {
            Some(serde_json::Value::String(t)) => t.clone(),
            Some(other) => other.to_string(),
            None => p.port.to_string(),
        };
        line(w, 0, "TargetPort", format!("{target}/{protocol}"));
        let addrs = endpoints
            .as_ref()
            .map(crate::printers::cluster::endpoints_text)
            .unwrap_or_else(|| "<none>".into());
        line(w, 0, "Endpoints", addrs);
    }
    line(
        w,
        0,
        "Session Affinity",
        s.spec
            .session_affinity
            .clone()
            .unwrap_or_else(|| "None".into()),
    );
    line(w, 0, "Internal Traffic Policy", "Cluster");
}

pub(super) fn endpoints(w: &mut String, e: &Endpoints) {
    let m = &e.metadata;
    line(w, 0, "Name", &m.name);
    line(w, 0, "Namespace", &m.namespace);
    map_lines(w, 0, "Labels", &m.labels, &[]);
    annotation_lines(w, 0, &m.annotations, SKIPPED);
    heading(w, 0, "Subsets");
    let ips = |list: &[EndpointAddress]| {
        let text: Vec<&str> = list.iter().map(|a| a.ip.as_str()).collect();
        if text.is_empty() {
            "<none>".to_string()
        } else {
            text.join(",")
        }
    };
    for s in &e.subsets {
        line(w, 2, "Addresses", ips(&s.addresses));
        line(w, 2, "NotReadyAddresses", ips(&s.not_ready_addresses));
        if !s.ports.is_empty() {
            heading(w, 2, "Ports");
            w.push_str("    Name\tPort\tProtocol\n    ----\t----\t--------\n");
            for p in &s.ports {
                w.push_str(&format!(
                    "    {}\t{}\t{}\n",
                    p.name
                        .as_deref()
                        .filter(|n| !n.is_empty())
                        .unwrap_or("<unset>"),
                    p.port,
                    p.protocol.as_deref().unwrap_or_default()
                ));
            }
        }
        w.push('\n');
    }
}

/// `describeEndpointSliceV1`.
pub(super) fn endpoint_slice(w: &mut String, e: &EndpointSlice) {
    let m = &e.metadata;
    line(w, 0, "Name", &m.name);
    line(w, 0, "Namespace", &m.namespace);
    map_lines(w, 0, "Labels", &m.labels, &[]);
    annotation_lines(w, 0, &m.annotations, SKIPPED);
    line(w, 0, "AddressType", &e.address_type);
    if e.ports.is_empty() {
        w.push_str("Ports: <unset>\n");
    } else {
        w.push_str("Ports:\n  Name\tPort\tProtocol\n  ----\t----\t--------\n");
        for p in &e.ports {
            let name = p
                .name
                .as_deref()
                .filter(|n| !n.is_empty())
                .unwrap_or("<unset>");
            let port = p
                .port
                .map_or_else(|| "<unset>".to_string(), |n| n.to_string());
            let protocol = p.protocol.as_deref().unwrap_or_default();
            w.push_str(&format!("  {name}\t{port}\t{protocol}\n"));
        }
    }
    if e.endpoints.is_empty() {
        w.push_str("Endpoints: <none>\n");
        return;
    }
    w.push_str("Endpoints:\n");
    let unset = |v: Option<&str>| v.unwrap_or("<unset>").to_string();
    for p in &e.endpoints {
        let addresses = if p.addresses.is_empty() {
            "<none>".to_string()
        } else {
            p.addresses.join(", ")
        };
        line(w, 2, "- Addresses", addresses);
        heading(w, 4, "Conditions");
        line(
            w,
            6,
            "Ready",
            p.conditions
                .ready
                .map_or_else(|| "<unset>".to_string(), |r| r.to_string()),
        );
        line(w, 4, "Hostname", unset(p.hostname.as_deref()));
        if let Some(t) = &p.target_ref {
            line(w, 4, "TargetRef", format!("{}/{}", t.kind, t.name));
        }
        line(w, 4, "NodeName", unset(p.node_name.as_deref()));
        line(w, 4, "Zone", unset(p.zone.as_deref()));
    }
}
