//! What a revert does, resource by resource: the documents a commit changed in the fabric's
//! directory (read from Git, its first parent against it), and for each resource the step that
//! undoes that change on the fabric as it is now — field by field, keeping fields changed again
//! since (those become conflicts).

use std::collections::BTreeMap;

use hnp_entity::enums::{ConflictStatus, ConflictType, DraftOperation};
use hnp_entity::resource;
use serde_json::Value;

use crate::git::{CachedRepo, CommitMeta, FileKind, GitError};
use crate::history::paths;
use crate::sync::ingest::parse::{self, DesiredDoc, ResourceKey};
use crate::sync::layout;
use crate::sync::merge;
use crate::sync::writeback::render;
use crate::yaml::Limits;

/// A resource the commit changed: its document before (in the first parent) and after.
#[derive(Debug, Clone)]
pub(super) struct Changed {
    pub key: ResourceKey,
    pub before: Option<DesiredDoc>,
    pub after: Option<DesiredDoc>,
}

/// The resources a commit changed in a directory.
#[derive(Debug)]
pub(super) struct CommitChanges {
    pub meta: CommitMeta,
    pub changed: Vec<Changed>,
    /// Files of the commit that could not be read or parsed (`path: reason`): their resources
    /// are not reverted.
    pub unreadable: Vec<String>,
}

impl CommitChanges {
    /// The first line of the commit's message.
    pub fn subject(&self) -> &str {
        self.meta.message.lines().next().unwrap_or_default().trim()
    }
}

/// Largest file read (as the write-back's renderer).
const MAX_FILE: u64 = 16 * 1024 * 1024;

/// Reads what `commit` changed under `dir` (against its first parent; everything for a root
/// commit): every resource whose spec, labels or annotations differ, was added or removed.
pub(super) fn commit_changes(
    repo: &CachedRepo,
    commit: &str,
    dir: &str,
) -> Result<CommitChanges, GitError> {
    let meta = repo.commit_meta(commit)?;
    // (path, old blob, new blob)
    let files: Vec<(String, Option<String>, Option<String>)> = match &meta.parent {
        Some(parent) => repo
            .changed_files(parent, &meta.id, dir)?
            .into_iter()
            .filter(|c| layout::is_ingested(dir, &c.path))
            .map(|c| {
                let new = c
                    .new
                    .filter(|f| matches!(f.kind, FileKind::Regular | FileKind::Executable))
                    .map(|f| f.blob);
                (c.path, c.old_blob, new)
            })
            .filter(|(_, old, new)| old != new)
            .collect(),
        None => repo
            .list_files(&meta.id, dir)?
            .into_iter()
            .filter(|f| layout::is_ingested(dir, &f.path))
            .map(|f| (f.path, None, Some(f.blob)))
            .collect(),
    };
    let limits = Limits::default();
    let mut unreadable = Vec::new();
    let mut before: BTreeMap<ResourceKey, DesiredDoc> = BTreeMap::new();
    let mut after: BTreeMap<ResourceKey, DesiredDoc> = BTreeMap::new();
    for (path, old, new) in files {
        let read = |blob: &Option<String>| -> Result<Vec<DesiredDoc>, String> {
            let Some(blob) = blob else {
                return Ok(Vec::new());
            };
            let bytes = repo
                .read_blob(blob, &path, MAX_FILE)
                .map_err(|e| e.to_string())?;
            parse::parse_file(&path, &bytes, &limits).map(|docs| docs.managed)
        };
        match (read(&old), read(&new)) {
            (Ok(old_docs), Ok(new_docs)) => {
                for doc in old_docs {
                    before.entry(doc.key()).or_insert(doc);
                }
                for doc in new_docs {
                    after.entry(doc.key()).or_insert(doc);
                }
            }
            (Err(reason), _) | (_, Err(reason)) => unreadable.push(format!("{path}: {reason}")),
        }
    }
    let mut keys: Vec<ResourceKey> = before.keys().chain(after.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    let changed = keys
        .into_iter()
        .filter_map(|key| {
            let (old, new) = (before.remove(&key), after.remove(&key));
            let same = match (&old, &new) {
                (Some(a), Some(b)) => {
                    a.spec == b.spec && a.labels == b.labels && a.annotations == b.annotations
                }
                _ => false,
            };
            (!same).then_some(Changed {
                key,
                before: old,
                after: new,
            })
        })
        .collect();
    Ok(CommitChanges {
        meta,
        changed,
        unreadable,
    })
}

/// A conflict the revert opens: the revert wants `wanted` (`None`: the resource deleted) where
/// Git now has something else at `paths`.
#[derive(Debug, Clone)]
pub(super) struct PlannedConflict {
    pub key: ResourceKey,
    pub resource_id: i32,
    pub conflict_type: ConflictType,
    pub paths: Vec<String>,
    /// What the reverted commit left (the merge base).
    pub base: Option<Value>,
    pub wanted: Option<Value>,
}

/// What the revert does to one resource.
#[derive(Debug, Default)]
pub(super) struct Step {
    /// The change to write in the revert's commit, with the field paths it sets back.
    pub write: Option<(render::Item, Vec<String>)>,
    pub conflict: Option<PlannedConflict>,
    /// Why (part of) the change is not reverted.
    pub skipped: Option<String>,
    /// Fields the revert cannot set back already have an open conflict (nothing new to open).
    pub still_open: bool,
}

/// Plans the revert of `changed` on the resource as it is now (`row`, if the fabric has one).
/// `id` numbers a resource that has no row (a restored one) for the renderer.
pub(super) fn step(changed: &Changed, row: Option<&resource::Model>, id: i32) -> Step {
    let key = &changed.key;
    let current = row.and_then(|r| r.desired_spec.as_ref());
    let mut out = Step::default();
    let item = |operation: DraftOperation, spec: Value, doc: Option<&DesiredDoc>| render::Item {
        resource_id: row.map_or(id, |r| r.id),
        key: key.clone(),
        api_version: row
            .map(|r| r.api_version.clone())
            .or_else(|| doc.map(|d| d.api_version.clone()))
            .unwrap_or_default(),
        operation,
        spec,
        path: row
            .filter(|r| r.desired_spec.is_some())
            .and_then(|r| r.managed_file_path.clone()),
        labels: doc.and_then(|d| d.labels.clone()),
        annotations: doc.and_then(|d| d.annotations.clone()),
    };
    let changed_paths = |from: &Value, to: &Value| {
        let mut out = Vec::new();
        paths::changed(from, to, "spec", &mut out);
        out
    };
    match (&changed.before, &changed.after) {
        // Created by the commit: deleted, unless edited since.
        (None, Some(after)) => match current {
            None => {}
            Some(now) if *now == after.spec => {
                out.write = Some((
                    item(DraftOperation::Delete, now.clone(), None),
                    vec!["spec".to_owned()],
                ));
            }
            Some(now) => {
                out.conflict = Some(PlannedConflict {
                    key: key.clone(),
                    resource_id: row.map_or(id, |r| r.id),
                    conflict_type: ConflictType::DeletedInGui,
                    paths: changed_paths(&after.spec, now),
                    base: Some(after.spec.clone()),
                    wanted: None,
                });
            }
        },
        // Deleted by the commit: restored, unless re-created differently since.
        (Some(before), None) => match current {
            None => {
                out.write = Some((
                    item(DraftOperation::Create, before.spec.clone(), Some(before)),
                    vec!["spec".to_owned()],
                ));
            }
            Some(now) if *now == before.spec => {}
            Some(now) => {
                out.conflict = Some(PlannedConflict {
                    key: key.clone(),
                    resource_id: row.map_or(id, |r| r.id),
                    conflict_type: ConflictType::ConcurrentModification,
                    paths: changed_paths(now, &before.spec),
                    base: None,
                    wanted: Some(before.spec.clone()),
                });
            }
        },
        // Changed by the commit: every field it changed set back, unless changed again since.
        (Some(before), Some(after)) => {
            let Some(now) = current else {
                out.skipped = Some(format!(
                    "{key} was deleted from Git since; its fields are not restored"
                ));
                return out;
            };
            let reverted = merge::three_way(&key.kind, &after.spec, &before.spec, now);
            if reverted.merged != *now {
                let paths = changed_paths(now, &reverted.merged);
                out.write = Some((
                    item(DraftOperation::Update, reverted.merged.clone(), None),
                    paths,
                ));
            }
            if !reverted.conflicts.is_empty() {
                // Everything the revert wants, the conflicting fields included (the merge keeps
                // its "git" side at a conflict: here the commit's parent).
                let wanted = merge::three_way(&key.kind, &after.spec, now, &before.spec).merged;
                out.conflict = Some(PlannedConflict {
                    key: key.clone(),
                    resource_id: row.map_or(id, |r| r.id),
                    conflict_type: ConflictType::ConcurrentModification,
                    paths: reverted.conflicts,
                    base: Some(after.spec.clone()),
                    wanted: Some(wanted),
                });
            }
        }
        (None, None) => {}
    }
    // Like a draft, a resource whose sync direction keeps HNP from writing it is not written.
    if let Some(row) = row
        && (out.write.is_some() || out.conflict.is_some())
        && matches!(
            row.sync_direction,
            hnp_entity::enums::SyncDirection::GitToGui | hnp_entity::enums::SyncDirection::Disabled
        )
    {
        out.skipped = Some(format!(
            "sync direction of {key} is {}; it is not written to Git",
            row.sync_direction
        ));
        out.write = None;
        out.conflict = None;
        return out;
    }
    // A conflict needs the resource's draft; another user's pending draft is left alone. One
    // open already (a revert run before) stays as it is.
    if let (Some(conflict), Some(row)) = (&out.conflict, row) {
        if matches!(
            row.conflict_status,
            ConflictStatus::Detected | ConflictStatus::Resolving
        ) {
            out.conflict = None;
            out.still_open = true;
        } else if row.draft_operation.is_some() {
            out.skipped = Some(format!(
                "{key} changed since the reverted commit at {}; not reverted there: it has a pending draft by {}",
                conflict.paths.join(", "),
                row.draft_updated_by.as_deref().unwrap_or("another user")
            ));
            out.conflict = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(spec: Value) -> DesiredDoc {
        DesiredDoc {
            kind: "VPC".into(),
            api_version: "vpc.githedgehog.com/v1beta1".into(),
            namespace: "default".into(),
            name: "vpc-1".into(),
            spec,
            labels: None,
            annotations: None,
            path: "fabrics/dc1/vpc-1.yaml".into(),
            hash: String::new(),
        }
    }

    fn row(spec: Option<Value>) -> resource::Model {
        use hnp_entity::enums::{DriftStatus, ResourceState, SyncDirection};
        let at = chrono::Utc::now();
        resource::Model {
            id: 7,
            fabric_id: 1,
            kind: "VPC".into(),
            api_version: "vpc.githedgehog.com/v1beta1".into(),
            namespace: "default".into(),
            name: "vpc-1".into(),
            desired_spec: spec,
            draft_spec: None,
            actual_spec: None,
            created_at: at,
            updated_at: at,
            managed_file_path: Some("fabrics/dc1/vpc-1.yaml".into()),
            file_hash: None,
            last_file_sync: None,
            sync_direction: SyncDirection::Bidirectional,
            conflict_status: ConflictStatus::None,
            labels: None,
            annotations: None,
            desired_commit: None,
            desired_updated: None,
            draft_operation: None,
            draft_base_hash: None,
            draft_base_commit: None,
            draft_base_spec: None,
            draft_updated: None,
            draft_updated_by: None,
            actual_status: None,
            actual_labels: None,
            actual_annotations: None,
            actual_resource_version: None,
            actual_managed_fields: None,
            agent_status: None,
            actual_updated: None,
            resource_state: ResourceState::Committed,
            drift_status: DriftStatus::Unknown,
            drift_details: None,
            draft_note: None,
            admission_errors: None,
        }
    }

    fn changed(before: Option<Value>, after: Option<Value>) -> Changed {
        Changed {
            key: doc(json!({})).key(),
            before: before.map(doc),
            after: after.map(doc),
        }
    }

    #[test]
    fn fields_changed_since_become_a_conflict_and_the_rest_is_reverted() {
        let before = json!({"subnets": {"default": {"vlan": 1001, "subnet": "10.0.1.0/24"}}});
        let after = json!({"subnets": {"default": {"vlan": 1500, "subnet": "10.0.9.0/24"}}});
        let now = json!({"subnets": {"default": {"vlan": 1600, "subnet": "10.0.9.0/24"}}});
        let step = step(
            &changed(Some(before), Some(after)),
            Some(&row(Some(now))),
            -1,
        );
        let (item, paths) = step.write.expect("a write");
        assert_eq!(item.operation, DraftOperation::Update);
        assert_eq!(
            item.spec,
            json!({"subnets": {"default": {"vlan": 1600, "subnet": "10.0.1.0/24"}}})
        );
        assert_eq!(paths, vec!["spec.subnets.default.subnet"]);
        let conflict = step.conflict.expect("a conflict");
        assert_eq!(conflict.paths, vec!["spec.subnets.default.vlan"]);
        assert_eq!(
            conflict.wanted,
            Some(json!({"subnets": {"default": {"vlan": 1001, "subnet": "10.0.1.0/24"}}}))
        );
    }

    #[test]
    fn creations_and_deletions() {
        let spec = json!({"a": 1});
        // Created, unchanged since: deleted.
        let s = step(
            &changed(None, Some(spec.clone())),
            Some(&row(Some(spec.clone()))),
            -1,
        );
        assert_eq!(s.write.unwrap().0.operation, DraftOperation::Delete);
        // Created, edited since: a conflict.
        let s = step(
            &changed(None, Some(spec.clone())),
            Some(&row(Some(json!({"a": 2})))),
            -1,
        );
        assert!(s.write.is_none());
        assert_eq!(
            s.conflict.unwrap().conflict_type,
            ConflictType::DeletedInGui
        );
        // Deleted, still absent: restored at the managed path.
        let s = step(&changed(Some(spec.clone()), None), None, -3);
        let (item, _) = s.write.unwrap();
        assert_eq!(item.operation, DraftOperation::Create);
        assert_eq!((item.resource_id, item.path), (-3, None));
        // Already reverted: nothing.
        let s = step(
            &changed(Some(spec.clone()), None),
            Some(&row(Some(spec))),
            -1,
        );
        assert!(s.write.is_none() && s.conflict.is_none() && s.skipped.is_none());
    }
}
