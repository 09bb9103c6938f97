//! Revert: one commit (or pull request) that undoes, field by field, what a write-back operation
//! or an external commit changed in a fabric's directory.
//!
//! A revert runs as a `gui_to_git` sync operation (`details.revert` names what it reverts)
//! under the fabric's lease, refused like a write-back when `bidirectional_sync` is off. It
//! needs only Git: fetch the branch, ingest its head, read the reverted commit against its
//! first parent ([`plan::commit_changes`]), and for each resource it changed plan the undo on
//! the resource as it is now ([`plan::step`]): created resources are deleted, deleted ones
//! restored, changed fields set back. A field changed again since is not overwritten: the
//! revert opens a conflict for it ([`crate::sync::conflicts::open_for_revert`]) and reverts
//! the rest. The changes are admission-checked against the fabric's desired state (other
//! users' pending drafts are neither checked with it nor written), rendered with the
//! write-back's renderer (in-place edits, comments and untouched documents kept) and committed
//! as `Revert "<subject>"` with `HNP-Reverts-Operation` / `HNP-Reverts-Commit`,
//! `HNP-Operation` and `HNP-User` trailers. Pull-request mode pushes a `hnp/revert-<commit>`
//! branch and opens (or updates) its pull request instead.
//!
//! Running the same revert again finds nothing left to undo (or the pull request already
//! holding it) and commits nothing. A dry run builds the commit without pushing and stores its
//! per-file diffs in `details.files` and the fields that would conflict in
//! `details.conflicts`, the shapes a write-back dry run has.

mod checks;
mod execute;
mod plan;
mod propose;
mod record;

use hnp_entity::enums::OperationDirection;
use hnp_entity::{fabric, sync_operation};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

use crate::context::Core;
use crate::error::{Error, Result};
use crate::git::{GitError, RemoteSpec};
use crate::operations::{self, FileError, Outcome, Requester};
use crate::progress::{Counters, ProgressSink, Reporter};
use crate::repositories;
use crate::sync::writeback::SyncReport;
use crate::sync::{Run, check_flags};
use execute::{Revert, State};

/// What to revert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The commit a write-back operation made (its id).
    Operation(String),
    /// A commit of the fabric's branch (full or abbreviated id).
    Commit { fabric_id: i32, commit: String },
}

/// The fabric a revert of `target` runs on (the caller takes its lease). A missing operation or
/// fabric is an error naming the argument (`operationId`, `fabricId`).
pub async fn fabric_of(core: &Core, target: &Target) -> Result<fabric::Model> {
    let fabric_id = match target {
        Target::Operation(id) => operation_to_revert(core, id).await?.fabric_id,
        Target::Commit { fabric_id, .. } => *fabric_id,
    };
    crate::queries::fabrics::by_id(&core.db, fabric_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("fabricId: fabric {fabric_id}")))
}

/// The write-back operation `id` and the commit it made.
async fn operation_to_revert(core: &Core, id: &str) -> Result<sync_operation::Model> {
    crate::queries::operations::by_id(&core.db, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("operationId: sync operation {id}")))
}

/// The commit a write-back operation pushed (`details.commit` with `details.pushed`).
fn committed_by(op: &sync_operation::Model) -> Result<String> {
    let details = op.details.as_ref();
    let pushed = details
        .and_then(|d| d.get("pushed"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let commit = details
        .and_then(|d| d.get("commit"))
        .and_then(Value::as_str);
    let writes = matches!(
        op.direction,
        OperationDirection::GuiToGit | OperationDirection::Bidirectional
    );
    match commit {
        Some(commit) if writes && pushed && !op.dry_run => Ok(commit.to_owned()),
        _ => Err(Error::validation(
            "operationId",
            format!(
                "operation {} did not commit to Git (only write-backs and reverts that pushed a commit can be reverted{})",
                op.id,
                if op.dry_run {
                    "; this was a dry run"
                } else {
                    ""
                }
            ),
        )),
    }
}

/// Whether `commit` looks like a commit id: 4 to 40 hexadecimal digits.
fn check_commit_id(commit: &str) -> Result<()> {
    let ok = (4..=40).contains(&commit.len()) && commit.bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(Error::validation(
            "commit",
            format!("{commit:?} is not a commit id (4 to 40 hexadecimal digits)"),
        ))
    }
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Io(format!("git task failed: {e}")))
}

/// Reverts `target` on `fabric` (from [`fabric_of`]) as one sync operation; `dry_run` builds
/// the commit without pushing it and opens no conflict. Errors before the operation starts
/// (bad arguments, flags, an unreachable remote) are returned as errors; a revert that fails
/// once started (admission, a file that cannot be edited) is a failed operation.
pub async fn run(
    core: &Core,
    fabric: &fabric::Model,
    target: &Target,
    dry_run: bool,
    requester: &Requester,
    sink: &dyn ProgressSink,
) -> Result<SyncReport> {
    let reverted_op = match target {
        Target::Operation(id) => {
            let op = operation_to_revert(core, id).await?;
            if op.fabric_id != fabric.id {
                return Err(Error::validation(
                    "operationId",
                    format!("operation {id} is not of fabric {}", fabric.name),
                ));
            }
            Some((op.id.clone(), committed_by(&op)?))
        }
        Target::Commit { commit, .. } => {
            check_commit_id(commit)?;
            None
        }
    };
    check_flags(core, fabric, Run::GuiToGit).await?;
    let repo = repositories::fabric_repository(core, fabric).await?;
    let spec = repositories::remote_spec(core, &repo)?;
    let branch = repositories::fabric_branch(fabric, &repo);

    // The branch head, and the reverted commit in its history.
    let head = fetch(core, &spec, &branch).await?;
    let wanted = match (&reverted_op, target) {
        (Some((_, commit)), _) => commit.clone(),
        (None, Target::Commit { commit, .. }) => commit.clone(),
        (None, Target::Operation(_)) => unreachable!("an operation target has its operation"),
    };
    let (git, url, head_c, wanted_c) = (
        core.git.clone(),
        spec.url.clone(),
        head.clone(),
        wanted.clone(),
    );
    let found = blocking(move || -> std::result::Result<Option<String>, GitError> {
        let cache = git.open(&url)?;
        let Ok(meta) = cache.commit_meta(&wanted_c) else {
            return Ok(None);
        };
        Ok(cache.is_in_history(&meta.id, &head_c)?.then_some(meta.id))
    })
    .await??;
    let commit = match (found, &reverted_op) {
        (Some(commit), _) => commit,
        (None, Some((id, _))) => {
            return Err(Error::validation(
                "operationId",
                format!(
                    "the commit {} of operation {id} is not on branch {branch} (is its pull request merged?)",
                    short(&wanted)
                ),
            ));
        }
        (None, None) => {
            return Err(Error::not_found(format!(
                "commit: commit {wanted} on branch {branch} of fabric {}",
                fabric.name
            )));
        }
    };

    let operation =
        operations::start(&core.db, fabric.id, OperationDirection::GuiToGit, requester).await?;
    let revert = json!({
        "operation": reverted_op.as_ref().map(|(id, _)| id),
        "commit": commit,
    });
    let mut active: sync_operation::ActiveModel = operation.clone().into();
    active.dry_run = Set(dry_run);
    active.details = Set(Some(json!({ "revert": revert })));
    active.update(&core.db).await?;
    let progress = Reporter::new(sink, &operation.id, fabric.id);
    progress.phase("fetch", 5, Counters::default(), None);

    let mut state = State {
        head,
        ..State::default()
    };
    let job = Revert {
        core,
        fabric,
        repo: &repo,
        spec: &spec,
        branch: &branch,
        commit: &commit,
        reverted_op: reverted_op.as_ref().map(|(id, _)| id.as_str()),
        dry_run,
        operation_id: &operation.id,
        requester,
        progress: &progress,
    };
    let result = job.execute(&mut state).await;
    let failure = result.err();
    let mut revert = revert;
    revert["subject"] = json!(state.subject);
    let report = finish(core, &operation, dry_run, state, failure, revert).await?;
    progress.phase("done", 100, report.counters, report.message.clone());
    Ok(report)
}

async fn fetch(core: &Core, spec: &RemoteSpec, branch: &str) -> Result<String> {
    let (git, spec, branch) = (core.git.clone(), spec.clone(), branch.to_owned());
    Ok(blocking(move || git.open(&spec.url)?.fetch_branch(&spec, &branch)).await??)
}

/// Writes the final state of the revert's operation and its report.
async fn finish(
    core: &Core,
    operation: &sync_operation::Model,
    dry_run: bool,
    state: State,
    failure: Option<String>,
    revert: Value,
) -> Result<SyncReport> {
    let mut errors = state.errors.clone();
    errors.extend(state.skipped.iter().map(|s| FileError {
        path: format!("{} {}/{}", s.kind, s.namespace, s.name),
        message: s.reason.clone(),
    }));
    let outcome = Outcome {
        counters: state.counters,
        errors,
        commit: if state.pushed {
            state.commit.clone()
        } else {
            None
        },
        message: state.message.clone(),
        failure,
        details: Some(json!({
            "revert": revert,
            "auto_merged": [],
            "conflicts": state.conflicts,
            "skipped": state.skipped,
            "warnings": [],
            "files": state.files,
            "attempts": state.attempts,
            "pushed": state.pushed,
            "commit": state.commit,
            "pull_request_url": state.pull_request_url,
        })),
    };
    let txn = crate::db::begin_write(&core.db).await?;
    let finished = operations::finish(&txn, &operation.id, &outcome).await?;
    let finished = if state.pull_request_url.is_some() {
        let mut active: sync_operation::ActiveModel = finished.into();
        active.pull_request_url = Set(state.pull_request_url.clone());
        active.update(&txn).await?
    } else {
        finished
    };
    txn.commit().await?;
    let mut errors = outcome.errors.clone();
    if let Some(failure) = &outcome.failure {
        errors.push(FileError {
            path: String::new(),
            message: failure.clone(),
        });
    }
    Ok(SyncReport {
        operation_id: finished.id,
        direction: OperationDirection::GuiToGit,
        status: finished.status,
        counters: outcome.counters,
        errors,
        head: Some(state.head),
        commit: state.commit,
        dry_run,
        pushed: state.pushed,
        attempts: state.attempts,
        auto_merged: Vec::new(),
        conflicts: state.conflicts,
        skipped: state.skipped,
        warnings: Vec::new(),
        files: state.files,
        message: outcome.message.or(outcome.failure),
        timings_ms: Vec::new(),
        pull_request_url: state.pull_request_url,
        impact: None,
        revert: Some(revert),
    })
}
