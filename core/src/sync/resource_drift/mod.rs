//! Drift of a fabric's stored resources: desired vs actual through [`crate::hedgehog::drift::compare`],
//! written back as `drift_status`, `drift_details` and the resource lifecycle state.
//!
//! - desired and actual: `in_sync` (state `synced`) or `spec_drift` (state `drifted`);
//! - actual only: `actual_only` (state `orphaned`);
//! - desired only: `desired_only` once the cluster has been read (`cluster_read`), else `unknown`.
//!
//! Resources with a pending draft keep the state `draft`; their drift status is still updated.
//! Only rows whose result changed are written; unchanged rows cost one comparison.

use std::collections::HashMap;

use hnp_entity::enums::{DriftStatus, ResourceEventKind, ResourceState};
use hnp_entity::resource;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::Result;
use crate::hedgehog::drift::{DriftOptions, DriftReport, compare};
use crate::hedgehog::kinds::ResourceKey;
use crate::history::NewEvent;
use crate::notify;

mod explain;
mod view;

#[cfg(test)]
use explain::owner;
pub use explain::{ExplainedDifference, explained_differences};
use explain::{drift_managers, drift_paths, explain};
pub use view::desired_view;
use view::view;

/// Counts after a recomputation.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DriftSummary {
    pub resources: u32,
    pub in_sync: u32,
    pub spec_drift: u32,
    pub desired_only: u32,
    pub actual_only: u32,
    pub unknown: u32,
    /// Rows whose status or details changed.
    pub changed: u32,
    /// Wall time of each step in milliseconds (`load`, `compare`, `write`).
    pub timings_ms: Vec<(String, f64)>,
}

impl DriftSummary {
    /// Resources that differ between Git and the cluster.
    pub fn drift_count(&self) -> u32 {
        self.spec_drift + self.desired_only + self.actual_only
    }
}

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i32,
    kind: String,
    namespace: String,
    name: String,
    desired_spec: Option<Value>,
    labels: Option<Value>,
    annotations: Option<Value>,
    actual_spec: Option<Value>,
    actual_labels: Option<Value>,
    actual_annotations: Option<Value>,
    actual_managed_fields: Option<Value>,
    has_draft: bool,
    resource_state: ResourceState,
    drift_status: DriftStatus,
    drift_details: Option<Value>,
}

/// The drift result of one resource: status and stored details.
pub fn evaluate(
    desired: Option<&Value>,
    actual: Option<&Value>,
    cluster_read: bool,
    options: DriftOptions,
) -> (DriftStatus, Option<Value>) {
    match (desired, actual) {
        (Some(desired), Some(actual)) => {
            let report: DriftReport = compare(desired, actual, options);
            let status = if report.differences.is_empty() {
                DriftStatus::InSync
            } else {
                DriftStatus::SpecDrift
            };
            let details = (!report.differences.is_empty()).then(|| {
                json!({
                    "score": report.score,
                    "compared": report.compared,
                    "differences": report.differences,
                })
            });
            (status, details)
        }
        (None, Some(_)) => (DriftStatus::ActualOnly, None),
        (Some(_), None) if cluster_read => (DriftStatus::DesiredOnly, None),
        _ => (DriftStatus::Unknown, None),
    }
}

/// Moves the differences `rules` ignore for `kind` into `details.ignored`: a resource whose
/// differences are all ignored is in sync (its details keep the ignored ones, to be shown).
fn apply_ignore_rules(
    rules: &crate::sync::drift_ignore::Rules,
    kind: &str,
    status: DriftStatus,
    details: Option<Value>,
) -> (DriftStatus, Option<Value>) {
    let Some(mut details) = details else {
        return (status, None);
    };
    if rules.is_empty() {
        return (status, Some(details));
    }
    let Some(Value::Array(differences)) = details.get_mut("differences").map(std::mem::take) else {
        return (status, Some(details));
    };
    let (ignored, kept): (Vec<Value>, Vec<Value>) = differences.into_iter().partition(|d| {
        d.get("path")
            .and_then(Value::as_str)
            .is_some_and(|p| rules.ignores(kind, p))
    });
    if ignored.is_empty() {
        details["differences"] = Value::Array(kept);
        return (status, Some(details));
    }
    let status = if kept.is_empty() {
        DriftStatus::InSync
    } else {
        status
    };
    details["differences"] = Value::Array(kept);
    details["ignored"] = Value::Array(ignored);
    (status, Some(details))
}

/// Recomputes drift for every resource of a fabric. `read_namespace`: the namespace of the
/// cluster that has been read, so a resource of that namespace missing there is `desired_only`
/// rather than `unknown` (resources of other namespaces were not read: `unknown`).
pub async fn recompute(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    read_namespace: Option<&str>,
    options: DriftOptions,
) -> Result<DriftSummary> {
    use resource::Column as C;
    let mut clock = std::time::Instant::now();
    let mut laps: Vec<(String, f64)> = Vec::new();
    let mut lap = |name: &str| {
        let now = std::time::Instant::now();
        laps.push((name.to_owned(), (now - clock).as_secs_f64() * 1000.0));
        clock = now;
    };
    let rows = resource::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::Kind,
            C::Namespace,
            C::Name,
            C::DesiredSpec,
            C::Labels,
            C::Annotations,
            C::ActualSpec,
            C::ActualLabels,
            C::ActualAnnotations,
            C::ActualManagedFields,
            C::ResourceState,
            C::DriftStatus,
            C::DriftDetails,
        ])
        .column_as(Expr::col(C::DraftOperation).is_not_null(), "has_draft")
        .filter(C::FabricId.eq(fabric_id))
        .into_model::<Row>()
        .all(db)
        .await?;
    let rules = crate::sync::drift_ignore::Rules::load(db, fabric_id).await?;
    let observed_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    lap("load");
    let mut summary = DriftSummary::default();
    // Drift starting or ending, for the resources' history and for notifications (deduplicated
    // per resource and recomputation).
    let mut events: Vec<NewEvent> = Vec::new();
    let mut notices: Vec<notify::NewEvent> = Vec::new();
    let recomputed = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default();
    // Rows without details are updated in groups by (status, state).
    let mut groups: HashMap<(DriftStatus, ResourceState), Vec<i32>> = HashMap::new();
    let mut detailed: Vec<(i32, DriftStatus, ResourceState, Value)> = Vec::new();
    for row in rows {
        summary.resources += 1;
        let desired = row
            .desired_spec
            .as_ref()
            .map(|spec| desired_view(&row.kind, spec, &row.labels, &row.annotations));
        let actual = row.actual_spec.as_ref().map(|_| {
            view(
                &row.actual_spec,
                &row.actual_labels,
                &row.actual_annotations,
            )
        });
        let cluster_read = read_namespace == Some(row.namespace.as_str());
        let (status, details) = evaluate(desired.as_ref(), actual.as_ref(), cluster_read, options);
        let (status, details) = apply_ignore_rules(&rules, &row.kind, status, details);
        let details = details.map(|d| {
            explain(
                d,
                row.drift_details.as_ref(),
                row.actual_managed_fields.as_ref(),
                &observed_at,
            )
        });
        match status {
            DriftStatus::InSync => summary.in_sync += 1,
            DriftStatus::SpecDrift => summary.spec_drift += 1,
            DriftStatus::DesiredOnly => summary.desired_only += 1,
            DriftStatus::ActualOnly => summary.actual_only += 1,
            DriftStatus::Unknown => summary.unknown += 1,
        }
        let state = if row.has_draft && row.resource_state == ResourceState::Pending {
            // Proposed in an open pull request: stays pending until merged or closed.
            ResourceState::Pending
        } else if row.has_draft {
            ResourceState::Draft
        } else if row.resource_state == ResourceState::Pending {
            ResourceState::Pending
        } else {
            crate::sync::drafts::settled_state(desired.is_some(), actual.is_some(), status)
        };
        if status == row.drift_status && details == row.drift_details && state == row.resource_state
        {
            continue;
        }
        summary.changed += 1;
        let was_drifted = row.drift_status == DriftStatus::SpecDrift;
        let drifted = status == DriftStatus::SpecDrift;
        if was_drifted != drifted {
            let (kind, source) = if drifted {
                (ResourceEventKind::DriftStarted, details.as_ref())
            } else {
                (ResourceEventKind::DriftEnded, row.drift_details.as_ref())
            };
            let key = ResourceKey {
                kind: row.kind.clone(),
                namespace: row.namespace.clone(),
                name: row.name.clone(),
            };
            let paths = drift_paths(source);
            let event = if drifted {
                notify::Event::DriftStarted
            } else {
                notify::Event::DriftEnded
            };
            notices.push(notify::NewEvent {
                fabric_id,
                event,
                dedup_key: format!("{}:{}:{recomputed}", event.name(), row.id),
                details: json!({
                    "resource": {"id": row.id, "kind": row.kind, "namespace": row.namespace, "name": row.name},
                    "paths": paths,
                    "managers": drift_managers(source),
                }),
            });
            events.push(NewEvent::now(key, kind, "system").with_paths(paths));
        }
        match details {
            Some(details) => detailed.push((row.id, status, state, details)),
            None => groups.entry((status, state)).or_default().push(row.id),
        }
    }
    lap("compare");
    crate::history::record(db, fabric_id, events).await?;
    notify::record_many(db, notices).await?;
    for ((status, state), ids) in groups {
        for chunk in ids.chunks(500) {
            resource::Entity::update_many()
                .set(resource::ActiveModel {
                    drift_status: Set(status),
                    drift_details: Set(None),
                    resource_state: Set(state),
                    ..Default::default()
                })
                .filter(C::Id.is_in(chunk.iter().copied()))
                .exec(db)
                .await?;
        }
    }
    for (id, status, state, details) in detailed {
        resource::Entity::update_many()
            .set(resource::ActiveModel {
                drift_status: Set(status),
                drift_details: Set(Some(details)),
                resource_state: Set(state),
                ..Default::default()
            })
            .filter(C::Id.eq(id))
            .exec(db)
            .await?;
    }
    lap("write");
    summary.timings_ms = laps;
    Ok(summary)
}

/// Resources of a fabric that differ between Git and the cluster (one indexed count).
pub async fn drift_count(db: &impl ConnectionTrait, fabric_id: i32) -> Result<u64> {
    Ok(resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric_id))
        .filter(resource::Column::DriftStatus.is_in([
            DriftStatus::SpecDrift,
            DriftStatus::DesiredOnly,
            DriftStatus::ActualOnly,
        ]))
        .count(db)
        .await?)
}

/// `hnp bench drift --simulate-actual`: gives every resource of a fabric with a desired state
/// an actual state as a cluster read would (the desired spec plus a defaulted field; every
/// 100th changed), in one transaction.
pub async fn simulate_actual(db: &sea_orm::DatabaseConnection, fabric_id: i32) -> Result<()> {
    let rows = crate::queries::resources::of_fabric(db, fabric_id).await?;
    let txn = crate::db::begin_write(db).await?;
    for (i, row) in rows.into_iter().enumerate() {
        let Some(mut actual) = row.desired_spec.clone() else {
            continue;
        };
        if let Some(map) = actual.as_object_mut() {
            map.insert("defaultedByCluster".into(), json!("yes"));
            if i % 100 == 0 {
                map.insert("changedInCluster".into(), json!(i));
            }
        }
        let mut labels = row.labels.clone().unwrap_or_else(|| json!({}));
        if let Some(map) = labels.as_object_mut() {
            map.insert("fabric.githedgehog.com/bench".into(), json!("true"));
        }
        let desired_keys = row
            .desired_spec
            .as_ref()
            .and_then(|d| d.as_object())
            .map(|m| m.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        if i % 100 == 0
            && let (Some(first), Some(map)) = (desired_keys.first(), actual.as_object_mut())
        {
            map.insert(first.clone(), json!("changed in the cluster"));
        }
        let mut active: resource::ActiveModel = row.into();
        active.actual_spec = Set(Some(actual));
        active.actual_labels = Set(Some(labels));
        active.actual_updated = Set(Some(chrono::Utc::now()));
        sea_orm::ActiveModelTrait::update(active, &txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluate_covers_every_status() {
        let opts = DriftOptions::default();
        let desired = json!({"spec": {"vlan": 1000}, "labels": null, "annotations": null});
        let same = json!({"spec": {"vlan": 1000, "extra": true}, "labels": {"fabric.githedgehog.com/x": "1"}, "annotations": null});
        let other = json!({"spec": {"vlan": 1001}, "labels": null, "annotations": null});
        assert_eq!(
            evaluate(Some(&desired), Some(&same), true, opts),
            (DriftStatus::InSync, None)
        );
        let (status, details) = evaluate(Some(&desired), Some(&other), true, opts);
        assert_eq!(status, DriftStatus::SpecDrift);
        let details = details.unwrap();
        assert_eq!(details["differences"][0]["path"], "spec.vlan");
        assert_eq!(details["differences"][0]["desired"], 1000);
        assert_eq!(details["differences"][0]["actual"], 1001);
        assert_eq!(
            evaluate(None, Some(&other), true, opts).0,
            DriftStatus::ActualOnly
        );
        assert_eq!(
            evaluate(Some(&desired), None, true, opts).0,
            DriftStatus::DesiredOnly
        );
        assert_eq!(
            evaluate(Some(&desired), None, false, opts).0,
            DriftStatus::Unknown
        );
        // Strict mode sees the cluster's extra field.
        assert_eq!(
            evaluate(
                Some(&desired),
                Some(&same),
                true,
                DriftOptions { strict: true }
            )
            .0,
            DriftStatus::SpecDrift
        );
    }

    fn managed() -> Value {
        json!([
            {"manager": "hnp-apply", "operation": "Apply", "time": "2026-12-01T10:00:00Z",
             "fields": {"f:subnets": {"f:default": {"f:subnet": {}, "f:vlan": {}}}}},
            {"manager": "kubectl-edit", "operation": "Update", "time": "2026-12-05T10:00:00Z",
             "fields": {"f:subnets": {"f:default": {"f:vlan": {}}}}},
            {"manager": "hedgehog-fabric", "operation": "Update", "time": "2026-12-06T10:00:00Z",
             "fields": {"f:subnets": {"f:default": {"f:gateway": {}}}, "f:ports": {}}},
        ])
    }

    #[test]
    fn the_deepest_owner_of_a_path_wins_and_the_latest_on_a_tie() {
        let m = managed();
        let owner_of = |p: &str| owner(Some(&m), p);
        assert_eq!(
            owner_of("spec.subnets.default.vlan"),
            Some(("kubectl-edit".into(), "Update".into()))
        );
        assert_eq!(
            owner_of("spec.subnets.default.subnet"),
            Some(("hnp-apply".into(), "Apply".into()))
        );
        // Only the list is owned: its items are attributed to its owner.
        assert_eq!(
            owner_of("spec.ports[2].name"),
            Some(("hedgehog-fabric".into(), "Update".into()))
        );
        assert_eq!(owner_of("spec.other"), None);
        assert_eq!(owner_of("metadata.labels.a"), None);
        assert_eq!(owner(None, "spec.subnets.default.vlan"), None);
    }

    #[test]
    fn since_is_kept_from_the_previous_details_and_set_when_new() {
        let details = json!({"differences": [
            {"path": "spec.subnets.default.vlan", "desired": 1, "actual": 2},
            {"path": "spec.subnets.default.subnet", "desired": "a", "actual": "b"},
        ]});
        let previous = json!({"differences": [
            {"path": "spec.subnets.default.vlan", "since": "2026-12-05T10:00:01Z"},
        ]});
        let m = managed();
        let out = explain(details, Some(&previous), Some(&m), "2026-12-07T00:00:00Z");
        let d = &out["differences"];
        assert_eq!(d[0]["since"], "2026-12-05T10:00:01Z");
        assert_eq!(d[0]["manager"], "kubectl-edit");
        assert_eq!(d[0]["operation"], "Update");
        assert_eq!(d[1]["since"], "2026-12-07T00:00:00Z");
        assert_eq!(d[1]["manager"], "hnp-apply");
        // Explaining again with the result as the previous details changes nothing.
        let again = explain(out.clone(), Some(&out), Some(&m), "2026-12-08T00:00:00Z");
        assert_eq!(again, out);
    }
}
