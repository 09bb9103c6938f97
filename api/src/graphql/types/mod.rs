//! GraphQL object types: thin wrappers around entity models (no GraphQL derives on entities).

use async_graphql::{Context, ID, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use hnp_entity::{audit_event, fabric, git_repository, user};
use serde_json::Value;

use super::enums;
use super::{CoreResult, state};

mod history;
mod page_node;
mod resources;
mod topology;

pub use page_node::PageNode;
pub use resources::{Conflict, Counters, Problem, Resource, SyncOperation, counters_of};
pub use topology::{PendingChanges, Topology};

/// Batches the per-fabric counters of every `Fabric` in a request (and of concurrent
/// requests) into one [`hnp_core::queries::fabrics::counters`] call: a list of fabrics costs a
/// fixed number of statements, not a few per fabric and field.
pub struct FabricCountersLoader {
    pub db: sea_orm::DatabaseConnection,
}

impl async_graphql::dataloader::Loader<i32> for FabricCountersLoader {
    type Value = hnp_core::queries::fabrics::FabricCounters;
    type Error = std::sync::Arc<hnp_core::Error>;

    async fn load(
        &self,
        keys: &[i32],
    ) -> std::result::Result<std::collections::HashMap<i32, Self::Value>, Self::Error> {
        hnp_core::queries::fabrics::counters(&self.db, keys)
            .await
            .map_err(std::sync::Arc::new)
    }
}

/// A request's loader with a cache (HTTP requests get one; subscriptions use the schema's
/// uncached one, so a long-lived connection never sees stale counters).
pub type CachedFabricCounters = async_graphql::dataloader::DataLoader<
    FabricCountersLoader,
    async_graphql::dataloader::HashMapCache,
>;

fn loader_error(e: std::sync::Arc<hnp_core::Error>) -> async_graphql::Error {
    super::gql(std::sync::Arc::try_unwrap(e).unwrap_or_else(|e| hnp_core::Error::Io(e.to_string())))
}

/// The counters of fabric `id` through the request's loader.
async fn counters(
    ctx: &Context<'_>,
    id: i32,
) -> Result<hnp_core::queries::fabrics::FabricCounters> {
    let found = match ctx.data_opt::<CachedFabricCounters>() {
        Some(cached) => cached.load_one(id).await,
        None => {
            ctx.data_unchecked::<async_graphql::dataloader::DataLoader<FabricCountersLoader>>()
                .load_one(id)
                .await
        }
    };
    found.map(Option::unwrap_or_default).map_err(loader_error)
}

/// Loads the counters of a whole list of fabrics in one batch into the request's cache, so
/// their fields read from it whatever the timing of their resolvers.
pub(crate) async fn prime_counters(
    ctx: &Context<'_>,
    ids: impl IntoIterator<Item = i32>,
) -> Result<()> {
    if let Some(cached) = ctx.data_opt::<CachedFabricCounters>() {
        cached.load_many(ids).await.map_err(loader_error)?;
    }
    Ok(())
}

pub struct User(pub user::Model);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn username(&self) -> &str {
        &self.0.username
    }
    async fn role(&self) -> enums::Role {
        self.0.role.into()
    }
    async fn is_active(&self) -> bool {
        self.0.is_active
    }
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_login_at
    }
}

pub struct GitRepository(pub git_repository::Model);

/// GitHub's rate limit for a repository's token, from the headers of the last response.
#[derive(SimpleObject)]
pub struct GithubRateLimit {
    pub remaining: i64,
    pub limit: i64,
    pub used: Option<i64>,
    pub reset_at: Option<DateTime<Utc>>,
    pub observed_at: DateTime<Utc>,
}

#[Object]
impl GitRepository {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn url(&self) -> &str {
        &self.0.url
    }
    /// How the stored credentials travel, when that is unsafe (plain http:// API or remote).
    async fn warnings(&self) -> Vec<String> {
        hnp_core::repositories::repository_warnings(&self.0)
    }
    async fn provider(&self) -> enums::Provider {
        self.0.provider.into()
    }
    async fn auth_type(&self) -> enums::AuthType {
        self.0.auth_type.into()
    }
    /// Whether credentials are stored (they are never returned).
    async fn has_credentials(&self) -> bool {
        self.0.encrypted_credentials.is_some()
    }
    async fn has_webhook_secret(&self) -> bool {
        self.0.encrypted_webhook_secret.is_some()
    }
    async fn default_branch(&self) -> &str {
        &self.0.default_branch
    }
    async fn write_mode(&self) -> enums::WriteMode {
        self.0.write_mode.into()
    }
    async fn commit_author_name(&self) -> &str {
        &self.0.commit_author_name
    }
    async fn commit_author_email(&self) -> &str {
        &self.0.commit_author_email
    }
    async fn connection_status(&self) -> enums::ConnectionStatus {
        self.0.connection_status.into()
    }
    async fn last_validated(&self) -> Option<DateTime<Utc>> {
        self.0.last_validated
    }
    async fn validation_error(&self) -> Option<&str> {
        self.0.validation_error.as_deref()
    }
    async fn ssh_host_keys(&self) -> Vec<String> {
        self.0
            .ssh_host_keys
            .as_ref()
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    }
    /// GitHub REST API base in use (the override, else derived from the URL); null for
    /// other providers.
    async fn github_api_url(&self) -> Option<String> {
        (self.0.provider == hnp_entity::enums::Provider::Github)
            .then(|| hnp_core::github::api_url(&self.0).ok())
            .flatten()
    }
    /// The GitHub rate limit as of the last API response for this repository.
    async fn github_rate_limit(&self) -> Option<GithubRateLimit> {
        hnp_core::github::stored_rate_limit(&self.0).map(|l| GithubRateLimit {
            remaining: l.remaining as i64,
            limit: l.limit as i64,
            used: l.used.map(|u| u as i64),
            reset_at: l.reset_at(),
            observed_at: l.observed_at,
        })
    }
    async fn fabrics(&self, ctx: &Context<'_>) -> Result<Vec<Fabric>> {
        let rows = hnp_core::queries::fabrics::of_repository(&state(ctx).core.db, self.0.id)
            .await
            .gql()?;
        prime_counters(ctx, rows.iter().map(|f| f.id)).await?;
        Ok(rows.into_iter().map(Fabric).collect())
    }
}

/// One feature flag's effective value.
#[derive(SimpleObject)]
pub struct FeatureFlag {
    pub key: enums::FeatureFlagKey,
    pub enabled: bool,
    /// `FABRIC` override, `GLOBAL` value or configuration `DEFAULT`.
    pub source: String,
    pub reason: Option<String>,
    pub updated_by: Option<String>,
}

impl FeatureFlag {
    pub fn from_effective(e: hnp_core::flags::Effective) -> Self {
        let key = match e.name {
            "bidirectional_sync" => enums::FeatureFlagKey::BidirectionalSync,
            "directory_management" => enums::FeatureFlagKey::DirectoryManagement,
            _ => enums::FeatureFlagKey::ConflictResolution,
        };
        FeatureFlag {
            key,
            enabled: e.enabled,
            source: e.source.to_uppercase(),
            reason: e.reason,
            updated_by: e.updated_by,
        }
    }
}

/// A per-file error of a fabric's last ingestion.
#[derive(SimpleObject)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

pub struct Fabric(pub fabric::Model);

#[Object]
impl Fabric {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Pull-request mode: the pull request write-back has open for this fabric.
    async fn open_pull_request_url(&self) -> Option<&str> {
        self.0.pull_request_url.as_deref()
    }
    async fn git_repository(&self, ctx: &Context<'_>) -> Result<Option<GitRepository>> {
        let Some(id) = self.0.git_repository_id else {
            return Ok(None);
        };
        Ok(
            hnp_core::queries::repositories::by_id(&state(ctx).core.db, id)
                .await
                .gql()?
                .map(GitRepository),
        )
    }
    async fn gitops_directory(&self) -> &str {
        &self.0.gitops_directory
    }
    async fn git_branch(&self) -> Option<&str> {
        self.0.git_branch.as_deref()
    }
    async fn desired_state_commit(&self) -> Option<&str> {
        self.0.desired_state_commit.as_deref()
    }
    async fn remote_head_commit(&self) -> Option<&str> {
        self.0.remote_head_commit.as_deref()
    }
    async fn directory_status(&self) -> enums::DirectoryStatus {
        self.0.gitops_directory_status.into()
    }
    async fn sync_interval_seconds(&self) -> i32 {
        self.0.sync_interval_seconds
    }
    async fn kubernetes_server(&self) -> Option<&str> {
        self.0.kubernetes_server.as_deref()
    }
    async fn kubernetes_namespace(&self) -> &str {
        &self.0.kubernetes_namespace
    }
    /// Whether a cluster connection is configured (API server + token, or a kubeconfig).
    async fn cluster_configured(&self) -> bool {
        hnp_core::cluster::is_configured(&self.0)
    }
    /// Whether the connection's API server is a simulated cluster run by this process (`hnp
    /// demo`'s simulator, not a real Kubernetes cluster). Known from the running process, never
    /// stored: a real connection is never labelled simulated.
    async fn cluster_simulated(&self) -> bool {
        self.0
            .kubernetes_server
            .as_deref()
            .is_some_and(hnp_core::demo::cluster::is_simulated)
    }
    /// When the cluster was last read (the end of the newest finished cluster read); null
    /// before the first.
    async fn last_cluster_read(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        hnp_core::queries::fabrics::last_cluster_read(&state(ctx).core.db, self.0.id)
            .await
            .gql()
    }
    /// Whether the connection comes from a stored kubeconfig (never returned).
    async fn uses_kubeconfig(&self) -> bool {
        self.0.encrypted_kubeconfig.is_some()
    }
    async fn kubeconfig_context(&self) -> Option<&str> {
        self.0.kubeconfig_context.as_deref()
    }
    /// Whether a bearer token is stored (it is never returned).
    async fn has_kubernetes_token(&self) -> bool {
        self.0.encrypted_kubernetes_token.is_some()
    }
    async fn kubernetes_ca_cert(&self) -> Option<&str> {
        self.0.kubernetes_ca_cert.as_deref()
    }
    async fn kubernetes_insecure_skip_tls_verify(&self) -> bool {
        self.0.kubernetes_insecure_skip_tls_verify
    }
    /// Warnings about the cluster connection (TLS verification off, plain http://).
    async fn cluster_warnings(&self) -> Vec<String> {
        hnp_core::cluster::warnings(&self.0)
    }
    /// Per-file parse errors of the last ingestion.
    async fn file_errors(&self) -> Vec<FileError> {
        self.0
            .file_status
            .as_ref()
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(path, s)| FileError {
                        path: path.clone(),
                        message: s["error"].as_str().unwrap_or_default().to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
    /// Computed: NEVER_SYNCED (no operation), SYNCING (one queued or running), ERROR (the last
    /// operation failed or files have errors), OUT_OF_SYNC (pending drafts, open conflicts, a
    /// newer remote head, or drift), IN_SYNC.
    async fn sync_status(&self, ctx: &Context<'_>) -> Result<enums::FabricSyncStatus> {
        use hnp_core::status::SyncStatus as S;
        let status = hnp_core::status::from_counters(&self.0, &counters(ctx, self.0.id).await?);
        Ok(match status {
            S::NeverSynced => enums::FabricSyncStatus::NeverSynced,
            S::Syncing => enums::FabricSyncStatus::Syncing,
            S::Error => enums::FabricSyncStatus::Error,
            S::OutOfSync => enums::FabricSyncStatus::OutOfSync,
            S::InSync => enums::FabricSyncStatus::InSync,
        })
    }
    /// When the last operation finished.
    async fn last_sync(&self, ctx: &Context<'_>) -> Result<Option<DateTime<Utc>>> {
        Ok(counters(ctx, self.0.id).await?.last_finished)
    }
    async fn drift_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(counters(ctx, self.0.id).await?.drifted)
    }
    /// Of `driftCount`, the resources only in the cluster (orphans: not in Git).
    async fn actual_only_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(counters(ctx, self.0.id).await?.actual_only)
    }
    async fn open_conflicts(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(counters(ctx, self.0.id).await?.open_conflicts)
    }
    /// Resources whose desired state breaks Hedgehog's admission rules (as of the last
    /// ingestion): the cluster will refuse them.
    async fn invalid_resources(&self, ctx: &Context<'_>) -> Result<i32> {
        let count = counters(ctx, self.0.id).await?.invalid;
        Ok(i32::try_from(count).unwrap_or(i32::MAX))
    }
    async fn pending_drafts(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(counters(ctx, self.0.id).await?.pending_drafts)
    }
    /// Resources of the fabric (the same trigger-kept total the `resources` connection uses).
    async fn resource_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(counters(ctx, self.0.id).await?.resources)
    }
    /// Effective feature flags of this fabric (a circuit-breaker trip shows here with its reason).
    async fn feature_flags(&self, ctx: &Context<'_>) -> Result<Vec<FeatureFlag>> {
        let s = state(ctx);
        let values = hnp_core::flags::effective(&s.core.db, &s.core.config, Some(self.0.id))
            .await
            .gql()?;
        Ok(values
            .into_iter()
            .map(FeatureFlag::from_effective)
            .collect())
    }
    /// Devices and links of the fabric as it will be (desired state with pending drafts
    /// applied), each with the worst state of the resources behind it; with `vpc`, only the
    /// switches, servers and links that VPC is configured on.
    async fn topology(&self, ctx: &Context<'_>, vpc: Option<String>) -> Result<Topology> {
        hnp_core::queries::topology::topology(&state(ctx).core.db, self.0.id, vpc.as_deref())
            .await
            .gql()
            .map(Topology::from)
    }
    /// Every pending draft (its diff and admission problems) and what they touch together.
    async fn pending_changes(&self, ctx: &Context<'_>) -> Result<PendingChanges> {
        hnp_core::queries::topology::pending_changes(&state(ctx).core.db, self.0.id)
            .await
            .gql()
            .map(PendingChanges::from)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

#[derive(SimpleObject)]
pub struct AuditEvent {
    pub id: ID,
    pub actor: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    pub fabric_id: Option<ID>,
    pub summary: Option<String>,
    pub before: Option<Json<Value>>,
    pub after: Option<Json<Value>>,
    pub created_at: DateTime<Utc>,
}

impl From<audit_event::Model> for AuditEvent {
    fn from(a: audit_event::Model) -> Self {
        AuditEvent {
            id: ID(a.id.to_string()),
            actor: a.actor,
            action: a.action,
            target_type: a.target_type,
            target_id: a.target_id,
            fabric_id: a.fabric_id.map(|f| ID(f.to_string())),
            summary: a.summary,
            before: a.before.map(Json),
            after: a.after.map(Json),
            created_at: a.created_at,
        }
    }
}
