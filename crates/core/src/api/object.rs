//! Kinds and the `Object` sum type the store holds.

use super::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// Every kind the cluster stores. The first group is simulated; the second is stored, listed,
/// described and deleted, but nothing acts on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    StatefulSet,
    Pod,
    PersistentVolumeClaim,
    PersistentVolume,
    StorageClass,
    Service,
    Endpoints,
    EndpointSlice,
    ControllerRevision,
    Node,
    Event,
    Namespace,
    ConfigMap,
    Secret,
    ServiceAccount,
    PodDisruptionBudget,
}

impl Kind {
    pub const ALL: [Kind; 16] = [
        Kind::StatefulSet,
        Kind::Pod,
        Kind::PersistentVolumeClaim,
        Kind::PersistentVolume,
        Kind::StorageClass,
        Kind::Service,
        Kind::Endpoints,
        Kind::EndpointSlice,
        Kind::ControllerRevision,
        Kind::Node,
        Kind::Event,
        Kind::Namespace,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::ServiceAccount,
        Kind::PodDisruptionBudget,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::StatefulSet => "StatefulSet",
            Kind::Pod => "Pod",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::PersistentVolume => "PersistentVolume",
            Kind::StorageClass => "StorageClass",
            Kind::Service => "Service",
            Kind::Endpoints => "Endpoints",
            Kind::EndpointSlice => "EndpointSlice",
            Kind::ControllerRevision => "ControllerRevision",
            Kind::Node => "Node",
            Kind::Event => "Event",
            Kind::Namespace => "Namespace",
            Kind::ConfigMap => "ConfigMap",
            Kind::Secret => "Secret",
            Kind::ServiceAccount => "ServiceAccount",
            Kind::PodDisruptionBudget => "PodDisruptionBudget",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The API group ("" for the core group).
    pub fn group(self) -> &'static str {
        match self {
            Kind::StatefulSet | Kind::ControllerRevision => "apps",
            Kind::StorageClass => "storage.k8s.io",
            Kind::PodDisruptionBudget => "policy",
            Kind::EndpointSlice => "discovery.k8s.io",
            _ => "",
        }
    }

    pub fn api_version(self) -> &'static str {
        match self.group() {
            "" => "v1",
            "apps" => "apps/v1",
            "storage.k8s.io" => "storage.k8s.io/v1",
            "discovery.k8s.io" => "discovery.k8s.io/v1",
            _ => "policy/v1",
        }
    }

    /// The plural resource name: `statefulsets`.
    pub fn resource(self) -> &'static str {
        match self {
            Kind::StatefulSet => "statefulsets",
            Kind::Pod => "pods",
            Kind::PersistentVolumeClaim => "persistentvolumeclaims",
            Kind::PersistentVolume => "persistentvolumes",
            Kind::StorageClass => "storageclasses",
            Kind::Service => "services",
            Kind::Endpoints => "endpoints",
            Kind::EndpointSlice => "endpointslices",
            Kind::ControllerRevision => "controllerrevisions",
            Kind::Node => "nodes",
            Kind::Event => "events",
            Kind::Namespace => "namespaces",
            Kind::ConfigMap => "configmaps",
            Kind::Secret => "secrets",
            Kind::ServiceAccount => "serviceaccounts",
            Kind::PodDisruptionBudget => "poddisruptionbudgets",
        }
    }

    /// `statefulsets.apps` — how the API server names the resource in errors.
    pub fn qualified_resource(self) -> String {
        match self.group() {
            "" => self.resource().to_string(),
            g => format!("{}.{g}", self.resource()),
        }
    }

    /// `statefulset.apps` — how kubectl names the kind in `statefulset.apps/web created`.
    pub fn qualified_singular(self) -> String {
        let singular = self.name().to_ascii_lowercase();
        match self.group() {
            "" => singular,
            g => format!("{singular}.{g}"),
        }
    }

    pub fn namespaced(self) -> bool {
        !matches!(
            self,
            Kind::PersistentVolume | Kind::StorageClass | Kind::Node | Kind::Namespace
        )
    }

    /// Whether the cluster simulates this kind, or only stores it.
    pub fn simulated(self) -> bool {
        !matches!(
            self,
            Kind::Namespace
                | Kind::ConfigMap
                | Kind::Secret
                | Kind::ServiceAccount
                | Kind::PodDisruptionBudget
        )
    }
}

/// A stored-only object: everything but its metadata kept as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GenericObject {
    pub api_version: Text,
    pub kind: Text,
    pub metadata: ObjectMeta,
    pub rest: BTreeMap<String, Value>,
}

// Objects live behind `Rc` in the store, so the size of the largest variant costs nothing there.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    StatefulSet(StatefulSet),
    Pod(Pod),
    PersistentVolumeClaim(PersistentVolumeClaim),
    PersistentVolume(PersistentVolume),
    StorageClass(StorageClass),
    Service(Service),
    Endpoints(Endpoints),
    EndpointSlice(EndpointSlice),
    ControllerRevision(ControllerRevision),
    Node(Node),
    /// Boxed: the largest object, and only ever listed, so the others need not be its size.
    Event(Box<Event>),
    /// Namespace, ConfigMap, Secret, ServiceAccount, PodDisruptionBudget.
    Stored(Kind, GenericObject),
}

macro_rules! each_object {
    ($obj:expr, $o:ident => $e:expr) => {
        match $obj {
            Object::StatefulSet($o) => $e,
            Object::Pod($o) => $e,
            Object::PersistentVolumeClaim($o) => $e,
            Object::PersistentVolume($o) => $e,
            Object::StorageClass($o) => $e,
            Object::Service($o) => $e,
            Object::Endpoints($o) => $e,
            Object::EndpointSlice($o) => $e,
            Object::ControllerRevision($o) => $e,
            Object::Node($o) => $e,
            Object::Event($o) => $e,
            Object::Stored(_, $o) => $e,
        }
    };
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::StatefulSet(_) => Kind::StatefulSet,
            Object::Pod(_) => Kind::Pod,
            Object::PersistentVolumeClaim(_) => Kind::PersistentVolumeClaim,
            Object::PersistentVolume(_) => Kind::PersistentVolume,
            Object::StorageClass(_) => Kind::StorageClass,
            Object::Service(_) => Kind::Service,
            Object::Endpoints(_) => Kind::Endpoints,
            Object::EndpointSlice(_) => Kind::EndpointSlice,
            Object::ControllerRevision(_) => Kind::ControllerRevision,
            Object::Node(_) => Kind::Node,
            Object::Event(_) => Kind::Event,
            Object::Stored(kind, _) => *kind,
        }
    }

    pub fn meta(&self) -> &ObjectMeta {
        each_object!(self, o => &o.metadata)
    }

    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        each_object!(self, o => &mut o.metadata)
    }

    /// Replaces `apiVersion` and `kind` text equal to the kind's own (what the API serves)
    /// with the literals: text read from a manifest is then not copied with every copy of
    /// the object.
    pub fn use_type_literals(&mut self) {
        let kind = self.kind();
        fn literal(text: &mut Text, value: &'static str) {
            if matches!(text, Text::Owned(_)) && *text == value {
                *text = Text::Borrowed(value);
            }
        }
        each_object!(self, o => {
            literal(&mut o.api_version, kind.api_version());
            literal(&mut o.kind, kind.name());
        })
    }

    /// The object as the API serves it (`-o json`): apiVersion and kind filled in, keys sorted.
    pub fn to_json(&self) -> Value {
        let mut value = each_object!(self, o => super::encode::Encode::encode(o));
        if let Value::Object(map) = &mut value {
            map.insert("apiVersion".into(), self.kind().api_version().into());
            map.insert("kind".into(), self.kind().name().into());
        }
        value
    }

    /// Decodes an object of a known kind from its JSON form (no validation, no defaults).
    pub fn from_json(kind: Kind, value: Value) -> Result<Object, serde_json::Error> {
        fn de<T: super::decode::Decode>(value: Value) -> Result<T, serde_json::Error> {
            super::decode::from_value(&value).map_err(super::decode::DecodeFailure::into_inner)
        }
        Ok(match kind {
            Kind::StatefulSet => Object::StatefulSet(de(value)?),
            Kind::Pod => Object::Pod(de(value)?),
            Kind::PersistentVolumeClaim => Object::PersistentVolumeClaim(de(value)?),
            Kind::PersistentVolume => Object::PersistentVolume(de(value)?),
            Kind::StorageClass => Object::StorageClass(de(value)?),
            Kind::Service => Object::Service(de(value)?),
            Kind::Endpoints => Object::Endpoints(de(value)?),
            Kind::EndpointSlice => Object::EndpointSlice(de(value)?),
            Kind::ControllerRevision => Object::ControllerRevision(de(value)?),
            Kind::Node => Object::Node(de(value)?),
            Kind::Event => Object::Event(de(value)?),
            other => Object::Stored(other, de(value)?),
        })
    }

    /// The object's key, sharing the metadata's name and namespace (nothing is allocated or
    /// looked up; the key's hash is computed from the text).
    pub fn key(&self) -> ObjectKey {
        let meta = self.meta();
        let kind = self.kind();
        let namespace = if kind.namespaced() {
            meta.namespace.clone()
        } else {
            Name::empty()
        };
        ObjectKey::from_names(kind, namespace, meta.name.clone())
    }
}

/// Where an object lives: kind, namespace ("" for cluster-scoped kinds) and name. Compares
/// and orders as (kind, namespace text, name text); names built by [`Name::shared`] are one
/// allocation per text, so equal names are usually the same pointer and compare without
/// reading the text. The key carries a hash of its text (in what would be padding), so that
/// hashing a key and rejecting a different one in a hash table need not read the names:
/// with ten thousand pods in flight, those reads were mostly cache misses. `namespace` and
/// `name` may be replaced only by equal text.
#[derive(Clone, Debug)]
pub struct ObjectKey {
    pub kind: Kind,
    hash: u32,
    namespace: Name,
    name: Name,
}

impl PartialEq for ObjectKey {
    fn eq(&self, other: &ObjectKey) -> bool {
        self.kind == other.kind
            && self.hash == other.hash
            && self.name == other.name
            && self.namespace == other.namespace
    }
}

impl Eq for ObjectKey {}

impl std::hash::Hash for ObjectKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Equal keys have equal text, hence equal hashes.
        state.write_u32(self.hash);
    }
}

impl Ord for ObjectKey {
    fn cmp(&self, other: &ObjectKey) -> std::cmp::Ordering {
        self.kind
            .cmp(&other.kind)
            .then_with(|| self.namespace.cmp(&other.namespace))
            .then_with(|| self.name.cmp(&other.name))
    }
}

impl PartialOrd for ObjectKey {
    fn partial_cmp(&self, other: &ObjectKey) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl ObjectKey {
    /// The namespace ("" for cluster-scoped kinds).
    pub fn namespace(&self) -> &Name {
        &self.namespace
    }

    pub fn name(&self) -> &Name {
        &self.name
    }

    /// This key with its names replaced by their shared copies ([`Name::shared`]).
    pub fn into_shared(self) -> ObjectKey {
        ObjectKey {
            namespace: self.namespace.into_shared(),
            name: self.name.into_shared(),
            ..self
        }
    }

    pub fn new(kind: Kind, namespace: &str, name: &str) -> ObjectKey {
        let namespace = if kind.namespaced() { namespace } else { "" };
        ObjectKey::from_names(kind, Name::shared(namespace), Name::shared(name))
    }

    fn from_names(kind: Kind, namespace: Name, name: Name) -> ObjectKey {
        use std::hash::Hasher;
        let mut h = crate::hash::FxHasher::default();
        h.write_u8(kind as u8);
        h.write(namespace.as_bytes());
        h.write_u8(0xff);
        h.write(name.as_bytes());
        let full = h.finish();
        ObjectKey {
            kind,
            hash: (full ^ (full >> 32)) as u32,
            namespace,
            name,
        }
    }
}

impl std::fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind.name().to_ascii_lowercase(), self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_share_common_names_and_order_as_text() {
        let a = ObjectKey::new(Kind::Pod, "default", "web-0");
        let b = ObjectKey::new(Kind::Pod, "default", "web-1");
        // Checkpoints and indexes hold many keys: the namespace is one allocation for all.
        assert!(a.namespace.same(&b.namespace));
        assert!(a.name.same(&a.clone().name));
        // A key built again from the same text shares the name too.
        let again = ObjectKey::new(Kind::Pod, "default", "web-0");
        assert!(a.name.same(&again.name));
        // Cluster-scoped kinds drop the namespace.
        assert_eq!(
            &*ObjectKey::new(Kind::Node, "default", "node-1").namespace,
            ""
        );
        // The store lists in key order: kind, namespace, then name as text.
        let mut keys = [
            ObjectKey::new(Kind::Pod, "default", "web-10"),
            ObjectKey::new(Kind::Pod, "apps", "web-2"),
            b.clone(),
            a.clone(),
        ];
        keys.sort();
        let names: Vec<String> = keys
            .iter()
            .map(|k| format!("{}/{}", k.namespace, k.name))
            .collect();
        assert_eq!(
            names,
            [
                "apps/web-2",
                "default/web-0",
                "default/web-1",
                "default/web-10"
            ]
        );
    }

    #[test]
    fn keys_from_objects_and_from_text_are_one_key() {
        // An object's key shares its metadata's names (here not the shared copies), a key
        // built from text takes the shared copies: equal all the same, and found by each
        // other in a hash map (the cached hash is of the text).
        let mut pod = crate::api::Pod::default();
        pod.metadata.name = Name::from("web-7");
        pod.metadata.namespace = Name::from("team-a");
        let from_object = Object::Pod(pod).key();
        let from_text = ObjectKey::new(Kind::Pod, "team-a", "web-7");
        assert!(!from_object.name().same(from_text.name()));
        assert_eq!(from_object, from_text);
        let map: crate::hash::FastMap<ObjectKey, u8> =
            [(from_text.clone(), 1)].into_iter().collect();
        assert_eq!(map.get(&from_object), Some(&1));
        assert_ne!(from_text, ObjectKey::new(Kind::Pod, "team-b", "web-7"));
        assert_ne!(
            from_text,
            ObjectKey::new(Kind::PersistentVolumeClaim, "team-a", "web-7")
        );
        // Cluster-scoped kinds have no namespace, whatever the metadata says.
        let mut node = crate::api::Node::default();
        node.metadata.name = Name::from("worker-1");
        node.metadata.namespace = Name::from("default");
        assert_eq!(
            Object::Node(node).key(),
            ObjectKey::new(Kind::Node, "x", "worker-1")
        );
    }
}
