//! Talking to remotes: ref listing, fetch and push.

use std::collections::BTreeMap;

use git2::{AutotagOption, Direction, FetchOptions, Oid, PushOptions, Remote};

use super::auth::{CallState, RemoteSpec, callbacks};
use super::cache::CachedRepo;
use super::error::{GitError, classify};

/// The refs a remote advertises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteRefs {
    /// Default branch name (what `HEAD` points to), e.g. `main`.
    pub head: Option<String>,
    /// Branch name → commit id (hex).
    pub branches: BTreeMap<String, String>,
}

/// Contacts the remote and lists its branches (like `git ls-remote`; no
/// objects are downloaded).
pub fn list_remote_refs(remote: &RemoteSpec) -> Result<RemoteRefs, GitError> {
    super::init_network_timeouts();
    let url = remote.clean_url();
    let shown = remote.display_url();
    let secrets = remote.auth.secrets();
    let state = CallState::default();
    let map = |e: git2::Error| classify(&e, &shown, &state.observed, &secrets);
    let mut r = Remote::create_detached(url.as_str())
        .map_err(|e| GitError::local("invalid remote URL", &e))?;
    let conn = r
        .connect_auth(Direction::Fetch, Some(callbacks(remote, &state)), None)
        .map_err(map)?;
    let mut branches = BTreeMap::new();
    let mut head_target = None;
    for h in conn.list().map_err(map)? {
        if let Some(name) = h.name().strip_prefix("refs/heads/") {
            branches.insert(name.to_string(), h.oid().to_string());
        } else if h.name() == "HEAD" {
            head_target = h.symref_target().map(str::to_string);
        }
    }
    let head = head_target
        .or_else(|| {
            conn.default_branch()
                .ok()
                .and_then(|b| b.as_str().ok().map(str::to_string))
        })
        .and_then(|t| t.strip_prefix("refs/heads/").map(str::to_string));
    Ok(RemoteRefs { head, branches })
}

/// Name of the private ref a fetched branch is stored under.
pub(crate) fn fetched_ref(branch: &str) -> String {
    format!("refs/hnp/heads/{branch}")
}

fn check_branch(branch: &str) -> Result<String, GitError> {
    let full = format!("refs/heads/{branch}");
    if git2::Reference::is_valid_name(&full) {
        Ok(full)
    } else {
        Err(GitError::Other(format!("invalid branch name {branch:?}")))
    }
}

impl CachedRepo {
    /// Fetches one branch into `refs/hnp/heads/<branch>` and returns its
    /// commit id. Connects once: lists the remote's refs (a missing branch is
    /// [`GitError::BranchNotFound`]) and downloads only when the commit is not
    /// already present. Tags are not fetched.
    pub fn fetch_branch(&self, remote: &RemoteSpec, branch: &str) -> Result<String, GitError> {
        let remote_ref = check_branch(branch)?;
        let _lock = self.write_lock();
        let url = remote.clean_url();
        let shown = remote.display_url();
        let secrets = remote.auth.secrets();
        let state = CallState::default();
        let map = |e: git2::Error| classify(&e, &shown, &state.observed, &secrets);

        let mut r = self
            .repo
            .remote_anonymous(&url)
            .map_err(|e| GitError::local("invalid remote URL", &e))?;
        let mut conn = r
            .connect_auth(Direction::Fetch, Some(callbacks(remote, &state)), None)
            .map_err(map)?;
        let oid = conn
            .list()
            .map_err(map)?
            .iter()
            .find(|h| h.name() == remote_ref)
            .map(|h| h.oid())
            .ok_or_else(|| GitError::BranchNotFound {
                branch: branch.to_string(),
            })?;
        let have = self.repo.odb().map(|odb| odb.exists(oid)).unwrap_or(false);
        if !have {
            let mut fo = FetchOptions::new();
            fo.remote_callbacks(callbacks(remote, &state))
                .download_tags(AutotagOption::None)
                .update_fetchhead(false);
            let spec = format!("+{remote_ref}:{}", fetched_ref(branch));
            conn.remote()
                .download(&[spec], Some(&mut fo))
                .map_err(map)?;
        }
        drop(conn);
        self.repo
            .reference(&fetched_ref(branch), oid, true, "hnp fetch")
            .map_err(|e| GitError::local("cannot update fetched ref", &e))?;
        tracing::debug!(url = %shown, branch, commit = %oid, downloaded = !have, "fetched branch");
        Ok(oid.to_string())
    }

    /// Pushes `commit` to `refs/heads/<branch>`, fast-forward only.
    /// A remote that moved gives [`GitError::NonFastForward`] (checked by
    /// libgit2 before sending, and by the server); any other per-ref
    /// rejection from the server (e.g. a hook) gives [`GitError::Other`]
    /// naming the ref and the server's reason. On success the fetched ref
    /// `refs/hnp/heads/<branch>` is moved to `commit`. Note: libgit2 pushes
    /// to `file://` remotes in-process, so server-side hooks do not run there.
    pub fn push(&self, remote: &RemoteSpec, commit: &str, branch: &str) -> Result<(), GitError> {
        let remote_ref = check_branch(branch)?;
        let _lock = self.write_lock();
        let oid = self.commit_oid(commit)?;
        let url = remote.clean_url();
        let shown = remote.display_url();
        let secrets = remote.auth.secrets();
        let state = CallState::default();

        // Push from a private ref so the refspec source is a plain ref name.
        let source = format!("refs/hnp/push/{branch}");
        self.repo
            .reference(&source, oid, true, "hnp push")
            .map_err(|e| GitError::local("cannot create push ref", &e))?;
        let mut r = self
            .repo
            .remote_anonymous(&url)
            .map_err(|e| GitError::local("invalid remote URL", &e))?;
        let mut po = PushOptions::new();
        po.remote_callbacks(callbacks(remote, &state));
        // No leading '+': libgit2 refuses non-fast-forward updates itself
        // (when the remote tip is unknown locally or not an ancestor), and the
        // server refuses them too.
        let refspec = format!("{source}:{remote_ref}");
        let result = r.push(&[refspec], Some(&mut po));
        drop(po);
        if let Err(e) = result {
            if e.code() == git2::ErrorCode::NotFastForward {
                return Err(GitError::NonFastForward {
                    branch: branch.to_string(),
                });
            }
            return Err(classify(&e, &shown, &state.observed, &secrets));
        }
        if let Some((refname, status)) = state.rejected.borrow().first() {
            let s = status.to_ascii_lowercase();
            if s.contains("non-fast-forward") || s.contains("fetch first") || s.contains("stale") {
                return Err(GitError::NonFastForward {
                    branch: branch.to_string(),
                });
            }
            return Err(GitError::Other(format!(
                "push to {shown} rejected for {refname}: {}",
                super::error::scrub(status, &secrets)
            )));
        }
        // The remote branch now is `oid`: remember it as fetched.
        self.repo
            .reference(&fetched_ref(branch), oid, true, "hnp push")
            .map_err(|e| GitError::local("cannot update fetched ref", &e))?;
        tracing::debug!(url = %shown, branch, commit = %oid, "pushed");
        Ok(())
    }

    pub(crate) fn commit_oid(&self, commit: &str) -> Result<Oid, GitError> {
        let obj = self
            .repo
            .revparse_single(commit)
            .map_err(|e| GitError::Other(format!("commit {commit} not found: {}", e.message())))?;
        let c = obj
            .peel_to_commit()
            .map_err(|_| GitError::Other(format!("{commit} is not a commit")))?;
        Ok(c.id())
    }
}
