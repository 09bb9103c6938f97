//! GitHub webhooks, pure logic: signature check, payload parsing and repository URL matching.
//! No HTTP here; the `POST /webhooks/github` handler calls these with the raw body and the
//! `X-Hub-Signature-256` and `X-GitHub-Event` header values.
//!
//! Payload shapes follow GitHub's recorded examples (`fixtures/github-webhooks/`, from the npm
//! package `@octokit/webhooks-examples`, MIT).

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The prefix GitHub puts before the hex digest in `X-Hub-Signature-256`.
const SIGNATURE_PREFIX: &str = "sha256=";

/// The fields of a `repository` object that name the repository, in this order.
const REPOSITORY_URL_FIELDS: [&str; 5] = ["clone_url", "ssh_url", "git_url", "html_url", "svn_url"];

/// Checks an `X-Hub-Signature-256` header value (`sha256=` + hex HMAC-SHA256 of the raw body,
/// keyed with the webhook secret). The digest comparison is constant-time.
///
/// False for a missing header, another prefix (`sha1=`, none), non-hex or wrong-length digests,
/// and for an empty secret: a repository without a webhook secret accepts no webhooks.
pub fn verify_signature(secret: &[u8], body: &[u8], header: Option<&str>) -> bool {
    if secret.is_empty() {
        return false;
    }
    let Some(hex_digest) = header.and_then(|h| h.trim().strip_prefix(SIGNATURE_PREFIX)) else {
        return false;
    };
    let Ok(digest) = hex::decode(hex_digest) else {
        return false;
    };
    // HMAC takes keys of any length; this cannot fail.
    let Ok(mut mac) = HmacSha256::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    // `verify_slice` rejects a wrong length and compares in constant time (`subtle`).
    mac.verify_slice(&digest).is_ok()
}

/// A parsed webhook delivery: only what HNP Sync acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Sent once when the webhook is created.
    Ping { zen: Option<String> },
    Push {
        /// The repository's `clone_url`, `ssh_url`, `git_url`, `html_url`, `svn_url` (those present).
        repository_urls: Vec<String>,
        /// `X` from `ref: refs/heads/X`; `None` for tags and other refs.
        branch: Option<String>,
        /// The commit the ref points to after the push (all zeros when deleted).
        after: String,
        /// The push deleted the ref.
        deleted: bool,
    },
    PullRequest {
        action: String,
        number: u64,
        merged: bool,
        head_ref: String,
        base_ref: String,
        html_url: String,
        /// `owner/name` of the repository the pull request's head branch lives in (`None` when
        /// GitHub no longer knows it, e.g. a deleted fork).
        head_repository: Option<String>,
        /// `owner/name` of the payload's `repository` (the base).
        repository: Option<String>,
        /// URLs of the base repository (the payload's `repository`).
        repository_urls: Vec<String>,
    },
    /// Any other `X-GitHub-Event` (the header value); the body is not parsed.
    Other(String),
}

/// Parses a JSON webhook body for the given `X-GitHub-Event` header value. Errors name the
/// event and the missing or mistyped field (`push payload: missing string field `after``).
pub fn parse_event(event_header: &str, body: &[u8]) -> Result<Event, String> {
    let event = event_header.trim();
    match event {
        "ping" => {
            let payload = parse_json(event, body)?;
            let zen = opt_str(&payload, &["zen"]).map_err(|e| format!("{event} payload: {e}"))?;
            Ok(Event::Ping {
                zen: zen.map(str::to_owned),
            })
        }
        "push" => {
            parse_push(&parse_json(event, body)?).map_err(|e| format!("{event} payload: {e}"))
        }
        "pull_request" => parse_pull_request(&parse_json(event, body)?)
            .map_err(|e| format!("{event} payload: {e}")),
        "" => Err("missing X-GitHub-Event header".to_owned()),
        other => Ok(Event::Other(other.to_owned())),
    }
}

fn parse_json(event: &str, body: &[u8]) -> Result<Value, String> {
    if body.starts_with(b"payload=") {
        return Err(format!(
            "{event} payload is form-encoded; set the webhook content type to application/json"
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| format!("{event} payload is not valid JSON: {e}"))?;
    if !value.is_object() {
        return Err(format!("{event} payload is not a JSON object"));
    }
    Ok(value)
}

fn parse_push(payload: &Value) -> Result<Event, String> {
    let git_ref = req_str(payload, &["ref"])?;
    let after = req_str(payload, &["after"])?.to_owned();
    // GitHub always sends `deleted`; GitHub-compatible senders may not: then an all-zero `after`.
    let deleted = match opt_bool(payload, &["deleted"])? {
        Some(deleted) => deleted,
        None => !after.is_empty() && after.bytes().all(|b| b == b'0'),
    };
    Ok(Event::Push {
        repository_urls: repository_urls(payload)?,
        branch: git_ref.strip_prefix("refs/heads/").map(str::to_owned),
        after,
        deleted,
    })
}

fn parse_pull_request(payload: &Value) -> Result<Event, String> {
    let number = match payload.get("number") {
        Some(_) => req_u64(payload, &["number"])?,
        None => req_u64(payload, &["pull_request", "number"])?,
    };
    Ok(Event::PullRequest {
        action: req_str(payload, &["action"])?.to_owned(),
        number,
        // `merged` is false or null on open pull requests.
        merged: opt_bool(payload, &["pull_request", "merged"])?.unwrap_or(false),
        head_ref: req_str(payload, &["pull_request", "head", "ref"])?.to_owned(),
        base_ref: req_str(payload, &["pull_request", "base", "ref"])?.to_owned(),
        html_url: req_str(payload, &["pull_request", "html_url"])?.to_owned(),
        head_repository: payload
            .pointer("/pull_request/head/repo/full_name")
            .and_then(Value::as_str)
            .map(str::to_owned),
        repository: payload
            .pointer("/repository/full_name")
            .and_then(Value::as_str)
            .map(str::to_owned),
        repository_urls: repository_urls(payload)?,
    })
}

/// The URL fields of the payload's `repository`, in [`REPOSITORY_URL_FIELDS`] order, without
/// duplicates (`html_url` and `svn_url` are usually equal). At least one is required.
fn repository_urls(payload: &Value) -> Result<Vec<String>, String> {
    match payload.get("repository") {
        Some(Value::Object(_)) => {}
        Some(_) => return Err("field `repository` is not an object".to_owned()),
        None => return Err("missing object field `repository`".to_owned()),
    }
    let mut urls: Vec<String> = Vec::new();
    for field in REPOSITORY_URL_FIELDS {
        if let Some(url) = opt_str(payload, &["repository", field])?
            && !url.is_empty()
            && !urls.iter().any(|u| u == url)
        {
            urls.push(url.to_owned());
        }
    }
    if urls.is_empty() {
        return Err(format!(
            "`repository` has none of the fields {}",
            REPOSITORY_URL_FIELDS.map(|f| format!("`{f}`")).join(", ")
        ));
    }
    Ok(urls)
}

/// The value at `path`; `None` when absent or null.
fn lookup<'a>(payload: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter()
        .try_fold(payload, |value, key| value.get(key))
        .filter(|value| !value.is_null())
}

fn dotted(path: &[&str]) -> String {
    path.join(".")
}

fn opt_str<'a>(payload: &'a Value, path: &[&str]) -> Result<Option<&'a str>, String> {
    match lookup(payload, path) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("field `{}` is not a string", dotted(path))),
    }
}

fn req_str<'a>(payload: &'a Value, path: &[&str]) -> Result<&'a str, String> {
    opt_str(payload, path)?.ok_or_else(|| format!("missing string field `{}`", dotted(path)))
}

fn opt_bool(payload: &Value, path: &[&str]) -> Result<Option<bool>, String> {
    match lookup(payload, path) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(format!("field `{}` is not a boolean", dotted(path))),
    }
}

fn req_u64(payload: &Value, path: &[&str]) -> Result<u64, String> {
    match lookup(payload, path) {
        None => Err(format!("missing integer field `{}`", dotted(path))),
        Some(value) => value
            .as_u64()
            .ok_or_else(|| format!("field `{}` is not a non-negative integer", dotted(path))),
    }
}

/// A repository URL reduced to `host/path` so that the forms GitHub and users write compare
/// equal: `https://github.com/o/r(.git)(/)`, `git@github.com:o/r.git`,
/// `ssh://git@github.com(:22)/o/r.git`, `git://github.com/o/r.git` all give `github.com/o/r`.
///
/// Drops the scheme, user info, port, query and fragment, a trailing `/` and `.git`; lowercases
/// the host. The path keeps its case (see [`matches_repository`]). A local path (no host) only
/// loses a trailing `/` and `.git`.
pub fn normalize_repo_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split(['#', '?']).next().unwrap_or_default();

    let (authority, path) = if let Some((_scheme, rest)) = url.split_once("://") {
        // scheme://[user@]host[:port][/path]
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_user, host)| host);
        (strip_port(host), path)
    } else if let Some((authority, path)) = scp_like(url) {
        // [user@]host:path, as git reads it
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_user, host)| host);
        (host, path)
    } else {
        ("", url)
    };

    let mut path = path.trim_end_matches('/');
    if let Some(stripped) = path.strip_suffix(".git") {
        path = stripped.trim_end_matches('/');
    }
    if authority.is_empty() {
        return path.to_owned();
    }
    let path = path.trim_start_matches('/');
    let host = authority.to_ascii_lowercase();
    if path.is_empty() {
        host
    } else {
        format!("{host}/{path}")
    }
}

/// `[user@]host:path` when the colon comes before any slash (git's rule for scp-like syntax).
fn scp_like(url: &str) -> Option<(&str, &str)> {
    let (authority, path) = url.split_once(':')?;
    if authority.is_empty() || authority.contains('/') {
        return None;
    }
    Some((authority, path))
}

/// `host:port` → `host`; IPv6 literals in brackets keep their colons.
fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port))
            if !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && (!name.starts_with('[') || name.ends_with(']')) =>
        {
            name
        }
        _ => host,
    }
}

/// Whether a stored repository URL names the repository of an event (any of its URLs).
/// Compares [`normalize_repo_url`] forms ASCII-case-insensitively: GitHub owner and
/// repository names are case-insensitive, and payloads carry the canonical case.
pub fn matches_repository(stored_url: &str, event_urls: &[String]) -> bool {
    let stored = normalize_repo_url(stored_url);
    if stored.is_empty() {
        return false;
    }
    event_urls
        .iter()
        .any(|url| normalize_repo_url(url).eq_ignore_ascii_case(&stored))
}

#[cfg(test)]
mod tests;
