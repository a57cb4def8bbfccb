//! `stsplay`: the playground's command-line runner. It runs scripts of kubectl and `sim`
//! commands against the simulated cluster and prints transcripts (for tests, autograding and
//! docs), offers an interactive prompt, and plays the seed walkthrough.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;
use sts_core::cluster::Config;
use sts_kubectl::cmd::explain::Documents;
use sts_kubectl::{script, Files, Session};

const HELP: &str = "stsplay: the StatefulSet Playground runner

Usage:
  stsplay run SCRIPT [--seed N] [--version 1.37]   run a script, print its transcript
  stsplay repl [--seed N] [--version 1.37]         an interactive prompt
  stsplay demo                                     the seed walkthrough
  stsplay objects FILE... [--version 1.37]         every object kubectl prints, as JSON lines
  stsplay state SCRIPT [--version 1.37]            the cluster after the script, as one JSON
                                                   document (its clock, and every object)
  stsplay outputs SCRIPT COMMANDS [--version 1.37]  run the script, then each line of COMMANDS;
                                                   print what each printed, as JSON lines
  stsplay verdicts [--version 1.37]                what the API server says of each manifest
                                                   (JSON lines with id and yaml on stdin)
  stsplay help                                     this text

A script has one command per line: kubectl …, sim …, echo, sleep, and for-loops.
# starts a comment; a trailing \\ continues a line; `kubectl apply -f - <<EOF` … `EOF`
feeds a heredoc. File paths are relative to the script's folder. Each command is printed as
`$ command`, followed by what it printed. Type `sim help` for the simulation verbs.

Exit status: 0 when the script ran to its end (whatever kubectl errors it printed), 2 when the
script cannot be read or has a syntax error.";

const DEMO: &str = include_str!("demo.sh");

/// Files relative to a folder.
struct Folder(PathBuf);

impl Files for Folder {
    fn read(&self, path: &str) -> Option<String> {
        let p = Path::new(path);
        let full = if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.0.join(p)
        };
        std::fs::read_to_string(full).ok()
    }
    fn openapi(&self, minor: u32) -> Option<&Documents> {
        openapi(minor)
    }
}

/// Files bundled with the binary: the examples, by their path in the repository.
struct Examples;

impl Files for Examples {
    fn read(&self, path: &str) -> Option<String> {
        let name = path
            .trim_start_matches("./")
            .trim_start_matches("examples/");
        EXAMPLES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.to_string())
    }
    fn openapi(&self, minor: u32) -> Option<&Documents> {
        openapi(minor)
    }
}

/// The OpenAPI documents `kubectl explain` reads, one file per minor (the page fetches the
/// same files), parsed the first time a minor is explained.
const OPENAPI: [(u32, &str); 7] = [
    (31, include_str!("../../../www/openapi/v1.31.json")),
    (32, include_str!("../../../www/openapi/v1.32.json")),
    (33, include_str!("../../../www/openapi/v1.33.json")),
    (34, include_str!("../../../www/openapi/v1.34.json")),
    (35, include_str!("../../../www/openapi/v1.35.json")),
    (36, include_str!("../../../www/openapi/v1.36.json")),
    (37, include_str!("../../../www/openapi/v1.37.json")),
];

fn openapi(minor: u32) -> Option<&'static Documents> {
    static PARSED: [OnceLock<Option<Documents>>; OPENAPI.len()] =
        [const { OnceLock::new() }; OPENAPI.len()];
    let i = OPENAPI.iter().position(|(m, _)| *m == minor)?;
    PARSED[i]
        .get_or_init(|| Documents::parse(OPENAPI[i].1).ok())
        .as_ref()
}

const EXAMPLES: &[(&str, &str)] = &[
    (
        "basic-statefulset.yaml",
        include_str!("../../../examples/basic-statefulset.yaml"),
    ),
    (
        "statefulset-with-service.yaml",
        include_str!("../../../examples/statefulset-with-service.yaml"),
    ),
    (
        "web-parallel.yaml",
        include_str!("../../../examples/web-parallel.yaml"),
    ),
];

struct Options {
    config: Config,
    rest: Vec<String>,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut config = Config::default();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let (flag, inline) = match args[i].split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (args[i].clone(), None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i).cloned().ok_or(format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--seed" => {
                let v = value()?;
                config.seed = v
                    .parse()
                    .map_err(|_| format!("--seed needs a number, not \"{v}\""))?;
            }
            "--version" => config.minor = Config::parse_version(&value()?)?,
            f if f.starts_with("--") => return Err(format!("unknown flag {f}")),
            _ => rest.push(args[i].clone()),
        }
        i += 1;
    }
    Ok(Options { config, rest })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        println!("{HELP}");
        return ExitCode::SUCCESS;
    };
    let opts = match options(&args[1..]) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("stsplay: {e}");
            return ExitCode::from(2);
        }
    };
    match command.as_str() {
        "run" => {
            let [path] = opts.rest.as_slice() else {
                eprintln!("stsplay: usage: stsplay run SCRIPT [--seed N] [--version 1.37]");
                return ExitCode::from(2);
            };
            match ran_script(&opts, path) {
                Ok((_, _, transcript)) => {
                    print!("{transcript}");
                    ExitCode::SUCCESS
                }
                Err(code) => code,
            }
        }
        "objects" => objects(&opts),
        "verdicts" => verdicts(&opts),
        "state" => state(&opts),
        "outputs" => outputs(&opts),
        "demo" => {
            let mut session = Session::new(opts.config);
            match script::transcript(&mut session, DEMO, &Examples) {
                Ok(t) => {
                    print!("{t}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("stsplay: {e}");
                    ExitCode::from(2)
                }
            }
        }
        "repl" => repl(opts.config),
        "help" | "--help" | "-h" => {
            println!("{HELP}");
            ExitCode::SUCCESS
        }
        "--version" | "version" => {
            println!("stsplay {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("stsplay: unknown command \"{other}\"\n\n{HELP}");
            ExitCode::from(2)
        }
    }
}

/// `stsplay objects`: runs each script (or applies and settles each manifest) and, after every
/// command, prints each distinct object `kubectl get KIND -A -o json` shows, as one JSON line
/// `{"source": "file:line", "object": …}`. What the strict-schema oracle reads.
fn objects(opts: &Options) -> ExitCode {
    use std::collections::HashSet;
    use sts_core::api::Kind;
    let mut seen: HashSet<u64> = HashSet::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for path in &opts.rest {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("stsplay: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        };
        let folder = Path::new(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let script_text = if path.ends_with(".sh") {
            text
        } else {
            let name = Path::new(path)
                .file_name()
                .unwrap_or_default()
                .to_string_lossy();
            format!("kubectl apply -f {name}\nsim settle\nsim advance 2m\n")
        };
        let commands = match script::parse(&script_text) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("stsplay: {path}: {e}");
                return ExitCode::from(2);
            }
        };
        let files = Folder(folder);
        let mut session = Session::new(opts.config.clone());
        for c in commands {
            session.run(&c.text, c.stdin.as_deref(), &files);
            for kind in Kind::ALL {
                let line = format!("kubectl get {} -A -o json", kind.resource());
                let printed = session
                    .run(&line, None, &files)
                    .stream(sts_kubectl::Stream::Out);
                let Ok(list) = serde_json::from_str::<serde_json::Value>(&printed) else {
                    eprintln!("stsplay: {line} did not print JSON: {printed}");
                    return ExitCode::from(1);
                };
                for item in list["items"].as_array().into_iter().flatten() {
                    let text = item.to_string();
                    let mut h = std::hash::DefaultHasher::new();
                    std::hash::Hash::hash(&text, &mut h);
                    if seen.insert(std::hash::Hasher::finish(&h)) {
                        let source = format!("{path}:{}", c.line);
                        let _ = writeln!(
                            out,
                            "{}",
                            serde_json::json!({ "source": source, "object": item })
                        );
                    }
                }
            }
        }
    }
    ExitCode::SUCCESS
}

/// A session that has run the script at `path` (its files relative to the script's folder),
/// with that folder and the transcript; the exit code when the script cannot be read or parsed.
fn ran_script(opts: &Options, path: &str) -> Result<(Session, Folder, String), ExitCode> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("stsplay: cannot read {path}: {e}");
            return Err(ExitCode::from(2));
        }
    };
    let folder = Folder(
        Path::new(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    );
    let mut session = Session::new(opts.config.clone());
    match script::transcript(&mut session, &text, &folder) {
        Ok(transcript) => Ok((session, folder, transcript)),
        Err(e) => {
            eprintln!("stsplay: {path}: {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// `stsplay state`: runs a script, then prints `{"now": RFC 3339, "minor": N, "objects": [...]}` with every
/// object as `kubectl get KIND -A -o json` shows it: what the kubectl oracle's read-only API
/// server serves to the real kubectl.
fn state(opts: &Options) -> ExitCode {
    use sts_core::api::Kind;
    let [path] = opts.rest.as_slice() else {
        eprintln!("stsplay: usage: stsplay state SCRIPT [--version 1.37]");
        return ExitCode::from(2);
    };
    let (mut session, folder, _) = match ran_script(opts, path) {
        Ok(ran) => ran,
        Err(code) => return code,
    };
    let mut objects = Vec::new();
    for kind in Kind::ALL {
        let line = format!("kubectl get {} -A -o json", kind.resource());
        let printed = session
            .run(&line, None, &folder)
            .stream(sts_kubectl::Stream::Out);
        match serde_json::from_str::<serde_json::Value>(&printed) {
            Ok(list) => objects.extend(list["items"].as_array().cloned().unwrap_or_default()),
            Err(_) => {
                eprintln!("stsplay: {line} did not print JSON: {printed}");
                return ExitCode::from(1);
            }
        }
    }
    // Node Leases are derived, not stored (see `Cluster::node_lease`): served as the kubelet
    // would have written them, owned by their Node.
    let cluster = session.cluster();
    let leases: Vec<serde_json::Value> = objects
        .iter()
        .filter(|o| o["kind"] == "Node")
        .filter_map(|node| {
            let name = node["metadata"]["name"].as_str()?;
            let lease = cluster.node_lease(name)?;
            let renew = lease.renew_time.rfc3339_micro();
            Some(serde_json::json!({
                "apiVersion": "coordination.k8s.io/v1",
                "kind": "Lease",
                "metadata": {
                    "name": name,
                    "namespace": "kube-node-lease",
                    "uid": node["metadata"]["uid"],
                    "resourceVersion": node["metadata"]["resourceVersion"],
                    "creationTimestamp": node["metadata"]["creationTimestamp"],
                    "ownerReferences": [{
                        "apiVersion": "v1", "kind": "Node", "name": name,
                        "uid": node["metadata"]["uid"],
                    }],
                },
                "spec": {
                    "holderIdentity": lease.holder,
                    "leaseDurationSeconds": lease.duration_seconds,
                    "renewTime": renew,
                },
            }))
        })
        .collect();
    objects.extend(leases);
    let now = cluster.now().rfc3339();
    let minor = session.minor();
    println!(
        "{}",
        serde_json::json!({ "now": now, "minor": minor, "objects": objects })
    );
    ExitCode::SUCCESS
}

/// `stsplay outputs SCRIPT COMMANDS`: runs the script, then each command line of the COMMANDS
/// file, printing `{"command", "stdout", "stderr", "code"}` for each: what the kubectl oracle
/// compares with the real kubectl's output.
fn outputs(opts: &Options) -> ExitCode {
    let [path, commands] = opts.rest.as_slice() else {
        eprintln!("stsplay: usage: stsplay outputs SCRIPT COMMANDS [--version 1.37]");
        return ExitCode::from(2);
    };
    let Ok(lines) = std::fs::read_to_string(commands) else {
        eprintln!("stsplay: cannot read {commands}");
        return ExitCode::from(2);
    };
    let (mut session, folder, _) = match ran_script(opts, path) {
        Ok(ran) => ran,
        Err(code) => return code,
    };
    for line in lines.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let out = session.run(line, None, &folder);
        println!(
            "{}",
            serde_json::json!({
                "command": line,
                "stdout": out.stream(sts_kubectl::Stream::Out),
                "stderr": out.stream(sts_kubectl::Stream::Err),
                "code": out.code,
            })
        );
    }
    ExitCode::SUCCESS
}

/// `stsplay verdicts`: what the API server says of each manifest read from stdin, as
/// `kubectl apply --dry-run=server` shows it on a fresh cluster. What the apply oracle reads.
fn verdicts(opts: &Options) -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let yaml = record["yaml"].as_str().unwrap_or_default();
        let mut session = Session::new(opts.config.clone());
        let result = session.run(
            "kubectl apply --dry-run=server -f -",
            Some(yaml),
            &Folder(PathBuf::new()),
        );
        let errors = result.stream(sts_kubectl::Stream::Err);
        let _ = writeln!(
            out,
            "{}",
            serde_json::json!({
                "id": record["id"],
                "accepted": result.code == 0 && errors.is_empty(),
                "message": errors.trim_end(),
            })
        );
    }
    ExitCode::SUCCESS
}

/// An interactive prompt. `history` lists what was typed; `!N` runs entry N again.
fn repl(config: Config) -> ExitCode {
    let mut session = Session::new(config);
    let folder = Folder(std::env::current_dir().unwrap_or_default());
    let mut history: Vec<String> = Vec::new();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    println!("stsplay {}: a simulated Kubernetes 1.{} cluster. Type kubectl or sim commands; `sim help`, `history`, `!N`, `exit`.",
        env!("CARGO_PKG_VERSION"), session.minor());
    loop {
        print!("$ ");
        let _ = std::io::stdout().flush();
        let Some(Ok(mut line)) = lines.next() else {
            println!();
            return ExitCode::SUCCESS;
        };
        line = line.trim().to_string();
        if line.is_empty() {
            continue;
        }
        if line == "exit" || line == "quit" {
            return ExitCode::SUCCESS;
        }
        if line == "history" {
            for (i, h) in history.iter().enumerate() {
                println!("{:5}  {h}", i + 1);
            }
            continue;
        }
        if let Some(n) = line.strip_prefix('!') {
            match n
                .parse::<usize>()
                .ok()
                .and_then(|n| history.get(n.wrapping_sub(1)))
            {
                Some(h) => {
                    line = h.clone();
                    println!("{line}");
                }
                None => {
                    eprintln!("!{n}: event not found");
                    continue;
                }
            }
        }
        history.push(line.clone());
        let out = session.run(&line, None, &folder);
        for (stream, text) in &out.chunks {
            match stream {
                sts_kubectl::Stream::Out => print!("{text}"),
                sts_kubectl::Stream::Err => eprint!("{text}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_offered_minor_has_the_documents_explain_reads() {
        for minor in sts_core::cluster::SUPPORTED_MINORS {
            assert!(
                super::openapi(minor).is_some(),
                "no OpenAPI documents for 1.{minor}"
            );
        }
    }
}
