//! Per-phase timings of a sync operation: `[{phase, at}]`, one entry when the operation enters
//! a phase (written with its progress) and `done` when it finishes; null before its first phase.

use sea_orm_migration::prelude::*;

use crate::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(manager, "sync_operations", vec![json_null("phases")]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "sync_operations", &["phases"]).await
    }
}
