//! Convergence of a write-back, followed by the cluster reads after its commit:
//! **committed** (the operation pushed its commit) → **in cluster** (a read found the actual
//! state of every resource the commit wrote matching Git — deleted ones gone) → **on switches**
//! (the Agent of every switch the commit affects applied its current generation after the
//! commit: `lastAppliedGen` = `generation`, `lastAppliedTime` ≥ the commit, heartbeat fresh).
//!
//! One `operation_convergence` row per pushed write-back, created by the first cluster read after
//! it ([`observe`], in the read's transaction) and advanced by the later ones; tracking stops
//! [`TRACK_HOURS`] after the commit (the row keeps what was reached). `in_cluster_at` is the
//! time of the read that saw it (an upper bound: reads are periodic); `applied_at` is the latest
//! `lastAppliedTime` of the affected switches (what the Agents report), or the in-cluster time
//! when the commit affects no switch. The affected switches are the write-back's impact
//! (`details.impact.switches`, computed when the fabric has a cluster), else the switches the
//! written resources reach in the current desired state.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, SubsecRound, Utc};
use hnp_entity::enums::{DriftStatus, OperationDirection, OperationStatus, ResourceEventKind};
use hnp_entity::{operation_convergence, resource, resource_event, sync_operation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::Result;
use crate::hedgehog::admission;
use crate::hedgehog::graph;
use crate::hedgehog::kinds::ResourceKey;
use crate::sync::drafts::fabric_rows;

use super::agents::{self, AgentState};

/// How long after its commit a write-back's convergence is followed.
pub const TRACK_HOURS: i64 = 24;

/// Write-backs followed per read at most (the newest first).
const TRACK_MAX: u64 = 100;

/// Where a write-back got to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Convergence {
    pub committed_at: DateTime<Utc>,
    pub in_cluster_at: Option<DateTime<Utc>>,
    pub applied_at: Option<DateTime<Utc>>,
    /// Switches the commit affects.
    pub switches: Vec<String>,
    /// Affected switches whose Agent has not applied it (all of them until it is in the cluster).
    pub pending_switches: Vec<String>,
}

impl From<operation_convergence::Model> for Convergence {
    fn from(row: operation_convergence::Model) -> Self {
        Convergence {
            committed_at: row.committed_at,
            in_cluster_at: row.in_cluster_at,
            applied_at: row.applied_at,
            switches: strings(row.switches.as_ref()),
            pending_switches: strings(row.pending_switches.as_ref()),
        }
    }
}

/// A JSON array of strings (stored as text by SQLite in some reads).
fn strings(value: Option<&Value>) -> Vec<String> {
    crate::db::json_column(value.cloned())
        .as_ref()
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The convergence of an operation, when it is a write-back a cluster read has followed.
pub async fn of_operation(
    db: &impl ConnectionTrait,
    operation_id: &str,
) -> Result<Option<Convergence>> {
    Ok(
        operation_convergence::Entity::find_by_id(operation_id.to_owned())
            .one(db)
            .await?
            .map(Convergence::from),
    )
}

/// Convergences of several operations (for lists), by operation id.
pub async fn of_operations(
    db: &impl ConnectionTrait,
    operation_ids: &[String],
) -> Result<HashMap<String, Convergence>> {
    if operation_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(operation_convergence::Entity::find()
        .filter(operation_convergence::Column::OperationId.is_in(operation_ids.iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.operation_id.clone(), Convergence::from(row)))
        .collect())
}

/// A written resource, as stored on the row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Written {
    kind: String,
    namespace: String,
    name: String,
    deleted: bool,
}

/// Advances the convergence of the fabric's recent write-backs after a cluster read (call in the
/// read's transaction, after drift was recomputed). Returns the commit → applied seconds of the
/// write-backs that converged in this read.
pub async fn observe(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    now: DateTime<Utc>,
) -> Result<Vec<f64>> {
    start_new(db, fabric_id, now).await?;
    let open = operation_convergence::Entity::find()
        .filter(operation_convergence::Column::FabricId.eq(fabric_id))
        .filter(operation_convergence::Column::AppliedAt.is_null())
        .filter(operation_convergence::Column::CommittedAt.gte(now - Duration::hours(TRACK_HOURS)))
        .order_by_desc(operation_convergence::Column::CommittedAt)
        .limit(TRACK_MAX)
        .all(db)
        .await?;
    if open.is_empty() {
        return Ok(Vec::new());
    }
    let agents = switch_agents(db, fabric_id).await?;
    let mut converged = Vec::new();
    for row in open {
        let written: Vec<Written> = crate::db::json_column(row.resources.clone())
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        let switches = strings(row.switches.as_ref());
        let mut active: operation_convergence::ActiveModel = row.clone().into();
        let mut in_cluster_at = row.in_cluster_at;
        if in_cluster_at.is_none() && in_cluster(db, fabric_id, &written).await? {
            in_cluster_at = Some(now);
            active.in_cluster_at = Set(Some(now));
        }
        let pending: Vec<String> = match in_cluster_at {
            None => switches.clone(),
            Some(_) => switches
                .iter()
                .filter(|s| !applied_since(agents.get(s.as_str()), row.committed_at, now))
                .cloned()
                .collect(),
        };
        if let (Some(in_cluster_at), true) = (in_cluster_at, pending.is_empty()) {
            let applied_at = switches
                .iter()
                .filter_map(|s| agents.get(s.as_str()).and_then(last_applied_time))
                .max()
                .unwrap_or(in_cluster_at)
                .max(row.committed_at);
            active.applied_at = Set(Some(applied_at));
            converged.push((applied_at - row.committed_at).num_milliseconds() as f64 / 1000.0);
        }
        if pending != strings(row.pending_switches.as_ref()) {
            active.pending_switches = Set(Some(json!(pending)));
        }
        if active.is_changed() {
            active.updated_at = Set(now);
            active.update(db).await?;
        }
    }
    Ok(converged)
}

/// Creates the rows of pushed write-backs of the last [`TRACK_HOURS`] that have none.
async fn start_new(db: &impl ConnectionTrait, fabric_id: i32, now: DateTime<Utc>) -> Result<()> {
    use sync_operation::Column as C;
    let tracked = operation_convergence::Entity::find()
        .select_only()
        .column(operation_convergence::Column::OperationId)
        .filter(operation_convergence::Column::FabricId.eq(fabric_id))
        .filter(operation_convergence::Column::CommittedAt.gte(now - Duration::hours(TRACK_HOURS)));
    let candidates = sync_operation::Entity::find()
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::Direction.is_in([
            OperationDirection::GuiToGit,
            OperationDirection::Bidirectional,
        ]))
        .filter(C::Status.is_in([
            OperationStatus::Succeeded,
            OperationStatus::PartiallySucceeded,
        ]))
        .filter(C::DryRun.eq(false))
        .filter(C::CommitSha.is_not_null())
        .filter(C::PullRequestUrl.is_null())
        .filter(C::FinishedAt.gte(now - Duration::hours(TRACK_HOURS)))
        .filter(C::Id.not_in_subquery(sea_orm::QueryTrait::into_query(tracked)))
        .order_by_desc(C::FinishedAt)
        .limit(TRACK_MAX)
        .all(db)
        .await?;
    for operation in candidates {
        let details = operation.details.as_ref();
        let pushed = details
            .and_then(|d| d.get("pushed"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let (Some(commit), Some(finished_at)) = (&operation.commit_sha, operation.finished_at)
        else {
            continue;
        };
        if !pushed {
            continue;
        }
        let written = written_by(db, fabric_id, &operation.id, commit).await?;
        if written.is_empty() {
            continue;
        }
        let switches = match details
            .and_then(|d| d.get("impact"))
            .and_then(|i| i.get("switches"))
            .and_then(Value::as_array)
        {
            Some(list) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect::<BTreeSet<_>>(),
            None => reached_switches(db, fabric_id, &written).await?,
        };
        operation_convergence::ActiveModel {
            operation_id: Set(operation.id.clone()),
            fabric_id: Set(fabric_id),
            committed_at: Set(finished_at),
            in_cluster_at: Set(None),
            applied_at: Set(None),
            resources: Set(Some(json!(written))),
            switches: Set(Some(json!(switches))),
            pending_switches: Set(Some(json!(switches))),
            updated_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The resources the operation's commit wrote (from the events its ingestion recorded, and a
/// revert's own `REVERTED` events).
async fn written_by(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    operation_id: &str,
    commit: &str,
) -> Result<Vec<Written>> {
    use resource_event::Column as C;
    let rows = resource_event::Entity::find()
        .select_only()
        .columns([C::ResourceKind, C::Namespace, C::Name, C::EventKind])
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::OperationId.eq(operation_id))
        .filter(C::CommitSha.eq(commit))
        .filter(C::EventKind.is_in([
            ResourceEventKind::Created,
            ResourceEventKind::WriteBack,
            ResourceEventKind::Reverted,
            ResourceEventKind::Deleted,
        ]))
        .into_tuple::<(String, String, String, ResourceEventKind)>()
        .all(db)
        .await?;
    let mut out: Vec<Written> = rows
        .into_iter()
        .map(|(kind, namespace, name, event)| Written {
            kind,
            namespace,
            name,
            deleted: event == ResourceEventKind::Deleted,
        })
        .collect();
    out.sort_by(|a, b| (&a.kind, &a.namespace, &a.name).cmp(&(&b.kind, &b.namespace, &b.name)));
    out.dedup_by(|a, b| (&a.kind, &a.namespace, &a.name) == (&b.kind, &b.namespace, &b.name));
    Ok(out)
}

/// Switches the written resources reach in the fabric's current desired state.
async fn reached_switches(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    written: &[Written],
) -> Result<BTreeSet<String>> {
    let rows = fabric_rows(db, fabric_id, &admission::CONTEXT_KINDS).await?;
    let objects: Vec<admission::Object> = rows
        .iter()
        .filter_map(|r| r.desired_spec.clone().map(|spec| r.object(spec)))
        .collect();
    let built = graph::build(&objects);
    let keys: Vec<ResourceKey> = written
        .iter()
        .map(|w| ResourceKey {
            kind: w.kind.clone(),
            namespace: w.namespace.clone(),
            name: w.name.clone(),
        })
        .collect();
    Ok(graph::impact_between(&built, &built, &keys).switches)
}

/// Whether the cluster holds what was written: written resources in sync with Git, deleted
/// ones absent from the cluster.
async fn in_cluster(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    written: &[Written],
) -> Result<bool> {
    use resource::Column as C;
    for w in written {
        let row = resource::Entity::find()
            .select_only()
            .columns([C::DriftStatus])
            .filter(C::FabricId.eq(fabric_id))
            .filter(C::Kind.eq(&w.kind))
            .filter(C::Namespace.eq(&w.namespace))
            .filter(C::Name.eq(&w.name))
            .into_tuple::<DriftStatus>()
            .one(db)
            .await?;
        let there = match (w.deleted, row) {
            (true, None) => true,
            (true, Some(status)) => status == DriftStatus::DesiredOnly,
            (false, Some(status)) => status == DriftStatus::InSync,
            (false, None) => false,
        };
        if !there {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The stored Agent report of each Switch of the fabric, by switch name.
async fn switch_agents(
    db: &impl ConnectionTrait,
    fabric_id: i32,
) -> Result<HashMap<String, Value>> {
    use resource::Column as C;
    Ok(resource::Entity::find()
        .select_only()
        .columns([C::Name, C::AgentStatus])
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::Kind.eq("Switch"))
        .into_tuple::<(String, Option<Value>)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(name, status)| Some((name, agents::stored(status?)?)))
        .collect())
}

fn last_applied_time(stored: &Value) -> Option<DateTime<Utc>> {
    stored
        .get("last_applied_time")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// Whether a switch's Agent applied its current generation at or after `committed_at` (in
/// whole seconds, like Kubernetes timestamps) and is alive at `now`.
fn applied_since(stored: Option<&Value>, committed_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let Some(stored) = stored else {
        return false;
    };
    agents::view(Some(stored), now).state == AgentState::Applied
        && last_applied_time(stored).is_some_and(|t| t >= committed_at.trunc_subsecs(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_switch_converges_when_it_applied_its_generation_after_the_commit() {
        let now = at("2026-12-07T10:00:00Z");
        let committed = at("2026-12-07T09:58:00Z");
        let agent = |applied: i64, when: &str| {
            json!({"generation": 4, "applied_generation": applied,
                   "last_heartbeat": "2026-12-07T09:59:50Z", "last_applied_time": when})
        };
        assert!(applied_since(
            Some(&agent(4, "2026-12-07T09:59:00Z")),
            committed,
            now
        ));
        assert!(
            !applied_since(Some(&agent(4, "2026-12-07T09:57:00Z")), committed, now),
            "applied before the commit: not this commit"
        );
        assert!(
            !applied_since(Some(&agent(3, "2026-12-07T09:59:00Z")), committed, now),
            "the current generation is not applied yet"
        );
        assert!(!applied_since(None, committed, now), "no Agent");
        let stale = json!({"generation": 4, "applied_generation": 4,
            "last_heartbeat": "2026-12-07T09:00:00Z", "last_applied_time": "2026-12-07T09:59:00Z"});
        assert!(!applied_since(Some(&stale), committed, now), "stale");
    }

    #[test]
    fn switch_lists_read_from_json_or_text() {
        assert_eq!(strings(Some(&json!(["a", "b"]))), vec!["a", "b"]);
        assert_eq!(strings(Some(&json!("[\"a\"]"))), vec!["a"]);
        assert!(strings(None).is_empty());
        assert!(strings(Some(&json!("not json"))).is_empty());
    }
}
