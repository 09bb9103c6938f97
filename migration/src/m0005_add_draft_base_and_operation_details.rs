//! Write-back needs the draft's merge base as a value (not only its hash) and operations need a
//! place for structured results: automatically merged paths, conflicts opened, and a dry run's
//! planned files and diffs. Drift compares labels and annotations too, so the cluster's are
//! kept beside `actual_spec`.

use sea_orm_migration::prelude::*;

use crate::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            "resources",
            vec![
                json_null("draft_base_spec"),
                json_null("actual_labels"),
                json_null("actual_annotations"),
            ],
        )
        .await?;
        add_columns(manager, "sync_operations", vec![json_null("details")]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "sync_operations", &["details"]).await?;
        drop_columns(
            manager,
            "resources",
            &["draft_base_spec", "actual_labels", "actual_annotations"],
        )
        .await
    }
}
