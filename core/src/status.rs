//! A fabric's computed sync status (never stored by hand).

use hnp_entity::enums::{ConflictState, OperationStatus};
use hnp_entity::{conflict, fabric, resource, sync_operation};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
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

pub async fn sync_status(db: &impl ConnectionTrait, fabric: &fabric::Model) -> Result<SyncStatus> {
    let last = sync_operation::Entity::find()
        .filter(sync_operation::Column::FabricId.eq(fabric.id))
        .order_by_desc(sync_operation::Column::CreatedAt)
        .one(db)
        .await?;
    let Some(last) = last else {
        return Ok(SyncStatus::NeverSynced);
    };
    let busy = sync_operation::Entity::find()
        .filter(sync_operation::Column::FabricId.eq(fabric.id))
        .filter(
            sync_operation::Column::Status
                .is_in([OperationStatus::Queued, OperationStatus::Running]),
        )
        .count(db)
        .await?;
    if busy > 0 {
        return Ok(SyncStatus::Syncing);
    }
    let file_errors = fabric
        .file_status
        .as_ref()
        .and_then(Value::as_object)
        .is_some_and(|m| !m.is_empty());
    if last.status == OperationStatus::Failed || file_errors {
        return Ok(SyncStatus::Error);
    }
    let drafts = resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric.id))
        .filter(resource::Column::DraftOperation.is_not_null())
        .count(db)
        .await?;
    let conflicts = open_conflicts(db, fabric.id).await?;
    let drift = crate::resource_drift::drift_count(db, fabric.id).await?;
    let behind = fabric.remote_head_commit.is_some()
        && fabric.remote_head_commit != fabric.desired_state_commit;
    if drafts > 0 || conflicts > 0 || drift > 0 || behind {
        return Ok(SyncStatus::OutOfSync);
    }
    Ok(SyncStatus::InSync)
}

/// Open conflicts of a fabric.
pub async fn open_conflicts(db: &impl ConnectionTrait, fabric_id: i32) -> Result<u64> {
    Ok(conflict::Entity::find()
        .filter(conflict::Column::FabricId.eq(fabric_id))
        .filter(conflict::Column::Status.eq(ConflictState::Open))
        .count(db)
        .await?)
}
