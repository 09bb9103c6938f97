//! Fabric changes: updates (name, description, repository, directory, branch, interval) and
//! deletion.

use super::*;

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
