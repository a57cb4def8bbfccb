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

/// Rust flags that take this machine's paths out of the shipped .wasm: panic locations name
/// their source files, and without this they would be `/home/…/.cargo/registry/src/…` and this
/// checkout's folder, sent to every learner (and making the size differ from one machine to
/// the next). Separated by 0x1f, as `CARGO_ENCODED_RUSTFLAGS` wants.
fn remapped_paths() -> String {
    let cargo_home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    [
        format!(
            "--remap-path-prefix={}=/cargo/registry/src",
            cargo_home.join("registry/src").display()
        ),
        format!("--remap-path-prefix={}=/playground", root().display()),
    ]
    .join("\u{1f}")
}

/// Builds the site into `out` and returns it.
pub fn site(out: &Path) -> Result<PathBuf, String> {
    setup::wasm_target()?;
    run_cmd(
        cargo()
            .args([
                "build",
                "--package",
                CRATE,
                "--target",
                WASM_TARGET,
                "--profile",
                WASM_PROFILE,
            ])
            .env("CARGO_ENCODED_RUSTFLAGS", remapped_paths()),
    )?;
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
    precompress(out)
}

/// The file types worth compressing (everything the site has but images).
const COMPRESSIBLE: &[&str] = &["html", "js", "mjs", "css", "json", "svg", "wasm", "txt"];

/// Writes `NAME.br` (brotli, best quality) and `NAME.gz` (gzip, best) beside every
/// compressible file of the site, so that a static host (and `cargo xtask serve`) can send
/// them as they are with `Content-Encoding`: what a learner downloads is measured here, not
/// left to a CDN's settings. A compressed copy no smaller than the file is not written.
pub fn precompress(dir: &Path) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let data = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        for (suffix, packed) in [("br", brotli_bytes(&data)?), ("gz", gzip_bytes(&data)?)] {
            if packed.len() < data.len() {
                let target = path.with_extension(format!("{ext}.{suffix}"));
                fs::write(&target, packed)
                    .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
            }
        }
    }
    Ok(())
}

fn brotli_bytes(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut std::io::Cursor::new(data), &mut out, &params)
        .map_err(|e| format!("brotli: {e}"))?;
    Ok(out)
}

fn gzip_bytes(data: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
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
