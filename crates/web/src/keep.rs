//! Keeping and sharing a session: it survives a reload through `localStorage` when the page may
//! use it, and the Share button puts it, compressed, in the URL fragment, so a fresh browser
//! replays the same history. Storage may be missing or may throw (sandboxed iframes): every
//! access is allowed to fail, and the page works without it.

use wasm_bindgen::prelude::*;

const KEY: &str = "stsplay.session.v1";
/// The fragment prefix of a shared session.
pub const FRAGMENT: &str = "#s=";

#[wasm_bindgen(inline_js = r#"
function toBase64Url(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
export async function compress(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}
export async function decompress(text) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return await new Response(stream).text();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn compress(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn decompress(text: &str) -> Result<JsValue, JsValue>;
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The session saved by the last visit, if storage works and has one.
pub fn load_local() -> Option<String> {
    storage()?.get_item(KEY).ok().flatten()
}

/// Saves the session; silently does nothing where storage is unavailable or full.
pub fn save_local(json: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, json);
    }
}

/// Forgets the saved session (the Reset button).
pub fn clear_local() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}

/// The shared session in the URL fragment, if there is one.
pub fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix(FRAGMENT).map(str::to_string)
}

/// The fragment's session, decompressed.
pub async fn read_shared(encoded: &str) -> Option<String> {
    decompress(encoded).await.ok()?.as_string()
}

/// Compresses the session into the URL fragment (without adding a history entry) and returns
/// the whole link.
pub async fn share(json: &str) -> Option<String> {
    let encoded = compress(json).await.ok()?.as_string()?;
    let window = web_sys::window()?;
    let location = window.location();
    let base = format!("{}{}", location.origin().ok()?, location.pathname().ok()?);
    let link = format!("{base}{FRAGMENT}{encoded}");
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&link));
    }
    if let Some(clipboard) = Some(window.navigator().clipboard()) {
        // Copying may be refused (no permission, sandboxed iframe); the link is in the address
        // bar either way.
        let _ = clipboard.write_text(&link);
    }
    Some(link)
}
