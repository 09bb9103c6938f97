//! The steps of a revert run around its commit: the plan on the rows as they are, the commit
//! message, the conflicts it opens, its `REVERTED` events and its audit event.

use std::collections::HashMap;

use hnp_entity::enums::{DraftOperation, ResourceEventKind};
use hnp_entity::resource;
use sea_orm::{EntityTrait, QueryFilter};
use serde_json::json;

use super::execute::{Planned, Revert, State, skipped};
use super::plan::{self, CommitChanges, PlannedConflict};
use super::short;
use crate::audit::{self, Actor};
use crate::error::Result;
use crate::history::{self, NewEvent};
use crate::sync::conflicts::{self, Opened};
use crate::sync::ingest::parse::ResourceKey;
use crate::sync::writeback::render;

impl Revert<'_> {
    /// Plans every resource the commit changed against the rows as they are now.
    pub(super) async fn plan(&self, changes: &CommitChanges) -> Result<Planned> {
        let keys: Vec<&ResourceKey> = changes.changed.iter().map(|c| &c.key).collect();
        let mut rows: HashMap<ResourceKey, resource::Model> = HashMap::new();
        for chunk in keys.chunks(100) {
            let found = resource::Entity::find()
                .filter(crate::db::resource_keys(
                    self.fabric.id,
                    chunk.iter().copied(),
                ))
                .all(&self.core.db)
                .await?;
            rows.extend(found.into_iter().map(|r| {
                let key = ResourceKey {
                    kind: r.kind.clone(),
                    namespace: r.namespace.clone(),
                    name: r.name.clone(),
                };
                (key, r)
            }));
        }
        let mut out = Planned {
            items: Vec::new(),
            paths: HashMap::new(),
            conflicts: Vec::new(),
            skipped: Vec::new(),
            still_open: 0,
        };
        for (index, changed) in changes.changed.iter().enumerate() {
            let id = -(index as i32) - 1;
            let step = plan::step(changed, rows.get(&changed.key), id);
            if let Some((item, paths)) = step.write {
                out.paths.insert(item.resource_id, paths);
                out.items.push(item);
            }
            if let Some(conflict) = step.conflict {
                out.conflicts.push(conflict);
            }
            if let Some(reason) = step.skipped {
                out.skipped.push(skipped(&changed.key, reason));
            }
            if step.still_open {
                out.still_open += 1;
            }
        }
        Ok(out)
    }

    /// `Revert "<subject>"`, a line per resource, and the trailers.
    pub(super) fn message(&self, changes: &CommitChanges, items: &[render::Item]) -> String {
        let subject = changes.subject().replace('"', "'");
        let mut message = format!(
            "Revert \"{subject}\"\n\nThis reverts commit {}",
            self.commit
        );
        if let Some(op) = self.reverted_op {
            message.push_str(&format!(" of HNP operation {op}"));
        }
        message.push_str(".\n\n");
        for item in items {
            let verb = match item.operation {
                DraftOperation::Create => "restore",
                DraftOperation::Update => "update",
                DraftOperation::Delete => "delete",
            };
            message.push_str(&format!("- {verb} {}\n", item.key));
        }
        message.push('\n');
        if let Some(op) = self.reverted_op {
            message.push_str(&format!("HNP-Reverts-Operation: {op}\n"));
        }
        let user = self.requester.name.replace(['\n', '\r'], " ");
        message.push_str(&format!(
            "HNP-Reverts-Commit: {}\nHNP-Operation: {}\nHNP-User: {user}\n",
            self.commit, self.operation_id
        ));
        message
    }

    /// Opens the planned conflicts (on the rows as they are after the revert's commit).
    pub(super) async fn open_conflicts(
        &self,
        planned: &[PlannedConflict],
        state: &mut State,
    ) -> Result<()> {
        if planned.is_empty() {
            return Ok(());
        }
        let actor = Actor {
            user_id: self.requester.user_id,
            name: self.requester.name.clone(),
        };
        let note = format!("revert of {}", short(self.commit));
        let txn = crate::db::begin_write(&self.core.db).await?;
        let mut opened = Vec::new();
        for conflict in planned {
            let Some(row) = resource::Entity::find_by_id(conflict.resource_id)
                .one(&txn)
                .await?
            else {
                continue;
            };
            if row.draft_operation.is_some() {
                state.skipped.push(skipped(
                    &conflict.key,
                    format!(
                        "changed since the reverted commit at {} and now has a pending draft; not reverted there",
                        conflict.paths.join(", ")
                    ),
                ));
                continue;
            }
            let id = conflicts::open_for_revert(
                &txn,
                &row,
                conflict.conflict_type,
                conflict.base.clone(),
                conflict.wanted.clone(),
                &conflict.paths,
                self.operation_id,
                &actor,
                &note,
            )
            .await?;
            opened.push(Opened {
                kind: conflict.key.kind.clone(),
                namespace: conflict.key.namespace.clone(),
                name: conflict.key.name.clone(),
                conflict_type: conflict.conflict_type.as_str(),
                paths: conflict.paths.clone(),
                conflict_id: Some(id),
            });
        }
        txn.commit().await?;
        state.counters.conflicts = opened.len() as u32;
        state.conflicts = opened;
        Ok(())
    }

    /// `REVERTED` events of the resources the commit changes.
    pub(super) async fn record_events(
        &self,
        planned: &Planned,
        written: &[(i32, DraftOperation, String)],
        commit: &str,
        subject: &str,
    ) -> Result<()> {
        let events: Vec<NewEvent> = written
            .iter()
            .filter_map(|(id, _, _)| {
                let item = planned.items.iter().find(|i| i.resource_id == *id)?;
                let paths = planned.paths.get(id).cloned().unwrap_or_default();
                Some(
                    NewEvent {
                        commit: Some(commit.to_owned()),
                        operation_id: Some(self.operation_id.to_owned()),
                        ..NewEvent::now(
                            item.key.clone(),
                            ResourceEventKind::Reverted,
                            &self.requester.name,
                        )
                    }
                    .with_paths(paths)
                    .with_message(format!("Revert \"{subject}\" ({})", short(self.commit))),
                )
            })
            .collect();
        history::record(&self.core.db, self.fabric.id, events).await?;
        Ok(())
    }

    pub(super) async fn audit(&self, state: &State) -> Result<()> {
        audit::record(
            &self.core.db,
            &Actor {
                user_id: self.requester.user_id,
                name: self.requester.name.clone(),
            },
            audit::Entry {
                action: "sync.revert".into(),
                target_type: "fabric".into(),
                target_id: Some(self.fabric.id.to_string()),
                fabric_id: Some(self.fabric.id),
                summary: state.message.clone(),
                before: None,
                after: Some(json!({
                    "reverted_operation": self.reverted_op,
                    "reverted_commit": self.commit,
                    "commit": state.commit,
                    "files": state.files.iter().map(|f| &f.path).collect::<Vec<_>>(),
                    "conflicts": state.conflicts.len(),
                    "pull_request": state.pull_request_url,
                    "operation": self.operation_id,
                })),
            },
        )
        .await?;
        Ok(())
    }
}
