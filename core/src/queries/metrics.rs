//! Figures for `/metrics` that must agree across API processes, read from the database.

use hnp_entity::enums::{ConflictState, DriftStatus, OperationDirection, OperationStatus};
use hnp_entity::{conflict, git_repository, resource, sync_operation};
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
    /// Operations by direction and status.
    pub operations: Vec<(OperationDirection, OperationStatus, i64)>,
    pub open_conflicts: u64,
    /// Resources whose desired and actual state differ (spec drift, desired or actual only).
    pub drifted: u64,
    /// GitHub rate limits as last seen by any process: (repository URL, remaining, limit).
    pub github_rate_limits: Vec<(String, i64, i64)>,
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

/// Reads the snapshot (five statements).
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
    Ok(MetricsSnapshot {
        durations,
        operations,
        open_conflicts,
        drifted,
        github_rate_limits,
    })
}
