//! GitHub integration: a per-repository API base override and the last rate-limit snapshot
//! seen on its responses; the pull request a fabric's write-back has open (pull-request mode);
//! a note on a resource whose proposed change came back as a draft (pull request closed
//! without merging).

use sea_orm_migration::prelude::*;

use crate::helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_columns(
            manager,
            "git_repositories",
            vec![
                string_null("github_api_url"),
                json_null("github_rate_limit"),
            ],
        )
        .await?;
        add_columns(
            manager,
            "fabrics",
            vec![
                ColumnDef::new("pull_request_number")
                    .integer()
                    .null()
                    .to_owned(),
                string_null("pull_request_url"),
                string_null("pull_request_branch"),
            ],
        )
        .await?;
        add_columns(manager, "resources", vec![text_null("draft_note")]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "resources", &["draft_note"]).await?;
        drop_columns(
            manager,
            "fabrics",
            &[
                "pull_request_number",
                "pull_request_url",
                "pull_request_branch",
            ],
        )
        .await?;
        drop_columns(
            manager,
            "git_repositories",
            &["github_api_url", "github_rate_limit"],
        )
        .await
    }
}
