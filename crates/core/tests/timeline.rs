//! Time travel and determinism: seeking to any moment gives the state that moment had, acting
//! from the past discards the future, and equal inputs give byte-identical histories.

mod common;
use common::*;
use sts_core::api::*;
use sts_core::cluster::{Cluster, Config, Fault};
use sts_core::time::Duration;
use sts_core::timeline::{Input, Timeline};

fn inputs() -> Vec<Input> {
    let mut v: Vec<Input> = objects(M).into_iter().map(Input::Create).collect();
    v.push(Input::Settle(Duration::minutes(10)));
    v.push(Input::SetFault {
        namespace: "default".into(),
        pod: "web-1".into(),
        fault: Fault::CrashLoop,
    });
    v.push(Input::CrashOnce {
        namespace: "default".into(),
        pod: "web-1".into(),
    });
    v.push(Input::Advance(Duration::seconds(45)));
    v.push(Input::Heal {
        namespace: "default".into(),
        pod: "web-1".into(),
    });
    v.push(Input::Delete(
        ObjectKey::new(Kind::Pod, "default", "web-2"),
        Default::default(),
    ));
    v.push(Input::Settle(Duration::minutes(10)));
    v.push(Input::Evict {
        namespace: "default".into(),
        pod: "web-0".into(),
    });
    v.push(Input::NodeDown("node-2".into()));
    v.push(Input::Advance(Duration::seconds(400)));
    v.push(Input::NodeUp("node-2".into()));
    v.push(Input::Settle(Duration::minutes(10)));
    v
}

fn timeline(seed: u64) -> Timeline {
    // Checkpoints close together, so that seeks cross several of them.
    let cluster = Cluster::new(Config {
        seed,
        ..Config::default()
    });
    let mut t = Timeline::with_checkpoint_every(cluster, 16);
    for input in inputs() {
        t.apply(input);
    }
    t
}

#[test]
fn seeking_anywhere_gives_the_same_state_whatever_the_path() {
    let mut t = timeline(7);
    let len = t.len();
    assert!(
        len > 64 && t.checkpoints() > 3,
        "a history with checkpoints: {len} moments"
    );
    let final_state = t.cluster().fingerprint();
    let mut forward = Vec::new();
    for m in 0..=len {
        t.seek(m);
        forward.push(t.cluster().fingerprint());
    }
    assert_eq!(forward[len], final_state);
    for m in (0..=len).rev().step_by(7) {
        t.seek(m);
        assert_eq!(t.cluster().fingerprint(), forward[m], "moment {m}");
    }
    // Each moment's recorded time is the clock after seeking to it.
    for m in [1, len / 3, len / 2, len] {
        t.seek(m);
        assert_eq!(t.cluster().now(), t.moments()[m - 1].at, "moment {m}");
    }
}

#[test]
fn acting_from_the_past_discards_the_future() {
    let mut t = timeline(7);
    let len = t.len();
    let middle = t
        .moments()
        .iter()
        .position(|m| m.step.as_ref().is_some_and(|s| s.component == "kubelet"))
        .unwrap()
        + 5;
    t.seek(middle);
    let here = t.cluster().fingerprint();
    t.apply(Input::Settle(Duration::minutes(10)));
    assert!(t.len() < len, "the old future is gone");
    t.seek(middle);
    assert_eq!(t.cluster().fingerprint(), here);
    // A fresh history that stepped to the same moment and settled agrees.
    let mut fresh = timeline(7);
    fresh.seek(middle);
    fresh.apply(Input::Settle(Duration::minutes(10)));
    t.seek(t.len());
    assert_eq!(t.cluster().fingerprint(), fresh.cluster().fingerprint());
}

#[test]
fn equal_seeds_and_inputs_give_identical_histories() {
    let a = timeline(42);
    let b = timeline(42);
    assert_eq!(a.cluster().fingerprint(), b.cluster().fingerprint());
    assert_eq!(a.moments(), b.moments());
    let c = timeline(43);
    assert_ne!(
        a.cluster().fingerprint(),
        c.cluster().fingerprint(),
        "the seed matters (UIDs, IPs, pull times)"
    );
}
