//! The API objects of the simulated cluster, shaped like their Kubernetes counterparts so that
//! manifests and `-o yaml` round-trip.

pub mod apps;
pub mod decode;
pub mod encode;
mod fields;
pub mod meta;
pub mod name;
pub mod node;
pub mod object;
pub mod pod;
pub mod quantity;
pub mod service;
pub mod shared;
pub mod storage;
pub mod strmap;

pub use apps::*;
pub use meta::*;
pub use name::Name;
pub use node::*;
pub use object::*;
pub use pod::*;
pub use service::*;
pub use shared::{Shared, Text};
pub use storage::*;
pub use strmap::StrMap;
