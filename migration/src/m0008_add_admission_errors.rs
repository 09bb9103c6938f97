//! Hedgehog admission at ingestion: the errors Hedgehog's admission webhooks would give a
//! resource's desired state (`[{path, message}]`), stored on the resource by every ingestion;
//! null when its desired state is admitted (or it has none).

use sea_orm_migration::prelude::*;

use crate::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(manager, "resources", vec![json_null("admission_errors")]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "resources", &["admission_errors"]).await
    }
}
