//! `cargo xtask oracles`: the simulator's output checked against upstream Kubernetes itself.
//! The schema oracle runs every scenario script and example manifest through
//! `stsplay objects` and validates each object it prints against Kubernetes' own strict JSON
//! schemas (`tests/oracles/schema.py`, in a virtualenv that `setup` makes). The apply oracle
//! makes seeded mutants of every example document (`tests/oracles/mutants.py`), asks the
//! simulator's API server about each (`stsplay verdicts`, a server-side dry run) and fails
//! when one the strict schema rejects is accepted (`tests/oracles/known-gaps.txt` aside).
//! The kubectl oracle has the official kubectl of each minor in [`setup::KUBECTLS`] read the cluster
//! `tests/oracles/kubectl-state.sh` leaves, through a small read-only API server
//! (`tests/oracles/kubectl_oracle.py`), and compares what it prints for each command of
//! `tests/oracles/kubectl-commands.txt` byte for byte with the simulator's own kubectl
//! (`tests/oracles/kubectl-differences.txt` aside), then each `describe` of
//! `tests/oracles/kubectl-describe.txt` with the served timestamps moved to the wall clock,
//! then `kubectl explain` (`tests/oracles/kubectl-explain.txt`) over the OpenAPI documents in
//! `www/openapi/`, after checking those are what `tests/oracles/openapi_docs.py` makes from
//! the pinned kubernetes-validate.

use crate::{cargo, root, setup};
use std::process::{Command, Stdio};

/// The Kubernetes minors whose schemas the objects must satisfy (`stsplay --version`); the
/// oracle reads the schemas of each minor's `.0` release.
pub const SCHEMA_VERSIONS: &[&str] = &["1.35", "1.37"];

/// The folders whose files feed the oracle, each with the file extension it takes.
const INPUTS: &[(&str, &str)] = &[
    ("tests/scenarios", "sh"),
    ("tests/oracles", "sh"),
    ("examples", "yaml"),
    ("examples/tutorial", "yaml"),
];

/// Runs the schema oracle for every version in [`SCHEMA_VERSIONS`], its report going to the
/// terminal; fails when any version has violations.
pub fn schema() -> Result<String, String> {
    let python = setup::oracle_python()?;
    let files = inputs()?;
    let mut failed = Vec::new();
    for version in SCHEMA_VERSIONS {
        if let Err(e) = schema_version(&python, &files, version) {
            println!("{e}");
            failed.push(format!("{version}.0"));
        }
        if let Err(e) = apply_version(&python, version) {
            println!("{e}");
            failed.push(format!("{version}.0 (apply)"));
        }
    }
    if failed.is_empty() {
        Ok(format!(
            "({} files, Kubernetes {}.0)",
            files.len(),
            SCHEMA_VERSIONS.join(".0, ")
        ))
    } else {
        Err(format!(
            "the schema oracle failed for Kubernetes {} (see its report above)",
            failed.join(", ")
        ))
    }
}

/// `stsplay objects FILES --version V | python tests/oracles/schema.py V.0`, from the root.
fn schema_version(python: &std::path::Path, files: &[String], version: &str) -> Result<(), String> {
    let mut stsplay = cargo();
    stsplay
        .args(["run", "-q", "-p", "sts-cli", "--", "objects"])
        .args(files)
        .args(["--version", version])
        .current_dir(root())
        .stdout(Stdio::piped());
    let shown_stsplay = format!("{stsplay:?}");
    let mut stsplay = stsplay
        .spawn()
        .map_err(|e| format!("could not start {shown_stsplay}: {e}"))?;
    let objects = stsplay.stdout.take().expect("stdout is piped");
    let mut command = Command::new(python);
    command
        .args(["tests/oracles/schema.py", &format!("{version}.0")])
        .current_dir(root())
        .stdin(objects);
    let shown_oracle = format!("{command:?}");
    let oracle = command.spawn();
    // The command keeps its own read end of the pipe: drop it, so that stsplay cannot block
    // on a full pipe when the oracle exits early or never started.
    drop(command);
    let stsplay = stsplay
        .wait()
        .map_err(|e| format!("{shown_stsplay}: {e}"))?;
    let oracle = oracle
        .and_then(|mut child| child.wait())
        .map_err(|e| format!("could not run {shown_oracle}: {e}"))?;
    if !stsplay.success() {
        return Err(format!(
            "{shown_stsplay} failed ({stsplay}), so the oracle did not see every object"
        ));
    }
    if !oracle.success() {
        return Err(format!("{shown_oracle} failed ({oracle})"));
    }
    Ok(())
}

/// Seeded mutants of the examples per run, and the seed: fixed, so a run is reproducible.
const MUTANTS: &str = "6000";
const MUTANT_SEED: &str = "1";

/// The apply oracle for one minor: mutants, the simulator's verdicts, the judgement.
fn apply_version(python: &std::path::Path, version: &str) -> Result<(), String> {
    let dir = root().join("target/oracles");
    let mutants = dir.join(format!("mutants-{version}.jsonl"));
    let verdicts = dir.join(format!("verdicts-{version}.jsonl"));
    let examples: Vec<String> = inputs()?
        .into_iter()
        .filter(|f| f.ends_with(".yaml"))
        .collect();
    let schema_version = format!("{version}.0");
    let write = |path: &std::path::Path| {
        std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let status = Command::new(python)
        .args([
            "tests/oracles/mutants.py",
            "make",
            &schema_version,
            MUTANT_SEED,
            MUTANTS,
        ])
        .args(&examples)
        .current_dir(root())
        .stdout(write(&mutants)?)
        .status()
        .map_err(|e| format!("could not run mutants.py: {e}"))?;
    if !status.success() {
        return Err(format!("mutants.py make failed ({status})"));
    }
    let read = std::fs::File::open(&mutants).map_err(|e| format!("{}: {e}", mutants.display()))?;
    let status = cargo()
        .args([
            "run",
            "-q",
            "-p",
            "sts-cli",
            "--",
            "verdicts",
            "--version",
            version,
        ])
        .current_dir(root())
        .stdin(read)
        .stdout(write(&verdicts)?)
        .status()
        .map_err(|e| format!("could not run stsplay verdicts: {e}"))?;
    if !status.success() {
        return Err(format!("stsplay verdicts failed ({status})"));
    }
    let status = Command::new(python)
        .args(["tests/oracles/mutants.py", "judge", &schema_version])
        .arg(&mutants)
        .arg(&verdicts)
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not run mutants.py: {e}"))?;
    if !status.success() {
        return Err(format!(
            "the apply oracle failed for Kubernetes {schema_version} (see its report above)"
        ));
    }
    Ok(())
}

/// The kubectl oracle's passes: the script that makes the cluster it reads, a file of
/// commands, the name its outputs take under `target/oracles/`, and whether the served
/// timestamps are moved to the wall clock (for `describe`, which prints ages against it).
const KUBECTL_PASSES: &[(&str, &str, &str, bool)] = &[
    (
        "tests/oracles/kubectl-state.sh",
        "tests/oracles/kubectl-commands.txt",
        "kubectl",
        false,
    ),
    (
        "tests/oracles/kubectl-state.sh",
        "tests/oracles/kubectl-describe.txt",
        "describe",
        true,
    ),
    (
        "tests/oracles/kubectl-state-trouble.sh",
        "tests/oracles/kubectl-trouble.txt",
        "trouble",
        true,
    ),
    (
        "tests/oracles/kubectl-state.sh",
        "tests/oracles/kubectl-explain.txt",
        "explain",
        false,
    ),
];

/// The minors `www/openapi/` has documents for (`v1.N.json`), in order.
fn openapi_minors() -> Result<Vec<String>, String> {
    let dir = root().join("www/openapi");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut minors: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| Some(n.strip_prefix("v")?.strip_suffix(".json")?.to_string()))
        .collect();
    minors.sort();
    Ok(minors)
}

/// `cargo xtask openapi`: rewrites every `www/openapi/v1.N.json` from the pinned
/// kubernetes-validate (`tests/oracles/openapi_docs.py`).
pub fn write_openapi() -> Result<(), String> {
    let python = setup::oracle_python()?;
    for minor in openapi_minors()? {
        let path = root().join(format!("www/openapi/v{minor}.json"));
        let output = Command::new(&python)
            .args(["tests/oracles/openapi_docs.py", &minor])
            .current_dir(root())
            .output()
            .map_err(|e| format!("could not run openapi_docs.py: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "openapi_docs.py {minor} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        std::fs::write(&path, &output.stdout)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Fails unless every `www/openapi/v1.N.json` is exactly what `openapi_docs.py` makes from
/// the pinned kubernetes-validate: the documents `kubectl explain` reads are upstream's.
fn check_openapi(python: &std::path::Path) -> Result<usize, String> {
    let minors = openapi_minors()?;
    for minor in &minors {
        let status = Command::new(python)
            .args(["tests/oracles/openapi_docs.py", minor, "--check"])
            .current_dir(root())
            .status()
            .map_err(|e| format!("could not run openapi_docs.py: {e}"))?;
        if !status.success() {
            return Err(format!("www/openapi/v{minor}.json is stale (see above)"));
        }
    }
    Ok(minors.len())
}

/// Runs the kubectl oracle, its report going to the terminal: for each pass, `stsplay state`
/// (the objects the API server serves) and `stsplay outputs` (what our kubectl prints) into
/// `target/oracles/`, then `kubectl_oracle.py` with the official kubectl, which leaves what
/// the official kubectl printed (`NAME-real.jsonl`) and the requests it made
/// (`NAME-requests.txt`) there too. Fails on any unlisted difference, and when the official
/// kubectl cannot be had.
pub fn kubectl() -> Result<String, String> {
    let python = setup::oracle_python()?;
    let documents = check_openapi(&python)?;
    let dir = root().join("target/oracles");
    let mut counted = 0;
    let mut failed = Vec::new();
    for &(minor, pin) in setup::KUBECTLS {
        let kubectl = setup::kubectl(&python, minor, pin)?;
        for &(script, commands, name, shift_times) in KUBECTL_PASSES {
            let file = |what: &str| dir.join(format!("{name}-{minor}-{what}"));
            let state = file("state.json");
            stsplay_into(&["state", script, "--version", minor], &state)?;
            let ours = file("ours.jsonl");
            stsplay_into(&["outputs", script, commands, "--version", minor], &ours)?;
            let mut command = Command::new(&python);
            command
                .arg("tests/oracles/kubectl_oracle.py")
                .arg(&kubectl)
                .arg(&state)
                .arg(&ours)
                .arg(commands)
                .arg("--log")
                .arg(file("requests.txt"))
                .arg("--real")
                .arg(file("real.jsonl"))
                .current_dir(root());
            if shift_times {
                command.arg("--shift-times");
            }
            let shown = format!("{command:?}");
            let status = command
                .status()
                .map_err(|e| format!("could not run {shown}: {e}"))?;
            if !status.success() {
                failed.push(format!("kubectl {minor} on {commands}"));
            }
            counted += kubectl_commands(commands)?.len();
        }
    }
    let minors: Vec<&str> = setup::KUBECTLS.iter().map(|(m, _)| *m).collect();
    if !failed.is_empty() {
        return Err(format!(
            "the kubectl oracle failed for {} (see its report above)",
            failed.join(", ")
        ));
    }
    Ok(format!(
        "({counted} commands, kubectl {}; OpenAPI documents of {documents} minors current)",
        minors.join(" and ")
    ))
}

/// `stsplay ARGS > out`, from the root.
fn stsplay_into(args: &[&str], out: &std::path::Path) -> Result<(), String> {
    let file =
        std::fs::File::create(out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let status = cargo()
        .args(["run", "-q", "-p", "sts-cli", "--"])
        .args(args)
        .current_dir(root())
        .stdout(file)
        .status()
        .map_err(|e| format!("could not run stsplay {}: {e}", args.join(" ")))?;
    if !status.success() {
        return Err(format!("stsplay {} failed ({status})", args.join(" ")));
    }
    Ok(())
}

/// The commands of a commands file: its lines, less blank ones and `#` comments.
fn kubectl_commands(path: &str) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(root().join(path))
        .map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// The oracle's input files, relative to the root, sorted.
fn inputs() -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for (dir, ext) in INPUTS {
        let entries =
            std::fs::read_dir(root().join(dir)).map_err(|e| format!("cannot read {dir}: {e}"))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("cannot read {dir}: {e}"))?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == *ext) {
                let name = path.file_name().expect("a file has a name");
                files.push(format!("{dir}/{}", name.to_string_lossy()));
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err("no scenario scripts or example manifests to run".into());
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_oracle_reads_every_scenario_and_example_sorted() {
        let files = super::inputs().unwrap();
        for expected in [
            "tests/scenarios/tutorial.sh",
            "examples/statefulset-with-service.yaml",
            "examples/tutorial/web.yaml",
        ] {
            assert!(
                files.iter().any(|f| f == expected),
                "{expected} in {files:?}"
            );
        }
        assert!(files.iter().all(|f| !f.ends_with(".out")));
        assert!(files.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_kubectl_oracle_has_read_commands_and_a_differences_list() {
        let commands = super::kubectl_commands(super::KUBECTL_PASSES[0].1).unwrap();
        assert!(commands.iter().any(|c| c == "kubectl get pods -o name"));
        assert!(commands.iter().all(|c| c.starts_with("kubectl ")));
        let described = super::kubectl_commands(super::KUBECTL_PASSES[1].1).unwrap();
        assert!(described.iter().all(|c| c.starts_with("kubectl describe ")));
        for (script, commands, _, _) in super::KUBECTL_PASSES {
            assert!(crate::root().join(script).is_file(), "{script}");
            assert!(crate::root().join(commands).is_file(), "{commands}");
        }
        let root = crate::root();
        assert!(root.join("tests/oracles/kubectl_oracle.py").is_file());
        // Every listed difference names a command the oracle runs, with a reason.
        let listed =
            std::fs::read_to_string(root.join("tests/oracles/kubectl-differences.txt")).unwrap();
        for line in listed.lines() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            assert!(
                commands.iter().any(|c| line
                    .strip_prefix(c.as_str())
                    .is_some_and(|r| r.starts_with(" # "))),
                "{line}"
            );
        }
    }
}
