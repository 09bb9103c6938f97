//! Git backend of HNP Sync: fetch a branch into a bare cache repository,
//! read and diff trees, build commits without a working tree, and push them
//! back fast-forward only.
//!
//! Everything here is blocking (libgit2); async callers wrap each call in
//! `tokio::task::spawn_blocking`.
//!
//! # Policies
//!
//! * **Credentials** are handed to libgit2 only through the credentials
//!   callback, never through the URL, and are offered at most once per
//!   operation: a second request from libgit2 means the first set was
//!   refused, and the operation fails with [`GitError::Auth`] instead of
//!   looping. Only the configured kind is offered ([`GitAuth`]).
//! * **Error messages** never contain secrets: the user-info part of every
//!   URL in a message is removed and the configured secrets are masked
//!   (see [`GitError`]).
//! * **Cache repositories** are bare, created on first use under the cache
//!   root, named by a hash of the credential-free URL, and use anonymous
//!   remotes with explicit refspecs: no URL or credential is ever written to
//!   their config. Fetched branches live under `refs/hnp/heads/<branch>`.
//! * **One writer per cache repository** inside the process: fetch, commit
//!   and push take a per-path lock, which is re-entrant so a caller can hold
//!   [`CachedRepo::write_lock`] across a whole fetch → commit → push.
//! * **SSH host keys**: with [`RemoteSpec::ssh_host_keys`] set, only a host
//!   key whose SHA-256 fingerprint is listed is accepted; with it empty,
//!   libgit2's own check applies (the user's `~/.ssh/known_hosts`; unknown
//!   hosts are refused). TLS certificates are always checked by libgit2
//!   against the system trust store.
//! * **Timeouts**: libgit2 has none by default (connect falls back to the
//!   kernel's SYN retries, about two minutes; reads can block forever).
//!   [`init_network_timeouts`] sets its process-wide connect and I/O timeouts
//!   once, before the first git operation ([`GitCache::new`] calls it).
//! * **Tree cache**: each [`CachedRepo`] keeps the parsed entries of the
//!   trees it has read (bounded), because libgit2 only caches trees up to
//!   4 KiB; this is what makes [`CachedRepo::changed_files`] on a
//!   10,000-file folder cost well under a millisecond once warm.

mod auth;
mod cache;
mod error;
mod file_transport;
mod history;
mod remote;
mod tree;
mod write;

pub use auth::{GitAuth, RemoteSpec};
pub use cache::{CachedRepo, GitCache, WriteLock};
pub use error::GitError;
pub use history::CommitMeta;
pub use remote::{RemoteRefs, list_remote_refs};
pub use tree::{FileChange, FileKind, TreeFile};
pub use write::Signature;

/// Connect timeout for git remotes.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);
/// Timeout of a single network read or write with a git remote.
pub const IO_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// Process-wide libgit2 setup, once per process: network timeouts and the `file://` transport.
pub fn init_network_timeouts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        file_transport::register();
        // Objects are verified once, when a fetched pack is indexed; re-hashing every blob on
        // each read (libgit2's default) doubles the cost of reading a large tree.
        git2::opts::strict_hash_verification(false);
        let millis = |d: std::time::Duration| i32::try_from(d.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: these only store integers in libgit2's global settings. `Once` guarantees a
        // single call, made before any git operation of this process can read them (every
        // operation goes through a `GitCache` or `list_remote_refs`, which call this first).
        #[allow(unsafe_code)]
        let result = unsafe {
            git2::opts::set_server_connect_timeout_in_milliseconds(millis(CONNECT_TIMEOUT))
                .and_then(|()| git2::opts::set_server_timeout_in_milliseconds(millis(IO_TIMEOUT)))
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not set git network timeouts");
        }
    });
}
