use sea_orm::entity::prelude::*;

use crate::enums::{AuthType, ConnectionStatus, Provider, WriteMode};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "git_repositories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    #[sea_orm(unique)]
    pub url: String,
    pub provider: Provider,
    pub auth_type: AuthType,
    /// Vault-encrypted credentials (JSON inside); never returned by any API.
    pub encrypted_credentials: Option<String>,
    pub default_branch: String,
    pub connection_status: ConnectionStatus,
    pub last_validated: Option<DateTimeUtc>,
    pub validation_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub write_mode: WriteMode,
    pub commit_author_name: String,
    pub commit_author_email: String,
    /// Vault-encrypted webhook HMAC secret.
    pub encrypted_webhook_secret: Option<String>,
    /// Pinned SSH host keys: JSON list of `SHA256:<base64>` fingerprints.
    pub ssh_host_keys: Option<Json>,
    /// GitHub REST API base overriding the one derived from `url` (GitHub Enterprise).
    pub github_api_url: Option<String>,
    /// Last GitHub rate-limit snapshot: `{ remaining, limit, used, reset, resource, observed_at }`.
    pub github_rate_limit: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::fabric::Entity")]
    Fabrics,
}

impl Related<super::fabric::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Fabrics.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
