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

use std::collections::HashSet;

use chrono::Utc;
use hnp_entity::enums::{
    ConflictStatus, DraftOperation, DriftStatus, Resolution, ResourceEventKind, ResourceState,
};
use hnp_entity::{fabric, resource};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Set,
};
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

/// References of `spec` to resources that exist neither in the fabric (desired, actual or a
/// pending non-delete draft) nor among `also_present`.
pub async fn dangling_references(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    namespace: &str,
    kind: &str,
    spec: &Value,
    also_present: &[ResourceKey],
) -> Result<Vec<Problem>> {
    let mut found =
        dangling_references_of(db, fabric_id, &[(namespace, kind, spec)], also_present).await?;
    Ok(found.pop().unwrap_or_default())
}

/// [`dangling_references`] of many specs (`(namespace, kind, spec)`), in their order, with one
/// query per 100 distinct referenced resources instead of one per reference.
pub(crate) async fn dangling_references_of(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    specs: &[(&str, &str, &Value)],
    also_present: &[ResourceKey],
) -> Result<Vec<Vec<Problem>>> {
    use sea_orm::Condition;
    let references: Vec<Vec<(ResourceKey, validate::Reference)>> = specs
        .iter()
        .map(|(namespace, kind, spec)| {
            validate::references(kind, spec)
                .into_iter()
                .map(|reference| {
                    let key = ResourceKey {
                        kind: reference.kind.to_owned(),
                        namespace: (*namespace).to_owned(),
                        name: reference.name.clone(),
                    };
                    (key, reference)
                })
                .collect()
        })
        .collect();
    let also: HashSet<&ResourceKey> = also_present.iter().collect();
    let wanted: Vec<&ResourceKey> = references
        .iter()
        .flatten()
        .map(|(key, _)| key)
        .filter(|key| !also.contains(key))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut present: HashSet<ResourceKey> = HashSet::new();
    for chunk in wanted.chunks(100) {
        let any = crate::db::resource_keys(fabric_id, chunk.iter().copied());
        let exists = Condition::any()
            .add(resource::Column::DesiredSpec.is_not_null())
            .add(resource::Column::ActualSpec.is_not_null())
            .add(
                resource::Column::DraftOperation
                    .is_in([DraftOperation::Create, DraftOperation::Update]),
            );
        let rows: Vec<(String, String, String)> = resource::Entity::find()
            .select_only()
            .columns([
                resource::Column::Kind,
                resource::Column::Namespace,
                resource::Column::Name,
            ])
            .filter(resource::Column::FabricId.eq(fabric_id))
            .filter(any)
            .filter(exists)
            .into_tuple()
            .all(db)
            .await?;
        present.extend(rows.into_iter().map(|(kind, namespace, name)| ResourceKey {
            kind,
            namespace,
            name,
        }));
    }
    Ok(references
        .into_iter()
        .map(|references| {
            references
                .into_iter()
                .filter(|(key, _)| !also.contains(key) && !present.contains(key))
                .map(|(_, reference)| Problem {
                    path: reference.path,
                    message: format!(
                        "{} {:?} does not exist in this fabric (it may exist only in the cluster)",
                        reference.kind, reference.name
                    ),
                })
                .collect()
        })
        .collect())
}

/// One resource of a fabric as admission sees it: its desired state and its pending draft.
#[derive(Debug, Clone, FromQueryResult)]
pub(crate) struct FabricRow {
    pub kind: String,
    pub api_version: String,
    pub namespace: String,
    pub name: String,
    pub desired_spec: Option<Value>,
    pub draft_spec: Option<Value>,
    pub draft_operation: Option<DraftOperation>,
    pub annotations: Option<Value>,
    pub admission_errors: Option<Value>,
}

impl FabricRow {
    pub(crate) fn key(&self) -> ResourceKey {
        ResourceKey {
            kind: self.kind.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }

    /// The spec once its pending draft is written: the draft's (`{}` when it has none), none
    /// for a delete, else the desired spec.
    pub(crate) fn pending_spec(&self) -> Option<Value> {
        match self.draft_operation {
            Some(DraftOperation::Delete) => None,
            Some(_) => Some(self.draft_spec.clone().unwrap_or_else(|| json!({}))),
            None => self.desired_spec.clone(),
        }
    }

    /// This resource as an admission object with `spec`.
    pub(crate) fn object(&self, spec: Value) -> admission::Object {
        let annotations = admission::Object::annotations_of(self.annotations.as_ref());
        admission::Object {
            kind: self.kind.clone(),
            api_version: self.api_version.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            spec,
            annotations,
            source: None,
        }
    }
}

/// The resources of a fabric whose kind is one of `kinds`, with desired state and draft.
pub(crate) async fn fabric_rows(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    kinds: &[&str],
) -> Result<Vec<FabricRow>> {
    use resource::Column as C;
    Ok(resource::Entity::find()
        .select_only()
        .columns([
            C::Kind,
            C::ApiVersion,
            C::Namespace,
            C::Name,
            C::DesiredSpec,
            C::DraftSpec,
            C::DraftOperation,
            C::Annotations,
            C::AdmissionErrors,
        ])
        .filter(C::FabricId.eq(fabric_id))
        .filter(C::Kind.is_in(kinds.iter().map(|k| (*k).to_owned())))
        .into_model::<FabricRow>()
        .all(db)
        .await?)
}

/// Hedgehog admission errors of `spec` as the draft of `key`, checked against the fabric with
/// every other pending draft applied (creates, updates, deletes). Kinds without admission rules
/// get none (their schema is checked by [`validate::validate`]).
async fn admission_errors(
    db: &impl ConnectionTrait,
    fabric_id: i32,
    key: &ResourceKey,
    info: &kinds::KindInfo,
    spec: &Value,
) -> Result<Vec<Problem>> {
    if !admission::COVERED_KINDS.contains(&info.kind) {
        return Ok(Vec::new());
    }
    let rows = fabric_rows(db, fabric_id, &admission::CONTEXT_KINDS).await?;
    let mut objects = Vec::with_capacity(rows.len() + 1);
    let mut annotations = None;
    for row in &rows {
        if row.kind == key.kind && row.namespace == key.namespace && row.name == key.name {
            annotations = row.annotations.clone();
            continue;
        }
        if let Some(spec) = row.pending_spec() {
            objects.push(row.object(spec));
        }
    }
    let this = FabricRow {
        kind: info.kind.to_owned(),
        api_version: info.api_version(),
        namespace: key.namespace.clone(),
        name: key.name.clone(),
        desired_spec: None,
        draft_spec: None,
        draft_operation: None,
        annotations,
        admission_errors: None,
    };
    objects.push(this.object(spec.clone()));
    // The schema was checked already; the other objects are context only.
    let problems = admission::check(&objects, &admission::Options::known_fabric(false));
    Ok(problems
        .last()
        .map(|p| admission::field_errors(p))
        .unwrap_or_default())
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
