//! Git repositories and fabrics: creation, credentials, remote access settings.

use chrono::Utc;
use hnp_entity::enums::{AuthType, ConnectionStatus, DirectoryStatus, Provider, WriteMode};
use hnp_entity::{fabric, git_repository};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::git::{self, GitAuth, RemoteSpec};

/// Vault purpose of repository credentials.
pub const CREDENTIALS_PURPOSE: &str = "git_repository.credentials";

/// Decrypted credentials as stored (JSON inside the vault value).
#[derive(Serialize, Deserialize, Default)]
struct StoredCredentials {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    private_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    passphrase: Option<String>,
}

/// Parses an auth type name as used on the command line and in the API.
pub fn parse_auth_type(text: &str) -> Result<AuthType> {
    match text {
        "none" => Ok(AuthType::None),
        "token" => Ok(AuthType::Token),
        "basic" => Ok(AuthType::Basic),
        "ssh-key" | "ssh_key" => Ok(AuthType::SshKey),
        other => Err(Error::validation(
            "auth",
            format!("unknown auth type {other:?}: expected none, token, basic or ssh-key"),
        )),
    }
}

/// Turns the raw credential text for `auth` into what is stored. Formats: token → the token;
/// basic → `username:password`; ssh-key → the private key (OpenSSH or PEM).
fn credentials_from_text(auth: AuthType, text: Option<&str>) -> Result<Option<StoredCredentials>> {
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

/// Rejects URLs that carry credentials or are not a git remote HNP can use.
pub fn validate_repository_url(url: &str) -> Result<()> {
    let url = url.trim();
    if url.is_empty() {
        return Err(Error::validation("url", "must not be empty"));
    }
    let scheme_ok = ["https://", "http://", "ssh://", "file://", "git://"]
        .iter()
        .any(|s| url.starts_with(s))
        || (url.contains('@') && url.contains(':') && !url.contains("://"));
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
fn ssh_username(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or_default();
    authority
        .split_once('@')
        .map(|(user, _)| user)
        .filter(|user| !user.is_empty())
        .unwrap_or("git")
        .to_owned()
}

fn provider_for(url: &str) -> Provider {
    if url.contains("github.com") {
        Provider::Github
    } else if url.contains("gitlab") {
        Provider::Gitlab
    } else {
        Provider::Generic
    }
}

/// Input of [`create_fabric`].
#[derive(Debug, Clone)]
pub struct NewFabric {
    pub name: String,
    pub repo_url: String,
    pub directory: String,
    pub branch: Option<String>,
    pub auth: AuthType,
    /// Raw credential text for `auth` (see [`parse_auth_type`] for formats).
    pub credentials: Option<String>,
    /// SSH host keys to pin (`SHA256:<base64>`, as `ssh-keygen -lf` prints them).
    pub ssh_host_keys: Vec<String>,
    /// Author and committer of write-back commits, `Name <email>` (default `HNP Sync
    /// <hnp-sync@localhost>`).
    pub commit_author: Option<String>,
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

/// Creates a fabric, reusing the repository record with the same URL or creating one. Without
/// an explicit branch, the remote is contacted and its default branch is used (`main` if the
/// remote has no HEAD).
pub async fn create_fabric(
    core: &Core,
    input: NewFabric,
    actor: &Actor,
) -> Result<(fabric::Model, git_repository::Model)> {
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.len() > 100 {
        return Err(Error::validation("name", "must be 1 to 100 characters"));
    }
    if fabric::Entity::find()
        .filter(fabric::Column::Name.eq(&name))
        .one(&core.db)
        .await?
        .is_some()
    {
        return Err(Error::AlreadyExists(format!(
            "fabric {name:?} already exists"
        )));
    }
    let url = input.repo_url.trim().to_owned();
    validate_repository_url(&url)?;
    let directory = normalize_directory(&input.directory)?;
    let credentials = credentials_from_text(input.auth, input.credentials.as_deref())?;
    for key in &input.ssh_host_keys {
        validate_host_key(key)?;
    }
    let author = input
        .commit_author
        .as_deref()
        .map(parse_commit_author)
        .transpose()?;
    let host_keys =
        (!input.ssh_host_keys.is_empty()).then(|| serde_json::json!(input.ssh_host_keys));
    let encrypted = match &credentials {
        Some(c) => Some(core.vault.encrypt_str(
            CREDENTIALS_PURPOSE,
            &serde_json::to_string(c).map_err(|e| Error::Vault(e.to_string()))?,
        )?),
        None => None,
    };

    let existing = git_repository::Entity::find()
        .filter(git_repository::Column::Url.eq(&url))
        .one(&core.db)
        .await?;
    let now = Utc::now();
    let mut repo = match existing {
        Some(repo)
            if credentials.is_none()
                && input.auth == AuthType::None
                && host_keys.is_none()
                && author.is_none() =>
        {
            repo
        }
        Some(repo) if credentials.is_none() && input.auth == AuthType::None => {
            let mut active: git_repository::ActiveModel = repo.into();
            if host_keys.is_some() {
                active.ssh_host_keys = Set(host_keys);
            }
            if let Some((name, email)) = &author {
                active.commit_author_name = Set(name.clone());
                active.commit_author_email = Set(email.clone());
            }
            active.updated_at = Set(now);
            active.update(&core.db).await?
        }
        Some(repo) => {
            let mut active: git_repository::ActiveModel = repo.into();
            active.auth_type = Set(input.auth);
            active.encrypted_credentials = Set(encrypted);
            if host_keys.is_some() {
                active.ssh_host_keys = Set(host_keys);
            }
            if let Some((name, email)) = &author {
                active.commit_author_name = Set(name.clone());
                active.commit_author_email = Set(email.clone());
            }
            active.updated_at = Set(now);
            active.update(&core.db).await?
        }
        None => {
            let repo_name = url
                .trim_end_matches('/')
                .trim_end_matches(".git")
                .rsplit(['/', ':'])
                .next()
                .filter(|s| !s.is_empty())
                .unwrap_or("repository")
                .to_owned();
            git_repository::ActiveModel {
                name: Set(repo_name),
                url: Set(url.clone()),
                provider: Set(provider_for(&url)),
                auth_type: Set(input.auth),
                encrypted_credentials: Set(encrypted),
                default_branch: Set("main".to_owned()),
                connection_status: Set(ConnectionStatus::Untested),
                write_mode: Set(WriteMode::DirectPush),
                commit_author_name: Set(author
                    .as_ref()
                    .map_or_else(|| "HNP Sync".to_owned(), |a| a.0.clone())),
                commit_author_email: Set(author
                    .as_ref()
                    .map_or_else(|| "hnp-sync@localhost".to_owned(), |a| a.1.clone())),
                ssh_host_keys: Set(host_keys),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&core.db)
            .await?
        }
    };

    let branch = match input
        .branch
        .map(|b| b.trim().to_owned())
        .filter(|b| !b.is_empty())
    {
        Some(branch) => branch,
        None => {
            let spec = remote_spec(core, &repo)?;
            let refs = tokio::task::spawn_blocking(move || git::list_remote_refs(&spec))
                .await
                .map_err(|e| Error::Io(format!("git task failed: {e}")))?;
            let mut active: git_repository::ActiveModel = repo.clone().into();
            active.last_validated = Set(Some(Utc::now()));
            let result = match refs {
                Ok(refs) => {
                    active.connection_status = Set(ConnectionStatus::Connected);
                    active.validation_error = Set(None);
                    let head = refs.head.unwrap_or_else(|| "main".to_owned());
                    active.default_branch = Set(head.clone());
                    Ok(head)
                }
                Err(e) => {
                    active.connection_status = Set(ConnectionStatus::Failed);
                    active.validation_error = Set(Some(e.to_string()));
                    Err(Error::from(e))
                }
            };
            repo = active.update(&core.db).await?;
            result?
        }
    };

    let txn = core.db.begin().await?;
    let fabric = fabric::ActiveModel {
        name: Set(name.clone()),
        git_repository_id: Set(Some(repo.id)),
        gitops_directory: Set(directory.clone()),
        git_branch: Set(Some(branch.clone())),
        gitops_directory_status: Set(DirectoryStatus::NotInitialized),
        created_at: Set(now),
        updated_at: Set(now),
        sync_interval_seconds: Set(120),
        kubernetes_namespace: Set("default".to_owned()),
        kubernetes_insecure_skip_tls_verify: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e {
        sea_orm::DbErr::Exec(_) | sea_orm::DbErr::Query(_)
            if e.to_string().to_lowercase().contains("unique") =>
        {
            Error::AlreadyExists(format!(
                "repository {url} directory {directory:?} already belongs to another fabric"
            ))
        }
        other => Error::Database(other),
    })?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "fabric.create".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!(
                "created fabric {name} on {url} ({directory}) branch {branch}"
            )),
            after: Some(serde_json::json!({
                "name": name, "repository": url, "directory": directory, "branch": branch,
            })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok((fabric, repo))
}

/// Finds a fabric by name or numeric id.
pub async fn find_fabric(core: &Core, name_or_id: &str) -> Result<fabric::Model> {
    let by_name = fabric::Entity::find()
        .filter(fabric::Column::Name.eq(name_or_id))
        .one(&core.db)
        .await?;
    if let Some(fabric) = by_name {
        return Ok(fabric);
    }
    if let Ok(id) = name_or_id.parse::<i32>()
        && let Some(fabric) = fabric::Entity::find_by_id(id).one(&core.db).await?
    {
        return Ok(fabric);
    }
    Err(Error::not_found(format!("fabric {name_or_id:?}")))
}

/// The repository of a fabric, or a clear error when it has none.
pub async fn fabric_repository(
    core: &Core,
    fabric: &fabric::Model,
) -> Result<git_repository::Model> {
    let id = fabric.git_repository_id.ok_or_else(|| {
        Error::validation(
            "git_repository",
            format!("fabric {} has no Git repository configured", fabric.name),
        )
    })?;
    git_repository::Entity::find_by_id(id)
        .one(&core.db)
        .await?
        .ok_or_else(|| Error::not_found(format!("git repository {id}")))
}

/// The branch a fabric follows.
pub fn fabric_branch(fabric: &fabric::Model, repo: &git_repository::Model) -> String {
    fabric
        .git_branch
        .clone()
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| repo.default_branch.clone())
}

/// Result of a connection test: the remote really contacted, refs listed.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionReport {
    pub ok: bool,
    pub url: String,
    pub default_branch: Option<String>,
    pub branches: Vec<String>,
    pub branch: Option<String>,
    pub branch_found: Option<bool>,
    /// `auth`, `not_found`, `network`, `tls` or `other` when the remote could not be listed.
    pub error_kind: Option<String>,
    pub error: Option<String>,
}

fn error_kind(error: &git::GitError) -> &'static str {
    match error {
        git::GitError::Auth(_) => "auth",
        git::GitError::NotFound(_) | git::GitError::BranchNotFound { .. } => "not_found",
        git::GitError::Network(_) => "network",
        git::GitError::Tls(_) => "tls",
        _ => "other",
    }
}

/// Lists the remote's refs with the stored credentials, reports whether `branch` exists, and
/// records the result on the repository (`connection_status`, `last_validated`,
/// `validation_error`).
pub async fn test_connection(
    core: &Core,
    repo: &git_repository::Model,
    branch: Option<&str>,
) -> Result<ConnectionReport> {
    let spec = remote_spec(core, repo)?;
    let listed = tokio::task::spawn_blocking(move || git::list_remote_refs(&spec))
        .await
        .map_err(|e| Error::Io(format!("git task failed: {e}")))?;
    let mut report = ConnectionReport {
        ok: false,
        url: repo.url.clone(),
        default_branch: None,
        branches: Vec::new(),
        branch: branch.map(str::to_owned),
        branch_found: None,
        error_kind: None,
        error: None,
    };
    match listed {
        Ok(refs) => {
            report.default_branch = refs.head.clone();
            report.branches = refs.branches.keys().cloned().collect();
            report.branch_found = branch.map(|b| refs.branches.contains_key(b));
            report.ok = report.branch_found != Some(false);
            if report.branch_found == Some(false) {
                report.error_kind = Some("not_found".to_owned());
                report.error = Some(format!(
                    "branch {:?} not found (branches: {})",
                    branch.unwrap_or_default(),
                    report.branches.join(", ")
                ));
            }
        }
        Err(e) => {
            report.error_kind = Some(error_kind(&e).to_owned());
            report.error = Some(e.to_string());
        }
    }
    let mut active: git_repository::ActiveModel = repo.clone().into();
    active.connection_status = Set(if report.ok {
        ConnectionStatus::Connected
    } else {
        ConnectionStatus::Failed
    });
    active.last_validated = Set(Some(Utc::now()));
    active.validation_error = Set(report.error.clone());
    active.update(&core.db).await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_normalised_and_traversal_rejected() {
        assert_eq!(normalize_directory("/fabrics/dc1/").unwrap(), "fabrics/dc1");
        assert_eq!(normalize_directory("").unwrap(), "");
        assert_eq!(normalize_directory("a//b").unwrap(), "a/b");
        assert!(normalize_directory("a/../b").is_err());
        assert!(normalize_directory("./a").is_err());
    }

    #[test]
    fn urls_with_credentials_are_refused() {
        assert!(validate_repository_url("https://github.com/o/r.git").is_ok());
        assert!(validate_repository_url("git@github.com:o/r.git").is_ok());
        assert!(validate_repository_url("ssh://git@host:2222/srv/r.git").is_ok());
        assert!(validate_repository_url("file:///srv/r.git").is_ok());
        let err = validate_repository_url("https://user:ghp_x@github.com/o/r.git").unwrap_err();
        assert!(!err.to_string().contains("ghp_x"));
        assert!(validate_repository_url("https://token@github.com/o/r.git").is_err());
        assert!(validate_repository_url("/srv/r.git").is_err());
    }

    #[test]
    fn credential_formats() {
        assert!(credentials_from_text(AuthType::Token, None).is_err());
        assert!(credentials_from_text(AuthType::Basic, Some("nopassword")).is_err());
        let basic = credentials_from_text(AuthType::Basic, Some("u:p:w"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (basic.username.as_deref(), basic.password.as_deref()),
            (Some("u"), Some("p:w"))
        );
        assert!(credentials_from_text(AuthType::SshKey, Some("not a key")).is_err());
        assert!(credentials_from_text(AuthType::None, Some("x")).is_err());
        assert_eq!(ssh_username("ssh://deploy@host:22/r.git"), "deploy");
        assert_eq!(ssh_username("git@github.com:o/r.git"), "git");
        assert_eq!(ssh_username("ssh://host/r.git"), "git");
    }
}
