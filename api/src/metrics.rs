//! Prometheus metrics (`GET /metrics`, text exposition via `prometheus-client`).
//!
//! Request counters and latency are recorded in this process. Figures that must agree across
//! processes (operations by direction and status, open conflicts, drift, queue depth) are read
//! from the database at scrape time, so every API process reports the same values.

use std::sync::Mutex;
use std::time::Duration;

use hnp_core::context::Core;
use hnp_entity::enums::{ConflictState, DriftStatus, OperationDirection, OperationStatus};
use hnp_entity::{conflict, resource, sync_operation};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabel {
    operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DirectionLabel {
    direction: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SyncLabel {
    direction: String,
    status: String,
}

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<OperationLabel, Counter>,
    latency: Family<OperationLabel, Histogram, fn() -> Histogram>,
    sync_duration: Family<DirectionLabel, Histogram, fn() -> Histogram>,
    sync_operations: Family<SyncLabel, Gauge>,
    open_conflicts: Gauge,
    drift: Gauge,
    queue_depth: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<OperationLabel, Counter>::default();
        let latency = Family::<OperationLabel, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let sync_duration =
            Family::<DirectionLabel, Histogram, fn() -> Histogram>::new_with_constructor(|| {
                Histogram::new(exponential_buckets(0.01, 2.0, 16))
            });
        let sync_operations = Family::<SyncLabel, Gauge>::default();
        let open_conflicts = Gauge::default();
        let drift = Gauge::default();
        let queue_depth = Gauge::default();
        registry.register(
            "hnp_graphql_requests",
            "GraphQL requests by operation name",
            requests.clone(),
        );
        registry.register(
            "hnp_graphql_request_duration_seconds",
            "GraphQL request latency by operation name",
            latency.clone(),
        );
        registry.register(
            "hnp_sync_duration_seconds",
            "Duration of sync operations run by this process, by direction",
            sync_duration.clone(),
        );
        registry.register(
            "hnp_sync_operations",
            "Sync operations in the database by direction and status",
            sync_operations.clone(),
        );
        registry.register(
            "hnp_open_conflicts",
            "Open conflicts over all fabrics",
            open_conflicts.clone(),
        );
        registry.register(
            "hnp_drifted_resources",
            "Resources whose desired and actual state differ",
            drift.clone(),
        );
        registry.register(
            "hnp_job_queue_depth",
            "Queued sync operations",
            queue_depth.clone(),
        );
        Metrics {
            registry: Mutex::new(registry),
            requests,
            latency,
            sync_duration,
            sync_operations,
            open_conflicts,
            drift,
            queue_depth,
        }
    }
}

impl Metrics {
    /// Records one GraphQL request (`operation` is the operation name, or `anonymous`).
    pub fn observe_request(&self, operation: &str, elapsed: Duration) {
        let label = OperationLabel {
            operation: operation.to_owned(),
        };
        self.requests.get_or_create(&label).inc();
        self.latency
            .get_or_create(&label)
            .observe(elapsed.as_secs_f64());
    }

    pub fn observe_operation(&self, direction: OperationDirection, elapsed: Duration) {
        self.sync_duration
            .get_or_create(&DirectionLabel {
                direction: direction.to_string(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// Refreshes the database-derived gauges and renders the text exposition.
    pub async fn render(&self, core: &Core) -> hnp_core::Result<String> {
        let rows: Vec<(OperationDirection, OperationStatus, i64)> = sync_operation::Entity::find()
            .select_only()
            .column(sync_operation::Column::Direction)
            .column(sync_operation::Column::Status)
            .column_as(sync_operation::Column::Id.count(), "count")
            .group_by(sync_operation::Column::Direction)
            .group_by(sync_operation::Column::Status)
            .into_tuple()
            .all(&core.db)
            .await?;
        self.sync_operations.clear();
        let mut queued = 0;
        for (direction, status, count) in rows {
            if status == OperationStatus::Queued {
                queued += count;
            }
            self.sync_operations
                .get_or_create(&SyncLabel {
                    direction: direction.to_string(),
                    status: status.to_string(),
                })
                .set(count);
        }
        self.queue_depth.set(queued);
        let open = conflict::Entity::find()
            .filter(conflict::Column::Status.eq(ConflictState::Open))
            .count(&core.db)
            .await?;
        self.open_conflicts.set(open as i64);
        let drift = resource::Entity::find()
            .filter(resource::Column::DriftStatus.is_in([
                DriftStatus::SpecDrift,
                DriftStatus::DesiredOnly,
                DriftStatus::ActualOnly,
            ]))
            .count(&core.db)
            .await?;
        self.drift.set(drift as i64);
        let mut out = String::new();
        let registry = self.registry.lock().unwrap_or_else(|p| p.into_inner());
        prometheus_client::encoding::text::encode(&mut out, &registry)
            .map_err(|e| hnp_core::Error::Io(format!("cannot encode metrics: {e}")))?;
        Ok(out)
    }
}
