//! Who manages which field of a resource's cluster copy: `metadata.managedFields` as the cluster
//! reported it at the last read (`[{manager, operation, time, fields}]`, `fields` being the
//! `fieldsV1` tree below `f:spec`), so drift can name the manager of each drifted path.

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
            vec![json_null("actual_managed_fields")],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "resources", &["actual_managed_fields"]).await
    }
}
