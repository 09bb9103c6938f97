//! Git repositories and fabrics: creation, credentials, remote access settings.

use chrono::Utc;
use hnp_entity::enums::{AuthType, ConnectionStatus, DirectoryStatus, Provider, WriteMode};
use hnp_entity::{fabric, git_repository, resource};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Actor};
use crate::config::SecretString;
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
fn is_scp_like(url: &str) -> bool {
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
    pub credentials: Option<SecretString>,
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

/// Vault purpose of repository webhook secrets (the one [`crate::secrets::SECRET_COLUMNS`]
/// rotates).
pub const WEBHOOK_SECRET_PURPOSE: &str = "git_repository.webhook_secret";

const DEFAULT_BRANCH: &str = "main";
const DEFAULT_AUTHOR_NAME: &str = "HNP Sync";
const DEFAULT_AUTHOR_EMAIL: &str = "hnp-sync@localhost";
/// Sync interval of a new fabric, in seconds.
pub const DEFAULT_SYNC_INTERVAL_SECONDS: i32 = 120;
/// Allowed sync intervals, in seconds.
pub const SYNC_INTERVAL_SECONDS: std::ops::RangeInclusive<i32> = 30..=86400;

/// A name of 1 to 100 characters (trimmed), without control characters.
fn validate_name(field: &str, name: &str) -> Result<String> {
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
fn validate_branch(field: &str, branch: &str) -> Result<String> {
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

fn validate_sync_interval(seconds: i32) -> Result<i32> {
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

/// Validates the raw credential text for `auth` and returns the vault value to store.
fn encrypt_credentials(core: &Core, auth: AuthType, text: Option<&str>) -> Result<Option<String>> {
    match credentials_from_text(auth, text)? {
        Some(credentials) => Ok(Some(core.vault.encrypt_str(
            CREDENTIALS_PURPOSE,
            &serde_json::to_string(&credentials).map_err(|e| Error::Vault(e.to_string()))?,
        )?)),
        None => Ok(None),
    }
}

fn encrypt_webhook_secret(core: &Core, secret: &str) -> Result<String> {
    if secret.trim().is_empty() {
        return Err(Error::validation("webhook_secret", "must not be empty"));
    }
    core.vault.encrypt_str(WEBHOOK_SECRET_PURPOSE, secret)
}

/// Validates pinned host keys; an empty list is stored as NULL.
fn host_keys_value(keys: &[String]) -> Result<Option<serde_json::Value>> {
    let keys: Vec<&str> = keys.iter().map(|k| k.trim()).collect();
    for key in &keys {
        validate_host_key(key)?;
    }
    Ok((!keys.is_empty()).then(|| serde_json::json!(keys)))
}

/// The last path segment of a repository URL without `.git`.
fn repository_name_from_url(url: &str) -> String {
    url.trim_end_matches('/')
        .trim_end_matches(".git")
        .rsplit(['/', ':'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or("repository")
        .to_owned()
}

/// A validated GitHub API URL override; only repositories with provider github have one.
fn github_api_url_for(provider: Provider, url: Option<&str>) -> Result<Option<String>> {
    let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
        return Ok(None);
    };
    let url = crate::github::validate_api_url(url)?;
    if provider != Provider::Github {
        return Err(Error::validation(
            "github_api_url",
            format!("only for provider github (this repository is {provider})"),
        ));
    }
    Ok(Some(url))
}

/// The GitHub API base a repository's token is sent to: the override, else the one derived
/// from its URL.
fn effective_api_url(provider: Provider, url: &str, api_url: Option<&str>) -> Option<String> {
    if provider != Provider::Github {
        return None;
    }
    api_url
        .map(str::to_owned)
        .or_else(|| crate::github::default_api_url(url).ok())
}

/// Refuses a GitHub API URL change that would send the repository's stored token to another
/// host (scheme, host and port): the token must be given again in the same change.
fn ensure_same_api_host(repo: &git_repository::Model, new_api_url: Option<&str>) -> Result<()> {
    let before = effective_api_url(repo.provider, &repo.url, repo.github_api_url.as_deref());
    let after = effective_api_url(repo.provider, &repo.url, new_api_url);
    match (before, after) {
        (Some(before), Some(after))
            if !crate::cluster::connection::same_origin(&before, &after) =>
        {
            Err(Error::validation(
                "github_api_url",
                format!(
                    "the GitHub API host changes from {before} to {after}: give the credentials \
                     again in the same change (a stored token is only sent to the host it was \
                     saved for)"
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// Warnings about how a repository's credentials travel (shown with the repository).
pub fn repository_warnings(repo: &git_repository::Model) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(api) = effective_api_url(repo.provider, &repo.url, repo.github_api_url.as_deref())
        && api.starts_with("http://")
    {
        out.push(format!(
            "the GitHub API URL {api} is plain http://: the token travels unencrypted"
        ));
    }
    if repo.url.starts_with("http://") && repo.encrypted_credentials.is_some() {
        out.push(
            "the repository URL is plain http://: its credentials travel unencrypted".to_owned(),
        );
    }
    out
}

/// Input of [`create_repository`].
#[derive(Debug, Clone)]
pub struct RepositoryInput {
    /// Display name; default: the last URL path segment without `.git`.
    pub name: Option<String>,
    pub url: String,
    /// Default: guessed from the URL (GitHub, GitLab, else generic).
    pub provider: Option<Provider>,
    pub auth: AuthType,
    /// Raw credential text for `auth`: the token, `username:password` or the private key.
    pub credentials: Option<SecretString>,
    /// Default `main`.
    pub default_branch: Option<String>,
    /// Default direct push.
    pub write_mode: Option<WriteMode>,
    /// `Name <email>`, default `HNP Sync <hnp-sync@localhost>`.
    pub commit_author: Option<String>,
    /// SSH host keys to pin (`SHA256:<base64>`).
    pub ssh_host_keys: Vec<String>,
    /// HMAC secret of incoming webhooks; stored vault-encrypted.
    pub webhook_secret: Option<SecretString>,
    /// GitHub REST API base overriding the one derived from the URL (provider github only).
    pub github_api_url: Option<String>,
}

/// A validated [`RepositoryInput`] with its secrets encrypted.
struct PreparedRepository {
    name: String,
    url: String,
    provider: Provider,
    auth: AuthType,
    encrypted_credentials: Option<String>,
    default_branch: String,
    write_mode: WriteMode,
    author: Option<(String, String)>,
    host_keys: Option<serde_json::Value>,
    encrypted_webhook_secret: Option<String>,
    github_api_url: Option<String>,
}

impl PreparedRepository {
    fn new(core: &Core, input: RepositoryInput) -> Result<Self> {
        let url = input.url.trim().to_owned();
        validate_repository_url(&url)?;
        let name = match &input.name {
            Some(name) => validate_name("name", name)?,
            None => repository_name_from_url(&url),
        };
        let encrypted_credentials = encrypt_credentials(
            core,
            input.auth,
            input.credentials.as_ref().map(SecretString::expose),
        )?;
        let host_keys = host_keys_value(&input.ssh_host_keys)?;
        let author = input
            .commit_author
            .as_deref()
            .map(parse_commit_author)
            .transpose()?;
        let default_branch = match &input.default_branch {
            Some(branch) => validate_branch("default_branch", branch)?,
            None => DEFAULT_BRANCH.to_owned(),
        };
        let encrypted_webhook_secret = input
            .webhook_secret
            .as_ref()
            .map(|secret| encrypt_webhook_secret(core, secret.expose()))
            .transpose()?;
        let provider = input.provider.unwrap_or_else(|| provider_for(&url));
        let github_api_url = github_api_url_for(provider, input.github_api_url.as_deref())?;
        Ok(PreparedRepository {
            name,
            github_api_url,
            provider,
            url,
            auth: input.auth,
            encrypted_credentials,
            default_branch,
            write_mode: input.write_mode.unwrap_or(WriteMode::DirectPush),
            author,
            host_keys,
            encrypted_webhook_secret,
        })
    }

    fn into_active_model(self, now: chrono::DateTime<Utc>) -> git_repository::ActiveModel {
        let (author_name, author_email) = self.author.unwrap_or_else(|| {
            (
                DEFAULT_AUTHOR_NAME.to_owned(),
                DEFAULT_AUTHOR_EMAIL.to_owned(),
            )
        });
        git_repository::ActiveModel {
            name: Set(self.name),
            url: Set(self.url),
            provider: Set(self.provider),
            auth_type: Set(self.auth),
            encrypted_credentials: Set(self.encrypted_credentials),
            default_branch: Set(self.default_branch),
            connection_status: Set(ConnectionStatus::Untested),
            write_mode: Set(self.write_mode),
            commit_author_name: Set(author_name),
            commit_author_email: Set(author_email),
            encrypted_webhook_secret: Set(self.encrypted_webhook_secret),
            ssh_host_keys: Set(self.host_keys),
            github_api_url: Set(self.github_api_url),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
    }
}

async fn find_repository(db: &impl ConnectionTrait, id: i32) -> Result<git_repository::Model> {
    git_repository::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(format!("git repository {id}")))
}

async fn find_fabric_by_id(db: &impl ConnectionTrait, id: i32) -> Result<fabric::Model> {
    fabric::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(format!("fabric {id}")))
}

fn repository_exists(url: &str) -> Error {
    Error::AlreadyExists(format!("a git repository with URL {url} already exists"))
}

fn fabric_name_taken(name: &str) -> Error {
    Error::AlreadyExists(format!("fabric {name:?} already exists"))
}

fn directory_taken(url: &str, directory: &str) -> Error {
    Error::AlreadyExists(format!(
        "repository {url} directory {directory:?} already belongs to another fabric"
    ))
}

/// Refuses a fabric name used by a fabric other than `except`.
async fn ensure_fabric_name_free(
    db: &impl ConnectionTrait,
    name: &str,
    except: Option<i32>,
) -> Result<()> {
    let mut query = fabric::Entity::find().filter(fabric::Column::Name.eq(name));
    if let Some(id) = except {
        query = query.filter(fabric::Column::Id.ne(id));
    }
    if query.one(db).await?.is_some() {
        return Err(fabric_name_taken(name));
    }
    Ok(())
}

/// Refuses a (repository, directory) pair used by a fabric other than `except`.
async fn ensure_directory_free(
    db: &impl ConnectionTrait,
    repo: &git_repository::Model,
    directory: &str,
    except: Option<i32>,
) -> Result<()> {
    let mut query = fabric::Entity::find()
        .filter(fabric::Column::GitRepositoryId.eq(repo.id))
        .filter(fabric::Column::GitopsDirectory.eq(directory));
    if let Some(id) = except {
        query = query.filter(fabric::Column::Id.ne(id));
    }
    if query.one(db).await?.is_some() {
        return Err(directory_taken(&repo.url, directory));
    }
    Ok(())
}

/// Maps a unique-index violation on `fabrics` (a concurrent insert/update) to the same errors as
/// the explicit checks.
fn fabric_write_error(
    error: sea_orm::DbErr,
    name: &str,
    repo: Option<&git_repository::Model>,
    directory: &str,
) -> Error {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => match repo {
            Some(repo) if message.contains("directory") => directory_taken(&repo.url, directory),
            _ => fabric_name_taken(name),
        },
        _ => Error::Database(error),
    }
}

/// A fabric row to insert, validated by the caller (except the directory's uniqueness).
struct NewFabricRow<'a> {
    name: String,
    repository: Option<&'a git_repository::Model>,
    directory: String,
    branch: Option<String>,
    description: Option<String>,
    sync_interval_seconds: i32,
}

/// Inserts a fabric and its `fabric.create` audit event in one transaction.
async fn insert_fabric(core: &Core, row: NewFabricRow<'_>, actor: &Actor) -> Result<fabric::Model> {
    let now = Utc::now();
    let txn = crate::db::begin_write(&core.db).await?;
    if let Some(repo) = row.repository {
        ensure_directory_free(&txn, repo, &row.directory, None).await?;
    }
    let fabric = fabric::ActiveModel {
        name: Set(row.name.clone()),
        description: Set(row.description.clone()),
        git_repository_id: Set(row.repository.map(|r| r.id)),
        gitops_directory: Set(row.directory.clone()),
        git_branch: Set(row.branch.clone()),
        gitops_directory_status: Set(DirectoryStatus::NotInitialized),
        created_at: Set(now),
        updated_at: Set(now),
        sync_interval_seconds: Set(row.sync_interval_seconds),
        kubernetes_namespace: Set("default".to_owned()),
        kubernetes_insecure_skip_tls_verify: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| fabric_write_error(e, &row.name, row.repository, &row.directory))?;
    let url = row.repository.map(|r| r.url.clone());
    let summary = match (&url, &row.branch) {
        (Some(url), Some(branch)) => format!(
            "created fabric {} on {url} ({}) branch {branch}",
            row.name, row.directory
        ),
        (Some(url), None) => format!("created fabric {} on {url} ({})", row.name, row.directory),
        (None, _) => format!("created fabric {} without a Git repository", row.name),
    };
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "fabric.create".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(summary),
            after: Some(serde_json::json!({
                "name": row.name,
                "repository": url,
                "directory": row.directory,
                "branch": row.branch,
                "description": row.description,
                "sync_interval_seconds": row.sync_interval_seconds,
            })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(fabric)
}

/// Hosting options of a new fabric's repository (`hnp fabric create --provider …
/// --github-api-url … --write-mode …`); `None` keeps the default (or the existing record's
/// value).
#[derive(Debug, Clone, Default)]
pub struct ProviderOptions {
    pub provider: Option<Provider>,
    pub github_api_url: Option<String>,
    pub write_mode: Option<WriteMode>,
}

/// Parses a provider name (`github`, `gitlab`, `generic`).
pub fn parse_provider(text: &str) -> Result<Provider> {
    match text {
        "github" => Ok(Provider::Github),
        "gitlab" => Ok(Provider::Gitlab),
        "generic" => Ok(Provider::Generic),
        other => Err(Error::validation(
            "provider",
            format!("unknown provider {other:?}: expected github, gitlab or generic"),
        )),
    }
}

/// Parses a write mode (`direct-push`, `pull-request`; `_` accepted too).
pub fn parse_write_mode(text: &str) -> Result<WriteMode> {
    match text {
        "direct-push" | "direct_push" => Ok(WriteMode::DirectPush),
        "pull-request" | "pull_request" => Ok(WriteMode::PullRequest),
        other => Err(Error::validation(
            "write_mode",
            format!("unknown write mode {other:?}: expected direct-push or pull-request"),
        )),
    }
}

/// Checks hosting options against each other: a GitHub API URL is valid and only for GitHub;
/// pull-request mode needs GitHub (the only provider whose pull requests HNP opens).
fn validate_provider_options(
    options: &ProviderOptions,
    url: &str,
    current: Option<Provider>,
) -> Result<(Provider, Option<String>)> {
    let provider = options
        .provider
        .or(current)
        .unwrap_or_else(|| provider_for(url));
    let api_url = options
        .github_api_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(crate::github::validate_api_url)
        .transpose()?;
    if api_url.is_some() && provider != Provider::Github {
        return Err(Error::validation(
            "github_api_url",
            format!("only for provider github (this repository is {provider})"),
        ));
    }
    if options.write_mode == Some(WriteMode::PullRequest) && provider != Provider::Github {
        return Err(Error::validation(
            "write_mode",
            format!("pull-request mode needs provider github (this repository is {provider})"),
        ));
    }
    if provider == Provider::Github {
        crate::github::repository_path(url)?;
        if api_url.is_none() {
            crate::github::default_api_url(url)?;
        }
    }
    Ok((provider, api_url))
}

/// Creates a fabric, reusing the repository record with the same URL or creating one. Without
/// an explicit branch, the remote is contacted and its default branch is used (`main` if the
/// remote has no HEAD).
pub async fn create_fabric(
    core: &Core,
    input: NewFabric,
    actor: &Actor,
) -> Result<(fabric::Model, git_repository::Model)> {
    create_fabric_with(core, input, ProviderOptions::default(), actor).await
}

/// [`create_fabric`] with hosting options: provider, GitHub API URL, write mode. Options given
/// for an existing repository record are applied to it.
pub async fn create_fabric_with(
    core: &Core,
    input: NewFabric,
    options: ProviderOptions,
    actor: &Actor,
) -> Result<(fabric::Model, git_repository::Model)> {
    let given = options.provider.is_some()
        || options.github_api_url.is_some()
        || options.write_mode.is_some();
    // A reused repository record keeps its provider unless one is given.
    let current = git_repository::Entity::find()
        .filter(git_repository::Column::Url.eq(input.repo_url.trim()))
        .one(&core.db)
        .await?
        .map(|r| r.provider);
    let (provider, github_api_url) =
        validate_provider_options(&options, input.repo_url.trim(), current)?;
    let name = validate_name("name", &input.name)?;
    ensure_fabric_name_free(&core.db, &name, None).await?;
    let url = input.repo_url.trim().to_owned();
    validate_repository_url(&url)?;
    let directory = normalize_directory(&input.directory)?;
    let branch = input
        .branch
        .as_deref()
        .filter(|b| !b.trim().is_empty())
        .map(|b| validate_branch("branch", b))
        .transpose()?;
    let prepared = PreparedRepository::new(
        core,
        RepositoryInput {
            name: None,
            url: url.clone(),
            provider: None,
            auth: input.auth,
            credentials: input.credentials,
            default_branch: None,
            write_mode: None,
            commit_author: input.commit_author,
            ssh_host_keys: input.ssh_host_keys,
            webhook_secret: None,
            github_api_url: None,
        },
    )?;

    let existing = git_repository::Entity::find()
        .filter(git_repository::Column::Url.eq(&url))
        .one(&core.db)
        .await?;
    let now = Utc::now();
    let prepared_auth = prepared.auth;
    let mut repo = match existing {
        // Reused as is: nothing given that would change it.
        Some(repo)
            if prepared.auth == AuthType::None
                && prepared.host_keys.is_none()
                && prepared.author.is_none() =>
        {
            repo
        }
        // Host keys and author given are applied; credentials only when given.
        Some(repo) => {
            let mut active: git_repository::ActiveModel = repo.into();
            if prepared.auth != AuthType::None {
                active.auth_type = Set(prepared.auth);
                active.encrypted_credentials = Set(prepared.encrypted_credentials);
            }
            if prepared.host_keys.is_some() {
                active.ssh_host_keys = Set(prepared.host_keys);
            }
            if let Some((name, email)) = prepared.author {
                active.commit_author_name = Set(name);
                active.commit_author_email = Set(email);
            }
            active.updated_at = Set(now);
            active.update(&core.db).await?
        }
        None => {
            let mut active = prepared.into_active_model(now);
            active.provider = Set(provider);
            active.github_api_url = Set(github_api_url.clone());
            if let Some(mode) = options.write_mode {
                active.write_mode = Set(mode);
            }
            active.insert(&core.db).await?
        }
    };
    if given
        && (repo.provider != provider
            || (github_api_url.is_some() && repo.github_api_url != github_api_url)
            || options.write_mode.is_some_and(|m| m != repo.write_mode))
    {
        if github_api_url.is_some()
            && repo.github_api_url != github_api_url
            && prepared_auth == AuthType::None
            && repo.encrypted_credentials.is_some()
        {
            ensure_same_api_host(&repo, github_api_url.as_deref())?;
        }
        let mut active: git_repository::ActiveModel = repo.into();
        active.provider = Set(provider);
        if github_api_url.is_some() {
            active.github_api_url = Set(github_api_url.clone());
        }
        if let Some(mode) = options.write_mode {
            active.write_mode = Set(mode);
        }
        active.updated_at = Set(now);
        repo = active.update(&core.db).await?;
    }

    let branch = match branch {
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
                    let head = refs.head.unwrap_or_else(|| DEFAULT_BRANCH.to_owned());
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

    let fabric = insert_fabric(
        core,
        NewFabricRow {
            name,
            repository: Some(&repo),
            directory,
            branch: Some(branch),
            description: None,
            sync_interval_seconds: DEFAULT_SYNC_INTERVAL_SECONDS,
        },
        actor,
    )
    .await?;
    Ok((fabric, repo))
}

/// Creates a repository record (the remote is not contacted). Fails with
/// [`Error::AlreadyExists`] when a repository with the same URL exists.
pub async fn create_repository(
    core: &Core,
    input: RepositoryInput,
    actor: &Actor,
) -> Result<git_repository::Model> {
    let prepared = PreparedRepository::new(core, input)?;
    let url = prepared.url.clone();
    let txn = crate::db::begin_write(&core.db).await?;
    if git_repository::Entity::find()
        .filter(git_repository::Column::Url.eq(&url))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(repository_exists(&url));
    }
    let repo = prepared
        .into_active_model(Utc::now())
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => repository_exists(&url),
            _ => Error::Database(e),
        })?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "git_repository.create".into(),
            target_type: "git_repository".into(),
            target_id: Some(repo.id.to_string()),
            summary: Some(format!("created git repository {} ({})", repo.name, repo.url)),
            after: Some(serde_json::json!({
                "name": repo.name,
                "url": repo.url,
                "provider": repo.provider,
                "auth_type": repo.auth_type,
                "default_branch": repo.default_branch,
                "write_mode": repo.write_mode,
                "commit_author": format!("{} <{}>", repo.commit_author_name, repo.commit_author_email),
                "ssh_host_keys": repo.ssh_host_keys,
                "has_credentials": repo.encrypted_credentials.is_some(),
                "has_webhook_secret": repo.encrypted_webhook_secret.is_some(),
                "github_api_url": repo.github_api_url,
            })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(repo)
}

/// Changes to a repository; `None` fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct RepositoryUpdate {
    pub name: Option<String>,
    /// A new auth type. Changing to token, basic or ssh-key needs `credentials`; `none` drops
    /// the stored credentials.
    pub auth: Option<AuthType>,
    /// New raw credential text (for `auth`, or the current auth type); replaces the stored one.
    pub credentials: Option<SecretString>,
    /// Drops the stored credentials; the auth type becomes `none`.
    pub clear_credentials: bool,
    pub default_branch: Option<String>,
    pub write_mode: Option<WriteMode>,
    /// `Name <email>`.
    pub commit_author: Option<String>,
    /// Replaces the pinned host keys (an empty list unpins).
    pub ssh_host_keys: Option<Vec<String>>,
    /// `Some(Some(secret))` sets the webhook secret, `Some(None)` removes it.
    pub webhook_secret: Option<Option<SecretString>>,
    /// `Some(Some(url))` sets the GitHub API URL override, `Some(None)` removes it.
    pub github_api_url: Option<Option<String>>,
}

/// Updates a repository. The audit event lists the names of the changed fields only.
pub async fn update_repository(
    core: &Core,
    id: i32,
    update: RepositoryUpdate,
    actor: &Actor,
) -> Result<git_repository::Model> {
    let txn = crate::db::begin_write(&core.db).await?;
    let repo = find_repository(&txn, id).await?;
    let mut active: git_repository::ActiveModel = repo.clone().into();
    let mut changed: Vec<&str> = Vec::new();

    if let Some(name) = &update.name {
        let name = validate_name("name", name)?;
        if name != repo.name {
            active.name = Set(name);
            changed.push("name");
        }
    }

    if update.clear_credentials {
        if update.credentials.is_some() {
            return Err(Error::validation(
                "credentials",
                "given together with clear_credentials",
            ));
        }
        if let Some(auth) = update.auth.filter(|a| *a != AuthType::None) {
            return Err(Error::validation(
                "auth",
                format!("clear_credentials leaves auth type none, but {auth} was asked for"),
            ));
        }
        if repo.auth_type != AuthType::None {
            active.auth_type = Set(AuthType::None);
            changed.push("auth");
        }
        if repo.encrypted_credentials.is_some() {
            active.encrypted_credentials = Set(None);
            changed.push("credentials");
        }
    } else if let Some(text) = &update.credentials {
        let auth = update.auth.unwrap_or(repo.auth_type);
        active.encrypted_credentials = Set(encrypt_credentials(core, auth, Some(text.expose()))?);
        if auth != repo.auth_type {
            active.auth_type = Set(auth);
            changed.push("auth");
        }
        changed.push("credentials");
    } else if let Some(auth) = update.auth.filter(|a| *a != repo.auth_type) {
        // A new auth type without credentials: only `none` needs none.
        active.encrypted_credentials = Set(encrypt_credentials(core, auth, None)?);
        active.auth_type = Set(auth);
        changed.push("auth");
        if repo.encrypted_credentials.is_some() {
            changed.push("credentials");
        }
    }

    if let Some(branch) = &update.default_branch {
        let branch = validate_branch("default_branch", branch)?;
        if branch != repo.default_branch {
            active.default_branch = Set(branch);
            changed.push("default_branch");
        }
    }
    if let Some(mode) = update.write_mode.filter(|m| *m != repo.write_mode) {
        active.write_mode = Set(mode);
        changed.push("write_mode");
    }
    if let Some(author) = &update.commit_author {
        let (name, email) = parse_commit_author(author)?;
        if name != repo.commit_author_name || email != repo.commit_author_email {
            active.commit_author_name = Set(name);
            active.commit_author_email = Set(email);
            changed.push("commit_author");
        }
    }
    if let Some(keys) = &update.ssh_host_keys {
        let keys = host_keys_value(keys)?;
        if keys != repo.ssh_host_keys {
            active.ssh_host_keys = Set(keys);
            changed.push("ssh_host_keys");
        }
    }
    if let Some(url) = &update.github_api_url {
        let url = github_api_url_for(repo.provider, url.as_deref())?;
        if url != repo.github_api_url {
            // The stored token is only ever sent to the API host it was saved for.
            let credentials_resent = update.credentials.is_some() || update.clear_credentials;
            if !credentials_resent && repo.encrypted_credentials.is_some() {
                ensure_same_api_host(&repo, url.as_deref())?;
            }
            active.github_api_url = Set(url);
            changed.push("github_api_url");
        }
    }
    let access_changed = changed
        .iter()
        .any(|f| matches!(*f, "auth" | "credentials" | "ssh_host_keys"));
    match &update.webhook_secret {
        Some(Some(secret)) => {
            active.encrypted_webhook_secret =
                Set(Some(encrypt_webhook_secret(core, secret.expose())?));
            changed.push("webhook_secret");
        }
        Some(None) if repo.encrypted_webhook_secret.is_some() => {
            active.encrypted_webhook_secret = Set(None);
            changed.push("webhook_secret");
        }
        _ => {}
    }

    if changed.is_empty() {
        return Ok(repo);
    }
    if access_changed {
        // The last connection test no longer says anything about the new settings.
        active.connection_status = Set(ConnectionStatus::Untested);
        active.validation_error = Set(None);
    }
    active.updated_at = Set(Utc::now());
    let repo = active.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "git_repository.update".into(),
            target_type: "git_repository".into(),
            target_id: Some(repo.id.to_string()),
            summary: Some(format!(
                "updated git repository {}: {}",
                repo.name,
                changed.join(", ")
            )),
            after: Some(serde_json::json!({ "changed": changed })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(repo)
}

/// Deletes a repository no fabric uses.
pub async fn delete_repository(core: &Core, id: i32, actor: &Actor) -> Result<()> {
    let txn = crate::db::begin_write(&core.db).await?;
    let repo = find_repository(&txn, id).await?;
    let users: Vec<String> = fabric::Entity::find()
        .filter(fabric::Column::GitRepositoryId.eq(id))
        .order_by_asc(fabric::Column::Name)
        .all(&txn)
        .await?
        .into_iter()
        .map(|f| f.name)
        .collect();
    if !users.is_empty() {
        return Err(Error::validation(
            "id",
            format!(
                "repository {} is used by fabric(s) {}; delete or move them first",
                repo.url,
                users.join(", ")
            ),
        ));
    }
    git_repository::Entity::delete_by_id(id)
        .exec(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            // A fabric was attached concurrently (the foreign key restricts the delete).
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => Error::validation(
                "id",
                format!(
                    "repository {} is used by a fabric; delete or move it first",
                    repo.url
                ),
            ),
            _ => Error::Database(e),
        })?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "git_repository.delete".into(),
            target_type: "git_repository".into(),
            target_id: Some(id.to_string()),
            summary: Some(format!(
                "deleted git repository {} ({})",
                repo.name, repo.url
            )),
            before: Some(serde_json::json!({ "name": repo.name, "url": repo.url })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Input of [`create_fabric_for`].
#[derive(Debug, Clone)]
pub struct FabricInput {
    pub name: String,
    /// The repository holding the fabric's files; a fabric may exist without one.
    pub git_repository_id: Option<i32>,
    pub directory: String,
    /// Default: the repository's `default_branch` (the remote is not contacted).
    pub branch: Option<String>,
    pub description: Option<String>,
    /// Default 120; 30 to 86400.
    pub sync_interval_seconds: Option<i32>,
}

fn clean_description(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Creates a fabric on an existing repository (or none), without contacting the remote.
pub async fn create_fabric_for(
    core: &Core,
    input: FabricInput,
    actor: &Actor,
) -> Result<fabric::Model> {
    let name = validate_name("name", &input.name)?;
    let directory = normalize_directory(&input.directory)?;
    let sync_interval_seconds = validate_sync_interval(
        input
            .sync_interval_seconds
            .unwrap_or(DEFAULT_SYNC_INTERVAL_SECONDS),
    )?;
    let branch = input
        .branch
        .as_deref()
        .map(|b| validate_branch("branch", b))
        .transpose()?;
    ensure_fabric_name_free(&core.db, &name, None).await?;
    let repo = match input.git_repository_id {
        Some(id) => Some(find_repository(&core.db, id).await?),
        None => None,
    };
    let branch = branch.or_else(|| repo.as_ref().map(|r| r.default_branch.clone()));
    insert_fabric(
        core,
        NewFabricRow {
            name,
            repository: repo.as_ref(),
            directory,
            branch,
            description: input.description.as_deref().and_then(clean_description),
            sync_interval_seconds,
        },
        actor,
    )
    .await
}

/// Changes to a fabric; `None` fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct FabricUpdate {
    pub name: Option<String>,
    /// `Some(None)` removes the description.
    pub description: Option<Option<String>>,
    /// `Some(None)` detaches the fabric from its repository.
    pub git_repository_id: Option<Option<i32>>,
    pub directory: Option<String>,
    /// `Some(None)` follows the repository's default branch.
    pub branch: Option<Option<String>>,
    pub sync_interval_seconds: Option<i32>,
}

/// Updates a fabric. Moving it to another repository or directory forgets the ingested commit
/// (the next sync reads everything again); moving it to another repository without a branch
/// given switches to that repository's default branch. The audit event lists the names of the
/// changed fields only.
pub async fn update_fabric(
    core: &Core,
    id: i32,
    update: FabricUpdate,
    actor: &Actor,
) -> Result<fabric::Model> {
    let txn = crate::db::begin_write(&core.db).await?;
    let current = find_fabric_by_id(&txn, id).await?;
    let mut active: fabric::ActiveModel = current.clone().into();
    let mut changed: Vec<&str> = Vec::new();

    let mut name = current.name.clone();
    if let Some(new_name) = &update.name {
        let new_name = validate_name("name", new_name)?;
        if new_name != current.name {
            ensure_fabric_name_free(&txn, &new_name, Some(id)).await?;
            name = new_name;
            active.name = Set(name.clone());
            changed.push("name");
        }
    }
    if let Some(description) = &update.description {
        let description = description.as_deref().and_then(clean_description);
        if description != current.description {
            active.description = Set(description);
            changed.push("description");
        }
    }
    let mut repo_id = current.git_repository_id;
    if let Some(new_id) = update.git_repository_id
        && new_id != current.git_repository_id
    {
        repo_id = new_id;
        active.git_repository_id = Set(new_id);
        changed.push("git_repository_id");
    }
    let repo = match repo_id {
        Some(repo_id) => Some(find_repository(&txn, repo_id).await?),
        None => None,
    };
    let mut directory = current.gitops_directory.clone();
    if let Some(new_directory) = &update.directory {
        let new_directory = normalize_directory(new_directory)?;
        if new_directory != current.gitops_directory {
            directory = new_directory;
            active.gitops_directory = Set(directory.clone());
            changed.push("directory");
        }
    }
    let moved = changed.contains(&"git_repository_id") || changed.contains(&"directory");
    let branch = match &update.branch {
        Some(Some(branch)) => Some(validate_branch("branch", branch)?),
        Some(None) => None,
        None if changed.contains(&"git_repository_id") => {
            repo.as_ref().map(|r| r.default_branch.clone())
        }
        None => current.git_branch.clone(),
    };
    if branch != current.git_branch {
        active.git_branch = Set(branch);
        changed.push("branch");
    }
    if let Some(seconds) = update.sync_interval_seconds {
        let seconds = validate_sync_interval(seconds)?;
        if seconds != current.sync_interval_seconds {
            active.sync_interval_seconds = Set(seconds);
            changed.push("sync_interval_seconds");
        }
    }

    if changed.is_empty() {
        return Ok(current);
    }
    if moved {
        if let Some(repo) = &repo {
            ensure_directory_free(&txn, repo, &directory, Some(id)).await?;
        }
        // Another tree: the next sync reads everything again.
        active.desired_state_commit = Set(None);
        active.gitops_directory_status = Set(DirectoryStatus::NotInitialized);
        active.file_status = Set(None);
    }
    if moved || changed.contains(&"branch") {
        active.remote_head_commit = Set(None);
    }
    active.updated_at = Set(Utc::now());
    let fabric = active
        .update(&txn)
        .await
        .map_err(|e| fabric_write_error(e, &name, repo.as_ref(), &directory))?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "fabric.update".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!(
                "updated fabric {}: {}",
                fabric.name,
                changed.join(", ")
            )),
            after: Some(serde_json::json!({ "changed": changed })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(fabric)
}

/// Deletes a fabric with its resources, operations, conflicts and flag overrides (cascading
/// foreign keys). The audit event keeps the id in `target_id` (its `fabric_id` would be cleared
/// by the schema's `ON DELETE SET NULL`).
pub async fn delete_fabric(core: &Core, id: i32, actor: &Actor) -> Result<()> {
    let txn = crate::db::begin_write(&core.db).await?;
    let fabric = find_fabric_by_id(&txn, id).await?;
    let resources = resource::Entity::find()
        .filter(resource::Column::FabricId.eq(id))
        .count(&txn)
        .await?;
    fabric::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "fabric.delete".into(),
            target_type: "fabric".into(),
            target_id: Some(id.to_string()),
            fabric_id: None,
            summary: Some(format!(
                "deleted fabric {} with {resources} resource(s)",
                fabric.name
            )),
            before: Some(serde_json::json!({
                "name": fabric.name,
                "git_repository_id": fabric.git_repository_id,
                "directory": fabric.gitops_directory,
                "branch": fabric.git_branch,
                "resources": resources,
            })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
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
    /// `auth`, `not_found`, `network`, `tls` or `other` when the remote could not be listed;
    /// for GitHub also `permission` (no push permission) and `rate_limited`.
    pub error_kind: Option<String>,
    pub error: Option<String>,
    /// GitHub repositories: metadata, the token's permissions, branch protection and the
    /// rate limit, through the REST API.
    pub github: Option<crate::github::GithubCheck>,
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
        github: None,
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
    if repo.provider == Provider::Github && report.error.is_none() {
        let protected_branch = branch.map(str::to_owned).or(report.default_branch.clone());
        let check = crate::github::check(core, repo, protected_branch.as_deref()).await;
        if let Some(error) = &check.error {
            report.ok = false;
            report.error_kind = check.error_kind.clone();
            report.error = Some(error.clone());
        }
        report.github = Some(check);
    }
    // The GitHub check stored a rate-limit snapshot: do not overwrite it with this copy.
    let repo = &git_repository::Entity::find_by_id(repo.id)
        .one(&core.db)
        .await?
        .unwrap_or_else(|| repo.clone());
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
    fn repository_urls_refuse_transports_disguised_as_scp_syntax() {
        for good in [
            "git@github.com:o/r.git",
            "deploy_user@git.example-1.com:team/repo",
            "https://git.example/r.git",
            "file:///srv/git/r.git",
        ] {
            assert!(validate_repository_url(good).is_ok(), "{good}");
        }
        for bad in [
            "ext::sh -c touch% /tmp/p@localhost:fabric.git",
            "ext::sh@x:y",
            "-oProxyCommand=x@h:p",
            "git@host::p",
            "user@ho st:p",
            "fd::17@h:p",
        ] {
            let err = validate_repository_url(bad).unwrap_err().to_string();
            assert!(err.starts_with("url:"), "{bad}: {err}");
        }
    }

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
