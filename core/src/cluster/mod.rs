//! The fabric's Kubernetes cluster: connection settings and the reader of actual state.

pub mod agents;
pub mod connection;
pub mod convergence;
pub mod in_cluster;
pub mod kubeconfig;
mod list;
mod probe;
pub mod read;

pub use connection::{
    ClusterError, ClusterInput, ConnectionTest, KindAvailability, clear_cluster, is_configured,
    set_cluster, test_connection, warnings,
};
pub use read::{ClusterReadReport, Drifted, KindName, PAGE_SIZE, has_been_read, read, read_paged};
