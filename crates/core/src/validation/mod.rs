//! What the API server does to a StatefulSet before storing it: defaulting, then validation
//! with upstream's exact error texts, and the kubectl message for a rejected request (§1, §2).

pub mod defaults;
pub mod field;
pub mod names;
pub mod podspec;
pub mod statefulset;

pub use crate::versions::{Gates, ServerVersion};
pub use defaults::{default_pod, default_pod_spec, default_pvc, default_statefulset};
pub use field::{invalid_message, ErrorKind, FieldError, RenderedValue};
pub use statefulset::{validate_statefulset_create, validate_statefulset_update};

#[cfg(test)]
mod defaults_tests;
#[cfg(test)]
mod statefulset_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod update_tests;
