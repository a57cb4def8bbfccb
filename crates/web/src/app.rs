//! The page layout: manifest editor, cluster view and console side by side.

use crate::sim::{self, Snapshot};
use yew::prelude::*;

/// The example the playground opens with.
pub const DEFAULT_EXAMPLE: &str = include_str!("../../../examples/statefulset-with-service.yaml");
pub const DEFAULT_EXAMPLE_NAME: &str = "statefulset-with-service.yaml";

#[component]
pub fn App() -> Html {
    // The default example, applied to a fresh cluster once when the page opens.
    let snapshot = use_memo((), |_| sim::run(DEFAULT_EXAMPLE));
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
                    { cluster_view(&snapshot) }
                </section>
                <section class="pane console" aria-labelledby="console-title" data-testid="console">
                    <h2 id="console-title">{ "Console" }</h2>
                    <pre class="terminal" aria-live="polite">{ console_text(&snapshot) }</pre>
                </section>
            </main>
        </div>
    }
}

fn cluster_view(s: &Snapshot) -> Html {
    let pods = if s.pods.is_empty() {
        html! { <p class="empty">{ "No pods." }</p> }
    } else {
        html! {
            <ul class="pods" aria-label="Pods">
                { for s.pods.iter().map(|(name, phase)| html! {
                    <li class="pod" data-phase={phase.clone()}>
                        <span class="pod-name">{ name }</span>
                        <span class="pod-phase">{ phase }</span>
                    </li>
                }) }
            </ul>
        }
    };
    html! {
        <>
            if let Some(summary) = &s.explanation {
                <p class="explanation" data-testid="explanation">{ summary }</p>
            }
            { pods }
            if let Some(json) = &s.set_json {
                <details class="object">
                    <summary>{ "The StatefulSet as the API serves it" }</summary>
                    <pre class="json">{ json }</pre>
                </details>
            }
        </>
    }
}

/// What a learner would have typed and seen: the apply, `kubectl get pods`, `sim explain`.
fn console_text(s: &Snapshot) -> String {
    let mut text = format!("$ kubectl apply -f {DEFAULT_EXAMPLE_NAME}\n");
    for line in &s.applied {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("$ kubectl get pods\n");
    text.push_str(&s.pods_table);
    text.push_str("$ sim explain\n");
    text.push_str(&s.sim_explain);
    text.push_str("$ ");
    text
}
