//! Time travel: every input to the simulation is journaled, every step is a numbered moment,
//! and the cluster can be put back at any earlier moment by restoring the nearest checkpoint
//! (a cheap clone: objects are shared behind `Rc`) and replaying the journal, which is
//! deterministic. Acting from a past moment discards the old future.

use crate::api::{Object, ObjectKey};
use crate::cluster::{ApiError, Cluster, DeleteOptions, Fault, SettleOutcome, StepReport};
use crate::time::{Duration, Time};
use std::rc::Rc;

/// Everything that can change the cluster from outside.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Create(Object),
    Update(Object),
    Delete(ObjectKey, DeleteOptions),
    SetFault {
        namespace: String,
        pod: String,
        fault: Fault,
    },
    Heal {
        namespace: String,
        pod: String,
    },
    CrashOnce {
        namespace: String,
        pod: String,
    },
    Evict {
        namespace: String,
        pod: String,
    },
    ImageBroken {
        image: String,
        broken: bool,
    },
    NodeDown(String),
    NodeUp(String),
    /// `kubectl cordon` (true) / `uncordon` (false).
    Cordon {
        node: String,
        unschedulable: bool,
    },
    /// The Eviction API, as `kubectl drain` calls it (honours PodDisruptionBudgets).
    EvictApi {
        namespace: String,
        pod: String,
    },
    WriteFile {
        namespace: String,
        claim: String,
        path: String,
        content: String,
    },
    /// One step; no moment at all when the cluster is settled.
    Step,
    /// One step among the tasks due no later than the time; no moment when none changes
    /// anything (what a command waiting with a deadline needs).
    StepUntil(Time),
    /// Run everything due within the span; the clock ends at its end.
    Advance(Duration),
    /// Run until settled or until the limit has passed.
    Settle(Duration),
}

impl Input {
    fn steps(&self) -> bool {
        matches!(
            self,
            Input::Step | Input::StepUntil(_) | Input::Advance(_) | Input::Settle(_)
        )
    }
}

/// What an input did, for the caller to print.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Applied(Result<Option<Rc<Object>>, ApiError>),
    /// Whether a fault, node or file command found its target.
    Done(bool),
    Steps(Vec<StepReport>, Option<SettleOutcome>),
    /// Whether a cordon changed the node, or why the API refused an eviction.
    Changed(Result<bool, ApiError>),
}

/// One numbered moment: an input taking effect, one step, or the clock reaching the end of an
/// advance or settle.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub at: Time,
    /// The journal entry this moment belongs to.
    pub entry: usize,
    /// The step's report; `None` for an input or a clock move.
    pub step: Option<StepReport>,
}

#[derive(Clone, Debug)]
struct Entry {
    input: Input,
    /// The clock when the entry began (advances and settles end relative to it).
    start: Time,
}

#[derive(Clone, Debug)]
struct Checkpoint {
    /// Moments that had happened when it was taken.
    moments: usize,
    cluster: Cluster,
}

/// A checkpoint every this many moments by default: a seek replays at most this many steps.
/// Each checkpoint copies the store's maps (its objects and key names are shared) and keeps
/// the object versions of its moment alive, about 2.5 MB for a 600-replica set, so this trades
/// seek time against memory: at 1024, a 10,000-moment history of a 600-replica set (created,
/// then updated) seeks in about 10 ms (median; under 30 ms worst) and grows the process by
/// about 59 MB (the `simulation` benchmark, `--seek`); with only the first checkpoint a seek
/// takes about 100 ms and the history 37 MB.
pub const CHECKPOINT_EVERY: usize = 1024;

#[derive(Clone, Debug)]
pub struct Timeline {
    cluster: Cluster,
    journal: Vec<Entry>,
    moments: Vec<Moment>,
    checkpoints: Vec<Checkpoint>,
    /// Where the cluster stands: the number of moments that have happened.
    position: usize,
    checkpoint_every: usize,
}

impl Timeline {
    pub fn new(cluster: Cluster) -> Timeline {
        let first = Checkpoint {
            moments: 0,
            cluster: cluster.clone(),
        };
        Timeline {
            cluster,
            journal: Vec::new(),
            moments: Vec::new(),
            checkpoints: vec![first],
            position: 0,
            checkpoint_every: CHECKPOINT_EVERY,
        }
    }

    /// A timeline that checkpoints every `n` moments (at least 1).
    pub fn with_checkpoint_every(cluster: Cluster, n: usize) -> Timeline {
        Timeline {
            checkpoint_every: n.max(1),
            ..Timeline::new(cluster)
        }
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn moments(&self) -> &[Moment] {
        &self.moments
    }

    pub fn position(&self) -> usize {
        self.position
    }

    pub fn len(&self) -> usize {
        self.moments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.moments.is_empty()
    }

    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// Whether the cluster stands before the newest moment.
    pub fn is_rewound(&self) -> bool {
        self.position < self.moments.len()
    }

    /// Applies `input` at the current position, discarding any future first.
    pub fn apply(&mut self, input: Input) -> Outcome {
        if self.is_rewound() {
            self.truncate_future();
        }
        let entry = Entry {
            input,
            start: self.cluster.now(),
        };
        let index = self.journal.len();
        let mut moments = std::mem::take(&mut self.moments);
        let mut checkpoints = std::mem::take(&mut self.checkpoints);
        let every = self.checkpoint_every;
        let outcome = run(
            &mut self.cluster,
            &entry,
            index,
            None,
            &mut |cluster, moment| {
                moments.push(moment);
                let last = checkpoints.last().map_or(0, |c| c.moments);
                if moments.len() - last >= every {
                    checkpoints.push(Checkpoint {
                        moments: moments.len(),
                        cluster: cluster.clone(),
                    });
                }
            },
        );
        self.moments = moments;
        self.checkpoints = checkpoints;
        self.journal.push(entry);
        self.position = self.moments.len();
        outcome
    }

    /// The same inputs replayed on a cluster made from `config` (another Kubernetes version,
    /// another seed): a what-if of the whole session. The new history starts at its end.
    pub fn replay_with(&self, config: crate::cluster::Config) -> Timeline {
        let mut replayed =
            Timeline::with_checkpoint_every(Cluster::new(config), self.checkpoint_every);
        for entry in &self.journal {
            replayed.apply(entry.input.clone());
        }
        replayed
    }

    /// Puts the cluster back as it was after `moment` moments (0: before anything).
    pub fn seek(&mut self, moment: usize) {
        let moment = moment.min(self.moments.len());
        if moment == self.position {
            return;
        }
        let checkpoint = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.moments <= moment)
            .expect("the first checkpoint is at moment 0");
        let mut cluster = checkpoint.cluster.clone();
        let mut reached = checkpoint.moments;
        while reached < moment {
            let entry_index = self.moments[reached].entry;
            let entry = &self.journal[entry_index];
            let left_in_entry = self.moments[reached..]
                .iter()
                .take_while(|m| m.entry == entry_index)
                .count();
            let wanted = (moment - reached).min(left_in_entry);
            let budget = (wanted < left_in_entry).then_some(wanted);
            run(&mut cluster, entry, entry_index, budget, &mut |_, _| {});
            reached += wanted;
        }
        self.cluster = cluster;
        self.position = moment;
    }

    /// Forgets every moment after the current position. An entry cut in the middle becomes a
    /// run of single steps, so the journal replays exactly the moments kept.
    fn truncate_future(&mut self) {
        let keep = self.position;
        let cut_entry = self.moments[keep].entry;
        let first_of_entry = self.moments[..keep]
            .iter()
            .rposition(|m| m.entry != cut_entry)
            .map_or(0, |i| i + 1);
        let kept_in_entry = keep - first_of_entry;
        let start = self.journal[cut_entry].start;
        self.journal.truncate(cut_entry);
        for (i, m) in self.moments[first_of_entry..keep].iter_mut().enumerate() {
            m.entry = cut_entry + i;
            self.journal.push(Entry {
                input: Input::Step,
                start,
            });
        }
        debug_assert!(
            kept_in_entry == 0
                || self.moments[first_of_entry..keep]
                    .iter()
                    .all(|m| m.step.is_some())
        );
        self.moments.truncate(keep);
        self.checkpoints.retain(|c| c.moments <= keep);
    }
}

/// Runs `entry` from the cluster's current state. With `budget`, stops after that many of its
/// moments (the cluster is then partway through the entry); `on_moment` sees each moment.
fn run(
    cluster: &mut Cluster,
    entry: &Entry,
    index: usize,
    budget: Option<usize>,
    on_moment: &mut dyn FnMut(&Cluster, Moment),
) -> Outcome {
    let mut left = budget.unwrap_or(usize::MAX);
    if !entry.input.steps() {
        if left == 0 {
            return Outcome::Done(false);
        }
        let outcome = apply_write(cluster, &entry.input);
        on_moment(
            cluster,
            Moment {
                at: cluster.now(),
                entry: index,
                step: None,
            },
        );
        return outcome;
    }
    if let Input::StepUntil(deadline) = entry.input {
        if left == 0 {
            return Outcome::Steps(Vec::new(), None);
        }
        let Some(report) = cluster.step_before(deadline) else {
            return Outcome::Steps(Vec::new(), None);
        };
        on_moment(
            cluster,
            Moment {
                at: report.at,
                entry: index,
                step: Some(report.clone()),
            },
        );
        return Outcome::Steps(vec![report], None);
    }
    let (end, settling) = match &entry.input {
        Input::Advance(span) => (Some(entry.start + *span), false),
        Input::Settle(limit) => (Some(entry.start + *limit), true),
        _ => (None, false),
    };
    let mut reports = Vec::new();
    loop {
        if left == 0 {
            return Outcome::Steps(reports, None);
        }
        if settling && cluster.is_settled() {
            break;
        }
        let report = match end {
            Some(end) => cluster.step_before(end),
            None => cluster.step(),
        };
        let Some(report) = report else { break };
        left -= 1;
        on_moment(
            cluster,
            Moment {
                at: report.at,
                entry: index,
                step: Some(report.clone()),
            },
        );
        reports.push(report);
        if end.is_none() {
            return Outcome::Steps(reports, None);
        }
    }
    let Some(end) = end else {
        return Outcome::Steps(reports, None);
    };
    if left == 0 {
        return Outcome::Steps(reports, None);
    }
    let settled = cluster.is_settled();
    if !settling || !settled {
        cluster.set_clock(end);
    }
    on_moment(
        cluster,
        Moment {
            at: cluster.now(),
            entry: index,
            step: None,
        },
    );
    let verdict = settling.then_some(if settled {
        SettleOutcome::Settled
    } else {
        SettleOutcome::Limit
    });
    Outcome::Steps(reports, verdict)
}

fn apply_write(cluster: &mut Cluster, input: &Input) -> Outcome {
    match input {
        Input::Create(o) => Outcome::Applied(cluster.create(o.clone()).map(Some)),
        Input::Update(o) => Outcome::Applied(cluster.update(o.clone()).map(Some)),
        Input::Delete(k, opts) => Outcome::Applied(cluster.delete(k, *opts).map(|_| None)),
        Input::SetFault {
            namespace,
            pod,
            fault,
        } => {
            cluster.set_fault(namespace, pod, *fault);
            Outcome::Done(true)
        }
        Input::Heal { namespace, pod } => Outcome::Done(cluster.heal(namespace, pod)),
        Input::CrashOnce { namespace, pod } => Outcome::Done(cluster.crash_once(namespace, pod)),
        Input::Evict { namespace, pod } => Outcome::Done(cluster.evict(namespace, pod)),
        Input::ImageBroken { image, broken } => {
            cluster.set_image_broken(image, *broken);
            Outcome::Done(true)
        }
        Input::NodeDown(n) => Outcome::Done(cluster.node_down(n)),
        Input::NodeUp(n) => Outcome::Done(cluster.node_up(n)),
        Input::Cordon {
            node,
            unschedulable,
        } => Outcome::Changed(cluster.set_unschedulable(node, *unschedulable)),
        Input::EvictApi { namespace, pod } => {
            Outcome::Changed(cluster.evict_via_api(namespace, pod).map(|()| true))
        }
        Input::WriteFile {
            namespace,
            claim,
            path,
            content,
        } => Outcome::Done(cluster.write_volume_file(namespace, claim, path, content.clone())),
        Input::Step | Input::StepUntil(_) | Input::Advance(_) | Input::Settle(_) => {
            unreachable!("stepping inputs are run by `run`")
        }
    }
}
