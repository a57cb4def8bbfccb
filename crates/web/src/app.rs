//! The page: manifest editor, cluster view, and the console with the "Why?" panel, events and
//! a watch pane; controls for time (step, play, settle, rewind). Every action is a command of
//! the console's language and appears there as a learner could type it.

use crate::model::{Diagnostic, Model, EDITOR_FILE, EXAMPLES};
use crate::view::{self, Lane, PodCard, Slot};
use crate::{data, keep};
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use std::cell::RefCell;
use std::rc::Rc;
use sts_core::api::ObjectKey;
use sts_core::cluster::Config;
use sts_core::explain::explain;
use sts_kubectl::cmd::sim::offset;
use sts_kubectl::Stream;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

/// The example the playground opens with.
pub const DEFAULT_EXAMPLE: &str = EXAMPLES[0].1;
pub const DEFAULT_EXAMPLE_NAME: &str = EXAMPLES[0].0;

/// How the clock runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Paused,
    Playing,
    /// A long run (`sim advance`, `sim settle`, the Settle button) going on in slices.
    Running,
}

/// Steps per second at each speed.
const SPEEDS: [(u32, &str); 4] = [(2, "1×"), (4, "2×"), (8, "4×"), (20, "10×")];
/// The page's clock tick; the simulation runs in slices between ticks.
const TICK_MS: u32 = 50;
/// Moments per slice of a long run, and the time a tick may spend on slices: input is never
/// blocked for more than about a frame.
const RUN_SLICE: usize = 20;
const RUN_BUDGET_MS: f64 = 12.0;

struct Ui {
    mode: Mode,
    speed: usize,
    /// Milliseconds accumulated toward the next step while playing.
    acc: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Manifests,
    Cluster,
    Console,
}

type Shared = Rc<RefCell<Model>>;

#[component]
pub fn App() -> Html {
    // The last visit's session when storage has one, otherwise the default example.
    let model: Shared = use_mut_ref(|| {
        let mut model = keep::load_local()
            .filter(|_| keep::fragment().is_none())
            .and_then(|json| Model::restore(&json))
            .unwrap_or_else(|| {
                Model::new(Config::default(), DEFAULT_EXAMPLE_NAME, DEFAULT_EXAMPLE)
            });
        model.sliced = true;
        model
    });
    let notice = use_state(|| None::<String>);
    let saved_at = use_mut_ref(|| (u64::MAX, 0.0f64));
    let ui = use_mut_ref(|| Ui {
        mode: Mode::Paused,
        speed: 1,
        acc: 0,
    });
    let update = use_force_update();
    let tab = use_state(|| Tab::Cluster);
    let selected = use_state(|| None::<String>);
    let history_at = use_state(|| None::<usize>);
    // Which window of ordinals the lanes show (large sets are shown a page at a time).
    let slot_page = use_state(|| 0usize);
    let hint = use_state(String::new);

    // One clock for the page: plays and settles in slices, so the page never blocks long.
    {
        let (model, ui, update) = (model.clone(), ui.clone(), update.clone());
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                let mode = ui.borrow().mode;
                match mode {
                    Mode::Paused => {}
                    Mode::Playing => {
                        let per_second = SPEEDS[ui.borrow().speed].0;
                        let mut u = ui.borrow_mut();
                        u.acc += TICK_MS * per_second;
                        let steps = u.acc / 1000;
                        u.acc %= 1000;
                        drop(u);
                        if steps > 0 {
                            let settled = model.borrow_mut().run_slice(steps as usize);
                            if settled {
                                ui.borrow_mut().mode = Mode::Paused;
                            }
                            update.force_update();
                        }
                    }
                    Mode::Running => {
                        let began = js_sys::Date::now();
                        let mut m = model.borrow_mut();
                        while js_sys::Date::now() - began < RUN_BUDGET_MS {
                            if m.continue_run(RUN_SLICE) {
                                ui.borrow_mut().mode = Mode::Paused;
                                break;
                            }
                        }
                        drop(m);
                        update.force_update();
                    }
                }
            });
            move || drop(interval)
        });
    }

    // A shared link's session replaces the page's once it is decompressed.
    {
        let (model, update, notice) = (model.clone(), update.clone(), notice.clone());
        use_effect_with((), move |_| {
            if let Some(encoded) = keep::fragment() {
                wasm_bindgen_futures::spawn_local(async move {
                    match keep::read_shared(&encoded)
                        .await
                        .and_then(|json| Model::restore(&json))
                    {
                        Some(mut m) => {
                            m.sliced = true;
                            *model.borrow_mut() = m;
                            notice.set(Some("Opened the shared session.".into()));
                        }
                        None => notice.set(Some(
                            "The shared link could not be read; this is a fresh session.".into(),
                        )),
                    }
                    update.force_update();
                });
            }
            || ()
        });
    }

    // A restored session that ran `kubectl explain` is replayed again once the documents it
    // read are fetched, so that its console shows what explain printed (once per page).
    {
        let (model, update) = (model.clone(), update.clone());
        let fetching = use_mut_ref(|| false);
        use_effect(move || {
            let minor = model.borrow().replays_explain();
            let started = *fetching.borrow();
            if let (Some(minor), false) = (minor, started) {
                *fetching.borrow_mut() = true;
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(documents) = data::openapi(minor).await {
                        let json = model.borrow().save();
                        if let Some(mut m) =
                            Model::restore_with(&json, Some((minor, Rc::new(documents))))
                        {
                            m.sliced = true;
                            *model.borrow_mut() = m;
                            update.force_update();
                        }
                    }
                });
            }
            || ()
        });
    }

    // Keep the session for the next visit: after a change, at most every two seconds while
    // the clock runs.
    {
        let (model, ui, saved_at) = (model.clone(), ui.clone(), saved_at.clone());
        use_effect(move || {
            let revision = model.borrow().revision;
            let now = js_sys::Date::now();
            let (last_revision, last_time) = *saved_at.borrow();
            let running = ui.borrow().mode != Mode::Paused;
            if revision != last_revision && (!running || now - last_time > 2000.0) {
                keep::save_local(&model.borrow().save());
                *saved_at.borrow_mut() = (revision, now);
            }
            || ()
        });
    }

    // The console and the watch pane follow their newest lines, as terminals do.
    use_effect(|| {
        let document = gloo::utils::document();
        for selector in ["[data-testid=terminal]", "[data-testid=watch]"] {
            if let Ok(Some(e)) = document.query_selector(selector) {
                e.set_scroll_top(e.scroll_height());
            }
        }
        || ()
    });

    // Keyboard: space plays or pauses, → steps, ← goes back one moment.
    {
        let (model, ui, update) = (model.clone(), ui.clone(), update.clone());
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let listener = EventListener::new(&document, "keydown", move |event| {
                let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let typing = key
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .map(|e| {
                        matches!(
                            e.tag_name().as_str(),
                            "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"
                        )
                    })
                    .unwrap_or(false);
                if typing || key.ctrl_key() || key.meta_key() || key.alt_key() {
                    return;
                }
                match key.key().as_str() {
                    " " => {
                        key.prevent_default();
                        let mut u = ui.borrow_mut();
                        u.mode = if u.mode == Mode::Paused {
                            Mode::Playing
                        } else {
                            Mode::Paused
                        };
                    }
                    "ArrowRight" => {
                        ui.borrow_mut().mode = Mode::Paused;
                        model.borrow_mut().step_quietly();
                    }
                    "ArrowLeft" => {
                        ui.borrow_mut().mode = Mode::Paused;
                        let mut m = model.borrow_mut();
                        let p = m.position();
                        m.seek(p.saturating_sub(1));
                    }
                    _ => return,
                }
                update.force_update();
            });
            move || drop(listener)
        });
    }

    // Runs a command through the console's language.
    let command = {
        let (model, update) = (model.clone(), update.clone());
        let ui = ui.clone();
        Callback::from(move |line: String| {
            // `kubectl explain` reads documents fetched the first time one is typed.
            if let Some(minor) = model.borrow().missing_openapi(&line) {
                let (model, update) = (model.clone(), update.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let documents = data::openapi(minor).await;
                    let mut m = model.borrow_mut();
                    m.openapi = documents.map(|d| (minor, Rc::new(d)));
                    m.run(&line);
                    drop(m);
                    update.force_update();
                });
                return;
            }
            let mut m = model.borrow_mut();
            m.run(&line);
            start_long_run_on_clock(&mut m, &ui);
            drop(m);
            update.force_update();
        })
    };
    // The next command of the script being stepped through (`None` loads nothing).
    let script_next = {
        let (model, ui, update) = (model.clone(), ui.clone(), update.clone());
        Callback::from(move |load: Option<String>| {
            let mut m = model.borrow_mut();
            match load {
                Some(name) => {
                    // A script creates its own objects: it starts on an empty cluster.
                    ui.borrow_mut().mode = Mode::Paused;
                    *m = m.fresh();
                    m.load_script(&name);
                }
                None => {
                    m.run_next_in_script();
                    start_long_run_on_clock(&mut m, &ui);
                }
            }
            drop(m);
            update.force_update();
        })
    };
    // "Ordered teardown": scale to 0 now and play; the set is deleted when its last pod is gone.
    let teardown = {
        let (model, ui, update) = (model.clone(), ui.clone(), update.clone());
        Callback::from(move |name: String| {
            model.borrow_mut().ordered_teardown(&name);
            ui.borrow_mut().mode = Mode::Playing;
            update.force_update();
        })
    };
    let set_mode = {
        let (ui, update) = (ui.clone(), update.clone());
        Callback::from(move |mode: Mode| {
            ui.borrow_mut().mode = mode;
            update.force_update();
        })
    };

    let m = model.borrow();
    let mode = ui.borrow().mode;
    let speed = ui.borrow().speed;
    let tab_class = |t: Tab| if *tab == t { "pane active" } else { "pane" };
    let tab_button = |t: Tab, label: &'static str| {
        let tab = tab.clone();
        html! {
            <button role="tab" aria-selected={(*tab == t).to_string()}
                class={if *tab == t { "tab active" } else { "tab" }}
                onclick={Callback::from(move |_| tab.set(t))}>{ label }</button>
        }
    };

    html! {
        <div class="app">
            <header class="topbar">
                <h1>{ "StatefulSet Playground" }</h1>
                <span class="subtitle">{ format!("Kubernetes v1.{}, simulated in your browser", m.session.minor()) }</span>
                { version_picker(m.session.minor(), &command) }
                { share_button(&model, &notice) }
                { reset_button(&model, &ui, &update, &notice) }
            </header>
            if let Some(text) = &*notice {
                <p class="notice" role="status" data-testid="notice">{ text }</p>
            }
            { controls(&m, mode, speed, &model, &ui, &update, &set_mode) }
            <nav class="tabs" role="tablist" aria-label="Panes">
                { tab_button(Tab::Manifests, "Manifests") }
                { tab_button(Tab::Cluster, "Cluster") }
                { tab_button(Tab::Console, "Console") }
            </nav>
            <main class="panes">
                <section class={classes!(tab_class(Tab::Manifests), "editor")} aria-labelledby="editor-title" data-testid="editor">
                    { editor(&m, &model, &update) }
                </section>
                <section class={classes!(tab_class(Tab::Cluster), "cluster")} aria-labelledby="cluster-title" data-testid="cluster">
                    <h2 id="cluster-title">{ "Cluster" }</h2>
                    { cluster(&m, &command, &teardown, &selected, &slot_page) }
                </section>
                <section class={classes!(tab_class(Tab::Console), "side")} aria-labelledby="console-title" data-testid="console">
                    { why(&m) }
                    { script_bar(&m, &script_next) }
                    { console(&m, &model, &command, &update, &history_at, &hint) }
                    { watch(&m, &model, &update) }
                    { events(&m, &model, &update, &set_mode) }
                </section>
            </main>
            <div class="sr-only" aria-live="polite" data-testid="announce">{ announcement(&m) }</div>
        </div>
    }
}

fn share_button(model: &Shared, notice: &UseStateHandle<Option<String>>) -> Html {
    let onclick = {
        let (model, notice) = (model.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            let json = model.borrow().save();
            let notice = notice.clone();
            wasm_bindgen_futures::spawn_local(async move {
                notice.set(Some(match keep::share(&json).await {
                    Some(link) => format!(
                        "The link in the address bar now reproduces this session ({} characters).",
                        link.len()
                    ),
                    None => "This browser could not compress the session for a link.".into(),
                }));
            });
        })
    };
    html! { <button {onclick} data-testid="share" title="Put the whole session in the link">{ "Share" }</button> }
}

fn reset_button(
    model: &Shared,
    ui: &Rc<RefCell<Ui>>,
    update: &UseForceUpdateHandle,
    notice: &UseStateHandle<Option<String>>,
) -> Html {
    let onclick = {
        let (model, ui, update, notice) =
            (model.clone(), ui.clone(), update.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            ui.borrow_mut().mode = Mode::Paused;
            keep::clear_local();
            if let Some(window) = web_sys::window() {
                if let Ok(history) = window.history() {
                    let path = window.location().pathname().unwrap_or_default();
                    let _ = history.replace_state_with_url(
                        &wasm_bindgen::JsValue::NULL,
                        "",
                        Some(&path),
                    );
                }
            }
            *model.borrow_mut() =
                Model::new(Config::default(), DEFAULT_EXAMPLE_NAME, DEFAULT_EXAMPLE);
            notice.set(None);
            update.force_update();
        })
    };
    html! { <button {onclick} data-testid="reset" title="Start over with the default example">{ "Reset" }</button> }
}

fn version_picker(minor: u32, command: &Callback<String>) -> Html {
    let command = command.clone();
    let onchange = Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        command.emit(format!("sim version {value}"));
    });
    html! {
        <label class="version">{ "Version " }
            <select {onchange} aria-label="Kubernetes version">
                { for sts_core::versions::SUPPORTED_MINORS.map(|v| html! {
                    <option value={format!("1.{v}")} selected={v == minor}>{ format!("1.{v}") }</option>
                }) }
            </select>
        </label>
    }
}

#[allow(clippy::too_many_arguments)]
fn controls(
    m: &Model,
    mode: Mode,
    speed: usize,
    model: &Shared,
    ui: &Rc<RefCell<Ui>>,
    update: &UseForceUpdateHandle,
    set_mode: &Callback<Mode>,
) -> Html {
    let position = m.position();
    let total = m.moments();
    let seek = |to: usize| {
        let (model, ui, update) = (model.clone(), ui.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            ui.borrow_mut().mode = Mode::Paused;
            model.borrow_mut().seek(to);
            update.force_update();
        })
    };
    let step = {
        let (model, ui, update) = (model.clone(), ui.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            ui.borrow_mut().mode = Mode::Paused;
            model.borrow_mut().run("sim step");
            update.force_update();
        })
    };
    let play = {
        let set_mode = set_mode.clone();
        Callback::from(move |_: MouseEvent| {
            set_mode.emit(if mode == Mode::Playing {
                Mode::Paused
            } else {
                Mode::Playing
            })
        })
    };
    let settle = {
        let (model, ui, update) = (model.clone(), ui.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            let mut m = model.borrow_mut();
            if m.start_long_run("sim settle") {
                ui.borrow_mut().mode = Mode::Running;
            }
            drop(m);
            update.force_update();
        })
    };
    let stop = {
        let (model, ui, update) = (model.clone(), ui.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            model.borrow_mut().stop_run();
            ui.borrow_mut().mode = Mode::Paused;
            update.force_update();
        })
    };
    let on_speed = {
        let (ui, update) = (ui.clone(), update.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            ui.borrow_mut().speed = v.parse().unwrap_or(0).min(SPEEDS.len() - 1);
            update.force_update();
        })
    };
    let on_scrub = {
        let (model, ui, update) = (model.clone(), ui.clone(), update.clone());
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            ui.borrow_mut().mode = Mode::Paused;
            model.borrow_mut().seek(v.parse().unwrap_or(0));
            update.force_update();
        })
    };
    let now = m.cluster().now();
    let settled = m.cluster().is_settled();
    html! {
        <div class="controls" role="toolbar" aria-label="Time">
            <button onclick={seek(position.saturating_sub(1))} disabled={position == 0}
                title="Back one moment (←)" data-testid="back">{ "◀ Back" }</button>
            <button onclick={play} aria-pressed={(mode == Mode::Playing).to_string()}
                title="Play or pause (space)" data-testid="play">
                { if mode == Mode::Playing { "⏸ Pause" } else { "▶ Play" } }</button>
            <button onclick={step} title="One state change (→)" data-testid="step">{ "Step" }</button>
            if let Some(run) = &m.long_run {
                <button onclick={stop} class="stop" title="Stop the run where it stands"
                    data-testid="stop">{ "■ Stop" }</button>
                <span class="progress" role="status" data-testid="progress">
                    { format!("{} · {} of {} · {} step{}", run.command, offset(now), offset(run.end()),
                        run.moments, if run.moments == 1 { "" } else { "s" }) }
                </span>
            } else {
                <button onclick={settle} disabled={settled}
                    title="Run until nothing more happens" data-testid="settle">{ "Settle" }</button>
            }
            <button onclick={seek(position + 1)} disabled={position >= total}
                title="Forward one moment" data-testid="forward">{ "Forward ▶" }</button>
            <label class="speed">{ "Speed " }
                <select onchange={on_speed} aria-label="Speed">
                    { for SPEEDS.iter().enumerate().map(|(i, (_, label))| html! {
                        <option value={i.to_string()} selected={i == speed}>{ *label }</option>
                    }) }
                </select>
            </label>
            <input type="range" class="scrubber" min={m.first_moment().to_string()} max={total.to_string()} value={position.to_string()}
                oninput={on_scrub} aria-label="Moment in the history" data-testid="scrubber" />
            <span class="clock" data-testid="clock">
                { format!("{}  · moment {position}/{total}", offset(now)) }
                if settled { <span class="badge">{ "settled" }</span> }
                if position < total { <span class="badge past">{ "in the past" }</span> }
                if m.first_moment() > 0 {
                    <span class="badge" title="The history keeps its newest moments; older ones were compacted away"
                        data-testid="compacted">{ format!("history from moment {}", m.first_moment()) }</span>
                }
            </span>
        </div>
    }
}

fn editor(m: &Model, model: &Shared, update: &UseForceUpdateHandle) -> Html {
    let oninput = {
        let (model, update) = (model.clone(), update.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            let mut m = model.borrow_mut();
            m.editor = value;
            m.diagnostics.clear();
            drop(m);
            update.force_update();
        })
    };
    let onscroll = Callback::from(|e: Event| {
        let area = e.target_unchecked_into::<web_sys::Element>();
        if let Some(parent) = area.parent_element() {
            let top = area.scroll_top();
            let left = area.scroll_left();
            let children = parent.children();
            for i in 0..children.length() {
                if let Some(child) = children.item(i) {
                    let class = child.class_name();
                    if class == "mirror" || class == "gutter" {
                        child.set_scroll_top(top);
                        if class == "mirror" {
                            child.set_scroll_left(left);
                        }
                    }
                }
            }
        }
    });
    let apply = {
        let (model, update) = (model.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            model.borrow_mut().apply_editor();
            update.force_update();
        })
    };
    let on_example = {
        let (model, update) = (model.clone(), update.clone());
        Callback::from(move |e: Event| {
            let name = e.target_unchecked_into::<HtmlSelectElement>().value();
            model.borrow_mut().load_example(&name);
            update.force_update();
        })
    };
    let error_lines: Vec<usize> = m.diagnostics.iter().map(|d| d.line).collect();
    let lines: Vec<&str> = m.editor.split('\n').collect();
    html! {
        <>
            <div class="pane-head">
                <h2 id="editor-title">{ "Manifests" }</h2>
                <select onchange={on_example} aria-label="Open an example" data-testid="examples">
                    { for EXAMPLES.iter().map(|(name, _)| html! {
                        <option value={*name} selected={*name == m.editor_name}>{ *name }</option>
                    }) }
                </select>
                <button class="primary" onclick={apply} data-testid="apply"
                    title={format!("kubectl apply -f {EDITOR_FILE}")}>{ "Apply" }</button>
            </div>
            <div class="code">
                <pre class="gutter" aria-hidden="true">
                    { for (1..=lines.len()).map(|n| html! {
                        <span class={if error_lines.contains(&n) { "ln error" } else { "ln" }}>{ format!("{n}\n") }</span>
                    }) }
                </pre>
                <pre class="mirror" aria-hidden="true">{ for lines.iter().enumerate().map(|(i, l)| highlight(l, error_lines.contains(&(i + 1)))) }</pre>
                <textarea class="source" aria-label="Manifest YAML" spellcheck="false" wrap="off"
                    value={m.editor.clone()} {oninput} {onscroll} data-testid="source" />
            </div>
            { diagnostics(&m.diagnostics, &m.editor) }
        </>
    }
}

/// Light YAML highlighting of one line: comments, keys, list dashes, document markers.
fn highlight(line: &str, error: bool) -> Html {
    let class = if error { "line error" } else { "line" };
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    if trimmed.starts_with('#') {
        return html! { <span class={class}>{ indent }<span class="t-comment">{ trimmed }</span>{ "\n" }</span> };
    }
    if trimmed == "---" {
        return html! { <span class={class}><span class="t-doc">{ trimmed }</span>{ "\n" }</span> };
    }
    let (dash, rest) = match trimmed.strip_prefix("- ") {
        Some(r) => ("- ", r),
        None => ("", trimmed),
    };
    let key_end = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|k| k.len()));
    match key_end {
        Some(end) if !rest.starts_with('"') && !rest.starts_with('{') => {
            let (key, value) = rest.split_at(end);
            html! {
                <span class={class}>{ indent }<span class="t-dash">{ dash }</span><span class="t-key">{ key }</span>{ value }{ "\n" }</span>
            }
        }
        _ => {
            html! { <span class={class}>{ indent }<span class="t-dash">{ dash }</span>{ rest }{ "\n" }</span> }
        }
    }
}

/// Puts the editor's caret on `line`, `column` (1-based), selecting the rest of that line, and
/// scrolls it into view.
fn go_to(text: &str, line: usize, column: usize) {
    let Some(area) = gloo::utils::document()
        .query_selector("[data-testid=source]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    // Offsets in UTF-16 code units, as the textarea counts them.
    let lines: Vec<&str> = text.split('\n').collect();
    let before: usize = lines
        .iter()
        .take(line.saturating_sub(1))
        .map(|l| l.encode_utf16().count() + 1)
        .sum();
    let this = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
    let start = before
        + this
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf16)
            .sum::<usize>();
    let end = before + this.encode_utf16().count();
    let _ = area.focus();
    let _ = area.set_selection_range(start as u32, end as u32);
    let per_line = area.scroll_height() / (lines.len().max(1) as i32);
    area.set_scroll_top((line as i32 - 4).max(0) * per_line);
}

fn diagnostics(list: &[Diagnostic], text: &str) -> Html {
    if list.is_empty() {
        return html! {};
    }
    html! {
        <div class="diagnostics" role="alert" data-testid="diagnostics">
            <p>{ "Nothing was applied; the cluster is unchanged." }</p>
            <ul>
                { for list.iter().map(|d| {
                    let (line, column, text) = (d.line, d.column, text.to_string());
                    let onclick = Callback::from(move |_: MouseEvent| go_to(&text, line, column));
                    html! {
                        <li>
                            <button class="link at" {onclick} title="Go to this place in the manifest">
                                { format!("line {line}, column {column}") }</button>
                            <pre>{ &d.message }</pre>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

fn cluster(
    m: &Model,
    command: &Callback<String>,
    teardown: &Callback<String>,
    selected: &UseStateHandle<Option<String>>,
    page: &UseStateHandle<usize>,
) -> Html {
    let cluster = m.cluster();
    let lanes = view::lanes(cluster);
    html! {
        <>
            if lanes.is_empty() {
                <p class="empty">{ "No StatefulSet yet: press Apply to create the one in the editor." }</p>
            }
            { for lanes.iter().map(|l| lane(l, command, teardown, selected, page)) }
            { nodes(m, command) }
            { dns(m) }
        </>
    }
}

/// Ordinals shown at once: a large set is paged, so a step never re-renders a thousand cards.
const SLOTS_PER_PAGE: usize = 48;

fn lane(
    l: &Lane,
    command: &Callback<String>,
    teardown: &Callback<String>,
    selected: &UseStateHandle<Option<String>>,
    page: &UseStateHandle<usize>,
) -> Html {
    let pages = l.slots.len().div_ceil(SLOTS_PER_PAGE).max(1);
    let current = (**page).min(pages - 1);
    let shown = &l.slots[(current * SLOTS_PER_PAGE).min(l.slots.len())
        ..((current + 1) * SLOTS_PER_PAGE).min(l.slots.len())];
    let turn = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    let run = |line: String| {
        let command = command.clone();
        Callback::from(move |_: MouseEvent| command.emit(line.clone()))
    };
    let name = l.name.clone();
    let on_replicas = {
        let (command, name) = (command.clone(), name.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(n) = v.trim().parse::<u32>() {
                command.emit(format!("kubectl scale sts {name} --replicas={n}"));
            }
        })
    };
    let on_image = {
        let (command, name) = (command.clone(), name.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if !v.trim().is_empty() {
                command.emit(format!("kubectl set image sts/{name} *={}", v.trim()));
            }
        })
    };
    let on_partition = {
        let (command, name) = (command.clone(), name.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(n) = v.trim().parse::<u32>() {
                command.emit(format!(
                    "kubectl patch sts {name} -p '{{\"spec\":{{\"updateStrategy\":{{\"type\":\"RollingUpdate\",\"rollingUpdate\":{{\"partition\":{n}}}}}}}}}'"
                ));
            }
        })
    };
    let on_strategy = {
        let (command, name) = (command.clone(), name.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let patch = if v == "OnDelete" {
                "{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}"
                    .to_string()
            } else {
                "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\"}}}".to_string()
            };
            command.emit(format!("kubectl patch sts {name} -p '{patch}'"));
        })
    };
    let cascade = use_cascade_id(&name);
    let on_delete = {
        let (command, name, cascade) = (command.clone(), name.clone(), cascade.clone());
        Callback::from(move |_: MouseEvent| {
            let choice = gloo::utils::document()
                .get_element_by_id(&cascade)
                .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_else(|| "background".into());
            command.emit(format!("kubectl delete sts {name} --cascade={choice}"));
        })
    };
    let teardown = {
        let (teardown, name) = (teardown.clone(), name.clone());
        Callback::from(move |_: MouseEvent| teardown.emit(name.clone()))
    };
    html! {
        <article class="lane" aria-label={format!("StatefulSet {}", l.name)} data-testid={format!("sts-{}", l.name)}>
            <header class="lane-head">
                <h3>{ format!("statefulset/{}", l.name) }
                    if l.terminating { <span class="badge past">{ "Terminating" }</span> }
                </h3>
                <pre class="get-line" data-testid="get-sts">{ &l.get_line }</pre>
                <p class="status-line">
                    { format!("{} ready · {} current · {} updated of {} · {} · {}",
                        l.ready, l.current, l.updated, l.replicas, l.policy, l.strategy) }
                </p>
                { for l.warnings.iter().map(|w| html! {
                    <p class="lane-warning" role="note">{ "⚠ " }{ w }</p>
                }) }
                <p class="revisions">
                    <span class="rev rev-0">{ format!("current: {}", short(&l.current_revision)) }</span>
                    if l.update_revision != l.current_revision {
                        <span class="rev rev-1">{ format!("update: {}", short(&l.update_revision)) }</span>
                    }
                </p>
            </header>
            <div class="set-controls">
                <span class="field">
                    <button onclick={run(format!("kubectl scale sts {name} --replicas={}", (l.replicas - 1).max(0)))}
                        aria-label="One replica fewer">{ "−" }</button>
                    <label>{ "replicas " }
                        <input type="number" min="0" value={l.replicas.to_string()} onchange={on_replicas} aria-label="Replicas" /></label>
                    <button onclick={run(format!("kubectl scale sts {name} --replicas={}", l.replicas + 1))}
                        aria-label="One replica more" data-testid="scale-up">{ "+" }</button>
                </span>
                <label class="field">{ "image " }
                    <input type="text" value={l.image.clone()} onchange={on_image} aria-label="Image (a rolling update)" size="28" /></label>
                <label class="field">{ "partition " }
                    <input type="number" min="0" value={l.partition.unwrap_or(0).to_string()} onchange={on_partition} aria-label="Partition" /></label>
                <label class="field">{ "strategy " }
                    <select onchange={on_strategy} aria-label="Update strategy">
                        <option value="RollingUpdate" selected={l.strategy == "RollingUpdate"}>{ "RollingUpdate" }</option>
                        <option value="OnDelete" selected={l.strategy == "OnDelete"}>{ "OnDelete" }</option>
                    </select></label>
                <span class="field">
                    <select id={cascade} aria-label="Cascade">
                        <option value="background" selected=true>{ "background" }</option>
                        <option value="foreground">{ "foreground" }</option>
                        <option value="orphan">{ "orphan" }</option>
                    </select>
                    <button class="danger" onclick={on_delete} title="Pods go all at once, not in reverse order">{ "Delete set" }</button>
                    <button onclick={teardown} title="Scale to 0 first: pods go one at a time, highest first">{ "Ordered teardown" }</button>
                </span>
            </div>
            if pages > 1 {
                <div class="pager" data-testid="pager">
                    <button onclick={turn(current.saturating_sub(1))} disabled={current == 0}>{ "◀" }</button>
                    <span>{ format!("ordinals {}–{} of {} slots",
                        shown.first().map_or(0, |s| s.ordinal), shown.last().map_or(0, |s| s.ordinal), l.slots.len()) }</span>
                    <button onclick={turn(current + 1)} disabled={current + 1 >= pages}>{ "▶" }</button>
                </div>
            }
            <ol class="slots" aria-label="Ordinals">
                { for shown.iter().map(|s| slot(l, s, command, selected)) }
            </ol>
        </article>
    }
}

fn use_cascade_id(name: &str) -> String {
    format!("cascade-{name}")
}

fn short(revision: &str) -> String {
    if revision.is_empty() {
        "–".into()
    } else {
        revision.to_string()
    }
}

fn slot(
    l: &Lane,
    s: &Slot,
    command: &Callback<String>,
    selected: &UseStateHandle<Option<String>>,
) -> Html {
    let partition_here = l.partition == Some(s.ordinal);
    let class = classes!(
        "slot",
        (!s.desired).then_some("extra"),
        partition_here.then_some("partition")
    );
    html! {
        <li class={class}>
            if partition_here {
                <span class="partition-mark">{ format!("partition {}", s.ordinal) }</span>
            }
            { match &s.pod {
                Some(p) => pod_card(p, command, selected),
                None => html! { <div class="card none">{ format!("{}-{} (none)", l.name, s.ordinal) }</div> },
            } }
            { for s.claims.iter().map(|c| html! {
                <div class={classes!("claim", c.status.to_ascii_lowercase())} title="PersistentVolumeClaim"
                    data-testid={format!("claim-{}", c.name)} data-claim-status={c.status.clone()}>
                    <span class="claim-name">{ &c.name }</span>
                    <span class="claim-status">{ &c.status }</span>
                </div>
            }) }
        </li>
    }
}

fn status_class(status: &str) -> &'static str {
    match status {
        "Running" => "ok",
        "Pending" | "ContainerCreating" | "PodInitializing" => "wait",
        "Terminating" => "term",
        s if s.starts_with("Init:") => "wait",
        _ => "bad",
    }
}

fn pod_card(
    p: &PodCard,
    command: &Callback<String>,
    selected: &UseStateHandle<Option<String>>,
) -> Html {
    let is_selected = selected.as_deref() == Some(p.name.as_str());
    let toggle = {
        let (selected, name) = (selected.clone(), p.name.clone());
        Callback::from(move |_: MouseEvent| {
            if selected.as_deref() == Some(name.as_str()) {
                selected.set(None);
            } else {
                selected.set(Some(name.clone()));
            }
        })
    };
    let run = |line: String| {
        let command = command.clone();
        Callback::from(move |_: MouseEvent| command.emit(line.clone()))
    };
    let name = &p.name;
    html! {
        <div class={classes!("card", status_class(&p.status), format!("rev-{}", p.revision_index))}
            data-testid={format!("pod-{name}")} data-status={p.status.clone()}
            data-ready={p.is_ready.to_string()} data-revision={p.revision.clone().unwrap_or_default()}>
            <button class="card-main" onclick={toggle} aria-expanded={is_selected.to_string()}
                aria-label={format!("{name}: {}, {} ready", p.status, p.ready)}>
                <span class="pod-name">{ name }</span>
                <span class="pod-status">{ &p.status }</span>
                <span class="pod-meta">{ format!("{} · restarts {} · {}", p.ready, p.restarts, p.age) }</span>
                <span class="pod-meta">{ p.node.clone().unwrap_or_else(|| "unscheduled".into()) }
                    { p.ip.as_ref().map(|ip| format!(" · {ip}")).unwrap_or_default() }</span>
                if let Some(r) = &p.revision {
                    <span class={classes!("rev", format!("rev-{}", p.revision_index))}>{ format!("rev {r}") }</span>
                }
            </button>
            if is_selected {
                <div class="actions" role="group" aria-label={format!("Act on {name}")}>
                    <button onclick={run(format!("kubectl delete pod {name}"))}>{ "delete" }</button>
                    <button onclick={run(format!("kubectl delete pod {name} --grace-period=0 --force"))}>{ "force delete" }</button>
                    <button onclick={run(format!("sim crash {name}"))}>{ "crash" }</button>
                    <button onclick={run(format!("sim crashloop {name}"))}>{ "crash-loop" }</button>
                    <button onclick={run(format!("sim unready {name}"))}>{ "fail readiness" }</button>
                    <button onclick={run(format!("sim unhealthy {name}"))}>{ "fail liveness" }</button>
                    <button onclick={run(format!("sim ignore-sigterm {name}"))}>{ "ignore SIGTERM" }</button>
                    <button onclick={run(format!("sim heal {name}"))}>{ "heal" }</button>
                    <button onclick={run(format!("sim evict {name}"))}>{ "evict" }</button>
                    <button onclick={run(format!("kubectl exec {name} -- hostname"))}>{ "exec hostname" }</button>
                    <button onclick={run(format!("kubectl exec {name} -- curl -s http://localhost/"))}>{ "curl" }</button>
                    <button onclick={run(format!("kubectl describe pod {name}"))}>{ "describe" }</button>
                </div>
            }
        </div>
    }
}

fn nodes(m: &Model, command: &Callback<String>) -> Html {
    let run = |line: String| {
        let command = command.clone();
        Callback::from(move |_: MouseEvent| command.emit(line.clone()))
    };
    html! {
        <section class="nodes" aria-label="Nodes">
            <h3>{ "Nodes" }</h3>
            <ul>
                { for view::nodes(m.cluster()).iter().map(|n| html! {
                    <li class={classes!("node", if n.ready == "Ready" { "ok" } else { "bad" })} data-testid={format!("node-{}", n.name)}>
                        <span class="node-name">{ &n.name }</span>
                        <span class="node-status">{ &n.ready }{ if n.unschedulable { ", SchedulingDisabled" } else { "" } }</span>
                        <span class="pod-meta">{ format!("{} pods", n.pods) }</span>
                        { for n.taints.iter().map(|t| html! { <span class="taint">{ t }</span> }) }
                        if n.down {
                            <button onclick={run(format!("sim node-up {}", n.name))}>{ "bring up" }</button>
                        } else {
                            <button onclick={run(format!("sim node-down {}", n.name))}>{ "take down" }</button>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}

fn dns(m: &Model) -> Html {
    let records = view::dns(m.cluster());
    if records.is_empty() {
        return html! {};
    }
    html! {
        <section class="dns" aria-label="DNS">
            <h3>{ "DNS (headless Services)" }</h3>
            { for records.iter().map(|(svc, a, srv)| html! {
                <div class="dns-service">
                    <h4>{ format!("{svc}.default.svc.cluster.local") }</h4>
                    if a.is_empty() {
                        <p class="empty">{ "No records: only Ready pods are published." }</p>
                    }
                    <ul>
                        { for a.iter().map(|(name, ip)| html! { <li><code>{ format!("A    {name} → {ip}") }</code></li> }) }
                        { for srv.iter().map(|t| html! { <li><code>{ format!("SRV  {t}") }</code></li> }) }
                    </ul>
                </div>
            }) }
        </section>
    }
}

/// "Did:" lines shown before the rest of a large sync's actions are counted instead.
const SHOWN_ACTIONS: usize = 8;

fn why(m: &Model) -> Html {
    let sets = m.sets();
    html! {
        <section class="why" aria-labelledby="why-title" data-testid="why">
            <h2 id="why-title">{ "Why?" }</h2>
            if sets.is_empty() {
                <p class="empty">{ "Apply a StatefulSet to see what its controller does and why." }</p>
            }
            { for sets.iter().filter_map(|s| {
                let key = ObjectKey::new(sts_core::api::Kind::StatefulSet, "default", &s.metadata.name);
                explain(m.cluster(), &key).map(|e| (s.metadata.name.to_string(), e))
            }).map(|(name, e)| html! {
                <div class="explanation">
                    <p class="summary">{ &e.summary }</p>
                    <ul>
                        { for e.did.iter().take(if e.did.len() > SHOWN_ACTIONS + 1 { SHOWN_ACTIONS } else { e.did.len() }).map(|d| html! { <li>{ "Did: " }{ d }</li> }) }
                        if e.did.len() > SHOWN_ACTIONS + 1 {
                            <li class="more" data-testid="why-more">{ format!("… and {} more actions (sim explain sts/{} lists them all)", e.did.len() - SHOWN_ACTIONS, name) }</li>
                        }
                        <li class="waiting">{ "Waiting: " }{ e.waiting.clone().unwrap_or_else(|| "nothing; the set matches its spec".into()) }</li>
                        if let Some(rule) = &e.rule { <li class="rule">{ "Rule: " }{ rule }</li> }
                        { for e.warnings.iter().map(|w| html! { <li class="warning">{ "Warning: " }{ w }</li> }) }
                        { for e.versions.iter().map(|v| html! { <li class="version" data-testid="why-version">{ "Other versions: " }{ v }</li> }) }
                    </ul>
                </div>
            }) }
        </section>
    }
}

/// A `sim advance` or `sim settle` the console, a script or the Settle button started runs
/// on the page's clock, in slices.
fn start_long_run_on_clock(m: &mut Model, ui: &Rc<RefCell<Ui>>) {
    if m.long_run.is_some() {
        ui.borrow_mut().mode = Mode::Running;
    }
}

/// Stepping through a script (the tutorial, the walkthrough) one command at a time.
fn script_bar(m: &Model, script_next: &Callback<Option<String>>) -> Html {
    let on_load = {
        let script_next = script_next.clone();
        Callback::from(move |e: Event| {
            let name = e.target_unchecked_into::<HtmlSelectElement>().value();
            if !name.is_empty() {
                script_next.emit(Some(name));
            }
        })
    };
    let next = {
        let script_next = script_next.clone();
        Callback::from(move |_: MouseEvent| script_next.emit(None))
    };
    let current = m.script.as_ref();
    html! {
        <section class="script-bar" aria-label="Step through a script">
            <select onchange={on_load} aria-label="Step through a script" data-testid="scripts">
                <option value="" selected={current.is_none()}>{ "Step through a script…" }</option>
                { for crate::model::SCRIPTS.iter().map(|(name, _)| html! {
                    <option value={*name} selected={current.is_some_and(|s| s.name == *name)}>{ *name }</option>
                }) }
            </select>
            if let Some(s) = current {
                if let Some(c) = s.commands.get(s.next) {
                    <button class="primary" onclick={next} data-testid="script-next"
                        title="Run the script's next command">{ "Next ▶" }</button>
                    <span class="script-progress">{ format!("{}/{}", s.next + 1, s.commands.len()) }</span>
                    <code class="script-command">{ &c.text }</code>
                } else {
                    <span class="script-progress">{ "The script has ended." }</span>
                }
            }
        </section>
    }
}

fn console(
    m: &Model,
    model: &Shared,
    command: &Callback<String>,
    update: &UseForceUpdateHandle,
    history_at: &UseStateHandle<Option<usize>>,
    hint: &UseStateHandle<String>,
) -> Html {
    let onkeydown = {
        let (model, command, update, history_at, hint) = (
            model.clone(),
            command.clone(),
            update.clone(),
            history_at.clone(),
            hint.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            match e.key().as_str() {
                "Enter" => {
                    let line = input.value();
                    input.set_value("");
                    history_at.set(None);
                    hint.set(String::new());
                    command.emit(line);
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let m = model.borrow();
                    let n = m.history.len();
                    if n == 0 {
                        return;
                    }
                    let at = match (e.key().as_str(), *history_at) {
                        ("ArrowUp", None) => Some(n - 1),
                        ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                        ("ArrowDown", Some(i)) if i + 1 < n => Some(i + 1),
                        _ => None,
                    };
                    input.set_value(at.map(|i| m.history[i].as_str()).unwrap_or(""));
                    history_at.set(at);
                }
                "Tab" => {
                    e.prevent_default();
                    let line = input.value();
                    let options = sts_kubectl::complete(&model.borrow().session, &line);
                    match options.as_slice() {
                        [] => hint.set(String::new()),
                        [only] => {
                            let keep = line.rfind(' ').map_or(0, |i| i + 1);
                            input.set_value(&format!("{}{only} ", &line[..keep]));
                            hint.set(String::new());
                        }
                        many => hint.set(many.join("  ")),
                    }
                    update.force_update();
                }
                _ => {}
            }
        })
    };
    html! {
        <section class="console" aria-labelledby="console-title">
            <h2 id="console-title">{ "Console" }</h2>
            <div class="terminal" role="log" data-testid="terminal">
                { for m.console.iter().enumerate().skip(m.console.len().saturating_sub(60)).map(|(i, entry)| html! {
                    <div class="entry" key={i}>
                        <div class="cmd">{ format!("$ {}", entry.command) }</div>
                        { for entry.output.iter().map(|(stream, text)| output_chunk(*stream, text)) }
                    </div>
                }) }
            </div>
            <div class="prompt">
                <span aria-hidden="true">{ "$" }</span>
                <input type="text" {onkeydown} aria-label="Command (kubectl or sim; Tab completes, ↑ ↓ history)"
                    placeholder="kubectl get pods   ·   sim help" spellcheck="false" autocomplete="off" data-testid="prompt" />
            </div>
            if !hint.is_empty() { <p class="hint">{ hint.to_string() }</p> }
        </section>
    }
}

/// Lines of one command's output shown before the rest is folded away.
const SHOWN_LINES: usize = 40;

/// One chunk of a command's output. A long one (a step that created a thousand pods prints
/// thousands of lines) shows its first lines and folds the rest into a closed `<details>`:
/// laying out thousands of lines would block the page, and the terminal stays readable.
fn output_chunk(stream: Stream, text: &str) -> Html {
    let class = if stream == Stream::Err { "err" } else { "out" };
    let Some((cut, _)) = text.match_indices('\n').nth(SHOWN_LINES - 1) else {
        return html! { <pre {class}>{ text }</pre> };
    };
    let (head, rest) = (&text[..=cut], &text[cut + 1..]);
    let more = rest.trim_end().lines().count();
    if more < 10 {
        return html! { <pre {class}>{ text }</pre> };
    }
    html! {
        <>
            <pre {class}>{ head }</pre>
            <details class="more" data-testid="folded-output">
                <summary>{ format!("… {more} more lines") }</summary>
                <pre {class}>{ rest }</pre>
            </details>
        </>
    }
}

fn watch(m: &Model, model: &Shared, update: &UseForceUpdateHandle) -> Html {
    let toggle = {
        let (model, update) = (model.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            let mut m = model.borrow_mut();
            if m.watch.is_some() {
                m.stop_watch();
            } else {
                m.start_watch();
            }
            drop(m);
            update.force_update();
        })
    };
    html! {
        <section class="watch" aria-label="Watch">
            <div class="pane-head">
                <h2>{ m.watch_command.clone() }</h2>
                <button onclick={toggle}>{ if m.watch.is_some() { "stop" } else { "watch" } }</button>
            </div>
            if let Some((_, text)) = &m.watch {
                <pre class="terminal watch-text" data-testid="watch">{ text }</pre>
            }
        </section>
    }
}

fn events(
    m: &Model,
    model: &Shared,
    update: &UseForceUpdateHandle,
    set_mode: &Callback<Mode>,
) -> Html {
    let rows = view::events(m.cluster(), 100);
    html! {
        <section class="events" aria-labelledby="events-title">
            <h2 id="events-title">{ "Events" }</h2>
            if rows.is_empty() { <p class="empty">{ "No events yet." }</p> }
            <ol class="event-list" data-testid="events">
                { for rows.iter().rev().map(|r| {
                    let onclick = {
                        let (model, update, set_mode) = (model.clone(), update.clone(), set_mode.clone());
                        let (at, note) = (r.at, r.note.clone());
                        Callback::from(move |_: MouseEvent| {
                            // Found on click: a scan of the history is too slow for every render.
                            let moment = model.borrow().moment_of(at, &note);
                            if let Some(n) = moment {
                                set_mode.emit(Mode::Paused);
                                model.borrow_mut().seek(n);
                                update.force_update();
                            }
                        })
                    };
                    html! {
                        <li key={r.index} class={if r.type_ == "Warning" { "event warning" } else { "event" }}>
                            <span class="event-head">{ format!("{:>4}  {:<7} {}  {}", r.age, r.type_, r.reason, r.object) }</span>
                            <button class="link" {onclick} title="Go back to this moment">{ &r.message }</button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

/// What changed last, for screen readers.
fn announcement(m: &Model) -> String {
    let timeline = m.session.timeline();
    let position = timeline.position();
    timeline
        .moment(position)
        .and_then(|moment| moment.step.as_ref())
        .map(|step| {
            let changes: Vec<String> = step.changes.iter().map(|c| c.to_string()).collect();
            format!("{}: {}", step.component, changes.join("; "))
        })
        .unwrap_or_default()
}
