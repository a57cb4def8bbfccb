//! Data the page fetches only when it is needed, so that the wasm stays small: the OpenAPI
//! documents `kubectl explain` reads (`openapi/v1.MINOR.json`, beside the page).

use sts_kubectl::cmd::explain::Documents;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(url + ": " + response.status);
  return await response.text();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = fetchText)]
    async fn fetch_text(url: &str) -> Result<JsValue, JsValue>;
}

/// The OpenAPI documents of Kubernetes 1.`minor`, or `None` when they cannot be fetched or
/// read (explain then says so).
pub async fn openapi(minor: u32) -> Option<Documents> {
    let text = fetch_text(&format!("openapi/v1.{minor}.json")).await.ok()?;
    Documents::parse(&text.as_string()?).ok()
}

/// Whether a command line is a `kubectl explain` (which needs the documents first).
pub fn is_explain(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.next() == Some("kubectl") && words.any(|w| w == "explain")
}
