//! Benchmarks of the simulation (`cargo bench -p sts-core`): medians of repeated runs of
//! settling large sets, a rolling update and seeking in a long history. Run in release mode;
//! timings are reported, never asserted.

use std::time::Instant;
use sts_core::api::*;
use sts_core::cluster::{Cluster, Config};
use sts_core::time::Duration;
use sts_core::timeline::{Input, Timeline};

fn set_yaml(replicas: usize, policy: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: {replicas}\n  podManagementPolicy: {policy}\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: nginx\n        image: registry.k8s.io/nginx-slim:0.21\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 1Gi\n"
    )
}

fn headless() -> Object {
    let value: serde_json::Value = serde_yaml::from_str(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector: {app: web}\n  ports:\n  - port: 80\n",
    )
    .unwrap();
    Object::from_json(Kind::Service, value).unwrap()
}

fn set_object(replicas: usize, policy: &str) -> Object {
    let value: serde_json::Value = serde_yaml::from_str(&set_yaml(replicas, policy)).unwrap();
    Object::from_json(Kind::StatefulSet, value).unwrap()
}

fn settled(replicas: usize, policy: &str) -> (Cluster, u64) {
    let mut c = Cluster::new(Config::default());
    c.create(headless()).unwrap();
    c.create(set_object(replicas, policy)).unwrap();
    let (_, outcome) = c.settle(Duration::minutes(24 * 60));
    assert_eq!(outcome, sts_core::cluster::SettleOutcome::Settled);
    let steps = c.steps_taken();
    (c, steps)
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut samples = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        last = Some(out);
    }
    (median(samples), last.unwrap())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let runs = if flag("--quick") { 1 } else { 5 };
    println!("benchmark (median of {runs} runs)");
    if let Some(n) = args
        .iter()
        .find_map(|a| a.strip_prefix("--replicas="))
        .and_then(|n| n.parse::<usize>().ok())
    {
        let (ms, (_, steps)) = time(1, || settled(n, "OrderedReady"));
        println!("settle {n} replicas OrderedReady: {ms:.1} ms ({steps} steps)");
        return;
    }
    if !flag("--seek") {
        settle_benchmarks(runs, flag("--full"));
    }
    seek_benchmark(flag("--quick"));
}

/// Settling and updating sets. 10,000 replicas only with `--full`: settling is still
/// quadratic in the set's size (see ARCHITECTURE.md, "Known cost").
fn settle_benchmarks(runs: usize, full: bool) {
    let sizes: &[usize] = if full {
        &[100, 1_000, 10_000]
    } else {
        &[100, 1_000]
    };
    let mut per_replica = Vec::new();
    for &replicas in sizes {
        let (ms, (_, steps)) = time(if replicas > 1000 { 1 } else { runs }, || {
            settled(replicas, "OrderedReady")
        });
        println!("settle {replicas:>6} replicas OrderedReady: {ms:9.1} ms ({steps} steps)");
        per_replica.push(ms / replicas as f64);
    }
    println!(
        "cost per replica grows {:.1}x from {} to {} replicas (1.0 = linear)",
        per_replica[per_replica.len() - 1] / per_replica[0],
        sizes[0],
        sizes[sizes.len() - 1]
    );
    let parallel = if full { 10_000 } else { 1_000 };
    let (ms, (_, steps)) = time(if full { 1 } else { runs }, || {
        settled(parallel, "Parallel")
    });
    println!("settle {parallel:>6} replicas Parallel:     {ms:9.1} ms ({steps} steps)");

    let (base, _) = settled(1_000, "OrderedReady");
    let (ms, steps) = time(runs, || {
        let mut c = base.clone();
        let Some(Object::StatefulSet(mut s)) = c
            .get(&ObjectKey::new(Kind::StatefulSet, "default", "web"))
            .map(|o| (**o).clone())
        else {
            unreachable!()
        };
        s.spec.template.spec.containers[0].image = Some("registry.k8s.io/nginx-slim:0.24".into());
        c.update(Object::StatefulSet(s)).unwrap();
        let before = c.steps_taken();
        c.settle(Duration::minutes(24 * 60));
        c.steps_taken() - before
    });
    println!("rolling update of 1000 replicas:      {ms:9.1} ms ({steps} steps)");
}

/// Seeking in a long history.
fn seek_benchmark(quick: bool) {
    // A history of ~10,000 moments: a 300-replica set created, updated and scaled.
    let mut t = Timeline::new(Cluster::new(Config::default()));
    t.apply(Input::Create(headless()));
    t.apply(Input::Create(set_object(300, "OrderedReady")));
    t.apply(Input::Settle(Duration::minutes(24 * 60)));
    let Some(Object::StatefulSet(mut s)) = t
        .cluster()
        .get(&ObjectKey::new(Kind::StatefulSet, "default", "web"))
        .map(|o| (**o).clone())
    else {
        unreachable!()
    };
    s.spec.template.spec.containers[0].image = Some("registry.k8s.io/nginx-slim:0.24".into());
    t.apply(Input::Update(Object::StatefulSet(s)));
    t.apply(Input::Settle(Duration::minutes(24 * 60)));
    let len = t.len();
    let mut samples = Vec::new();
    let mut state = 12345u64;
    for _ in 0..if quick { 20 } else { 200 } {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let target = (state >> 33) as usize % (len + 1);
        let start = Instant::now();
        t.seek(target);
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let worst = samples.iter().cloned().fold(0.0, f64::max);
    println!("seek in a {len}-moment history:       {:9.2} ms median, {worst:.2} ms worst ({} checkpoints)", median(samples), t.checkpoints());
}
