//! **A simulator, not a cluster.** A Kubernetes API server on loopback HTTPS serving Hedgehog
//! kinds from memory: the "cluster" of `hnp demo` (so a new user sees actual state and drift
//! without a real fabric) and of the tests (re-exported as `hnp_tests::kube_server`). Nothing is
//! reconciled, no controller runs, objects are what [`KubeApiServer::put`] and
//! [`KubeApiServer::edit`] made them. Test-quality code: every port is loopback, the CA and the
//! server certificate are generated per start, and no token is ever logged.
//!
//! It serves what the cluster reader (and `kubectl get`) use: `/version`, discovery (`/api`,
//! `/apis`, `/apis/<group>/<version>`), namespaced list (with `limit`/`continue`) and get of the
//! kinds it is told are installed, 404 `Status` for an uninstalled CRD or a missing object, 401
//! for a bad token and 403 for a token without permission; a kind's lists can be made to fail in
//! hostile ways ([`ListFault`]: a body that is not JSON, or a response that stalls half-way).
//! Responses are shaped like a real API server's (`Status` objects, `<Kind>List` with
//! `metadata.resourceVersion`/`continue`). Objects are given the metadata a real server sets
//! (uid, resourceVersion, generation, creationTimestamp, managedFields);
//! [`hedgehog_cluster_copy`] turns a Git document into what Hedgehog's admission webhooks would
//! have stored.
//!
//! The server runs on its own thread and runtime, so sync tests, CLI tests, benchmarks and the
//! demo can use it alike. Its certificate is signed by a CA generated per server
//! ([`KubeApiServer::ca_pem`]).
//!
//! Files: `server.rs` ([`KubeApiServer`], its state and tokens), `routes.rs` (routes and
//! handlers), `kinds.rs` ([`ServedKind`]), `tls.rs` (certificates), `cluster_copy.rs`
//! ([`hedgehog_cluster_copy`]).

mod cluster_copy;
mod kinds;
mod routes;
mod server;
mod tls;

pub use cluster_copy::hedgehog_cluster_copy;
pub use kinds::{ServedKind, agent_kind, hedgehog_kinds};
pub use server::{FORBIDDEN_TOKEN, KubeApiServer, ListFault, TEST_TOKEN, now};
pub use tls::client_certificate;
