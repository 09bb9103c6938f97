//! Backfill: the history of a fabric's resources from the Git history of its directory, for
//! commits made before HNP watched the fabric (run on its first ingestion and by
//! `hnp fabric backfill-history`). Idempotent: events already recorded are not added again.

use hnp_entity::fabric;
use serde::Serialize;

use super::git::{Seed, walk};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::repositories;

/// Commits walked by default (`--max-commits`).
pub const DEFAULT_MAX_COMMITS: usize = 500;
/// Upper bound of `--max-commits`.
pub const MAX_COMMITS_LIMIT: usize = 100_000;

/// What a backfill did.
#[derive(Debug, Clone, Serialize)]
pub struct BackfillReport {
    pub fabric: String,
    /// The commit the walk started from (the fabric's ingested commit).
    pub head: String,
    /// Commits that changed the fabric's directory.
    pub commits: usize,
    /// Events found in those commits.
    pub events_found: usize,
    /// Events written (the others were recorded already).
    pub events_written: u64,
    /// Files skipped, with the reason (`commit path: reason`).
    pub skipped: Vec<String>,
    pub elapsed_ms: f64,
}

/// Walks at most `max_commits` commits of the fabric's directory from its ingested commit and
/// records the events they imply.
pub async fn backfill(
    core: &Core,
    fabric: &fabric::Model,
    max_commits: usize,
) -> Result<BackfillReport> {
    if max_commits == 0 || max_commits > MAX_COMMITS_LIMIT {
        return Err(Error::validation(
            "max_commits",
            format!("must be between 1 and {MAX_COMMITS_LIMIT}"),
        ));
    }
    let head = fabric.desired_state_commit.clone().ok_or_else(|| {
        Error::validation(
            "fabric",
            format!(
                "fabric {} has not been ingested yet; run a Git → GUI sync first",
                fabric.name
            ),
        )
    })?;
    let started = std::time::Instant::now();
    let repo = repositories::fabric_repository(core, fabric).await?;
    let url = repositories::remote_spec(core, &repo)?.url;
    let found = walk_blocking(
        core,
        url,
        fabric.gitops_directory.clone(),
        head.clone(),
        None,
        max_commits,
        Seed::new(),
    )
    .await?;
    let events_found = found.events.len();
    let txn = crate::db::begin_write(&core.db).await?;
    let events_written = super::record_new(&txn, fabric.id, found.events).await?;
    txn.commit().await?;
    Ok(BackfillReport {
        fabric: fabric.name.clone(),
        head,
        commits: found.commits,
        events_found,
        events_written,
        skipped: found.skipped,
        elapsed_ms: (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
    })
}

/// [`walk`] on a blocking thread.
pub(crate) async fn walk_blocking(
    core: &Core,
    url: String,
    dir: String,
    head: String,
    hide: Option<String>,
    max_commits: usize,
    seed: Seed,
) -> Result<super::git::Walk> {
    let git = core.git.clone();
    tokio::task::spawn_blocking(move || {
        walk(&git, &url, &dir, &head, hide.as_deref(), max_commits, seed)
    })
    .await
    .map_err(|e| Error::Io(format!("background task failed: {e}")))?
    .map_err(Error::from)
}
