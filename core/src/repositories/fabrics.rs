//! Fabric records: creation (also with a new or reused repository) and lookups; updates and
//! deletion are in `fabric_changes`.

use super::*;

/// Input of [`create_fabric`].
#[derive(Debug, Clone)]
pub struct NewFabric {
    pub name: String,
    pub repo_url: String,
    pub directory: String,
    pub branch: Option<String>,
    pub auth: AuthType,
    /// Raw credential text for `auth` (see `credentials_from_text` for formats).
    pub credentials: Option<SecretString>,
    /// SSH host keys to pin (`SHA256:<base64>`, as `ssh-keygen -lf` prints them).
    pub ssh_host_keys: Vec<String>,
    /// Author and committer of write-back commits, `Name <email>` (default `HNP Sync
    /// <hnp-sync@localhost>`).
    pub commit_author: Option<String>,
}

pub(crate) async fn find_fabric_by_id(db: &impl ConnectionTrait, id: i32) -> Result<fabric::Model> {
    fabric::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found(format!("fabric {id}")))
}

pub(crate) fn fabric_name_taken(name: &str) -> Error {
    Error::AlreadyExists(format!("fabric {name:?} already exists"))
}

pub(crate) fn directory_taken(url: &str, directory: &str) -> Error {
    Error::AlreadyExists(format!(
        "repository {url} directory {directory:?} already belongs to another fabric"
    ))
}

/// Refuses a fabric name used by a fabric other than `except`.
pub(crate) async fn ensure_fabric_name_free(
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
pub(crate) async fn ensure_directory_free(
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
pub(crate) fn fabric_write_error(
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
pub(crate) struct NewFabricRow<'a> {
    name: String,
    repository: Option<&'a git_repository::Model>,
    directory: String,
    branch: Option<String>,
    description: Option<String>,
    sync_interval_seconds: i32,
}

/// Inserts a fabric and its `fabric.create` audit event in one transaction.
pub(crate) async fn insert_fabric(
    core: &Core,
    row: NewFabricRow<'_>,
    actor: &Actor,
) -> Result<fabric::Model> {
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

/// Checks hosting options against each other: a GitHub API URL is valid and only for GitHub;
/// pull-request mode needs GitHub (the only provider whose pull requests HNP opens).
pub(crate) fn validate_provider_options(
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
            match active.insert(&core.db).await {
                Ok(repo) => repo,
                // Recorded meanwhile by a concurrent request for the same URL: reused, as if
                // it had been there first.
                Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    git_repository::Entity::find()
                        .filter(git_repository::Column::Url.eq(&url))
                        .one(&core.db)
                        .await?
                        .ok_or(e)?
                }
                Err(e) => return Err(e.into()),
            }
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

pub(crate) fn clean_description(text: &str) -> Option<String> {
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

/// Records a detection check of `fabric`: checked now, its remote branch at `head` (`None`
/// when the branch is missing). Only those two columns are written.
pub async fn record_remote_head(
    db: &impl ConnectionTrait,
    fabric: &fabric::Model,
    head: Option<String>,
) -> Result<fabric::Model> {
    let mut active: fabric::ActiveModel = fabric.clone().into();
    active.last_checked_at = Set(Some(Utc::now()));
    active.remote_head_commit = Set(head);
    Ok(active.update(db).await?)
}

/// The branch a fabric follows.
pub fn fabric_branch(fabric: &fabric::Model, repo: &git_repository::Model) -> String {
    fabric
        .git_branch
        .clone()
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| repo.default_branch.clone())
}
