//! The playground page: a Yew app that renders what the simulated cluster decides.
//! This is the only crate that knows about the browser.

mod app;
mod data;
mod keep;
mod model;
mod view;

use wasm_bindgen::prelude::*;

/// Entry point called by the generated JS glue once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("stsplay panicked: {info}").into());
    }));
    let root = gloo_root();
    // The page's loading note goes as the app takes its place.
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root(root).render();
}

fn gloo_root() -> web_sys::Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("the playground runs in a page with a document");
    document
        .get_element_by_id("app")
        .unwrap_or_else(|| document.body().expect("a page has a body").into())
}
