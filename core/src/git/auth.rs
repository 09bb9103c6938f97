//! Remote descriptions, credentials and the libgit2 callbacks that use them.

use std::cell::{Cell, RefCell};
use std::fmt;

use git2::{CertificateCheckStatus, Cred, CredentialType, RemoteCallbacks};
use sha2::{Digest, Sha256};

use super::error::{Observed, redact_urls};

/// How to authenticate to a remote. `Debug` never shows secrets.
#[derive(Clone)]
pub enum GitAuth {
    /// Anonymous access.
    None,
    /// An access token for https, sent as HTTP basic auth with the token as
    /// password. The user name is the one in the URL (`https://name@host/…`)
    /// if there is one, else `x-access-token` (GitHub's convention; GitLab and
    /// Gitea accept any non-empty user name with a personal access token).
    Token { token: String },
    /// HTTP basic auth for https.
    Basic { username: String, password: String },
    /// An SSH key held in memory (OpenSSH or PEM format), never a file path.
    /// `username` is used as given (callers choose `git` by default); a user
    /// name in the URL is ignored in its favour.
    SshKey {
        username: String,
        private_key: String,
        passphrase: Option<String>,
    },
}

impl fmt::Debug for GitAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitAuth::None => f.write_str("None"),
            GitAuth::Token { .. } => f.debug_struct("Token").field("token", &"***").finish(),
            GitAuth::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"***")
                .finish(),
            GitAuth::SshKey {
                username,
                passphrase,
                ..
            } => f
                .debug_struct("SshKey")
                .field("username", username)
                .field("private_key", &"***")
                .field("passphrase", &passphrase.as_ref().map(|_| "***"))
                .finish(),
        }
    }
}

impl GitAuth {
    /// The secret strings of this auth, masked in every error message.
    pub(crate) fn secrets(&self) -> Vec<&str> {
        match self {
            GitAuth::None => vec![],
            GitAuth::Token { token } => vec![token],
            GitAuth::Basic { password, .. } => vec![password],
            GitAuth::SshKey {
                private_key,
                passphrase,
                ..
            } => {
                let mut v = vec![private_key.as_str()];
                v.extend(passphrase.as_deref());
                v
            }
        }
    }
}

/// A remote repository and how to reach it.
#[derive(Clone)]
pub struct RemoteSpec {
    /// `https://…`, `http://…`, `ssh://user@host[:port]/path`, `user@host:path`
    /// or `file://…`. Should not contain credentials; if it does, a password
    /// in it is dropped and never reaches libgit2 or an error message.
    pub url: String,
    pub auth: GitAuth,
    /// SSH host key fingerprints accepted for this remote, in OpenSSH's
    /// `SHA256:<base64>` form (as printed by `ssh-keygen -lf`). When empty,
    /// libgit2's default check applies (`~/.ssh/known_hosts`). Ignored for
    /// non-ssh URLs.
    pub ssh_host_keys: Vec<String>,
}

impl RemoteSpec {
    /// A remote with no pinned SSH host keys.
    pub fn new(url: impl Into<String>, auth: GitAuth) -> Self {
        RemoteSpec {
            url: url.into(),
            auth,
            ssh_host_keys: Vec::new(),
        }
    }

    /// Pins the accepted SSH host keys (`SHA256:<base64>` fingerprints).
    pub fn with_ssh_host_keys(mut self, keys: impl IntoIterator<Item = String>) -> Self {
        self.ssh_host_keys = keys.into_iter().collect();
        self
    }

    /// The URL handed to libgit2: a password in the user-info is removed
    /// (for http(s) the whole user-info except a bare user name is kept out
    /// of messages anyway).
    pub(crate) fn clean_url(&self) -> String {
        strip_password(&self.url)
    }

    /// The URL as shown in messages: no user-info for http(s).
    pub(crate) fn display_url(&self) -> String {
        redact_urls(&self.url)
    }
}

impl fmt::Debug for RemoteSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteSpec")
            .field("url", &redact_urls(&self.url))
            .field("auth", &self.auth)
            .field("ssh_host_keys", &self.ssh_host_keys)
            .finish()
    }
}

/// Removes `:password` from a URL's user-info, keeping the user name.
pub(crate) fn strip_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            if user.is_empty() {
                format!("{scheme}://{host}{path}")
            } else {
                format!("{scheme}://{user}@{host}{path}")
            }
        }
        None => url.to_string(),
    }
}

/// Removes the whole user-info of a URL (used to name cache directories).
pub(crate) fn strip_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    format!("{scheme}://{host}{path}")
}

/// OpenSSH-style fingerprint `SHA256:<base64 without padding>` of a raw
/// public key blob.
pub(crate) fn ssh_fingerprint(raw_key: &[u8]) -> String {
    format!("SHA256:{}", base64_nopad(&Sha256::digest(raw_key)))
}

fn base64_nopad(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Per-operation state shared by the callbacks.
#[derive(Default)]
pub(crate) struct CallState {
    pub observed: Observed,
    attempts: Cell<u32>,
    /// Per-ref rejections reported by the server on push: (ref, status).
    pub rejected: RefCell<Vec<(String, String)>>,
}

impl CallState {
    fn give_up(&self, why: &str) -> git2::Error {
        *self.observed.auth_failure.borrow_mut() = Some(why.to_string());
        git2::Error::from_str(why)
    }
}

/// Builds callbacks for one remote operation: credentials (offered once),
/// host-key pinning and per-ref push status.
pub(crate) fn callbacks<'a>(spec: &'a RemoteSpec, state: &'a CallState) -> RemoteCallbacks<'a> {
    let mut cb = RemoteCallbacks::new();
    cb.credentials(move |_url, user_from_url, allowed| {
        credentials(spec, state, user_from_url, allowed)
    });
    cb.certificate_check(move |cert, host| {
        let Some(hostkey) = cert.as_hostkey() else {
            // X.509: keep libgit2's verification against the system store.
            return Ok(CertificateCheckStatus::CertificatePassthrough);
        };
        if spec.ssh_host_keys.is_empty() {
            return Ok(CertificateCheckStatus::CertificatePassthrough);
        }
        let fingerprint = match (hostkey.hostkey(), hostkey.hash_sha256()) {
            (Some(raw), _) => ssh_fingerprint(raw),
            (None, Some(hash)) => format!("SHA256:{}", base64_nopad(hash)),
            (None, None) => String::new(),
        };
        if !fingerprint.is_empty() && spec.ssh_host_keys.iter().any(|k| k.trim() == fingerprint) {
            Ok(CertificateCheckStatus::CertificateOk)
        } else {
            let why = format!(
                "SSH host key verification failed for {host}: fingerprint {fingerprint} is not one of the configured host keys"
            );
            *state.observed.cert_failure.borrow_mut() = Some(why.clone());
            Err(git2::Error::from_str(&why))
        }
    });
    cb.push_update_reference(move |refname, status| {
        if let Some(status) = status {
            state
                .rejected
                .borrow_mut()
                .push((refname.to_string(), status.to_string()));
        }
        Ok(())
    });
    cb.sideband_progress(|line| {
        tracing::trace!(remote = %String::from_utf8_lossy(line).trim_end(), "git remote message");
        true
    });
    cb
}

fn credentials(
    spec: &RemoteSpec,
    state: &CallState,
    user_from_url: Option<&str>,
    allowed: CredentialType,
) -> Result<Cred, git2::Error> {
    match &spec.auth {
        GitAuth::None => {
            Err(state.give_up("the remote requires credentials but none are configured"))
        }
        GitAuth::Token { token } => {
            let user = user_from_url
                .filter(|u| !u.is_empty())
                .unwrap_or("x-access-token");
            userpass(state, allowed, user, token)
        }
        GitAuth::Basic { username, password } => userpass(state, allowed, username, password),
        GitAuth::SshKey {
            username,
            private_key,
            passphrase,
        } => {
            if allowed.contains(CredentialType::USERNAME) {
                return Cred::username(username);
            }
            if !allowed.intersects(CredentialType::SSH_MEMORY | CredentialType::SSH_KEY) {
                return Err(state.give_up("the remote does not accept SSH key authentication"));
            }
            if bump(state) {
                return Err(state.give_up("the SSH key was refused"));
            }
            Cred::ssh_key_from_memory(username, None, private_key, passphrase.as_deref())
        }
    }
}

fn userpass(
    state: &CallState,
    allowed: CredentialType,
    user: &str,
    secret: &str,
) -> Result<Cred, git2::Error> {
    if !allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
        return Err(state.give_up(
            "the remote does not accept user/password authentication (token or basic auth need an https URL)",
        ));
    }
    if bump(state) {
        return Err(state.give_up("credentials were refused"));
    }
    Cred::userpass_plaintext(user, secret)
}

/// Counts an offer of credentials; true when they were already offered once
/// (libgit2 only asks again after a refusal).
fn bump(state: &CallState) -> bool {
    let n = state.attempts.get() + 1;
    state.attempts.set(n);
    n > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts() {
        let spec = RemoteSpec::new(
            "https://u:pw@h/x.git",
            GitAuth::Basic {
                username: "u".into(),
                password: "hunter2".into(),
            },
        );
        let s = format!("{spec:?}");
        assert!(!s.contains("hunter2") && !s.contains("pw@"), "{s}");
        let t = format!(
            "{:?}",
            GitAuth::Token {
                token: "tok123".into()
            }
        );
        assert!(!t.contains("tok123"));
    }

    #[test]
    fn urls() {
        assert_eq!(strip_password("https://u:p@h/x"), "https://u@h/x");
        assert_eq!(strip_password("https://h/x"), "https://h/x");
        assert_eq!(strip_userinfo("https://u:p@h/x"), "https://h/x");
        assert_eq!(base64_nopad(b"ab"), "YWI");
        assert_eq!(base64_nopad(b"abc"), "YWJj");
    }
}
