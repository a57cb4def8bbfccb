//! A small static file server for the built site: loopback only, correct content types
//! (`application/wasm` for streaming instantiation) and CORS headers so that pages embedding the
//! playground in a sandboxed iframe can load its assets.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// `cargo xtask serve`: builds the site, then serves it until interrupted.
pub fn run(port: u16) -> Result<(), String> {
    let site = crate::build::site(&crate::build::default_site_dir())?;
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    println!("serving the playground on http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    serve(listener, site);
    Ok(())
}

/// Serves `site` on `listener` forever, one thread per connection.
pub fn serve(listener: TcpListener, site: PathBuf) {
    for stream in listener.incoming().flatten() {
        let site = site.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &site);
        });
    }
}

/// Starts a server on a free loopback port in a background thread and returns its base URL.
pub fn spawn(site: PathBuf) -> Result<String, String> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || serve(listener, site));
    Ok(format!("http://127.0.0.1:{port}/"))
}

fn handle(stream: TcpStream, site: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Of the headers, only Accept-Encoding changes the answer.
    let mut header = String::new();
    let mut accepted = String::new();
    while reader.read_line(&mut header)? > 2 {
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                accepted = value.trim().to_ascii_lowercase();
            }
        }
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut out,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            method,
            None,
        );
    }
    match resolve(site, target).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((path, body)) => {
            // The precompressed copy the build wrote beside the file, when the client takes it.
            let (encoding, body) = match precompressed(&path, &accepted) {
                Some((encoding, packed)) => (Some(encoding), packed),
                None => (None, body),
            };
            respond(
                &mut out,
                "200 OK",
                content_type(&path),
                &body,
                method,
                encoding,
            )
        }
        None => respond(
            &mut out,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            method,
            None,
        ),
    }
}

/// Maps a request path to a file inside `site`, refusing anything that would leave it.
fn resolve(site: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = site.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "yaml" | "yml" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `NAME.br` or `NAME.gz` beside `path`, brotli first, when `accepted` (the request's
/// Accept-Encoding, lower-cased) takes that encoding.
fn precompressed(path: &Path, accepted: &str) -> Option<(&'static str, Vec<u8>)> {
    let takes = |coding: &str| {
        accepted.split(',').any(|part| {
            let mut fields = part.split(';');
            let name = fields.next().unwrap_or("").trim();
            let refused = fields.any(|f| {
                f.trim()
                    .strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q == 0.0))
            });
            name == coding && !refused
        })
    };
    let ext = path.extension()?.to_str()?;
    [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .filter(|(coding, _)| takes(coding))
        .find_map(|(coding, suffix)| {
            let packed = std::fs::read(path.with_extension(format!("{ext}.{suffix}"))).ok()?;
            Some((coding, packed))
        })
}

fn respond(
    out: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    method: &str,
    encoding: Option<&str>,
) -> std::io::Result<()> {
    let encoding = encoding
        .map(|e| format!("Content-Encoding: {e}\r\n"))
        .unwrap_or_default();
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{encoding}Content-Length: {}\r\n\
         Vary: Accept-Encoding\r\nCache-Control: no-cache\r\nAccess-Control-Allow-Origin: *\r\n\
         Cross-Origin-Resource-Policy: cross-origin\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        out.write_all(body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(
            content_type(Path::new("pkg/app_bg.wasm")),
            "application/wasm"
        );
        assert_eq!(
            content_type(Path::new("pkg/app.js")),
            "text/javascript; charset=utf-8"
        );
    }

    #[test]
    fn a_precompressed_copy_is_chosen_by_accept_encoding() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("app.wasm");
        std::fs::write(&file, b"raw").unwrap();
        std::fs::write(dir.join("app.wasm.br"), b"br").unwrap();
        std::fs::write(dir.join("app.wasm.gz"), b"gz").unwrap();
        let chosen = |accepted: &str| precompressed(&file, accepted).map(|(e, _)| e);
        assert_eq!(chosen("gzip, deflate, br, zstd"), Some("br"));
        assert_eq!(chosen("gzip"), Some("gzip"));
        assert_eq!(chosen("br;q=0, gzip"), Some("gzip"));
        assert_eq!(chosen("identity"), None);
        assert_eq!(chosen(""), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn paths_cannot_escape_the_site() {
        let site = crate::root().join("www");
        assert!(resolve(&site, "/../Cargo.toml").is_none());
        assert!(resolve(&site, "/index.html?x=1").is_some());
        assert_eq!(resolve(&site, "/"), Some(site.join("index.html")));
    }
}
