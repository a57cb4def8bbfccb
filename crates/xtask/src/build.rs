//! Builds the playground into a static site: the wasm build of `sts-web`, wasm-bindgen run
//! in-process (no downloaded tools), and `www/` copied beside the generated files.

use crate::{cargo, root, run_cmd, setup};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CRATE: &str = "sts-web";
const ARTIFACT: &str = "sts_web";
/// The cargo profile of the shipped .wasm (size-tuned; see the workspace `Cargo.toml`).
const WASM_PROFILE: &str = "wasm";

pub fn default_site_dir() -> PathBuf {
    root().join("target/site")
}

/// Builds the site into `out` and returns it.
pub fn site(out: &Path) -> Result<PathBuf, String> {
    setup::wasm_target()?;
    run_cmd(cargo().args([
        "build",
        "--package",
        CRATE,
        "--target",
        WASM_TARGET,
        "--profile",
        WASM_PROFILE,
    ]))?;
    let wasm = root()
        .join("target")
        .join(WASM_TARGET)
        .join(WASM_PROFILE)
        .join(format!("{ARTIFACT}.wasm"));
    // `STSPLAY_KEEP_NAMES=1` keeps the wasm name section, so that a browser profile names Rust
    // functions (for profiling only: it adds about 0.7 MB). Its glue goes to a directory of
    // its own, so the skip-if-newer check below never mixes the two builds.
    let keep_names = std::env::var_os("STSPLAY_KEEP_NAMES").is_some();
    let pkg = root().join(if keep_names {
        "target/bindgen-names"
    } else {
        "target/bindgen"
    });
    bindgen(&wasm, &pkg, keep_names)?;
    assemble(&pkg, out)?;
    Ok(out.to_path_buf())
}

/// Runs wasm-bindgen as a library, skipping the work when its output is newer than its input.
fn bindgen(wasm: &Path, out: &Path, keep_names: bool) -> Result<(), String> {
    let js = out.join(format!("{ARTIFACT}.js"));
    if modified(&js).is_some() && modified(&js) >= modified(wasm) {
        return Ok(());
    }
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(wasm)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e}"))?
        .typescript(false)
        .remove_name_section(!keep_names)
        .remove_producers_section(true)
        // The library's default differs from the CLI's; without this `init()` cannot find
        // the .wasm next to the glue.
        .omit_default_module_path(false)
        .generate(out)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Writes `www/` and the generated glue into `out`, replacing what was there.
fn assemble(pkg: &Path, out: &Path) -> Result<(), String> {
    if out.exists() {
        fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    copy_dir(&root().join("www"), out)?;
    let out_pkg = out.join("pkg");
    fs::create_dir_all(&out_pkg).map_err(|e| e.to_string())?;
    for name in [format!("{ARTIFACT}.js"), format!("{ARTIFACT}_bg.wasm")] {
        fs::copy(pkg.join(&name), out_pkg.join(&name))
            .map_err(|e| format!("cannot copy {name}: {e}"))?;
    }
    // JS snippets the app declares with `#[wasm_bindgen(inline_js)]`.
    let snippets = pkg.join("snippets");
    if snippets.is_dir() {
        copy_dir(&snippets, &out_pkg.join("snippets"))?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).map_err(|e| format!("cannot copy: {e}"))?;
        }
    }
    Ok(())
}
