//! Pull-request mode of write-back (`write_mode: pull_request`, GitHub repositories).
//!
//! The commit rendered on the fabric's branch head is not pushed there: it goes to
//! `hnp/sync-<operation-id>` and a pull request is opened against the fabric's branch, titled
//! like the commit and listing every changed resource and the operation id. Its drafts become
//! `pending`. While that pull request is open, a later write-back renders all drafts again (the
//! proposed ones and any new ones) and adds the result as one new commit on the same pull
//! request branch (with the fabric's branch as a second parent when it moved), then updates
//! title and body; no second pull request is opened. A job retried after a crash finds its
//! branch and pull request by name and continues them.

use std::collections::HashMap;

use hnp_entity::enums::DraftOperation;
use hnp_entity::{fabric, git_repository};

use crate::context::Core;
use crate::error::Result;
use crate::git::{GitError, RemoteSpec, Signature};
use crate::github::{self, Client, pulls};
use crate::sync::ingest::parse::ResourceKey;

/// What was proposed.
pub(super) struct Proposed {
    pub pull_request: pulls::PullRequest,
    /// The commit pushed to the pull request branch (`None`: the branch already had it).
    pub commit: Option<String>,
    /// An existing pull request was updated rather than opened.
    pub updated: bool,
}

/// Everything [`propose`] needs from the run.
pub(super) struct Proposal<'a> {
    pub fabric: &'a fabric::Model,
    pub repo: &'a git_repository::Model,
    pub spec: &'a RemoteSpec,
    /// The fabric's branch (the pull request's base).
    pub base_branch: &'a str,
    /// Its head, on which `commit` was rendered.
    pub head: &'a str,
    pub commit: &'a str,
    pub message: &'a str,
    pub author: &'a Signature,
    pub written: &'a [(i32, DraftOperation, String)],
    pub keys: &'a HashMap<i32, ResourceKey>,
    pub operation_id: &'a str,
    pub user: &'a str,
    /// What the proposed drafts touch: an "Impact" section of the body.
    pub impact: Option<&'a crate::queries::topology::ImpactSummary>,
}

/// The open pull request of this fabric (recorded on it, or found by this operation's branch
/// name after a crash), if any.
async fn open_pull_request(
    core: &Core,
    client: &Client,
    p: &Proposal<'_>,
) -> Result<Option<pulls::PullRequest>> {
    if let Some(number) = p.fabric.pull_request_number {
        let pr = pulls::get(client, i64::from(number)).await?;
        if pr.is_open() && pr.base_ref == p.base_branch {
            return Ok(Some(pr));
        }
        // Closed meanwhile (or retargeted): forget it; its drafts are proposed again below.
        pulls::record_on_fabric(core, p.fabric.id, None).await?;
    }
    pulls::find_open(client, &pulls::branch_for(p.operation_id), p.base_branch).await
}

pub(super) async fn propose(core: &Core, p: Proposal<'_>) -> Result<Proposed> {
    let client = Client::for_repository(core, p.repo)?;
    github::repository_info(&client)
        .await?
        .require_push(&client)?;
    let existing = open_pull_request(core, &client, &p).await?;
    let branch = existing
        .as_ref()
        .map(|pr| pr.head_ref.clone())
        .unwrap_or_else(|| pulls::branch_for(p.operation_id));

    // The pull request branch: continue it when it exists, else start it at our commit.
    let (git, spec, branch_c, head, commit, author, message) = (
        core.git.clone(),
        p.spec.clone(),
        branch.clone(),
        p.head.to_owned(),
        p.commit.to_owned(),
        p.author.clone(),
        p.message.to_owned(),
    );
    let pushed = tokio::task::spawn_blocking(move || -> std::result::Result<_, GitError> {
        let cache = git.open(&spec.url)?;
        let to_push = match cache.fetch_branch(&spec, &branch_c) {
            Ok(branch_head) => {
                cache.commit_tree_on(&branch_head, &head, &commit, &author, &message)?
            }
            Err(GitError::BranchNotFound { .. }) => Some(commit),
            Err(e) => return Err(e),
        };
        if let Some(to_push) = &to_push {
            cache.push(&spec, to_push, &branch_c)?;
        }
        Ok(to_push)
    })
    .await
    .map_err(|e| crate::Error::Io(format!("git task failed: {e}")))??;

    let changes: Vec<pulls::Change> = p
        .written
        .iter()
        .filter_map(|(id, operation, _)| {
            p.keys.get(id).map(|key| pulls::Change {
                operation: *operation,
                kind: key.kind.clone(),
                namespace: key.namespace.clone(),
                name: key.name.clone(),
            })
        })
        .collect();
    let summary = p
        .message
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("HNP: ")
        .to_owned();
    let (title, mut body) =
        pulls::title_and_body(&p.fabric.name, &summary, &changes, p.operation_id, p.user);
    if let Some(impact) = p.impact {
        body.push_str(&super::impact::section(impact));
    }
    let (pull_request, updated) = match existing {
        Some(pr) => (
            pulls::update(&client, pr.number, &title, &body).await?,
            true,
        ),
        None => (
            pulls::create(&client, &branch, p.base_branch, &title, &body).await?,
            false,
        ),
    };
    pulls::record_on_fabric(core, p.fabric.id, Some(&pull_request)).await?;
    let ids: Vec<i32> = p.written.iter().map(|(id, _, _)| *id).collect();
    pulls::mark_pending(core, &ids).await?;
    Ok(Proposed {
        pull_request,
        commit: pushed,
        updated,
    })
}
