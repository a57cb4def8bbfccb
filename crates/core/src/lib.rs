//! The simulated cluster behind the StatefulSet Playground: API objects, the StatefulSet
//! controller and the components around it, all driven by a deterministic virtual clock.
//!
//! Architecture invariant: this crate does no I/O, reads no wall clock, draws no OS randomness
//! and knows nothing of browsers. The same inputs always give the same history.

/// `format!` into a string made with room for `capacity` bytes. `format!` starts most strings
/// empty and grows them two or three times; the names and messages every step makes are
/// sized here instead (the text is the same).
#[macro_export]
macro_rules! format_sized {
    ($capacity:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let mut text = String::with_capacity($capacity);
        let _ = write!(text, $($arg)*);
        text
    }};
}

pub mod api;
pub mod cluster;
pub mod controller;
pub mod explain;
pub mod hash;
pub mod manifest;
pub mod patch;
pub mod rng;
pub mod sharedlog;
pub mod sort;
pub mod store;
pub mod time;
pub mod timeline;
pub mod validation;
pub mod vecmap;
pub mod versions;
