//! Sync operation records: one row per run, created when the run starts and finished with its
//! status, counters and per-file errors.

use chrono::{DateTime, Utc};
use hnp_entity::enums::{OperationDirection, OperationStatus, OperationTrigger};
use hnp_entity::{fabric, sync_operation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::progress::Counters;

#[cfg(test)]
mod tests;

/// A problem with one file (or the run as a whole when `path` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// Who or what started an operation.
#[derive(Debug, Clone)]
pub struct Requester {
    pub user_id: Option<i32>,
    pub name: String,
    pub trigger: OperationTrigger,
}

impl Requester {
    /// A CLI run: named `cli:<os user>` (from `USER`/`LOGNAME`, else `unknown`).
    pub fn cli() -> Self {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .ok()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "unknown".to_owned());
        Requester {
            user_id: None,
            name: format!("cli:{user}"),
            trigger: OperationTrigger::Cli,
        }
    }
}

/// Creates a running operation.
pub async fn start(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    direction: OperationDirection,
    requester: &Requester,
) -> Result<sync_operation::Model> {
    let now = Utc::now();
    Ok(sync_operation::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        fabric_id: Set(fabric_id),
        direction: Set(direction),
        trigger: Set(requester.trigger),
        status: Set(OperationStatus::Running),
        phase: Set(Some("start".to_owned())),
        percent: Set(0),
        files_processed: Set(0),
        resources_created: Set(0),
        resources_updated: Set(0),
        resources_deleted: Set(0),
        resources_unchanged: Set(0),
        conflicts_detected: Set(0),
        errors: Set(None),
        message: Set(None),
        commit_sha: Set(None),
        pull_request_url: Set(None),
        requested_by_id: Set(requester.user_id),
        requested_by: Set(Some(requester.name.clone())),
        dry_run: Set(false),
        details: Set(None),
        phases: Set(None),
        created_at: Set(now),
        started_at: Set(Some(now)),
        finished_at: Set(None),
    }
    .insert(db)
    .await?)
}

/// Creates a queued operation (run later by [`resume`]).
pub async fn queue(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    direction: OperationDirection,
    requester: &Requester,
    dry_run: bool,
) -> Result<sync_operation::Model> {
    let row = start(db, fabric_id, direction, requester).await?;
    let mut active: sync_operation::ActiveModel = row.into();
    active.status = Set(OperationStatus::Queued);
    active.phase = Set(Some("queued".to_owned()));
    active.started_at = Set(None);
    active.dry_run = Set(dry_run);
    Ok(active.update(db).await?)
}

/// Starts a new running operation, or continues `existing` (queued, or left running by an
/// interrupted worker) of the same fabric.
pub async fn start_or_resume(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    direction: OperationDirection,
    requester: &Requester,
    existing: Option<&str>,
) -> Result<sync_operation::Model> {
    let Some(id) = existing else {
        return start(db, fabric_id, direction, requester).await;
    };
    let row = sync_operation::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(format!("sync operation {id}")))?;
    if row.fabric_id != fabric_id || row.direction != direction {
        return Err(Error::validation(
            "operationId",
            format!(
                "operation {id} is a {} of another fabric or direction",
                row.direction
            ),
        ));
    }
    if !matches!(
        row.status,
        OperationStatus::Queued | OperationStatus::Running
    ) {
        return Err(Error::validation(
            "operationId",
            format!("operation {id} already finished ({})", row.status),
        ));
    }
    let mut active: sync_operation::ActiveModel = row.into();
    active.status = Set(OperationStatus::Running);
    active.started_at = Set(Some(Utc::now()));
    Ok(active.update(db).await?)
}

/// Cancels a queued operation (audited as `sync.cancel`). Running operations are not
/// interrupted.
pub async fn cancel(
    db: &impl ConnectionTrait,
    id: &str,
    actor: &crate::audit::Actor,
) -> Result<sync_operation::Model> {
    let row = sync_operation::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(format!("sync operation {id}")))?;
    if row.status != OperationStatus::Queued {
        return Err(Error::validation(
            "id",
            format!(
                "operation {id} is {}; only queued operations can be cancelled",
                row.status
            ),
        ));
    }
    let mut active: sync_operation::ActiveModel = row.into();
    active.status = Set(OperationStatus::Cancelled);
    active.phase = Set(Some("cancelled".to_owned()));
    active.finished_at = Set(Some(Utc::now()));
    let op = active.update(db).await?;
    crate::audit::record(
        db,
        actor,
        crate::audit::Entry {
            action: "sync.cancel".into(),
            target_type: "sync_operation".into(),
            target_id: Some(op.id.clone()),
            fabric_id: Some(op.fabric_id),
            summary: Some(format!("cancelled {} operation {}", op.direction, op.id)),
            ..Default::default()
        },
    )
    .await?;
    Ok(op)
}

/// Final state of an operation.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub counters: Counters,
    pub errors: Vec<FileError>,
    pub commit: Option<String>,
    pub message: Option<String>,
    /// Set when the run as a whole failed.
    pub failure: Option<String>,
    /// Structured results to store in `details` with the final state (in the same statement);
    /// `None` leaves `details` as it is.
    pub details: Option<serde_json::Value>,
}

impl Outcome {
    /// succeeded, partially_succeeded (per-file errors) or failed.
    pub fn status(&self) -> OperationStatus {
        if self.failure.is_some() {
            OperationStatus::Failed
        } else if self.errors.is_empty() {
            OperationStatus::Succeeded
        } else {
            OperationStatus::PartiallySucceeded
        }
    }
}

fn count(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Records what an ingestion applied on its operation's row, in the ingestion's own
/// transaction: should the process die between that commit and [`finish`], the operation
/// resumed later (which then finds nothing left to ingest) still reports what was done, see
/// [`ingested_before`].
pub async fn record_ingested(
    db: &impl ConnectionTrait,
    id: &str,
    counters: Counters,
    commit: &str,
) -> Result<()> {
    sync_operation::Entity::update_many()
        .col_expr(
            sync_operation::Column::FilesProcessed,
            Expr::value(count(counters.files_processed)),
        )
        .col_expr(
            sync_operation::Column::ResourcesCreated,
            Expr::value(count(counters.created)),
        )
        .col_expr(
            sync_operation::Column::ResourcesUpdated,
            Expr::value(count(counters.updated)),
        )
        .col_expr(
            sync_operation::Column::ResourcesDeleted,
            Expr::value(count(counters.deleted)),
        )
        .col_expr(
            sync_operation::Column::ResourcesUnchanged,
            Expr::value(count(counters.unchanged)),
        )
        .col_expr(sync_operation::Column::CommitSha, Expr::value(commit))
        .filter(sync_operation::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The counters an earlier, interrupted attempt of operation `row` recorded with its
/// ingestion of `commit` ([`record_ingested`]), if any.
pub fn ingested_before(row: &sync_operation::Model, commit: &str) -> Option<Counters> {
    let uncount = |n: i32| u32::try_from(n).unwrap_or(0);
    let counters = Counters {
        files_processed: uncount(row.files_processed),
        created: uncount(row.resources_created),
        updated: uncount(row.resources_updated),
        deleted: uncount(row.resources_deleted),
        unchanged: uncount(row.resources_unchanged),
        conflicts: 0,
    };
    (row.commit_sha.as_deref() == Some(commit) && counters != Counters::default())
        .then_some(counters)
}

/// Writes the final state of operation `id`.
pub async fn finish(
    db: &impl ConnectionTrait,
    id: &str,
    outcome: &Outcome,
) -> Result<sync_operation::Model> {
    let row = sync_operation::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(format!("sync operation {id}")))?;
    let mut active: sync_operation::ActiveModel = row.into();
    let c = outcome.counters;
    active.status = Set(outcome.status());
    active.phase = Set(Some("done".to_owned()));
    active.percent = Set(100);
    active.files_processed = Set(count(c.files_processed));
    active.resources_created = Set(count(c.created));
    active.resources_updated = Set(count(c.updated));
    active.resources_deleted = Set(count(c.deleted));
    active.resources_unchanged = Set(count(c.unchanged));
    active.conflicts_detected = Set(count(c.conflicts));
    let mut errors = outcome.errors.clone();
    if let Some(failure) = &outcome.failure {
        errors.push(FileError {
            path: String::new(),
            message: failure.clone(),
        });
    }
    active.errors = Set(if errors.is_empty() {
        None
    } else {
        Some(serde_json::to_value(&errors).unwrap_or_default())
    });
    active.message = Set(outcome.message.clone().or_else(|| outcome.failure.clone()));
    active.commit_sha = Set(outcome.commit.clone());
    if let Some(details) = &outcome.details {
        active.details = Set(Some(details.clone()));
    }
    let now = Utc::now();
    active.phases = Set(Some(with_phase(
        active.phases.as_ref().as_ref(),
        "done",
        now,
    )));
    active.finished_at = Set(Some(now));
    let row = active.update(db).await?;
    if row.status == OperationStatus::Failed && !row.dry_run {
        // With the caller's transaction when it passes one, else right after the update.
        crate::notify::record(
            db,
            row.fabric_id,
            crate::notify::Event::SyncFailed,
            &format!("sync_failed:{}", row.id),
            serde_json::json!({
                "operation_id": row.id,
                "direction": row.direction,
                "trigger": row.trigger,
                "message": row.message,
                "errors": crate::db::json_column(row.errors.clone())
                    .as_ref()
                    .and_then(|e| e.as_array())
                    .map_or(0, Vec::len),
            }),
        )
        .await?;
    }
    Ok(row)
}

/// Cleanup keeps finished operations younger than this many days…
pub const KEEP_DAYS: i64 = 30;
/// …and at least this many of each fabric (the newest), whatever their age.
pub const KEEP_LAST: u64 = 50;

/// The statuses of a finished operation (the only ones cleanup deletes).
const FINISHED: [OperationStatus; 4] = [
    OperationStatus::Succeeded,
    OperationStatus::PartiallySucceeded,
    OperationStatus::Failed,
    OperationStatus::Cancelled,
];

/// The operation of `fabric_id` and `direction` (and dry-run mode) still queued, if any: a
/// trigger returns it instead of queueing another.
pub async fn queued_for(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    direction: OperationDirection,
    dry_run: bool,
) -> Result<Option<sync_operation::Model>> {
    Ok(sync_operation::Entity::find()
        .filter(sync_operation::Column::FabricId.eq(fabric_id))
        .filter(sync_operation::Column::Direction.eq(direction))
        .filter(sync_operation::Column::Status.eq(OperationStatus::Queued))
        .filter(sync_operation::Column::DryRun.eq(dry_run))
        .one(db)
        .await?)
}

/// Every operation in status `running` (candidates for reaping when their worker died).
pub async fn running(db: &impl ConnectionTrait) -> Result<Vec<sync_operation::Model>> {
    Ok(sync_operation::Entity::find()
        .filter(sync_operation::Column::Status.eq(OperationStatus::Running))
        .all(db)
        .await?)
}

/// Whether operation `id` exists and is still queued or running.
pub async fn is_open(db: &impl ConnectionTrait, id: &str) -> Result<bool> {
    Ok(sync_operation::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .is_some_and(|op| {
            matches!(
                op.status,
                OperationStatus::Queued | OperationStatus::Running
            )
        }))
}

/// Deletes, fabric by fabric, the finished operations (succeeded, partially succeeded, failed,
/// cancelled) created before `cutoff`, except the newest `keep_last` operations of the fabric
/// (by `created_at`, then id, whatever their status). Queued and running operations are never
/// deleted. Returns how many were deleted. Idempotent. The scheduled cleanup passes
/// `now - KEEP_DAYS` and [`KEEP_LAST`].
pub async fn cleanup_finished(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
    keep_last: u64,
) -> Result<u64> {
    let fabric_ids: Vec<i32> = fabric::Entity::find()
        .select_only()
        .column(fabric::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut deleted = 0;
    for fabric_id in fabric_ids {
        let keep: Vec<String> = sync_operation::Entity::find()
            .select_only()
            .column(sync_operation::Column::Id)
            .filter(sync_operation::Column::FabricId.eq(fabric_id))
            .order_by_desc(sync_operation::Column::CreatedAt)
            .order_by_desc(sync_operation::Column::Id)
            .limit(keep_last)
            .into_tuple()
            .all(db)
            .await?;
        let result = sync_operation::Entity::delete_many()
            .filter(sync_operation::Column::FabricId.eq(fabric_id))
            .filter(sync_operation::Column::CreatedAt.lt(cutoff))
            .filter(sync_operation::Column::Id.is_not_in(keep))
            .filter(sync_operation::Column::Status.is_in(FINISHED))
            .exec(db)
            .await?;
        deleted += result.rows_affected;
    }
    Ok(deleted)
}

/// Puts `op` back to `queued` (phase `queued`, no start time) with `message`, for another
/// attempt of the same operation (a reaped operation whose worker was lost).
pub async fn requeue(
    db: &impl ConnectionTrait,
    op: sync_operation::Model,
    message: String,
) -> Result<sync_operation::Model> {
    let mut active: sync_operation::ActiveModel = op.into();
    active.status = Set(OperationStatus::Queued);
    active.phase = Set(Some("queued".to_owned()));
    active.message = Set(Some(message));
    active.started_at = Set(None);
    Ok(active.update(db).await?)
}

/// Marks operation `id` queued again (phase `queued`, message `retrying: <message>`) before a
/// retry, so the next attempt and late subscribers see the real state. Only while it is
/// queued or running: a finished operation is left alone. Returns the rows changed (0 or 1).
pub async fn mark_retrying(db: &impl ConnectionTrait, id: &str, message: &str) -> Result<u64> {
    let result = sync_operation::Entity::update_many()
        .col_expr(
            sync_operation::Column::Status,
            Expr::value(OperationStatus::Queued.as_str()),
        )
        .col_expr(sync_operation::Column::Phase, Expr::value("queued"))
        .col_expr(
            sync_operation::Column::Message,
            Expr::value(format!("retrying: {message}")),
        )
        .filter(sync_operation::Column::Id.eq(id.to_owned()))
        .filter(
            sync_operation::Column::Status
                .is_in([OperationStatus::Queued, OperationStatus::Running]),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Writes the phase, percent and counters of `event` to operation `id`, only while it is
/// `running` (the engine's final write is never overwritten). Returns the rows changed.
pub async fn record_progress(
    db: &impl ConnectionTrait,
    id: &str,
    event: &crate::progress::ProgressEvent,
) -> Result<u64> {
    let c = event.counters;
    let result = sync_operation::Entity::update_many()
        .col_expr(
            sync_operation::Column::Phase,
            Expr::value(event.phase.clone()),
        )
        .col_expr(
            sync_operation::Column::Percent,
            Expr::value(i32::from(event.percent)),
        )
        .col_expr(
            sync_operation::Column::FilesProcessed,
            Expr::value(count(c.files_processed)),
        )
        .col_expr(
            sync_operation::Column::ResourcesCreated,
            Expr::value(count(c.created)),
        )
        .col_expr(
            sync_operation::Column::ResourcesUpdated,
            Expr::value(count(c.updated)),
        )
        .col_expr(
            sync_operation::Column::ResourcesDeleted,
            Expr::value(count(c.deleted)),
        )
        .col_expr(
            sync_operation::Column::ResourcesUnchanged,
            Expr::value(count(c.unchanged)),
        )
        .col_expr(
            sync_operation::Column::ConflictsDetected,
            Expr::value(count(c.conflicts)),
        )
        .filter(sync_operation::Column::Id.eq(id.to_owned()))
        .filter(sync_operation::Column::Status.eq(OperationStatus::Running))
        .exec(db)
        .await?;
    if result.rows_affected > 0 {
        record_phase(db, id, &event.phase).await?;
    }
    Ok(result.rows_affected)
}

/// `phases` with `{phase, at}` appended.
fn with_phase(
    phases: Option<&serde_json::Value>,
    phase: &str,
    at: DateTime<Utc>,
) -> serde_json::Value {
    let mut list = phases
        .and_then(serde_json::Value::as_array)
        .cloned()
        .unwrap_or_default();
    list.push(serde_json::json!({ "phase": phase, "at": at.to_rfc3339() }));
    serde_json::Value::Array(list)
}

/// Appends `phase` (now) to the phase timings of running operation `id`, unless it is already
/// the last one. Progress of one operation is written in order by one task, so the read and
/// the write do not race with each other; the write only applies while the row is running.
async fn record_phase(db: &impl ConnectionTrait, id: &str, phase: &str) -> Result<()> {
    let Some(row) = sync_operation::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let last = row
        .phases
        .as_ref()
        .and_then(|p| p.as_array())
        .and_then(|l| l.last())
        .and_then(|e| e.get("phase"))
        .and_then(serde_json::Value::as_str);
    if last == Some(phase) {
        return Ok(());
    }
    let phases = with_phase(row.phases.as_ref(), phase, Utc::now());
    sync_operation::Entity::update_many()
        .col_expr(sync_operation::Column::Phases, Expr::value(phases))
        .filter(sync_operation::Column::Id.eq(id.to_owned()))
        .filter(sync_operation::Column::Status.eq(OperationStatus::Running))
        .exec(db)
        .await?;
    Ok(())
}

/// How many resources a run merged automatically (`details.auto_merged`: one entry per
/// resource whose draft took Git's non-overlapping changes); 0 for a run that merged nothing.
pub fn auto_merged_count(op: &sync_operation::Model) -> usize {
    op.details
        .as_ref()
        .and_then(|d| d.get("auto_merged"))
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len)
}
