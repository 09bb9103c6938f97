//! A fabric's computed sync status (never stored by hand).

use hnp_entity::enums::{ConflictState, OperationStatus};
use hnp_entity::{conflict, fabric};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

use crate::error::Result;

/// `never_synced` (no operation yet), `syncing` (one queued or running), `error` (the last
/// operation failed, or files have parse errors), `out_of_sync` (pending drafts, open
/// conflicts, a newer remote head seen by detection, or drift), `in_sync` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    NeverSynced,
    Syncing,
    Error,
    OutOfSync,
    InSync,
}

impl SyncStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncStatus::NeverSynced => "never_synced",
            SyncStatus::Syncing => "syncing",
            SyncStatus::Error => "error",
            SyncStatus::OutOfSync => "out_of_sync",
            SyncStatus::InSync => "in_sync",
        }
    }
}

/// The status of one fabric (the same computation as [`from_counters`] over a batch).
pub async fn sync_status(db: &impl ConnectionTrait, fabric: &fabric::Model) -> Result<SyncStatus> {
    let counters = crate::queries::fabrics::counters(db, &[fabric.id]).await?;
    Ok(from_counters(
        fabric,
        &counters.get(&fabric.id).cloned().unwrap_or_default(),
    ))
}

/// The status of `fabric` from its counters (read for many fabrics at once by
/// [`crate::queries::fabrics::counters`]).
pub fn from_counters(
    fabric: &fabric::Model,
    counters: &crate::queries::fabrics::FabricCounters,
) -> SyncStatus {
    let Some(last) = counters.last_status else {
        return SyncStatus::NeverSynced;
    };
    if counters.busy > 0 {
        return SyncStatus::Syncing;
    }
    let file_errors = fabric
        .file_status
        .as_ref()
        .and_then(Value::as_object)
        .is_some_and(|m| !m.is_empty());
    if last == OperationStatus::Failed || file_errors {
        return SyncStatus::Error;
    }
    let behind = fabric.remote_head_commit.is_some()
        && fabric.remote_head_commit != fabric.desired_state_commit;
    if counters.pending_drafts > 0 || counters.open_conflicts > 0 || counters.drifted > 0 || behind
    {
        return SyncStatus::OutOfSync;
    }
    SyncStatus::InSync
}

/// Open conflicts of a fabric.
pub async fn open_conflicts(db: &impl ConnectionTrait, fabric_id: i32) -> Result<u64> {
    Ok(conflict::Entity::find()
        .filter(conflict::Column::FabricId.eq(fabric_id))
        .filter(conflict::Column::Status.eq(ConflictState::Open))
        .count(db)
        .await?)
}
