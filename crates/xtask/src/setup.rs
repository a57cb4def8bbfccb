//! Installs what a fresh machine lacks, idempotently: the wasm target, Debian's Chromium, the
//! end-to-end harness's npm packages and the schema oracle's Python packages. Nothing is
//! downloaded outside the package registries.

use crate::{root, run_cmd};
use std::path::PathBuf;
use std::process::Command;

/// Adds the wasm target through rustup when the active toolchain does not have it.
pub fn wasm_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup is needed to add the wasm target: {e}"))?;
    let list = String::from_utf8_lossy(&installed.stdout);
    if list.lines().any(|l| l.trim() == crate::build::WASM_TARGET) {
        return Ok(());
    }
    println!("adding the {} target", crate::build::WASM_TARGET);
    run_cmd(Command::new("rustup").args(["target", "add", crate::build::WASM_TARGET]))
}

/// The Chromium binary the browser tests drive: `$CHROMIUM`, or Debian's package, installed
/// with apt-get when missing.
pub fn chromium() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Ok(PathBuf::from(path));
    }
    let debian = PathBuf::from("/usr/bin/chromium");
    if debian.exists() {
        return Ok(debian);
    }
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map_err(|e| e.to_string())?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Err("Chromium is missing: install Debian's `chromium` package \
                    (apt-get install chromium) or set CHROMIUM to a Chromium binary"
            .into());
    }
    println!("installing Debian's chromium package");
    run_cmd(Command::new("apt-get").args(["update", "-qq"]))?;
    run_cmd(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "chromium",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if debian.exists() {
        Ok(debian)
    } else {
        Err("apt-get finished but /usr/bin/chromium is still missing".into())
    }
}

/// Runs `npm ci` in the harness folder unless its node_modules match the lock file.
pub fn e2e_packages() -> Result<(), String> {
    let dir = root().join("tests/e2e");
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&installed)) {
        (Ok(l), Ok(i)) => i.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    println!("installing the end-to-end harness's npm packages");
    run_cmd(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir),
    )
}

/// The PyPI package that ships upstream Kubernetes' strict JSON schemas, one folder per minor.
/// Pinned: a new release can change the schemas, so moving the pin is a deliberate change.
pub const KUBERNETES_VALIDATE: &str = "kubernetes-validate==1.37.0";

/// The schema oracle's Python: a virtualenv in `target/oracles/venv` with
/// [`KUBERNETES_VALIDATE`] installed, made with the system `python3` and pip unless a marker
/// says this pin is already installed (so later runs stay offline).
pub fn oracle_python() -> Result<PathBuf, String> {
    let venv = root().join("target/oracles/venv");
    let python = venv.join("bin/python");
    let pin = KUBERNETES_VALIDATE.replace("==", "-");
    let marker = venv.join(format!(".installed-{pin}"));
    if marker.exists() && python.exists() {
        return Ok(python);
    }
    println!("installing {KUBERNETES_VALIDATE} into {}", venv.display());
    // `--clear`: a venv without the marker is half-made or holds another pin; start afresh.
    run_cmd(
        Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv),
    )
    .map_err(|e| {
        format!(
            "{e}\nthe schema oracle needs Python 3 with its venv module \
             (Debian: apt-get install python3 python3-venv)"
        )
    })?;
    run_cmd(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        KUBERNETES_VALIDATE,
    ]))
    .map_err(|e| format!("{e}\ncould not install {KUBERNETES_VALIDATE} from PyPI"))?;
    std::fs::write(&marker, format!("{KUBERNETES_VALIDATE}\n"))
        .map_err(|e| format!("cannot write {}: {e}", marker.display()))?;
    Ok(python)
}
