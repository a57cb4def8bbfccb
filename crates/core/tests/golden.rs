//! Byte-identical histories: scripted scenarios (large OrderedReady and Parallel sets, a
//! partitioned rolling update, scale-down, a node going down, the retention policy,
//! minReadySeconds with probes, the maxUnavailable gate) and random action sequences, each
//! reduced to a hash of every step report plus `Cluster::fingerprint()`, compared against
//! `tests/golden/histories.txt`. Optimisations must not change a single byte of any history.
//!
//! `STS_GOLDEN_BLESS=1` rewrites the file (only for an intended change of behaviour);
//! `STS_GOLDEN_DUMP=<dir>` writes each full history there, for diffing.

mod common;
use common::*;
use sts_core::api::*;
use sts_core::cluster::{Cluster, Config, Fault, StepReport};
use sts_core::rng::Rng;
use sts_core::time::Duration;

fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A recorded history: every step report, then the fingerprint.
#[derive(Default)]
struct History(String);

impl History {
    fn steps(&mut self, reports: &[StepReport]) {
        for r in reports {
            self.0
                .push_str(&format!("#{} {} {}\n", r.index, r.at.0, r.component));
            for change in &r.changes {
                self.0.push_str("  ");
                self.0.push_str(&change.to_string());
                self.0.push('\n');
            }
        }
    }
    fn settle(&mut self, c: &mut Cluster) {
        let (reports, outcome) = c.settle(Duration::minutes(60));
        self.steps(&reports);
        self.0.push_str(&format!("settle: {outcome:?}\n"));
    }
    fn advance(&mut self, c: &mut Cluster, d: Duration) {
        let reports = c.advance(d);
        self.steps(&reports);
    }
    fn note(&mut self, c: &mut Cluster, what: &str) {
        self.0.push_str(&format!("== {what}\n"));
        for change in c.take_changes() {
            self.0.push_str("  ");
            self.0.push_str(&change.to_string());
            self.0.push('\n');
        }
    }
    fn finish(mut self, c: &Cluster) -> String {
        self.0.push_str(&c.fingerprint());
        self.0
    }
}

fn manifest(replicas: usize, extra: &str) -> String {
    M.replace("  replicas: 3", &format!("  replicas: {replicas}{extra}"))
}

fn created(config: Config, yaml: &str) -> (Cluster, History) {
    let mut c = Cluster::new(config);
    apply(&mut c, yaml);
    let mut h = History::default();
    h.note(&mut c, "apply");
    h.settle(&mut c);
    (c, h)
}

fn ordered_ready() -> String {
    let (c, h) = created(base(), &manifest(50, ""));
    h.finish(&c)
}

fn parallel() -> String {
    let (c, h) = created(base(), &manifest(50, "\n  podManagementPolicy: Parallel"));
    h.finish(&c)
}

fn rolling_update_with_partition() -> String {
    let (mut c, mut h) = created(base(), &manifest(30, ""));
    set_partition(&mut c, 20);
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
    h.note(&mut c, "image with partition 20");
    h.settle(&mut c);
    set_partition(&mut c, 0);
    h.note(&mut c, "partition 0");
    h.settle(&mut c);
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.21");
    h.note(&mut c, "rollback");
    h.settle(&mut c);
    h.finish(&c)
}

fn scale_down() -> String {
    let (mut c, mut h) = created(base(), &manifest(30, ""));
    scale(&mut c, 4);
    h.note(&mut c, "scale 4");
    h.settle(&mut c);
    scale(&mut c, 12);
    h.note(&mut c, "scale 12");
    h.settle(&mut c);
    h.finish(&c)
}

fn parallel_scale_and_update() -> String {
    let (mut c, mut h) = created(base(), &manifest(25, "\n  podManagementPolicy: Parallel"));
    scale(&mut c, 7);
    h.note(&mut c, "scale 7");
    h.settle(&mut c);
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
    scale(&mut c, 15);
    h.note(&mut c, "image and scale 15");
    h.settle(&mut c);
    h.finish(&c)
}

fn node_down() -> String {
    let (mut c, mut h) = created(base(), &manifest(20, ""));
    c.node_down("node-2");
    h.note(&mut c, "node-2 down");
    h.advance(&mut c, Duration::minutes(8));
    delete_pod(&mut c, "web-4");
    h.note(&mut c, "delete web-4");
    h.advance(&mut c, Duration::minutes(2));
    c.node_up("node-2");
    h.note(&mut c, "node-2 up");
    h.settle(&mut c);
    h.finish(&c)
}

fn retention_policy() -> String {
    let (mut c, mut h) = created(
        base(),
        &manifest(
            12,
            "\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete, whenDeleted: Retain}",
        ),
    );
    scale(&mut c, 3);
    h.note(&mut c, "scale 3");
    h.settle(&mut c);
    scale(&mut c, 8);
    h.note(&mut c, "scale 8");
    h.settle(&mut c);
    h.finish(&c)
}

fn probes_and_min_ready() -> String {
    let yaml = manifest(15, "\n  minReadySeconds: 7").replace(
        "          name: web\n        volumeMounts:",
        "          name: web\n        readinessProbe:\n          httpGet: {path: /, port: 80}\n          periodSeconds: 3\n        volumeMounts:",
    );
    let (mut c, mut h) = created(base(), &yaml);
    c.set_fault("default", "web-6", Fault::Unready);
    h.note(&mut c, "web-6 unready");
    h.advance(&mut c, Duration::seconds(40));
    c.heal("default", "web-6");
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
    h.note(&mut c, "heal, update");
    h.settle(&mut c);
    h.finish(&c)
}

fn max_unavailable_gate() -> String {
    let config = Config {
        minor: 35,
        ..Config::default()
    };
    let yaml = manifest(
        20,
        "\n  updateStrategy:\n    rollingUpdate:\n      partition: 2\n      maxUnavailable: 3",
    );
    let (mut c, mut h) = created(config, &yaml);
    set_image(&mut c, "registry.k8s.io/nginx-slim:0.24");
    h.note(&mut c, "image");
    h.settle(&mut c);
    c.set_fault("default", "web-9", Fault::CrashLoop);
    scale(&mut c, 14);
    h.note(&mut c, "crashloop web-9, scale 14");
    h.advance(&mut c, Duration::minutes(3));
    c.heal("default", "web-9");
    h.note(&mut c, "heal");
    h.settle(&mut c);
    h.finish(&c)
}

const IMAGES: [&str; 3] = [
    "registry.k8s.io/nginx-slim:0.21",
    "registry.k8s.io/nginx-slim:0.24",
    "registry.k8s.io/nginx-slim:9.99",
];

/// The release these histories were recorded on (1.34): they pin the simulation's behaviour
/// there byte for byte; the default release moves on without changing them.
fn base() -> Config {
    Config {
        minor: 34,
        ..Config::default()
    }
}

fn random(seed: u64, minor: u32, policy: &str) -> String {
    let mut c = Cluster::new(Config {
        seed,
        minor,
        ..base()
    });
    c.set_image_broken(IMAGES[2], true);
    apply(&mut c, &manifest(3, policy));
    let mut h = History::default();
    let mut rng = Rng::new(seed ^ 0x901d);
    for _ in 0..30 {
        let pod_name = format!("web-{}", rng.range(0, 7));
        let action = rng.range(0, 12);
        match action {
            0 | 1 => scale(&mut c, rng.range(0, 7) as i32),
            2 => set_image(&mut c, IMAGES[rng.range(0, 2) as usize]),
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
                c.node_down(["node-1", "node-2", "node-3"][rng.range(0, 2) as usize]);
            }
            8 => {
                for n in ["node-1", "node-2", "node-3"] {
                    c.node_up(n);
                }
            }
            9 => set_partition(&mut c, rng.range(0, 4) as i32),
            10 => c.set_fault("default", &pod_name, Fault::Unready),
            _ => {
                c.crash_once("default", &pod_name);
            }
        }
        h.note(&mut c, &format!("action {action} on {pod_name}"));
        for _ in 0..rng.range(1, 40) {
            // A bounded step: with a node down, no-op heartbeat checks go on forever.
            match c.step_before(c.now() + Duration::seconds(60)) {
                Some(r) => h.steps(&[r]),
                None => break,
            }
        }
        if rng.range(0, 3) == 0 {
            h.advance(&mut c, Duration::seconds(rng.range(1, 400)));
        }
    }
    for n in ["node-1", "node-2", "node-3"] {
        c.node_up(n);
    }
    for p in 0..7 {
        c.heal("default", &format!("web-{p}"));
    }
    h.note(&mut c, "heal all");
    h.settle(&mut c);
    h.finish(&c)
}

fn scenarios() -> Vec<(String, Box<dyn Fn() -> String>)> {
    let mut out: Vec<(String, Box<dyn Fn() -> String>)> = vec![
        ("ordered-ready-50".into(), Box::new(ordered_ready)),
        ("parallel-50".into(), Box::new(parallel)),
        (
            "rolling-update-partition".into(),
            Box::new(rolling_update_with_partition),
        ),
        ("scale-down".into(), Box::new(scale_down)),
        (
            "parallel-scale-update".into(),
            Box::new(parallel_scale_and_update),
        ),
        ("node-down".into(), Box::new(node_down)),
        ("retention-policy".into(), Box::new(retention_policy)),
        ("probes-min-ready".into(), Box::new(probes_and_min_ready)),
        (
            "max-unavailable-gate".into(),
            Box::new(max_unavailable_gate),
        ),
    ];
    for seed in 0..12 {
        let (minor, policy) = match seed % 4 {
            0 => (34, ""),
            1 => (35, "\n  podManagementPolicy: Parallel"),
            2 => (32, "\n  minReadySeconds: 4"),
            _ => (
                33,
                "\n  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete, whenDeleted: Delete}",
            ),
        };
        out.push((
            format!("random-{seed}"),
            Box::new(move || random(seed, minor, policy)),
        ));
    }
    out
}

#[test]
fn histories_are_byte_identical_to_the_golden_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/histories.txt");
    let mut lines = Vec::new();
    for (name, run) in scenarios() {
        let started = std::time::Instant::now();
        let history = run();
        eprintln!("{name}: {:?}", started.elapsed());
        if let Ok(dir) = std::env::var("STS_GOLDEN_DUMP") {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(format!("{dir}/{name}.txt"), &history).unwrap();
        }
        lines.push(format!(
            "{name} {:016x} {}",
            fnv(&history),
            history.lines().count()
        ));
    }
    let actual = lines.join("\n") + "\n";
    if std::env::var("STS_GOLDEN_BLESS").is_ok() {
        std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
        std::fs::write(path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).expect("tests/golden/histories.txt exists");
    assert_eq!(
        actual, expected,
        "a history changed (STS_GOLDEN_DUMP=<dir> writes them)"
    );
}
