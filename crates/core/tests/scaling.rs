//! Scenarios S9–S13 and S37: scaling in order, waiting for complete termination, and what
//! scaling leaves alone (claims, revisions).

mod common;
use common::*;

#[test]
fn s9_scale_down_deletes_the_highest_first_and_waits_for_it_to_be_gone() {
    let mut c = settled_m();
    scale(&mut c, 5);
    settle(&mut c);
    scale(&mut c, 3);
    let mut max_ready_over_desired = 0;
    let (deleted, created) = watch(&mut c, |c| {
        let t = terminating(c);
        assert!(t.len() <= 1, "one pod terminates at a time: {t:?}");
        let s = set(c, "web");
        max_ready_over_desired = max_ready_over_desired.max(s.status.ready_replicas);
    });
    assert_eq!(deleted, ["web-4", "web-3"]);
    assert!(created.is_empty());
    assert_eq!(names(&pods(&c)), ["web-0", "web-1", "web-2"]);
    let events = set_events(&c);
    let deletes: Vec<&String> = events.iter().filter(|e| e.starts_with("delete")).collect();
    assert_eq!(
        deletes,
        [
            "delete Pod web-4 in StatefulSet web successful",
            "delete Pod web-3 in StatefulSet web successful"
        ]
    );
    assert_eq!(claim(&c, "www-web-3").unwrap().status.phase, "Bound");
    assert_eq!(claim(&c, "www-web-4").unwrap().status.phase, "Bound");
    assert_eq!(set(&c, "web").status.observed_generation, Some(3));
    assert_eq!(revisions(&c).len(), 1);
    assert!(
        max_ready_over_desired > 3,
        "READY briefly exceeds the desired count (5/3 or 4/3)"
    );
}

#[test]
fn s10_scale_down_blocks_while_a_survivor_is_unhealthy() {
    let mut c = settled_m();
    scale(&mut c, 1);
    // web-0 becomes unready while web-2 terminates, before web-1 is deleted.
    run_until(&mut c, |c| terminating(c) == ["web-2"], |_| {});
    c.crash_once("default", "web-0");
    c.set_fault("default", "web-0", sts_core::cluster::Fault::CrashLoop);
    run_until(&mut c, |c| !pod(c, "web-0").unwrap().is_ready(), |_| {});
    c.advance(sts_core::time::Duration::seconds(30));
    assert!(
        pod(&c, "web-2").is_none(),
        "web-2, already terminating, is gone"
    );
    assert!(
        pod(&c, "web-1")
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_none(),
        "web-1 waits for web-0"
    );
    c.heal("default", "web-0");
    settle(&mut c);
    assert_eq!(names(&pods(&c)), ["web-0"]);
}

#[test]
fn s12_scale_to_zero_terminates_in_reverse_order_then_delete_leaves_claims() {
    let mut c = settled_m();
    scale(&mut c, 0);
    let (deleted, _) = watch(&mut c, |c| assert!(terminating(c).len() <= 1));
    assert_eq!(deleted, ["web-2", "web-1", "web-0"]);
    c.delete(
        &sts_core::api::ObjectKey::new(sts_core::api::Kind::StatefulSet, "default", "web"),
        Default::default(),
    )
    .unwrap();
    settle(&mut c);
    assert!(pods(&c).is_empty());
    for n in 0..3 {
        assert!(claim(&c, &format!("www-web-{n}")).is_some());
    }
}

#[test]
fn s13_scaling_creates_no_revisions() {
    let mut c = settled_m();
    let rev = revisions(&c)[0].0.clone();
    scale(&mut c, 5);
    settle(&mut c);
    scale(&mut c, 3);
    settle(&mut c);
    assert_eq!(revisions(&c), [(rev.clone(), 1)]);
    let s = set(&c, "web");
    assert_eq!(
        (s.metadata.generation, s.status.observed_generation),
        (3, Some(3))
    );
    scale(&mut c, 5);
    settle(&mut c);
    assert_eq!(
        pod(&c, "web-4")
            .unwrap()
            .metadata
            .labels
            .get("controller-revision-hash"),
        Some(&rev.as_str().into())
    );
}

#[test]
fn s37_retained_claims_are_reused_with_their_data() {
    let mut c = settled_m();
    scale(&mut c, 5);
    settle(&mut c);
    assert!(c.write_volume_file("default", "www-web-4", "index.html", "web-4\n".into()));
    scale(&mut c, 3);
    settle(&mut c);
    let claim_events = set_events(&c)
        .iter()
        .filter(|e| e.starts_with("create Claim"))
        .count();
    scale(&mut c, 5);
    settle(&mut c);
    assert_eq!(
        set_events(&c)
            .iter()
            .filter(|e| e.starts_with("create Claim"))
            .count(),
        claim_events,
        "no new claims"
    );
    assert_eq!(
        c.volume_files("default", "www-web-4").unwrap()["index.html"],
        "web-4\n"
    );
}

#[test]
fn s8_parallel_scales_and_deletes_regardless_of_health() {
    let mut c = cluster();
    apply(
        &mut c,
        &M.replace(
            "  serviceName: nginx",
            "  serviceName: nginx\n  podManagementPolicy: Parallel",
        )
        .replace("replicas: 3", "replicas: 1"),
    );
    settle(&mut c);
    c.set_fault("default", "web-0", sts_core::cluster::Fault::CrashLoop);
    c.crash_once("default", "web-0");
    run_until(&mut c, |c| !pod(c, "web-0").unwrap().is_ready(), |_| {});
    scale(&mut c, 3);
    run_until(&mut c, |c| pods(c).len() == 3, |_| {});
    assert!(
        !pod(&c, "web-0").unwrap().is_ready(),
        "web-1 and web-2 were created while web-0 is not Ready"
    );
    for n in ["web-1", "web-2"] {
        c.set_fault("default", n, sts_core::cluster::Fault::CrashLoop);
    }
    c.advance(sts_core::time::Duration::seconds(20));
    scale(&mut c, 0);
    // One sync marks all three for deletion.
    let before = c.steps_taken();
    run_until(
        &mut c,
        |c| terminating(c).len() == 3 || pods(c).is_empty(),
        |_| {},
    );
    assert!(
        c.steps_taken() - before <= 3,
        "all three deleted in the same sync"
    );
}

#[test]
fn required_anti_affinity_leaves_a_fourth_member_pending_on_three_nodes() {
    let mut c = cluster();
    apply(
        &mut c,
        &std::fs::read_to_string("../../examples/zookeeper-ensemble.yaml").unwrap(),
    );
    settle(&mut c);
    let nodes: std::collections::BTreeSet<String> = pods(&c)
        .iter()
        .map(|p| p.spec.node_name.clone().unwrap())
        .collect();
    assert_eq!(nodes.len(), 3, "one member per node");
    let mut set = match c
        .get(&sts_core::api::ObjectKey::new(
            sts_core::api::Kind::StatefulSet,
            "default",
            "zk",
        ))
        .map(|o| (**o).clone())
    {
        Some(sts_core::api::Object::StatefulSet(s)) => s,
        _ => panic!("no zk"),
    };
    set.spec.replicas = Some(4);
    c.update(sts_core::api::Object::StatefulSet(set)).unwrap();
    settle(&mut c);
    let zk3 = pod(&c, "zk-3").unwrap();
    assert_eq!(zk3.spec.node_name, None);
    assert_eq!(zk3.status.phase, "Pending");
    let message = c
        .events()
        .iter()
        .find(|e| e.involved_object.name == "zk-3" && e.reason == "FailedScheduling")
        .map(|e| e.message.clone())
        .unwrap();
    assert_eq!(
        message,
        "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
    );
}

#[test]
fn existing_members_anti_affinity_keeps_a_plain_matching_pod_off_their_nodes() {
    // The newcomer has no affinity of its own; the members' required anti-affinity on
    // `app: zk` is what keeps it away from all three nodes.
    let mut c = cluster();
    apply(
        &mut c,
        &std::fs::read_to_string("../../examples/zookeeper-ensemble.yaml").unwrap(),
    );
    settle(&mut c);
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: intruder\n  labels:\n    app: zk\nspec:\n  containers:\n  - name: c\n    image: busybox\n",
    );
    settle(&mut c);
    let intruder = pod(&c, "intruder").unwrap();
    assert_eq!(intruder.spec.node_name, None);
    let message = c
        .events()
        .iter()
        .find(|e| e.involved_object.name == "intruder" && e.reason == "FailedScheduling")
        .map(|e| e.message.clone())
        .unwrap();
    assert_eq!(
        message,
        "0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
    );
    // A pod the members' selector does not match schedules as usual.
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: neighbour\n  labels:\n    app: other\nspec:\n  containers:\n  - name: c\n    image: busybox\n",
    );
    settle(&mut c);
    assert!(pod(&c, "neighbour").unwrap().spec.node_name.is_some());
}
