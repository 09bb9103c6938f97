//! Concurrent modifications: a draft and Git both changed a resource since the draft's base.
//!
//! [`reconcile`] runs after every ingestion that may have moved desired state under pending
//! drafts. For each draft whose base differs from the new desired state it merges base (the
//! draft's base), gui (the draft) and git (the new desired) field by field ([`crate::sync::merge`]):
//! disjoint changes merge automatically when the `conflict_resolution` flag is on (the draft
//! becomes the merged spec, rebased on the new desired state); overlapping changes, a delete on
//! one side and an edit on the other, or any change while the flag is off open a [`Conflict`]
//! with the field paths and the three snapshots. The draft is kept and left out of write-back
//! until the conflict is resolved ([`resolve`]).
//!
//! Drafts that Git now matches (our own write-back ingested back, or the same edit made in Git)
//! are settled: the draft is cleared and the resource is committed.
//!
//! [`Conflict`]: hnp_entity::conflict::Model

use std::collections::HashMap;

use chrono::Utc;
use hnp_entity::enums::{
    ConflictState, ConflictStatus, ConflictType, DraftOperation, Resolution, ResourceEventKind,
    ResourceState,
};
use hnp_entity::{conflict, resource};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::hedgehog::validate;
use crate::history::{self, NewEvent};
use crate::sync::drafts;
use crate::sync::ingest::parse::ResourceKey;
use crate::sync::merge;

/// A draft merged automatically with a Git change.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct AutoMerged {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub paths: Vec<String>,
}

/// A conflict opened by a run.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Opened {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    /// `concurrent_modification`, `deleted_in_git` or `deleted_in_gui`.
    #[serde(rename = "type")]
    pub conflict_type: String,
    pub paths: Vec<String>,
    pub conflict_id: Option<i32>,
}

/// What [`reconcile`] found.
#[derive(Debug, Default, Clone)]
pub struct Reconciled {
    pub auto_merged: Vec<AutoMerged>,
    pub conflicts: Vec<Opened>,
    /// Drafts that Git now matches; cleared.
    pub settled: u32,
    /// Effective draft specs after merging (resource id → spec); for dry runs, which do not
    /// persist them.
    pub merged_specs: HashMap<i32, Value>,
    /// Resources that a dry run would put in conflict.
    pub blocked: Vec<i32>,
}

/// Field paths where `from` and `to` differ (as seen by the merge).
fn changed_paths(kind: &str, from: &Value, to: &Value) -> Vec<String> {
    merge::three_way(kind, from, from, to).auto_merged
}

/// Reconciles the pending drafts of a fabric with its (just ingested) desired state.
/// `persist = false` computes the same result without writing anything (dry runs).
pub async fn reconcile(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    operation_id: &str,
    auto_merge: bool,
    persist: bool,
) -> Result<Reconciled> {
    let drafts = resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric_id))
        .filter(resource::Column::DraftOperation.is_not_null())
        .order_by_asc(resource::Column::Id)
        .all(db)
        .await?;
    let mut out = Reconciled::default();
    let now = Utc::now();
    for row in drafts {
        if matches!(
            row.conflict_status,
            ConflictStatus::Detected | ConflictStatus::Resolving
        ) {
            continue;
        }
        let Some(operation) = row.draft_operation else {
            continue;
        };
        let desired = row.desired_spec.clone();
        let base = row.draft_base_spec.clone();
        let gui = row.draft_spec.clone().unwrap_or_else(|| json!({}));

        // Git already says what the draft says: settle.
        let done = match operation {
            DraftOperation::Delete => desired.is_none(),
            DraftOperation::Create | DraftOperation::Update => desired.as_ref() == Some(&gui),
        };
        if done {
            out.settled += 1;
            if persist {
                drafts::clear_draft(db, row).await?;
            }
            continue;
        }
        // Git unchanged since the draft's base: nothing to merge. A new document hash (the
        // text moved or was reformatted) only moves the base.
        if desired == base {
            if persist && row.file_hash != row.draft_base_hash {
                let mut active: resource::ActiveModel = row.clone().into();
                active.draft_base_hash = Set(row.file_hash.clone());
                active.draft_base_commit = Set(row.desired_commit.clone());
                active.update(db).await?;
            }
            continue;
        }
        let kind = row.kind.clone();
        let empty = json!({});
        let (conflict_type, paths, merged) = match (operation, &desired) {
            (DraftOperation::Delete, Some(git)) => (
                Some(ConflictType::DeletedInGui),
                changed_paths(&kind, base.as_ref().unwrap_or(&empty), git),
                None,
            ),
            (DraftOperation::Update, None) => (
                Some(ConflictType::DeletedInGit),
                changed_paths(&kind, base.as_ref().unwrap_or(&empty), &gui),
                None,
            ),
            (_, Some(git)) => {
                let base_value = base.clone().unwrap_or(Value::Null);
                let outcome = merge::three_way(&kind, &base_value, &gui, git);
                if outcome.conflicts.is_empty() && auto_merge {
                    (None, outcome.auto_merged, Some(outcome.merged))
                } else if outcome.conflicts.is_empty() {
                    // Merging is off: every change on both sides needs a decision.
                    let mut paths = changed_paths(&kind, &base_value, &gui);
                    paths.extend(changed_paths(&kind, &base_value, git));
                    paths.sort();
                    paths.dedup();
                    (Some(ConflictType::ConcurrentModification), paths, None)
                } else {
                    (
                        Some(ConflictType::ConcurrentModification),
                        outcome.conflicts,
                        None,
                    )
                }
            }
            // A create whose resource is still absent from Git, or a delete of something Git
            // deleted too (handled as settled above).
            (_, None) => continue,
        };
        match (conflict_type, merged) {
            (None, Some(merged)) => {
                out.auto_merged.push(AutoMerged {
                    kind: row.kind.clone(),
                    namespace: row.namespace.clone(),
                    name: row.name.clone(),
                    paths,
                });
                if persist {
                    let matches_git = desired.as_ref() == Some(&merged);
                    if matches_git {
                        out.settled += 1;
                        drafts::clear_draft(db, row).await?;
                        continue;
                    }
                    let mut active: resource::ActiveModel = row.clone().into();
                    active.draft_spec = Set(Some(merged.clone()));
                    active.draft_operation = Set(Some(DraftOperation::Update));
                    active.draft_base_spec = Set(desired.clone());
                    active.draft_base_hash = Set(row.file_hash.clone());
                    active.draft_base_commit = Set(row.desired_commit.clone());
                    active.updated_at = Set(now);
                    active.update(db).await?;
                }
                out.merged_specs.insert(row.id, merged);
            }
            (Some(conflict_type), _) => {
                let mut conflict_id = None;
                if persist {
                    let record = conflict::ActiveModel {
                        fabric_id: Set(fabric_id),
                        resource_id: Set(row.id),
                        conflict_type: Set(conflict_type),
                        status: Set(ConflictState::Open),
                        base_spec: Set(base.clone()),
                        gui_spec: Set(match operation {
                            DraftOperation::Delete => None,
                            _ => Some(gui.clone()),
                        }),
                        git_spec: Set(desired.clone()),
                        conflicting_paths: Set(Some(json!(paths))),
                        git_commit: Set(row.desired_commit.clone()),
                        sync_operation_id: Set(Some(operation_id.to_owned())),
                        detected_at: Set(now),
                        ..Default::default()
                    }
                    .insert(db)
                    .await?;
                    conflict_id = Some(record.id);
                    notify_opened(db, &record, &row, &paths).await?;
                    let event = NewEvent {
                        commit: row.desired_commit.clone(),
                        ..NewEvent::now(key_of(&row), ResourceEventKind::ConflictOpened, "system")
                    }
                    .with_paths(paths.clone())
                    .with_message(format!("{conflict_type} conflict"));
                    history::record_one(db, fabric_id, event).await?;
                    let mut active: resource::ActiveModel = row.clone().into();
                    active.conflict_status = Set(ConflictStatus::Detected);
                    active.updated_at = Set(now);
                    active.update(db).await?;
                }
                out.blocked.push(row.id);
                out.conflicts.push(Opened {
                    kind: row.kind.clone(),
                    namespace: row.namespace.clone(),
                    name: row.name.clone(),
                    conflict_type: conflict_type.as_str(),
                    paths,
                    conflict_id,
                });
            }
            (None, None) => {}
        }
    }
    Ok(out)
}

/// Conflicts of a fabric, newest first, optionally only open or resolved ones.
pub async fn list(
    db: &impl ConnectionTrait,
    fabric_id: Option<i32>,
    status: Option<ConflictState>,
) -> Result<Vec<conflict::Model>> {
    let mut query = conflict::Entity::find().order_by_desc(conflict::Column::Id);
    if let Some(fabric_id) = fabric_id {
        query = query.filter(conflict::Column::FabricId.eq(fabric_id));
    }
    if let Some(status) = status {
        query = query.filter(conflict::Column::Status.eq(status));
    }
    Ok(query.all(db).await?)
}

/// Resolves an open conflict.
/// - `gui_wins`: the draft goes out with the next write-back, rebased on the current Git
///   version (a draft edited after Git deleted the resource re-creates it).
/// - `git_wins`: the draft is discarded; Git's version stays.
/// - `merge`: `merged_spec` (validated against the schema) becomes the draft, rebased on Git.
/// - `manual`: an out-of-band fix was made; the draft as it stands now is accepted and rebased
///   on Git (cleared when it equals Git).
pub async fn resolve(
    core: &Core,
    conflict_id: i32,
    resolution: Resolution,
    merged_spec: Option<Value>,
    actor: &Actor,
) -> Result<conflict::Model> {
    let txn = crate::db::begin_write(&core.db).await?;
    let record = conflict::Entity::find_by_id(conflict_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found(format!("conflict {conflict_id}")))?;
    if record.status != ConflictState::Open {
        return Err(Error::validation(
            "conflictId",
            format!("conflict {conflict_id} is already resolved"),
        ));
    }
    let row = resource::Entity::find_by_id(record.resource_id)
        .one(&txn)
        .await?
        .ok_or_else(|| Error::not_found(format!("resource {}", record.resource_id)))?;
    if resolution != Resolution::Merge && merged_spec.is_some() {
        return Err(Error::validation(
            "mergedSpec",
            "only the merge resolution takes a merged spec",
        ));
    }
    let result_spec: Option<Value> = match resolution {
        Resolution::GitWins => row.desired_spec.clone(),
        Resolution::GuiWins | Resolution::Manual => match row.draft_operation {
            Some(DraftOperation::Delete) => None,
            _ => row.draft_spec.clone(),
        },
        Resolution::Merge => {
            let spec =
                merged_spec.ok_or_else(|| Error::validation("mergedSpec", "required for merge"))?;
            if !spec.is_object() {
                return Err(Error::validation("mergedSpec", "must be a mapping"));
            }
            let problems = validate::validate(&row.kind, &row.name, &row.namespace, &spec);
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
            Some(spec)
        }
    };
    let now = Utc::now();
    match resolution {
        Resolution::GitWins => {
            drafts::clear_draft(&txn, row.clone()).await?;
        }
        _ => {
            let is_delete = resolution != Resolution::Merge
                && row.draft_operation == Some(DraftOperation::Delete);
            let equals_git = !is_delete && result_spec.is_some() && result_spec == row.desired_spec;
            let deleted_both = is_delete && row.desired_spec.is_none();
            if equals_git || deleted_both {
                drafts::clear_draft(&txn, row.clone()).await?;
            } else {
                let operation = if is_delete {
                    DraftOperation::Delete
                } else if row.desired_spec.is_some() {
                    DraftOperation::Update
                } else {
                    DraftOperation::Create
                };
                let mut active: resource::ActiveModel = row.clone().into();
                if !is_delete {
                    active.draft_spec = Set(result_spec.clone());
                } else {
                    active.draft_spec = Set(row.desired_spec.clone());
                }
                active.draft_operation = Set(Some(operation));
                active.draft_base_spec = Set(row.desired_spec.clone());
                active.draft_base_hash = Set(row.file_hash.clone());
                active.draft_base_commit = Set(row.desired_commit.clone());
                active.draft_updated = Set(Some(now));
                active.draft_updated_by = Set(Some(actor.name.clone()));
                active.conflict_status = Set(ConflictStatus::Resolved);
                active.resource_state = Set(ResourceState::Draft);
                active.updated_at = Set(now);
                active.update(&txn).await?;
            }
        }
    }
    let resolved = mark_resolved(&txn, record, &row, resolution, result_spec, actor).await?;
    txn.commit().await?;
    Ok(resolved)
}

fn key_of(row: &resource::Model) -> ResourceKey {
    ResourceKey {
        kind: row.kind.clone(),
        namespace: row.namespace.clone(),
        name: row.name.clone(),
    }
}

async fn mark_resolved(
    db: &impl ConnectionTrait,
    record: conflict::Model,
    row: &resource::Model,
    resolution: Resolution,
    result_spec: Option<Value>,
    actor: &Actor,
) -> Result<conflict::Model> {
    let (id, fabric_id, resource_id) = (record.id, record.fabric_id, record.resource_id);
    let before_type = record.conflict_type;
    let mut active: conflict::ActiveModel = record.into();
    active.status = Set(ConflictState::Resolved);
    active.resolution = Set(Some(resolution));
    active.merged_spec = Set(result_spec);
    active.resolved_by_id = Set(actor.user_id);
    active.resolved_at = Set(Some(Utc::now()));
    let updated = active.update(db).await?;
    let event = NewEvent::now(
        key_of(row),
        ResourceEventKind::ConflictResolved,
        &actor.name,
    )
    .with_message(format!("resolved as {resolution}"));
    history::record_one(db, fabric_id, event).await?;
    audit::record(
        db,
        actor,
        audit::Entry {
            action: "conflict.resolve".into(),
            target_type: "conflict".into(),
            target_id: Some(id.to_string()),
            fabric_id: Some(fabric_id),
            summary: Some(format!(
                "resolved {before_type} conflict on resource {resource_id} as {resolution}"
            )),
            before: Some(json!({ "status": "open" })),
            after: Some(json!({ "status": "resolved", "resolution": resolution.as_str() })),
        },
    )
    .await?;
    Ok(updated)
}

/// Resolves every open conflict of a resource with `resolution` without touching its draft
/// (the caller does). Used when a draft is discarded (`git_wins`).
pub(crate) async fn resolve_open_for_resource(
    db: &impl ConnectionTrait,
    row: &resource::Model,
    resolution: Resolution,
    result_spec: Option<Value>,
    actor: &Actor,
) -> Result<()> {
    let open = conflict::Entity::find()
        .filter(conflict::Column::ResourceId.eq(row.id))
        .filter(conflict::Column::Status.eq(ConflictState::Open))
        .all(db)
        .await?;
    for record in open {
        mark_resolved(db, record, row, resolution, result_spec.clone(), actor).await?;
    }
    Ok(())
}

/// Records the `conflict_opened` notification of a new conflict (same transaction).
async fn notify_opened(
    db: &impl ConnectionTrait,
    record: &conflict::Model,
    row: &resource::Model,
    paths: &[String],
) -> Result<()> {
    crate::notify::record(
        db,
        record.fabric_id,
        crate::notify::Event::ConflictOpened,
        &format!("conflict_opened:{}", record.id),
        json!({
            "conflict_id": record.id,
            "conflict_type": record.conflict_type,
            "resource": {"id": row.id, "kind": row.kind, "namespace": row.namespace, "name": row.name},
            "paths": paths,
            "operation_id": record.sync_operation_id,
        }),
    )
    .await
}

/// Opens a conflict for a revert ([`crate::sync::revert`]) that cannot set back `paths` of
/// `row` because they changed again since the reverted commit. The revert's wish becomes the
/// resource's draft (`wanted`, or a delete when `None`) on top of the current desired state, so
/// the usual resolutions apply: `gui_wins` writes the revert's values with the next write-back,
/// `git_wins` keeps Git's, `merge` and `manual` as for any draft. The caller makes sure the
/// resource has no pending draft of its own.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn open_for_revert(
    db: &impl ConnectionTrait,
    row: &resource::Model,
    conflict_type: ConflictType,
    base: Option<Value>,
    wanted: Option<Value>,
    paths: &[String],
    operation_id: &str,
    actor: &Actor,
    message: &str,
) -> Result<i32> {
    let now = Utc::now();
    let record = conflict::ActiveModel {
        fabric_id: Set(row.fabric_id),
        resource_id: Set(row.id),
        conflict_type: Set(conflict_type),
        status: Set(ConflictState::Open),
        base_spec: Set(base),
        gui_spec: Set(wanted.clone()),
        git_spec: Set(row.desired_spec.clone()),
        conflicting_paths: Set(Some(json!(paths))),
        git_commit: Set(row.desired_commit.clone()),
        sync_operation_id: Set(Some(operation_id.to_owned())),
        detected_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    notify_opened(db, &record, row, paths).await?;
    let (operation, spec) = match wanted {
        Some(spec) if row.desired_spec.is_some() => (DraftOperation::Update, spec),
        Some(spec) => (DraftOperation::Create, spec),
        None => (
            DraftOperation::Delete,
            row.desired_spec.clone().unwrap_or_else(|| json!({})),
        ),
    };
    let mut active: resource::ActiveModel = row.clone().into();
    active.draft_spec = Set(Some(spec));
    active.draft_operation = Set(Some(operation));
    active.draft_base_spec = Set(row.desired_spec.clone());
    active.draft_base_hash = Set(row.file_hash.clone());
    active.draft_base_commit = Set(row.desired_commit.clone());
    active.draft_updated = Set(Some(now));
    active.draft_updated_by = Set(Some(actor.name.clone()));
    active.draft_note = Set(Some(message.to_owned()));
    active.conflict_status = Set(ConflictStatus::Detected);
    active.resource_state = Set(ResourceState::Draft);
    active.updated_at = Set(now);
    active.update(db).await?;
    let event = NewEvent {
        commit: row.desired_commit.clone(),
        operation_id: Some(operation_id.to_owned()),
        ..NewEvent::now(key_of(row), ResourceEventKind::ConflictOpened, &actor.name)
    }
    .with_paths(paths.to_vec())
    .with_message(format!("{conflict_type} conflict: {message}"));
    history::record_one(db, row.fabric_id, event).await?;
    Ok(record.id)
}
