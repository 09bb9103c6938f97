//! One revert run: the database at the branch head, the plan, one commit, then a push (or a
//! pull request), the ingestion of the pushed commit and what it could not do (conflicts).

use std::collections::HashMap;

use hnp_entity::enums::{DraftOperation, WriteMode};
use hnp_entity::fabric;

use super::checks::admission_problems;
use super::plan::{self, PlannedConflict};
use super::{blocking, fetch, propose, short};
use crate::context::Core;
use crate::error::Error;
use crate::git::{GitError, RemoteSpec, Signature};
use crate::operations::{FileError, Requester};
use crate::progress::{Counters, Reporter};
use crate::sync::conflicts::Opened;
use crate::sync::ingest::{self, parse::ResourceKey};
use crate::sync::writeback::{MAX_ATTEMPTS, PlannedFile, Skipped, render};

/// What a revert did so far.
#[derive(Default)]
pub(super) struct State {
    pub(super) head: String,
    pub(super) subject: String,
    pub(super) counters: Counters,
    pub(super) errors: Vec<FileError>,
    pub(super) commit: Option<String>,
    pub(super) pushed: bool,
    pub(super) attempts: u32,
    pub(super) files: Vec<PlannedFile>,
    pub(super) conflicts: Vec<Opened>,
    pub(super) skipped: Vec<Skipped>,
    pub(super) message: Option<String>,
    pub(super) pull_request_url: Option<String>,
}

/// Everything one revert run works with.
pub(super) struct Revert<'a> {
    pub(super) core: &'a Core,
    pub(super) fabric: &'a fabric::Model,
    pub(super) repo: &'a hnp_entity::git_repository::Model,
    pub(super) spec: &'a RemoteSpec,
    pub(super) branch: &'a str,
    pub(super) commit: &'a str,
    pub(super) reverted_op: Option<&'a str>,
    pub(super) dry_run: bool,
    pub(super) operation_id: &'a str,
    pub(super) requester: &'a Requester,
    pub(super) progress: &'a Reporter<'a>,
}

/// The revert's plan on the current head.
pub(super) struct Planned {
    pub(super) items: Vec<render::Item>,
    /// Reverted field paths by renderer id.
    pub(super) paths: HashMap<i32, Vec<String>>,
    pub(super) conflicts: Vec<PlannedConflict>,
    pub(super) skipped: Vec<Skipped>,
    /// Resources whose unrevertable fields already have an open conflict.
    pub(super) still_open: usize,
}

pub(super) fn skipped(key: &ResourceKey, reason: String) -> Skipped {
    Skipped {
        kind: key.kind.clone(),
        namespace: key.namespace.clone(),
        name: key.name.clone(),
        reason,
    }
}

impl Revert<'_> {
    pub(super) async fn execute(&self, state: &mut State) -> std::result::Result<(), String> {
        let e = |e: Error| e.to_string();
        let changes = {
            let (git, url, commit, dir) = (
                self.core.git.clone(),
                self.spec.url.clone(),
                self.commit.to_owned(),
                self.fabric.gitops_directory.clone(),
            );
            blocking(move || plan::commit_changes(&git.open(&url)?, &commit, &dir))
                .await
                .map_err(e)?
                .map_err(|g| Error::from(g).to_string())?
        };
        state.subject = changes.subject().to_owned();
        state.errors.extend(changes.unreadable.iter().map(|u| {
            let (path, message) = u.split_once(": ").unwrap_or((u, ""));
            FileError {
                path: path.to_owned(),
                message: format!("not reverted: {message}"),
            }
        }));
        let author = Signature {
            name: self.repo.commit_author_name.clone(),
            email: self.repo.commit_author_email.clone(),
        };
        loop {
            state.attempts += 1;
            // 1. The database at the branch head.
            self.progress
                .phase("ingest", 10, state.counters, Some("reading Git".into()));
            let current = crate::queries::fabrics::get(&self.core.db, self.fabric.id)
                .await
                .map_err(e)?;
            let output = ingest::run(
                self.core,
                &current,
                self.spec.clone(),
                self.branch.to_owned(),
                ingest::Head::Known {
                    commit: state.head.clone(),
                    foreseen: None,
                },
                self.operation_id,
                self.requester,
                self.progress,
            )
            .await
            .map_err(e)?;
            if let Some(failure) = output.outcome.failure {
                return Err(failure);
            }
            state.errors.extend(output.outcome.errors);

            // 2. The plan, admission-checked.
            self.progress.phase("validate", 40, state.counters, None);
            let planned = self.plan(&changes).await.map_err(e)?;
            let refused = admission_problems(&self.core.db, self.fabric.id, &planned.items)
                .await
                .map_err(e)?;
            if !refused.is_empty() {
                return Err(format!(
                    "refused by Hedgehog admission rules: {}",
                    refused.join("; ")
                ));
            }
            state.skipped = planned.skipped.clone();
            state.conflicts = planned
                .conflicts
                .iter()
                .map(|c| Opened {
                    kind: c.key.kind.clone(),
                    namespace: c.key.namespace.clone(),
                    name: c.key.name.clone(),
                    conflict_type: c.conflict_type.as_str(),
                    paths: c.paths.clone(),
                    conflict_id: None,
                })
                .collect();

            // 3. One commit on the head.
            self.progress.phase("commit", 55, state.counters, None);
            let message = self.message(&changes, &planned.items);
            let (git, url, dir, head, author_c, message_c, items) = (
                self.core.git.clone(),
                self.spec.url.clone(),
                self.fabric.gitops_directory.clone(),
                state.head.clone(),
                author.clone(),
                message.clone(),
                planned.items.clone(),
            );
            let (rendered, commit) = blocking(move || -> std::result::Result<_, GitError> {
                let cache = git.open(&url)?;
                let rendered = render::render(&cache, &head, &dir, &items)?;
                let commit = if rendered.changes.is_empty() || !rendered.errors.is_empty() {
                    None
                } else {
                    cache.commit_changes(&head, &rendered.changes, &author_c, &message_c)?
                };
                Ok((rendered, commit))
            })
            .await
            .map_err(e)?
            .map_err(|g| Error::from(g).to_string())?;
            if !rendered.errors.is_empty() {
                let keys: HashMap<i32, &ResourceKey> = planned
                    .items
                    .iter()
                    .map(|i| (i.resource_id, &i.key))
                    .collect();
                let text: Vec<String> = rendered
                    .errors
                    .iter()
                    .map(|(id, reason)| match keys.get(id) {
                        Some(key) => format!("{key}: {reason}"),
                        None => reason.clone(),
                    })
                    .collect();
                return Err(format!("cannot revert: {}", text.join("; ")));
            }
            state.files = rendered.files.clone();
            state.counters = Counters {
                conflicts: state.conflicts.len() as u32,
                ..Counters::default()
            };
            for (_, operation, _) in &rendered.written {
                match operation {
                    DraftOperation::Create => state.counters.created += 1,
                    DraftOperation::Update => state.counters.updated += 1,
                    DraftOperation::Delete => state.counters.deleted += 1,
                }
            }
            let Some(commit) = commit else {
                state.message = Some(if state.conflicts.is_empty() {
                    format!(
                        "nothing to revert: the changes of {} are already undone in Git{}",
                        short(self.commit),
                        match planned.still_open {
                            0 => String::new(),
                            n => format!(" or wait in {n} open conflict(s)"),
                        }
                    )
                } else {
                    format!(
                        "nothing to commit: what is left of {} conflicts with later changes",
                        short(self.commit)
                    )
                });
                if !self.dry_run {
                    self.open_conflicts(&planned.conflicts, state)
                        .await
                        .map_err(e)?;
                }
                return Ok(());
            };
            state.commit = Some(commit.clone());
            if self.dry_run {
                state.message = Some(format!(
                    "dry run: would commit {} ({} file(s)) on {}{}",
                    short(&commit),
                    state.files.len(),
                    short(&state.head),
                    conflicts_note(state.conflicts.len(), "would conflict")
                ));
                return Ok(());
            }

            // 4a. Pull-request mode: the revert's own branch and pull request.
            if self.repo.write_mode == WriteMode::PullRequest {
                self.progress
                    .phase("pull_request", 70, state.counters, None);
                let changes_list: Vec<crate::github::pulls::Change> = rendered
                    .written
                    .iter()
                    .filter_map(|(id, operation, _)| {
                        let item = planned.items.iter().find(|i| i.resource_id == *id)?;
                        Some(crate::github::pulls::Change {
                            operation: *operation,
                            kind: item.key.kind.clone(),
                            namespace: item.key.namespace.clone(),
                            name: item.key.name.clone(),
                        })
                    })
                    .collect();
                let proposed = propose::propose(
                    self.core,
                    propose::Proposal {
                        fabric: self.fabric,
                        repo: self.repo,
                        spec: self.spec,
                        base_branch: self.branch,
                        head: &state.head,
                        commit: &commit,
                        message: &message,
                        author: &author,
                        reverted: self.commit,
                        reverted_op: self.reverted_op,
                        subject: &state.subject,
                        changes: &changes_list,
                        operation_id: self.operation_id,
                        user: &self.requester.name,
                    },
                )
                .await
                .map_err(e)?;
                let pr = &proposed.pull_request;
                state.pushed = proposed.commit.is_some();
                state.commit = proposed.commit.clone();
                state.pull_request_url = Some(pr.html_url.clone());
                state.message = Some(format!(
                    "{} pull request #{} ({}) from {} into {}{}",
                    match (proposed.updated, proposed.commit.is_some()) {
                        (false, _) => "opened",
                        (true, true) => "updated",
                        (true, false) => "nothing new for",
                    },
                    pr.number,
                    pr.html_url,
                    pr.head_ref,
                    self.branch,
                    conflicts_note(state.conflicts.len(), "conflict"),
                ));
                if let Some(pushed) = proposed.commit.clone() {
                    self.record_events(&planned, &rendered.written, &pushed, &state.subject)
                        .await
                        .map_err(e)?;
                }
                self.open_conflicts(&planned.conflicts, state)
                    .await
                    .map_err(e)?;
                self.audit(state).await.map_err(e)?;
                return Ok(());
            }

            // 4. Push, fast-forward only; the remote moved: start over from the fetch.
            self.progress.phase("push", 70, state.counters, None);
            let (git, remote, branch, commit_c) = (
                self.core.git.clone(),
                self.spec.clone(),
                self.branch.to_owned(),
                commit.clone(),
            );
            let pushed = blocking(move || git.open(&remote.url)?.push(&remote, &commit_c, &branch))
                .await
                .map_err(e)?;
            match pushed {
                Ok(()) => {}
                Err(GitError::NonFastForward { .. }) if state.attempts < MAX_ATTEMPTS => {
                    state.commit = None;
                    state.head = fetch(self.core, self.spec, self.branch).await.map_err(e)?;
                    continue;
                }
                Err(g) => return Err(Error::from(g).to_string()),
            }
            state.pushed = true;

            // 5. Record the pushed commit, then what it could not do (conflicts), its events.
            self.progress.phase("finalize", 85, state.counters, None);
            let current = crate::queries::fabrics::get(&self.core.db, self.fabric.id)
                .await
                .map_err(e)?;
            let output = ingest::run(
                self.core,
                &current,
                self.spec.clone(),
                self.branch.to_owned(),
                ingest::Head::Known {
                    commit: commit.clone(),
                    foreseen: None,
                },
                self.operation_id,
                self.requester,
                self.progress,
            )
            .await
            .map_err(|err| format!("pushed {} but recording it failed: {err}", short(&commit)))?;
            if let Some(failure) = output.outcome.failure {
                return Err(format!(
                    "pushed {} but recording it failed: {failure}",
                    short(&commit)
                ));
            }
            state.head = commit.clone();
            self.record_events(&planned, &rendered.written, &commit, &state.subject)
                .await
                .map_err(e)?;
            self.open_conflicts(&planned.conflicts, state)
                .await
                .map_err(e)?;
            state.message = Some(format!(
                "committed {} ({} file(s)) reverting {}{}",
                short(&commit),
                state.files.len(),
                short(self.commit),
                conflicts_note(state.conflicts.len(), "conflict"),
            ));
            self.audit(state).await.map_err(e)?;
            return Ok(());
        }
    }
}

fn conflicts_note(count: usize, what: &str) -> String {
    match count {
        0 => String::new(),
        1 => format!("; 1 resource {what}s with later changes"),
        n => format!("; {n} resources {what} with later changes"),
    }
}
