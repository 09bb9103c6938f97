//! Bare cache repositories, one per remote URL, and the writer lock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::thread::ThreadId;

use git2::{Repository, RepositoryInitOptions};
use sha2::{Digest, Sha256};

use super::auth::strip_userinfo;
use super::error::{GitError, redact_urls};

/// Root directory holding one bare cache repository per remote URL.
#[derive(Debug, Clone)]
pub struct GitCache {
    root: PathBuf,
}

impl GitCache {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        super::init_network_timeouts();
        GitCache { root: root.into() }
    }

    /// Directory of the cache repository for `url`: a hash of the URL with
    /// its user-info removed, so credentials never end up in a path.
    pub fn repo_path(&self, url: &str) -> PathBuf {
        let digest = Sha256::digest(strip_userinfo(url.trim()).as_bytes());
        self.root
            .join(format!("{}.git", hex::encode(&digest[..16])))
    }

    /// Opens (creating on first use) the bare cache repository for `url`.
    /// Nothing about the URL is written into the repository.
    pub fn open(&self, url: &str) -> Result<CachedRepo, GitError> {
        let path = self.repo_path(url);
        let lock = writer_lock_for(&path);
        let repo = {
            let _guard = lock.acquire();
            if path.join("HEAD").exists() {
                Repository::open_bare(&path).map_err(|e| {
                    GitError::local(
                        &format!("cannot open cache repository {}", path.display()),
                        &e,
                    )
                })?
            } else {
                std::fs::create_dir_all(&self.root).map_err(|e| {
                    GitError::Other(format!(
                        "cannot create cache root {}: {e}",
                        self.root.display()
                    ))
                })?;
                let mut opts = RepositoryInitOptions::new();
                opts.bare(true).external_template(false).mkpath(true);
                Repository::init_opts(&path, &opts).map_err(|e| {
                    GitError::local(
                        &format!("cannot create cache repository {}", path.display()),
                        &e,
                    )
                })?
            }
        };
        Ok(CachedRepo {
            repo,
            url: redact_urls(url),
            lock,
            trees: Default::default(),
        })
    }
}

/// A bare cache repository. Keep it around between calls: it caches parsed
/// trees, which is what makes repeated [`CachedRepo::changed_files`] calls
/// cheap. It is `Send` (move it into `spawn_blocking`) but not `Sync`.
pub struct CachedRepo {
    pub(super) repo: Repository,
    url: String,
    lock: Arc<WriterLock>,
    pub(super) trees: std::cell::RefCell<super::tree::TreeCache>,
}

impl std::fmt::Debug for CachedRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedRepo")
            .field("path", &self.repo.path())
            .field("url", &self.url)
            .finish()
    }
}

impl CachedRepo {
    /// Path of the bare repository.
    pub fn path(&self) -> &Path {
        self.repo.path()
    }

    /// The URL this cache belongs to (user-info removed).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Takes this cache repository's writer lock (shared by every
    /// [`CachedRepo`] of the same path in this process). Re-entrant on the
    /// same thread: hold it across fetch → commit → push to make the whole
    /// sequence exclusive; each of those methods also takes it by itself.
    pub fn write_lock(&self) -> WriteLock {
        self.lock.acquire()
    }
}

/// Re-entrant per-path lock (the same thread may take it again).
#[derive(Default)]
pub(super) struct WriterLock {
    state: Mutex<(Option<ThreadId>, usize)>,
    cv: Condvar,
}

/// Guard of a cache repository's writer lock; released on drop.
#[must_use = "the lock is released when the guard is dropped"]
pub struct WriteLock {
    lock: Arc<WriterLock>,
}

impl std::fmt::Debug for WriteLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriteLock")
    }
}

impl WriterLock {
    fn acquire(self: &Arc<Self>) -> WriteLock {
        let me = std::thread::current().id();
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while st.0.is_some_and(|owner| owner != me) {
            st = self.cv.wait(st).unwrap_or_else(|p| p.into_inner());
        }
        st.0 = Some(me);
        st.1 += 1;
        WriteLock { lock: self.clone() }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let mut st = self.lock.state.lock().unwrap_or_else(|p| p.into_inner());
        st.1 -= 1;
        if st.1 == 0 {
            st.0 = None;
            self.lock.cv.notify_one();
        }
    }
}

fn writer_lock_for(path: &Path) -> Arc<WriterLock> {
    static LOCKS: OnceLock<Mutex<HashMap<PathBuf, Arc<WriterLock>>>> = OnceLock::new();
    let mut map = LOCKS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    map.entry(path.to_path_buf()).or_default().clone()
}
