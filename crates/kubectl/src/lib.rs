//! The kubectl command language and its printers, over the simulated cluster of `sts-core`.
//!
//! [`Session`] is a terminal: it takes a command line (`kubectl …`, the `sim` verbs, a little
//! shell) and returns what real tools would print. [`script`] reads whole scripts for the
//! `stsplay` runner and lessons.
//!
//! Architecture invariant: pure Rust with no I/O of its own; callers hand it text and files.
pub mod args;
pub mod cmd;
pub mod complete;
pub mod printers;
pub mod resources;
pub mod script;
pub mod selector;
pub mod session;
pub mod shell;
pub mod template;

pub use cmd::get::Watch;
pub use complete::complete;
pub use session::{Files, NoFiles, Output, Session, Stream};
