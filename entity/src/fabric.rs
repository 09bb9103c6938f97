use sea_orm::entity::prelude::*;

use crate::enums::DirectoryStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fabrics")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub name: String,
    pub description: Option<String>,
    pub git_repository_id: Option<i32>,
    pub gitops_directory: String,
    pub git_branch: Option<String>,
    pub desired_state_commit: Option<String>,
    pub gitops_directory_status: DirectoryStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub sync_interval_seconds: i32,
    pub kubernetes_server: Option<String>,
    pub kubernetes_ca_cert: Option<String>,
    /// Vault-encrypted bearer token of the cluster connection.
    pub encrypted_kubernetes_token: Option<String>,
    /// Vault-encrypted kubeconfig content.
    pub encrypted_kubeconfig: Option<String>,
    pub kubeconfig_context: Option<String>,
    pub kubernetes_namespace: String,
    pub kubernetes_insecure_skip_tls_verify: bool,
    /// Per-file parse status: `{ "<path>": { "error": "...", "blob": "<id>" } }`.
    pub file_status: Option<Json>,
    pub last_checked_at: Option<DateTimeUtc>,
    pub remote_head_commit: Option<String>,
    /// The pull request write-back has open (pull-request mode): number, URL and head branch.
    pub pull_request_number: Option<i32>,
    pub pull_request_url: Option<String>,
    pub pull_request_branch: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::git_repository::Entity",
        from = "Column::GitRepositoryId",
        to = "super::git_repository::Column::Id",
        on_delete = "Restrict"
    )]
    GitRepository,
    #[sea_orm(has_many = "super::resource::Entity")]
    Resources,
    #[sea_orm(has_many = "super::sync_operation::Entity")]
    SyncOperations,
    #[sea_orm(has_many = "super::conflict::Entity")]
    Conflicts,
}

impl Related<super::git_repository::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::GitRepository.def()
    }
}

impl Related<super::resource::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Resources.def()
    }
}

impl Related<super::sync_operation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SyncOperations.def()
    }
}

impl Related<super::conflict::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Conflicts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
