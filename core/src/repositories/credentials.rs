//! Repository credentials: their text forms, their encryption, and the remote access
//! settings (auth, host keys) built from them.

use super::*;

/// Vault purpose of repository credentials.
pub const CREDENTIALS_PURPOSE: &str = "git_repository.credentials";

/// Decrypted credentials as stored (JSON inside the vault value).
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct StoredCredentials {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) private_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) passphrase: Option<String>,
}

/// Turns the raw credential text for `auth` into what is stored. Formats: token → the token;
/// basic → `username:password`; ssh-key → the private key (OpenSSH or PEM).
pub(crate) fn credentials_from_text(
    auth: AuthType,
    text: Option<&str>,
) -> Result<Option<StoredCredentials>> {
    let required = || {
        text.filter(|t| !t.trim().is_empty()).ok_or_else(|| {
            Error::validation("credentials", format!("required for auth type {auth}"))
        })
    };
    Ok(match auth {
        AuthType::None => {
            if text.is_some_and(|t| !t.is_empty()) {
                return Err(Error::validation(
                    "credentials",
                    "given but auth type is none; choose --auth token, basic or ssh-key",
                ));
            }
            None
        }
        AuthType::Token => Some(StoredCredentials {
            token: Some(required()?.trim().to_owned()),
            ..Default::default()
        }),
        AuthType::Basic => {
            let text = required()?;
            let (username, password) = text.split_once(':').ok_or_else(|| {
                Error::validation("credentials", "basic auth expects `username:password`")
            })?;
            if username.is_empty() {
                return Err(Error::validation(
                    "credentials",
                    "username must not be empty",
                ));
            }
            Some(StoredCredentials {
                username: Some(username.to_owned()),
                password: Some(password.to_owned()),
                ..Default::default()
            })
        }
        AuthType::SshKey => {
            let mut key = required()?.to_owned();
            if !key.contains("PRIVATE KEY") {
                return Err(Error::validation(
                    "credentials",
                    "ssh-key auth expects a private key (OpenSSH or PEM format)",
                ));
            }
            if !key.ends_with('\n') {
                key.push('\n');
            }
            Some(StoredCredentials {
                private_key: Some(key),
                ..Default::default()
            })
        }
    })
}

/// Remote access settings of a repository, with decrypted credentials (never logged).
pub fn remote_spec(core: &Core, repo: &git_repository::Model) -> Result<RemoteSpec> {
    let stored: StoredCredentials = match &repo.encrypted_credentials {
        Some(value) => serde_json::from_str(&core.vault.decrypt_str(CREDENTIALS_PURPOSE, value)?)
            .map_err(|_| Error::Vault("stored credentials are not valid".to_owned()))?,
        None => StoredCredentials::default(),
    };
    let missing = || {
        Error::Vault(format!(
            "repository {} has no stored credentials",
            repo.name
        ))
    };
    let auth = match repo.auth_type {
        AuthType::None => GitAuth::None,
        AuthType::Token => GitAuth::Token {
            token: stored.token.ok_or_else(missing)?,
        },
        AuthType::Basic => GitAuth::Basic {
            username: stored.username.ok_or_else(missing)?,
            password: stored.password.unwrap_or_default(),
        },
        AuthType::SshKey => GitAuth::SshKey {
            username: ssh_username(&repo.url),
            private_key: stored.private_key.ok_or_else(missing)?,
            passphrase: stored.passphrase,
        },
    };
    let host_keys: Vec<String> = repo
        .ssh_host_keys
        .as_ref()
        .and_then(|keys| serde_json::from_value(keys.clone()).ok())
        .unwrap_or_default();
    Ok(RemoteSpec::new(repo.url.clone(), auth).with_ssh_host_keys(host_keys))
}

/// The user of an ssh URL (`ssh://user@host/…` or `user@host:path`), default `git`.
pub(crate) fn ssh_username(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or_default();
    authority
        .split_once('@')
        .map(|(user, _)| user)
        .filter(|user| !user.is_empty())
        .unwrap_or("git")
        .to_owned()
}

/// Checks the `SHA256:<base64>` fingerprint form.
pub fn validate_host_key(fingerprint: &str) -> Result<()> {
    let ok = fingerprint.strip_prefix("SHA256:").is_some_and(|b64| {
        b64.len() >= 43
            && b64
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
    });
    if ok {
        Ok(())
    } else {
        Err(Error::validation(
            "ssh_host_key",
            format!("{fingerprint:?}: expected SHA256:<base64> as printed by `ssh-keygen -lf`"),
        ))
    }
}

/// Vault purpose of repository webhook secrets (the one [`crate::security::secrets::SECRET_COLUMNS`]
/// rotates).
pub const WEBHOOK_SECRET_PURPOSE: &str = "git_repository.webhook_secret";

/// Validates the raw credential text for `auth` and returns the vault value to store.
pub(crate) fn encrypt_credentials(
    core: &Core,
    auth: AuthType,
    text: Option<&str>,
) -> Result<Option<String>> {
    match credentials_from_text(auth, text)? {
        Some(credentials) => Ok(Some(core.vault.encrypt_str(
            CREDENTIALS_PURPOSE,
            &serde_json::to_string(&credentials).map_err(|e| Error::Vault(e.to_string()))?,
        )?)),
        None => Ok(None),
    }
}

pub(crate) fn encrypt_webhook_secret(core: &Core, secret: &str) -> Result<String> {
    if secret.trim().is_empty() {
        return Err(Error::validation("webhook_secret", "must not be empty"));
    }
    core.vault.encrypt_str(WEBHOOK_SECRET_PURPOSE, secret)
}

/// Validates pinned host keys; an empty list is stored as NULL.
pub(crate) fn host_keys_value(keys: &[String]) -> Result<Option<serde_json::Value>> {
    let keys: Vec<&str> = keys.iter().map(|k| k.trim()).collect();
    for key in &keys {
        validate_host_key(key)?;
    }
    Ok((!keys.is_empty()).then(|| serde_json::json!(keys)))
}
