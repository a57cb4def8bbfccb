//! The virtual clock: one step runs queued tasks in time order until one of them changes
//! something, `advance` runs everything due within a span, and `settle` runs until nothing
//! more is going to happen on its own.

use super::queue::Task;
use super::Cluster;
use crate::api::{Event, ObjectKey};
use crate::time::{Duration, Time};
use std::fmt;
use std::rc::Rc;

/// What one step did.
#[derive(Clone, Debug, PartialEq)]
pub struct StepReport {
    /// 1-based count of steps since the cluster was created.
    pub index: u64,
    pub at: Time,
    pub component: &'static str,
    /// One line per write or event, in order.
    pub changes: Vec<Change>,
}

/// One line of a step report: a write or an event. It keeps what it is about and is put
/// into words only when shown (most steps of a long settle never are).
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Created(ObjectKey),
    Updated(ObjectKey),
    /// A graceful delete: the object is marked, with the pod's grace period if it has one.
    MarkedForDeletion(ObjectKey, Option<i64>),
    Deleted(ObjectKey),
    FinalizerRemoved(ObjectKey, String),
    /// An event occurrence (the event as recorded: its reason, message and source).
    Event(Rc<Event>),
    /// Anything else, already in words (commands, node and controller notes).
    Note(String),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Created(key) => write!(f, "created {key}"),
            Change::Updated(key) => write!(f, "updated {key}"),
            Change::MarkedForDeletion(key, Some(grace)) => {
                write!(f, "marked {key} for deletion (grace {grace}s)")
            }
            Change::MarkedForDeletion(key, None) => write!(f, "marked {key} for deletion"),
            Change::Deleted(key) => write!(f, "deleted {key}"),
            Change::FinalizerRemoved(key, finalizer) => {
                write!(f, "removed finalizer {finalizer} from {key}")
            }
            Change::Event(e) => super::EventNote(e).fmt(f),
            Change::Note(text) => f.write_str(text),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettleOutcome {
    /// Nothing more will happen without outside action.
    Settled,
    /// The limit was reached with work still pending (a crash loop never settles).
    Limit,
}

/// The budgets every run of the clock keeps, whoever asks for it (a step, an advance, a
/// settle, a waiting command, the page's clock): one declaration, read everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Tasks one run may execute, changing something or not.
    pub tasks: u64,
    /// Tasks at one instant of virtual time: beyond this, components are undoing each other.
    pub tasks_at_instant: u64,
    /// Moments (changes) one run may record: a crash loop changes something every few
    /// minutes forever, and a long advance over it would otherwise record millions.
    pub moments: usize,
}

pub const LIMITS: Limits = Limits {
    tasks: 5_000_000,
    tasks_at_instant: 200_000,
    moments: 100_000,
};

/// Why a run stopped before its natural end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// [`Limits::tasks`] tasks ran.
    Tasks,
    /// [`Limits::tasks_at_instant`] tasks ran without the clock moving.
    Instant,
    /// [`Limits::moments`] changes were recorded.
    Moments,
    /// Paused after the slice of moments its caller asked for; it can go on
    /// ([`Timeline::resume`](crate::timeline::Timeline::resume)).
    Paused,
}

impl fmt::Display for Cut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cut::Tasks => write!(
                f,
                "stopped after {} tasks without reaching the end",
                LIMITS.tasks
            ),
            Cut::Instant => write!(
                f,
                "stopped after {} tasks at one instant: components keep undoing each other",
                LIMITS.tasks_at_instant
            ),
            Cut::Moments => write!(f, "stopped after {} changes", LIMITS.moments),
            Cut::Paused => f.write_str("paused"),
        }
    }
}

/// Counts what one run has done against [`LIMITS`], or stops it at an exact task recorded
/// earlier (a replay of a run that was cut).
#[derive(Clone, Copy, Debug)]
pub struct Meter {
    start: u64,
    /// Moments before a pause, when it comes before the budget.
    slice: usize,
    /// Replaying: stop when the cluster's task count reaches this.
    until: Option<u64>,
    instant: Option<Time>,
    at_instant: u64,
    moments: usize,
    cut: Option<Cut>,
}

impl Meter {
    /// A fresh run on `cluster`.
    pub fn new(cluster: &Cluster) -> Meter {
        Meter {
            start: cluster.tasks_run,
            slice: usize::MAX,
            until: None,
            instant: None,
            at_instant: 0,
            moments: 0,
            cut: None,
        }
    }

    /// A run of one timeline entry that began at task `first_task` and has recorded `done`
    /// moments so far; it pauses after `slice` more.
    pub fn for_entry(first_task: u64, done: usize, slice: usize) -> Meter {
        Meter {
            start: first_task,
            slice: done.saturating_add(slice),
            until: None,
            instant: None,
            at_instant: 0,
            moments: done,
            cut: None,
        }
    }

    /// The meter of a paused run, going on for `slice` more moments.
    pub fn resumed(mut self, slice: usize) -> Meter {
        self.cut = None;
        self.slice = self.moments.saturating_add(slice);
        self
    }

    /// A replay that stops where a cut run stopped (`until`: the cluster's task count then).
    pub fn replay(cluster: &Cluster, until: Option<u64>) -> Meter {
        Meter {
            until,
            ..Meter::new(cluster)
        }
    }

    /// Why the run stopped early, if it did.
    pub fn cut(&self) -> Option<Cut> {
        self.cut
    }

    /// Counts a recorded moment.
    pub fn moment(&mut self) {
        self.moments += 1;
    }

    /// Whether the run may go on; records the reason when not.
    fn allows(&mut self, cluster: &Cluster) -> bool {
        if self.cut.is_some() {
            return false;
        }
        if let Some(until) = self.until {
            if cluster.tasks_run >= until {
                self.cut = Some(Cut::Tasks);
            }
            // A replay stops where the original stopped, and nowhere else.
            return self.cut.is_none();
        }
        if self.instant != Some(cluster.now) {
            (self.instant, self.at_instant) = (Some(cluster.now), 0);
        }
        self.cut = if self.moments >= LIMITS.moments {
            Some(Cut::Moments)
        } else if self.moments >= self.slice {
            Some(Cut::Paused)
        } else if cluster.tasks_run - self.start >= LIMITS.tasks {
            Some(Cut::Tasks)
        } else if self.at_instant >= LIMITS.tasks_at_instant {
            Some(Cut::Instant)
        } else {
            None
        };
        self.at_instant += 1;
        self.cut.is_none()
    }
}

impl Cluster {
    /// Runs tasks until one changes something; `None` when the cluster is settled (only
    /// periodic checks that would change nothing remain) or a budget ran out.
    pub fn step(&mut self) -> Option<StepReport> {
        self.step_within(None, &mut Meter::new(self))
    }

    /// Like [`step`](Self::step), but runs only tasks due no later than `deadline`; `None` when
    /// no task due by then changes anything (the no-op ones are run).
    pub fn step_before(&mut self, deadline: Time) -> Option<StepReport> {
        self.step_within(Some(deadline), &mut Meter::new(self))
    }

    /// The one stepping loop: runs tasks due by `deadline` (any, without one) until one
    /// changes something, the cluster is settled, or `meter` says the run's budget is spent
    /// (then `meter.cut()` says why).
    pub fn step_within(&mut self, deadline: Option<Time>, meter: &mut Meter) -> Option<StepReport> {
        loop {
            if self.is_settled() || !meter.allows(self) {
                return None;
            }
            let report = self.run_next(deadline)?;
            if report.is_some() {
                return report;
            }
        }
    }

    /// Moves the clock forward to `to` without running anything (callers have run what was
    /// due); idle syncs due by then are skipped with their re-queues worked out.
    pub fn set_clock(&mut self, to: Time) {
        self.skip_idle_syncs(to);
        self.now = self.now.max(to);
    }

    /// Runs every task due within `span`, then sets the clock to its end (a budget may stop
    /// it sooner).
    pub fn advance(&mut self, span: Duration) -> Vec<StepReport> {
        let end = self.now + span;
        let mut meter = Meter::new(self);
        let mut reports = Vec::new();
        // Every task due runs, periodic checks included, settled or not.
        while meter.allows(self) {
            match self.run_next(Some(end)) {
                Some(Some(r)) => {
                    meter.moment();
                    reports.push(r);
                }
                Some(None) => {}
                None => break,
            }
        }
        if meter.cut().is_none() {
            self.set_clock(end);
        }
        reports
    }

    /// Runs until settled or until `limit` of virtual time has passed (or a budget ran out).
    pub fn settle(&mut self, limit: Duration) -> (Vec<StepReport>, SettleOutcome) {
        let end = self.now + limit;
        let mut meter = Meter::new(self);
        let mut reports = Vec::new();
        while let Some(r) = self.step_within(Some(end), &mut meter) {
            meter.moment();
            reports.push(r);
        }
        if self.is_settled() {
            return (reports, SettleOutcome::Settled);
        }
        if meter.cut().is_none() {
            self.set_clock(end);
        }
        (reports, SettleOutcome::Limit)
    }

    /// Whether nothing is pending but periodic checks that would change nothing.
    pub fn is_settled(&self) -> bool {
        if !self.queue.quiet(self.store.writes()) {
            return false;
        }
        !self.queue.periodic().any(|task| match task {
            Task::Probe { pod, uid } => self.probe_would_change(pod, uid),
            _ => false,
        })
    }

    /// The time of the next queued task.
    pub fn next_due(&self) -> Option<Time> {
        self.queue.peek_time()
    }

    /// Writes made outside any task (by commands), for the caller to report.
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    /// Runs the next task due no later than `deadline`: `None` if there is none,
    /// `Some(None)` if it changed nothing.
    fn run_next(&mut self, deadline: Option<Time>) -> Option<Option<StepReport>> {
        let due = self.queue.peek_time()?;
        if deadline.is_some_and(|d| due > d) {
            return None;
        }
        let (at, task) = self.queue.pop()?;
        self.tasks_run += 1;
        self.now = self.now.max(at);
        let before = std::mem::take(&mut self.changes);
        self.run(&task);
        let changes = std::mem::replace(&mut self.changes, before);
        if changes.is_empty() {
            return Some(None);
        }
        self.steps += 1;
        Some(Some(StepReport {
            index: self.steps,
            at: self.now,
            component: task.component(),
            changes,
        }))
    }

    fn run(&mut self, task: &Task) {
        match task {
            Task::SyncSet(key) => self.sync_set(key),
            Task::Schedule(key) => self.schedule(key),
            Task::Provision(key) => self.provision(key),
            Task::Kubelet { pod, uid } => self.kubelet_sync(pod, uid),
            Task::Probe { pod, uid } => self.probe(pod, uid),
            Task::CollectGarbage => self.collect_garbage(),
            Task::NodeMonitor(node) => self.node_monitor(node),
            Task::TaintEviction { pod, uid } => self.taint_eviction(pod, uid),
            Task::PvcProtection(key) => self.pvc_protection(key),
        }
    }

    pub fn steps_taken(&self) -> u64 {
        self.steps
    }

    /// Tasks run since the cluster was created (see [`Meter::replay`]).
    pub fn tasks_run(&self) -> u64 {
        self.tasks_run
    }
}

impl Cluster {
    /// What keeps the cluster from settling, in a few words, for a run that stopped before
    /// its end: the pods in a crash loop, the images whose pulls keep failing.
    pub fn ongoing(&self) -> String {
        let mut looping: Vec<&str> = self
            .faults
            .iter()
            .filter(|(_, faults)| {
                faults.contains(&super::Fault::CrashLoop)
                    || faults.contains(&super::Fault::Unhealthy)
            })
            .filter(|((ns, pod), _)| {
                self.store
                    .contains(&ObjectKey::new(crate::api::Kind::Pod, ns, pod))
            })
            .map(|((_, pod), _)| pod.as_str())
            .collect();
        looping.dedup();
        let mut pulls: Vec<&str> = self
            .store
            .list(crate::api::Kind::Pod, None)
            .filter_map(|o| match &**o {
                crate::api::Object::Pod(p) => Some(p),
                _ => None,
            })
            .flat_map(|p| p.spec.containers.iter().filter_map(|c| c.image.as_deref()))
            .filter(|image| self.broken_images.contains(*image))
            .collect();
        pulls.sort_unstable();
        pulls.dedup();
        let mut parts = Vec::new();
        match looping.as_slice() {
            [] => {}
            [one] => parts.push(format!("{one} is still in a crash loop")),
            many => parts.push(format!("{} are still in crash loops", many.join(", "))),
        }
        if !pulls.is_empty() {
            parts.push(format!("pulls of {} keep failing", pulls.join(", ")));
        }
        if parts.is_empty() {
            "something keeps changing".into()
        } else {
            parts.join("; ")
        }
    }
}
