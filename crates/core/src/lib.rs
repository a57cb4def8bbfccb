//! The simulated cluster behind the StatefulSet Playground: API objects, the StatefulSet
//! controller and the components around it, all driven by a deterministic virtual clock.
//!
//! Architecture invariant: this crate does no I/O, reads no wall clock, draws no OS randomness
//! and knows nothing of browsers. The same inputs always give the same history.

pub mod api;
pub mod cluster;
pub mod controller;
pub mod explain;
pub mod hash;
pub mod manifest;
pub mod patch;
pub mod rng;
pub mod sort;
pub mod store;
pub mod time;
pub mod timeline;
pub mod validation;
pub mod vecmap;
