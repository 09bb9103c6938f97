//! Mutations. Each checks its role and writes an audit event (who, what, target, result):
//! core services audit their own changes; the rest are audited here.
//!
//! Roles: any authenticated user manages their own tokens; operators write drafts, trigger syncs,
//! resolve conflicts, initialize directories and test connections; admins manage repositories,
//! fabrics, users, other users' tokens and feature flags.

use async_graphql::{Context, ID, InputObject, Json, Object, Result, SimpleObject};
use hnp_core::audit::{self, Actor};
use hnp_core::ingest::parse::ResourceKey;
use hnp_core::operations::Requester;
use hnp_core::repositories::{self, FabricInput, FabricUpdate, RepositoryInput, RepositoryUpdate};
use hnp_core::security::auth;
use hnp_core::{conflicts, drafts, flags};
use hnp_entity::enums::{OperationTrigger, Role};
use hnp_entity::{api_token, fabric, git_repository, resource, user};
use sea_orm::EntityTrait;
use serde_json::Value;

use super::enums;
use super::types::{
    Conflict, Fabric, FeatureFlag, GitRepository, Problem, Resource, SyncOperation, User,
};
use super::{CoreResult, caller, coded, int_id, require, state};
use crate::state::{Run, trigger};

/// The client address of the request (for login rate limiting).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

/// How long a login session token is valid.
pub const SESSION_HOURS: i64 = 12;

fn actor_of(user: &user::Model) -> Actor {
    Actor::user(user)
}

fn requester_of(user: &user::Model) -> Requester {
    Requester {
        user_id: Some(user.id),
        name: user.username.clone(),
        trigger: OperationTrigger::Api,
    }
}

async fn record(
    ctx: &Context<'_>,
    user: &user::Model,
    action: &str,
    target_type: &str,
    target_id: Option<String>,
    fabric_id: Option<i32>,
    summary: String,
) -> Result<()> {
    audit::record(
        &state(ctx).core.db,
        &actor_of(user),
        audit::Entry {
            action: action.to_owned(),
            target_type: target_type.to_owned(),
            target_id,
            fabric_id,
            summary: Some(summary),
            ..Default::default()
        },
    )
    .await
    .gql()?;
    Ok(())
}

#[derive(SimpleObject)]
pub struct LoginPayload {
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub user: User,
}

#[derive(SimpleObject)]
pub struct ApiToken {
    pub id: ID,
    pub name: String,
    pub prefix: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked: bool,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A login session (from `login`) rather than an API token.
    pub session: bool,
}

impl From<api_token::Model> for ApiToken {
    fn from(t: api_token::Model) -> Self {
        ApiToken {
            id: ID(t.id.to_string()),
            session: auth::is_session(&t),
            name: t.name,
            prefix: t.token_prefix,
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked: t.revoked_at.is_some(),
            last_used_at: t.last_used_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct CreatedApiToken {
    /// Shown once; only its hash is stored.
    pub token: String,
    pub api_token: ApiToken,
}

/// Write-only credentials: exactly one form.
#[derive(InputObject, Default)]
pub struct CredentialsInput {
    pub token: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub ssh_private_key: Option<String>,
}

impl CredentialsInput {
    /// The auth type and the raw credential text core expects.
    fn into_parts(self) -> Result<(hnp_entity::enums::AuthType, String)> {
        use hnp_entity::enums::AuthType;
        match (
            self.token,
            self.username,
            self.password,
            self.ssh_private_key,
        ) {
            (Some(token), None, None, None) => Ok((AuthType::Token, token)),
            (None, Some(username), Some(password), None) => {
                Ok((AuthType::Basic, format!("{username}:{password}")))
            }
            (None, None, None, Some(key)) => Ok((AuthType::SshKey, key)),
            _ => Err(coded(
                "credentials: give exactly one of token, username + password, or sshPrivateKey",
                "VALIDATION_FAILED",
            )),
        }
    }
}

#[derive(InputObject)]
pub struct CreateGitRepositoryInput {
    pub name: Option<String>,
    pub url: String,
    pub provider: Option<enums::Provider>,
    pub credentials: Option<CredentialsInput>,
    pub default_branch: Option<String>,
    pub write_mode: Option<enums::WriteMode>,
    /// `Name <email>` of write-back commits.
    pub commit_author: Option<String>,
    #[graphql(default)]
    pub ssh_host_keys: Vec<String>,
    pub webhook_secret: Option<String>,
    /// GitHub REST API base (provider github; default https://api.github.com for github.com,
    /// else <scheme>://<host>/api/v3).
    pub github_api_url: Option<String>,
}

#[derive(InputObject, Default)]
pub struct UpdateGitRepositoryInput {
    pub name: Option<String>,
    /// Replaces the stored credentials.
    pub credentials: Option<CredentialsInput>,
    /// Removes the stored credentials (auth becomes NONE).
    #[graphql(default)]
    pub clear_credentials: bool,
    pub default_branch: Option<String>,
    pub write_mode: Option<enums::WriteMode>,
    pub commit_author: Option<String>,
    pub ssh_host_keys: Option<Vec<String>>,
    pub webhook_secret: Option<String>,
    #[graphql(default)]
    pub clear_webhook_secret: bool,
    pub github_api_url: Option<String>,
    /// Removes the GitHub API URL override (back to the one derived from the URL).
    #[graphql(default)]
    pub clear_github_api_url: bool,
}

#[derive(SimpleObject)]
pub struct ConnectionTest {
    pub ok: bool,
    pub url: String,
    pub default_branch: Option<String>,
    pub branches: Vec<String>,
    pub error_kind: Option<String>,
    pub error: Option<String>,
    pub repository: GitRepository,
    /// GitHub repositories: metadata, permissions and branch protection from the REST API.
    pub github: Option<GithubConnection>,
}

/// The GitHub part of a connection test.
#[derive(SimpleObject)]
pub struct GithubConnection {
    pub api_url: String,
    pub full_name: Option<String>,
    pub default_branch: Option<String>,
    /// Permissions the token has on the repository (`admin`, `maintain`, `push`, `triage`,
    /// `pull`).
    pub permissions: Vec<String>,
    /// Push permission, which write-back needs.
    pub can_push: Option<bool>,
    /// Whether the tested branch is protected; null when the token may not read protection.
    pub branch_protected: Option<bool>,
    pub error_kind: Option<String>,
    pub error: Option<String>,
}

#[derive(InputObject)]
pub struct CreateFabricInput {
    pub name: String,
    pub git_repository_id: Option<ID>,
    pub gitops_directory: String,
    pub branch: Option<String>,
    pub description: Option<String>,
    pub sync_interval_seconds: Option<i32>,
}

#[derive(InputObject, Default)]
pub struct UpdateFabricInput {
    pub name: Option<String>,
    pub description: Option<String>,
    pub git_repository_id: Option<ID>,
    #[graphql(default)]
    pub detach_repository: bool,
    pub gitops_directory: Option<String>,
    pub branch: Option<String>,
    pub sync_interval_seconds: Option<i32>,
    /// Cluster connection by API server URL and bearer token.
    pub kubernetes: Option<KubernetesInput>,
    /// Cluster connection from a kubeconfig's content (stored encrypted, never returned).
    pub kubeconfig: Option<String>,
    /// Context of `kubeconfig` (default: its current-context).
    pub kubeconfig_context: Option<String>,
    /// Namespace with `kubeconfig` (default: the context's, else `default`).
    pub kubeconfig_namespace: Option<String>,
    /// Remove the cluster connection.
    #[graphql(default)]
    pub clear_cluster: bool,
}

#[derive(InputObject)]
pub struct KubernetesInput {
    /// `https://host:6443` (plain `http://` is accepted with a warning).
    pub api_server: String,
    /// PEM of the CA that signs the API server's certificate.
    pub ca_cert: Option<String>,
    /// Bearer token; write-only. Omitted: keep the stored one.
    pub token: Option<String>,
    /// Default `default`.
    pub namespace: Option<String>,
    #[graphql(default)]
    pub insecure_skip_tls_verify: bool,
}

#[derive(SimpleObject)]
pub struct KindAvailability {
    pub kind: String,
    pub api_version: String,
    pub installed: bool,
}

#[derive(SimpleObject)]
pub struct ClusterConnectionTest {
    pub ok: bool,
    pub server: Option<String>,
    pub namespace: String,
    /// The API server's version, e.g. `v1.31.4`.
    pub server_version: Option<String>,
    /// Every managed kind and whether its CRD is installed.
    pub kinds: Vec<KindAvailability>,
    pub warnings: Vec<String>,
    /// Why the test failed (never contains credentials).
    pub error: Option<String>,
    pub fabric: Fabric,
}

#[derive(SimpleObject)]
pub struct DraftPayload {
    /// `CREATE`, `UPDATE`, `DELETE`, or null when the draft equalled the desired state.
    pub operation: Option<enums::DraftOperation>,
    pub resource: Option<Resource>,
    /// Dangling references (they may exist only in the cluster).
    pub warnings: Vec<Problem>,
}

async fn draft_payload(ctx: &Context<'_>, saved: drafts::Saved) -> Result<DraftPayload> {
    let resource = match saved.resource_id {
        Some(id) => resource::Entity::find_by_id(id)
            .one(&state(ctx).core.db)
            .await
            .gql()?
            .map(Resource),
        None => None,
    };
    let operation = match saved.operation.as_str() {
        "create" => Some(enums::DraftOperation::Create),
        "update" => Some(enums::DraftOperation::Update),
        "delete" => Some(enums::DraftOperation::Delete),
        _ => None,
    };
    Ok(DraftPayload {
        operation,
        resource,
        warnings: saved.warnings.into_iter().map(Problem::from).collect(),
    })
}

async fn load_fabric(ctx: &Context<'_>, id: &ID) -> Result<fabric::Model> {
    let id = int_id(id, "fabricId")?;
    fabric::Entity::find_by_id(id)
        .one(&state(ctx).core.db)
        .await
        .gql()?
        .ok_or_else(|| coded(format!("fabric {id} not found"), "NOT_FOUND"))
}

async fn load_resource(ctx: &Context<'_>, id: &ID) -> Result<(resource::Model, fabric::Model)> {
    let id = int_id(id, "resourceId")?;
    let db = &state(ctx).core.db;
    let row = resource::Entity::find_by_id(id)
        .one(db)
        .await
        .gql()?
        .ok_or_else(|| coded(format!("resource {id} not found"), "NOT_FOUND"))?;
    let fabric = fabric::Entity::find_by_id(row.fabric_id)
        .one(db)
        .await
        .gql()?
        .ok_or_else(|| coded("fabric not found", "NOT_FOUND"))?;
    Ok((row, fabric))
}

fn key_of(row: &resource::Model) -> ResourceKey {
    ResourceKey {
        kind: row.kind.clone(),
        namespace: row.namespace.clone(),
        name: row.name.clone(),
    }
}

#[derive(Default)]
pub struct Mutation;

#[Object]
impl Mutation {
    /// Exchanges a username and password for a session token (valid 12 hours). At most one
    /// `login` per request; failed attempts are limited per username, per address and per both.
    async fn login(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
    ) -> Result<LoginPayload> {
        let s = state(ctx);
        let addr = ctx.data_opt::<ClientAddr>().and_then(|a| a.0);
        if let Err(wait) = s.logins.check(&username, addr) {
            return Err(coded(
                format!("too many failed logins; try again in {wait} s"),
                "RATE_LIMITED",
            ));
        }
        let user = match auth::authenticate(&s.core.db, &username, &password).await {
            Ok(user) => user,
            Err(hnp_core::Error::Unauthenticated) => {
                s.logins.failed(&username, addr);
                let _ = audit::record(
                    &s.core.db,
                    &Actor::system(&username),
                    audit::Entry {
                        action: "auth.login_failed".into(),
                        target_type: "user".into(),
                        summary: Some(format!("failed login for {username:?}")),
                        ..Default::default()
                    },
                )
                .await;
                return Err(coded("invalid username or password", "UNAUTHENTICATED"));
            }
            Err(hnp_core::Error::RateLimited {
                retry_after_secs, ..
            }) => {
                return Err(coded(
                    format!("too many logins in progress; try again in {retry_after_secs} s"),
                    "RATE_LIMITED",
                ));
            }
            Err(e) => return Err(super::gql(e)),
        };
        s.logins.succeeded(&username, addr);
        if let Err(e) = auth::delete_expired_sessions(&s.core.db).await {
            tracing::warn!(error = %e, "cannot delete expired sessions");
        }
        let session =
            auth::create_session_token(&s.core.db, &user, chrono::Duration::hours(SESSION_HOURS))
                .await
                .gql()?;
        record(
            ctx,
            &user,
            "auth.login",
            "user",
            Some(user.id.to_string()),
            None,
            format!("{} logged in", user.username),
        )
        .await?;
        Ok(LoginPayload {
            token: session.token.expose().to_owned(),
            expires_at: session.record.expires_at.unwrap_or_default(),
            user: User(user),
        })
    }

    /// Ends the login session this request was made with (its token stops working server-side).
    async fn logout(&self, ctx: &Context<'_>) -> Result<bool> {
        let me = caller(ctx)?;
        let Some(token) = ctx.data_opt::<super::RequestToken>() else {
            return Err(coded("no session token in this request", "UNAUTHENTICATED"));
        };
        let s = state(ctx);
        auth::end_session(&s.core.db, &token.0).await.gql()?;
        s.tokens.clear();
        record(
            ctx,
            me,
            "auth.logout",
            "user",
            Some(me.id.to_string()),
            None,
            format!("{} logged out", me.username),
        )
        .await?;
        Ok(true)
    }

    /// Changes a user (admin): `active: false` deactivates them (their tokens stop working,
    /// their sessions end; the last active admin cannot be deactivated), `active: true`
    /// reactivates them; `role` changes the role.
    async fn update_user(
        &self,
        ctx: &Context<'_>,
        id: ID,
        active: Option<bool>,
        role: Option<enums::Role>,
    ) -> Result<User> {
        let me = require(ctx, Role::Admin)?;
        let user_id = int_id(&id, "id")?;
        let s = state(ctx);
        if active == Some(false) && user_id == me.id {
            return Err(coded("you cannot deactivate yourself", "VALIDATION_FAILED"));
        }
        let (before, user) = auth::update_user(
            &s.core.db,
            user_id,
            auth::UserChange {
                active,
                role: role.map(Into::into),
            },
        )
        .await
        .gql()?;
        s.tokens.clear();
        let mut changes = Vec::new();
        if before.is_active != user.is_active {
            changes.push(
                if user.is_active {
                    "reactivated"
                } else {
                    "deactivated"
                }
                .to_owned(),
            );
        }
        if before.role != user.role {
            changes.push(format!("role {} → {}", before.role, user.role));
        }
        if !changes.is_empty() {
            record(
                ctx,
                me,
                "user.update",
                "user",
                Some(user.id.to_string()),
                None,
                format!("{}: {}", user.username, changes.join(", ")),
            )
            .await?;
        }
        Ok(User(user))
    }

    /// Creates an API token for yourself, or (admin) for `username`.
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        name: String,
        username: Option<String>,
    ) -> Result<CreatedApiToken> {
        let me = caller(ctx)?;
        let owner = username.unwrap_or_else(|| me.username.clone());
        if owner != me.username {
            require(ctx, Role::Admin)?;
        }
        let created = auth::create_token(&state(ctx).core.db, &owner, Some(&name))
            .await
            .gql()?;
        record(
            ctx,
            me,
            "api_token.create",
            "api_token",
            Some(created.record.id.to_string()),
            None,
            format!(
                "token {:?} ({}…) for {owner}",
                name, created.record.token_prefix
            ),
        )
        .await?;
        Ok(CreatedApiToken {
            token: created.token.expose().to_owned(),
            api_token: created.record.into(),
        })
    }

    /// Revokes one of your tokens, or (admin) anyone's.
    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> Result<ApiToken> {
        let me = caller(ctx)?;
        let token_id = int_id(&id, "id")?;
        let db = &state(ctx).core.db;
        let token = api_token::Entity::find_by_id(token_id)
            .one(db)
            .await
            .gql()?
            .ok_or_else(|| coded(format!("API token {token_id} not found"), "NOT_FOUND"))?;
        if token.user_id != me.id {
            require(ctx, Role::Admin)?;
        }
        let revoked = auth::revoke_token(db, token_id).await.gql()?;
        state(ctx).tokens.clear();
        record(
            ctx,
            me,
            "api_token.revoke",
            "api_token",
            Some(token_id.to_string()),
            None,
            format!("revoked token {}…", revoked.token_prefix),
        )
        .await?;
        Ok(revoked.into())
    }

    /// Creates a user (admin).
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
        role: enums::Role,
    ) -> Result<User> {
        let me = require(ctx, Role::Admin)?;
        let user = auth::create_user(&state(ctx).core.db, &username, &password, role.into())
            .await
            .gql()?;
        record(
            ctx,
            me,
            "user.create",
            "user",
            Some(user.id.to_string()),
            None,
            format!("created user {} ({})", user.username, user.role),
        )
        .await?;
        Ok(User(user))
    }

    /// Changes a user's role (admin).
    async fn update_user_role(&self, ctx: &Context<'_>, id: ID, role: enums::Role) -> Result<User> {
        let me = require(ctx, Role::Admin)?;
        let user_id = int_id(&id, "id")?;
        let (before, user) = auth::update_user(
            &state(ctx).core.db,
            user_id,
            auth::UserChange {
                active: None,
                role: Some(role.into()),
            },
        )
        .await
        .gql()?;
        state(ctx).tokens.clear();
        record(
            ctx,
            me,
            "user.update_role",
            "user",
            Some(user.id.to_string()),
            None,
            format!("{}: role {} → {}", user.username, before.role, user.role),
        )
        .await?;
        Ok(User(user))
    }

    /// Adds a Git repository (admin). Credentials are write-only.
    async fn create_git_repository(
        &self,
        ctx: &Context<'_>,
        input: CreateGitRepositoryInput,
    ) -> Result<GitRepository> {
        let me = require(ctx, Role::Admin)?;
        let (auth, credentials) = match input.credentials {
            Some(c) => {
                let (auth, text) = c.into_parts()?;
                (auth, Some(text))
            }
            None => (hnp_entity::enums::AuthType::None, None),
        };
        let repo = repositories::create_repository(
            &state(ctx).core,
            RepositoryInput {
                name: input.name,
                url: input.url,
                provider: input.provider.map(Into::into),
                auth,
                credentials: credentials.map(Into::into),
                default_branch: input.default_branch,
                write_mode: input.write_mode.map(Into::into),
                commit_author: input.commit_author,
                ssh_host_keys: input.ssh_host_keys,
                webhook_secret: input.webhook_secret.map(Into::into),
                github_api_url: input.github_api_url,
            },
            &actor_of(me),
        )
        .await
        .gql()?;
        Ok(GitRepository(repo))
    }

    /// Changes a Git repository (admin).
    async fn update_git_repository(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateGitRepositoryInput,
    ) -> Result<GitRepository> {
        let me = require(ctx, Role::Admin)?;
        let (auth, credentials) = match input.credentials {
            Some(c) => {
                let (auth, text) = c.into_parts()?;
                (Some(auth), Some(text.into()))
            }
            None => (None, None),
        };
        let webhook_secret = if input.clear_webhook_secret {
            Some(None)
        } else {
            input.webhook_secret.map(|s| Some(s.into()))
        };
        let repo = repositories::update_repository(
            &state(ctx).core,
            int_id(&id, "id")?,
            RepositoryUpdate {
                name: input.name,
                auth,
                credentials,
                clear_credentials: input.clear_credentials,
                default_branch: input.default_branch,
                write_mode: input.write_mode.map(Into::into),
                commit_author: input.commit_author,
                ssh_host_keys: input.ssh_host_keys,
                webhook_secret,
                github_api_url: if input.clear_github_api_url {
                    Some(None)
                } else {
                    input.github_api_url.map(Some)
                },
            },
            &actor_of(me),
        )
        .await
        .gql()?;
        Ok(GitRepository(repo))
    }

    /// Deletes a Git repository (admin); refused while fabrics use it.
    async fn delete_git_repository(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let me = require(ctx, Role::Admin)?;
        repositories::delete_repository(&state(ctx).core, int_id(&id, "id")?, &actor_of(me))
            .await
            .gql()?;
        Ok(true)
    }

    /// Contacts the remote with the stored credentials (operator). `branch`: the branch to
    /// look for and, on GitHub, whose protection to report (default: the remote's default
    /// branch).
    async fn test_git_repository_connection(
        &self,
        ctx: &Context<'_>,
        id: ID,
        branch: Option<String>,
    ) -> Result<ConnectionTest> {
        let me = require(ctx, Role::Operator)?;
        let repo_id = int_id(&id, "id")?;
        let core = &state(ctx).core;
        let repo = git_repository::Entity::find_by_id(repo_id)
            .one(&core.db)
            .await
            .gql()?
            .ok_or_else(|| coded(format!("repository {repo_id} not found"), "NOT_FOUND"))?;
        let report = repositories::test_connection(core, &repo, branch.as_deref())
            .await
            .gql()?;
        record(
            ctx,
            me,
            "git_repository.test_connection",
            "git_repository",
            Some(repo_id.to_string()),
            None,
            format!(
                "connection test of {}: {}",
                repo.url,
                if report.ok { "ok" } else { "failed" }
            ),
        )
        .await?;
        let repo = git_repository::Entity::find_by_id(repo_id)
            .one(&core.db)
            .await
            .gql()?
            .unwrap_or(repo);
        Ok(ConnectionTest {
            ok: report.ok,
            url: report.url,
            default_branch: report.default_branch,
            branches: report.branches,
            error_kind: report.error_kind,
            error: report.error,
            repository: GitRepository(repo),
            github: report.github.map(|g| GithubConnection {
                api_url: g.api_url,
                full_name: g.full_name,
                default_branch: g.default_branch,
                permissions: g.permissions,
                can_push: g.can_push,
                branch_protected: g.branch_protected,
                error_kind: g.error_kind,
                error: g.error,
            }),
        })
    }

    /// Creates a fabric (admin).
    async fn create_fabric(&self, ctx: &Context<'_>, input: CreateFabricInput) -> Result<Fabric> {
        let me = require(ctx, Role::Admin)?;
        let repository = input
            .git_repository_id
            .map(|id| int_id(&id, "gitRepositoryId"))
            .transpose()?;
        let fabric = repositories::create_fabric_for(
            &state(ctx).core,
            FabricInput {
                name: input.name,
                git_repository_id: repository,
                directory: input.gitops_directory,
                branch: input.branch,
                description: input.description,
                sync_interval_seconds: input.sync_interval_seconds,
            },
            &actor_of(me),
        )
        .await
        .gql()?;
        Ok(Fabric(fabric))
    }

    /// Changes a fabric (admin).
    async fn update_fabric(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateFabricInput,
    ) -> Result<Fabric> {
        let me = require(ctx, Role::Admin)?;
        let cluster_input = cluster_input(&input)?;
        let git_repository_id = if input.detach_repository {
            Some(None)
        } else {
            input
                .git_repository_id
                .map(|id| int_id(&id, "gitRepositoryId").map(Some))
                .transpose()?
        };
        let fabric = repositories::update_fabric(
            &state(ctx).core,
            int_id(&id, "id")?,
            FabricUpdate {
                name: input.name,
                description: input.description.map(Some),
                git_repository_id,
                directory: input.gitops_directory,
                branch: input.branch.map(Some),
                sync_interval_seconds: input.sync_interval_seconds,
            },
            &actor_of(me),
        )
        .await
        .gql()?;
        let core = &state(ctx).core;
        let fabric = match cluster_input {
            ClusterChange::Keep => fabric,
            ClusterChange::Clear => hnp_core::cluster::clear_cluster(core, &fabric, &actor_of(me))
                .await
                .gql()?,
            ClusterChange::Set(input) => {
                hnp_core::cluster::set_cluster(core, &fabric, input, &actor_of(me))
                    .await
                    .gql()?
                    .0
            }
        };
        Ok(Fabric(fabric))
    }

    /// Contacts the fabric's cluster: server version and installed Hedgehog CRDs (operator).
    async fn test_fabric_cluster_connection(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
    ) -> Result<ClusterConnectionTest> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let report = hnp_core::cluster::test_connection(&state(ctx).core, &fabric)
            .await
            .gql()?;
        record(
            ctx,
            me,
            "fabric.test_cluster",
            "fabric",
            Some(fabric.id.to_string()),
            Some(fabric.id),
            format!(
                "cluster connection test of {}: {}",
                fabric.name,
                if report.ok { "ok" } else { "failed" }
            ),
        )
        .await?;
        Ok(ClusterConnectionTest {
            ok: report.ok,
            server: report.server,
            namespace: report.namespace,
            server_version: report.server_version,
            kinds: report
                .kinds
                .into_iter()
                .map(|k| KindAvailability {
                    kind: k.kind,
                    api_version: k.api_version,
                    installed: k.installed,
                })
                .collect(),
            warnings: report.warnings,
            error: report.error,
            fabric: Fabric(fabric),
        })
    }

    /// Deletes a fabric and its resources, operations and conflicts (admin).
    async fn delete_fabric(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let me = require(ctx, Role::Admin)?;
        repositories::delete_fabric(&state(ctx).core, int_id(&id, "id")?, &actor_of(me))
            .await
            .gql()?;
        Ok(true)
    }

    /// Creates the managed directory layout in one commit (operator); runs in the background.
    async fn initialize_directories(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
    ) -> Result<SyncOperation> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let op = trigger(
            state(ctx),
            &fabric,
            Run::DirectoryInit,
            false,
            requester_of(me),
        )
        .await
        .gql()?;
        record(
            ctx,
            me,
            "sync.trigger",
            "sync_operation",
            Some(op.id.clone()),
            Some(fabric.id),
            format!("queued directory_init of {}", fabric.name),
        )
        .await?;
        Ok(SyncOperation(op))
    }

    /// Queues a sync of a fabric (operator). A sync of the same direction still queued is
    /// returned instead of queueing another.
    async fn trigger_sync(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        direction: enums::TriggerDirection,
        #[graphql(default)] dry_run: bool,
    ) -> Result<SyncOperation> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let run = match direction {
            enums::TriggerDirection::GitToGui => Run::GitToGui,
            enums::TriggerDirection::GuiToGit => Run::GuiToGit,
            enums::TriggerDirection::Bidirectional => Run::Bidirectional,
            enums::TriggerDirection::ClusterRead => Run::ClusterRead,
        };
        let op = trigger(state(ctx), &fabric, run, dry_run, requester_of(me))
            .await
            .gql()?;
        record(
            ctx,
            me,
            "sync.trigger",
            "sync_operation",
            Some(op.id.clone()),
            Some(fabric.id),
            format!(
                "queued {}{} of {}",
                op.direction,
                if dry_run { " (dry run)" } else { "" },
                fabric.name
            ),
        )
        .await?;
        Ok(SyncOperation(op))
    }

    /// Cancels a queued operation (operator).
    async fn cancel_sync_operation(&self, ctx: &Context<'_>, id: ID) -> Result<SyncOperation> {
        let me = require(ctx, Role::Operator)?;
        let op = hnp_core::operations::cancel(&state(ctx).core.db, id.as_str())
            .await
            .gql()?;
        record(
            ctx,
            me,
            "sync.cancel",
            "sync_operation",
            Some(op.id.clone()),
            Some(op.fabric_id),
            format!("cancelled {} operation {}", op.direction, op.id),
        )
        .await?;
        state(ctx).event(
            op.fabric_id,
            crate::state::FabricEventKind::OperationFinished,
            Some(&op.id),
            Some("cancelled".into()),
        );
        Ok(SyncOperation(op))
    }

    /// Creates a draft (a new resource when it does not exist) (operator).
    async fn create_resource_draft(
        &self,
        ctx: &Context<'_>,
        fabric_id: ID,
        kind: String,
        name: String,
        #[graphql(default_with = "String::from(\"default\")")] namespace: String,
        spec: Json<Value>,
    ) -> Result<DraftPayload> {
        let me = require(ctx, Role::Operator)?;
        let fabric = load_fabric(ctx, &fabric_id).await?;
        let key = ResourceKey {
            kind,
            namespace,
            name,
        };
        let saved = drafts::set(&state(ctx).core, &fabric, &key, spec.0, &actor_of(me))
            .await
            .gql()?;
        state(ctx).event(
            fabric.id,
            crate::state::FabricEventKind::DraftChanged,
            None,
            Some(key.to_string()),
        );
        draft_payload(ctx, saved).await
    }

    /// Replaces the draft spec of a resource (operator).
    async fn update_resource_draft(
        &self,
        ctx: &Context<'_>,
        resource_id: ID,
        spec: Json<Value>,
    ) -> Result<DraftPayload> {
        let me = require(ctx, Role::Operator)?;
        let (row, fabric) = load_resource(ctx, &resource_id).await?;
        let key = key_of(&row);
        let saved = drafts::set(&state(ctx).core, &fabric, &key, spec.0, &actor_of(me))
            .await
            .gql()?;
        state(ctx).event(
            fabric.id,
            crate::state::FabricEventKind::DraftChanged,
            None,
            Some(key.to_string()),
        );
        draft_payload(ctx, saved).await
    }

    /// Marks a resource for deletion (operator).
    async fn delete_resource_draft(
        &self,
        ctx: &Context<'_>,
        resource_id: ID,
    ) -> Result<DraftPayload> {
        let me = require(ctx, Role::Operator)?;
        let (row, fabric) = load_resource(ctx, &resource_id).await?;
        let key = key_of(&row);
        let saved = drafts::delete(&state(ctx).core, &fabric, &key, &actor_of(me))
            .await
            .gql()?;
        state(ctx).event(
            fabric.id,
            crate::state::FabricEventKind::DraftChanged,
            None,
            Some(key.to_string()),
        );
        draft_payload(ctx, saved).await
    }

    /// Drops a resource's draft; an open conflict on it is resolved as GIT_WINS (operator).
    async fn discard_draft(&self, ctx: &Context<'_>, resource_id: ID) -> Result<Option<Resource>> {
        let me = require(ctx, Role::Operator)?;
        let (row, fabric) = load_resource(ctx, &resource_id).await?;
        let key = key_of(&row);
        drafts::discard(&state(ctx).core, &fabric, &key, &actor_of(me))
            .await
            .gql()?;
        state(ctx).event(
            fabric.id,
            crate::state::FabricEventKind::DraftChanged,
            None,
            Some(key.to_string()),
        );
        Ok(resource::Entity::find_by_id(row.id)
            .one(&state(ctx).core.db)
            .await
            .gql()?
            .map(Resource))
    }

    /// Resolves an open conflict (operator). MERGE takes `mergedSpec` (validated).
    async fn resolve_conflict(
        &self,
        ctx: &Context<'_>,
        conflict_id: ID,
        strategy: enums::Resolution,
        merged_spec: Option<Json<Value>>,
    ) -> Result<Conflict> {
        let me = require(ctx, Role::Operator)?;
        let id = int_id(&conflict_id, "conflictId")?;
        let resolved = conflicts::resolve(
            &state(ctx).core,
            id,
            strategy.into(),
            merged_spec.map(|j| j.0),
            &actor_of(me),
        )
        .await
        .gql()?;
        state(ctx).event(
            resolved.fabric_id,
            crate::state::FabricEventKind::ConflictResolved,
            None,
            None,
        );
        Ok(Conflict::from(resolved))
    }

    /// Sets a flag globally, or as a fabric override (admin).
    async fn set_feature_flag(
        &self,
        ctx: &Context<'_>,
        key: enums::FeatureFlagKey,
        enabled: bool,
        fabric_id: Option<ID>,
        reason: Option<String>,
    ) -> Result<FeatureFlag> {
        let me = require(ctx, Role::Admin)?;
        let fabric_id = match fabric_id {
            Some(id) => Some(load_fabric(ctx, &id).await?.id),
            None => None,
        };
        let s = state(ctx);
        flags::set(
            &s.core.db,
            key.into(),
            fabric_id,
            enabled,
            reason,
            &actor_of(me),
        )
        .await
        .gql()?;
        if let Some(id) = fabric_id {
            s.event(id, crate::state::FabricEventKind::FlagChanged, None, None);
        }
        let values = flags::effective(&s.core.db, &s.core.config, fabric_id)
            .await
            .gql()?;
        let flag: hnp_core::flags::Flag = key.into();
        values
            .into_iter()
            .find(|v| v.name == flag.name())
            .map(FeatureFlag::from_effective)
            .ok_or_else(|| coded("flag not found", "INTERNAL"))
    }
}

/// What `updateFabric` does to the cluster connection.
enum ClusterChange {
    Keep,
    Clear,
    Set(hnp_core::cluster::ClusterInput),
}

fn cluster_input(input: &UpdateFabricInput) -> Result<ClusterChange> {
    let given = [
        input.kubernetes.is_some(),
        input.kubeconfig.is_some(),
        input.clear_cluster,
    ]
    .iter()
    .filter(|g| **g)
    .count();
    if given > 1 {
        return Err(coded(
            "kubernetes: give one of kubernetes, kubeconfig or clearCluster",
            "VALIDATION_FAILED",
        ));
    }
    if (input.kubeconfig_context.is_some() || input.kubeconfig_namespace.is_some())
        && input.kubeconfig.is_none()
    {
        return Err(coded(
            "kubeconfigContext: only with kubeconfig",
            "VALIDATION_FAILED",
        ));
    }
    Ok(if let Some(k) = &input.kubernetes {
        ClusterChange::Set(hnp_core::cluster::ClusterInput::Server {
            api_server: k.api_server.clone(),
            ca_cert: k.ca_cert.clone(),
            token: k.token.clone(),
            namespace: k.namespace.clone(),
            insecure_skip_tls_verify: k.insecure_skip_tls_verify,
        })
    } else if let Some(content) = &input.kubeconfig {
        ClusterChange::Set(hnp_core::cluster::ClusterInput::Kubeconfig {
            content: content.clone(),
            context: input.kubeconfig_context.clone(),
            namespace: input.kubeconfig_namespace.clone(),
        })
    } else if input.clear_cluster {
        ClusterChange::Clear
    } else {
        ClusterChange::Keep
    })
}
