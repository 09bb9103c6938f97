//! Directory management commands: initialize the layout (one commit, idempotent) and report its
//! status.

use std::collections::BTreeSet;

use chrono::Utc;
use hnp_entity::enums::{DirectoryStatus, OperationDirection, OperationStatus};
use hnp_entity::fabric;
use sea_orm::{ActiveModelTrait, Set};
use serde::Serialize;

use crate::context::Core;
use crate::error::{Error, Result};
use crate::git::{GitError, Signature};
use crate::operations::{self, Outcome, Requester};
use crate::progress::{Counters, ProgressSink, Reporter};
use crate::repositories;
use crate::sync::layout::{self, LayoutStatus};
use crate::yaml::Limits;

/// Attempts when the remote moves between fetch and push.
const PUSH_ATTEMPTS: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct InitReport {
    pub operation_id: String,
    pub status: OperationStatus,
    /// The layout commit, when one was needed.
    pub commit: Option<String>,
    pub created_files: Vec<String>,
    pub directory_status: DirectoryStatus,
    pub reasons: Vec<String>,
    pub error: Option<String>,
}

/// Reads the layout state at `commit` (blocking).
fn inspect_at(
    cache: &crate::git::CachedRepo,
    commit: &str,
    dir: &str,
) -> std::result::Result<(BTreeSet<String>, LayoutStatus), GitError> {
    let files = cache.list_files(commit, dir)?;
    let manifest_path = layout::join(dir, layout::MANIFEST);
    let manifest = match files.iter().find(|f| f.path == manifest_path) {
        Some(file) => Some(cache.read_blob(
            &file.blob,
            &file.path,
            Limits::default().max_file_bytes as u64,
        )?),
        None => None,
    };
    let paths: BTreeSet<String> = files.into_iter().map(|f| f.path).collect();
    let status = layout::inspect(dir, &paths, manifest.as_deref());
    Ok((paths, status))
}

async fn record_status(core: &Core, fabric: &fabric::Model, status: DirectoryStatus) -> Result<()> {
    let mut active: fabric::ActiveModel = fabric.clone().into();
    active.gitops_directory_status = Set(status);
    active.updated_at = Set(Utc::now());
    active.update(&core.db).await?;
    Ok(())
}

/// Fetches the fabric's branch and reports the layout state (also stored on the fabric).
pub async fn status(core: &Core, fabric: &fabric::Model) -> Result<LayoutStatus> {
    let repo = repositories::fabric_repository(core, fabric).await?;
    let spec = repositories::remote_spec(core, &repo)?;
    let branch = repositories::fabric_branch(fabric, &repo);
    let dir = fabric.gitops_directory.clone();
    let git = core.git.clone();
    let status = tokio::task::spawn_blocking(move || {
        let cache = git.open(&spec.url)?;
        let head = cache.fetch_branch(&spec, &branch)?;
        inspect_at(&cache, &head, &dir).map(|(_, status)| status)
    })
    .await
    .map_err(|e| Error::Io(format!("background task failed: {e}")))??;
    record_status(core, fabric, status.status).await?;
    Ok(status)
}

/// Creates the managed layout in one commit pushed to the fabric's branch; a complete layout
/// produces no commit. Existing files are never deleted or rewritten.
pub async fn initialize(
    core: &Core,
    fabric: &fabric::Model,
    requester: &Requester,
    sink: &dyn ProgressSink,
) -> Result<InitReport> {
    initialize_in(core, fabric, requester, sink, None).await
}

/// [`initialize`] continuing `operation_id` (a queued operation) when given.
pub async fn initialize_in(
    core: &Core,
    fabric: &fabric::Model,
    requester: &Requester,
    sink: &dyn ProgressSink,
    operation_id: Option<&str>,
) -> Result<InitReport> {
    let repo = repositories::fabric_repository(core, fabric).await?;
    let spec = repositories::remote_spec(core, &repo)?;
    let branch = repositories::fabric_branch(fabric, &repo);
    let operation = operations::start_or_resume(
        &core.db,
        fabric.id,
        OperationDirection::DirectoryInit,
        requester,
        operation_id,
    )
    .await?;
    let progress = Reporter::new(sink, &operation.id, fabric.id);
    progress.phase("fetch", 10, Counters::default(), None);

    let dir = fabric.gitops_directory.clone();
    let name = fabric.name.clone();
    let author = Signature {
        name: repo.commit_author_name.clone(),
        email: repo.commit_author_email.clone(),
    };
    let message = format!(
        "Initialize HNP directory layout{}\n\nHNP-Operation: {}\nHNP-User: {}\n",
        if dir.is_empty() {
            String::new()
        } else {
            format!(" in {dir}")
        },
        operation.id,
        requester.name
    );
    let git = core.git.clone();
    let result = tokio::task::spawn_blocking(move || {
        let cache = git.open(&spec.url)?;
        let mut last_error = None;
        for _ in 0..PUSH_ATTEMPTS {
            let head = cache.fetch_branch(&spec, &branch)?;
            let (existing, status) = inspect_at(&cache, &head, &dir)?;
            let changes = layout::init_changes(&dir, &name, &existing);
            let created: Vec<String> = changes.iter().map(|(p, _)| p.clone()).collect();
            let Some(commit) = cache.commit_changes(&head, &changes, &author, &message)? else {
                return Ok((None, Vec::new(), status));
            };
            match cache.push(&spec, &commit, &branch) {
                Ok(()) => {
                    let (_, status) = inspect_at(&cache, &commit, &dir)?;
                    return Ok((Some(commit), created, status));
                }
                Err(e @ GitError::NonFastForward { .. }) => last_error = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last_error.unwrap_or_else(|| GitError::Other("push failed".to_owned())))
    })
    .await
    .map_err(|e| Error::Io(format!("background task failed: {e}")))?;

    let (outcome, report) = match result {
        Ok((commit, created, layout_status)) => {
            record_status(core, fabric, layout_status.status).await?;
            let message = match &commit {
                Some(c) => format!(
                    "created {} file(s) in {}",
                    created.len(),
                    &c[..c.len().min(12)]
                ),
                None => "layout already complete; nothing to commit".to_owned(),
            };
            (
                Outcome {
                    counters: Counters {
                        files_processed: created.len() as u32,
                        ..Counters::default()
                    },
                    commit: commit.clone(),
                    message: Some(message),
                    ..Outcome::default()
                },
                (
                    commit,
                    created,
                    layout_status.status,
                    layout_status.reasons,
                    None,
                ),
            )
        }
        Err(e) => {
            let message = e.to_string();
            (
                Outcome {
                    failure: Some(message.clone()),
                    ..Outcome::default()
                },
                (
                    None,
                    Vec::new(),
                    fabric.gitops_directory_status,
                    Vec::new(),
                    Some(message),
                ),
            )
        }
    };
    let finished = operations::finish(&core.db, &operation.id, &outcome).await?;
    progress.phase("done", 100, outcome.counters, outcome.message.clone());
    let (commit, created_files, directory_status, reasons, error) = report;
    Ok(InitReport {
        operation_id: finished.id,
        status: finished.status,
        commit,
        created_files,
        directory_status,
        reasons,
        error,
    })
}

/// What [`initialize`] would commit, without committing or pushing (the Review changes step):
/// the fabric's branch is fetched and every missing layout file is listed with its content as a
/// unified diff. Recorded as a finished dry-run operation whose `details.files` has the shape
/// of a write-back's dry run (`[{path, action: "create", diff}]`). Refused like the real run
/// when directory management is off for the fabric.
pub async fn plan(
    core: &Core,
    fabric: &fabric::Model,
    requester: &Requester,
) -> Result<hnp_entity::sync_operation::Model> {
    crate::sync::check_flags(core, fabric, crate::sync::Run::DirectoryInit).await?;
    let repo = repositories::fabric_repository(core, fabric).await?;
    let spec = repositories::remote_spec(core, &repo)?;
    let branch = repositories::fabric_branch(fabric, &repo);
    let operation = operations::start(
        &core.db,
        fabric.id,
        OperationDirection::DirectoryInit,
        requester,
    )
    .await?;
    let dir = fabric.gitops_directory.clone();
    let name = fabric.name.clone();
    let git = core.git.clone();
    let result = tokio::task::spawn_blocking(move || {
        let cache = git.open(&spec.url)?;
        let head = cache.fetch_branch(&spec, &branch)?;
        let (existing, _) = inspect_at(&cache, &head, &dir)?;
        Ok::<_, GitError>(layout::init_changes(&dir, &name, &existing))
    })
    .await
    .map_err(|e| Error::Io(format!("background task failed: {e}")))?;
    let (outcome, files) = match result {
        Ok(changes) => {
            let files: Vec<serde_json::Value> = changes
                .iter()
                .filter_map(|(path, content)| {
                    let text = String::from_utf8_lossy(content.as_ref()?);
                    Some(serde_json::json!({
                        "path": path,
                        "action": "create",
                        "diff": new_file_diff(path, &text),
                    }))
                })
                .collect();
            let message = if files.is_empty() {
                "layout already complete; nothing to commit".to_owned()
            } else {
                format!("dry run: would create {} file(s)", files.len())
            };
            let outcome = Outcome {
                counters: Counters {
                    files_processed: files.len() as u32,
                    ..Counters::default()
                },
                message: Some(message),
                ..Outcome::default()
            };
            (outcome, files)
        }
        Err(e) => (
            Outcome {
                failure: Some(e.to_string()),
                ..Outcome::default()
            },
            Vec::new(),
        ),
    };
    // One transaction: a reader never sees the dry run finished without its files.
    let txn = crate::db::begin_write(&core.db).await?;
    let finished = operations::finish(&txn, &operation.id, &outcome).await?;
    let mut active: hnp_entity::sync_operation::ActiveModel = finished.into();
    active.dry_run = Set(true);
    active.details = Set(Some(serde_json::json!({ "files": files, "commit": null })));
    let finished = active.update(&txn).await?;
    txn.commit().await?;
    Ok(finished)
}

/// The unified diff that creates `path` with `text`.
fn new_file_diff(path: &str, text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut diff = format!(
        "--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{} @@\n",
        lines.len()
    );
    for line in lines {
        diff.push('+');
        diff.push_str(line);
        diff.push('\n');
    }
    diff
}
