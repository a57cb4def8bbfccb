//! `cargo xtask <task>`: everything Cargo alone cannot express — building the wasm app into a
//! static site, serving it, measuring its size and running every test stage.

mod build;
mod oracles;
mod serve;
mod setup;
mod size;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <task> [options]

Tasks:
  serve [--port N]   build the playground and serve it on http://127.0.0.1:N (default 8080)
  dist [--out DIR]   build the static site into DIR (default target/dist)
  build              build the static site into target/site
  size               build, then print the size of every shipped file and check the budget
  e2e                build, then run the browser end-to-end tests in headless Chromium
  oracles            check every object the simulator prints against Kubernetes' schemas,
                     and its kubectl output against the official kubectl's
  openapi            write www/openapi/v1.N.json (what kubectl explain reads) for every
                     minor there, from the pinned kubernetes-validate package
  test               everything: fmt, clippy, native tests, schema oracle, kubectl oracle,
                     wasm build, size budget, e2e
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => option_u16(&args[1..], "--port", 8080).and_then(serve::run),
        Some("dist") => {
            let out = option_str(&args[1..], "--out")
                .map(PathBuf::from)
                .unwrap_or_else(|| root().join("target/dist"));
            build::site(&out).map(|_| println!("static site written to {}", out.display()))
        }
        Some("build") => build::site(&build::default_site_dir()).map(drop),
        Some("size") => {
            build::site(&build::default_site_dir()).and_then(|site| size::report(&site).map(drop))
        }
        Some("e2e") => build::site(&build::default_site_dir()).and_then(|site| test::e2e(&site)),
        Some("oracles") => {
            // Both oracles run, so that one run shows every problem.
            let schema = oracles::schema().map(|detail| println!("schema oracle: ok {detail}"));
            let kubectl = oracles::kubectl().map(|detail| println!("kubectl oracle: ok {detail}"));
            match (schema, kubectl) {
                (Err(a), Err(b)) => Err(format!("{a}\nxtask: {b}")),
                (a, b) => a.and(b),
            }
        }
        Some("openapi") => oracles::write_openapi(),
        Some("test") => test::all(),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the xtask crate lives in `crates/xtask`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/xtask has two ancestors")
        .to_path_buf()
}

fn option_str(args: &[String], name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == name {
            return iter.next().cloned();
        }
        if let Some(value) = arg.strip_prefix(&prefix) {
            return Some(value.to_string());
        }
    }
    None
}

fn option_u16(args: &[String], name: &str, default: u16) -> Result<u16, String> {
    match option_str(args, name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| format!("{name} expects a port number, got `{v}`")),
    }
}

/// Runs a command in the workspace root, echoing it, and fails with a readable message.
pub fn run_cmd(cmd: &mut std::process::Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// The cargo that runs this xtask, so that toolchain overrides carry through.
pub fn cargo() -> std::process::Command {
    std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}
