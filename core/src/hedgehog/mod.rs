//! Knowledge of the Hedgehog Open Network Fabric itself (githedgehog/fabric, Apache-2.0; see
//! `NOTICE`): its kinds ([`kinds`]), their CRD schemas and name rules ([`validate`]), what its
//! admission webhooks default and refuse ([`admission`], [`files`] for `hnp validate`), and
//! how desired and actual state are compared ([`drift`]); the fabric as a graph and what a
//! change touches ([`graph`]). Pure functions over values: no database, no network.

pub mod admission;
pub mod drift;
pub mod files;
pub mod graph;
pub mod kinds;
mod references;
pub mod validate;
