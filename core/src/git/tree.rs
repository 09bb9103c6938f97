//! Reading trees: file listings, incremental diffs and blobs.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use git2::{ObjectType, Oid};

use super::cache::CachedRepo;
use super::error::GitError;

/// What a non-tree entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Mode 100644 (also the legacy 100664).
    Regular,
    /// Mode 100755.
    Executable,
    /// Mode 120000: the blob holds the link target.
    Symlink,
    /// Mode 160000 (gitlink): `blob` is the submodule's commit id.
    Submodule,
}

/// A file in a tree. Names that are not UTF-8 are converted lossily.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// Full path in the repository, `/`-separated.
    pub path: String,
    /// Blob id (hex); for submodules the commit id.
    pub blob: String,
    pub kind: FileKind,
}

/// A file that differs between two commits.
/// Added: `old_blob` is `None`; deleted: `new` is `None`. A mode-only change
/// (e.g. made executable) is reported with equal blob ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub old_blob: Option<String>,
    pub new: Option<TreeFile>,
}

const MODE_TREE: i32 = 0o040000;

fn kind_of(mode: i32) -> FileKind {
    match mode {
        0o100755 => FileKind::Executable,
        0o120000 => FileKind::Symlink,
        0o160000 => FileKind::Submodule,
        _ => FileKind::Regular,
    }
}

/// One entry of a parsed tree.
pub(crate) struct Entry {
    name: Box<[u8]>,
    mode: i32,
    id: Oid,
}

impl Entry {
    fn is_tree(&self) -> bool {
        self.mode == MODE_TREE
    }
}

type Entries = Arc<[Entry]>;

/// Parsed trees by id. libgit2 caches only trees up to 4 KiB, so without
/// this a large folder would be inflated and parsed again on every diff.
/// Bounded by a total entry count; cleared whole when full.
#[derive(Default)]
pub(crate) struct TreeCache {
    map: HashMap<Oid, Entries>,
    entries: usize,
}

/// Most tree entries kept per cache repository (about 80 bytes each).
const TREE_CACHE_MAX_ENTRIES: usize = 250_000;

/// Git's tree entry order: names compared bytewise, a tree's name as if it
/// ended in '/'.
fn git_order(a: &Entry, b: &Entry) -> Ordering {
    let n = a.name.len().min(b.name.len());
    a.name[..n].cmp(&b.name[..n]).then_with(|| {
        let end = |e: &Entry| {
            e.name
                .get(n)
                .copied()
                .unwrap_or(if e.is_tree() { b'/' } else { 0 })
        };
        end(a).cmp(&end(b))
    })
}

fn join(prefix: &str, name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    if prefix.is_empty() {
        name.into_owned()
    } else {
        format!("{prefix}/{name}")
    }
}

fn normalize_dir(dir: &str) -> &str {
    dir.trim_matches('/')
}

fn file(path: String, e: &Entry) -> TreeFile {
    TreeFile {
        path,
        blob: e.id.to_string(),
        kind: kind_of(e.mode),
    }
}

impl CachedRepo {
    /// The entries of tree `id`, parsed once and cached.
    fn entries(&self, id: Oid) -> Result<Entries, GitError> {
        if let Some(e) = self.trees.borrow().map.get(&id) {
            return Ok(e.clone());
        }
        let tree = self
            .repo
            .find_tree(id)
            .map_err(|e| GitError::local(&format!("cannot read tree {id}"), &e))?;
        let parsed: Entries = tree
            .iter()
            .map(|e| Entry {
                name: e.name_bytes().into(),
                mode: e.filemode(),
                id: e.id(),
            })
            .collect();
        let mut cache = self.trees.borrow_mut();
        if cache.entries + parsed.len() > TREE_CACHE_MAX_ENTRIES {
            cache.map.clear();
            cache.entries = 0;
        }
        cache.entries += parsed.len();
        cache.map.insert(id, parsed.clone());
        Ok(parsed)
    }

    /// The tree id at `dir` in `commit`, or `None` if there is no such directory.
    fn subtree(&self, commit: &str, dir: &str) -> Result<Option<Oid>, GitError> {
        let oid = self.commit_oid(commit)?;
        let mut tree = self
            .repo
            .find_commit(oid)
            .map(|c| c.tree_id())
            .map_err(|e| GitError::local(&format!("cannot read commit {commit}"), &e))?;
        for part in normalize_dir(dir).split('/').filter(|p| !p.is_empty()) {
            let entries = self.entries(tree)?;
            match entries
                .iter()
                .find(|e| e.is_tree() && *e.name == *part.as_bytes())
            {
                Some(e) => tree = e.id,
                None => return Ok(None),
            }
        }
        Ok(Some(tree))
    }

    /// Every non-tree entry under `dir` (`""` = root) at `commit`,
    /// recursively, in git tree order. A missing `dir` gives an empty list.
    pub fn list_files(&self, commit: &str, dir: &str) -> Result<Vec<TreeFile>, GitError> {
        let mut out = Vec::new();
        if let Some(tree) = self.subtree(commit, dir)? {
            self.collect(tree, normalize_dir(dir), &mut out)?;
        }
        Ok(out)
    }

    fn collect(&self, tree: Oid, prefix: &str, out: &mut Vec<TreeFile>) -> Result<(), GitError> {
        for e in self.entries(tree)?.iter() {
            let path = join(prefix, &e.name);
            if e.is_tree() {
                self.collect(e.id, &path, out)?;
            } else {
                out.push(file(path, e));
            }
        }
        Ok(())
    }

    /// Files under `dir` that differ between two commits. Walks both trees
    /// in step and descends only into subtrees whose ids differ, so the cost
    /// is proportional to the entries of the changed directories.
    pub fn changed_files(
        &self,
        old_commit: &str,
        new_commit: &str,
        dir: &str,
    ) -> Result<Vec<FileChange>, GitError> {
        let old = self.subtree(old_commit, dir)?;
        let new = self.subtree(new_commit, dir)?;
        let mut out = Vec::new();
        self.diff(old, new, normalize_dir(dir), &mut out)?;
        Ok(out)
    }

    fn diff(
        &self,
        old: Option<Oid>,
        new: Option<Oid>,
        prefix: &str,
        out: &mut Vec<FileChange>,
    ) -> Result<(), GitError> {
        if old == new {
            return Ok(());
        }
        let empty: Entries = Arc::new([]);
        let a = old
            .map(|id| self.entries(id))
            .transpose()?
            .unwrap_or_else(|| empty.clone());
        let b = new.map(|id| self.entries(id)).transpose()?.unwrap_or(empty);
        let (mut i, mut j) = (0, 0);
        loop {
            let ord = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => git_order(x, y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => break,
            };
            match ord {
                Ordering::Less => {
                    let x = &a[i];
                    let path = join(prefix, &x.name);
                    if x.is_tree() {
                        self.diff(Some(x.id), None, &path, out)?;
                    } else {
                        out.push(FileChange {
                            path,
                            old_blob: Some(x.id.to_string()),
                            new: None,
                        });
                    }
                    i += 1;
                }
                Ordering::Greater => {
                    let y = &b[j];
                    let path = join(prefix, &y.name);
                    if y.is_tree() {
                        self.diff(None, Some(y.id), &path, out)?;
                    } else {
                        out.push(FileChange {
                            path: path.clone(),
                            old_blob: None,
                            new: Some(file(path, y)),
                        });
                    }
                    j += 1;
                }
                Ordering::Equal => {
                    let (x, y) = (&a[i], &b[j]);
                    if x.id != y.id || x.mode != y.mode {
                        let path = join(prefix, &y.name);
                        if x.is_tree() {
                            self.diff(Some(x.id), Some(y.id), &path, out)?;
                        } else {
                            out.push(FileChange {
                                path: path.clone(),
                                old_blob: Some(x.id.to_string()),
                                new: Some(file(path, y)),
                            });
                        }
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        Ok(())
    }

    /// The regular file at `path` in `commit`: its blob id and kind, or `None` when there is
    /// no file there (missing, or a directory).
    pub fn file_at(&self, commit: &str, path: &str) -> Result<Option<TreeFile>, GitError> {
        let (dir, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (dir, name),
            None => ("", path),
        };
        let Some(tree) = self.subtree(commit, dir)? else {
            return Ok(None);
        };
        let entries = self.entries(tree)?;
        Ok(entries
            .iter()
            .find(|e| !e.is_tree() && *e.name == *name.as_bytes())
            .map(|e| file(path.to_owned(), e)))
    }

    /// A blob's content. The size is read from the object header first; a
    /// blob over `max_bytes` gives [`GitError::TooLarge`] without its body
    /// being inflated. `path` is only used in messages.
    pub fn read_blob(&self, blob: &str, path: &str, max_bytes: u64) -> Result<Vec<u8>, GitError> {
        let oid = Oid::from_str(blob)
            .map_err(|_| GitError::Other(format!("invalid blob id {blob:?} for {path}")))?;
        let odb = self
            .repo
            .odb()
            .map_err(|e| GitError::local("cannot open object database", &e))?;
        let (size, kind) = odb
            .read_header(oid)
            .map_err(|e| GitError::local(&format!("blob {blob} ({path}) not found"), &e))?;
        if kind != ObjectType::Blob {
            return Err(GitError::Other(format!(
                "{blob} ({path}) is a {kind}, not a blob"
            )));
        }
        let size = size as u64;
        if size > max_bytes {
            return Err(GitError::TooLarge {
                path: path.to_string(),
                size,
                limit: max_bytes,
            });
        }
        let obj = odb
            .read(oid)
            .map_err(|e| GitError::local(&format!("cannot read blob {blob} ({path})"), &e))?;
        Ok(obj.data().to_vec())
    }
}
