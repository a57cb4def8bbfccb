//! Installs what a fresh machine lacks, idempotently: the wasm target, Debian's Chromium and
//! the end-to-end harness's npm packages. Nothing is downloaded outside the package registries.

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
