//! Tidy tests: promises about the workspace itself, checked from inside `cargo test`.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The `=x.y.z` pin of a `[workspace.dependencies]` entry.
fn pinned(manifest: &str, name: &str) -> String {
    let line = manifest
        .lines()
        .find(|l| l.starts_with(&format!("{name} = ")))
        .unwrap_or_else(|| panic!("{name} is not in [workspace.dependencies]"));
    let version = line.split('"').nth(1).expect("a quoted version");
    version
        .strip_prefix('=')
        .unwrap_or_else(|| panic!("{name} must be pinned with `=`, found {version}"))
        .to_string()
}

fn locked(lock: &str, name: &str) -> Vec<String> {
    let mut versions = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            let version = lines.next().expect("version follows name");
            versions.push(version.split('"').nth(1).unwrap().to_string());
        }
    }
    versions
}

#[test]
fn wasm_bindgen_and_its_cli_library_are_pinned_to_one_version_that_cargo_lock_uses() {
    let manifest = read("Cargo.toml");
    let lib = pinned(&manifest, "wasm-bindgen");
    let cli = pinned(&manifest, "wasm-bindgen-cli-support");
    assert_eq!(
        lib, cli,
        "wasm-bindgen and wasm-bindgen-cli-support must be the same version"
    );
    let lock = read("Cargo.lock");
    assert_eq!(locked(&lock, "wasm-bindgen"), vec![lib.clone()]);
    assert_eq!(locked(&lock, "wasm-bindgen-cli-support"), vec![lib]);
}

/// Every package reachable from `package` through normal (not dev, not build) dependencies.
fn normal_dependencies(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let nodes: HashMap<&str, &serde_json::Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let start = names
        .iter()
        .find(|(_, n)| **n == package)
        .map(|(id, _)| *id)
        .unwrap();
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null());
            let dep_id = dep["pkg"].as_str().unwrap();
            if normal && seen.insert(names[dep_id].to_string()) {
                stack.push(dep_id);
            }
        }
    }
    seen
}

const BROWSER_CRATES: [&str; 6] = [
    "wasm-bindgen",
    "web-sys",
    "js-sys",
    "gloo",
    "getrandom",
    "yew",
];

fn assert_browser_free(package: &str) {
    let deps = normal_dependencies(package);
    let browser: Vec<&String> = deps
        .iter()
        .filter(|d| {
            BROWSER_CRATES
                .iter()
                .any(|b| d == b || d.starts_with("gloo-"))
        })
        .collect();
    assert!(
        browser.is_empty(),
        "{package} must not depend on browser crates: {browser:?}"
    );
}

#[test]
fn the_core_knows_nothing_of_the_browser() {
    assert_browser_free("sts-core");
}

#[test]
fn the_kubectl_crate_knows_nothing_of_the_browser() {
    assert_browser_free("sts-kubectl");
}

#[test]
fn ci_runs_the_readme_test_command() {
    let readme = read("README.md");
    let ci = read(".ci/run");
    assert!(readme.contains("cargo xtask test"));
    assert!(readme.contains("cargo xtask serve"));
    assert!(
        ci.lines().any(|l| l.trim() == "cargo xtask test"),
        ".ci/run must run exactly the README's test command"
    );
}
