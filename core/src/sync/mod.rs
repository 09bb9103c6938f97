//! The one sync orchestrator: every entry point (the `hnp sync` CLI inline, the job workers,
//! and through them GraphQL `triggerSync`, the REST sync endpoint, webhooks and schedules) runs
//! a sync through [`run`], so the same rules apply whichever road a request takes:
//!
//! 1. the dry-run rule ([`check_dry_run`]: only write-backs have a dry run);
//! 2. the feature flags ([`check_flags`]: `bidirectional_sync` for write-backs,
//!    `directory_management` for directory initialization);
//! 3. optionally a preflight ([`preflight`]: a cheap `ls-remote` that tells a dead remote from
//!    a network blip before an operation starts; job workers use it to classify failures);
//! 4. the dispatch to the engine: ingestion, write-back, directory initialization or the
//!    cluster reader.
//!
//! The per-fabric lock is the caller's: workers hold the fabric's Redis lease around [`run`],
//! and the CLI takes the same lease through the jobs crate.
//!
//! The engines and what they share live below: [`ingest`] (Git → database), [`writeback`]
//! (drafts → one commit or pull request), [`directories`] and [`layout`] (the managed
//! directory layout), [`drafts`], [`conflicts`] and [`merge`] (three-way merge), and
//! [`resource_drift`] (drift of stored resources; the cluster reader is [`crate::cluster`]);
//! [`revert`] undoes a write-back's or an external commit's changes as one commit.

pub mod adopt;
pub mod conflicts;
pub mod directories;
pub mod drafts;
pub mod drift_ignore;
pub mod ingest;
pub mod layout;
pub mod merge;
pub mod resource_drift;
pub mod revert;
pub mod writeback;

use hnp_entity::enums::OperationDirection;
use hnp_entity::fabric;
use serde::{Deserialize, Serialize};

use crate::cluster::ClusterReadReport;
use crate::context::Core;
use crate::error::{Error, Result};
use crate::flags::{self, Flag};
use crate::operations::Requester;
use crate::progress::ProgressSink;
use directories::InitReport;
use ingest::IngestReport;
use writeback::SyncReport;

/// What a sync does. Every outside name of a direction (CLI `--direction`, GraphQL
/// `SyncDirection`, REST `direction`, job payloads) maps onto this one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Run {
    /// Ingest the fabric's directory from Git into the database.
    GitToGui,
    /// Write every pending draft to Git as one commit (or pull request).
    GuiToGit,
    /// Git → GUI, then GUI → Git, as one operation.
    Bidirectional,
    /// Create the managed directory layout in one commit.
    DirectoryInit,
    /// Read the cluster (actual state) and recompute drift.
    ClusterRead,
}

impl Run {
    /// The operation direction recorded for this run.
    pub fn direction(self) -> OperationDirection {
        match self {
            Run::GitToGui => OperationDirection::GitToGui,
            Run::GuiToGit => OperationDirection::GuiToGit,
            Run::Bidirectional => OperationDirection::Bidirectional,
            Run::DirectoryInit => OperationDirection::DirectoryInit,
            Run::ClusterRead => OperationDirection::ClusterRead,
        }
    }

    pub fn from_direction(direction: OperationDirection) -> Option<Run> {
        match direction {
            OperationDirection::GitToGui => Some(Run::GitToGui),
            OperationDirection::GuiToGit => Some(Run::GuiToGit),
            OperationDirection::Bidirectional => Some(Run::Bidirectional),
            OperationDirection::DirectoryInit => Some(Run::DirectoryInit),
            OperationDirection::ClusterRead => Some(Run::ClusterRead),
        }
    }

    /// Whether the run writes to Git from drafts (and so has a dry run).
    pub fn writes_back(self) -> bool {
        matches!(self, Run::GuiToGit | Run::Bidirectional)
    }

    /// Whether the run talks to the fabric's Git remote.
    pub fn uses_git(self) -> bool {
        self != Run::ClusterRead
    }
}

/// Only write-backs have a dry run (the commit is built and shown, not pushed).
pub fn check_dry_run(run: Run, dry_run: bool) -> Result<()> {
    if dry_run && !run.writes_back() {
        return Err(Error::validation(
            "dry_run",
            "only gui-to-git and bidirectional syncs have a dry run",
        ));
    }
    Ok(())
}

/// The feature flags a run needs, for `fabric` (its override, else the global value).
pub async fn check_flags(core: &Core, fabric: &fabric::Model, run: Run) -> Result<()> {
    let flag = match run {
        Run::GuiToGit | Run::Bidirectional => Flag::BidirectionalSync,
        Run::DirectoryInit => Flag::DirectoryManagement,
        Run::GitToGui | Run::ClusterRead => return Ok(()),
    };
    if flags::is_enabled(&core.db, &core.config, flag, Some(fabric.id)).await? {
        return Ok(());
    }
    Err(Error::FeatureDisabled(match flag {
        Flag::BidirectionalSync => format!(
            "bidirectional_sync is off for fabric {}: only Git → GUI sync runs",
            fabric.name
        ),
        _ => format!(
            "directory_management is off for fabric {}: directories cannot be initialized",
            fabric.name
        ),
    }))
}

/// Lists the remote's refs with the stored credentials: a dead remote, refused credentials or a
/// missing repository fail here, before an operation does any work. No-op for cluster reads.
pub async fn preflight(core: &Core, fabric: &fabric::Model, run: Run) -> Result<()> {
    if !run.uses_git() {
        return Ok(());
    }
    let repo = crate::repositories::fabric_repository(core, fabric).await?;
    let spec = crate::repositories::remote_spec(core, &repo)?;
    tokio::task::spawn_blocking(move || crate::git::list_remote_refs(&spec))
        .await
        .map_err(|e| Error::Io(format!("git task failed: {e}")))??;
    Ok(())
}

/// One sync request.
#[derive(Clone, Default)]
pub struct Request<'a> {
    /// Build the write-back commit without pushing it.
    pub dry_run: bool,
    /// Continue this queued (or interrupted) operation instead of starting a new one.
    pub operation_id: Option<&'a str>,
    /// Run [`preflight`] first.
    pub preflight: bool,
    /// Write-back options beyond the dry run (fault-injection hooks in tests).
    pub writeback: writeback::Options,
}

/// What a run did, by engine.
#[derive(Debug)]
pub enum Report {
    Ingest(IngestReport),
    WriteBack(SyncReport),
    Directories(InitReport),
    Cluster(ClusterReadReport),
}

impl Report {
    pub fn operation_id(&self) -> &str {
        match self {
            Report::Ingest(r) => &r.operation_id,
            Report::WriteBack(r) => &r.operation_id,
            Report::Directories(r) => &r.operation_id,
            Report::Cluster(r) => &r.operation_id,
        }
    }

    pub fn status(&self) -> hnp_entity::enums::OperationStatus {
        match self {
            Report::Ingest(r) => r.status,
            Report::WriteBack(r) => r.status,
            Report::Directories(r) => r.status,
            Report::Cluster(r) => r.status,
        }
    }
}

/// Runs `run` for `fabric`: [`prepare`], then [`dispatch`]. The caller holds the fabric's
/// lock.
pub async fn run(
    core: &Core,
    fabric: &fabric::Model,
    run: Run,
    request: Request<'_>,
    requester: &Requester,
    sink: &dyn ProgressSink,
) -> Result<Report> {
    prepare(core, fabric, run, &request).await?;
    dispatch(core, fabric, run, request, requester, sink).await
}

/// The checks before any work: the dry-run rule, the flags, and the preflight when asked for.
pub async fn prepare(
    core: &Core,
    fabric: &fabric::Model,
    run: Run,
    request: &Request<'_>,
) -> Result<()> {
    check_dry_run(run, request.dry_run)?;
    check_flags(core, fabric, run).await?;
    if request.preflight {
        preflight(core, fabric, run).await?;
    }
    Ok(())
}

/// The engine of `run` (after [`prepare`]).
pub async fn dispatch(
    core: &Core,
    fabric: &fabric::Model,
    run: Run,
    request: Request<'_>,
    requester: &Requester,
    sink: &dyn ProgressSink,
) -> Result<Report> {
    let operation_id = request.operation_id;
    Ok(match run {
        Run::GitToGui => Report::Ingest(
            ingest::git_to_gui_in(core, fabric, requester, sink, operation_id).await?,
        ),
        Run::GuiToGit | Run::Bidirectional => {
            let direction = if run == Run::GuiToGit {
                writeback::Direction::GuiToGit
            } else {
                writeback::Direction::Bidirectional
            };
            let options = writeback::Options {
                dry_run: request.dry_run,
                operation_id: operation_id.map(str::to_owned),
                ..request.writeback
            };
            Report::WriteBack(
                writeback::run(core, fabric, direction, options, requester, sink).await?,
            )
        }
        Run::DirectoryInit => Report::Directories(
            directories::initialize_in(core, fabric, requester, sink, operation_id).await?,
        ),
        Run::ClusterRead => Report::Cluster(
            crate::cluster::read(core, fabric, requester, sink, operation_id).await?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_write_backs_have_a_dry_run() {
        for run in [Run::GuiToGit, Run::Bidirectional] {
            assert!(check_dry_run(run, true).is_ok());
        }
        for run in [Run::GitToGui, Run::DirectoryInit, Run::ClusterRead] {
            assert!(check_dry_run(run, false).is_ok());
            let err = check_dry_run(run, true).unwrap_err().to_string();
            assert!(err.starts_with("dry_run:"), "{err}");
        }
    }

    #[test]
    fn directions_round_trip() {
        for run in [
            Run::GitToGui,
            Run::GuiToGit,
            Run::Bidirectional,
            Run::DirectoryInit,
            Run::ClusterRead,
        ] {
            assert_eq!(Run::from_direction(run.direction()), Some(run));
        }
    }
}
