//! Validation and parsing of repository and fabric settings (URLs, names, branches,
//! directories, authors, providers, write modes).

use super::*;

/// Rejects URLs that carry credentials or are not a git remote HNP can use.
pub fn validate_repository_url(url: &str) -> Result<()> {
    let url = url.trim();
    if url.is_empty() {
        return Err(Error::validation("url", "must not be empty"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) || url.starts_with('-') {
        return Err(Error::validation(
            "url",
            "must not contain spaces or control characters, or start with '-'",
        ));
    }
    let scheme_ok = ["https://", "http://", "ssh://", "file://", "git://"]
        .iter()
        .any(|s| url.starts_with(s))
        || is_scp_like(url);
    if !scheme_ok {
        return Err(Error::validation(
            "url",
            "expected https://, http://, ssh://, file:// or user@host:path",
        ));
    }
    if let Some(rest) = url.split_once("://").map(|(_, rest)| rest) {
        let authority = rest.split('/').next().unwrap_or_default();
        if (url.starts_with("http") && authority.contains('@'))
            || authority
                .split('@')
                .next()
                .is_some_and(|u| u.contains(':') && authority.contains('@'))
        {
            return Err(Error::validation(
                "url",
                "must not contain credentials; pass them with --credentials-stdin",
            ));
        }
    }
    Ok(())
}

/// `user@host:path` (git's scp-like SSH syntax) with a plain user and host name — and so never
/// a transport such as `ext::<command>` that merely contains `@` and `:`.
pub(crate) fn is_scp_like(url: &str) -> bool {
    let Some((user_host, path)) = url.split_once(':') else {
        return false;
    };
    let Some((user, host)) = user_host.split_once('@') else {
        return false;
    };
    let plain = |s: &str, extra: &[u8]| {
        !s.is_empty()
            && !s.starts_with('-')
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
    };
    plain(user, b"._-") && plain(host, b".-") && !path.is_empty() && !path.starts_with(':')
}

/// Normalises a fabric directory: no leading/trailing `/`, no `.`/`..` segments.
pub fn normalize_directory(directory: &str) -> Result<String> {
    let trimmed = directory.trim().trim_matches('/');
    let mut parts = Vec::new();
    for part in trimmed.split('/').filter(|p| !p.is_empty()) {
        if part == "." || part == ".." || part.contains('\\') {
            return Err(Error::validation(
                "directory",
                format!("{directory:?}: must be a relative path without '.' or '..' segments"),
            ));
        }
        parts.push(part);
    }
    Ok(parts.join("/"))
}

pub(crate) fn provider_for(url: &str) -> Provider {
    if url.contains("github.com") {
        Provider::Github
    } else if url.contains("gitlab") {
        Provider::Gitlab
    } else {
        Provider::Generic
    }
}

/// Parses `Name <email>` (as git prints authors).
pub fn parse_commit_author(text: &str) -> Result<(String, String)> {
    let bad = || {
        Error::validation(
            "commit_author",
            format!("{text:?}: expected `Name <email>`, e.g. `HNP Sync <hnp-sync@example.com>`"),
        )
    };
    let text = text.trim();
    let (name, rest) = text.split_once('<').ok_or_else(bad)?;
    let email = rest.strip_suffix('>').ok_or_else(bad)?.trim();
    let name = name.trim();
    if name.is_empty()
        || email.is_empty()
        || !email.contains('@')
        || email.contains(['<', '>', '\n'])
        || name.contains(['<', '>', '\n'])
    {
        return Err(bad());
    }
    Ok((name.to_owned(), email.to_owned()))
}

pub(crate) const DEFAULT_BRANCH: &str = "main";

pub(crate) const DEFAULT_AUTHOR_NAME: &str = "HNP Sync";

pub(crate) const DEFAULT_AUTHOR_EMAIL: &str = "hnp-sync@localhost";

/// Sync interval of a new fabric, in seconds.
pub const DEFAULT_SYNC_INTERVAL_SECONDS: i32 = 120;

/// Allowed sync intervals, in seconds.
pub const SYNC_INTERVAL_SECONDS: std::ops::RangeInclusive<i32> = 30..=86400;

/// A name of 1 to 100 characters (trimmed), without control characters.
pub(crate) fn validate_name(field: &str, name: &str) -> Result<String> {
    let name = name.trim();
    let length = name.chars().count();
    if length == 0 || length > 100 {
        return Err(Error::validation(field, "must be 1 to 100 characters"));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            "must not contain control characters",
        ));
    }
    Ok(name.to_owned())
}

/// A branch name git accepts (the common rules of `git check-ref-format --branch`).
pub(crate) fn validate_branch(field: &str, branch: &str) -> Result<String> {
    let branch = branch.trim();
    if branch.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    let bad = branch.starts_with(['-', '/'])
        || branch.ends_with(['/', '.'])
        || branch.ends_with(".lock")
        || branch.contains("..")
        || branch.contains("//")
        || branch.contains("@{")
        || branch.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '~' | '^' | ':' | '?' | '*' | '[' | '\\')
        });
    if bad {
        return Err(Error::validation(
            field,
            format!("{branch:?} is not a valid git branch name"),
        ));
    }
    Ok(branch.to_owned())
}

pub(crate) fn validate_sync_interval(seconds: i32) -> Result<i32> {
    if SYNC_INTERVAL_SECONDS.contains(&seconds) {
        Ok(seconds)
    } else {
        Err(Error::validation(
            "sync_interval_seconds",
            format!(
                "must be between {} and {} seconds, got {seconds}",
                SYNC_INTERVAL_SECONDS.start(),
                SYNC_INTERVAL_SECONDS.end()
            ),
        ))
    }
}

/// The last path segment of a repository URL without `.git`.
pub(crate) fn repository_name_from_url(url: &str) -> String {
    url.trim_end_matches('/')
        .trim_end_matches(".git")
        .rsplit(['/', ':'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or("repository")
        .to_owned()
}
