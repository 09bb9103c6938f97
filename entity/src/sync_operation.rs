use sea_orm::entity::prelude::*;

use crate::enums::{OperationDirection, OperationStatus, OperationTrigger};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_operations")]
pub struct Model {
    /// UUID (text form).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub fabric_id: i32,
    pub direction: OperationDirection,
    pub trigger: OperationTrigger,
    pub status: OperationStatus,
    pub phase: Option<String>,
    pub percent: i32,
    pub files_processed: i32,
    pub resources_created: i32,
    pub resources_updated: i32,
    pub resources_deleted: i32,
    pub resources_unchanged: i32,
    pub conflicts_detected: i32,
    /// Per-file errors: `[{ "path": "...", "message": "..." }]`.
    pub errors: Option<Json>,
    pub message: Option<String>,
    pub commit_sha: Option<String>,
    pub pull_request_url: Option<String>,
    pub requested_by_id: Option<i32>,
    pub requested_by: Option<String>,
    pub dry_run: bool,
    /// Structured results: `auto_merged`, `conflicts`, dry-run `files` with diffs, `warnings`.
    pub details: Option<Json>,
    /// Phase timings: `[{ "phase": "fetch", "at": "<RFC 3339>" }, …]`, appended as the
    /// operation enters each phase; `done` last.
    pub phases: Option<Json>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::fabric::Entity",
        from = "Column::FabricId",
        to = "super::fabric::Column::Id",
        on_delete = "Cascade"
    )]
    Fabric,
}

impl Related<super::fabric::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Fabric.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
