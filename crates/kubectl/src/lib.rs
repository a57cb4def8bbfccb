//! The kubectl command language and its printers, over the simulated cluster of `sts-core`.
//!
//! Architecture invariant: pure Rust with no I/O of its own; callers hand it text and files.
pub mod printers;
