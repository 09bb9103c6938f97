//! GitHub REST API for repositories with `provider: github` (GitHub.com or GitHub Enterprise),
//! through octocrab's raw requests so that every response's headers are read.
//!
//! - API base: `https://api.github.com` for `github.com`, else `<scheme>://<host>/api/v3` of the
//!   repository URL; a repository's `github_api_url` overrides it ([`api_url`]).
//! - Owner and repository name come from the URL path `/<owner>/<repo>(.git)`
//!   ([`repository_path`]).
//! - The token is the repository's stored credential (token auth, or the password of basic
//!   auth); it is sent only to the API base and never appears in errors or logs.
//! - Rate limits ([`rate`]): every response's `x-ratelimit-*` headers are recorded on the
//!   repository (`github_rate_limit`, read by metrics and GraphQL); a request waits for the
//!   reset when the budget is nearly spent, and a secondary rate limit is retried after the
//!   advised delay; waits longer than the client's bound fail with [`Error::RateLimited`].
//!
//! [`pulls`] holds the pull-request calls of pull-request write-back mode; [`check`] the
//! repository/permission/protection part of the connection test.

pub mod pulls;
pub mod rate;

use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;
use hnp_entity::enums::Provider;
use hnp_entity::git_repository;
use octocrab::Octocrab;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::Value;

use crate::context::Core;
use crate::error::{Error, Result};
use crate::git::GitAuth;
use crate::repositories;
pub use rate::RateLimit;

/// API base of github.com.
pub const GITHUB_COM_API: &str = "https://api.github.com";

/// Secondary-rate-limit retries of one request before giving up with `RateLimited`.
pub const SECONDARY_RETRIES: u32 = 2;

/// `owner/name` of a GitHub repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepoPath {
    pub owner: String,
    pub name: String,
}

impl std::fmt::Display for RepoPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// Splits a repository URL into scheme (if any), host (with port for http(s), without user)
/// and path.
fn url_parts(url: &str) -> (Option<&str>, Option<&str>, &str) {
    let url = url.trim();
    if let Some((scheme, rest)) = url.split_once("://") {
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority.rsplit('@').next().unwrap_or(authority);
        let host = if host.starts_with('[') || scheme.starts_with("http") {
            host
        } else {
            host.split(':').next().unwrap_or(host)
        };
        (Some(scheme), Some(host), path)
    } else if let Some((authority, path)) = url.split_once(':') {
        // scp-like `git@host:owner/repo.git`
        let host = authority.rsplit('@').next().unwrap_or(authority);
        (None, Some(host), path)
    } else {
        (None, None, url)
    }
}

fn valid_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Owner and repository name from `/<owner>/<repo>(.git)`. A `file://` URL (a local mirror,
/// as in tests) uses its last two path segments.
pub fn repository_path(url: &str) -> Result<RepoPath> {
    let (scheme, _, path) = url_parts(url);
    let path = path.trim_matches('/');
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let pair = if scheme == Some("file") {
        segments.len().checked_sub(2).map(|i| &segments[i..])
    } else if segments.len() == 2 {
        Some(&segments[..])
    } else {
        None
    };
    let bad = || {
        Error::validation(
            "url",
            format!(
                "{url:?} is not a GitHub repository URL: expected https://<host>/<owner>/<repo>(.git) \
                 or git@<host>:<owner>/<repo>.git"
            ),
        )
    };
    let pair = pair.ok_or_else(bad)?;
    let owner = pair[0];
    let name = pair[1].strip_suffix(".git").unwrap_or(pair[1]);
    if !valid_segment(owner) || !valid_segment(name) {
        return Err(bad());
    }
    Ok(RepoPath {
        owner: owner.to_owned(),
        name: name.to_owned(),
    })
}

/// The API base derived from a repository URL: `https://api.github.com` for github.com, else
/// `<scheme>://<host>/api/v3` (https for ssh URLs).
pub fn default_api_url(url: &str) -> Result<String> {
    let (scheme, host, _) = url_parts(url);
    let host = host.filter(|h| !h.is_empty()).ok_or_else(|| {
        Error::validation(
            "github_api_url",
            format!("cannot derive a GitHub API URL from {url:?}; set github_api_url"),
        )
    })?;
    let bare_host = host.split(':').next().unwrap_or(host);
    if bare_host.eq_ignore_ascii_case("github.com")
        || bare_host.eq_ignore_ascii_case("www.github.com")
    {
        return Ok(GITHUB_COM_API.to_owned());
    }
    let scheme = match scheme {
        Some("http") => "http",
        Some("https") | Some("ssh") | None => "https",
        Some(other) => {
            return Err(Error::validation(
                "github_api_url",
                format!("cannot derive a GitHub API URL from a {other}:// URL; set github_api_url"),
            ));
        }
    };
    Ok(format!("{scheme}://{host}/api/v3"))
}

/// Checks an API base given by a user: http(s), a host, no credentials, query or fragment.
/// Returns it without a trailing `/`.
pub fn validate_api_url(text: &str) -> Result<String> {
    let text = text.trim().trim_end_matches('/');
    let bad = |why: &str| Error::validation("github_api_url", format!("{text:?}: {why}"));
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or_else(|| bad("expected an http:// or https:// URL"))?;
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() {
        return Err(bad("has no host"));
    }
    if authority.contains('@') {
        // Not echoed: it holds credentials.
        return Err(Error::validation(
            "github_api_url",
            "must not contain credentials",
        ));
    }
    if text.contains(['?', '#', ' ']) {
        return Err(bad("must not contain a query, fragment or spaces"));
    }
    if text.parse::<http::Uri>().is_err() {
        return Err(bad("is not a valid URL"));
    }
    Ok(text.to_owned())
}

/// The API base of a repository: its override, else derived from its URL.
pub fn api_url(repo: &git_repository::Model) -> Result<String> {
    match repo.github_api_url.as_deref().filter(|u| !u.is_empty()) {
        Some(url) => validate_api_url(url),
        None => default_api_url(&repo.url),
    }
}

/// The last rate-limit snapshot stored on a repository.
pub fn stored_rate_limit(repo: &git_repository::Model) -> Option<RateLimit> {
    repo.github_rate_limit
        .as_ref()
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// One API response: status and JSON body (`Null` when empty).
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: Value,
}

impl Response {
    /// GitHub's `message` of an error body.
    pub fn message(&self) -> String {
        self.body
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    }
}

/// A GitHub REST client for one repository.
pub struct Client {
    octo: Octocrab,
    pub api_url: String,
    pub path: RepoPath,
    pub authenticated: bool,
    repo_id: i32,
    db: DatabaseConnection,
    limit: Mutex<Option<RateLimit>>,
    /// Longest a request may wait for a rate limit before failing with `RateLimited`.
    pub max_wait: Duration,
    /// Requests kept in reserve of the primary limit.
    pub reserve: u64,
}

impl Client {
    /// A client for `repo` (which must have `provider: github`) with its stored token.
    pub fn for_repository(core: &Core, repo: &git_repository::Model) -> Result<Client> {
        if repo.provider != Provider::Github {
            return Err(Error::validation(
                "provider",
                format!(
                    "repository {} has provider {}; GitHub features need provider github",
                    repo.url, repo.provider
                ),
            ));
        }
        let api_url = api_url(repo)?;
        let path = repository_path(&repo.url)?;
        let token = match repositories::remote_spec(core, repo)?.auth {
            GitAuth::Token { token } => Some(token),
            GitAuth::Basic { password, .. } if !password.is_empty() => Some(password),
            _ => None,
        };
        let mut builder = Octocrab::builder()
            .base_uri(api_url.as_str())
            .map_err(|_| {
                Error::validation("github_api_url", format!("{api_url:?} is not a valid URL"))
            })?
            .set_connect_timeout(Some(Duration::from_secs(15)))
            .set_read_timeout(Some(Duration::from_secs(60)));
        if let Some(token) = &token {
            // octocrab turns the token into a header value and panics on bytes a header cannot
            // hold: refuse those here (without echoing the token).
            if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(Error::validation(
                    "credentials",
                    "the stored token contains characters an HTTP header cannot carry",
                ));
            }
            builder = builder.personal_token(token.clone());
        }
        let octo = builder.build().map_err(|e| Error::GitHub {
            status: None,
            message: format!("cannot build the HTTP client: {e}"),
        })?;
        Ok(Client {
            octo,
            api_url,
            path,
            authenticated: token.is_some(),
            repo_id: repo.id,
            db: core.db.clone(),
            limit: Mutex::new(stored_rate_limit(repo)),
            max_wait: rate::DEFAULT_MAX_WAIT,
            reserve: rate::RESERVE,
        })
    }

    /// The latest rate-limit snapshot this client knows.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.limit.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// `/repos/<owner>/<name><rest>`.
    pub fn repo_route(&self, rest: &str) -> String {
        format!("/repos/{}/{}{rest}", self.path.owner, self.path.name)
    }

    async fn record(&self, limit: RateLimit) {
        *self.limit.lock().unwrap_or_else(|p| p.into_inner()) = Some(limit.clone());
        let value = serde_json::to_value(&limit).unwrap_or(Value::Null);
        let stored = git_repository::Entity::update_many()
            .col_expr(git_repository::Column::GithubRateLimit, Expr::value(value))
            .filter(git_repository::Column::Id.eq(self.repo_id))
            .exec(&self.db)
            .await;
        if let Err(e) = stored {
            tracing::warn!(error = %e, "cannot store the GitHub rate-limit snapshot");
        }
    }

    fn limited(&self, message: String, wait: Duration) -> Error {
        Error::RateLimited {
            message,
            retry_after_secs: wait.as_secs().max(1),
        }
    }

    /// Sends one request (`route` relative to the API base, e.g. `/repos/o/r`), honouring the
    /// rate limits. Error statuses are returned as responses; transport failures are errors.
    pub async fn request(
        &self,
        method: http::Method,
        route: &str,
        body: Option<&Value>,
    ) -> Result<Response> {
        let mut attempt = 0;
        loop {
            let wait = self
                .rate_limit()
                .map(|l| l.wait_before_next(self.reserve, Utc::now()))
                .unwrap_or_default();
            if !wait.is_zero() {
                if wait > self.max_wait {
                    return Err(self.limited(
                        format!(
                            "{} has {} request(s) left until the reset",
                            self.api_url,
                            self.rate_limit().map(|l| l.remaining).unwrap_or(0)
                        ),
                        wait,
                    ));
                }
                tracing::info!(api = %self.api_url, wait_ms = wait.as_millis() as u64, "GitHub rate limit nearly spent: waiting for the reset");
                tokio::time::sleep(wait).await;
            }
            let (status, headers, text) = self.send(method.clone(), route, body).await?;
            if let Some(limit) = RateLimit::from_headers(&headers) {
                self.record(limit).await;
            }
            let body = if text.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            };
            let response = Response { status, body };
            if let Some(delay) =
                rate::secondary_delay(status, &headers, &response.message(), Utc::now())
            {
                if attempt >= SECONDARY_RETRIES || delay > self.max_wait {
                    return Err(self.limited(
                        format!("{} answered {status}: {}", self.api_url, response.message()),
                        delay,
                    ));
                }
                attempt += 1;
                tracing::info!(api = %self.api_url, status, delay_ms = delay.as_millis() as u64, attempt, "GitHub secondary rate limit: retrying after the advised delay");
                tokio::time::sleep(delay).await;
                continue;
            }
            return Ok(response);
        }
    }

    async fn send(
        &self,
        method: http::Method,
        route: &str,
        body: Option<&Value>,
    ) -> Result<(u16, http::HeaderMap, String)> {
        let transport = |e: octocrab::Error| Error::GitHub {
            status: None,
            message: format!("{} unreachable: {}", self.api_url, transport_message(&e)),
        };
        let response = match method {
            http::Method::GET => self.octo._get(route).await,
            http::Method::POST => self.octo._post(route, body).await,
            http::Method::PATCH => self.octo._patch(route, body).await,
            other => {
                return Err(Error::GitHub {
                    status: None,
                    message: format!("unsupported method {other}"),
                });
            }
        }
        .map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = self
            .octo
            .body_to_string(response)
            .await
            .map_err(transport)?;
        Ok((status, headers, text))
    }

    /// Maps an error response to a clear [`Error::GitHub`] about `what`.
    pub fn error(&self, what: &str, response: &Response) -> Error {
        let detail = response.message();
        let message = match response.status {
            401 => format!(
                "{what}: the token was rejected by {} (401 {detail})",
                self.api_url
            ),
            403 => format!("{what}: forbidden for this token (403 {detail})"),
            404 => format!(
                "{what}: repository {} not found at {}, or the token cannot see it (404 {detail})",
                self.path, self.api_url
            ),
            status => format!("{what}: {status} {detail}"),
        };
        Error::GitHub {
            status: Some(response.status),
            message,
        }
    }
}

/// A transport error's text without anything request-specific beyond the cause chain.
fn transport_message(e: &octocrab::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

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

/// Percent-encodes what a path segment of a branch name must not carry raw (`/` stays: GitHub
/// accepts branch names with slashes in these routes).
pub fn encode_path(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_and_repo_from_urls() {
        let p = repository_path("https://github.com/githedgehog/fabric.git").unwrap();
        assert_eq!(
            (p.owner.as_str(), p.name.as_str()),
            ("githedgehog", "fabric")
        );
        let p = repository_path("git@ghe.example.com:team/net-config.git").unwrap();
        assert_eq!(p.to_string(), "team/net-config");
        let p = repository_path("ssh://git@ghe.example.com:2222/team/r").unwrap();
        assert_eq!(p.to_string(), "team/r");
        let p = repository_path("file:///srv/mirrors/team/r.git").unwrap();
        assert_eq!(p.to_string(), "team/r");
        for bad in [
            "https://github.com/only-owner",
            "https://github.com/a/b/c",
            "https://github.com/",
            "https://github.com/a/b%20c",
        ] {
            let e = repository_path(bad).unwrap_err();
            assert!(e.to_string().starts_with("url: "), "{bad}: {e}");
        }
    }

    #[test]
    fn api_base_defaults_and_overrides() {
        assert_eq!(
            default_api_url("https://github.com/o/r.git").unwrap(),
            GITHUB_COM_API
        );
        assert_eq!(
            default_api_url("git@github.com:o/r.git").unwrap(),
            GITHUB_COM_API
        );
        assert_eq!(
            default_api_url("https://ghe.example.com/o/r.git").unwrap(),
            "https://ghe.example.com/api/v3"
        );
        assert_eq!(
            default_api_url("http://127.0.0.1:8080/o/r.git").unwrap(),
            "http://127.0.0.1:8080/api/v3"
        );
        assert_eq!(
            default_api_url("ssh://git@ghe.example.com:2222/o/r.git").unwrap(),
            "https://ghe.example.com/api/v3"
        );
        let e = default_api_url("file:///srv/o/r.git").unwrap_err();
        assert!(e.to_string().starts_with("github_api_url: "), "{e}");
        assert_eq!(
            validate_api_url("https://ghe.example.com/api/v3/").unwrap(),
            "https://ghe.example.com/api/v3"
        );
        for bad in [
            "ftp://x",
            "https://",
            "https://u:p@host/api",
            "https://h/a?x=1",
        ] {
            let e = validate_api_url(bad).unwrap_err();
            assert!(e.to_string().starts_with("github_api_url: "), "{bad}: {e}");
            assert!(!e.to_string().contains("u:p@"), "{e}");
        }
    }

    #[test]
    fn branch_names_are_encoded_for_routes() {
        assert_eq!(encode_path("hnp/sync-1"), "hnp/sync-1");
        assert_eq!(encode_path("a b#c"), "a%20b%23c");
    }
}
