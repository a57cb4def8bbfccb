//! What the simulator derives instead of storing: a node's Lease (renewed every 10 s while its
//! kubelet runs, frozen when it stops, renewed again after it returns) and a Service's
//! EndpointSlice (terminating pods kept, no longer ready; named from the Service's UID).

mod common;
use common::*;
use sts_core::time::Duration;

#[test]
fn a_node_lease_is_renewed_every_ten_seconds_while_its_kubelet_runs() {
    let mut c = settled_m();
    let node = pod(&c, "web-1").unwrap().spec.node_name.clone().unwrap();
    let lease = c.node_lease(&node).expect("every node has a Lease");
    assert_eq!(lease.holder, node);
    assert_eq!(lease.duration_seconds, 40);
    let age = c.now() - lease.renew_time;
    assert!(
        age >= Duration::ZERO && age < Duration::seconds(10),
        "renewed within the last 10 s: {age}"
    );
    // The kubelet stops: the Lease keeps its last renewal however long the node stays down.
    c.node_down(&node);
    let frozen = c.node_lease(&node).unwrap().renew_time;
    c.advance(Duration::minutes(3));
    assert_eq!(c.node_lease(&node).unwrap().renew_time, frozen);
    // Back up: renewals count from the kubelet's restart.
    c.node_up(&node);
    c.advance(Duration::seconds(25));
    let renewed = c.node_lease(&node).unwrap().renew_time;
    assert!(renewed > frozen);
    assert!(c.now() - renewed < Duration::seconds(10));
    assert!(c.node_lease("no-such-node").is_none());
}

#[test]
fn an_endpoint_slice_keeps_a_terminating_pod_as_not_ready() {
    let mut c = settled_m();
    let slice = c
        .endpoint_slice("default", "nginx")
        .expect("a Service with a selector has a slice");
    assert!(slice.metadata.name.starts_with("nginx-"));
    assert_eq!(slice.metadata.name.len(), "nginx-".len() + 5);
    assert_eq!(slice.endpoints.len(), 3);
    assert!(slice
        .endpoints
        .iter()
        .all(|e| e.conditions.ready == Some(true) && e.conditions.terminating == Some(false)));
    // web-1's node is lost; after the taint's five minutes web-1 is deleted and stays
    // Terminating there: the Endpoints drop it, the slice keeps it, not ready.
    kill_node_of(&mut c, "web-1");
    c.advance(Duration::minutes(6));
    assert!(terminating(&c).contains(&"web-1".to_string()));
    let slice = c.endpoint_slice("default", "nginx").unwrap();
    let web1 = slice
        .endpoints
        .iter()
        .find(|e| e.target_ref.as_ref().is_some_and(|r| r.name == "web-1"))
        .expect("a terminating pod stays in the slice");
    assert_eq!(web1.conditions.terminating, Some(true));
    assert_eq!(web1.conditions.ready, Some(false));
    let endpoints = c.endpoints("default", "nginx").unwrap();
    let listed: Vec<_> = endpoints
        .subsets
        .iter()
        .flat_map(|s| s.addresses.iter().chain(&s.not_ready_addresses))
        .filter_map(|a| a.target_ref.as_ref().map(|r| r.name.to_string()))
        .collect();
    assert!(!listed.contains(&"web-1".to_string()), "{listed:?}");
    // The same name every time it is read: derived from the Service, not drawn.
    assert_eq!(
        slice.metadata.name,
        c.endpoint_slice("default", "nginx").unwrap().metadata.name
    );
}
