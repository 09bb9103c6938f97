//! Cluster → actual state: list every managed kind in the fabric's namespace (paginated), store
//! what the cluster has, then recompute drift.
//!
//! Every kind is listed completely (all pages) before anything is written, so a server that
//! fails mid-list leaves the previous snapshot untouched: the operation fails and no actual
//! state changes. A kind whose CRD is not installed (404) counts as zero objects, with a warning.
//! Writes happen in one transaction:
//! - a listed object matching a resource (kind, namespace, name) updates its actual columns,
//!   unless its `resourceVersion` is the one already stored;
//! - a listed object without a resource becomes an `actual_only` (orphaned) resource;
//! - a resource of the namespace not listed loses its actual state (`desired_only` when Git has
//!   it); a cluster-only resource that vanished is deleted (no desired state, no draft).
//!
//! Resources in other namespaces than the fabric's are not touched (and reported).

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use hnp_entity::enums::{DriftStatus, OperationDirection, OperationStatus, ResourceState};
use hnp_entity::{fabric, resource, sync_operation};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde_json::Value;

use super::agents;
use super::connection;
use super::list::{KindList, Listed, list_kind};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::hedgehog::drift::DriftOptions;
use crate::hedgehog::kinds;
use crate::operations::{self, FileError, Outcome, Requester};
use crate::progress::{Counters, ProgressSink, Reporter};
use crate::sync::resource_drift;

/// Objects per list request (`limit`); the server returns a `continue` token for the next page.
pub const PAGE_SIZE: u32 = 500;
/// Rows per multi-row statement.
const CHUNK: usize = 500;

/// A resource named by kind and name.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct KindName {
    pub kind: String,
    pub name: String,
}

/// A drifted resource with its differing paths.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Drifted {
    pub kind: String,
    pub name: String,
    pub paths: Vec<String>,
    /// Each drifted path with both values, since when, and the field manager that wrote it.
    pub differences: Vec<crate::sync::resource_drift::ExplainedDifference>,
}

/// Result of one cluster read (`hnp sync --direction cluster --json`).
#[derive(Debug, Clone, Serialize)]
pub struct ClusterReadReport {
    pub operation_id: String,
    pub status: OperationStatus,
    /// Resources whose actual state was written (new or changed in the cluster).
    pub actual_updated: u32,
    /// Objects listed in total.
    pub objects: u32,
    pub actual_only: Vec<KindName>,
    pub desired_only: Vec<KindName>,
    pub drifted: Vec<Drifted>,
    pub in_sync: u32,
    pub errors: Vec<FileError>,
    pub warnings: Vec<String>,
    /// Wall time of each step in milliseconds (`list`, `write`, `drift`, `report`).
    pub timings_ms: Vec<(String, f64)>,
}

#[derive(Debug, FromQueryResult)]
struct ExistingRow {
    id: i32,
    kind: String,
    namespace: String,
    name: String,
    actual_resource_version: Option<String>,
    has_desired: bool,
    has_actual: bool,
    has_draft: bool,
}

/// Whether the fabric's cluster has been read successfully at least once (so a resource missing
/// there is `desired_only`, not `unknown`).
pub async fn has_been_read(db: &impl ConnectionTrait, fabric_id: i32) -> Result<bool> {
    use sync_operation::Column as C;
    Ok(sync_operation::Entity::find()
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::Direction.eq(OperationDirection::ClusterRead))
        .filter(C::Status.is_in([
            OperationStatus::Succeeded,
            OperationStatus::PartiallySucceeded,
        ]))
        .count(db)
        .await?
        > 0)
}

/// Reads the fabric's cluster as one `cluster_read` operation (continuing `operation_id` when
/// given). Cluster failures fail the operation (reported, not returned as `Err`); the previous
/// actual state then stays as it was.
pub async fn read(
    core: &Core,
    fabric: &fabric::Model,
    requester: &Requester,
    sink: &dyn ProgressSink,
    operation_id: Option<&str>,
) -> Result<ClusterReadReport> {
    read_paged(core, fabric, requester, sink, operation_id, PAGE_SIZE).await
}

/// [`read`] with `page_size` objects per list request.
pub async fn read_paged(
    core: &Core,
    fabric: &fabric::Model,
    requester: &Requester,
    sink: &dyn ProgressSink,
    operation_id: Option<&str>,
    page_size: u32,
) -> Result<ClusterReadReport> {
    let operation = operations::start_or_resume(
        &core.db,
        fabric.id,
        OperationDirection::ClusterRead,
        requester,
        operation_id,
    )
    .await?;
    let progress = Reporter::new(sink, &operation.id, fabric.id);
    let mut report = ClusterReadReport {
        operation_id: operation.id.clone(),
        status: OperationStatus::Running,
        actual_updated: 0,
        objects: 0,
        actual_only: Vec::new(),
        desired_only: Vec::new(),
        drifted: Vec::new(),
        in_sync: 0,
        errors: Vec::new(),
        warnings: connection::warnings(fabric),
        timings_ms: Vec::new(),
    };
    let result = run(
        core,
        fabric,
        &progress,
        &mut report,
        std::cmp::max(page_size, 1),
    )
    .await;
    let outcome = match result {
        Ok(counters) => Outcome {
            counters,
            message: Some(format!(
                "{} objects read; {} drifted, {} only in the cluster, {} only in Git",
                report.objects,
                report.drifted.len(),
                report.actual_only.len(),
                report.desired_only.len()
            )),
            ..Outcome::default()
        },
        Err(e @ (Error::Cluster(_) | Error::Vault(_) | Error::Validation { .. })) => Outcome {
            failure: Some(e.to_string()),
            ..Outcome::default()
        },
        Err(e) => {
            // Database trouble: record it on the operation, then surface it.
            let failure = Outcome {
                failure: Some(e.to_string()),
                ..Outcome::default()
            };
            let _ = operations::finish(&core.db, &operation.id, &failure).await;
            return Err(e);
        }
    };
    let finished = operations::finish(&core.db, &operation.id, &outcome).await?;
    progress.phase(
        "done",
        100,
        outcome.counters,
        outcome.message.clone().or(outcome.failure.clone()),
    );
    report.status = finished.status;
    if let Some(failure) = outcome.failure {
        report.errors.push(FileError {
            path: String::new(),
            message: failure,
        });
    }
    Ok(report)
}

async fn run(
    core: &Core,
    fabric: &fabric::Model,
    progress: &Reporter<'_>,
    report: &mut ClusterReadReport,
    page_size: u32,
) -> Result<Counters> {
    let mut watch = crate::sync::ingest::Stopwatch::new();
    progress.phase(
        "list",
        5,
        Counters::default(),
        Some("listing cluster objects".into()),
    );
    let (client, namespace) = connection::client(core, fabric).await?;
    let mut tasks = tokio::task::JoinSet::new();
    for info in kinds::all() {
        let client = client.clone();
        let namespace = namespace.clone();
        tasks.spawn(async move { (info, list_kind(client, namespace, info, page_size).await) });
    }
    // Agents, for switch convergence: optional (a cluster without the CRD, or a token that may
    // not read them, still reads the fabric).
    let agents_task = {
        let client = client.clone();
        let namespace = namespace.clone();
        tokio::spawn(async move { list_kind(client, namespace, &agents::AGENT, page_size).await })
    };
    let mut listed: Vec<Listed> = Vec::new();
    let mut read_kinds: HashSet<&'static str> = HashSet::new();
    let mut failure: Option<Error> = None;
    while let Some(joined) = tasks.join_next().await {
        let (info, result) =
            joined.map_err(|e| Error::Cluster(connection::ClusterError::Api(e.to_string())))?;
        match result {
            Ok(KindList::Objects(objects)) => {
                read_kinds.insert(info.kind);
                listed.extend(objects);
            }
            Ok(KindList::NotInstalled) => {
                read_kinds.insert(info.kind);
                report.warnings.push(format!(
                    "{} ({}) is not installed on the cluster: counted as zero objects",
                    info.kind,
                    info.api_version()
                ));
            }
            Err(e) => {
                // Keep the first failure; an auth failure wins (it explains the others).
                let auth = matches!(e, Error::Cluster(connection::ClusterError::Auth(_)));
                if failure.is_none() || auth {
                    failure = Some(e);
                }
            }
        }
    }
    if let Some(e) = failure {
        tasks.abort_all();
        agents_task.abort();
        return Err(e);
    }
    // Listed Agents; or why not (said only when the fabric has switches).
    let mut agents_missing: Option<String> = None;
    let agents: std::result::Result<Vec<Listed>, String> = match agents_task.await {
        Ok(Ok(KindList::Objects(objects))) => Ok(objects),
        Ok(Ok(KindList::NotInstalled)) => {
            agents_missing = Some(format!(
                "Agent ({}) is not installed on the cluster: switch convergence is unknown",
                agents::AGENT.api_version()
            ));
            Ok(Vec::new())
        }
        Ok(Err(e)) => Err(format!(
            "Agents could not be listed ({e}): switch convergence not updated"
        )),
        Err(e) => Err(format!(
            "Agents could not be listed ({e}): switch convergence not updated"
        )),
    };
    report.warnings.sort();
    report.objects = listed.len() as u32;
    watch.lap("list");
    progress.phase(
        "write",
        50,
        Counters {
            files_processed: report.objects,
            ..Counters::default()
        },
        Some(format!("{} objects listed", report.objects)),
    );

    let txn = crate::db::begin_write(&core.db).await?;
    let counters = write(&txn, fabric.id, &namespace, listed, &read_kinds, report).await?;
    if let Ok(agents) = &agents {
        store_agents(&txn, fabric.id, &namespace, agents).await?;
    }
    if let Some(why) = agents.as_ref().err().or(agents_missing.as_ref())
        && has_switches(&txn, fabric.id).await?
    {
        report.warnings.push(why.clone());
        report.warnings.sort();
    }
    watch.lap("write");
    progress.phase("drift", 80, counters, None);
    let summary =
        resource_drift::recompute(&txn, fabric.id, Some(&namespace), DriftOptions::default())
            .await?;
    watch.lap("drift");
    super::convergence::observe(&txn, fabric.id, chrono::Utc::now()).await?;
    collect(&txn, fabric.id, report).await?;
    txn.commit().await?;
    report.in_sync = summary.in_sync;
    watch.lap("report");
    report.timings_ms = watch.laps;
    Ok(counters)
}

/// Writes the listed objects as actual state; returns created/updated/deleted/unchanged counts.
async fn write(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    namespace: &str,
    listed: Vec<Listed>,
    read_kinds: &HashSet<&'static str>,
    report: &mut ClusterReadReport,
) -> Result<Counters> {
    use resource::Column as C;
    let now = Utc::now();
    let rows = resource::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::Kind,
            C::Namespace,
            C::Name,
            C::ActualResourceVersion,
        ])
        .column_as(Expr::col(C::DesiredSpec).is_not_null(), "has_desired")
        .column_as(Expr::col(C::ActualSpec).is_not_null(), "has_actual")
        .column_as(Expr::col(C::DraftOperation).is_not_null(), "has_draft")
        .filter(C::FabricId.eq(fabric_id))
        .into_model::<ExistingRow>()
        .all(db)
        .await?;
    let elsewhere = rows.iter().filter(|r| r.namespace != namespace).count();
    if elsewhere > 0 {
        report.warnings.push(format!(
            "{elsewhere} resources are in other namespaces than {namespace}: not read"
        ));
    }
    let mut existing: HashMap<(&str, &str), &ExistingRow> = rows
        .iter()
        .filter(|r| r.namespace == namespace)
        .map(|r| ((r.kind.as_str(), r.name.as_str()), r))
        .collect();

    let mut counters = Counters::default();
    let mut inserts: Vec<resource::ActiveModel> = Vec::new();
    let mut updates: Vec<(i32, Vec<sea_orm::Value>)> = Vec::new();
    for object in &listed {
        match existing.remove(&(object.info.kind, object.name.as_str())) {
            Some(row)
                if row.has_actual
                    && row.actual_resource_version.is_some()
                    && row.actual_resource_version == object.resource_version =>
            {
                counters.unchanged += 1;
            }
            Some(row) => {
                counters.updated += 1;
                updates.push((
                    row.id,
                    vec![
                        Some(object.spec.clone()).into(),
                        object.status.clone().into(),
                        object.labels.clone().into(),
                        object.annotations.clone().into(),
                        object.resource_version.clone().into(),
                        object.managed_fields.clone().into(),
                    ],
                ));
            }
            None => {
                counters.created += 1;
                inserts.push(resource::ActiveModel {
                    fabric_id: Set(fabric_id),
                    kind: Set(object.info.kind.to_owned()),
                    api_version: Set(object.info.api_version()),
                    namespace: Set(namespace.to_owned()),
                    name: Set(object.name.clone()),
                    actual_spec: Set(Some(object.spec.clone())),
                    actual_status: Set(object.status.clone()),
                    actual_labels: Set(object.labels.clone()),
                    actual_annotations: Set(object.annotations.clone()),
                    actual_resource_version: Set(object.resource_version.clone()),
                    actual_managed_fields: Set(object.managed_fields.clone()),
                    actual_updated: Set(Some(now)),
                    resource_state: Set(ResourceState::Orphaned),
                    drift_status: Set(DriftStatus::ActualOnly),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                });
            }
        }
    }
    report.actual_updated = counters.updated + counters.created;
    crate::db::update_by_id(
        db,
        "resources",
        &[
            "actual_spec",
            "actual_status",
            "actual_labels",
            "actual_annotations",
            "actual_resource_version",
            "actual_managed_fields",
        ],
        updates,
        &[("actual_updated", now.into()), ("updated_at", now.into())],
    )
    .await?;
    while !inserts.is_empty() {
        let rest = inserts.split_off(inserts.len().min(CHUNK / 5));
        let chunk = std::mem::replace(&mut inserts, rest);
        resource::Entity::insert_many(chunk).exec(db).await?;
    }

    // Resources of a listed kind that the cluster no longer has.
    let gone: Vec<&ExistingRow> = existing
        .into_values()
        .filter(|r| r.has_actual && read_kinds.contains(r.kind.as_str()))
        .collect();
    let (remove, clear): (Vec<&ExistingRow>, Vec<&ExistingRow>) = gone
        .into_iter()
        .partition(|r| !r.has_desired && !r.has_draft);
    counters.deleted = (remove.len() + clear.len()) as u32;
    for chunk in remove.chunks(CHUNK) {
        resource::Entity::delete_many()
            .filter(C::Id.is_in(chunk.iter().map(|r| r.id)))
            .exec(db)
            .await?;
    }
    for chunk in clear.chunks(CHUNK) {
        resource::Entity::update_many()
            .set(resource::ActiveModel {
                actual_spec: Set(None),
                actual_status: Set(None),
                actual_labels: Set(None),
                actual_annotations: Set(None),
                actual_resource_version: Set(None),
                actual_managed_fields: Set(None),
                actual_updated: Set(Some(now)),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(C::Id.is_in(chunk.iter().map(|r| r.id)))
            .exec(db)
            .await?;
    }
    Ok(counters)
}

/// Whether the fabric has any Switch (desired or actual).
async fn has_switches(db: &impl ConnectionTrait, fabric_id: i32) -> Result<bool> {
    Ok(resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric_id))
        .filter(resource::Column::Kind.eq("Switch"))
        .one(db)
        .await?
        .is_some())
}

/// Stores on each Switch of `namespace` what its Agent reported (null without one).
async fn store_agents(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    namespace: &str,
    agents: &[Listed],
) -> Result<()> {
    use resource::Column as C;
    let by_name: HashMap<&str, &Listed> = agents.iter().map(|a| (a.name.as_str(), a)).collect();
    let switches = resource::Entity::find()
        .select_only()
        .columns([C::Id, C::Name, C::AgentStatus])
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::Kind.eq("Switch"))
        .filter(C::Namespace.eq(namespace))
        .into_tuple::<(i32, String, Option<Value>)>()
        .all(db)
        .await?;
    let mut updates: Vec<(i32, Vec<sea_orm::Value>)> = Vec::new();
    for (id, name, stored) in switches {
        let now = by_name.get(name.as_str()).map(|a| agents::status_of(a));
        if now != stored.and_then(agents::stored) {
            updates.push((id, vec![now.into()]));
        }
    }
    crate::db::update_by_id(db, "resources", &["agent_status"], updates, &[]).await
}

#[derive(Debug, FromQueryResult)]
struct StatusRow {
    kind: String,
    name: String,
    drift_status: DriftStatus,
    drift_details: Option<Value>,
}

/// Fills the report's actual-only, desired-only and drifted lists from the stored statuses.
async fn collect(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    report: &mut ClusterReadReport,
) -> Result<()> {
    use resource::Column as C;
    let rows = resource::Entity::find()
        .select_only()
        .columns([C::Kind, C::Name, C::DriftStatus, C::DriftDetails])
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::DriftStatus.is_in([
            DriftStatus::SpecDrift,
            DriftStatus::DesiredOnly,
            DriftStatus::ActualOnly,
        ]))
        .order_by_asc(C::Kind)
        .order_by_asc(C::Name)
        .into_model::<StatusRow>()
        .all(db)
        .await?;
    for row in rows {
        match row.drift_status {
            DriftStatus::ActualOnly => report.actual_only.push(KindName {
                kind: row.kind,
                name: row.name,
            }),
            DriftStatus::DesiredOnly => report.desired_only.push(KindName {
                kind: row.kind,
                name: row.name,
            }),
            _ => {
                let paths = row
                    .drift_details
                    .as_ref()
                    .and_then(|d| d.get("differences"))
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(|d| d.get("path").and_then(Value::as_str))
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                report.drifted.push(Drifted {
                    differences: crate::sync::resource_drift::explained_differences(
                        row.drift_details.as_ref(),
                    ),
                    kind: row.kind,
                    name: row.name,
                    paths,
                });
            }
        }
    }
    Ok(())
}
