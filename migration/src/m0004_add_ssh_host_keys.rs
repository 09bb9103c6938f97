//! SSH host-key pinning per repository: a JSON list of `SHA256:<base64>` fingerprints. With
//! ssh-key auth, only a server presenting one of these keys is accepted.

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
            vec![json_null("ssh_host_keys")],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "git_repositories", &["ssh_host_keys"]).await
    }
}
