//! A partial index on the resources whose desired state has admission errors: every ingestion
//! and write-back counts them per fabric (`admission_errors IS NOT NULL`), which otherwise
//! reads every row of the fabric. Few resources have errors, so the index stays small and bulk
//! ingestion of admitted resources does not maintain it.

use sea_orm_migration::prelude::*;

use crate::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX ix_resources_fabric_invalid ON resources (fabric_id) \
                 WHERE admission_errors IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "ix_resources_fabric_invalid", "resources").await
    }
}
