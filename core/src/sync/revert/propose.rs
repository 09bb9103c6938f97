//! Pull-request mode of a revert: the revert's commit goes to its own branch,
//! `hnp/revert-<12 digits of the reverted commit>`, with a pull request into the fabric's
//! branch. The branch is named after what is reverted, not after the operation: reverting the
//! same thing again while that pull request is open finds it, and adds a commit only when the
//! revert's result changed (the fabric's branch moved). The fabric's own write-back pull
//! request (recorded on the fabric) is neither touched nor replaced.

use hnp_entity::{fabric, git_repository};

use crate::context::Core;
use crate::error::Result;
use crate::git::{GitError, RemoteSpec, Signature};
use crate::github::{self, Client, pulls};

/// Branch prefix of revert pull requests.
pub const BRANCH_PREFIX: &str = "hnp/revert-";

/// What was proposed.
pub(super) struct Proposed {
    pub pull_request: pulls::PullRequest,
    /// The commit pushed to the branch (`None`: the branch already had this result).
    pub commit: Option<String>,
    /// The pull request existed (open) before.
    pub updated: bool,
}

/// Everything [`propose`] needs.
pub(super) struct Proposal<'a> {
    pub fabric: &'a fabric::Model,
    pub repo: &'a git_repository::Model,
    pub spec: &'a RemoteSpec,
    pub base_branch: &'a str,
    /// The fabric's branch head the commit was built on.
    pub head: &'a str,
    pub commit: &'a str,
    pub message: &'a str,
    pub author: &'a Signature,
    /// The reverted commit, and the operation that made it.
    pub reverted: &'a str,
    pub reverted_op: Option<&'a str>,
    pub subject: &'a str,
    pub changes: &'a [pulls::Change],
    pub operation_id: &'a str,
    pub user: &'a str,
}

pub(super) async fn propose(core: &Core, p: Proposal<'_>) -> Result<Proposed> {
    let client = Client::for_repository(core, p.repo)?;
    github::repository_info(&client)
        .await?
        .require_push(&client)?;
    let branch = format!("{BRANCH_PREFIX}{}", &p.reverted[..p.reverted.len().min(12)]);
    let existing = pulls::find_open(&client, &branch, p.base_branch).await?;
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

    let (title, body) = title_and_body(&p);
    let (pull_request, updated) = match existing {
        Some(pr) if pushed.is_none() => (pr, true),
        Some(pr) => (
            pulls::update(&client, pr.number, &title, &body).await?,
            true,
        ),
        None => (
            pulls::create(&client, &branch, p.base_branch, &title, &body).await?,
            false,
        ),
    };
    Ok(Proposed {
        pull_request,
        commit: pushed,
        updated,
    })
}

fn title_and_body(p: &Proposal<'_>) -> (String, String) {
    let subject = p.subject.replace('"', "'");
    let title = format!("Revert \"{subject}\" ({})", p.fabric.name);
    let mut body = format!(
        "Reverts commit {}{} in fabric `{}`, field by field.\n\n| change | kind | name |\n|---|---|---|\n",
        p.reverted,
        p.reverted_op
            .map(|op| format!(" (HNP operation `{op}`)"))
            .unwrap_or_default(),
        p.fabric.name
    );
    for change in p.changes {
        let verb = match change.operation {
            hnp_entity::enums::DraftOperation::Create => "restored",
            hnp_entity::enums::DraftOperation::Update => "updated",
            hnp_entity::enums::DraftOperation::Delete => "deleted",
        };
        let name = if change.namespace == "default" {
            change.name.clone()
        } else {
            format!("{}/{}", change.namespace, change.name)
        };
        body.push_str(&format!("| {verb} | {} | {name} |\n", change.kind));
    }
    body.push_str(&format!(
        "\nOperation: `{}`\nRequested by: {}\n",
        p.operation_id,
        p.user.replace(['\n', '\r', '|'], " ")
    ));
    (title, body)
}
