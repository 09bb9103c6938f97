//! Drift of a fabric's stored resources: desired vs actual through [`crate::drift::compare`],
//! written back as `drift_status`, `drift_details` and the resource lifecycle state.
//!
//! - desired and actual: `in_sync` (state `synced`) or `spec_drift` (state `drifted`);
//! - actual only: `actual_only` (state `orphaned`);
//! - desired only: `desired_only` once the cluster has been read (`cluster_read`), else `unknown`.
//!
//! Resources with a pending draft keep the state `draft`; their drift status is still updated.
//! Only rows whose result changed are written; unchanged rows cost one comparison.

use std::collections::HashMap;

use hnp_entity::enums::{DriftStatus, ResourceState};
use hnp_entity::resource;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::drift::{DriftOptions, DriftReport, compare};
use crate::error::Result;

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
    desired_spec: Option<Value>,
    labels: Option<Value>,
    annotations: Option<Value>,
    actual_spec: Option<Value>,
    actual_labels: Option<Value>,
    actual_annotations: Option<Value>,
    has_draft: bool,
    resource_state: ResourceState,
    drift_status: DriftStatus,
    drift_details: Option<Value>,
}

fn view(spec: &Option<Value>, labels: &Option<Value>, annotations: &Option<Value>) -> Value {
    view_of(spec.clone().unwrap_or(Value::Null), labels, annotations)
}

fn view_of(spec: Value, labels: &Option<Value>, annotations: &Option<Value>) -> Value {
    json!({
        "spec": spec,
        "labels": labels.clone().unwrap_or(Value::Null),
        "annotations": annotations.clone().unwrap_or(Value::Null),
    })
}

/// Rewrites a desired spec the way Hedgehog's admission webhooks rewrite (not merely add to)
/// a value, so the cluster's copy compares equal: a VPCAttachment `subnet` without a subnet
/// name (`vpc-1`) is stored as `vpc-1/default`. Fields the webhooks only add (defaults) need no
/// rewriting: the default comparison ignores fields missing from desired.
pub fn webhook_normalized(kind: &str, mut spec: Value) -> Value {
    if kind == "VPCAttachment"
        && let Some(Value::String(subnet)) = spec.get_mut("subnet")
        && !subnet.is_empty()
        && !subnet.contains('/')
    {
        subnet.push_str("/default");
    }
    spec
}

/// The comparison view of a desired resource (spec normalized by [`webhook_normalized`]).
pub fn desired_view(
    kind: &str,
    spec: &Value,
    labels: &Option<Value>,
    annotations: &Option<Value>,
) -> Value {
    view_of(webhook_normalized(kind, spec.clone()), labels, annotations)
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
            C::DesiredSpec,
            C::Labels,
            C::Annotations,
            C::ActualSpec,
            C::ActualLabels,
            C::ActualAnnotations,
            C::ResourceState,
            C::DriftStatus,
            C::DriftDetails,
        ])
        .column_as(Expr::col(C::DraftOperation).is_not_null(), "has_draft")
        .filter(C::FabricId.eq(fabric_id))
        .into_model::<Row>()
        .all(db)
        .await?;
    lap("load");
    let mut summary = DriftSummary::default();
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
            crate::drafts::settled_state(desired.is_some(), actual.is_some(), status)
        };
        if status == row.drift_status && details == row.drift_details && state == row.resource_state
        {
            continue;
        }
        summary.changed += 1;
        match details {
            Some(details) => detailed.push((row.id, status, state, details)),
            None => groups.entry((status, state)).or_default().push(row.id),
        }
    }
    lap("compare");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_subnet_default_suffix_is_not_drift() {
        let opts = DriftOptions::default();
        let actual = json!({"spec": {"connection": "s1--server-1", "subnet": "vpc-1/default"}, "labels": {"vpc.fabric.githedgehog.com/vpc-1": "true"}, "annotations": null});
        let desired = desired_view(
            "VPCAttachment",
            &json!({"connection": "s1--server-1", "subnet": "vpc-1"}),
            &None,
            &None,
        );
        assert_eq!(
            evaluate(Some(&desired), Some(&actual), true, opts),
            (DriftStatus::InSync, None)
        );
        // Another subnet is real drift, and other kinds are not rewritten.
        let other = desired_view(
            "VPCAttachment",
            &json!({"connection": "s1--server-1", "subnet": "vpc-1/subnet-2"}),
            &None,
            &None,
        );
        let (status, details) = evaluate(Some(&other), Some(&actual), true, opts);
        assert_eq!(status, DriftStatus::SpecDrift);
        assert_eq!(details.unwrap()["differences"][0]["path"], "spec.subnet");
        assert_eq!(
            webhook_normalized("VPC", json!({"subnet": "x"})),
            json!({"subnet": "x"})
        );
    }

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
}
