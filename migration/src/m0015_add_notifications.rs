//! Notifications: per-fabric targets (a generic webhook or a Slack incoming webhook, with an
//! optional vault-encrypted signing secret and an event filter), an outbox of events written in
//! the transaction of the change that raised them (one row per dedup key), and a delivery log
//! with one row per attempt (the next attempt is a new row, due at `next_attempt_at`).

use sea_orm_migration::prelude::*;

use crate::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id() -> ColumnDef {
    ColumnDef::new("id")
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("notification_targets")
                    .col(id())
                    .col(ColumnDef::new("fabric_id").integer().not_null())
                    .col(ColumnDef::new("kind").string().not_null())
                    .col(ColumnDef::new("url").text().not_null())
                    .col(ColumnDef::new("encrypted_url").text().not_null())
                    .col(text_null("encrypted_secret"))
                    .col(json_null("events"))
                    .col(string_null("created_by"))
                    .col(timestamp_now("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_targets_fabric_id")
                            .from("notification_targets", "fabric_id")
                            .to("fabrics", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_notification_targets_fabric",
            "notification_targets",
            &["fabric_id"],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("notification_events")
                    .col(id())
                    .col(ColumnDef::new("fabric_id").integer().not_null())
                    .col(ColumnDef::new("event").string().not_null())
                    .col(ColumnDef::new("dedup_key").string().not_null())
                    .col(json_null("payload"))
                    .col(timestamp_now("created_at"))
                    .col(timestamp_null("dispatched_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_events_fabric_id")
                            .from("notification_events", "fabric_id")
                            .to("fabrics", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_unique_index(
            manager,
            "ux_notification_events_dedup_key",
            "notification_events",
            &["dedup_key"],
        )
        .await?;
        create_index(
            manager,
            "ix_notification_events_dispatched",
            "notification_events",
            &["dispatched_at"],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table("notification_deliveries")
                    .col(id())
                    .col(ColumnDef::new("target_id").integer().not_null())
                    .col(ColumnDef::new("event_id").integer().not_null())
                    .col(ColumnDef::new("attempt").integer().not_null())
                    .col(ColumnDef::new("status").string().not_null())
                    .col(ColumnDef::new("http_status").integer().null())
                    .col(text_null("error"))
                    .col(timestamp_null("attempted_at"))
                    // The claiming worker's token while `sending`.
                    .col(string_null("claim"))
                    .col(
                        ColumnDef::new("next_attempt_at")
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(timestamp_now("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_deliveries_target_id")
                            .from("notification_deliveries", "target_id")
                            .to("notification_targets", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_deliveries_event_id")
                            .from("notification_deliveries", "event_id")
                            .to("notification_events", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One row per (target, event, attempt): a fan-out or a retry scheduled twice (two
        // processes) inserts nothing the second time.
        create_unique_index(
            manager,
            "ux_notification_deliveries_attempt",
            "notification_deliveries",
            &["target_id", "event_id", "attempt"],
        )
        .await?;
        create_index(
            manager,
            "ix_notification_deliveries_due",
            "notification_deliveries",
            &["status", "next_attempt_at"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (index, table) in [
            ("ix_notification_deliveries_due", "notification_deliveries"),
            (
                "ux_notification_deliveries_attempt",
                "notification_deliveries",
            ),
            ("ix_notification_events_dispatched", "notification_events"),
            ("ux_notification_events_dedup_key", "notification_events"),
            ("ix_notification_targets_fabric", "notification_targets"),
        ] {
            drop_index(manager, index, table).await?;
        }
        for table in [
            "notification_deliveries",
            "notification_events",
            "notification_targets",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
