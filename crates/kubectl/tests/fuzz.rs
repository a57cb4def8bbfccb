//! Users type anything. Thousands of random command lines, built from real verbs, types,
//! flags and junk, must never panic — and the cluster must stay usable afterwards.

use sts_core::cluster::Config;
use sts_core::rng::Rng;
use sts_kubectl::{NoFiles, Session};

const PIECES: &[&str] = &[
    "kubectl",
    "sim",
    "get",
    "describe",
    "delete",
    "apply",
    "create",
    "scale",
    "patch",
    "set",
    "image",
    "rollout",
    "status",
    "history",
    "undo",
    "restart",
    "wait",
    "exec",
    "run",
    "cordon",
    "drain",
    "events",
    "label",
    "sts",
    "pods",
    "pod/web-0",
    "sts/web",
    "pvc",
    "all",
    "web",
    "web-0",
    "web-1",
    "node-1",
    "-o",
    "json",
    "yaml",
    "wide",
    "name",
    "jsonpath={.items[",
    "jsonpath={range .items[*]}{.metadata.name}",
    "go-template={{range .x}}",
    "--template",
    "{{.metadata.name}}",
    "{{index",
    "-l",
    "app=nginx",
    "app in (",
    "!",
    "-n",
    "-A",
    "-w",
    "--watch=false",
    "--replicas=0",
    "--replicas",
    "-1",
    "--current-replicas=2",
    "-p",
    r#"'{"spec":{"replicas":4}}'"#,
    r#"'[{"op":"remove","path":"/spec"}]'"#,
    "--type=json",
    "--type=merge",
    "--cascade=orphan",
    "--force",
    "--grace-period=0",
    "--timeout=5s",
    "--",
    "sh",
    "-c",
    "'echo $(hostname) > /usr/share/nginx/html/x'",
    "curl",
    "localhost",
    "nslookup",
    "web-0.nginx",
    "--for=delete",
    "--for=condition=Ready",
    "-f",
    "-",
    "step",
    "advance",
    "1m",
    "settle",
    "crash",
    "crashloop",
    "unready",
    "heal",
    "evict",
    "node-down",
    "node-up",
    "image-broken",
    "explain",
    "seed",
    "2",
    "version",
    "1.31",
    ";",
    "&&",
    "for",
    "i",
    "in",
    "do",
    "done",
    "$(",
    ")",
    "ÿ",
    "日本",
    "--=",
    "-",
    "---",
    "=",
    "{{",
    "}}",
    "[",
    "]",
    "jsonpath={.items[}",
    "jsonpath={[}",
    "jsonpath={.a[0}",
    "jsonpath={.a[?(@.b)]}",
    "jsonpath={range}{end}{end}",
    "-ojsonpath={..}",
    "--sort-by={",
    "--sort-by=.spec.x[",
    "-L",
    "--show-labels",
    "-it",
    "--rm",
    "--image=busybox",
    "dns-test",
    "--to-revision=9",
    "--revision=1",
    "-c",
    "nope",
    "--for=jsonpath={.status.readyReplicas}=2",
];

const VERBS: &[&str] = &[
    "get", "describe", "delete", "apply", "create", "scale", "patch", "set", "rollout", "wait",
    "exec", "run", "cordon", "uncordon", "drain", "events", "label", "annotate", "version",
];

const SIM: &[&str] = &[
    "step",
    "advance",
    "settle",
    "crash",
    "crashloop",
    "unready",
    "heal",
    "evict",
    "node-down",
    "node-up",
    "image-broken",
    "image-ok",
    "explain",
    "time",
    "seed",
    "version",
];

/// Rare pieces that break quoting or the shell.
const JUNK: &[&str] = &["\"", "'", "\\", "`", "|", "<", "&", ">", ">>"];

const WEB: &str = include_str!("../../../examples/tutorial/web.yaml");

#[test]
fn random_command_lines_never_panic() {
    let mut rng = Rng::new(42);
    let mut s = Session::new(Config::default());
    s.run("kubectl apply -f -", Some(WEB), &NoFiles);
    s.run("sim settle", None, &NoFiles);
    for i in 0..5_000 {
        let n = 1 + (rng.next_u64() % 8) as usize;
        let mut words = Vec::new();
        match rng.next_u64() % 8 {
            0 => {}
            1 | 2 => {
                words.push("sim");
                words.push(SIM[(rng.next_u64() % SIM.len() as u64) as usize]);
            }
            _ => {
                words.push("kubectl");
                words.push(VERBS[(rng.next_u64() % VERBS.len() as u64) as usize]);
            }
        }
        for _ in 0..n {
            words.push(PIECES[(rng.next_u64() % PIECES.len() as u64) as usize]);
        }
        if rng.next_u64() % 20 == 0 {
            words.push(JUNK[(rng.next_u64() % JUNK.len() as u64) as usize]);
        }
        let line = words.join(" ");
        let stdin = (i % 7 == 0).then_some(WEB);
        let out = s.run(&line, stdin, &NoFiles);
        if std::env::var_os("FUZZ_SHOW").is_some() {
            eprintln!("$ {line}\n{}", out.text());
        }
        if i % 500 == 499 {
            // Start over now and then, so deletions do not leave an empty cluster for long.
            s = Session::new(Config::default());
            s.run("kubectl apply -f -", Some(WEB), &NoFiles);
        }
    }
    let out = s.run("kubectl get nodes -o name", None, &NoFiles);
    assert_eq!(out.text(), "node/node-1\nnode/node-2\nnode/node-3\n");
}
