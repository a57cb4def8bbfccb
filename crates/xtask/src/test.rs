//! `cargo xtask test`: every check the project makes, as stages that each print one summary
//! line. A failed stage fails the run; later stages that do not depend on it still run, so one
//! run shows every problem.

use crate::{build, cargo, oracles, root, run_cmd, serve, setup, size};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

struct Outcome {
    stage: &'static str,
    result: Result<String, String>,
    seconds: f64,
}

pub fn all() -> Result<(), String> {
    let mut outcomes = Vec::new();
    let mut stage = |name: &'static str, f: &mut dyn FnMut() -> Result<String, String>| {
        println!("\n=== {name}");
        let start = Instant::now();
        let result = f();
        let seconds = start.elapsed().as_secs_f64();
        let ok = result.is_ok();
        match &result {
            Ok(detail) => println!("--- {name}: ok ({seconds:.1}s) {detail}"),
            Err(e) => println!("--- {name}: FAILED ({seconds:.1}s) {e}"),
        }
        outcomes.push(Outcome {
            stage: name,
            result,
            seconds,
        });
        ok
    };

    stage("fmt", &mut || {
        run_cmd(cargo().args(["fmt", "--all", "--", "--check"])).map(|_| String::new())
    });
    stage("clippy", &mut || {
        run_cmd(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]))
        .map(|_| String::new())
    });
    stage("native tests", &mut || {
        run_cmd(cargo().args(["test", "--workspace", "--quiet"])).map(|_| String::new())
    });
    stage("schema oracle", &mut oracles::schema);
    stage("kubectl oracle", &mut oracles::kubectl);
    let site = build::default_site_dir();
    let built = stage("wasm build", &mut || {
        build::site(&site).map(|_| String::new())
    });
    if built {
        stage("size budget", &mut || {
            size::report(&site).map(|s| {
                format!(
                    "(wasm {} B raw, {} B gzip; wasm+js {} B gzip)",
                    s.wasm_raw, s.wasm_gzip, s.code_gzip
                )
            })
        });
        stage("browser e2e", &mut || e2e(&site).map(|_| String::new()));
    }

    println!("\n=== summary");
    let mut failed = Vec::new();
    for o in &outcomes {
        let verdict = if o.result.is_ok() { "ok" } else { "FAILED" };
        println!("{:<14} {:<7} {:>7.1}s", o.stage, verdict, o.seconds);
        if o.result.is_err() {
            failed.push(o.stage);
        }
    }
    if !built {
        println!("(size budget and browser e2e did not run: the wasm build failed)");
        failed.push("size budget");
        failed.push("browser e2e");
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("failed stages: {}", failed.join(", ")))
    }
}

/// Serves `site` on a free loopback port and runs the Node test files in `tests/e2e/` against it
/// with the system Chromium. Screenshots land in `target/e2e/`.
pub fn e2e(site: &Path) -> Result<(), String> {
    let chromium = setup::chromium()?;
    setup::e2e_packages()?;
    let url = serve::spawn(site.to_path_buf())?;
    let dir = root().join("tests/e2e");
    let mut tests: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".test.mjs"))
        .collect();
    tests.sort();
    if tests.is_empty() {
        return Err("no *.test.mjs files in tests/e2e".into());
    }
    let screenshots = root().join("target/e2e");
    std::fs::create_dir_all(&screenshots).map_err(|e| e.to_string())?;
    println!(
        "site served at {url}; screenshots go to {}",
        screenshots.display()
    );
    run_cmd(
        Command::new("node")
            .arg("--test")
            .arg("--test-concurrency=1")
            .args(&tests)
            .current_dir(&dir)
            .env("STSPLAY_URL", &url)
            .env("STSPLAY_CHROMIUM", &chromium)
            .env("STSPLAY_SCREENSHOTS", &screenshots),
    )
}
