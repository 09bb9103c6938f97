//! Convergence of a write-back: when the cluster's actual state matched what the operation
//! committed (`in_cluster_at`) and when the Agents of the switches it affects applied it
//! (`applied_at`), followed by the cluster reads after the commit. One row per operation,
//! removed with it.

use sea_orm_migration::prelude::*;

use crate::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("operation_convergence")
                    .col(
                        ColumnDef::new("operation_id")
                            .string_len(36)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("fabric_id").integer().not_null())
                    .col(
                        ColumnDef::new("committed_at")
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(timestamp_null("in_cluster_at"))
                    .col(timestamp_null("applied_at"))
                    .col(json_null("resources"))
                    .col(json_null("switches"))
                    .col(json_null("pending_switches"))
                    .col(timestamp_now("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_operation_convergence_operation_id")
                            .from("operation_convergence", "operation_id")
                            .to("sync_operations", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_operation_convergence_fabric_id")
                            .from("operation_convergence", "fabric_id")
                            .to("fabrics", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_operation_convergence_fabric",
            "operation_convergence",
            &["fabric_id", "applied_at"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(
            manager,
            "ix_operation_convergence_fabric",
            "operation_convergence",
        )
        .await?;
        manager
            .drop_table(Table::drop().table("operation_convergence").to_owned())
            .await
    }
}
