//! Git → GUI ingestion (`git_to_gui`).
//!
//! fetch → (head unchanged: done) → diff the tree of `desired_state_commit` against the new head
//! (first run: scan the directory) → read and parse only changed YAML files on all cores →
//! [`plan`] against the database → [`apply`] in one transaction → operation row with counters
//! and per-file errors. With directory management on, documents dropped into `raw/` are first
//! moved into `managed/` by one commit (see [`normalize`]), and the resulting head is ingested.

pub mod admission;
pub mod apply;
mod files;
mod first;
pub(crate) mod foreseen;
pub(crate) mod normalize;
pub mod parse;
pub mod plan;

use std::sync::Arc;

use hnp_entity::enums::{OperationDirection, OperationStatus};
use hnp_entity::fabric;
use serde::Serialize;

use crate::context::Core;
use crate::error::{Error, Result};
use crate::flags::{self, Flag};
use crate::git::{GitCache, GitError, RemoteSpec};
use crate::operations::{self, FileError, Outcome, Requester};
use crate::progress::{Counters, ProgressSink, Reporter};
use crate::repositories;
use crate::sync::layout;
use crate::yaml::Limits;

pub(crate) use files::load;
use files::{collect, read_and_parse};
use parse::UnmanagedDoc;
use plan::Scope;

/// What one ingestion run did.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    pub operation_id: String,
    pub status: OperationStatus,
    pub counters: Counters,
    pub errors: Vec<FileError>,
    pub unmanaged: Vec<UnmanagedDoc>,
    /// The commit now ingested (`desired_state_commit`).
    pub commit: Option<String>,
    /// True when the branch head had not moved: nothing was parsed or written.
    pub noop: bool,
    /// Commit that moved `raw/` documents into `managed/`, if one was made.
    pub normalize_commit: Option<String>,
    /// Pending drafts merged automatically with the Git changes.
    pub auto_merged: Vec<crate::sync::conflicts::AutoMerged>,
    /// Conflicts opened between pending drafts and the Git changes.
    pub conflicts: Vec<crate::sync::conflicts::Opened>,
    /// Resources whose desired state breaks Hedgehog's admission rules after this run (see
    /// [`admission`]); `None` when nothing was ingested (head unchanged, or the run failed).
    pub invalid_resources: Option<u32>,
    /// Wall time of each phase in milliseconds (`fetch`, `read_parse`, `normalize`, `plan`,
    /// `write`, `admission`, `commit`).
    pub timings_ms: Vec<(String, f64)>,
}

/// What [`run`] produced.
#[derive(Default)]
pub(crate) struct RunOutput {
    pub outcome: Outcome,
    /// Drafts merged, put in conflict or settled by the new desired state.
    pub reconciled: crate::sync::conflicts::Reconciled,
    pub unmanaged: Vec<UnmanagedDoc>,
    pub noop: bool,
    pub normalize_commit: Option<String>,
    /// Resources with admission errors after the run (`None` when nothing was ingested).
    pub invalid_resources: Option<u32>,
    pub timings_ms: Vec<(String, f64)>,
}

/// Records phase durations.
pub(crate) struct Stopwatch {
    last: std::time::Instant,
    pub(crate) laps: Vec<(String, f64)>,
}

impl Stopwatch {
    pub(crate) fn new() -> Self {
        Stopwatch {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    pub(crate) fn lap(&mut self, phase: &str) {
        let now = std::time::Instant::now();
        let ms = (now - self.last).as_secs_f64() * 1000.0;
        self.laps
            .push((phase.to_owned(), (ms * 1000.0).round() / 1000.0));
        self.last = now;
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Io(format!("background task failed: {e}")))
}

/// Fetches the fabric's branch into the cache; returns the cache handle's inputs and the head.
async fn fetch(
    git: Arc<GitCache>,
    spec: RemoteSpec,
    branch: String,
) -> Result<std::result::Result<String, GitError>> {
    blocking(move || {
        let repo = git.open(&spec.url)?;
        repo.fetch_branch(&spec, &branch)
    })
    .await
}

/// Runs Git → GUI for `fabric` as one sync operation.
pub async fn git_to_gui(
    core: &Core,
    fabric: &fabric::Model,
    requester: &Requester,
    sink: &dyn ProgressSink,
) -> Result<IngestReport> {
    git_to_gui_in(core, fabric, requester, sink, None).await
}

/// [`git_to_gui`] continuing `operation_id` (a queued or interrupted operation) when given.
pub async fn git_to_gui_in(
    core: &Core,
    fabric: &fabric::Model,
    requester: &Requester,
    sink: &dyn ProgressSink,
    operation_id: Option<&str>,
) -> Result<IngestReport> {
    let repo = repositories::fabric_repository(core, fabric).await?;
    let spec = repositories::remote_spec(core, &repo)?;
    let branch = repositories::fabric_branch(fabric, &repo);
    let operation = operations::start_or_resume(
        &core.db,
        fabric.id,
        OperationDirection::GitToGui,
        requester,
        operation_id,
    )
    .await?;
    let progress = Reporter::new(sink, &operation.id, fabric.id);
    progress.phase(
        "fetch",
        5,
        Counters::default(),
        Some(format!("fetching {branch}")),
    );

    let result = run(
        core,
        fabric,
        spec,
        branch,
        Head::Fetch,
        &operation.id,
        requester,
        &progress,
    )
    .await;
    let RunOutput {
        mut outcome,
        reconciled,
        unmanaged,
        noop,
        normalize_commit,
        invalid_resources,
        timings_ms,
    } = result.unwrap_or_else(|e| RunOutput {
        outcome: Outcome {
            failure: Some(e.to_string()),
            ..Outcome::default()
        },
        ..RunOutput::default()
    });
    if noop
        && operation_id.is_some()
        && let Some(commit) = &outcome.commit
        && let Some(counters) = operations::ingested_before(&operation, commit)
    {
        // An earlier attempt of this operation ingested the commit and was interrupted before
        // finishing: what it did is what this operation did.
        outcome.counters = counters;
        outcome.message = Some(format!(
            "{} ingested by an interrupted attempt of this operation",
            short(commit)
        ));
    }
    if outcome.message.is_none() {
        // The operation's warning: what the cluster will refuse.
        outcome.message = invalid_resources.and_then(admission::warning);
    }
    if !reconciled.auto_merged.is_empty() || !reconciled.conflicts.is_empty() {
        // What the run did to pending drafts, for the operation's page and status line.
        outcome.details = Some(serde_json::json!({
            "auto_merged": reconciled.auto_merged,
            "conflicts": reconciled.conflicts,
        }));
    }
    let finished = operations::finish(&core.db, &operation.id, &outcome).await?;
    progress.phase(
        "done",
        100,
        outcome.counters,
        outcome.message.clone().or(outcome.failure.clone()),
    );
    Ok(IngestReport {
        operation_id: finished.id,
        status: finished.status,
        counters: outcome.counters,
        errors: outcome
            .errors
            .iter()
            .cloned()
            .chain(outcome.failure.iter().map(|f| FileError {
                path: String::new(),
                message: f.clone(),
            }))
            .collect(),
        unmanaged,
        commit: outcome.commit,
        noop,
        normalize_commit,
        auto_merged: reconciled.auto_merged,
        conflicts: reconciled.conflicts,
        invalid_resources,
        timings_ms,
    })
}

/// Which commit an ingestion reads.
#[derive(Debug)]
pub(crate) enum Head {
    /// Fetch the fabric's branch and read its head.
    Fetch,
    /// A commit already in the cache that the branch is known to point at (write-back's own
    /// commit, just pushed fast-forward): no network round trip. `foreseen`: the admission
    /// errors its writer found for the fabric with this commit's changes.
    Known {
        commit: String,
        foreseen: Option<foreseen::Foreseen>,
    },
}

/// The ingestion itself, inside an operation the caller owns (write-back runs it before
/// pushing, and records its own pushed commit with it). Returns the head now ingested in
/// `outcome.commit`. When desired state changed, pending drafts are reconciled with it (merged,
/// put in conflict or settled).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn run(
    core: &Core,
    fabric: &fabric::Model,
    spec: RemoteSpec,
    branch: String,
    head: Head,
    operation_id: &str,
    requester: &Requester,
    progress: &Reporter<'_>,
) -> Result<RunOutput> {
    let mut output = ingest(
        core,
        fabric,
        spec,
        branch,
        head,
        operation_id,
        requester,
        progress,
    )
    .await?;
    if !output.noop {
        let counters = &output.outcome.counters;
        let changed = u64::from(counters.created + counters.updated + counters.deleted);
        crate::db::refresh_statistics(&core.db, "resources", changed).await;
        let auto_merge = flags::is_enabled(
            &core.db,
            &core.config,
            Flag::ConflictResolution,
            Some(fabric.id),
        )
        .await?;
        // One write transaction: a write-back settles every draft it wrote here, and a
        // statement each in autocommit costs a commit each.
        let started = std::time::Instant::now();
        let txn = crate::db::begin_write(&core.db).await?;
        let reconciled =
            crate::sync::conflicts::reconcile(&txn, fabric.id, operation_id, auto_merge, true)
                .await?;
        txn.commit().await?;
        tracing::debug!(
            ms = started.elapsed().as_secs_f64() * 1000.0,
            settled = reconciled.settled,
            "ingestion: drafts reconciled"
        );
        output.outcome.counters.conflicts += reconciled.conflicts.len() as u32;
        output.reconciled = reconciled;
        // Desired state changed: drift against the last cluster read is stale.
        if crate::cluster::has_been_read(&core.db, fabric.id).await? {
            crate::sync::resource_drift::recompute(
                &core.db,
                fabric.id,
                Some(&fabric.kubernetes_namespace),
                Default::default(),
            )
            .await?;
        }
    }
    Ok(output)
}

#[allow(clippy::too_many_arguments)]
async fn ingest(
    core: &Core,
    fabric: &fabric::Model,
    spec: RemoteSpec,
    branch: String,
    head: Head,
    operation_id: &str,
    requester: &Requester,
    progress: &Reporter<'_>,
) -> Result<RunOutput> {
    let mut watch = Stopwatch::new();
    let (mut head, foreseen) = match head {
        Head::Fetch => {
            let head = fetch(core.git.clone(), spec.clone(), branch.clone()).await??;
            watch.lap("fetch");
            (head, None)
        }
        Head::Known { commit, foreseen } => (commit, foreseen),
    };
    if fabric.desired_state_commit.as_deref() == Some(head.as_str()) {
        return Ok(RunOutput {
            outcome: Outcome {
                commit: Some(head.clone()),
                message: Some(format!("already at {}", short(&head))),
                ..Outcome::default()
            },
            noop: true,
            timings_ms: watch.laps,
            ..RunOutput::default()
        });
    }
    let limits = Limits::default();
    let dir = fabric.gitops_directory.clone();
    let old = fabric.desired_state_commit.clone();

    progress.phase("diff", 15, Counters::default(), None);
    let directory_management = flags::is_enabled(
        &core.db,
        &core.config,
        Flag::DirectoryManagement,
        Some(fabric.id),
    )
    .await?;
    if old.is_none()
        && !apply::has_resources(&core.db, fabric.id).await?
        && let Some(output) = first::first_ingest(
            core,
            fabric,
            &spec.url,
            &head,
            directory_management,
            progress,
            &mut watch,
        )
        .await?
    {
        return Ok(output);
    }
    // Files whose error came from other files (a duplicate definition) are read again: the
    // other file may have changed. Files that failed to parse keep their error until they change.
    let retry: Vec<String> = fabric
        .file_status
        .as_ref()
        .and_then(|s| s.as_object())
        .map(|m| {
            m.iter()
                .filter(|(_, status)| status.get("blob").is_none_or(|b| b.is_null()))
                .map(|(path, _)| path.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut parsed = read_and_parse(
        core,
        &spec.url,
        old.clone(),
        head.clone(),
        &dir,
        &limits,
        retry.clone(),
    )
    .await?;
    watch.lap("read_parse");

    let mut normalize_commit = None;
    let mut extra_errors = Vec::new();
    if directory_management
        && parsed.1.iter().any(|f| {
            layout::is_raw(&dir, &f.path) && f.result.as_ref().is_ok_and(|d| !d.managed.is_empty())
        })
    {
        progress.phase(
            "normalize",
            40,
            Counters::default(),
            Some("moving raw/ documents into managed/".into()),
        );
        match normalize::raw_to_managed(
            core,
            fabric,
            &spec,
            &branch,
            &head,
            &parsed.1,
            operation_id,
            requester,
        )
        .await
        {
            Ok(Some(commit)) => {
                head = commit.clone();
                normalize_commit = Some(commit);
                parsed = read_and_parse(
                    core,
                    &spec.url,
                    old.clone(),
                    head.clone(),
                    &dir,
                    &limits,
                    retry,
                )
                .await?;
            }
            Ok(None) => {}
            Err(e) => extra_errors.push(FileError {
                path: layout::join(&dir, layout::RAW),
                message: format!("could not move raw/ documents into managed/: {e}"),
            }),
        }
        watch.lap("normalize");
    }

    let (scope, parsed_files) = parsed;
    let files_processed = parsed_files.len() as u32;
    // The commits brought in, walked for the resources' history meanwhile.
    let walking = crate::history::git::spawn_events_since(
        core.git.clone(),
        spec.url.clone(),
        dir.clone(),
        head.clone(),
        old.clone(),
        Default::default(),
    );
    progress.phase(
        "upsert",
        70,
        Counters {
            files_processed,
            ..Counters::default()
        },
        None,
    );
    let existing = match &scope {
        Scope::Full => apply::load_existing(&core.db, fabric.id, apply::Selection::All).await?,
        Scope::Incremental { deleted } => {
            let mut paths: Vec<String> = parsed_files.iter().map(|f| f.path.clone()).collect();
            paths.extend(deleted.iter().cloned());
            let keys: Vec<parse::ResourceKey> = parsed_files
                .iter()
                .filter_map(|f| f.result.as_ref().ok())
                .flat_map(|docs| docs.managed.iter().map(|d| d.key()))
                .collect();
            let selection = apply::Selection::Touching {
                paths: &paths,
                keys: &keys,
            };
            apply::load_existing(&core.db, fabric.id, selection).await?
        }
    };
    let mut the_plan = plan::plan(&existing, parsed_files, &scope);
    watch.lap("plan");
    let unmanaged = std::mem::take(&mut the_plan.unmanaged);
    // What this run changes, for the admission check (see admission::flag).
    let touched = match &scope {
        Scope::Incremental { .. } => {
            Some(admission::Touched::of(&core.db, fabric.id, &the_plan).await?)
        }
        Scope::Full => None,
    };
    // Errors its writer found for exactly this change set are taken as they are.
    let foreseen = foreseen.filter(|f| touched.as_ref().is_some_and(|t| f.matches(&the_plan, t)));
    let txn = crate::db::begin_write(&core.db).await?;
    let mut counters = apply::apply(&txn, fabric, &head, &mut the_plan, &scope).await?;
    watch.lap("write");
    let events = crate::history::git::events_of(walking).await;
    crate::history::record(&txn, fabric.id, events).await?;
    watch.lap("history");
    let invalid_resources = match &foreseen {
        Some(foreseen) => foreseen.store(&txn, fabric.id).await?,
        None => admission::flag(&txn, fabric.id, touched.as_ref()).await?,
    };
    watch.lap(if foreseen.is_some() {
        "admission (foreseen)"
    } else {
        "admission"
    });
    if invalid_resources > 0 {
        admission::notify(&txn, fabric.id, &head, invalid_resources).await?;
    }
    counters.files_processed = files_processed;
    operations::record_ingested(&txn, operation_id, counters, &head).await?;
    txn.commit().await?;
    watch.lap("commit");
    tracing::debug!(phases = ?watch.laps, "ingestion timings (ms)");
    let mut errors = the_plan.errors;
    errors.extend(extra_errors);
    Ok(RunOutput {
        outcome: Outcome {
            counters,
            errors,
            commit: Some(head),
            message: None,
            failure: None,
            details: None,
        },
        reconciled: Default::default(),
        unmanaged,
        noop: false,
        normalize_commit,
        invalid_resources: Some(invalid_resources),
        timings_ms: watch.laps,
    })
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}
