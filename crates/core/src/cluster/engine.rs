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

/// No single settle or advance runs more tasks than this, whatever the clock says.
const TASK_BUDGET: u64 = 5_000_000;
/// Tasks at one instant beyond this mean components are undoing each other: stop.
const SAME_INSTANT_BUDGET: u64 = 200_000;

impl Cluster {
    /// Runs tasks until one changes something; `None` when the cluster is settled (only
    /// periodic checks that would change nothing remain).
    pub fn step(&mut self) -> Option<StepReport> {
        loop {
            if self.is_settled() {
                return None;
            }
            let report = self.run_next(None)?;
            if report.is_some() {
                return report;
            }
        }
    }

    /// Like [`step`](Self::step), but runs only tasks due no later than `deadline`; `None` when
    /// no task due by then changes anything (the no-op ones are run).
    pub fn step_before(&mut self, deadline: Time) -> Option<StepReport> {
        loop {
            if self.is_settled() {
                return None;
            }
            let report = self.run_next(Some(deadline))?;
            if report.is_some() {
                return report;
            }
        }
    }

    /// Moves the clock forward to `to` without running anything (callers have run what was due).
    pub fn set_clock(&mut self, to: Time) {
        self.now = self.now.max(to);
    }

    /// Runs every task due within `span`, then sets the clock to its end.
    pub fn advance(&mut self, span: Duration) -> Vec<StepReport> {
        let end = self.now + span;
        let mut reports = Vec::new();
        let mut budget = TASK_BUDGET;
        while budget > 0 {
            budget -= 1;
            match self.run_next(Some(end)) {
                Some(Some(r)) => reports.push(r),
                Some(None) => {}
                None => break,
            }
        }
        self.now = self.now.max(end);
        reports
    }

    /// Runs until settled or until `limit` of virtual time has passed.
    pub fn settle(&mut self, limit: Duration) -> (Vec<StepReport>, SettleOutcome) {
        let end = self.now + limit;
        let mut reports = Vec::new();
        let mut budget = TASK_BUDGET;
        let (mut instant, mut at_instant) = (self.now, 0u64);
        while budget > 0 {
            budget -= 1;
            if self.now == instant {
                at_instant += 1;
                if at_instant > SAME_INSTANT_BUDGET {
                    break;
                }
            } else {
                (instant, at_instant) = (self.now, 0);
            }
            if self.is_settled() {
                return (reports, SettleOutcome::Settled);
            }
            match self.run_next(Some(end)) {
                Some(Some(r)) => reports.push(r),
                Some(None) => {}
                None => break,
            }
        }
        if self.is_settled() {
            return (reports, SettleOutcome::Settled);
        }
        self.now = self.now.max(end);
        (reports, SettleOutcome::Limit)
    }

    /// Whether nothing is pending but periodic checks that would change nothing.
    pub fn is_settled(&self) -> bool {
        if self.queue.active() > 0 {
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
}
