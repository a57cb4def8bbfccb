//! A terminal session over one simulated cluster: the command line a learner types (kubectl,
//! the `sim` verbs, and a little shell), answered with the text real tools would print.
//!
//! Every change goes through the cluster's [`Timeline`], so the page can rewind a session
//! and a script replays byte for byte.

use crate::shell::{self, Command, Joiner, Vars};
use std::rc::Rc;
use sts_core::api::{Kind, Object, ObjectKey};
use sts_core::cluster::{Cluster, Config, LIMITS};
use sts_core::time::{Duration, Time};
use sts_core::timeline::{Input, Outcome, Timeline};

/// Which stream a piece of output went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// What a command printed, in order, and its exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Pieces of text, each ending in a newline.
    pub chunks: Vec<(Stream, String)>,
    pub code: i32,
}

impl Output {
    pub fn out(&mut self, text: impl Into<String>) {
        self.push(Stream::Out, text.into());
    }
    pub fn err(&mut self, text: impl Into<String>) {
        self.push(Stream::Err, text.into());
    }
    /// Text exactly as given, with no newline added (a JSONPath result).
    pub fn raw(&mut self, text: String) {
        if !text.is_empty() {
            self.chunks.push((Stream::Out, text));
        }
    }
    /// An `error: …` line on stderr and exit code 1, as kubectl fails.
    pub fn fail(&mut self, message: impl AsRef<str>) {
        self.err(format!("error: {}", message.as_ref()));
        self.code = 1;
    }
    /// A note from the playground itself (not something kubectl prints), as a `#` comment.
    pub fn note(&mut self, text: impl AsRef<str>) {
        for line in text.as_ref().lines() {
            self.push(Stream::Err, format!("# {line}"));
        }
    }
    fn push(&mut self, stream: Stream, mut text: String) {
        if text.is_empty() {
            return;
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        self.chunks.push((stream, text));
    }
    /// Everything, as a terminal shows it.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }
    /// Only what went to one stream.
    pub fn stream(&self, stream: Stream) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == stream)
            .map(|(_, t)| t.as_str())
            .collect()
    }
    fn extend(&mut self, other: Output) {
        self.chunks.extend(other.chunks);
        self.code = other.code;
    }
}

/// Where `kubectl apply -f PATH` reads files: the script's folder, the page's editor.
pub trait Files {
    /// The file's text, or `None` when there is no such file.
    fn read(&self, path: &str) -> Option<String>;
    /// The OpenAPI documents `kubectl explain` reads for Kubernetes 1.`minor`, when the host
    /// has them (the page loads them the first time they are needed).
    fn openapi(&self, _minor: u32) -> Option<&crate::cmd::explain::Documents> {
        None
    }
}

/// No files at all (only `-f -` and the built-in example URLs work).
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _: &str) -> Option<String> {
        None
    }
}

/// The manifests of the "StatefulSet Basics" tutorial, served offline under their URLs.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "https://k8s.io/examples/application/web/web.yaml",
        include_str!("../../../examples/tutorial/web.yaml"),
    ),
    (
        "https://k8s.io/examples/application/web/web-parallel.yaml",
        include_str!("../../../examples/tutorial/web-parallel.yaml"),
    ),
];

/// Every object of `kind` in `namespace` (all namespaces with `None`), in the API server's
/// list order: by namespace, then name.
pub fn list_in(cluster: &Cluster, kind: Kind, namespace: Option<&str>) -> Vec<Rc<Object>> {
    let namespace = if kind.namespaced() { namespace } else { None };
    let mut objects: Vec<Rc<Object>> = if kind == Kind::Event {
        cluster
            .events()
            .iter()
            .filter(|e| namespace.is_none_or(|ns| e.metadata.namespace == ns))
            .map(|e| Rc::new(Object::Event(Box::new((**e).clone()))))
            .collect()
    } else {
        cluster.list_objects(kind, namespace)
    };
    crate::printers::server_order(&mut objects);
    objects
}

/// How a command that waits on the cluster ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitEnd {
    /// Its condition held.
    Done,
    /// Nothing more was going to happen, and it had no deadline.
    Settled,
    /// Its deadline passed.
    Timeout,
    /// It ran into the playground's budget for one command ([`LIMITS`]): the cluster kept
    /// changing (a crash loop) and the deadline was still far off.
    Stopped,
}

/// The note a command prints when [`WaitEnd::Stopped`] ended it.
pub fn stopped_note(cluster: &Cluster) -> String {
    format!(
        "the playground stopped waiting after {} changes, at {}: {}",
        LIMITS.moments,
        crate::cmd::sim::offset(cluster.now()),
        cluster.ongoing()
    )
}

/// Virtual time a waiting command without a timeout may take before the playground stops it
/// (real kubectl would wait forever, for example on a crash loop).
pub const WAIT_CAP: Duration = Duration::minutes(15);

/// One terminal over one simulated cluster.
#[derive(Clone)]
pub struct Session {
    timeline: Timeline,
    /// Shell variables (`for` loops set them).
    vars: Vars,
    /// Where the page wants `get --watch` to stream instead of blocking: the watch is left
    /// here after its first listing, for the caller to poll as its own clock runs.
    pub detach_watches: bool,
    pub detached_watch: Option<crate::cmd::get::Watch>,
}

impl Session {
    pub fn new(config: Config) -> Session {
        Session::from_timeline(Timeline::new(Cluster::new(config)))
    }

    pub fn from_timeline(timeline: Timeline) -> Session {
        Session {
            timeline,
            vars: Vars::new(),
            detach_watches: false,
            detached_watch: None,
        }
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn timeline_mut(&mut self) -> &mut Timeline {
        &mut self.timeline
    }

    pub fn cluster(&self) -> &Cluster {
        self.timeline.cluster()
    }

    pub fn now(&self) -> Time {
        self.cluster().now()
    }

    /// The simulated Kubernetes minor version (kubectl is taken to be the same).
    pub fn minor(&self) -> u32 {
        self.cluster().config.minor
    }

    pub(crate) fn input(&mut self, input: Input) -> Outcome {
        self.timeline.apply(input)
    }

    /// Replaces the whole history (`sim seed`, `sim version`).
    pub(crate) fn set_timeline(&mut self, timeline: Timeline) {
        self.timeline = timeline;
    }

    pub(crate) fn get(&self, kind: Kind, namespace: &str, name: &str) -> Option<Rc<Object>> {
        let namespace = if kind.namespaced() { namespace } else { "" };
        if kind == Kind::Endpoints {
            return self
                .cluster()
                .endpoints(namespace, name)
                .map(|e| Rc::new(Object::Endpoints(e)));
        }
        if matches!(kind, Kind::Event | Kind::EndpointSlice) {
            return self
                .list(kind, Some(namespace))
                .into_iter()
                .find(|o| o.meta().name == name);
        }
        self.cluster()
            .get(&ObjectKey::new(kind, namespace, name))
            .cloned()
    }

    /// Every object of `kind` in `namespace` (all namespaces with `None`), in the API server's
    /// list order.
    pub(crate) fn list(&self, kind: Kind, namespace: Option<&str>) -> Vec<Rc<Object>> {
        list_in(self.cluster(), kind, namespace)
    }

    /// kubectl ≥ 1.34 says where it deleted from (`… deleted from default namespace`).
    pub(crate) fn deleted_suffix(&self, kind: Kind, namespace: &str) -> String {
        if self.cluster().config.version().delete_names_namespace() && kind.namespaced() {
            format!(" from {namespace} namespace")
        } else {
            String::new()
        }
    }

    /// Runs the simulation until `done` holds, the deadline passes, or (without a deadline)
    /// nothing more will happen or [`WAIT_CAP`] has passed. `on_step` sees the cluster after
    /// every step.
    pub(crate) fn wait(
        &mut self,
        timeout: Option<Duration>,
        done: &mut dyn FnMut(&Cluster) -> bool,
        on_step: &mut dyn FnMut(&Cluster),
    ) -> WaitEnd {
        let start = self.now();
        let deadline = start + timeout.unwrap_or(WAIT_CAP);
        let mut moments = 0;
        loop {
            if done(self.cluster()) {
                return WaitEnd::Done;
            }
            if moments >= LIMITS.moments {
                return WaitEnd::Stopped;
            }
            moments += 1;
            let settled = self.cluster().is_settled();
            let due = self.cluster().next_due();
            let nothing_due = settled || due.is_none_or(|t| t > deadline);
            if nothing_due || self.step_until(deadline).is_none() {
                if timeout.is_none() && self.cluster().is_settled() {
                    return WaitEnd::Settled;
                }
                // Nothing will change before the deadline: let the clock run out.
                let left = deadline - self.now();
                if left > Duration::ZERO {
                    self.input(Input::Advance(left));
                }
                return if done(self.cluster()) {
                    WaitEnd::Done
                } else if timeout.is_none() && self.cluster().is_settled() {
                    WaitEnd::Settled
                } else {
                    WaitEnd::Timeout
                };
            }
            on_step(self.cluster());
        }
    }

    /// One step due by `deadline`; `None` when only no-op tasks were due.
    fn step_until(&mut self, deadline: Time) -> Option<()> {
        match self.input(Input::StepUntil(deadline)) {
            Outcome::Steps { reports, .. } if reports.is_empty() => None,
            _ => Some(()),
        }
    }

    /// Runs one command line (`kubectl …`, `sim …`, `echo …`, `for …; do …; done`).
    /// `stdin` is what a heredoc or a pipe would feed it.
    pub fn run(&mut self, line: &str, stdin: Option<&str>, files: &dyn Files) -> Output {
        let mut out = Output::default();
        let commands = match shell::parse(line) {
            Ok(c) => c,
            Err(e) => {
                out.err(format!("sh: {e}"));
                out.code = 2;
                return out;
            }
        };
        self.run_list(&commands, stdin, files, &mut out);
        out
    }

    fn run_list(
        &mut self,
        commands: &[(Command, Joiner)],
        stdin: Option<&str>,
        files: &dyn Files,
        out: &mut Output,
    ) {
        for (command, joiner) in commands {
            match command {
                Command::Simple { words, redirect } => {
                    if redirect.is_some() {
                        out.err("sh: redirecting output to a file is only possible inside a pod (kubectl exec POD -- sh -c '… > FILE')");
                        out.code = 1;
                    } else {
                        let mut expanded = Vec::new();
                        let mut failed = None;
                        for word in words {
                            match shell::expand(word, &self.vars, &mut |_| {
                                Err("command substitution $(…) works inside a pod (kubectl exec POD -- sh -c '…'), not at this prompt".into())
                            }) {
                                Ok(w) => expanded.push(w),
                                Err(e) => {
                                    failed = Some(e);
                                    break;
                                }
                            }
                        }
                        match failed {
                            Some(e) => {
                                out.err(format!("sh: {e}"));
                                out.code = 1;
                            }
                            None => {
                                let result = self.run_words(&expanded, stdin, files);
                                out.extend(result);
                            }
                        }
                    }
                }
                Command::For { var, items, body } => {
                    let mut values = Vec::new();
                    for item in items {
                        match shell::expand(item, &self.vars, &mut |_| {
                            Err("command substitution is not supported here".into())
                        }) {
                            Ok(v) => values.extend(v.split_whitespace().map(str::to_string)),
                            Err(e) => {
                                out.err(format!("sh: {e}"));
                                out.code = 1;
                                return;
                            }
                        }
                    }
                    out.code = 0;
                    for value in values {
                        self.vars.insert(var.clone(), value);
                        self.run_list(body, stdin, files, out);
                    }
                }
            }
            if *joiner == Joiner::IfOk && out.code != 0 {
                return;
            }
        }
    }

    /// Runs one command given as words.
    pub fn run_words(
        &mut self,
        words: &[String],
        stdin: Option<&str>,
        files: &dyn Files,
    ) -> Output {
        let mut out = Output::default();
        let Some(program) = words.first() else {
            return out;
        };
        match program.as_str() {
            "kubectl" | "k" => crate::cmd::kubectl(self, &words[1..], stdin, files, &mut out),
            "sim" => crate::cmd::sim::run(self, &words[1..], &mut out),
            "echo" => {
                let (newline, rest) = match words.get(1).map(String::as_str) {
                    Some("-n") => (false, &words[2..]),
                    _ => (true, &words[1..]),
                };
                let text = rest.join(" ");
                if newline {
                    out.chunks.push((Stream::Out, format!("{text}\n")));
                } else if !text.is_empty() {
                    out.chunks.push((Stream::Out, text));
                }
            }
            "sleep" => match words.get(1).and_then(|w| Duration::parse(w)) {
                Some(d) => {
                    self.input(Input::Advance(d));
                }
                None => {
                    out.err("sleep: invalid time interval");
                    out.code = 1;
                }
            },
            "clear" | "true" | ":" => {}
            other => {
                out.err(format!(
                    "sh: {other}: command not found (this terminal runs kubectl, sim, echo and sleep)"
                ));
                out.code = 127;
            }
        }
        out
    }

    /// Reads `-f PATH`: `-` is stdin, the tutorial's URLs are built in, the rest comes from
    /// `files`. Errors are kubectl's text without `error: `.
    pub(crate) fn read_file(
        &self,
        path: &str,
        stdin: Option<&str>,
        files: &dyn Files,
    ) -> Result<String, String> {
        if path == "-" {
            return Ok(stdin.unwrap_or_default().to_string());
        }
        if let Some((_, text)) = BUILT_IN.iter().find(|(url, _)| *url == path) {
            return Ok(text.to_string());
        }
        if path.starts_with("http://") || path.starts_with("https://") {
            return Err(format!(
                "unable to read URL \"{path}\", server reported 404 Not Found, status code=404 (the playground has no network; it serves only the tutorial's example URLs)"
            ));
        }
        files
            .read(path)
            .ok_or_else(|| format!("the path \"{path}\" does not exist"))
    }
}
