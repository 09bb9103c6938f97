//! Git repositories and fabrics: creation, credentials, remote access settings.
//!
//! `mod.rs` holds the repository records (create, update, delete, GitHub API host binding);
//! `fabrics` the fabric records (`fabric_changes` their updates and deletion), `credentials`
//! the credential forms and their encryption, `validation` the parsers and validators of
//! settings, `connection` the connection test.

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

mod connection;
mod credentials;
mod fabric_changes;
mod fabrics;
mod validation;

pub use connection::*;
pub use credentials::*;
pub use fabric_changes::*;
pub use fabrics::*;
pub use validation::*;

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

fn repository_exists(url: &str) -> Error {
    Error::AlreadyExists(format!("a git repository with URL {url} already exists"))
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
