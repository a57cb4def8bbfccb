//! The event recorder: events as the components emit them, aggregated the way client-go's
//! recorder does (the same object and field path, reason, message and source within ten minutes bump `count`
//! and `lastTimestamp` — kubectl's `(x13 over 25s)`).

use super::{Change, Cluster};
use crate::api::{Event, EventSource, Kind, Object, ObjectMeta, ObjectReference, Shared, Text};
use crate::hash::{FastMap, FastSet};
use crate::sharedlog::SharedLog;
use crate::time::{Duration, Time};
use std::rc::Rc;

/// A repeat of an event within this span joins it (`count`, `lastTimestamp`).
const REPEAT_WINDOW: Duration = Duration::minutes(10);
/// The size from which the recorder's index is pruned of events too old to repeat into.
const PRUNE_FROM: usize = 4096;

/// An event and where it came from.
pub type EventRecord = Rc<Event>;

#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// In order of first occurrence. Shared logs, like the others that grow with every
    /// distinct event: each checkpoint of the history clones the recorder.
    events: SharedLog<Rc<Event>>,
    /// Each event as first recorded, never changed: what the step report of a repeat
    /// carries, so that a report does not keep a copy of every count the event went through
    /// (only its reason, message and source are shown).
    originals: SharedLog<Rc<Event>>,
    /// Hash of the aggregation key (object, reason, message, source) → the latest event with
    /// that hash. Hashes keep checkpoints small (no strings or vectors to copy); a hit is
    /// confirmed against the event.
    index: FastMap<u64, usize>,
    /// The index is pruned of events too old to be repeated into once it reaches this size.
    prune_at: usize,
    /// For each event, the previous event with the same hash (`usize::MAX`: none): the chain
    /// a lookup follows past a hash collision.
    same_hash: SharedLog<usize>,
    /// Every occurrence in order, aggregated or not: (time, index into `events`).
    occurrences: SharedLog<(Time, usize)>,
    /// (involved UID, reason) pairs seen, for "emit once" events.
    reasons: FastSet<u64>,
    seq: u64,
}

impl Recorder {
    pub fn clear(&mut self) {
        self.events.clear();
        self.originals.clear();
        self.index.clear();
        self.same_hash.clear();
        self.reasons.clear();
        self.occurrences.clear();
    }
    /// Every occurrence in order, with the event as it is now (count and last time).
    pub fn occurrences(&self) -> impl Iterator<Item = (Time, &Rc<Event>)> {
        self.occurrences
            .iter()
            .filter_map(|(t, i)| Some((*t, self.events.get(*i)?)))
    }
    pub fn has(&self, uid: &str, reason: &str) -> bool {
        self.reasons.contains(&key_hash(&[uid, reason]))
    }
    pub fn all(&self) -> &SharedLog<Rc<Event>> {
        &self.events
    }

    /// Drops from the index the events a repeat can no longer join (last seen more than
    /// [`REPEAT_WINDOW`] before `now`), so that the index holds only recent events however
    /// long the history grows.
    fn prune(&mut self, now: Time) {
        if self.index.len() < self.prune_at.max(PRUNE_FROM) {
            return;
        }
        let (events, same_hash) = (&self.events, &self.same_hash);
        let fresh = |i: usize| {
            events
                .get(i)
                .and_then(|e| e.last_timestamp)
                .is_some_and(|last| now - last <= REPEAT_WINDOW)
        };
        self.index.retain(|_, head| {
            // A hash's chain runs from its newest event to older ones; keep it while any
            // of them can still be repeated into.
            let mut at = Some(*head);
            while let Some(i) = at {
                if fresh(i) {
                    return true;
                }
                at = same_hash.get(i).copied().filter(|&p| p != usize::MAX);
            }
            false
        });
        self.prune_at = self.index.len() * 2;
    }
}

/// An event as one line of a step's notes: `component: Reason kind/name: message`.
pub struct EventNote<'a>(pub &'a Event);

impl std::fmt::Display for EventNote<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = self.0;
        write!(
            f,
            "{}: {} {}/{}: {}",
            e.source.component,
            e.reason,
            e.involved_object.kind.to_ascii_lowercase(),
            e.involved_object.name,
            e.message
        )
    }
}

/// The reference an event carries to the object it is about.
pub fn reference(object: &Object) -> ObjectReference {
    reference_to(object.kind(), object.meta())
}

/// [`reference`] from an object's kind and metadata (no object to build).
pub fn reference_to(kind: Kind, meta: &ObjectMeta) -> ObjectReference {
    ObjectReference {
        api_version: Text::Borrowed(kind.api_version()),
        kind: Text::Borrowed(kind.name()),
        namespace: meta.namespace.clone(),
        name: meta.name.clone(),
        uid: meta.uid.clone(),
        resource_version: meta.resource_version.clone(),
        field_path: String::new(),
    }
}

impl Cluster {
    /// Events as the API lists them: one object per aggregation, in order of first occurrence.
    pub fn events(&self) -> &SharedLog<Rc<Event>> {
        self.events.all()
    }

    /// Every event occurrence in order, each with its time (for timelines and tests).
    pub fn event_occurrences(&self) -> impl Iterator<Item = (Time, &Rc<Event>)> {
        self.events.occurrences()
    }

    /// Records an event about `involved` from `component` (on `host`, for kubelets).
    pub(super) fn record(
        &mut self,
        involved: impl Into<Shared<ObjectReference>>,
        type_: &'static str,
        reason: &'static str,
        message: String,
        component: impl Into<Text>,
        host: &str,
    ) {
        let now = self.now;
        let host = crate::api::Name::shared(host);
        let involved: Shared<ObjectReference> = involved.into();
        let component: Text = component.into();
        let component = &component;
        // client-go's `getEventKey`: the object down to the field path (which container of
        // the pod), the reason, the message and the source. From 1.35 the kubelet's messages
        // no longer name the container, so the field path is what keeps two apart.
        let key = key_hash(&[
            &involved.uid,
            &involved.field_path,
            reason,
            &message,
            component,
        ]);
        let same = |e: &Event| {
            e.involved_object.uid == involved.uid
                && e.involved_object.field_path == involved.field_path
                && e.reason == reason
                && e.message == message
                && e.source.component == *component
        };
        let mut candidate = self.events.index.get(&key).copied();
        let found = loop {
            match candidate {
                Some(i) if self.events.events.get(i).is_some_and(|e| same(e)) => break Some(i),
                Some(i) => {
                    candidate = self
                        .events
                        .same_hash
                        .get(i)
                        .copied()
                        .filter(|&p| p != usize::MAX)
                }
                None => break None,
            }
        };
        if let Some(i) = found {
            let last = self.events.events.get(i).and_then(|e| e.last_timestamp);
            if now - last.unwrap_or(Time(0)) <= REPEAT_WINDOW {
                let shared = self.events.events.get_mut(i).expect("an indexed event");
                let event = Rc::make_mut(shared);
                event.count += 1;
                event.last_timestamp = Some(now);
                self.events.occurrences.push((now, i));
                let event = self
                    .events
                    .originals
                    .get(i)
                    .expect("an indexed event")
                    .clone();
                self.change(Change::Event(event));
                return;
            }
        }
        self.events.seq += 1;
        let name = crate::api::Name::format(format_args!(
            "{}.{:x}",
            involved.name,
            (now.0 as u64) * 1_000_000 + self.events.seq
        ));
        let event = Event {
            api_version: Text::Borrowed("v1"),
            kind: Text::Borrowed("Event"),
            metadata: crate::api::ObjectMeta {
                name,
                namespace: if involved.namespace.is_empty() {
                    "default".into()
                } else {
                    involved.namespace.clone()
                },
                creation_timestamp: Some(now),
                ..Default::default()
            },
            involved_object: involved,
            reason: Text::Borrowed(reason),
            message,
            source: EventSource {
                component: component.clone(),
                host: host.clone(),
            },
            first_timestamp: Some(now),
            last_timestamp: Some(now),
            count: 1,
            type_: Text::Borrowed(type_),
            event_time: None,
            reporting_component: component.clone(),
            reporting_instance: host,
        };
        self.events
            .reasons
            .insert(key_hash(&[&event.involved_object.uid, reason]));
        self.events.prune(now);
        let position = self.events.events.len();
        let previous = self.events.index.insert(key, position);
        self.events.same_hash.push(previous.unwrap_or(usize::MAX));
        self.events
            .occurrences
            .push((now, self.events.events.len()));
        let event = Rc::new(event);
        self.events.events.push(event.clone());
        self.events.originals.push(event.clone());
        self.change(Change::Event(event));
    }
}

/// A fixed hash of the parts, separated, for the recorder's indexes.
fn key_hash(parts: &[&str]) -> u64 {
    // A word at a time (the store's fixed hasher); each part is ended by a byte no UTF-8
    // string contains, so ("a", "bc") and ("ab", "c") differ.
    use std::hash::Hasher;
    let mut h = crate::hash::FxHasher::default();
    for part in parts {
        h.write(part.as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
}
