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

mod client;
pub mod pulls;
pub mod rate;
mod repository;

use hnp_entity::git_repository;
use serde::Serialize;

use crate::error::{Error, Result};
pub use client::{Client, Response};
pub use rate::RateLimit;
pub use repository::{GithubCheck, RepositoryInfo, branch_protected, check, repository_info};

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
