//! Git repositories and fabrics (admin; connection tests: operator).

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use hnp_core::queries;
use hnp_core::repositories::{self, FabricInput, FabricUpdate, RepositoryInput, RepositoryUpdate};
use hnp_entity::enums::Role;

use super::super::types::{Fabric, GitRepository};
use super::super::{CoreResult, coded, enums, int_id, require, state};
use super::{actor_of, load_fabric};

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
    /// `https://host:6443` (plain `http://` is accepted with a warning). Required unless
    /// `inCluster`.
    pub api_server: Option<String>,
    /// PEM of the CA that signs the API server's certificate.
    pub ca_cert: Option<String>,
    /// Bearer token; write-only. Omitted: keep the stored one.
    pub token: Option<String>,
    /// Default `default`.
    pub namespace: Option<String>,
    #[graphql(default)]
    pub insecure_skip_tls_verify: bool,
    /// Read the cluster with the service account of the pod HNP runs in (HNP deployed in the
    /// fabric's cluster, `docker/kubernetes/`): no API server, CA or token is given or stored.
    /// `namespace` defaults to the pod's namespace.
    #[graphql(default)]
    pub in_cluster: bool,
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

#[derive(Default)]
pub struct RepositoryMutation;

#[Object]
impl RepositoryMutation {
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
        let repo = queries::repositories::get(&core.db, repo_id).await.gql()?;
        let report = repositories::test_connection(core, &repo, branch.as_deref(), &actor_of(me))
            .await
            .gql()?;
        let repo = queries::repositories::by_id(&core.db, repo_id)
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
        let report = hnp_core::cluster::test_connection(&state(ctx).core, &fabric, &actor_of(me))
            .await
            .gql()?;
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
        if k.in_cluster {
            for (given, field) in [
                (k.api_server.is_some(), "kubernetes.apiServer"),
                (k.ca_cert.is_some(), "kubernetes.caCert"),
                (k.token.is_some(), "kubernetes.token"),
                (
                    k.insecure_skip_tls_verify,
                    "kubernetes.insecureSkipTlsVerify",
                ),
            ] {
                if given {
                    return Err(coded(
                        format!("{field}: not with inCluster (the pod's service account is used)"),
                        "VALIDATION_FAILED",
                    ));
                }
            }
            return Ok(ClusterChange::Set(
                hnp_core::cluster::ClusterInput::InCluster {
                    namespace: k.namespace.clone(),
                },
            ));
        }
        let Some(api_server) = k.api_server.clone() else {
            return Err(coded(
                "kubernetes.apiServer: required unless inCluster",
                "VALIDATION_FAILED",
            ));
        };
        ClusterChange::Set(hnp_core::cluster::ClusterInput::Server {
            api_server,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn kubernetes(
        api_server: Option<&str>,
        token: Option<&str>,
        in_cluster: bool,
    ) -> KubernetesInput {
        KubernetesInput {
            api_server: api_server.map(str::to_owned),
            ca_cert: None,
            token: token.map(str::to_owned),
            namespace: Some("fab".into()),
            insecure_skip_tls_verify: false,
            in_cluster,
        }
    }

    fn change(k: KubernetesInput) -> Result<ClusterChange> {
        cluster_input(&UpdateFabricInput {
            kubernetes: Some(k),
            ..Default::default()
        })
    }

    #[test]
    fn in_cluster_takes_no_server_or_token_and_errors_name_the_field() {
        match change(kubernetes(None, None, true)) {
            Ok(ClusterChange::Set(hnp_core::cluster::ClusterInput::InCluster { namespace })) => {
                assert_eq!(namespace.as_deref(), Some("fab"));
            }
            _ => panic!("inCluster alone is an in-cluster connection"),
        }
        let err = change(kubernetes(Some("https://k:6443"), None, true))
            .err()
            .unwrap();
        assert!(
            err.message.starts_with("kubernetes.apiServer:"),
            "{}",
            err.message
        );
        let err = change(kubernetes(None, Some("t"), true)).err().unwrap();
        assert!(
            err.message.starts_with("kubernetes.token:"),
            "{}",
            err.message
        );
        let err = change(kubernetes(None, Some("t"), false)).err().unwrap();
        assert_eq!(
            err.message,
            "kubernetes.apiServer: required unless inCluster"
        );
        assert!(matches!(
            change(kubernetes(Some("https://k:6443"), Some("t"), false)),
            Ok(ClusterChange::Set(
                hnp_core::cluster::ClusterInput::Server { .. }
            ))
        ));
    }
}
