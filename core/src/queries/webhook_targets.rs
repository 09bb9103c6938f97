//! Which repositories and fabrics a GitHub webhook delivery is for.

use hnp_entity::{fabric, git_repository};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::context::Core;
use crate::error::Result;
use crate::webhooks;

/// The repositories whose URL is one of the payload's repository URLs.
pub async fn matching_repositories(
    core: &Core,
    urls: &[String],
) -> Result<Vec<git_repository::Model>> {
    Ok(git_repository::Entity::find()
        .all(&core.db)
        .await?
        .into_iter()
        .filter(|r| webhooks::matches_repository(&r.url, urls))
        .collect())
}

/// Those of `repositories` whose webhook secret verifies `body` against `signature`
/// (`X-Hub-Signature-256`, constant-time). A repository without a secret, or whose secret
/// cannot be decrypted, verifies nothing.
pub fn verified(
    core: &Core,
    repositories: Vec<git_repository::Model>,
    body: &[u8],
    signature: &str,
) -> Vec<git_repository::Model> {
    repositories
        .into_iter()
        .filter(|repo| {
            let Some(encrypted) = &repo.encrypted_webhook_secret else {
                return false;
            };
            core.vault
                .decrypt_str(crate::repositories::WEBHOOK_SECRET_PURPOSE, encrypted)
                .map(|secret| webhooks::verify_signature(secret.as_bytes(), body, Some(signature)))
                .unwrap_or(false)
        })
        .collect()
}

/// Ids of the fabrics of `repositories` that follow `branch`.
pub async fn fabrics_following(
    core: &Core,
    repositories: &[git_repository::Model],
    branch: &str,
) -> Result<Vec<i32>> {
    let ids: Vec<i32> = repositories.iter().map(|r| r.id).collect();
    let fabrics = fabric::Entity::find()
        .filter(fabric::Column::GitRepositoryId.is_in(ids))
        .all(&core.db)
        .await?;
    Ok(fabrics
        .iter()
        .filter(|f| {
            repositories
                .iter()
                .find(|r| Some(r.id) == f.git_repository_id)
                .is_some_and(|repo| crate::repositories::fabric_branch(f, repo) == branch)
        })
        .map(|f| f.id)
        .collect())
}
