//! The event queue of the virtual clock: tasks ordered by time, then by the order they were
//! scheduled in. Identical pending tasks are coalesced, the way an informer work queue
//! coalesces keys.

use crate::api::{Name, ObjectKey};
use crate::hash::FastMap;
use crate::time::{Duration, Time};
use crate::vecmap::VecMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Task {
    /// A StatefulSet controller sync of one set.
    SyncSet(ObjectKey),
    /// The scheduler tries to place one pod.
    Schedule(ObjectKey),
    /// The volume provisioner looks at one claim.
    Provision(ObjectKey),
    /// The kubelet of the pod's node syncs one pod (`uid` guards against re-created pods).
    Kubelet { pod: ObjectKey, uid: Name },
    /// A readiness or liveness probe of one pod; periodic.
    Probe { pod: ObjectKey, uid: Name },
    /// The garbage collector looks for dependents of deleted owners.
    CollectGarbage,
    /// The node lifecycle controller checks one node's heartbeat.
    NodeMonitor(String),
    /// The taint-eviction controller checks one pod on a tainted node.
    TaintEviction { pod: ObjectKey, uid: Name },
    /// The PVC-protection controller checks one terminating claim.
    PvcProtection(ObjectKey),
}

impl std::hash::Hash for Task {
    /// The kind of task and the key it is about (a key hashes without reading its text); the
    /// pod UID a kubelet task carries is left to equality.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Task::SyncSet(key)
            | Task::Schedule(key)
            | Task::Provision(key)
            | Task::PvcProtection(key)
            | Task::Kubelet { pod: key, .. }
            | Task::Probe { pod: key, .. }
            | Task::TaintEviction { pod: key, .. } => key.hash(state),
            Task::NodeMonitor(node) => node.hash(state),
            Task::CollectGarbage => {}
        }
    }
}

impl Task {
    /// Periodic tasks reschedule themselves forever; they do not keep `settle` going unless
    /// they are about to change something.
    pub fn is_periodic(&self) -> bool {
        matches!(self, Task::Probe { .. })
    }

    pub fn component(&self) -> &'static str {
        match self {
            Task::SyncSet(_) => "statefulset-controller",
            Task::Schedule(_) => "default-scheduler",
            Task::Provision(_) => "persistentvolume-controller",
            Task::Kubelet { .. } | Task::Probe { .. } => "kubelet",
            Task::CollectGarbage => "garbage-collector",
            Task::NodeMonitor(_) => "node-lifecycle-controller",
            Task::TaintEviction { .. } => "taint-eviction-controller",
            Task::PvcProtection(_) => "pvc-protection-controller",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Queue {
    /// (due time, scheduling order, slot of the task): small entries, so that the heap's
    /// sifting compares and moves 24 bytes instead of whole tasks (with thousands of pods in
    /// flight the heap outgrows the CPU's caches).
    heap: BinaryHeap<Reverse<(Time, u64, u32)>>,
    /// The queued tasks, by slot; `None`: free.
    slots: Vec<Option<Task>>,
    free: Vec<u32>,
    /// Earliest pending time of each queued task, for coalescing, and its slot.
    pending: FastMap<Task, (Time, u32)>,
    seq: u64,
    /// Queued tasks that are not periodic.
    active: usize,
    /// Tasks queued again by a run of themselves that changed nothing: run again on the same
    /// store they would change nothing again (a controller's retry with back-off while a pod
    /// of the same name is still terminating). They do not keep the cluster from settling
    /// while the store stays as it was.
    idle: VecMap<Task, Idle>,
}

/// How an idle task was queued, so that a span of time can be skipped without running it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Idle {
    /// The store's write count when its run changed nothing.
    pub writes: u64,
    /// Its run failed and was retried with the work queue's back-off.
    pub failed: bool,
    /// Its run asked to look again after this span (a set's `minReadySeconds`).
    pub again: Option<Duration>,
}

impl Queue {
    /// Queues `task` at `at` unless the same task is already due no later. A task queued
    /// this way is not idle, whatever an earlier run of it said.
    pub fn push(&mut self, at: Time, task: Task) {
        if !self.idle.is_empty() {
            self.idle.remove(&task);
        }
        self.push_keeping_idle(at, task);
    }

    /// Queues `task` at `at` as idle: its run changed nothing (see [`Idle`]). A task already
    /// queued and not idle stays as it is.
    pub fn push_idle(&mut self, at: Time, task: Task, idle: Idle) {
        if self.pending.contains_key(&task) && !self.idle.contains_key(&task) {
            return self.push_keeping_idle(at, task);
        }
        // An idle task queued earlier than it was: the later entry is emptied (skipped when
        // popped) rather than left to count as pending work, or a sync that re-queues itself
        // sooner on every run (minReadySeconds under a longer back-off) would never be quiet.
        if let Some(&(due, slot)) = self.pending.get(&task) {
            if at < due {
                self.slots[slot as usize] = None;
                self.pending.remove(&task);
                if !task.is_periodic() {
                    self.active -= 1;
                }
            }
        }
        self.idle.insert(task.clone(), idle);
        self.push_keeping_idle(at, task);
    }

    fn push_keeping_idle(&mut self, at: Time, task: Task) {
        if let Some(&(due, _)) = self.pending.get(&task) {
            if due <= at {
                return;
            }
        }
        if !task.is_periodic() {
            self.active += 1;
        }
        self.seq += 1;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(task.clone());
                slot
            }
            None => {
                self.slots.push(Some(task.clone()));
                (self.slots.len() - 1) as u32
            }
        };
        self.pending.insert(task, (at, slot));
        self.heap.push(Reverse((at, self.seq, slot)));
    }

    pub fn peek_time(&self) -> Option<Time> {
        self.heap.peek().map(|Reverse((t, _, _))| *t)
    }

    pub fn pop(&mut self) -> Option<(Time, Task)> {
        loop {
            let Reverse((at, _, slot)) = self.heap.pop()?;
            let Some(task) = self.slots.get_mut(slot as usize).and_then(Option::take) else {
                // A task taken out of the queue (`take_idle_due`) left its slot empty.
                self.free.push(slot);
                continue;
            };
            self.free.push(slot);
            if !task.is_periodic() {
                self.active -= 1;
            }
            // A superseded copy (the task was re-queued earlier) is dropped.
            if self.pending.get(&task).map(|p| p.0) == Some(at) {
                self.pending.remove(&task);
                if !self.idle.is_empty() {
                    self.idle.remove(&task);
                }
                return Some((at, task));
            }
        }
    }

    /// Whether every queued task that is not periodic is idle on a store with `writes` writes:
    /// nothing queued would change anything.
    pub fn quiet(&self, writes: u64) -> bool {
        self.active == self.idle.len() && self.idle.iter().all(|(_, i)| i.writes == writes)
    }

    /// The idle tasks due no later than `by`, taken out of the queue with their due times.
    pub fn take_idle_due(&mut self, by: Time) -> Vec<(Time, Task, Idle)> {
        let due: Vec<(Time, u32, Task, Idle)> = self
            .idle
            .iter()
            .filter_map(|(task, idle)| {
                let (at, slot) = *self.pending.get(task)?;
                (at <= by).then(|| (at, slot, task.clone(), *idle))
            })
            .collect();
        due.into_iter()
            .map(|(at, slot, task, idle)| {
                // The heap entry stays behind with an empty slot, skipped when popped.
                self.slots[slot as usize] = None;
                self.pending.remove(&task);
                self.idle.remove(&task);
                self.active -= 1;
                (at, task, idle)
            })
            .collect()
    }

    /// Queued periodic tasks (superseded copies included), in no particular order.
    pub fn periodic(&self) -> impl Iterator<Item = &Task> {
        self.slots.iter().flatten().filter(|t| t.is_periodic())
    }
}
