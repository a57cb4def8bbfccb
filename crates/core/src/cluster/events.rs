//! The event recorder: events as the components emit them, aggregated the way client-go's
//! recorder does (the same object, reason, message and source within ten minutes bump `count`
//! and `lastTimestamp` — kubectl's `(x13 over 25s)`).

use super::Cluster;
use crate::api::{Event, EventSource, Object, ObjectReference};
use crate::time::{Duration, Time};
use std::collections::BTreeMap;
use std::rc::Rc;

/// An event and where it came from.
pub type EventRecord = Rc<Event>;

#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// In order of first occurrence.
    events: Vec<Rc<Event>>,
    /// Aggregation key → index into `events`.
    index: BTreeMap<(String, String, String, String), usize>,
    /// Every occurrence in order, aggregated or not: (time, index into `events`).
    occurrences: Vec<(Time, usize)>,
    /// (involved UID, reason) pairs seen, for "emit once" events.
    reasons: std::collections::BTreeSet<(String, String)>,
    seq: u64,
}

impl Recorder {
    pub fn clear(&mut self) {
        self.events.clear();
        self.index.clear();
        self.reasons.clear();
        self.occurrences.clear();
    }
    /// Every occurrence in order, with the event as it is now (count and last time).
    pub fn occurrences(&self) -> impl Iterator<Item = (Time, &Rc<Event>)> {
        self.occurrences.iter().map(|(t, i)| (*t, &self.events[*i]))
    }
    pub fn has(&self, uid: &str, reason: &str) -> bool {
        self.reasons
            .contains(&(uid.to_string(), reason.to_string()))
    }
    pub fn all(&self) -> &[Rc<Event>] {
        &self.events
    }
}

/// The reference an event carries to the object it is about.
pub fn reference(object: &Object) -> ObjectReference {
    let meta = object.meta();
    ObjectReference {
        api_version: object.kind().api_version().into(),
        kind: object.kind().name().into(),
        namespace: meta.namespace.clone(),
        name: meta.name.clone(),
        uid: meta.uid.clone(),
        resource_version: meta.resource_version.clone(),
        field_path: String::new(),
    }
}

impl Cluster {
    /// Events as the API lists them: one object per aggregation, in order of first occurrence.
    pub fn events(&self) -> &[Rc<Event>] {
        self.events.all()
    }

    /// Every event occurrence in order, each with its time (for timelines and tests).
    pub fn event_occurrences(&self) -> impl Iterator<Item = (Time, &Rc<Event>)> {
        self.events.occurrences()
    }

    /// Records an event about `involved` from `component` (on `host`, for kubelets).
    pub(super) fn record(
        &mut self,
        involved: ObjectReference,
        type_: &str,
        reason: &str,
        message: String,
        component: &str,
        host: &str,
    ) {
        let now = self.now;
        let key = (
            involved.uid.clone(),
            reason.to_string(),
            message.clone(),
            component.to_string(),
        );
        self.note(format!(
            "{component}: {reason} {}/{}: {message}",
            involved.kind.to_lowercase(),
            involved.name
        ));
        if let Some(&i) = self.events.index.get(&key) {
            let last = self.events.events[i].last_timestamp.unwrap_or(Time(0));
            if now - last <= Duration::minutes(10) {
                let event = Rc::make_mut(&mut self.events.events[i]);
                event.count += 1;
                event.last_timestamp = Some(now);
                self.events.occurrences.push((now, i));
                return;
            }
        }
        self.events.seq += 1;
        let name = format!(
            "{}.{:x}",
            involved.name,
            (now.0 as u64) * 1_000_000 + self.events.seq
        );
        let event = Event {
            api_version: "v1".into(),
            kind: "Event".into(),
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
            reason: reason.into(),
            message,
            source: EventSource {
                component: component.into(),
                host: host.into(),
            },
            first_timestamp: Some(now),
            last_timestamp: Some(now),
            count: 1,
            type_: type_.into(),
            event_time: None,
            reporting_component: component.into(),
            reporting_instance: host.into(),
        };
        self.events
            .reasons
            .insert((event.involved_object.uid.clone(), reason.to_string()));
        self.events.index.insert(key, self.events.events.len());
        self.events
            .occurrences
            .push((now, self.events.events.len()));
        self.events.events.push(Rc::new(event));
    }
}
