//! Fabric listings.

use hnp_entity::{fabric, git_repository};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::{Error, Result};
use crate::status::{self, SyncStatus};

/// A fabric with its repository and computed status.
#[derive(Debug, Clone)]
pub struct FabricSummary {
    pub fabric: fabric::Model,
    pub repository: Option<git_repository::Model>,
    pub sync_status: SyncStatus,
}

/// Every fabric, by name.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<fabric::Model>> {
    Ok(fabric::Entity::find()
        .order_by_asc(fabric::Column::Name)
        .all(db)
        .await?)
}

/// The fabrics with a Git repository (the ones detection checks), by name.
pub async fn with_repository(db: &impl ConnectionTrait) -> Result<Vec<fabric::Model>> {
    Ok(fabric::Entity::find()
        .filter(fabric::Column::GitRepositoryId.is_not_null())
        .order_by_asc(fabric::Column::Name)
        .all(db)
        .await?)
}

/// The fabrics of a repository, by name.
pub async fn of_repository(
    db: &impl ConnectionTrait,
    repository_id: i32,
) -> Result<Vec<fabric::Model>> {
    Ok(fabric::Entity::find()
        .filter(fabric::Column::GitRepositoryId.eq(repository_id))
        .order_by_asc(fabric::Column::Name)
        .all(db)
        .await?)
}

/// A fabric by id.
pub async fn by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<fabric::Model>> {
    Ok(fabric::Entity::find_by_id(id).one(db).await?)
}

/// A fabric by id, or NOT_FOUND (`fabric <id> not found`).
pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<fabric::Model> {
    by_id(db, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("fabric {id}")))
}

/// One page of fabrics by id, with the total: the page's repositories in one statement, the
/// statuses from one batch of [`counters`].
pub async fn page(
    db: &impl ConnectionTrait,
    limit: u64,
    offset: u64,
) -> Result<(u64, Vec<FabricSummary>)> {
    let count = fabric::Entity::find().count(db).await?;
    let rows = fabric::Entity::find()
        .order_by_asc(fabric::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    let repository_ids: Vec<i32> = rows.iter().filter_map(|f| f.git_repository_id).collect();
    let repositories = git_repository::Entity::find()
        .filter(git_repository::Column::Id.is_in(repository_ids))
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|f| f.id).collect();
    let counters = counters(db, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for fabric in rows {
        let repository = repositories
            .iter()
            .find(|r| Some(r.id) == fabric.git_repository_id)
            .cloned();
        let sync_status = status::from_counters(
            &fabric,
            &counters.get(&fabric.id).cloned().unwrap_or_default(),
        );
        out.push(FabricSummary {
            fabric,
            repository,
            sync_status,
        });
    }
    Ok((count, out))
}

/// Per-fabric figures the API shows with every fabric, read for many fabrics at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FabricCounters {
    /// Resources (from `resource_counts`, kept by triggers).
    pub resources: u64,
    pub pending_drafts: u64,
    pub open_conflicts: u64,
    /// Resources with spec drift, or only desired, or only actual.
    pub drifted: u64,
    /// Of `drifted`, the resources only in the cluster (orphans: not in Git).
    pub actual_only: u64,
    /// Resources whose desired state breaks an admission rule.
    pub invalid: u64,
    /// Operations queued or running.
    pub busy: u64,
    /// Status of the most recently created operation.
    pub last_status: Option<hnp_entity::enums::OperationStatus>,
    /// When the last finished operation finished.
    pub last_finished: Option<chrono::DateTime<chrono::Utc>>,
}

/// [`FabricCounters`] of `fabric_ids` in seven statements, whatever their number (fabrics
/// without rows get zeros).
pub async fn counters(
    db: &impl ConnectionTrait,
    fabric_ids: &[i32],
) -> Result<std::collections::HashMap<i32, FabricCounters>> {
    use hnp_entity::enums::{ConflictState, DriftStatus, OperationStatus};
    use hnp_entity::{conflict, resource, sync_operation};
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
    use std::collections::HashMap;

    let mut out: HashMap<i32, FabricCounters> = fabric_ids
        .iter()
        .map(|id| (*id, FabricCounters::default()))
        .collect();
    if fabric_ids.is_empty() {
        return Ok(out);
    }
    let ids = fabric_ids.to_vec();

    // Resources, from the trigger-kept totals.
    let totals = Query::select()
        .column(Alias::new("fabric_id"))
        .column(Alias::new("total"))
        .from(Alias::new("resource_counts"))
        .and_where(Expr::col(Alias::new("fabric_id")).is_in(ids.clone()))
        .to_owned();
    for row in db.query_all(&totals).await? {
        let id: i32 = row.try_get("", "fabric_id")?;
        let total: i64 = row.try_get("", "total")?;
        if let Some(c) = out.get_mut(&id) {
            c.resources = Ord::max(total, 0) as u64;
        }
    }

    // Counts of resources and conflicts by fabric.
    let count_by_fabric = |rows: Vec<(i32, i64)>,
                           out: &mut HashMap<i32, FabricCounters>,
                           set: fn(&mut FabricCounters, u64)| {
        for (id, n) in rows {
            if let Some(c) = out.get_mut(&id) {
                set(c, Ord::max(n, 0) as u64);
            }
        }
    };
    let resource_counts = |filter: sea_orm::Condition| {
        resource::Entity::find()
            .select_only()
            .column(resource::Column::FabricId)
            .column_as(resource::Column::Id.count(), "n")
            .filter(resource::Column::FabricId.is_in(ids.clone()))
            .filter(filter)
            .group_by(resource::Column::FabricId)
            .into_tuple::<(i32, i64)>()
    };
    let drafts = resource_counts(
        sea_orm::Condition::all().add(resource::Column::DraftOperation.is_not_null()),
    )
    .all(db)
    .await?;
    count_by_fabric(drafts, &mut out, |c, n| c.pending_drafts = n);
    // Drifted resources by fabric and drift status, in one statement.
    let drifted: Vec<(i32, DriftStatus, i64)> = resource::Entity::find()
        .select_only()
        .column(resource::Column::FabricId)
        .column(resource::Column::DriftStatus)
        .column_as(resource::Column::Id.count(), "n")
        .filter(resource::Column::FabricId.is_in(ids.clone()))
        .filter(resource::Column::DriftStatus.is_in([
            DriftStatus::SpecDrift,
            DriftStatus::DesiredOnly,
            DriftStatus::ActualOnly,
        ]))
        .group_by(resource::Column::FabricId)
        .group_by(resource::Column::DriftStatus)
        .into_tuple()
        .all(db)
        .await?;
    for (id, status, n) in drifted {
        if let Some(c) = out.get_mut(&id) {
            let n = Ord::max(n, 0) as u64;
            c.drifted += n;
            if status == DriftStatus::ActualOnly {
                c.actual_only += n;
            }
        }
    }
    let invalid = resource_counts(
        sea_orm::Condition::all().add(resource::Column::AdmissionErrors.is_not_null()),
    )
    .all(db)
    .await?;
    count_by_fabric(invalid, &mut out, |c, n| c.invalid = n);
    let conflicts: Vec<(i32, i64)> = conflict::Entity::find()
        .select_only()
        .column(conflict::Column::FabricId)
        .column_as(conflict::Column::Id.count(), "n")
        .filter(conflict::Column::FabricId.is_in(ids.clone()))
        .filter(conflict::Column::Status.eq(ConflictState::Open))
        .group_by(conflict::Column::FabricId)
        .into_tuple()
        .all(db)
        .await?;
    count_by_fabric(conflicts, &mut out, |c, n| c.open_conflicts = n);

    // Operations: busy ones, the last finished, the status of the newest.
    let ops: Vec<(
        i32,
        OperationStatus,
        i64,
        Option<chrono::DateTime<chrono::Utc>>,
    )> = sync_operation::Entity::find()
        .select_only()
        .column(sync_operation::Column::FabricId)
        .column(sync_operation::Column::Status)
        .column_as(sync_operation::Column::Id.count(), "n")
        .column_as(sync_operation::Column::FinishedAt.max(), "last_finished")
        .filter(sync_operation::Column::FabricId.is_in(ids.clone()))
        .group_by(sync_operation::Column::FabricId)
        .group_by(sync_operation::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    for (id, status, n, finished) in ops {
        let Some(c) = out.get_mut(&id) else { continue };
        if matches!(status, OperationStatus::Queued | OperationStatus::Running) {
            c.busy += Ord::max(n, 0) as u64;
        }
        if finished.is_some() && finished > c.last_finished {
            c.last_finished = finished;
        }
    }
    // The newest operation of each fabric (ties on created_at broken by the greatest id).
    let newest = sync_operation::Entity::find()
        .filter(sync_operation::Column::FabricId.is_in(ids.clone()))
        .filter(
            Expr::col((sync_operation::Entity, sync_operation::Column::CreatedAt)).in_subquery(
                Query::select()
                    .expr(Expr::col((Alias::new("o"), sync_operation::Column::CreatedAt)).max())
                    .from_as(sync_operation::Entity, Alias::new("o"))
                    .and_where(
                        Expr::col((Alias::new("o"), sync_operation::Column::FabricId))
                            .equals((sync_operation::Entity, sync_operation::Column::FabricId)),
                    )
                    .to_owned(),
            ),
        )
        .select_only()
        .column(sync_operation::Column::FabricId)
        .column(sync_operation::Column::Status)
        .column(sync_operation::Column::Id)
        .into_tuple::<(i32, OperationStatus, String)>()
        .all(db)
        .await?;
    let mut chosen: HashMap<i32, String> = HashMap::new();
    for (id, status, op_id) in newest {
        let Some(c) = out.get_mut(&id) else { continue };
        if chosen.get(&id).is_none_or(|best| op_id > *best) {
            chosen.insert(id, op_id);
            c.last_status = Some(status);
        }
    }
    Ok(out)
}

/// When the fabric's cluster was last read: the end of its newest finished cluster read
/// (succeeded or partially); `None` before the first one (or once cleanup removed them all,
/// see [`crate::operations::KEEP_LAST`]).
pub async fn last_cluster_read(
    db: &impl ConnectionTrait,
    fabric_id: i32,
) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    use hnp_entity::enums::{OperationDirection, OperationStatus};
    use hnp_entity::sync_operation::{Column as C, Entity};
    let at: Option<Option<chrono::DateTime<chrono::Utc>>> = Entity::find()
        .select_only()
        .column(C::FinishedAt)
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::Direction.eq(OperationDirection::ClusterRead))
        .filter(C::Status.is_in([
            OperationStatus::Succeeded,
            OperationStatus::PartiallySucceeded,
        ]))
        .filter(C::FinishedAt.is_not_null())
        .order_by_desc(C::FinishedAt)
        .into_tuple()
        .one(db)
        .await?;
    Ok(at.flatten())
}
