//! The event queue of the virtual clock: tasks ordered by time, then by the order they were
//! scheduled in. Identical pending tasks are coalesced, the way an informer work queue
//! coalesces keys.

use crate::api::ObjectKey;
use crate::hash::FastMap;
use crate::time::Time;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Task {
    /// A StatefulSet controller sync of one set.
    SyncSet(ObjectKey),
    /// The scheduler tries to place one pod.
    Schedule(ObjectKey),
    /// The volume provisioner looks at one claim.
    Provision(ObjectKey),
    /// The kubelet of the pod's node syncs one pod (`uid` guards against re-created pods).
    Kubelet { pod: ObjectKey, uid: String },
    /// A readiness or liveness probe of one pod; periodic.
    Probe { pod: ObjectKey, uid: String },
    /// The garbage collector looks for dependents of deleted owners.
    CollectGarbage,
    /// The node lifecycle controller checks one node's heartbeat.
    NodeMonitor(String),
    /// The taint-eviction controller checks one pod on a tainted node.
    TaintEviction { pod: ObjectKey, uid: String },
    /// The PVC-protection controller checks one terminating claim.
    PvcProtection(ObjectKey),
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
    heap: BinaryHeap<Reverse<(Time, u64, Task)>>,
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
        self.heap.push(Reverse((at, self.seq, task)));
    }

    pub fn peek_time(&self) -> Option<Time> {
        self.heap.peek().map(|Reverse((t, _, _))| *t)
    }

    pub fn pop(&mut self) -> Option<(Time, Task)> {
        loop {
            let Reverse((at, _, task)) = self.heap.pop()?;
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

    pub fn periodic(&self) -> impl Iterator<Item = &Task> {
        self.heap
            .iter()
            .map(|Reverse((_, _, t))| t)
            .filter(|t| t.is_periodic())
    }
}
