//! What the page knows, apart from how it looks: the terminal session over the simulated
//! cluster, the console's history, the manifest being edited and its diagnostics, and the
//! watch pane. Every action goes through the command language, so what the page does is what
//! a learner could type. Pure Rust: tested natively.

use std::rc::Rc;
use sts_core::api::{Kind, Object, ObjectKey};
use sts_core::cluster::{Cluster, Config};
use sts_core::manifest::{self, apply::ApplyPlan, DecodeError};
use sts_core::time::Time;
use sts_core::timeline::Input;
use sts_kubectl::cmd::explain::Documents;
use sts_kubectl::printers::TableOptions;
use sts_kubectl::{Files, Output, Session, Stream, Watch};

/// The file name the editor's text goes by in commands (`kubectl apply -f manifest.yaml`).
pub const EDITOR_FILE: &str = "manifest.yaml";

/// Every example, compiled in: (file name, text).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "statefulset-with-service.yaml",
        include_str!("../../../examples/statefulset-with-service.yaml"),
    ),
    (
        "basic-statefulset.yaml",
        include_str!("../../../examples/basic-statefulset.yaml"),
    ),
    (
        "web-parallel.yaml",
        include_str!("../../../examples/web-parallel.yaml"),
    ),
    (
        "mysql-replicated.yaml",
        include_str!("../../../examples/mysql-replicated.yaml"),
    ),
    (
        "zookeeper-ensemble.yaml",
        include_str!("../../../examples/zookeeper-ensemble.yaml"),
    ),
    (
        "cassandra-ring.yaml",
        include_str!("../../../examples/cassandra-ring.yaml"),
    ),
    (
        "tutorial/web.yaml",
        include_str!("../../../examples/tutorial/web.yaml"),
    ),
    (
        "tutorial/web-parallel.yaml",
        include_str!("../../../examples/tutorial/web-parallel.yaml"),
    ),
];

/// Scripts a learner can step through in the console, one command at a time.
pub const SCRIPTS: &[(&str, &str)] = &[
    (
        "The StatefulSet Basics tutorial",
        include_str!("../../../tests/scenarios/tutorial.sh"),
    ),
    (
        "The seed walkthrough",
        include_str!("../../../tests/scenarios/seed-walkthrough.sh"),
    ),
];

/// A `sim advance` or `sim settle` (typed, scripted, or the Settle button) running on the
/// page's clock a slice at a time, so the page never blocks for long and can be stopped.
#[derive(Clone, Debug)]
pub struct LongRun {
    pub command: String,
    input: Input,
    /// The clock when it began.
    pub start: Time,
    /// Moments it has made so far.
    pub moments: usize,
    started: bool,
}

impl LongRun {
    /// Where it would end if nothing stopped it: the end of an advance, the limit of a settle.
    pub fn end(&self) -> Time {
        match self.input {
            Input::Advance(span) | Input::Settle(span) => self.start + span,
            _ => self.start,
        }
    }
}

/// A script being stepped through.
#[derive(Clone, Debug)]
pub struct ScriptRun {
    pub name: String,
    pub commands: Vec<sts_kubectl::script::ScriptCommand>,
    pub next: usize,
}

/// One problem in the editor's text, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Everything that changed the session, in order: replaying these on a fresh cluster with the
/// same seed and version gives the same history, byte for byte (what "keep" and "share" save).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A console command.
    Run(String),
    /// A script's command with its heredoc.
    RunWithInput(String, String),
    /// The Apply button, with the editor's text at that moment.
    Apply(String),
    /// Steps run by the clock (play, settle, →), merged.
    Steps(u64),
    /// A long run (`sim advance`, `sim settle`) the learner stopped after this many moments.
    RunStopped(String, usize),
    /// A jump in the history.
    Seek(usize),
    /// A console entry the page wrote itself (the summary of a settle).
    Record(String, String),
}

/// A command and what it printed, as the console shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub command: String,
    pub output: Vec<(Stream, String)>,
}

/// The editor's text as `-f manifest.yaml` (and the examples by their own names), and the
/// OpenAPI documents once the page has fetched them.
struct EditorFiles<'a> {
    editor: &'a str,
    openapi: Option<&'a (u32, Rc<Documents>)>,
}

impl Files for EditorFiles<'_> {
    fn read(&self, path: &str) -> Option<String> {
        let path = path.trim_start_matches("./");
        if path == EDITOR_FILE {
            return Some(self.editor.to_string());
        }
        // `examples/x.yaml`, `../../examples/x.yaml` (a script's relative path), `x.yaml`.
        let name = path.rsplit_once("examples/").map_or(path, |(_, n)| n);
        EXAMPLES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.to_string())
    }
    fn openapi(&self, minor: u32) -> Option<&Documents> {
        self.openapi
            .filter(|(m, _)| *m == minor)
            .map(|(_, d)| d.as_ref())
    }
}

pub struct Model {
    pub session: Session,
    pub console: Vec<Entry>,
    /// Commands typed, oldest first (for ↑ and ↓).
    pub history: Vec<String>,
    pub editor: String,
    pub editor_name: String,
    pub diagnostics: Vec<Diagnostic>,
    /// `kubectl get pods -w` streaming beside the console, and what it printed so far.
    pub watch: Option<(Watch, String)>,
    /// Bumped on every change, so views can tell that something happened.
    pub revision: u64,
    pub actions: Vec<Action>,
    config: Config,
    /// A StatefulSet being torn down in order: deleted once it has no pods left.
    pub teardown: Option<String>,
    /// The watch pane's command (`kubectl get pods -w` unless one was typed).
    pub watch_command: String,
    /// A `sim advance` or `sim settle` running on the page's clock.
    pub long_run: Option<LongRun>,
    /// Whether `sim advance` and `sim settle` run in slices ([`continue_run`](Self::continue_run))
    /// rather than at once: the page's setting (a restore replays at once).
    pub sliced: bool,
    /// The script being stepped through, if any.
    pub script: Option<ScriptRun>,
    /// The OpenAPI documents `kubectl explain` reads, for the minor they describe, once fetched.
    pub openapi: Option<(u32, Rc<Documents>)>,
}

impl Model {
    /// A fresh cluster with `example` in the editor, applied (nothing has run yet).
    pub fn new(config: Config, name: &str, text: &str) -> Model {
        let mut model = Model::empty(config, name, text);
        model.apply_editor();
        model
    }

    /// A fresh cluster with `text` in the editor, nothing applied.
    fn empty(config: Config, name: &str, text: &str) -> Model {
        let mut model = Model {
            config: config.clone(),
            actions: Vec::new(),
            teardown: None,
            session: Session::new(config),
            console: Vec::new(),
            history: Vec::new(),
            editor: text.to_string(),
            editor_name: name.to_string(),
            diagnostics: Vec::new(),
            watch: None,
            revision: 0,
            watch_command: "kubectl get pods -w".into(),
            long_run: None,
            sliced: false,
            script: None,
            openapi: None,
        };
        // A typed `get --watch` streams in the watch pane instead of blocking the page.
        model.session.detach_watches = true;
        model.start_watch();
        model
    }

    pub fn cluster(&self) -> &Cluster {
        self.session.cluster()
    }

    /// The minor whose OpenAPI documents `line` needs and the page has not fetched yet.
    pub fn missing_openapi(&self, line: &str) -> Option<u32> {
        let minor = self.config.minor;
        let loaded = self.openapi.as_ref().is_some_and(|(m, _)| *m == minor);
        (!loaded && crate::data::is_explain(line)).then_some(minor)
    }

    /// Whether the session ran a `kubectl explain` that the documents were missing for (a
    /// session restored before they were fetched): replaying it with them shows what it
    /// printed when it ran.
    pub fn replays_explain(&self) -> Option<u32> {
        self.actions.iter().find_map(|a| match a {
            Action::Run(line) | Action::RunWithInput(line, _) => self.missing_openapi(line),
            _ => None,
        })
    }

    /// Runs a command line as the console does, recording it.
    pub fn run(&mut self, line: &str) -> Output {
        self.run_with_input(line, None)
    }

    /// [`run`](Self::run) with what a heredoc would feed the command.
    pub fn run_with_input(&mut self, line: &str, stdin: Option<&str>) -> Output {
        let line = line.trim();
        self.stop_run();
        // `sim advance` and `sim settle` run on the page's clock, in slices; their summary is
        // recorded when they end.
        if self.sliced && self.start_long_run(line) {
            return Output::default();
        }
        if !line.is_empty() {
            self.actions.push(match stdin {
                Some(input) => Action::RunWithInput(line.to_string(), input.to_string()),
                None => Action::Run(line.to_string()),
            });
        }
        let output = self.session.run(
            line,
            stdin,
            &EditorFiles {
                editor: &self.editor,
                openapi: self.openapi.as_ref(),
            },
        );
        if let Some(w) = self.session.detached_watch.take() {
            // The watch's first listing is what it printed; it goes on in the watch pane.
            self.watch = Some((w, output.stream(Stream::Out)));
            self.watch_command = line.to_string();
        }
        if !line.is_empty() {
            if self.history.last().map(String::as_str) != Some(line) {
                self.history.push(line.to_string());
            }
            self.console.push(Entry {
                command: line.to_string(),
                output: output.chunks.clone(),
            });
        }
        self.after_change();
        output
    }

    /// Checks the editor's text without touching the cluster: syntax, strict decoding, and
    /// what the API server would say about each object (on a copy of the cluster). Returns
    /// the diagnostics, with the line and column of each.
    pub fn check_editor(&self) -> Vec<Diagnostic> {
        let text = &self.editor;
        let docs = manifest::parse(text);
        let bodies = document_bodies(text, &docs);
        let mut out = Vec::new();
        let mut scratch: Cluster = self.cluster().clone();
        for (doc, body) in docs.iter().zip(&bodies) {
            let (line, column) = doc.at.unwrap_or((doc.first_line, 1));
            let object = match &doc.result {
                Ok(o) => o,
                Err(e) => {
                    out.push(Diagnostic {
                        line,
                        column,
                        message: decode_message(e),
                    });
                    continue;
                }
            };
            let mut raw = doc.raw.clone().unwrap_or_else(|| object.to_json());
            if object.kind().namespaced() && raw.pointer("/metadata/namespace").is_none() {
                if let Some(meta) = raw.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                    meta.insert("namespace".into(), "default".into());
                }
            }
            let key = {
                let k = object.key();
                if k.kind.namespaced() && k.namespace().is_empty() {
                    ObjectKey::new(k.kind, "default", k.name())
                } else {
                    k
                }
            };
            let live = scratch.get(&key).cloned();
            let result = match manifest::apply::plan(object.kind(), &raw, live.as_deref()) {
                Ok(ApplyPlan::Create(o)) => scratch.create(o).map(|_| ()),
                Ok(ApplyPlan::Update(o)) => scratch.update(o).map(|_| ()),
                Ok(ApplyPlan::Unchanged) => Ok(()),
                Err(e) => {
                    out.push(Diagnostic {
                        line,
                        column,
                        message: decode_message(&e),
                    });
                    continue;
                }
            };
            if let Err(e) = result {
                let at = e
                    .fields
                    .first()
                    .and_then(|path| manifest::locate(body, path))
                    .map(|(l, c)| (doc.first_line + l - 1, c))
                    .unwrap_or((doc.first_line, 1));
                out.push(Diagnostic {
                    line: at.0,
                    column: at.1,
                    message: if e.reason == "Invalid" {
                        e.message.clone()
                    } else {
                        format!("Error from server ({}): {}", e.reason, e.message)
                    },
                });
            }
        }
        out
    }

    /// The Apply button: with any problem the cluster is left as it is and the problems are
    /// shown at their lines; otherwise `kubectl apply -f manifest.yaml` runs.
    pub fn apply_editor(&mut self) -> bool {
        self.stop_run();
        self.diagnostics = self.check_editor();
        if !self.diagnostics.is_empty() {
            self.revision += 1;
            return false;
        }
        self.actions.push(Action::Apply(self.editor.clone()));
        self.apply_recorded();
        true
    }

    /// `kubectl apply -f manifest.yaml` with the editor as it is, recorded as an Apply.
    fn apply_recorded(&mut self) {
        let line = format!("kubectl apply -f {EDITOR_FILE}");
        let output = self.session.run(
            &line,
            None,
            &EditorFiles {
                editor: &self.editor,
                openapi: self.openapi.as_ref(),
            },
        );
        self.console.push(Entry {
            command: line,
            output: output.chunks,
        });
        self.after_change();
    }

    fn note_steps(&mut self, n: u64) {
        if n == 0 {
            return;
        }
        if let Some(Action::Steps(k)) = self.actions.last_mut() {
            *k += n;
        } else {
            self.actions.push(Action::Steps(n));
        }
    }

    /// Loads an example into the editor (the cluster is not touched).
    pub fn load_example(&mut self, name: &str) -> bool {
        let Some((n, text)) = EXAMPLES.iter().find(|(n, _)| *n == name) else {
            return false;
        };
        self.editor = text.to_string();
        self.editor_name = n.to_string();
        self.diagnostics.clear();
        self.revision += 1;
        true
    }

    /// One step of the simulation (the ▶ and → controls), without echoing a command.
    /// Returns whether anything happened.
    pub fn step_quietly(&mut self) -> bool {
        self.stop_run();
        let before = self.session.timeline().len();
        self.session.timeline_mut().apply(Input::Step);
        let moved = self.session.timeline().len() > before;
        // Recorded even when nothing changed: the step still ran the clock's due tasks.
        self.note_steps(1);
        self.after_change();
        moved
    }

    /// Up to `max` steps (a slice of a long run, so the page never blocks for long).
    /// Returns whether the cluster is settled afterwards.
    pub fn run_slice(&mut self, max: usize) -> bool {
        self.stop_run();
        let mut ran = 0;
        for _ in 0..max {
            if self.cluster().is_settled() {
                break;
            }
            let before = self.session.timeline().len();
            self.session.timeline_mut().apply(Input::Step);
            ran += 1;
            if self.session.timeline().len() == before {
                break;
            }
            self.poll_watch();
            if self.teardown.is_some() {
                self.note_steps(ran);
                ran = 0;
                self.continue_teardown();
            }
        }
        self.note_steps(ran);
        self.revision += 1;
        self.cluster().is_settled()
    }

    /// Adds a console entry the page wrote itself (sessions saved before long runs were
    /// journaled as commands recorded their settle summaries this way).
    pub fn record(&mut self, command: &str, text: String) {
        self.actions
            .push(Action::Record(command.to_string(), text.clone()));
        self.console.push(Entry {
            command: command.to_string(),
            output: vec![(Stream::Out, text)],
        });
        self.revision += 1;
    }

    /// Puts the page at moment `n` of the history (0: before anything).
    pub fn seek(&mut self, n: usize) {
        self.stop_run();
        if n == self.position() {
            return;
        }
        self.actions.push(Action::Seek(n));
        self.session.timeline_mut().seek(n);
        // The watch restarts from what is there at that moment.
        if self.watch.is_some() {
            self.start_watch();
        }
        self.revision += 1;
    }

    pub fn position(&self) -> usize {
        self.session.timeline().position()
    }

    pub fn moments(&self) -> usize {
        self.session.timeline().len()
    }

    /// The earliest moment the history still holds (older ones were compacted away).
    pub fn first_moment(&self) -> usize {
        self.session.timeline().first()
    }

    /// The moment right after an event happened: the step at its time whose report carries
    /// its line (`note`), or else the first moment after its time.
    pub fn moment_of(&self, at: sts_core::time::Time, note: &str) -> Option<usize> {
        let first = self.session.timeline().first();
        let moments = self.session.timeline().moments();
        moments
            .iter()
            .position(|m| {
                m.at >= at
                    && m.step
                        .as_ref()
                        .is_some_and(|s| s.changes.iter().any(|c| c.to_string() == note))
            })
            .or_else(|| moments.iter().rposition(|m| m.at <= at))
            .map(|i| first + i + 1)
    }

    /// A fresh, empty cluster (same version and seed) with the same editor text: where a
    /// script starts, since scripts create their own objects.
    pub fn fresh(&self) -> Model {
        Model::empty(self.config.clone(), &self.editor_name, &self.editor)
    }

    /// Starts stepping through one of [`SCRIPTS`].
    pub fn load_script(&mut self, name: &str) -> bool {
        let Some((n, text)) = SCRIPTS.iter().find(|(n, _)| *n == name) else {
            return false;
        };
        let Ok(commands) = sts_kubectl::script::parse(text) else {
            return false;
        };
        self.script = Some(ScriptRun {
            name: n.to_string(),
            commands,
            next: 0,
        });
        self.revision += 1;
        true
    }

    /// Runs the script's next command; `false` when there is none.
    pub fn run_next_in_script(&mut self) -> bool {
        let Some(script) = &mut self.script else {
            return false;
        };
        let Some(command) = script.commands.get(script.next).cloned() else {
            return false;
        };
        script.next += 1;
        self.run_with_input(&command.text, command.stdin.as_deref());
        true
    }

    /// Starts `line` as a long run if it is a plain `sim advance D` or `sim settle`.
    pub fn start_long_run(&mut self, line: &str) -> bool {
        let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        if words.first().map(String::as_str) != Some("sim")
            || line.contains([';', '&', '|', '>', '$', '`'])
        {
            return false;
        }
        let Some(Ok(input)) = sts_kubectl::cmd::sim::parse_run(&words[1..]) else {
            return false;
        };
        self.stop_run();
        if self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_string());
        }
        self.long_run = Some(LongRun {
            command: line.to_string(),
            input,
            start: self.cluster().now(),
            moments: 0,
            started: false,
        });
        self.revision += 1;
        true
    }

    /// Runs up to `slice` more moments of the long run; `true` when it has ended (its summary
    /// is then in the console) or there is none.
    pub fn continue_run(&mut self, slice: usize) -> bool {
        let Some(mut run) = self.long_run.take() else {
            return true;
        };
        let timeline = self.session.timeline_mut();
        let outcome = if run.started {
            timeline.resume(slice)
        } else {
            run.started = true;
            Some(timeline.apply_sliced(run.input.clone(), slice))
        };
        let Some(sts_core::timeline::Outcome::Steps {
            reports,
            settle,
            cut,
        }) = outcome
        else {
            // Something else moved the history (a seek): the run ended where it stood.
            return true;
        };
        run.moments += reports.len();
        self.poll_watch();
        self.revision += 1;
        if cut == Some(sts_core::cluster::Cut::Paused) {
            self.long_run = Some(run);
            return false;
        }
        let text = sts_kubectl::cmd::sim::run_summary(
            &run.input,
            run.moments,
            settle,
            cut,
            run.start,
            self.cluster(),
        );
        self.actions.push(Action::Run(run.command.clone()));
        self.console.push(Entry {
            command: run.command,
            output: vec![(Stream::Out, text + "\n")],
        });
        self.continue_teardown();
        true
    }

    /// Stops the long run where it stands (the Stop button), saying so in the console.
    pub fn stop_run(&mut self) {
        let Some(run) = self.long_run.take() else {
            return;
        };
        self.session.timeline_mut().stop();
        if !run.started {
            return;
        }
        let now = self.cluster().now();
        let plural = if run.moments == 1 { "" } else { "s" };
        let text = format!(
            "stopped at {} after {} step{plural} ({} of simulated time); nothing was lost: the history keeps every step\n",
            sts_kubectl::cmd::sim::offset(now),
            run.moments,
            now - run.start
        );
        self.actions
            .push(Action::RunStopped(run.command.clone(), run.moments));
        self.console.push(Entry {
            command: run.command,
            output: vec![(Stream::Out, text)],
        });
        self.revision += 1;
    }

    pub fn start_watch(&mut self) {
        self.watch_command = "kubectl get pods -w".into();
        let mut w = Watch::new(
            Kind::Pod,
            Some("default"),
            None,
            Vec::new(),
            TableOptions::default(),
        );
        let first = w.start(self.cluster(), true);
        self.watch = Some((w, first));
        self.revision += 1;
    }

    pub fn stop_watch(&mut self) {
        self.watch = None;
        self.revision += 1;
    }

    fn poll_watch(&mut self) {
        if let Some((w, text)) = &mut self.watch {
            let rows = w.poll(self.session.cluster());
            text.push_str(&rows);
            // Keep the pane to its last few hundred lines.
            let lines = text.lines().count();
            if lines > 400 {
                let cut = text
                    .match_indices('\n')
                    .nth(lines - 300)
                    .map_or(0, |(i, _)| i + 1);
                text.drain(..cut);
            }
        }
    }

    fn after_change(&mut self) {
        self.poll_watch();
        self.revision += 1;
        self.continue_teardown();
    }

    /// "Ordered teardown": scale to 0 now (pods go one at a time, highest first), and delete
    /// the StatefulSet once its last pod is gone.
    pub fn ordered_teardown(&mut self, name: &str) {
        self.teardown = Some(name.to_string());
        self.run(&format!("kubectl scale sts {name} --replicas=0"));
    }

    fn continue_teardown(&mut self) {
        let Some(name) = self.teardown.clone() else {
            return;
        };
        let set = self.sets().into_iter().find(|s| s.metadata.name == name);
        let Some(set) = set else {
            self.teardown = None;
            return;
        };
        let pods_left = self
            .cluster()
            .store()
            .dependent_objects(&set.metadata.uid)
            .any(|o| o.kind() == Kind::Pod);
        if set.spec.replicas == Some(0) && !pods_left {
            self.teardown = None;
            self.run(&format!("kubectl delete sts {name}"));
        }
    }

    /// The StatefulSets of the default namespace.
    pub fn sets(&self) -> Vec<sts_core::api::StatefulSet> {
        self.cluster()
            .list(Kind::StatefulSet, Some("default"))
            .filter_map(|o| match &**o {
                Object::StatefulSet(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }
}

impl Model {
    /// The session as JSON: version, seed, the editor, and every action.
    pub fn save(&self) -> String {
        use serde_json::{json, Value};
        let actions: Vec<Value> = self
            .actions
            .iter()
            .map(|a| match a {
                Action::Run(l) => json!(["run", l]),
                Action::RunWithInput(l, i) => json!(["runin", l, i]),
                Action::Apply(t) => json!(["apply", t]),
                Action::Steps(n) => json!(["steps", n]),
                Action::RunStopped(l, n) => json!(["runstopped", l, n]),
                Action::Seek(n) => json!(["seek", n]),
                Action::Record(c, t) => json!(["record", c, t]),
            })
            .collect();
        json!({
            "v": 1,
            "minor": self.config.minor,
            "seed": self.config.seed,
            "editor": self.editor,
            "name": self.editor_name,
            "actions": actions,
        })
        .to_string()
    }

    /// Rebuilds a saved session by replaying it; `None` if the text is not one.
    pub fn restore(text: &str) -> Option<Model> {
        Model::restore_with(text, None)
    }

    /// [`restore`](Self::restore) with the OpenAPI documents the page has (so that a replayed
    /// `kubectl explain` prints what it printed).
    pub fn restore_with(text: &str, openapi: Option<(u32, Rc<Documents>)>) -> Option<Model> {
        use serde_json::Value;
        let v: Value = serde_json::from_str(text).ok()?;
        if v["v"].as_u64() != Some(1) {
            return None;
        }
        let minor = v["minor"].as_u64()? as u32;
        if !sts_core::cluster::SUPPORTED_MINORS.contains(&minor) {
            return None;
        }
        let config = Config {
            minor,
            seed: v["seed"].as_u64()?,
            ..Config::default()
        };
        let mut m = Model::empty(config, v["name"].as_str().unwrap_or(EDITOR_FILE), "");
        m.openapi = openapi;
        for a in v["actions"].as_array()? {
            let parts = a.as_array()?;
            let text = |i: usize| parts.get(i).and_then(Value::as_str);
            match text(0)? {
                "run" => {
                    m.run(text(1)?);
                }
                "runin" => {
                    m.run_with_input(text(1)?, Some(text(2)?));
                }
                "apply" => {
                    m.editor = text(1)?.to_string();
                    m.actions.push(Action::Apply(m.editor.clone()));
                    m.apply_recorded();
                }
                "steps" => {
                    let n = parts.get(1)?.as_u64()?;
                    for _ in 0..n {
                        m.session.timeline_mut().apply(Input::Step);
                        m.poll_watch();
                    }
                    m.note_steps(n);
                }
                "runstopped" => {
                    // The same slice the learner stopped at: the same history, exactly.
                    let moments = parts.get(2)?.as_u64()? as usize;
                    m.sliced = true;
                    if !m.start_long_run(text(1)?) {
                        return None;
                    }
                    m.continue_run(moments);
                    m.stop_run();
                    m.sliced = false;
                }
                "seek" => m.seek(parts.get(1)?.as_u64()? as usize),
                "record" => m.record(text(1)?, text(2)?.to_string()),
                _ => return None,
            }
        }
        m.editor = v["editor"].as_str()?.to_string();
        m.revision += 1;
        Some(m)
    }
}

/// The message for a document that did not decode, as kubectl would print it for the editor.
fn decode_message(e: &DecodeError) -> String {
    let text = e.message();
    if e.is_server_error() {
        format!("Error from server (BadRequest): {text}")
    } else {
        format!("error: {text}")
    }
}

/// Each document's own text, for locating a field path in it.
fn document_bodies(text: &str, docs: &[manifest::Document]) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = docs.iter().map(|d| d.first_line).collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = starts
                .iter()
                .skip(i + 1)
                .find(|&&s| s > start)
                .map_or(lines.len(), |&s| s.saturating_sub(1));
            lines
                .get(start.saturating_sub(1)..end.min(lines.len()))
                .map(|l| l.join("\n"))
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        Model::new(Config::default(), EXAMPLES[0].0, EXAMPLES[0].1)
    }

    #[test]
    fn the_page_opens_with_the_default_example_applied_and_nothing_run() {
        let m = model();
        assert_eq!(m.console.len(), 1);
        assert_eq!(m.console[0].command, "kubectl apply -f manifest.yaml");
        assert_eq!(
            m.console[0].output,
            vec![
                (Stream::Out, "service/web created\n".to_string()),
                (Stream::Out, "statefulset.apps/web created\n".to_string())
            ]
        );
        assert_eq!(m.sets().len(), 1);
        assert!(m
            .cluster()
            .list(Kind::Pod, Some("default"))
            .next()
            .is_none());
    }

    #[test]
    fn steps_slices_and_seeking() {
        let mut m = model();
        assert!(m.step_quietly());
        assert_eq!(m.position(), m.moments());
        let settled = (0..100).any(|_| m.run_slice(20));
        assert!(settled);
        assert_eq!(m.cluster().list(Kind::Pod, Some("default")).count(), 3);
        let watch = &m.watch.as_ref().unwrap().1;
        assert!(
            watch.starts_with("NAME    READY   STATUS    RESTARTS   AGE\nweb-0   0/1     Pending"),
            "{watch}"
        );
        // Moments 1 and 2 are the apply's two creates; 3 is the first step.
        m.seek(3);
        assert_eq!(m.cluster().list(Kind::Pod, Some("default")).count(), 1);
        // Acting in the past discards the old future.
        let before = m.moments();
        let out = m.run("kubectl scale sts web --replicas=1");
        assert_eq!(out.text(), "statefulset.apps/web scaled\n");
        assert_eq!(m.moments(), 4);
        assert!(m.moments() < before);
    }

    #[test]
    fn an_event_leads_back_to_the_moment_it_happened() {
        let mut m = model();
        while !m.run_slice(50) {}
        let events = crate::view::events(m.cluster(), 500);
        let claim = events
            .iter()
            .find(|e| e.message.starts_with("create Claim www-web-0"))
            .unwrap();
        let at = m.moment_of(claim.at, &claim.note).unwrap();
        m.seek(at);
        let pods: Vec<String> = m
            .cluster()
            .list(Kind::Pod, Some("default"))
            .map(|o| o.meta().name.to_string())
            .collect();
        assert_eq!(pods, ["web-0"]);
        assert!(
            m.cluster()
                .list(Kind::PersistentVolumeClaim, Some("default"))
                .count()
                == 1
        );
    }

    #[test]
    fn a_saved_session_replays_to_the_same_state() {
        let mut m = model();
        m.run_slice(7);
        m.run("kubectl scale sts web --replicas=4");
        while !m.run_slice(50) {}
        m.record("sim settle", "settled\n".into());
        m.seek(10);
        m.step_quietly();
        m.run("sim crash web-0");
        m.run_slice(5);
        m.editor.push_str("\n# edited\n");
        let saved = m.save();
        let r = Model::restore(&saved).expect("restores");
        assert_eq!(r.cluster().fingerprint(), m.cluster().fingerprint());
        assert_eq!(r.position(), m.position());
        assert_eq!(r.moments(), m.moments());
        assert_eq!(r.console, m.console);
        assert_eq!(r.editor, m.editor);
        assert_eq!(r.save(), saved);
        assert!(Model::restore("{}").is_none());
        assert!(Model::restore("not json").is_none());
        assert!(Model::restore(&saved.replace("\"minor\":37", "\"minor\":99")).is_none());
    }

    #[test]
    fn ordered_teardown_scales_to_zero_then_deletes() {
        let mut m = model();
        while !m.run_slice(50) {}
        m.ordered_teardown("web");
        while !m.run_slice(50) {}
        let commands: Vec<&str> = m.console.iter().map(|e| e.command.as_str()).collect();
        assert_eq!(
            &commands[commands.len() - 2..],
            [
                "kubectl scale sts web --replicas=0",
                "kubectl delete sts web"
            ]
        );
        assert!(m.sets().is_empty());
        // Pods went highest first, one at a time: web-2's delete event comes before web-1's.
        let deletes: Vec<String> = crate::view::events(m.cluster(), 500)
            .into_iter()
            .filter(|e| e.reason == "SuccessfulDelete")
            .map(|e| e.message)
            .collect();
        assert_eq!(
            deletes,
            [
                "delete Pod web-2 in StatefulSet web successful",
                "delete Pod web-1 in StatefulSet web successful",
                "delete Pod web-0 in StatefulSet web successful"
            ]
        );
        let r = Model::restore(&m.save()).unwrap();
        assert_eq!(r.cluster().fingerprint(), m.cluster().fingerprint());
    }

    #[test]
    fn a_typed_watch_or_settle_does_not_block_the_page() {
        let mut m = model();
        let before = m.cluster().now();
        let out = m.run("kubectl get pods -w -l app=web");
        assert_eq!(out.text(), "");
        assert_eq!(m.cluster().now(), before, "no time passed");
        assert_eq!(m.watch_command, "kubectl get pods -w -l app=web");
        m.run_slice(10);
        assert!(m.watch.as_ref().unwrap().1.contains("web-0"));
        m.sliced = true;
        assert!(m.run("sim settle").chunks.is_empty());
        assert!(m.long_run.is_some());
        assert!(!m
            .actions
            .iter()
            .any(|a| *a == Action::Run("sim settle".into())));
        let mut slices = 0;
        while !m.continue_run(5) {
            slices += 1;
        }
        assert!(slices > 2, "it ran in slices: {slices}");
        let last = m.console.last().unwrap();
        assert_eq!(last.command, "sim settle");
        assert!(last.output[0].1.starts_with("settled at +"), "{last:?}");
        assert!(m
            .actions
            .iter()
            .any(|a| *a == Action::Run("sim settle".into())));
    }

    #[test]
    fn a_long_advance_over_a_crash_loop_runs_in_slices_and_can_be_stopped() {
        let mut m = model();
        m.sliced = true;
        m.run("sim settle");
        while !m.continue_run(500) {}
        m.run("sim crashloop web-0");
        assert!(m.run("sim advance 999999h").chunks.is_empty());
        for _ in 0..3 {
            assert!(!m.continue_run(200), "still running");
        }
        assert_eq!(m.long_run.as_ref().unwrap().moments, 600);
        m.stop_run();
        assert!(m.long_run.is_none());
        let last = m.console.last().unwrap();
        assert_eq!(last.command, "sim advance 999999h");
        assert!(
            last.output[0].1.starts_with("stopped at +")
                && last.output[0].1.contains("after 600 steps"),
            "{last:?}"
        );
        // A saved session replays to the very same moment.
        let r = Model::restore(&m.save()).unwrap();
        assert_eq!(r.moments(), m.moments());
        assert_eq!(r.cluster().fingerprint(), m.cluster().fingerprint());
        // Resumed to its end, a long advance stops at the budget and says why.
        m.run("sim advance 999999h");
        while !m.continue_run(20_000) {}
        let text = &m.console.last().unwrap().output[0].1;
        assert!(
            text.contains("stopped after 100000 changes")
                && text.contains("web-0 is still in a crash loop"),
            "{text}"
        );
    }

    #[test]
    fn the_tutorial_steps_through_the_console_without_blocking() {
        let mut m = Model::new(Config::default(), EXAMPLES[0].0, EXAMPLES[0].1).fresh();
        assert!(m.sets().is_empty());
        assert!(m.load_script("The StatefulSet Basics tutorial"));
        assert!(m.run_next_in_script());
        let last = m.console.last().unwrap();
        assert_eq!(
            last.command,
            "kubectl apply -f https://k8s.io/examples/application/web/web.yaml"
        );
        // The watch goes to the watch pane; the page's clock then runs it.
        assert!(m.run_next_in_script());
        assert_eq!(m.watch_command, "kubectl get pods --watch -l app=nginx");
        while !m.run_slice(50) {}
        let mut steps = 2;
        while m.run_next_in_script() {
            steps += 1;
            while !m.continue_run(50) {}
            // The clock runs between commands, as a learner's would.
            while !m.run_slice(50) {}
        }
        assert!(steps > 60, "{steps} commands");
        // A saved session replays to the same place, heredoc included.
        let r = Model::restore(&m.save()).unwrap();
        assert_eq!(r.cluster().fingerprint(), m.cluster().fingerprint());
        assert!(m.console.iter().any(|e| e
            .output
            .iter()
            .any(|(_, t)| t.contains("Name:      web-0.nginx"))));
    }

    #[test]
    fn a_broken_manifest_is_diagnosed_at_its_line_and_the_cluster_is_untouched() {
        let mut m = model();
        m.editor = m
            .editor
            .replace("  replicas: 3", "  replicas: 3\n  replica: 4");
        let before = m.cluster().fingerprint();
        assert!(!m.apply_editor());
        assert_eq!(m.cluster().fingerprint(), before);
        let d = &m.diagnostics[0];
        assert!(
            d.message
                .ends_with("strict decoding error: unknown field \"spec.replica\""),
            "{d:?}"
        );
        let line = m.editor.lines().position(|l| l == "  replica: 4").unwrap() + 1;
        assert_eq!((d.line, d.column), (line, 3));

        // A validation error is found on a copy of the cluster, also at its line.
        m.load_example("statefulset-with-service.yaml");
        m.editor = m.editor.replace("  replicas: 3", "  replicas: -1");
        assert!(!m.apply_editor());
        let d = &m.diagnostics[0];
        assert_eq!(
            d.message,
            "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        let line = m
            .editor
            .lines()
            .position(|l| l == "  replicas: -1")
            .unwrap()
            + 1;
        assert_eq!(d.line, line);
        assert_eq!(m.cluster().fingerprint(), before);
    }
}
