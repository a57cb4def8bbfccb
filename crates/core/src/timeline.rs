//! Time travel: every input to the simulation is journaled, every step is a numbered moment,
//! and the cluster can be put back at any earlier moment by restoring the nearest checkpoint
//! (a cheap clone: objects are shared behind `Rc`) and replaying the journal, which is
//! deterministic. Acting from a past moment discards the old future.

use crate::api::{Object, ObjectKey};
use crate::cluster::{
    ApiError, Cluster, Cut, DeleteOptions, Fault, Meter, SettleOutcome, StepReport,
};
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
    /// What a stepping input did: the changes it made, a settle's verdict, and why it
    /// stopped before its natural end if it did (the clock then stands at its last change).
    Steps {
        reports: Vec<StepReport>,
        settle: Option<SettleOutcome>,
        cut: Option<Cut>,
    },
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
    /// The cluster's task count when the entry began: what its task budget counts from.
    first_task: u64,
    /// Where a run cut short stopped (the cluster's task count then): a replay stops there.
    until: Option<u64>,
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

/// The most moments a timeline keeps. Past it the oldest half is compacted away (down to a
/// checkpoint, so every kept moment can still be sought): the history's start moves forward,
/// the journal stays whole, and [`Timeline::first`] says where the history now starts. A
/// moment of a small cluster costs a few hundred bytes (the step report's changes and a share
/// of the checkpoints), so the history stays within about 150 MB.
pub const HISTORY_MOMENTS: usize = 120_000;

#[derive(Clone, Debug)]
pub struct Timeline {
    cluster: Cluster,
    journal: Vec<Entry>,
    /// The moments kept: moment `first + i` is `moments[i]`.
    moments: Vec<Moment>,
    /// Moments compacted away at the start of the history.
    first: usize,
    checkpoints: Vec<Checkpoint>,
    /// Where the cluster stands: the number of moments that have happened.
    position: usize,
    checkpoint_every: usize,
    /// The last entry was paused by [`apply_sliced`](Self::apply_sliced) and can go on, with
    /// the meter of its run (so that a run in slices keeps the budgets of one run).
    paused: Option<Meter>,
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
            first: 0,
            checkpoints: vec![first],
            position: 0,
            checkpoint_every: CHECKPOINT_EVERY,
            paused: None,
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

    /// The moments kept (see [`first`](Self::first)): moment `first() + i + 1` is the
    /// cluster after `moments()[i]`.
    pub fn moments(&self) -> &[Moment] {
        &self.moments
    }

    /// Moment `n` (1-based, as positions count), if it is still kept.
    pub fn moment(&self, n: usize) -> Option<&Moment> {
        n.checked_sub(self.first + 1)
            .and_then(|i| self.moments.get(i))
    }

    /// How many moments at the start of the history were compacted away: the earliest
    /// position a seek reaches.
    pub fn first(&self) -> usize {
        self.first
    }

    pub fn position(&self) -> usize {
        self.position
    }

    /// Moments that have happened, compacted ones included.
    pub fn len(&self) -> usize {
        self.first + self.moments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// Whether the cluster stands before the newest moment.
    pub fn is_rewound(&self) -> bool {
        self.position < self.len()
    }

    /// Whether the last input was paused part way ([`apply_sliced`](Self::apply_sliced)).
    pub fn is_paused(&self) -> bool {
        self.paused.is_some()
    }

    /// Applies `input` at the current position, discarding any future first, and runs it to
    /// its end or until a budget of [`LIMITS`] stops it.
    pub fn apply(&mut self, input: Input) -> Outcome {
        self.apply_sliced(input, usize::MAX)
    }

    /// Like [`apply`](Self::apply), but a stepping input pauses after `slice` moments
    /// (`Outcome::Steps` with `Cut::Paused`); [`resume`](Self::resume) goes on with it and
    /// [`stop`](Self::stop) ends it there. While paused, the history is exactly what ran.
    pub fn apply_sliced(&mut self, input: Input, slice: usize) -> Outcome {
        self.stop();
        if self.is_rewound() {
            self.truncate_future();
        }
        self.journal.push(Entry {
            input,
            start: self.cluster.now(),
            first_task: self.cluster.tasks_run(),
            until: None,
        });
        self.run_last(slice)
    }

    /// Goes on with a paused input for up to `slice` more moments; `None` when none is paused.
    pub fn resume(&mut self, slice: usize) -> Option<Outcome> {
        if self.paused.is_none() || self.is_rewound() {
            self.paused = None;
            return None;
        }
        Some(self.run_last(slice))
    }

    /// Ends a paused input where it stands.
    pub fn stop(&mut self) {
        self.paused = None;
    }

    /// Runs the newest journal entry from where the cluster stands.
    fn run_last(&mut self, slice: usize) -> Outcome {
        let index = self.journal.len() - 1;
        let entry = self.journal[index].clone();
        let done_in_entry = self
            .moments
            .iter()
            .rev()
            .take_while(|m| m.entry == index)
            .count();
        let mut meter = match self.paused.take() {
            Some(meter) => meter.resumed(slice),
            None => Meter::for_entry(entry.first_task, done_in_entry, slice),
        };
        let mut moments = std::mem::take(&mut self.moments);
        let mut checkpoints = std::mem::take(&mut self.checkpoints);
        let (every, first) = (self.checkpoint_every, self.first);
        let outcome = run(
            &mut self.cluster,
            &entry,
            index,
            None,
            &mut meter,
            &mut |cluster, moment| {
                moments.push(moment);
                let last = checkpoints.last().map_or(0, |c| c.moments);
                if first + moments.len() - last >= every {
                    checkpoints.push(Checkpoint {
                        moments: first + moments.len(),
                        cluster: cluster.clone(),
                    });
                }
            },
        );
        self.moments = moments;
        self.checkpoints = checkpoints;
        self.paused = (meter.cut() == Some(Cut::Paused)).then_some(meter);
        self.journal[index].until = meter.cut().map(|_| self.cluster.tasks_run());
        self.position = self.len();
        self.compact();
        outcome
    }

    /// Past [`HISTORY_MOMENTS`], forgets the oldest moments down to a checkpoint.
    fn compact(&mut self) {
        if self.moments.len() <= HISTORY_MOMENTS {
            return;
        }
        let keep_from = self.len() - HISTORY_MOMENTS / 2;
        let Some(base) = self
            .checkpoints
            .iter()
            .rposition(|c| c.moments <= keep_from && c.moments > self.first)
        else {
            return;
        };
        let new_first = self.checkpoints[base].moments;
        self.checkpoints.drain(..base);
        self.moments.drain(..new_first - self.first);
        self.first = new_first;
        self.position = self.position.max(new_first);
    }

    /// The same inputs replayed on a cluster made from `config` (another Kubernetes version,
    /// another seed): a what-if of the whole session. The new history starts at its end.
    pub fn replay_with(&self, config: crate::cluster::Config) -> Timeline {
        let mut replayed =
            Timeline::with_checkpoint_every(Cluster::new(config), self.checkpoint_every);
        for entry in &self.journal {
            replayed.apply(entry.input.clone());
        }
        replayed.paused = None;
        replayed
    }

    /// Puts the cluster back as it was after `moment` moments (0: before anything; no
    /// earlier than [`first`](Self::first)).
    pub fn seek(&mut self, moment: usize) {
        let moment = moment.clamp(self.first, self.len());
        if moment == self.position {
            return;
        }
        self.paused = None;
        let checkpoint = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.moments <= moment)
            .expect("a checkpoint at the history's first moment");
        let mut cluster = checkpoint.cluster.clone();
        let mut reached = checkpoint.moments;
        while reached < moment {
            let entry_index = self.moments[reached - self.first].entry;
            let entry = &self.journal[entry_index];
            let left_in_entry = self.moments[reached - self.first..]
                .iter()
                .take_while(|m| m.entry == entry_index)
                .count();
            let wanted = (moment - reached).min(left_in_entry);
            let budget = (wanted < left_in_entry).then_some(wanted);
            let mut meter = Meter::replay(&cluster, entry.until);
            run(
                &mut cluster,
                entry,
                entry_index,
                budget,
                &mut meter,
                &mut |_, _| {},
            );
            reached += wanted;
        }
        self.cluster = cluster;
        self.position = moment;
    }

    /// Forgets every moment after the current position. An entry cut in the middle becomes a
    /// run of single steps, so the journal replays exactly the moments kept.
    fn truncate_future(&mut self) {
        self.paused = None;
        let keep = self.position;
        let local = keep - self.first;
        let cut_entry = self.moments[local].entry;
        let first_of_entry = self.moments[..local]
            .iter()
            .rposition(|m| m.entry != cut_entry)
            .map_or(0, |i| i + 1);
        let kept_in_entry = local - first_of_entry;
        let (start, first_task) = (
            self.journal[cut_entry].start,
            self.journal[cut_entry].first_task,
        );
        self.journal.truncate(cut_entry);
        for (i, m) in self.moments[first_of_entry..local].iter_mut().enumerate() {
            m.entry = cut_entry + i;
            self.journal.push(Entry {
                input: Input::Step,
                start,
                first_task,
                until: None,
            });
        }
        debug_assert!(
            kept_in_entry == 0
                || self.moments[first_of_entry..local]
                    .iter()
                    .all(|m| m.step.is_some())
        );
        self.moments.truncate(local);
        self.checkpoints.retain(|c| c.moments <= keep);
    }
}

/// Runs `entry` from the cluster's current state, as far as `meter` allows. With `budget`,
/// stops after that many of its moments (the cluster is then partway through the entry);
/// `on_moment` sees each moment.
fn run(
    cluster: &mut Cluster,
    entry: &Entry,
    index: usize,
    budget: Option<usize>,
    meter: &mut Meter,
    on_moment: &mut dyn FnMut(&Cluster, Moment),
) -> Outcome {
    let mut left = budget.unwrap_or(usize::MAX);
    let steps = |reports, settle, meter: &Meter| Outcome::Steps {
        reports,
        settle,
        cut: meter.cut(),
    };
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
    let (end, settling) = match &entry.input {
        Input::Advance(span) => (Some(entry.start + *span), false),
        Input::Settle(limit) => (Some(entry.start + *limit), true),
        Input::StepUntil(deadline) => (Some(*deadline), false),
        _ => (None, false),
    };
    // A step (or a step until a time) makes at most one moment and never moves the clock
    // past its change.
    let single = matches!(entry.input, Input::Step | Input::StepUntil(_));
    let mut reports = Vec::new();
    loop {
        if left == 0 {
            return steps(reports, None, meter);
        }
        if settling && cluster.is_settled() {
            break;
        }
        let Some(report) = cluster.step_within(end, meter) else {
            break;
        };
        left -= 1;
        meter.moment();
        on_moment(
            cluster,
            Moment {
                at: report.at,
                entry: index,
                step: Some(report.clone()),
            },
        );
        reports.push(report);
        if single {
            return steps(reports, None, meter);
        }
    }
    let Some(end) = end.filter(|_| !single) else {
        return steps(reports, None, meter);
    };
    if left == 0 || meter.cut().is_some() {
        return steps(reports, None, meter);
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
    steps(reports, verdict, meter)
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
