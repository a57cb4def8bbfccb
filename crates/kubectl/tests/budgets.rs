//! Every command returns: the two sessions that once never did (a step after a node loss while
//! a deleted set's pods were still terminating; a long advance over a crash loop), and generated
//! sessions of ordinary commands, each checked against the run budgets (`LIMITS`) and a bound on
//! the memory a recorded moment may keep.
//!
//! `STS_SESSIONS=N` runs N generated sessions instead of the default few (use `--release`),
//! from `STS_FIRST_SESSION` (default 0); `STS_SLOW=1` names commands that took over 0.5 s and
//! `STS_EVERY=1` prints each session and its script (run with `-- --nocapture`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicIsize, Ordering};
use sts_core::cluster::{Config, LIMITS};
use sts_core::rng::Rng;
use sts_kubectl::{Files, Session};

/// Counts the bytes the test process holds, so memory per moment can be asserted.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The tests measure the whole process's memory: one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

const WEB: &str = include_str!("../../../examples/statefulset-with-service.yaml");

struct Mem(BTreeMap<&'static str, String>);

impl Files for Mem {
    fn read(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

fn files() -> Mem {
    let mut m = BTreeMap::new();
    m.insert("web.yaml", WEB.to_string());
    m.insert(
        "parallel.yaml",
        WEB.replace(
            "  replicas: 3",
            "  replicas: 3\n  podManagementPolicy: Parallel",
        ),
    );
    m.insert(
        "min-ready.yaml",
        WEB.replace("  replicas: 3", "  replicas: 3\n  minReadySeconds: 20"),
    );
    assert!(m["parallel.yaml"].contains("Parallel") && m["min-ready.yaml"].contains("minReady"));
    Mem(m)
}

/// Runs one line and checks it kept the budgets; returns what it printed.
fn run(s: &mut Session, files: &Mem, line: &str) -> String {
    let (tasks, moments) = (s.cluster().tasks_run(), s.timeline().len());
    let started = std::time::Instant::now();
    let out = s.run(line, None, files);
    if std::env::var_os("STS_SLOW").is_some() && started.elapsed().as_millis() > 500 {
        eprintln!(
            "SLOW {:?} {line}: {} tasks",
            started.elapsed(),
            s.cluster().tasks_run() - tasks
        );
    }
    let ran = s.cluster().tasks_run() - tasks;
    let made = s.timeline().len() - moments;
    // A waiting command steps one input at a time, each with its own budget; everything else
    // is one run.
    assert!(
        ran <= LIMITS.tasks + LIMITS.moments as u64,
        "{line}: {ran} tasks"
    );
    assert!(made <= LIMITS.moments + 2, "{line}: {made} moments");
    out.text()
}

#[test]
fn a_step_after_a_node_loss_returns_and_the_blocked_pod_comes_back_with_the_node() {
    let _one = serial();
    let files = files();
    let mut s = Session::new(Config::default());
    for line in [
        "kubectl apply -f web.yaml",
        "sim settle",
        "kubectl delete sts web",
        "kubectl apply -f web.yaml",
        "sim node-down node-2",
        "sim advance 1m",
    ] {
        run(&mut s, &files, line);
    }
    let get = run(&mut s, &files, "kubectl get pods");
    assert!(get.contains("web-1   1/1     Terminating"), "{get}");
    let step = run(&mut s, &files, "sim step");
    assert!(
        step.starts_with("nothing to do: the simulation is settled at +"),
        "{step}"
    );
    // The new set cannot create web-1 while the old web-1 still terminates on the lost node;
    // upstream retries with the work queue's back-off, silently, and so does the simulation.
    assert!(run(&mut s, &files, "sim settle").starts_with("settled at"));
    assert!(run(&mut s, &files, "sim advance 2h").starts_with("advanced 2h0m0s"));
    let old_uid = run(
        &mut s,
        &files,
        "kubectl get pod web-1 -o jsonpath={.metadata.uid}",
    );
    run(&mut s, &files, "sim node-up node-2");
    let settled = run(&mut s, &files, "sim settle --timeout 30m");
    assert!(settled.starts_with("settled at"), "{settled}");
    let new_uid = run(
        &mut s,
        &files,
        "kubectl get pod web-1 -o jsonpath={.metadata.uid}",
    );
    assert!(
        !new_uid.is_empty() && new_uid != old_uid,
        "web-1 was re-created"
    );
    let get = run(&mut s, &files, "kubectl get pods");
    assert!(get.contains("web-1   1/1     Running"), "{get}");
}

#[test]
fn a_long_advance_over_a_crash_loop_stops_at_the_budget_and_says_so() {
    let _one = serial();
    let files = files();
    let mut s = Session::new(Config::default());
    run(&mut s, &files, "kubectl apply -f web.yaml");
    run(&mut s, &files, "sim settle");
    run(&mut s, &files, "sim crashloop web-0");
    let before = (LIVE.load(Ordering::Relaxed), s.timeline().len());
    let out = run(&mut s, &files, "sim advance 999999h");
    let moments = s.timeline().len() - before.1;
    assert!(
        out.starts_with("advanced ") && out.contains(" of the 999999h0m0s asked, to +"),
        "{out}"
    );
    assert!(
        out.ends_with(
            "stopped after 100000 changes; web-0 is still in a crash loop; run it again to go on\n"
        ),
        "{out}"
    );
    assert_eq!(moments, LIMITS.moments);
    let grown = LIVE.load(Ordering::Relaxed) - before.0;
    let per_moment = grown / moments as isize;
    assert!(per_moment < 1024, "{per_moment} bytes per moment");
    // The loop goes on from there, and the restart count shows kubectl's back-off at its cap.
    let get = run(&mut s, &files, "kubectl get pod web-0");
    assert!(get.contains("CrashLoopBackOff"), "{get}");
}

/// A session the generated runs found: an orphaned pod terminating on a lost node blocks the
/// re-created set's create (retried with back-off up to 1000 s) while `minReadySeconds` asks
/// for a look every 20 s; each such sync changed nothing, yet a step ran 5,000,000 of them.
#[test]
fn a_step_with_a_blocked_create_and_min_ready_seconds_returns_at_once() {
    let _one = serial();
    let files = files();
    let mut s = Session::new(Config {
        seed: 4189,
        ..Config::default()
    });
    // Session 4189 of the generated runs, as it ran: each command followed by a step.
    for line in [
        "kubectl apply -f web.yaml",
        "sim advance 999999h",
        "sim node-down node-1",
        "kubectl delete sts web --cascade=orphan",
        "sim crash web-3",
        "sim crash web-2",
        "sim node-up node-3",
        "kubectl apply -f min-ready.yaml",
        "kubectl apply -f min-ready.yaml",
        "kubectl apply -f parallel.yaml",
        "kubectl apply -f min-ready.yaml",
        "sim node-down node-1",
        "kubectl scale sts web --replicas=0",
        "sim advance 5m",
    ] {
        run(&mut s, &files, line);
        let tasks = s.cluster().tasks_run();
        let out = run(&mut s, &files, "sim step");
        let ran = s.cluster().tasks_run() - tasks;
        assert!(
            ran < 100_000,
            "after {line}: {ran} tasks for one step: {out}"
        );
    }
}

/// One generated command line.
fn command(rng: &mut Rng) -> String {
    let pod = format!("web-{}", rng.range(0, 4));
    let node = format!("node-{}", rng.range(1, 4));
    match rng.range(0, 24) {
        0 => "kubectl apply -f web.yaml".into(),
        1 => "kubectl apply -f parallel.yaml".into(),
        2 => "kubectl apply -f min-ready.yaml".into(),
        3 => "kubectl delete sts web".into(),
        4 => "kubectl delete sts web --cascade=orphan".into(),
        5 => format!("kubectl delete pod {pod}"),
        6 => format!("kubectl scale sts web --replicas={}", rng.range(0, 5)),
        7 => format!(
            "kubectl set image sts/web nginx=nginx:1.{}",
            rng.range(24, 27)
        ),
        8 => format!("sim crashloop {pod}"),
        9 => format!("sim crash {pod}"),
        10 => format!("sim heal {pod}"),
        11 => format!("sim unready {pod}"),
        12 => format!("sim evict {pod}"),
        13 => format!("sim node-down {node}"),
        14 => format!("sim node-up {node}"),
        15 => "sim image-broken nginx:1.26".into(),
        16 | 17 => "sim step".into(),
        18 => "sim settle".into(),
        19 => format!(
            "sim advance {}",
            ["30s", "5m", "1h", "24h"][rng.range(0, 3) as usize]
        ),
        20 => "sim advance 999999h".into(),
        21 => "kubectl rollout status sts/web --timeout=2h".into(),
        22 => format!("kubectl delete pvc www-{pod}"),
        _ => "kubectl get pods".into(),
    }
}

#[test]
fn generated_sessions_return_within_the_budgets_and_keep_memory_per_moment_bounded() {
    let _one = serial();
    let sessions: u64 = std::env::var("STS_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let first: u64 = std::env::var("STS_FIRST_SESSION")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let files = files();
    for seed in first..first + sessions {
        if std::env::var_os("STS_SLOW").is_some()
            && (seed % 250 == 0 || std::env::var_os("STS_EVERY").is_some())
        {
            eprintln!("session {seed}");
        }
        let mut rng = Rng::new(seed ^ 0x5e55);
        let base = LIVE.load(Ordering::Relaxed);
        let mut s = Session::new(Config {
            seed,
            ..Config::default()
        });
        let mut script = vec!["kubectl apply -f web.yaml".to_string()];
        for _ in 0..rng.range(8, 20) {
            script.push(command(&mut rng));
        }
        if std::env::var_os("STS_EVERY").is_some() {
            eprintln!("script {seed}: {script:?}");
        }
        for line in &script {
            run(&mut s, &files, line);
            // A step is one moment at most, whatever state the cluster is in, and it does not
            // spin through idle work (a step that ran its whole task budget once took a minute).
            let (before, tasks) = (s.timeline().len(), s.cluster().tasks_run());
            run(&mut s, &files, "sim step");
            assert!(s.timeline().len() - before <= 1, "seed {seed}: {script:?}");
            let ran = s.cluster().tasks_run() - tasks;
            assert!(
                ran < 1_000_000,
                "seed {seed}: a step ran {ran} tasks: {script:?}"
            );
        }
        let grown = LIVE.load(Ordering::Relaxed) - base;
        let moments = s.timeline().len().max(1) as isize;
        // A fixed part (the cluster, its first checkpoint, the journal) and a bounded part per
        // moment.
        assert!(
            grown < 4 << 20 || grown / moments < 2048,
            "seed {seed}: {grown} bytes for {moments} moments: {script:?}"
        );
    }
}
