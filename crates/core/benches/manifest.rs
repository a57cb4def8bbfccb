//! Benchmark of the API server's front door (`cargo bench -p sts-core --bench manifest`):
//! parse, strictly decode, default and validate a 1 MiB manifest of many documents built from
//! the examples. Median of repeated runs; reported, never asserted. The target is < 50 ms.

use std::time::Instant;
use sts_core::api::Object;
use sts_core::manifest::{parse, MAX_BYTES};
use sts_core::validation::{
    default_statefulset, validate_statefulset_create, Gates, ServerVersion,
};

fn corpus() -> String {
    let mut sources = Vec::new();
    for name in [
        "basic-statefulset.yaml",
        "statefulset-with-service.yaml",
        "web-parallel.yaml",
        "mysql-replicated.yaml",
        "zookeeper-ensemble.yaml",
        "cassandra-ring.yaml",
    ] {
        sources.push(std::fs::read_to_string(format!("../../examples/{name}")).unwrap());
    }
    let mut text = String::new();
    let mut i = 0;
    // 1 MiB (the per-apply limit) within the 1,000 documents one apply may hold: the examples'
    // StatefulSets, the largest and most validated of their documents, renamed.
    'fill: loop {
        for source in &sources {
            for doc in source
                .split("\n---\n")
                .filter(|d| d.contains("kind: StatefulSet"))
            {
                let renamed = doc.replace("name: web", &format!("name: web{i}"));
                if text.len() + renamed.len() + 5 > MAX_BYTES || i >= 999 {
                    break 'fill;
                }
                text.push_str(&renamed);
                text.push_str("\n---\n");
                i += 1;
            }
        }
    }
    text
}

fn main() {
    let text = corpus();
    let docs = parse(&text).len();
    let mut samples = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        let mut errors = 0;
        for doc in parse(&text) {
            match doc.result {
                Ok(Object::StatefulSet(mut set)) => {
                    default_statefulset(&mut set, &Gates::for_version(ServerVersion::default()));
                    errors += validate_statefulset_create(&set, ServerVersion::default()).len();
                }
                Ok(_) => {}
                Err(_) => errors += 1,
            }
        }
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(errors, 0, "the corpus is valid");
    }
    // Parsing and decoding alone (manifest::parse), without defaulting and validation.
    let mut decode = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        std::hint::black_box(parse(&text));
        decode.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    decode.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "of which parse and strict decode (manifest::parse): median {:.1} ms",
        decode[decode.len() / 2]
    );
    // Our YAML fast path alone.
    let mut fast = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        for d in text.split("\n---\n") {
            std::hint::black_box(sts_core::manifest::fast::parse(d, 64));
        }
        fast.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    fast.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "of which YAML to JSON (the fast path): median {:.1} ms",
        fast[fast.len() / 2]
    );
    // The YAML library alone, on the same documents, for scale.
    let docs_text: Vec<&str> = text
        .split("\n---\n")
        .filter(|d| !d.trim().is_empty())
        .collect();
    let mut yaml = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        for d in &docs_text {
            let _: serde_yaml::Value = serde_yaml::from_str(d).unwrap();
        }
        yaml.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    yaml.sort_by(|a, b| a.partial_cmp(b).unwrap());
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "for scale, the YAML library alone (serde_yaml to its own Value): median {:.1} ms",
        yaml[yaml.len() / 2]
    );
    println!(
        "parse + decode + default + validate: {} bytes, {docs} documents: median {:.1} ms (min {:.1}, max {:.1})",
        text.len(),
        samples[samples.len() / 2],
        samples[0],
        samples[samples.len() - 1]
    );
}
