//! "Add bidirectional sync fields": the file mapping and sync fields on resources (existing rows
//! are backfilled with `sync_direction = bidirectional`, `conflict_status = none`), write-back
//! settings on repositories, the sync interval on fabrics, and the new tables: users, API tokens,
//! sync operations, conflicts, feature flags, audit events.

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

fn fk(
    name: &'static str,
    from: &'static str,
    column: &'static str,
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from, column)
        .to(to, "id")
        .on_delete(on_delete)
        .to_owned()
}

const RESOURCE_COLUMNS: [&str; 5] = [
    "managed_file_path",
    "file_hash",
    "last_file_sync",
    "sync_direction",
    "conflict_status",
];
const REPOSITORY_COLUMNS: [&str; 4] = [
    "write_mode",
    "commit_author_name",
    "commit_author_email",
    "encrypted_webhook_secret",
];
const FABRIC_COLUMNS: [&str; 1] = ["sync_interval_seconds"];
const NEW_TABLES: [&str; 6] = [
    "audit_events",
    "feature_flags",
    "conflicts",
    "sync_operations",
    "api_tokens",
    "users",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            "resources",
            vec![
                string_null("managed_file_path"),
                string_null("file_hash"),
                timestamp_null("last_file_sync"),
                string_default("sync_direction", "bidirectional"),
                string_default("conflict_status", "none"),
            ],
        )
        .await?;
        create_index(
            manager,
            "ix_resources_fabric_conflict_status",
            "resources",
            &["fabric_id", "conflict_status"],
        )
        .await?;
        create_index(
            manager,
            "ix_resources_fabric_managed_file_path",
            "resources",
            &["fabric_id", "managed_file_path"],
        )
        .await?;

        add_columns(
            manager,
            "git_repositories",
            vec![
                string_default("write_mode", "direct_push"),
                string_default("commit_author_name", "HNP Sync"),
                string_default("commit_author_email", "hnp-sync@localhost"),
                text_null("encrypted_webhook_secret"),
            ],
        )
        .await?;
        add_columns(
            manager,
            "fabrics",
            vec![integer_default("sync_interval_seconds", 120)],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(id())
                    .col(ColumnDef::new("username").string().not_null().unique_key())
                    .col(ColumnDef::new("password_hash").string().not_null())
                    .col(string_default("role", "viewer"))
                    .col(bool_default("is_active", true))
                    .col(timestamp_null("last_login_at"))
                    .col(timestamp_now("created_at"))
                    .col(timestamp_now("updated_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("api_tokens")
                    .col(id())
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("name").string().not_null())
                    .col(ColumnDef::new("token_prefix").string().not_null())
                    .col(
                        ColumnDef::new("token_hash")
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(timestamp_now("created_at"))
                    .col(timestamp_null("last_used_at"))
                    .col(timestamp_null("expires_at"))
                    .col(timestamp_null("revoked_at"))
                    .foreign_key(&mut fk(
                        "fk_api_tokens_user_id",
                        "api_tokens",
                        "user_id",
                        "users",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(manager, "ix_api_tokens_user_id", "api_tokens", &["user_id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table("sync_operations")
                    .col(ColumnDef::new("id").string_len(36).not_null().primary_key())
                    .col(ColumnDef::new("fabric_id").integer().not_null())
                    .col(ColumnDef::new("direction").string().not_null())
                    .col(string_default("trigger", "manual"))
                    .col(string_default("status", "queued"))
                    .col(string_null("phase"))
                    .col(integer_default("percent", 0))
                    .col(integer_default("files_processed", 0))
                    .col(integer_default("resources_created", 0))
                    .col(integer_default("resources_updated", 0))
                    .col(integer_default("resources_deleted", 0))
                    .col(integer_default("resources_unchanged", 0))
                    .col(integer_default("conflicts_detected", 0))
                    .col(json_null("errors"))
                    .col(text_null("message"))
                    .col(string_null("commit_sha"))
                    .col(string_null("pull_request_url"))
                    .col(ColumnDef::new("requested_by_id").integer().null())
                    .col(string_null("requested_by"))
                    .col(bool_default("dry_run", false))
                    .col(timestamp_now("created_at"))
                    .col(timestamp_null("started_at"))
                    .col(timestamp_null("finished_at"))
                    .foreign_key(&mut fk(
                        "fk_sync_operations_fabric_id",
                        "sync_operations",
                        "fabric_id",
                        "fabrics",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_sync_operations_requested_by_id",
                        "sync_operations",
                        "requested_by_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_sync_operations_fabric_created",
            "sync_operations",
            &["fabric_id", "created_at"],
        )
        .await?;
        create_index(
            manager,
            "ix_sync_operations_status",
            "sync_operations",
            &["status"],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("conflicts")
                    .col(id())
                    .col(ColumnDef::new("fabric_id").integer().not_null())
                    .col(ColumnDef::new("resource_id").integer().not_null())
                    .col(ColumnDef::new("conflict_type").string().not_null())
                    .col(string_default("status", "open"))
                    .col(json_null("base_spec"))
                    .col(json_null("gui_spec"))
                    .col(json_null("git_spec"))
                    .col(json_null("conflicting_paths"))
                    .col(string_null("git_commit"))
                    .col(ColumnDef::new("sync_operation_id").string_len(36).null())
                    .col(string_null("resolution"))
                    .col(json_null("merged_spec"))
                    .col(ColumnDef::new("resolved_by_id").integer().null())
                    .col(timestamp_null("resolved_at"))
                    .col(timestamp_now("detected_at"))
                    .foreign_key(&mut fk(
                        "fk_conflicts_fabric_id",
                        "conflicts",
                        "fabric_id",
                        "fabrics",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_conflicts_resource_id",
                        "conflicts",
                        "resource_id",
                        "resources",
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_conflicts_sync_operation_id",
                        "conflicts",
                        "sync_operation_id",
                        "sync_operations",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_conflicts_resolved_by_id",
                        "conflicts",
                        "resolved_by_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_conflicts_fabric_status",
            "conflicts",
            &["fabric_id", "status"],
        )
        .await?;
        create_index(
            manager,
            "ix_conflicts_resource_id",
            "conflicts",
            &["resource_id"],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("feature_flags")
                    .col(id())
                    .col(ColumnDef::new("name").string().not_null())
                    .col(ColumnDef::new("fabric_id").integer().null())
                    .col(ColumnDef::new("enabled").boolean().not_null())
                    .col(text_null("reason"))
                    .col(string_null("updated_by"))
                    .col(timestamp_now("updated_at"))
                    .foreign_key(&mut fk(
                        "fk_feature_flags_fabric_id",
                        "feature_flags",
                        "fabric_id",
                        "fabrics",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // One per-fabric override per flag, and one global value per flag. NULLs are distinct in
        // a plain unique index, so the global row gets a partial index (SQLite and PostgreSQL).
        create_unique_index(
            manager,
            "ux_feature_flags_name_fabric",
            "feature_flags",
            &["name", "fabric_id"],
        )
        .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_feature_flags_global ON feature_flags (name) \
                 WHERE fabric_id IS NULL",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_events")
                    .col(id())
                    .col(ColumnDef::new("actor_id").integer().null())
                    .col(string_null("actor"))
                    .col(ColumnDef::new("action").string().not_null())
                    .col(ColumnDef::new("target_type").string().not_null())
                    .col(string_null("target_id"))
                    .col(ColumnDef::new("fabric_id").integer().null())
                    .col(text_null("summary"))
                    .col(json_null("before"))
                    .col(json_null("after"))
                    .col(timestamp_now("created_at"))
                    .foreign_key(&mut fk(
                        "fk_audit_events_actor_id",
                        "audit_events",
                        "actor_id",
                        "users",
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_audit_events_fabric_id",
                        "audit_events",
                        "fabric_id",
                        "fabrics",
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_audit_events_created_at",
            "audit_events",
            &["created_at"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in NEW_TABLES {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        drop_columns(manager, "fabrics", &FABRIC_COLUMNS).await?;
        drop_columns(manager, "git_repositories", &REPOSITORY_COLUMNS).await?;
        drop_index(
            manager,
            "ix_resources_fabric_managed_file_path",
            "resources",
        )
        .await?;
        drop_index(manager, "ix_resources_fabric_conflict_status", "resources").await?;
        drop_columns(manager, "resources", &RESOURCE_COLUMNS).await
    }
}
