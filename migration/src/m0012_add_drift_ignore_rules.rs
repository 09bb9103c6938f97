//! Drift ignore rules: per fabric, a kind and a dotted path pattern (`*` matches one segment,
//! e.g. `spec.subnets.*.vlan`) whose differences between Git and the cluster never count as
//! drift, with the reason and who added it. One rule per (fabric, kind, pattern).

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
                    .table("drift_ignore_rules")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("fabric_id").integer().not_null())
                    .col(ColumnDef::new("kind").string().not_null())
                    .col(ColumnDef::new("path").string().not_null())
                    .col(ColumnDef::new("reason").text().not_null())
                    .col(string_null("created_by"))
                    .col(timestamp_now("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_drift_ignore_rules_fabric_id")
                            .from("drift_ignore_rules", "fabric_id")
                            .to("fabrics", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_drift_ignore_rules_rule")
                    .table("drift_ignore_rules")
                    .col("fabric_id")
                    .col("kind")
                    .col("path")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "ux_drift_ignore_rules_rule", "drift_ignore_rules").await?;
        manager
            .drop_table(Table::drop().table("drift_ignore_rules").to_owned())
            .await
    }
}
