//! Drafts: edits made in the UI, API or CLI that are not yet in Git.
//!
//! A draft is a *create* (the resource has no desired state yet), an *update* or a *delete*
//! (a tombstone: `draft_operation = delete`, `draft_spec` keeps the spec being deleted). Each
//! draft remembers its **base** — the desired spec, document hash and commit it was made from —
//! so that write-back can tell a Git change made meanwhile and merge it three ways.
//!
//! Saving validates the draft against the kind's CRD schema (errors), Hedgehog's admission rules
//! evaluated against the rest of the fabric as it will be once every pending draft is written
//! ([`crate::hedgehog::admission`]; errors), and its references to other resources (warnings:
//! the cluster may hold objects Git does not). Saving a draft identical to the desired state
//! removes the draft instead.

use chrono::Utc;
use hnp_entity::enums::{
    ConflictStatus, DraftOperation, DriftStatus, Resolution, ResourceEventKind, ResourceState,
};
use hnp_entity::{fabric, resource};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use serde_json::{Value, json};

use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Problem, Result};
use crate::hedgehog::admission;
use crate::hedgehog::kinds;
use crate::hedgehog::validate;
use crate::history::{self, NewEvent};
use crate::sync::ingest::parse::ResourceKey;

mod checks;
use checks::admission_errors;
pub use checks::dangling_references;
pub(crate) use checks::{FabricRow, dangling_references_of, fabric_rows};

/// Result of saving a draft.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    pub resource_id: Option<i32>,
    /// `create`, `update`, `delete`, or `none` when the draft equalled the desired state and was
    /// removed.
    pub operation: String,
    /// References to resources that exist neither in the fabric nor among its drafts.
    pub warnings: Vec<Problem>,
}

/// Finds a resource of a fabric by identity.
pub async fn find(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    key: &ResourceKey,
) -> Result<Option<resource::Model>> {
    Ok(resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric_id))
        .filter(resource::Column::Kind.eq(key.kind.clone()))
        .filter(resource::Column::Namespace.eq(key.namespace.clone()))
        .filter(resource::Column::Name.eq(key.name.clone()))
        .one(db)
        .await?)
}

/// Whether `fabric_id` has a pending draft (a resource with a draft operation); detection
/// then queues a bidirectional sync instead of Git → GUI.
pub async fn has_pending(db: &impl ConnectionTrait, fabric_id: i32) -> Result<bool> {
    use sea_orm::PaginatorTrait;
    Ok(resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric_id))
        .filter(resource::Column::DraftOperation.is_not_null())
        .count(db)
        .await?
        > 0)
}

/// The registered kind for `kind` (case-sensitive, as in YAML), or a validation error.
pub fn kind_info(kind: &str) -> Result<&'static kinds::KindInfo> {
    kinds::by_kind(kind).ok_or_else(|| {
        let known: Vec<&str> = kinds::all().iter().map(|k| k.kind).collect();
        Error::validation(
            "kind",
            format!("unknown kind {kind:?}; one of {}", known.join(", ")),
        )
    })
}

/// The state a resource settles in when it has no pending draft.
pub fn settled_state(desired: bool, actual: bool, drift: DriftStatus) -> ResourceState {
    match (desired, actual, drift) {
        (false, true, _) => ResourceState::Orphaned,
        (true, true, DriftStatus::InSync) => ResourceState::Synced,
        (true, true, DriftStatus::SpecDrift) => ResourceState::Drifted,
        _ => ResourceState::Committed,
    }
}

/// Creates or updates the draft of a resource; creates the resource (as a draft) when it does
/// not exist. `spec` is the object's `spec` only.
pub async fn set(
    core: &Core,
    fabric: &fabric::Model,
    key: &ResourceKey,
    spec: Value,
    actor: &Actor,
) -> Result<Saved> {
    let info = kind_info(&key.kind)?;
    let spec = match spec {
        Value::Null => json!({}),
        Value::Object(_) => spec,
        _ => return Err(Error::validation("spec", "must be a mapping")),
    };
    let problems = validate::validate(info.kind, &key.name, &key.namespace, &spec);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let warnings =
        dangling_references(&core.db, fabric.id, &key.namespace, info.kind, &spec, &[]).await?;
    let now = Utc::now();
    let txn = crate::db::begin_write(&core.db).await?;
    let existing = find(&txn, fabric.id, key).await?;
    let back_to_git = existing
        .as_ref()
        .is_some_and(|row| row.desired_spec.as_ref() == Some(&spec) && !has_open_conflict(row));
    if !back_to_git {
        // Inside the write transaction, so that a draft saved meanwhile is seen (write-back
        // checks the pending change set as a whole again).
        let mut problems = admission_errors(&txn, fabric.id, key, info, &spec).await?;
        // A change of what Git has: the fields Hedgehog freezes once the object exists.
        if let Some(desired) = existing.as_ref().and_then(|row| row.desired_spec.as_ref()) {
            problems.extend(admission::check_update(info.kind, desired, &spec));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
    }
    // What the draft changes against Git, for the resource's history.
    let draft_paths = {
        let empty = json!({});
        let base = existing
            .as_ref()
            .and_then(|row| row.desired_spec.as_ref())
            .unwrap_or(&empty);
        let mut paths = Vec::new();
        crate::history::paths::changed(base, &spec, "spec", &mut paths);
        paths
    };
    let had_draft = existing
        .as_ref()
        .is_some_and(|row| row.draft_operation.is_some());
    let (resource_id, operation) = match existing {
        None => {
            let row = resource::ActiveModel {
                fabric_id: Set(fabric.id),
                kind: Set(info.kind.to_owned()),
                api_version: Set(info.api_version()),
                namespace: Set(key.namespace.clone()),
                name: Set(key.name.clone()),
                draft_spec: Set(Some(spec.clone())),
                draft_operation: Set(Some(DraftOperation::Create)),
                draft_updated: Set(Some(now)),
                draft_updated_by: Set(Some(actor.name.clone())),
                resource_state: Set(ResourceState::Draft),
                drift_status: Set(DriftStatus::Unknown),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            (Some(row.id), "create".to_owned())
        }
        Some(row) if row.desired_spec.as_ref() == Some(&spec) && !has_open_conflict(&row) => {
            // Back to what Git says: nothing left to write.
            let id = row.id;
            if row.draft_operation.is_some() {
                clear_draft(&txn, row).await?;
            }
            (Some(id), "none".to_owned())
        }
        Some(row) => {
            let id = row.id;
            let operation = if row.desired_spec.is_some() {
                DraftOperation::Update
            } else {
                DraftOperation::Create
            };
            let first_edit = row.draft_operation.is_none();
            let mut active: resource::ActiveModel = row.clone().into();
            if first_edit || row.draft_operation == Some(DraftOperation::Delete) {
                active.draft_base_spec = Set(row.desired_spec.clone());
                active.draft_base_hash = Set(row.file_hash.clone());
                active.draft_base_commit = Set(row.desired_commit.clone());
            }
            active.draft_spec = Set(Some(spec.clone()));
            active.draft_operation = Set(Some(operation));
            active.draft_updated = Set(Some(now));
            active.draft_updated_by = Set(Some(actor.name.clone()));
            active.resource_state = Set(ResourceState::Draft);
            active.draft_note = Set(None);
            active.updated_at = Set(now);
            active.update(&txn).await?;
            (Some(id), operation.as_str())
        }
    };
    let event = match operation.as_str() {
        "none" if had_draft => Some(ResourceEventKind::DraftDiscarded),
        "none" => None,
        _ => Some(ResourceEventKind::DraftSaved),
    };
    if let Some(event) = event {
        let key = ResourceKey {
            kind: info.kind.to_owned(),
            namespace: key.namespace.clone(),
            name: key.name.clone(),
        };
        let event = NewEvent::now(key, event, &actor.name)
            .with_paths(draft_paths)
            .with_message(format!("{operation} draft"));
        history::record_one(&txn, fabric.id, event).await?;
    }
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "draft.set".into(),
            target_type: "resource".into(),
            target_id: resource_id.map(|id| id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!("{operation} draft of {key}")),
            before: None,
            after: Some(json!({ "operation": operation, "spec": spec })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Saved {
        resource_id,
        operation,
        warnings,
    })
}

fn has_open_conflict(row: &resource::Model) -> bool {
    matches!(
        row.conflict_status,
        ConflictStatus::Detected | ConflictStatus::Resolving
    )
}

/// Marks a resource for deletion (a tombstone draft). A resource that exists only as a draft
/// create is simply discarded.
pub async fn delete(
    core: &Core,
    fabric: &fabric::Model,
    key: &ResourceKey,
    actor: &Actor,
) -> Result<Saved> {
    kind_info(&key.kind)?;
    let txn = crate::db::begin_write(&core.db).await?;
    let row = find(&txn, fabric.id, key)
        .await?
        .ok_or_else(|| Error::not_found(format!("resource {key} in fabric {}", fabric.name)))?;
    let id = row.id;
    if row.desired_spec.is_none() {
        if row.draft_operation.is_none() {
            return Err(Error::validation(
                "name",
                format!("{key} is not in Git; there is nothing to delete"),
            ));
        }
        // A create that never reached Git: dropping the draft deletes it.
        discard_in(&txn, row, actor).await?;
        txn.commit().await?;
        return Ok(Saved {
            resource_id: Some(id),
            operation: "none".into(),
            warnings: vec![],
        });
    }
    let now = Utc::now();
    let mut active: resource::ActiveModel = row.clone().into();
    if row.draft_operation.is_none() {
        active.draft_base_spec = Set(row.desired_spec.clone());
        active.draft_base_hash = Set(row.file_hash.clone());
        active.draft_base_commit = Set(row.desired_commit.clone());
    }
    history::record_one(
        &txn,
        fabric.id,
        NewEvent::now(
            ResourceKey {
                kind: row.kind.clone(),
                namespace: row.namespace.clone(),
                name: row.name.clone(),
            },
            ResourceEventKind::DeleteRequested,
            &actor.name,
        ),
    )
    .await?;
    active.draft_spec = Set(row.desired_spec.clone());
    active.draft_operation = Set(Some(DraftOperation::Delete));
    active.draft_updated = Set(Some(now));
    active.draft_updated_by = Set(Some(actor.name.clone()));
    active.resource_state = Set(ResourceState::Draft);
    active.draft_note = Set(None);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        audit::Entry {
            action: "draft.delete".into(),
            target_type: "resource".into(),
            target_id: Some(id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!("delete draft of {key}")),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Saved {
        resource_id: Some(id),
        operation: "delete".into(),
        warnings: vec![],
    })
}

/// Drops the pending draft of a resource. An open conflict on it is resolved as `git_wins`.
pub async fn discard(
    core: &Core,
    fabric: &fabric::Model,
    key: &ResourceKey,
    actor: &Actor,
) -> Result<()> {
    let txn = crate::db::begin_write(&core.db).await?;
    let row = find(&txn, fabric.id, key)
        .await?
        .ok_or_else(|| Error::not_found(format!("resource {key} in fabric {}", fabric.name)))?;
    if row.draft_operation.is_none() {
        return Err(Error::validation("name", format!("{key} has no draft")));
    }
    discard_in(&txn, row, actor).await?;
    txn.commit().await?;
    Ok(())
}

/// Discards inside a transaction: resolves an open conflict as `git_wins` and clears the draft.
pub(crate) async fn discard_in(
    db: &impl ConnectionTrait,
    row: resource::Model,
    actor: &Actor,
) -> Result<()> {
    let summary = format!(
        "discard draft of {} {}/{}",
        row.kind, row.namespace, row.name
    );
    let (id, fabric_id) = (row.id, row.fabric_id);
    let key = ResourceKey {
        kind: row.kind.clone(),
        namespace: row.namespace.clone(),
        name: row.name.clone(),
    };
    history::record_one(
        db,
        fabric_id,
        NewEvent::now(key, ResourceEventKind::DraftDiscarded, &actor.name),
    )
    .await?;
    crate::sync::conflicts::resolve_open_for_resource(db, &row, Resolution::GitWins, None, actor)
        .await?;
    clear_draft(db, row).await?;
    audit::record(
        db,
        actor,
        audit::Entry {
            action: "draft.discard".into(),
            target_type: "resource".into(),
            target_id: Some(id.to_string()),
            fabric_id: Some(fabric_id),
            summary: Some(summary),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// Removes the draft fields of a resource; a resource left with no state at all is deleted.
pub(crate) async fn clear_draft(db: &impl ConnectionTrait, row: resource::Model) -> Result<()> {
    if row.desired_spec.is_none() && row.actual_spec.is_none() {
        resource::Entity::delete_by_id(row.id).exec(db).await?;
        return Ok(());
    }
    let state = settled_state(
        row.desired_spec.is_some(),
        row.actual_spec.is_some(),
        row.drift_status,
    );
    let conflict = if has_open_conflict(&row) {
        ConflictStatus::Resolved
    } else {
        row.conflict_status
    };
    let mut active: resource::ActiveModel = row.into();
    active.draft_spec = Set(None);
    active.draft_operation = Set(None);
    active.draft_base_spec = Set(None);
    active.draft_base_hash = Set(None);
    active.draft_base_commit = Set(None);
    active.draft_updated = Set(None);
    active.draft_updated_by = Set(None);
    active.draft_note = Set(None);
    active.resource_state = Set(state);
    active.conflict_status = Set(conflict);
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}
