//! Property tests: random sequences of learner actions against the controller's invariants.
//! Each case is generated from a seed with the simulation's own generator, so a failure names
//! the seed that reproduces it.

mod common;
use common::*;
use std::collections::BTreeMap;
use sts_core::api::*;
use sts_core::cluster::{Cluster, Config, Fault};
use sts_core::rng::Rng;
use sts_core::time::Duration;

const IMAGES: [&str; 3] = [
    "registry.k8s.io/nginx-slim:0.21",
    "registry.k8s.io/nginx-slim:0.24",
    "registry.k8s.io/nginx-slim:9.99",
];

fn random_action(c: &mut Cluster, rng: &mut Rng, log: &mut Vec<String>) {
    let pod_name = format!("web-{}", rng.range(0, 5));
    let nodes = ["node-1", "node-2", "node-3"];
    let action = rng.range(0, 11);
    log.push(format!("action {action} on {pod_name}"));
    match action {
        0 | 1 => {
            let r = rng.range(0, 6) as i32;
            let mut s = set(c, "web");
            s.spec.replicas = Some(r);
            let _ = c.update(Object::StatefulSet(s));
        }
        2 => {
            let image = IMAGES[rng.range(0, 2) as usize];
            let mut s = set(c, "web");
            s.spec.template.spec.containers[0].image = Some(image.into());
            let _ = c.update(Object::StatefulSet(s));
        }
        3 => {
            let _ = c.delete(
                &ObjectKey::new(Kind::Pod, "default", &pod_name),
                Default::default(),
            );
        }
        4 => c.set_fault("default", &pod_name, Fault::CrashLoop),
        5 => {
            c.heal("default", &pod_name);
        }
        6 => {
            c.evict("default", &pod_name);
        }
        7 => {
            c.node_down(nodes[rng.range(0, 2) as usize]);
        }
        8 => {
            for n in nodes {
                c.node_up(n);
            }
        }
        9 => {
            let p = rng.range(0, 4) as i32;
            let mut s = set(c, "web");
            s.spec
                .update_strategy
                .as_mut()
                .unwrap()
                .rolling_update
                .as_mut()
                .unwrap()
                .partition = Some(p);
            let _ = c.update(Object::StatefulSet(s));
        }
        _ => {
            c.crash_once("default", &pod_name);
        }
    }
}

/// Steps `n` times checking the invariants of OrderedReady sets before each step.
fn step_checked(c: &mut Cluster, n: usize, seed: u64) -> usize {
    let mut checked = 0;
    for _ in 0..n {
        let before: BTreeMap<String, Pod> = pods(c)
            .into_iter()
            .map(|p| (p.metadata.name.to_string(), p))
            .collect();
        let s = set(c, "web");
        let Some(report) = c.step() else {
            return checked;
        };
        if report.component != "statefulset-controller" {
            continue;
        }
        for change in &report.changes {
            let change = change.to_string();
            if let Some(name) = change.strip_prefix("created pod/") {
                checked += 1;
                let ordinal: i32 = name.trim_start_matches("web-").parse().unwrap();
                assert!(
                    !before.contains_key(name),
                    "seed {seed}: {name} created while an object of that name existed"
                );
                for lower in 0..ordinal {
                    let p = before.get(&format!("web-{lower}"));
                    assert!(
                        p.is_some_and(|p| p.is_running_and_ready() && p.metadata.deletion_timestamp.is_none()),
                        "seed {seed}: OrderedReady created {name} while web-{lower} was not Running and Ready"
                    );
                }
            }
            if let Some(rest) = change.strip_prefix(
                "statefulset-controller: SuccessfulDelete statefulset/web: delete Pod ",
            ) {
                let name = rest.split(' ').next().unwrap();
                let ordinal: i32 = name.trim_start_matches("web-").parse().unwrap();
                if ordinal >= s.replicas() {
                    let higher = before
                        .keys()
                        .any(|n| n.trim_start_matches("web-").parse::<i32>().unwrap() > ordinal);
                    assert!(!higher, "seed {seed}: scale-down deleted {name} while a higher ordinal still existed");
                    checked += 1;
                }
            }
        }
    }
    checked
}

fn run_case(seed: u64) -> (String, usize) {
    let mut checked = 0;
    let mut c = Cluster::new(Config {
        seed,
        ..Config::default()
    });
    c.set_image_broken(IMAGES[2], true);
    apply(&mut c, M);
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut log = Vec::new();
    for _ in 0..25 {
        random_action(&mut c, &mut rng, &mut log);
        let steps = rng.range(1, 40) as usize;
        checked += step_checked(&mut c, steps, seed);
        if rng.range(0, 3) == 0 {
            c.advance(Duration::seconds(rng.range(1, 400)));
        }
    }
    for n in ["node-1", "node-2", "node-3"] {
        c.node_up(n);
    }
    for p in 0..6 {
        c.heal("default", &format!("web-{p}"));
    }
    c.settle(Duration::minutes(30));
    (c.fingerprint(), checked)
}

#[test]
fn random_action_sequences_keep_the_invariants_and_never_panic() {
    let checked: usize = (0..40).map(|seed| run_case(seed).1).sum();
    assert!(
        checked > 200,
        "the invariants were exercised: {checked} creations and scale-down deletions"
    );
}

#[test]
fn random_histories_are_deterministic() {
    for seed in [3, 17, 29] {
        assert_eq!(run_case(seed), run_case(seed), "seed {seed}");
    }
}
