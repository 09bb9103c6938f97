//! Repository metadata, the token's permissions and branch protection: the GitHub part of the
//! connection test, and the push-permission check of pull-request write-back.

use hnp_entity::git_repository;
use serde::Serialize;
use serde_json::Value;

use super::{Client, RateLimit, api_url, encode_path};
use crate::context::Core;
use crate::error::{Error, Result};

/// What the connection test learns from the GitHub API.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GithubCheck {
    pub api_url: String,
    pub full_name: Option<String>,
    pub default_branch: Option<String>,
    /// The token's permissions on the repository (`admin`, `maintain`, `push`, `triage`,
    /// `pull`), as GitHub reports them.
    pub permissions: Vec<String>,
    pub can_push: Option<bool>,
    /// Whether the fabric's branch is protected; `None` when the token may not read branch
    /// protection (it needs admin permission).
    pub branch_protected: Option<bool>,
    pub rate_limit: Option<RateLimit>,
    /// `auth`, `permission`, `not_found`, `rate_limited`, `network` or `other`.
    pub error_kind: Option<String>,
    pub error: Option<String>,
}

/// Repository metadata, token permissions and branch protection through the REST API. A
/// token without push permission is an error (`permission`): write-back needs it.
pub async fn check(core: &Core, repo: &git_repository::Model, branch: Option<&str>) -> GithubCheck {
    let mut out = GithubCheck {
        api_url: api_url(repo).unwrap_or_default(),
        ..Default::default()
    };
    let client = match Client::for_repository(core, repo) {
        Ok(client) => client,
        Err(e) => {
            out.error_kind = Some("other".into());
            out.error = Some(e.to_string());
            return out;
        }
    };
    let result = check_with(&client, branch, &mut out).await;
    out.rate_limit = client.rate_limit();
    if let Err(e) = result {
        out.error_kind = Some(
            match &e {
                Error::RateLimited { .. } => "rate_limited",
                Error::GitHub {
                    status: Some(401), ..
                } => "auth",
                Error::GitHub {
                    status: Some(403), ..
                } => "permission",
                Error::GitHub {
                    status: Some(404), ..
                } => "not_found",
                Error::GitHub { status: None, .. } => "network",
                _ => "other",
            }
            .to_owned(),
        );
        out.error = Some(e.to_string());
    }
    out
}

async fn check_with(client: &Client, branch: Option<&str>, out: &mut GithubCheck) -> Result<()> {
    let info = repository_info(client).await?;
    out.full_name = Some(info.full_name.clone());
    out.default_branch = info.default_branch.clone();
    out.permissions = info.permissions.clone();
    out.can_push = Some(info.can_push());
    if let Some(branch) = branch {
        out.branch_protected = branch_protected(client, branch).await?;
    }
    info.require_push(client)
}

/// `GET /repos/{owner}/{repo}`: what we use of it.
#[derive(Debug, Clone)]
pub struct RepositoryInfo {
    pub full_name: String,
    pub default_branch: Option<String>,
    /// Granted permissions (those that are `true`).
    pub permissions: Vec<String>,
}

impl RepositoryInfo {
    pub fn can_push(&self) -> bool {
        self.permissions
            .iter()
            .any(|p| matches!(p.as_str(), "push" | "maintain" | "admin"))
    }

    /// Fails with a clear message naming the missing `push` permission.
    pub fn require_push(&self, client: &Client) -> Result<()> {
        if self.can_push() {
            return Ok(());
        }
        let granted = if self.permissions.is_empty() {
            "none reported".to_owned()
        } else {
            self.permissions.join(", ")
        };
        let hint = if client.authenticated {
            "grant the token write access (fine-grained token: Contents read/write and Pull requests read/write; classic token: repo scope)"
        } else {
            "store a GitHub token for this repository (auth token)"
        };
        Err(Error::GitHub {
            status: Some(403),
            message: format!(
                "the token lacks the push permission on {} (granted: {granted}); write-back needs push: {hint}",
                self.full_name
            ),
        })
    }
}

/// Repository metadata and the token's permissions.
pub async fn repository_info(client: &Client) -> Result<RepositoryInfo> {
    let response = client
        .request(http::Method::GET, &client.repo_route(""), None)
        .await?;
    if response.status != 200 {
        return Err(client.error(&format!("reading repository {}", client.path), &response));
    }
    let body = &response.body;
    let permissions = body
        .get("permissions")
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .filter(|(_, v)| v.as_bool() == Some(true))
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default();
    Ok(RepositoryInfo {
        full_name: body
            .get("full_name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| client.path.to_string()),
        default_branch: body
            .get("default_branch")
            .and_then(Value::as_str)
            .map(str::to_owned),
        permissions,
    })
}

/// Whether `branch` is protected (`GET …/branches/{branch}/protection`: 200 yes, 404 "Branch
/// not protected" no); `None` when the token may not read it.
pub async fn branch_protected(client: &Client, branch: &str) -> Result<Option<bool>> {
    let response = client
        .request(
            http::Method::GET,
            &client.repo_route(&format!("/branches/{}/protection", encode_path(branch))),
            None,
        )
        .await?;
    Ok(match response.status {
        200 => Some(true),
        404 if response
            .message()
            .to_ascii_lowercase()
            .contains("not protected") =>
        {
            Some(false)
        }
        _ => None,
    })
}
