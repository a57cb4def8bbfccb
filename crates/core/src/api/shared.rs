//! [`Shared`]: a part of an object that copies of the object share until one of them changes
//! it (copy-on-write over an `Rc`).
//!
//! Every write in the simulation stores a new version of an object, and most writes change
//! only its status or metadata: a pod's spec (containers, volumes, probes) is written once by
//! the controller and once by the scheduler, but its status a dozen times. Sharing the spec
//! makes those status writes, and the history of versions kept for rewinding, cost the size of
//! what changed rather than of the whole pod.

use super::decode::{Decode, Result};
use super::encode::Encode;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::rc::Rc;

/// A `T` shared between copies; `Deref` reads it, `DerefMut` copies it first if another copy
/// still holds it. Equality, debug output and (de)serialisation are those of `T`.
#[derive(Clone, Default)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared::new(value)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Rc::make_mut(&mut self.0)
    }
}

impl<A, T: FromIterator<A>> FromIterator<A> for Shared<T> {
    fn from_iter<I: IntoIterator<Item = A>>(iter: I) -> Self {
        Shared::new(iter.into_iter().collect())
    }
}

impl<'a, T> IntoIterator for &'a Shared<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&*self.0).into_iter()
    }
}

impl<T: PartialEq> PartialEq<T> for Shared<T> {
    fn eq(&self, other: &T) -> bool {
        *self.0 == *other
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        T::deserialize(deserializer).map(Shared::new)
    }
}

impl<T: Decode> Decode for Shared<T> {
    const FIELDS: &'static [&'static str] = T::FIELDS;
    fn decode(value: &Value) -> Result<Self> {
        T::decode(value).map(Shared::new)
    }
}

impl<T: Encode> Encode for Shared<T> {
    fn encode(&self) -> Value {
        self.0.encode()
    }
    fn is_empty_value(&self) -> bool {
        self.0.is_empty_value()
    }
}

/// Text that is most often a literal (API versions, kinds, event reasons and sources): a
/// literal is kept by reference, text read from input is owned.
pub type Text = std::borrow::Cow<'static, str>;

/// For `skip_serializing_if` on [`Text`] fields.
pub fn is_empty_text(text: &Text) -> bool {
    text.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_until_one_changes() {
        let a = Shared::new(vec![1, 2]);
        let mut b = a.clone();
        assert!(Rc::ptr_eq(&a.0, &b.0));
        b.push(3);
        assert_eq!(*a, vec![1, 2]);
        assert_eq!(*b, vec![1, 2, 3]);
        assert_ne!(a, b);
        assert_eq!(a, Shared::new(vec![1, 2]));
        assert_eq!(format!("{a:?}"), "[1, 2]");
    }
}
