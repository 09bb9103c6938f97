//! GUI → Git write-back (`gui_to_git`) and the bidirectional orchestrator.
//!
//! One operation: fetch and ingest the branch head when it moved (pending drafts are merged
//! with the Git changes or put in conflict, see [`crate::sync::conflicts`]) → validate the drafts →
//! render every pending draft onto the head as **one commit** (git2 tree building, no working
//! tree) → push fast-forward only → ingest our own commit, which records desired state, file
//! hashes and paths and clears the drafts it now matches.
//!
//! A push rejected because the remote moved starts over from the fetch (up to
//! [`MAX_ATTEMPTS`]); nothing is force-pushed and no draft is lost. A job retried with the same
//! operation id after a crash between push and database update finds its commit by the
//! `HNP-Operation` trailer and completes without a second commit. `bidirectional` is the same
//! run with the Git → GUI part always reported; `gui_to_git` ingests only when it has to.

mod eligible;
mod impact;
mod message;
mod pull_request;
pub(crate) mod render;
mod state;

use eligible::{eligible, resource_names, skipped};
use message::commit_message;
use state::{CRASH, Crash, RunState, blocking, count_written, short};

use std::collections::HashMap;
use std::sync::Arc;

use hnp_entity::enums::{OperationDirection, OperationStatus, WriteMode};
use hnp_entity::{fabric, sync_operation};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::flags;
use crate::git::{GitError, Signature};
use crate::operations::{self, FileError, Outcome, Requester};
use crate::progress::{Counters, ProgressSink, Reporter};
use crate::repositories;
use crate::sync::conflicts::{AutoMerged, Opened};
use crate::sync::ingest::{self, parse::ResourceKey};

pub use render::{PlannedFile, unified_diff};

/// Push attempts before a run gives up on a remote that keeps moving.
pub const MAX_ATTEMPTS: u32 = 4;

/// Which way a write-back run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    GuiToGit,
    Bidirectional,
}

impl Direction {
    fn operation(self) -> OperationDirection {
        match self {
            Direction::GuiToGit => OperationDirection::GuiToGit,
            Direction::Bidirectional => OperationDirection::Bidirectional,
        }
    }
}

/// Callbacks around the push, for fault-injection tests (a commit landing between fetch and
/// push; a crash after the push). Production callers leave them empty.
#[derive(Clone, Default)]
pub struct Hooks {
    pub before_push: Option<Arc<dyn Fn() + Send + Sync>>,
    /// Returning an error aborts the run right after a successful push, before any database
    /// update, as a crash would (the operation stays `running`).
    pub after_push: Option<Arc<dyn Fn() -> std::result::Result<(), String> + Send + Sync>>,
}

/// Options of a write-back run.
#[derive(Clone, Default)]
pub struct Options {
    /// Build the commit and report files and diffs, but do not push.
    pub dry_run: bool,
    /// Only these resources' drafts (by id); all pending drafts when `None`.
    pub only: Option<Vec<i32>>,
    /// Continue this (queued or interrupted) operation instead of creating one: a retried job.
    pub operation_id: Option<String>,
    pub hooks: Hooks,
}

/// A resource whose draft was not written, and why.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Skipped {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub reason: String,
}

/// A warning about a written draft (dangling references).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Warning {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub path: String,
    pub message: String,
}

/// What a run did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub operation_id: String,
    pub direction: OperationDirection,
    pub status: OperationStatus,
    pub counters: Counters,
    pub errors: Vec<FileError>,
    /// Branch head after the run (our commit when one was pushed).
    pub head: Option<String>,
    /// The commit made by this run (for a dry run: the commit that would be pushed; it is not
    /// on any branch).
    pub commit: Option<String>,
    pub dry_run: bool,
    pub pushed: bool,
    /// Push attempts (more than one when the remote moved meanwhile).
    pub attempts: u32,
    pub auto_merged: Vec<AutoMerged>,
    pub conflicts: Vec<Opened>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
    /// Files the commit changes, with unified diffs.
    pub files: Vec<PlannedFile>,
    pub message: Option<String>,
    pub timings_ms: Vec<(String, f64)>,
    /// Pull-request mode: the pull request opened or updated by this run.
    pub pull_request_url: Option<String>,
    /// What the written drafts touch (dry runs and pull-request mode).
    pub impact: Option<Box<crate::queries::topology::ImpactSummary>>,
    /// A revert ([`crate::sync::revert`]): what it reverts (`operation`, `commit`, `subject`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revert: Option<serde_json::Value>,
}

/// Runs `gui_to_git` or `bidirectional` for `fabric` as one sync operation. The engine only:
/// callers go through [`crate::sync::run`], which checks the flags and the dry-run rule.
pub async fn run(
    core: &Core,
    fabric: &fabric::Model,
    direction: Direction,
    options: Options,
    requester: &Requester,
    sink: &dyn ProgressSink,
) -> Result<SyncReport> {
    let operation = operations::start_or_resume(
        &core.db,
        fabric.id,
        direction.operation(),
        requester,
        options.operation_id.as_deref(),
    )
    .await?;
    if options.dry_run {
        let mut active: sync_operation::ActiveModel = operation.clone().into();
        active.dry_run = Set(true);
        active.update(&core.db).await?;
    }
    let progress = Reporter::new(sink, &operation.id, fabric.id);
    progress.phase("fetch", 2, Counters::default(), None);
    let mut state = RunState::new(options.dry_run);
    let result = execute(
        core,
        fabric,
        direction,
        &options,
        &operation.id,
        requester,
        &progress,
        &mut state,
    )
    .await;
    if let (Err(Crash(message)), Some(retry_after_secs)) = (&result, state.rate_limited)
        && options.operation_id.is_some()
    {
        // A job: leave the operation to its retry, after the delay GitHub advised.
        return Err(Error::RateLimited {
            message: message.clone(),
            retry_after_secs,
        });
    }
    let outcome = match result {
        Ok(()) => state.outcome(),
        Err(Crash(message)) if message.starts_with(CRASH) => {
            // Simulated crash: leave the operation as a dead worker would.
            return Err(Error::Io(message));
        }
        Err(Crash(message)) => Outcome {
            failure: Some(message),
            ..state.outcome()
        },
    };
    let details = json!({
        "auto_merged": state.auto_merged,
        "conflicts": state.conflicts,
        "skipped": state.skipped,
        "warnings": state.warnings,
        "files": state.files,
        "attempts": state.attempts,
        "pushed": state.pushed,
        "commit": state.commit,
        "pull_request_url": state.pull_request_url,
        "impact": state.impact,
    });
    // One transaction: a reader never sees the operation finished without its details.
    let txn = crate::db::begin_write(&core.db).await?;
    let finished = operations::finish(&txn, &operation.id, &outcome).await?;
    let mut active: sync_operation::ActiveModel = finished.clone().into();
    active.details = Set(Some(details));
    active.commit_sha = Set(state.commit.clone().or(finished.commit_sha.clone()));
    if state.pull_request_url.is_some() {
        active.pull_request_url = Set(state.pull_request_url.clone());
    }
    let finished = active.update(&txn).await?;
    txn.commit().await?;
    progress.phase(
        "done",
        100,
        outcome.counters,
        outcome.message.clone().or(outcome.failure.clone()),
    );
    if direction == Direction::Bidirectional && !options.dry_run {
        flags::check_breaker(core, fabric).await?;
    }
    let mut errors = outcome.errors.clone();
    if let Some(failure) = &outcome.failure {
        errors.push(FileError {
            path: String::new(),
            message: failure.clone(),
        });
    }
    Ok(SyncReport {
        operation_id: finished.id,
        direction: direction.operation(),
        status: finished.status,
        counters: outcome.counters,
        errors,
        head: state.head,
        commit: state.commit,
        dry_run: options.dry_run,
        pushed: state.pushed,
        attempts: state.attempts,
        auto_merged: state.auto_merged,
        conflicts: state.conflicts,
        skipped: state.skipped,
        warnings: state.warnings,
        files: state.files,
        message: outcome.message,
        timings_ms: state.laps,
        pull_request_url: state.pull_request_url,
        impact: state.impact.map(Box::new),
        revert: None,
    })
}

async fn reload(core: &Core, id: i32) -> Result<fabric::Model> {
    fabric::Entity::find_by_id(id)
        .one(&core.db)
        .await?
        .ok_or_else(|| Error::not_found(format!("fabric {id}")))
}

#[allow(clippy::too_many_arguments)]
async fn execute(
    core: &Core,
    fabric: &fabric::Model,
    direction: Direction,
    options: &Options,
    operation_id: &str,
    requester: &Requester,
    progress: &Reporter<'_>,
    state: &mut RunState,
) -> std::result::Result<(), Crash> {
    let repo = repositories::fabric_repository(core, fabric).await?;
    let spec = repositories::remote_spec(core, &repo)?;
    let branch = repositories::fabric_branch(fabric, &repo);
    let author = Signature {
        name: repo.commit_author_name.clone(),
        email: repo.commit_author_email.clone(),
    };
    loop {
        state.attempts += 1;
        // 1. Bring the database to the branch head (no-op when it has not moved).
        progress.phase("ingest", 10, state.counters, Some("reading Git".into()));
        let (current, output) = ingest_head(
            core,
            fabric.id,
            &spec,
            &branch,
            ingest::Head::Fetch,
            operation_id,
            requester,
            progress,
        )
        .await?;
        state.absorb(
            output,
            direction == Direction::Bidirectional || state.attempts > 1,
        );
        state.lap("ingest");
        let head = state
            .head
            .clone()
            .ok_or_else(|| Crash("the branch head is unknown".into()))?;

        // A retried job whose commit already landed: the ingestion above recorded it.
        if options.operation_id.is_some() && !options.dry_run {
            let (git, url, head_c, op) = (
                core.git.clone(),
                spec.url.clone(),
                head.clone(),
                operation_id.to_owned(),
            );
            let found = blocking(move || {
                git.open(&url)?
                    .find_commit_with_trailer(&head_c, "HNP-Operation", &op, 200)
            })
            .await??;
            if let Some(commit) = found {
                state.commit = Some(commit.clone());
                state.pushed = true;
                state.message = Some(format!(
                    "commit {} of this operation was already pushed; recorded it",
                    short(&commit)
                ));
                return Ok(());
            }
        }

        // 2. Pending drafts, validated.
        progress.phase("validate", 40, state.counters, None);
        let items = eligible(core, fabric.id, options, state).await?;
        state.lap("validate");
        if items.is_empty() {
            if state.message.is_none() {
                state.message = Some("no pending drafts to write".into());
            }
            return Ok(());
        }

        // The impact is shown by dry runs and pull requests, and names the switches whose
        // convergence the cluster reads follow (`crate::cluster::convergence`).
        if options.dry_run
            || repo.write_mode == WriteMode::PullRequest
            || crate::cluster::is_configured(fabric)
        {
            state.impact = Some(impact::of_items(&core.db, fabric.id, &items).await?);
        }

        // 3. One commit on the head.
        progress.phase("commit", 55, state.counters, None);
        let message = commit_message(&items, operation_id, &requester.name);
        let keys: HashMap<i32, ResourceKey> = items
            .iter()
            .map(|i| (i.resource_id, i.key.clone()))
            .collect();
        let (git, url, dir, head_c, author_c, message_c) = (
            core.git.clone(),
            spec.url.clone(),
            current.gitops_directory.clone(),
            head.clone(),
            author.clone(),
            message.clone(),
        );
        let (rendered, commit) = blocking(move || -> std::result::Result<_, GitError> {
            let cache = git.open(&url)?;
            let rendered = render::render(&cache, &head_c, &dir, &items)?;
            let commit = if rendered.changes.is_empty() {
                None
            } else {
                cache.commit_changes(&head_c, &rendered.changes, &author_c, &message_c)?
            };
            Ok((rendered, commit))
        })
        .await??;
        state.lap("commit");
        let names = resource_names(core, &rendered.errors).await?;
        for (id, reason) in &rendered.errors {
            if let Some(key) = names.get(id) {
                state.skipped.push(skipped(key, reason.clone()));
            }
        }
        state.files = rendered.files.clone();
        let Some(commit) = commit else {
            state.message = Some("the drafts change nothing in Git".into());
            return Ok(());
        };
        count_written(&mut state.counters, &rendered.written);
        state.commit = Some(commit.clone());
        if options.dry_run {
            state.message = Some(format!(
                "dry run: would commit {} ({} file(s)) on {}",
                short(&commit),
                state.files.len(),
                short(&head)
            ));
            return Ok(());
        }

        // 4a. Pull-request mode: push to the pull request branch and open/update the PR.
        if repo.write_mode == WriteMode::PullRequest {
            progress.phase("pull_request", 70, state.counters, None);
            let proposed = pull_request::propose(
                core,
                pull_request::Proposal {
                    fabric: &current,
                    repo: &repo,
                    spec: &spec,
                    base_branch: &branch,
                    head: &head,
                    commit: &commit,
                    message: &message,
                    author: &author,
                    written: &rendered.written,
                    keys: &keys,
                    operation_id,
                    user: &requester.name,
                    impact: state.impact.as_ref(),
                },
            )
            .await;
            state.lap("pull_request");
            let proposed = match proposed {
                Ok(proposed) => proposed,
                Err(e) => {
                    if let Error::RateLimited {
                        retry_after_secs, ..
                    } = &e
                    {
                        state.rate_limited = Some(*retry_after_secs);
                    }
                    return Err(e.into());
                }
            };
            let pr = &proposed.pull_request;
            state.pushed = proposed.commit.is_some();
            state.commit = proposed.commit.clone();
            state.pull_request_url = Some(pr.html_url.clone());
            state.message = Some(format!(
                "{} pull request #{} ({}) from {} into {branch}; its drafts are pending until it is merged",
                match (proposed.updated, proposed.commit.is_some()) {
                    (false, _) => "opened",
                    (true, true) => "updated",
                    (true, false) => "nothing new for",
                },
                pr.number,
                pr.html_url,
                pr.head_ref
            ));
            audit::record(
                &core.db,
                &Actor {
                    user_id: requester.user_id,
                    name: requester.name.clone(),
                },
                audit::Entry {
                    action: "sync.pull_request".into(),
                    target_type: "fabric".into(),
                    target_id: Some(fabric.id.to_string()),
                    fabric_id: Some(fabric.id),
                    summary: state.message.clone(),
                    before: None,
                    after: Some(json!({ "pull_request": pr.html_url, "branch": pr.head_ref, "commit": proposed.commit })),
                },
            )
            .await?;
            return Ok(());
        }

        // 4. Push, fast-forward only.
        progress.phase("push", 70, state.counters, None);
        if let Some(hook) = &options.hooks.before_push {
            hook();
        }
        let (git, remote, branch_c, commit_c) = (
            core.git.clone(),
            spec.clone(),
            branch.clone(),
            commit.clone(),
        );
        let pushed =
            blocking(move || git.open(&remote.url)?.push(&remote, &commit_c, &branch_c)).await?;
        state.lap("push");
        match pushed {
            Ok(()) => {}
            Err(GitError::NonFastForward { .. }) if state.attempts < MAX_ATTEMPTS => {
                tracing::info!(
                    operation = operation_id,
                    attempt = state.attempts,
                    "remote moved during write-back; fetching and trying again"
                );
                state.commit = None;
                state.files.clear();
                state.skipped.clear();
                state.counters.created = 0;
                state.counters.updated = 0;
                state.counters.deleted = 0;
                continue;
            }
            Err(e) => return Err(e.into()),
        }
        state.pushed = true;
        if let Some(hook) = &options.hooks.after_push
            && let Err(e) = hook()
        {
            return Err(Crash(format!("{CRASH}: {e}")));
        }

        // 5. Record our own commit: desired := draft, hashes, paths; drafts cleared.
        progress.phase("finalize", 85, state.counters, None);
        // The branch is at our commit (the push was fast-forward only): record it from the
        // cache, reading only the files it changed, without fetching again.
        let (_, output) = ingest_head(
            core,
            fabric.id,
            &spec,
            &branch,
            ingest::Head::Known {
                commit: commit.clone(),
                foreseen: state.foreseen.take(),
            },
            operation_id,
            requester,
            progress,
        )
        .await
        .map_err(|Crash(failure)| {
            Crash(format!(
                "pushed {} but recording it failed: {failure}",
                short(&commit)
            ))
        })?;
        state.absorb(output, false);
        state.lap("finalize");
        audit::record(
            &core.db,
            &Actor {
                user_id: requester.user_id,
                name: requester.name.clone(),
            },
            audit::Entry {
                action: "sync.gui_to_git".into(),
                target_type: "fabric".into(),
                target_id: Some(fabric.id.to_string()),
                fabric_id: Some(fabric.id),
                summary: Some(format!(
                    "committed {} ({} file(s)) for operation {operation_id}",
                    short(&commit),
                    state.files.len()
                )),
                before: None,
                after: Some(json!({ "commit": commit, "files": state.files.iter().map(|f| &f.path).collect::<Vec<_>>() })),
            },
        )
        .await?;
        return Ok(());
    }
}

/// Ingests `head` (the fetched branch head, or a commit known to be it) into the database
/// within this operation (no-op when it has not moved); returns the fabric as it was before and
/// what the ingestion did.
#[allow(clippy::too_many_arguments)]
async fn ingest_head(
    core: &Core,
    fabric_id: i32,
    spec: &crate::git::RemoteSpec,
    branch: &str,
    head: ingest::Head,
    operation_id: &str,
    requester: &Requester,
    progress: &Reporter<'_>,
) -> std::result::Result<(fabric::Model, ingest::RunOutput), Crash> {
    let current = reload(core, fabric_id).await?;
    let output = ingest::run(
        core,
        &current,
        spec.clone(),
        branch.to_owned(),
        head,
        operation_id,
        requester,
        progress,
    )
    .await?;
    match &output.outcome.failure {
        Some(failure) => Err(Crash(failure.clone())),
        None => Ok((current, output)),
    }
}

#[cfg(test)]
mod tests;
