//! The event queue of the virtual clock: tasks ordered by time, then by the order they were
//! scheduled in. Identical pending tasks are coalesced, the way an informer work queue
//! coalesces keys.

use crate::api::{Name, ObjectKey};
use crate::hash::FastMap;
use crate::time::Time;
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
    /// Earliest pending time of each queued task, for coalescing.
    pending: FastMap<Task, Time>,
    seq: u64,
    /// Queued tasks that are not periodic.
    active: usize,
}

impl Queue {
    /// Queues `task` at `at` unless the same task is already due no later.
    pub fn push(&mut self, at: Time, task: Task) {
        if let Some(&due) = self.pending.get(&task) {
            if due <= at {
                return;
            }
        }
        self.pending.insert(task.clone(), at);
        if !task.is_periodic() {
            self.active += 1;
        }
        self.seq += 1;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(task);
                slot
            }
            None => {
                self.slots.push(Some(task));
                (self.slots.len() - 1) as u32
            }
        };
        self.heap.push(Reverse((at, self.seq, slot)));
    }

    pub fn peek_time(&self) -> Option<Time> {
        self.heap.peek().map(|Reverse((t, _, _))| *t)
    }

    pub fn pop(&mut self) -> Option<(Time, Task)> {
        loop {
            let Reverse((at, _, slot)) = self.heap.pop()?;
            let Some(task) = self.slots.get_mut(slot as usize).and_then(Option::take) else {
                continue; // not reached: every heap entry's slot holds its task
            };
            self.free.push(slot);
            if !task.is_periodic() {
                self.active -= 1;
            }
            // A superseded copy (the task was re-queued earlier) is dropped.
            if self.pending.get(&task) == Some(&at) {
                self.pending.remove(&task);
                return Some((at, task));
            }
        }
    }

    pub fn active(&self) -> usize {
        self.active
    }

    /// Queued periodic tasks (superseded copies included), in no particular order.
    pub fn periodic(&self) -> impl Iterator<Item = &Task> {
        self.slots.iter().flatten().filter(|t| t.is_periodic())
    }
}
