//! Benchmarks of the simulation (`cargo bench -p sts-core --bench simulation -- [flags]`):
//! medians of repeated runs of settling large sets, a rolling update and seeking in a long
//! history, in wall-clock and CPU time. Timings are reported, never asserted.
//!
//! Flags: `--quick` (one run each), `--full` (10,000-replica sets, and the seek benchmark on a
//! ~10,000-moment history in a process of its own, with its peak memory), `--seek` (only that),
//! `--replicas=N [--parallel] [--rolling]` (one set, once: for profiling).

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

/// CPU time of this (single-threaded) process in ms, from /proc/self/schedstat: on a shared
/// machine wall time also counts the time other processes had the CPU.
fn cpu_ms() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

/// A field of /proc/self/status in MB (`VmHWM`: peak resident memory; `VmRSS`: now).
fn status_mb(field: &str) -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn mb(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| format!("{v:.1} MB"))
}

/// Medians of wall-clock and CPU time (ms) over `runs` runs, and the last result.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        drop(last.take());
        let (start, start_cpu) = (Instant::now(), cpu_ms());
        let out = f();
        wall.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu.push(cpu_ms().zip(start_cpu).map_or(f64::NAN, |(b, a)| b - a));
        last = Some(out);
    }
    (median(wall), median(cpu), last.unwrap())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let runs = if flag("--quick") { 1 } else { 5 };
    println!(
        "benchmark (median of {runs} runs, at most 3 for 10,000 replicas; wall-clock ms, CPU ms in brackets)"
    );
    if let Some(n) = args
        .iter()
        .find_map(|a| a.strip_prefix("--replicas="))
        .and_then(|n| n.parse::<usize>().ok())
    {
        let policy = if flag("--parallel") {
            "Parallel"
        } else {
            "OrderedReady"
        };
        let (ms, cpu, (c, steps)) = time(1, || settled(n, policy));
        println!("settle {n} replicas {policy}: {ms:.1} ms [{cpu:.1}] ({steps} steps)");
        if flag("--rolling") {
            let (ms, cpu, (_, steps)) = time(1, || rolling_update(&c));
            println!("rolling update of {n} replicas: {ms:.1} ms [{cpu:.1}] ({steps} steps)");
        }
        // Exit without dropping the cluster, so that a profile of this run is the settle.
        std::process::exit(0);
    }
    if flag("--seek") {
        seek_benchmark(flag("--quick"), true);
        println!(
            "  peak memory of the seek process (VmHWM): {}",
            mb(status_mb("VmHWM:"))
        );
        return;
    }
    settle_benchmarks(runs, flag("--full"));
    println!("peak memory (VmHWM): {}", mb(status_mb("VmHWM:")));
    if flag("--full") {
        // In a process of its own, so that its peak memory is the history's.
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--seek")
            .status();
        if !status.as_ref().is_ok_and(|s| s.success()) {
            println!("seek benchmark failed: {status:?}");
        }
    } else {
        seek_benchmark(flag("--quick"), false);
    }
}

/// Settling and updating sets: 100 and 1,000 replicas, and 10,000 with `--full`.
fn settle_benchmarks(runs: usize, full: bool) {
    let sizes: &[usize] = if full {
        &[100, 1_000, 10_000]
    } else {
        &[100, 1_000]
    };
    for policy in ["OrderedReady", "Parallel"] {
        let mut per_replica = Vec::new();
        for &replicas in sizes {
            let runs = if replicas > 1000 { runs.min(3) } else { runs };
            let (ms, cpu, (_, steps)) = time(runs, || settled(replicas, policy));
            println!(
                "settle {replicas:>6} replicas {policy:<12} {ms:9.1} ms [{cpu:9.1}] ({steps} steps)"
            );
            per_replica.push((ms / replicas as f64, cpu / replicas as f64));
        }
        // From the two largest sizes: the CPU clock here counts in scheduler ticks (4 ms),
        // too coarse for the 100-replica runs.
        let [.., (from, (wall_a, cpu_a)), (to, (wall_b, cpu_b))] =
            sizes.iter().zip(&per_replica).collect::<Vec<_>>()[..]
        else {
            continue;
        };
        println!(
            "  cost per replica grows {:.2}x wall-clock, {:.2}x CPU from {from} to {to} replicas (1.00 = linear)",
            wall_b / wall_a,
            cpu_b / cpu_a,
        );
    }

    let (base, _) = settled(1_000, "OrderedReady");
    let (ms, cpu, (_, steps)) = time(runs, || rolling_update(&base));
    println!("rolling update of   1000 replicas        {ms:9.1} ms [{cpu:9.1}] ({steps} steps)");
}

/// An image change of a settled set (a clone of `base`), settled: the cluster (dropped after
/// the timing) and the steps it took.
fn rolling_update(base: &Cluster) -> (Cluster, u64) {
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
    let steps = c.steps_taken() - before;
    (c, steps)
}

/// Seeking in a long history: a set created and then updated, ~5,000 moments (300
/// replicas), or ~10,000 (600 replicas) with `--full` or `--seek`.
fn seek_benchmark(quick: bool, long: bool) {
    let replicas = if long { 600 } else { 300 };
    let rss_before = status_mb("VmRSS:");
    let mut t = Timeline::new(Cluster::new(Config::default()));
    t.apply(Input::Create(headless()));
    t.apply(Input::Create(set_object(replicas, "OrderedReady")));
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
    let grown = status_mb("VmRSS:")
        .zip(rss_before)
        .map(|(after, before)| after - before);
    let len = t.len();
    let mut samples = Vec::new();
    let mut cpu_samples = Vec::new();
    let mut state = 12345u64;
    for _ in 0..if quick { 20 } else { 200 } {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let target = (state >> 33) as usize % (len + 1);
        let (start, start_cpu) = (Instant::now(), cpu_ms());
        t.seek(target);
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu_samples.push(cpu_ms().zip(start_cpu).map_or(f64::NAN, |(b, a)| b - a));
    }
    let worst = samples.iter().cloned().fold(0.0, f64::max);
    let worst_cpu = cpu_samples.iter().cloned().fold(0.0, f64::max);
    // Only a process of its own (`--seek`) measures the history's memory: in a process that
    // settled larger sets first, freed memory is reused and the RSS does not grow.
    let memory = if long {
        format!("; the history grew RSS by {}", mb(grown))
    } else {
        String::new()
    };
    println!(
        "seek in a {len}-moment history ({replicas} replicas): {:.2} ms median [{:.2}], {worst:.2} ms worst [{worst_cpu:.2}] ({} checkpoints{memory})",
        median(samples),
        median(cpu_samples),
        t.checkpoints(),
    );
}
