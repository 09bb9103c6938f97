//! Pull requests of pull-request write-back mode: find, open, update, read state; and what
//! happens to a fabric's proposed drafts when its pull request is closed.
//!
//! While a pull request is open its drafts are `pending` (proposed) and stay drafts in the
//! database. A merge brings the change into the fabric's branch: the next ingestion sees Git
//! matching the drafts and settles them (committed). A pull request closed without merging puts
//! the drafts back to `draft` with a note ([`closed_unmerged`]).

use chrono::Utc;
use hnp_entity::enums::{DraftOperation, ResourceState};
use hnp_entity::{fabric, resource};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use serde_json::{Value, json};

use super::Client;
use crate::audit::{self, Actor};
use crate::context::Core;
use crate::error::{Error, Result};
use crate::notify::Event;

/// Branch prefix of write-back pull requests: `hnp/sync-<operation-id>`.
pub const BRANCH_PREFIX: &str = "hnp/sync-";

/// The head branch of the pull request of an operation.
pub fn branch_for(operation_id: &str) -> String {
    format!("{BRANCH_PREFIX}{operation_id}")
}

/// What we use of a pull request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PullRequest {
    pub number: i64,
    pub html_url: String,
    /// `open` or `closed`.
    pub state: String,
    pub merged: bool,
    pub head_ref: String,
    pub base_ref: String,
    pub title: String,
    pub body: String,
}

impl PullRequest {
    pub fn is_open(&self) -> bool {
        self.state == "open"
    }

    fn from_json(value: &Value) -> Result<PullRequest> {
        let text = |path: &[&str]| {
            let mut v = value;
            for p in path {
                v = v.get(p).unwrap_or(&Value::Null);
            }
            v.as_str().unwrap_or_default().to_owned()
        };
        let number = value
            .get("number")
            .and_then(Value::as_i64)
            .ok_or_else(|| Error::GitHub {
                status: None,
                message: "pull request response without a number".into(),
            })?;
        let merged = value
            .get("merged")
            .and_then(Value::as_bool)
            .unwrap_or(false)
            || value.get("merged_at").is_some_and(|v| !v.is_null());
        Ok(PullRequest {
            number,
            html_url: text(&["html_url"]),
            state: text(&["state"]),
            merged,
            head_ref: text(&["head", "ref"]),
            base_ref: text(&["base", "ref"]),
            title: text(&["title"]),
            body: text(&["body"]),
        })
    }
}

/// `GET /repos/{o}/{r}/pulls/{number}`.
pub async fn get(client: &Client, number: i64) -> Result<PullRequest> {
    let response = client
        .request(
            http::Method::GET,
            &client.repo_route(&format!("/pulls/{number}")),
            None,
        )
        .await?;
    if response.status != 200 {
        return Err(client.error(&format!("reading pull request #{number}"), &response));
    }
    PullRequest::from_json(&response.body)
}

/// The open pull request whose head is `branch` (in the same repository) and base `base`.
pub async fn find_open(client: &Client, branch: &str, base: &str) -> Result<Option<PullRequest>> {
    let route = client.repo_route(&format!(
        "/pulls?state=open&head={}:{}&base={}",
        super::encode_path(&client.path.owner),
        super::encode_path(branch),
        super::encode_path(base)
    ));
    let response = client.request(http::Method::GET, &route, None).await?;
    if response.status != 200 {
        return Err(client.error("listing pull requests", &response));
    }
    let items = response.body.as_array().cloned().unwrap_or_default();
    for item in &items {
        let pr = PullRequest::from_json(item)?;
        if pr.head_ref == branch && pr.base_ref == base && pr.is_open() {
            return Ok(Some(pr));
        }
    }
    Ok(None)
}

/// `POST /repos/{o}/{r}/pulls`.
pub async fn create(
    client: &Client,
    head: &str,
    base: &str,
    title: &str,
    body: &str,
) -> Result<PullRequest> {
    let payload = json!({ "title": title, "head": head, "base": base, "body": body });
    let response = client
        .request(
            http::Method::POST,
            &client.repo_route("/pulls"),
            Some(&payload),
        )
        .await?;
    if response.status != 201 {
        return Err(client.error(
            &format!("opening a pull request from {head} into {base}"),
            &response,
        ));
    }
    PullRequest::from_json(&response.body)
}

/// `PATCH /repos/{o}/{r}/pulls/{number}`: new title and body.
pub async fn update(client: &Client, number: i64, title: &str, body: &str) -> Result<PullRequest> {
    let payload = json!({ "title": title, "body": body });
    let response = client
        .request(
            http::Method::PATCH,
            &client.repo_route(&format!("/pulls/{number}")),
            Some(&payload),
        )
        .await?;
    if response.status != 200 {
        return Err(client.error(&format!("updating pull request #{number}"), &response));
    }
    PullRequest::from_json(&response.body)
}

/// One changed resource of a pull request.
#[derive(Debug, Clone)]
pub struct Change {
    pub operation: DraftOperation,
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

/// Title and body of a write-back pull request: every changed resource (kind/name and
/// created/updated/deleted) and the operation id.
pub fn title_and_body(
    fabric: &str,
    summary: &str,
    changes: &[Change],
    operation_id: &str,
    user: &str,
) -> (String, String) {
    let title = format!("HNP: {summary} ({fabric})");
    let mut body = format!(
        "Changes proposed by HNP Sync for fabric `{fabric}`.\n\n| change | kind | name |\n|---|---|---|\n"
    );
    for change in changes {
        let verb = match change.operation {
            DraftOperation::Create => "created",
            DraftOperation::Update => "updated",
            DraftOperation::Delete => "deleted",
        };
        let name = if change.namespace == "default" {
            change.name.clone()
        } else {
            format!("{}/{}", change.namespace, change.name)
        };
        body.push_str(&format!("| {verb} | {} | {name} |\n", change.kind));
    }
    body.push_str(&format!(
        "\nOperation: `{operation_id}`\nRequested by: {}\n\nMerging applies these changes; closing without merging returns them to drafts.\n",
        user.replace(['\n', '\r', '|'], " ")
    ));
    (title, body)
}

/// Marks the given resources' drafts as proposed in a pull request (`pending`).
pub async fn mark_pending(core: &Core, resource_ids: &[i32]) -> Result<()> {
    if resource_ids.is_empty() {
        return Ok(());
    }
    resource::Entity::update_many()
        .col_expr(
            resource::Column::ResourceState,
            sea_orm::sea_query::Expr::value(ResourceState::Pending.as_str()),
        )
        .col_expr(
            resource::Column::DraftNote,
            sea_orm::sea_query::Expr::value(Option::<String>::None),
        )
        .filter(resource::Column::Id.is_in(resource_ids.iter().copied()))
        .filter(resource::Column::DraftOperation.is_not_null())
        .exec(&core.db)
        .await?;
    Ok(())
}

/// Records the open pull request on the fabric (or clears it with `None`); a pull request
/// the fabric did not have yet raises `pull_request_opened`.
pub async fn record_on_fabric(core: &Core, fabric_id: i32, pr: Option<&PullRequest>) -> Result<()> {
    let txn = crate::db::begin_write(&core.db).await?;
    set_on_fabric(&txn, fabric_id, pr).await?;
    txn.commit().await?;
    Ok(())
}

async fn set_on_fabric(
    db: &impl sea_orm::ConnectionTrait,
    fabric_id: i32,
    pr: Option<&PullRequest>,
) -> Result<()> {
    let Some(current) = fabric::Entity::find_by_id(fabric_id).one(db).await? else {
        return Ok(());
    };
    let opened = pr.filter(|p| current.pull_request_number != Some(p.number as i32));
    let mut active: fabric::ActiveModel = current.into();
    active.pull_request_number = Set(pr.map(|p| p.number as i32));
    active.pull_request_url = Set(pr.map(|p| p.html_url.clone()));
    active.pull_request_branch = Set(pr.map(|p| p.head_ref.clone()));
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    if let Some(p) = opened {
        notify_pull_request(
            db,
            fabric_id,
            Event::PullRequestOpened,
            p.number,
            &p.html_url,
        )
        .await?;
    }
    Ok(())
}

/// Records a pull request notification (deduplicated per fabric, event and number).
async fn notify_pull_request(
    db: &impl sea_orm::ConnectionTrait,
    fabric_id: i32,
    event: Event,
    number: i64,
    url: &str,
) -> Result<()> {
    crate::notify::record(
        db,
        fabric_id,
        event,
        &format!("{}:{fabric_id}:{number}", event.name()),
        json!({"number": number, "url": url}),
    )
    .await
}

/// The pull request of `fabric` was merged: the fabric forgets it (the ingestion of its branch
/// settles the drafts) and `pull_request_merged` is raised.
pub async fn merged(core: &Core, fabric: &fabric::Model, number: i64, url: &str) -> Result<()> {
    let txn = crate::db::begin_write(&core.db).await?;
    set_on_fabric(&txn, fabric.id, None).await?;
    notify_pull_request(&txn, fabric.id, Event::PullRequestMerged, number, url).await?;
    txn.commit().await?;
    Ok(())
}

/// The pull request of `fabric` was closed without merging: its pending drafts become drafts
/// again with a note, the fabric forgets the pull request, and an audit event says so. Returns
/// how many drafts were restored.
pub async fn closed_unmerged(
    core: &Core,
    fabric: &fabric::Model,
    number: i64,
    url: &str,
) -> Result<u32> {
    let note = format!(
        "pull request #{number} ({url}) was closed without merging; the change is a draft again"
    );
    let pending = resource::Entity::find()
        .filter(resource::Column::FabricId.eq(fabric.id))
        .filter(resource::Column::ResourceState.eq(ResourceState::Pending))
        .filter(resource::Column::DraftOperation.is_not_null())
        .all(&core.db)
        .await?;
    let restored = pending.len() as u32;
    let txn = crate::db::begin_write(&core.db).await?;
    for row in pending {
        let mut active: resource::ActiveModel = row.into();
        active.resource_state = Set(ResourceState::Draft);
        active.draft_note = Set(Some(note.clone()));
        active.updated_at = Set(Utc::now());
        active.update(&txn).await?;
    }
    set_on_fabric(&txn, fabric.id, None).await?;
    notify_pull_request(&txn, fabric.id, Event::PullRequestClosed, number, url).await?;
    audit::record(
        &txn,
        &Actor::system("github"),
        audit::Entry {
            action: "sync.pull_request_closed".into(),
            target_type: "fabric".into(),
            target_id: Some(fabric.id.to_string()),
            fabric_id: Some(fabric.id),
            summary: Some(format!(
                "pull request #{number} closed without merging: {restored} draft(s) restored"
            )),
            after: Some(json!({ "pull_request": url, "restored": restored })),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(restored)
}

/// What [`handle_closed`] did for one fabric.
#[derive(Debug, Clone, Serialize)]
pub struct ClosedOutcome {
    pub fabric_id: i32,
    pub merged: bool,
    pub restored: u32,
}

/// A closed pull request as a `pull_request` webhook reports it.
#[derive(Debug, Clone)]
pub struct ClosedPullRequest<'a> {
    pub number: i64,
    pub head_ref: &'a str,
    /// `owner/name` of the repository holding the head branch (`pull_request.head.repo`).
    pub head_repository: Option<&'a str>,
    /// `owner/name` of the base repository (the payload's `repository`).
    pub repository: Option<&'a str>,
    pub url: &'a str,
    pub merged: bool,
}

impl ClosedPullRequest<'_> {
    /// Write-back pull requests are opened from a branch of the repository itself: a pull
    /// request from a fork (or whose head repository is gone) is never one of ours, whatever
    /// its branch is called.
    fn opened_in_the_repository(&self) -> bool {
        matches!(
            (self.head_repository, self.repository),
            (Some(head), Some(base)) if head.eq_ignore_ascii_case(base)
        )
    }
}

/// A `pull_request` `closed` event (webhook) on repository `repository_id`: the fabrics whose
/// open pull request has this number and head branch, opened from the repository itself,
/// handle it — unmerged → drafts restored; merged → the fabric forgets the pull request (the
/// ingestion of its branch, which the caller triggers, settles the drafts).
pub async fn handle_closed(
    core: &Core,
    repository_id: i32,
    pr: &ClosedPullRequest<'_>,
) -> Result<Vec<ClosedOutcome>> {
    if !pr.opened_in_the_repository() {
        return Ok(Vec::new());
    }
    let Ok(number) = i32::try_from(pr.number) else {
        return Ok(Vec::new());
    };
    let fabrics = fabric::Entity::find()
        .filter(fabric::Column::GitRepositoryId.eq(repository_id))
        .filter(fabric::Column::PullRequestNumber.eq(number))
        .filter(fabric::Column::PullRequestBranch.eq(pr.head_ref))
        .all(&core.db)
        .await?;
    let mut out = Vec::new();
    for fabric in fabrics {
        let restored = if pr.merged {
            merged(core, &fabric, pr.number, pr.url).await?;
            0
        } else {
            closed_unmerged(core, &fabric, pr.number, pr.url).await?
        };
        out.push(ClosedOutcome {
            fabric_id: fabric.id,
            merged: pr.merged,
            restored,
        });
    }
    Ok(out)
}

/// Detection's check of a fabric's open pull request: when GitHub says it was closed, handle it
/// as the webhook would. Returns `Some(merged)` when it was closed.
pub async fn check_open(core: &Core, fabric: &fabric::Model) -> Result<Option<bool>> {
    let Some(number) = fabric.pull_request_number else {
        return Ok(None);
    };
    let repo = crate::repositories::fabric_repository(core, fabric).await?;
    let client = Client::for_repository(core, &repo)?;
    let pr = get(&client, i64::from(number)).await?;
    if pr.is_open() {
        return Ok(None);
    }
    if pr.merged {
        merged(core, fabric, pr.number, &pr.html_url).await?;
    } else {
        closed_unmerged(core, fabric, pr.number, &pr.html_url).await?;
    }
    Ok(Some(pr.merged))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_lists_every_change_and_the_operation() {
        let changes = vec![
            Change {
                operation: DraftOperation::Create,
                kind: "VPC".into(),
                namespace: "default".into(),
                name: "vpc-1".into(),
            },
            Change {
                operation: DraftOperation::Delete,
                kind: "Switch".into(),
                namespace: "lab".into(),
                name: "leaf-1".into(),
            },
        ];
        let (title, body) = title_and_body(
            "dc1",
            "create 1 VPC, delete 1 Switch",
            &changes,
            "op-9",
            "alice",
        );
        assert_eq!(title, "HNP: create 1 VPC, delete 1 Switch (dc1)");
        assert!(body.contains("| created | VPC | vpc-1 |"), "{body}");
        assert!(body.contains("| deleted | Switch | lab/leaf-1 |"), "{body}");
        assert!(body.contains("Operation: `op-9`"), "{body}");
        assert_eq!(branch_for("op-9"), "hnp/sync-op-9");
    }
}
