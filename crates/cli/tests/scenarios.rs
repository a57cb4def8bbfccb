//! The transcripts in `tests/scenarios/`: each `NAME.sh` is run with `stsplay run` on every
//! Kubernetes minor the playground offers, and its output compared with `NAME.out` (the default
//! minor's) or, where that minor prints something else, `NAME.v1.N.out`, each of which a person
//! checked against the spec and upstream. On a mismatch the test prints the first differing
//! lines; `STSPLAY_BLESS=1 cargo test -p sts-cli` rewrites the expected files, writing a
//! per-minor file only where its output differs from the default's (review the diff before
//! committing it).

use std::path::{Path, PathBuf};
use std::process::Command;

fn scenarios() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir("../../tests/scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    out.sort();
    out
}

fn stsplay(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_stsplay"))
        .args(args)
        .output()
        .expect("stsplay runs");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// The first difference, with a little context, in a form a person can read.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let from = first.saturating_sub(3);
    let mut text = format!("first difference at line {}:\n", first + 1);
    for (i, line) in e.iter().enumerate().skip(from).take(8) {
        text.push_str(&format!("  expected {:4}: {line}\n", i + 1));
    }
    for (i, line) in a.iter().enumerate().skip(from).take(8) {
        text.push_str(&format!("  actual   {:4}: {line}\n", i + 1));
    }
    text.push_str(&format!(
        "({} expected lines, {} actual)\n",
        e.len(),
        a.len()
    ));
    text
}

#[test]
fn every_transcript_matches_its_reviewed_output() {
    let scripts = scenarios();
    assert!(
        scripts.len() >= 2,
        "the seed walkthrough and the tutorial at least"
    );
    let bless = std::env::var_os("STSPLAY_BLESS").is_some();
    let default = sts_core::versions::DEFAULT_MINOR;
    let mut failures = Vec::new();
    for script in &scripts {
        let run = |minor: u32| {
            let version = format!("1.{minor}");
            let (stdout, stderr, code) =
                stsplay(&["run", script.to_str().unwrap(), "--version", &version]);
            assert_eq!(code, 0, "{} on {version}: {stderr}", script.display());
            stdout
        };
        let default_out = run(default);
        let default_path = script.with_extension("out");
        for minor in sts_core::versions::SUPPORTED_MINORS {
            let stdout = if minor == default {
                default_out.clone()
            } else {
                run(minor)
            };
            let own_path = script.with_extension(format!("v1.{minor}.out"));
            if bless {
                if minor == default {
                    std::fs::write(&default_path, &stdout).unwrap();
                } else if stdout != default_out {
                    std::fs::write(&own_path, &stdout).unwrap();
                } else {
                    let _ = std::fs::remove_file(&own_path);
                }
                continue;
            }
            let path = if minor != default && own_path.exists() {
                &own_path
            } else {
                &default_path
            };
            let expected = std::fs::read_to_string(path).unwrap_or_default();
            if expected != stdout {
                failures.push(format!(
                    "{} on 1.{minor} (against {})\n{}",
                    script.display(),
                    path.display(),
                    diff(&expected, &stdout)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "transcripts differ:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_same_script_and_seed_give_the_same_transcript_and_another_seed_other_names() {
    let script = Path::new("../../tests/scenarios/seed-walkthrough.sh");
    let a = stsplay(&["run", script.to_str().unwrap(), "--seed", "7"]).0;
    let b = stsplay(&["run", script.to_str().unwrap(), "--seed=7"]).0;
    let c = stsplay(&["run", script.to_str().unwrap(), "--seed", "8"]).0;
    assert_eq!(a, b);
    assert_ne!(a, c, "volume names come from the seed");
}

#[test]
fn script_errors_exit_2_and_kubectl_errors_do_not() {
    let dir = std::env::temp_dir().join(format!("stsplay-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.sh");
    std::fs::write(
        &bad,
        "kubectl get pods\nkubectl apply -f - <<EOF\nkind: Pod\n",
    )
    .unwrap();
    let (_, err, code) = stsplay(&["run", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 2: the heredoc <<EOF is never closed"),
        "{err}"
    );

    let (_, err, code) = stsplay(&["run", dir.join("missing.sh").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");

    let ok = dir.join("ok.sh");
    std::fs::write(&ok, "kubectl get pod nope\nkubectl frobnicate\n").unwrap();
    let (out, _, code) = stsplay(&["run", ok.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "$ kubectl get pod nope\nError from server (NotFound): pods \"nope\" not found\n$ kubectl frobnicate\nerror: unknown command \"frobnicate\" for \"kubectl\"\nRun 'kubectl --help' for usage.\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn no_arguments_print_help_and_demo_runs_the_walkthrough() {
    let (out, _, code) = stsplay(&[]);
    assert_eq!(code, 0);
    assert!(out.contains("stsplay run SCRIPT"));
    let (out, _, code) = stsplay(&["demo"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "$ kubectl apply -f examples/basic-statefulset.yaml\nstatefulset.apps/web created\n"
        ),
        "{out}"
    );
    assert!(out.contains("does not terminate its pods in reverse order"));
}
