//! Differences between Kubernetes versions that a learner can see (spec §0, §1.5, §3.12),
//! and adoption and release of pods by label (§3.2).

mod common;
use common::*;
use sts_core::api::*;
use sts_core::cluster::{Cluster, Config};
use sts_core::time::Duration;

fn on(minor: u32, yaml: &str) -> Cluster {
    let mut c = Cluster::new(Config {
        minor,
        ..Config::default()
    });
    apply(&mut c, yaml);
    settle(&mut c);
    c
}

fn not_ready_after(minor: u32, seconds: i64) -> bool {
    let mut c = on(minor, M);
    let node = pod(&c, "web-0").unwrap().spec.node_name.clone().unwrap();
    c.node_down(&node);
    c.advance(Duration::seconds(seconds));
    set(&c, "web").status.ready_replicas < 3
}

#[test]
fn the_node_monitor_grace_period_is_40s_on_1_31_and_50s_from_1_32() {
    assert!(!not_ready_after(31, 39) && not_ready_after(31, 41));
    assert!(!not_ready_after(32, 49) && not_ready_after(32, 51));
    assert!(!not_ready_after(34, 49) && not_ready_after(34, 51));
}

#[test]
fn kubelet_created_events_gained_a_colon_in_1_33() {
    let message = |minor| {
        let c = on(minor, M);
        let created = c.events().iter().find(|e| e.reason == "Created").cloned();
        created.unwrap().message.clone()
    };
    assert_eq!(message(32), "Created container nginx");
    assert_eq!(message(34), "Created container: nginx");
}

/// Seconds between the new web-2 becoming Ready and web-1 being deleted in a rolling update.
fn update_gap(minor: u32, policy: &str) -> i64 {
    let yaml = M.replace(
        "  serviceName: nginx",
        &format!("  serviceName: nginx\n  minReadySeconds: 10\n  podManagementPolicy: {policy}"),
    );
    let mut c = on(minor, &yaml);
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
    run_until(
        &mut c,
        |c| pod(c, "web-1").is_some_and(|p| p.metadata.deletion_timestamp.is_some()),
        |_| {},
    );
    let deleted_at = c.now();
    let ready = pod(&c, "web-2")
        .unwrap()
        .condition("Ready")
        .unwrap()
        .last_transition_time
        .unwrap();
    (deleted_at - ready).whole_seconds()
}

#[test]
fn parallel_rolling_updates_wait_for_min_ready_seconds_only_from_1_33() {
    assert!(
        update_gap(32, "Parallel") < 10,
        "1.32: the next pod goes as soon as web-2 is Ready"
    );
    assert!(
        update_gap(33, "Parallel") >= 10,
        "1.33: it waits for availability"
    );
    assert!(
        update_gap(32, "OrderedReady") >= 10,
        "OrderedReady always waited (step 7f)"
    );
}

#[test]
fn max_unavailable_takes_effect_with_the_gate_on_by_default_in_1_35() {
    let yaml = M
        .replace("  replicas: 3", "  replicas: 6")
        .replace("  serviceName: nginx", "  serviceName: nginx\n  updateStrategy:\n    rollingUpdate:\n      partition: 3\n      maxUnavailable: 2");
    let deletes_in_first_sync = |minor| {
        let mut c = on(minor, &yaml);
        set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
        run_until(&mut c, |c| !terminating(c).is_empty(), |_| {});
        terminating(&c)
    };
    assert_eq!(
        deletes_in_first_sync(34),
        ["web-5"],
        "ignored while the gate is off"
    );
    assert_eq!(
        deletes_in_first_sync(35),
        ["web-4", "web-5"],
        "the unit-test example of §3.5 step 12"
    );
}

#[test]
fn a_relabelled_pod_is_released_and_its_name_blocks_recreation() {
    let mut c = on(34, M);
    let mut p = pod(&c, "web-1").unwrap();
    p.metadata.labels.insert("app".into(), "debug".into());
    let uid = p.metadata.uid.to_string();
    c.update(Object::Pod(p)).unwrap();
    c.settle(Duration::minutes(1));
    let released = pod(&c, "web-1").unwrap();
    assert_eq!(released.metadata.uid, uid);
    assert!(
        released.metadata.owner_references.is_empty(),
        "released: no controller reference"
    );
    assert_eq!(set(&c, "web").status.replicas, 2);
    assert!(
        !set_events(&c).iter().any(|e| e.contains("failed")),
        "AlreadyExists is swallowed: no event"
    );
    // Relabelled back, it is adopted again with its old UID.
    let mut p = pod(&c, "web-1").unwrap();
    p.metadata.labels.insert("app".into(), "nginx".into());
    c.update(Object::Pod(p)).unwrap();
    settle(&mut c);
    let adopted = pod(&c, "web-1").unwrap();
    assert_eq!(adopted.metadata.uid, uid);
    assert_eq!(adopted.metadata.controller().unwrap().name, "web");
    assert_eq!(set(&c, "web").status.ready_replicas, 3);
}

#[test]
fn versions_parse_and_unsupported_ones_are_refused() {
    assert_eq!(Config::parse_version("1.34"), Ok(34));
    assert_eq!(Config::parse_version("v1.31.4"), Ok(31));
    assert_eq!(
        Config::parse_version("1.30"),
        Err(
            "version 1.30 is not simulated: the playground simulates Kubernetes 1.31 to 1.37"
                .into()
        )
    );
    assert_eq!(Config::parse_version("1.37"), Ok(37));
    assert!(Config::parse_version("1.38").is_err());
    assert!(Config::parse_version("latest").is_err());
}

#[test]
fn a_session_can_be_replayed_on_another_version() {
    use sts_core::timeline::{Input, Timeline};
    let mut t = Timeline::new(Cluster::new(Config::default()));
    for object in objects(M) {
        t.apply(Input::Create(object));
    }
    t.apply(Input::Settle(Duration::minutes(10)));
    let created = |c: &Cluster| {
        c.events()
            .iter()
            .find(|e| e.reason == "Created")
            .unwrap()
            .message
            .clone()
    };
    assert_eq!(created(t.cluster()), "Container created");
    let old = t.replay_with(Config {
        minor: 32,
        ..Config::default()
    });
    assert_eq!(created(old.cluster()), "Created container nginx");
    let mid = t.replay_with(Config {
        minor: 34,
        ..Config::default()
    });
    assert_eq!(created(mid.cluster()), "Created container: nginx");
    assert_eq!(old.cluster().list(Kind::Pod, Some("default")).count(), 3);
    assert_eq!(old.position(), old.len());
}
