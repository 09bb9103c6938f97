//! Errors of the git backend and the mapping from libgit2's errors.

use git2::{ErrorClass, ErrorCode};

/// An error of the git backend.
///
/// Messages are precise and never contain credentials: every URL in them has
/// its user-info removed, and the secrets of the [`RemoteSpec`](super::RemoteSpec)
/// in use are masked as `***`.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// Credentials refused, missing or unusable.
    #[error("{0}")]
    Auth(String),
    /// The repository does not exist (or is not visible with these credentials).
    #[error("{0}")]
    NotFound(String),
    /// The remote has no such branch.
    #[error("branch {branch:?} not found on the remote")]
    BranchNotFound { branch: String },
    /// Connection refused, DNS failure, timeout.
    #[error("{0}")]
    Network(String),
    /// TLS certificate or SSH host key verification failed.
    #[error("{0}")]
    Tls(String),
    /// The remote branch moved since it was fetched; the push was refused.
    #[error(
        "push to branch {branch:?} rejected: the remote has commits that are not in the pushed history (non-fast-forward)"
    )]
    NonFastForward { branch: String },
    /// A blob is larger than the caller's limit; its body was not read.
    #[error("{path} is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { path: String, size: u64, limit: u64 },
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

impl GitError {
    /// A local (non-network) libgit2 failure, with `what` saying what was attempted.
    pub(crate) fn local(what: &str, e: &git2::Error) -> Self {
        GitError::Other(format!("{what}: {}", redact_urls(e.message())))
    }
}

/// Removes the user-info (`user:pass@`, or `token@` for http) from every URL
/// found in `text`. For `ssh://` URLs a bare user name (no `:`) is kept since
/// it is not a secret.
pub(crate) fn redact_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("://") {
        let (before, after) = rest.split_at(pos + 3);
        out.push_str(before);
        let scheme = before[..pos]
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.'))
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        // The authority ends at the first '/', whitespace or quote.
        let end = after
            .find(|c: char| c == '/' || c.is_whitespace() || c == '\'' || c == '"' || c == '>')
            .unwrap_or(after.len());
        let authority = &after[..end];
        match authority.rfind('@') {
            Some(at) => {
                let userinfo = &authority[..at];
                if scheme == "ssh" && !userinfo.contains(':') {
                    out.push_str(authority);
                } else {
                    out.push_str(&authority[at + 1..]);
                }
            }
            None => out.push_str(authority),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Redacts URLs and masks each secret.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut s = redact_urls(text);
    for secret in secrets {
        if !secret.is_empty() && s.contains(secret) {
            s = s.replace(secret, "***");
        }
    }
    s
}

/// `host:port` of a remote URL, for network error messages.
pub(crate) fn host_port(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        let authority = rest.split('/').next().unwrap_or("");
        let hostport = authority.rsplit('@').next().unwrap_or(authority);
        let has_port = if hostport.starts_with('[') {
            hostport.contains("]:")
        } else {
            hostport.contains(':')
        };
        if has_port {
            return hostport.to_string();
        }
        let port = match scheme.to_ascii_lowercase().as_str() {
            "https" => "443",
            "http" => "80",
            "ssh" | "git+ssh" | "ssh+git" => "22",
            "git" => "9418",
            _ => return hostport.to_string(),
        };
        format!("{hostport}:{port}")
    } else if let Some((authority, _)) = url.split_once(':') {
        // scp-like syntax: user@host:path
        let host = authority.rsplit('@').next().unwrap_or(authority);
        format!("{host}:22")
    } else {
        url.to_string()
    }
}

/// What the callbacks observed during one remote operation; used to turn a
/// libgit2 error into a precise [`GitError`].
#[derive(Default)]
pub(crate) struct Observed {
    /// Set when the credentials callback gave up (why).
    pub auth_failure: std::cell::RefCell<Option<String>>,
    /// Set when the certificate / host key check refused the peer.
    pub cert_failure: std::cell::RefCell<Option<String>>,
}

/// Maps a libgit2 error from a network operation on `url` (already redacted).
pub(crate) fn classify(e: &git2::Error, url: &str, obs: &Observed, secrets: &[&str]) -> GitError {
    let msg = scrub(e.message(), secrets);
    let lower = msg.to_ascii_lowercase();
    if let Some(why) = obs.cert_failure.borrow().as_ref() {
        return GitError::Tls(scrub(why, secrets));
    }
    if let Some(why) = obs.auth_failure.borrow().as_ref() {
        return GitError::Auth(format!("authentication failed for {url}: {why}"));
    }
    let code = e.code();
    let class = e.class();
    if code == ErrorCode::Auth
        || lower.contains("status code: 401")
        || lower.contains("authentication required")
        || lower.contains("permission denied (publickey")
    {
        return GitError::Auth(format!("authentication failed for {url}: {msg}"));
    }
    if lower.contains("status code: 403") {
        return GitError::Auth(format!("access denied (HTTP 403) for {url}"));
    }
    if code == ErrorCode::Certificate || class == ErrorClass::Ssl {
        return GitError::Tls(format!(
            "TLS certificate verification failed for {url}: {msg}"
        ));
    }
    if lower.contains("hostkey") || lower.contains("host key") {
        return GitError::Tls(format!("SSH host key verification failed for {url}: {msg}"));
    }
    if lower.contains("status code: 404")
        || lower.contains("could not find repository")
        || lower.contains("failed to resolve path")
        || lower.contains("does not appear to be a git repository")
        || lower.contains("repository not found")
        || lower.contains("not a git repository")
        || (code == ErrorCode::NotFound && class == ErrorClass::Repository)
    {
        return GitError::NotFound(format!("repository not found: {url}"));
    }
    let net_class = matches!(
        class,
        ErrorClass::Net | ErrorClass::Os | ErrorClass::Ssh | ErrorClass::Http
    );
    let reason = if lower.contains("refused") {
        Some("connection refused")
    } else if lower.contains("timed out") || lower.contains("timeout") {
        Some("timed out")
    } else if lower.contains("resolve") || lower.contains("name or service not known") {
        Some("cannot resolve host name")
    } else if lower.contains("unreachable") {
        Some("network unreachable")
    } else if lower.contains("connection reset")
        || lower.contains("broken pipe")
        || lower.contains("unexpected eof")
        || lower.contains("failed to connect")
        || lower.contains("failed to start ssh session")
    {
        None
    } else {
        return GitError::Other(format!("git operation on {url} failed: {msg}"));
    };
    if !net_class && reason.is_none() {
        return GitError::Other(format!("git operation on {url} failed: {msg}"));
    }
    let hp = host_port(url);
    match reason {
        Some(r) => GitError::Network(format!("cannot connect to {hp}: {r}")),
        None => GitError::Network(format!("network error talking to {hp}: {msg}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_userinfo() {
        assert_eq!(
            redact_urls("failed for https://user:secret@example.com/a.git now"),
            "failed for https://example.com/a.git now"
        );
        assert_eq!(redact_urls("'https://tok@h/x'"), "'https://h/x'");
        assert_eq!(redact_urls("ssh://git@h:22/x"), "ssh://git@h:22/x");
        assert_eq!(redact_urls("ssh://git:pw@h/x"), "ssh://h/x");
        assert_eq!(redact_urls("no url"), "no url");
    }

    #[test]
    fn host_ports() {
        assert_eq!(
            host_port("https://u:p@example.com/a.git"),
            "example.com:443"
        );
        assert_eq!(host_port("http://127.0.0.1:8080/a.git"), "127.0.0.1:8080");
        assert_eq!(host_port("ssh://git@h/x"), "h:22");
        assert_eq!(host_port("git@github.com:org/repo.git"), "github.com:22");
    }
}
