//! Figures for `/metrics` that must agree across API processes, read from the database.

use hnp_entity::enums::{ConflictState, DriftStatus, OperationDirection, OperationStatus};
use hnp_entity::{conflict, git_repository, operation_convergence, resource, sync_operation};
use sea_orm::prelude::DateTimeUtc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::Result;

/// How many finished operations feed the duration histogram.
pub const DURATION_SAMPLE: u64 = 10_000;

/// One scrape's database figures.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MetricsSnapshot {
    /// Durations in seconds of the last [`DURATION_SAMPLE`] finished operations, by direction.
    pub durations: Vec<(OperationDirection, f64)>,
    /// Commit → applied seconds of the last [`DURATION_SAMPLE`] write-backs whose switches
    /// applied them (see `crate::cluster::convergence`).
    pub convergence: Vec<f64>,
    /// Operations by direction and status.
    pub operations: Vec<(OperationDirection, OperationStatus, i64)>,
    pub open_conflicts: u64,
    /// Resources whose desired and actual state differ (spec drift, desired or actual only).
    pub drifted: u64,
    /// GitHub rate limits as last seen by any process: (repository URL, remaining, limit).
    pub github_rate_limits: Vec<(String, i64, i64)>,
    /// Per fabric (by name): its drift, ignored paths, conflicts, drafts, invalid resources and
    /// switches whose Agent has not applied their configuration.
    pub fabrics: Vec<(String, FabricFigures)>,
}

/// One fabric's figures for the per-fabric gauges.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FabricFigures {
    pub drifted: u64,
    pub ignored_paths: u64,
    pub open_conflicts: u64,
    pub pending_drafts: u64,
    pub invalid: u64,
    /// Switches whose Agent is not `APPLIED` (pending, stale or not seen).
    pub switches_not_converged: u64,
}

impl MetricsSnapshot {
    /// Operations waiting in the queue.
    pub fn queued(&self) -> i64 {
        self.operations
            .iter()
            .filter(|(_, status, _)| *status == OperationStatus::Queued)
            .map(|(_, _, count)| count)
            .sum()
    }
}

/// Reads the snapshot.
pub async fn snapshot(db: &impl ConnectionTrait) -> Result<MetricsSnapshot> {
    let finished: Vec<(OperationDirection, Option<DateTimeUtc>, Option<DateTimeUtc>)> =
        sync_operation::Entity::find()
            .select_only()
            .column(sync_operation::Column::Direction)
            .column(sync_operation::Column::StartedAt)
            .column(sync_operation::Column::FinishedAt)
            .filter(sync_operation::Column::FinishedAt.is_not_null())
            .filter(sync_operation::Column::StartedAt.is_not_null())
            .order_by_desc(sync_operation::Column::FinishedAt)
            .limit(DURATION_SAMPLE)
            .into_tuple()
            .all(db)
            .await?;
    let durations = finished
        .into_iter()
        .filter_map(|(direction, started, finished)| {
            let seconds = (finished? - started?).num_milliseconds().max(0) as f64 / 1000.0;
            Some((direction, seconds))
        })
        .collect();
    let convergence: Vec<f64> = operation_convergence::Entity::find()
        .select_only()
        .column(operation_convergence::Column::CommittedAt)
        .column(operation_convergence::Column::AppliedAt)
        .filter(operation_convergence::Column::AppliedAt.is_not_null())
        .order_by_desc(operation_convergence::Column::AppliedAt)
        .limit(DURATION_SAMPLE)
        .into_tuple::<(DateTimeUtc, Option<DateTimeUtc>)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(committed, applied)| {
            Some((applied? - committed).num_milliseconds().max(0) as f64 / 1000.0)
        })
        .collect();
    let operations: Vec<(OperationDirection, OperationStatus, i64)> =
        sync_operation::Entity::find()
            .select_only()
            .column(sync_operation::Column::Direction)
            .column(sync_operation::Column::Status)
            .column_as(sync_operation::Column::Id.count(), "count")
            .group_by(sync_operation::Column::Direction)
            .group_by(sync_operation::Column::Status)
            .into_tuple()
            .all(db)
            .await?;
    let open_conflicts = conflict::Entity::find()
        .filter(conflict::Column::Status.eq(ConflictState::Open))
        .count(db)
        .await?;
    let drifted = resource::Entity::find()
        .filter(resource::Column::DriftStatus.is_in([
            DriftStatus::SpecDrift,
            DriftStatus::DesiredOnly,
            DriftStatus::ActualOnly,
        ]))
        .count(db)
        .await?;
    let github_rate_limits = git_repository::Entity::find()
        .filter(git_repository::Column::GithubRateLimit.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|repo| {
            crate::github::stored_rate_limit(&repo)
                .map(|l| (repo.url.clone(), l.remaining as i64, l.limit as i64))
        })
        .collect();
    let fabrics = fabric_figures(db).await?;
    Ok(MetricsSnapshot {
        durations,
        convergence,
        operations,
        open_conflicts,
        drifted,
        github_rate_limits,
        fabrics,
    })
}

/// [`FabricFigures`] of every fabric: the batched counters, plus one scan of the rows with drift
/// details (ignored paths) and one of the Switches (their Agents).
async fn fabric_figures(db: &impl ConnectionTrait) -> Result<Vec<(String, FabricFigures)>> {
    use hnp_entity::fabric;
    let fabrics: Vec<(i32, String)> = fabric::Entity::find()
        .select_only()
        .column(fabric::Column::Id)
        .column(fabric::Column::Name)
        .order_by_asc(fabric::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    let ids: Vec<i32> = fabrics.iter().map(|(id, _)| *id).collect();
    let counters = super::fabrics::counters(db, &ids).await?;
    let mut ignored: std::collections::HashMap<i32, u64> = Default::default();
    let details: Vec<(i32, Option<serde_json::Value>)> = resource::Entity::find()
        .select_only()
        .column(resource::Column::FabricId)
        .column(resource::Column::DriftDetails)
        .filter(resource::Column::DriftDetails.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    for (fabric_id, details) in details {
        let details = crate::db::json_column(details);
        let n = details
            .as_ref()
            .and_then(|d| d.get("ignored"))
            .and_then(serde_json::Value::as_array)
            .map_or(0, Vec::len);
        *ignored.entry(fabric_id).or_default() += n as u64;
    }
    let mut not_converged: std::collections::HashMap<i32, u64> = Default::default();
    let switches: Vec<(i32, Option<serde_json::Value>)> = resource::Entity::find()
        .select_only()
        .column(resource::Column::FabricId)
        .column(resource::Column::AgentStatus)
        .filter(resource::Column::Kind.eq("Switch"))
        .into_tuple()
        .all(db)
        .await?;
    let now = chrono::Utc::now();
    for (fabric_id, status) in switches {
        let status = crate::db::json_column(status);
        if crate::cluster::agents::view(status.as_ref(), now).state
            != crate::cluster::agents::AgentState::Applied
        {
            *not_converged.entry(fabric_id).or_default() += 1;
        }
    }
    Ok(fabrics
        .into_iter()
        .map(|(id, name)| {
            let c = counters.get(&id).cloned().unwrap_or_default();
            (
                name,
                FabricFigures {
                    drifted: c.drifted,
                    ignored_paths: ignored.get(&id).copied().unwrap_or(0),
                    open_conflicts: c.open_conflicts,
                    pending_drafts: c.pending_drafts,
                    invalid: c.invalid,
                    switches_not_converged: not_converged.get(&id).copied().unwrap_or(0),
                },
            )
        })
        .collect())
}
