//! The original one-way schema: git repositories, fabrics pointing at a directory of a repository,
//! and resources carrying the three spec columns (`desired_spec`, `draft_spec`, `actual_spec`).

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
                    .table("git_repositories")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("name").string().not_null())
                    .col(ColumnDef::new("url").string().not_null().unique_key())
                    .col(string_default("provider", "generic"))
                    .col(string_default("auth_type", "none"))
                    .col(text_null("encrypted_credentials"))
                    .col(string_default("default_branch", "main"))
                    .col(string_default("connection_status", "untested"))
                    .col(timestamp_null("last_validated"))
                    .col(text_null("validation_error"))
                    .col(timestamp_now("created_at"))
                    .col(timestamp_now("updated_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("fabrics")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("name").string().not_null().unique_key())
                    .col(text_null("description"))
                    .col(ColumnDef::new("git_repository_id").integer().null())
                    .col(string_default("gitops_directory", ""))
                    .col(string_null("git_branch"))
                    .col(string_null("desired_state_commit"))
                    .col(string_default("gitops_directory_status", "not_initialized"))
                    .col(timestamp_now("created_at"))
                    .col(timestamp_now("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_fabrics_git_repository_id")
                            .from("fabrics", "git_repository_id")
                            .to("git_repositories", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        create_unique_index(
            manager,
            "ux_fabrics_repository_directory",
            "fabrics",
            &["git_repository_id", "gitops_directory"],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("resources")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("fabric_id").integer().not_null())
                    .col(ColumnDef::new("kind").string().not_null())
                    .col(ColumnDef::new("api_version").string().not_null())
                    .col(string_default("namespace", "default"))
                    .col(ColumnDef::new("name").string().not_null())
                    .col(json_null("desired_spec"))
                    .col(json_null("draft_spec"))
                    .col(json_null("actual_spec"))
                    .col(timestamp_now("created_at"))
                    .col(timestamp_now("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_resources_fabric_id")
                            .from("resources", "fabric_id")
                            .to("fabrics", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        create_unique_index(
            manager,
            "ux_resources_identity",
            "resources",
            &["fabric_id", "kind", "namespace", "name"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["resources", "fabrics", "git_repositories"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
