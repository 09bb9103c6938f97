//! Resource history: `resource_events`, one row per thing that happened to a resource (a Git
//! commit that changed it, a write-back, a draft saved or discarded, a conflict opened or
//! resolved, drift seen starting or ending). Rows are written in the same transaction as the
//! change they describe and name the resource by its key (kind, namespace, name), so the
//! history of a resource survives its deletion and re-creation. Events derived from Git carry
//! their commit; a backfill skips those already recorded (no unique index: the first ingestion
//! of a large fabric inserts one row per resource, and a second index on every row cost it
//! about a third more).

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
                    .table("resource_events")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("fabric_id").integer().not_null())
                    .col(ColumnDef::new("resource_kind").string().not_null())
                    .col(ColumnDef::new("namespace").string().not_null())
                    .col(ColumnDef::new("name").string().not_null())
                    .col(ColumnDef::new("event_kind").string().not_null())
                    .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
                    .col(string_null("actor"))
                    .col(string_null("commit_sha"))
                    .col(string_null("operation_id"))
                    .col(text_null("message"))
                    .col(json_null("paths"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_resource_events_fabric_id")
                            .from("resource_events", "fabric_id")
                            .to("fabrics", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE INDEX ix_resource_events_resource ON resource_events \
             (fabric_id, resource_kind, namespace, name, at DESC, id DESC)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "ix_resource_events_resource", "resource_events").await?;
        manager
            .drop_table(Table::drop().table("resource_events").to_owned())
            .await
    }
}
