//! The REST client: octocrab's raw requests, with every response's rate-limit headers
//! recorded and honoured (see [`super::rate`]).

use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;
use hnp_entity::enums::Provider;
use hnp_entity::git_repository;
use octocrab::Octocrab;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::Value;

use super::{
    RateLimit, RepoPath, SECONDARY_RETRIES, api_url, rate, repository_path, stored_rate_limit,
};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::git::GitAuth;
use crate::repositories;

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
