//! The repository connection test: list refs with the stored credentials (and the GitHub
//! checks for GitHub repositories).

use super::*;

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

pub(crate) fn error_kind(error: &git::GitError) -> &'static str {
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
/// `validation_error`). Audited as `git_repository.test_connection`.
pub async fn test_connection(
    core: &Core,
    repo: &git_repository::Model,
    branch: Option<&str>,
    actor: &Actor,
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
    audit::record(
        &core.db,
        actor,
        audit::Entry {
            action: "git_repository.test_connection".into(),
            target_type: "git_repository".into(),
            target_id: Some(repo.id.to_string()),
            summary: Some(format!(
                "connection test of {}: {}",
                repo.url,
                if report.ok { "ok" } else { "failed" }
            )),
            ..Default::default()
        },
    )
    .await?;
    Ok(report)
}
