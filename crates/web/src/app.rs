//! The page layout: manifest editor, cluster view and console side by side.

use yew::prelude::*;

/// The example the playground opens with.
pub const DEFAULT_EXAMPLE: &str = include_str!("../../../examples/statefulset-with-service.yaml");
pub const DEFAULT_EXAMPLE_NAME: &str = "statefulset-with-service.yaml";

#[component]
pub fn App() -> Html {
    html! {
        <div class="app">
            <header class="topbar">
                <h1>{ "StatefulSet Playground" }</h1>
                <span class="subtitle">{ "Kubernetes v1.34, simulated in your browser" }</span>
            </header>
            <main class="panes">
                <section class="pane editor" aria-labelledby="editor-title" data-testid="editor">
                    <h2 id="editor-title">{ "Manifests" }</h2>
                    <div class="filename">{ DEFAULT_EXAMPLE_NAME }</div>
                    <textarea
                        class="source"
                        aria-label="Manifest YAML"
                        spellcheck="false"
                        value={DEFAULT_EXAMPLE}
                    />
                </section>
                <section class="pane cluster" aria-labelledby="cluster-title" data-testid="cluster">
                    <h2 id="cluster-title">{ "Cluster" }</h2>
                    <p class="empty">{ "No objects yet: the cluster is empty." }</p>
                </section>
                <section class="pane console" aria-labelledby="console-title" data-testid="console">
                    <h2 id="console-title">{ "Console" }</h2>
                    <pre class="terminal" aria-live="polite">{ "$ " }</pre>
                </section>
            </main>
        </div>
    }
}
