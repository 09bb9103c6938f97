//! Building commits without a working tree, and reading history.

use std::collections::BTreeMap;

use git2::{Oid, Repository, Tree};

use super::cache::CachedRepo;
use super::error::GitError;

/// Author (and committer) of a commit; the time is "now".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub name: String,
    pub email: String,
}

const MODE_TREE: i32 = 0o040000;
const MODE_FILE: i32 = 0o100644;
const MODE_EXEC: i32 = 0o100755;

/// The requested changes as a tree of path components.
enum Node<'a> {
    File(Option<&'a [u8]>),
    Dir(BTreeMap<&'a str, Node<'a>>),
}

fn build_changes(
    changes: &[(String, Option<Vec<u8>>)],
) -> Result<BTreeMap<&str, Node<'_>>, GitError> {
    let mut root: BTreeMap<&str, Node<'_>> = BTreeMap::new();
    for (path, content) in changes {
        let parts: Vec<&str> = path.split('/').collect();
        if parts.iter().any(|p| {
            p.is_empty()
                || *p == "."
                || *p == ".."
                || p.eq_ignore_ascii_case(".git")
                || p.contains('\0')
        }) {
            return Err(GitError::Other(format!("invalid path {path:?} in commit")));
        }
        let (last, dirs) = parts.split_last().expect("split never yields nothing");
        let mut level = &mut root;
        for d in dirs {
            let node = level.entry(d).or_insert_with(|| Node::Dir(BTreeMap::new()));
            level = match node {
                Node::Dir(children) => children,
                Node::File(_) => {
                    return Err(GitError::Other(format!(
                        "conflicting changes: {path:?} is below a path changed as a file"
                    )));
                }
            };
        }
        match level.get(last) {
            Some(Node::Dir(_)) => {
                return Err(GitError::Other(format!(
                    "conflicting changes: {path:?} is changed as a file and as a directory"
                )));
            }
            Some(Node::File(_)) => {
                return Err(GitError::Other(format!("path {path:?} is changed twice")));
            }
            None => {
                level.insert(last, Node::File(content.as_deref()));
            }
        }
    }
    Ok(root)
}

/// Applies `changes` to `base`; `None` when the resulting tree is empty.
fn apply(
    repo: &Repository,
    base: Option<&Tree<'_>>,
    changes: &BTreeMap<&str, Node<'_>>,
) -> Result<Option<Oid>, git2::Error> {
    let mut tb = repo.treebuilder(base)?;
    for (name, node) in changes {
        let existing = tb.get(name)?.map(|e| (e.id(), e.filemode()));
        match node {
            Node::File(None) => {
                if existing.is_some() {
                    tb.remove(name)?;
                }
            }
            Node::File(Some(data)) => {
                let blob = repo.blob(data)?;
                let mode = match existing {
                    Some((_, MODE_EXEC)) => MODE_EXEC,
                    _ => MODE_FILE,
                };
                tb.insert(name, blob, mode)?;
            }
            Node::Dir(children) => {
                let sub = match existing {
                    Some((id, MODE_TREE)) => Some(repo.find_tree(id)?),
                    _ => None,
                };
                match apply(repo, sub.as_ref(), children)? {
                    Some(id) => {
                        tb.insert(name, id, MODE_TREE)?;
                    }
                    None => {
                        if sub.is_some() {
                            tb.remove(name)?;
                        }
                    }
                }
            }
        }
    }
    if tb.is_empty() {
        Ok(None)
    } else {
        tb.write().map(Some)
    }
}

/// True when `message` has a trailer `key: value` (key case-insensitive,
/// value compared after trimming).
fn has_trailer(message: &str, key: &str, value: &str) -> bool {
    git2::message_trailers_strs(message)
        .map(|t| {
            t.iter()
                .any(|(k, v)| k.trim().eq_ignore_ascii_case(key.trim()) && v.trim() == value.trim())
        })
        .unwrap_or(false)
}

impl CachedRepo {
    /// Builds a commit on `parent` from `changes` (path → new content, or
    /// `None` to delete) without any working tree or index. New files get
    /// mode 100644; an executable file keeps 100755 when rewritten; a
    /// symlink that is rewritten becomes a regular file. Deleting a missing
    /// path is a no-op; a directory left empty disappears. Author and
    /// committer are both `author`, at the current time. Returns `None` when
    /// the tree would not change. No ref is moved.
    pub fn commit_changes(
        &self,
        parent: &str,
        changes: &[(String, Option<Vec<u8>>)],
        author: &Signature,
        message: &str,
    ) -> Result<Option<String>, GitError> {
        let _lock = self.write_lock();
        let parent_oid = self.commit_oid(parent)?;
        let fail = |e: git2::Error| GitError::local("cannot build commit", &e);
        let parent_commit = self.repo.find_commit(parent_oid).map_err(fail)?;
        let parent_tree = parent_commit.tree().map_err(fail)?;
        let nodes = build_changes(changes)?;
        let new_tree = match apply(&self.repo, Some(&parent_tree), &nodes).map_err(fail)? {
            Some(id) => id,
            None => self
                .repo
                .treebuilder(None)
                .and_then(|tb| tb.write())
                .map_err(fail)?,
        };
        if new_tree == parent_tree.id() {
            return Ok(None);
        }
        let tree = self.repo.find_tree(new_tree).map_err(fail)?;
        let sig = git2::Signature::now(&author.name, &author.email)
            .map_err(|e| GitError::local("invalid author signature", &e))?;
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &[&parent_commit])
            .map_err(fail)?;
        Ok(Some(id.to_string()))
    }

    /// Walks first-parent history from `head` (at most `max` commits,
    /// `head` included) and returns the first commit whose message has the
    /// trailer `key: value`. Stops early at a root commit or where history
    /// is not present locally.
    pub fn find_commit_with_trailer(
        &self,
        head: &str,
        key: &str,
        value: &str,
        max: usize,
    ) -> Result<Option<String>, GitError> {
        let mut id = self.commit_oid(head)?;
        for _ in 0..max {
            let Ok(c) = self.repo.find_commit(id) else {
                break;
            };
            if has_trailer(&String::from_utf8_lossy(c.message_bytes()), key, value) {
                return Ok(Some(id.to_string()));
            }
            match c.parent_id(0) {
                Ok(p) => id = p,
                Err(_) => break,
            }
        }
        Ok(None)
    }

    /// Builds a commit on `branch_head` whose tree is `tree_of`'s tree (pull-request mode: the
    /// branch of an open pull request gets the full rendering of all drafts as one new
    /// commit). When `base` is not already in `branch_head`'s history it becomes a second
    /// parent, so the branch stays mergeable into a base that moved. `None` when the tree
    /// equals `branch_head`'s (nothing new). No ref is moved.
    pub fn commit_tree_on(
        &self,
        branch_head: &str,
        base: &str,
        tree_of: &str,
        author: &Signature,
        message: &str,
    ) -> Result<Option<String>, GitError> {
        let _lock = self.write_lock();
        let fail = |e: git2::Error| GitError::local("cannot build commit", &e);
        let head = self
            .repo
            .find_commit(self.commit_oid(branch_head)?)
            .map_err(fail)?;
        let source = self
            .repo
            .find_commit(self.commit_oid(tree_of)?)
            .map_err(fail)?;
        if head.tree_id() == source.tree_id() {
            return Ok(None);
        }
        let base_oid = self.commit_oid(base)?;
        let merged = base_oid == head.id()
            || self
                .repo
                .graph_descendant_of(head.id(), base_oid)
                .map_err(fail)?;
        let base_commit = self.repo.find_commit(base_oid).map_err(fail)?;
        let mut parents = vec![&head];
        if !merged {
            parents.push(&base_commit);
        }
        let tree = source.tree().map_err(fail)?;
        let sig = git2::Signature::now(&author.name, &author.email)
            .map_err(|e| GitError::local("invalid author signature", &e))?;
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &parents)
            .map_err(fail)?;
        Ok(Some(id.to_string()))
    }

    /// A commit's message and its first parent's id.
    pub fn commit_info(&self, commit: &str) -> Result<(String, Option<String>), GitError> {
        let id = self.commit_oid(commit)?;
        let c = self
            .repo
            .find_commit(id)
            .map_err(|e| GitError::local(&format!("cannot read commit {commit}"), &e))?;
        Ok((
            String::from_utf8_lossy(c.message_bytes()).into_owned(),
            c.parent_id(0).ok().map(|p| p.to_string()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers() {
        let msg = "Update things\n\nbody text\n\nHNP-Change-Id: abc123\nSigned-off-by: X <x@y>\n";
        assert!(has_trailer(msg, "HNP-Change-Id", "abc123"));
        assert!(has_trailer(msg, "hnp-change-id", "abc123"));
        assert!(!has_trailer(msg, "HNP-Change-Id", "abc"));
        assert!(!has_trailer(
            "HNP-Change-Id: abc123",
            "HNP-Change-Id",
            "zzz"
        ));
    }

    #[test]
    fn rejects_bad_paths() {
        for p in ["", "/a", "a//b", "a/../b", ".git/config", "a/"] {
            assert!(build_changes(&[(p.to_string(), None)]).is_err(), "{p}");
        }
        assert!(build_changes(&[("a".into(), None), ("a/b".into(), None)]).is_err());
    }
}
