//! Sync operation listings and lookups.

use hnp_entity::sync_operation;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::{Error, Result};

/// One page of operations (of one fabric, or all), newest first, with the total.
pub async fn page(
    db: &impl ConnectionTrait,
    fabric_id: Option<i32>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<sync_operation::Model>, u64)> {
    let mut query = sync_operation::Entity::find();
    if let Some(id) = fabric_id {
        query = query.filter(sync_operation::Column::FabricId.eq(id));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(sync_operation::Column::CreatedAt)
        .order_by_desc(sync_operation::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// An operation by id.
pub async fn by_id(db: &impl ConnectionTrait, id: &str) -> Result<Option<sync_operation::Model>> {
    Ok(sync_operation::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?)
}

/// An operation by id, or NOT_FOUND (`sync operation <id> not found`).
pub async fn get(db: &impl ConnectionTrait, id: &str) -> Result<sync_operation::Model> {
    by_id(db, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("sync operation {id}")))
}

/// The message of the commit an operation built: a dry run's (`details.commit`, on no branch)
/// or the one it pushed (`commit_sha`), read from this server's Git cache (no fetch). `None`
/// without a commit, for a fabric without repository, or when the cache does not hold it (the
/// operation ran in a worker on another machine, or the cache was pruned).
pub async fn commit_message(
    core: &crate::context::Core,
    op: &sync_operation::Model,
) -> Result<Option<String>> {
    let sha = op
        .details
        .as_ref()
        .and_then(|d| d.get("commit"))
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .or_else(|| op.commit_sha.clone());
    let Some(sha) = sha else {
        return Ok(None);
    };
    let Some(fabric) = super::fabrics::by_id(&core.db, op.fabric_id).await? else {
        return Ok(None);
    };
    let Some(repo_id) = fabric.git_repository_id else {
        return Ok(None);
    };
    let Some(repo) = super::repositories::by_id(&core.db, repo_id).await? else {
        return Ok(None);
    };
    let git = core.git.clone();
    let message = tokio::task::spawn_blocking(move || {
        git.open(&repo.url)
            .and_then(|cache| cache.commit_info(&sha))
            .map(|(message, _)| message)
            .ok()
    })
    .await
    .map_err(|e| Error::Io(format!("background task failed: {e}")))?;
    Ok(message)
}
