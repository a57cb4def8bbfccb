//! Controllers: the StatefulSet controller's decisions and the identity rules they use.

pub mod claims;
pub mod identity;
pub mod revision;
pub mod statefulset;
