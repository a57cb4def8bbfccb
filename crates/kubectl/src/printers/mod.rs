//! kubectl's output printers: the `get` tables, `-o yaml`, `-o json` and `-o name`.
//!
//! Everything here turns objects into text; choosing which objects to print (and their order)
//! is the caller's job.

pub mod cluster;
pub mod kyaml;
pub mod pods;
pub mod storage;
pub mod structured;
pub mod table;
pub mod tabwriter;
pub mod workloads;
pub mod yaml;

#[cfg(test)]
mod cluster_tests;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod structured_tests;
#[cfg(test)]
mod table_tests;

pub use structured::{print_json, print_name, print_yaml};
pub use table::{no_resources, print_table, server_order, table_cells, TableOptions};
pub use tabwriter::TabWriter;
