//! Revert: one commit (or pull request) that undoes, field by field, what a write-back operation
//! or an external commit changed in a fabric's directory.
//!
//! A revert runs as a `gui_to_git` sync operation (`details.revert` names what it reverts)
//! under the fabric's lease, refused like a write-back when `bidirectional_sync` is off. It
//! needs only Git: fetch the branch, ingest its head, read the reverted commit against its
//! first parent ([`plan::commit_changes`]), and for each resource it changed plan the undo on
//! the resource as it is now ([`plan::step`]): created resources are deleted, deleted ones
//! restored, changed fields set back. A field changed again since is not overwritten: the
//! revert opens a conflict for it ([`crate::sync::conflicts::open_for_revert`]) and reverts
//! the rest. The changes are admission-checked against the fabric's desired state (other
//! users' pending drafts are neither checked with it nor written), rendered with the
//! write-back's renderer (in-place edits, comments and untouched documents kept) and committed
//! as `Revert "<subject>"` with `HNP-Reverts-Operation` / `HNP-Reverts-Commit`,
//! `HNP-Operation` and `HNP-User` trailers. Pull-request mode pushes a `hnp/revert-<commit>`
//! branch and opens (or updates) its pull request instead.
//!
//! Running the same revert again finds nothing left to undo (or the pull request already
//! holding it) and commits nothing. A dry run builds the commit without pushing and stores its
//! per-file diffs in `details.files` and the fields that would conflict in
//! `details.conflicts`, the shapes a write-back dry run has.

mod plan;
mod propose;

use std::collections::HashMap;

use hnp_entity::enums::{DraftOperation, OperationDirection, ResourceEventKind, WriteMode};
use hnp_entity::{fabric, resource, sync_operation};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Problem, Result};
use crate::git::{GitError, RemoteSpec, Signature};
use crate::history::{self, NewEvent};
use crate::operations::{self, FileError, Outcome, Requester};
use crate::progress::{Counters, ProgressSink, Reporter};
use crate::repositories;
use crate::sync::conflicts::{self, Opened};
use crate::sync::ingest::{self, parse::ResourceKey};
use crate::sync::writeback::{MAX_ATTEMPTS, PlannedFile, Skipped, SyncReport, render};
use crate::sync::{Run, check_flags};
use plan::{CommitChanges, PlannedConflict};

/// What to revert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The commit a write-back operation made (its id).
    Operation(String),
    /// A commit of the fabric's branch (full or abbreviated id).
    Commit { fabric_id: i32, commit: String },
}

/// The fabric a revert of `target` runs on (the caller takes its lease). A missing operation or
/// fabric is an error naming the argument (`operationId`, `fabricId`).
pub async fn fabric_of(core: &Core, target: &Target) -> Result<fabric::Model> {
    let fabric_id = match target {
        Target::Operation(id) => operation_to_revert(core, id).await?.fabric_id,
        Target::Commit { fabric_id, .. } => *fabric_id,
    };
    crate::queries::fabrics::by_id(&core.db, fabric_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("fabricId: fabric {fabric_id}")))
}

/// The write-back operation `id` and the commit it made.
async fn operation_to_revert(core: &Core, id: &str) -> Result<sync_operation::Model> {
    crate::queries::operations::by_id(&core.db, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("operationId: sync operation {id}")))
}

/// The commit a write-back operation pushed (`details.commit` with `details.pushed`).
fn committed_by(op: &sync_operation::Model) -> Result<String> {
    let details = op.details.as_ref();
    let pushed = details
        .and_then(|d| d.get("pushed"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let commit = details
        .and_then(|d| d.get("commit"))
        .and_then(Value::as_str);
    let writes = matches!(
        op.direction,
        OperationDirection::GuiToGit | OperationDirection::Bidirectional
    );
    match commit {
        Some(commit) if writes && pushed && !op.dry_run => Ok(commit.to_owned()),
        _ => Err(Error::validation(
            "operationId",
            format!(
                "operation {} did not commit to Git (only write-backs and reverts that pushed a commit can be reverted{})",
                op.id,
                if op.dry_run {
                    "; this was a dry run"
                } else {
                    ""
                }
            ),
        )),
    }
}

/// Whether `commit` looks like a commit id: 4 to 40 hexadecimal digits.
fn check_commit_id(commit: &str) -> Result<()> {
    let ok = (4..=40).contains(&commit.len()) && commit.bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(Error::validation(
            "commit",
            format!("{commit:?} is not a commit id (4 to 40 hexadecimal digits)"),
        ))
    }
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Io(format!("git task failed: {e}")))
}

/// Reverts `target` on `fabric` (from [`fabric_of`]) as one sync operation; `dry_run` builds
/// the commit without pushing it and opens no conflict. Errors before the operation starts
/// (bad arguments, flags, an unreachable remote) are returned as errors; a revert that fails
/// once started (admission, a file that cannot be edited) is a failed operation.
pub async fn run(
    core: &Core,
    fabric: &fabric::Model,
    target: &Target,
    dry_run: bool,
    requester: &Requester,
    sink: &dyn ProgressSink,
) -> Result<SyncReport> {
    let reverted_op = match target {
        Target::Operation(id) => {
            let op = operation_to_revert(core, id).await?;
            if op.fabric_id != fabric.id {
                return Err(Error::validation(
                    "operationId",
                    format!("operation {id} is not of fabric {}", fabric.name),
                ));
            }
            Some((op.id.clone(), committed_by(&op)?))
        }
        Target::Commit { commit, .. } => {
            check_commit_id(commit)?;
            None
        }
    };
    check_flags(core, fabric, Run::GuiToGit).await?;
    let repo = repositories::fabric_repository(core, fabric).await?;
    let spec = repositories::remote_spec(core, &repo)?;
    let branch = repositories::fabric_branch(fabric, &repo);

    // The branch head, and the reverted commit in its history.
    let head = fetch(core, &spec, &branch).await?;
    let wanted = match (&reverted_op, target) {
        (Some((_, commit)), _) => commit.clone(),
        (None, Target::Commit { commit, .. }) => commit.clone(),
        (None, Target::Operation(_)) => unreachable!("an operation target has its operation"),
    };
    let (git, url, head_c, wanted_c) = (
        core.git.clone(),
        spec.url.clone(),
        head.clone(),
        wanted.clone(),
    );
    let found = blocking(move || -> std::result::Result<Option<String>, GitError> {
        let cache = git.open(&url)?;
        let Ok(meta) = cache.commit_meta(&wanted_c) else {
            return Ok(None);
        };
        Ok(cache.is_in_history(&meta.id, &head_c)?.then_some(meta.id))
    })
    .await??;
    let commit = match (found, &reverted_op) {
        (Some(commit), _) => commit,
        (None, Some((id, _))) => {
            return Err(Error::validation(
                "operationId",
                format!(
                    "the commit {} of operation {id} is not on branch {branch} (is its pull request merged?)",
                    short(&wanted)
                ),
            ));
        }
        (None, None) => {
            return Err(Error::not_found(format!(
                "commit: commit {wanted} on branch {branch} of fabric {}",
                fabric.name
            )));
        }
    };

    let operation =
        operations::start(&core.db, fabric.id, OperationDirection::GuiToGit, requester).await?;
    let revert = json!({
        "operation": reverted_op.as_ref().map(|(id, _)| id),
        "commit": commit,
    });
    let mut active: sync_operation::ActiveModel = operation.clone().into();
    active.dry_run = Set(dry_run);
    active.details = Set(Some(json!({ "revert": revert })));
    active.update(&core.db).await?;
    let progress = Reporter::new(sink, &operation.id, fabric.id);
    progress.phase("fetch", 5, Counters::default(), None);

    let mut state = State {
        head,
        ..State::default()
    };
    let job = Revert {
        core,
        fabric,
        repo: &repo,
        spec: &spec,
        branch: &branch,
        commit: &commit,
        reverted_op: reverted_op.as_ref().map(|(id, _)| id.as_str()),
        dry_run,
        operation_id: &operation.id,
        requester,
        progress: &progress,
    };
    let result = job.execute(&mut state).await;
    let failure = result.err();
    let mut revert = revert;
    revert["subject"] = json!(state.subject);
    let report = finish(core, &operation, dry_run, state, failure, revert).await?;
    progress.phase("done", 100, report.counters, report.message.clone());
    Ok(report)
}

async fn fetch(core: &Core, spec: &RemoteSpec, branch: &str) -> Result<String> {
    let (git, spec, branch) = (core.git.clone(), spec.clone(), branch.to_owned());
    Ok(blocking(move || git.open(&spec.url)?.fetch_branch(&spec, &branch)).await??)
}

/// What a revert did so far.
#[derive(Default)]
struct State {
    head: String,
    subject: String,
    counters: Counters,
    errors: Vec<FileError>,
    commit: Option<String>,
    pushed: bool,
    attempts: u32,
    files: Vec<PlannedFile>,
    conflicts: Vec<Opened>,
    skipped: Vec<Skipped>,
    message: Option<String>,
    pull_request_url: Option<String>,
}

/// Everything one revert run works with.
struct Revert<'a> {
    core: &'a Core,
    fabric: &'a fabric::Model,
    repo: &'a hnp_entity::git_repository::Model,
    spec: &'a RemoteSpec,
    branch: &'a str,
    commit: &'a str,
    reverted_op: Option<&'a str>,
    dry_run: bool,
    operation_id: &'a str,
    requester: &'a Requester,
    progress: &'a Reporter<'a>,
}

/// The revert's plan on the current head.
struct Planned {
    items: Vec<render::Item>,
    /// Reverted field paths by renderer id.
    paths: HashMap<i32, Vec<String>>,
    conflicts: Vec<PlannedConflict>,
    skipped: Vec<Skipped>,
    /// Resources whose unrevertable fields already have an open conflict.
    still_open: usize,
}

fn skipped(key: &ResourceKey, reason: String) -> Skipped {
    Skipped {
        kind: key.kind.clone(),
        namespace: key.namespace.clone(),
        name: key.name.clone(),
        reason,
    }
}

impl Revert<'_> {
    async fn execute(&self, state: &mut State) -> std::result::Result<(), String> {
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

    /// Plans every resource the commit changed against the rows as they are now.
    async fn plan(&self, changes: &CommitChanges) -> Result<Planned> {
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
    fn message(&self, changes: &CommitChanges, items: &[render::Item]) -> String {
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
    async fn open_conflicts(&self, planned: &[PlannedConflict], state: &mut State) -> Result<()> {
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
    async fn record_events(
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

    async fn audit(&self, state: &State) -> Result<()> {
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

fn conflicts_note(count: usize, what: &str) -> String {
    match count {
        0 => String::new(),
        1 => format!("; 1 resource {what}s with later changes"),
        n => format!("; {n} resources {what} with later changes"),
    }
}

/// Hedgehog's schema, admission and update rules over the fabric's desired state with the
/// revert's changes applied (pending drafts are not part of it): `kind namespace/name: path:
/// message` for each problem of a changed resource.
async fn admission_problems(
    db: &sea_orm::DatabaseConnection,
    fabric_id: i32,
    items: &[render::Item],
) -> Result<Vec<String>> {
    use crate::hedgehog::{admission, validate};
    use crate::sync::drafts::{FabricRow, fabric_rows};
    let writes: Vec<&render::Item> = items
        .iter()
        .filter(|i| i.operation != DraftOperation::Delete)
        .collect();
    if writes.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<String> = Vec::new();
    let mut push = |key: &ResourceKey, problems: Vec<Problem>| {
        out.extend(problems.into_iter().map(|p| format!("{key}: {p}")));
    };
    for item in &writes {
        push(
            &item.key,
            validate::validate(
                &item.key.kind,
                &item.key.name,
                &item.key.namespace,
                &item.spec,
            ),
        );
    }
    let rows = fabric_rows(db, fabric_id, &admission::CONTEXT_KINDS).await?;
    let by_key: HashMap<ResourceKey, &render::Item> =
        items.iter().map(|i| (i.key.clone(), i)).collect();
    let mut objects = Vec::with_capacity(rows.len() + writes.len());
    let mut checked: Vec<(usize, ResourceKey)> = Vec::new();
    let mut seen: std::collections::HashSet<ResourceKey> = Default::default();
    for row in &rows {
        let key = row.key();
        let spec = match by_key.get(&key) {
            Some(item) if item.operation == DraftOperation::Delete => None,
            Some(item) => {
                if let Some(old) = &row.desired_spec {
                    push(&key, admission::check_update(&key.kind, old, &item.spec));
                }
                checked.push((objects.len(), key.clone()));
                Some(item.spec.clone())
            }
            None => row.desired_spec.clone(),
        };
        seen.insert(key);
        if let Some(spec) = spec {
            objects.push(row.object(spec));
        }
    }
    for item in &writes {
        if seen.contains(&item.key) || !admission::CONTEXT_KINDS.contains(&item.key.kind.as_str()) {
            continue;
        }
        let row = FabricRow {
            kind: item.key.kind.clone(),
            api_version: item.api_version.clone(),
            namespace: item.key.namespace.clone(),
            name: item.key.name.clone(),
            desired_spec: None,
            draft_spec: None,
            draft_operation: None,
            annotations: item.annotations.clone(),
            admission_errors: None,
        };
        checked.push((objects.len(), item.key.clone()));
        objects.push(row.object(item.spec.clone()));
    }
    let problems = admission::check(&objects, &admission::Options::known_fabric(false));
    for (index, key) in checked {
        if admission::COVERED_KINDS.contains(&key.kind.as_str()) {
            push(&key, admission::field_errors(&problems[index]));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Writes the final state of the revert's operation and its report.
async fn finish(
    core: &Core,
    operation: &sync_operation::Model,
    dry_run: bool,
    state: State,
    failure: Option<String>,
    revert: Value,
) -> Result<SyncReport> {
    let mut errors = state.errors.clone();
    errors.extend(state.skipped.iter().map(|s| FileError {
        path: format!("{} {}/{}", s.kind, s.namespace, s.name),
        message: s.reason.clone(),
    }));
    let outcome = Outcome {
        counters: state.counters,
        errors,
        commit: if state.pushed {
            state.commit.clone()
        } else {
            None
        },
        message: state.message.clone(),
        failure,
        details: Some(json!({
            "revert": revert,
            "auto_merged": [],
            "conflicts": state.conflicts,
            "skipped": state.skipped,
            "warnings": [],
            "files": state.files,
            "attempts": state.attempts,
            "pushed": state.pushed,
            "commit": state.commit,
            "pull_request_url": state.pull_request_url,
        })),
    };
    let txn = crate::db::begin_write(&core.db).await?;
    let finished = operations::finish(&txn, &operation.id, &outcome).await?;
    let finished = if state.pull_request_url.is_some() {
        let mut active: sync_operation::ActiveModel = finished.into();
        active.pull_request_url = Set(state.pull_request_url.clone());
        active.update(&txn).await?
    } else {
        finished
    };
    txn.commit().await?;
    let mut errors = outcome.errors.clone();
    if let Some(failure) = &outcome.failure {
        errors.push(FileError {
            path: String::new(),
            message: failure.clone(),
        });
    }
    Ok(SyncReport {
        operation_id: finished.id,
        direction: OperationDirection::GuiToGit,
        status: finished.status,
        counters: outcome.counters,
        errors,
        head: Some(state.head),
        commit: state.commit,
        dry_run,
        pushed: state.pushed,
        attempts: state.attempts,
        auto_merged: Vec::new(),
        conflicts: state.conflicts,
        skipped: state.skipped,
        warnings: Vec::new(),
        files: state.files,
        message: outcome.message.or(outcome.failure),
        timings_ms: Vec::new(),
        pull_request_url: state.pull_request_url,
        impact: None,
        revert: Some(revert),
    })
}
