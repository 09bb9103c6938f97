//! Events from Git history: walks first-parent history of a fabric's branch, diffs each commit
//! against its parent inside the fabric's directory (only the files a commit changed), parses
//! each blob once and compares the documents per resource: `CREATED`, `DELETED`, or a change
//! with its field paths (`GIT_COMMIT`, or `WRITE_BACK` for commits an HNP write-back made,
//! recognised by their `HNP-Operation` / `HNP-User` trailers). A resource moved between files
//! in one commit is compared across them. Files that cannot be read or parsed (too large,
//! invalid YAML, a symlink) are skipped with a logged reason; they never stop the walk.

use std::collections::HashMap;
use std::sync::Arc;

use hnp_entity::enums::ResourceEventKind;
use serde_json::Value;

use super::{NewEvent, paths, truncate};
use crate::git::{CachedRepo, CommitMeta, FileKind, GitCache, GitError, TreeFile};
use crate::hedgehog::kinds::ResourceKey;
use crate::sync::ingest::parse::{self, ParsedFile};
use crate::sync::layout;
use crate::yaml::Limits;

/// Trailers of write-back commits (see `sync::writeback::message`).
pub const OPERATION_TRAILER: &str = "HNP-Operation";
pub const USER_TRAILER: &str = "HNP-User";
/// Names the commit an HNP revert reverts (see `crate::sync::revert`).
pub const REVERTS_COMMIT_TRAILER: &str = "HNP-Reverts-Commit";

/// Keys of documents already parsed elsewhere (the first ingestion), by blob id: a file added
/// by a commit and not changed since needs no second parse to know what it created.
pub type Seed = HashMap<String, Vec<ResourceKey>>;

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    pub events: Vec<NewEvent>,
    /// Commits walked.
    pub walked: usize,
    /// Commits that changed a file of the directory.
    pub commits: usize,
    /// Files skipped: `commit path: reason`.
    pub skipped: Vec<String>,
    /// Blobs parsed.
    pub parsed: usize,
}

/// One resource document as compared.
struct Doc {
    key: ResourceKey,
    spec: Value,
    labels: Option<Value>,
    annotations: Option<Value>,
}

enum Blob {
    /// Only the keys are known (from a [`Seed`]).
    Keys(Vec<ResourceKey>),
    Docs(Vec<Doc>),
    Failed(String),
}

/// A changed file of one commit.
struct Change {
    path: String,
    old: Option<String>,
    new: Option<String>,
}

/// Walks history from `head` (newest first), skipping commits reachable from `hide`, until
/// `max_commits` commits touching `dir` were seen (at most 4 × that many walked).
pub fn walk(
    git: &GitCache,
    url: &str,
    dir: &str,
    head: &str,
    hide: Option<&str>,
    max_commits: usize,
    seed: Seed,
) -> Result<Walk, GitError> {
    let repo = git.open(url)?;
    let limits = Limits::default();
    // The previous commit is gone from the cache (history rewritten and pruned): what lies
    // between is unknown, and walking further back would record older commits again; only
    // the head commit is walked.
    let max_commits = match hide {
        Some(hide) if repo.commit_oid(hide).is_err() => max_commits.min(1),
        _ => max_commits,
    };
    let metas = repo.first_parent_walk(head, hide, max_commits.saturating_mul(4).max(16))?;
    let mut cache: HashMap<String, Blob> = seed
        .into_iter()
        .map(|(blob, keys)| (blob, Blob::Keys(keys)))
        .collect();
    let mut out = Walk::default();
    for meta in metas {
        if out.commits >= max_commits {
            break;
        }
        out.walked += 1;
        let changes = changes_of(&repo, &meta, dir)?;
        if changes.is_empty() {
            continue;
        }
        out.commits += 1;
        commit_events(git, url, &meta, changes, &mut cache, &limits, &mut out);
    }
    // Oldest first: rows are then numbered in the order things happened.
    out.events.reverse();
    Ok(out)
}

fn changes_of(repo: &CachedRepo, meta: &CommitMeta, dir: &str) -> Result<Vec<Change>, GitError> {
    let regular = |file: &TreeFile| matches!(file.kind, FileKind::Regular | FileKind::Executable);
    let mut out = Vec::new();
    match &meta.parent {
        Some(parent) => {
            for change in repo.changed_files(parent, &meta.id, dir)? {
                if !layout::is_ingested(dir, &change.path) {
                    continue;
                }
                let new = change.new.filter(regular).map(|f| f.blob);
                if new.is_some() && new == change.old_blob {
                    continue; // mode-only change
                }
                out.push(Change {
                    path: change.path,
                    old: change.old_blob,
                    new,
                });
            }
        }
        None => {
            for file in repo.list_files(&meta.id, dir)? {
                if layout::is_ingested(dir, &file.path) && regular(&file) {
                    out.push(Change {
                        path: file.path,
                        old: None,
                        new: Some(file.blob),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Parses `blobs` (path, blob) into the cache, on all cores when there are many.
fn parse_into(
    git: &GitCache,
    url: &str,
    blobs: Vec<(String, String)>,
    cache: &mut HashMap<String, Blob>,
    limits: &Limits,
    out: &mut Walk,
) {
    if blobs.is_empty() {
        return;
    }
    out.parsed += blobs.len();
    let items: Vec<TreeFile> = blobs
        .into_iter()
        .map(|(path, blob)| TreeFile {
            path,
            blob,
            kind: FileKind::Regular,
        })
        .collect();
    let parsed: Vec<ParsedFile> = parse::parse_parallel(items, limits, || {
        let repo = git.open(url).ok();
        move |entry| crate::sync::ingest::load(repo.as_ref(), entry, limits)
    });
    for file in parsed {
        let entry = match file.result {
            Ok(docs) => Blob::Docs(
                docs.managed
                    .into_iter()
                    .map(|d| Doc {
                        key: d.key(),
                        spec: d.spec,
                        labels: d.labels,
                        annotations: d.annotations,
                    })
                    .collect(),
            ),
            Err(message) => Blob::Failed(message),
        };
        cache.insert(file.blob, entry);
    }
}

#[allow(clippy::too_many_arguments)]
fn commit_events(
    git: &GitCache,
    url: &str,
    meta: &CommitMeta,
    changes: Vec<Change>,
    cache: &mut HashMap<String, Blob>,
    limits: &Limits,
    out: &mut Walk,
) {
    // Blobs never seen: parsed now (once for the whole walk).
    let mut wanted: Vec<(String, String)> = Vec::new();
    let mut seen: std::collections::HashSet<&str> = Default::default();
    for change in &changes {
        for blob in [&change.old, &change.new].into_iter().flatten() {
            if !cache.contains_key(blob) && seen.insert(blob.as_str()) {
                wanted.push((change.path.clone(), blob.clone()));
            }
        }
    }
    parse_into(git, url, wanted, cache, limits, out);

    // A file failing on either side says nothing reliable about its resources: skipped.
    let mut usable = Vec::with_capacity(changes.len());
    for change in changes {
        let failed = [&change.old, &change.new]
            .into_iter()
            .flatten()
            .find_map(|blob| match cache.get(blob) {
                Some(Blob::Failed(message)) => Some(message.clone()),
                _ => None,
            });
        match failed {
            Some(reason) => {
                let short = &meta.id[..meta.id.len().min(12)];
                tracing::info!(commit = short, path = %change.path, %reason, "history: file skipped");
                out.skipped
                    .push(format!("{short} {}: {reason}", change.path));
            }
            None => usable.push(change),
        }
    }

    // Keys on both sides whose documents are only known by key (seeded): parse them now.
    let sides = |cache: &HashMap<String, Blob>, old: bool| -> Vec<(ResourceKey, bool)> {
        let mut keys = Vec::new();
        for change in &usable {
            let blob = if old { &change.old } else { &change.new };
            match blob.as_ref().and_then(|b| cache.get(b)) {
                Some(Blob::Keys(k)) => keys.extend(k.iter().map(|k| (k.clone(), false))),
                Some(Blob::Docs(d)) => keys.extend(d.iter().map(|d| (d.key.clone(), true))),
                _ => {}
            }
        }
        keys
    };
    let old_keys: HashMap<ResourceKey, bool> = sides(cache, true).into_iter().collect();
    let needs_docs = sides(cache, false)
        .into_iter()
        .any(|(key, has)| old_keys.get(&key).is_some_and(|old_has| !has || !old_has));
    if needs_docs {
        let seeded: Vec<(String, String)> = usable
            .iter()
            .flat_map(|c| {
                [&c.old, &c.new]
                    .into_iter()
                    .flatten()
                    .map(move |b| (b.clone(), c.path.clone()))
            })
            .filter(|(b, _)| matches!(cache.get(b), Some(Blob::Keys(_))))
            .collect::<HashMap<String, String>>()
            .into_iter()
            .map(|(blob, path)| (path, blob))
            .collect();
        parse_into(git, url, seeded, cache, limits, out);
    }

    type Side<'a> = HashMap<&'a ResourceKey, Option<&'a Doc>>;
    let side = |old: bool| -> Side<'_> {
        let mut map: Side<'_> = HashMap::new();
        for change in &usable {
            let blob = if old { &change.old } else { &change.new };
            match blob.as_ref().and_then(|b| cache.get(b)) {
                Some(Blob::Keys(keys)) => {
                    for key in keys {
                        map.entry(key).or_insert(None);
                    }
                }
                Some(Blob::Docs(docs)) => {
                    for doc in docs {
                        map.entry(&doc.key).or_insert(Some(doc));
                    }
                }
                _ => {}
            }
        }
        map
    };
    let (before, after) = (side(true), side(false));

    let operation = meta
        .trailer(OPERATION_TRAILER)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    let actor = match &operation {
        Some(_) => meta
            .trailer(USER_TRAILER)
            .filter(|v| !v.is_empty())
            .unwrap_or("unknown")
            .to_owned(),
        None => meta.author.clone(),
    };
    // A revert by HNP records its own `REVERTED` events (with the fields it set back): its
    // commit's field changes are not recorded a second time as a write-back.
    let reverts = meta
        .trailer(REVERTS_COMMIT_TRAILER)
        .is_some_and(|v| !v.is_empty());
    let message = Arc::new(truncate(meta.message.trim().to_owned()));
    let event = |key: &ResourceKey, kind: ResourceEventKind, paths: Vec<String>| NewEvent {
        key: key.clone(),
        kind,
        at: meta.at,
        actor: Some(actor.clone()),
        commit: Some(meta.id.clone()),
        operation_id: operation.clone(),
        message: Some(message.as_ref().clone()),
        paths,
    };
    let mut events: Vec<NewEvent> = Vec::new();
    for (key, new) in &after {
        match before.get(key) {
            None => events.push(event(key, ResourceEventKind::Created, Vec::new())),
            Some(old) => {
                let (Some(old), Some(new)) = (old, new) else {
                    continue;
                };
                let changed = paths::between(
                    (&old.spec, old.labels.as_ref(), old.annotations.as_ref()),
                    (&new.spec, new.labels.as_ref(), new.annotations.as_ref()),
                );
                if !(changed.is_empty() || reverts && operation.is_some()) {
                    let kind = if operation.is_some() {
                        ResourceEventKind::WriteBack
                    } else {
                        ResourceEventKind::GitCommit
                    };
                    events.push(event(key, kind, changed));
                }
            }
        }
    }
    for key in before.keys() {
        if !after.contains_key(key) {
            events.push(event(key, ResourceEventKind::Deleted, Vec::new()));
        }
    }
    events.sort_by(|a, b| a.key.cmp(&b.key));
    out.events.extend(events);
}

/// Commits an ingestion walks at most for its events.
pub const LIVE_MAX_COMMITS: usize = 500;

/// Starts walking, on a blocking thread, the commits an ingestion brings in: from `head` down
/// to `old` (everything reachable from it excluded), or the history of a first ingestion.
pub(crate) fn spawn_events_since(
    git: Arc<GitCache>,
    url: String,
    dir: String,
    head: String,
    old: Option<String>,
    seed: Seed,
) -> tokio::task::JoinHandle<Result<Walk, GitError>> {
    tokio::task::spawn_blocking(move || {
        walk(
            &git,
            &url,
            &dir,
            &head,
            old.as_deref(),
            LIVE_MAX_COMMITS,
            seed,
        )
    })
}

/// The events of a walk started by [`spawn_events_since`]. History is a record of what
/// happened, not part of the change itself: a walk that failed is logged and gives no events.
pub(crate) async fn events_of(
    walking: tokio::task::JoinHandle<Result<Walk, GitError>>,
) -> Vec<NewEvent> {
    match walking.await {
        Ok(Ok(walk)) => walk.events,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "history: commits not walked; no events recorded");
            Vec::new()
        }
        Err(e) => {
            tracing::warn!(error = %e, "history: walk failed; no events recorded");
            Vec::new()
        }
    }
}
