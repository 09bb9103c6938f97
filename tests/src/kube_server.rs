//! The Kubernetes API test server: the simulator crate `hnp-kube-sim` (`core/simulator`), which
//! `hnp demo` also runs as its simulated cluster. Re-exported here so the tests keep their path.

pub use hnp_kube_sim::*;
