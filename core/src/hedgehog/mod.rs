//! Knowledge of the Hedgehog Open Network Fabric itself (githedgehog/fabric, Apache-2.0; see
//! `NOTICE`): what its admission webhooks default and refuse.

pub mod admission;
pub mod files;
