//! The files of one ingestion: which to (re)parse between two commits ([`collect`]), reading
//! them from the cache repository ([`load`]) and parsing them on all cores
//! ([`read_and_parse`]).

use super::blocking;
use super::parse::{self, ParsedFile, SourceFile};
use super::plan::Scope;
use crate::context::Core;
use crate::error::{Error, Result};
use crate::git::{CachedRepo, FileKind, GitError, TreeFile};
use crate::sync::layout;
use crate::yaml::Limits;

/// Files of one run, found in git (blocking part); their content is read by the parse threads.
pub(super) struct Collected {
    pub(super) scope: Scope,
    pub(super) entries: Vec<TreeFile>,
}

/// Finds the files to (re)parse between `old` and `head` under `dir`, plus `retry`: files that
/// were in error, whose outcome may depend on other files (a duplicate definition removed
/// elsewhere). Falls back to a full scan when there is no previous commit or it is no longer in
/// the cache.
pub(super) fn collect(
    repo: &CachedRepo,
    old: Option<&str>,
    head: &str,
    dir: &str,
    retry: &[String],
) -> std::result::Result<Collected, GitError> {
    let changes = match old {
        Some(old) => repo.changed_files(old, head, dir).ok(),
        None => None,
    };
    let (scope, entries) = match changes {
        Some(changes) => {
            let mut deleted = Vec::new();
            let mut entries = Vec::new();
            for change in changes {
                match change.new {
                    Some(file) => entries.push(file),
                    None if layout::is_ingested(dir, &change.path)
                        || layout::is_manifest(dir, &change.path) =>
                    {
                        deleted.push(change.path)
                    }
                    None => {}
                }
            }
            if !retry.is_empty() {
                let known: std::collections::HashSet<String> = entries
                    .iter()
                    .map(|e: &TreeFile| e.path.clone())
                    .chain(deleted.iter().cloned())
                    .collect();
                entries.extend(
                    repo.list_files(head, dir)?
                        .into_iter()
                        .filter(|e| retry.contains(&e.path) && !known.contains(&e.path)),
                );
            }
            (Scope::Incremental { deleted }, entries)
        }
        None => (Scope::Full, repo.list_files(head, dir)?),
    };
    let mut kept = Vec::with_capacity(entries.len());
    let mut gone = Vec::new();
    for entry in entries {
        if !layout::is_ingested(dir, &entry.path) && !layout::is_manifest(dir, &entry.path) {
            // A YAML file replaced by something else counts as gone.
            if matches!(scope, Scope::Incremental { .. }) {
                gone.push(entry.path);
            }
            continue;
        }
        if entry.kind == FileKind::Submodule {
            gone.push(entry.path);
            continue;
        }
        kept.push(entry);
    }
    let scope = match scope {
        Scope::Incremental { mut deleted } => {
            deleted.extend(gone);
            Scope::Incremental { deleted }
        }
        Scope::Full => Scope::Full,
    };
    Ok(Collected {
        scope,
        entries: kept,
    })
}

/// Reads one file's content (size-limited); symlinks are refused.
pub(crate) fn load(repo: Option<&CachedRepo>, entry: TreeFile, limits: &Limits) -> SourceFile {
    let content = match (entry.kind, repo) {
        (FileKind::Symlink, _) => {
            Err("symbolic links are not followed; commit the file itself".to_owned())
        }
        (_, None) => Err("git cache could not be opened".to_owned()),
        (_, Some(repo)) => repo
            .read_blob(&entry.blob, &entry.path, limits.max_file_bytes as u64)
            .map_err(|e| match e {
                GitError::TooLarge { size, limit, .. } => {
                    format!("file is too large: {size} bytes exceeds the limit of {limit} bytes")
                }
                other => other.to_string(),
            }),
    };
    SourceFile {
        path: entry.path,
        blob: entry.blob,
        content,
    }
}

pub(super) async fn read_and_parse(
    core: &Core,
    url: &str,
    old: Option<String>,
    head: String,
    dir: &str,
    limits: &Limits,
    retry: Vec<String>,
) -> Result<(Scope, Vec<ParsedFile>)> {
    let git = core.git.clone();
    let url = url.to_owned();
    let dir = dir.to_owned();
    let limits = limits.clone();
    blocking(move || {
        let repo = git.open(&url)?;
        let collected = collect(&repo, old.as_deref(), &head, &dir, &retry)?;
        drop(repo);
        // Each parse thread reads blobs through its own handle on the cache repository.
        let limits = &limits;
        let parsed = parse::parse_parallel(collected.entries, limits, || {
            let repo = git.open(&url).ok();
            move |entry| load(repo.as_ref(), entry, limits)
        });
        Ok::<_, GitError>((collected.scope, parsed))
    })
    .await?
    .map_err(Error::from)
}
